// Fatal signals: a runaway recursion or a stray memory fault ends the
// program with Go's report and exit status 2, never a bare SIGSEGV.
#pragma once

namespace csp::rt {

// Installs the SIGSEGV/SIGBUS handler (once per process) and an alternate
// signal stack for the calling thread, whose stack is [lo, hi); returns
// the alternate stack's top (null: none).
char* installSignalHandlers(void* lo, void* hi);

}  // namespace csp::rt
