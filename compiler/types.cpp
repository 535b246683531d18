// Types: identity, predicates, spelling, field and method lookup, method
// sets and interface satisfaction (see types.h). As Go's go/types
// (predicates.go, typestring.go, lookup.go, methodset.go).
#include <algorithm>
#include <functional>
#include <set>

#include "compiler/checker_impl.h"
#include "compiler/types.h"

namespace csp::types {

// ---------------------------------------------------------------------------
// Predicates.

Type* underlying(Type* t) {
  if (t && t->kind == TypeKind::Named) {
    Type* u = static_cast<Named*>(t)->underlying;
    return u ? u : Typ[static_cast<int>(BasicKind::Invalid)];
  }
  return t;
}

namespace {

Basic* basicOf(Type* t) {
  t = underlying(t);
  return t && t->kind == TypeKind::Basic ? static_cast<Basic*>(t) : nullptr;
}

bool basicIn(Type* t, BasicKind lo, BasicKind hi) {
  Basic* b = basicOf(t);
  return b && b->basic >= lo && b->basic <= hi;
}

bool identicalTuple(Tuple* a, Tuple* b) {
  size_t na = a ? a->vars.size() : 0, nb = b ? b->vars.size() : 0;
  if (na != nb) return false;
  for (size_t i = 0; i < na; i++)
    if (!identical(a->vars[i]->type, b->vars[i]->type)) return false;
  return true;
}

bool identicalStruct(Struct* a, Struct* b) {
  if (a->fields.size() != b->fields.size()) return false;
  for (size_t i = 0; i < a->fields.size(); i++) {
    Var *f = a->fields[i], *g = b->fields[i];
    if (f->name != g->name || f->embedded != g->embedded || !identical(f->type, g->type))
      return false;
    bool exported = !f->name.empty() && f->name[0] >= 'A' && f->name[0] <= 'Z';
    if (!exported && f->pkg != g->pkg) return false;
  }
  return true;
}

bool identicalInterface(Interface* a, Interface* b) {
  if (a->all.size() != b->all.size()) return false;
  for (size_t i = 0; i < a->all.size(); i++) {
    if (a->all[i]->name != b->all[i]->name) return false;
    if (!identical(a->all[i]->type, b->all[i]->type)) return false;
  }
  return true;
}

}  // namespace

bool identical(Type* a, Type* b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind) return false;
  switch (a->kind) {
    case TypeKind::Basic: return static_cast<Basic*>(a)->basic == static_cast<Basic*>(b)->basic;
    case TypeKind::Named: return false;
    case TypeKind::Pointer:
      return identical(static_cast<Pointer*>(a)->elem, static_cast<Pointer*>(b)->elem);
    case TypeKind::Slice:
      return identical(static_cast<Slice*>(a)->elem, static_cast<Slice*>(b)->elem);
    case TypeKind::Array: {
      auto *x = static_cast<Array*>(a), *y = static_cast<Array*>(b);
      return x->len == y->len && identical(x->elem, y->elem);
    }
    case TypeKind::Map: {
      auto *x = static_cast<Map*>(a), *y = static_cast<Map*>(b);
      return identical(x->key, y->key) && identical(x->elem, y->elem);
    }
    case TypeKind::Chan: {
      auto *x = static_cast<Chan*>(a), *y = static_cast<Chan*>(b);
      return x->dir == y->dir && identical(x->elem, y->elem);
    }
    case TypeKind::Struct: return identicalStruct(static_cast<Struct*>(a), static_cast<Struct*>(b));
    case TypeKind::Signature: {
      auto *x = static_cast<Signature*>(a), *y = static_cast<Signature*>(b);
      return x->variadic == y->variadic && identicalTuple(x->params, y->params) &&
             identicalTuple(x->results, y->results);
    }
    case TypeKind::Interface:
      return identicalInterface(static_cast<Interface*>(a), static_cast<Interface*>(b));
    case TypeKind::Tuple: return identicalTuple(static_cast<Tuple*>(a), static_cast<Tuple*>(b));
  }
  return false;
}

