// Package runtime (the csp package, not this C++ runtime), the C++ half:
// the scheduler's knobs and counters (runtime/sched.h) and GC.
#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/sched.h"

namespace csp::rt {
int64_t numCPU();
}

extern "C" int64_t csp_runtime_NumCPU(void) { return csp::rt::numCPU(); }

extern "C" int64_t csp_runtime_GOMAXPROCS(int64_t n) {
  return csp::rt::setMaxProcs(n);
}

extern "C" int64_t csp_runtime_NumGoroutine(void) {
  return csp::rt::numGoroutine();
}

extern "C" void csp_runtime_Gosched(void) { csp::rt::gosched(); }

extern "C" void csp_runtime_GC(void) { csp::rt::gcCollect(); }

extern "C" int64_t csp_runtime_debug_SetMaxThreads(int64_t n) {
  return csp::rt::setMaxThreads(n);
}
