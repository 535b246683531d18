// Timers (Go's time.go, simplified): each P keeps its pending timers in a
// 4-ary min-heap ordered by `when`, under the P's timers lock; a timer goes
// to the heap of the P that arms it, so arming scales with the Ps. The
// scheduler runs a P's due timers whenever that P schedules
// (findRunnable), and an M that steals runs other Ps' due timers too; when
// every P is idle, one M sleeps until the earliest timer of all Ps.
//
// A timer's callback runs on a scheduler stack with the heap unlocked. A
// periodic timer is re-armed before its callback runs.
#include "runtime/gc.h"
#include "runtime/proc_impl.h"

namespace csp::rt {

namespace {

enum : uint32_t { kTimerIdle = 0, kTimerPending = 1 };

using Slot = P::TimerSlot;

void siftUp(Slot* h, int32_t i) {
  Slot x = h[i];
  while (i > 0) {
    int32_t parent = (i - 1) / 4;
    if (x.when >= h[parent].when) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = x;
}

void siftDown(Slot* h, int32_t n, int32_t i) {
  Slot x = h[i];
  for (;;) {
    int32_t c = 4 * i + 1;
    if (c >= n) break;
    int32_t best = c;
    for (int32_t k = c + 1; k < c + 4 && k < n; k++)
      if (h[k].when < h[best].when) best = k;
    if (h[best].when >= x.when) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = x;
}

void updateTimer0(P* pp) {
  pp->timer0when.store(pp->ntimers ? pp->timers[0].when : 0,
                       std::memory_order_release);
}

// The entry is t's current one: t was not deleted or re-armed since.
bool live(P* pp, const Slot& e) {
  return e.seq == e.t->seq &&
         __atomic_load_n(&e.t->pp, __ATOMIC_RELAXED) == pp &&
         e.t->status.load(std::memory_order_relaxed) == kTimerPending;
}

// Under pp->timers_lock.
void pushSlot(P* pp, Slot e) {
  if (pp->ntimers == pp->captimers) {
    int32_t cap = pp->captimers ? pp->captimers * 2 : 64;
    // Scanned memory: the heap may hold the only reference to a timer.
    auto* h = static_cast<Slot*>(gcAllocRoot(sizeof(Slot) * size_t(cap)));
    for (int32_t i = 0; i < pp->ntimers; i++) h[i] = pp->timers[i];
    if (pp->timers) gcFree(pp->timers);
    pp->timers = h;
    pp->captimers = cap;
  }
  int32_t i = pp->ntimers++;
  pp->timers[i] = e;
  siftUp(pp->timers, i);
}

void heapPush(P* pp, Timer* t) {
  sched.ntimers.fetch_add(1, std::memory_order_relaxed);
  t->seq++;
  __atomic_store_n(&t->pp, pp, __ATOMIC_RELEASE);
  t->status.store(kTimerPending, std::memory_order_release);
  pushSlot(pp, Slot{t->when, t, t->seq});
  updateTimer0(pp);
}

void popTop(P* pp) {
  int32_t last = --pp->ntimers;
  if (last > 0) {
    pp->timers[0] = pp->timers[last];
    siftDown(pp->timers, last, 0);
  }
  pp->timers[last] = Slot{0, nullptr, 0};
  updateTimer0(pp);
}

// t (pending in pp) is no longer: its entry goes stale.
void unarm(P* pp, Timer* t) {
  sched.ntimers.fetch_sub(1, std::memory_order_relaxed);
  t->seq++;
  __atomic_store_n(&t->pp, nullptr, __ATOMIC_RELEASE);
  t->status.store(kTimerIdle, std::memory_order_release);
}

// Drops the stale entries when they are a quarter of the heap (Go's
// clearDeletedTimers).
void maybeClean(P* pp) {
  if (pp->ndeleted < 64 || pp->ndeleted * 4 < pp->ntimers) return;
  int32_t n = 0;
  for (int32_t i = 0; i < pp->ntimers; i++)
    if (live(pp, pp->timers[i])) pp->timers[n++] = pp->timers[i];
  for (int32_t i = n; i < pp->ntimers; i++) pp->timers[i] = Slot{0, nullptr, 0};
  pp->ntimers = n;
  pp->ndeleted = 0;
  for (int32_t i = (n - 2) / 4; i >= 0 && n > 1; i--)
    siftDown(pp->timers, n, i);
  updateTimer0(pp);
}

P* currentP() {
  M* m = getm();
  return m && m->p ? m->p : sched.allp[0];
}

}  // namespace

void addTimer(Timer* t) {
  P* pp = currentP();
  bool first;
  {
    LockGuard guard(&pp->timers_lock);
    heapPush(pp, t);
    first = pp->timers[0].t == t;
  }
  if (first) pollBreak(t->when);
}

bool delTimer(Timer* t) {
  for (;;) {
    auto* pp = static_cast<P*>(__atomic_load_n(&t->pp, __ATOMIC_ACQUIRE));
    if (!pp) return false;
    LockGuard guard(&pp->timers_lock);
    if (__atomic_load_n(&t->pp, __ATOMIC_ACQUIRE) != pp) continue;  // moved
    if (t->status.load(std::memory_order_relaxed) != kTimerPending)
      return false;
    unarm(pp, t);
    pp->ndeleted++;
    maybeClean(pp);
    return true;
  }
}

bool modTimer(Timer* t, int64_t when, int64_t period) {
  bool was = delTimer(t);
  t->when = when;
  t->period = period;
  addTimer(t);
  return was;
}

int64_t checkTimers(P* pp, int64_t now) {
  int64_t w = pp->timer0when.load(std::memory_order_acquire);
  if (w == 0 || w > now) return w;
  pp->timers_lock.lock();
  while (pp->ntimers > 0 && pp->timers[0].when <= now) {
    Slot e = pp->timers[0];
    if (!live(pp, e)) {
      popTop(pp);
      pp->ndeleted--;
      continue;
    }
    Timer* t = e.t;
    auto f = t->f;
    void* arg = t->arg;
    if (t->period > 0) {
      t->when += t->period * (1 + (now - t->when) / t->period);
      pp->timers[0].when = t->when;
      siftDown(pp->timers, pp->ntimers, 0);
      updateTimer0(pp);
    } else {
      popTop(pp);
      unarm(pp, t);
    }
    pp->timers_lock.unlock();
    f(arg, now);
    pp->timers_lock.lock();
  }
  int64_t next = pp->ntimers ? pp->timers[0].when : 0;
  pp->timers_lock.unlock();
  return next;
}

int64_t nextTimerAll() {
  int64_t next = 0;
  if (sched.ntimers.load(std::memory_order_relaxed) == 0) return 0;
  for (int32_t i = 0; i < sched.nprocs; i++) {
    int64_t w = sched.allp[i]->timer0when.load(std::memory_order_acquire);
    if (w != 0 && (next == 0 || w < next)) next = w;
  }
  return next;
}

bool hasTimers() { return nextTimerAll() != 0; }

void moveTimers(P* from, P* to) {
  LockGuard g1(&from->timers_lock);
  LockGuard g2(&to->timers_lock);
  for (int32_t i = 0; i < from->ntimers; i++) {
    Slot e = from->timers[i];
    if (!live(from, e)) continue;
    __atomic_store_n(&e.t->pp, to, __ATOMIC_RELEASE);
    pushSlot(to, e);
  }
  for (int32_t i = 0; i < from->ntimers; i++) from->timers[i] = Slot{0, nullptr, 0};
  from->ntimers = 0;
  from->ndeleted = 0;
  updateTimer0(from);
  updateTimer0(to);
}

// --- time.Sleep ---------------------------------------------------------------

namespace {

void wakeSleeper(void* arg, int64_t) { goready(static_cast<G*>(arg), true); }

// Arms the sleep timer once the goroutine is parked (Go's resetForSleep),
// so it cannot fire before the goroutine is off its stack.
bool armSleep(G*, void* t) {
  addTimer(static_cast<Timer*>(t));
  return true;
}

}  // namespace

void sleepFor(int64_t ns) {
  if (ns <= 0) return;
  Timer t;
  int64_t now = nanotime();
  t.when = now + ns < now ? INT64_MAX : now + ns;
  t.f = wakeSleeper;
  t.arg = getg();
  gopark(armSleep, &t, WaitReason::kSleep);
}

}  // namespace csp::rt
