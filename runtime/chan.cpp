// Channels and select: Go's runtime/chan.go and select.go in C++.
//
// The model. A channel (Chan, Go's hchan) is a runtime Lock, an optional
// ring buffer of `dataqsiz` elements, a closed flag, and two FIFO queues of
// blocked goroutines: recvq (waiting to receive) and sendq (waiting to
// send). A blocked goroutine is represented on a queue by a Waiter (Go's
// sudog), which lives on the blocked goroutine's own stack: goroutine stacks
// never move and the collector scans them, so a Waiter needs no allocation
// and stays valid exactly as long as its goroutine is parked.
//
// The protocol (as Go's):
//  - Every change to a channel happens under c->lock. A goroutine that must
//    block enqueues its Waiter and parks with gopark, whose unlock hook
//    releases c->lock only once the goroutine is off its stack. So whoever
//    dequeues a Waiter (under the lock) knows its goroutine is parked, or
//    about to be with nobody else able to touch it, and may write into its
//    elem slot, set g->param and w->success, and goready it.
//  - Unbuffered channels hand values directly: a sender that finds a
//    waiting receiver copies its value into the receiver's elem slot (on the
//    receiver's stack), and a receiver that finds a waiting sender copies
//    from the sender's slot. No buffer is touched.
//  - Buffered channels are a ring. A receiver that takes from a full buffer
//    with senders waiting moves the first waiting sender's value into the
//    slot it just emptied (the tail), keeping FIFO order (Go's recv).
//  - The readied goroutine goes to the readier's runnext slot
//    (goready(g, true)), so a ping-pong stays on one P.
//  - close wakes every waiter: receivers get the zero value and ok=false,
//    senders wake with success=false and panic "send on closed channel".
//
// select (selectGo below, Go's selectgo): the cases are polled in a random
// order (pollorder) and their channels locked in address order (lockorder,
// each distinct channel once), which is what makes two selects over the
// same channels unable to deadlock. Pass 1 takes a ready case; failing
// that, a select with default returns; otherwise pass 2 enqueues a Waiter on
// every channel, all linked from g->waiting, and parks. A waker dequeuing a
// select's Waiter must first win g->select_done (0 -> 1, compare-and-swap):
// only one case of a select can fire. Pass 3, after waking, relocks every
// channel and removes the losing Waiters from their queues.
//
// Fields read without the lock (Go's lock-free fast paths of non-blocking
// operations, and len(ch)) are atomics: closed, qcount and each queue's
// first. Loads are acquire and stores release (plain moves on x86), so the
// fast path's "empty, then closed, then empty again" reads happen in that
// order, as Go's atomic loads make them; a stale answer there is one a
// racing operation could have given anyway, and every decision that changes
// the channel is made under the lock.
#include "runtime/chan.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/panic.h"
#include "runtime/stack.h"
#include "runtime/sched.h"

// Invariants that cost nothing in release builds.
#ifdef NDEBUG
#define CHAN_ASSERT(cond, msg) ((void)0)
#else
#define CHAN_ASSERT(cond, msg)          \
  do {                                  \
    if (!(cond)) ::csp::rt::fatal(msg); \
  } while (0)
#endif

namespace csp::rt {
namespace {

struct Chan;

// As Go's sudog: a goroutine waiting on a channel's queue.
// Invariants: on at most one queue at a time (prev/next); elem points at the
// waiting goroutine's value slot (send: the value to send; receive: where
// to store; null for a receive whose value is dropped) and is cleared by
// whoever completes the operation; w->g is parked (or parking under the
// channel lock) while w is queued.
struct Waiter {
  G* g;
  Waiter* next;  // queue links (c->lock)
  Waiter* prev;
  void* elem;
  Chan* c;
  Waiter* waitlink;  // g->waiting list of a select, in lock order
  bool is_select;
  bool success;  // the operation happened (false: woken by close)
};

// As Go's waitq: a FIFO of Waiters. first is atomic only for the lock-free
// emptiness checks of non-blocking operations.
struct WaitQ {
  std::atomic<Waiter*> first{nullptr};
  Waiter* last = nullptr;

  bool empty() const {
    return first.load(std::memory_order_acquire) == nullptr;
  }

