// Semaphores, as Go's runtime/sema.go: sleep and wakeup for sync.Mutex,
// RWMutex, WaitGroup and Cond, parking goroutines (never threads).
//
// The model. A semaphore is a uint32 count in user memory (Mutex.sema,
// WaitGroup.sema...). semacquire takes one unit, sleeping while the count
// is 0; semrelease adds one and wakes a sleeper. Sleepers are kept in
// semtable, a fixed table of 251 buckets (a prime, so that addresses do not
// collide in patterns) chosen by address; a bucket (semaRoot) holds a
// runtime Lock, a balanced tree (a treap) with one node per distinct
// address, and behind each node the list of further waiters on that
// address (FIFO, or LIFO for a Mutex waiter that already waited once).
//
// Why a table and not a queue inside the Mutex: the sync types are plain
// csp structs whose zero value must work and which may be copied before
// use, so they can hold no runtime pointers; Go makes the same choice.
//
// Waiter records (Go's sudog) live on the parking goroutine's own stack:
// the goroutine cannot return from semacquire before a releaser has taken
// its record out of the tree and readied it, goroutine stacks never move,
// and the collector scans parked goroutines' stacks. A releaser therefore
// reads everything it needs from the record BEFORE goready: after it, the
// record may be gone.
//
// The lost-wakeup protocol (as Go's): every bucket counts its sleepers in
// nwait, read without the lock.
//   acquire: lock; nwait++; try the count once more; else queue and park,
//            the bucket lock released only once the goroutine is off its
//            stack (goparkunlock).
//   release: count++ (seq_cst), THEN load nwait; 0 means nobody can be
//            asleep or about to sleep without seeing our increment (it
//            bumps nwait before its last try), so there is nobody to wake.
// Both sides use sequentially consistent atomics: the acquirer's
// "nwait++ then load count" and the releaser's "count++ then load nwait"
// are the classic store/load (Dekker) pattern, which needs the StoreLoad
// order that only seq_cst (a LOCK-prefixed instruction on amd64) gives.
//
// Copyright 2009 The Go Authors (the algorithm; see Go's LICENSE).
#include "runtime/sema.h"

#include "runtime/panic.h"

namespace csp::rt {

// A goroutine asleep on a semaphore or a notifyList (Go's sudog).
// Invariants: g is parked while the record is reachable from a semaRoot or
// a NotifyList; only the holder of that lock touches the links.
struct SemaWaiter {
  G* g;
  uint32_t* elem;       // the semaphore's address (semaRoot tree key)
  uint32_t ticket;      // treap priority while queued; 1 once handed the
                        // count (starvation handoff); notifyList's ticket
  SemaWaiter* parent;   // treap links: prev holds lower addresses,
  SemaWaiter* prev;     // next higher ones
  SemaWaiter* next;     //   (notifyList: the next waiter)
  SemaWaiter* waitlink; // the next waiter on the same address
  SemaWaiter* waittail; // the last one (on the tree node only)
};

namespace {

// As Go's semaRoot: the waiters of the addresses hashing to one bucket.
struct SemaRoot {
  Lock lock;
  SemaWaiter* treap = nullptr;      // root of the tree of distinct addresses
  std::atomic<uint32_t> nwait{0};   // sleepers (read without the lock)

