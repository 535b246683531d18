// Goroutine stacks: segments, growth and stack overflow.
//
// A million goroutines must fit in the default vm.max_map_count (65530
// mappings), so a stack cannot be a mapping of its own with a guard page
// (that is two VMAs per stack). Stacks are carved instead from large
// arenas (one mapping for many stacks; adjacent arenas merge), reserved
// with MAP_NORESERVE so only the pages a goroutine touches cost memory,
// and reused with their G (the per-P and global free lists of proc).
//
// Without guard pages, running out is detected by the code itself: codegen
// gives every function LLVM's "split-stack" prologue, which compares the
// stack pointer (less the frame) with the word at %fs:0x70 (the TCB slot
// glibc reserves for split stacks) and calls __morestack when below it. We
// keep that word at the running goroutine's current segment's low end plus
// a margin (the runtime's C++ and a signal frame fit in the margin).
//
// Stacks cannot move (the collector is conservative and C++ frames hold
// pointers into them), so a goroutine that needs more than its own stack
// grows as Go's stacks did before Go 1.3 and as gccgo's still do: in
// segments. __morestack maps a bigger segment (or reuses the one the
// goroutine used last time), copies the function's stack arguments there,
// runs the rest of the function on it and, when it returns, switches back.
// A goroutine may grow to Go's limit, 1 GB in all, beyond which it is Go's
// fatal "stack overflow". A panic unwinding out of a segment passes a
// landing pad in __morestack that switches back first.
//
// Sizes: goroutines other than main get kStackSize of address space at
// first; extra segments double, from kFirstSegment; the main goroutine gets
// Go's maximum, 1 GB, at once.
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include "runtime/print.h"
#include "runtime/proc_impl.h"
#include "runtime/traceback.h"

