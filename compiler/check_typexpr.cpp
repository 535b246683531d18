// Type expressions: names, pointers, arrays, slices, maps, channels,
// structs, interfaces and function signatures (as go/types' typexpr.go,
// struct.go, interface.go, signature.go).
#include <algorithm>

#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

Type* Checker::typExpr(ast::Expr* e) { return definedType(e, nullptr); }

Type* Checker::definedType(ast::Expr* e, Named* def) {
  if (!e) return invalidType();
  Type* t = typExprInternal(e, def);
  if (!t) t = invalidType();
  e->tv.mode = isValid(t) ? Mode::TypeExpr : Mode::Invalid;
  e->tv.type = t;
  return t;
}

Type* Checker::identType(ast::Ident* id) {
  Operand x;
  x.expr = id;
  if (id->name == "_") {
    error(id->pos, "cannot use _ as value or type");
    return invalidType();
  }
  ident(&x, id, true);
  id->tv.mode = x.mode;
  id->tv.type = x.type;
  if (x.invalid()) return invalidType();
  if (x.mode != Mode::TypeExpr) {
    error(id->pos, id->name + " is not a type");
    return invalidType();
  }
  return x.type;
}

int64_t Checker::arrayLength(ast::Expr* e) {
  Operand x;
  expr(&x, e);
  if (x.invalid()) return -1;
  if (x.mode != Mode::Constant) {
    error(e->pos, "array length " + operandStr(x) + " must be constant");
    return -1;
  }
  if (isUntyped(x.type) || isInteger(x.type)) {
    const ConstValue* v = types::constant::toInt(x.val);
    if (v && v->fitsInt64() && v->int64Val() >= 0) {
      if (isUntyped(x.type)) convertUntyped(&x, basicType(BasicKind::Int));
      return v->int64Val();
    }
  }
  if (isInteger(x.type) || (x.val && types::constant::isIntegral(x.val)))
    error(e->pos, "invalid array length " + exprStr(e));
  else
    error(e->pos, "array length " + operandStr(x) + " must be integer");
  return -1;
}

Type* Checker::arrayType(ast::ArrayType* a) {
  if (!a->len) {
    Type* elem = typExpr(a->elt);
    return isValid(elem) ? make<Slice>(elem) : invalidType();
  }
  if (a->len->kind == ast::ExprKind::Ellipsis) {
    error(a->len->pos, "invalid use of [...] array (outside a composite literal)");
    typExpr(a->elt);
    return invalidType();
  }
  int64_t n = arrayLength(a->len);
  Type* elem = typExpr(a->elt);
  if (n < 0 || !isValid(elem)) return invalidType();
  return make<Array>(elem, n);
}

Type* Checker::typExprInternal(ast::Expr* e, Named* def) {
  using K = ast::ExprKind;
  switch (e->kind) {
    case K::Bad: return invalidType();
    case K::Ident: return identType(static_cast<ast::Ident*>(e));
    case K::Selector: {
      Operand x;
      rawExpr(&x, e, nullptr, false);
      if (x.invalid()) return invalidType();
      if (x.mode != Mode::TypeExpr) {
        error(e->pos, exprStr(e) + " is not a type");
        return invalidType();
      }
      return x.type;
    }
    case K::Paren: return definedType(static_cast<ast::ParenExpr*>(e)->x, def);
    case K::Star: {
      Type* elem = typExpr(static_cast<ast::StarExpr*>(e)->x);
      return isValid(elem) ? make<Pointer>(elem) : invalidType();
    }
    case K::ArrayType: return arrayType(static_cast<ast::ArrayType*>(e));
    case K::MapType: {
      auto* m = static_cast<ast::MapType*>(e);
      Type* k = typExpr(m->key);
      Type* v = typExpr(m->value);
      if (isValid(k) && !isComparable(k) && !(k->kind == TypeKind::Named && !static_cast<Named*>(k)->underlying)) {
        error(m->key->pos, "invalid map key type " + typeStr(k));
        return invalidType();
      }
      if (!isValid(k) || !isValid(v)) return invalidType();
      return make<Map>(k, v);
    }
    case K::ChanType: {
      auto* c = static_cast<ast::ChanType*>(e);
      Type* elem = typExpr(c->value);
      return isValid(elem) ? make<Chan>(c->dir, elem) : invalidType();
    }
    case K::FuncType: return funcType(static_cast<ast::FuncType*>(e), nullptr, nullptr);
    case K::StructType: return structType(static_cast<ast::StructType*>(e));
    case K::InterfaceType: return interfaceType(static_cast<ast::InterfaceType*>(e), def);
    case K::Ellipsis:
      error(e->pos, "invalid use of ...");
      return invalidType();
    default: {
      Operand x;
      rawExpr(&x, e, nullptr, false);
      if (!x.invalid()) error(e->pos, exprStr(e) + " is not a type");
      return invalidType();
    }
  }
}

