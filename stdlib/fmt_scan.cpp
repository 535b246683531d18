// fmt's scanning, the C++ half: storing a scanned token through a pointer
// operand according to its type descriptor (Go's scan.go conversions and
// error texts), and reading standard input.
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "runtime/sched.h"
#include "runtime/abi.h"
#include "runtime/string.h"
#include "stdlib/strconv_impl.h"

using namespace csp;

namespace {

const CspType* target(const void* tab) {
  auto* t = static_cast<const CspType*>(tab);
  if (!t || t->kind != CSP_KIND_POINTER) return nullptr;
  return t->elem;
}

int classOf(const CspType* t) {
  switch (t->kind) {
    case CSP_KIND_STRING:
      return 0;
    case CSP_KIND_INT:
    case CSP_KIND_INT8:
    case CSP_KIND_INT16:
    case CSP_KIND_INT32:
    case CSP_KIND_INT64:
      return 1;
    case CSP_KIND_UINT:
    case CSP_KIND_UINT8:
    case CSP_KIND_UINT16:
    case CSP_KIND_UINT32:
    case CSP_KIND_UINT64:
    case CSP_KIND_UINTPTR:
      return 2;
    case CSP_KIND_FLOAT32:
    case CSP_KIND_FLOAT64:
      return 3;
    case CSP_KIND_BOOL:
      return 4;
    default:
      return -1;
  }
}

std::string rangeError(const char* fn, const std::string& tok) {
  return std::string("strconv.") + fn + ": parsing " +
         stdlib::quote(tok, false) + ": value out of range";
}

// Parses a decimal integer token ([+-]digits, underscores allowed).
bool parseDecimal(const std::string& tok, bool* neg, unsigned __int128* v) {
  size_t i = 0;
  *neg = false;
  if (i < tok.size() && (tok[i] == '+' || tok[i] == '-'))
    *neg = tok[i++] == '-';
  *v = 0;
  bool digits = false;
  for (; i < tok.size(); i++) {
    if (tok[i] == '_') continue;
    if (tok[i] < '0' || tok[i] > '9') return false;
    digits = true;
    if (*v < (static_cast<unsigned __int128>(1) << 100))
      *v = *v * 10 + (tok[i] - '0');
  }
  return digits;
}

// Stores the low t->size bytes of bits in the integer at p: the same bytes
// for a signed or an unsigned integer of that size (two's complement).
void storeBits(const CspType* t, void* p, uint64_t bits) {
  switch (t->size) {
    case 1:
      *static_cast<uint8_t*>(p) = static_cast<uint8_t>(bits);
      break;
    case 2:
      *static_cast<uint16_t*>(p) = static_cast<uint16_t>(bits);
      break;
    case 4:
      *static_cast<uint32_t*>(p) = static_cast<uint32_t>(bits);
      break;
    default:
      *static_cast<uint64_t*>(p) = bits;
  }
}

std::string storeInt(const CspType* t, void* p, const std::string& tok) {
  bool neg;
  unsigned __int128 v;
  if (!parseDecimal(tok, &neg, &v)) return "expected integer";
  if ((!neg && v > INT64_MAX) ||
      (neg && v > static_cast<unsigned __int128>(INT64_MAX) + 1))
    return rangeError("ParseInt", tok);
  int64_t i = neg ? -static_cast<int64_t>(v - 1) - 1 : static_cast<int64_t>(v);
  int bits = static_cast<int>(t->size * 8);
  if (bits < 64 &&
      (i < -(int64_t(1) << (bits - 1)) || i >= (int64_t(1) << (bits - 1))))
    return "integer overflow on token " + tok;
  storeBits(t, p, static_cast<uint64_t>(i));
  return "";
}

std::string storeUint(const CspType* t, void* p, const std::string& tok) {
  bool neg;
  unsigned __int128 v;
  if (!parseDecimal(tok, &neg, &v) || neg) return "expected integer";
  if (v > UINT64_MAX) return rangeError("ParseUint", tok);
  uint64_t u = static_cast<uint64_t>(v);
  int bits = static_cast<int>(t->size * 8);
  if (bits < 64 && u >= (uint64_t(1) << bits))
    return "unsigned integer overflow on token " + tok;
  storeBits(t, p, u);
  return "";
}

std::string storeFloat(const CspType* t, void* p, const std::string& tok) {
  std::string clean;
  for (char c : tok)
    if (c != '_') clean += c;
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(clean.c_str(), &end);
  if (clean.empty() || *end != 0)
    return "strconv.ParseFloat: parsing " + stdlib::quote(tok, false) +
           ": invalid syntax";
  if (std::isinf(d) && clean.find_first_of("iI") == std::string::npos)
    return rangeError("ParseFloat", tok);
  if (t->kind == CSP_KIND_FLOAT32)
    *static_cast<float*>(p) = static_cast<float>(d);
  else
    *static_cast<double*>(p) = d;
  return "";
}

std::string storeBool(void* p, const std::string& tok) {
  static const char* const kTrue[] = {"1", "t", "T", "true", "TRUE", "True"};
  static const char* const kFalse[] = {"0",     "f",     "F",
                                       "false", "FALSE", "False"};
  for (const char* s : kTrue)
    if (tok == s) return *static_cast<uint8_t*>(p) = 1, "";
  for (const char* s : kFalse)
    if (tok == s) return *static_cast<uint8_t*>(p) = 0, "";
  return "syntax error scanning boolean";
}

}  // namespace

extern "C" int64_t csp_fmt_scanClass(const void* tab, void* data) {
  const CspType* t = target(tab);
  if (!t || !data) return -1;
  return classOf(t);
}

extern "C" CspString csp_fmt_scanStore(const void* tab, void* data,
                                       const uint8_t* tok, int64_t len) {
  const CspType* t = target(tab);
  std::string s(reinterpret_cast<const char*>(tok), static_cast<size_t>(len));
  std::string err;
  switch (classOf(t)) {
    case 0:
      *static_cast<CspString*>(data) = rt::makeString(s);
      break;
    case 1:
      err = storeInt(t, data, s);
      break;
    case 2:
      err = storeUint(t, data, s);
      break;
    case 3:
      err = storeFloat(t, data, s);
      break;
    case 4:
      err = storeBool(data, s);
      break;
    default:
      err = "can't scan type";
  }
  return rt::makeString(err);
}

extern "C" CspString csp_fmt_scanTypeName(const void* tab, void*) {
  auto* t = static_cast<const CspType*>(tab);
  return rt::makeString(t ? t->name : "<nil>");
}

extern "C" int64_t csp_fmt_readStdin(uint8_t* p, int64_t len, int64_t) {
  for (;;) {
    csp::rt::entersyscall();  // the P goes to another M while it blocks
    ssize_t n = ::read(0, p, static_cast<size_t>(len));
    csp::rt::exitsyscall();
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}
