// Package runtime (the csp package, not this C++ runtime), the C++ half:
// CPU counts (as Go: the CPUs the process may run on; GOMAXPROCS from the
// environment when set) and GC.
#include <sched.h>

#include <cstdlib>

#include "runtime/abi.h"
#include "runtime/gc.h"

extern "C" int64_t csp_runtime_NumCPU(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return 1;
}

extern "C" int64_t csp_runtime_initialProcs(void) {
  if (const char* env = std::getenv("GOMAXPROCS")) {
    long n = std::strtol(env, nullptr, 10);
    if (n > 0) return n;
  }
  return csp_runtime_NumCPU();
}

extern "C" void csp_runtime_GC(void) { csp::rt::gcCollect(); }
