// fmt: values printed through their type descriptors, compared with what
// Go 1.19 prints for the same calls (expected strings come from Go).
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/unit/runtime/values.h"

extern "C" CspString csp_fmt_Sprintf(const uint8_t* f, int64_t flen,
                                     CspIface* a, int64_t n, int64_t cap);
extern "C" CspString csp_fmt_Sprint(CspIface* a, int64_t n, int64_t cap);
extern "C" CspString csp_fmt_Sprintln(CspIface* a, int64_t n, int64_t cap);

using namespace csp;
using namespace csp::test;

namespace {

std::string sprintf(const std::string& f, std::vector<CspIface> a) {
  CspString r = csp_fmt_Sprintf(reinterpret_cast<const uint8_t*>(f.data()),
                                static_cast<int64_t>(f.size()), a.data(),
                                static_cast<int64_t>(a.size()),
                                static_cast<int64_t>(a.size()));
  return toStd(r);
}

struct P {
  int64_t X;
  CspString S;
};

const CspType* typeP() {
  static const CspType* t = types().structOf(
      "main.P", {{"X", types().Int()}, {"S", types().String()}});
  return t;
}

CspIface anyP(int64_t x, const char* s) { return box(typeP(), P{x, str(s)}); }

CspIface anyIntSlice(std::vector<int64_t> v, bool nil = false) {
  static const CspType* t = types().slice(types().Int());
  return box(t, nil ? CspSlice{nullptr, 0, 0} : sliceOf(v));
}

template <class K, class V>
CspIface anyMap(const CspType* mt, std::vector<std::pair<K, V>> kv) {
  void* m = csp_rt_makemap(mt, 0);
  for (auto& [k, v] : kv) *static_cast<V*>(csp_rt_mapassign(mt, m, &k)) = v;
  return box(mt, m);
}

const CspType* mapStringInt() {
  static const CspType* t = types().map(types().String(), types().Int());
  return t;
}

}  // namespace

TEST_CASE("fmt: integers, floats, strings and flags", "[fmt]") {
  const CspType* u8 = types().Uint8();
  CHECK(sprintf("%d %d %d", {anyInt(42), anyInt(-7), box(u8, uint8_t(200))}) ==
        "42 -7 200");
  CHECK(sprintf("%v %v %v %v", {anyFloat(1.0), anyFloat(2.5), anyFloat(1e21),
                                anyFloat(1e-7)}) == "1 2.5 1e+21 1e-07");
  CHECK(sprintf("%f %.2f %.0f %e %g",
                {anyFloat(3.14159), anyFloat(2.5), anyFloat(2.5),
                 anyFloat(1234.5678), anyFloat(0.000012)}) ==
        "3.141590 2.50 2 1.234568e+03 1.2e-05");
  CHECK(sprintf("%5d|%-5d|%05d|%+d|%x|%o|%b|%#x",
                {anyInt(42), anyInt(42), anyInt(42), anyInt(42), anyInt(255),
                 anyInt(8), anyInt(5), anyInt(255)}) ==
        "   42|42   |00042|+42|ff|10|101|0xff");
  CHECK(sprintf("%6.2f|%-8.3s|%8s|%.1e", {anyFloat(3.14159), anyStr("abcdef"),
                                          anyStr("hi"), anyFloat(12345.678)}) ==
        "  3.14|abc     |      hi|1.2e+04");
  CHECK(sprintf("%v %v", {anyFloat(std::copysign(0.0, -1.0)),
                          anyFloat(INFINITY)}) == "-0 +Inf");
  CHECK(sprintf("%x %08.3f", {anyInt(-1), anyFloat(-3.14159)}) ==
        "-1 -003.142");
  CHECK(sprintf("%t %v", {anyBool(true), anyBool(false)}) == "true false");
  CHECK(sprintf("%g %g %v %v", {anyFloat(100000.0), anyFloat(1e6),
                                anyFloat(123456789.0), anyFloat(0.0001)}) ==
        "100000 1e+06 1.23456789e+08 0.0001");
  CHECK(sprintf("%.3g %.10g %g %v", {anyFloat(3.14159), anyFloat(1.0 / 3),
                                     anyFloat(1e-5), anyFloat(1e20)}) ==
        "3.14 0.3333333333 1e-05 1e+20");
  const CspType* f32 = types().Float32();
  CHECK(sprintf("%v %v", {box(f32, 0.1f), box(f32, 1.0f / 3)}) ==
        "0.1 0.33333334");
  CHECK(sprintf("%q %x %X % x",
                {anyStr("hi\n"), anyStr("hi"),
                 box(types().slice(u8), sliceOf<uint8_t>({1, 171})),
                 anyStr("abc")}) == "\"hi\\n\" 6869 01AB 61 62 63");
  const CspType* i32 = types().Int32();
  CHECK(sprintf("%c %U %#U %q",
                {box(i32, int32_t('A')), box(i32, int32_t('A')),
                 box(i32, int32_t(0x4E16)), box(i32, int32_t('x'))}) ==
        "A U+0041 U+4E16 '世' 'x'");
}

