// The trace hook (sched.h's traceEvent): every scheduling point of the
// goroutines a program starts must tell one consistent story. Per
// goroutine, as a state machine:
//
//   create -> runnable --start--> running --block--> waiting
//   running --sched--> runnable      waiting --unblock--> runnable
//   running --end--> dead
//
// Events are recorded under one lock, so the recorded order is an order
// in which they really happened only if each event is emitted before what
// it announces can be observed (a goroutine's unblock before anyone can
// start it, its block before anyone can ready it): that is part of what is
// checked. The program mixes every way to park (runtime Lock, an unlock
// hook that refuses, a waiter published before it parks), yields, sleeps
// and goroutine exits, on 1 and 4 Ps. A goroutine whose unlock hook
// refuses to park is blocked and unblocked at once (as Go's park_m traces
// it).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/proc_impl.h"
#include "tests/unit/sched/harness.h"

using namespace csp::rt;
using namespace csp::rt::sched_test;

namespace {

struct Event {
  TraceEv ev;
  int64_t goid;
  int64_t arg;
};

std::mutex events_lock;  // never held across anything that parks
std::vector<Event> events;

void recordEvent(TraceEv ev, int64_t goid, int64_t arg) {
  std::lock_guard<std::mutex> guard(events_lock);
  events.push_back(Event{ev, goid, arg});
}

// Waits on `state` (0 empty, 1 token, else the G) as park_test's
// HookParker (hook) or EagerParker (!hook) does.
void parkOn(std::atomic<uintptr_t>* state, bool hook) {
  auto self = reinterpret_cast<uintptr_t>(getg());
  for (;;) {
    uintptr_t v = 1;
    if (state->compare_exchange_strong(v, 0)) return;
    if (hook) {
      struct Arg {
        std::atomic<uintptr_t>* state;
        bool parked;
      } a{state, true};
      gopark(
          [](G* g, void* p) {
            auto* a = static_cast<Arg*>(p);
            uintptr_t empty = 0;
            if (a->state->compare_exchange_strong(
                    empty, reinterpret_cast<uintptr_t>(g)))
              return true;
            a->parked = false;
            return false;
          },
          &a, WaitReason::kSemacquire);
      if (a.parked) return;
    } else {
      v = 0;
      if (state->compare_exchange_strong(v, self)) {
        gopark(nullptr, nullptr, WaitReason::kSemacquire);
        return;
      }
    }
  }
}

void unparkOn(std::atomic<uintptr_t>* state) {
  for (;;) {
    uintptr_t v = state->load();
    uintptr_t want = v == 0 ? 1 : 0;
    if (state->compare_exchange_weak(v, want)) {
      if (v > 1) goready(reinterpret_cast<G*>(v), true);
      return;
    }
  }
}

constexpr int kPairs = 8;
const int64_t kRounds = scaled(2000);

struct TracePair {
  LockParker lp_a, lp_b;
  std::atomic<uintptr_t> st_a{0}, st_b{0};
  LockParker done;
  int64_t goid_a = 0, goid_b = 0;  // set by the goroutines themselves
};
TracePair trace_pairs[kPairs];

// The pair's way to park, by index: runtime Lock, refusing hook, eager.
void traceA(void* arg) {
  auto* p = static_cast<TracePair*>(arg);
  p->goid_a = getg()->goid;
  // An unlock hook that refuses: the goroutine blocks and resumes at once.
  gopark([](G*, void*) { return false; }, nullptr, WaitReason::kSemacquire);
  int how = int(p - trace_pairs) % 3;
  for (int64_t i = 0; i < kRounds; i++) {
    if (how == 0) {
      p->lp_b.wake();
      p->lp_a.wait();
    } else {
      unparkOn(&p->st_b);
      parkOn(&p->st_a, how == 1);
    }
    if (i % 100 == 0) gosched();
  }
  sleepFor(1000000);
  p->done.wake();
}

void traceB(void* arg) {
  auto* p = static_cast<TracePair*>(arg);
  p->goid_b = getg()->goid;
  int how = int(p - trace_pairs) % 3;
  for (int64_t i = 0; i < kRounds; i++) {
    if (how == 0) {
      p->lp_b.wait();
      p->lp_a.wake();
    } else {
      parkOn(&p->st_b, how == 1);
      unparkOn(&p->st_a);
    }
  }
}

std::vector<int64_t> children;  // goids the program started

void traceBody() {
  for (TracePair& p : trace_pairs) {
    newproc(traceB, &p);
    newproc(traceA, &p);
  }
  for (TracePair& p : trace_pairs) p.done.wait();
  // B finished before A's last wake-up; A wrote its goid long before.
  children.clear();
  for (TracePair& p : trace_pairs) {
    children.push_back(p.goid_a);
    children.push_back(p.goid_b);
  }
}

enum class St { kRunnable, kRunning, kWaiting, kDead };

// Replays the events; returns the first inconsistency ("" if none).
std::string checkEvents(const std::vector<Event>& evs,
                        const std::vector<int64_t>& goids, int64_t procs) {
  std::map<int64_t, St> st;
  std::map<int64_t, int> starts;
  for (int64_t g : goids) st[g] = St::kDead;  // before their create
  std::map<int64_t, bool> created;
  for (size_t k = 0; k < evs.size(); k++) {
    const Event& e = evs[k];
    std::ostringstream where;
    where << "event " << k << " (kind " << int(e.ev) << ") of goroutine "
          << e.goid << " arg " << e.arg << ": ";
    if (e.ev == TraceEv::kSteal) {
      if (e.arg <= 0) return where.str() + "steal of nothing";
      continue;
    }
    if (e.ev == TraceEv::kMPark || e.ev == TraceEv::kMUnpark) continue;
    auto it = st.find(e.goid);
    if (it == st.end()) continue;  // main, or not ours
    St& s = it->second;
    switch (e.ev) {
      case TraceEv::kGoCreate:
        if (created[e.goid]) return where.str() + "created twice";
        created[e.goid] = true;
        s = St::kRunnable;
        break;
      case TraceEv::kGoStart:
        if (s != St::kRunnable) return where.str() + "started while not runnable";
        if (e.arg < 0 || e.arg >= procs) return where.str() + "on a bad P";
        starts[e.goid]++;
        s = St::kRunning;
        break;
      case TraceEv::kGoBlock:
        if (s != St::kRunning) return where.str() + "blocked while not running";
        if (e.arg != int64_t(WaitReason::kSemacquire) &&
            e.arg != int64_t(WaitReason::kSleep))
          return where.str() + "blocked for a wrong reason";
        s = St::kWaiting;
        break;
      case TraceEv::kGoUnblock:
        if (s != St::kWaiting) return where.str() + "unblocked while not waiting";
        s = St::kRunnable;
        break;
      case TraceEv::kGoSched:
        if (s != St::kRunning) return where.str() + "yielded while not running";
        s = St::kRunnable;
        break;
      case TraceEv::kGoEnd:
        if (s != St::kRunning) return where.str() + "ended while not running";
        s = St::kDead;
        break;
      default:
        break;
    }
  }
  for (int64_t g : goids) {
    if (!created[g]) return "goroutine " + std::to_string(g) + " never created";
    if (st[g] != St::kDead)
      return "goroutine " + std::to_string(g) + " never ended";
    if (starts[g] == 0) return "goroutine " + std::to_string(g) + " never ran";
  }
  return "";
}

}  // namespace

