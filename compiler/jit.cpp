// The JIT wrapper: see jit.h.
#include "compiler/jit.h"

#include <mutex>

#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/Support/TargetSelect.h"

namespace csp::jit {

namespace {

void initNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();  // inline asm (defer markers)
  });
}

}  // namespace

llvm::Expected<std::unique_ptr<Jit>> Jit::create(llvm::TargetMachine* tm) {
  initNativeTarget();
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return jtmb.takeError();
  // The module is already optimized by codegen::optimize; the backend only
  // needs instruction selection quality, not its own IR passes.
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  llvm::orc::LLJITBuilder builder;
  builder.setJITTargetMachineBuilder(std::move(*jtmb)).setNumCompileThreads(0);
  if (tm) {
    // Each target machine costs start-up time: reuse the caller's (for the
    // data layout too, which LLJIT would otherwise get from a fresh one).
    builder.setDataLayout(tm->createDataLayout())
        .setCompileFunctionCreator([tm](llvm::orc::JITTargetMachineBuilder)
                                       -> llvm::Expected<std::unique_ptr<
                                           llvm::orc::IRCompileLayer::IRCompiler>> {
          return std::make_unique<llvm::orc::SimpleCompiler>(*tm);
        });
  }
  auto lljit = builder.create();
  if (!lljit) return lljit.takeError();
  auto& jd = (*lljit)->getMainJITDylib();
  auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*lljit)->getDataLayout().getGlobalPrefix());
  if (!gen) return gen.takeError();
  jd.addGenerator(std::move(*gen));
  addTracebackPlugin(**lljit);
  return std::unique_ptr<Jit>(new Jit(std::move(*lljit)));
}

llvm::Error Jit::addModule(llvm::orc::ThreadSafeModule tsm,
                           llvm::orc::ResourceTrackerSP rt) {
  if (!rt) rt = jit_->getMainJITDylib().getDefaultResourceTracker();
  return jit_->addIRModule(rt, std::move(tsm));
}

llvm::orc::ResourceTrackerSP Jit::createTracker() {
  return jit_->getMainJITDylib().createResourceTracker();
}

llvm::Error Jit::remove(llvm::orc::ResourceTrackerSP rt) {
  llvm::Error err = rt->remove();
  rt.reset();
  jit_->getExecutionSession().getSymbolStringPool()->clearDeadEntries();
  return err;
}

llvm::Error Jit::addSymbol(llvm::StringRef name, void* addr) {
  auto& jd = jit_->getMainJITDylib();
  llvm::orc::SymbolMap syms;
  syms[jit_->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(addr),
                                       llvm::JITSymbolFlags::Exported};
  return jd.define(llvm::orc::absoluteSymbols(std::move(syms)));
}

llvm::Expected<llvm::orc::ExecutorAddr> Jit::lookup(llvm::StringRef name) {
  return jit_->lookup(name);
}

}  // namespace csp::jit
