// Calls: function and method calls, conversions T(x), method expressions
// and argument passing, including f(g()) and variadic f(s...) (as
// go/types' call.go).
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

namespace {

std::string typesSummary(const Checker& c, const std::vector<Type*>& list, bool variadic) {
  std::string out = "(";
  for (size_t i = 0; i < list.size(); i++) {
    if (i) out += ", ";
    Type* t = list[i];
    if (!isValid(t)) {
      out += "unknown type";
    } else if (isUntyped(t)) {
      std::string n = static_cast<Basic*>(t)->name;
      out += isNumeric(t) ? "number" : n.substr(n.find(' ') + 1);
    } else if (variadic && i + 1 == list.size() && t->kind == TypeKind::Slice) {
      out += "..." + c.typeStr(static_cast<Slice*>(t)->elem);
    } else {
      out += c.typeStr(t);
    }
  }
  return out + ")";
}

}  // namespace

void Checker::argList(ast::CallExpr* call, std::vector<Operand>* args) {
  if (call->args.size() == 1 && !call->has_ellipsis) {
    Operand x;
    multiExpr(&x, call->args[0], args, false);
    return;
  }
  for (ast::Expr* a : call->args) {
    Operand x;
    expr(&x, a);
    args->push_back(x);
  }
}

void Checker::arguments(ast::CallExpr* call, Signature* sig, std::vector<Operand>& args,
                        const std::string& name) {
  for (const Operand& a : args)
    if (a.invalid()) return;
  const auto& params = sig->params->vars;
  size_t npars = params.size(), nargs = args.size();
  bool multi = call->args.size() == 1 && nargs > 1;
  if (call->has_ellipsis) {
    if (!sig->variadic) {
      error(call->ellipsis, "cannot use ... in call to non-variadic " + name);
      return;
    }
    if (multi) {
      error(call->args[0]->pos, "cannot use ... with multi-valued " + exprStr(call->args[0]));
      return;
    }
  }
  std::vector<Type*> ptypes;
  for (Var* p : params) ptypes.push_back(p->type);
  if (sig->variadic && !call->has_ellipsis && npars > 0) {
    Type* elem = static_cast<Slice*>(params.back()->type)->elem;
    if (nargs >= npars - 1) {
      ptypes.pop_back();
      while (ptypes.size() < nargs) ptypes.push_back(elem);
    }
  }
  if (nargs != ptypes.size()) {
    bool few = nargs < ptypes.size();
    Pos at = few ? (call->args.empty() ? call->pos : call->args.back()->pos)
                 : (multi ? call->args[0]->pos : args[ptypes.size()].expr->pos);
    std::vector<Type*> have;
    for (const Operand& a : args) have.push_back(a.type);
    std::vector<Type*> want;
    for (Var* p : params) want.push_back(p->type);
    error(at, std::string(few ? "not enough" : "too many") + " arguments in call to " + name +
                  "\n\thave " + typesSummary(*this, have, false) + "\n\twant " +
                  typesSummary(*this, want, sig->variadic));
    return;
  }
  for (size_t i = 0; i < nargs; i++) assignment(&args[i], ptypes[i], "argument to " + name);
}

void Checker::callExpr(Operand* x, ast::CallExpr* e) {
  if (!e->fun) return;
  exprOrType(x, e->fun);
  if (x->invalid()) {
    for (ast::Expr* a : e->args) {
      Operand y;
      rawExpr(&y, a, nullptr, false);
    }
    return;
  }
  if (x->mode == Mode::TypeExpr) {
    Type* t = x->type;
    e->call_kind = ast::CallKind::Conversion;
    x->mode = Mode::Invalid;
    if (e->args.size() != 1) {
      error(e->args.empty() ? e->rparen : e->args[1]->pos,
            std::string(e->args.empty() ? "missing argument" : "too many arguments") +
                " in conversion to " + typeStr(t));
      for (ast::Expr* a : e->args) { Operand y; expr(&y, a); }
      return;
    }
    if (e->has_ellipsis) {
      error(e->args[0]->pos, "invalid use of ... in conversion to " + typeStr(t));
      return;
    }
    exprWithHint(x, e->args[0], t);
    if (!x->invalid()) conversion(x, t, e);
    x->expr = e;
    return;
  }
  if (x->mode == Mode::Builtin) {
    e->call_kind = ast::CallKind::Builtin;
    e->builtin = x->builtin;
    ast::BuiltinId id = x->builtin;
    if (!builtin(x, e, id)) x->mode = Mode::Invalid;
    x->expr = e;
    return;
  }
  auto* sig = under<Signature>(x->type, TypeKind::Signature);
  if (!sig) {
    error(e->fun->pos, "invalid operation: cannot call non-function " + operandStr(*x));
    x->mode = Mode::Invalid;
    for (ast::Expr* a : e->args) { Operand y; rawExpr(&y, a, nullptr, false); }
    return;
  }
  e->call_kind = ast::CallKind::Regular;
  std::vector<Operand> args;
  argList(e, &args);
  arguments(e, sig, args, exprStr(e->fun));
  x->expr = e;
  size_t n = sig->results->vars.size();
  if (n == 0) {
    x->mode = Mode::NoValue;
    x->type = nullptr;
  } else if (n == 1) {
    x->mode = Mode::Value;
    x->type = sig->results->vars[0]->type;
  } else {
    x->mode = Mode::Value;
    x->type = sig->results;
  }
}

// T.m or (*T).m: a function whose first parameter is the receiver.
void Checker::methodExpr(Operand* x, ast::SelectorExpr* e, Type* t) {
  const std::string& name = e->sel->name;
  bool ambiguous = false;
  Selection* sel = lookupFieldOrMethodEx(t, name, &ambiguous);
  if (!sel || sel->kind != SelectionKind::MethodVal) {
    std::string why = sel ? "has no method " + name : ambiguous ? "ambiguous selector" : "has no method " + name;
    error(e->sel->pos, exprStr(e->x) + "." + name + " undefined (type " + typeStr(t) + " " + why + ")");
    x->mode = Mode::Invalid;
    return;
  }
  auto* f = static_cast<Func*>(sel->obj);
  if (!f->type) objDecl(f);
  if (f->ptr_recv && t->kind != TypeKind::Pointer && !sel->indirect) {
    error(e->sel->pos, "invalid method expression " + exprStr(e->x) + "." + name +
                      " (needs pointer receiver (*" + typeStr(t) + ")." + name + ")");
    x->mode = Mode::Invalid;
    return;
  }
  if (cur_decl_ && decls_.count(f)) cur_decl_->deps.insert(f);
  sel->kind = SelectionKind::MethodExpr;
  sel->recv = t;
  if (t->kind == TypeKind::Pointer) sel->indirect = true;
  e->selection = sel;
  e->sel->obj = f;
  auto* ms = static_cast<Signature*>(f->type);
  auto* sig = make<Signature>();
  sig->params = make<Tuple>();
  auto* rv = make<Var>("");
  rv->type = t;
  rv->is_param = true;
  sig->params->vars.push_back(rv);
  if (ms) {
    for (Var* p : ms->params->vars) sig->params->vars.push_back(p);
    sig->results = ms->results;
    sig->variadic = ms->variadic;
  } else {
    sig->results = make<Tuple>();
  }
  x->mode = Mode::Value;
  x->type = sig;
}

}  // namespace csp::check
