// Strings: concatenation, comparison, UTF-8 conversions, print builtins'
// float format.
#include <catch2/catch.hpp>

#include "runtime/print.h"
#include "tests/unit/runtime/values.h"

using namespace csp;
using namespace csp::test;

TEST_CASE("strings: concat, compare, runes", "[string]") {
  CspString a = str("héllo"), b = str(", 世界");
  CspString c = csp_rt_concat(a.data, a.len, b.data, b.len);
  CHECK(toStd(c) == "héllo, 世界");
  CspString parts[3] = {str("a"), str(""), str("bc")};
  CHECK(toStd(csp_rt_concatn(parts, 3)) == "abc");
  CHECK(csp_rt_strcmp(a.data, a.len, b.data, b.len) > 0);
  CHECK(csp_rt_strcmp(parts[0].data, 1, parts[2].data, 2) < 0);
  CHECK(csp_rt_streq(a.data, a.len, c.data, a.len));
  CspPair r = csp_rt_decoderune(a.data, a.len, 1);
  CHECK(r.a == 0xE9);
  CHECK(r.b == 3);
  uint8_t bad[2] = {0xFF, 'x'};
  r = csp_rt_decoderune(bad, 2, 0);
  CHECK(r.a == 0xFFFD);
  CHECK(r.b == 1);
  CHECK(toStd(csp_rt_intstring(0x4E16)) == "世");
  CHECK(toStd(csp_rt_intstring(-1)) == "\xEF\xBF\xBD");
  CspSlice runes;
  CspString w = str("a世b");
  csp_rt_stringtoslicerune(&runes, w.data, w.len);
  REQUIRE(runes.len == 3);
  CHECK(static_cast<int32_t*>(runes.data)[1] == 0x4E16);
  CHECK(toStd(csp_rt_slicerunetostring(static_cast<int32_t*>(runes.data),
                                       runes.len)) == "a世b");
  CspSlice bytes;
  csp_rt_stringtoslicebyte(&bytes, w.data, w.len);
  CHECK(bytes.len == 5);
  CHECK(bytes.cap == 8);
}

TEST_CASE("print: floats as Go's runtime print", "[print]") {
  auto f = [](double v) {
    std::string s;
    rt::formatPrintFloat(&s, v);
    return s;
  };
  CHECK(f(3.5) == "+3.500000e+000");
  CHECK(f(-1) == "-1.000000e+000");
  CHECK(f(1e21) == "+1.000000e+021");
  CHECK(f(0) == "+0.000000e+000");
  CHECK(f(0.1f) == "+1.000000e-001");
}
