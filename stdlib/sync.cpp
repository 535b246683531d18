// Package sync, the C++ half: Mutex, RWMutex and WaitGroup as Go's
// mutex.go, rwmutex.go and waitgroup.go, sleeping on runtime/sema.h, and
// the runtime side of Cond (notifyList) and Once's misuse checks.
//
// Why C++ and not csp with atomic natives: a csp function cannot inline a
// native, so a csp Lock would make one native call for its CAS and another
// for the slow path; here Lock and Unlock are one call each, whose fast
// path is a single LOCK CMPXCHG / LOCK XADD. The structs are the csp
// structs of stdlib/sync.csp, viewed in place (same layout, zero value
// ready to use). Every atomic is sequentially consistent, as Go's.
//
// Copyright 2009 The Go Authors (the algorithms; see Go's LICENSE).
#include <atomic>
#include <cstdint>
#include <string>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/iface.h"
#include "runtime/panic.h"
#include "runtime/sched.h"
#include "runtime/sema.h"
#include "runtime/stack.h"
#include "runtime/string.h"

using namespace csp;
using rt::WaitReason;

namespace {

// panic(msg) with a plain string value, as the sync package's panics.
[[noreturn]] void panicString(const char* msg) {
  if (rt::onSmallStack()) rt::offSmallStack([&] { panicString(msg); });
  auto* s = static_cast<CspString*>(rt::gcAlloc(sizeof(CspString)));
  *s = rt::makeString(msg);
  rt::gopanic(&rt::kStringType, s);
}

template <typename T>
T* nonNil(T* p) {
  if (__builtin_expect(p == nullptr, 0)) csp_rt_panic_nil();
  return p;
}

// --- Mutex ---------------------------------------------------------------------

// type Mutex struct { state int32; sema uint32 }
struct Mutex {
  std::atomic<int32_t> state;
  uint32_t sema;
};

constexpr int32_t kMutexLocked = 1;    // mutex is locked
constexpr int32_t kMutexWoken = 2;     // a waiter is awake (no need to wake one)
constexpr int32_t kMutexStarving = 4;  // ownership is handed to waiters
constexpr int kMutexWaiterShift = 3;   // state >> 3: number of waiters
// A waiter that waited longer than this makes the mutex starving.
constexpr int64_t kStarvationThresholdNs = 1000000;

// As Go's Mutex.lockSlow. Normal mode: waiters queue FIFO, but a woken
// waiter competes with newly arriving goroutines (which hold the CPU and
// usually win); a waiter that lost is queued at the front (LIFO) and,
// after waiting over 1 ms, switches the mutex to starvation mode, in which
// Unlock hands the mutex directly to the first waiter and newcomers queue
// at the tail without trying. The last waiter, or one that waited under
// 1 ms, switches back to normal mode.
[[gnu::noinline]] void lockSlow(Mutex* m) {
  int64_t wait_start = 0;
  bool starving = false;
  bool awoke = false;
  int iter = 0;
  int32_t old = m->state.load(std::memory_order_relaxed);
  for (;;) {
    // Spin while the mutex is locked (not starving: then ownership goes to
    // the waiters and spinning cannot win) and spinning may pay.
    if ((old & (kMutexLocked | kMutexStarving)) == kMutexLocked &&
        rt::syncCanSpin(iter)) {
      // Set the woken flag so that Unlock wakes nobody while we spin.
      if (!awoke && (old & kMutexWoken) == 0 &&
          (old >> kMutexWaiterShift) != 0 &&
          m->state.compare_exchange_strong(old, old | kMutexWoken)) {
        awoke = true;
      }
      rt::syncDoSpin();
      iter++;
      old = m->state.load(std::memory_order_relaxed);
      continue;
    }
    int32_t next = old;
    // Don't try to take a starving mutex: newcomers queue.
    if ((old & kMutexStarving) == 0) next |= kMutexLocked;
    if ((old & (kMutexLocked | kMutexStarving)) != 0)
      next += 1 << kMutexWaiterShift;
    // Switch to starvation mode, unless the mutex is about to be free.
    if (starving && (old & kMutexLocked) != 0) next |= kMutexStarving;
    if (awoke) {
      if ((next & kMutexWoken) == 0) rt::fatal("sync: inconsistent mutex state");
      next &= ~kMutexWoken;
    }
    if (m->state.compare_exchange_strong(old, next)) {
      if ((old & (kMutexLocked | kMutexStarving)) == 0) break;  // locked by CAS
      // Waited before: queue at the front.
      bool queue_lifo = wait_start != 0;
      if (wait_start == 0) wait_start = rt::nanotime();
      rt::semacquire(&m->sema, queue_lifo, WaitReason::kSyncMutexLock);
      starving =
          starving || rt::nanotime() - wait_start > kStarvationThresholdNs;
      old = m->state.load(std::memory_order_relaxed);
      if ((old & kMutexStarving) != 0) {
        // The mutex was handed to us; the state says locked == 0 and still
        // counts us as a waiter: fix both.
        if ((old & (kMutexLocked | kMutexWoken)) != 0 ||
            (old >> kMutexWaiterShift) == 0)
          rt::fatal("sync: inconsistent mutex state");
        int32_t delta = kMutexLocked - (1 << kMutexWaiterShift);
        // Leave starvation mode when it is no longer needed (we are the
        // last waiter, or did not wait long): staying in it makes every
        // hand-off a context switch.
        if (!starving || (old >> kMutexWaiterShift) == 1)
          delta -= kMutexStarving;
        m->state.fetch_add(delta);
        break;
      }
      awoke = true;
      iter = 0;
    }
    // A failed compare_exchange_strong reloaded old.
  }
}

// As Go's Mutex.unlockSlow (new: the state after removing kMutexLocked).
[[gnu::noinline]] void unlockSlow(Mutex* m, int32_t next) {
  if (((next + kMutexLocked) & kMutexLocked) == 0)
    rt::fatal("sync: unlock of unlocked mutex");
  if ((next & kMutexStarving) == 0) {
    int32_t old = next;
    for (;;) {
      // Nobody to wake, or someone already woken or holding the lock (it
      // will take care of the waiters), or starving (handed off by
      // whoever made it so): done.
      if ((old >> kMutexWaiterShift) == 0 ||
          (old & (kMutexLocked | kMutexWoken | kMutexStarving)) != 0)
        return;
      // Take one waiter off the count and wake it.
      int32_t want = (old - (1 << kMutexWaiterShift)) | kMutexWoken;
      if (m->state.compare_exchange_strong(old, want)) {
        rt::semrelease(&m->sema, false);
        return;
      }
    }
  }
  // Starvation mode: hand ownership to the next waiter and yield to it.
  // The locked bit stays clear: the waiter sets it. Newcomers see the
  // starving bit and do not take the mutex meanwhile.
  rt::semrelease(&m->sema, true);
}

void mutexLock(Mutex* m) {
  int32_t unlocked = 0;
  if (__builtin_expect(m->state.compare_exchange_strong(unlocked, kMutexLocked),
                       1))
    return;
  lockSlow(m);
}

void mutexUnlock(Mutex* m) {
  int32_t next = m->state.fetch_sub(kMutexLocked) - kMutexLocked;
  if (__builtin_expect(next != 0, 0)) unlockSlow(m, next);
}

bool mutexTryLock(Mutex* m) {
  int32_t old = m->state.load(std::memory_order_relaxed);
  if ((old & (kMutexLocked | kMutexStarving)) != 0) return false;
  // A mutex with waiters but unlocked: competing is fine, as in Go.
  return m->state.compare_exchange_strong(old, old | kMutexLocked);
}

// --- RWMutex -------------------------------------------------------------------

// type RWMutex struct { w Mutex; writerSem, readerSem uint32;
//                       readerCount, readerWait int32 }
struct RWMutex {
  Mutex w;                           // held while a writer is pending
  uint32_t writer_sem;               // writers wait here for readers to leave
  uint32_t reader_sem;               // readers wait here for the writer
  std::atomic<int32_t> reader_count; // readers; minus kMaxReaders: writer pending
  std::atomic<int32_t> reader_wait;  // readers the pending writer waits for
};

constexpr int32_t kRWMutexMaxReaders = 1 << 30;

}  // namespace

