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
#include <gc/gc_mark.h>
#include <sched.h>
#include <sys/mman.h>
#include <signal.h>
#include <ucontext.h>

#include <atomic>
#include <cstddef>
#include <cstring>

#include "runtime/abi.h"
#include "runtime/panic.h"
#include "runtime/proc_impl.h"

namespace csp::rt {

// Goroutine stacks and the collector (as Crystal does with its fibers).
// Boehm scans each registered thread's stack from its stack pointer to the
// "stack bottom" it knows for the thread; an M switches stacks whenever it
// switches goroutines, so the M tells the collector the new bottom
// (GC_set_stackbottom) at every switch, and the stacks of goroutines that
// are not running are pushed by our push-other-roots callback from their
// saved stack pointer (G::ctx) to their top.
//
// The window between telling the collector the new bottom and being on the
// new stack must not see a collection: a switch marks its M in_switch and
// backs off while a collection is starting; the collector, before stopping
// the world, raises gc_stopping and waits until no M is in a switch (a
// Dekker pair on seq_cst atomics). G::oncpu changes only inside the window,
// so with the world stopped each stack is exactly one of: a thread's
// current stack, or a saved context.
namespace {
std::atomic<bool> gc_ready{false};
std::atomic<uint32_t> gc_stopping{0};
std::atomic<G*> allgs{nullptr};
Lock allg_lock;
std::atomic<M*> allms{nullptr};
GC_push_other_roots_proc prev_push_other_roots = nullptr;

// Bytes of goroutine stacks and Gs the last collection scanned.
size_t stack_bytes = 0;
// No collection before this many bytes are allocated (Go's minimum heap
// goal, heapminimum, is 4 MB).
constexpr size_t kMinGcAlloc = size_t(4) << 20;

void pushGoroutineStacks() {
  if (prev_push_other_roots) prev_push_other_roots();
  size_t bytes = 0;
  for (G* g = allgs.load(std::memory_order_acquire); g; g = g->alllink) {
    if (g->status.load(std::memory_order_relaxed) == kGDead) continue;
    // The segments a grown stack left behind, running or not (the current
    // one of a running goroutine is its thread's stack).
    for (StackSeg* s = g->seg; s; s = s->prev) {
      GC_push_all_eager(s->prev_sp, s->prev_hi);
      bytes += size_t(s->prev_hi - s->prev_sp);
    }
    // A goroutine running on its small slot: its M told the collector the
    // alternate signal stack (where the stop signal's handler runs), so the
    // slot is pushed here, whole.
    if (g->oncpu && g->small && !g->seg) {
      GC_push_all_eager(g->base_hi - kSmallStack, g->base_hi);
      continue;
    }
    if (g->oncpu || !g->ctx) continue;
    GC_push_all_eager(g->ctx, g->stack_hi);
    bytes += size_t(g->stack_hi - static_cast<char*>(g->ctx));
  }
  stack_bytes = bytes;
}

void onCollectionEvent(GC_EventType ev) {
  if (ev == GC_EVENT_PRE_STOP_WORLD) {
    gc_stopping.store(1, std::memory_order_seq_cst);
    for (M* m = allms.load(std::memory_order_acquire); m; m = m->alllink)
      while (m->in_switch.load(std::memory_order_seq_cst))
        __builtin_ia32_pause();
  } else if (ev == GC_EVENT_POST_START_WORLD) {
    gc_stopping.store(0, std::memory_order_release);
  } else if (ev == GC_EVENT_END) {
    // Pace collections by the stacks (and Gs) too, as Go's pacer counts
    // stack scan work: its heap goal is live heap + (live heap + stacks +
    // globals) * GOGC/100, so with GOGC=100 a program may allocate as many
    // bytes as its goroutines' stacks before the next cycle. Boehm's
    // trigger (allocation since the last collection) knows only the heap
    // and the threads' stacks, so a million parked goroutines (a gigabyte
    // of stacks to scan) would otherwise be scanned over and over while
    // their heap grows by kilobytes.
    GC_set_min_bytes_allocd(stack_bytes > kMinGcAlloc ? stack_bytes
                                                      : kMinGcAlloc);
  }
}

// The collector stops a thread with a signal whose handler records the
// thread's stack pointer and waits; the collector then scans from there to
// the stack bottom it knows. A goroutine's stack may be too small for the
// kernel's signal frame (3.4 KB with AVX-512 state), so the handler runs on
// the thread's alternate signal stack (SA_ONSTACK) and, unless the
// goroutine runs on a small first segment (whose M told the collector the
// alternate stack as its stack: see gcStackBottom), hops back to the
// interrupted stack below its red zone to call the collector's handler,
// with the interrupted registers copied there for the scan, which then sees
// what it saw before. While hopped off the alternate stack no other
// SA_ONSTACK signal may arrive (it would reuse the alternate stack): the
// handler blocks everything but the collector's restart signal and faults.
struct sigaction boehm_suspend;

void callBoehmSuspend(int sig, siginfo_t* info, void* uc) {
  if (boehm_suspend.sa_flags & SA_SIGINFO)
    boehm_suspend.sa_sigaction(sig, info, uc);
  else
    boehm_suspend.sa_handler(sig);
}

extern "C" void csp_rt_hop_call(uintptr_t sp, int sig, siginfo_t* info,
                                void* uc,
                                void (*fn)(int, siginfo_t*, void*));
asm(R"(
  .text
  .type csp_rt_hop_call,@function
csp_rt_hop_call:
  .cfi_startproc
  pushq %rbp
  .cfi_def_cfa_offset 16
  .cfi_offset %rbp, -16
  movq %rsp, %rbp
  .cfi_def_cfa_register %rbp
  movq %rdi, %rsp
  movl %esi, %edi
  movq %rdx, %rsi
  movq %rcx, %rdx
  call *%r8
  movq %rbp, %rsp
  popq %rbp
  .cfi_def_cfa %rsp, 8
  ret
  .cfi_endproc
  .size csp_rt_hop_call, .-csp_rt_hop_call
)");

void onSuspendSignal(int sig, siginfo_t* info, void* ucv) {
  auto* uc = static_cast<ucontext_t*>(ucv);
  auto rsp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
  stack_t ss{};
  sigaltstack(nullptr, &ss);
  if (!(ss.ss_flags & SS_ONSTACK) || onSmallStackAt(rsp)) {
    callBoehmSuspend(sig, info, ucv);
    return;
  }
  uintptr_t sp = (rsp - 128 - sizeof(gregset_t)) & ~uintptr_t(15);
  std::memcpy(reinterpret_cast<void*>(sp), uc->uc_mcontext.gregs,
              sizeof(gregset_t));
  csp_rt_hop_call(sp, sig, info, ucv, callBoehmSuspend);
}

void installSuspendHandler() {
  int sig = GC_get_suspend_signal();
  if (sigaction(sig, nullptr, &boehm_suspend) != 0) return;
  struct sigaction sa = boehm_suspend;
  sa.sa_flags |= SA_ONSTACK | SA_SIGINFO;
  sa.sa_sigaction = onSuspendSignal;
  sigfillset(&sa.sa_mask);
  for (int s : {GC_get_thr_restart_signal(), SIGSEGV, SIGBUS, SIGFPE, SIGILL})
    sigdelset(&sa.sa_mask, s);
  sigaction(sig, &sa, nullptr);
}
}  // namespace

void gcInit() {
  if (gc_ready.load(std::memory_order_acquire)) return;
  GC_INIT();
  installSuspendHandler();
  GC_allow_register_threads();
  prev_push_other_roots = GC_get_push_other_roots();
  GC_set_push_other_roots(pushGoroutineStacks);
  GC_set_on_collection_event(onCollectionEvent);
  GC_set_min_bytes_allocd(kMinGcAlloc);
  gc_ready.store(true, std::memory_order_release);
}

// Gs live outside the collected heap, in chunks the collector scans as
// roots (a G is reused, never freed): making one does not bring the next
// collection nearer, as an uncollectable object would, and the chunks are
// scanned range by range like any root (pushing each G's fields from the
// callback instead overflows the mark stack: every closure found is one
// more entry, and an overflow restarts the marking).
namespace {
constexpr size_t kGChunk = size_t(1) << 20;
Lock gchunk_lock;
char* gchunk_next = nullptr;
char* gchunk_end = nullptr;
}  // namespace

G* gcAllocG() {
  if (!gc_ready.load(std::memory_order_relaxed)) gcInit();
  LockGuard guard(&gchunk_lock);
  constexpr size_t size = (sizeof(G) + 15) & ~size_t(15);
  if (gchunk_end - gchunk_next < static_cast<ptrdiff_t>(size)) {
    void* c = mmap(nullptr, kGChunk, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (c == MAP_FAILED) fatal("runtime: out of memory");
    gchunk_next = static_cast<char*>(c);
    gchunk_end = gchunk_next + kGChunk;
    GC_add_roots(gchunk_next, gchunk_end);
  }
  auto* g = reinterpret_cast<G*>(gchunk_next);
  gchunk_next += size;
  return g;
}

void gcAddG(G* g) {
  LockGuard guard(&allg_lock);
  g->alllink = allgs.load(std::memory_order_relaxed);
  allgs.store(g, std::memory_order_release);
}

G* allgsHead() { return allgs.load(std::memory_order_acquire); }

void gcRegisterM(M* m) {
  struct GC_stack_base sb;
  m->gc_handle = GC_get_my_stackbottom(&sb);
  m->g0->stack_hi = static_cast<char*>(sb.mem_base);
  LockGuard guard(&allg_lock);
  m->alllink = allms.load(std::memory_order_relaxed);
  allms.store(m, std::memory_order_release);
}

void gcBeginSwitch(M* m, G* to) { gcBeginSwitchTo(m, gcStackBottom(m, to)); }

void gcBeginSwitchTo(M* m, char* hi) {
  for (;;) {
    m->in_switch.store(1, std::memory_order_seq_cst);
    if (gc_stopping.load(std::memory_order_seq_cst) == 0) break;
    m->in_switch.store(0, std::memory_order_seq_cst);
    while (gc_stopping.load(std::memory_order_acquire)) sched_yield();
  }
  struct GC_stack_base sb;
  sb.mem_base = hi;
  GC_set_stackbottom(m->gc_handle, &sb);
}

void gcEndSwitch(M* m) { m->in_switch.store(0, std::memory_order_release); }

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
