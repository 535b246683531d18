// The abstract syntax tree.
//
// Produced by the parser (compiler/parse*.cpp), annotated in place by the
// type checker (compiler/check*.cpp), consumed by the code generator
// (compiler/codegen*.cpp). The shape follows Go's go/ast closely so that a
// reader can hold the two side by side.
//
// Ownership: nodes are made with make<T> (compiler/arena.h) and never freed
// one by one: they live as long as the process, or a REPL input's as long
// as its arena.
//
// Annotations. Fields in the "set by checker" blocks are null/default after
// parsing. After a successful check:
//   - every Expr has `tv.mode` != Invalid and, unless mode is NoValue,
//     TypeExpr-less values have `tv.type` set;
//   - untyped constant expressions have been given their final type (the
//     type required by their context, or their default type), like
//     go/types records them. The one exception is the untyped `nil`, whose
//     type stays Typ[UntypedNil]; codegen converts nil to the target type;
//   - every Ident that names something has `obj` set (uses and defs);
//   - constant expressions have `tv.value` set (exact value);
//   - Selector, Call and others carry the resolution codegen needs (below).
// Implicit conversions (value -> interface, untyped -> typed, channel
// direction) are NOT rewritten into the tree: codegen converts a value of
// static type S to the target type T wherever Go's assignability applies
// (assignment, call argument, return, composite literal element, send,
// map index, comparison with an interface...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/source.h"
#include "compiler/token.h"

namespace csp::types {
struct Type;
struct Object;
struct Var;
struct Func;
struct Label;
struct Scope;
struct Selection;
class ConstValue;
}  // namespace csp::types

