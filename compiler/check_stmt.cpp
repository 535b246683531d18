// Statements: blocks and scopes, function bodies, if/for/range/switch/
// type switch/select, branches and labels, go/defer, and Go's
// terminating-statement rule for "missing return" (as go/types' stmt.go,
// labels.go, return.go).
#include <algorithm>

#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

namespace {

constexpr int kFallthroughOk = 1;
constexpr int kFinalCase = 2;
constexpr int kInTypeSwitch = 4;

}  // namespace

void Checker::openScope() { scope_ = make<Scope>(scope_); }
void Checker::closeScope() {
  if (scope_ && scope_->parent) scope_ = scope_->parent;
}

void Checker::declareLocal(ast::Ident* id, Object* obj) {
  id->obj = obj;
  obj->pkg = pkg_;
  obj->pos = id->pos;
  if (obj->kind == ObjKind::Var && fctx_) {
    var_owner_[static_cast<Var*>(obj)] = fctx_;
    fctx_->locals.push_back(static_cast<Var*>(obj));
  }
  if (id->name == "_") return;
  if (scope_->insert(obj)) error(id->pos, id->name + " redeclared in this block");
}

void Checker::funcBody(FuncCtx* ctx, ast::BlockStmt* body, Scope* scope) {
  FuncCtx* saved_f = fctx_;
  Scope* saved_scope = scope_;
  int saved_ctx = stmt_ctx_;
  std::string saved_label = pending_label_;
  std::vector<ast::BranchStmt*> saved_gotos;
  saved_gotos.swap(pending_gotos_);
  ctx->outer = fctx_;
  fctx_ = ctx;
  scope_ = scope;
  stmt_ctx_ = 0;
  pending_label_.clear();
  Signature* sig = ctx->sig;
  if (sig->recv) var_owner_[sig->recv] = ctx;
  for (Var* v : sig->params->vars) var_owner_[v] = ctx;
  for (Var* v : sig->results->vars) var_owner_[v] = ctx;
  stmtList(body->list);
  checkLabels(ctx);
  checkGotos(body);
  if (!sig->results->vars.empty() && !isTerminating(body, "")) error(body->rbrace, "missing return");
  reportUnused(ctx);
  fctx_ = saved_f;
  scope_ = saved_scope;
  stmt_ctx_ = saved_ctx;
  pending_label_ = saved_label;
  pending_gotos_.swap(saved_gotos);
}

void Checker::reportUnused(FuncCtx* ctx) {
  std::vector<Var*> unused;
  for (Var* v : ctx->locals)
    if (!v->used && v->name != "_") unused.push_back(v);
  std::sort(unused.begin(), unused.end(), [](Var* a, Var* b) { return a->pos.offset < b->pos.offset; });
  for (Var* v : unused) warning(v->pos, "declared and not used: " + v->name);
}

void Checker::stmtList(const std::vector<ast::Stmt*>& list) {
  bool ok = stmt_ctx_ & kFallthroughOk;
  int inner = stmt_ctx_ & ~kFallthroughOk;
  size_t n = list.size();
  while (n > 0 && list[n - 1] && list[n - 1]->kind == ast::StmtKind::Empty) n--;
  for (size_t i = 0; i < list.size(); i++) {
    int saved = stmt_ctx_;
    stmt_ctx_ = inner | (ok && i + 1 == n ? kFallthroughOk : 0);
    stmt(list[i]);
    stmt_ctx_ = saved;
  }
}