bool isInteger(Type* t) {
  return basicIn(t, BasicKind::Int, BasicKind::Uintptr) ||
         basicIn(t, BasicKind::UntypedInt, BasicKind::UntypedRune);
}
bool isUnsigned(Type* t) { return basicIn(t, BasicKind::Uint, BasicKind::Uintptr); }
bool isFloat(Type* t) {
  return basicIn(t, BasicKind::Float32, BasicKind::Float64) ||
         basicIn(t, BasicKind::UntypedFloat, BasicKind::UntypedFloat);
}
bool isNumeric(Type* t) {
  return basicIn(t, BasicKind::Int, BasicKind::Complex128) ||
         basicIn(t, BasicKind::UntypedInt, BasicKind::UntypedFloat);
}
bool isString(Type* t) {
  return basicIn(t, BasicKind::String, BasicKind::String) ||
         basicIn(t, BasicKind::UntypedString, BasicKind::UntypedString);
}
bool isBoolean(Type* t) {
  return basicIn(t, BasicKind::Bool, BasicKind::Bool) ||
         basicIn(t, BasicKind::UntypedBool, BasicKind::UntypedBool);
}
bool isUntyped(Type* t) {
  return t && t->kind == TypeKind::Basic &&
         static_cast<Basic*>(t)->basic >= BasicKind::UntypedBool;
}
bool isInterface(Type* t) {
  Type* u = underlying(t);
  return u && u->kind == TypeKind::Interface;
}

bool isComparable(Type* t) {
  Type* u = underlying(t);
  if (!u) return false;
  switch (u->kind) {
    case TypeKind::Basic: return static_cast<Basic*>(u)->basic != BasicKind::UntypedNil;
    case TypeKind::Pointer: case TypeKind::Chan: case TypeKind::Interface: return true;
    case TypeKind::Struct:
      for (Var* f : static_cast<Struct*>(u)->fields)
        if (!isComparable(f->type)) return false;
      return true;
    case TypeKind::Array: return isComparable(static_cast<Array*>(u)->elem);
    default: return false;
  }
}

bool hasNil(Type* t) {
  Type* u = underlying(t);
  if (!u) return false;
  switch (u->kind) {
    case TypeKind::Pointer: case TypeKind::Slice: case TypeKind::Map: case TypeKind::Chan:
    case TypeKind::Signature: case TypeKind::Interface:
      return true;
    case TypeKind::Basic: return static_cast<Basic*>(u)->basic == BasicKind::UnsafePointer;
    default: return false;
  }
}

Type* defaultType(Type* t) {
  if (!t || t->kind != TypeKind::Basic) return t;
  switch (static_cast<Basic*>(t)->basic) {
    case BasicKind::UntypedBool: return Typ[static_cast<int>(BasicKind::Bool)];
    case BasicKind::UntypedInt: return Typ[static_cast<int>(BasicKind::Int)];
    case BasicKind::UntypedRune: return Typ[static_cast<int>(BasicKind::Int32)];
    case BasicKind::UntypedFloat: return Typ[static_cast<int>(BasicKind::Float64)];
    case BasicKind::UntypedString: return Typ[static_cast<int>(BasicKind::String)];
    default: return t;
  }
}

// ---------------------------------------------------------------------------
// Spelling. Two styles: reflect's (%T, type descriptors: "struct { X int }",
// qualified names) and go/types' for messages ("struct{X int}", names
// relative to the package being checked).

namespace {

struct TypeWriter {
  bool reflect;              // %T style
  const Package* rel;        // messages: names of this package unqualified
  std::string out;
  int depth = 0;

  void tuple(Tuple* t, bool variadic, bool names) {
    out += "(";
    for (size_t i = 0; t && i < t->vars.size(); i++) {
      if (i) out += ", ";
      Var* v = t->vars[i];
      if (names && !v->name.empty()) out += v->name + " ";
      if (variadic && i + 1 == t->vars.size() && v->type && v->type->kind == TypeKind::Slice) {
        out += "...";
        write(static_cast<Slice*>(v->type)->elem);
      } else {
        write(v->type);
      }
    }
    out += ")";
  }

