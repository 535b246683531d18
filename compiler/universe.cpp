// The universe scope: Go's predeclared types, constants, nil and builtin
// functions (as go/types' universe.go).
#include "compiler/constant.h"
#include "compiler/types.h"

namespace csp::types {

namespace {

Basic* newBasic(int i) {
  static const char* kNames[] = {
      "invalid type", "bool", "int", "int8", "int16", "int32", "int64",
      "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
      "float32", "float64", "complex64", "complex128", "string",
      "Pointer", "untyped bool", "untyped int", "untyped rune",
      "untyped float", "untyped string", "untyped nil",
  };
  return new Basic(static_cast<BasicKind>(i), kNames[i]);
}

constexpr int kNumBasic = static_cast<int>(BasicKind::UntypedNil) + 1;

}  // namespace

Basic* Typ[kNumBasic];

namespace {
struct TypInit {
  TypInit() {
    for (int i = 0; i < kNumBasic; i++) Typ[i] = newBasic(i);
  }
} typ_init;
}  // namespace

Named* ErrorType = nullptr;
Interface* AnyType = nullptr;
Scope* Universe = nullptr;

namespace {

void defType(const char* name, Type* t) {
  auto* tn = new TypeName(name);
  tn->type = t;
  Universe->insert(tn);
}

void defAlias(const char* name, Type* t) {
  auto* tn = new TypeName(name);
  tn->type = t;
  tn->is_alias = true;
  Universe->insert(tn);
}

void defConst(const char* name, Type* t, const ConstValue* v) {
  auto* c = new Const(name);
  c->type = t;
  c->value = v;
  Universe->insert(c);
}

void defErrorType() {
  auto* sig = new Signature();
  sig->params = new Tuple();
  sig->results = new Tuple();
  sig->results->vars.push_back(new Var(""));
  sig->results->vars[0]->type = Typ[static_cast<int>(BasicKind::String)];
  auto* m = new Func("Error");
  m->type = sig;
  auto* iface = new Interface();
  iface->methods.push_back(m);
  iface->all.push_back(m);
  iface->complete = true;
  ErrorType = new Named();
  ErrorType->underlying = iface;
  auto* tn = new TypeName("error");
  tn->type = ErrorType;
  ErrorType->obj = tn;
  Universe->insert(tn);
}

void defBuiltins() {
  using B = ast::BuiltinId;
  static const struct { const char* name; B id; } kBuiltins[] = {
      {"append", B::Append}, {"cap", B::Cap}, {"clear", B::Clear}, {"close", B::Close},
      {"complex", B::Complex}, {"copy", B::Copy}, {"delete", B::Delete}, {"imag", B::Imag},
      {"len", B::Len}, {"make", B::Make}, {"max", B::Max}, {"min", B::Min}, {"new", B::New},
      {"panic", B::Panic}, {"print", B::Print}, {"println", B::Println}, {"real", B::Real},
      {"recover", B::Recover},
  };
  for (const auto& b : kBuiltins) {
    auto* obj = new Builtin(b.name, b.id);
    obj->type = Typ[0];
    Universe->insert(obj);
  }
}

}  // namespace

void initUniverse() {
  if (Universe) return;
  Universe = new Scope(nullptr);
  for (int i = static_cast<int>(BasicKind::Bool); i <= static_cast<int>(BasicKind::String); i++)
    defType(Typ[i]->name, Typ[i]);
  // byte and rune are aliases; go/types keeps their spelling for messages
  // ("constant 256 overflows byte"), so each has its own Basic of the
  // aliased kind (identical() compares Basic types by kind).
  defAlias("byte", new Basic(BasicKind::Uint8, "byte"));
  defAlias("rune", new Basic(BasicKind::Int32, "rune"));
  AnyType = new Interface();
  AnyType->complete = true;
  defAlias("any", AnyType);
  defErrorType();
  Type* ub = Typ[static_cast<int>(BasicKind::UntypedBool)];
  defConst("true", ub, constant::makeBool(true));
  defConst("false", ub, constant::makeBool(false));
  auto* iota = new Const("iota");
  iota->type = Typ[static_cast<int>(BasicKind::UntypedInt)];
  iota->value = constant::makeInt64(0);
  Universe->insert(iota);
  auto* nil = new Nil();
  nil->type = Typ[static_cast<int>(BasicKind::UntypedNil)];
  Universe->insert(nil);
  defBuiltins();
}

// ---------------------------------------------------------------------------
// Scopes.

Object* Scope::lookup(const std::string& name) const {
  auto it = names.find(name);
  return it == names.end() ? nullptr : it->second;
}

Object* Scope::lookupParent(const std::string& name) const {
  for (const Scope* s = this; s; s = s->parent)
    if (Object* o = s->lookup(name)) return o;
  return nullptr;
}

Object* Scope::insert(Object* obj) {
  auto [it, ok] = names.emplace(obj->name, obj);
  return ok ? nullptr : it->second;
}

}  // namespace csp::types
