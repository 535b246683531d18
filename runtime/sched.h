// The scheduler's contract with the rest of the runtime: goroutines (G),
// parking and readying them, runtime locks, timers, the clock and the trace
// hook. Channels (chan.cpp), semaphores (sema.cpp) and the standard
// library's blocking calls are written against this header only; proc.cpp
// and sched.cpp implement it (G/M/P as in Go's runtime: see
// docs/runtime.md).
//
// Rules for code that may block (everything that calls gopark, directly or
// not):
//  - A goroutine may resume on another OS thread after gopark returns.
//    Never keep a thread_local's address, or anything derived from the
//    current M or P, across a call that may park; call getg() again.
//  - gopark's unlock hook runs on the scheduler's stack after the goroutine
//    is off its own, so the goroutine can be readied by another thread the
//    moment the hook releases the lock that publishes it (Go's gopark with
//    unlockf). Never release such a lock before parking.
//  - A Lock is held for short critical sections only: nothing that parks,
//    allocates much or calls user code runs under it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "runtime/panic.h"

namespace csp::rt {

// Why a goroutine waits, as Go's waitReason (its strings are what tracebacks
// and the deadlock report print: "goroutine 1 [chan receive]:").
enum class WaitReason : uint8_t {
  kZero,                // ""
  kChanReceiveNilChan,  // "chan receive (nil chan)"
  kChanSendNilChan,     // "chan send (nil chan)"
  kSelectNoCases,       // "select (no cases)"
  kSelect,              // "select"
  kChanReceive,         // "chan receive"
  kChanSend,            // "chan send"
  kSleep,               // "sleep"
  kSemacquire,          // "semacquire"
  kSyncMutexLock,       // "sync.Mutex.Lock"
  kSyncRWMutexRLock,    // "sync.RWMutex.RLock"
  kSyncRWMutexLock,     // "sync.RWMutex.Lock"
  kSyncCondWait,        // "sync.Cond.Wait"
  kPreempted,           // "preempted"
  kSyscall,             // "syscall" (a blocking call that handed off its P)
};
const char* waitReasonString(WaitReason r);

// A runtime lock (Go's runtime.mutex): spins briefly, then sleeps on a futex.
// It blocks the thread, never the goroutine: keep critical sections short.
class Lock {
 public:
  void lock();
  void unlock();
  bool tryLock();

