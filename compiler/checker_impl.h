// The type checker's private interface, shared by check*.cpp and types.cpp.
//
// One Checker checks one package. The model is Go's go/types: package-
// level objects are collected first and type-checked lazily (objDecl), so
// declarations may appear in any order; function bodies are checked after
// all package-level declarations. Expressions are checked into an Operand
// (mode, type, constant value), which is also recorded in the expression's
// `tv`. Untyped operands keep an untyped type until their context decides
// it (convertUntyped / updateExprType), as go/types does.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/arena.h"
#include "compiler/ast.h"
#include "compiler/check.h"
#include "compiler/constant.h"
#include "compiler/source.h"
#include "compiler/types.h"

namespace csp::types {

// go/types' spelling for messages: names of package `rel` unqualified.
std::string typeStringRel(Type* t, const Package* rel);
// lookupFieldOrMethod that also reports an ambiguous selector.
Selection* lookupFieldOrMethodEx(Type* t, const std::string& name, bool* ambiguous);

struct MissingMethod {
  std::string name;
  Func* want = nullptr;
  Func* have = nullptr;
  bool ptr_recv = false;    // exists, but only with a pointer receiver
  bool wrong_type = false;  // exists with another signature
};
// Whether t lacks a method of iface (true: *out says which).
bool findMissingMethod(Type* t, Interface* iface, MissingMethod* out);

}  // namespace csp::types

namespace csp::check {

using namespace csp::types;  // NOLINT: the checker speaks go/types

struct Operand {
  ast::Mode mode = ast::Mode::Invalid;
  Type* type = nullptr;
  const ConstValue* val = nullptr;
  ast::Expr* expr = nullptr;
  ast::BuiltinId builtin = ast::BuiltinId::None;
  bool invalid() const { return mode == ast::Mode::Invalid; }
};

// What a package-level object was declared by.
struct DeclInfo {
  ast::File* file = nullptr;
  Scope* file_scope = nullptr;
  ast::ValueSpec* vspec = nullptr;  // const and var
  ast::Expr* type = nullptr;        // const (after implicit repetition), var
  ast::Expr* init = nullptr;        // const, var with one init per name
  int iota = 0;
  std::vector<Var*> lhs;            // var a, b = f(): all of them
  ast::TypeSpec* tspec = nullptr;
  ast::FuncDecl* fdecl = nullptr;
  std::set<Object*> deps;           // package-level objects it refers to
  int order = 0;                    // declaration order
};

// The function whose body is being checked.
struct FuncCtx {
  Func* func = nullptr;
  Signature* sig = nullptr;
  ast::FuncLit* lit = nullptr;  // when a literal
  FuncCtx* outer = nullptr;
  std::map<std::string, Label*> labels;
  std::vector<Var*> locals;     // for "declared and not used"
};

// A statement that break/continue may refer to.
struct BranchTarget {
  ast::Stmt* stmt;
  std::string label;  // "" when not labelled
  bool is_loop;
};

// Shared by the checkers of all packages of one program.
struct Session {
  Diagnostics* diags = nullptr;
  check::Program* prog = nullptr;
  std::map<std::string, Package*> packages;  // by import path
  std::set<std::string> in_progress;         // import cycle detection
  int next_local_id = 1;
  // REPL inputs (check_repl.cpp): the main package's scope has repl_base
  // (earlier inputs' names) as parent; repl_top lists the statements at the
  // top of the input's function (expression statements there may have a
  // value: they go to prog->repl_shows).
  Scope* repl_base = nullptr;
  std::set<ast::Stmt*>* repl_top = nullptr;
};

class Checker {
 public:
  Checker(Session* s, Package* pkg) : s_(s), pkg_(pkg) {}
  void checkFiles(const std::vector<ast::File*>& files);

  // --- errors (check.cpp)
  void error(Pos pos, const std::string& msg);
  void warning(Pos pos, const std::string& msg);
  std::string typeStr(Type* t) const { return typeStringRel(t, pkg_); }
  std::string operandStr(const Operand& x) const;
  std::string exprStr(ast::Expr* e) const;
  Package* importPackage(const std::string& path, Pos pos, bool report);
  Package* implicitImport(const std::string& name);

  // --- declarations (check_decl.cpp)
  void collectObjects(const std::vector<ast::File*>& files);
  void collectFile(ast::File* f, Scope* file_scope);
  void collectGenDecl(ast::GenDecl* d, ast::File* f, Scope* fs);
  void collectFuncDecl(ast::FuncDecl* d, ast::File* f, Scope* fs);
  void declarePkgObj(ast::Ident* id, Object* obj, DeclInfo* info);
  void objDecl(Object* obj);
  void constDecl(Const* obj, ast::Expr* type, ast::Expr* init, int iota);
  void varDecl(Var* obj, const std::vector<Var*>& lhs, ast::Expr* type,
               ast::Expr* init);
  void typeDecl(TypeName* obj, ast::TypeSpec* spec, bool local);
  void funcDecl(Func* obj, ast::FuncDecl* d);
  void collectMethods(Named* n);
  void replMethods();  // check_repl.cpp: methods of earlier inputs' types
  bool containsByValue(Type* t, Named* n, int depth);
  void declStmt(ast::GenDecl* d);
  void initOrder();
  bool reachesItself(DeclInfo* d, const std::vector<Var*>& own);
  void checkUnusedImports();

