// What the scheduler's unit tests share: running a C++ function as the
// main goroutine of a program, and counts that shrink under ThreadSanitizer.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/abi.h"
#include "runtime/proc.h"
#include "runtime/sched.h"

#if defined(__SANITIZE_THREAD__)
#define CSP_SCHED_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CSP_SCHED_TEST_TSAN 1
#endif
#endif

namespace csp::rt::sched_test {

// n in the normal build; n / 50 (at least 1) under ThreadSanitizer, which
// makes every synchronising operation some 20-50 times slower.
constexpr int64_t scaled(int64_t n) {
#ifdef CSP_SCHED_TEST_TSAN
  return n / 50 > 0 ? n / 50 : 1;
#else
  return n;
#endif
}

namespace detail {
inline void (*program_body)() = nullptr;
inline int64_t program_procs = 0;
inline void programMain() {
  setMaxProcs(program_procs);
  program_body();
}
}  // namespace detail

// The trace hook of the tests: main.cpp installs dispatchTrace as
// trace_hook before any thread starts and leaves it (the scheduler's
// threads read trace_hook without synchronisation); a test points
// test_trace_hook at its recorder and back to null.
inline std::atomic<TraceHook> test_trace_hook{nullptr};
inline void dispatchTrace(TraceEv ev, int64_t goid, int64_t arg) {
  if (TraceHook h = test_trace_hook.load(std::memory_order_acquire))
    h(ev, goid, arg);
}

// A binary semaphore under a runtime Lock: the waiter publishes itself
// under the lock and parks with goparkunlock (chan.cpp's and sema.cpp's
// way); a wake-up with nobody waiting leaves a token.
struct LockParker {
  Lock l;
  G* waiter = nullptr;
  bool token = false;

  void wait() {
    l.lock();
    if (token) {
      token = false;
      l.unlock();
      return;
    }
    waiter = getg();
    goparkunlock(&l, WaitReason::kSemacquire);
  }
  void wake() {
    l.lock();
    G* g = waiter;
    waiter = nullptr;
    if (!g) token = true;
    l.unlock();
    if (g) goready(g, true);
  }
};

// Runs body as goroutine 1 of a program with `procs` Ps (GOMAXPROCS set
// with runtime.GOMAXPROCS at its start, so one process may run programs
// with different counts) and returns csp_rt_main's status once body has
// returned. A lost wake-up shows as the deadlock fatal error (exit 2).
inline int runProgram(void (*body)(), int64_t procs) {
  detail::program_body = body;
  detail::program_procs = procs;
  char arg0[] = "csp_sched_tests";
  char* argv[] = {arg0, nullptr};
  setMainReturns(true);
  return csp_rt_main(detail::programMain, 1, argv);
}

}  // namespace csp::rt::sched_test
