// Private to the driver (driver.cpp, driver_build.cpp): the phases up to
// an optimized LLVM module.
#pragma once

#include <memory>
#include <string>

#include "compiler/check.h"
#include "compiler/source.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace csp::driver {

// Everything a compilation owns; the AST and types point into it, so it
// lives as long as the program runs.
struct Compilation {
  std::unique_ptr<SourceFile> source;
  Diagnostics diags;
  std::unique_ptr<check::Program> program;
};

// Reads, parses and checks `path`; false (errors printed) on failure.
bool frontEnd(const std::string& path, Compilation* c);
// codegen::generate + optimize; null on an internal error (printed).
std::unique_ptr<llvm::Module> backEnd(Compilation* c, llvm::LLVMContext& ctx,
                                      int opt_level);

}  // namespace csp::driver