  void signature(Signature* s) {
    bool names = !reflect;
    tuple(s->params, s->variadic, names);
    size_t n = s->results ? s->results->vars.size() : 0;
    if (n == 0) return;
    out += " ";
    if (n == 1 && (reflect || s->results->vars[0]->name.empty())) {
      write(s->results->vars[0]->type);
      return;
    }
    tuple(s->results, false, names);
  }

  void named(Named* n) {
    TypeName* obj = n->obj;
    if (!obj) { out += "<named>"; return; }
    if (obj->pkg && (reflect || obj->pkg != rel)) out += obj->pkg->name + ".";
    out += obj->name;
  }

  void structType(Struct* s) {
    out += reflect ? "struct {" : "struct{";
    for (size_t i = 0; i < s->fields.size(); i++) {
      out += i ? "; " : (reflect ? " " : "");
      Var* f = s->fields[i];
      if (!f->embedded) out += f->name + " ";
      write(f->type);
    }
    out += reflect && !s->fields.empty() ? " }" : "}";
  }

  void interfaceType(Interface* it) {
    if (!reflect && it == AnyType) { out += "any"; return; }
    out += reflect ? "interface {" : "interface{";
    const auto& ms = it->complete ? it->all : it->methods;
    for (size_t i = 0; i < ms.size(); i++) {
      out += i ? "; " : (reflect ? " " : "");
      out += ms[i]->name;
      if (ms[i]->type) signature(static_cast<Signature*>(ms[i]->type));
    }
    out += reflect && !ms.empty() ? " }" : "}";
  }

  void write(Type* t) {
    if (!t) { out += "<nil>"; return; }
    if (++depth > 64) { out += "..."; --depth; return; }
    switch (t->kind) {
      case TypeKind::Basic: {
        auto* b = static_cast<Basic*>(t);
        if (b->basic == BasicKind::Invalid) out += "invalid type";
        else if (reflect) out += Typ[static_cast<int>(b->basic)]->name;
        else out += b->name;
        break;
      }
      case TypeKind::Named: named(static_cast<Named*>(t)); break;
      case TypeKind::Pointer: out += "*"; write(static_cast<Pointer*>(t)->elem); break;
      case TypeKind::Slice: out += "[]"; write(static_cast<Slice*>(t)->elem); break;
      case TypeKind::Array:
        out += "[" + std::to_string(static_cast<Array*>(t)->len) + "]";
        write(static_cast<Array*>(t)->elem);
        break;
      case TypeKind::Map:
        out += "map[";
        write(static_cast<Map*>(t)->key);
        out += "]";
        write(static_cast<Map*>(t)->elem);
        break;
      case TypeKind::Chan: chanType(static_cast<Chan*>(t)); break;
      case TypeKind::Struct: structType(static_cast<Struct*>(t)); break;
      case TypeKind::Signature: out += "func"; signature(static_cast<Signature*>(t)); break;
      case TypeKind::Interface: interfaceType(static_cast<Interface*>(t)); break;
      case TypeKind::Tuple: tuple(static_cast<Tuple*>(t), false, false); break;
    }
    --depth;
  }

  void chanType(Chan* c) {
    bool paren = false;
    if (c->dir == ast::ChanDir::Send) out += "chan<- ";
    else if (c->dir == ast::ChanDir::Recv) out += "<-chan ";
    else {
      out += "chan ";
      paren = c->elem && c->elem->kind == TypeKind::Chan &&
              static_cast<Chan*>(c->elem)->dir == ast::ChanDir::Recv;
    }
    if (paren) out += "(";
    write(c->elem);
    if (paren) out += ")";
  }
};

}  // namespace

std::string typeString(Type* t) {
  TypeWriter w{true, nullptr, {}};
  w.write(t);
  return w.out;
}

std::string typeStringRel(Type* t, const Package* rel) {
  TypeWriter w{false, rel, {}};
  w.write(t);
  return w.out;
}

// ---------------------------------------------------------------------------
// Field and method lookup, as go/types' lookupFieldOrMethod: a breadth-first
// search by embedding depth; two matches at the same depth are ambiguous.