namespace csp::ast {

// ---------------------------------------------------------------------------
// Checker annotations shared by all expressions.

enum class Mode : uint8_t {
  Invalid,   // not checked, or an error
  NoValue,   // a call of a function without results
  Builtin,   // a builtin function name (len, append, ...), only as a callee
  TypeExpr,  // the expression denotes a type
  Constant,  // a compile-time constant; tv.value holds it
  Variable,  // addressable (a variable, *p, s[i], a.f of addressable a)
  MapIndex,  // m[k]: assignable but not addressable
  Value,     // any other value
  CommaOk,   // a value that may be used in a 2-value context:
             // m[k], x.(T), <-ch (the type is that of the single value)
  Package,   // a package name, only as the left of a selector
};

struct TypeAndValue {
  Mode mode = Mode::Invalid;
  types::Type* type = nullptr;
  const types::ConstValue* value = nullptr;  // when mode == Constant
};

// ---------------------------------------------------------------------------
// Expressions

enum class ExprKind : uint8_t {
  Bad,
  Ident,
  BasicLit,
  CompositeLit,
  FuncLit,
  Paren,
  Selector,
  Index,
  Slice,
  TypeAssert,
  Call,
  Star,      // *x: dereference, or pointer type
  Unary,     // + - ! ^ & <-
  Binary,
  KeyValue,  // only inside composite literals
  // Type expressions
  ArrayType,  // [N]T, [...]T, []T (len == nullptr means slice)
  StructType,
  FuncType,
  InterfaceType,
  MapType,
  ChanType,
  Ellipsis,  // ...T in a parameter list, or [...] array length
};

struct Expr {
  ExprKind kind;
  Pos pos;          // the position Go would report for this expression
  TypeAndValue tv;  // set by checker
  explicit Expr(ExprKind k, Pos p) : kind(k), pos(p) {}
};

struct BadExpr : Expr {
  explicit BadExpr(Pos p) : Expr(ExprKind::Bad, p) {}
};

struct Ident : Expr {
  std::string name;
  types::Object* obj = nullptr;  // set by checker: what it names (def or use)
  Ident(Pos p, std::string n) : Expr(ExprKind::Ident, p), name(std::move(n)) {}
};

// An integer, float, imaginary, rune or string literal, as written.
struct BasicLit : Expr {
  Tok lit_kind;     // Tok::Int, Tok::Float, Tok::Imag, Tok::Char, Tok::String
  std::string raw;  // the literal's source text, quotes included
  BasicLit(Pos p, Tok k, std::string r)
      : Expr(ExprKind::BasicLit, p), lit_kind(k), raw(std::move(r)) {}
};

// T{...}. `type` is null for elided types inside an outer composite literal
// (e.g. the inner {1, 2} of []P{{1, 2}}); the checker still sets tv.type.
struct CompositeLit : Expr {
  Expr* type = nullptr;
  std::vector<Expr*> elts;  // elements; KeyValue for keyed ones
  Pos lbrace, rbrace;
  CompositeLit(Pos p) : Expr(ExprKind::CompositeLit, p) {}
};

struct FuncType;
struct BlockStmt;

struct FuncLit : Expr {
  FuncType* type = nullptr;
  BlockStmt* body = nullptr;
  // set by checker: the enclosing function's variables this literal (or a
  // literal nested inside it) refers to, each once, in first-use order.
  std::vector<types::Var*> captures;
  types::Func* func = nullptr;  // set by checker: an anonymous Func object
  FuncLit(Pos p) : Expr(ExprKind::FuncLit, p) {}
};

struct ParenExpr : Expr {
  Expr* x = nullptr;
  ParenExpr(Pos p, Expr* e) : Expr(ExprKind::Paren, p), x(e) {}
};

// x.sel. When x is a package name, the checker sets sel->obj to the
// package member and `selection` stays null. Otherwise `selection`
// describes a field, a method value or a method expression.
struct SelectorExpr : Expr {
  Expr* x = nullptr;
  Ident* sel = nullptr;
  types::Selection* selection = nullptr;  // set by checker
  SelectorExpr(Pos p, Expr* e, Ident* s)
      : Expr(ExprKind::Selector, p), x(e), sel(s) {}
};

// x[index]: array, pointer to array, slice, string or map index.
struct IndexExpr : Expr {
  Expr* x = nullptr;
  Expr* index = nullptr;
  Pos lbrack;
  IndexExpr(Pos p, Expr* e, Expr* i) : Expr(ExprKind::Index, p), x(e), index(i) {}
};

// x[low:high] or x[low:high:max]; absent parts are null.
struct SliceExpr : Expr {
  Expr* x = nullptr;
  Expr *low = nullptr, *high = nullptr, *max = nullptr;
  bool slice3 = false;
  Pos lbrack;
  SliceExpr(Pos p) : Expr(ExprKind::Slice, p) {}
};

// x.(T); `type` is null for x.(type) in a type switch guard.
struct TypeAssertExpr : Expr {
  Expr* x = nullptr;
  Expr* type = nullptr;
  TypeAssertExpr(Pos p) : Expr(ExprKind::TypeAssert, p) {}
};

enum class CallKind : uint8_t {
  Unknown,
  Conversion,  // T(x): fun denotes a type
  Builtin,     // len(x), append(s, ...): `builtin` says which
  Regular,     // a function, method or function value call
};

enum class BuiltinId : uint8_t {
  None,
  Append, Cap, Clear, Close, Complex, Copy, Delete, Imag, Len, Make, Max,
  Min, New, Panic, Print, Println, Real, Recover,
};

struct CallExpr : Expr {
  Expr* fun = nullptr;
  std::vector<Expr*> args;
  bool has_ellipsis = false;  // f(xs...)
  Pos lparen, rparen, ellipsis;
  CallKind call_kind = CallKind::Unknown;  // set by checker
  BuiltinId builtin = BuiltinId::None;     // set by checker
  CallExpr(Pos p) : Expr(ExprKind::Call, p) {}
};

// *x: a dereference when x is a value, a pointer type when x is a type.
struct StarExpr : Expr {
  Expr* x = nullptr;
  StarExpr(Pos p, Expr* e) : Expr(ExprKind::Star, p), x(e) {}
};

// op x, for op in + - ! ^ & <- (receive).
struct UnaryExpr : Expr {
  Tok op;
  Expr* x = nullptr;
  UnaryExpr(Pos p, Tok o, Expr* e) : Expr(ExprKind::Unary, p), op(o), x(e) {}
};

struct BinaryExpr : Expr {
  Tok op;  // || && == != < <= > >= + - | ^ * / % << >> & &^
  Expr *x = nullptr, *y = nullptr;
  Pos op_pos;
  BinaryExpr(Pos p, Tok o, Expr* a, Expr* b)
      : Expr(ExprKind::Binary, p), op(o), x(a), y(b) {}
};

struct KeyValueExpr : Expr {
  Expr *key = nullptr, *value = nullptr;
  KeyValueExpr(Pos p, Expr* k, Expr* v)
      : Expr(ExprKind::KeyValue, p), key(k), value(v) {}
};

// [len]elt. len == nullptr: slice type; len is an Ellipsis for [...]T.
struct ArrayType : Expr {
  Expr* len = nullptr;
  Expr* elt = nullptr;
  ArrayType(Pos p) : Expr(ExprKind::ArrayType, p) {}
};

// One field declaration, parameter group, result group or interface
// method: `a, b int`, `*Embedded`, `Method(x int) string`.
struct Field {
  std::vector<Ident*> names;  // empty for embedded fields / unnamed params
  Expr* type = nullptr;       // for interface methods: a FuncType
  BasicLit* tag = nullptr;    // struct tags are parsed and ignored
  Pos pos;
};

struct StructType : Expr {
  std::vector<Field*> fields;
  StructType(Pos p) : Expr(ExprKind::StructType, p) {}
};

struct FuncType : Expr {
  std::vector<Field*> params;
  std::vector<Field*> results;
  FuncType(Pos p) : Expr(ExprKind::FuncType, p) {}
};

// interface { M(); Embedded }: methods have names and a FuncType; embedded
// interfaces have no names.
struct InterfaceType : Expr {
  std::vector<Field*> methods;
  InterfaceType(Pos p) : Expr(ExprKind::InterfaceType, p) {}
};

struct MapType : Expr {
  Expr *key = nullptr, *value = nullptr;
  MapType(Pos p) : Expr(ExprKind::MapType, p) {}
};

enum class ChanDir : uint8_t { Both, Send, Recv };

struct ChanType : Expr {
  ChanDir dir = ChanDir::Both;
  Expr* value = nullptr;
  ChanType(Pos p) : Expr(ExprKind::ChanType, p) {}
};

// ...T (variadic parameter type) or the ... of [...]T.
struct Ellipsis : Expr {
  Expr* elt = nullptr;  // null inside [...]T
  Ellipsis(Pos p) : Expr(ExprKind::Ellipsis, p) {}
};

// ---------------------------------------------------------------------------
// Statements

enum class StmtKind : uint8_t {
  Bad,
  Decl,      // const/var/type inside a function
  Empty,
  Labeled,
  Expr,      // a call or receive used as a statement
  Send,
  IncDec,
  Assign,    // = := += -= ...
  Go,
  Defer,
  Return,
  Branch,    // break continue goto fallthrough
  Block,
  If,
  CaseClause,
  Switch,
  TypeSwitch,
  CommClause,
  Select,
  For,
  Range,
};

struct Stmt {
  StmtKind kind;
  Pos pos;
  explicit Stmt(StmtKind k, Pos p) : kind(k), pos(p) {}
};

struct BadStmt : Stmt {
  explicit BadStmt(Pos p) : Stmt(StmtKind::Bad, p) {}
};

struct GenDecl;
struct DeclStmt : Stmt {
  GenDecl* decl = nullptr;
  DeclStmt(Pos p, GenDecl* d) : Stmt(StmtKind::Decl, p), decl(d) {}
};

struct EmptyStmt : Stmt {
  bool implicit = false;  // a semicolon inserted before } or newline
  explicit EmptyStmt(Pos p) : Stmt(StmtKind::Empty, p) {}
};

struct LabeledStmt : Stmt {
  Ident* label = nullptr;
  Stmt* stmt = nullptr;
  types::Label* obj = nullptr;  // set by checker
  LabeledStmt(Pos p) : Stmt(StmtKind::Labeled, p) {}
};

struct ExprStmt : Stmt {
  Expr* x = nullptr;
  ExprStmt(Pos p, Expr* e) : Stmt(StmtKind::Expr, p), x(e) {}
};

struct SendStmt : Stmt {
  Expr *chan = nullptr, *value = nullptr;
  SendStmt(Pos p) : Stmt(StmtKind::Send, p) {}
};

struct IncDecStmt : Stmt {
  Expr* x = nullptr;
  Tok op;  // Tok::Inc or Tok::Dec
  IncDecStmt(Pos p, Expr* e, Tok o) : Stmt(StmtKind::IncDec, p), x(e), op(o) {}
};

// lhs op rhs, op one of = := += -= *= /= %= &= |= ^= <<= >>= &^=.
// For :=, the checker sets each new variable's Ident::obj (a Var) and
// records in `is_new[i]` whether lhs[i] declares a new variable.
struct AssignStmt : Stmt {
  std::vector<Expr*> lhs;
  Tok op;
  std::vector<Expr*> rhs;
  Pos op_pos;
  std::vector<bool> is_new;  // set by checker, for := only
  AssignStmt(Pos p) : Stmt(StmtKind::Assign, p) {}
};

struct GoStmt : Stmt {
  CallExpr* call = nullptr;
  GoStmt(Pos p) : Stmt(StmtKind::Go, p) {}
};

struct DeferStmt : Stmt {
  CallExpr* call = nullptr;
  DeferStmt(Pos p) : Stmt(StmtKind::Defer, p) {}
};

struct ReturnStmt : Stmt {
  std::vector<Expr*> results;
  ReturnStmt(Pos p) : Stmt(StmtKind::Return, p) {}
};

// break/continue/goto/fallthrough, with an optional label.
struct BranchStmt : Stmt {
  Tok tok;
  Ident* label = nullptr;
  Stmt* target = nullptr;  // set by checker: the For/Range/Switch/
                           // TypeSwitch/Select statement it leaves or
                           // continues (for break/continue)
  BranchStmt(Pos p, Tok t) : Stmt(StmtKind::Branch, p), tok(t) {}
};

struct BlockStmt : Stmt {
  std::vector<Stmt*> list;
  Pos rbrace;
  BlockStmt(Pos p) : Stmt(StmtKind::Block, p) {}
};

struct IfStmt : Stmt {
  Stmt* init = nullptr;
  Expr* cond = nullptr;
  BlockStmt* body = nullptr;
  Stmt* els = nullptr;  // an IfStmt or a BlockStmt
  IfStmt(Pos p) : Stmt(StmtKind::If, p) {}
};

// case x, y: body   (list empty: default). Also used in type switches,
// where the list holds type expressions (or the ident `nil`).
struct CaseClause : Stmt {
  std::vector<Expr*> list;
  std::vector<Stmt*> body;
  bool is_default = false;
  Pos colon;
  // set by checker, type switches with `v := x.(type)` only: the variable
  // implicitly declared in this clause.
  types::Var* implicit = nullptr;
  CaseClause(Pos p) : Stmt(StmtKind::CaseClause, p) {}
};

struct SwitchStmt : Stmt {
  Stmt* init = nullptr;
  Expr* tag = nullptr;  // null: switch { ... } means switch true
  BlockStmt* body = nullptr;  // holds CaseClauses only
  SwitchStmt(Pos p) : Stmt(StmtKind::Switch, p) {}
};

// switch init; v := x.(type) { ... }  `assign` is either an ExprStmt whose
// expression is a TypeAssertExpr with null type, or an AssignStmt (:=) with
// one lhs Ident and such a TypeAssertExpr on the right.
struct TypeSwitchStmt : Stmt {
  Stmt* init = nullptr;
  Stmt* assign = nullptr;
  BlockStmt* body = nullptr;  // holds CaseClauses only
  TypeSwitchStmt(Pos p) : Stmt(StmtKind::TypeSwitch, p) {}
};

// case comm: body in a select; comm null means default. comm is a
// SendStmt, an ExprStmt (<-ch), or an AssignStmt (v := <-ch, v, ok = <-ch).
struct CommClause : Stmt {
  Stmt* comm = nullptr;
  std::vector<Stmt*> body;
  Pos colon;
  CommClause(Pos p) : Stmt(StmtKind::CommClause, p) {}
};

struct SelectStmt : Stmt {
  BlockStmt* body = nullptr;  // holds CommClauses only
  SelectStmt(Pos p) : Stmt(StmtKind::Select, p) {}
};

struct ForStmt : Stmt {
  Stmt* init = nullptr;
  Expr* cond = nullptr;
  Stmt* post = nullptr;
  BlockStmt* body = nullptr;
  ForStmt(Pos p) : Stmt(StmtKind::For, p) {}
};

// for key, value := range x / for key, value = range x / for range x.
// tok is Tok::Define, Tok::Assign, or Tok::Illegal when there is no key.
struct RangeStmt : Stmt {
  Expr *key = nullptr, *value = nullptr;
  Tok tok = Tok::Illegal;
  Expr* x = nullptr;
  BlockStmt* body = nullptr;
  RangeStmt(Pos p) : Stmt(StmtKind::Range, p) {}
};

// ---------------------------------------------------------------------------
// Declarations

enum class DeclKind : uint8_t { Bad, Gen, Func };

struct Decl {
  DeclKind kind;
  Pos pos;
  explicit Decl(DeclKind k, Pos p) : kind(k), pos(p) {}
};

struct BadDecl : Decl {
  explicit BadDecl(Pos p) : Decl(DeclKind::Bad, p) {}
};

enum class SpecKind : uint8_t { Import, Value, Type };

struct Spec {
  SpecKind kind;
  Pos pos;
  explicit Spec(SpecKind k, Pos p) : kind(k), pos(p) {}
};

// import name "path"
struct ImportSpec : Spec {
  Ident* name = nullptr;  // optional local name (or "_" / ".")
  BasicLit* path = nullptr;
  ImportSpec(Pos p) : Spec(SpecKind::Import, p) {}
};

// A const or var spec: names [type] [= values]. In a const group, a spec
// without type and values repeats the previous one's (the parser leaves
// them empty; the checker applies Go's implicit repetition and sets iota).
struct ValueSpec : Spec {
  std::vector<Ident*> names;
  Expr* type = nullptr;
  std::vector<Expr*> values;
  int iota = 0;  // index of the spec in its const group
  ValueSpec(Pos p) : Spec(SpecKind::Value, p) {}
};

// type Name T  or  type Name = T (alias)
struct TypeSpec : Spec {
  Ident* name = nullptr;
  bool alias = false;
  Expr* type = nullptr;
  TypeSpec(Pos p) : Spec(SpecKind::Type, p) {}
};

struct GenDecl : Decl {
  Tok tok;  // Tok::Import, Tok::Const, Tok::Type, Tok::Var
  std::vector<Spec*> specs;
  bool grouped = false;  // written with ( ... )
  GenDecl(Pos p, Tok t) : Decl(DeclKind::Gen, p), tok(t) {}
};

// func (recv) Name(params) results { body }. body is null for a function
// declared without a body (implemented by the runtime: see stdlib/).
struct FuncDecl : Decl {
  Field* recv = nullptr;  // null for plain functions
  Ident* name = nullptr;
  FuncType* type = nullptr;
  BlockStmt* body = nullptr;
  types::Func* func = nullptr;  // set by checker (also name->obj)
  FuncDecl(Pos p) : Decl(DeclKind::Func, p) {}
};

// One source file. `package_name` is "main" when the clause is omitted
// (csp allows leaving it out); so may imports be (a used package name
// resolves to the standard package).
struct File {
  const SourceFile* source = nullptr;
  Ident* package_name = nullptr;  // null when the clause is omitted
  std::vector<ImportSpec*> imports;
  std::vector<Decl*> decls;
  // REPL and script mode: statements at top level are allowed only when the
  // parser is asked for them (parseReplInput); otherwise they are errors.
  std::vector<Stmt*> top_stmts;
};

}  // namespace csp::ast
