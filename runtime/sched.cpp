// The scheduler: G/M/P as in Go's proc.go.
//
// A G is a goroutine (its stack and saved context), an M an OS thread, a P
// a logical processor (GOMAXPROCS of them): an M runs Go code only while it
// holds a P. Each P has a bounded lock-free run queue plus a runnext slot;
// there is one global run queue under sched.lock. An M whose P has nothing
// to run looks at the global queue, runs due timers, then steals half of
// another P's queue; at most half the busy Ps' worth of Ms spin looking for
// work; an M that finds none gives its P back and sleeps on its own futex
// until startm hands it a P. When every P is idle and timers are pending,
// one M sleeps until the earliest timer (Go's netpoll with a delay).
//
// Every M has a g0: its own thread stack, where schedule() runs. A
// goroutine that blocks switches to g0 (mcall) with an action; g0 finishes
// the action (a park's unlock hook runs there, once the goroutine is off
// its stack) and picks the next goroutine. Context switches use
// Boost.Context's fcontext.
//
// Thread-locals: the running M and G are read through non-inlined
// accessors (getm, getg) after every switch; nothing here keeps either
// across a call that may switch.
#include <boost/context/detail/fcontext.hpp>
#include <gc/gc.h>
#include <pthread.h>
#include <signal.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/gc.h"
#include "runtime/print.h"
#include "runtime/proc_impl.h"
#include "runtime/signal.h"
#include "runtime/traceback.h"

namespace bctx = boost::context::detail;

