// The code generator's entry points: generate() walks the checked program
// (every package, dependencies first) and emits one LLVM module; optimize()
// runs LLVM's standard pipeline.
#include "compiler/codegen.h"

#include "compiler/arena.h"
#include "compiler/codegen_debug.h"
#include "compiler/codegen_impl.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

namespace csp::codegen {

llvm::TargetMachine* hostMachine() {
  static std::unique_ptr<llvm::TargetMachine> tm = [] {
    llvm::InitializeNativeTarget();
    std::unique_ptr<llvm::TargetMachine> m;
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!jtmb) {
      llvm::consumeError(jtmb.takeError());
      return m;
    }
    auto created = jtmb->createTargetMachine();
    if (!created) {
      llvm::consumeError(created.takeError());
      return m;
    }
    return std::move(*created);
  }();
  return tm.get();
}

namespace {

// The host's data layout (the JIT compiles for the host).
llvm::DataLayout hostLayout(std::string* triple) {
  *triple = llvm::sys::getProcessTriple();
  llvm::TargetMachine* tm = hostMachine();
  return tm ? tm->createDataLayout() : llvm::DataLayout("");
}

std::string g_triple;

}  // namespace

Gen::Gen(const check::Program& p, llvm::LLVMContext& c, const Options& o)
    : prog(p), ctx(c), opts(o), b(c), dl(hostLayout(&g_triple)) {
  mod = std::make_unique<llvm::Module>("csp", ctx);
  mod->setDataLayout(dl);
  mod->setTargetTriple(g_triple);
  i1 = b.getInt1Ty();
  i8 = b.getInt8Ty();
  i32 = b.getInt32Ty();
  i64 = b.getInt64Ty();
  ptr = b.getPtrTy();
  str_ty = llvm::StructType::get(ctx, {ptr, i64});
  slice_ty = llvm::StructType::get(ctx, {ptr, i64, i64});
  iface_ty = llvm::StructType::get(ctx, {ptr, ptr});
  type_ty = llvm::StructType::create(ctx, {i64, i32, i8,  i8,  b.getInt16Ty(),
                                           ptr, i64, ptr, ptr, i64,
                                           ptr, i64, ptr, i64, ptr,
                                           i64, ptr, i64, i64, i8},
                                     "CspType");
  mapiter_ty =
      llvm::StructType::get(ctx, {ptr, ptr, llvm::ArrayType::get(ptr, 6)});
}

std::unique_ptr<llvm::Module> Gen::run() {
  declareRuntime();
  genGlobals();
  // Functions are generated on first reference (calls, func values, method
  // tables), starting from csp.main: unused stdlib code costs nothing.
  genMain();
  while (!pending_.empty()) {
    ty::Func* f = pending_.back();
    pending_.pop_back();
    genFuncBody(f);
  }
  // Stack overflow checks: LLVM's split-stack prologue compares the stack
  // pointer with the running goroutine's limit (runtime/stack.cpp). No tail
  // calls and no tail-recursion elimination, as in Go: a runaway recursion
  // overflows (instead of looping forever) and tracebacks show every frame.
  for (llvm::Function& fn : *mod) {
    if (fn.isDeclaration()) continue;
    fn.addFnAttr("split-stack");
    fn.addFnAttr("disable-tail-calls", "true");
  }
  markSmallGoroutines();
  return std::move(mod);
}

// Package-level variables: one global struct, a GC root range.
void Gen::genGlobals() {
  std::vector<llvm::Type*> fields;
  for (const auto& gi : prog.global_inits)
    for (ty::Var* v : gi.lhs) {
      if (!v || global_index_.count(v)) continue;
      global_index_[v] = static_cast<int>(fields.size());
      globals_list_.push_back(v);
      fields.push_back(llType(v->type));
    }
  if (fields.empty()) fields.push_back(i64);
  auto* sty = llvm::StructType::get(ctx, fields);
  globals_ = new llvm::GlobalVariable(
      *mod, sty, false, llvm::GlobalValue::InternalLinkage,
      llvm::Constant::getNullValue(sty), "csp.globals");
  if (!opts.repl) return;
  // REPL: later inputs' modules reach these variables by symbol + offset.
  std::string sym = "csp.globals.r" + std::to_string(opts.repl->input);
  globals_->setName(sym);
  globals_->setLinkage(llvm::GlobalValue::ExternalLinkage);
  const llvm::StructLayout* sl = dl.getStructLayout(sty);
  for (ty::Var* v : globals_list_)
    opts.repl->new_globals.push_back(
        {v, {sym, sl->getElementOffset(static_cast<unsigned>(global_index_[v]))}});
}

