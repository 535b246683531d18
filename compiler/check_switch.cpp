// switch, type switch, select and range statements, and Go's terminating
// statement rule (as go/types' stmt.go and return.go).
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

namespace {

constexpr int kFallthroughOk = 1;
constexpr int kFinalCase = 2;
constexpr int kInTypeSwitch = 4;

}  // namespace

void Checker::switchStmt(ast::SwitchStmt* s) {
  std::string label = pending_label_;
  pending_label_.clear();
  openScope();
  simpleStmt(s->init);
  Operand x;
  if (s->tag) {
    expr(&x, s->tag);
    defaultUntyped(&x);
    if (!x.invalid() && !isComparable(x.type) && !hasNil(x.type)) {
      error(s->tag->pos, "cannot switch on " + operandStr(x));
      x.mode = Mode::Invalid;
    }
  } else {
    x.mode = Mode::Constant;
    x.type = basicType(BasicKind::Bool);
    x.val = types::constant::makeBool(true);
  }
  targets_.push_back({s, label, false});
  std::vector<std::pair<const ConstValue*, Type*>> seen;
  bool has_default = false;
  const auto& clauses = s->body ? s->body->list : std::vector<ast::Stmt*>{};
  for (size_t ci = 0; ci < clauses.size(); ci++) {
    if (!clauses[ci] || clauses[ci]->kind != ast::StmtKind::CaseClause) continue;
    auto* cc = static_cast<ast::CaseClause*>(clauses[ci]);
    if (cc->is_default) {
      if (has_default) error(cc->pos, "multiple defaults in switch");
      has_default = true;
    }
    for (ast::Expr* e : cc->list) {
      Operand v;
      expr(&v, e);
      if (x.invalid() || v.invalid()) continue;
      convertUntyped(&v, x.type);
      if (v.invalid()) continue;
      Operand res = v, xx = x;
      if (!s->tag) xx.expr = nullptr;
      comparisonCase(&res, &xx, e);
      if (res.invalid() || v.mode != Mode::Constant) continue;
      for (auto& [val, t] : seen) {
        if (identical(t, v.type) && val->kind() == v.val->kind() &&
            types::constant::compare(val, Tok::Eql, v.val)) {
          error(e->pos, "duplicate case " + operandStr(v) + " in expression switch");
          break;
        }
      }
      seen.emplace_back(v.val, v.type);
    }
    openScope();
    int saved = stmt_ctx_;
    stmt_ctx_ = ci + 1 < clauses.size() ? kFallthroughOk : kFinalCase;
    stmtList(cc->body);
    stmt_ctx_ = saved;
    closeScope();
  }
  targets_.pop_back();
  closeScope();
}

// A case value compared against the switch tag (errors at the case value).
void Checker::comparisonCase(Operand* v, Operand* x, ast::Expr* /*e*/) {
  Operand xv = *x;
  if (!xv.expr) {
    static ast::Ident kTrue(Pos{}, "true");
    xv.expr = &kTrue;
  }
  switch_case_ = true;
  comparison(v, &xv, Tok::Eql, nullptr);
  switch_case_ = false;
}

// The x.(type) of a type switch, and the v of `v := x.(type)`.
ast::TypeAssertExpr* Checker::typeSwitchGuard(ast::TypeSwitchStmt* s, ast::Ident** lhs) {
  ast::Expr* e = nullptr;
  if (s->assign && s->assign->kind == ast::StmtKind::Expr) {
    e = unparen(static_cast<ast::ExprStmt*>(s->assign)->x);
  } else if (s->assign && s->assign->kind == ast::StmtKind::Assign) {
    auto* as = static_cast<ast::AssignStmt*>(s->assign);
    if (as->lhs.size() == 1 && as->lhs[0] && as->lhs[0]->kind == ast::ExprKind::Ident)
      *lhs = static_cast<ast::Ident*>(as->lhs[0]);
    e = as->rhs.size() == 1 ? unparen(as->rhs[0]) : nullptr;
    as->is_new.assign(1, true);
  }
  return e && e->kind == ast::ExprKind::TypeAssert ? static_cast<ast::TypeAssertExpr*>(e) : nullptr;
}

