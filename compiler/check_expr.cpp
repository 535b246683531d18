// Expressions: identifiers, literals, selectors, index and slice
// expressions, type assertions, unary and binary operators (as go/types'
// expr.go, index.go, selector parts of call.go).
#include <algorithm>

#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;
namespace cv = types::constant;

void Checker::record(Operand* x) {
  if (!x->expr) return;
  x->expr->tv.mode = x->mode;
  x->expr->tv.type = x->mode == Mode::Invalid ? invalidType() : x->type;
  x->expr->tv.value = x->mode == Mode::Constant ? x->val : nullptr;
}

void Checker::rawExpr(Operand* x, ast::Expr* e, Type* hint, bool /*allow_generic*/) {
  *x = Operand{};
  x->expr = e;
  if (!e) return;
  exprInternal(x, e, hint);
  x->expr = e;
  if (x->mode != Mode::Invalid && !x->type) x->type = invalidType();
  // An operand of invalid type was reported already: silence what follows.
  if (x->mode != Mode::Builtin && x->mode != Mode::NoValue && x->type == invalidType())
    x->mode = Mode::Invalid;
  record(x);
}

// A single value (not a type, not a tuple, not "no value").
void Checker::expr(Operand* x, ast::Expr* e) { exprWithHint(x, e, nullptr); }

void Checker::exprWithHint(Operand* x, ast::Expr* e, Type* hint) {
  rawExpr(x, e, hint, false);
  std::string msg;
  switch (x->mode) {
    case Mode::NoValue: msg = operandStr(*x) + " used as value"; break;
    case Mode::Builtin: msg = operandStr(*x) + " must be called"; break;
    case Mode::TypeExpr: msg = operandStr(*x) + " is not an expression"; break;
    default:
      if (x->type && x->type->kind == TypeKind::Tuple) {
        msg = "multiple-value " + operandStr(*x) + " in single-value context";
      }
  }
  if (!msg.empty()) {
    error(e->pos, msg);
    x->mode = Mode::Invalid;
  }
}

void Checker::exprOrType(Operand* x, ast::Expr* e) {
  rawExpr(x, e, nullptr, false);
  if (x->mode == Mode::NoValue) {
    error(e->pos, operandStr(*x) + " used as value or type");
    x->mode = Mode::Invalid;
  }
}

// e may be a multi-value call; out receives one operand per value.
void Checker::multiExpr(Operand* x, ast::Expr* e, std::vector<Operand>* out, bool allow_comma_ok) {
  rawExpr(x, e, nullptr, false);
  if (x->mode == Mode::Invalid) {
    out->push_back(*x);
    return;
  }
  if (x->type && x->type->kind == TypeKind::Tuple && x->mode != Mode::TypeExpr) {
    for (Var* v : static_cast<Tuple*>(x->type)->vars) {
      Operand o;
      o.mode = Mode::Value;
      o.type = v->type;
      o.expr = e;
      out->push_back(o);
    }
    return;
  }
  if (allow_comma_ok && (x->mode == Mode::MapIndex || x->mode == Mode::CommaOk)) {
    out->push_back(*x);
    return;
  }
  if (x->mode == Mode::NoValue || x->mode == Mode::Builtin || x->mode == Mode::TypeExpr) {
    std::string what = x->mode == Mode::NoValue ? " used as value"
                       : x->mode == Mode::Builtin ? " must be called" : " is not an expression";
    error(e->pos, operandStr(*x) + what);
    x->mode = Mode::Invalid;
  }
  out->push_back(*x);
}

// ---------------------------------------------------------------------------

void Checker::useVar(Var* v) {
  if (!lhs_) v->used = true;
  if (v->is_global || v->is_field) return;
  auto it = var_owner_.find(v);
  if (it == var_owner_.end() || it->second == fctx_) return;
  FuncCtx* owner = it->second;
  v->captured = true;
  for (FuncCtx* c = fctx_; c && c != owner; c = c->outer) {
    if (!c->lit) continue;
    auto& caps = c->lit->captures;
    if (std::find(caps.begin(), caps.end(), v) == caps.end()) caps.push_back(v);
  }
}

