// Channels and select: send, receive (with comma-ok), range over a channel,
// select. Goroutines start in codegen_func.cpp (emitGo).
#include <array>

#include "compiler/codegen_impl.h"

namespace csp::codegen {

using ty::TypeKind;

static ty::Type* chanElem(ty::Type* t) { return as<ty::Chan>(t)->elem; }

void Gen::sendStmt(ast::SendStmt* s) {
  Value* ch = expr(s->chan);
  Value* v = exprTo(s->value, chanElem(s->chan->tv.type));
  call(rt("csp_rt_chansend"), {ch, spill(v)});
}

// <-ch, or {value, ok} for v, ok := <-ch.
Value* Gen::recv(ast::Expr* che, bool comma_ok) {
  ty::Type* et = chanElem(che->tv.type);
  Value* ch = expr(che);
  Value* slot = tempSlot(et);
  Value* ok = call(rt("csp_rt_chanrecv"), {ch, slot});
  Value* v = b.CreateLoad(llType(et), slot);
  if (!comma_ok) return v;
  Value* r =
      llvm::UndefValue::get(llvm::StructType::get(ctx, {llType(et), i1}));
  r = b.CreateInsertValue(r, v, 0);
  return b.CreateInsertValue(r, ok, 1);
}

void Gen::rangeChan(ast::RangeStmt* s, Value* ch, ty::Type* ct) {
  ty::Type* et = chanElem(ct);
  Value* slot = tempSlot(et);
  BasicBlock* cond = BasicBlock::Create(ctx, "rchan.cond", fs->fn);
  BasicBlock* body = BasicBlock::Create(ctx, "rchan.body", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "rchan.done", fs->fn);
  b.CreateBr(cond);
  b.SetInsertPoint(cond);
  Value* ok = call(rt("csp_rt_chanrecv"), {ch, slot});
  b.CreateCondBr(ok, body, done);
  b.SetInsertPoint(body);
  rangeAssign(s, s->key, b.CreateLoad(llType(et), slot), et);
  loopBody(s, s->body, done, cond);
  emitPoll();
  b.CreateBr(cond);
  b.SetInsertPoint(done);
}

namespace {

ast::Expr* unparen(ast::Expr* e) {
  while (e->kind == ast::ExprKind::Paren)
    e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}

// The receive expression of a select case's comm statement, or null.
ast::UnaryExpr* recvOf(ast::Stmt* comm) {
  ast::Expr* e = nullptr;
  if (comm->kind == ast::StmtKind::Expr)
    e = static_cast<ast::ExprStmt*>(comm)->x;
  if (comm->kind == ast::StmtKind::Assign)
    e = static_cast<ast::AssignStmt*>(comm)->rhs[0];
  if (!e) return nullptr;
  e = unparen(e);
  return e->kind == ast::ExprKind::Unary ? static_cast<ast::UnaryExpr*>(e)
                                         : nullptr;
}

}  // namespace

// select: every channel and sent value is evaluated in source order, the
// runtime picks a case, and a switch on its index runs the clause.
void Gen::selectStmt(ast::SelectStmt* s) {
  auto& clauses = s->body->list;
  auto* case_ty = llvm::StructType::get(ctx, {ptr, ptr, i64});
  std::vector<int> case_of(clauses.size(), -1);
  std::vector<Value*> slots(clauses.size(), nullptr);
  std::vector<std::array<Value*, 3>> cases;
  bool has_default = false;
  for (size_t i = 0; i < clauses.size(); i++) {
    auto* cc = static_cast<ast::CommClause*>(clauses[i]);
    if (!cc->comm) {
      has_default = true;
      continue;
    }
    case_of[i] = static_cast<int>(cases.size());
    if (cc->comm->kind == ast::StmtKind::Send) {
      auto* ss = static_cast<ast::SendStmt*>(cc->comm);
      Value* ch = expr(ss->chan);
      Value* v = spill(exprTo(ss->value, chanElem(ss->chan->tv.type)));
      cases.push_back({ch, v, b.getInt64(1)});
    } else {
      ast::UnaryExpr* re = recvOf(cc->comm);
      Value* ch = expr(re->x);
      slots[i] = tempSlot(chanElem(re->x->tv.type));
      cases.push_back({ch, slots[i], b.getInt64(0)});
    }
  }
  auto* arr_ty =
      llvm::ArrayType::get(case_ty, std::max<size_t>(cases.size(), 1));
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* arr = b.CreateAlloca(arr_ty);
  Value* ok_slot = b.CreateAlloca(i1);
  b.restoreIP(ip);
  for (unsigned i = 0; i < cases.size(); i++)
    for (unsigned f = 0; f < 3; f++)
      b.CreateStore(
          cases[i][f],
          b.CreateConstGEP2_32(case_ty, b.CreateConstGEP2_32(arr_ty, arr, 0, i),
                               0, f));
  b.CreateStore(b.getFalse(), ok_slot);
  Value* idx = call(rt("csp_rt_select"),
                    {arr, b.getInt64(static_cast<int64_t>(cases.size())),
                     ok_slot, b.getInt1(!has_default)});
  BasicBlock* done = BasicBlock::Create(ctx, "select.done", fs->fn);
  auto* sw = b.CreateSwitch(idx, done, static_cast<unsigned>(clauses.size()));
  fs->jumps[s] = {done, nullptr};
  for (size_t i = 0; i < clauses.size(); i++) {
    auto* cc = static_cast<ast::CommClause*>(clauses[i]);
    BasicBlock* bb = BasicBlock::Create(ctx, "select.case", fs->fn);
    sw->addCase(llvm::cast<llvm::ConstantInt>(b.getInt64(case_of[i])), bb);
    b.SetInsertPoint(bb);
    if (cc->comm && cc->comm->kind == ast::StmtKind::Assign) {
      auto* as = static_cast<ast::AssignStmt*>(cc->comm);
      ast::UnaryExpr* re = recvOf(cc->comm);
      ty::Type* et = chanElem(re->x->tv.type);
      Value* v = b.CreateLoad(llType(et), slots[i]);
      Value* ok = b.CreateLoad(i1, ok_slot);
      ty::Type* bool_t = ty::Typ[static_cast<int>(ty::BasicKind::Bool)];
      for (size_t k = 0; k < as->lhs.size(); k++) {
        ast::Expr* l = unparen(as->lhs[k]);
        Value* val = k == 0 ? v : ok;
        ty::Type* vt = k == 0 ? et : bool_t;
        if (l->kind == ast::ExprKind::Ident &&
            static_cast<ast::Ident*>(l)->name == "_")
          continue;
        bool is_new =
            as->op == Tok::Define && k < as->is_new.size() && as->is_new[k];
        if (is_new) {
          auto* var = static_cast<ty::Var*>(static_cast<ast::Ident*>(l)->obj);
          declareVar(var);
          storeVar(var, convertAssign(val, vt, var->type));
        } else {
          assignTo(l, val, vt);
        }
      }
    }
    block(cc->body);
    b.CreateBr(done);
  }
  b.SetInsertPoint(done);
}

}  // namespace csp::codegen
