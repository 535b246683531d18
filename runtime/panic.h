// Panics, defer and recover: the runtime side of the protocol in abi.def.
//
// A csp panic is a C++ exception whose thrown object is a Panic* (a
// GC-allocated record, linked into its goroutine's chain when thrown, so
// the collector sees the value while the exception object, which libstdc++
// mallocs, does not need scanning). See panic.cpp for the protocol.
#pragma once

#include <atomic>
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
  bool interrupt;  // Ctrl-C in the REPL (interruptInput): never printed
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

// As Go's g: what the runtime knows about a goroutine. The scheduler's
// fields are its own (proc.cpp, sched.cpp); channels, semaphores and select
// use param/waiting/select_done as Go's code uses g.param, g.waiting and
// g.selectDone.
struct M;
struct StackSeg;  // stack.cpp
struct G {
  int64_t goid;
  Panic* panic;        // newest first
  DeferFrame* defers;  // innermost landing pad first

  // For the code that parks and readies goroutines (sched.h).
  void* param;                        // passed by the readier (Go's g.param)
  void* waiting;                      // waiter records of a blocked select
  std::atomic<uint32_t> select_done;  // a select case already won
  uint8_t wait_reason;                // WaitReason while parked

  // The scheduler's (proc.cpp).
  std::atomic<uint32_t> status;
  void* ctx;           // saved context (Boost.Context fcontext_t) when off-CPU
  char* stack_lo;      // the current segment's guard (below it: the margin)
  char* stack_hi;      // and its top
  char* base_lo;       // the G's own stack (its first segment): guard, top
  char* base_hi;
  StackSeg* seg;          // the current extra segment (nullptr: on base)
  StackSeg* segs;         // the first extra segment (deeper ones chain on)
  void (*fn)(void*);   // entry: fn(arg)
  void* arg;
  G* schedlink;        // run queue / free list link
  G* alllink;          // every G ever made (allgs)
  M* m;                // the M running it, when running
  bool preempt;        // sysmon asks it to yield
  bool is_g0;          // an M's scheduler context
  bool is_main;        // goroutine 1 (its stack is the 1 GB one)
  bool oncpu;          // its stack is an M's current stack (gc.cpp)
  bool small;          // its own stack is a small slot (stack.cpp)
  int64_t runstart;    // nanotime when it last started running
  int64_t waitsince;   // nanotime when it parked (for tracebacks)
  uintptr_t gopc;      // return address of the go statement (created by)
  int64_t parent_goid;
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

// Stops the running REPL input (sched.h interruptInput): a panic that
// runs deferred calls on its way out and is not reported.
[[noreturn]] void panicInterrupt();

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