// --- natives: Mutex -------------------------------------------------------------

extern "C" void csp_sync_Mutex_Lock(Mutex* m) { mutexLock(nonNil(m)); }

extern "C" bool csp_sync_Mutex_TryLock(Mutex* m) {
  return mutexTryLock(nonNil(m));
}

extern "C" void csp_sync_Mutex_Unlock(Mutex* m) { mutexUnlock(nonNil(m)); }

// --- natives: RWMutex (as Go's rwmutex.go) -----------------------------------------

extern "C" void csp_sync_RWMutex_RLock(RWMutex* rw) {
  nonNil(rw);
  // A writer is pending: wait for it.
  if (rw->reader_count.fetch_add(1) + 1 < 0)
    rt::semacquire(&rw->reader_sem, false, WaitReason::kSyncRWMutexRLock);
}

extern "C" bool csp_sync_RWMutex_TryRLock(RWMutex* rw) {
  nonNil(rw);
  int32_t c = rw->reader_count.load();
  for (;;) {
    if (c < 0) return false;
    if (rw->reader_count.compare_exchange_weak(c, c + 1)) return true;
  }
}

extern "C" void csp_sync_RWMutex_RUnlock(RWMutex* rw) {
  nonNil(rw);
  int32_t r = rw->reader_count.fetch_sub(1) - 1;
  if (__builtin_expect(r >= 0, 1)) return;
  // As Go's rUnlockSlow: a writer is pending.
  if (r + 1 == 0 || r + 1 == -kRWMutexMaxReaders)
    rt::fatal("sync: RUnlock of unlocked RWMutex");
  // The last departing reader wakes the writer.
  if (rw->reader_wait.fetch_sub(1) - 1 == 0)
    rt::semrelease(&rw->writer_sem, false);
}