  void queue(uint32_t* addr, SemaWaiter* s, bool lifo);
  SemaWaiter* dequeue(uint32_t* addr);
  void rotateLeft(SemaWaiter* x);
  void rotateRight(SemaWaiter* y);
};

constexpr int kSemTabSize = 251;

// One bucket per cache line, so that unrelated semaphores do not share one.
struct alignas(64) SemTableEntry {
  SemaRoot root;
};
SemTableEntry semtable[kSemTabSize];

SemaRoot* rootFor(uint32_t* addr) {
  return &semtable[(reinterpret_cast<uintptr_t>(addr) >> 3) % kSemTabSize].root;
}

// A cheap per-thread random number for treap priorities (Go's fastrand).
// Only used between two statements that cannot park.
uint32_t fastrand() {
  thread_local uint64_t state = 0;
  uint64_t s = state;
  if (s == 0) s = reinterpret_cast<uintptr_t>(&state) | 1;
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  state = s;
  return static_cast<uint32_t>(s >> 32);
}

std::atomic<uint32_t>* counter(uint32_t* addr) {
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
  return reinterpret_cast<std::atomic<uint32_t>*>(addr);
}

// As Go's cansemacquire: takes one unit if the count is positive.
bool cansemacquire(uint32_t* addr) {
  std::atomic<uint32_t>* c = counter(addr);
  uint32_t v = c->load(std::memory_order_seq_cst);
  for (;;) {
    if (v == 0) return false;
    if (c->compare_exchange_weak(v, v - 1, std::memory_order_seq_cst))
      return true;
  }
}

// As Go's semaRoot.queue: adds s, waiting on addr, to the tree. lock held.
void SemaRoot::queue(uint32_t* addr, SemaWaiter* s, bool lifo) {
  s->g = getg();
  s->elem = addr;
  s->next = nullptr;
  s->prev = nullptr;
  s->waitlink = nullptr;
  s->waittail = nullptr;

  SemaWaiter* last = nullptr;
  SemaWaiter** pt = &treap;
  for (SemaWaiter* t = *pt; t != nullptr; t = *pt) {
    if (t->elem == addr) {
      // addr already has waiters.
      if (lifo) {
        // s takes t's place in the tree; t becomes the first of s's list.
        *pt = s;
        s->ticket = t->ticket;
        s->parent = t->parent;
        s->prev = t->prev;
        s->next = t->next;
        if (s->prev) s->prev->parent = s;
        if (s->next) s->next->parent = s;
        s->waitlink = t;
        s->waittail = t->waittail;
        if (s->waittail == nullptr) s->waittail = t;
        t->parent = nullptr;
        t->prev = nullptr;
        t->next = nullptr;
        t->waittail = nullptr;
      } else {
        // s goes to the end of t's list.
        if (t->waittail == nullptr)
          t->waitlink = s;
        else
          t->waittail->waitlink = s;
        t->waittail = s;
        s->waitlink = nullptr;
      }
      return;
    }
    last = t;
    pt = reinterpret_cast<uintptr_t>(addr) < reinterpret_cast<uintptr_t>(t->elem)
             ? &t->prev
             : &t->next;
  }

  // A new leaf for a new address. The tree is a treap: ordered by address,
  // kept balanced on average by a heap order on the random ticket
  // (s->ticket <= its children's). The low bit is set because a ticket of
  // 0 means "not handed the count".
  s->ticket = fastrand() | 1;
  s->parent = last;
  *pt = s;
  // Rotate up into place by priority.
  while (s->parent != nullptr && s->parent->ticket > s->ticket) {
    if (s->parent->prev == s) {
      rotateRight(s->parent);
    } else {
      if (s->parent->next != s) fatal("semaRoot queue");
      rotateLeft(s->parent);
    }
  }
}

// As Go's semaRoot.dequeue: removes and returns the first waiter on addr,
// or null. lock held.
SemaWaiter* SemaRoot::dequeue(uint32_t* addr) {
  SemaWaiter** ps = &treap;
  SemaWaiter* s = *ps;
  for (; s != nullptr; s = *ps) {
    if (s->elem == addr) break;
    ps = reinterpret_cast<uintptr_t>(addr) < reinterpret_cast<uintptr_t>(s->elem)
             ? &s->prev
             : &s->next;
  }
  if (s == nullptr) return nullptr;

  if (SemaWaiter* t = s->waitlink) {
    // The next waiter on addr takes s's place in the tree.
    *ps = t;
    t->ticket = s->ticket;
    t->parent = s->parent;
    t->prev = s->prev;
    if (t->prev) t->prev->parent = t;
    t->next = s->next;
    if (t->next) t->next->parent = t;
    t->waittail = t->waitlink ? s->waittail : nullptr;
    s->waitlink = nullptr;
    s->waittail = nullptr;
  } else {
    // Rotate s down to a leaf, respecting priorities, and cut it off.
    while (s->next != nullptr || s->prev != nullptr) {
      if (s->next == nullptr ||
          (s->prev != nullptr && s->prev->ticket < s->next->ticket))
        rotateRight(s);
      else
        rotateLeft(s);
    }
    if (s->parent != nullptr) {
      if (s->parent->prev == s)
        s->parent->prev = nullptr;
      else
        s->parent->next = nullptr;
    } else {
      treap = nullptr;
    }
  }
  s->parent = nullptr;
  s->elem = nullptr;
  s->next = nullptr;
  s->prev = nullptr;
  s->ticket = 0;
  return s;
}

// Turns (x a (y b c)) into (y (x a b) c).
void SemaRoot::rotateLeft(SemaWaiter* x) {
  SemaWaiter* p = x->parent;
  SemaWaiter* y = x->next;
  SemaWaiter* b = y->prev;
  y->prev = x;
  x->parent = y;
  x->next = b;
  if (b) b->parent = x;
  y->parent = p;
  if (p == nullptr) {
    treap = y;
  } else if (p->prev == x) {
    p->prev = y;
  } else {
    if (p->next != x) fatal("semaRoot rotateLeft");
    p->next = y;
  }
}

// Turns (y (x a b) c) into (x a (y b c)).
void SemaRoot::rotateRight(SemaWaiter* y) {
  SemaWaiter* p = y->parent;
  SemaWaiter* x = y->prev;
  SemaWaiter* b = x->next;
  x->next = y;
  y->parent = x;
  y->prev = b;
  if (b) b->parent = y;
  x->parent = p;
  if (p == nullptr) {
    treap = x;
  } else if (p->prev == y) {
    p->prev = x;
  } else {
    if (p->next != y) fatal("semaRoot rotateRight");
    p->next = x;
  }
}

}  // namespace

// As Go's semacquire1.
void semacquire(uint32_t* addr, bool lifo, WaitReason reason) {
  // Easy case.
  if (cansemacquire(addr)) return;

  // Harder case: count ourselves in nwait, try once more (a release that
  // came before the increment is seen here; one after it sees nwait > 0
  // and wakes us), then queue and sleep. The waiter record is dequeued by
  // the releaser.
  SemaWaiter s{};
  SemaRoot* root = rootFor(addr);
  for (;;) {
    root->lock.lock();
    root->nwait.fetch_add(1, std::memory_order_seq_cst);
    if (cansemacquire(addr)) {
      root->nwait.fetch_sub(1, std::memory_order_seq_cst);
      root->lock.unlock();
      return;
    }
    root->queue(addr, &s, lifo);
    // The lock is released by the scheduler once we are off our stack: a
    // releaser that dequeues us may goready us at once.
    goparkunlock(&root->lock, reason);
    // Readied: either handed the count directly (ticket 1, starvation
    // mode), or woken to compete for it.
    if (s.ticket != 0 || cansemacquire(addr)) return;
  }
}

// As Go's semrelease1.
void semrelease(uint32_t* addr, bool handoff) {
  SemaRoot* root = rootFor(addr);
  counter(addr)->fetch_add(1, std::memory_order_seq_cst);

  // Easy case: no waiters? This load must come after the add (see the
  // protocol at the top of the file).
  if (root->nwait.load(std::memory_order_seq_cst) == 0) return;

  // Harder case: find a waiter and wake it.
  root->lock.lock();
  if (root->nwait.load(std::memory_order_relaxed) == 0) {
    // The count was already consumed by another goroutine: nobody to wake.
    root->lock.unlock();
    return;
  }
  SemaWaiter* s = root->dequeue(addr);
  if (s != nullptr) root->nwait.fetch_sub(1, std::memory_order_seq_cst);
  root->lock.unlock();
  if (s == nullptr) return;

  // s's goroutine is parked and out of every list: only we touch s now,
  // until goready.
  if (s->ticket != 0) fatal("corrupted semaphore ticket");
  bool handed = handoff && cansemacquire(addr);
  if (handed) s->ticket = 1;
  G* g = s->g;
  goready(g, true);  // s may be gone from here on
  if (handed) {
    // Direct handoff (starvation mode): the waiter is in our P's runnext
    // and inherits the rest of our time slice; we go to the tail of the
    // local run queue (Go's goyield).
    goyield();
  }
}

// --- notifyList (sync.Cond) --------------------------------------------------

// Whether a < b for running counts that may wrap (their distance < 2^31).
static bool less(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a - b) < 0;
}