// One type in a type switch case: a type that x may hold, or nil. Returns
// null after an error (or when x is invalid).
Type* Checker::typeSwitchCase(ast::Expr* e, const Operand& x) {
  ast::Expr* ue = unparen(e);
  Object* nil = scope_->lookupParent("nil");
  if (ue && ue->kind == ast::ExprKind::Ident && static_cast<ast::Ident*>(ue)->name == "nil" && nil &&
      nil->kind == ObjKind::Nil) {
    Type* t = basicType(BasicKind::UntypedNil);
    static_cast<ast::Ident*>(ue)->obj = nil;
    e->tv.mode = Mode::Value;
    e->tv.type = t;
    ue->tv = e->tv;
    return t;
  }
  Type* t = typExpr(e);
  if (!isValid(t) || x.invalid()) return nullptr;
  MissingMethod mm;
  if (!isInterface(t) && findMissingMethod(t, static_cast<Interface*>(underlying(x.type)), &mm)) {
    error(e->pos, "impossible type switch case: " + exprStr(e) + "\n\t" + operandStr(x) +
                      " cannot have dynamic type " + typeStr(t) + " (" +
                      (mm.wrong_type ? "wrong type for method " : "missing method ") + mm.name + ")");
    return nullptr;
  }
  return t;
}

void Checker::typeSwitchStmt(ast::TypeSwitchStmt* s) {
  std::string label = pending_label_;
  pending_label_.clear();
  openScope();
  simpleStmt(s->init);
  ast::Ident* lhs = nullptr;
  ast::TypeAssertExpr* guard = typeSwitchGuard(s, &lhs);
  if (!guard) {
    closeScope();
    return;
  }
  if (lhs && lhs->name == "_") {
    error(lhs->pos, "no new variable on left side of :=");
    lhs = nullptr;
  }
  Operand x;
  expr(&x, guard->x);
  if (!x.invalid() && !isInterface(x.type)) {
    error(guard->x->pos, operandStr(x) + " is not an interface");
    x.mode = Mode::Invalid;
  }
  guard->tv.mode = x.invalid() ? Mode::Invalid : Mode::Value;
  guard->tv.type = x.invalid() ? invalidType() : x.type;
  targets_.push_back({s, label, false});
  std::vector<Var*> clause_vars;
  bool has_default = false;
  std::vector<Type*> seen;
  const auto& clauses = s->body ? s->body->list : std::vector<ast::Stmt*>{};
  for (ast::Stmt* st : clauses) {
    if (!st || st->kind != ast::StmtKind::CaseClause) continue;
    auto* cc = static_cast<ast::CaseClause*>(st);
    if (cc->is_default) {
      if (has_default) error(cc->pos, "multiple defaults in switch");
      has_default = true;
    }
    Type* single = nullptr;
    for (ast::Expr* e : cc->list) {
      Type* t = typeSwitchCase(e, x);
      if (!t) {
        single = nullptr;
        continue;
      }
      for (Type* o : seen)
        if (identical(o, t)) {
          error(e->pos, "duplicate case " + exprStr(e) + " in type switch");
          break;
        }
      seen.push_back(t);
      single = t;
    }
    openScope();
    if (lhs) {
      Type* vt = cc->list.size() == 1 && single && single != basicType(BasicKind::UntypedNil) ? single : x.type;
      auto* v = make<Var>(lhs->name);
      v->type = x.invalid() ? invalidType() : vt;
      v->pkg = pkg_;
      v->pos = lhs->pos;
      var_owner_[v] = fctx_;
      scope_->insert(v);
      cc->implicit = v;
      clause_vars.push_back(v);
    }
    int saved = stmt_ctx_;
    stmt_ctx_ = kInTypeSwitch;
    stmtList(cc->body);
    stmt_ctx_ = saved;
    closeScope();
  }
  if (lhs) {
    bool used = false;
    for (Var* v : clause_vars) used = used || v->used;
    auto* sym = make<Var>(lhs->name);
    sym->type = x.type;
    sym->pos = lhs->pos;
    sym->pkg = pkg_;
    sym->used = true;
    lhs->obj = sym;
    lhs->tv.mode = Mode::Variable;
    lhs->tv.type = x.type;
    if (!used) warning(lhs->pos, "declared and not used: " + lhs->name);
  }
  targets_.pop_back();
  closeScope();
}