extern "C" void csp_sync_RWMutex_Lock(RWMutex* rw) {
  nonNil(rw);
  // First, resolve competition with other writers.
  mutexLock(&rw->w);
  // Announce to readers there is a pending writer.
  // (r: the readers active before, as Go's AddInt32(..) + rwmutexMaxReaders)
  int32_t r = rw->reader_count.fetch_sub(kRWMutexMaxReaders);
  // Wait for active readers.
  if (r != 0 && rw->reader_wait.fetch_add(r) + r != 0)
    rt::semacquire(&rw->writer_sem, false, WaitReason::kSyncRWMutexLock);
}

extern "C" bool csp_sync_RWMutex_TryLock(RWMutex* rw) {
  nonNil(rw);
  if (!mutexTryLock(&rw->w)) return false;
  int32_t zero = 0;
  if (!rw->reader_count.compare_exchange_strong(zero, -kRWMutexMaxReaders)) {
    mutexUnlock(&rw->w);
    return false;
  }
  return true;
}

extern "C" void csp_sync_RWMutex_Unlock(RWMutex* rw) {
  nonNil(rw);
  // Announce to readers there is no active writer.
  int32_t r = rw->reader_count.fetch_add(kRWMutexMaxReaders) + kRWMutexMaxReaders;
  if (r >= kRWMutexMaxReaders) rt::fatal("sync: Unlock of unlocked RWMutex");
  // Unblock the readers that arrived meanwhile.
  for (int32_t i = 0; i < r; i++) rt::semrelease(&rw->reader_sem, false);
  // Allow other writers to proceed.
  mutexUnlock(&rw->w);
}

// --- natives: WaitGroup (as Go 1.20's waitgroup.go) -----------------------------

namespace {
// type WaitGroup struct { state uint64; sema uint32 }
// state: high 32 bits the counter, low 32 bits the number of waiters.
struct WaitGroup {
  std::atomic<uint64_t> state;
  uint32_t sema;
};
}  // namespace

extern "C" void csp_sync_WaitGroup_Add(WaitGroup* wg, int64_t delta) {
  nonNil(wg);
  uint64_t state = wg->state.fetch_add(static_cast<uint64_t>(delta) << 32) +
                   (static_cast<uint64_t>(delta) << 32);
  auto v = static_cast<int32_t>(state >> 32);
  auto w = static_cast<uint32_t>(state);
  if (v < 0) panicString("sync: negative WaitGroup counter");
  if (w != 0 && delta > 0 && v == static_cast<int32_t>(delta))
    panicString("sync: WaitGroup misuse: Add called concurrently with Wait");
  if (v > 0 || w == 0) return;
  // The counter reached 0 with waiters: nobody may change the state now
  // (Add and Wait must not run concurrently with this). Reset the waiter
  // count and wake them all.
  if (wg->state.load() != state)
    panicString("sync: WaitGroup misuse: Add called concurrently with Wait");
  wg->state.store(0);
  for (; w != 0; w--) rt::semrelease(&wg->sema, false);
}

extern "C" void csp_sync_WaitGroup_Done(WaitGroup* wg) {
  csp_sync_WaitGroup_Add(wg, -1);
}

extern "C" void csp_sync_WaitGroup_Wait(WaitGroup* wg) {
  nonNil(wg);
  uint64_t state = wg->state.load();
  for (;;) {
    if ((state >> 32) == 0) return;  // counter is 0: nothing to wait for
    // Count ourselves as a waiter.
    if (wg->state.compare_exchange_weak(state, state + 1)) {
      rt::semacquire(&wg->sema, false, WaitReason::kSemacquire);
      if (wg->state.load() != 0)
        panicString("sync: WaitGroup is reused before previous Wait has returned");
      return;
    }
  }
}

// --- natives: Cond ------------------------------------------------------------------

// type notifyList struct { wait, notify, lock uint32; head, tail uintptr }
extern "C" uint32_t csp_sync_notifyListAdd(rt::NotifyList* l) {
  return rt::notifyListAdd(l);
}
extern "C" void csp_sync_notifyListWait(rt::NotifyList* l, uint32_t t) {
  rt::notifyListWait(l, t);
}
extern "C" void csp_sync_notifyListNotifyOne(rt::NotifyList* l) {
  rt::notifyListNotifyOne(l);
}
extern "C" void csp_sync_notifyListNotifyAll(rt::NotifyList* l) {
  rt::notifyListNotifyAll(l);
}

// As Go's copyChecker.check: the checker remembers its own address; a
// Cond used at another address was copied.
extern "C" void csp_sync_copyChecker_check(uintptr_t* c) {
  nonNil(c);
  auto* a = reinterpret_cast<std::atomic<uintptr_t>*>(c);
  auto self = reinterpret_cast<uintptr_t>(c);
  uintptr_t zero = 0;
  if (a->load() != self && !a->compare_exchange_strong(zero, self) &&
      a->load() != self)
    panicString("sync.Cond is copied");
}
