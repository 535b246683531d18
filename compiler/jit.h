// The JIT: a thin wrapper around LLVM's LLJIT (ORC v2), as in LLVM's
// Kaleidoscope/OrcV2 examples.
//
//   auto jit = cantFail(Jit::create());
//   cantFail(jit->addModule(std::move(tsm)));   // one tracker per REPL input
//   auto addr = cantFail(jit->lookup("csp.main"));
//
// Symbols the generated code does not define (the runtime's csp_* entry
// points, exported by the csp binary with --export-dynamic-symbol=csp_*,
// and libc/libstdc++ symbols such as memcpy and __gxx_personality_v0) are
// resolved in the running process. On x86-64 Linux LLJIT's
// ObjectLinkingLayer registers each object's .eh_frame, so C++ exceptions
// thrown by the runtime (panics) unwind through JIT'd frames.
#pragma once

#include <cstdint>
#include <memory>

#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/Support/Error.h"
#include "runtime/abi.h"

namespace csp::jit {

class Jit {
 public:
  // Initializes the native target (once per process) and builds an LLJIT
  // for the host. With `tm` (a host target machine that outlives the Jit)
  // the JIT compiles with it instead of building its own.
  static llvm::Expected<std::unique_ptr<Jit>> create(
      llvm::TargetMachine* tm = nullptr);

  // The data layout modules must use (codegen sets it on its module).
  const llvm::DataLayout& dataLayout() const { return jit_->getDataLayout(); }
  const llvm::Triple& targetTriple() const { return jit_->getTargetTriple(); }

  // Adds a module to the main JITDylib. With a tracker, the module's code
  // can later be removed by rt->remove() (REPL inputs).
  llvm::Error addModule(llvm::orc::ThreadSafeModule tsm,
                        llvm::orc::ResourceTrackerSP rt = nullptr);

  // A fresh resource tracker for the main JITDylib.
  llvm::orc::ResourceTrackerSP createTracker();

  // Removes what `rt` tracks (a REPL input that left nothing behind) and
  // the interned names no longer used (ORC's SymbolStringPool keeps them
  // until asked), so that a long session stays flat.
  llvm::Error remove(llvm::orc::ResourceTrackerSP rt);

  // Defines `name` as the absolute address `addr` in the main JITDylib
  // (for symbols the process does not export: tests, embedders).
  llvm::Error addSymbol(llvm::StringRef name, void* addr);

  // The address of a symbol (unmangled IR name, e.g. "csp.main").
  llvm::Expected<llvm::orc::ExecutorAddr> lookup(llvm::StringRef name);

 private:
  explicit Jit(std::unique_ptr<llvm::orc::LLJIT> jit) : jit_(std::move(jit)) {}
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

// The runtime's symbolizer for panic tracebacks (csp_rt_set_symbolizer;
// see runtime/abi.h): names the frames of code any Jit linked, from the
// line tables codegen emits (Options::debug_lines). Parses DWARF only
// when called, i.e. when a traceback is printed (jit_traceback.cpp).
int64_t symbolize(uintptr_t pc, CspFrame* frames, int64_t max);
// Keeps what symbolize needs of each object jit links.
void addTracebackPlugin(llvm::orc::LLJIT& jit);

}  // namespace csp::jit