void Checker::stmt(ast::Stmt* s) {
  if (!s || s_->diags->tooMany()) return;
  using K = ast::StmtKind;
  int ctx = stmt_ctx_;
  if (s->kind != K::Branch && s->kind != K::Labeled) stmt_ctx_ = 0;
  switch (s->kind) {
    case K::Bad: case K::Empty: break;
    case K::Decl:
      if (auto* d = static_cast<ast::DeclStmt*>(s)->decl) declStmt(d);
      break;
    case K::Labeled: labeledStmt(static_cast<ast::LabeledStmt*>(s)); break;
    case K::Expr: exprStmt(static_cast<ast::ExprStmt*>(s)); break;
    case K::Send: sendStmt(static_cast<ast::SendStmt*>(s)); break;
    case K::IncDec: incDec(static_cast<ast::IncDecStmt*>(s)); break;
    case K::Assign: assignStmt(static_cast<ast::AssignStmt*>(s)); break;
    case K::Go: goDefer(static_cast<ast::GoStmt*>(s)->call, "go"); break;
    case K::Defer: goDefer(static_cast<ast::DeferStmt*>(s)->call, "defer"); break;
    case K::Return: returnStmt(static_cast<ast::ReturnStmt*>(s)); break;
    case K::Branch: branchStmt(static_cast<ast::BranchStmt*>(s)); break;
    case K::Block:
      openScope();
      stmtList(static_cast<ast::BlockStmt*>(s)->list);
      closeScope();
      break;
    case K::If: ifStmt(static_cast<ast::IfStmt*>(s)); break;
    case K::Switch: switchStmt(static_cast<ast::SwitchStmt*>(s)); break;
    case K::TypeSwitch: typeSwitchStmt(static_cast<ast::TypeSwitchStmt*>(s)); break;
    case K::Select: selectStmt(static_cast<ast::SelectStmt*>(s)); break;
    case K::For: forStmt(static_cast<ast::ForStmt*>(s)); break;
    case K::Range: rangeStmt(static_cast<ast::RangeStmt*>(s)); break;
    case K::CaseClause: case K::CommClause:
      error(s->pos, "case clause outside switch or select");
      break;
  }
  stmt_ctx_ = ctx;
}

void Checker::simpleStmt(ast::Stmt* s) {
  if (s) stmt(s);
}

// ---------------------------------------------------------------------------

void Checker::exprStmt(ast::ExprStmt* s) {
  if (!s->x) return;
  Operand x;
  rawExpr(&x, s->x, nullptr, false);
  ast::Expr* e = unparen(s->x);
  if (s_->repl_top && s_->repl_top->count(s) && replShow(&x, s)) return;
  const char* msg = "is not used";
  switch (x.mode) {
    case Mode::Invalid: return;
    case Mode::Builtin: msg = "must be called"; break;
    case Mode::TypeExpr: msg = "is not an expression"; break;
    default:
      if (e->kind == ast::ExprKind::Call) {
        auto* c = static_cast<ast::CallExpr*>(e);
        if (c->call_kind == ast::CallKind::Regular) return;
        if (c->call_kind == ast::CallKind::Builtin) {
          switch (c->builtin) {
            case ast::BuiltinId::Copy: case ast::BuiltinId::Delete: case ast::BuiltinId::Panic:
            case ast::BuiltinId::Print: case ast::BuiltinId::Println: case ast::BuiltinId::Recover:
            case ast::BuiltinId::Clear: case ast::BuiltinId::Close:
              return;
            default: break;
          }
        }
      }
      if (e->kind == ast::ExprKind::Unary && static_cast<ast::UnaryExpr*>(e)->op == Tok::Arrow) return;
  }
  error(s->x->pos, operandStr(x) + " " + msg);
}

void Checker::sendStmt(ast::SendStmt* s) {
  Operand ch, val;
  expr(&ch, s->chan);
  expr(&val, s->value);
  if (ch.invalid() || val.invalid()) return;
  auto* c = under<Chan>(ch.type, TypeKind::Chan);
  Pos at = s->chan ? s->chan->pos : s->pos;
  if (!c) {
    error(at, "invalid operation: cannot send to non-channel " + operandStr(ch));
    return;
  }
  if (c->dir == ast::ChanDir::Recv) {
    error(at, "invalid operation: cannot send to receive-only channel " + operandStr(ch));
    return;
  }
  assignment(&val, c->elem, "send");
}