  void enqueue(Waiter* w) {
    w->next = nullptr;
    Waiter* x = last;
    if (!x) {
      w->prev = nullptr;
      first.store(w, std::memory_order_release);
      last = w;
      return;
    }
    w->prev = x;
    x->next = w;
    last = w;
  }

  // As Go's dequeue: the first Waiter whose operation can still happen. A
  // select's Waiter whose select already won elsewhere (select_done set)
  // is dropped: its goroutine removes the rest of its Waiters itself.
  Waiter* dequeue() {
    for (;;) {
      Waiter* w = first.load(std::memory_order_relaxed);
      if (!w) return nullptr;
      Waiter* y = w->next;
      if (!y) {
        first.store(nullptr, std::memory_order_release);
        last = nullptr;
      } else {
        y->prev = nullptr;
        first.store(y, std::memory_order_release);
        w->next = nullptr;
      }
      // acq_rel: the winner's writes to the Waiter happen after every
      // earlier change of the select's state is visible.
      uint32_t zero = 0;
      if (w->is_select &&
          !w->g->select_done.compare_exchange_strong(
              zero, 1, std::memory_order_acq_rel, std::memory_order_relaxed))
        continue;
      return w;
    }
  }

  // As Go's dequeueSudoG: removes w, which may already be gone (dequeued by
  // a waker that lost the select_done race).
  void remove(Waiter* w) {
    Waiter* x = w->prev;
    Waiter* y = w->next;
    if (x) {
      if (y) {
        x->next = y;
        y->prev = x;
        w->next = nullptr;
        w->prev = nullptr;
        return;
      }
      x->next = nullptr;  // w was last
      last = x;
      w->prev = nullptr;
      return;
    }
    if (y) {  // w was first
      y->prev = nullptr;
      first.store(y, std::memory_order_release);
      w->next = nullptr;
      return;
    }
    // Either w is the only Waiter or it was already removed.
    if (first.load(std::memory_order_relaxed) == w) {
      first.store(nullptr, std::memory_order_release);
      last = nullptr;
    }
  }
};

// As Go's hchan.
// Invariants (under lock): qcount <= dataqsiz; at least one of recvq and
// sendq is empty, except for a select that waits to send and receive on the
// same channel; recvq non-empty implies qcount == 0; sendq non-empty
// implies qcount == dataqsiz; once closed, sendq is empty and stays so.
struct Chan {
  Lock lock;
  std::atomic<uint32_t> closed{0};
  std::atomic<uint64_t> qcount{0};  // elements in buf
  uint64_t dataqsiz = 0;            // capacity
  uint64_t sendx = 0;               // next slot to fill
  uint64_t recvx = 0;               // next slot to take
  char* buf = nullptr;              // dataqsiz elements
  size_t elemsize = 0;
  const CspType* elemtype = nullptr;
  WaitQ recvq;
  WaitQ sendq;
};

// Go's maxAlloc on 64-bit Linux.
constexpr uint64_t kMaxAlloc = uint64_t(1) << 48;

inline char* chanbuf(Chan* c, uint64_t i) { return c->buf + i * c->elemsize; }

inline void copyElem(Chan* c, void* dst, const void* src) {
  size_t n = c->elemsize;
  if (n == 8)  // the common word-sized element: no memcpy call
    std::memcpy(dst, src, 8);
  else if (n)
    std::memcpy(dst, src, n);
}

// Zeroes an element (what a receive from a closed channel yields).
inline void clearElem(Chan* c, void* p) {
  size_t n = c->elemsize;
  if (n == 8)
    std::memset(p, 0, 8);
  else if (n)
    std::memset(p, 0, n);
}

inline uint64_t qcount(Chan* c) {
  return c->qcount.load(std::memory_order_acquire);
}
inline void setQcount(Chan* c, uint64_t n) {
  c->qcount.store(n, std::memory_order_release);
}
inline bool isClosed(Chan* c) {
  return c->closed.load(std::memory_order_acquire) != 0;
}

// As Go's full: a send cannot happen without blocking (lock-free check).
inline bool full(Chan* c) {
  if (c->dataqsiz == 0) return c->recvq.empty();
  return qcount(c) == c->dataqsiz;
}

// As Go's empty: a receive cannot happen without blocking (lock-free check).
inline bool empty(Chan* c) {
  if (c->dataqsiz == 0) return c->sendq.empty();
  return qcount(c) == 0;
}

// Unlock hook of a single-channel park: releases the channel lock once g is
// off its stack (Go's chanparkcommit).
bool chanParkCommit(G*, void* lock) {
  static_cast<Lock*>(lock)->unlock();
  return true;
}

// Readies the goroutine of w, a Waiter just dequeued, after its operation
// completed. Called with every channel lock released (Go does the same: the
// Waiter is off every queue and its goroutine parked, so nobody else can
// reach it).
inline void readyWaiter(Waiter* w, bool success) {
  G* gp = w->g;
  w->success = success;
  gp->param = w;
  goready(gp, true);
}

// As Go's send: sends *ep to w, a receiver dequeued from c->recvq (so the
// buffer is empty). c is locked; unlock(arg) releases every lock held.
template <typename Unlock>
void sendTo(Chan* c, Waiter* w, const void* ep, Unlock unlock) {
  if (w->elem) {
    copyElem(c, w->elem, ep);
    w->elem = nullptr;
  }
  unlock();
  readyWaiter(w, true);
}

// As Go's recv: receives from w, a sender dequeued from c->sendq, into ep
// (may be null). Unbuffered: straight from the sender's slot. Buffered (so
// full): take the head of the ring and put the sender's value at its tail.
template <typename Unlock>
void recvFrom(Chan* c, Waiter* w, void* ep, Unlock unlock) {
  if (c->dataqsiz == 0) {
    if (ep) copyElem(c, ep, w->elem);
  } else {
    char* qp = chanbuf(c, c->recvx);
    if (ep) copyElem(c, ep, qp);
    copyElem(c, qp, w->elem);
    if (++c->recvx == c->dataqsiz) c->recvx = 0;
    c->sendx = c->recvx;  // the ring is still full
  }
  w->elem = nullptr;
  unlock();
  readyWaiter(w, true);
}

// Puts *ep in the ring (c locked, room in it).
inline void bufPut(Chan* c, const void* ep) {
  copyElem(c, chanbuf(c, c->sendx), ep);
  if (++c->sendx == c->dataqsiz) c->sendx = 0;
  setQcount(c, qcount(c) + 1);
}

// Takes the head of the ring into ep, which may be null (c locked, ring not
// empty). A slot that may hold pointers is cleared so the collector does not
// keep its referents alive (Go's typedmemclr); others need no clearing.
inline void bufTake(Chan* c, void* ep) {
  char* qp = chanbuf(c, c->recvx);
  if (ep) copyElem(c, ep, qp);
  if (!(c->elemtype->flags & CSP_TF_NOPTR)) clearElem(c, qp);
  if (++c->recvx == c->dataqsiz) c->recvx = 0;
  setQcount(c, qcount(c) - 1);
}

[[noreturn]] void panicSendClosed() {
  if (onSmallStack()) offSmallStack([] { panicSendClosed(); });
  panicPlainError("send on closed channel");
}

// As Go's chansend: c <- *ep. When block is false, returns false instead of
// blocking. A nil channel blocks forever.
bool chanSend(Chan* c, const void* ep, bool block) {
  if (!c) {
    if (!block) return false;
    gopark(nullptr, nullptr, WaitReason::kChanSendNilChan);
    fatal("unreachable");
  }
  // Fast path of a failed non-blocking send: not closed and full. closed is
  // read after full (as Go): if the channel was closed before the full
  // check, a racing close is ordered before this send.
  if (!block && !isClosed(c) && full(c)) return false;

  c->lock.lock();
  if (isClosed(c)) {
    c->lock.unlock();
    panicSendClosed();
  }
  if (Waiter* w = c->recvq.dequeue()) {
    sendTo(c, w, ep, [c] { c->lock.unlock(); });
    return true;
  }
  if (qcount(c) < c->dataqsiz) {
    bufPut(c, ep);
    c->lock.unlock();
    return true;
  }
  if (!block) {
    c->lock.unlock();
    return false;
  }
  // Block: our Waiter lives in this frame until we are readied.
  G* gp = getg();
  Waiter w{};
  w.g = gp;
  w.elem = const_cast<void*>(ep);
  w.c = c;
  gp->waiting = &w;
  gp->param = nullptr;
  c->sendq.enqueue(&w);
  gopark(chanParkCommit, &c->lock, WaitReason::kChanSend);
  // gp is the same goroutine, possibly on another thread now.
  CHAN_ASSERT(gp->waiting == &w, "G waiting list is corrupted");
  gp->waiting = nullptr;
  gp->param = nullptr;
  if (!w.success) panicSendClosed();  // woken by close
  return true;
}

// As Go's chanrecv: *ep = <-c (ep may be null). Returns {selected,
// received}: selected is false only when block is false and nothing was
// ready; received is false for the zero value of a closed channel.
struct RecvResult {
  bool selected;
  bool received;
};
RecvResult chanRecv(Chan* c, void* ep, bool block) {
  if (!c) {
    if (!block) return {false, false};
    gopark(nullptr, nullptr, WaitReason::kChanReceiveNilChan);
    fatal("unreachable");
  }
  // Fast path of a non-blocking receive that finds nothing (as Go: empty,
  // then closed, then empty again, so a closed drained channel is reported
  // only when it really was drained when it closed).
  if (!block && empty(c)) {
    if (!isClosed(c)) return {false, false};
    if (empty(c)) {
      if (ep) clearElem(c, ep);
      return {true, false};
    }
  }

  c->lock.lock();
  if (isClosed(c)) {
    if (qcount(c) == 0) {
      c->lock.unlock();
      if (ep) clearElem(c, ep);
      return {true, false};
    }
    // Closed with values left in the buffer: take them first.
  } else if (Waiter* w = c->sendq.dequeue()) {
    recvFrom(c, w, ep, [c] { c->lock.unlock(); });
    return {true, true};
  }
  if (qcount(c) > 0) {
    bufTake(c, ep);
    c->lock.unlock();
    return {true, true};
  }
  if (!block) {
    c->lock.unlock();
    return {false, false};
  }
  G* gp = getg();
  Waiter w{};
  w.g = gp;
  w.elem = ep;
  w.c = c;
  gp->waiting = &w;
  gp->param = nullptr;
  c->recvq.enqueue(&w);
  gopark(chanParkCommit, &c->lock, WaitReason::kChanReceive);
  CHAN_ASSERT(gp->waiting == &w, "G waiting list is corrupted");
  gp->waiting = nullptr;
  gp->param = nullptr;
  return {true, w.success};
}

// As Go's closechan.
void chanClose(Chan* c) {
  if (!c) panicPlainError("close of nil channel");
  c->lock.lock();
  if (isClosed(c)) {
    c->lock.unlock();
    panicPlainError("close of closed channel");
  }
  c->closed.store(1, std::memory_order_release);

  // Collect every waiter (linked through next, free once dequeued), then
  // ready them with the lock released.
  Waiter* list = nullptr;
  while (Waiter* w = c->recvq.dequeue()) {
    if (w->elem) {
      clearElem(c, w->elem);
      w->elem = nullptr;
    }
    w->next = list;
    list = w;
  }
  while (Waiter* w = c->sendq.dequeue()) {
    w->elem = nullptr;
    w->next = list;
    list = w;
  }
  c->lock.unlock();
  while (list) {
    Waiter* w = list;
    list = w->next;  // before readying: w dies when its goroutine runs
    w->next = nullptr;
    readyWaiter(w, false);
  }
}

// --- select ----------------------------------------------------------------

// One case as codegen lays it out (abi.def): dir 0 receive, 1 send.
struct SelectCase {
  Chan* c;
  void* elem;
  int64_t dir;
};
constexpr int64_t kCaseRecv = 0;

// A cheap per-thread random number generator (wyrand) for the poll order.
// The state is reached through a non-inlined accessor, and only between
// parks, so a goroutine that moves to another thread never uses a stale
// thread's state.
__attribute__((noinline)) uint64_t* randState() {
  static thread_local uint64_t state = 0;
  return &state;
}

uint32_t cheapRand() {
  uint64_t* s = randState();
  if (*s == 0)
    *s = static_cast<uint64_t>(nanotime()) ^ reinterpret_cast<uintptr_t>(s) ^
         0x9e3779b97f4a7c15ull;
  *s += 0xa0761d6478bd642full;
  __uint128_t m = static_cast<__uint128_t>(*s) * (*s ^ 0xe7037ed1a0b428dbull);
  return static_cast<uint32_t>(static_cast<uint64_t>(m >> 64) ^
                               static_cast<uint64_t>(m));
}

// As Go's cheaprandn: uniform in [0, n).
inline uint32_t cheapRandN(uint32_t n) {
  return static_cast<uint32_t>((uint64_t(cheapRand()) * n) >> 32);
}

// Locks the cases' channels in lock order, each distinct channel once
// (equal channels are adjacent in lock order). As Go's sellock.
void selLock(SelectCase* cases, const uint32_t* lockorder, int64_t n) {
  Chan* last = nullptr;
  for (int64_t i = 0; i < n; i++) {
    Chan* c = cases[lockorder[i]].c;
    if (c != last) {
      last = c;
      c->lock.lock();
    }
  }
}

// As Go's selunlock: in reverse lock order, each distinct channel once.
// After the last unlock the cases may be gone (only callers that own them
// call this; the park hook is selParkCommit).
void selUnlock(SelectCase* cases, const uint32_t* lockorder, int64_t n) {
  for (int64_t i = n - 1; i >= 0; i--) {
    Chan* c = cases[lockorder[i]].c;
    if (i > 0 && c == cases[lockorder[i - 1]].c) continue;
    c->lock.unlock();
  }
}

// Unlock hook of a select's park (Go's selparkcommit): unlocks each
// channel after passing its last Waiter in g->waiting (lock order), since
// once a channel is unlocked a waker may change the Waiters queued on it.
bool selParkCommit(G* gp, void*) {
  Chan* lastc = nullptr;
  for (auto* w = static_cast<Waiter*>(gp->waiting); w; w = w->waitlink) {
    if (w->c != lastc && lastc) lastc->lock.unlock();
    lastc = w->c;
  }
  if (lastc) lastc->lock.unlock();
  return true;
}

// Selects with at most this many cases keep their scratch (orders, Waiters)
// on the goroutine's stack.
constexpr int64_t kSmallSelect = 8;

// Fills pollorder with a random permutation of the cases with a channel,
// and lockorder with the same cases sorted by channel address; returns how
// many there are.
int64_t selectOrders(SelectCase* cases, int64_t n, uint32_t* pollorder,
                     uint32_t* lockorder) {
  auto addr = [cases](uint32_t i) {
    return reinterpret_cast<uintptr_t>(cases[i].c);
  };
  int64_t norder = 0;
  for (int64_t i = 0; i < n; i++) {
    if (!cases[i].c) continue;  // nil channel: never ready
    uint32_t j = cheapRandN(static_cast<uint32_t>(norder + 1));
    pollorder[norder] = pollorder[j];
    pollorder[j] = static_cast<uint32_t>(i);
    if (n <= kSmallSelect) {  // insertion sort as we go: selects are small
      int64_t k = norder;
      for (; k > 0 && addr(lockorder[k - 1]) > addr(static_cast<uint32_t>(i));
           k--)
        lockorder[k] = lockorder[k - 1];
      lockorder[k] = static_cast<uint32_t>(i);
    }
    norder++;
  }
  if (n > kSmallSelect) {
    for (int64_t i = 0; i < norder; i++) lockorder[i] = pollorder[i];
    std::sort(lockorder, lockorder + norder,
              [&](uint32_t a, uint32_t b) { return addr(a) < addr(b); });
  }
  return norder;
}

struct SelectResult {
  int64_t index;
  bool recv_ok;
};

// Pass 3 of selectGo, after waking (every channel locked again): removes
// the losing Waiters and returns the winning case (Go's "pass 3").
int64_t selectDequeueLosers(G* gp, SelectCase* cases, const uint32_t* lockorder,
                            int64_t norder, Waiter* won, bool* success) {
  for (auto* w = static_cast<Waiter*>(gp->waiting); w; w = w->waitlink) {
    w->is_select = false;
    w->elem = nullptr;
  }
  auto* w = static_cast<Waiter*>(gp->waiting);
  gp->waiting = nullptr;
  int64_t casi = -1;
  for (int64_t i = 0; i < norder; i++, w = w->waitlink) {
    SelectCase* k = &cases[lockorder[i]];
    if (w == won) {  // already dequeued by the goroutine that woke us
      casi = lockorder[i];
      *success = w->success;
    } else if (k->dir == kCaseRecv) {
      k->c->recvq.remove(w);
    } else {
      k->c->sendq.remove(w);
    }
  }
  return casi;
}

// As Go's selectgo. cases: n records in source order; block false when the
// select has a default. Returns the chosen case (-1: default) and, for a
// receive, whether a value was received (false: closed channel).
SelectResult selectGo(SelectCase* cases, int64_t n, bool block,
                      uint32_t* pollorder, uint32_t* lockorder,
                      Waiter* waiters) {
  int64_t norder = selectOrders(cases, n, pollorder, lockorder);
  selLock(cases, lockorder, norder);
  auto unlock_all = [&] { selUnlock(cases, lockorder, norder); };

  // Pass 1: a case that can go at once, in poll order.
  for (int64_t p = 0; p < norder; p++) {
    int64_t casi = pollorder[p];
    SelectCase* cs = &cases[casi];
    Chan* c = cs->c;
    if (cs->dir == kCaseRecv) {
      if (Waiter* w = c->sendq.dequeue()) {
        recvFrom(c, w, cs->elem, unlock_all);
        return {casi, true};
      }
      if (qcount(c) > 0) {
        bufTake(c, cs->elem);
        unlock_all();
        return {casi, true};
      }
      if (isClosed(c)) {
        unlock_all();
        if (cs->elem) clearElem(c, cs->elem);
        return {casi, false};
      }
    } else {
      if (isClosed(c)) {
        unlock_all();
        panicSendClosed();
      }
      if (Waiter* w = c->recvq.dequeue()) {
        sendTo(c, w, cs->elem, unlock_all);
        return {casi, false};
      }
      if (qcount(c) < c->dataqsiz) {
        bufPut(c, cs->elem);
        unlock_all();
        return {casi, false};
      }
    }
  }
  if (!block) {
    unlock_all();
    return {-1, false};
  }

  // Pass 2: a Waiter on every channel, linked from gp->waiting in lock
  // order; park until one of them is chosen.
  G* gp = getg();
  CHAN_ASSERT(gp->waiting == nullptr, "gp.waiting != nil");
  Waiter** nextp = reinterpret_cast<Waiter**>(&gp->waiting);
  for (int64_t i = 0; i < norder; i++) {
    SelectCase* cs = &cases[lockorder[i]];
    Waiter* w = &waiters[i];
    *w = Waiter{};
    w->g = gp;
    w->is_select = true;
    w->elem = cs->elem;
    w->c = cs->c;
    *nextp = w;
    nextp = &w->waitlink;
    if (cs->dir == kCaseRecv)
      cs->c->recvq.enqueue(w);
    else
      cs->c->sendq.enqueue(w);
  }
  *nextp = nullptr;
  gp->param = nullptr;
  gopark(selParkCommit, nullptr, WaitReason::kSelect);

  // Pass 3: relock, find the winner, remove the other Waiters (else they
  // would pile up on quiet channels).
  selLock(cases, lockorder, norder);
  gp->select_done.store(0, std::memory_order_relaxed);
  auto* won = static_cast<Waiter*>(gp->param);
  gp->param = nullptr;
  bool success = false;
  int64_t casi =
      selectDequeueLosers(gp, cases, lockorder, norder, won, &success);
  if (casi < 0) fatal("selectgo: bad wakeup");
  unlock_all();
  if (cases[casi].dir != kCaseRecv) {
    if (!success) panicSendClosed();  // the channel was closed
    return {casi, false};
  }
  return {casi, success};
}

}  // namespace

void* makeChan(const CspType* chanType, int64_t size) {
  const CspType* elem = chanType->elem;
  uint64_t esize = static_cast<uint64_t>(elem->size);
  if (size < 0 || (esize && static_cast<uint64_t>(size) >
                                (kMaxAlloc - sizeof(Chan)) / esize))
    panicPlainError("makechan: size out of range");
  size_t mem = static_cast<size_t>(esize * static_cast<uint64_t>(size));
  // As Go: a buffer without pointers shares one allocation with the Chan,
  // which then needs no scanning (its only pointers lead to static type
  // descriptors and to Waiters on goroutine stacks, which are roots).
  // Otherwise the Chan and its buffer are one scanned allocation.
  void* p = (elem->flags & CSP_TF_NOPTR) ? gcAllocNoscan(sizeof(Chan) + mem)
                                         : gcAlloc(sizeof(Chan) + mem);
  auto* c = new (p) Chan;
  c->dataqsiz = static_cast<uint64_t>(size);
  c->elemsize = static_cast<size_t>(esize);
  c->elemtype = elem;
  if (mem) c->buf = static_cast<char*>(p) + sizeof(Chan);
  return c;
}

bool chanSendNonblocking(void* c, const void* elem) {
  return chanSend(static_cast<Chan*>(c), elem, false);
}

bool chanRecvNonblocking(void* c, void* elem, bool* ok) {
  RecvResult r = chanRecv(static_cast<Chan*>(c), elem, false);
  if (ok) *ok = r.received;
  return r.selected;
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void* csp_rt_makechan(const CspType* t, int64_t size) {
  return makeChan(t, size);
}

extern "C" void csp_rt_chansend(void* c, const void* elem) {
  chanSend(static_cast<Chan*>(c), elem, true);
}

extern "C" bool csp_rt_chanrecv(void* c, void* elem) {
  return chanRecv(static_cast<Chan*>(c), elem, true).received;
}

extern "C" void csp_rt_closechan(void* c) { chanClose(static_cast<Chan*>(c)); }

extern "C" int64_t csp_rt_chanlen(void* c) {
  return c ? static_cast<int64_t>(qcount(static_cast<Chan*>(c))) : 0;
}

extern "C" int64_t csp_rt_chancap(void* c) {
  return c ? static_cast<int64_t>(static_cast<Chan*>(c)->dataqsiz) : 0;
}

extern "C" int64_t csp_rt_select(void* cases_p, int64_t n, bool* recv_ok,
                                 bool block) {
  auto* cases = static_cast<SelectCase*>(cases_p);
  if (n == 0) {
    if (!block) return -1;
    gopark(nullptr, nullptr, WaitReason::kSelectNoCases);  // select {}
    fatal("unreachable");
  }
  // One case: Go's compiler turns these into plain channel operations
  // (blocking, or selectnbsend/selectnbrecv with a default), which is also
  // what tracebacks show: "chan receive (nil chan)", not "select".
  if (n == 1) {
    SelectCase* cs = &cases[0];
    if (cs->dir == kCaseRecv) {
      RecvResult r = chanRecv(cs->c, cs->elem, block);
      if (!r.selected) return -1;
      if (recv_ok) *recv_ok = r.received;
      return 0;
    }
    return chanSend(cs->c, cs->elem, block) ? 0 : -1;
  }
  SelectResult r;
  if (n <= kSmallSelect) {
    uint32_t pollorder[kSmallSelect], lockorder[kSmallSelect];
    Waiter waiters[kSmallSelect];
    r = selectGo(cases, n, block, pollorder, lockorder, waiters);
  } else {
    // Kept alive by this frame's pointers (the stack is scanned).
    auto* orders = static_cast<uint32_t*>(
        gcAllocNoscan(2 * static_cast<size_t>(n) * sizeof(uint32_t)));
    auto* waiters =
        static_cast<Waiter*>(gcAlloc(static_cast<size_t>(n) * sizeof(Waiter)));
    r = selectGo(cases, n, block, orders, orders + n, waiters);
  }
  if (r.index >= 0 && cases[r.index].dir == kCaseRecv && recv_ok)
    *recv_ok = r.recv_ok;
  return r.index;
}
