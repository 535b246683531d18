// The JIT: modules built by hand, run in-process; C++ exceptions unwinding
// through JIT'd frames (panics rely on it).
#define CATCH_CONFIG_MAIN
#include "compiler/jit.h"

#include <catch2/catch.hpp>

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace {

struct TestPanic {
  int code;
};

extern "C" void csp_test_throw(int64_t code) {
  throw TestPanic{static_cast<int>(code)};
}

std::unique_ptr<csp::jit::Jit> makeJit() {
  auto jit = csp::jit::Jit::create();
  REQUIRE(static_cast<bool>(jit));
  return std::move(*jit);
}

// define i64 @add(i64 %a, i64 %b) { ret a+b }
orc::ThreadSafeModule addModule(const DataLayout& dl) {
  auto ctx = std::make_unique<LLVMContext>();
  auto mod = std::make_unique<Module>("t", *ctx);
  mod->setDataLayout(dl);
  IRBuilder<> b(*ctx);
  auto* fty = FunctionType::get(b.getInt64Ty(),
                                {b.getInt64Ty(), b.getInt64Ty()}, false);
  auto* fn = Function::Create(fty, Function::ExternalLinkage, "add", mod.get());
  b.SetInsertPoint(BasicBlock::Create(*ctx, "entry", fn));
  b.CreateRet(b.CreateAdd(fn->getArg(0), fn->getArg(1)));
  return orc::ThreadSafeModule(std::move(mod), std::move(ctx));
}

// define void @outer(i64 %c) { call csp_test_throw(c); ret }  (no handler)
orc::ThreadSafeModule throwModule(const DataLayout& dl) {
  auto ctx = std::make_unique<LLVMContext>();
  auto mod = std::make_unique<Module>("t2", *ctx);
  mod->setDataLayout(dl);
  IRBuilder<> b(*ctx);
  auto* thr = Function::Create(
      FunctionType::get(b.getVoidTy(), {b.getInt64Ty()}, false),
      Function::ExternalLinkage, "csp_test_throw", mod.get());
  auto* fn = Function::Create(
      FunctionType::get(b.getVoidTy(), {b.getInt64Ty()}, false),
      Function::ExternalLinkage, "outer", mod.get());
  b.SetInsertPoint(BasicBlock::Create(*ctx, "entry", fn));
  b.CreateCall(thr, {b.CreateAdd(fn->getArg(0), b.getInt64(1))});
  b.CreateRetVoid();
  return orc::ThreadSafeModule(std::move(mod), std::move(ctx));
}

}  // namespace

TEST_CASE("jit runs a hand-built module", "[jit]") {
  auto jit = makeJit();
  REQUIRE(!jit->addModule(addModule(jit->dataLayout())));
  auto addr = jit->lookup("add");
  REQUIRE(static_cast<bool>(addr));
  auto* add = addr->toPtr<int64_t (*)(int64_t, int64_t)>();
  CHECK(add(40, 2) == 42);
}

TEST_CASE("C++ exceptions unwind through JIT'd frames", "[jit]") {
  auto jit = makeJit();
  REQUIRE(!jit->addSymbol("csp_test_throw",
                          reinterpret_cast<void*>(&csp_test_throw)));
  REQUIRE(!jit->addModule(throwModule(jit->dataLayout())));
  auto addr = jit->lookup("outer");
  REQUIRE(static_cast<bool>(addr));
  auto* outer = addr->toPtr<void (*)(int64_t)>();
  int caught = 0;
  try {
    outer(6);
  } catch (const TestPanic& p) {
    caught = p.code;
  }
  CHECK(caught == 7);
}

TEST_CASE("resource trackers remove a module's symbols", "[jit]") {
  auto jit = makeJit();
  auto rt = jit->createTracker();
  REQUIRE(!jit->addModule(addModule(jit->dataLayout()), rt));
  REQUIRE(static_cast<bool>(jit->lookup("add")));
  REQUIRE(!rt->remove());
  auto gone = jit->lookup("add");
  CHECK(!gone);
  if (!gone) consumeError(gone.takeError());
}

// Optional runtime entry points are declared extern_weak (the preemption
// flag): a missing one must resolve to null, not fail the link.
TEST_CASE("missing extern_weak symbols resolve to null", "[jit]") {
  auto jit = makeJit();
  auto ctx = std::make_unique<LLVMContext>();
  auto mod = std::make_unique<Module>("t3", *ctx);
  mod->setDataLayout(jit->dataLayout());
  IRBuilder<> b(*ctx);
  auto* missing = Function::Create(FunctionType::get(b.getPtrTy(), false),
                                   Function::ExternalWeakLinkage,
                                   "csp_test_missing", mod.get());
  auto* fn =
      Function::Create(FunctionType::get(b.getInt1Ty(), false),
                       Function::ExternalLinkage, "has_missing", mod.get());
  b.SetInsertPoint(BasicBlock::Create(*ctx, "entry", fn));
  b.CreateRet(b.CreateIsNotNull(missing));
  REQUIRE(
      !jit->addModule(orc::ThreadSafeModule(std::move(mod), std::move(ctx))));
  auto addr = jit->lookup("has_missing");
  REQUIRE(static_cast<bool>(addr));
  CHECK(addr->toPtr<bool (*)()>()() == false);
}
