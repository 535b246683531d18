// Package time, the C++ half: the clocks, Sleep (the goroutine parks on a
// runtime timer; its thread runs other goroutines) and the runtime side of
// the timers with channels (Go's runtime/time.go as the time package sees
// it: startTimer, stopTimer, resetTimer, modTimer, and the callbacks
// sendTime and goFunc).
//
// A time.Timer or time.Ticker holds a pointer to a TimeTimer: the
// scheduler's rt::Timer followed by what its callback needs. It lives in
// GC memory, so it stays alive while csp code can reach it (through the
// Timer or Ticker) or while it is pending (the per-P timer heaps are GC
// roots, and rt::Timer is its first member, so the heap's pointer is the
// object's address).
#include <time.h>

#include <cstdint>
#include <new>

#include "runtime/chan.h"
#include "runtime/gc.h"
#include "runtime/sched.h"

namespace {

// time.Time's first two words (stdlib/time.csp; its third is loc): keep
// the two in step.
struct TimeValue {
  int64_t wall;
  int64_t mono;
};

int64_t nanos(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// time.Now(). The monotonic reading is never 0 (0 means "none" in
// time.Time).
TimeValue now() {
  return TimeValue{nanos(CLOCK_REALTIME), nanos(CLOCK_MONOTONIC) | 1};
}

// Invariants: c and fn never change after startTimer; exactly one of them
// is set. timer is first (see the top of the file). Stop and Reset hold
// lock: the runtime's modTimer (delTimer, then addTimer) is not atomic, and
// two goroutines resetting one timer at once must not arm it twice. The
// callbacks do not take it.
struct TimeTimer {
  csp::rt::Timer timer;
  csp::rt::Lock lock;
  void* c = nullptr;   // chan Time (NewTimer, NewTicker)
  void* fn = nullptr;  // func() closure (AfterFunc)
};

// As Go's sendTime: a non-blocking send of Now() on the timer's channel (a
// Ticker drops the tick when the receiver has not taken the last one).
// Runs on a scheduler stack.
// The value sent is a whole time.Time: {wall, mono, loc}, loc nil (UTC).
void sendTime(void* arg, int64_t) {
  TimeValue n = now();
  struct {
    int64_t wall, mono;
    void* loc;
  } v{n.wall, n.mono, nullptr};
  csp::rt::chanSendNonblocking(static_cast<TimeTimer*>(arg)->c, &v);
}

// Calls a csp func() value: its closure's first word is the code pointer.
void callClosure(void* closure) {
  reinterpret_cast<void (*)(void*)> (*static_cast<void**>(closure))(closure);
}

// As Go's goFunc: AfterFunc's f runs in a goroutine of its own.
void goFunc(void* arg, int64_t) {
  csp::rt::newproc(callClosure, static_cast<TimeTimer*>(arg)->fn);
}

}  // namespace

extern "C" void csp_time_now(TimeValue* out) { *out = now(); }

extern "C" void csp_time_sleep(int64_t d) { csp::rt::sleepFor(d); }

extern "C" int64_t csp_time_runtimeNano() { return csp::rt::nanotime(); }

extern "C" void* csp_time_startTimer(int64_t when, int64_t period, void* c,
                                     void* fn) {
  auto* t = new (csp::rt::gcAlloc(sizeof(TimeTimer))) TimeTimer;
  t->timer.when = when;
  t->timer.period = period;
  t->timer.f = c ? sendTime : goFunc;
  t->timer.arg = t;
  t->c = c;
  t->fn = fn;
  csp::rt::addTimer(&t->timer);
  return t;
}

extern "C" bool csp_time_stopTimer(void* r) {
  auto* t = static_cast<TimeTimer*>(r);
  csp::rt::LockGuard guard(&t->lock);
  return csp::rt::delTimer(&t->timer);
}

extern "C" bool csp_time_resetTimer(void* r, int64_t when) {
  auto* t = static_cast<TimeTimer*>(r);
  csp::rt::LockGuard guard(&t->lock);
  return csp::rt::modTimer(&t->timer, when, t->timer.period);
}

extern "C" void csp_time_modTimer(void* r, int64_t when, int64_t period) {
  auto* t = static_cast<TimeTimer*>(r);
  csp::rt::LockGuard guard(&t->lock);
  csp::rt::modTimer(&t->timer, when, period);
}