void Checker::selectStmt(ast::SelectStmt* s) {
  std::string label = pending_label_;
  pending_label_.clear();
  targets_.push_back({s, label, false});
  bool has_default = false;
  const auto& clauses = s->body ? s->body->list : std::vector<ast::Stmt*>{};
  for (ast::Stmt* st : clauses) {
    if (!st || st->kind != ast::StmtKind::CommClause) continue;
    auto* cc = static_cast<ast::CommClause*>(st);
    openScope();
    if (!cc->comm) {
      if (has_default) error(cc->pos, "multiple defaults in select");
      has_default = true;
    } else {
      bool valid = false;
      ast::Stmt* c = cc->comm;
      if (c->kind == ast::StmtKind::Send) {
        valid = true;
      } else if (c->kind == ast::StmtKind::Expr) {
        ast::Expr* e = unparen(static_cast<ast::ExprStmt*>(c)->x);
        valid = e && e->kind == ast::ExprKind::Unary && static_cast<ast::UnaryExpr*>(e)->op == Tok::Arrow;
      } else if (c->kind == ast::StmtKind::Assign) {
        auto* as = static_cast<ast::AssignStmt*>(c);
        ast::Expr* e = as->rhs.size() == 1 ? unparen(as->rhs[0]) : nullptr;
        valid = e && e->kind == ast::ExprKind::Unary && static_cast<ast::UnaryExpr*>(e)->op == Tok::Arrow;
      }
      if (!valid) error(c->pos, "select case must be receive, send or assign recv");
      stmt(c);
    }
    stmtList(cc->body);
    closeScope();
  }
  targets_.pop_back();
}

// ---------------------------------------------------------------------------

// The key and value types of `range x` (null where there is none), with
// Go 1.22's range over integers.
void Checker::rangeTypes(Operand* xp, ast::RangeStmt* s, Type** key, Type** val) {
  Operand& x = *xp;
  bool one_only = false;
  if (!x.invalid()) {
    Type* u = underlying(x.type);
    if (u->kind == TypeKind::Pointer) {
      if (auto* a = under<Array>(static_cast<Pointer*>(u)->elem, TypeKind::Array)) u = a;
    }
    if (isString(x.type)) {
      *key = basicType(BasicKind::Int);
      *val = basicType(BasicKind::Int32);
      if (isUntyped(x.type)) convertUntyped(&x, basicType(BasicKind::String));
    } else if (isInteger(x.type)) {
      if (isUntyped(x.type)) defaultUntyped(&x);
      *key = x.type;
      one_only = true;
    } else if (u->kind == TypeKind::Array) {
      *key = basicType(BasicKind::Int);
      *val = static_cast<Array*>(u)->elem;
    } else if (u->kind == TypeKind::Slice) {
      *key = basicType(BasicKind::Int);
      *val = static_cast<Slice*>(u)->elem;
    } else if (u->kind == TypeKind::Map) {
      *key = static_cast<Map*>(u)->key;
      *val = static_cast<Map*>(u)->elem;
    } else if (u->kind == TypeKind::Chan) {
      auto* c = static_cast<Chan*>(u);
      *key = c->elem;
      one_only = true;
      if (c->dir == ast::ChanDir::Send) {
        error(s->x->pos, "cannot range over " + operandStr(x) + ": receive from send-only channel");
        *key = nullptr;
      }
    } else {
      error(s->x->pos, "cannot range over " + operandStr(x));
    }
  }
  if (one_only && s->value) {
    error(s->value->pos, "range over " + operandStr(x) + " permits only one iteration variable");
  }
}

void Checker::rangeStmt(ast::RangeStmt* s) {
  std::string label = pending_label_;
  pending_label_.clear();
  openScope();
  Operand x;
  expr(&x, s->x);
  Type* key = nullptr;
  Type* val = nullptr;
  rangeTypes(&x, s, &key, &val);
  ast::Expr* lhs[2] = {s->key, s->value};
  Type* types[2] = {key, val};
  if (s->tok == Tok::Define) {
    std::vector<std::pair<ast::Ident*, Var*>> vars;
    for (int i = 0; i < 2; i++) {
      if (!lhs[i]) continue;
      if (lhs[i]->kind != ast::ExprKind::Ident) {
        error(lhs[i]->pos, "non-name " + exprStr(lhs[i]) + " on left side of :=");
        continue;
      }
      auto* id = static_cast<ast::Ident*>(lhs[i]);
      auto* v = make<Var>(id->name);
      v->type = types[i] ? types[i] : invalidType();
      id->tv.mode = Mode::Variable;
      id->tv.type = v->type;
      vars.push_back({id, v});
    }
    for (auto& [id, v] : vars) declareLocal(id, v);
  } else if (s->tok == Tok::Assign) {
    for (int i = 0; i < 2; i++) {
      if (!lhs[i] || !types[i]) continue;
      Operand y;
      y.mode = Mode::Value;
      y.type = types[i];
      y.expr = lhs[i];
      assignVarOperand(lhs[i], &y);
    }
  }
  targets_.push_back({s, label, true});
  if (s->body) stmt(s->body);
  targets_.pop_back();
  closeScope();
}

