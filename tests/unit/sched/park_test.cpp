// Parking and wake-up (gopark/goready) between goroutines started from
// C++: pairs of goroutines hand a turn back and forth 1,000,000 times, on
// one P and on four. A lost wake-up leaves every goroutine parked: the
// program ends with the deadlock fatal error (or the test times out).
//
// Three ways to wait, each a path through the scheduler:
//  - LockParker: the waiter publishes itself under a runtime Lock and
//    parks with goparkunlock (the lock is released on g0, once it is off
//    its stack): chan.cpp's and sema.cpp's way.
//  - HookParker: lock-free; the unlock hook publishes the waiter with a
//    CAS and returns false when a wake-up already arrived, so the
//    scheduler resumes it at once (execute's "unlockf returned false").
//  - EagerParker: the waiter publishes itself before gopark; the waker's
//    goready must wait for the parking M to finish the switch (goready's
//    kGRunning spin).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <vector>

#include "runtime/proc_impl.h"
#include "tests/unit/sched/harness.h"

using namespace csp::rt;
using namespace csp::rt::sched_test;

namespace {

// Lock-free: state is 0 (empty), 1 (a token) or the parked G.
struct HookParker {
  std::atomic<uintptr_t> state{0};
  bool parked = false;  // written by the hook on g0, read after resuming

  static bool publish(G* g, void* arg) {
    auto* p = static_cast<HookParker*>(arg);
    // Written before the CAS publishes g: once published, g may be
    // readied and resumed on another M at once.
    p->parked = true;
    uintptr_t empty = 0;
    if (p->state.compare_exchange_strong(empty, reinterpret_cast<uintptr_t>(g),
                                         std::memory_order_acq_rel))
      return true;
    p->parked = false;
    return false;  // a token is there: resume at once
  }
  void wait() {
    for (;;) {
      uintptr_t token = 1;
      if (state.compare_exchange_strong(token, 0, std::memory_order_acq_rel))
        return;
      gopark(publish, this, WaitReason::kSemacquire);
      if (parked) return;  // readied: the waker took us out of state
    }
  }
  void wake() {
    for (;;) {
      uintptr_t v = state.load(std::memory_order_acquire);
      if (v == 1) fatal("HookParker: two tokens");
      uintptr_t want = v == 0 ? 1 : 0;
      if (state.compare_exchange_weak(v, want, std::memory_order_acq_rel)) {
        if (v != 0) goready(reinterpret_cast<G*>(v), true);
        return;
      }
    }
  }
};

// The waiter is published before it parks (only between goroutines that
// cannot be preempted in between: C++ code has no preemption polls), so
// the waker may call goready while the waiter is still on its way into
// gopark. state: 0 (empty), 1 (a token) or the waiting G.
struct EagerParker {
  std::atomic<uintptr_t> state{0};

