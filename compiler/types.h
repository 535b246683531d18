// Types, objects (the things names denote), scopes and constant values.
//
// The model is Go's go/types, trimmed to what csp needs:
//   Type     Basic | Named | Pointer | Array | Slice | Map | Chan | Struct |
//            Signature | Interface | Tuple
//   Object   Var | Const | TypeName | Func | PkgName | Builtin | Nil | Label
// Types are allocated once (make<T>, compiler/arena.h) and live as long as
// the compilation or the REPL input's arena; identical unnamed types may be
// distinct objects: compare with identical(), never with ==, except for
// Named types, which are unique. Basic types are unique per spelling:
// `byte` and `rune` have their own Basic (see Typ below), so compare Basic
// types by their `basic` kind (identical() does).
//
// The checker (compiler/check*.cpp) creates these; codegen only reads them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/ast.h"

namespace csp::types {

// ---------------------------------------------------------------------------
// Constant values: exact, arbitrary precision (implemented in constant.cpp).
// Integers are big integers; floats are exact rationals (so 0.1*3 == 0.3,
// as in Go); strings and bools as themselves.
class ConstValue {
 public:
  enum class Kind : uint8_t { Bool, String, Int, Float };
  virtual ~ConstValue() = default;
  virtual Kind kind() const = 0;