namespace csp::rt {

Sched sched;
TraceHook trace_hook = nullptr;

namespace {
thread_local M* current_m = nullptr;
}

__attribute__((noinline)) M* getm() { return current_m; }
__attribute__((noinline)) void setm(M* m) { current_m = m; }

const char* waitReasonString(WaitReason r) {
  switch (r) {
    case WaitReason::kZero: return "";
    case WaitReason::kChanReceiveNilChan: return "chan receive (nil chan)";
    case WaitReason::kChanSendNilChan: return "chan send (nil chan)";
    case WaitReason::kSelectNoCases: return "select (no cases)";
    case WaitReason::kSelect: return "select";
    case WaitReason::kChanReceive: return "chan receive";
    case WaitReason::kChanSend: return "chan send";
    case WaitReason::kSleep: return "sleep";
    case WaitReason::kSemacquire: return "semacquire";
    case WaitReason::kSyncMutexLock: return "sync.Mutex.Lock";
    case WaitReason::kSyncRWMutexRLock: return "sync.RWMutex.RLock";
    case WaitReason::kSyncRWMutexLock: return "sync.RWMutex.Lock";
    case WaitReason::kSyncCondWait: return "sync.Cond.Wait";
    case WaitReason::kPreempted: return "preempted";
    case WaitReason::kSyscall: return "syscall";
  }
  return "";
}

// --- context switches ----------------------------------------------------

namespace {

// Finishes a switch on the side that now runs: t.data is the G we came
// from, t.fctx its saved context.
inline void afterSwitch(bctx::transfer_t t) {
  G* prev = static_cast<G*>(t.data);
  prev->ctx = t.fctx;
  prev->oncpu = false;
  gcEndSwitch(getm());
}

uint64_t fastrand(M* m) {
  // xorshift64*
  uint64_t x = m->rand;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  m->rand = x;
  return x * 0x2545F4914F6CDD1DULL;
}

}  // namespace

// --- ThreadSanitizer: goroutines as fibers (TSan builds only) --------------
// TSan cannot see fcontext switches: each goroutine gets a TSan fiber,
// kept in the top word of its stack (above the fcontext's first frame, so
// a reused G or the reused main stack keeps its fiber); g0 is its thread's
// own fiber. switchTo tells TSan right before each jump.
#if defined(__SANITIZE_THREAD__)
#define CSP_TSAN_FIBERS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CSP_TSAN_FIBERS 1
#endif
#endif
#ifdef CSP_TSAN_FIBERS
}  // namespace csp::rt
#include <sanitizer/tsan_interface.h>
namespace csp::rt {
namespace {
constexpr size_t kTsanTop = 16;  // keeps the context's top 16-byte aligned
thread_local void* tsan_g0_fiber = nullptr;  // set by mstart
void** tsanFiberSlot(G* g) {
  return reinterpret_cast<void**>(g->base_hi - kTsanTop);
}
// The top of g's stack for make_fcontext, with g's fiber in the word above.
char* tsanSetupFiber(G* g) {
  void** slot = tsanFiberSlot(g);
  if (!*slot) *slot = __tsan_create_fiber(0);
  return g->base_hi - kTsanTop;
}
void tsanSwitchTo(G* to) {
  __tsan_switch_to_fiber(to->is_g0 ? tsan_g0_fiber : *tsanFiberSlot(to), 0);
}
}  // namespace
#endif  // CSP_TSAN_FIBERS

void gTrampoline(bctx::transfer_t t);

// The first context of a new goroutine: it starts in gTrampoline.
static void makeContext(G* g) {
  char* top = g->base_hi;
#ifdef CSP_TSAN_FIBERS  // TSan: the G's fiber in its stack's top word
  top = tsanSetupFiber(g);
#endif
  g->ctx = bctx::make_fcontext(top, size_t(top - g->base_lo), gTrampoline);
}

void switchTo(G* from, G* to) {
  M* m = getm();
  if (!to->ctx) makeContext(to);
  gcBeginSwitch(m, to);
  to->oncpu = true;
  setg(to);
  setStackGuard(to);
#ifdef CSP_TSAN_FIBERS  // TSan: the fiber switch, right before the jump
  tsanSwitchTo(to);
#endif
  bctx::transfer_t t = bctx::jump_fcontext(to->ctx, from);
  afterSwitch(t);
}

// --- run queues ------------------------------------------------------------

namespace {

bool runqempty(P* pp) {
  for (;;) {
    uint32_t head = pp->runqhead.load(std::memory_order_acquire);
    uint32_t tail = pp->runqtail.load(std::memory_order_acquire);
    G* next = pp->runnext.load(std::memory_order_acquire);
    if (tail == pp->runqtail.load(std::memory_order_acquire))
      return head == tail && next == nullptr;
  }
}

// Under sched.lock: head..tail (n Gs linked by schedlink) at the tail of
// the global queue.
void globrunqputbatch(G* head, G* tail, int32_t n) {
  tail->schedlink = nullptr;
  if (sched.runqtail)
    sched.runqtail->schedlink = head;
  else
    sched.runqhead = head;
  sched.runqtail = tail;
  sched.runqsize.fetch_add(n, std::memory_order_relaxed);
}

void globrunqput(G* gp) { globrunqputbatch(gp, gp, 1); }

void runqput(P* pp, G* gp, bool next);

// Under sched.lock: a batch from the global queue (one returned, the rest
// onto pp's local queue).
G* globrunqget(P* pp, int32_t max) {
  int32_t size = sched.runqsize.load(std::memory_order_relaxed);
  if (size == 0) return nullptr;
  int32_t n = size / sched.nprocs + 1;
  if (n > size) n = size;
  if (max > 0 && n > max) n = max;
  if (n > int32_t(kRunqSize / 2)) n = kRunqSize / 2;
  sched.runqsize.fetch_sub(n, std::memory_order_relaxed);
  G* gp = sched.runqhead;
  sched.runqhead = gp->schedlink;
  n--;
  for (; n > 0; n--) {
    G* g1 = sched.runqhead;
    sched.runqhead = g1->schedlink;
    runqput(pp, g1, false);
  }
  if (!sched.runqhead) sched.runqtail = nullptr;
  return gp;
}

// The local queue is full: half of it plus gp go to the global queue.
bool runqputslow(P* pp, G* gp, uint32_t h, uint32_t t) {
  G* batch[kRunqSize / 2 + 1];
  uint32_t n = (t - h) / 2;
  for (uint32_t i = 0; i < n; i++)
    batch[i] = pp->runq[(h + i) % kRunqSize].load(std::memory_order_relaxed);
  if (!pp->runqhead.compare_exchange_strong(h, h + n,
                                            std::memory_order_acq_rel))
    return false;
  batch[n] = gp;
  for (uint32_t i = 0; i < n; i++) batch[i]->schedlink = batch[i + 1];
  LockGuard guard(&sched.lock);
  globrunqputbatch(batch[0], batch[n], int32_t(n + 1));
  return true;
}

void runqput(P* pp, G* gp, bool next) {
  if (next) {
    G* old = pp->runnext.load(std::memory_order_relaxed);
    while (!pp->runnext.compare_exchange_weak(old, gp,
                                              std::memory_order_acq_rel)) {
    }
    if (!old) return;
    gp = old;  // the old runnext goes to the tail
  }
  for (;;) {
    uint32_t h = pp->runqhead.load(std::memory_order_acquire);
    uint32_t t = pp->runqtail.load(std::memory_order_relaxed);
    if (t - h < kRunqSize) {
      pp->runq[t % kRunqSize].store(gp, std::memory_order_relaxed);
      pp->runqtail.store(t + 1, std::memory_order_release);
      return;
    }
    if (runqputslow(pp, gp, h, t)) return;
  }
}

// Owner only. inherit: the G came from runnext (shares the time slice).
G* runqget(P* pp, bool* inherit) {
  G* next = pp->runnext.load(std::memory_order_relaxed);
  if (next && pp->runnext.compare_exchange_strong(next, nullptr,
                                                  std::memory_order_acq_rel)) {
    *inherit = true;
    return next;
  }
  *inherit = false;
  for (;;) {
    uint32_t h = pp->runqhead.load(std::memory_order_acquire);
    uint32_t t = pp->runqtail.load(std::memory_order_relaxed);
    if (t == h) return nullptr;
    G* gp = pp->runq[h % kRunqSize].load(std::memory_order_relaxed);
    if (pp->runqhead.compare_exchange_strong(h, h + 1,
                                             std::memory_order_acq_rel))
      return gp;
  }
}

// Takes half of pp's queue into ring[head...] (a ring of kRunqSize owned by
// the caller); with stealRunNext, runnext too when the queue is empty.
uint32_t runqgrab(P* pp, std::atomic<G*>* ring, uint32_t head,
                  bool stealRunNext) {
  for (;;) {
    uint32_t h = pp->runqhead.load(std::memory_order_acquire);
    uint32_t t = pp->runqtail.load(std::memory_order_acquire);
    uint32_t n = t - h;
    n = n - n / 2;
    if (n == 0) {
      if (stealRunNext) {
        G* next = pp->runnext.load(std::memory_order_acquire);
        if (next) {
          if (pp->status.load(std::memory_order_relaxed) == kPRunning) {
            // The P is about to run it: give it a moment (Go: 3 us).
            usleep(3);
          }
          if (!pp->runnext.compare_exchange_strong(next, nullptr,
                                                   std::memory_order_acq_rel))
            continue;
          ring[head % kRunqSize].store(next, std::memory_order_relaxed);
          return 1;
        }
      }
      return 0;
    }
    if (n > kRunqSize / 2) continue;  // read an inconsistent h and t
    for (uint32_t i = 0; i < n; i++) {
      G* g = pp->runq[(h + i) % kRunqSize].load(std::memory_order_relaxed);
      ring[(head + i) % kRunqSize].store(g, std::memory_order_relaxed);
    }
    if (pp->runqhead.compare_exchange_strong(h, h + n,
                                             std::memory_order_acq_rel))
      return n;
  }
}

G* runqsteal(P* pp, P* p2, bool stealRunNext) {
  uint32_t t = pp->runqtail.load(std::memory_order_relaxed);
  uint32_t n = runqgrab(p2, pp->runq, t, stealRunNext);
  if (n == 0) return nullptr;
  traceEvent(TraceEv::kSteal, 0, n);
  n--;
  G* gp = pp->runq[(t + n) % kRunqSize].load(std::memory_order_relaxed);
  if (n == 0) return gp;
  pp->runqtail.store(t + n, std::memory_order_release);
  return gp;
}

// --- idle Ps and Ms (under sched.lock) ----------------------------------

void pidleput(P* pp) {
  pp->status.store(kPIdle, std::memory_order_relaxed);
  pp->link = sched.pidle;
  sched.pidle = pp;
  sched.npidle.fetch_add(1, std::memory_order_relaxed);
}

P* pidleget() {
  P* pp = sched.pidle;
  if (pp) {
    sched.pidle = pp->link;
    sched.npidle.fetch_sub(1, std::memory_order_relaxed);
  }
  return pp;
}

void mput(M* m) {
  m->schedlink = sched.midle;
  sched.midle = m;
  sched.nmidle++;
}

M* mget() {
  M* m = sched.midle;
  if (m) {
    sched.midle = m->schedlink;
    sched.nmidle--;
  }
  return m;
}

void acquirep(M* m, P* pp) {
  m->p = pp;
  pp->m = m;
  pp->status.store(kPRunning, std::memory_order_relaxed);
}

P* releasep(M* m) {
  P* pp = m->p;
  pp->m = nullptr;
  m->p = nullptr;
  return pp;
}

void checkdead();
void mstartThread(M* m);
void* mstart(void* arg);

// Stops the current M until startm hands it a P.
void stopm(M* m) {
  {
    LockGuard guard(&sched.lock);
    // Traced under the lock, so it comes before startm's unpark.
    traceEvent(TraceEv::kMPark, 0, m->id);
    mput(m);
    checkdead();
  }
  m->park.sleep();
  m->park.clear();
  acquirep(m, m->nextp);
  m->nextp = nullptr;
}

// A new M for pp (an OS thread).
void newm(P* pp, bool spinning) {
  M* m = new M();
  G* g0 = static_cast<G*>(gcAllocRoot(sizeof(G)));
  g0->is_g0 = true;
  g0->oncpu = true;
  g0->m = m;
  m->g0 = g0;
  m->nextp = pp;
  m->spinning = spinning;
  {
    LockGuard guard(&sched.lock);
    // Threads: the Ms and sysmon (Go counts sysmon as an M too).
    if (sched.mcount + 1 >= sched.maxmcount) {
      std::string msg = "runtime: program exceeds " +
                        std::to_string(sched.maxmcount) + "-thread limit\n";
      writeAll(2, msg);
      fatal("thread exhaustion");
    }
    m->id = sched.mcount++;
  }
  m->rand = 0x9E3779B97F4A7C15ULL * uint64_t(m->id + 1) | 1;
  mstartThread(m);
}

// Starts an M to run pp (an idle P when null); spinning: the new M spins
// looking for work (the caller counted it in nmspinning).
void startm(P* pp, bool spinning) {
  sched.lock.lock();
  if (!pp) {
    pp = pidleget();
    if (!pp) {
      sched.lock.unlock();
      if (spinning) sched.nmspinning.fetch_sub(1);
      return;
    }
  }
  M* nm = mget();
  sched.lock.unlock();
  if (!nm) {
    // (A thread, its g0 and the collector's registration: deep C++.)
    if (onSmallStack())
      offSmallStack([&] { newm(pp, spinning); });
    else
      newm(pp, spinning);
    return;
  }
  nm->spinning = spinning;
  nm->nextp = pp;
  traceEvent(TraceEv::kMUnpark, 0, nm->id);
  nm->park.wakeup();
}

// Hands off pp from an M that blocks (syscall) or stops.
void handoffp(P* pp) {
  if (!runqempty(pp) || sched.runqsize.load(std::memory_order_relaxed) != 0) {
    startm(pp, false);
    return;
  }
  if (sched.nmspinning.load() + sched.npidle.load() == 0) {
    int32_t zero = 0;
    if (sched.nmspinning.compare_exchange_strong(zero, 1)) {
      startm(pp, true);
      return;
    }
  }
  LockGuard guard(&sched.lock);
  if (sched.runqsize.load(std::memory_order_relaxed) != 0) {
    sched.lock.unlock();
    startm(pp, false);
    sched.lock.lock();
    return;
  }
  pidleput(pp);
}

}  // namespace

void wakep() {
  if (sched.npidle.load(std::memory_order_seq_cst) == 0) return;
  int32_t zero = 0;
  if (sched.nmspinning.load(std::memory_order_seq_cst) != 0 ||
      !sched.nmspinning.compare_exchange_strong(zero, 1))
    return;
  startm(nullptr, true);
}

// --- finding work --------------------------------------------------------

namespace {

void resetspinning(M* m) {
  m->spinning = false;
  sched.nmspinning.fetch_sub(1);
  // The M found work: another may be needed for what remains.
  wakep();
}

G* stealWork(M* m, int64_t now, bool* newWork, int64_t* pollUntil) {
  P* pp = m->p;
  *newWork = false;
  int32_t n = sched.nprocs;
  for (int i = 0; i < 4; i++) {
    bool last = i == 3;
    int32_t start = int32_t(fastrand(m) % uint64_t(n));
    for (int32_t k = 0; k < n; k++) {
      if (sched.gcwaiting.load(std::memory_order_relaxed)) {
        *newWork = true;
        return nullptr;
      }
      P* p2 = sched.allp[(start + k) % n];
      if (p2 == pp) continue;
      if (last && p2->timer0when.load(std::memory_order_relaxed) != 0) {
        int64_t w = checkTimers(p2, now);
        if (w != 0 && (*pollUntil == 0 || w < *pollUntil)) *pollUntil = w;
        bool inherit;
        if (G* gp = runqget(pp, &inherit)) return gp;
      }
      if (p2->status.load(std::memory_order_relaxed) != kPIdle) {
        if (G* gp = runqsteal(pp, p2, last)) return gp;
      }
    }
  }
  return nullptr;
}

void stopTheWorldStop(M* m);

// Finds a runnable goroutine for m (which holds a P), sleeping when there
// is none. Returns with m holding a P.
G* findRunnable(M* m) {
top:
  P* pp = m->p;
  if (sched.gcwaiting.load(std::memory_order_acquire)) {
    stopTheWorldStop(m);
    goto top;
  }
  // The clock only when some timer may be due.
  int64_t now = pp->timer0when.load(std::memory_order_relaxed) ||
                        nextTimerAll()
                    ? nanotime()
                    : 0;
  int64_t pollUntil = now ? checkTimers(pp, now) : 0;
  bool inherit;
  // Fairness: the global queue now and then.
  if (pp->schedtick.load(std::memory_order_relaxed) % 61 == 0 &&
      sched.runqsize.load(std::memory_order_relaxed) > 0) {
    LockGuard guard(&sched.lock);
    if (G* gp = globrunqget(pp, 1)) return gp;
  }
  if (G* gp = runqget(pp, &inherit)) return gp;
  if (sched.runqsize.load(std::memory_order_relaxed) != 0) {
    LockGuard guard(&sched.lock);
    if (G* gp = globrunqget(pp, 0)) return gp;
  }
  // Steal, if not too many Ms are already spinning.
  if (m->spinning || 2 * sched.nmspinning.load() <
                         sched.nprocs - sched.npidle.load()) {
    if (!m->spinning) {
      m->spinning = true;
      sched.nmspinning.fetch_add(1);
    }
    bool newWork;
    G* gp = stealWork(m, now, &newWork, &pollUntil);
    if (gp) return gp;
    if (newWork) goto top;
  }
  // Nothing: give up the P.
  sched.lock.lock();
  if (sched.gcwaiting.load(std::memory_order_relaxed)) {
    sched.lock.unlock();
    goto top;
  }
  if (sched.runqsize.load(std::memory_order_relaxed) != 0) {
    G* gp = globrunqget(pp, 0);
    sched.lock.unlock();
    return gp;
  }
  releasep(m);
  pidleput(pp);
  sched.lock.unlock();

  if (m->spinning) {
    m->spinning = false;
    sched.nmspinning.fetch_sub(1);
    // Work may have been readied while we were spinning, after the wakep
    // that saw us spinning and did not start another M: look again.
    for (int32_t i = 0; i < sched.nprocs; i++) {
      if (!runqempty(sched.allp[i])) {
        sched.lock.lock();
        P* p2 = pidleget();
        sched.lock.unlock();
        if (p2) {
          acquirep(m, p2);
          m->spinning = true;
          sched.nmspinning.fetch_add(1);
          goto top;
        }
        break;
      }
    }
  }
  // Timers: one M sleeps until the earliest one.
  int64_t next = nextTimerAll();
  if (next != 0) {
    uint32_t zero = 0;
    if (sched.polling.compare_exchange_strong(zero, 1)) {
      sched.pollUntil.store(next);
      sched.pollnote.clear();
      // A timer added after nextTimerAll and before pollUntil was set
      // would not break the sleep: compute again.
      int64_t again = nextTimerAll();
      if (again != 0 && again < next) {
        next = again;
        sched.pollUntil.store(next);
      }
      if (again != 0) sched.pollnote.sleepUntil(next);
      sched.pollUntil.store(0);
      sched.polling.store(0);
      sched.lock.lock();
      P* p2 = pidleget();
      sched.lock.unlock();
      if (p2) {
        acquirep(m, p2);
        m->spinning = true;  // run timers and steal as a spinning M
        sched.nmspinning.fetch_add(1);
        goto top;
      }
    }
  }
  stopm(m);
  goto top;
}

}  // namespace

// A timer earlier than the timer sleeper's deadline was armed: wake it to
// sleep less. (With no sleeper, the next M to go idle looks at the timers.)
void pollBreak(int64_t when) {
  if (!sched.polling.load()) return;
  int64_t until = sched.pollUntil.load();
  if (until == 0 || when < until) sched.pollnote.wakeup();
}

// --- goroutines --------------------------------------------------------------

static void clearPreempt(G* gp);

// The main goroutine's G (kept for the next csp_rt_main or REPL input), and
// the one running now, for interruptInput.
static G* main_g = nullptr;
// CSP_CHECK_STACKS (the golden tests set it): check each small stack slot's
// canary whenever its goroutine stops running (a cache miss each time).
static bool check_stacks = false;
static G* volatile main_g_for_interrupt = nullptr;
static void forgetMainG() {
  main_g = nullptr;
  forgetMainStack();
}

extern std::string* deadlock_report;
[[noreturn]] static void reportDeadlockHere();

namespace {

[[noreturn]] void goexit0();

}  // namespace

void gTrampoline(bctx::transfer_t t) {
  afterSwitch(t);
  G* g = getg();
  bool ok = runGoroutine(g, g->fn, g->arg);
  if (!ok) {
    if (!sched.repl.load()) {
      std::fflush(stdout);
      _exit(2);
    }
    // The REPL: the goroutine ends, the session goes on.
    bool interrupted = g->panic && g->panic->interrupt;
    g->panic = nullptr;
    g->defers = nullptr;
    if (g->is_main) endInput(interrupted ? 130 : 2);
  }
  goexit0();
}

namespace {

// Runs `a` on g0 for the running goroutine (Go's mcall).
void mcall(MAction a) {
  M* m = getm();
  G* g = m->curg;
  m->action = a;
  switchTo(g, m->g0);
}

[[noreturn]] void goexit0() {
  mcall(kActExit);
  __builtin_unreachable();
}

void gfput(P* pp, G* gp) {
  int k = gp->small;
  gp->schedlink = pp->gfree[k];
  pp->gfree[k] = gp;
  pp->gfreecnt[k]++;
  if (pp->gfreecnt[k] >= 64) {
    LockGuard guard(&sched.gflock);
    while (pp->gfreecnt[k] >= 32) {
      G* g = pp->gfree[k];
      pp->gfree[k] = g->schedlink;
      pp->gfreecnt[k]--;
      g->schedlink = sched.gfree[k];
      sched.gfree[k] = g;
      sched.ngfree[k]++;
    }
  }
}

G* gfget(P* pp, int k) {
  if (!pp->gfree[k] && sched.gfree[k]) {
    LockGuard guard(&sched.gflock);
    while (pp->gfreecnt[k] < 32 && sched.gfree[k]) {
      G* g = sched.gfree[k];
      sched.gfree[k] = g->schedlink;
      sched.ngfree[k]--;
      g->schedlink = pp->gfree[k];
      pp->gfree[k] = g;
      pp->gfreecnt[k]++;
    }
  }
  G* gp = pp->gfree[k];
  if (gp) {
    pp->gfree[k] = gp->schedlink;
    pp->gfreecnt[k]--;
  }
  return gp;
}

void execute(M* m, G* gp, bool inherit) {
  for (;;) {
    P* pp = m->p;
    m->curg = gp;
    gp->m = m;
    gp->status.store(kGRunning, std::memory_order_relaxed);
    if (!inherit)
      pp->schedtick.store(pp->schedtick.load(std::memory_order_relaxed) + 1,
                          std::memory_order_relaxed);
    traceEvent(TraceEv::kGoStart, gp->goid, pp->id);
    switchTo(m->g0, gp);
    if (gp->small && check_stacks) checkSmallStack(gp);
    // Back on g0: the goroutine asked for m->action. A preemption request
    // it did not see is void now (it stopped running anyway).
    if (__atomic_load_n(&gp->preempt, __ATOMIC_ACQUIRE)) clearPreempt(gp);
    MAction a = m->action;
    m->action = kActNone;
    m->curg = nullptr;
    gp->m = nullptr;
    switch (a) {
      case kActPark: {
        auto f = m->waitunlockf;
        void* l = m->waitlock;
        m->waitunlockf = nullptr;
        m->waitlock = nullptr;
        // Traced before kGWaiting is published: from then on a readier
        // may goready it (and trace its unblock) at once.
        traceEvent(TraceEv::kGoBlock, gp->goid, gp->wait_reason);
        gp->status.store(kGWaiting, std::memory_order_release);
        if (f && !f(gp, l)) {
          // As Go's park_m: traced as readied by itself.
          traceEvent(TraceEv::kGoUnblock, gp->goid, gp->goid);
          gp->status.store(kGRunnable, std::memory_order_relaxed);
          inherit = true;
          continue;  // resume it at once
        }
        return;
      }
      case kActGosched:
      case kActPreempt: {
        traceEvent(TraceEv::kGoSched, gp->goid, a == kActPreempt);
        gp->status.store(kGRunnable, std::memory_order_relaxed);
        LockGuard guard(&sched.lock);
        globrunqput(gp);
        return;
      }
      case kActYield: {
        traceEvent(TraceEv::kGoSched, gp->goid, 0);
        gp->status.store(kGRunnable, std::memory_order_relaxed);
        runqput(m->p, gp, false);
        return;
      }
      case kActExit: {
        traceEvent(TraceEv::kGoEnd, gp->goid, 0);
        gp->status.store(kGDead, std::memory_order_relaxed);
        gp->fn = nullptr;
        gp->arg = nullptr;
        gp->param = nullptr;
        gp->waiting = nullptr;
        gp->panic = nullptr;
        gp->defers = nullptr;
        sched.ngsys.fetch_sub(1);
        stackFreeSegments(gp);
        if (!gp->is_main) gfput(m->p, gp);
        return;
      }
      case kActSyscallExit: {
        // No P was free when the syscall returned.
        gp->status.store(kGRunnable, std::memory_order_relaxed);
        sched.lock.lock();
        P* pp2 = pidleget();
        if (!pp2) globrunqput(gp);
        sched.lock.unlock();
        if (pp2) {
          acquirep(m, pp2);
          inherit = false;
          continue;
        }
        stopm(m);
        return;
      }
      case kActNone:
        fatal("schedule: goroutine switched to g0 without an action");
    }
  }
}

}  // namespace

// The scheduler loop, on g0.
[[noreturn]] void schedule() {
  for (;;) {
    M* m = getm();
    G* gp = findRunnable(m);
    if (m->spinning) resetspinning(m);
    execute(m, gp, false);
  }
}

namespace {

void* mstart(void* arg) {
  M* m = static_cast<M*>(arg);
  setm(m);
  setg(m->g0);
#ifdef CSP_TSAN_FIBERS  // TSan: g0 runs on the thread's own fiber
  tsan_g0_fiber = __tsan_get_current_fiber();
#endif
  m->thread = pthread_self();
  pthread_attr_t attr;
  void* lo = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &lo, &size);
    pthread_attr_destroy(&attr);
  }
  m->altstack_top = installSignalHandlers(lo, static_cast<char*>(lo) + size);
  // Signals meant for the process go to other threads: a handler without
  // SA_ONSTACK (the REPL's Ctrl-C, libedit's) would put its frame on the
  // running goroutine's stack, which may be a small slot.
  sigset_t async;
  sigemptyset(&async);
  for (int s : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2,
                SIGWINCH, SIGTSTP, SIGCONT, SIGCHLD, SIGTTIN, SIGTTOU})
    sigaddset(&async, s);
  pthread_sigmask(SIG_BLOCK, &async, nullptr);
  gcRegisterM(m);
  uintptr_t tcb;
  asm volatile("movq %%fs:0, %0" : "=r"(tcb));  // glibc's TCB self-pointer
  m->guard_slot = reinterpret_cast<std::atomic<uintptr_t>*>(tcb + 0x70);
  setStackGuard(m->g0);
  acquirep(m, m->nextp);
  m->nextp = nullptr;
  schedule();
}

