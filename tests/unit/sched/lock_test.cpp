// Runtime locks and notes (lock.cpp) under contention, from plain threads:
// a Lock blocks its thread, never a goroutine, so no scheduler is needed.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "runtime/proc_impl.h"
#include "tests/unit/sched/harness.h"

using namespace csp::rt;
using namespace csp::rt::sched_test;

TEST_CASE("lock: 4 threads never overlap and lose no increment", "[lock]") {
  constexpr int kThreads = 4;
  const int64_t kIters = scaled(200000);
  Lock l;
  int64_t counter = 0;  // plain: the Lock must order it (TSan checks)
  std::atomic<int> inside{0};
  std::atomic<int> overlap{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      for (int64_t i = 0; i < kIters; i++) {
        if ((i + t) % 7 == 0) {
          while (!l.tryLock()) {
          }
        } else {
          l.lock();
        }
        if (inside.fetch_add(1, std::memory_order_relaxed) != 0)
          overlap.fetch_add(1);
        counter++;
        if (i % 1000 == 0) std::this_thread::yield();  // sleepers appear
        inside.fetch_sub(1, std::memory_order_relaxed);
        l.unlock();
      }
    });
  }
  for (std::thread& th : threads) th.join();
  CHECK(counter == kThreads * kIters);
  CHECK(overlap.load() == 0);
  CHECK(l.tryLock());  // left unlocked
  l.unlock();
}

TEST_CASE("note: two threads ping-pong on a pair of notes", "[lock]") {
  const int64_t kRounds = scaled(100000);
  Note ping, pong;
  int64_t shared = 0;  // handed back and forth: the notes order it
  std::thread other([&] {
    for (int64_t i = 0; i < kRounds; i++) {
      ping.sleep();
      ping.clear();
      shared++;
      pong.wakeup();
    }
  });
  for (int64_t i = 0; i < kRounds; i++) {
    ping.wakeup();
    pong.sleep();
    pong.clear();
    shared++;
  }
  other.join();
  CHECK(shared == 2 * kRounds);
}

TEST_CASE("note: sleepUntil times out or returns early when woken",
          "[lock]") {
  Note n;
  int64_t t0 = nanotime();
  CHECK_FALSE(n.sleepUntil(t0 + 5000000));
  CHECK(nanotime() - t0 >= 5000000);
  // Woken by another thread long before the deadline.
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    n.wakeup();
  });
  t0 = nanotime();
  CHECK(n.sleepUntil(t0 + 10000000000));
  CHECK(nanotime() - t0 < 5000000000);
  waker.join();
  // A woken note stays woken until cleared: no sleep at all.
  CHECK(n.sleepUntil(nanotime() + 10000000000));
  n.clear();
  CHECK_FALSE(n.sleepUntil(nanotime() + 1000000));
}

TEST_CASE("note: a wake-up from another thread is never lost", "[lock]") {
  // Many rounds of a fresh note: the wake-up may come before or after
  // the sleeper reaches its futex.
  const int64_t kRounds = scaled(20000);
  std::atomic<int64_t> woken{0};
  for (int64_t i = 0; i < kRounds; i++) {
    Note n;
    std::thread sleeper([&] {
      n.sleep();
      woken.fetch_add(1);
    });
    n.wakeup();
    sleeper.join();
  }
  CHECK(woken.load() == kRounds);
}
