// The code generator: a checked Program to one LLVM module.
//
// See docs/codegen.md and runtime/abi.h for the value representation and
// calling conventions. Entry point of the module: `csp.main`, a function
// void() that runs package initialization and then main.main; the driver
// hands it to the runtime (csp_rt_main).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/check.h"

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
}  // namespace llvm

namespace csp::codegen {

// REPL inputs (tools/repl.cpp): every input is a module of its own in one
// JIT session. What earlier modules defined is declared, not generated
// again: functions by symbol, package-level variables by the symbol of
// their module's variable block and their byte offset in it. Functions and
// the variable block get external linkage; main-package functions and
// csp.main get the suffix ".r<input>", so a redefinition is a new symbol.
// generate() lists what the module defines in new_funcs / new_globals; the
// REPL adds them to funcs / globals once the module is linked.
struct ReplLink {
  int input = 0;
  std::unordered_map<const types::Func*, std::string> funcs;
  std::unordered_map<const types::Var*, std::pair<std::string, uint64_t>>
      globals;
  std::vector<std::pair<const types::Func*, std::string>> new_funcs;
  std::vector<std::pair<const types::Var*, std::pair<std::string, uint64_t>>>
      new_globals;
  std::string entry;  // the module's csp.main symbol (set by generate)
};

struct Options {
  int opt_level = 2;  // -O0..-O3: the driver runs LLVM's pipeline
  bool debug_lines = true;  // emit line tables used by panic tracebacks
  ReplLink* repl = nullptr;  // a REPL input (see ReplLink)
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
