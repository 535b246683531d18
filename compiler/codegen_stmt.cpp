// Statements: variables, assignment, control flow (if, for, range, switch,
// type switch, labelled break/continue, goto), defer and return.
#include <algorithm>

#include "compiler/codegen_debug.h"
#include "compiler/codegen_impl.h"

namespace csp::codegen {

using ast::StmtKind;

// Locals bigger than this are heap cells (goroutine stacks are small).
constexpr uint64_t kMaxStackVar = 64 * 1024;

// --- variables ---------------------------------------------------------------

// Storage for a local declared here: an alloca (zeroed at the declaration,
// so a declaration in a loop starts from zero each time), or for a heap
// variable a fresh GC cell, one per execution of the declaration.
VarSlot Gen::declareVar(ty::Var* v) {
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  VarSlot vs;
  // Big variables live on the heap, as Go's escape analysis would put them:
  // goroutine stacks are small.
  vs.heap = v->onHeap() || sizeOf(v->type) > kMaxStackVar;
  vs.slot = b.CreateAlloca(vs.heap ? ptr : llType(v->type), nullptr, v->name);
  b.restoreIP(ip);
  if (vs.heap)
    b.CreateStore(alloc(v->type), vs.slot);
  else
    storeZero(vs.slot, v->type);
  fs->vars[v] = vs;
  return vs;
}

Value* Gen::varAddr(ty::Var* v) {
  if (v->is_global) return globalVarAddr(v);
  auto it = fs->vars.find(v);
  VarSlot vs = it != fs->vars.end() ? it->second : declareVar(v);
  return vs.heap ? b.CreateLoad(ptr, vs.slot) : vs.slot;
}

void Gen::storeVar(ty::Var* v, Value* val) { b.CreateStore(val, varAddr(v)); }

void Gen::block(const std::vector<ast::Stmt*>& list) {
  for (ast::Stmt* s : list) stmt(s);
}

namespace {

bool isBlank(ast::Expr* e) {
  while (e->kind == ast::ExprKind::Paren)
    e = static_cast<ast::ParenExpr*>(e)->x;
  return e->kind == ast::ExprKind::Ident &&
         static_cast<ast::Ident*>(e)->name == "_";
}

ast::Expr* unparen(ast::Expr* e) {
  while (e->kind == ast::ExprKind::Paren)
    e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}

// An assignment target, evaluated before the right-hand side.
struct LValue {
  enum Kind { Blank, NewVar, Addr, MapSlot } kind = Blank;
  ty::Var* var = nullptr;
  Value* addr = nullptr;
  Value* map = nullptr;
  Value* key = nullptr;  // address of the key
  ty::Type* type = nullptr;
  ty::Type* map_type = nullptr;
};

LValue lvalue(Gen& g, ast::Expr* e, bool is_new) {
  LValue lv;
  e = unparen(e);
  lv.type = e->tv.type;
  if (isBlank(e)) return lv;
  if (is_new) {
    lv.kind = LValue::NewVar;
    lv.var = static_cast<ty::Var*>(static_cast<ast::Ident*>(e)->obj);
    lv.type = lv.var->type;
    return lv;
  }
  if (e->kind == ast::ExprKind::Index &&
      isKind(static_cast<ast::IndexExpr*>(e)->x->tv.type, ty::TypeKind::Map)) {
    auto* ie = static_cast<ast::IndexExpr*>(e);
    lv.kind = LValue::MapSlot;
    lv.map_type = ie->x->tv.type;
    lv.map = g.expr(ie->x);
    lv.key = g.spill(g.exprTo(ie->index, as<ty::Map>(lv.map_type)->key));
    return lv;
  }
  lv.kind = LValue::Addr;
  lv.addr = g.addr(e);
  return lv;
}

Value* lvalueAddr(Gen& g, LValue& lv) {
  if (lv.kind == LValue::MapSlot)
    return g.call(g.rt("csp_rt_mapassign"),
                  {g.typeDesc(lv.map_type), lv.map, lv.key});
  if (lv.kind == LValue::NewVar) {
    g.declareVar(lv.var);
    return g.varAddr(lv.var);
  }
  return lv.addr;
}

void store(Gen& g, LValue& lv, Value* v) {
  if (lv.kind == LValue::Blank) return;
  g.b.CreateStore(v, lvalueAddr(g, lv));
}

Tok opOfAssign(Tok t) {
  switch (t) {
    case Tok::AddAssign:
      return Tok::Add;
    case Tok::SubAssign:
      return Tok::Sub;
    case Tok::MulAssign:
      return Tok::Mul;
    case Tok::QuoAssign:
      return Tok::Quo;
    case Tok::RemAssign:
      return Tok::Rem;
    case Tok::AndAssign:
      return Tok::And;
    case Tok::OrAssign:
      return Tok::Or;
    case Tok::XorAssign:
      return Tok::Xor;
    case Tok::ShlAssign:
      return Tok::Shl;
    case Tok::ShrAssign:
      return Tok::Shr;
    case Tok::AndNotAssign:
      return Tok::AndNot;
    default:
      return Tok::Illegal;
  }
}

}  // namespace

void Gen::assignTo(ast::Expr* lhs, Value* v, ty::Type* vt) {
  LValue lv = lvalue(*this, lhs, false);
  if (lv.kind == LValue::Blank) return;
  store(*this, lv, convertAssign(v, vt, lv.type));
}

// x op= y and x++ / x--: x is evaluated once.
static void opAssign(Gen& g, ast::Expr* lhs, Tok op, ast::Expr* rhs,
                     Value* rv) {
  LValue lv = lvalue(g, lhs, false);
  Value* a = lvalueAddr(g, lv);
  ty::Type* t = lv.type;
  Value* cur = g.b.CreateLoad(g.llType(t), a);
  Value* y = rv;
  Value* r;
  if (op == Tok::Shl || op == Tok::Shr) {
    r = g.shift(op, cur, y ? y : g.expr(rhs), t, rhs ? rhs->tv.type : t);
  } else {
    if (!y) y = g.exprTo(rhs, t);
    r = g.arith(op, cur, y, t);
  }
  g.b.CreateStore(r, a);
}

void Gen::incDec(ast::IncDecStmt* s) {
  ty::Type* t = s->x->tv.type;
  Value* one = ty::isFloat(t) ? llvm::ConstantFP::get(llType(t), 1.0)
                              : llvm::ConstantInt::get(llType(t), 1);
  opAssign(*this, s->x, s->op == Tok::Inc ? Tok::Add : Tok::Sub, nullptr, one);
}

void Gen::assign(ast::AssignStmt* s) {
  if (s->op != Tok::Assign && s->op != Tok::Define) {
    opAssign(*this, s->lhs[0], opOfAssign(s->op), s->rhs[0], nullptr);
    return;
  }
  bool define = s->op == Tok::Define;
  auto isNew = [&](size_t i) {
    return define && i < s->is_new.size() && s->is_new[i] &&
           !isBlank(s->lhs[i]);
  };
  std::vector<LValue> lvs;
  for (size_t i = 0; i < s->lhs.size(); i++)
    lvs.push_back(lvalue(*this, s->lhs[i], isNew(i)));
  std::vector<Value*> vals;
  if (s->rhs.size() == s->lhs.size()) {
    for (size_t i = 0; i < s->rhs.size(); i++)
      vals.push_back(lvs[i].kind == LValue::Blank
                         ? expr(s->rhs[i])
                         : exprTo(s->rhs[i], lvs[i].type));
  } else {
    // v1, v2 = f() / v, ok = m[k] / x.(T) / <-ch
    ast::Expr* r = unparen(s->rhs[0]);
    Value* tuple;
    std::vector<ty::Type*> tts;
    if (r->tv.type && r->tv.type->kind == ty::TypeKind::Tuple) {
      tuple = expr(r);
      for (ty::Var* v : static_cast<ty::Tuple*>(r->tv.type)->vars)
        tts.push_back(v->type);
    } else {
      tuple = commaOk(r);
      tts = {r->tv.type, ty::Typ[static_cast<int>(ty::BasicKind::Bool)]};
    }
    for (unsigned i = 0; i < lvs.size(); i++) {
      Value* v = b.CreateExtractValue(tuple, i);
      vals.push_back(lvs[i].kind == LValue::Blank
                         ? v
                         : convertAssign(v, tts[i], lvs[i].type));
    }
  }
  for (size_t i = 0; i < lvs.size(); i++) store(*this, lvs[i], vals[i]);
}

// --- statements --------------------------------------------------------------

static void declStmt(Gen& g, ast::DeclStmt* d) {
  if (d->decl->tok != Tok::Var) return;
  for (ast::Spec* sp : d->decl->specs) {
    auto* vs = static_cast<ast::ValueSpec*>(sp);
    std::vector<ty::Var*> vars;
    for (ast::Ident* id : vs->names)
      vars.push_back(static_cast<ty::Var*>(id->obj));
    std::vector<Value*> vals;
    if (vs->values.size() == vs->names.size()) {
      for (size_t i = 0; i < vars.size(); i++)
        vals.push_back(vars[i] ? g.exprTo(vs->values[i], vars[i]->type)
                               : g.expr(vs->values[i]));
    } else if (vs->values.size() == 1) {
      ast::Expr* r = unparen(vs->values[0]);
      Value* tuple;
      std::vector<ty::Type*> tts;
      if (r->tv.type->kind == ty::TypeKind::Tuple) {
        tuple = g.expr(r);
        for (ty::Var* v : static_cast<ty::Tuple*>(r->tv.type)->vars)
          tts.push_back(v->type);
      } else {
        tuple = g.commaOk(r);
        tts = {r->tv.type, ty::Typ[static_cast<int>(ty::BasicKind::Bool)]};
      }
      for (unsigned i = 0; i < vars.size(); i++) {
        Value* v = g.b.CreateExtractValue(tuple, i);
        vals.push_back(vars[i] ? g.convertAssign(v, tts[i], vars[i]->type) : v);
      }
    }
    for (size_t i = 0; i < vars.size(); i++) {
      if (!vars[i] || vars[i]->name == "_") continue;
      g.declareVar(vars[i]);
      if (!vals.empty()) g.storeVar(vars[i], vals[i]);
    }
  }
}

static void returnStmt(Gen& g, ast::ReturnStmt* s) {
  std::vector<Value*> vals;
  auto& rt = g.fs->result_types;
  if (s->results.size() == rt.size()) {
    for (size_t i = 0; i < rt.size(); i++)
      vals.push_back(g.exprTo(s->results[i], rt[i]));
  } else if (s->results.size() == 1) {
    Value* tuple = g.expr(s->results[0]);
    auto* tt = static_cast<ty::Tuple*>(s->results[0]->tv.type);
    for (unsigned i = 0; i < rt.size(); i++)
      vals.push_back(g.convertAssign(g.b.CreateExtractValue(tuple, i),
                                     tt->vars[i]->type, rt[i]));
  }
  g.emitReturn(vals);
}

void Gen::stmt(ast::Stmt* s) {
  if (!s) return;
  if (opts.debug_lines && fs) setDebugLine(b, fs->fn, s->pos);
  switch (s->kind) {
    case StmtKind::Decl:
      declStmt(*this, static_cast<ast::DeclStmt*>(s));
      break;
    case StmtKind::Labeled: {
      auto* ls = static_cast<ast::LabeledStmt*>(s);
      BasicBlock* bb = BasicBlock::Create(ctx, "label", fs->fn);
      if (ls->obj) {
        if (fs->labels.count(ls->obj))
          bb = fs->labels[ls->obj];
        else
          fs->labels[ls->obj] = bb;
      }
      if (bb->getParent() == nullptr) bb->insertInto(fs->fn);
      b.CreateBr(bb);
      b.SetInsertPoint(bb);
      stmt(ls->stmt);
      break;
    }
    case StmtKind::Expr:
      if (opts.repl && std::find(prog.repl_shows.begin(), prog.repl_shows.end(), s) !=
                           prog.repl_shows.end()) {
        replShow(static_cast<ast::ExprStmt*>(s)->x);
        break;
      }
      expr(static_cast<ast::ExprStmt*>(s)->x);
      break;
    case StmtKind::IncDec:
      incDec(static_cast<ast::IncDecStmt*>(s));
      break;
    case StmtKind::Assign:
      assign(static_cast<ast::AssignStmt*>(s));
      break;
    case StmtKind::Defer:
      emitDefer(static_cast<ast::DeferStmt*>(s)->call);
      break;
    case StmtKind::Return:
      returnStmt(*this, static_cast<ast::ReturnStmt*>(s));
      break;
    case StmtKind::Branch:
      branchStmt(static_cast<ast::BranchStmt*>(s));
      break;
    case StmtKind::Block:
      block(static_cast<ast::BlockStmt*>(s)->list);
      break;
    case StmtKind::If:
      ifStmt(static_cast<ast::IfStmt*>(s));
      break;
    case StmtKind::Switch:
      switchStmt(static_cast<ast::SwitchStmt*>(s));
      break;
    case StmtKind::TypeSwitch:
      typeSwitchStmt(static_cast<ast::TypeSwitchStmt*>(s));
      break;
    case StmtKind::For:
      forStmt(static_cast<ast::ForStmt*>(s));
      break;
    case StmtKind::Range:
      rangeStmt(static_cast<ast::RangeStmt*>(s));
      break;
    case StmtKind::Go:
      emitGo(static_cast<ast::GoStmt*>(s)->call);
      break;
    case StmtKind::Send:
      sendStmt(static_cast<ast::SendStmt*>(s));
      break;
    case StmtKind::Select:
      selectStmt(static_cast<ast::SelectStmt*>(s));
      break;
    default:
      break;  // Empty
  }
}

void Gen::branchStmt(ast::BranchStmt* s) {
  BasicBlock* target = nullptr;
  if (s->tok == Tok::Goto) {
    auto* lbl = static_cast<ty::Label*>(s->label ? s->label->obj : nullptr);
    if (!lbl) return;
    auto it = fs->labels.find(lbl);
    if (it == fs->labels.end()) {
      target = BasicBlock::Create(ctx, "label", fs->fn);
      fs->labels[lbl] = target;
    } else {
      target = it->second;
    }
  } else if (s->tok == Tok::Fallthrough) {
    target = fs->fallthrough;
  } else {
    auto it = fs->jumps.find(s->target);
    if (it == fs->jumps.end()) return;
    target = s->tok == Tok::Break ? it->second.first : it->second.second;
  }
  if (!target) return;
  b.CreateBr(target);
  b.SetInsertPoint(BasicBlock::Create(ctx, "after.branch", fs->fn));
}

void Gen::ifStmt(ast::IfStmt* s) {
  stmt(s->init);
  Value* c = expr(s->cond);
  BasicBlock* then_bb = BasicBlock::Create(ctx, "then", fs->fn);
  BasicBlock* else_bb = BasicBlock::Create(ctx, "else", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "endif", fs->fn);
  b.CreateCondBr(c, then_bb, else_bb);
  b.SetInsertPoint(then_bb);
  block(s->body->list);
  b.CreateBr(done);
  b.SetInsertPoint(else_bb);
  stmt(s->els);
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

// The body of a loop, with its break/continue targets registered (also for
// the enclosing labelled statement, which the checker resolves to the loop).
void Gen::loopBody(ast::Stmt* loop, ast::BlockStmt* body, BasicBlock* brk,
                   BasicBlock* cont) {
  fs->jumps[loop] = {brk, cont};
  block(body->list);
}

// for init; cond; post { body }, with Go 1.22 per-iteration copies of the
// heap variables declared in init.
void Gen::forStmt(ast::ForStmt* s) {
  stmt(s->init);
  std::vector<ty::Var*> per_iter;
  if (s->init && s->init->kind == StmtKind::Assign) {
    auto* as = static_cast<ast::AssignStmt*>(s->init);
    if (as->op == Tok::Define)
      for (ast::Expr* l : as->lhs)
        if (auto* id = static_cast<ast::Ident*>(unparen(l));
            id->kind == ast::ExprKind::Ident && id->obj &&
            id->obj->kind == ty::ObjKind::Var &&
            static_cast<ty::Var*>(id->obj)->onHeap())
          per_iter.push_back(static_cast<ty::Var*>(id->obj));
  }
  BasicBlock* cond = BasicBlock::Create(ctx, "for.cond", fs->fn);
  BasicBlock* body = BasicBlock::Create(ctx, "for.body", fs->fn);
  BasicBlock* post = BasicBlock::Create(ctx, "for.post", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "for.done", fs->fn);
  b.CreateBr(cond);
  b.SetInsertPoint(cond);
  if (s->cond)
    b.CreateCondBr(expr(s->cond), body, done);
  else
    b.CreateBr(body);
  b.SetInsertPoint(body);
  loopBody(s, s->body, done, post);
  b.CreateBr(post);
  b.SetInsertPoint(post);
  for (ty::Var* v : per_iter) {
    Value* old = b.CreateLoad(llType(v->type), varAddr(v));
    b.CreateStore(alloc(v->type), fs->vars[v].slot);
    storeVar(v, old);
  }
  stmt(s->post);
  emitPoll();
  b.CreateBr(cond);
  b.SetInsertPoint(done);
}

}  // namespace csp::codegen
