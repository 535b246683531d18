// Slices: capacities after append match Go 1.19's exactly (the expected
// sequences were printed by Go for the same append loops).
#include "runtime/slice.h"

#include <catch2/catch.hpp>
#include <vector>

#include "tests/unit/runtime/values.h"

using namespace csp;
using namespace csp::test;

namespace {

// Appends one element at a time 2000 times; the distinct capacities seen.
std::vector<int64_t> capsAfterAppends(const CspType* elem) {
  CspSlice s{nullptr, 0, 0};
  std::vector<int64_t> caps;
  for (int64_t i = 0; i < 2000; i++) {
    if (s.len == s.cap)
      csp_rt_growslice(&s, elem, s.data, s.len, s.cap, s.len + 1);
    s.len++;
    if (caps.empty() || caps.back() != s.cap) caps.push_back(s.cap);
  }
  return caps;
}

}  // namespace

TEST_CASE("growslice: capacities as Go's", "[slice]") {
  using V = std::vector<int64_t>;
  CHECK(capsAfterAppends(types().Int()) ==
        V{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560});
  CHECK(capsAfterAppends(types().Uint8()) ==
        V{8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048});
  CHECK(capsAfterAppends(types().String()) ==
        V{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560});
  const CspType* s3 = types().structOf(
      "main.S3",
      {{"a", types().Int()}, {"b", types().Int()}, {"c", types().Int()}});
  CHECK(capsAfterAppends(s3) ==
        V{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 853, 1365, 2048});
  const CspType* s5 = types().structOf("main.S5", {{"a", types().Int32()},
                                                   {"b", types().Int()},
                                                   {"c", types().Int()},
                                                   {"d", types().Bool()}});
  REQUIRE(s5->size == 32);
  CHECK(capsAfterAppends(s5) ==
        V{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 852, 1280, 1792, 2560});
}

TEST_CASE("growslice: appending many at once", "[slice]") {
  CspSlice out;
  void* old = csp_rt_alloc(64);
  // append([]int{1,2,3}, 4,5,6,7): cap 8
  csp_rt_growslice(&out, types().Int(), old, 3, 3, 7);
  CHECK(out.cap == 8);
  // append([]byte("hello"), " world, this is long"...): cap 32
  csp_rt_growslice(&out, types().Uint8(), old, 5, 5, 25);
  CHECK(out.cap == 32);
  // append(make([]int, 5), make([]int, 13)...): cap 18
  csp_rt_growslice(&out, types().Int(), old, 5, 5, 18);
  CHECK(out.cap == 18);
}

TEST_CASE("growslice copies the old elements and zeroes the rest", "[slice]") {
  CspSlice s = sliceOf<int64_t>({7, 8, 9});
  CspSlice out;
  csp_rt_growslice(&out, types().Int(), s.data, s.len, s.cap, 4);
  REQUIRE(out.len == 3);
  auto* p = static_cast<int64_t*>(out.data);
  CHECK(p[0] == 7);
  CHECK(p[2] == 9);
  CHECK(p[3] == 0);
}

TEST_CASE("roundupsize follows Go's size classes", "[slice]") {
  CHECK(rt::roundupsize(1) == 8);
  CHECK(rt::roundupsize(33) == 48);
  CHECK(rt::roundupsize(1025) == 1152);
  CHECK(rt::roundupsize(32768) == 32768);
  CHECK(rt::roundupsize(32769) == 40960);
}
