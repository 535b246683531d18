// Functions: declarations, bodies, result slots, closures (function
// literals and static closures of top-level functions), and defer with its
// landing pad (protocol in runtime/abi.def).
#include <functional>

#include "compiler/codegen_impl.h"

#include "llvm/Analysis/CFG.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/TargetParser/Triple.h"

namespace csp::codegen {

std::string Gen::funcName(ty::Func* f) {
  std::string pkg = f->pkg ? f->pkg->path : "main";
  if (!f->recv_base) return pkg + "." + f->name;
  auto* named = static_cast<ty::Named*>(f->recv_base);
  std::string t = named->obj->name;
  if (named->local_id) t += "·" + std::to_string(named->local_id);
  return pkg + "." + (f->ptr_recv ? "*" : "") + t + "." + f->name;
}

// The LLVM function of a top-level function or method (receiver first);
// its body is generated later (run() drains the queue).
llvm::Function* Gen::funcDecl(ty::Func* f) {
  auto it = funcs_.find(f);
  if (it != funcs_.end()) return it->second;
  ty::Signature* sig = f->sig();
  auto* fty = funcType(sig, false, sig->recv ? sig->recv->type : nullptr);
  if (opts.repl && !f->is_extern) return replFuncDecl(f, fty);
  auto* fn = llvm::Function::Create(fty, llvm::Function::InternalLinkage,
                                    funcName(f), mod.get());
  funcs_[f] = fn;
  if (!f->is_extern) queueBody(f);
  return fn;
}

// REPL (codegen.h, ReplLink): a function an earlier input's module
// defined is declared; a new one is defined with external linkage.
llvm::Function* Gen::replFuncDecl(ty::Func* f, llvm::FunctionType* fty) {
  ReplLink& rl = *opts.repl;
  auto it = rl.funcs.find(f);
  if (it != rl.funcs.end()) {
    auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage,
                                      it->second, mod.get());
    funcs_[f] = fn;
    return fn;
  }
  std::string name = funcName(f);
  if (!f->pkg || !f->pkg->is_std) name += "\u00b7r" + std::to_string(rl.input);
  auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage,
                                    name, mod.get());
  funcs_[f] = fn;
  rl.new_funcs.push_back({f, fn->getName().str()});
  queueBody(f);
  return fn;
}

void Gen::genFuncBody(ty::Func* f) {
  llvm::Function* fn = funcDecl(f);
  if (!f->decl || !f->decl->body) return;
  FuncState state;
  fs = &state;
  beginFunction(fn, f->sig(), f->decl->body, f->sig()->recv, nullptr, 0);
  block(f->decl->body->list);
  if (!b.GetInsertBlock()->getTerminator()) emitReturn({});
  finishFunction();
  fs = nullptr;
}

namespace {

// Whether a body contains a defer statement (not counting nested literals).
bool hasDefer(ast::Stmt* s);

bool anyDefer(const std::vector<ast::Stmt*>& list) {
  for (ast::Stmt* s : list)
    if (hasDefer(s)) return true;
  return false;
}

bool hasDefer(ast::Stmt* s) {
  if (!s) return false;
  using K = ast::StmtKind;
  switch (s->kind) {
    case K::Defer:
      return true;
    case K::Labeled:
      return hasDefer(static_cast<ast::LabeledStmt*>(s)->stmt);
    case K::Block:
      return anyDefer(static_cast<ast::BlockStmt*>(s)->list);
    case K::If: {
      auto* is = static_cast<ast::IfStmt*>(s);
      return hasDefer(is->body) || hasDefer(is->els);
    }
    case K::CaseClause:
      return anyDefer(static_cast<ast::CaseClause*>(s)->body);
    case K::CommClause:
      return anyDefer(static_cast<ast::CommClause*>(s)->body);
    case K::Switch:
      return hasDefer(static_cast<ast::SwitchStmt*>(s)->body);
    case K::TypeSwitch:
      return hasDefer(static_cast<ast::TypeSwitchStmt*>(s)->body);
    case K::Select:
      return hasDefer(static_cast<ast::SelectStmt*>(s)->body);
    case K::For:
      return hasDefer(static_cast<ast::ForStmt*>(s)->body);
    case K::Range:
      return hasDefer(static_cast<ast::RangeStmt*>(s)->body);
    default:
      return false;
  }
}

}  // namespace