TEST_CASE("fmt: composite values", "[fmt]") {
  CHECK(sprintf("%v %+v %#v", {anyP(1, "a"), anyP(1, "a"), anyP(1, "a")}) ==
        "{1 a} {X:1 S:a} main.P{X:1, S:\"a\"}");
  P* p = static_cast<P*>(csp_rt_alloc(sizeof(P)));
  *p = P{2, str("b")};
  CHECK(sprintf("%v", {box(types().pointer(typeP()), p)}) == "&{2 b}");
  CHECK(sprintf("%v %d", {anyIntSlice({1, 2, 3}), anyIntSlice({})}) ==
        "[1 2 3] []");
  CHECK(sprintf("%v", {anyMap<CspString, int64_t>(
                          mapStringInt(),
                          {{str("b"), 2}, {str("a"), 1}, {str("c"), 3}})}) ==
        "map[a:1 b:2 c:3]");
  const CspType* mis = types().map(types().Int(), types().String());
  CHECK(
      sprintf("%v", {anyMap<int64_t, CspString>(
                        mis, {{3, str("c")}, {1, str("a")}, {2, str("b")}})}) ==
      "map[1:a 2:b 3:c]");
  CHECK(sprintf("%T %T %T %T",
                {anyInt(1), anyStr("s"), anyIntSlice({}, true),
                 anyMap<CspString, int64_t>(mapStringInt(), {})}) ==
        "int string []int map[string]int");
  CHECK(sprintf("%v %v", {nilAny(), box(types().slice(types().Uint8()),
                                        sliceOf<uint8_t>({65, 66}))}) ==
        "<nil> [65 66]");
  const CspType* ss = types().slice(types().String());
  CHECK(sprintf("%v %q", {box(ss, sliceOf<CspString>({str("a"), str("b")})),
                          box(ss, sliceOf<CspString>({str("a"), str("b")}))}) ==
        "[a b] [\"a\" \"b\"]");
  const CspType* arr = types().array(types().Bool(), 3);
  uint8_t bools[3] = {1, 0, 1};
  CHECK(sprintf("%v", {box(arr, bools)}) == "[true false true]");
  const CspType* msb = types().map(types().String(), types().Bool());
  const CspType* in = types().structOf(
      "main.In", {{"A", types().slice(types().Int())}, {"M", msb}});
  struct In {
    CspSlice a;
    void* m;
  };
  void* m = csp_rt_makemap(msb, 0);
  CspString z = str("z"), y = str("y");
  *static_cast<uint8_t*>(csp_rt_mapassign(msb, m, &z)) = 1;
  *static_cast<uint8_t*>(csp_rt_mapassign(msb, m, &y)) = 0;
  CHECK(sprintf("%v %+v", {box(in, In{sliceOf<int64_t>({1}), m}),
                           box(in, In{{nullptr, 0, 0}, nullptr})}) ==
        "{[1] map[y:false z:true]} {A:[] M:map[]}");
  CHECK(sprintf("%#v %#v %#v",
                {anyIntSlice({1}),
                 anyMap<CspString, int64_t>(mapStringInt(), {{str("a"), 1}}),
                 anyStr("q")}) == "[]int{1} map[string]int{\"a\":1} \"q\"");
  const CspType* sa = types().slice(types().Any());
  CHECK(
      sprintf("%v", {box(sa, sliceOf<CspIface>({anyInt(1), anyStr("a"),
                                                nilAny(), anyFloat(2.5)}))}) ==
      "[1 a <nil> 2.5]");
}

TEST_CASE("fmt: verb errors, missing and extra operands, indexes", "[fmt]") {
  CHECK(sprintf("%d", {anyStr("hi")}) == "%!d(string=hi)");
  CHECK(sprintf("%d %d", {anyInt(1)}) == "1 %!d(MISSING)");
  CHECK(sprintf("%d", {anyInt(1), anyInt(2)}) == "1%!(EXTRA int=2)");
  CHECK(sprintf("%!%z %", {anyInt(1)}) == "%!!(int=1)%!z(MISSING) %!(NOVERB)");
  CHECK(sprintf("%[2]d %[1]d", {anyInt(1), anyInt(2)}) == "2 1");
  CHECK(sprintf("%*d|%.*f", {anyInt(5), anyInt(1), anyInt(2),
                             anyFloat(3.14159)}) == "    1|3.14");
  CHECK(sprintf("%s", {anyInt(42)}) == "%!s(int=42)");
}

TEST_CASE("fmt: Sprint and Sprintln spacing", "[fmt]") {
  std::vector<CspIface> a = {anyStr("a"), anyInt(1),     anyInt(2),
                             anyStr("b"), anyFloat(3.5), anyBool(true)};
  CHECK(toStd(csp_fmt_Sprint(a.data(), 6, 6)) == "a1 2b3.5 true");
  std::vector<CspIface> b = {anyStr("x"), anyInt(1), nilAny()};
  CHECK(toStd(csp_fmt_Sprintln(b.data(), 3, 3)) == "x 1 <nil>\n");
}

namespace {
CspString celsiusString(void* data) {
  double v = *static_cast<double*>(data);
  return str(std::to_string(static_cast<int>(v)) + "°C");
}
CspString errError(void* data) {
  return str("boom: " + toStd(*static_cast<CspString*>(data)));
}
}  // namespace

TEST_CASE("fmt: Stringer and error operands use their methods", "[fmt]") {
  const CspType* c = types().named(types().Float64(), "main.Celsius");
  types().setMethods(c, {{"String", types().funcString(),
                          reinterpret_cast<void*>(celsiusString)}});
  CHECK(sprintf("%v|%s|%d|%.1f",
                {box(c, 21.0), box(c, 22.0), box(c, 23.0), box(c, 24.0)}) ==
        "21°C|22°C|%!d(main.Celsius=23)|24.0");
  const CspType* e = types().named(types().String(), "main.E");
  types().setMethods(
      e, {{"Error", types().funcString(), reinterpret_cast<void*>(errError)}});
  CHECK(sprintf("%v", {box(e, str("x"))}) == "boom: x");
  // Inside a slice, methods are used too.
  const CspType* cs = types().slice(c);
  CHECK(sprintf("%v", {box(cs, sliceOf<double>({1, 2}))}) == "[1°C 2°C]");
}