void mstartThread(M* m) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t th;
  // pthread_create is GC_pthread_create (gc.h): the thread is registered.
  if (pthread_create(&th, &attr, mstart, m) != 0) {
    writeAll(2, "runtime: failed to create new OS thread\n");
    fatal("newosproc");
  }
  pthread_attr_destroy(&attr);
}

}  // namespace

namespace {
G* newprocG(void (*fn)(void*), void* arg, bool main, bool small) {
  M* m = getm();
  P* pp = m ? m->p : nullptr;
  // The main goroutine has the one 1 GB stack: its G is kept for the next
  // csp_rt_main (unit tests), never put on a free list.
  if (main && main_g) {
    // The last main goroutine may still be on its way out (it woke
    // csp_rt_main before it ended).
    while (main_g->status.load(std::memory_order_acquire) != kGDead)
      sched_yield();
  }
#ifdef CSP_TSAN_FIBERS  // TSan's instrumented runtime needs far more
  small = false;
#endif
  G* gp = main ? main_g : pp ? gfget(pp, small) : nullptr;
  if (!gp) {
    gp = gcAllocG();
    // (Past the slots' reservation, 4 million of them: a normal stack.)
    if (!(small && stackAllocSmall(gp)) && !stackAlloc(gp, main))
      fatal("runtime: cannot allocate goroutine stack");
    gcAddG(gp);
    if (main) main_g = gp;
  }
  if (main) {
    main_g_for_interrupt = gp;
  }
  gp->fn = fn;
  gp->arg = arg;
  gp->goid = main ? 1 : sched.goidgen.fetch_add(1) + 1;
  gp->is_main = main;
  gp->gopc = 0;
  gp->preempt = false;
  gp->wait_reason = 0;
  gp->select_done.store(0, std::memory_order_relaxed);
  // The creator makes the first context (touching the new stack), as Go's
  // newproc writes the first frame: the M that runs the goroutine, often
  // another P's, finds it ready. (Moving that cost to the runner made a
  // P running `go` in a loop outpace the Ps draining its queue, and the
  // backlog of fresh stacks grew.)
  gp->ctx = nullptr;
  makeContext(gp);
  gp->status.store(kGRunnable, std::memory_order_release);
  sched.ngsys.fetch_add(1);
  G* cur = getg();
  traceEvent(TraceEv::kGoCreate, gp->goid, cur ? cur->goid : 0);
  return gp;
}
}  // namespace

