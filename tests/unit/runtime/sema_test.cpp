// Semaphores (runtime/sema.cpp) driven by goroutines started from C++:
// mutual exclusion, no lost wake-ups over many cycles, many addresses in
// one bucket (the treap), starvation hand-off, and the notifyList of
// sync.Cond. Each test runs as the main goroutine of one csp_rt_main,
// once with 1 P and once with 4 (runtime.GOMAXPROCS in between); results
// are checked after it returns (a lost wake-up ends the process with the
// deadlock fatal error).
#include "runtime/sema.h"

#include <catch2/catch.hpp>
#include <atomic>
#include <cstdint>
#include <new>
#include <vector>

#include "runtime/abi.h"
#include "runtime/proc.h"
#include "runtime/sched.h"

using namespace csp::rt;

namespace {

constexpr int64_t kProcs[] = {1, 4};

// One round's parameters and results (the entry function takes none).
struct Shared {
  int goroutines = 0;
  int iterations = 0;
  uint32_t sem = 0;
  uint32_t done = 0;
  int64_t counter = 0;  // protected by sem
  std::atomic<int64_t> total{0};
  std::atomic<int> inside{0};
  std::atomic<int> overlap{0};
};
Shared rounds[2];
Shared* shared;  // the round running now

// Runs body once per kProcs entry, as goroutine 1 of one program.
void (*round_body)();
void roundsMain() {
  for (int k = 0; k < 2; k++) {
    setMaxProcs(kProcs[k]);
    shared = &rounds[k];
    round_body();
  }
}

int runRounds(void (*body)(), int goroutines, int iterations) {
  for (Shared& s : rounds) {
    s.~Shared();
    new (&s) Shared();
    s.goroutines = goroutines;
    s.iterations = iterations;
  }
  round_body = body;
  char arg0[] = "sema_test";
  char* argv[] = {arg0, nullptr};
  setMainReturns(true);  // csp_rt_main returns instead of ending the process
  return csp_rt_main(roundsMain, 1, argv);
}

// Waits for n goroutines that each semrelease(&shared->done) once.
void waitDone(Shared* s, int n) {
  for (int i = 0; i < n; i++) semacquire(&s->done, false, WaitReason::kSemacquire);
}

// --- a semaphore of 1 as a mutex ---------------------------------------------

void mutexWorker(void* arg) {
  auto* s = static_cast<Shared*>(arg);
  for (int i = 0; i < s->iterations; i++) {
    semacquire(&s->sem, false, WaitReason::kSyncMutexLock);
    if (s->inside.fetch_add(1) != 0) s->overlap.fetch_add(1);
    s->counter++;
    s->inside.fetch_sub(1);
    semrelease(&s->sem, false);
  }
  semrelease(&s->done, false);
}

void mutexBody() {
  Shared* s = shared;
  s->sem = 1;
  for (int i = 0; i < s->goroutines; i++) newproc(mutexWorker, s);
  waitDone(s, s->goroutines);
}

// --- ping-pong: every release is matched by exactly one wake-up ---------------

uint32_t ping, pong;

void pongWorker(void* arg) {
  auto* s = static_cast<Shared*>(arg);
  for (int i = 0; i < s->iterations; i++) {
    semacquire(&ping, false, WaitReason::kSemacquire);
    s->total.fetch_add(1);
    semrelease(&pong, false);
  }
  semrelease(&s->done, false);
}

void pingPongBody() {
  Shared* s = shared;
  newproc(pongWorker, s);
  for (int i = 0; i < s->iterations; i++) {
    semrelease(&ping, false);
    semacquire(&pong, false, WaitReason::kSemacquire);
  }
  waitDone(s, 1);
}

// --- many addresses in one bucket -----------------------------------------------

// semtable has 251 buckets chosen by (addr >> 3) % 251: addresses 251 * 8
// bytes apart share a bucket, so their waiters build one treap.
constexpr int kStride = 251 * 8 / sizeof(uint32_t);
std::vector<uint32_t> slots;

struct SlotArg {
  Shared* s;
  int i;
};

void slotWorker(void* arg) {
  auto* a = static_cast<SlotArg*>(arg);
  semacquire(&slots[a->i * kStride], (a->i & 1) != 0, WaitReason::kSemacquire);
  a->s->total.fetch_add(a->i);
  semrelease(&a->s->done, false);
}

void bucketBody() {
  Shared* s = shared;
  int n = s->goroutines;
  std::vector<SlotArg> args(n);
  for (int i = 0; i < n; i++) args[i] = SlotArg{s, i};
  for (int k = 0; k < 2; k++)  // two goroutines per address
    for (int i = 0; i < n; i++) newproc(slotWorker, &args[i]);
  gosched();
  // Release the addresses in a scrambled order, twice each.
  for (int k = 0; k < 2; k++)
    for (int j = 0; j < n; j++)
      semrelease(&slots[((static_cast<int64_t>(j) * 7919) % n) * kStride], false);
  waitDone(s, 2 * n);
}

// --- starvation hand-off ----------------------------------------------------------

void handoffWorker(void* arg) {
  auto* s = static_cast<Shared*>(arg);
  for (int i = 0; i < s->iterations; i++) {
    semacquire(&s->sem, true, WaitReason::kSyncMutexLock);
    s->counter++;
    semrelease(&s->sem, true);
  }
  semrelease(&s->done, false);
}

void handoffBody() {
  Shared* s = shared;
  s->sem = 1;
  for (int i = 0; i < s->goroutines; i++) newproc(handoffWorker, s);
  waitDone(s, s->goroutines);
}

// --- notifyList ---------------------------------------------------------------------

NotifyList lists[2];
uint32_t cond_lock;  // a semaphore of 1 standing for Cond.L

NotifyList* listOf(Shared* s) { return &lists[s - rounds]; }

void condWaiter(void* arg) {
  auto* s = static_cast<Shared*>(arg);
  semacquire(&cond_lock, false, WaitReason::kSemacquire);
  uint32_t t = notifyListAdd(listOf(s));
  semrelease(&s->done, false);  // registered
  semrelease(&cond_lock, false);
  notifyListWait(listOf(s), t);
  s->total.fetch_add(1);
  semrelease(&s->done, false);  // woken
}

void notifyBody() {
  Shared* s = shared;
  NotifyList* l = listOf(s);
  cond_lock = 1;
  int n = s->goroutines;
  for (int i = 0; i < n; i++) newproc(condWaiter, s);
  waitDone(s, n);  // all hold tickets
  // Wake half one by one, then the rest at once.
  for (int i = 0; i < n / 2; i++) notifyListNotifyOne(l);
  notifyListNotifyAll(l);
  notifyListNotifyAll(l);  // nobody left: no effect
  notifyListNotifyOne(l);
  waitDone(s, n);
}

}  // namespace