void Checker::ident(Operand* x, ast::Ident* e, bool /*want_type*/) {
  if (e->name == "_") {
    error(e->pos, "cannot use _ as value");
    return;
  }
  Object* obj = scope_ ? scope_->lookupParent(e->name) : nullptr;
  if (!obj) {
    if (e->name == "init" && !fctx_) {
      error(e->pos, "undefined: init");
    } else {
      error(e->pos, "undefined: " + e->name);
    }
    return;
  }
  e->obj = obj;
  if (obj->pkg == pkg_ && decls_.count(obj)) {
    objDecl(obj);
    if (cur_decl_) cur_decl_->deps.insert(obj);
  }
  if (obj->kind == ObjKind::Var && !lhs_) static_cast<Var*>(obj)->used = true;
  if (obj->kind != ObjKind::PkgName && obj->kind != ObjKind::Builtin && !isValid(obj->type) &&
      obj->kind != ObjKind::Label) {
    return;  // an error was reported where it was declared
  }
  x->type = obj->type;
  switch (obj->kind) {
    case ObjKind::PkgName:
      error(e->pos, "use of package " + obj->name + " without selector");
      return;
    case ObjKind::Const:
      if (obj->name == "iota" && obj->pkg == nullptr) {
        if (!iota_) {
          error(e->pos, "cannot use iota outside constant declaration");
          return;
        }
        x->val = iota_;
      } else {
        x->val = static_cast<Const*>(obj)->value;
      }
      if (!x->val) return;
      x->mode = Mode::Constant;
      return;
    case ObjKind::TypeName: x->mode = Mode::TypeExpr; return;
    case ObjKind::Var:
      useVar(static_cast<Var*>(obj));
      x->mode = Mode::Variable;
      return;
    case ObjKind::Func: x->mode = Mode::Value; return;
    case ObjKind::Builtin:
      x->mode = Mode::Builtin;
      x->builtin = static_cast<Builtin*>(obj)->id;
      x->type = invalidType();
      return;
    case ObjKind::Nil: x->mode = Mode::Value; return;
    default: return;
  }
}

void Checker::basicLit(Operand* x, ast::BasicLit* e) {
  if (e->lit_kind == Tok::Imag) {
    error(e->pos, "complex numbers are not supported");
    return;
  }
  const ConstValue* v = cv::makeFromLiteral(e->lit_kind, e->raw);
  if (!v) {
    error(e->pos, "malformed constant: " + e->raw);
    return;
  }
  BasicKind k = BasicKind::UntypedString;
  switch (e->lit_kind) {
    case Tok::Int: k = BasicKind::UntypedInt; break;
    case Tok::Float: k = BasicKind::UntypedFloat; break;
    case Tok::Char: k = BasicKind::UntypedRune; break;
    default: break;
  }
  if (k == BasicKind::UntypedInt &&
      cv::bitLen(v) > 512) {
    error(e->pos, "constant overflow");
    return;
  }
  x->mode = Mode::Constant;
  x->type = basicType(k);
  x->val = v;
}

void Checker::funcLit(Operand* x, ast::FuncLit* e) {
  if (!e->type) return;
  auto* scope = make<Scope>(scope_);
  scope->is_func = true;
  Signature* sig = funcType(e->type, nullptr, scope);
  auto* f = make<Func>("func");
  f->type = sig;
  f->lit = e;
  f->pkg = pkg_;
  e->func = f;
  if (e->body) {
    FuncCtx ctx;
    ctx.func = f;
    ctx.sig = sig;
    ctx.lit = e;
    ctx.outer = fctx_;
    // A literal's body sees no labels or break targets of its encloser.
    std::vector<BranchTarget> saved_targets;
    saved_targets.swap(targets_);
    bool saved_lhs = lhs_;
    lhs_ = false;
    funcBody(&ctx, e->body, scope);
    lhs_ = saved_lhs;
    targets_.swap(saved_targets);
  }
  x->mode = Mode::Value;
  x->type = sig;
}

// ---------------------------------------------------------------------------
// Selectors.

