// Package math, the C++ half: <cmath> with Go's special cases where C's
// differ (Max, Min, Inf, IsInf, Dim).
#include <cmath>
#include <cstring>

#include "runtime/abi.h"

#define CSP_MATH1(name, expr) \
  extern "C" double csp_math_##name(double x) { return expr; }
#define CSP_MATH2(name, expr) \
  extern "C" double csp_math_##name(double x, double y) { return expr; }

CSP_MATH1(Abs, std::fabs(x))
CSP_MATH1(Acos, std::acos(x))
CSP_MATH1(Acosh, std::acosh(x))
CSP_MATH1(Asin, std::asin(x))
CSP_MATH1(Asinh, std::asinh(x))
CSP_MATH1(Atan, std::atan(x))
CSP_MATH2(Atan2, std::atan2(x, y))
CSP_MATH1(Atanh, std::atanh(x))
CSP_MATH1(Cbrt, std::cbrt(x))
CSP_MATH1(Ceil, std::ceil(x))
CSP_MATH2(Copysign, std::copysign(x, y))
CSP_MATH1(Cos, std::cos(x))
CSP_MATH1(Cosh, std::cosh(x))
CSP_MATH1(Exp, std::exp(x))
CSP_MATH1(Exp2, std::exp2(x))
CSP_MATH1(Expm1, std::expm1(x))
CSP_MATH1(Floor, std::floor(x))
CSP_MATH2(Hypot, std::hypot(x, y))
CSP_MATH1(Log, std::log(x))
CSP_MATH1(Log10, std::log10(x))
CSP_MATH1(Log1p, std::log1p(x))
CSP_MATH1(Log2, std::log2(x))
CSP_MATH2(Mod, std::fmod(x, y))
CSP_MATH2(Pow, std::pow(x, y))
CSP_MATH2(Remainder, std::remainder(x, y))
CSP_MATH1(Round, std::round(x))
CSP_MATH1(RoundToEven, std::nearbyint(x))
CSP_MATH1(Sin, std::sin(x))
CSP_MATH1(Sinh, std::sinh(x))
CSP_MATH1(Sqrt, std::sqrt(x))
CSP_MATH1(Tan, std::tan(x))
CSP_MATH1(Tanh, std::tanh(x))
CSP_MATH1(Trunc, std::trunc(x))

// As Go's Max: +Inf wins, then NaN; Max(+0, -0) is +0.
extern "C" double csp_math_Max(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return std::nan("");
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}

// As Go's Min: -Inf wins, then NaN; Min(+0, -0) is -0.
extern "C" double csp_math_Min(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return std::nan("");
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

extern "C" double csp_math_Dim(double x, double y) {
  double v = x - y;
  return v <= 0 ? 0 : v;
}

extern "C" double csp_math_Inf(int64_t sign) { return sign >= 0 ? HUGE_VAL : -HUGE_VAL; }

extern "C" bool csp_math_IsInf(double f, int64_t sign) {
  return (sign >= 0 && f == HUGE_VAL) || (sign <= 0 && f == -HUGE_VAL);
}

extern "C" bool csp_math_IsNaN(double f) { return f != f; }

extern "C" double csp_math_NaN(void) {
  uint64_t bits = 0x7FF8000000000001ull;  // Go's NaN bits
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

extern "C" double csp_math_Pow10(int64_t n) {
  if (n < -323) return 0;
  if (n > 308) return HUGE_VAL;
  return std::pow(10.0, static_cast<double>(n));
}

extern "C" bool csp_math_Signbit(double x) { return std::signbit(x); }

extern "C" uint32_t csp_math_Float32bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

extern "C" float csp_math_Float32frombits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

extern "C" uint64_t csp_math_Float64bits(double f) {
  uint64_t b;
  std::memcpy(&b, &f, 8);
  return b;
}

extern "C" double csp_math_Float64frombits(uint64_t b) {
  double f;
  std::memcpy(&f, &b, 8);
  return f;
}
