// Tracebacks: the "goroutine N [state]:" frames of a panic or fatal error
// report, as Go prints them:
//
//   main.get(...)
//           /abs/path/prog.csp:6 +0x1d
//   main.main()
//           /abs/path/prog.csp:12 +0x45
//
// The runtime captures return addresses (the unwinder's view of the
// stack) and asks the symbolizer the driver registered
// (csp_rt_set_symbolizer: the JIT's line tables) to name them. Frames it
// does not know (the runtime's and the stdlib's C++) are not shown.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/panic.h"

namespace csp::rt {

// Stores up to max return addresses of the calling stack, innermost
// first; returns how many.
int captureStack(uintptr_t* pcs, int max);

// Appends the frames of pcs[0..n) as Go prints them; without any frame
// the symbolizer knows, Go's frame of main.main with an unknown place.
void appendTraceback(std::string* out, const uintptr_t* pcs, int n);

// "file:line" of pc (a return address in generated code), or with_func
// "func\n\tfile:line" as Go's "created by" line; empty when unknown.
std::string pcLocation(uintptr_t pc, bool with_func);

// The frames of g's newest panic (where it was thrown), or of the calling
// stack when g has no panic.
void appendGoroutineTraceback(std::string* out, G* g);

}  // namespace csp::rt