G* newproc(void (*fn)(void*), void* arg, uintptr_t gopc, bool small) {
  G* gp = newprocG(fn, arg, false, small);
  gp->gopc = gopc;
  M* m = getm();
  if (m && m->p) {
    runqput(m->p, gp, true);
    wakep();
  } else {
    LockGuard guard(&sched.lock);
    globrunqput(gp);
  }
  return gp;
}

void gopark(bool (*unlockf)(G*, void*), void* arg, WaitReason reason) {
  M* m = getm();
  G* gp = m->curg;
  if (!gp) fatal("gopark: not on a goroutine");
  gp->wait_reason = uint8_t(reason);
  gp->waitsince = 0;
  m->waitunlockf = unlockf;
  m->waitlock = arg;
  mcall(kActPark);
  if (__builtin_expect(deadlock_report != nullptr, 0)) reportDeadlockHere();
  getg()->wait_reason = 0;
}

static bool unlockLock(G*, void* l) {
  static_cast<Lock*>(l)->unlock();
  return true;
}

void goparkunlock(Lock* l, WaitReason reason) { gopark(unlockLock, l, reason); }

void goready(G* gp, bool next) {
  uint32_t st = gp->status.load(std::memory_order_acquire);
  if (st != kGWaiting) {
    // The parking M may still be between the switch and its status store:
    // wait for it (it cannot take long: it is on g0, not blocked).
    while ((st = gp->status.load(std::memory_order_acquire)) == kGRunning)
      __builtin_ia32_pause();
    if (st != kGWaiting) fatal("goready: bad g status");
  }
  G* cur = getg();
  traceEvent(TraceEv::kGoUnblock, gp->goid, cur && !cur->is_g0 ? cur->goid : 0);
  gp->status.store(kGRunnable, std::memory_order_relaxed);
  M* m = getm();
  runqput(m->p, gp, next);
  wakep();
}

