// Fatal signals. Generated code checks nil pointers, bounds and divisors
// itself, so a SIGSEGV is either a stack overflow (a runaway recursion
// reached the guard page below the goroutine's stack) or a fault the
// checks missed. Either way we print what Go prints and exit 2:
//
//   runtime: goroutine stack exceeds 1000000000-byte limit
//   fatal error: stack overflow
//
// or Go's nil-dereference panic with its [signal SIGSEGV ...] line (which
// cannot be recovered here: unwinding out of a signal handler is not
// supported). The handler runs on an alternate signal stack (the faulting
// stack has no room left) and only uses async-signal-safe calls.
#include "runtime/signal.h"

#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace csp::rt {

namespace {

thread_local uintptr_t stack_lo, stack_hi;

void say(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  ssize_t r = write(2, s, n);
  (void)r;
}

void sayHex(uintptr_t v) {
  char buf[20];
  int i = sizeof buf;
  buf[--i] = 0;
  do {
    buf[--i] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  buf[--i] = 'x';
  buf[--i] = '0';
  say(buf + i);
}

void onFatalSignal(int sig, siginfo_t* info, void* ctx) {
  auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  // Within 1 MiB below the stack's low end (the guard region) or in its
  // lowest 64 KiB: the stack ran out.
  if (stack_lo && addr + (1u << 20) >= stack_lo &&
      addr < stack_lo + (1u << 16)) {
    say("runtime: goroutine stack exceeds 1000000000-byte limit\n");
    say("fatal error: stack overflow\n\ngoroutine 1 "
        "[running]:\nmain.main()\n\t???\n");
    _exit(2);
  }
  say("panic: runtime error: invalid memory address or nil pointer "
      "dereference\n");
  say(sig == SIGBUS ? "[signal SIGBUS: bus error code="
                    : "[signal SIGSEGV: segmentation violation code=");
  sayHex(static_cast<uintptr_t>(info->si_code));
  say(" addr=");
  sayHex(addr);
  say(" pc=0x0]\n\ngoroutine 1 [running]:\nmain.main()\n\t???\n");
  _exit(2);
}

}  // namespace

char* installSignalHandlers(void* lo, void* hi) {
  stack_lo = reinterpret_cast<uintptr_t>(lo);
  stack_hi = reinterpret_cast<uintptr_t>(hi);
  // The alternate stack lives as long as the thread (malloc: not GC).
  stack_t ss{};
  ss.ss_size = 64 * 1024;
  ss.ss_sp = std::malloc(ss.ss_size);
  if (ss.ss_sp && sigaltstack(&ss, nullptr) != 0) {
    std::free(ss.ss_sp);
    ss.ss_sp = nullptr;
  }
  struct sigaction sa {};
  sa.sa_sigaction = onFatalSignal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, nullptr);
  sigaction(SIGBUS, &sa, nullptr);
  return ss.ss_sp ? static_cast<char*>(ss.ss_sp) + ss.ss_size : nullptr;
}

}  // namespace csp::rt
