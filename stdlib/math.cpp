// Package math, the C++ half: what Go 1.19 does in amd64 assembly (Sqrt,
// Floor, Ceil, Trunc: single instructions; Exp and Hypot: ported from
// exp_amd64.s and hypot_amd64.s so results are Go's bit for bit), the bit
// conversions, and functions whose results are exact (Mod, Round...).
#include <cmath>
#include <cstdint>
#include <cstring>

#include "runtime/abi.h"

namespace {

double fromBits(uint64_t b) {
  double d;
  std::memcpy(&d, &b, 8);
  return d;
}

uint64_t toBits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

// As Go's useFMA on amd64: the CPU has AVX and FMA.
bool useFMA() {
  static const bool fma =
      __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
  return fma;
}

// CVTSD2SL: round to nearest even; out of range gives the "integer
// indefinite" value.
int32_t cvtsd2sl(double v) {
  if (!(v >= -2147483648.5 && v < 2147483647.5)) return INT32_MIN;
  return static_cast<int32_t>(std::nearbyint(v));
}

// The Taylor series of exp_amd64.s on the reduced argument x (|x| <=
// ln2/32), without or with fused multiply-adds.
double expReduced(double x) {
  const double c[] = {0.5,
                      1.0,
                      2.0,
                      1.6666666666666666667e-1,
                      4.1666666666666666667e-2,
                      8.3333333333333333333e-3,
                      1.3888888888888888889e-3,
                      1.9841269841269841270e-4,
                      2.4801587301587301587e-5};
  if (useFMA()) {
    double p = c[8];
    p = std::fma(p, x, c[7]);
    p = std::fma(p, x, c[6]);
    p = std::fma(p, x, c[5]);
    p = std::fma(p, x, c[4]);
    p = std::fma(p, x, c[3]);
    p = std::fma(p, x, c[0]);
    p = std::fma(p, x, c[1]);
    x *= p;
    for (int i = 0; i < 3; i++) x *= x + c[2];
    return std::fma(x, x + c[2], c[1]);
  }
  volatile double p = c[8];
  p = p * x + c[7];
  p = p * x + c[6];
  p = p * x + c[5];
  p = p * x + c[4];
  p = p * x + c[3];
  p = p * x + c[0];
  p = p * x + c[1];
  x *= p;
  for (int i = 0; i < 4; i++) x *= x + c[2];
  return x + c[1];
}

}  // namespace

// As Go's archExp (exp_amd64.s).
extern "C" double csp_math_Exp(double x) {
  const double kLog2e = 1.4426950408889634073599246810018920;
  const double kLn2U = 0.69314718055966295651160180568695068359375;
  const double kLn2L = 0.28235290563031577122588448175013436025525412068e-12;
  const double kOverflow = 7.09782712893384e+02;
  uint64_t bits = toBits(x);
  if ((bits & ~(uint64_t(1) << 63)) >= 0x7FF0000000000000ull) {
    if (bits == 0xFFF0000000000000ull) return 0;  // -Inf
    return x;                                     // NaN, +Inf
  }
  if (x > kOverflow) return HUGE_VAL;
  int32_t k = cvtsd2sl(kLog2e * x);
  double kd = k;
  if (useFMA()) {
    x = std::fma(-kd, kLn2U, x);
    x = std::fma(-kd, kLn2L, x);
  } else {
    x -= kd * kLn2U;
    x -= kd * kLn2L;
  }
  x *= 0.0625;
  double fr = expReduced(x);
  int64_t e = static_cast<int64_t>(k) + 0x3FF;
  if (e <= 0) {
    if (e < -52) return 0;
    fr *= fromBits(static_cast<uint64_t>(e + 0x3FE) << 52);
    e = 1;
  } else if (e >= 0x7FF) {
    return HUGE_VAL;
  }
  return fr * fromBits(static_cast<uint64_t>(e) << 52);
}

// As Go's archHypot (hypot_amd64.s): max * sqrt(1 + (min/max)^2).
extern "C" double csp_math_Hypot(double p, double q) {
  p = std::fabs(p);
  q = std::fabs(q);
  if (std::isinf(p) || std::isinf(q)) return HUGE_VAL;
  if (std::isnan(p) || std::isnan(q)) return fromBits(0x7FF8000000000001ull);
  if (p == 0 && q == 0) return 0;
  double big = p > q ? p : q, small = p > q ? q : p;
  double r = small / big;
  return big * std::sqrt(r * r + 1.0);
}

extern "C" double csp_math_Sqrt(double x) { return std::sqrt(x); }
extern "C" double csp_math_Floor(double x) { return std::floor(x); }
extern "C" double csp_math_Ceil(double x) { return std::ceil(x); }
extern "C" double csp_math_Trunc(double x) { return std::trunc(x); }
extern "C" double csp_math_Mod(double x, double y) { return std::fmod(x, y); }
extern "C" double csp_math_Round(double x) { return std::round(x); }
extern "C" double csp_math_RoundToEven(double x) { return std::nearbyint(x); }

// As Go's Max: +Inf wins, then NaN; Max(+0, -0) is +0.
extern "C" double csp_math_Max(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return fromBits(0x7FF8000000000001ull);
  if (x == 0 && x == y) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}

// As Go's Min: -Inf wins, then NaN; Min(+0, -0) is -0.
extern "C" double csp_math_Min(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return fromBits(0x7FF8000000000001ull);
  if (x == 0 && x == y) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

// As Go's Dim: max(x-y, 0), NaN for NaN operands or Inf-Inf.
extern "C" double csp_math_Dim(double x, double y) {
  double v = x - y;
  if (std::isnan(v)) return fromBits(0x7FF8000000000001ull);
  return v <= 0 ? 0 : v;
}

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

extern "C" uint64_t csp_math_Float64bits(double f) { return toBits(f); }

extern "C" double csp_math_Float64frombits(uint64_t b) { return fromBits(b); }