void gosched() { mcall(kActGosched); }

void goyield() { mcall(kActYield); }

int64_t numGoroutine() { return sched.ngsys.load(); }

int64_t maxProcs() { return sched.nprocs; }

int64_t setMaxThreads(int64_t n) {
  sched.lock.lock();
  int64_t prev = sched.maxmcount;
  sched.maxmcount = n > INT32_MAX ? INT32_MAX : int32_t(n);
  bool over = sched.mcount + 1 > sched.maxmcount;
  sched.lock.unlock();
  if (over) {
    writeAll(2, "runtime: program exceeds " + std::to_string(n) +
                    "-thread limit\n");
    fatal("thread exhaustion");
  }
  return prev;
}

bool syncCanSpin(int iter) {
  if (iter >= 4 || sched.nprocs <= 1 ||
      sched.nprocs <= sched.npidle.load() + sched.nmspinning.load() + 1)
    return false;
  M* m = getm();
  if (m && m->p && !runqempty(m->p)) return false;
  return true;
}

void syncDoSpin() {
  for (int i = 0; i < 30; i++) __builtin_ia32_pause();
}

// --- preemption -----------------------------------------------------------

namespace {
std::atomic<int32_t> preempt_pending{0};

// Asks gp (running) to yield at its next poll.
void preemptG(G* gp);

// Asks the goroutine running on m to yield: at its next loop poll (the
// word) or its next function entry (the stack guard).
void preemptM(M* m) {
  if (!m) return;
  G* gp = m->curg;
  if (!gp) return;
  preemptG(gp);
  if (m->guard_slot) m->guard_slot->store(UINTPTR_MAX, std::memory_order_relaxed);
}

void preemptG(G* gp) {
  if (!gp || __atomic_load_n(&gp->preempt, __ATOMIC_ACQUIRE)) return;
  // Counted before it is visible, so the goroutine's decrement never
  // comes first.
  preempt_pending.fetch_add(1);
  __atomic_store_n(&gp->preempt, true, __ATOMIC_RELEASE);
  __atomic_store_n(&csp_rt_preempt_word, 1, __ATOMIC_RELAXED);
}
}  // namespace