namespace csp::rt {

namespace {

constexpr size_t kStackSize = 256 * 1024;
constexpr size_t kStackMargin = 32 * 1024;
constexpr size_t kMainStackSize = size_t(1) << 30;
constexpr size_t kMainStackMargin = 64 * 1024;
constexpr size_t kArenaStacks = 256;  // 64 MB of address space an arena
constexpr size_t kFirstSegment = 2 * kStackSize;
// Small slots: two to a page, all in one reservation (one mapping).
constexpr size_t kSmallMargin = 1024;  // for the runtime's parking paths
constexpr size_t kSmallRegion = size_t(8) << 30;  // 4M slots
constexpr size_t kSmallBatch = 256 * 1024;
std::atomic<char*> small_base{nullptr};
// The lowest word of every small slot: C++ that ran past the margin (a
// runtime bug) wrote over it on its way into the slot below.
constexpr uint64_t kSmallCanary = 0x63737020736c6f74;
char* small_next = nullptr;  // under arena_lock
constexpr size_t kMaxStack = 1000000000;  // Go's limit (runtime.maxstacksize)

Lock arena_lock;
char* main_stack = nullptr;  // reused by later csp_rt_main calls
char* arena_next = nullptr;
char* arena_end = nullptr;

void* reserve(size_t size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

// The slots' reservation, away below the mappings (the collector's heap
// among them), which the kernel places top-down from near 0x7fffffffffff.
// Parked slots are full of pointers into the reservation (saved frame
// pointers); inside the range the collector thinks its heap may grow into,
// each is a false reference it blacklists, and millions of them saturate
// its blacklist: every new heap block looks referenced and the heap grows
// without end. Below the heap they are not even looked at.
char* reserveSmallRegion() {
  for (uintptr_t hint = 0x7e0000000000; hint >= 0x700000000000;
       hint -= 0x10000000000) {
    void* p = mmap(reinterpret_cast<void*>(hint), kSmallRegion,
                   PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                       MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p != MAP_FAILED) return static_cast<char*>(p);
  }
  return static_cast<char*>(reserve(kSmallRegion));
}

}  // namespace

bool stackAlloc(G* g, bool main) {
  char* lo;
  size_t size;
  size_t margin;
  if (main) {
    if (!main_stack) main_stack = static_cast<char*>(reserve(kMainStackSize));
    lo = main_stack;
    size = kMainStackSize;
    margin = kMainStackMargin;
  } else {
    LockGuard guard(&arena_lock);
    if (arena_next == arena_end) {
      auto* a = static_cast<char*>(reserve(kStackSize * kArenaStacks));
      if (!a) return false;
      arena_next = a;
      arena_end = a + kStackSize * kArenaStacks;
    }
    lo = arena_next;
    arena_next += kStackSize;
    // Stack tops kStackSize apart would all fall in the same cache sets:
    // start each stack a few cache lines lower than the last (coloring).
    static uint32_t color = 0;
    size = kStackSize - (color++ % 16) * 64;
    margin = kStackMargin;
  }
  if (!lo) return false;
  g->base_lo = g->stack_lo = lo + margin;  // the guard: below, the margin
  g->base_hi = g->stack_hi = lo + size;
  g->seg = g->segs = nullptr;
  // Fault the top page in here, on the goroutine's creator, as Go's
  // newproc writes the first frame: the M that runs the new goroutine
  // (often another P's, stealing) then finds it ready.
  if (!main) *reinterpret_cast<volatile char*>(g->stack_hi - 64) = 0;
  return true;
}

bool stackAllocSmall(G* g) {
  char* lo;
  {
    LockGuard guard(&arena_lock);
    char* base = small_base.load(std::memory_order_relaxed);
    if (!base) {
      base = reserveSmallRegion();
      if (!base) return false;
      small_next = base;
      small_base.store(base, std::memory_order_release);
    }
    if (small_next + kSmallStack > base + kSmallRegion) return false;
    lo = small_next;
    small_next += kSmallStack;
    // Fault slots in by the batch: one call for 128 of them instead of a
    // page fault for every second one (the kernel still clears each page).
    if ((reinterpret_cast<uintptr_t>(lo) & (kSmallBatch - 1)) == 0)
      madvise(lo, kSmallBatch, MADV_POPULATE_WRITE);
  }
  g->base_lo = g->stack_lo = lo + kSmallMargin;
  g->base_hi = g->stack_hi = lo + kSmallStack;
  g->seg = g->segs = nullptr;
  g->small = true;
  *reinterpret_cast<volatile char*>(g->stack_hi - 64) = 0;
  *reinterpret_cast<uint64_t*>(lo) = kSmallCanary;
  return true;
}

void checkSmallStack(G* g) {
  if (*reinterpret_cast<uint64_t*>(g->base_lo - kSmallMargin) != kSmallCanary)
    fatal("runtime: a small goroutine stack overflowed (runtime bug)");
}

bool onSmallStackAt(uintptr_t sp) {
  char* base = small_base.load(std::memory_order_relaxed);
  return base && sp - reinterpret_cast<uintptr_t>(base) < kSmallRegion;
}

bool onSmallStack() {
  G* g = getg();
  return g && g->small && !g->seg;
}

char* gcStackBottom(M* m, G* g) {
  return g->small && !g->seg && m->altstack_top ? m->altstack_top
                                                : g->stack_hi;
}

void forgetMainStack() { main_stack = nullptr; }

void setStackGuard(G* g) {
  uintptr_t guard = g->is_g0 ? 0 : reinterpret_cast<uintptr_t>(g->stack_lo);
  asm volatile("movq %0, %%fs:0x70" : : "r"(guard) : "memory");
}

namespace {

// A new extra segment of size bytes, its header at the top.
StackSeg* newSegment(size_t size) {
  auto* map = static_cast<char*>(reserve(size));
  if (!map) return nullptr;
  auto top = reinterpret_cast<uintptr_t>(map + size - sizeof(StackSeg));
  auto* s = reinterpret_cast<StackSeg*>(top & ~uintptr_t(63));
  s->map = map;
  s->size = size;
  s->next = nullptr;
  return s;
}

char* segmentTop(StackSeg* s) { return reinterpret_cast<char*>(s); }

void freeSegments(StackSeg* s) {
  while (s) {
    StackSeg* next = s->next;
    munmap(s->map, s->size);
    s = next;
  }
}

}  // namespace

void stackFreeSegments(G* g) {
  if (!g->segs) return;
  g->stack_lo = g->base_lo;
  g->stack_hi = g->base_hi;
  g->seg = nullptr;
  StackSeg* s = g->segs;
  g->segs = nullptr;
  freeSegments(s);
}

// The next segment for a function that wants frame bytes (and args bytes
// of stack arguments copied), or nullptr past Go's limit.
static StackSeg* growSegment(G* g, size_t frame, size_t args) {
  size_t need = frame + args + kStackMargin + 2 * sizeof(StackSeg) + 4096;
  size_t below = g->seg ? g->seg->total
                        : size_t(g->base_hi - g->base_lo) + kStackMargin;
  StackSeg** link = g->seg ? &g->seg->next : &g->segs;
  StackSeg* s = *link;
  if (s && s->size < need) {  // kept from last time, but too small
    *link = nullptr;
    freeSegments(s);
    s = nullptr;
  }
  if (!s) {
    size_t size = g->seg ? 2 * g->seg->size : kFirstSegment;
    size_t page = 4096;
    if (size < need) size = (need + page - 1) / page * page;
    if (below + size > kMaxStack) return nullptr;
    s = newSegment(size);
    if (!s) fatal("runtime: cannot allocate stack segment");
    *link = s;
  }
  s->total = below + s->size;
  return s->total > kMaxStack ? nullptr : s;
}

}  // namespace csp::rt

using namespace csp::rt;

// Go's report of a stack past its limit (its own frame: csp_rt_morestack
// runs in a small slot's margin and must stay lean).
[[noreturn]] __attribute__((noinline)) static void stackOverflow(G* g) {
  if (onSmallStack()) {  // no segment could be had (out of memory)
    writeAll(2, "fatal error: stack overflow\n");
    _exit(2);
  }
  std::string out =
      "runtime: goroutine stack exceeds 1000000000-byte limit\n"
      "fatal error: stack overflow\n\ngoroutine " +
      std::to_string(g ? g->goid : 1) + " [running]:\n";
  uintptr_t pcs[kMaxTracebackFrames];
  int n = captureStack(pcs, kMaxTracebackFrames);
  appendTraceback(&out, pcs, n);
  out += otherGoroutines(g);
  writeAll(2, out);
  _exit(2);
}

namespace {
struct MoreStack {
  char* top;                        // the new segment's top, or nullptr
  std::atomic<uint32_t>* in_switch;  // to clear once on the new stack
};
}  // namespace

// Called by __morestack (below) on the goroutine's current stack, in the
// margin, with the frame size the function wanted, its stack pointer at
// entry, the bytes of its stack arguments and the lowest byte __morestack
// saved. Either sysmon asked the goroutine to yield (the guard word was
// set to the top of memory: there is room below the real limit), and it
// yields and returns {nullptr}, or the segment ran out: the goroutine moves
// to its next segment (returned; the collector's view already follows,
// and the switch is still open: __morestack clears in_switch once on it),
// or, past 1 GB, Go's report.
extern "C" __attribute__((used)) MoreStack csp_rt_morestack(uintptr_t frame,
                                                           uintptr_t sp,
                                                           uintptr_t args,
                                                           char* live) {
  G* g = getg();
  if (g && !g->is_g0 &&
      sp - frame > reinterpret_cast<uintptr_t>(g->stack_lo)) {
    setStackGuard(g);
    preemptPoll();
    return {nullptr, nullptr};
  }
  if (g && !g->is_g0 && !g->is_main) {
    if (StackSeg* s = growSegment(g, frame, args)) {
      M* m = getm();
      char* top = segmentTop(s);
      gcBeginSwitchTo(m, top);
      s->prev = g->seg;
      s->prev_guard = g->stack_lo;
      s->prev_hi = g->stack_hi;
      s->prev_sp = live;
      g->seg = s;
      g->stack_lo = s->map + kStackMargin;
      g->stack_hi = top;
      setStackGuard(g);
      return {top, &m->in_switch};
    }
  }
  stackOverflow(g);
}

// The function that grew returned (or a panic unwinds out of it): back to
// the segment before. Returns the switch flag to clear once there.
extern "C" __attribute__((used)) std::atomic<uint32_t>* csp_rt_lessstack() {
  G* g = getg();
  M* m = getm();
  StackSeg* s = g->seg;
  gcBeginSwitchTo(m, !s->prev && g->small && m->altstack_top ? m->altstack_top
                                                             : s->prev_hi);
  g->stack_lo = s->prev_guard;
  g->stack_hi = s->prev_hi;
  g->seg = s->prev;
  setStackGuard(g);
  return &m->in_switch;
}

// offSmallStack(fn, arg): fn(arg) on the goroutine's next segment. A
// split-stack prologue of our own that always asks __morestack for more
// than a small slot has, so the body runs on a new segment and returns
// (or a panic unwinds) through __morestack's switch back.
extern "C" void csp_rt_off_small(void (*fn)(void*), void* arg);
asm(R"(
  .text
  .type csp_rt_off_small,@function
csp_rt_off_small:
  .cfi_startproc
  movq $8192, %r10
  movq $0, %r11
  call __morestack
  ret
  pushq %rbp
  .cfi_def_cfa_offset 16
  .cfi_offset %rbp, -16
  movq %rdi, %rax
  movq %rsi, %rdi
  call *%rax
  popq %rbp
  .cfi_def_cfa_offset 8
  ret
  .cfi_endproc
  .size csp_rt_off_small, .-csp_rt_off_small
)");

namespace csp::rt {
void offSmallStack(void (*fn)(void*), void* arg) { csp_rt_off_small(fn, arg); }
}  // namespace csp::rt

// The split-stack prologue's slow path: `call __morestack` at the very
// start of a function (r10 = its frame size, r11 = the bytes of its stack
// arguments), followed by a `ret` and the way on into the function.
//
// We keep an rbp frame (the CFA is rbp + 16 throughout, so the unwinder
// walks on into the goroutine's frames: tracebacks, panics) and save the
// argument registers. Then csp_rt_morestack either yields (or dies) and we
// restore them and continue the function one byte past our return address
// (past that `ret`), with the stack as at the function's entry; or it gives
// us a new segment: we copy the stack arguments there, switch to it, call
// the function's body, and when it returns switch back (csp_rt_lessstack)
// and return to that `ret`, which returns to the function's caller.
// A panic unwinding out of the body stops at our landing pad (the C
// personality with a cleanup entry), which switches back the same way and
// resumes unwinding on the old stack.
//
// Frame (rbp-relative): saved rdi -8, rsi -16, rdx -24, rcx -32, r8 -40,
// r9 -48, rax -56, r10 -64, r11 -72, xmm0..7 at -200..-88.
asm(R"(
  .macro csp_load_xmm
  movdqu 0(%rsp), %xmm0
  movdqu 16(%rsp), %xmm1
  movdqu 32(%rsp), %xmm2
  movdqu 48(%rsp), %xmm3
  movdqu 64(%rsp), %xmm4
  movdqu 80(%rsp), %xmm5
  movdqu 96(%rsp), %xmm6
  movdqu 112(%rsp), %xmm7
  .endm
  .text
  .globl __morestack
  .type __morestack,@function
__morestack:
.Lmorestack_begin:
  .cfi_startproc
  .cfi_personality 155, .Lmorestack_personality
  .cfi_lsda 27, .Lmorestack_lsda
  pushq %rbp
  .cfi_def_cfa_offset 16
  .cfi_offset %rbp, -16
  movq %rsp, %rbp
  .cfi_def_cfa_register %rbp
  pushq %rdi
  pushq %rsi
  pushq %rdx
  pushq %rcx
  pushq %r8
  pushq %r9
  pushq %rax
  pushq %r10
  pushq %r11
  subq $128, %rsp
  movdqu %xmm0, 0(%rsp)
  movdqu %xmm1, 16(%rsp)
  movdqu %xmm2, 32(%rsp)
  movdqu %xmm3, 48(%rsp)
  movdqu %xmm4, 64(%rsp)
  movdqu %xmm5, 80(%rsp)
  movdqu %xmm6, 96(%rsp)
  movdqu %xmm7, 112(%rsp)
  movq %r10, %rdi
  leaq 16(%rbp), %rsi
  movq %r11, %rdx
  movq %rsp, %rcx
  call csp_rt_morestack
  testq %rax, %rax
  jnz .Lmorestack_grow
  csp_load_xmm
  addq $128, %rsp
  popq %r11
  popq %r10
  popq %rax
  popq %r9
  popq %r8
  popq %rcx
  popq %rdx
  popq %rsi
  popq %rdi
  popq %rbp
  .cfi_remember_state
  .cfi_def_cfa %rsp, 8
  popq %r11
  .cfi_adjust_cfa_offset -8
  incq %r11
  jmp *%r11
  .cfi_restore_state
.Lmorestack_grow:
  # rax: the new segment's top; rdx: the switch flag to clear once on it.
  movq -72(%rbp), %rcx
  movq %rdx, -72(%rbp)
  movq %rax, %r11
  movq %rcx, %rdx
  addq $15, %rdx
  andq $-16, %rdx
  subq %rdx, %r11
  leaq 24(%rbp), %rsi
  movq %r11, %rdi
  rep movsb
  csp_load_xmm
  movq -8(%rbp), %rdi
  movq -16(%rbp), %rsi
  movq -24(%rbp), %rdx
  movq -32(%rbp), %rcx
  movq -40(%rbp), %r8
  movq -48(%rbp), %r9
  movq -56(%rbp), %rax
  movq -64(%rbp), %r10
  movq %r11, %rsp
  movq -72(%rbp), %r11
  movl $0, (%r11)
  movq 8(%rbp), %r11
  incq %r11
.Lmorestack_call:
  call *%r11
.Lmorestack_called:
  pushq %rax
  pushq %rdx
  subq $32, %rsp
  movdqu %xmm0, 0(%rsp)
  movdqu %xmm1, 16(%rsp)
  call csp_rt_lessstack
  movq %rax, %r11
  movdqu 0(%rsp), %xmm0
  movdqu 16(%rsp), %xmm1
  addq $32, %rsp
  popq %rdx
  popq %rax
  movq %rbp, %rsp
  movl $0, (%r11)
  popq %rbp
  .cfi_def_cfa %rsp, 8
  ret
  .cfi_def_cfa %rbp, 16
.Lmorestack_landing:
  # A panic leaves the body: rax is the exception, rsp on the new segment.
  pushq %rax
  subq $8, %rsp
  call csp_rt_lessstack
  movq %rax, %r11
  movq 8(%rsp), %rdi
  movq %rbp, %rsp
  movl $0, (%r11)
  subq $8, %rsp
  call _Unwind_Resume@PLT
  ud2
.Lmorestack_end:
  .cfi_endproc
  .size __morestack, .-__morestack

  .section .gcc_except_table,"a",@progbits
  .p2align 2
.Lmorestack_lsda:
  .byte 255
  .byte 255
  .byte 1
  .uleb128 .Lmorestack_cs_end-.Lmorestack_cs_begin
.Lmorestack_cs_begin:
  .uleb128 .Lmorestack_call-.Lmorestack_begin
  .uleb128 .Lmorestack_called-.Lmorestack_call
  .uleb128 .Lmorestack_landing-.Lmorestack_begin
  .byte 0
.Lmorestack_cs_end:

  # The personality's address, for the indirect encoding (our own copy:
  # the compiler may emit the usual DW.ref symbol in this file too).
  .section .data.rel.ro,"aw",@progbits
  .p2align 3
.Lmorestack_personality:
  .quad __gcc_personality_v0
  .text
)");