void Checker::goDefer(ast::CallExpr* call, const char* what) {
  if (!call) return;
  Operand x;
  rawExpr(&x, call, nullptr, false);
  if (x.invalid()) return;
  if (call->call_kind == ast::CallKind::Conversion) {
    error(call->pos, std::string(what) + " requires function call, not conversion");
    return;
  }
  if (call->call_kind == ast::CallKind::Builtin) {
    switch (call->builtin) {
      case ast::BuiltinId::Copy: case ast::BuiltinId::Delete: case ast::BuiltinId::Panic:
      case ast::BuiltinId::Print: case ast::BuiltinId::Println: case ast::BuiltinId::Recover:
      case ast::BuiltinId::Clear: case ast::BuiltinId::Close:
        return;
      default:
        error(call->pos, std::string(what) + " discards result of " + exprStr(call));
    }
  }
}

// ---------------------------------------------------------------------------
// Control flow.

// The condition of an if or for statement (`stmt` names which): a boolean.
void Checker::condition(ast::Expr* cond, const char* stmt) {
  Operand x;
  expr(&x, cond);
  if (x.invalid()) return;
  if (!isBoolean(x.type))
    error(cond->pos, std::string("non-boolean condition in ") + stmt +
                         " statement");
  else
    defaultUntyped(&x);
}

void Checker::ifStmt(ast::IfStmt* s) {
  openScope();
  simpleStmt(s->init);
  if (s->cond) condition(s->cond, "if");
  if (s->body) stmt(s->body);
  if (s->els) stmt(s->els);
  closeScope();
}

void Checker::forStmt(ast::ForStmt* s) {
  std::string label = pending_label_;
  pending_label_.clear();
  openScope();
  simpleStmt(s->init);
  if (s->cond) condition(s->cond, "for");
  if (s->post) {
    if (s->post->kind == ast::StmtKind::Assign &&
        static_cast<ast::AssignStmt*>(s->post)->op == Tok::Define)
      error(s->post->pos, "cannot declare in post statement of for loop");
    simpleStmt(s->post);
  }
  targets_.push_back({s, label, true});
  if (s->body) stmt(s->body);
  targets_.pop_back();
  closeScope();
}

void Checker::labeledStmt(ast::LabeledStmt* s) {
  if (!s->label || !fctx_) {
    stmt(s->stmt);
    return;
  }
  const std::string& name = s->label->name;
  auto* l = make<Label>(name);
  l->stmt = s;
  l->pos = s->label->pos;
  l->pkg = pkg_;
  s->obj = l;
  s->label->obj = l;
  if (name != "_") {
    if (fctx_->labels.count(name)) error(s->label->pos, "label " + name + " already defined");
    else fctx_->labels[name] = l;
  }
  if (!s->stmt) return;
  using K = ast::StmtKind;
  K k = s->stmt->kind;
  if (k == K::For || k == K::Range || k == K::Switch || k == K::TypeSwitch || k == K::Select)
    pending_label_ = name;
  stmt(s->stmt);
  pending_label_.clear();
}

void Checker::branchStmt(ast::BranchStmt* s) {
  std::string label = s->label ? s->label->name : "";
  auto find_label = [&]() -> Label* {
    auto it = fctx_ ? fctx_->labels.find(label) : decltype(fctx_->labels.end()){};
    return fctx_ && it != fctx_->labels.end() ? it->second : nullptr;
  };
  switch (s->tok) {
    case Tok::Break: case Tok::Continue: {
      bool is_break = s->tok == Tok::Break;
      for (auto it = targets_.rbegin(); it != targets_.rend(); ++it) {
        if (!label.empty() && it->label != label) continue;
        if (!is_break && !it->is_loop) {
          if (label.empty()) continue;
          error(s->label->pos, "invalid continue label " + label);
          if (Label* l = find_label()) l->used = true;
          return;
        }
        s->target = it->stmt;
        if (!label.empty()) {
          if (Label* l = find_label()) { l->used = true; s->label->obj = l; }
        }
        return;
      }
      if (!label.empty()) {
        Label* l = find_label();
        if (l) {
          l->used = true;
          error(s->label->pos, std::string("invalid ") + (is_break ? "break" : "continue") + " label " + label);
        } else {
          pending_gotos_.push_back(s);
        }
        return;
      }
      error(s->pos, is_break ? "break is not in a loop, switch, or select" : "continue is not in a loop");
      return;
    }
    case Tok::Goto:
      if (s->label) pending_gotos_.push_back(s);
      return;
    case Tok::Fallthrough:
      if (stmt_ctx_ & kFallthroughOk) return;
      if (stmt_ctx_ & kFinalCase) error(s->pos, "cannot fallthrough final case in switch");
      else if (stmt_ctx_ & kInTypeSwitch) error(s->pos, "cannot fallthrough in type switch");
      else error(s->pos, "fallthrough statement out of place");
      return;
    default: return;
  }
}