// As Go's notifyListAdd (may run concurrently: Cond.Wait under RLock).
uint32_t notifyListAdd(NotifyList* l) {
  return l->wait.fetch_add(1, std::memory_order_seq_cst);
}

// As Go's notifyListWait.
void notifyListWait(NotifyList* l, uint32_t t) {
  l->lock.lock();
  // Already notified?
  if (less(t, l->notify.load(std::memory_order_relaxed))) {
    l->lock.unlock();
    return;
  }
  SemaWaiter s{};
  s.g = getg();
  s.ticket = t;
  if (l->tail == nullptr)
    l->head = &s;
  else
    l->tail->next = &s;
  l->tail = &s;
  goparkunlock(&l->lock, WaitReason::kSyncCondWait);
}

// As Go's notifyListNotifyAll.
void notifyListNotifyAll(NotifyList* l) {
  // No new waiters since the last notification: nothing to do.
  if (l->wait.load(std::memory_order_seq_cst) ==
      l->notify.load(std::memory_order_seq_cst))
    return;
  // Take the whole list; its waiters are readied outside the lock.
  l->lock.lock();
  SemaWaiter* s = l->head;
  l->head = nullptr;
  l->tail = nullptr;
  // Every earlier ticket is either in the list or will see it was notified.
  l->notify.store(l->wait.load(std::memory_order_seq_cst),
                  std::memory_order_seq_cst);
  l->lock.unlock();
  while (s != nullptr) {
    SemaWaiter* next = s->next;
    G* g = s->g;
    goready(g, true);  // s may be gone from here on
    s = next;
  }
}

// As Go's notifyListNotifyOne.
void notifyListNotifyOne(NotifyList* l) {
  if (l->wait.load(std::memory_order_seq_cst) ==
      l->notify.load(std::memory_order_seq_cst))
    return;
  l->lock.lock();
  uint32_t t = l->notify.load(std::memory_order_relaxed);
  if (t == l->wait.load(std::memory_order_seq_cst)) {
    l->lock.unlock();
    return;
  }
  l->notify.store(t + 1, std::memory_order_seq_cst);
  // Find ticket t's waiter. If it has not queued yet, it will see the new
  // notify number and not sleep. The scan stops early in practice: waiters
  // queue nearly in ticket order.
  for (SemaWaiter *p = nullptr, *s = l->head; s != nullptr; p = s, s = s->next) {
    if (s->ticket == t) {
      SemaWaiter* n = s->next;
      if (p != nullptr)
        p->next = n;
      else
        l->head = n;
      if (n == nullptr) l->tail = p;
      l->lock.unlock();
      goready(s->g, true);
      return;
    }
  }
  l->lock.unlock();
}

}  // namespace csp::rt