  virtual bool boolVal() const = 0;
  virtual const std::string& stringVal() const = 0;
  // Int (or Float with integral value): exact value when it fits.
  virtual bool fitsInt64() const = 0;
  virtual bool fitsUint64() const = 0;
  virtual int64_t int64Val() const = 0;    // truncating when it does not fit
  virtual uint64_t uint64Val() const = 0;  // two's complement of the value
  // Nearest float64 / float32 (round to nearest even), for Int and Float.
  virtual double float64Val() const = 0;
  virtual float float32Val() const = 0;
  // Go's rendering in error messages, e.g. "300", "1e+100", "\"hi\"".
  virtual std::string str() const = 0;
};

// ---------------------------------------------------------------------------
// Types

enum class TypeKind : uint8_t {
  Basic, Named, Pointer, Array, Slice, Map, Chan, Struct, Signature,
  Interface, Tuple,
};

enum class BasicKind : uint8_t {
  Invalid,
  Bool,
  Int, Int8, Int16, Int32, Int64,
  Uint, Uint8, Uint16, Uint32, Uint64, Uintptr,
  Float32, Float64,
  Complex64, Complex128,  // recognised, rejected by the checker
  String,
  UnsafePointer,
  UntypedBool, UntypedInt, UntypedRune, UntypedFloat, UntypedString,
  UntypedNil,
};

struct Type {
  TypeKind kind;
  explicit Type(TypeKind k) : kind(k) {}
};

struct TypeName;
struct Func;
struct Var;

struct Basic : Type {
  BasicKind basic;
  const char* name;  // "int", "untyped int", "byte" is an alias: see below
  Basic(BasicKind b, const char* n) : Type(TypeKind::Basic), basic(b), name(n) {}
};

// The Basic types, indexed by BasicKind. `byte` and `rune` are aliases of
// uint8 / int32: their objects' types are Basic objects of kind Uint8 /
// Int32 named "byte" / "rune" (so messages say "byte", as Go's do);
// identical() to Typ[Uint8] / Typ[Int32], and typeString() spells them
// "uint8" / "int32", as %T does.
extern Basic* Typ[];

// A defined type: `type Celsius float64`, or a predeclared named type
// (error). Methods are those declared with this type (or *this type) as
// receiver, in declaration order.
struct Named : Type {
  TypeName* obj = nullptr;
  Type* underlying = nullptr;  // never a Named
  std::vector<Func*> methods;
  // Local types (declared inside a function) get a unique suffix for
  // runtime type identity; %T still prints the plain name.
  int local_id = 0;
  Named() : Type(TypeKind::Named) {}
};

struct Pointer : Type {
  Type* elem;
  explicit Pointer(Type* e) : Type(TypeKind::Pointer), elem(e) {}
};

struct Array : Type {
  Type* elem;
  int64_t len;
  Array(Type* e, int64_t n) : Type(TypeKind::Array), elem(e), len(n) {}
};

struct Slice : Type {
  Type* elem;
  explicit Slice(Type* e) : Type(TypeKind::Slice), elem(e) {}
};

struct Map : Type {
  Type *key, *elem;
  Map(Type* k, Type* e) : Type(TypeKind::Map), key(k), elem(e) {}
};

struct Chan : Type {
  ast::ChanDir dir;
  Type* elem;
  Chan(ast::ChanDir d, Type* e) : Type(TypeKind::Chan), dir(d), elem(e) {}
};

// Struct fields are Vars with is_field set; `embedded` for anonymous ones.
struct Struct : Type {
  std::vector<Var*> fields;
  Struct() : Type(TypeKind::Struct) {}
};

struct Tuple : Type {
  std::vector<Var*> vars;
  Tuple() : Type(TypeKind::Tuple) {}
};

// A function or method type. For methods, recv is the receiver variable;
// it is not part of params. A variadic signature's last param has slice
// type []T.
struct Signature : Type {
  Var* recv = nullptr;
  Tuple* params = nullptr;   // never null (may be empty)
  Tuple* results = nullptr;  // never null (may be empty)
  bool variadic = false;
  Signature() : Type(TypeKind::Signature) {}
};

// Interface methods are Funcs with a Signature whose recv is null. `all`
// is the full method set (own and embedded), sorted by name, computed by
// the checker once the interface is complete.
struct Interface : Type {
  std::vector<Func*> methods;      // explicitly declared
  std::vector<Type*> embeddeds;    // embedded interfaces
  std::vector<Func*> all;          // complete method set, sorted by name
  bool complete = false;
  Interface() : Type(TypeKind::Interface) {}
  bool empty() const { return all.empty(); }
};

// Predeclared types that are not Basic.
extern Named* ErrorType;       // type error interface { Error() string }
extern Interface* AnyType;     // interface{}, the type `any` aliases

// Helpers every phase uses.
Type* underlying(Type* t);           // Named -> its underlying, else t
bool identical(Type* a, Type* b);    // Go's type identity
bool isInteger(Type* t);             // of the underlying basic type
bool isUnsigned(Type* t);
bool isFloat(Type* t);
bool isNumeric(Type* t);
bool isString(Type* t);
bool isBoolean(Type* t);
bool isUntyped(Type* t);
bool isInterface(Type* t);
bool isComparable(Type* t);
bool hasNil(Type* t);  // pointer, slice, map, chan, func, interface
Type* defaultType(Type* t);  // untyped int -> int, untyped float -> float64..
// Go's spelling of a type, qualified as %T prints it: "main.Celsius",
// "[]int", "map[string]main.P", "func(int) string", "*main.T",
// "interface {}", "struct { X int }".
std::string typeString(Type* t);

// ---------------------------------------------------------------------------
// Objects

enum class ObjKind : uint8_t {
  Var, Const, TypeName, Func, PkgName, Builtin, Nil, Label,
};

struct Package;

struct Object {
  ObjKind kind;
  std::string name;
  Type* type = nullptr;
  Pos pos;                 // where declared (invalid for predeclared ones)
  Package* pkg = nullptr;  // null for universe objects
  Object(ObjKind k, std::string n) : kind(k), name(std::move(n)) {}
};

// A variable: package-level, local, parameter, result, or struct field.
struct Var : Object {
  bool is_field = false;
  bool embedded = false;      // embedded struct field
  bool is_global = false;     // package-level variable
  bool is_param = false;      // parameter or result (incl. receiver)
  // Set by the checker: the variable must live on the heap (GC memory)
  // rather than in the frame, because a closure captures it (`captured`)
  // or its address is taken: &v, v.m() with a pointer-receiver method on
  // an addressable v, v[:] of an array variable (`address_taken`).
  bool captured = false;
  bool address_taken = false;
  bool used = false;          // for the "declared and not used" warning
  int field_index = -1;       // position among its struct's fields
  void* codegen = nullptr;    // free slot for codegen (e.g. its storage)
  explicit Var(std::string n) : Object(ObjKind::Var, std::move(n)) {}
  bool onHeap() const { return captured || address_taken; }
};

struct Const : Object {
  const ConstValue* value = nullptr;
  explicit Const(std::string n) : Object(ObjKind::Const, std::move(n)) {}
};

struct TypeName : Object {
  bool is_alias = false;
  explicit TypeName(std::string n) : Object(ObjKind::TypeName, std::move(n)) {}
};

// A function or method. type is a Signature. `decl` is null for interface
// methods and for function literals (see `lit`).
struct Func : Object {
  ast::FuncDecl* decl = nullptr;
  ast::FuncLit* lit = nullptr;
  bool is_extern = false;     // declared without a body: runtime-provided
  bool ptr_recv = false;      // method with a pointer receiver
  Type* recv_base = nullptr;  // for methods: the Named receiver base type
  void* codegen = nullptr;    // free slot for codegen
  explicit Func(std::string n) : Object(ObjKind::Func, std::move(n)) {}
  Signature* sig() const { return static_cast<Signature*>(type); }
};

struct PkgName : Object {
  Package* imported = nullptr;
  bool used = false;
  explicit PkgName(std::string n) : Object(ObjKind::PkgName, std::move(n)) {}
};

struct Builtin : Object {
  ast::BuiltinId id;
  Builtin(std::string n, ast::BuiltinId i)
      : Object(ObjKind::Builtin, std::move(n)), id(i) {}
};

struct Nil : Object {
  Nil() : Object(ObjKind::Nil, "nil") {}
};

struct Label : Object {
  ast::LabeledStmt* stmt = nullptr;
  bool used = false;
  explicit Label(std::string n) : Object(ObjKind::Label, std::move(n)) {}
};

// ---------------------------------------------------------------------------
// Scopes and packages

struct Scope {
  Scope* parent = nullptr;
  std::map<std::string, Object*> names;
  bool is_func = false;  // the outermost scope of a function body
  explicit Scope(Scope* p) : parent(p) {}
  Object* lookup(const std::string& name) const;  // this scope only
  Object* lookupParent(const std::string& name) const;  // walks up
  Object* insert(Object* obj);  // returns the existing object on conflict
};

extern Scope* Universe;  // predeclared names: int, len, nil, true, error...
void initUniverse();     // idempotent

// A package: "main" (the program, or the REPL session) or a standard
// package (fmt, errors, strings...), whose declarations come from
// stdlib/<path>.csp, compiled together with the program.
struct Package {
  std::string path;  // "main", "fmt", "math/rand"
  std::string name;  // "main", "fmt", "rand"
  Scope* scope = nullptr;
  std::vector<ast::File*> files;
  bool is_std = false;
};

// ---------------------------------------------------------------------------
// Selections: what x.f denotes when x is not a package name.

enum class SelectionKind : uint8_t {
  FieldVal,    // x.f is a struct field
  MethodVal,   // x.m is a method (called, or a bound method value)
  MethodExpr,  // T.m or (*T).m: a function taking the receiver first
};

struct Selection {
  SelectionKind kind;
  Type* recv = nullptr;  // the type of x
  Object* obj = nullptr; // the Var (field) or Func (method)
  // The path of field indices from x's (dereferenced) struct to the field
  // or to the embedded field whose type declares the method. The last
  // entry is the field itself for FieldVal; for methods the path leads to
  // the embedded value holding the method (empty for a direct method).
  std::vector<int> index;
  // Whether any pointer is dereferenced along the path (including x itself
  // being a pointer).
  bool indirect = false;
};

// Method lookup as in Go (depth-first by embedding level, ambiguity
// detection); used by checker and codegen alike. Returns null when absent.
// For interfaces, index is empty and obj is the interface method.
Selection* lookupFieldOrMethod(Type* t, bool addressable,
                               const std::string& name);

// Whether type t implements interface iface; when not, `missing` gets the
// name of a missing method and `wrong_recv` tells that it exists only with
// a pointer receiver (Go's "method has pointer receiver").
bool implements(Type* t, Interface* iface, std::string* missing = nullptr,
                bool* wrong_recv = nullptr);

// The method set of t, sorted by name, with the selection path of each
// method: for a Named T, the value-receiver methods (and promoted ones);
// for *T, all. Used by codegen to build type descriptors and itabs.
std::vector<Selection*> methodSet(Type* t);

}  // namespace csp::types