namespace {

struct Embedded {
  Type* type;               // a Named or a Struct (pointer stripped)
  std::vector<int> index;   // path from the root
  bool indirect;
  bool multiples;           // reached more than once at this depth
};

Named* asNamed(Type* t) {
  return t && t->kind == TypeKind::Named ? static_cast<Named*>(t) : nullptr;
}

// Looks for `name` directly in e's type (its methods, fields or interface
// methods). Sets *obj/*index on a hit.
bool lookupInType(const Embedded& e, const std::string& name, Object** obj,
                  std::vector<int>* index, std::vector<Embedded>* next) {
  bool found = false;
  if (Named* n = asNamed(e.type)) {
    for (Func* m : n->methods)
      if (m->name == name) { *obj = m; *index = e.index; return true; }
  }
  Type* u = underlying(e.type);
  if (u && u->kind == TypeKind::Struct) {
    auto* s = static_cast<Struct*>(u);
    for (size_t i = 0; i < s->fields.size(); i++) {
      Var* f = s->fields[i];
      if (f->name == name) {
        *obj = f;
        *index = e.index;
        index->push_back(static_cast<int>(i));
        found = true;
        continue;
      }
      if (!f->embedded || !next) continue;
      Type* ft = f->type;
      bool ind = e.indirect;
      if (ft && ft->kind == TypeKind::Pointer) { ft = static_cast<Pointer*>(ft)->elem; ind = true; }
      std::vector<int> path = e.index;
      path.push_back(static_cast<int>(i));
      next->push_back({ft, path, ind, e.multiples});
    }
  } else if (u && u->kind == TypeKind::Interface) {
    for (Func* m : static_cast<Interface*>(u)->all)
      if (m->name == name) { *obj = m; *index = e.index; return true; }
  }
  return found;
}

}  // namespace

Selection* lookupFieldOrMethodEx(Type* t, const std::string& name, bool* ambiguous) {
  if (ambiguous) *ambiguous = false;
  if (!t || name == "_") return nullptr;
  bool indirect = false;
  if (t->kind == TypeKind::Pointer) {
    Type* e = static_cast<Pointer*>(t)->elem;
    if (e && isInterface(e)) return nullptr;  // no methods on *I
    if (e && (e->kind == TypeKind::Named || underlying(e)->kind == TypeKind::Struct)) {
      t = e;
      indirect = true;
    }
  } else if (Named* n = asNamed(t); n && n->underlying && n->underlying->kind == TypeKind::Pointer) {
    // A defined pointer type has no methods, but its fields are reachable.
    t = static_cast<Pointer*>(n->underlying)->elem;
    indirect = true;
  }
  std::vector<Embedded> current{{t, {}, indirect, false}};
  std::set<Type*> seen;
  while (!current.empty()) {
    std::vector<Embedded> next;
    Object* hit = nullptr;
    std::vector<int> hit_index;
    bool hit_indirect = false;
    int hits = 0;
    for (const Embedded& e : current) {
      if (Named* n = asNamed(e.type)) {
        if (seen.count(n)) continue;
        seen.insert(n);
      }
      Object* obj = nullptr;
      std::vector<int> index;
      if (lookupInType(e, name, &obj, &index, &next)) {
        hits += e.multiples ? 2 : 1;
        hit = obj;
        hit_index = index;
        hit_indirect = e.indirect;
      }
    }
    if (hits > 1) {
      if (ambiguous) *ambiguous = true;
      return nullptr;
    }
    if (hit) {
      auto* sel = make<Selection>();
      sel->kind = hit->kind == ObjKind::Var ? SelectionKind::FieldVal : SelectionKind::MethodVal;
      sel->obj = hit;
      sel->index = hit_index;
      sel->indirect = hit_indirect;
      return sel;
    }
    // Merge duplicates reached through different paths at the same depth.
    std::vector<Embedded> merged;
    for (Embedded& e : next) {
      bool dup = false;
      for (Embedded& m : merged)
        if (m.type == e.type) { m.multiples = true; dup = true; }
      if (!dup) merged.push_back(e);
    }
    current = std::move(merged);
  }
  return nullptr;
}