// Sets up the entry block, parameters (from argument first_param on),
// result slots, the defer list and landing pad; emits the entry poll.
void Gen::beginFunction(llvm::Function* fn, ty::Signature* sig,
                        ast::BlockStmt* body, ty::Var* recv, Value* recv_val,
                        unsigned first_param) {
  fs->fn = fn;
  fs->sig = sig;
  fs->entry = BasicBlock::Create(ctx, "entry", fn);
  BasicBlock* start = BasicBlock::Create(ctx, "start", fn);
  b.SetInsertPoint(fs->entry);
  b.CreateBr(start);
  b.SetInsertPoint(start);
  unsigned ai = first_param;
  if (recv) {
    VarSlot vs = declareVar(recv);
    (void)vs;
    storeVar(recv, recv_val ? recv_val : argIn(fn->getArg(ai++), recv->type));
  } else if (sig->recv && !recv_val) {
    ai++;
  }
  for (ty::Var* p : sig->params->vars) {
    declareVar(p);
    storeVar(p, argIn(fn->getArg(ai++), p->type));
  }
  for (ty::Var* r : sig->results->vars) {
    fs->result_types.push_back(r->type);
    if (!r->name.empty() && r->name != "_") {
      declareVar(r);
      fs->result_slots.push_back(nullptr);
    } else {
      auto ip = b.saveIP();
      b.SetInsertPoint(fs->entry, fs->entry->begin());
      Value* slot = b.CreateAlloca(llType(r->type));
      b.restoreIP(ip);
      b.CreateStore(zero(r->type), slot);
      fs->result_slots.push_back(slot);
    }
  }
  fs->exit = BasicBlock::Create(ctx, "exit", fn);
  if (body && anyDefer(body->list)) {
    auto ip = b.saveIP();
    b.SetInsertPoint(fs->entry, fs->entry->begin());
    fs->defer_head = b.CreateAlloca(ptr);
    b.restoreIP(ip);
    b.CreateStore(llvm::ConstantPointerNull::get(ptr), fs->defer_head);
    fs->pad = BasicBlock::Create(ctx, "pad", fn);
    if (!fn->hasPersonalityFn()) {
      auto pers = mod->getOrInsertFunction("__gxx_personality_v0",
                                           llvm::FunctionType::get(i32, true));
      fn->setPersonalityFn(llvm::cast<llvm::Constant>(pers.getCallee()));
    }
  }
  fs->entry_poll = emitPoll();
}

namespace {

// Whether fn can only run briefly: no loop, and no call that could run
// csp code (only intrinsics and runtime entry points other than the
// deferred-call runner). Such a function needs no entry poll: its
// caller's polls bound how long it runs (as Go's leaf functions skip the
// stack check). Keeps small helpers inlined into hot loops free of polls.
bool runsBriefly(llvm::Function& fn) {
  llvm::SmallVector<std::pair<const BasicBlock*, const BasicBlock*>, 4> back;
  llvm::FindFunctionBackedges(fn, back);
  if (!back.empty()) return false;
  for (BasicBlock& bb : fn)
    for (llvm::Instruction& inst : bb) {
      auto* call = llvm::dyn_cast<llvm::CallBase>(&inst);
      if (!call) continue;
      llvm::Function* callee = call->getCalledFunction();
      if (!callee) return false;
      if (callee->isIntrinsic()) continue;
      llvm::StringRef name = callee->getName();
      if (!name.starts_with("csp_rt_") || name == "csp_rt_defer_call")
        return false;
    }
  return true;
}

// Turns the entry poll's branch into a jump past it; LLVM drops the rest.
void dropPoll(llvm::BranchInst* br) {
  BasicBlock* cont = br->getSuccessor(1);
  llvm::BranchInst::Create(cont, br);
  // The flag's loads go too: LLVM keeps an unused atomic load.
  auto* cond = llvm::dyn_cast<llvm::Instruction>(br->getCondition());
  br->eraseFromParent();
  while (cond && cond->use_empty()) {
    auto* next = cond->getNumOperands() > 0
                     ? llvm::dyn_cast<llvm::Instruction>(cond->getOperand(0))
                     : nullptr;
    cond->eraseFromParent();
    cond = next;
  }
}

}  // namespace