static void clearPreempt(G* gp) {
  __atomic_store_n(&gp->preempt, false, __ATOMIC_RELAXED);
  if (preempt_pending.fetch_sub(1) == 1)
    __atomic_store_n(&csp_rt_preempt_word, 0, __ATOMIC_RELAXED);
}

void preemptPoll() {
  M* m = getm();
  if (!m) return;
  G* gp = m->curg;
  if (!gp || !__atomic_load_n(&gp->preempt, __ATOMIC_ACQUIRE)) return;
  clearPreempt(gp);
  if (gp->is_main && sched.interrupt.exchange(false)) panicInterrupt();
  mcall(kActPreempt);
}

// --- the REPL --------------------------------------------------------------

void interruptInput() {
  G* g = main_g_for_interrupt;
  if (!g || !sched.repl.load() || sched.main_done.load()) return;
  sched.interrupt_since.store(0);
  sched.interrupt.store(true);
  preemptG(g);
  M* m = g->m;
  if (m && m->curg == g && m->guard_slot)
    m->guard_slot->store(UINTPTR_MAX, std::memory_order_relaxed);
}

// The input is parked, not polling: give up on it (sysmon, or checkdead
// for a deadlock). It stays blocked, under a goroutine id of its own.
static void abandonInput(int status) {
  G* g = main_g_for_interrupt;
  main_g_for_interrupt = nullptr;
  if (g) {
    g->goid = sched.goidgen.fetch_add(1) + 1;
    g->is_main = false;
    forgetMainG();
  }
  sched.interrupt.store(false);
  endInput(status);
}

