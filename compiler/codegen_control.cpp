// Range loops, expression switches and type switches.
#include "compiler/codegen_impl.h"

namespace csp::codegen {

namespace {

ast::Expr* unparen(ast::Expr* e) {
  while (e && e->kind == ast::ExprKind::Paren)
    e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}

bool isBlankExpr(ast::Expr* e) {
  e = unparen(e);
  return !e || (e->kind == ast::ExprKind::Ident &&
                static_cast<ast::Ident*>(e)->name == "_");
}

}  // namespace

// Assigns one iteration value to the key or value of a range statement
// (a fresh variable per iteration for :=).
void Gen::rangeAssign(ast::RangeStmt* s, ast::Expr* lhs, Value* v,
                      ty::Type* t) {
  if (isBlankExpr(lhs)) return;
  if (s->tok == Tok::Define) {
    auto* var =
        static_cast<ty::Var*>(static_cast<ast::Ident*>(unparen(lhs))->obj);
    if (!var) return;
    declareVar(var);
    storeVar(var, convertAssign(v, t, var->type));
    return;
  }
  assignTo(lhs, v, t);
}

void Gen::rangeStmt(ast::RangeStmt* s) {
  ty::Type* xt = s->x->tv.type;
  ty::Type* u = under(xt);
  if (ty::isInteger(xt)) {
    rangeInt(s, expr(s->x));
  } else if (ty::isString(xt)) {
    rangeString(s, expr(s->x));
  } else if (u->kind == ty::TypeKind::Chan) {
    rangeChan(s, expr(s->x), xt);
  } else if (u->kind == ty::TypeKind::Map) {
    rangeMap(s, expr(s->x), xt);
  } else if (u->kind == ty::TypeKind::Slice ||
             u->kind == ty::TypeKind::Pointer) {
    rangeIndexed(s, expr(s->x), xt);
  } else if (u->kind == ty::TypeKind::Array) {
    bool need_value = !isBlankExpr(s->value);
    Value* a =
        (!need_value && isAddressable(s->x)) ? nullptr : spill(expr(s->x));
    rangeIndexed(s, a, xt);
  }
}

// Counting loop shared by integer, slice and array ranges: calls `each`
// with the index at the top of every iteration. The iterations run in
// chunks of at most kPollChunk with the preemption poll between chunks, so
// the inner loop holds no call and LLVM can vectorize it; a chunk's body
// still polls in its calls and nested loops.
static void countedLoop(Gen& g, ast::RangeStmt* s, Value* n, bool is_unsigned,
                        const std::function<void(Value*)>& each) {
  constexpr uint64_t kPollChunk = 1024;
  auto& b = g.b;
  llvm::Type* it = n->getType();
  unsigned width = it->getIntegerBitWidth();
  uint64_t chunk_len =
      std::min<uint64_t>(kPollChunk, uint64_t{1} << (width - 2));
  auto ip = b.saveIP();
  b.SetInsertPoint(g.fs->entry, g.fs->entry->begin());
  Value* slot = b.CreateAlloca(it);
  b.restoreIP(ip);
  b.CreateStore(llvm::ConstantInt::get(it, 0), slot);
  BasicBlock* chunk = BasicBlock::Create(g.ctx, "range.chunk", g.fs->fn);
  BasicBlock* limit_bb = BasicBlock::Create(g.ctx, "range.limit", g.fs->fn);
  BasicBlock* cond = BasicBlock::Create(g.ctx, "range.cond", g.fs->fn);
  BasicBlock* body = BasicBlock::Create(g.ctx, "range.body", g.fs->fn);
  BasicBlock* post = BasicBlock::Create(g.ctx, "range.post", g.fs->fn);
  BasicBlock* next = BasicBlock::Create(g.ctx, "range.next", g.fs->fn);
  BasicBlock* done = BasicBlock::Create(g.ctx, "range.done", g.fs->fn);
  auto less = [&](Value* x, Value* y) {
    return is_unsigned ? b.CreateICmpULT(x, y) : b.CreateICmpSLT(x, y);
  };
  b.CreateBr(chunk);
  // 0 <= start < n, so n - start is positive and start + len cannot wrap.
  b.SetInsertPoint(chunk);
  Value* start = b.CreateLoad(it, slot);
  b.CreateCondBr(less(start, n), limit_bb, done);
  b.SetInsertPoint(limit_bb);
  Value* len = llvm::ConstantInt::get(it, chunk_len);
  Value* limit = b.CreateSelect(b.CreateICmpUGT(b.CreateSub(n, start), len),
                                b.CreateAdd(start, len), n);
  b.CreateBr(cond);
  b.SetInsertPoint(cond);
  Value* i = b.CreateLoad(it, slot);
  b.CreateCondBr(less(i, limit), body, next);
  b.SetInsertPoint(body);
  each(i);
  g.loopBody(s, s->body, done, post);
  b.CreateBr(post);
  b.SetInsertPoint(post);
  b.CreateStore(
      b.CreateAdd(b.CreateLoad(it, slot), llvm::ConstantInt::get(it, 1)), slot);
  b.CreateBr(cond);
  b.SetInsertPoint(next);
  g.emitPoll();
  b.CreateBr(chunk);
  b.SetInsertPoint(done);
}

void Gen::rangeInt(ast::RangeStmt* s, Value* n) {
  ty::Type* t = s->x->tv.type;
  countedLoop(*this, s, n, ty::isUnsigned(t),
              [&](Value* i) { rangeAssign(s, s->key, i, t); });
}

// Slices, arrays (x is the address of the array, or null: range over the
// addressable array expression itself) and pointers to arrays.
void Gen::rangeIndexed(ast::RangeStmt* s, Value* x, ty::Type* xt) {
  ty::Type* u = under(xt);
  ty::Type* elem;
  Value* n;
  Value* base;
  if (u->kind == ty::TypeKind::Slice) {
    elem = static_cast<ty::Slice*>(u)->elem;
    n = b.CreateExtractValue(x, 1);
    base = b.CreateExtractValue(x, 0);
  } else {
    ty::Type* at = u->kind == ty::TypeKind::Pointer
                       ? under(static_cast<ty::Pointer*>(u)->elem)
                       : u;
    elem = static_cast<ty::Array*>(at)->elem;
    n = b.getInt64(static_cast<ty::Array*>(at)->len);
    base = x ? x : addr(s->x);
    if (u->kind == ty::TypeKind::Pointer && !isBlankExpr(s->value))
      nilCheck(base);
  }
  ty::Type* int_t = ty::Typ[static_cast<int>(ty::BasicKind::Int)];
  llvm::Type* et = llType(elem);
  countedLoop(*this, s, n, false, [&](Value* i) {
    rangeAssign(s, s->key, i, int_t);
    if (!isBlankExpr(s->value)) {
      Value* v = b.CreateLoad(et, b.CreateInBoundsGEP(et, base, i));
      rangeAssign(s, s->value, v, elem);
    }
  });
}

// for i, r := range str: decodes rune by rune (csp_rt_decoderune), with an
// ASCII fast path.
void Gen::rangeString(ast::RangeStmt* s, Value* x) {
  Value* data = strData(x);
  Value* n = strLen(x);
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* pos = b.CreateAlloca(i64);
  b.restoreIP(ip);
  b.CreateStore(b.getInt64(0), pos);
  BasicBlock* cond = BasicBlock::Create(ctx, "rstr.cond", fs->fn);
  BasicBlock* body = BasicBlock::Create(ctx, "rstr.body", fs->fn);
  BasicBlock* post = BasicBlock::Create(ctx, "rstr.post", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "rstr.done", fs->fn);
  b.CreateBr(cond);
  b.SetInsertPoint(cond);
  Value* i = b.CreateLoad(i64, pos);
  b.CreateCondBr(b.CreateICmpSLT(i, n), body, done);
  b.SetInsertPoint(body);
  Value* pr = b.CreateCall(rt("csp_rt_decoderune"), {data, n, i});
  Value* r = b.CreateTrunc(b.CreateExtractValue(pr, 0), i32);
  auto* next_slot = b.CreateExtractValue(pr, 1);
  auto ip2 = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* next = b.CreateAlloca(i64);
  b.restoreIP(ip2);
  b.CreateStore(next_slot, next);
  rangeAssign(s, s->key, i, ty::Typ[static_cast<int>(ty::BasicKind::Int)]);
  rangeAssign(s, s->value, r, ty::Typ[static_cast<int>(ty::BasicKind::Int32)]);
  loopBody(s, s->body, done, post);
  b.CreateBr(post);
  b.SetInsertPoint(post);
  b.CreateStore(b.CreateLoad(i64, next), pos);
  emitPoll();
  b.CreateBr(cond);
  b.SetInsertPoint(done);
}

void Gen::rangeMap(ast::RangeStmt* s, Value* m, ty::Type* mt) {
  auto* map = as<ty::Map>(mt);
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* iter = b.CreateAlloca(mapiter_ty);
  b.restoreIP(ip);
  call(rt("csp_rt_mapiterinit"), {typeDesc(mt), m, iter});
  BasicBlock* cond = BasicBlock::Create(ctx, "rmap.cond", fs->fn);
  BasicBlock* body = BasicBlock::Create(ctx, "rmap.body", fs->fn);
  BasicBlock* post = BasicBlock::Create(ctx, "rmap.post", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "rmap.done", fs->fn);
  b.CreateBr(cond);
  b.SetInsertPoint(cond);
  Value* kp = b.CreateLoad(ptr, b.CreateStructGEP(mapiter_ty, iter, 0));
  b.CreateCondBr(b.CreateIsNull(kp), done, body);
  b.SetInsertPoint(body);
  Value* vp = b.CreateLoad(ptr, b.CreateStructGEP(mapiter_ty, iter, 1));
  if (!isBlankExpr(s->key))
    rangeAssign(s, s->key, b.CreateLoad(llType(map->key), kp), map->key);
  if (!isBlankExpr(s->value))
    rangeAssign(s, s->value, b.CreateLoad(llType(map->elem), vp), map->elem);
  loopBody(s, s->body, done, post);
  b.CreateBr(post);
  b.SetInsertPoint(post);
  call(rt("csp_rt_mapiternext"), {iter});
  emitPoll();
  b.CreateBr(cond);
  b.SetInsertPoint(done);
}

// switch init; tag { case a, b: ... }: cases tested in order; default is
// taken when none matches, wherever it is written; fallthrough jumps to the
// next clause's body.
void Gen::switchStmt(ast::SwitchStmt* s) {
  stmt(s->init);
  Value* tag = s->tag ? expr(s->tag) : nullptr;
  ty::Type* tag_t = s->tag ? s->tag->tv.type : nullptr;
  auto& clauses = s->body->list;
  BasicBlock* done = BasicBlock::Create(ctx, "sw.done", fs->fn);
  std::vector<BasicBlock*> bodies;
  BasicBlock* deflt = done;
  for (ast::Stmt* c : clauses) {
    bodies.push_back(BasicBlock::Create(ctx, "sw.case", fs->fn));
    if (static_cast<ast::CaseClause*>(c)->list.empty()) deflt = bodies.back();
  }
  for (size_t i = 0; i < clauses.size(); i++) {
    auto* cc = static_cast<ast::CaseClause*>(clauses[i]);
    for (ast::Expr* e : cc->list) {
      Value* c =
          tag ? compare(Tok::Eql, tag, tag_t, expr(e), e->tv.type) : expr(e);
      BasicBlock* next = BasicBlock::Create(ctx, "sw.next", fs->fn);
      b.CreateCondBr(c, bodies[i], next);
      b.SetInsertPoint(next);
    }
  }
  b.CreateBr(deflt);
  BasicBlock* saved_ft = fs->fallthrough;
  fs->jumps[s] = {done, nullptr};
  for (size_t i = 0; i < clauses.size(); i++) {
    b.SetInsertPoint(bodies[i]);
    fs->fallthrough = i + 1 < bodies.size() ? bodies[i + 1] : done;
    block(static_cast<ast::CaseClause*>(clauses[i])->body);
    b.CreateBr(done);
  }
  fs->fallthrough = saved_ft;
  b.SetInsertPoint(done);
}

// Whether dynamic type `dyn` (null for nil) is T: pointer equality, then
// csp_rt_typeeq for descriptors from elsewhere (the runtime's).
static Value* typeIs(Gen& g, Value* dyn, ty::Type* t) {
  auto& b = g.b;
  if (ty::isInterface(t)) {
    if (as<ty::Interface>(t)->empty()) return b.CreateIsNotNull(dyn);
    BasicBlock* start = b.GetInsertBlock();
    BasicBlock* check = BasicBlock::Create(g.ctx, "ts.itab", g.fs->fn);
    BasicBlock* done = BasicBlock::Create(g.ctx, "ts.done", g.fs->fn);
    b.CreateCondBr(b.CreateIsNull(dyn), done, check);
    b.SetInsertPoint(check);
    Value* tab = g.call(g.rt("csp_rt_getitab"), {g.typeDesc(t), dyn});
    Value* ok = b.CreateIsNotNull(tab);
    BasicBlock* check_end = b.GetInsertBlock();
    b.CreateBr(done);
    b.SetInsertPoint(done);
    auto* phi = b.CreatePHI(g.i1, 2);
    phi->addIncoming(b.getFalse(), start);
    phi->addIncoming(ok, check_end);
    return phi;
  }
  Value* desc = g.typeDesc(t);
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* slow = BasicBlock::Create(g.ctx, "ts.slow", g.fs->fn);
  BasicBlock* done = BasicBlock::Create(g.ctx, "ts.done", g.fs->fn);
  Value* eq = b.CreateICmpEQ(dyn, desc);
  b.CreateCondBr(b.CreateOr(eq, b.CreateIsNull(dyn)), done, slow);
  b.SetInsertPoint(slow);
  Value* same = g.call(g.rt("csp_rt_typeeq"), {dyn, desc});
  BasicBlock* slow_end = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(g.i1, 2);
  phi->addIncoming(eq, start);
  phi->addIncoming(same, slow_end);
  return phi;
}

// The value of x (interface xt) as type t, known to hold: for x.(T) and
// type switch clauses.
static Value* ifaceAs(Gen& g, Value* xv, ty::Type* xt, Value* dyn,
                      ty::Type* t) {
  auto& b = g.b;
  Value* data = b.CreateExtractValue(xv, 1);
  if (ty::isInterface(t)) {
    Value* tab = as<ty::Interface>(t)->empty()
                     ? dyn
                     : g.call(g.rt("csp_rt_getitab"), {g.typeDesc(t), dyn});
    Value* r = b.CreateInsertValue(llvm::UndefValue::get(g.iface_ty), tab, 0);
    return b.CreateInsertValue(r, data, 1);
  }
  if (g.isDirectIface(t)) return data;
  return b.CreateLoad(g.llType(t), data);
}

void Gen::typeSwitchStmt(ast::TypeSwitchStmt* s) {
  stmt(s->init);
  ast::Expr* guard;
  if (s->assign->kind == ast::StmtKind::Expr)
    guard = static_cast<ast::ExprStmt*>(s->assign)->x;
  else
    guard = static_cast<ast::AssignStmt*>(s->assign)->rhs[0];
  auto* ta = static_cast<ast::TypeAssertExpr*>(unparen(guard));
  ty::Type* xt = ta->x->tv.type;
  Value* xv = expr(ta->x);
  Value* dyn = ifaceDynType(xv, xt);
  auto& clauses = s->body->list;
  BasicBlock* done = BasicBlock::Create(ctx, "ts.end", fs->fn);
  std::vector<BasicBlock*> bodies;
  BasicBlock* deflt = done;
  for (ast::Stmt* c : clauses) {
    bodies.push_back(BasicBlock::Create(ctx, "ts.case", fs->fn));
    if (static_cast<ast::CaseClause*>(c)->list.empty()) deflt = bodies.back();
  }
  for (size_t i = 0; i < clauses.size(); i++) {
    for (ast::Expr* e : static_cast<ast::CaseClause*>(clauses[i])->list) {
      Value* c = isUntypedNil(e->tv.type) ? b.CreateIsNull(dyn)
                                          : typeIs(*this, dyn, e->tv.type);
      BasicBlock* next = BasicBlock::Create(ctx, "ts.next", fs->fn);
      b.CreateCondBr(c, bodies[i], next);
      b.SetInsertPoint(next);
    }
  }
  b.CreateBr(deflt);
  fs->jumps[s] = {done, nullptr};
  for (size_t i = 0; i < clauses.size(); i++) {
    auto* cc = static_cast<ast::CaseClause*>(clauses[i]);
    b.SetInsertPoint(bodies[i]);
    if (cc->implicit) {
      declareVar(cc->implicit);
      bool single = cc->list.size() == 1 && !isUntypedNil(cc->list[0]->tv.type);
      Value* v =
          single ? ifaceAs(*this, xv, xt, dyn, cc->list[0]->tv.type) : xv;
      storeVar(cc->implicit,
               single ? v : convertAssign(xv, xt, cc->implicit->type));
    }
    block(cc->body);
    b.CreateBr(done);
  }
  b.SetInsertPoint(done);
}

// x.(T) and v, ok := x.(T).
Value* Gen::typeAssert(ast::TypeAssertExpr* e, bool comma_ok) {
  ty::Type* xt = e->x->tv.type;
  ty::Type* t = e->tv.type;
  Value* xv = expr(e->x);
  Value* dyn = ifaceDynType(xv, xt);
  Value* ok = typeIs(*this, dyn, t);
  if (!comma_ok) {
    // As Go: asserting to an interface type names no static type when x is
    // nil ("interface is nil"), while a concrete target does ("error is nil").
    Value* static_t =
        ty::isInterface(t)
            ? static_cast<Value*>(llvm::ConstantPointerNull::get(ptr))
            : typeDesc(xt);
    panicIf(b.CreateNot(ok), "csp_rt_panic_assert",
            {dyn, typeDesc(t), static_t});
    return ifaceAs(*this, xv, xt, dyn, t);
  }
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* yes = BasicBlock::Create(ctx, "ta.ok", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "ta.done", fs->fn);
  b.CreateCondBr(ok, yes, done);
  b.SetInsertPoint(yes);
  Value* v = ifaceAs(*this, xv, xt, dyn, t);
  BasicBlock* yes_end = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(llType(t), 2);
  phi->addIncoming(llvm::Constant::getNullValue(llType(t)), start);
  phi->addIncoming(v, yes_end);
  Value* r = llvm::UndefValue::get(llvm::StructType::get(ctx, {llType(t), i1}));
  r = b.CreateInsertValue(r, phi, 0);
  return b.CreateInsertValue(r, ok, 1);
}

// The dynamic type descriptor of interface value iv (null when nil).
Value* Gen::ifaceDynType(Value* iv, ty::Type* it) {
  Value* tab = b.CreateExtractValue(iv, 0);
  if (as<ty::Interface>(it)->empty()) return tab;
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* load = BasicBlock::Create(ctx, "itab.type", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "itab.done", fs->fn);
  b.CreateCondBr(b.CreateIsNull(tab), done, load);
  b.SetInsertPoint(load);
  Value* t = b.CreateLoad(ptr, b.CreateConstGEP1_32(ptr, tab, 1));
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(ptr, 2);
  phi->addIncoming(llvm::ConstantPointerNull::get(ptr), start);
  phi->addIncoming(t, load);
  return phi;
}

}  // namespace csp::codegen