  // --- types (check_typexpr.cpp)
  Type* typExpr(ast::Expr* e);
  Type* typExprInternal(ast::Expr* e, Named* def);
  Type* definedType(ast::Expr* e, Named* def);
  Type* identType(ast::Ident* id);
  Type* arrayType(ast::ArrayType* a);
  Struct* structType(ast::StructType* st);
  Interface* interfaceType(ast::InterfaceType* it, Named* def);
  void completeInterface(Interface* it);
  Signature* funcType(ast::FuncType* ft, ast::Field* recv, Scope* scope);
  void collectParams(const std::vector<ast::Field*>& fields, Scope* scope, Tuple* out,
                     bool variadic_ok, bool* variadic);
  int64_t arrayLength(ast::Expr* e);

  // --- expressions (check_expr.cpp)
  void expr(Operand* x, ast::Expr* e);
  void exprWithHint(Operand* x, ast::Expr* e, Type* hint);
  void exprOrType(Operand* x, ast::Expr* e);
  void multiExpr(Operand* x, ast::Expr* e, std::vector<Operand>* out, bool allow_comma_ok);
  void rawExpr(Operand* x, ast::Expr* e, Type* hint, bool allow_generic);
  void exprInternal(Operand* x, ast::Expr* e, Type* hint);
  void record(Operand* x);
  void ident(Operand* x, ast::Ident* e, bool want_type);
  void useVar(Var* v);
  void basicLit(Operand* x, ast::BasicLit* e);
  void compositeLit(Operand* x, ast::CompositeLit* e, Type* hint);
  void structLit(ast::CompositeLit* e, Struct* st, Type* t);
  int64_t indexedElts(const std::vector<ast::Expr*>& elts, Type* elem, int64_t len);
  void mapLit(ast::CompositeLit* e, Map* m);
  void funcLit(Operand* x, ast::FuncLit* e);
  void selector(Operand* x, ast::SelectorExpr* e);
  void pkgSelector(Operand* x, ast::SelectorExpr* e, PkgName* pn);
  void indexExpr(Operand* x, ast::IndexExpr* e);
  bool index(ast::Expr* e, int64_t max, int64_t* val);
  void sliceExpr(Operand* x, ast::SliceExpr* e);
  void typeAssert(Operand* x, ast::TypeAssertExpr* e);
  void starExpr(Operand* x, ast::StarExpr* e);
  void unary(Operand* x, ast::UnaryExpr* e);
  void binary(Operand* x, ast::Expr* e, ast::Expr* lhs, ast::Expr* rhs, Tok op, Pos op_pos);
  void shift(Operand* x, Operand* y, ast::Expr* e, Tok op);
  void comparison(Operand* x, Operand* y, Tok op, ast::Expr* e);
  void matchTypes(Operand* x, Operand* y);
  void overflow(Operand* x, Pos pos);
  bool isValidIndexOperand(Operand* x, const char* what);
  void assertableTo(Type* iface, Type* t, ast::Expr* at, Operand* x);

  // --- untyped values and assignability (check_conv.cpp)
  void convertUntyped(Operand* x, Type* target);
  bool implicitTypeAndValue(Operand* x, Type* target, Type** out_type,
                            const ConstValue** out_val, int* code);
  void updateExprType(ast::Expr* e, Type* t, bool final);
  void defaultUntyped(Operand* x);
  bool assignableTo(Operand* x, Type* t, std::string* cause);
  void assignment(Operand* x, Type* t, const std::string& context);
  void conversion(Operand* x, Type* t, ast::CallExpr* call);
  bool convertibleTo(Operand* x, Type* t);
  bool representable(Operand* x, Basic* t, int* code);
  std::string implementsCause(Type* t, Interface* iface);

  // --- calls (check_call.cpp)
  void callExpr(Operand* x, ast::CallExpr* e);
  void arguments(ast::CallExpr* call, Signature* sig, std::vector<Operand>& args,
                 const std::string& name);
  void argList(ast::CallExpr* call, std::vector<Operand>* args);
  void methodExpr(Operand* x, ast::SelectorExpr* e, Type* t);
  bool builtin(Operand* x, ast::CallExpr* call, ast::BuiltinId id);
  bool builtinRest(Operand* x, ast::CallExpr* call, ast::BuiltinId id,
                   std::vector<Operand>& args);
  bool builtinMore(Operand* x, ast::CallExpr* call, ast::BuiltinId id,
                   std::vector<Operand>& args);
  bool minMax(Operand* x, ast::BuiltinId id, std::vector<Operand>& args);
  bool builtinLenCap(Operand* x, ast::BuiltinId id, std::vector<Operand>& args);
  bool builtinAppend(Operand* x, ast::CallExpr* call, std::vector<Operand>& args);
  bool builtinMake(Operand* x, ast::CallExpr* call, std::vector<Operand>& args);

