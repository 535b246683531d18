// Timers (timer.cpp's per-P heaps) and time.Sleep (sleepFor), driven from
// goroutines started from C++. Callbacks run on some M's g0 with the heap
// unlocked; the program waits for them by polling a counter with short
// sleeps. Orders are checked with one P, where a single M runs the timers
// of the single heap; with several Ps two Ms may run callbacks of one heap
// at once, so only "each fired once, not early" is checked there.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <new>
#include <random>
#include <vector>

#include "runtime/proc_impl.h"
#include "tests/unit/sched/harness.h"

using namespace csp::rt;
using namespace csp::rt::sched_test;

namespace {

constexpr int64_t kMs = 1000000;

// What every callback records, under a runtime Lock (callbacks run on g0:
// they must not park).
struct Record {
  Lock l;
  std::vector<int> order;       // timer indices, in firing order
  std::vector<int64_t> now_at;  // the `now` each was called with
  std::vector<int64_t> when_at;  // t->when as the callback saw it
  std::atomic<int64_t> fired{0};
  bool on_g0 = true;
};
Record rec;
std::vector<Timer>* timers;  // the timers of the test running now

void resetTimers(size_t n) {
  delete timers;
  timers = new std::vector<Timer>(n);  // Timer is not copyable: fresh ones
  rec.order.clear();
  rec.now_at.clear();
  rec.when_at.clear();
  rec.fired.store(0);
  rec.on_g0 = true;
}

void onFire(void* arg, int64_t now) {
  auto i = int(reinterpret_cast<intptr_t>(arg));
  G* g = getg();
  {
    LockGuard guard(&rec.l);
    rec.order.push_back(i);
    rec.now_at.push_back(now);
    rec.when_at.push_back((*timers)[size_t(i)].when);
    if (g->goid != 0 || !g->is_g0) rec.on_g0 = false;
  }
  rec.fired.fetch_add(1, std::memory_order_release);
}

void arm(int i, int64_t when, int64_t period = 0) {
  Timer& t = (*timers)[size_t(i)];
  t.when = when;
  t.period = period;
  t.f = onFire;
  t.arg = reinterpret_cast<void*>(intptr_t(i));
  addTimer(&t);
}

// Sleeps in 1 ms steps until `fired` reaches n or 10 s pass.
void waitFired(int64_t n) {
  int64_t deadline = nanotime() + 10000 * kMs;
  while (rec.fired.load(std::memory_order_acquire) < n && nanotime() < deadline)
    sleepFor(kMs);
}

int64_t g_procs = 1;

// --- many timers with random whens --------------------------------------------

constexpr int kMany = 1000;
std::vector<int64_t> many_when;

void manyBody() {
  std::mt19937_64 rng(7);
  int64_t now = nanotime();
  many_when.assign(kMany, 0);
  for (int i = 0; i < kMany; i++) {
    many_when[size_t(i)] = now + kMs + int64_t(rng() % uint64_t(50 * kMs));
    arm(i, many_when[size_t(i)]);
  }
  waitFired(kMany);
}

}  // namespace

TEST_CASE("timers: 1000 random timers fire once each in order of when",
          "[timers]") {
  for (int64_t procs : {1, 4}) {
    resetTimers(kMany);
    g_procs = procs;
    REQUIRE(runProgram(manyBody, procs) == 0);
    INFO("procs " << procs);
    REQUIRE(rec.order.size() == size_t(kMany));
    std::vector<int> count(kMany, 0);
    for (size_t k = 0; k < rec.order.size(); k++) {
      int i = rec.order[k];
      count[size_t(i)]++;
      CHECK(rec.now_at[k] >= many_when[size_t(i)]);  // never early
    }
    CHECK(std::count(count.begin(), count.end(), 1) == kMany);
    CHECK(rec.on_g0);
    if (procs == 1) {
      for (size_t k = 1; k < rec.order.size(); k++)
        CHECK(many_when[size_t(rec.order[k - 1])] <=
              many_when[size_t(rec.order[k])]);
    }
  }
}

namespace {

// --- Stop (delTimer) ----------------------------------------------------------

constexpr int kStop = 200;
std::vector<bool> stop_result, stop_again;

void stopBody() {
  int64_t now = nanotime();
  for (int i = 0; i < kStop; i++) arm(i, now + 20 * kMs + i * kMs / 10);
  stop_result.assign(kStop, false);
  for (int i = 0; i < kStop; i += 2)
    stop_result[size_t(i)] = delTimer(&(*timers)[size_t(i)]);
  waitFired(kStop / 2);
  sleepFor(30 * kMs);  // a stopped timer would have fired by now
  stop_again.assign(kStop, true);
  for (int i = 0; i < kStop; i++)
    stop_again[size_t(i)] = delTimer(&(*timers)[size_t(i)]);
}

}  // namespace

TEST_CASE("timers: Stop before firing prevents firing", "[timers]") {
  for (int64_t procs : {1, 4}) {
    resetTimers(kStop);
    REQUIRE(runProgram(stopBody, procs) == 0);
    INFO("procs " << procs);
    CHECK(rec.fired.load() == kStop / 2);
    for (int i = 0; i < kStop; i++) {
      bool stopped = i % 2 == 0;
      if (stopped) CHECK(stop_result[size_t(i)]);  // it was pending
      CHECK_FALSE(stop_again[size_t(i)]);  // fired or stopped: not pending
    }
    for (int i : rec.order) CHECK(i % 2 == 1);
  }
}

