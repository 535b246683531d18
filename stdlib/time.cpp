// Package time, the C++ half: the clocks and a thread-blocking sleep
// (until the scheduler parks goroutines instead).
#include <time.h>

#include <cerrno>
#include <cstdint>

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

extern "C" void csp_time_sleep(int64_t d) {
  timespec ts{static_cast<time_t>(d / 1000000000),
              static_cast<long>(d % 1000000000)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}