// Pops and runs every pending deferred call: through csp_rt_defer_call
// when `panicking` (so recover sees the panic), directly otherwise.
static void runDeferList(Gen& g, bool panicking) {
  auto& b = g.b;
  FuncState* fs = g.fs;
  llvm::Function* fn = fs->fn;
  BasicBlock* loop = BasicBlock::Create(g.ctx, "defer.loop", fn);
  BasicBlock* body = BasicBlock::Create(g.ctx, "defer.body", fn);
  BasicBlock* done = BasicBlock::Create(g.ctx, "defer.done", fn);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  Value* head = b.CreateLoad(g.ptr, fs->defer_head);
  b.CreateCondBr(b.CreateIsNull(head), done, body);
  b.SetInsertPoint(body);
  Value* next = b.CreateLoad(g.ptr, head);
  Value* clo = b.CreateLoad(g.ptr, b.CreateConstGEP1_32(g.ptr, head, 1));
  b.CreateStore(next, fs->defer_head);
  if (panicking) {
    g.call(g.rt("csp_rt_defer_call"), {clo});
  } else {
    Value* code = b.CreateLoad(g.ptr, clo);
    g.call(llvm::FunctionCallee(
               llvm::FunctionType::get(b.getVoidTy(), {g.ptr}, false), code),
           {clo});
  }
  b.CreateBr(loop);
  b.SetInsertPoint(done);
}

// The exit block (deferred calls, then return the result slots) and the
// landing pad.
void Gen::finishFunction() {
  BasicBlock* ret = BasicBlock::Create(ctx, "ret", fs->fn);
  b.SetInsertPoint(fs->exit);
  if (fs->defer_head) runDeferList(*this, false);
  b.CreateBr(ret);
  if (fs->pad) {
    b.SetInsertPoint(fs->pad);
    auto* lp = b.CreateLandingPad(llvm::StructType::get(ctx, {ptr, i32}), 1);
    lp->addClause(llvm::ConstantPointerNull::get(ptr));
    b.CreateCall(rt("csp_rt_defer_landing"), {b.CreateExtractValue(lp, 0)});
    runDeferList(*this, true);
    b.CreateCall(rt("csp_rt_defer_resume"));
    b.CreateBr(ret);
  }
  b.SetInsertPoint(ret);
  std::vector<Value*> vals;
  for (size_t i = 0; i < fs->result_types.size(); i++) {
    Value* slot = fs->result_slots[i] ? fs->result_slots[i]
                                      : varAddr(fs->sig->results->vars[i]);
    vals.push_back(b.CreateLoad(llType(fs->result_types[i]), slot));
  }
  if (vals.empty()) {
    b.CreateRetVoid();
  } else if (vals.size() == 1) {
    retGo(vals[0]);
  } else {
    Value* agg = llvm::UndefValue::get(resultType(fs->sig));
    for (unsigned i = 0; i < vals.size(); i++)
      agg = b.CreateInsertValue(agg, vals[i], i);
    retGo(agg);
  }
  // Unreachable leftovers (code after return) need terminators.
  for (BasicBlock& bb : *fs->fn)
    if (!bb.getTerminator()) {
      b.SetInsertPoint(&bb);
      b.CreateUnreachable();
    }
  // The function entry's poll is the split-stack prologue's check: the
  // scheduler asks a goroutine to yield by moving its stack guard (Go's
  // stackPreempt; runtime/stack.cpp), so the poll word is checked only on
  // loop back-edges. (Dropping it also lets LLVM shrink-wrap: a fast path
  // without calls sets up no frame.)
  if (fs->entry_poll) dropPoll(fs->entry_poll);
  fs->entry_poll = nullptr;
}