void Checker::pkgSelector(Operand* x, ast::SelectorExpr* e, PkgName* pn) {
  pn->used = true;
  Package* p = pn->imported;
  const std::string& name = e->sel->name;
  if (p && !p->scope) return;  // a failed import, reported at the import
  Object* obj = p && p->scope ? p->scope->lookup(name) : nullptr;
  if (!obj || !isExported(name)) {
    if (obj && !isExported(name))
      error(e->sel->pos, "name " + name + " not exported by package " + p->name);
    else
      error(e->sel->pos, "undefined: " + pn->name + "." + name);
    return;
  }
  e->sel->obj = obj;
  x->type = obj->type;
  switch (obj->kind) {
    case ObjKind::Const:
      x->mode = Mode::Constant;
      x->val = static_cast<Const*>(obj)->value;
      break;
    case ObjKind::TypeName: x->mode = Mode::TypeExpr; break;
    case ObjKind::Var: x->mode = Mode::Variable; break;
    case ObjKind::Func: x->mode = Mode::Value; break;
    default: break;
  }
  if (!isValid(x->type)) x->mode = Mode::Invalid;
}

void Checker::selector(Operand* x, ast::SelectorExpr* e) {
  if (!e->sel) return;
  if (auto* id = e->x && e->x->kind == ast::ExprKind::Ident ? static_cast<ast::Ident*>(e->x) : nullptr) {
    Object* obj = scope_ ? scope_->lookupParent(id->name) : nullptr;
    if (!obj && implicitImport(id->name)) obj = scope_->lookupParent(id->name);
    if (obj && obj->kind == ObjKind::PkgName) {
      id->obj = obj;
      id->tv.mode = Mode::Package;
      pkgSelector(x, e, static_cast<PkgName*>(obj));
      return;
    }
  }
  exprOrType(x, e->x);
  if (x->invalid()) return;
  if (x->mode == Mode::TypeExpr) {
    methodExpr(x, e, x->type);
    return;
  }
  if (x->mode == Mode::Builtin) {
    error(e->pos, "invalid use of " + operandStr(*x) + " in selector expression");
    x->mode = Mode::Invalid;
    return;
  }
  const std::string& name = e->sel->name;
  bool ambiguous = false;
  Selection* sel = lookupFieldOrMethodEx(x->type, name, &ambiguous);
  if (!sel) {
    std::string xs = exprStr(e->x);
    if (ambiguous) {
      error(e->sel->pos, "ambiguous selector " + xs + "." + name);
    } else if (x->type->kind == TypeKind::Pointer && isInterface(static_cast<Pointer*>(x->type)->elem)) {
      error(e->sel->pos, xs + "." + name + " undefined (type " + typeStr(x->type) +
                             " is pointer to interface, not interface)");
    } else {
      std::string what = "field or method";
      error(e->sel->pos, xs + "." + name + " undefined (type " + typeStr(x->type) +
                             " has no " + what + " " + name + ")");
    }
    x->mode = Mode::Invalid;
    return;
  }
  sel->recv = x->type;
  if (x->type->kind == TypeKind::Pointer) sel->indirect = true;
  e->sel->obj = sel->obj;
  e->selection = sel;
  if (sel->obj->pkg && sel->obj->pkg != pkg_ && !isExported(name)) {
    error(e->sel->pos, exprStr(e->x) + "." + name + " undefined (cannot refer to unexported " +
                           (sel->kind == SelectionKind::FieldVal ? "field " : "method ") + name + ")");
    x->mode = Mode::Invalid;
    return;
  }
  if (sel->kind == SelectionKind::FieldVal) {
    if (x->mode == Mode::Variable || sel->indirect) x->mode = Mode::Variable;
    else x->mode = Mode::Value;
    x->type = sel->obj->type;
    return;
  }
  auto* f = static_cast<Func*>(sel->obj);
  if (cur_decl_ && decls_.count(f)) cur_decl_->deps.insert(f);
  if (!f->type) objDecl(f);
  if (f->ptr_recv && !sel->indirect) {
    if (x->mode != Mode::Variable) {
      error(e->pos, "cannot call pointer method " + name + " on " + typeStr(x->type));
      x->mode = Mode::Invalid;
      return;
    }
    // x.m() with m on *T takes &x.
    markAddressTaken(e->x);
  }
  x->mode = Mode::Value;
  x->type = f->type;
  if (Signature* sig = static_cast<Signature*>(f->type); sig && sig->recv) {
    auto* s2 = make<Signature>(*sig);  // the method value: no receiver
    s2->recv = nullptr;
    x->type = s2;
  }
}