// REPL: a package-level variable of an earlier input's module.
static Value* replGlobalAddr(Gen& g, const std::pair<std::string, uint64_t>& at) {
  llvm::GlobalVariable* gv = g.mod->getGlobalVariable(at.first);
  if (!gv)
    gv = new llvm::GlobalVariable(*g.mod, g.i8, false,
                                  llvm::GlobalValue::ExternalLinkage, nullptr,
                                  at.first);
  return g.b.CreateConstInBoundsGEP1_64(g.i8, gv, at.second);
}

// REPL: prints the values of an expression statement as fmt.Println would
// (csp_repl_show, provided by the REPL).
void Gen::replShow(ast::Expr* e) {
  ty::Type* t = e->tv.type;
  std::vector<std::pair<Value*, ty::Type*>> vals;
  Value* v = expr(e);
  if (t->kind == ty::TypeKind::Tuple) {
    auto* tup = static_cast<ty::Tuple*>(t);
    for (size_t i = 0; i < tup->vars.size(); i++)
      vals.push_back({b.CreateExtractValue(v, static_cast<unsigned>(i)),
                      tup->vars[i]->type});
  } else {
    vals.push_back({v, t});
  }
  ty::Type* any = ty::Universe->lookup("any")->type;
  auto* aty = llvm::ArrayType::get(iface_ty, vals.size());
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* arr = b.CreateAlloca(aty);
  b.restoreIP(ip);
  for (size_t i = 0; i < vals.size(); i++)
    b.CreateStore(toIface(vals[i].first, vals[i].second, any),
                  b.CreateConstGEP2_32(aty, arr, 0, static_cast<unsigned>(i)));
  auto fc = mod->getOrInsertFunction(
      "csp_repl_show", llvm::FunctionType::get(b.getVoidTy(), {ptr, i64}, false));
  call(fc, {arr, b.getInt64(static_cast<int64_t>(vals.size()))});
}

Value* Gen::globalVarAddr(ty::Var* v) {
  auto it = global_index_.find(v);
  if (it == global_index_.end() && opts.repl) {
    auto r = opts.repl->globals.find(v);
    if (r != opts.repl->globals.end()) return replGlobalAddr(*this, r->second);
  }
  if (it == global_index_.end()) {
    // A global the checker did not list (should not happen): add storage.
    auto* gv = new llvm::GlobalVariable(
        *mod, llType(v->type), false, llvm::GlobalValue::InternalLinkage,
        llvm::Constant::getNullValue(llType(v->type)), "csp.global." + v->name);
    global_index_[v] = -1;
    v->codegen = gv;
    return gv;
  }
  if (it->second < 0) return static_cast<llvm::GlobalVariable*>(v->codegen);
  return b.CreateStructGEP(globals_->getValueType(), globals_,
                           static_cast<unsigned>(it->second));
}

// The preemption poll: one load of the runtime's word and a rarely taken
// branch (abi.def, "preemption").
llvm::BranchInst* Gen::emitPoll() {
  if (!preempt_) {
    preempt_ = mod->getNamedGlobal("csp_rt_preempt_word");
    if (!preempt_)
      preempt_ = new llvm::GlobalVariable(*mod, i32, false,
                                          llvm::GlobalValue::ExternalLinkage,
                                          nullptr, "csp_rt_preempt_word");
  }
  auto* flag = b.CreateLoad(i32, preempt_);
  flag->setAtomic(llvm::AtomicOrdering::Monotonic);
  flag->setAlignment(llvm::Align(4));
  BasicBlock* slow =
      BasicBlock::Create(ctx, "poll.slow", b.GetInsertBlock()->getParent());
  BasicBlock* cont =
      BasicBlock::Create(ctx, "poll.cont", b.GetInsertBlock()->getParent());
  llvm::MDBuilder md(ctx);
  llvm::BranchInst* br = b.CreateCondBr(b.CreateIsNotNull(flag), slow, cont,
                                        md.createBranchWeights(1, 1 << 20));
  b.SetInsertPoint(slow);
  b.CreateCall(rt("csp_rt_poll"));
  b.CreateBr(cont);
  b.SetInsertPoint(cont);
  return br;
}