// return vals...: vals are already converted to the result types (empty
// for a bare return).
void Gen::emitReturn(const std::vector<Value*>& vals) {
  for (size_t i = 0; i < vals.size(); i++) {
    Value* slot = fs->result_slots[i] ? fs->result_slots[i]
                                      : varAddr(fs->sig->results->vars[i]);
    b.CreateStore(vals[i], slot);
  }
  b.CreateBr(fs->exit);
  b.SetInsertPoint(BasicBlock::Create(ctx, "after.return", fs->fn));
}

// A call that unwinds to the landing pad in functions with defers.
Value* Gen::call(llvm::FunctionCallee callee, llvm::ArrayRef<Value*> args) {
  if (!fs || !fs->pad) return b.CreateCall(callee, args);
  BasicBlock* cont = BasicBlock::Create(ctx, "cont", fs->fn);
  Value* r = b.CreateInvoke(callee, cont, fs->pad, args);
  b.SetInsertPoint(cont);
  return r;
}

// A static closure { code } for top-level function f, whose code ignores
// its env argument.
Value* Gen::funcValue(ty::Func* f) {
  auto it = func_values_.find(f);
  if (it != func_values_.end()) return it->second;
  ty::Signature* sig = f->sig();
  auto* wrapper = llvm::Function::Create(funcType(sig, true),
                                         llvm::Function::InternalLinkage,
                                         funcName(f) + "$closure", mod.get());
  auto* gv = new llvm::GlobalVariable(
      *mod, llvm::StructType::get(ctx, std::vector<llvm::Type*>{ptr}), true,
      llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::getAnon({wrapper}), funcName(f) + "$fv");
  func_values_[f] = gv;
  auto ip = b.saveIP();
  FuncState* saved = fs;
  FuncState wfs;
  fs = &wfs;
  wfs.fn = wrapper;
  wfs.entry = BasicBlock::Create(ctx, "entry", wrapper);
  b.SetInsertPoint(wfs.entry);
  PreparedCall pc;
  pc.kind = f->is_extern ? PreparedCall::Extern : PreparedCall::Direct;
  pc.func = f;
  pc.sig = sig;
  for (unsigned i = 1; i < wrapper->arg_size(); i++) {
    pc.args.push_back(
        argIn(wrapper->getArg(i), sig->params->vars[i - 1]->type));
    pc.arg_types.push_back(sig->params->vars[i - 1]->type);
  }
  Value* r = emitPrepared(pc);
  retGo(wrapper->getReturnType()->isVoidTy() ? nullptr : r);
  fs = saved;
  b.restoreIP(ip);
  return gv;
}

// A function literal: code(ptr env, params...), where env is the closure
// object { code, cell pointers of the captured variables... }.
llvm::Function* Gen::genFuncLit(ast::FuncLit* lit) {
  ty::Signature* sig = lit->func->sig();
  std::string name = (fs ? fs->fn->getName().str() : std::string("main")) +
                     ".func" + std::to_string(nextId());
  auto* fn = llvm::Function::Create(
      funcType(sig, true), llvm::Function::InternalLinkage, name, mod.get());
  auto ip = b.saveIP();
  FuncState* saved = fs;
  FuncState state;
  fs = &state;
  fs->env = fn->getArg(0);
  beginFunction(fn, sig, lit->body, nullptr, nullptr, 1);
  auto* env_ty = llvm::ArrayType::get(ptr, lit->captures.size() + 1);
  for (size_t i = 0; i < lit->captures.size(); i++) {
    ty::Var* v = lit->captures[i];
    Value* cell = b.CreateLoad(
        ptr,
        b.CreateConstGEP2_32(env_ty, fs->env, 0, static_cast<unsigned>(i + 1)));
    auto eip = b.saveIP();
    b.SetInsertPoint(fs->entry, fs->entry->begin());
    Value* slot = b.CreateAlloca(ptr);
    b.restoreIP(eip);
    b.CreateStore(cell, slot);
    fs->vars[v] = VarSlot{slot, true};
  }
  block(lit->body->list);
  if (!b.GetInsertBlock()->getTerminator()) emitReturn({});
  finishFunction();
  fs = saved;
  b.restoreIP(ip);
  return fn;
}