// ---------------------------------------------------------------------------
// Index and slice expressions.

bool Checker::isValidIndexOperand(Operand* x, const char* what) {
  if (x->invalid()) return false;
  convertUntyped(x, basicType(BasicKind::Int));
  if (x->invalid()) return false;
  if (!isInteger(x->type)) {
    error(x->expr->pos, std::string("invalid argument: ") + what + " " + operandStr(*x) +
                            " must be integer");
    return false;
  }
  if (x->mode == Mode::Constant && cv::sign(x->val) < 0) {
    error(x->expr->pos, std::string("invalid argument: ") + what + " " + operandStr(*x) +
                            " must not be negative");
    return false;
  }
  return true;
}

// Checks an index expression; *val receives a constant index or -1.
bool Checker::index(ast::Expr* e, int64_t max, int64_t* val) {
  *val = -1;
  Operand x;
  expr(&x, e);
  if (!isValidIndexOperand(&x, "index")) return false;
  if (x.mode != Mode::Constant) return true;
  if (!x.val->fitsInt64() || (max >= 0 && x.val->int64Val() >= max)) {
    error(e->pos, "invalid argument: index " + x.val->str() + " out of bounds [0:" +
                      std::to_string(max) + "]");
    return false;
  }
  *val = x.val->int64Val();
  return true;
}

void Checker::indexExpr(Operand* x, ast::IndexExpr* e) {
  exprOrType(x, e->x);
  if (x->invalid()) {
    Operand y;
    if (e->index) expr(&y, e->index);
    return;
  }
  if (x->mode == Mode::TypeExpr) {
    error(e->pos, typeStr(x->type) + " is not a generic type");
    x->mode = Mode::Invalid;
    return;
  }
  Type* u = underlying(x->type);
  int64_t len = -1, v = 0;
  bool ok = true;
  if (isString(x->type)) {
    if (x->mode == Mode::Constant) len = static_cast<int64_t>(x->val->stringVal().size());
    ok = index(e->index, len, &v);
    if (x->mode == Mode::Constant && v >= 0 && ok) {
      x->val = cv::makeInt64(static_cast<unsigned char>(x->val->stringVal()[static_cast<size_t>(v)]));
    } else {
      x->mode = Mode::Value;
    }
    x->type = basicType(BasicKind::Uint8);
    if (x->mode == Mode::Constant) x->mode = Mode::Value;
    if (!ok) x->mode = Mode::Invalid;
    return;
  }
  if (u->kind == TypeKind::Pointer) {
    if (auto* a = under<Array>(static_cast<Pointer*>(u)->elem, TypeKind::Array)) {
      ok = index(e->index, a->len, &v);
      x->mode = Mode::Variable;
      x->type = a->elem;
      if (!ok) x->mode = Mode::Invalid;
      return;
    }
  }
  switch (u->kind) {
    case TypeKind::Array: {
      auto* a = static_cast<Array*>(u);
      ok = index(e->index, a->len, &v);
      if (x->mode != Mode::Variable) x->mode = Mode::Value;
      x->type = a->elem;
      break;
    }
    case TypeKind::Slice:
      ok = index(e->index, -1, &v);
      x->mode = Mode::Variable;
      x->type = static_cast<Slice*>(u)->elem;
      break;
    case TypeKind::Map: {
      auto* m = static_cast<Map*>(u);
      Operand k;
      exprWithHint(&k, e->index, m->key);
      if (!k.invalid()) assignment(&k, m->key, "map index");
      x->mode = Mode::MapIndex;
      x->type = m->elem;
      return;
    }
    default:
      error(e->x->pos, "invalid operation: cannot index " + operandStr(*x));
      x->mode = Mode::Invalid;
      if (e->index) { Operand y; expr(&y, e->index); }
      return;
  }
  if (!ok) x->mode = Mode::Invalid;
}