void Checker::checkLabels(FuncCtx* ctx) {
  std::vector<ast::BranchStmt*> rest;
  for (ast::BranchStmt* s : pending_gotos_) {
    auto it = ctx->labels.find(s->label->name);
    if (it == ctx->labels.end()) {
      rest.push_back(s);
      continue;
    }
    it->second->used = true;
    s->label->obj = it->second;
    if (s->tok != Tok::Goto)
      error(s->label->pos, std::string("invalid ") + (s->tok == Tok::Break ? "break" : "continue") +
                               " label " + s->label->name);
  }
  pending_gotos_.clear();
  // Branches to labels of an enclosing function literal's encloser are
  // errors too ("label not defined").
  for (ast::BranchStmt* s : rest) {
    const char* what = s->tok == Tok::Goto ? "goto" : s->tok == Tok::Break ? "break" : "continue";
    if (s->tok == Tok::Goto) error(s->label->pos, "label " + s->label->name + " not defined");
    else error(s->label->pos, std::string(what) + " label not defined: " + s->label->name);
  }
  std::vector<Label*> unused;
  for (auto& [name, l] : ctx->labels)
    if (!l->used) unused.push_back(l);
  std::sort(unused.begin(), unused.end(), [](Label* a, Label* b) { return a->pos.offset < b->pos.offset; });
  for (Label* l : unused) error(l->pos, "label " + l->name + " defined and not used");
}

// ---------------------------------------------------------------------------
// goto may not jump into a block or over a variable declaration (as
// go/types' labels.go).

namespace {

struct StmtPlace {
  const std::vector<ast::Stmt*>* list;
  size_t index;
};

struct GotoWalk {
  std::map<std::string, StmtPlace> labels;
  std::vector<std::pair<ast::BranchStmt*, std::vector<StmtPlace>>> gotos;

  void list(const std::vector<ast::Stmt*>& l, std::vector<StmtPlace>& chain) {
    for (size_t i = 0; i < l.size(); i++) {
      chain.push_back({&l, i});
      stmt(l[i], chain);
      chain.pop_back();
    }
  }
  void stmt(ast::Stmt* s, std::vector<StmtPlace>& chain) {
    if (!s) return;
    using K = ast::StmtKind;
    switch (s->kind) {
      case K::Labeled: {
        auto* l = static_cast<ast::LabeledStmt*>(s);
        if (l->label) labels.emplace(l->label->name, chain.back());
        stmt(l->stmt, chain);
        break;
      }
      case K::Branch: {
        auto* b = static_cast<ast::BranchStmt*>(s);
        if (b->tok == Tok::Goto && b->label) gotos.push_back({b, chain});
        break;
      }
      case K::Block: list(static_cast<ast::BlockStmt*>(s)->list, chain); break;
      case K::If: {
        auto* i = static_cast<ast::IfStmt*>(s);
        stmt(i->body, chain);
        stmt(i->els, chain);
        break;
      }
      case K::For: stmt(static_cast<ast::ForStmt*>(s)->body, chain); break;
      case K::Range: stmt(static_cast<ast::RangeStmt*>(s)->body, chain); break;
      case K::Switch: stmt(static_cast<ast::SwitchStmt*>(s)->body, chain); break;
      case K::TypeSwitch: stmt(static_cast<ast::TypeSwitchStmt*>(s)->body, chain); break;
      case K::Select: stmt(static_cast<ast::SelectStmt*>(s)->body, chain); break;
      case K::CaseClause: list(static_cast<ast::CaseClause*>(s)->body, chain); break;
      case K::CommClause: list(static_cast<ast::CommClause*>(s)->body, chain); break;
      default: break;
    }
  }
};

bool isVarDecl(ast::Stmt* s) {
  if (!s) return false;
  if (s->kind == ast::StmtKind::Labeled) return isVarDecl(static_cast<ast::LabeledStmt*>(s)->stmt);
  if (s->kind == ast::StmtKind::Decl) {
    auto* d = static_cast<ast::DeclStmt*>(s)->decl;
    return d && d->tok == Tok::Var;
  }
  return s->kind == ast::StmtKind::Assign && static_cast<ast::AssignStmt*>(s)->op == Tok::Define;
}

}  // namespace