std::string goroutineList() {
  std::vector<G*> gs;
  for (G* g = allgsHead(); g; g = g->alllink) {
    if (g->is_g0) continue;
    uint32_t st = g->status.load();
    if (st == kGDead || st == kGIdle) continue;
    if (g->is_main && sched.main_done.load()) continue;
    gs.push_back(g);
  }
  std::string out;
  for (auto it = gs.rbegin(); it != gs.rend(); ++it) {
    G* g = *it;
    uint32_t st = g->status.load();
    std::string state = st == kGRunnable  ? "runnable"
                        : st == kGRunning ? "running"
                        : st == kGSyscall ? "syscall"
                                          : waitReasonString(WaitReason(g->wait_reason));
    char line[64];
    snprintf(line, sizeof line, "%4lld  %-12s ", (long long)g->goid,
             state.c_str());
    std::string where = g->is_main ? "repl" : pcLocation(g->gopc, false);
    size_t slash = where.rfind('/');
    if (slash != std::string::npos) where.erase(0, slash + 1);
    out += line;
    out += where;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  return out;
}

// sysmon: asks goroutines that have run for 10 ms to yield, retakes Ps
// from Ms blocked in system calls.
namespace {
void* sysmon(void*) {
  int64_t delay = 20;  // us
  int idle = 0;
  for (;;) {
    if (idle == 0)
      delay = 20;
    else if (idle > 50)
      delay *= 2;
    if (delay > 10000) delay = 10000;
    usleep(useconds_t(delay));
    int64_t now = nanotime();
    bool retook = false;
    for (int32_t i = 0; i < sched.nprocs; i++) {
      P* pp = sched.allp[i];
      uint32_t st = pp->status.load(std::memory_order_relaxed);
      if (st == kPRunning) {
        uint32_t tick = pp->schedtick.load(std::memory_order_relaxed);
        if (pp->sysmon_tick != tick) {
          pp->sysmon_tick = tick;
          pp->sysmon_when = now;
        } else if (now - pp->sysmon_when >= 10000000) {
          preemptM(pp->m.load());
        }
      } else if (st == kPSyscall) {
        uint32_t t = pp->syscalltick.load(std::memory_order_relaxed);
        if (pp->sysmon_syscalltick != t) {
          pp->sysmon_syscalltick = t;
          pp->sysmon_when = now;
          continue;
        }
        if (runqempty(pp) && now - pp->sysmon_when < 10000000 &&
            sched.nmspinning.load() + sched.npidle.load() > 0)
          continue;
        uint32_t want = kPSyscall;
        if (pp->status.compare_exchange_strong(want, kPIdle)) {
          retook = true;
          handoffp(pp);
        }
      }
    }
    // A request whose goroutine stopped in between (a lost race with
    // clearPreempt) must not leave every poll taking the slow path.
    // And the other way round.
    int32_t pending = preempt_pending.load();
    uint32_t word = __atomic_load_n(&csp_rt_preempt_word, __ATOMIC_RELAXED);
    if (pending == 0 && word)
      __atomic_store_n(&csp_rt_preempt_word, 0, __ATOMIC_RELAXED);
    else if (pending > 0 && !word)
      __atomic_store_n(&csp_rt_preempt_word, 1, __ATOMIC_RELAXED);
    // Ctrl-C on an input that is parked (not polling): after 100 ms, give
    // up on it.
    if (sched.interrupt.load()) {
      int64_t since = sched.interrupt_since.load();
      if (since == 0) {
        sched.interrupt_since.store(now);
      } else if (now - since > 100000000) {
        G* g = main_g_for_interrupt;
        if (g && g->status.load() == kGWaiting) {
          LockGuard guard(&sched.lock);
          abandonInput(130);
        }
      }
    }
    // Overdue timers while every M is busy: wake the timer sleeper or an
    // idle P.
    int64_t next = nextTimerAll();
    if (next != 0 && next < now) {
      if (sched.polling.load())
        sched.pollnote.wakeup();
      else
        wakep();
    }
    idle = retook ? 0 : idle + 1;
  }
  return nullptr;
}
}  // namespace

// --- system calls ----------------------------------------------------------

void entersyscall() {
  M* m = getm();
  if (!m || !m->p) return;
  G* gp = m->curg;
  gp->status.store(kGSyscall, std::memory_order_relaxed);
  P* pp = m->p;
  m->oldp = pp;
  pp->syscalltick.fetch_add(1, std::memory_order_relaxed);
  pp->status.store(kPSyscall, std::memory_order_release);
}

void exitsyscall() {
  M* m = getm();
  if (!m || !m->oldp) return;
  P* pp = m->oldp;
  m->oldp = nullptr;
  G* gp = m->curg;
  uint32_t want = kPSyscall;
  if (pp->status.compare_exchange_strong(want, kPRunning)) {
    gp->status.store(kGRunning, std::memory_order_relaxed);
    return;
  }
  // sysmon handed the P off: find another or queue ourselves.
  m->p = nullptr;
  sched.lock.lock();
  P* p2 = pidleget();
  sched.lock.unlock();
  if (p2) {
    acquirep(m, p2);
    gp->status.store(kGRunning, std::memory_order_relaxed);
    return;
  }
  // Park this goroutine runnable on the global queue; g0 stops the M.
  // (mcall needs a P only for bookkeeping that kActSyscallExit skips.)
  mcall(kActSyscallExit);
}

// --- reports -------------------------------------------------------------------

// The headers of every goroutine but except, oldest first, as Go's
// tracebackothers lists them after a fatal error.
std::string otherGoroutines(G* except) {
  std::vector<G*> gs;
  for (G* g = allgsHead(); g; g = g->alllink) {
    if (g->is_g0 || g == except) continue;
    uint32_t st = g->status.load();
    if (st == kGDead || st == kGIdle) continue;
    gs.push_back(g);
  }
  std::string out;
  for (auto it = gs.rbegin(); it != gs.rend(); ++it) {
    G* g = *it;
    uint32_t st = g->status.load();
    const char* state = st == kGRunnable  ? "runnable"
                        : st == kGRunning ? "running"
                        : st == kGSyscall ? "syscall"
                                          : waitReasonString(WaitReason(g->wait_reason));
    out += "\ngoroutine " + std::to_string(g->goid) + " [" + state + "]:\n";
  }
  return out;
}

// --- the deadlock check (under sched.lock) ----------------------------------

std::string* deadlock_report = nullptr;
static std::string* deadlock_rest = nullptr;

// In a parked goroutine resumed by checkdead: print the deadlock report
// with this goroutine's frames, and end the program.
[[noreturn]] static void reportDeadlockHere() {
  std::string out = *deadlock_report;
  uintptr_t pcs[kMaxTracebackFrames];
  int n = captureStack(pcs, kMaxTracebackFrames);
  appendTraceback(&out, pcs, n);
  writeAll(2, out + *deadlock_rest);
  _exit(2);
}

namespace {

void checkdead() {
  if (!sched.started.load() || sched.main_done.load()) return;
  int32_t run = sched.mcount - sched.nmidle;
  if (run > 0) return;
  if (sched.runqsize.load() > 0) return;
  if (hasTimers()) return;  // a timer will ready someone
  for (int32_t i = 0; i < sched.nprocs; i++)
    if (!runqempty(sched.allp[i])) return;
  std::string out = "fatal error: all goroutines are asleep - deadlock!\n";
  // Go prints every goroutine, main first. Main's frames are printed by
  // main itself: it is resumed to walk its own stack (gopark).
  std::string rest;
  G* gmain = nullptr;
  for (G* g = allgsHead(); g; g = g->alllink) {
    if (g->is_g0) continue;
    uint32_t st = g->status.load();
    if (st == kGDead || st == kGIdle) continue;
    std::string h = "\ngoroutine " + std::to_string(g->goid) + " [" +
                    waitReasonString(WaitReason(g->wait_reason)) + "]:\n";
    if (g->goid == 1) {
      out += h;
      if (st == kGWaiting) gmain = g;
    } else {
      rest = h + rest;
    }
  }
  if (sched.repl.load()) {
    // The REPL: report, give up on the input, go on.
    writeAll(2, out + rest);
    abandonInput(2);
    return;
  }
  if (gmain) {
    deadlock_rest = new std::string(rest);
    M* m = getm();
    m->curg = gmain;
    gmain->m = m;
    deadlock_report = new std::string(out);
    switchTo(m->g0, gmain);
  }
  writeAll(2, out + rest);
  _exit(2);
}

}  // namespace

// --- stop the world (GOMAXPROCS) ---------------------------------------------

namespace {

// An M that sees gcwaiting stops its P and itself.
void stopTheWorldStop(M* m) {
  sched.lock.lock();
  if (!sched.gcwaiting.load()) {
    sched.lock.unlock();
    return;
  }
  if (m->spinning) {
    m->spinning = false;
    sched.nmspinning.fetch_sub(1);
  }
  P* pp = releasep(m);
  pp->status.store(kPStopped);
  if (--sched.stopwait == 0) sched.stopnote.wakeup();
  sched.lock.unlock();
  stopm(m);
}

void stopTheWorld() {
  M* m = getm();
  sched.lock.lock();
  sched.stopnote.clear();
  sched.stopwait = sched.nprocs;
  sched.gcwaiting.store(1);
  m->p->status.store(kPStopped);
  sched.stopwait--;
  for (int32_t i = 0; i < sched.nprocs; i++) {
    P* pp = sched.allp[i];
    uint32_t want = kPSyscall;
    if (pp->status.compare_exchange_strong(want, kPStopped)) sched.stopwait--;
  }
  while (P* pp = pidleget()) {
    pp->status.store(kPStopped);
    sched.stopwait--;
  }
  bool wait = sched.stopwait > 0;
  sched.lock.unlock();
  while (wait) {
    for (int32_t i = 0; i < sched.nprocs; i++) {
      P* pp = sched.allp[i];
      M* pm = pp->m.load();
      if (pp->status.load() == kPRunning && pm) preemptM(pm);
    }
    if (sched.stopnote.sleepUntil(nanotime() + 100000)) break;
    LockGuard guard(&sched.lock);
    wait = sched.stopwait > 0;
  }
}

void startTheWorld() {
  M* m = getm();
  std::vector<P*> work;
  sched.lock.lock();
  sched.gcwaiting.store(0);
  m->p->status.store(kPRunning);
  for (int32_t i = sched.nprocs - 1; i >= 0; i--) {
    P* pp = sched.allp[i];
    if (pp == m->p) continue;
    if (runqempty(pp))
      pidleput(pp);
    else
      work.push_back(pp);
  }
  sched.lock.unlock();
  for (P* pp : work) startm(pp, false);
  wakep();
}

// With the world stopped: n Ps.
void procresize(int32_t n) {
  M* m = getm();
  int32_t old = sched.nprocs;
  for (int32_t i = old; i < n; i++) {
    if (!sched.allp[i]) {
      P* pp = new P();
      pp->id = i;
      sched.allp[i] = pp;
    }
    sched.allp[i]->status.store(kPStopped);
  }
  if (n < old) {
    // Our P must survive.
    if (m->p->id >= n) {
      P* mine = m->p;
      P* keep = sched.allp[0];
      mine->m = nullptr;
      acquirep(m, keep);
    }
    for (int32_t i = n; i < old; i++) {
      P* pp = sched.allp[i];
      bool inherit;
      LockGuard guard(&sched.lock);
      while (G* gp = runqget(pp, &inherit)) globrunqput(gp);
      for (int k = 0; k < 2; k++)
        while (G* g = pp->gfree[k]) {
          pp->gfree[k] = g->schedlink;
          pp->gfreecnt[k]--;
          LockGuard gg(&sched.gflock);
          g->schedlink = sched.gfree[k];
          sched.gfree[k] = g;
          sched.ngfree[k]++;
        }
      pp->status.store(kPStopped);
    }
  }
  sched.nprocs = n;
  if (n < old) {
    for (int32_t i = n; i < old; i++) moveTimers(sched.allp[i], m->p);
  }
}

}  // namespace

int64_t setMaxProcs(int64_t n) {
  int64_t prev = sched.nprocs;
  if (n < 1 || n == prev || !getm()) return prev;
  if (n > 1024) n = 1024;
  stopTheWorld();
  procresize(int32_t(n));
  startTheWorld();
  return prev;
}

// --- start-up ----------------------------------------------------------------

namespace {

int32_t initialProcs() {
  cpu_set_t set;
  int32_t n = 1;
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  if (const char* s = getenv("GOMAXPROCS")) {
    int v = atoi(s);
    if (v > 0) n = v;
  }
  if (n < 1) n = 1;
  if (n > 1024) n = 1024;
  return n;
}

}  // namespace

int64_t numCPU() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return 1;
}

