// The runtime's view of memory: a small allocation interface over the
// Boehm-Demers-Weiser conservative collector (libgc).
//
// Every csp allocation goes through these functions, never through GC_*
// directly, so that the scheduler issue can register goroutine stacks with
// the collector in one place (a stack bottom per fiber and a push-other-
// roots callback that scans the stacks of goroutines not running, as
// Crystal does) without touching any caller.
#pragma once

#include <cstddef>

namespace csp::rt {

// Initialises the collector; idempotent. csp_rt_main calls it first; unit
// tests may call it (every allocation also makes sure of it).
void gcInit();

// Zeroed memory that may hold pointers (scanned).
void* gcAlloc(size_t size);
// Zeroed memory that holds no pointers (never scanned).
void* gcAllocNoscan(size_t size);
// Scanned memory that is never collected (runtime roots: the G structs);
// freed with gcFree.
void* gcAllocRoot(size_t size);
void gcFree(void* p);
// Registers [start, end) as a root range.
void gcAddRoots(void* start, void* end);
// Runs a full collection (tests).
void gcCollect();
// Bytes the collector's heap occupies (tests).
size_t gcHeapSize();

}  // namespace csp::rt