Value* Gen::funcLit(ast::FuncLit* e) {
  llvm::Function* fn = genFuncLit(e);
  size_t n = e->captures.size();
  Value* clo = allocBytes(b.getInt64(8 * (n + 1)), true);
  auto* env_ty = llvm::ArrayType::get(ptr, n + 1);
  b.CreateStore(fn, clo);
  for (size_t i = 0; i < n; i++) {
    Value* cell = varAddr(e->captures[i]);
    b.CreateStore(cell, b.CreateConstGEP2_32(env_ty, clo, 0,
                                             static_cast<unsigned>(i + 1)));
  }
  return clo;
}

// Packs a prepared call (callee and arguments already evaluated) into a
// closure { thunk, values... } whose code void thunk(ptr env) makes the
// call later: for defer and go.
Value* Gen::packThunk(PreparedCall pc, const std::string& name, bool is_defer) {
  Thunk t;
  beginCallThunk(t, pc, llvm::FunctionType::get(b.getVoidTy(), {ptr}, false),
                 name);
  Value* r = emitPrepared(pc);
  if (is_defer) markDeferCall(r);
  b.CreateRetVoid();
  endThunk(t);
  return t.clo;
}

void Gen::beginThunk(Thunk& t, const std::vector<Value*>& vals,
                     llvm::FunctionType* fty, const std::string& name) {
  std::vector<llvm::Type*> tys{ptr};
  for (Value* v : vals) tys.push_back(v->getType());
  auto* env_ty = llvm::StructType::get(ctx, tys);
  t.fn = llvm::Function::Create(fty, llvm::Function::InternalLinkage, name,
                                mod.get());
  t.clo = allocBytes(b.getInt64(dl.getTypeAllocSize(env_ty)), true);
  b.CreateStore(t.fn, t.clo);
  for (unsigned i = 0; i < vals.size(); i++)
    b.CreateStore(vals[i], b.CreateStructGEP(env_ty, t.clo, i + 1));
  t.ip = b.saveIP();
  t.saved = fs;
  fs = &t.fs;
  t.fs.fn = t.fn;
  t.fs.entry = BasicBlock::Create(ctx, "entry", t.fn);
  b.SetInsertPoint(t.fs.entry);
  Value* env = t.fn->getArg(0);
  t.vals.clear();
  for (unsigned k = 1; k < tys.size(); k++)
    t.vals.push_back(b.CreateLoad(tys[k], b.CreateStructGEP(env_ty, env, k)));
}

void Gen::beginCallThunk(Thunk& t, PreparedCall& pc, llvm::FunctionType* fty,
                         const std::string& name) {
  std::vector<Value*> vals;
  if (pc.callee) vals.push_back(pc.callee);
  for (Value* a : pc.args) vals.push_back(a);
  beginThunk(t, vals, fty, name);
  unsigned k = 0;
  if (pc.callee) pc.callee = t.vals[k++];
  for (auto& a : pc.args) a = t.vals[k++];
}

void Gen::endThunk(Thunk& t) {
  fs = t.saved;
  b.restoreIP(t.ip);
}

// recover() must stop a panic only when called directly by the deferred
// function (Go's rule; a helper the deferred function calls gets nil). The
// deferred function is the one a defer thunk calls: right after that call
// the thunk has a marker instruction (a 7-byte nop with "CSPD" as its
// displacement), so recover looks at the code at its function's return
// address. Calls to the deferred function are never inlined, nor are
// functions that call recover. Other targets: recover always asks the
// runtime.
static const char kDeferMarkAsm[] =
    ".byte 0x0f, 0x1f, 0x80, 0x43, 0x53, 0x50, 0x44";
