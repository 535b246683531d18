// The program's life: csp_rt_main runs the entry function on the main
// goroutine and turns an unrecovered panic into Go's report and exit
// status 2; os.Exit; fatal errors; the preemption poll.
//
// The main goroutine runs on a thread of its own with a 1 GB stack (Go's
// maximum goroutine stack), reserved lazily, so deep recursion works as in
// Go and a runaway one meets signal.cpp's "stack overflow" report.
// The scheduler issue replaces this with "start the Ps, run entry as
// goroutine 1, exit when it returns"; the panic report and the exit
// statuses stay as they are.
#include "runtime/proc.h"

#include <gc/gc.h>
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include "runtime/gc.h"
#include "runtime/iface.h"
#include "runtime/panic.h"
#include "runtime/print.h"
#include "runtime/proc_impl.h"
#include "runtime/signal.h"
#include "runtime/string.h"
#include "runtime/traceback.h"

namespace csp::rt {

namespace {
CspSlice* program_args;  // GC root (gcAllocRoot)
}

void setProgramArgs(int argc, char** argv) {
  if (!program_args)
    program_args = static_cast<CspSlice*>(gcAllocRoot(sizeof(CspSlice)));
  auto* v = static_cast<CspString*>(
      gcAlloc(sizeof(CspString) * (argc > 0 ? argc : 1)));
  for (int i = 0; i < argc; i++) v[i] = makeString(argv[i]);
  *program_args = CspSlice{v, argc, argc};
}

CspSlice programArgs() {
  if (!program_args) return CspSlice{nullptr, 0, 0};
  return *program_args;
}

// As Go's printanycustomtype and printpanicval.
static void printPanicValue(std::string* out, CspIface v) {
  auto* t = static_cast<const CspType*>(v.tab);
  if (!t) {
    *out += "nil";
    return;
  }
  const void* p = ifaceValuePtr(t, &v.data);
  const CspMethod* m = stringMethod(t, "Error");
  if (!m) m = stringMethod(t, "String");
  if (m) {
    *out += view(callStringMethod(m, v.data));
    return;
  }
  bool named = t->flags & CSP_TF_NAMED;
  std::string val;
  switch (t->kind) {
    case CSP_KIND_BOOL:
      val = *static_cast<const uint8_t*>(p) ? "true" : "false";
      break;
    case CSP_KIND_INT:
    case CSP_KIND_INT64:
      val = std::to_string(*static_cast<const int64_t*>(p));
      break;
    case CSP_KIND_INT32:
      val = std::to_string(*static_cast<const int32_t*>(p));
      break;
    case CSP_KIND_INT16:
      val = std::to_string(*static_cast<const int16_t*>(p));
      break;
    case CSP_KIND_INT8:
      val = std::to_string(*static_cast<const int8_t*>(p));
      break;
    case CSP_KIND_UINT:
    case CSP_KIND_UINT64:
    case CSP_KIND_UINTPTR:
      val = std::to_string(*static_cast<const uint64_t*>(p));
      break;
    case CSP_KIND_UINT32:
      val = std::to_string(*static_cast<const uint32_t*>(p));
      break;
    case CSP_KIND_UINT16:
      val = std::to_string(*static_cast<const uint16_t*>(p));
      break;
    case CSP_KIND_UINT8:
      val = std::to_string(*static_cast<const uint8_t*>(p));
      break;
    case CSP_KIND_FLOAT64:
      formatPrintFloat(&val, *static_cast<const double*>(p));
      break;
    case CSP_KIND_FLOAT32:
      formatPrintFloat(&val, *static_cast<const float*>(p));
      break;
    case CSP_KIND_STRING:
      val = view(*static_cast<const CspString*>(p));
      if (named) val = "\"" + val + "\"";
      break;
    default: {
      char buf[40];
      snprintf(buf, sizeof buf, "0x%llx",
               reinterpret_cast<unsigned long long>(v.data));
      *out += std::string("(") + t->name + ") " + buf;
      return;
    }
  }
  *out += named ? std::string(t->name) + "(" + val + ")" : val;
}

// As Go's printpanics: oldest first, nested ones indented.
static void printPanicChain(std::string* out, Panic* p) {
  if (p->link) {
    printPanicChain(out, p->link);
    *out += "\t";
  }
  *out += "panic: ";
  printPanicValue(out, p->value);
  if (p->recovered) *out += " [recovered]";
  *out += "\n";
}

static void printGoroutineHeader(std::string* out, G* g,
                                 const char* state = "running") {
  *out +=
      "\ngoroutine " + std::to_string(g ? g->goid : 1) + " [" + state + "]:\n";
  appendGoroutineTraceback(out, g);
}

void printPanics(G* g) { writeAll(2, panicReport(g)); }

std::string panicReport(G* g) {
  std::string out;
  if (g->panic) {
    printPanicChain(&out, g->panic);
    bool sigsegv = false;
    for (Panic* p = g->panic; p; p = p->link) sigsegv |= p->sigsegv;
    if (sigsegv)
      out +=
          "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n";
  }
  printGoroutineHeader(&out, g);
  return out;
}

void fatal(const char* msg) {
  if (onSmallStack()) offSmallStack([&] { fatal(msg); });
  std::string out = std::string("fatal error: ") + msg + "\n";
  printGoroutineHeader(&out, getg());
  if (sched.started.load()) out += otherGoroutines(getg());
  writeAll(2, out);
  _exit(2);
}

void fatalBlocked(const char* msg, const char* state) {
  if (onSmallStack()) offSmallStack([&] { fatalBlocked(msg, state); });
  std::string out = std::string("fatal error: ") + msg + "\n";
  printGoroutineHeader(&out, getg(), state);
  writeAll(2, out);
  _exit(2);
}

bool runGoroutine(G* g, void (*entry)(void*), void* arg) {
  try {
    entry(arg);
    return true;
  } catch (Panic* p) {
    if (!p->interrupt) {
      if (onSmallStack())
        offSmallStack([&] { printPanics(g); });
      else
        printPanics(g);
    }
  } catch (...) {
    std::string out = "panic: C++ exception\n";
    printGoroutineHeader(&out, g);
    writeAll(2, out);
  }
  return false;
}

}  // namespace csp::rt