void Checker::sliceExpr(Operand* x, ast::SliceExpr* e) {
  expr(x, e->x);
  if (x->invalid()) return;
  Type* u = underlying(x->type);
  int64_t len = -1;
  switch (u->kind) {
    case TypeKind::Basic:
      if (!isString(x->type)) goto bad;
      if (e->slice3) {
        error(e->max ? e->max->pos : e->pos, "invalid operation: 3-index slice of string");
        x->mode = Mode::Invalid;
        return;
      }
      if (x->mode == Mode::Constant) len = static_cast<int64_t>(x->val->stringVal().size());
      if (isUntyped(x->type)) x->type = basicType(BasicKind::String);
      x->mode = Mode::Value;
      break;
    case TypeKind::Array: {
      auto* a = static_cast<Array*>(u);
      if (x->mode != Mode::Variable) {
        error(e->pos, "invalid operation: " + exprStr(e->x) + " (slice of unaddressable value)");
        x->mode = Mode::Invalid;
        return;
      }
      len = a->len;
      markAddressTaken(e->x);
      x->type = make<Slice>(a->elem);
      x->mode = Mode::Value;
      break;
    }
    case TypeKind::Pointer:
      if (auto* a = under<Array>(static_cast<Pointer*>(u)->elem, TypeKind::Array)) {
        len = a->len;
        x->type = make<Slice>(a->elem);
        x->mode = Mode::Value;
        break;
      }
      goto bad;
    case TypeKind::Slice: x->mode = Mode::Value; break;
    default:
    bad:
      error(e->x->pos, "cannot slice " + operandStr(*x));
      x->mode = Mode::Invalid;
      return;
  }
  if (e->slice3 && (!e->high || !e->max)) {
    error(e->pos, "middle index required in 3-index slice");
  }
  int64_t prev = -1;
  for (ast::Expr* ie : {e->low, e->high, e->max}) {
    if (!ie) continue;
    int64_t v = -1;
    if (!index(ie, len >= 0 ? len + 1 : -1, &v)) continue;
    if (v >= 0 && prev >= 0 && v < prev) {
      error(ie->pos, "invalid slice indices: " + std::to_string(v) + " < " + std::to_string(prev));
    }
    if (v >= 0) prev = v;
  }
}

// ---------------------------------------------------------------------------

void Checker::assertableTo(Type* iface, Type* t, ast::Expr* at, Operand* x) {
  if (isInterface(t)) return;
  MissingMethod mm;
  if (!findMissingMethod(t, static_cast<Interface*>(underlying(iface)), &mm)) return;
  std::string cause = mm.wrong_type ? "(wrong type for method " + mm.name + ")"
                                    : "(missing method " + mm.name + ")";
  error(at->pos, "impossible type assertion: " + exprStr(x->expr) + "\n\t" + typeStr(t) +
                     " does not implement " + typeStr(iface) + " " + cause);
  x->mode = Mode::Invalid;
}

void Checker::typeAssert(Operand* x, ast::TypeAssertExpr* e) {
  expr(x, e->x);
  if (x->invalid()) return;
  if (!e->type) {
    error(e->pos, "use of .(type) outside type switch");
    x->mode = Mode::Invalid;
    return;
  }
  if (!isInterface(x->type)) {
    error(e->x->pos, "invalid operation: " + operandStr(*x) + " is not an interface");
    x->mode = Mode::Invalid;
    return;
  }
  Type* t = typExpr(e->type);
  if (!isValid(t)) {
    x->mode = Mode::Invalid;
    return;
  }
  Type* iface = x->type;
  x->expr = e;
  assertableTo(iface, t, e, x);
  if (x->invalid()) return;
  x->mode = Mode::CommaOk;
  x->type = t;
}

void Checker::starExpr(Operand* x, ast::StarExpr* e) {
  exprOrType(x, e->x);
  if (x->invalid()) return;
  if (x->mode == Mode::TypeExpr) {
    x->type = make<Pointer>(x->type);
    return;
  }
  if (x->type == basicType(BasicKind::UntypedNil)) {
    error(e->pos, "invalid operation: cannot indirect nil");
    x->mode = Mode::Invalid;
    return;
  }
  auto* p = under<Pointer>(x->type, TypeKind::Pointer);
  if (!p) {
    error(e->pos, "invalid operation: cannot indirect " + operandStr(*x));
    x->mode = Mode::Invalid;
    return;
  }
  x->mode = Mode::Variable;
  x->type = p->elem;
}

}  // namespace csp::check