static const uint64_t kDeferMark = 0x44505343801f0fULL;  // the 7 bytes above

static bool isX86(const llvm::Module& m) {
  return llvm::Triple(m.getTargetTriple()).getArch() == llvm::Triple::x86_64;
}

void Gen::markDeferCall(Value* r) {
  if (auto* ci = llvm::dyn_cast_or_null<llvm::CallBase>(r)) ci->setIsNoInline();
  if (!isX86(*mod)) return;
  auto* asm_fn = llvm::InlineAsm::get(
      llvm::FunctionType::get(b.getVoidTy(), false), kDeferMarkAsm, "", true);
  b.CreateCall(asm_fn);
}

Value* Gen::emitRecover() {
  fs->fn->addFnAttr(llvm::Attribute::NoInline);
  if (!isX86(*mod)) return call(rt("csp_rt_recover"), {});
  Value* ra =
      b.CreateIntrinsic(ptr, llvm::Intrinsic::returnaddress, {b.getInt32(0)});
  Value* code = b.CreateAnd(b.CreateAlignedLoad(i64, ra, llvm::Align(1)),
                            b.getInt64(0x00FFFFFFFFFFFFFFULL));
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* ask = BasicBlock::Create(ctx, "recover.ask", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "recover.done", fs->fn);
  b.CreateCondBr(b.CreateICmpEQ(code, b.getInt64(kDeferMark)), ask, done);
  b.SetInsertPoint(ask);
  Value* v = call(rt("csp_rt_recover"), {});
  BasicBlock* ask_end = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(iface_ty, 2);
  phi->addIncoming(llvm::Constant::getNullValue(iface_ty), start);
  phi->addIncoming(v, ask_end);
  return phi;
}

// defer f(args): the call is packed now (arguments evaluated) and pushed on
// the frame's list of {next, closure} nodes.
// A builtin call (defer println(x), go close(c)...) packed like packThunk:
// its arguments are evaluated now; the thunk runs the builtin with them.
Value* Gen::packBuiltinThunk(ast::CallExpr* ce, const std::string& name) {
  std::vector<ast::Expr*> args;
  std::vector<Value*> vals;
  for (ast::Expr* a : ce->args) {
    if (a->tv.mode == ast::Mode::TypeExpr) continue;
    args.push_back(a);
    vals.push_back(expr(a));
  }
  Thunk t;
  beginThunk(t, vals, llvm::FunctionType::get(b.getVoidTy(), {ptr}, false),
             name);
  for (unsigned i = 0; i < args.size(); i++) preval_[args[i]] = t.vals[i];
  builtin(ce);
  preval_.clear();
  if (!b.GetInsertBlock()->getTerminator()) b.CreateRetVoid();
  for (BasicBlock& bb : *t.fn)
    if (!bb.getTerminator()) {
      b.SetInsertPoint(&bb);
      b.CreateUnreachable();
    }
  endThunk(t);
  return t.clo;
}

void Gen::emitDefer(ast::CallExpr* ce) {
  std::string name =
      fs->fn->getName().str() + ".defer" + std::to_string(nextId());
  Value* clo;
  if (ce->call_kind == ast::CallKind::Builtin) {
    clo = packBuiltinThunk(ce, name);
  } else {
    PreparedCall pc;
    if (!prepareCall(ce, &pc)) return;
    clo = packThunk(pc, name, true);
  }
  Value* node = allocBytes(b.getInt64(16), true);
  b.CreateStore(b.CreateLoad(ptr, fs->defer_head), node);
  b.CreateStore(clo, b.CreateConstGEP1_32(ptr, node, 1));
  b.CreateStore(node, fs->defer_head);
}

