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
// margin: Go's report for a runaway recursion.
extern "C" [[noreturn]] __attribute__((used)) void csp_rt_morestack() {
  G* g = getg();
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

// The split-stack prologue's slow path. Entered by a call at the very start
// of a function (CFA = rsp + 8, as at any function entry), so the unwinder
// can walk on into the overflowing goroutine's frames for the traceback.
asm(R"(
  .text
  .globl __morestack
  .type __morestack,@function
__morestack:
  .cfi_startproc
  call csp_rt_morestack
  ud2
  .cfi_endproc
  .size __morestack, .-__morestack
)");