// ---------------------------------------------------------------------------
// Terminating statements (the Go spec's definition).

namespace {

bool hasBreak(ast::Stmt* s, ast::Stmt* target);

bool hasBreakList(const std::vector<ast::Stmt*>& list, ast::Stmt* target) {
  for (ast::Stmt* s : list)
    if (hasBreak(s, target)) return true;
  return false;
}

bool hasBreak(ast::Stmt* s, ast::Stmt* target) {
  if (!s) return false;
  using K = ast::StmtKind;
  switch (s->kind) {
    case K::Branch: {
      auto* b = static_cast<ast::BranchStmt*>(s);
      return b->tok == Tok::Break && b->target == target;
    }
    case K::Block: return hasBreakList(static_cast<ast::BlockStmt*>(s)->list, target);
    case K::Labeled: return hasBreak(static_cast<ast::LabeledStmt*>(s)->stmt, target);
    case K::If: {
      auto* i = static_cast<ast::IfStmt*>(s);
      return hasBreak(i->body, target) || hasBreak(i->els, target);
    }
    case K::CaseClause: return hasBreakList(static_cast<ast::CaseClause*>(s)->body, target);
    case K::CommClause: return hasBreakList(static_cast<ast::CommClause*>(s)->body, target);
    case K::Switch: return hasBreak(static_cast<ast::SwitchStmt*>(s)->body, target);
    case K::TypeSwitch: return hasBreak(static_cast<ast::TypeSwitchStmt*>(s)->body, target);
    case K::Select: return hasBreak(static_cast<ast::SelectStmt*>(s)->body, target);
    case K::For: return hasBreak(static_cast<ast::ForStmt*>(s)->body, target);
    case K::Range: return hasBreak(static_cast<ast::RangeStmt*>(s)->body, target);
    default: return false;
  }
}

ast::Stmt* lastStmt(const std::vector<ast::Stmt*>& list) {
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    if (*it && (*it)->kind != ast::StmtKind::Empty) return *it;
  return nullptr;
}

}  // namespace

bool Checker::isTerminating(ast::Stmt* s, const std::string& label) {
  if (!s) return false;
  using K = ast::StmtKind;
  switch (s->kind) {
    case K::Return: return true;
    case K::Branch: {
      Tok t = static_cast<ast::BranchStmt*>(s)->tok;
      return t == Tok::Goto || t == Tok::Fallthrough;
    }
    case K::Expr: {
      ast::Expr* e = unparen(static_cast<ast::ExprStmt*>(s)->x);
      if (!e || e->kind != ast::ExprKind::Call) return false;
      auto* c = static_cast<ast::CallExpr*>(e);
      return c->call_kind == ast::CallKind::Builtin && c->builtin == ast::BuiltinId::Panic;
    }
    case K::Block: return isTerminating(lastStmt(static_cast<ast::BlockStmt*>(s)->list), "");
    case K::Labeled: {
      auto* l = static_cast<ast::LabeledStmt*>(s);
      return isTerminating(l->stmt, l->label ? l->label->name : "");
    }
    case K::If: {
      auto* i = static_cast<ast::IfStmt*>(s);
      return i->els && isTerminating(i->body, "") && isTerminating(i->els, "");
    }
    case K::For: {
      auto* f = static_cast<ast::ForStmt*>(s);
      return !f->cond && !hasBreak(f->body, s);
    }
    case K::Switch: case K::TypeSwitch: case K::Select: {
      ast::BlockStmt* body = s->kind == K::Switch ? static_cast<ast::SwitchStmt*>(s)->body
                             : s->kind == K::TypeSwitch ? static_cast<ast::TypeSwitchStmt*>(s)->body
                                                        : static_cast<ast::SelectStmt*>(s)->body;
      if (!body || hasBreak(body, s)) return false;
      bool has_default = s->kind == K::Select;
      for (ast::Stmt* c : body->list) {
        if (!c) continue;
        const std::vector<ast::Stmt*>* list = nullptr;
        if (c->kind == K::CaseClause) {
          auto* cc = static_cast<ast::CaseClause*>(c);
          if (cc->is_default) has_default = true;
          list = &cc->body;
        } else if (c->kind == K::CommClause) {
          list = &static_cast<ast::CommClause*>(c)->body;
        } else {
          continue;
        }
        if (!isTerminating(lastStmt(*list), "")) return false;
      }
      (void)label;
      return has_default;
    }
    default: return false;
  }
}

}  // namespace csp::check