// void csp.main(): GC roots, package initializers in dependency order,
// init funcs, then main.main.
void Gen::genMain() {
  auto* fty = llvm::FunctionType::get(b.getVoidTy(), false);
  std::string entry = "csp.main";
  if (opts.repl) entry += ".r" + std::to_string(opts.repl->input);
  if (opts.repl) opts.repl->entry = entry;
  auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage,
                                    entry, mod.get());
  FuncState state;
  fs = &state;
  auto* sig = make<ty::Signature>();
  sig->params = make<ty::Tuple>();
  sig->results = make<ty::Tuple>();
  beginFunction(fn, sig, nullptr, nullptr, nullptr, 0);
  Value* end = b.CreateConstGEP1_32(globals_->getValueType(), globals_, 1);
  // (A REPL input without variables registers none: its module may go.)
  if (!opts.repl || !globals_list_.empty())
    call(rt("csp_rt_gc_add_roots"), {globals_, end});
  for (const auto& gi : prog.global_inits) {
    if (!gi.init) continue;
    if (gi.lhs.size() == 1) {
      Value* v = exprTo(gi.init, gi.lhs[0]->type);
      if (gi.lhs[0] && gi.lhs[0]->name != "_")
        b.CreateStore(v, globalVarAddr(gi.lhs[0]));
      continue;
    }
    bool comma_ok = gi.init->tv.type->kind != ty::TypeKind::Tuple;
    Value* tuple = comma_ok ? commaOk(gi.init) : expr(gi.init);
    for (size_t i = 0; i < gi.lhs.size(); i++) {
      if (!gi.lhs[i] || gi.lhs[i]->name == "_") continue;
      Value* v = b.CreateExtractValue(tuple, static_cast<unsigned>(i));
      ty::Type* vt =
          comma_ok ? (i == 0 ? gi.init->tv.type
                             : ty::Typ[static_cast<int>(ty::BasicKind::Bool)])
                   : static_cast<ty::Tuple*>(gi.init->tv.type)->vars[i]->type;
      v = convertAssign(v, vt, gi.lhs[i]->type);
      b.CreateStore(v, globalVarAddr(gi.lhs[i]));
    }
  }
  for (ty::Func* f : prog.init_funcs) call(funcDecl(f), {});
  if (prog.repl_entry) {
    call(funcDecl(prog.repl_entry), {});
  } else if (prog.main) {
    if (auto* m = prog.main->scope->lookup("main");
        m && m->kind == ty::ObjKind::Func)
      call(funcDecl(static_cast<ty::Func*>(m)), {});
  }
  emitReturn({});
  finishFunction();
  fs = nullptr;
}

// Copies of big aggregates (see kBigValue) become memmove/memset, and
// fields of big loaded values are loaded alone: LLVM's SROA and
// instruction selection take quadratic time on whole big values.
// Whether i may write the memory `src` points into (conservative, except
// for writes into another identified object: allocas, fresh allocations).
static bool mayClobber(llvm::Instruction* i, Value* src) {
  if (!i->mayWriteToMemory()) return false;
  Value* dst = nullptr;
  if (auto* st = llvm::dyn_cast<llvm::StoreInst>(i)) dst = st->getPointerOperand();
  if (auto* mi = llvm::dyn_cast<llvm::MemIntrinsic>(i)) dst = mi->getDest();
  if (auto* ci = llvm::dyn_cast<llvm::CallInst>(i)) {
    llvm::Function* callee = ci->getCalledFunction();
    // Fresh memory, or the map's own slots (big map values are read
    // through a frame copy, mapIndexBig).
    if (callee && (callee->getName().starts_with("csp_rt_alloc") ||
                   callee->getName() == "csp_rt_mapassign"))
      return false;
  }
  if (!dst) return true;
  const Value* a = llvm::getUnderlyingObject(dst);
  const Value* b = llvm::getUnderlyingObject(src);
  // Frame slots never escape except as call arguments that callees copy.
  if (llvm::isa<llvm::AllocaInst>(a) && a != b) return false;
  return a == b || !llvm::isIdentifiedObject(a) || !llvm::isIdentifiedObject(b);
}

static bool writesBetween(llvm::Instruction* from, llvm::Instruction* to) {
  Value* src = llvm::cast<llvm::LoadInst>(from)->getPointerOperand();
  for (llvm::Instruction* i = from->getNextNode(); i && i != to; i = i->getNextNode())
    if (mayClobber(i, src)) return true;
  return false;
}

