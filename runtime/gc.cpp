// Memory: csp_rt_alloc and friends over Boehm GC (see gc.h for why every
// allocation goes through here).
//
// Generated code asks for zeroed memory of a size and says only whether it
// may hold pointers: csp_rt_alloc (scanned) or csp_rt_alloc_noscan (strings,
// []int: the collector never looks inside, which keeps conservative
// scanning from mistaking integers for pointers). GC_MALLOC returns zeroed
// memory; GC_MALLOC_ATOMIC does not, so we clear it: Go's zero values
// depend on it.
#include "runtime/gc.h"

#include <gc/gc.h>

#include <atomic>
#include <cstring>

#include "runtime/abi.h"
#include "runtime/panic.h"

namespace csp::rt {

namespace {
std::atomic<bool> gc_ready{false};
}

void gcInit() {
  if (gc_ready.load(std::memory_order_acquire)) return;
  GC_INIT();
  // Goroutine threads (scheduler issue) register themselves.
  GC_allow_register_threads();
  gc_ready.store(true, std::memory_order_release);
}

void* gcAlloc(size_t size) {
  if (!gc_ready.load(std::memory_order_relaxed)) gcInit();
  if (size == 0) size = 1;
  void* p = GC_MALLOC(size);
  if (!p) {
    // As Go: running out of memory is fatal, not a panic.
    fatal("runtime: out of memory");
  }
  return p;
}

void* gcAllocNoscan(size_t size) {
  if (!gc_ready.load(std::memory_order_relaxed)) gcInit();
  if (size == 0) size = 1;
  void* p = GC_MALLOC_ATOMIC(size);
  if (!p) {
    fatal("runtime: out of memory");
  }
  std::memset(p, 0, size);
  return p;
}

void* gcAllocRoot(size_t size) {
  if (!gc_ready.load(std::memory_order_relaxed)) gcInit();
  return GC_MALLOC_UNCOLLECTABLE(size);
}

void gcFree(void* p) { GC_FREE(p); }

void gcAddRoots(void* start, void* end) {
  if (!gc_ready.load(std::memory_order_relaxed)) gcInit();
  if (start < end) GC_add_roots(start, end);
}

void gcCollect() { GC_gcollect(); }

size_t gcHeapSize() { return GC_get_heap_size(); }

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void* csp_rt_alloc(int64_t size) {
  return gcAlloc(static_cast<size_t>(size));
}

extern "C" void* csp_rt_alloc_noscan(int64_t size) {
  return gcAllocNoscan(static_cast<size_t>(size));
}

extern "C" void csp_rt_gc_add_roots(void* start, void* end) {
  gcAddRoots(start, end);
}
