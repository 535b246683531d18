// See crash.h.
#include "tools/crash.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <initializer_list>

namespace csp::cli {

namespace {

// The alternate signal stack: static, so installing it allocates nothing.
alignas(16) char alt_stack[64 * 1024];

void say(const char* s) {
  ssize_t ignored = write(STDERR_FILENO, s, strlen(s));
  (void)ignored;
}

void onCrash(int sig) {
  say("csp: internal compiler error: ");
  switch (sig) {
    case SIGSEGV:
      say("segmentation fault");
      break;
    case SIGBUS:
      say("bus error");
      break;
    case SIGFPE:
      say("arithmetic exception");
      break;
    case SIGILL:
      say("illegal instruction");
      break;
    case SIGABRT:
      say("aborted");
      break;
    default:
      say("fatal signal");
      break;
  }
  say(" (please report it, with the input file)\n");
  _exit(1);
}

}  // namespace

void installCrashHandler() {
  stack_t ss = {};
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof alt_stack;
  sigaltstack(&ss, nullptr);
  struct sigaction sa = {};
  sa.sa_handler = onCrash;
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
    sigaction(sig, &sa, nullptr);
}

}  // namespace csp::cli