namespace {

// --- modTimer and periodic timers --------------------------------------------

bool mod_early, mod_fired_again, mod_late, mod_late_stopped;
int64_t mod_fired_after_first, mod_fired_after_late;

void modBody() {
  int64_t now = nanotime();
  // 0: far away, brought forward (pending: true).
  arm(0, now + 3600000 * kMs);
  mod_early = modTimer(&(*timers)[0], now + 2 * kMs, 0);
  waitFired(1);
  mod_fired_after_first = rec.fired.load();
  // Re-armed after it fired (not pending: false), fires again.
  mod_fired_again = modTimer(&(*timers)[0], nanotime() + 2 * kMs, 0);
  waitFired(2);
  // 1: near, pushed far away: it does not fire.
  arm(1, nanotime() + 5 * kMs);
  mod_late = modTimer(&(*timers)[1], nanotime() + 3600000 * kMs, 0);
  sleepFor(30 * kMs);
  mod_fired_after_late = rec.fired.load();
  mod_late_stopped = delTimer(&(*timers)[1]);
}

// Periodic: fires every 2 ms until stopped.
int64_t per_at_stop, per_after, per_stop_result;

void periodicBody() {
  arm(0, nanotime() + 2 * kMs, 2 * kMs);
  waitFired(10);
  per_stop_result = delTimer(&(*timers)[0]);
  per_at_stop = rec.fired.load();
  sleepFor(20 * kMs);
  per_after = rec.fired.load();
}

}  // namespace

TEST_CASE("timers: modTimer moves a pending or fired timer", "[timers]") {
  for (int64_t procs : {1, 4}) {
    resetTimers(2);
    REQUIRE(runProgram(modBody, procs) == 0);
    INFO("procs " << procs);
    CHECK(mod_early);
    CHECK(mod_fired_after_first == 1);
    CHECK_FALSE(mod_fired_again);
    CHECK(mod_late);
    CHECK(mod_fired_after_late == 2);
    CHECK(mod_late_stopped);
    CHECK(rec.order == std::vector<int>{0, 0});
  }
}

TEST_CASE("timers: a periodic timer fires until stopped", "[timers]") {
  for (int64_t procs : {1, 4}) {
    resetTimers(1);
    REQUIRE(runProgram(periodicBody, procs) == 0);
    INFO("procs " << procs);
    CHECK(per_stop_result);
    CHECK(per_at_stop >= 10);
    // A callback may be running while Stop runs (Go's semantics too).
    CHECK(per_after <= per_at_stop + 1);
    for (size_t k = 0; k < rec.now_at.size(); k++) {
      // Re-armed before its callback ran: the next when is in the future
      // of this call, a whole number of periods after the first.
      CHECK(rec.when_at[k] > rec.now_at[k]);
      if (k > 0) {
        CHECK(rec.now_at[k] >= rec.now_at[k - 1]);
        CHECK(rec.when_at[k] > rec.when_at[k - 1]);
        CHECK((rec.when_at[k] - rec.when_at[k - 1]) % (2 * kMs) == 0);
      }
    }
  }
}

namespace {

// --- sleepFor -------------------------------------------------------------------

// Sleepers with distinct durations. Timers ready them in order of their
// deadlines (seen by the trace hook: kGoUnblock from a timer has arg 0);
// the order in which they then run may differ (runnext), so it is not
// checked.
constexpr int kSleepers = 40;
struct Sleeper {
  int64_t goid = 0;
  int64_t deadline = 0;
  int64_t woke = 0;
};
Sleeper sleepers[kSleepers];
LockParker sleepers_done[kSleepers];
Lock unblock_lock;
std::vector<int64_t> unblocked;  // goids readied by timers, in order
std::atomic<bool> recording{false};

void sleepTrace(TraceEv ev, int64_t goid, int64_t arg) {
  if (ev != TraceEv::kGoUnblock || arg != 0 ||
      !recording.load(std::memory_order_acquire))
    return;
  LockGuard guard(&unblock_lock);
  unblocked.push_back(goid);
}

void sleeper(void* arg) {
  auto i = int(reinterpret_cast<intptr_t>(arg));
  Sleeper& s = sleepers[i];
  s.goid = getg()->goid;
  // A permutation of 1..kSleepers ms.
  int64_t d = (int64_t(i) * 17 % kSleepers + 1) * kMs;
  s.deadline = nanotime() + d;
  sleepFor(d);
  s.woke = nanotime();
  sleepers_done[i].wake();
}

void sleepBody() {
  for (int i = 0; i < kSleepers; i++)
    newproc(sleeper, reinterpret_cast<void*>(intptr_t(i)));
  for (LockParker& d : sleepers_done) d.wait();
}

}  // namespace

TEST_CASE("timers: sleepers wake after their deadline in deadline order",
          "[timers]") {
  for (int64_t procs : {1, 4}) {
    unblocked.clear();
    test_trace_hook.store(sleepTrace);
    recording.store(true);
    REQUIRE(runProgram(sleepBody, procs) == 0);
    recording.store(false);
    test_trace_hook.store(nullptr);
    INFO("procs " << procs);
    for (const Sleeper& s : sleepers) CHECK(s.woke >= s.deadline);
    std::vector<int64_t> deadlines;
    {
      LockGuard guard(&unblock_lock);
      for (int64_t goid : unblocked)
        for (const Sleeper& s : sleepers)
          if (s.goid == goid) deadlines.push_back(s.deadline);
    }
    CHECK(deadlines.size() == size_t(kSleepers));
    if (procs == 1) {
      // Deadlines were taken at slightly different times: sort allowing
      // for the time the sleepers took to start (well under 1 ms apart).
      for (size_t k = 1; k < deadlines.size(); k++)
        CHECK(deadlines[k - 1] <= deadlines[k] + kMs / 2);
    }
  }
}
