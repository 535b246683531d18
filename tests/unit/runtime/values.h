// Building csp values by hand for the runtime's unit tests.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "runtime/abi.h"
#include "runtime/string.h"
#include "tests/unit/runtime/types.h"

namespace csp::test {

inline CspString str(const std::string& s) { return rt::makeString(s); }

// An empty-interface value holding v of type t (boxed unless direct).
template <class T>
CspIface box(const CspType* t, const T& v) {
  if (t->flags & CSP_TF_DIRECT) {
    void* w;
    std::memcpy(&w, &v, sizeof w);
    return CspIface{t, w};
  }
  void* p = csp_rt_alloc(static_cast<int64_t>(sizeof(T)));
  std::memcpy(p, &v, sizeof(T));
  return CspIface{t, p};
}

inline CspIface anyInt(int64_t v) { return box(types().Int(), v); }
inline CspIface anyStr(const std::string& s) {
  return box(types().String(), str(s));
}
inline CspIface anyFloat(double v) { return box(types().Float64(), v); }
inline CspIface anyBool(bool v) {
  return box(types().Bool(), static_cast<uint8_t>(v));
}
inline CspIface nilAny() { return CspIface{nullptr, nullptr}; }

template <class T>
CspSlice sliceOf(const std::vector<T>& v) {
  if (v.empty()) return CspSlice{nullptr, 0, 0};
  void* p = csp_rt_alloc(static_cast<int64_t>(sizeof(T) * v.size()));
  std::memcpy(p, v.data(), sizeof(T) * v.size());
  return CspSlice{p, static_cast<int64_t>(v.size()),
                  static_cast<int64_t>(v.size())};
}

inline std::string toStd(CspString s) { return std::string(rt::view(s)); }

}  // namespace csp::test
