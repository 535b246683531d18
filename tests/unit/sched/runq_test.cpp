// The run queues (sched.cpp's runqput/runqget/runqsteal and the global
// queue), driven directly through runtime/sched_test_hooks.h on Ps of the
// test's own: one owner thread pushes and pops as an M does with its P,
// three thieves steal half of its queue at a time as idle Ms do, and every
// goroutine pushed must come out exactly once, including those that
// overflowed the 256-slot ring into the global queue.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "runtime/sched_test_hooks.h"
#include "tests/unit/sched/harness.h"

using namespace csp::rt;
namespace hooks = csp::rt::test_hooks;

namespace {

// The items: G structs that are only ever queued, never run.
struct Items {
  explicit Items(size_t n) : n(n), gs(new G[n]()), seen(new std::atomic<int>[n]) {
    for (size_t i = 0; i < n; i++) seen[i].store(0);
  }
  size_t n;
  std::unique_ptr<G[]> gs;
  std::unique_ptr<std::atomic<int>[]> seen;
};

// Empties pp's local queue, then the global queue through pp, as an M
// does before it looks elsewhere (globrunqget needs the local queue empty).
// Catch's REQUIRE is not thread-safe: the threads only count.
int64_t drain(P* pp, Items* items, std::atomic<int64_t>* bad) {
  int64_t n = 0;
  for (;;) {
    bool inherit;
    while (G* gp = hooks::runqget(pp, &inherit)) {
      size_t i = size_t(gp - items->gs.get());
      if (i >= items->n) bad->fetch_add(1);
      else items->seen[i].fetch_add(1, std::memory_order_relaxed);
      n++;
    }
    if (hooks::globrunqsize() == 0) return n;
    if (G* gp = hooks::globrunqget(pp, 0)) {
      size_t i = size_t(gp - items->gs.get());
      if (i >= items->n) bad->fetch_add(1);
      else items->seen[i].fetch_add(1, std::memory_order_relaxed);
      n++;
    }
  }
}

}  // namespace

TEST_CASE("runq: one P in a single thread is FIFO with runnext first",
          "[runq]") {
  Items items(8);
  P* pp = hooks::newP(100);
  for (int i = 0; i < 4; i++) hooks::runqput(pp, &items.gs[i], false);
  hooks::runqput(pp, &items.gs[4], true);
  hooks::runqput(pp, &items.gs[5], true);  // kicks 4 to the tail
  bool inherit = false;
  CHECK(hooks::runqget(pp, &inherit) == &items.gs[5]);
  CHECK(inherit);
  for (int i : {0, 1, 2, 3, 4}) {
    CHECK(hooks::runqget(pp, &inherit) == &items.gs[i]);
    CHECK_FALSE(inherit);
  }
  CHECK(hooks::runqget(pp, &inherit) == nullptr);
  CHECK(hooks::runqempty(pp));
  hooks::freeP(pp);
}

TEST_CASE("runq: a full ring moves half of itself to the global queue",
          "[runq]") {
  REQUIRE(hooks::globrunqsize() == 0);
  Items items(300);
  P* pp = hooks::newP(100);
  for (int i = 0; i < 257; i++) hooks::runqput(pp, &items.gs[i], false);
  // 256 fitted; the 257th moved the older 128 and itself to the global
  // queue, in order.
  CHECK(hooks::globrunqsize() == 129);
  bool inherit;
  for (int i = 128; i < 256; i++)
    REQUIRE(hooks::runqget(pp, &inherit) == &items.gs[i]);
  CHECK(hooks::runqget(pp, &inherit) == nullptr);
  std::atomic<int64_t> bad{0};
  CHECK(drain(pp, &items, &bad) == 129);
  CHECK(bad.load() == 0);
  for (int i = 0; i < 128; i++) CHECK(items.seen[i].load() == 1);
  CHECK(items.seen[256].load() == 1);
  hooks::freeP(pp);
}

