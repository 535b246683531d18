// Assignments: =, op=, :=, ++/--, variable initialization with one value
// per variable or from one multi-valued expression (f(), m[k], x.(T),
// <-ch) (as go/types' assignments.go).
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

namespace {

std::string measure(size_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

}  // namespace

void Checker::assignError(const std::vector<ast::Expr*>& rhs, size_t nvars, size_t nvals, Pos pos) {
  std::string vars = measure(nvars, "variable"), vals = measure(nvals, "value");
  Pos at = rhs.empty() || !rhs[0] ? pos : rhs[0]->pos;
  if (rhs.size() == 1) {
    ast::Expr* e = unparen(rhs[0]);
    if (e && e->kind == ast::ExprKind::Call) {
      error(at, "assignment mismatch: " + vars + " but " + exprStr(static_cast<ast::CallExpr*>(e)->fun) +
                    " returns " + vals);
      return;
    }
  }
  error(at, "assignment mismatch: " + vars + " but " + vals);
}

void Checker::initVar(Var* v, Operand* x, const std::string& context) {
  if (x->invalid() || !isValid(x->type)) {
    if (!v->type) v->type = invalidType();
    x->mode = Mode::Invalid;
    return;
  }
  if (!v->type) {
    Type* t = x->type;
    if (isUntyped(t)) {
      if (t == basicType(BasicKind::UntypedNil)) {
        error(x->expr->pos, "use of untyped nil in " + context);
        v->type = invalidType();
        x->mode = Mode::Invalid;
        return;
      }
      t = defaultType(t);
    }
    v->type = t;
  }
  assignment(x, v->type, context);
}

// lhs = rhs... for variables being declared (var decls, :=).
void Checker::initVars(const std::vector<Var*>& lhs, const std::vector<ast::Expr*>& rhs, Pos pos,
                       const std::string& context) {
  size_t l = lhs.size(), r = rhs.size();
  auto invalidate = [&]() {
    for (Var* v : lhs)
      if (!v->type) v->type = invalidType();
  };
  bool is_call = r == 1 && unparen(rhs[0]) && unparen(rhs[0])->kind == ast::ExprKind::Call;
  if (l == r && !is_call) {
    for (size_t i = 0; i < l; i++) {
      Operand x;
      exprWithHint(&x, rhs[i], lhs[i]->type);
      initVar(lhs[i], &x, context);
    }
    return;
  }
  if (r != 1) {
    assignError(rhs, l, r, pos);
    for (ast::Expr* e : rhs) { Operand x; rawExpr(&x, e, nullptr, false); }
    invalidate();
    return;
  }
  std::vector<Operand> ops;
  Operand x;
  multiExpr(&x, rhs[0], &ops, l == 2);
  if (ops.size() == 1 && ops[0].invalid()) {
    invalidate();
    return;
  }
  if (l == 2 && ops.size() == 1 && (ops[0].mode == Mode::MapIndex || ops[0].mode == Mode::CommaOk)) {
    initVar(lhs[0], &ops[0], context);
    Operand ok;
    ok.mode = Mode::Value;
    ok.type = basicType(BasicKind::UntypedBool);
    ok.expr = rhs[0];
    Type* saved = rhs[0]->tv.type;
    initVar(lhs[1], &ok, context);
    rhs[0]->tv.type = saved;  // the expression keeps its single value's type
    return;
  }
  if (ops.size() != l) {
    assignError(rhs, l, ops.size(), pos);
    invalidate();
    return;
  }
  for (size_t i = 0; i < l; i++) initVar(lhs[i], &ops[i], context);
  if (ops.size() > 1) rhs[0]->tv.type = x.type;  // the tuple
}

// The type of an assignable lhs (null for the blank identifier).
Type* Checker::lhsVar(ast::Expr* lhs) {
  if (isBlankIdent(lhs)) {
    lhs->tv.mode = Mode::Variable;
    static_cast<ast::Ident*>(lhs)->obj = nullptr;
    return nullptr;
  }
  Operand x;
  bool saved = lhs_;
  ast::Expr* ue = unparen(lhs);
  lhs_ = ue && ue->kind == ast::ExprKind::Ident;
  expr(&x, lhs);
  lhs_ = saved;
  switch (x.mode) {
    case Mode::Invalid: return invalidType();
    case Mode::Variable: case Mode::MapIndex: return x.type;
    default: break;
  }
  if (ue && ue->kind == ast::ExprKind::Selector) {
    ast::Expr* base = unparen(static_cast<ast::SelectorExpr*>(ue)->x);
    if (base && base->tv.mode == Mode::MapIndex) {
      error(lhs->pos, "cannot assign to struct field " + exprStr(lhs) + " in map");
      return invalidType();
    }
  }
  error(lhs->pos, "cannot assign to " + exprStr(lhs) + " (neither addressable nor a map index expression)");
  return invalidType();
}

void Checker::assignVarOperand(ast::Expr* lhs, Operand* x) {
  Type* t = lhsVar(lhs);
  if (t && !isValid(t)) return;
  if (!t && isBlankIdent(lhs)) {
    assignment(x, nullptr, "assignment");
    if (!x->invalid()) lhs->tv.type = x->type;
    return;
  }
  assignment(x, t, "assignment");
}

void Checker::assignVarExpr(ast::Expr* lhs, ast::Expr* rhs) {
  Type* t = lhsVar(lhs);
  Operand x;
  exprWithHint(&x, rhs, t && isValid(t) ? t : nullptr);
  if (x.invalid() || (t && !isValid(t))) return;
  if (!t) {
    assignment(&x, nullptr, "assignment");
    if (!x.invalid()) lhs->tv.type = x.type;
    return;
  }
  assignment(&x, t, "assignment");
}

void Checker::assignVars(const std::vector<ast::Expr*>& lhs, const std::vector<ast::Expr*>& rhs, Pos pos) {
  size_t l = lhs.size(), r = rhs.size();
  bool is_call = r == 1 && unparen(rhs[0]) && unparen(rhs[0])->kind == ast::ExprKind::Call;
  if (l == r && !is_call) {
    for (size_t i = 0; i < l; i++) assignVarExpr(lhs[i], rhs[i]);
    return;
  }
  if (r != 1) {
    for (ast::Expr* e : lhs) lhsVar(e);
    for (ast::Expr* e : rhs) { Operand x; rawExpr(&x, e, nullptr, false); }
    assignError(rhs, l, r, pos);
    return;
  }
  std::vector<Type*> types;
  for (ast::Expr* e : lhs) types.push_back(lhsVar(e));
  std::vector<Operand> ops;
  Operand x;
  multiExpr(&x, rhs[0], &ops, l == 2);
  if (ops.size() == 1 && ops[0].invalid()) return;
  auto assign = [&](size_t i, Operand* o) {
    if (types[i] && !isValid(types[i])) return;
    assignment(o, types[i], "assignment");
    if (!types[i] && !o->invalid()) lhs[i]->tv.type = o->type;
  };
  if (l == 2 && ops.size() == 1 && (ops[0].mode == Mode::MapIndex || ops[0].mode == Mode::CommaOk)) {
    assign(0, &ops[0]);
    Operand ok;
    ok.mode = Mode::Value;
    ok.type = basicType(BasicKind::UntypedBool);
    ok.expr = nullptr;
    if (types[1] && isValid(types[1]) && !isBoolean(types[1])) {
      error(lhs[1]->pos, "cannot use " + exprStr(rhs[0]) + " (untyped bool value) as " + typeStr(types[1]) +
                             " value in assignment");
    }
    if (!types[1]) lhs[1]->tv.type = basicType(BasicKind::Bool);
    return;
  }
  if (ops.size() != l) {
    assignError(rhs, l, ops.size(), pos);
    return;
  }
  for (size_t i = 0; i < l; i++) assign(i, &ops[i]);
  if (ops.size() > 1) rhs[0]->tv.type = x.type;
}

void Checker::shortVarDecl(ast::AssignStmt* s) {
  std::vector<Var*> lhs_vars;
  std::vector<std::pair<ast::Ident*, Var*>> new_vars;
  std::set<std::string> seen;
  bool any_new = false, bad = false;
  s->is_new.assign(s->lhs.size(), false);
  for (size_t i = 0; i < s->lhs.size(); i++) {
    ast::Expr* e = s->lhs[i];
    if (!e || e->kind != ast::ExprKind::Ident) {
      if (e) {
        Operand x;
        rawExpr(&x, e, nullptr, false);
        error(e->pos, "non-name " + exprStr(e) + " on left side of :=");
      }
      bad = true;
      lhs_vars.push_back(make<Var>("_"));
      continue;
    }
    auto* id = static_cast<ast::Ident*>(e);
    if (id->name != "_" && !seen.insert(id->name).second) {
      error(id->pos, id->name + " repeated on left side of :=");
      bad = true;
    }
    Object* old = id->name == "_" ? nullptr : scope_->lookup(id->name);
    if (old && old->kind == ObjKind::Var) {
      id->obj = old;
      id->tv.mode = Mode::Variable;
      id->tv.type = old->type;
      lhs_vars.push_back(static_cast<Var*>(old));
      continue;
    }
    auto* v = make<Var>(id->name);
    v->pos = id->pos;
    v->pkg = pkg_;
    lhs_vars.push_back(v);
    if (id->name != "_") {
      any_new = true;
      s->is_new[i] = true;
    }
    new_vars.push_back({id, v});
  }
  if (!any_new && !bad) error(s->op_pos, "no new variables on left side of :=");
  initVars(lhs_vars, s->rhs, s->pos, "assignment");
  for (auto& [id, v] : new_vars) {
    id->tv.mode = Mode::Variable;
    id->tv.type = v->type;
    if (id->name == "_") {
      id->obj = v;
      continue;
    }
    declareLocal(id, v);
  }
}

void Checker::assignStmt(ast::AssignStmt* s) {
  if (s->lhs.empty() || s->rhs.empty()) return;
  switch (s->op) {
    case Tok::Define: shortVarDecl(s); return;
    case Tok::Assign: assignVars(s->lhs, s->rhs, s->pos); return;
    default: assignOp(s); return;
  }
}

namespace {

Tok binaryOf(Tok op) {
  switch (op) {
    case Tok::AddAssign: return Tok::Add;
    case Tok::SubAssign: return Tok::Sub;
    case Tok::MulAssign: return Tok::Mul;
    case Tok::QuoAssign: return Tok::Quo;
    case Tok::RemAssign: return Tok::Rem;
    case Tok::AndAssign: return Tok::And;
    case Tok::OrAssign: return Tok::Or;
    case Tok::XorAssign: return Tok::Xor;
    case Tok::ShlAssign: return Tok::Shl;
    case Tok::ShrAssign: return Tok::Shr;
    case Tok::AndNotAssign: return Tok::AndNot;
    default: return Tok::Illegal;
  }
}

}  // namespace

void Checker::assignOp(ast::AssignStmt* s) {
  if (s->lhs.size() != 1 || s->rhs.size() != 1) {
    error(s->op_pos, std::string("assignment operation ") + tokSpelling(s->op) + " requires single-valued expressions");
    return;
  }
  Operand x;
  binary(&x, nullptr, s->lhs[0], s->rhs[0], binaryOf(s->op), s->op_pos);
  if (x.invalid()) return;
  x.expr = s->rhs[0];
  assignVarOperand(s->lhs[0], &x);
}

void Checker::incDec(ast::IncDecStmt* s) {
  Operand x;
  expr(&x, s->x);
  if (x.invalid()) return;
  if (!isNumeric(x.type)) {
    error(s->x->pos, std::string("invalid operation: ") + exprStr(s->x) + tokSpelling(s->op) +
                         " (non-numeric type " + typeStr(x.type) + ")");
    return;
  }
  if (x.mode != Mode::Variable && x.mode != Mode::MapIndex) {
    error(s->x->pos, "cannot assign to " + exprStr(s->x) + " (neither addressable nor a map index expression)");
  }
}

}  // namespace csp::check