Struct* Checker::structType(ast::StructType* st) {
  auto* s = make<Struct>();
  std::map<std::string, Pos> seen;
  auto add = [&](Var* f, Pos pos) {
    f->field_index = static_cast<int>(s->fields.size());
    s->fields.push_back(f);
    if (f->name == "_") return;
    if (seen.count(f->name)) {
      error(pos, f->name + " redeclared");
      return;
    }
    seen[f->name] = pos;
  };
  for (ast::Field* fd : st->fields) {
    if (!fd) continue;
    Type* t = typExpr(fd->type);
    if (fd->names.empty()) {
      // Embedded: T, *T, pkg.T.
      ast::Expr* te = unparen(fd->type);
      if (te && te->kind == ast::ExprKind::Star) te = unparen(static_cast<ast::StarExpr*>(te)->x);
      std::string name = "?";
      if (te && te->kind == ast::ExprKind::Ident) name = static_cast<ast::Ident*>(te)->name;
      else if (te && te->kind == ast::ExprKind::Selector && static_cast<ast::SelectorExpr*>(te)->sel)
        name = static_cast<ast::SelectorExpr*>(te)->sel->name;
      auto* f = make<Var>(name);
      f->type = t;
      f->is_field = true;
      f->embedded = true;
      f->pkg = pkg_;
      f->pos = fd->type ? fd->type->pos : fd->pos;
      if (t->kind == TypeKind::Pointer && isInterface(static_cast<Pointer*>(t)->elem))
        error(f->pos, "embedded field type cannot be a pointer to an interface");
      add(f, f->pos);
      continue;
    }
    for (ast::Ident* id : fd->names) {
      auto* f = make<Var>(id->name);
      f->type = t;
      f->is_field = true;
      f->pkg = pkg_;
      f->pos = id->pos;
      id->obj = f;
      add(f, id->pos);
    }
  }
  return s;
}

void Checker::completeInterface(Interface* it) {
  if (it->complete) return;
  it->complete = true;
  std::vector<Func*> all = it->methods;
  for (Type* e : it->embeddeds) {
    auto* ei = under<Interface>(e, TypeKind::Interface);
    if (!ei) continue;
    completeInterface(ei);
    for (Func* m : ei->all) {
      auto dup = std::find_if(all.begin(), all.end(), [&](Func* f) { return f->name == m->name; });
      if (dup == all.end()) all.push_back(m);
    }
  }
  std::sort(all.begin(), all.end(), [](Func* a, Func* b) { return a->name < b->name; });
  it->all = all;
}

Interface* Checker::interfaceType(ast::InterfaceType* ast_it, Named* def) {
  auto* it = make<Interface>();
  if (def) def->underlying = it;  // methods may refer to the interface itself
  for (ast::Field* f : ast_it->methods) {
    if (!f) continue;
    if (f->names.empty()) {
      Type* t = typExpr(f->type);
      if (!isValid(t)) continue;
      if (!isInterface(t)) {
        error(f->type->pos, "cannot use " + typeStr(t) + " in interface (not an interface)");
        continue;
      }
      it->embeddeds.push_back(t);
      continue;
    }
    for (ast::Ident* id : f->names) {
      auto* m = make<Func>(id->name);
      m->pkg = pkg_;
      m->pos = id->pos;
      id->obj = m;
      if (f->type && f->type->kind == ast::ExprKind::FuncType)
        m->type = funcType(static_cast<ast::FuncType*>(f->type), nullptr, nullptr);
      else
        m->type = make<Signature>();
      auto* sig = static_cast<Signature*>(m->type);
      if (!sig->params) sig->params = make<Tuple>();
      if (!sig->results) sig->results = make<Tuple>();
      for (Func* o : it->methods)
        if (o->name == m->name) error(id->pos, "duplicate method " + m->name);
      it->methods.push_back(m);
    }
  }
  completeInterface(it);
  return it;
}

void Checker::collectParams(const std::vector<ast::Field*>& fields, Scope* scope, Tuple* out,
                            bool variadic_ok, bool* variadic) {
  for (size_t i = 0; i < fields.size(); i++) {
    ast::Field* f = fields[i];
    if (!f) continue;
    ast::Expr* te = f->type;
    bool dots = te && te->kind == ast::ExprKind::Ellipsis;
    Type* t = nullptr;
    if (dots) {
      auto* el = static_cast<ast::Ellipsis*>(te);
      if (!variadic_ok || i + 1 != fields.size() || f->names.size() > 1) {
        error(te->pos, "can only use ... with final parameter in list");
      } else {
        *variadic = true;
      }
      t = make<Slice>(typExpr(el->elt));
      te->tv.mode = Mode::TypeExpr;
      te->tv.type = t;
    } else {
      t = typExpr(te);
    }
    if (f->names.empty()) {
      auto* v = make<Var>("");
      v->type = t;
      v->is_param = true;
      v->pkg = pkg_;
      v->pos = te ? te->pos : f->pos;
      out->vars.push_back(v);
      continue;
    }
    for (ast::Ident* id : f->names) {
      auto* v = make<Var>(id->name);
      v->type = t;
      v->is_param = true;
      v->pkg = pkg_;
      v->pos = id->pos;
      v->used = true;
      id->obj = v;
      out->vars.push_back(v);
      if (scope && id->name != "_") {
        if (scope->insert(v)) error(id->pos, id->name + " redeclared in this block");
      }
    }
  }
}

Signature* Checker::funcType(ast::FuncType* ft, ast::Field* recv, Scope* scope) {
  auto* sig = make<Signature>();
  sig->params = make<Tuple>();
  sig->results = make<Tuple>();
  if (recv) {
    Tuple rt;
    bool dummy = false;
    collectParams({recv}, scope, &rt, false, &dummy);
    if (!rt.vars.empty()) sig->recv = rt.vars[0];
  }
  if (!ft) return sig;
  bool variadic = false;
  collectParams(ft->params, scope, sig->params, true, &variadic);
  bool dummy = false;
  collectParams(ft->results, scope, sig->results, false, &dummy);
  sig->variadic = variadic;
  return sig;
}

}  // namespace csp::check