// The code a closure value was made with, when it is a fresh closure (a
// function literal's): the function stored in its first word.
static llvm::Function* closureCode(Value* clo) {
  if (!clo) return nullptr;
  for (llvm::User* u : clo->users())
    if (auto* st = llvm::dyn_cast<llvm::StoreInst>(u))
      if (st->getPointerOperand() == clo)
        if (auto* f = llvm::dyn_cast<llvm::Function>(st->getValueOperand()))
          return f;
  return nullptr;
}

// go f(args): as defer, but the closure runs on a new goroutine.
void Gen::emitGo(ast::CallExpr* ce) {
  std::string name = fs->fn->getName().str() + ".go" + std::to_string(nextId());
  Value* clo;
  llvm::Function* target = nullptr;
  if (ce->call_kind == ast::CallKind::Builtin) {
    clo = packBuiltinThunk(ce, name);
  } else {
    PreparedCall pc;
    if (!prepareCall(ce, &pc)) return;
    if (pc.kind == PreparedCall::Closure) target = closureCode(pc.callee);
    clo = packThunk(pc, name, false);
  }
  Value* c = call(rt("csp_rt_go"), {clo});
  if (auto* ci = llvm::dyn_cast<llvm::CallInst>(c))
    go_sites_.push_back({ci, mod->getFunction(name), target});
}

namespace {

// The runtime entry points a goroutine on a small stack slot may call:
// their C++ stays within the slot's margin (channel operations, sync,
// atomics, sleeping, yielding), and their deep paths (panics, fatal
// errors, starting a thread) move to a bigger segment first.
bool smallSafeExtern(llvm::StringRef n) {
  static const char* const kExact[] = {
      "csp_rt_chansend", "csp_rt_chanrecv", "csp_rt_chanlen",
      "csp_rt_chancap", "csp_rt_poll", "csp_rt_panic_nil", "csp_time_sleep",
      "csp_runtime_Gosched"};
  for (const char* e : kExact)
    if (n == e) return true;
  if (n.starts_with("csp_sync_atomic_"))
    return !n.contains("value") && !n.contains("sameType");
  return n.starts_with("csp_sync_Mutex_") ||
         n.starts_with("csp_sync_RWMutex_") ||
         n.starts_with("csp_sync_WaitGroup_");
}

struct SmallCheck {
  std::unordered_map<llvm::Function*, bool> memo;
  // fn and everything it calls stay on the small stack's budget. indirect:
  // the one callee fn may call indirectly (a go thunk's function literal).
  bool safe(llvm::Function* fn, llvm::Function* indirect = nullptr) {
    if (fn->isDeclaration()) return smallSafeExtern(fn->getName());
    auto it = memo.find(fn);
    if (it != memo.end()) return it->second;
    memo[fn] = true;  // recursion: the frames themselves are checked
    bool ok = !fn->hasPersonalityFn();
    for (llvm::BasicBlock& bb : *fn) {
      for (llvm::Instruction& i : bb) {
        if (!ok) break;
        if (auto* ai = llvm::dyn_cast<llvm::AllocaInst>(&i))
          if (!ai->isStaticAlloca()) ok = false;
        auto* cb = llvm::dyn_cast<llvm::CallBase>(&i);
        if (!cb) continue;
        if (llvm::isa<llvm::InvokeInst>(cb) || cb->isInlineAsm()) {
          ok = false;
          continue;
        }
        llvm::Function* callee = cb->getCalledFunction();
        if (!callee) {
          ok = indirect && safe(indirect);
          continue;
        }
        if (callee->isIntrinsic()) continue;
        ok = safe(callee);
      }
    }
    memo[fn] = ok;
    return ok;
  }
};

}  // namespace

void Gen::markSmallGoroutines() {
  if (go_sites_.empty()) return;
  SmallCheck check;
  llvm::FunctionCallee small = rt("csp_rt_go_small");
  for (const GoSite& s : go_sites_) {
    if (!s.thunk || !check.safe(s.thunk, s.target)) continue;
    s.call->setCalledFunction(small);
  }
  go_sites_.clear();
}

}  // namespace csp::codegen