  // --- statements (check_stmt.cpp, check_assign.cpp)
  void funcBody(FuncCtx* ctx, ast::BlockStmt* body, Scope* scope);
  void stmtList(const std::vector<ast::Stmt*>& list);
  void stmt(ast::Stmt* s);
  void simpleStmt(ast::Stmt* s);
  void openScope();
  void closeScope();
  void declareLocal(ast::Ident* id, Object* obj);
  void exprStmt(ast::ExprStmt* s);
  bool replShow(Operand* x, ast::ExprStmt* s);  // check_repl.cpp
  void sendStmt(ast::SendStmt* s);
  void incDec(ast::IncDecStmt* s);
  void assignStmt(ast::AssignStmt* s);
  void assignOp(ast::AssignStmt* s);
  void shortVarDecl(ast::AssignStmt* s);
  void assignVars(const std::vector<ast::Expr*>& lhs, const std::vector<ast::Expr*>& rhs,
                  Pos pos);
  void initVars(const std::vector<Var*>& lhs, const std::vector<ast::Expr*>& rhs,
                Pos pos, const std::string& context);
  Type* lhsVar(ast::Expr* lhs);
  void assignVarOperand(ast::Expr* lhs, Operand* x);
  void assignVarExpr(ast::Expr* lhs, ast::Expr* rhs);
  void comparisonCase(Operand* v, Operand* x, ast::Expr* e);
  void initVar(Var* v, Operand* x, const std::string& context);
  void assignError(const std::vector<ast::Expr*>& rhs, size_t nvars, size_t nvals, Pos pos);
  void returnStmt(ast::ReturnStmt* s);
  void goDefer(ast::CallExpr* call, const char* what);
  void branchStmt(ast::BranchStmt* s);
  void condition(ast::Expr* cond, const char* stmt);
  void ifStmt(ast::IfStmt* s);
  void switchStmt(ast::SwitchStmt* s);
  void typeSwitchStmt(ast::TypeSwitchStmt* s);
  ast::TypeAssertExpr* typeSwitchGuard(ast::TypeSwitchStmt* s, ast::Ident** lhs);
  Type* typeSwitchCase(ast::Expr* e, const Operand& x);
  void selectStmt(ast::SelectStmt* s);
  void forStmt(ast::ForStmt* s);
  void rangeStmt(ast::RangeStmt* s);
  void rangeTypes(Operand* x, ast::RangeStmt* s, Type** key, Type** val);
  void labeledStmt(ast::LabeledStmt* s);
  void checkLabels(FuncCtx* ctx);
  void checkGotos(ast::BlockStmt* body);
  bool isTerminating(ast::Stmt* s, const std::string& label);
  void reportUnused(FuncCtx* ctx);

  // state
  Session* s_;
  Package* pkg_;
  Scope* scope_ = nullptr;
  FuncCtx* fctx_ = nullptr;
  std::vector<BranchTarget> targets_;
  std::map<Object*, DeclInfo*> decls_;
  std::vector<Object*> decl_order_;
  std::map<Object*, int> color_;     // 1 while being declared, 2 done
  std::vector<Func*> method_list_;   // methods, in source order
  std::vector<Func*> init_list_;     // func init()s, in source order
  int stmt_ctx_ = 0;                 // kFallthroughOk | kFinalCase | kInTypeSwitch
  std::string pending_label_;        // label of the statement being checked
  std::vector<ast::BranchStmt*> pending_gotos_;
  std::vector<std::pair<ast::FuncDecl*, Func*>> bodies_;
  std::map<std::string, std::vector<std::pair<ast::FuncDecl*, Func*>>> methods_;
  std::map<Var*, FuncCtx*> var_owner_;
  std::vector<std::pair<Scope*, PkgName*>> imports_;
  std::map<Scope*, ast::File*> file_of_;
  DeclInfo* cur_decl_ = nullptr;     // package-level decl being checked
  const ConstValue* iota_ = nullptr;
  bool lhs_ = false;                 // checking the lhs of an assignment
  bool switch_case_ = false;         // comparison() of a case value
  Scope* file_scope_ = nullptr;
};

// Helpers.
inline Basic* asBasic(Type* t) {
  t = underlying(t);
  return t && t->kind == TypeKind::Basic ? static_cast<Basic*>(t) : nullptr;
}
template <class T>
T* under(Type* t, TypeKind k) {
  t = underlying(t);
  return t && t->kind == k ? static_cast<T*>(t) : nullptr;
}
inline Type* invalidType() { return Typ[0]; }
inline bool isValid(Type* t) { return t && t != Typ[0]; }
inline Basic* basicType(BasicKind k) { return Typ[static_cast<int>(k)]; }
bool isExported(const std::string& name);
void markAddressTaken(ast::Expr* e);
bool isBlankIdent(ast::Expr* e);
ast::Expr* unparen(ast::Expr* e);

}  // namespace csp::check