TEST_CASE("runq: a thief takes half and runnext only from an empty queue",
          "[runq]") {
  Items items(16);
  P* victim = hooks::newP(100);
  P* thief = hooks::newP(101);
  for (int i = 0; i < 10; i++) hooks::runqput(victim, &items.gs[i], false);
  hooks::runqput(victim, &items.gs[10], true);
  // Half of 10: five, the oldest; the last one is returned, four queued.
  CHECK(hooks::runqsteal(thief, victim, true) == &items.gs[4]);
  bool inherit;
  for (int i = 0; i < 4; i++)
    CHECK(hooks::runqget(thief, &inherit) == &items.gs[i]);
  CHECK(hooks::runqget(thief, &inherit) == nullptr);
  // Half of the remaining 5 (rounded up): 5, 6, 7; then 8; then 9.
  CHECK(hooks::runqsteal(thief, victim, false) == &items.gs[7]);
  CHECK(hooks::runqget(thief, &inherit) == &items.gs[5]);
  CHECK(hooks::runqget(thief, &inherit) == &items.gs[6]);
  CHECK(hooks::runqsteal(thief, victim, false) == &items.gs[8]);
  CHECK(hooks::runqsteal(thief, victim, false) == &items.gs[9]);
  // Only runnext is left: stolen only when asked for.
  CHECK(hooks::runqsteal(thief, victim, false) == nullptr);
  CHECK(hooks::runqsteal(thief, victim, true) == &items.gs[10]);
  CHECK(hooks::runqempty(victim));
  CHECK(hooks::runqempty(thief));
  hooks::freeP(victim);
  hooks::freeP(thief);
}

// The stress test the issue asks for: 4 threads, every item seen once.
TEST_CASE("runq: 4 threads pushing and popping and stealing see every item once",
          "[runq][stress]") {
  REQUIRE(hooks::globrunqsize() == 0);
#ifdef CSP_SCHED_TEST_TSAN
  const int64_t kItems = 30000;
#else
  const int64_t kItems = 300000;
#endif
  constexpr int kThieves = 3;
  Items items(static_cast<size_t>(kItems));
  P* owner = hooks::newP(100);
  P* thieves[kThieves];
  for (int k = 0; k < kThieves; k++) thieves[k] = hooks::newP(101 + k);
  std::atomic<bool> done{false};
  std::atomic<int64_t> bad{0};
  std::atomic<int64_t> stolen{0};
  std::atomic<int64_t> overflowed{0};

  std::vector<std::thread> threads;
  for (int k = 0; k < kThieves; k++) {
    threads.emplace_back([&, k] {
      P* mine = thieves[k];
      for (;;) {
        bool finished = done.load(std::memory_order_acquire);
        // As findRunnable: own queue and the global queue first, then steal
        // (runnext too, as on the last of stealWork's rounds).
        drain(mine, &items, &bad);
        G* gp = hooks::runqsteal(mine, owner, k == 0);
        if (gp) {
          size_t i = size_t(gp - items.gs.get());
          if (i >= items.n) bad.fetch_add(1);
          else items.seen[i].fetch_add(1, std::memory_order_relaxed);
          stolen.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        if (finished && hooks::runqempty(owner) && hooks::globrunqsize() == 0)
          break;
        std::this_thread::yield();
      }
      drain(mine, &items, &bad);
    });
  }

  // The owner: bursts of pushes, some as runnext, some longer than the
  // ring (overflow into the global queue), then pops.
  std::mt19937_64 rng(42);
  int64_t next = 0;
  while (next < kItems) {
    int64_t burst = int64_t(rng() % 600) + 1;
    if (burst > kItems - next) burst = kItems - next;
    int32_t before = hooks::globrunqsize();
    for (int64_t i = 0; i < burst; i++, next++)
      hooks::runqput(owner, &items.gs[next], rng() % 8 == 0);
    if (hooks::globrunqsize() > before) overflowed.fetch_add(1);
    int64_t pops = int64_t(rng() % 400);
    bool inherit;
    for (int64_t i = 0; i < pops; i++) {
      G* gp = hooks::runqget(owner, &inherit);
      if (!gp) {
        // Empty: the global queue, as findRunnable.
        gp = hooks::globrunqget(owner, 0);
        if (!gp) break;
      }
      size_t k = size_t(gp - items.gs.get());
      if (k >= items.n) bad.fetch_add(1);
      else items.seen[k].fetch_add(1, std::memory_order_relaxed);
    }
  }
  done.store(true, std::memory_order_release);
  drain(owner, &items, &bad);
  for (std::thread& t : threads) t.join();
  drain(owner, &items, &bad);

  CHECK(bad.load() == 0);
  int64_t missing = 0, twice = 0;
  for (int64_t i = 0; i < kItems; i++) {
    int s = items.seen[i].load();
    if (s == 0) missing++;
    if (s > 1) twice++;
  }
  CHECK(missing == 0);
  CHECK(twice == 0);
  CHECK(hooks::globrunqsize() == 0);
  CHECK(hooks::runqempty(owner));
  // The interesting paths ran: thieves got work, the ring overflowed.
  CHECK(stolen.load() > 0);
  CHECK(overflowed.load() > 0);
  INFO("stolen " << stolen.load() << ", overflows " << overflowed.load());
  hooks::freeP(owner);
  for (P* pp : thieves) hooks::freeP(pp);
}
