// The scheduler's own structures (G/M/P as in Go's runtime2.go): shared by
// proc.cpp, sched.cpp, timer.cpp, stack.cpp and gc.cpp, no one else.
// Everything else uses runtime/sched.h.
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "runtime/sched.h"
#include "runtime/stack.h"

namespace csp::rt {

// A one-shot wake-up for one sleeping thread (Go's note), on a futex.
struct Note {
  std::atomic<uint32_t> key{0};
  void clear() { key.store(0, std::memory_order_relaxed); }
  void wakeup();
  void sleep();
  // Sleeps until woken or until the monotonic time deadline (ns); true when
  // woken.
  bool sleepUntil(int64_t deadline);
};

enum GStatus : uint32_t {
  kGIdle,      // just allocated
  kGRunnable,  // on a run queue
  kGRunning,   // on an M
  kGWaiting,   // parked (gopark)
  kGSyscall,   // in a blocking call with its P handed off or not
  kGDead,      // finished, on a free list
};

enum PStatus : uint32_t { kPIdle, kPRunning, kPSyscall, kPStopped };

constexpr uint32_t kRunqSize = 256;

struct P {
  int32_t id = 0;
  std::atomic<uint32_t> status{kPIdle};
  std::atomic<M*> m{nullptr};  // the M holding it (sysmon reads)
  P* link = nullptr;
  std::atomic<uint32_t> schedtick{0};  // bumped at every schedule (sysmon reads)
  std::atomic<uint32_t> syscalltick{0};
  // The local run queue: a bounded lock-free ring (Go's runq), plus runnext.
  std::atomic<uint32_t> runqhead{0};
  std::atomic<uint32_t> runqtail{0};
  std::atomic<G*> runq[kRunqSize];
  std::atomic<G*> runnext{nullptr};
  // Dead Gs with their stacks, for reuse: [0] big stacks, [1] small slots.
  G* gfree[2] = {nullptr, nullptr};
  int32_t gfreecnt[2] = {0, 0};
  // Timers: a 4-ary min-heap on when, under timers_lock.
  Lock timers_lock;
  // Heap entries carry `when`, so sifting compares without touching the
  // timers themselves (cold: they sit on goroutine stacks or in the heap).
  // Deleted timers stay in the heap, stale (their seq moved on), until
  // they reach the top or the heap is cleaned.
  struct TimerSlot {
    int64_t when;
    Timer* t;
    uint32_t seq;
  };
  TimerSlot* timers = nullptr;  // GC-scanned memory: timers may be GC objects
  int32_t ntimers = 0;
  int32_t captimers = 0;
  int32_t ndeleted = 0;  // stale entries
  std::atomic<int64_t> timer0when{0};  // earliest when, 0 for none
  // sysmon's view for preemption.
  uint32_t sysmon_tick = 0;
  int64_t sysmon_when = 0;
  uint32_t sysmon_syscalltick = 0;
};

enum MAction : uint32_t { kActNone, kActPark, kActGosched, kActPreempt,
                          kActExit, kActSyscallExit, kActYield };

struct M {
  int64_t id = 0;
  G* g0 = nullptr;    // the scheduler's context: this thread's own stack
  G* curg = nullptr;  // the user goroutine it runs
  P* p = nullptr;
  P* nextp = nullptr;  // the P to take when woken
  bool spinning = false;
  Note park;
  M* schedlink = nullptr;
  M* alllink = nullptr;
  // What the goroutine that switched to g0 asks for (mcall).
  MAction action = kActNone;
  bool (*waitunlockf)(G*, void*) = nullptr;
  void* waitlock = nullptr;
  // GC: the thread's handle and the switch protocol (gc.cpp).
  void* gc_handle = nullptr;
  std::atomic<uint32_t> in_switch{0};
  pthread_t thread{};
  uint64_t rand = 0;
  P* oldp = nullptr;  // the P held before a syscall
  // This thread's split-stack guard word (%fs:0x70): sysmon sets it to the
  // highest address to make the running goroutine's next call enter
  // __morestack, which yields (Go's stackguard0 = stackPreempt).
  std::atomic<uintptr_t>* guard_slot = nullptr;
  // The top of this thread's alternate signal stack: the stack bottom the
  // collector is told while a goroutine runs on a small slot (gc.cpp).
  char* altstack_top = nullptr;
};

struct Sched {
  Lock lock;
  M* midle = nullptr;
  int32_t nmidle = 0;
  int32_t mcount = 0;
  int32_t maxmcount = 10000;
  P* pidle = nullptr;
  std::atomic<int32_t> npidle{0};
  std::atomic<int32_t> nmspinning{0};
  // The global run queue.
  G* runqhead = nullptr;
  G* runqtail = nullptr;
  std::atomic<int32_t> runqsize{0};
  // Dead Gs beyond the per-P caches.
  Lock gflock;
  G* gfree[2] = {nullptr, nullptr};
  int32_t ngfree[2] = {0, 0};
  std::atomic<int64_t> goidgen{1};
  std::atomic<int64_t> ngsys{0};     // goroutines alive (not dead)
  P** allp = nullptr;
  int32_t nprocs = 0;  // GOMAXPROCS
  // The M waiting for the earliest timer while every P is idle (Go's
  // netpoll with a delay).
  std::atomic<uint32_t> polling{0};
  std::atomic<int64_t> pollUntil{0};
  std::atomic<int64_t> ntimers{0};  // pending timers on all Ps
  Note pollnote;
  // Stop-the-world (GOMAXPROCS).
  std::atomic<uint32_t> gcwaiting{0};
  int32_t stopwait = 0;
  Note stopnote;
  std::atomic<bool> started{false};
  std::atomic<bool> main_done{false};  // main returned: the program is ending
  std::atomic<bool> repl{false};       // runInput: inputs, not a program
  std::atomic<bool> interrupt{false};  // interruptInput pending
  std::atomic<int64_t> interrupt_since{0};
};

extern Sched sched;

// The running M (noinline accessor; never cache it across a switch).
M* getm();
void setm(M* m);

// Context switch between goroutines on the current M (sched.cpp). from must
// be the running G; when control comes back to it, returns.
void switchTo(G* from, G* to);

// Stacks (stack.cpp): a goroutine stack [lo, hi) with lo + guard below which
// the split-stack prologue reports overflow.
bool stackAlloc(G* g, bool main);
// A small first stack (a slot of a few KB, many to a page) for a goroutine
// whose code is known to need little (codegen's csp_rt_go_small).
bool stackAllocSmall(G* g);
// Dies if g's small slot overflowed (its canary is gone).
void checkSmallStack(G* g);
// The stack bottom the collector must know for a thread running g.
char* gcStackBottom(M* m, G* g);
// The next main goroutine gets a new 1 GB stack (the REPL gave up on the
// goroutine that has the current one).
void forgetMainStack();
// Sets this thread's stack guard (the split-stack TCB word) for g.
void setStackGuard(G* g);
// An extra segment of a goroutine's stack (stack.cpp). Its header sits at
// its top; the goroutine's frames below the header.
struct StackSeg {
  char* map;  // the mapping [map, map + size)
  size_t size;
  size_t total;     // bytes of stack up to and including this segment
  StackSeg* next;   // the deeper segment, kept for reuse until the G ends
  StackSeg* prev;   // the shallower extra segment (nullptr: the G's own)
  char* prev_guard;  // the shallower segment's guard and top, and its
  char* prev_hi;     // lowest live byte while this one is in use
  char* prev_sp;
};
// Unmaps a dead goroutine's extra segments.
void stackFreeSegments(G* g);

// gc.cpp: the collector's view of goroutine stacks.
void gcRegisterM(M* m);
void gcBeginSwitch(M* m, G* to);
// As gcBeginSwitch, to the stack whose top is hi (a segment switch).
void gcBeginSwitchTo(M* m, char* hi);
void gcEndSwitch(M* m);
void gcAddG(G* g);
// A zeroed G, outside the collected heap (gc.cpp).
G* gcAllocG();

// timer.cpp
// Runs p's due timers; returns the earliest remaining when (0: none).
int64_t checkTimers(P* p, int64_t now);
// The earliest timer over all Ps (0: none).
int64_t nextTimerAll();
bool hasTimers();
// Moves every timer of from to to (GOMAXPROCS shrinking, world stopped).
void moveTimers(P* from, P* to);

// sched.cpp
void wakep();
void pollBreak(int64_t when);
G* allgsHead();
void schedInit();
void setInitialProcs(int64_t n);
int64_t numCPU();
G* startMain(void (*fn)(void*), void* arg);
void preemptPoll();
void endInput(int status);
std::string otherGoroutines(G* except);

}  // namespace csp::rt