TEST_CASE("sema: a semaphore of 1 is a mutex", "[sema]") {
  REQUIRE(runRounds(mutexBody, 16, 20000) == 0);
  for (Shared& s : rounds) {
    CHECK(s.counter == 16 * 20000);
    CHECK(s.overlap.load() == 0);
    CHECK(s.sem == 1);
    CHECK(s.done == 0);
  }
}

TEST_CASE("sema: no lost wake-ups over 1,000,000 cycles", "[sema]") {
  REQUIRE(runRounds(pingPongBody, 1, 1000000) == 0);
  for (Shared& s : rounds) CHECK(s.total.load() == 1000000);
  CHECK(ping == 0);
  CHECK(pong == 0);
}

TEST_CASE("sema: many addresses sharing one bucket", "[sema]") {
  constexpr int kN = 500;
  slots.assign(static_cast<size_t>(kN) * kStride, 0);
  REQUIRE(runRounds(bucketBody, kN, 0) == 0);
  for (Shared& s : rounds) CHECK(s.total.load() == 2 * (kN * (kN - 1) / 2));
  for (int i = 0; i < kN; i++) CHECK(slots[i * kStride] == 0);
}

TEST_CASE("sema: starvation hand-off passes the count directly", "[sema]") {
  REQUIRE(runRounds(handoffBody, 8, 5000) == 0);
  for (Shared& s : rounds) {
    CHECK(s.counter == 8 * 5000);
    CHECK(s.sem == 1);
  }
}

TEST_CASE("sema: notifyList wakes each ticket once", "[sema]") {
  for (NotifyList& l : lists) {
    l.~NotifyList();
    new (&l) NotifyList{};
  }
  REQUIRE(runRounds(notifyBody, 100, 0) == 0);
  for (int k = 0; k < 2; k++) {
    CHECK(rounds[k].total.load() == 100);
    CHECK(lists[k].wait.load() == 100);
    CHECK(lists[k].notify.load() == 100);
    CHECK(lists[k].head == nullptr);
  }
}
