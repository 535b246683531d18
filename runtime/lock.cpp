// Runtime locks and notes on Linux futexes (Go's lock_futex.go).
//
// Lock: 0 unlocked, 1 locked, 2 locked with possible sleepers. lock()
// spins a little (the holders' critical sections are short), then sleeps on
// the word; unlock() wakes one sleeper only when the word says there may be
// one.
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/proc_impl.h"

namespace csp::rt {

namespace {

long futex(std::atomic<uint32_t>* addr, int op, uint32_t val,
           const struct timespec* ts) {
  return syscall(SYS_futex, reinterpret_cast<uint32_t*>(addr),
                 op | FUTEX_PRIVATE_FLAG, val, ts, nullptr, 0);
}

inline void cpuRelax() { __builtin_ia32_pause(); }

}  // namespace

bool Lock::tryLock() {
  uint32_t v = 0;
  return state_.compare_exchange_strong(v, 1, std::memory_order_acquire,
                                        std::memory_order_relaxed);
}

void Lock::lock() {
  uint32_t v = 0;
  if (state_.compare_exchange_strong(v, 1, std::memory_order_acquire,
                                     std::memory_order_relaxed))
    return;
  // Spin: the holder is probably running on another core.
  for (int i = 0; i < 100; i++) {
    for (int k = 0; k < 30; k++) cpuRelax();
    v = 0;
    if (state_.load(std::memory_order_relaxed) == 0 &&
        state_.compare_exchange_strong(v, 1, std::memory_order_acquire,
                                       std::memory_order_relaxed))
      return;
  }
  for (int i = 0; i < 1; i++) {
    sched_yield();
    v = 0;
    if (state_.compare_exchange_strong(v, 1, std::memory_order_acquire,
                                       std::memory_order_relaxed))
      return;
  }
  // Sleep, marking the lock contended.
  while (state_.exchange(2, std::memory_order_acquire) != 0)
    futex(&state_, FUTEX_WAIT, 2, nullptr);
}

void Lock::unlock() {
  if (state_.exchange(0, std::memory_order_release) == 2)
    futex(&state_, FUTEX_WAKE, 1, nullptr);
}

void Note::wakeup() {
  if (key.exchange(1, std::memory_order_release) != 0) return;
  futex(&key, FUTEX_WAKE, 1, nullptr);
}

void Note::sleep() {
  while (key.load(std::memory_order_acquire) == 0)
    futex(&key, FUTEX_WAIT, 0, nullptr);
}

bool Note::sleepUntil(int64_t deadline) {
  while (key.load(std::memory_order_acquire) == 0) {
    int64_t left = deadline - nanotime();
    if (left <= 0) return false;
    struct timespec ts;
    ts.tv_sec = left / 1000000000;
    ts.tv_nsec = left % 1000000000;
    futex(&key, FUTEX_WAIT, 0, &ts);
  }
  return true;
}

int64_t nanotime() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int64_t walltime() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace csp::rt
