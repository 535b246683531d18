// Goroutine stacks and stack overflow.
//
// A million goroutines must fit in the default vm.max_map_count (65530
// mappings), so a stack cannot be a mapping of its own with a guard page
// (that is two VMAs per stack). Stacks are carved instead from large
// arenas (one mapping for many stacks; adjacent arenas merge), reserved
// with MAP_NORESERVE so only the pages a goroutine touches cost memory,
// and reused with their G (the per-P and global free lists of proc).
//
// Without guard pages, overflow is detected by the code itself: codegen
// gives every function LLVM's "split-stack" prologue, which compares the
// stack pointer (less the frame) with the word at %fs:0x70 (the TCB slot
// glibc reserves for split stacks) and calls __morestack when below it. We
// keep that word at the running goroutine's stack low end plus a margin
// (the runtime's C++ and a signal frame fit in the margin), and our
// __morestack does not grow anything: it is Go's fatal "stack overflow".
//
// Sizes: goroutines other than main get kStackSize of address space; the
// main goroutine gets Go's maximum, 1 GB, so recursion as deep as Go allows
// works there.
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

Lock arena_lock;
char* main_stack = nullptr;  // reused by later csp_rt_main calls
char* arena_next = nullptr;
char* arena_end = nullptr;

void* reserve(size_t size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
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
  g->stack_lo = lo + margin;  // the guard: below it is the margin
  g->stack_hi = lo + size;
  // Fault the top page in here, on the goroutine's creator, as Go's
  // newproc writes the first frame: the M that runs the new goroutine
  // (often another P's, stealing) then finds it ready.
  if (!main) *reinterpret_cast<volatile char*>(g->stack_hi - 64) = 0;
  return true;
}

void forgetMainStack() { main_stack = nullptr; }

void setStackGuard(G* g) {
  uintptr_t guard = g->is_g0 ? 0 : reinterpret_cast<uintptr_t>(g->stack_lo);
  asm volatile("movq %0, %%fs:0x70" : : "r"(guard) : "memory");
}

}  // namespace csp::rt

using namespace csp::rt;

// Called by __morestack (below) on the goroutine's own stack, in the
// margin, with the frame size the function wanted and its stack pointer at
// entry. Either sysmon asked the goroutine to yield (the guard word was set
// to the top of memory: there is room below the real limit), and it yields
// and returns, or the stack really ran out: Go's report.
extern "C" __attribute__((used)) void csp_rt_morestack(uintptr_t frame,
                                                      uintptr_t sp) {
  G* g = getg();
  if (g && !g->is_g0 &&
      sp - frame > reinterpret_cast<uintptr_t>(g->stack_lo)) {
    setStackGuard(g);
    preemptPoll();
    return;
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

// The split-stack prologue's slow path: `call __morestack` at the very
// start of a function (r10 = its frame size), followed by a `ret` and the
// way on into the function. We save the argument registers, let
// csp_rt_morestack yield or die, restore them and continue the function
// one byte past our return address (past that `ret`), with the stack as at
// the function's entry. The CFI lets the unwinder walk on into the
// goroutine's frames (tracebacks, and a REPL interrupt that unwinds).
asm(R"(
  .text
  .globl __morestack
  .type __morestack,@function
__morestack:
  .cfi_startproc
  pushq %rdi
  .cfi_adjust_cfa_offset 8
  pushq %rsi
  .cfi_adjust_cfa_offset 8
  pushq %rdx
  .cfi_adjust_cfa_offset 8
  pushq %rcx
  .cfi_adjust_cfa_offset 8
  pushq %r8
  .cfi_adjust_cfa_offset 8
  pushq %r9
  .cfi_adjust_cfa_offset 8
  pushq %rax
  .cfi_adjust_cfa_offset 8
  pushq %r10
  .cfi_adjust_cfa_offset 8
  subq $128, %rsp
  .cfi_adjust_cfa_offset 128
  movdqu %xmm0, 0(%rsp)
  movdqu %xmm1, 16(%rsp)
  movdqu %xmm2, 32(%rsp)
  movdqu %xmm3, 48(%rsp)
  movdqu %xmm4, 64(%rsp)
  movdqu %xmm5, 80(%rsp)
  movdqu %xmm6, 96(%rsp)
  movdqu %xmm7, 112(%rsp)
  movq %r10, %rdi
  leaq 200(%rsp), %rsi
  call csp_rt_morestack
  movdqu 0(%rsp), %xmm0
  movdqu 16(%rsp), %xmm1
  movdqu 32(%rsp), %xmm2
  movdqu 48(%rsp), %xmm3
  movdqu 64(%rsp), %xmm4
  movdqu 80(%rsp), %xmm5
  movdqu 96(%rsp), %xmm6
  movdqu 112(%rsp), %xmm7
  addq $128, %rsp
  .cfi_adjust_cfa_offset -128
  popq %r10
  .cfi_adjust_cfa_offset -8
  popq %rax
  .cfi_adjust_cfa_offset -8
  popq %r9
  .cfi_adjust_cfa_offset -8
  popq %r8
  .cfi_adjust_cfa_offset -8
  popq %rcx
  .cfi_adjust_cfa_offset -8
  popq %rdx
  .cfi_adjust_cfa_offset -8
  popq %rsi
  .cfi_adjust_cfa_offset -8
  popq %rdi
  .cfi_adjust_cfa_offset -8
  popq %r11
  .cfi_adjust_cfa_offset -8
  incq %r11
  jmp *%r11
  .cfi_endproc
  .size __morestack, .-__morestack
)");
