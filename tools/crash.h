// A last line of defence for the compile-only commands (check, tokens, ast,
// ir): a compiler bug that crashes (a signal such as SIGSEGV, or a stack
// overflow) reports `csp: internal compiler error: ...` and exits 1 instead
// of dying from the signal. Bugs stay visible: tests/fuzz_check.py counts
// that message as a failure.
//
// Not used for `run`, whose program may rely on the runtime's own signal
// handling.
#pragma once

namespace csp::cli {

// Installs the handlers (on an alternate stack, so a stack overflow is
// caught too). Async-signal-safe reporting only: write(2) and _exit(2).
void installCrashHandler();

}  // namespace csp::cli