  void wait() {
    auto self = reinterpret_cast<uintptr_t>(getg());
    for (;;) {
      uintptr_t v = 1;
      if (state.compare_exchange_strong(v, 0, std::memory_order_acq_rel))
        return;
      v = 0;
      if (state.compare_exchange_strong(v, self, std::memory_order_acq_rel)) {
        gopark(nullptr, nullptr, WaitReason::kSemacquire);
        return;
      }
    }
  }
  void wake() {
    for (;;) {
      uintptr_t v = state.load(std::memory_order_acquire);
      if (v == 1) fatal("EagerParker: two tokens");
      uintptr_t want = v == 0 ? 1 : 0;
      if (state.compare_exchange_weak(v, want, std::memory_order_acq_rel)) {
        if (v != 0) goready(reinterpret_cast<G*>(v), true);
        return;
      }
    }
  }
};

// Pairs: goroutine A wakes B and waits; B waits, counts, wakes A.
template <class Parker>
struct Pair {
  Parker to_b, to_a;
  int64_t cycles = 0;
  int64_t count = 0;  // B's, read by main after done
  LockParker* done_a = nullptr;  // each goroutine says it has finished
  LockParker* done_b = nullptr;
};

template <class Parker>
void pairA(void* arg) {
  auto* p = static_cast<Pair<Parker>*>(arg);
  for (int64_t i = 0; i < p->cycles; i++) {
    p->to_b.wake();
    p->to_a.wait();
  }
  p->done_a->wake();
}

template <class Parker>
void pairB(void* arg) {
  auto* p = static_cast<Pair<Parker>*>(arg);
  for (int64_t i = 0; i < p->cycles; i++) {
    p->to_b.wait();
    p->count++;
    p->to_a.wake();
  }
  p->done_b->wake();
}

// Globals (the program body takes no arguments).
int64_t g_pairs = 0;
int64_t g_cycles = 0;  // per pair
int64_t g_total = 0;   // B's counts, summed

template <class Parker>
void pairsBody() {
  std::vector<Pair<Parker>> pairs(static_cast<size_t>(g_pairs));
  // One done semaphore per goroutine (a LockParker holds one token).
  std::vector<LockParker> done(static_cast<size_t>(2 * g_pairs));
  for (int64_t k = 0; k < g_pairs; k++) {
    pairs[k].cycles = g_cycles;
    pairs[k].done_a = &done[2 * k];
    pairs[k].done_b = &done[2 * k + 1];
    newproc(pairB<Parker>, &pairs[k]);
  }
  for (int64_t k = 0; k < g_pairs; k++) newproc(pairA<Parker>, &pairs[k]);
  for (LockParker& d : done) d.wait();
  g_total = 0;
  for (auto& p : pairs) g_total += p.count;
}

template <class Parker>
void runPairs(int64_t procs, int64_t pairs, int64_t cycles) {
  g_pairs = pairs;
  g_cycles = cycles;
  g_total = -1;
  REQUIRE(runProgram(pairsBody<Parker>, procs) == 0);
  CHECK(g_total == pairs * cycles);
}

}  // namespace

// The acceptance test: 1,000,000 park/unpark cycles with no lost wake-up.
TEST_CASE("park: a million park/unpark cycles on 1 P", "[park][procs1]") {
  runPairs<LockParker>(1, 1, scaled(1000000));
}

TEST_CASE("park: a million park/unpark cycles on 4 Ps", "[park][procs4]") {
  // Four pairs of 250,000: the Ps run pairs in parallel, idle Ms steal.
  runPairs<LockParker>(4, 4, scaled(250000));
}

TEST_CASE("park: unlock hook refusing to park on 1 and 4 Ps", "[park]") {
  runPairs<HookParker>(1, 1, scaled(200000));
  runPairs<HookParker>(4, 4, scaled(50000));
}

TEST_CASE("park: goready racing with the parking M on 4 Ps", "[park]") {
  runPairs<EagerParker>(4, 4, scaled(50000));
}

// Many goroutines parked at once, all readied from one goroutine.
namespace {
constexpr int kFanOut = 2000;
LockParker fan_parkers[kFanOut];
std::atomic<int> fan_woken{0};
LockParker fan_done;

void fanWaiter(void* arg) {
  static_cast<LockParker*>(arg)->wait();
  if (fan_woken.fetch_add(1) + 1 == kFanOut) fan_done.wake();
}

void fanBody() {
  for (LockParker& p : fan_parkers) newproc(fanWaiter, &p);
  gosched();
  for (LockParker& p : fan_parkers) p.wake();
  fan_done.wait();
}
}  // namespace

TEST_CASE("park: 2000 goroutines parked and readied on 1 and 4 Ps",
          "[park]") {
  for (int64_t procs : {1, 4}) {
    fan_woken.store(0);
    REQUIRE(runProgram(fanBody, procs) == 0);
    CHECK(fan_woken.load() == kFanOut);
    for (LockParker& p : fan_parkers) CHECK_FALSE(p.token);
  }
}
