// Maps: insert, lookup, delete and iterate many keys of several key types;
// Go's key semantics (floats, interfaces); deletion during iteration.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "runtime/panic.h"
#include "tests/unit/runtime/values.h"

using namespace csp;
using namespace csp::test;

TEST_CASE("map: 100k int keys", "[map]") {
  const CspType* mt = types().map(types().Int(), types().Int());
  void* m = csp_rt_makemap(mt, 0);
  const int64_t n = 100000;
  for (int64_t i = 0; i < n; i++)
    *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &i)) = i * 2;
  REQUIRE(csp_rt_maplen(m) == n);
  for (int64_t i = 0; i < n; i++) {
    auto* v = static_cast<int64_t*>(csp_rt_mapaccess(mt, m, &i));
    REQUIRE(v);
    REQUIRE(*v == i * 2);
  }
  int64_t missing = n + 5;
  CHECK(csp_rt_mapaccess(mt, m, &missing) == nullptr);
  for (int64_t i = 0; i < n; i += 2) csp_rt_mapdelete(mt, m, &i);
  CHECK(csp_rt_maplen(m) == n / 2);
  int64_t count = 0, sum = 0;
  CspMapIter it;
  for (csp_rt_mapiterinit(mt, m, &it); it.key; csp_rt_mapiternext(&it)) {
    int64_t k = *static_cast<int64_t*>(it.key);
    REQUIRE(k % 2 == 1);
    REQUIRE(*static_cast<int64_t*>(it.elem) == k * 2);
    count++;
    sum += k;
  }
  CHECK(count == n / 2);
  CHECK(sum == (n / 2) * (n / 2));
}

TEST_CASE("map: 100k string keys, reinsertion after delete", "[map]") {
  const CspType* mt = types().map(types().String(), types().Int());
  void* m = csp_rt_makemap(mt, 10);
  for (int64_t i = 0; i < 100000; i++) {
    CspString k = str("key" + std::to_string(i));
    *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &k)) = i;
  }
  for (int64_t i = 0; i < 100000; i += 3) {
    CspString k = str("key" + std::to_string(i));
    csp_rt_mapdelete(mt, m, &k);
  }
  for (int64_t i = 0; i < 100000; i += 3) {
    CspString k = str("key" + std::to_string(i));
    REQUIRE(csp_rt_mapaccess(mt, m, &k) == nullptr);
    *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &k)) = -i;
  }
  CHECK(csp_rt_maplen(m) == 100000);
  for (int64_t i = 0; i < 100000; i++) {
    CspString k = str("key" + std::to_string(i));
    auto* v = static_cast<int64_t*>(csp_rt_mapaccess(mt, m, &k));
    REQUIRE(v);
    REQUIRE(*v == (i % 3 == 0 ? -i : i));
  }
}

TEST_CASE("map: struct and array keys compare field-wise", "[map]") {
  const CspType* kt = types().structOf(
      "main.K", {{"A", types().Int()}, {"B", types().String()}});
  const CspType* mt = types().map(kt, types().Int());
  struct K {
    int64_t a;
    CspString b;
  };
  void* m = csp_rt_makemap(mt, 0);
  for (int64_t i = 0; i < 1000; i++) {
    K k{i % 10, str(std::to_string(i / 10))};
    *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &k)) = i;
  }
  CHECK(csp_rt_maplen(m) == 1000);
  K k{3, str("42")};  // a fresh string: equal by content
  auto* v = static_cast<int64_t*>(csp_rt_mapaccess(mt, m, &k));
  REQUIRE(v);
  CHECK(*v == 423);
  const CspType* at = types().array(types().Int(), 2);
  const CspType* am = types().map(at, types().Bool());
  void* m2 = csp_rt_makemap(am, 0);
  int64_t a1[2] = {1, 2}, a2[2] = {1, 2}, a3[2] = {2, 1};
  *static_cast<uint8_t*>(csp_rt_mapassign(am, m2, a1)) = 1;
  CHECK(csp_rt_mapaccess(am, m2, a2) != nullptr);
  CHECK(csp_rt_mapaccess(am, m2, a3) == nullptr);
}

TEST_CASE("map: float keys: +0 == -0, NaN never found", "[map]") {
  const CspType* mt = types().map(types().Float64(), types().Int());
  void* m = csp_rt_makemap(mt, 0);
  double pz = 0.0, nz = -0.0, nan = std::nan("");
  *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &pz)) = 1;
  *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &nz)) = 2;
  CHECK(csp_rt_maplen(m) == 1);
  CHECK(*static_cast<int64_t*>(csp_rt_mapaccess(mt, m, &pz)) == 2);
  *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &nan)) = 3;
  *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &nan)) = 4;
  CHECK(csp_rt_maplen(m) == 3);
  CHECK(csp_rt_mapaccess(mt, m, &nan) == nullptr);
}

TEST_CASE("map: interface keys by dynamic type and value; unhashable panics",
          "[map]") {
  const CspType* mt = types().map(types().Any(), types().Int());
  void* m = csp_rt_makemap(mt, 0);
  CspIface k1 = anyInt(1), k2 = anyStr("1"), k3 = anyInt(1);
  *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &k1)) = 10;
  *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &k2)) = 20;
  CHECK(csp_rt_maplen(m) == 2);
  CHECK(*static_cast<int64_t*>(csp_rt_mapaccess(mt, m, &k3)) == 10);
  CspIface bad = box(types().slice(types().Int()), CspSlice{nullptr, 0, 0});
  std::string msg;
  try {
    csp_rt_mapassign(mt, m, &bad);
  } catch (rt::Panic* p) {
    msg = "caught";
    rt::dropPanic(p);
  }
  CHECK(msg == "caught");
}

TEST_CASE("map: delete during iteration; inserts during iteration terminate",
          "[map]") {
  const CspType* mt = types().map(types().Int(), types().Int());
  void* m = csp_rt_makemap(mt, 0);
  for (int64_t i = 0; i < 1000; i++)
    *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &i)) = i;
  std::set<int64_t> seen;
  CspMapIter it;
  for (csp_rt_mapiterinit(mt, m, &it); it.key; csp_rt_mapiternext(&it)) {
    int64_t k = *static_cast<int64_t*>(it.key);
    REQUIRE(seen.insert(k).second);
    if (k % 2 == 0) {
      int64_t next = k + 1;  // not yet reached: must not be seen
      csp_rt_mapdelete(mt, m, &next);
    }
    int64_t fresh = 100000 + k;  // forces rebuilds while iterating
    *static_cast<int64_t*>(csp_rt_mapassign(mt, m, &fresh)) = 0;
  }
  for (int64_t k : seen) CHECK((k % 2 == 0 || k >= 100000));
  CHECK(seen.count(0) == 1);
  CHECK(seen.count(998) == 1);
}

TEST_CASE("map: nil map reads are empty, writes panic", "[map]") {
  const CspType* mt = types().map(types().Int(), types().Int());
  int64_t k = 1;
  CHECK(csp_rt_mapaccess(mt, nullptr, &k) == nullptr);
  CHECK(csp_rt_maplen(nullptr) == 0);
  csp_rt_mapdelete(mt, nullptr, &k);
  CspMapIter it;
  csp_rt_mapiterinit(mt, nullptr, &it);
  CHECK(it.key == nullptr);
  bool panicked = false;
  try {
    csp_rt_mapassign(mt, nullptr, &k);
  } catch (rt::Panic* p) {
    panicked = true;
    rt::dropPanic(p);
  }
  CHECK(panicked);
}