void Checker::checkGotos(ast::BlockStmt* body) {
  GotoWalk w;
  std::vector<StmtPlace> chain;
  w.list(body->list, chain);
  for (auto& [g, gchain] : w.gotos) {
    auto it = w.labels.find(g->label->name);
    if (it == w.labels.end()) continue;  // reported by checkLabels
    const StmtPlace& lab = it->second;
    const StmtPlace* at = nullptr;
    for (const StmtPlace& p : gchain)
      if (p.list == lab.list) at = &p;
    if (!at) {
      error(g->label->pos, "goto " + g->label->name + " jumps into block");
      continue;
    }
    ast::Stmt* decl = nullptr;
    for (size_t i = at->index + 1; i < lab.index; i++)
      if (isVarDecl((*lab.list)[i])) decl = (*lab.list)[i];
    if (decl)
      error(g->label->pos, "goto " + g->label->name + " jumps over variable declaration at line " +
                               std::to_string(decl->pos.line()));
  }
}

void Checker::returnStmt(ast::ReturnStmt* s) {
  if (!fctx_) return;
  Signature* sig = fctx_->sig;
  const auto& res = sig->results->vars;
  if (s->results.empty()) {
    if (res.empty()) return;
    if (!res[0]->name.empty()) {
      for (Var* v : res) {
        Object* o = scope_->lookupParent(v->name);
        if (o && o != v && v->name != "_") {
          error(s->pos, "result parameter " + v->name + " not in scope at return");
          break;
        }
      }
      return;
    }
    error(s->pos, "not enough return values\n\thave ()\n\twant " + typeStr(sig->results));
    return;
  }
  std::vector<Operand> ops;
  if (s->results.size() == 1) {
    Operand x;
    ast::Expr* r0 = unparen(s->results[0]);
    if (res.size() == 1 && !(r0 && r0->kind == ast::ExprKind::Call)) {
      exprWithHint(&x, s->results[0], res[0]->type);
      ops.push_back(x);
    } else {
      multiExpr(&x, s->results[0], &ops, false);
    }
  } else {
    for (size_t i = 0; i < s->results.size(); i++) {
      Operand x;
      exprWithHint(&x, s->results[i], i < res.size() ? res[i]->type : nullptr);
      ops.push_back(x);
    }
  }
  for (const Operand& o : ops)
    if (o.invalid()) return;
  if (ops.size() != res.size()) {
    bool many = ops.size() > res.size();
    Pos at = many ? (s->results.size() > res.size() ? s->results[res.size()]->pos : s->results[0]->pos)
                  : s->results.back()->pos;
    std::string have = "(";
    for (size_t i = 0; i < ops.size(); i++) {
      if (i) have += ", ";
      Type* t = ops[i].type;
      if (isUntyped(t)) {
        std::string n = static_cast<Basic*>(t)->name;
        have += isNumeric(t) ? "number" : n.substr(n.find(' ') + 1);
      } else {
        have += typeStr(t);
      }
    }
    have += ")";
    std::string want = "(";
    for (size_t i = 0; i < res.size(); i++) want += (i ? ", " : "") + typeStr(res[i]->type);
    want += ")";
    error(at, std::string(many ? "too many" : "not enough") + " return values\n\thave " + have +
                  "\n\twant " + want);
    return;
  }
  for (size_t i = 0; i < ops.size(); i++) assignment(&ops[i], res[i]->type, "return statement");
}

}  // namespace csp::check
