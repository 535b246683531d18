// The collector: allocating far more than is live stays in bounded memory.
#include "runtime/gc.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>

#include "runtime/abi.h"

namespace {
// Resident set size in MB (from /proc/self/statm).
long rssMB() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return resident * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}
}  // namespace

TEST_CASE("gc: 2 GB allocated in a loop, little live, RSS stays small",
          "[gc]") {
  csp::rt::gcInit();
  void* volatile keep = nullptr;
  const int64_t total = int64_t(2) << 30;
  int64_t done = 0;
  int i = 0;
  while (done < total) {
    // A mix: small scanned objects linking to the previous one (a short
    // chain stays live), and big noscan buffers.
    if (i++ % 2 == 0) {
      auto** p = static_cast<void**>(csp_rt_alloc(64));
      p[0] = (i % 100 == 0) ? nullptr : keep;
      keep = p;
      done += 64 * 1000;
      for (int k = 0; k < 1000; k++) csp_rt_alloc(64);
    } else {
      csp_rt_alloc_noscan(1 << 20);
      done += 1 << 20;
    }
  }
  CHECK(rssMB() < 200);
}

TEST_CASE("gc: memory is zeroed", "[gc]") {
  for (int i = 0; i < 100; i++) {
    auto* p = static_cast<unsigned char*>(csp_rt_alloc_noscan(4096));
    for (int k = 0; k < 4096; k++) REQUIRE(p[k] == 0);
    std::memset(p, 0xFF, 4096);
    auto* q = static_cast<unsigned char*>(csp_rt_alloc(4096));
    for (int k = 0; k < 4096; k++) REQUIRE(q[k] == 0);
    std::memset(q, 0xFF, 4096);
  }
}