Selection* lookupFieldOrMethod(Type* t, bool /*addressable*/, const std::string& name) {
  Selection* sel = lookupFieldOrMethodEx(t, name, nullptr);
  if (sel) sel->recv = t;
  return sel;
}

// ---------------------------------------------------------------------------
// Interface satisfaction and method sets.

bool implements(Type* t, Interface* iface, std::string* missing, bool* wrong_recv) {
  MissingMethod mm;
  bool ok = !findMissingMethod(t, iface, &mm);
  if (missing) *missing = mm.name;
  if (wrong_recv) *wrong_recv = mm.ptr_recv;
  return ok;
}

bool findMissingMethod(Type* t, Interface* iface, MissingMethod* out) {
  if (!iface) return false;
  Interface* ti = isInterface(t) ? static_cast<Interface*>(underlying(t)) : nullptr;
  for (Func* m : iface->all) {
    out->name = m->name;
    out->want = m;
    out->have = nullptr;
    out->ptr_recv = false;
    if (ti) {
      Func* have = nullptr;
      for (Func* f : ti->all)
        if (f->name == m->name) have = f;
      if (!have) return true;
      out->have = have;
      if (!identical(have->type, m->type)) { out->wrong_type = true; return true; }
      continue;
    }
    Selection* sel = lookupFieldOrMethodEx(t, m->name, nullptr);
    if (!sel || sel->obj->kind != ObjKind::Func) return true;
    auto* f = static_cast<Func*>(sel->obj);
    out->have = f;
    if (!identical(f->type, m->type)) { out->wrong_type = true; return true; }
    bool is_ptr = t && t->kind == TypeKind::Pointer;
    if (f->ptr_recv && !is_ptr && !sel->indirect) { out->ptr_recv = true; return true; }
  }
  out->name.clear();
  return false;
}

namespace {

// Every method name reachable from t through embedding.
void collectMethodNames(Type* t, std::set<std::string>* names, std::set<Type*>* seen) {
  if (!t) return;
  if (t->kind == TypeKind::Pointer) t = static_cast<Pointer*>(t)->elem;
  if (!t || seen->count(t)) return;
  seen->insert(t);
  if (Named* n = asNamed(t))
    for (Func* m : n->methods) names->insert(m->name);
  Type* u = underlying(t);
  if (u && u->kind == TypeKind::Struct) {
    for (Var* f : static_cast<Struct*>(u)->fields)
      if (f->embedded) collectMethodNames(f->type, names, seen);
  } else if (u && u->kind == TypeKind::Interface) {
    for (Func* m : static_cast<Interface*>(u)->all) names->insert(m->name);
  }
}

}  // namespace

std::vector<Selection*> methodSet(Type* t) {
  std::vector<Selection*> out;
  if (!t) return out;
  if (isInterface(t)) {
    for (Func* m : static_cast<Interface*>(underlying(t))->all) {
      auto* sel = make<Selection>(
          Selection{SelectionKind::MethodVal, t, m, {}, false});
      out.push_back(sel);
    }
    return out;
  }
  bool is_ptr = t->kind == TypeKind::Pointer;
  if (is_ptr) {
    Type* e = static_cast<Pointer*>(t)->elem;
    if (isInterface(e) || (e && e->kind == TypeKind::Pointer)) return out;
  } else if (Named* n = asNamed(t); n && n->underlying && n->underlying->kind == TypeKind::Pointer) {
    return out;
  }
  std::set<std::string> names;
  std::set<Type*> seen;
  collectMethodNames(t, &names, &seen);
  for (const std::string& name : names) {
    Selection* sel = lookupFieldOrMethodEx(t, name, nullptr);
    if (!sel || sel->obj->kind != ObjKind::Func) continue;
    auto* f = static_cast<Func*>(sel->obj);
    if (f->ptr_recv && !is_ptr && !sel->indirect) continue;
    sel->recv = t;
    out.push_back(sel);
  }
  return out;
}

}  // namespace csp::types
