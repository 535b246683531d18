// The code generator: a checked Program to one LLVM module.
//
// See docs/codegen.md and runtime/abi.h for the value representation and
// calling conventions. Entry point of the module: `csp.main`, a function
// void() that runs package initialization and then main.main; the driver
// hands it to the runtime (csp_rt_main).
#pragma once

#include <memory>

#include "compiler/check.h"

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
}  // namespace llvm

namespace csp::codegen {

struct Options {
  int opt_level = 2;  // -O0..-O3: the driver runs LLVM's pipeline
  bool debug_lines = true;  // emit line tables used by panic tracebacks
};

std::unique_ptr<llvm::Module> generate(const check::Program& prog,
                                       llvm::LLVMContext& ctx,
                                       const Options& opts);

// Runs LLVM's standard optimization pipeline at `level` (0..3), tuned for
// the host CPU.
void optimize(llvm::Module& m, int level);

// The host's target machine (CPU and features detected once per process;
// null if the host is not supported): the optimizer's cost models use it,
// and the driver hands it to the JIT so start-up builds only one.
llvm::TargetMachine* hostMachine();

}  // namespace csp::codegen
