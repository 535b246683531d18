// Slices: csp_rt_growslice and csp_rt_makeslice, as Go 1.19's growslice
// and makeslice, so that cap() after append is exactly Go's.
//
// Go rounds every allocation up to a malloc size class (sizeclasses.go)
// and growslice hands the rounded-up room to the slice; we allocate from
// Boehm GC but compute capacities with Go's size-class table.
#include "runtime/slice.h"

#include <cstring>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/panic.h"

namespace csp::rt {

namespace {

// Go 1.19's class_to_size (runtime/sizeclasses.go), classes 1..67.
constexpr int64_t kClassToSize[] = {
    8,     16,    24,    32,    48,    64,    80,    96,    112,   128,
    144,   160,   176,   192,   208,   224,   240,   256,   288,   320,
    352,   384,   416,   448,   480,   512,   576,   640,   704,   768,
    896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304,  2688,
    3072,  3200,  3456,  4096,  4864,  5376,  6144,  6528,  6784,  6912,
    8192,  9472,  9728,  10240, 10880, 12288, 13568, 14336, 16384, 18432,
    19072, 20480, 21760, 24576, 27264, 28672, 32768};

constexpr int64_t kMaxSmallSize = 32768;
constexpr int64_t kPageSize = 8192;
// As Go's maxAlloc on 64-bit Linux (48-bit address space).
constexpr int64_t kMaxAlloc = int64_t(1) << 47;

}  // namespace

int64_t roundupsize(int64_t size) {
  if (size <= kMaxSmallSize) {
    // The classes are sorted: a binary search finds the smallest fit.
    int lo = 0, hi = static_cast<int>(std::size(kClassToSize)) - 1;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (kClassToSize[mid] >= size)
        hi = mid;
      else
        lo = mid + 1;
    }
    return kClassToSize[lo];
  }
  if (size + kPageSize < size) return size;
  return (size + kPageSize - 1) / kPageSize * kPageSize;
}

// As Go 1.19's growslice: the new capacity for a slice of cap old_cap that
// must hold newlen elements of elem_size bytes.
static int64_t growCap(int64_t elem_size, int64_t old_cap, int64_t newlen) {
  int64_t newcap = old_cap;
  int64_t doublecap = newcap + newcap;
  if (newlen > doublecap) {
    newcap = newlen;
  } else {
    const int64_t threshold = 256;
    if (old_cap < threshold) {
      newcap = doublecap;
    } else {
      // Transition from growing 2x for small slices to 1.25x for large
      // ones, smoothly.
      while (0 < newcap && newcap < newlen)
        newcap += (newcap + 3 * threshold) / 4;
      if (newcap <= 0) newcap = newlen;
    }
  }
  if (newcap > kMaxAlloc / elem_size)
    panicErrorString("growslice: len out of range");
  int64_t capmem = roundupsize(newcap * elem_size);
  return capmem / elem_size;
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void csp_rt_growslice(CspSlice* out, const CspType* elem, void* data,
                                 int64_t len, int64_t cap, int64_t newlen) {
  if (newlen < 0) panicErrorString("growslice: len out of range");
  int64_t size = elem->size;
  if (size == 0) {
    // As Go: zero-sized elements need no memory, only a non-nil pointer.
    static char zerobase;
    *out = CspSlice{&zerobase, len, newlen};
    return;
  }
  int64_t newcap = growCap(size, cap, newlen);
  size_t bytes = static_cast<size_t>(newcap * size);
  void* p =
      (elem->flags & CSP_TF_NOPTR) ? gcAllocNoscan(bytes) : gcAlloc(bytes);
  if (len > 0) std::memcpy(p, data, static_cast<size_t>(len * size));
  *out = CspSlice{p, len, newcap};
}

extern "C" void* csp_rt_makeslice(const CspType* elem, int64_t len,
                                  int64_t cap) {
  int64_t size = elem->size;
  auto tooBig = [&](int64_t n) {
    return n < 0 || (size > 0 && n > kMaxAlloc / size);
  };
  if (tooBig(cap) || len < 0 || len > cap) {
    if (tooBig(len)) panicErrorString("makeslice: len out of range");
    panicErrorString("makeslice: cap out of range");
  }
  if (size == 0 || cap == 0) {
    static char zerobase;
    return &zerobase;
  }
  size_t bytes = static_cast<size_t>(cap * size);
  return (elem->flags & CSP_TF_NOPTR) ? gcAllocNoscan(bytes) : gcAlloc(bytes);
}