TEST_CASE("trace: create/start/block/unblock/end tell a consistent story",
          "[trace]") {
  for (int64_t procs : {1, 4}) {
    INFO("procs " << procs);
    {
      std::lock_guard<std::mutex> guard(events_lock);
      events.clear();
    }
    test_trace_hook.store(recordEvent);
    REQUIRE(runProgram(traceBody, procs) == 0);
    // The goroutines' end events come after their last wake-up of main:
    // wait until each has ended (or 5 s), then stop recording.
    auto ended = [] {
      std::lock_guard<std::mutex> guard(events_lock);
      size_t n = 0;
      for (const Event& e : events)
        if (e.ev == TraceEv::kGoEnd)
          for (int64_t g : children) n += e.goid == g;
      return n == children.size();
    };
    for (int i = 0; i < 5000 && !ended(); i++)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    test_trace_hook.store(nullptr);
    std::vector<Event> evs;
    {
      std::lock_guard<std::mutex> guard(events_lock);
      evs = events;
    }
    CHECK(checkEvents(evs, children, procs) == "");
    size_t blocks = 0, unblocks = 0, steals = 0;
    for (const Event& e : evs) {
      blocks += e.ev == TraceEv::kGoBlock;
      unblocks += e.ev == TraceEv::kGoUnblock;
      steals += e.ev == TraceEv::kSteal;
    }
    CHECK(blocks > 0);
    CHECK(unblocks > 0);
    INFO("events " << evs.size() << ", steals " << steals);
  }
}