using namespace csp::rt;

namespace {

bool main_returns = false;

struct MainArgs {
  void (*entry)(void);
  Note done;
  int status;
};

// The input runInput waits for (null when none).
std::atomic<MainArgs*> current_input{nullptr};

// The main goroutine's body: package init and main.main; then, as in Go,
// the program ends (csp_rt_main wakes up).
void mainBody(void* p) {
  auto* args = static_cast<MainArgs*>(p);
  args->entry();
  // Not if this input was given up on (REPL: deadlock, interrupt).
  MainArgs* expect = args;
  if (!current_input.compare_exchange_strong(expect, nullptr)) return;
  args->status = 0;
  sched.main_done.store(true);
  args->done.wakeup();
}

void callClosure(void* closure) {
  reinterpret_cast<void (*)(void*)>(*static_cast<void**>(closure))(closure);
}

// Starts the scheduler (once), runs entry as goroutine 1 and waits for it
// to return (0), panic (2, reported) or be given up on (REPL).
int runAsMain(void (*entry)(void)) {
  schedInit();
  auto* args = static_cast<MainArgs*>(gcAllocRoot(sizeof(MainArgs)));
  new (args) MainArgs();
  args->entry = entry;
  args->status = 2;
  current_input.store(args);
  startMain(mainBody, args);
  args->done.sleep();
  return args->status;  // args is not freed: a given-up input may use it
}

}  // namespace

namespace csp::rt {
void setMainReturns(bool on) { main_returns = on; }
}  // namespace csp::rt

// Starts the scheduler (once), runs entry as goroutine 1 and waits for it.
// A panic in any goroutine has already ended the process with status 2.
extern "C" int csp_rt_main(void (*entry)(void), int argc, char** argv) {
  gcInit();
  setProgramArgs(argc, argv);
  int status = runAsMain(entry);
  if (!main_returns) {
    // Go ends the program the moment main returns, whatever other
    // goroutines are doing.
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(status);
  }
  return status;
}

namespace csp::rt {

int runInput(void (*entry)(void)) {
  gcInit();
  sched.repl.store(true);
  return runAsMain(entry);
}

// The running input ended without returning (a panic, a deadlock, an
// interrupt): runInput returns status.
void endInput(int status) {
  MainArgs* args = current_input.exchange(nullptr);
  if (!args) return;
  args->status = status;
  sched.main_done.store(true);
  args->done.wakeup();
}

}  // namespace csp::rt

extern "C" void csp_rt_exit(int64_t code) {
  std::fflush(stdout);
  _exit(static_cast<int>(code));
}

extern "C" void csp_rt_poll(void) { preemptPoll(); }

extern "C" void csp_rt_go(void* closure) {
  newproc(callClosure, closure,
          reinterpret_cast<uintptr_t>(__builtin_return_address(0)));
}

// As csp_rt_go, for a goroutine whose code calls only the runtime's
// parking paths (codegen checks): it starts on a small stack slot.
extern "C" void csp_rt_go_small(void* closure) {
  newproc(callClosure, closure,
          reinterpret_cast<uintptr_t>(__builtin_return_address(0)), true);
}
