// Line tables for panic tracebacks (Options::debug_lines): codegen marks
// each statement's instructions with its line; finishDebugInfo then gives
// every function a DISubprogram named as Go prints the function in a
// traceback ("main.get(...)", "main.(*T).M(...)", "main.main()") and
// makes the module's locations consistent. Line tables only
// (DICompileUnit emission kind LineTablesOnly): no types, no variables.
#pragma once

#include "compiler/source.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace csp::codegen {

// Instructions b inserts from now on belong to the statement at pos, in
// function fn (whose DISubprogram, and the module's compile unit, are
// made on first use).
void setDebugLine(llvm::IRBuilderBase& b, llvm::Function* fn, Pos pos);

// Gives each defined function without one a DISubprogram, every
// instruction a location in its own function's subprogram, and finishes
// the module's debug info. A no-op when setDebugLine was never called.
void finishDebugInfo(llvm::Module& m);

// The name of an LLVM function of generated code as Go prints it in a
// traceback, with "(...)" when it takes arguments: "main.*T.m" with a
// receiver gives "main.(*T).m(...)".
// Functions a traceback does not show (csp.main, thunks of defer and go
// statements, static-closure wrappers) keep their LLVM name, which
// hiddenInTraceback recognizes.
std::string tracebackName(const llvm::Function& fn);
bool hiddenInTraceback(llvm::StringRef name);

}  // namespace csp::codegen
