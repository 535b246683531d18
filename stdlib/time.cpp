// Package time, the C++ half: the clocks and Sleep (the goroutine parks on
// a runtime timer; its thread runs other goroutines).
#include <time.h>

#include <cerrno>
#include <cstdint>

#include "runtime/sched.h"

namespace {
struct NowResult {
  int64_t wall;
  int64_t mono;
};
int64_t nanos(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}
}  // namespace

extern "C" void csp_time_now(NowResult* out) {
  // The monotonic reading is never 0 (0 means "none" in time.Time).
  *out = NowResult{nanos(CLOCK_REALTIME), nanos(CLOCK_MONOTONIC) | 1};
}

// The goroutine parks on a timer; its thread runs other goroutines.
extern "C" void csp_time_sleep(int64_t d) { csp::rt::sleepFor(d); }
