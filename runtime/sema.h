// Semaphores for the sync package (Go's runtime/sema.go): the one place
// where sync.Mutex, RWMutex, WaitGroup and Cond put goroutines to sleep
// and wake them. Not an OS semaphore: a sleeping goroutine holds no thread.
//
// As Go says of its own: don't think of these as semaphores, think of them
// as a way to implement sleep and wakeup such that every sleep is paired
// with a single wakeup, even if, due to races, the wakeup happens before
// the sleep. The count lives in the caller's uint32 (a field of a Mutex...);
// waiters are kept in a fixed hash table keyed by that address.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/sched.h"

namespace csp::rt {

// As Go's semacquire1: waits until *addr > 0, then decrements it. lifo
// queues the caller at the head of the address's waiters (a Mutex waiter
// that was woken and lost the race), else at the tail. reason is what a
// traceback of the parked goroutine shows ("semacquire",
// "sync.Mutex.Lock"). Call only from a goroutine.
void semacquire(uint32_t* addr, bool lifo, WaitReason reason);

// As Go's semrelease1: increments *addr and wakes one waiter on addr, if
// any. handoff (a Mutex in starvation mode) gives the count directly to
// the woken waiter and yields the caller's P to it.
void semrelease(uint32_t* addr, bool handoff);

// As Go's notifyList: the ticket-based wait list of a sync.Cond. Laid out
// to match the csp struct in stdlib/sync.csp (zero value ready to use).
struct SemaWaiter;
struct NotifyList {
  std::atomic<uint32_t> wait;    // ticket of the next waiter (atomic add)
  std::atomic<uint32_t> notify;  // ticket of the next to notify (written under lock)
  Lock lock;
  SemaWaiter* head;  // parked waiters, in ticket order (nearly)
  SemaWaiter* tail;
};
// Takes a ticket: the caller then waits with notifyListWait(l, ticket).
uint32_t notifyListAdd(NotifyList* l);
// Waits for ticket t's notification (returns at once if it was sent).
void notifyListWait(NotifyList* l, uint32_t t);
void notifyListNotifyAll(NotifyList* l);
void notifyListNotifyOne(NotifyList* l);

}  // namespace csp::rt
