// Panics, defer and recover: the runtime side of the protocol in abi.def.
//
// A csp panic is a C++ exception whose thrown object is a Panic* (a
// GC-allocated record, linked into its goroutine's chain when thrown, so
// the collector sees the value while the exception object, which libstdc++
// mallocs, does not need scanning). See panic.cpp for the protocol.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/abi.h"

namespace csp::rt {

// Frames a traceback shows at most (as Go's _TracebackMaxFrames).
constexpr int kMaxTracebackFrames = 100;

// As Go's _panic: one panic in progress on a goroutine.
// Invariants: G::panic links the goroutine's panics, newest first; a
// recovered panic leaves the chain when the deferred call that recovered
// it returns; an aborted panic (one whose deferred calls were interrupted
// by a newer panic) leaves it when a newer panic is recovered.
struct Panic {
  CspIface value;  // the panic's argument (an eface: tab is a CspType*)
  Panic* link;     // the panic that was in progress when this one started
  bool recovered;
  bool aborted;
  bool sigsegv;  // a nil dereference: printed with Go's [signal ...] line
  int32_t npcs;  // return addresses of the stack where it was thrown
  uintptr_t pcs[kMaxTracebackFrames];
};

// The state of one frame's landing pad while it runs deferred calls
// (csp_rt_defer_landing .. csp_rt_defer_resume): the panic it handles.
struct DeferFrame {
  Panic* panic;
  DeferFrame* link;
  bool calling;  // inside csp_rt_defer_call: recover() may stop the panic
  void* code;    // the code of the deferred closure being called
};

// As Go's g: what the runtime knows about a goroutine. Only the panic and
// defer state for now; the scheduler issue adds the rest.
struct G {
  int64_t goid;
  Panic* panic;        // newest first
  DeferFrame* defers;  // innermost landing pad first
};

// The running goroutine. NOT inlined, and its result must not be cached
// across anything that may switch goroutines (the scheduler may resume a
// goroutine on another thread).
G* getg();
// Makes g the running goroutine of this thread (the scheduler's business).
void setg(G* g);
G* newG(int64_t goid);

// Throws a panic with value (type, data).
[[noreturn]] void gopanic(const CspType* type, void* data);
// Throws a runtime error (type, data) flagged as a nil dereference or not.
[[noreturn]] void panicError(const CspType* type, void* data,
                             bool sigsegv = false);
// panic(errorString(msg)) / panic(plainError(msg)) as Go's runtime does.
[[noreturn]] void panicErrorString(const std::string& msg);
[[noreturn]] void panicPlainError(const std::string& msg);

// Forgets p, a panic that C++ code caught itself (fmt catching a panic
// in a String method): as a recovery, without the deferred-call protocol.
void dropPanic(Panic* p);

// Prints "fatal error: msg" and the goroutine header, exits with status 2
// (as Go's throw).
[[noreturn]] void fatal(const char* msg);
// As fatal, with the goroutine shown blocked in state ("chan receive").
[[noreturn]] void fatalBlocked(const char* msg, const char* state);

// Prints the chain of g's panics as Go's printpanics, then the goroutine
// trace, to stderr (used by csp_rt_main and goroutine ends).
void printPanics(G* g);
// What printPanics prints.
std::string panicReport(G* g);

// Runs entry as the body of goroutine g; returns false after an
// unrecovered panic (already printed).
bool runGoroutine(G* g, void (*entry)(void*), void* arg);

}  // namespace csp::rt