static bool lowerBigStore(Gen& g, llvm::StoreInst* st) {
  Value* v = st->getValueOperand();
  if (!g.isBig(v->getType())) return false;
  llvm::IRBuilder<> ib(st);
  uint64_t size = g.dl.getTypeAllocSize(v->getType());
  if (llvm::isa<llvm::ConstantAggregateZero>(v)) {
    ib.CreateMemSet(st->getPointerOperand(), ib.getInt8(0), size, llvm::MaybeAlign(1));
    st->eraseFromParent();
    return true;
  }
  auto* ld = llvm::dyn_cast<llvm::LoadInst>(v);
  if (!ld || !ld->hasOneUse() || ld->getParent() != st->getParent() || writesBetween(ld, st))
    return false;
  ib.CreateMemMove(st->getPointerOperand(), llvm::MaybeAlign(1), ld->getPointerOperand(),
                   llvm::MaybeAlign(1), size);
  st->eraseFromParent();
  ld->eraseFromParent();
  return true;
}

static void lowerBigExtracts(Gen& g, llvm::LoadInst* ld) {
  if (!g.isBig(ld->getType()) || ld->use_empty()) return;
  for (llvm::User* u : ld->users())
    if (!llvm::isa<llvm::ExtractValueInst>(u)) return;
  llvm::IRBuilder<> ib(ld);
  std::vector<llvm::User*> users(ld->user_begin(), ld->user_end());
  for (llvm::User* u : users) {
    auto* ev = llvm::cast<llvm::ExtractValueInst>(u);
    std::vector<Value*> idx{ib.getInt32(0)};
    for (unsigned i : ev->indices()) idx.push_back(ib.getInt32(i));
    Value* p = ib.CreateInBoundsGEP(ld->getType(), ld->getPointerOperand(), idx);
    ev->replaceAllUsesWith(ib.CreateLoad(ev->getType(), p));
    ev->eraseFromParent();
  }
  ld->eraseFromParent();
}

static void lowerBigValues(Gen& g, llvm::Module& m) {
  for (llvm::Function& f : m)
    for (BasicBlock& bb : f) {
      std::vector<llvm::Instruction*> insts;
      for (llvm::Instruction& i : bb) insts.push_back(&i);
      std::vector<llvm::LoadInst*> loads;
      for (llvm::Instruction* i : insts) {
        if (auto* st = llvm::dyn_cast<llvm::StoreInst>(i)) lowerBigStore(g, st);
      }
      for (llvm::Instruction& i : bb)
        if (auto* ld = llvm::dyn_cast<llvm::LoadInst>(&i)) loads.push_back(ld);
      for (llvm::LoadInst* ld : loads) lowerBigExtracts(g, ld);
    }
}

std::unique_ptr<llvm::Module> generate(const check::Program& prog,
                                       llvm::LLVMContext& ctx,
                                       const Options& opts) {
  Gen gen(prog, ctx, opts);
  auto mod = gen.run();
  lowerBigValues(gen, *mod);
  if (opts.debug_lines) finishDebugInfo(*mod);
  if (llvm::verifyModule(*mod, &llvm::errs())) {
    llvm::errs() << "csp: internal error: invalid LLVM module\n";
    if (getenv("CSP_DUMP_BAD_IR")) mod->print(llvm::errs(), nullptr);
    return nullptr;
  }
  return mod;
}

namespace {

// Lets the loop vectorizer vectorize floating-point sums whose order must
// stay as written (no fast-math in Go): each vector of terms is added into
// the sum one lane at a time, in source order, so results are bit-identical
// while the rest of the loop body (divisions, products) runs in vectors.
void allowOrderedReductions() {
  static bool done = false;
  if (done) return;
  done = true;
  auto& opts = llvm::cl::getRegisteredOptions();
  auto it = opts.find("force-ordered-reductions");
  if (it != opts.end())
    it->second->addOccurrence(0, "force-ordered-reductions", "true");
}

}  // namespace

void optimize(llvm::Module& m, int level) {
  if (level <= 0) return;
  allowOrderedReductions();
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(hostMachine());
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel ol = level == 1   ? llvm::OptimizationLevel::O1
                               : level == 2 ? llvm::OptimizationLevel::O2
                                            : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(ol);
  mpm.run(m, mam);
}

}  // namespace csp::codegen