 private:
  std::atomic<uint32_t> state_{0};  // 0 free, 1 locked, 2 locked + sleepers
};

struct LockGuard {
  explicit LockGuard(Lock* l) : l_(l) { l_->lock(); }
  ~LockGuard() { l_->unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;
  Lock* l_;
};

// --- goroutines ------------------------------------------------------------

// The running goroutine (panic.h declares getg(): noinline; re-read it after
// anything that may park). On a scheduler stack (timer callbacks) it is the
// M's g0, whose goid is 0.

// Parks the running goroutine with wait reason `reason`. The scheduler calls
// unlockf(g, arg) once g is off its stack; if it returns false, g is resumed
// at once (as if readied). unlockf may be null. Returns after another
// goroutine (or a timer) calls goready(g).
void gopark(bool (*unlockf)(G* g, void* arg), void* arg, WaitReason reason);
// gopark that releases l (held by the caller) once the goroutine is parked.
void goparkunlock(Lock* l, WaitReason reason);
// Makes g, parked by gopark, runnable: into the current P's runnext slot
// when next (the readied goroutine runs soon after the current one blocks:
// what keeps a ping-pong on one P), else at the tail of its run queue; wakes
// an idle P when there is one. Callable from goroutines and from timer
// callbacks.
void goready(G* g, bool next = true);
// runtime.Gosched: the running goroutine goes to the global run queue.
void gosched();
// Go's goyield: the running goroutine goes to the tail of its P's local
// run queue (a semaphore hand-off lets the woken waiter run first).
void goyield();
// Starts a goroutine running fn(arg) (what csp_rt_go does with a closure);
// gopc: the return address of the go statement ("created by" lines).
// small: on a small first stack (stack.cpp; codegen knows the goroutine's
// code calls nothing deep).
G* newproc(void (*fn)(void* arg), void* arg, uintptr_t gopc = 0,
           bool small = false);
// runtime.NumGoroutine.
int64_t numGoroutine();
// runtime.GOMAXPROCS(n): n < 1 only reads. Stops the world to resize.
int64_t setMaxProcs(int64_t n);
int64_t maxProcs();
// runtime/debug.SetMaxThreads: returns the previous limit; fatal "thread
// exhaustion" when more threads than n already exist.
int64_t setMaxThreads(int64_t n);

// sync.Mutex's active spinning (Go's sync_runtime_canSpin/doSpin): true
// while spinning may pay (several Ps, another P running, the local run queue
// empty, iter < 4).
bool syncCanSpin(int iter);
void syncDoSpin();

// A blocking system call (reading stdin): the P is handed to another M when
// the call takes long (Go's entersyscall/exitsyscall). Nothing between them
// may touch goroutine state.
void entersyscall();
void exitsyscall();

// --- the REPL (tools/repl) ------------------------------------------------

// Runs entry (a compiled REPL input) as goroutine 1 on the scheduler, which
// keeps running between inputs, and waits for it. Returns 0 when entry
// returned; 2 after a panic in it (Go's report printed, deferred calls
// run) or when it would block forever with every goroutine asleep (Go's
// deadlock report printed; the input's goroutine is abandoned, blocked);
// 130 after interruptInput(). In REPL mode a panic in another goroutine
// prints Go's report and ends that goroutine only.
int runInput(void (*entry)(void));
// Async-signal-safe (Ctrl-C): asks the running input to stop at its next
// preemption poll (loop back-edge or call); it unwinds, running deferred
// calls, and runInput returns 130.
void interruptInput();
// Goroutines as `:goroutines` lists them: "  <id>  <state>" lines (state:
// running, runnable or the wait reason), goroutine 1 first.
std::string goroutineList();

// --- time ------------------------------------------------------------------

// Monotonic nanoseconds (CLOCK_MONOTONIC).
int64_t nanotime();
// Wall clock, nanoseconds since the Unix epoch.
int64_t walltime();

// A runtime timer (Go's runtime.timer). The owner allocates it (GC memory or
// a stack that outlives it) and sets f/arg; the scheduler keeps pending
// timers in per-P heaps and calls f(arg, now) on some M's scheduler stack
// once `when` has passed (Go's semantics for f: it must not block; it may
// call goready, do non-blocking channel sends, start goroutines). A timer
// with period > 0 is re-armed at when+period (plus whole periods missed)
// before f runs.
struct Timer {
  int64_t when = 0;
  int64_t period = 0;
  void (*f)(void* arg, int64_t now) = nullptr;
  void* arg = nullptr;
  // Scheduler's fields.
  std::atomic<uint32_t> status{0};
  void* pp = nullptr;  // the P whose heap holds it
  uint32_t seq = 0;    // which heap entry is its current one
};
// Arms t (not pending) to fire at t->when.
void addTimer(Timer* t);
// Disarms t; true when it was pending (Timer.Stop's result).
bool delTimer(Timer* t);
// Re-arms t, pending or not, for when/period; true when it was pending.
bool modTimer(Timer* t, int64_t when, int64_t period);
// time.Sleep(ns) for the running goroutine (returns at once for ns <= 0).
void sleepFor(int64_t ns);

// --- trace -------------------------------------------------------------------

// Every scheduling point calls traceEvent when a tracer is installed; a
// single predictable branch when none is.
enum class TraceEv : uint8_t {
  kGoCreate,   // g created (arg: creator's goid)
  kGoStart,    // g runs on P arg
  kGoBlock,    // g blocks (arg: WaitReason)
  kGoUnblock,  // g readied (arg: the readier's goid, 0 from a timer)
  kGoSched,    // g yielded or was preempted (arg: 1 when preempted)
  kGoEnd,      // g returned
  kSteal,      // P took arg goroutines from another P's queue
  kMPark,      // an M went idle (arg: its id)
  kMUnpark,    // an idle M was woken (arg: its id)
};
using TraceHook = void (*)(TraceEv ev, int64_t goid, int64_t arg);
extern TraceHook trace_hook;
inline void traceEvent(TraceEv ev, int64_t goid, int64_t arg) {
  if (__builtin_expect(trace_hook != nullptr, 0)) trace_hook(ev, goid, arg);
}

}  // namespace csp::rt