void schedInit() {
  if (sched.started.load()) return;
  check_stacks = getenv("CSP_CHECK_STACKS") != nullptr;
  // Bind C++'s exception machinery now, on this thread's stack: a lazy
  // binding in libstdc++ or libgcc_s (the executable itself binds at
  // start-up) would otherwise run the dynamic linker's resolver, which
  // saves kilobytes of vector state, on the goroutine that first catches a
  // panic, maybe on a small stack slot.
  try {
    throw 0;
  } catch (int) {
  }
  int32_t n = initialProcs();
  // Room for GOMAXPROCS to grow later without moving allp.
  sched.allp = static_cast<P**>(calloc(1024, sizeof(P*)));
  for (int32_t i = 0; i < n; i++) {
    P* pp = new P();
    pp->id = i;
    sched.allp[i] = pp;
  }
  sched.nprocs = n;
  sched.lock.lock();
  for (int32_t i = n - 1; i >= 0; i--) pidleput(sched.allp[i]);
  sched.lock.unlock();
  pthread_t th;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  // sysmon touches no GC memory: a plain thread (not GC_pthread_create).
  // NOLINTNEXTLINE
  if ((pthread_create)(&th, &attr, sysmon, nullptr) != 0) fatal("sysmon");
  pthread_attr_destroy(&attr);
  sched.started.store(true);
}

// Sets GOMAXPROCS before the scheduler starts (--procs).
void setInitialProcs(int64_t n) {
  if (n > 0 && !sched.started.load()) setenv("GOMAXPROCS", std::to_string(n).c_str(), 1);
}

// Runs fn(arg) as goroutine 1 and returns when it returns (true) or
// panicked (false, report printed).
G* startMain(void (*fn)(void*), void* arg) {
  G* gp = newprocG(fn, arg, true, false);
  {
    // Queued and "main is running" at once, under the lock checkdead
    // takes: no window where an idle M sees a program without main.
    LockGuard guard(&sched.lock);
    globrunqput(gp);
    sched.main_done.store(false);
  }
  // An M for an idle P.
  startm(nullptr, false);
  return gp;
}

}  // namespace csp::rt

// The word generated code polls (abi.h); set and cleared only by the
// scheduler, read with relaxed loads.
extern "C" {
uint32_t csp_rt_preempt_word = 0;
}

// --- test hooks (runtime/sched_test_hooks.h; tests/unit/sched only) --------

#include "runtime/sched_test_hooks.h"

namespace csp::rt::test_hooks {

P* newP(int32_t id) {
  P* pp = new P();
  pp->id = id;
  pp->status.store(kPRunning, std::memory_order_relaxed);
  return pp;
}

void freeP(P* pp) { delete pp; }

void runqput(P* pp, G* gp, bool next) { rt::runqput(pp, gp, next); }
G* runqget(P* pp, bool* inherit) { return rt::runqget(pp, inherit); }
G* runqsteal(P* thief, P* victim, bool stealRunNext) {
  return rt::runqsteal(thief, victim, stealRunNext);
}
bool runqempty(P* pp) { return rt::runqempty(pp); }

G* globrunqget(P* pp, int32_t max) {
  LockGuard guard(&sched.lock);
  if (sched.nprocs > 0) return rt::globrunqget(pp, max);
  // The scheduler has not started: share the queue as one P would.
  sched.nprocs = 1;
  G* gp = rt::globrunqget(pp, max);
  sched.nprocs = 0;
  return gp;
}

int32_t globrunqsize() {
  return sched.runqsize.load(std::memory_order_relaxed);
}

}  // namespace csp::rt::test_hooks
