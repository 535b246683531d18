// Package strconv, the C++ half: float formatting (Go's ftoa.go on top of
// std::to_chars, which gives the same shortest and correctly rounded
// digits), integer formatting and parsing, quoting (quote.go).
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "runtime/abi.h"
#include "runtime/string.h"
#include "stdlib/strconv_impl.h"

namespace csp::stdlib {

namespace {

// As Go's decimalSlice: digits d (no leading or trailing zeros), decimal
// point position dp (value = 0.d × 10^dp).
struct Digits {
  std::string d;
  int dp = 0;
  bool neg = false;
};

// Parses to_chars scientific output "-d.ddde+XX" into Digits.
Digits parseScientific(const char* s, const char* end) {
  Digits r;
  if (*s == '-') r.neg = true, s++;
  int exp = 0;
  for (; s < end && *s != 'e'; s++)
    if (*s >= '0' && *s <= '9') r.d.push_back(*s);
  if (s < end) {
    s++;
    bool eneg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    for (; s < end; s++) exp = exp * 10 + (*s - '0');
    if (eneg) exp = -exp;
  }
  while (!r.d.empty() && r.d.back() == '0') r.d.pop_back();
  size_t lead = 0;
  while (lead < r.d.size() && r.d[lead] == '0') lead++;
  r.d.erase(0, lead);
  r.dp = r.d.empty() ? 0 : exp + 1;
  return r;
}

Digits shortestDigits(double v, int bitSize) {
  char buf[64];
  auto res = bitSize == 32
                 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v),
                                 std::chars_format::scientific)
                 : std::to_chars(buf, buf + sizeof buf, v,
                                 std::chars_format::scientific);
  return parseScientific(buf, res.ptr);
}

Digits fixedDigits(double v, int bitSize, int ndigits) {
  char buf[512];
  auto res = bitSize == 32
                 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v),
                                 std::chars_format::scientific, ndigits - 1)
                 : std::to_chars(buf, buf + sizeof buf, v,
                                 std::chars_format::scientific, ndigits - 1);
  return parseScientific(buf, res.ptr);
}

// As Go's fmtE.
void fmtE(std::string* dst, const Digits& d, int prec, char fmt) {
  if (d.neg) dst->push_back('-');
  dst->push_back(d.d.empty() ? '0' : d.d[0]);
  if (prec > 0) {
    dst->push_back('.');
    int i = 1;
    int m = std::min(static_cast<int>(d.d.size()), prec + 1);
    if (i < m) {
      dst->append(d.d, i, m - i);
      i = m;
    }
    for (; i <= prec; i++) dst->push_back('0');
  }
  dst->push_back(fmt);
  int exp = d.d.empty() ? 0 : d.dp - 1;
  char sign = '+';
  if (exp < 0) sign = '-', exp = -exp;
  dst->push_back(sign);
  if (exp < 10) {
    dst->push_back('0');
    dst->push_back(static_cast<char>('0' + exp));
  } else {
    dst->append(std::to_string(exp));
  }
}

// As Go's fmtF.
void fmtF(std::string* dst, const Digits& d, int prec) {
  if (d.neg) dst->push_back('-');
  int nd = static_cast<int>(d.d.size());
  if (d.dp > 0) {
    int m = std::min(nd, d.dp);
    dst->append(d.d, 0, m);
    for (; m < d.dp; m++) dst->push_back('0');
  } else {
    dst->push_back('0');
  }
  if (prec > 0) {
    dst->push_back('.');
    for (int i = 1; i <= prec; i++) {
      int j = d.dp + i - 1;
      dst->push_back(0 <= j && j < nd ? d.d[j] : '0');
    }
  }
}

// As Go's formatDigits.
void formatDigits(std::string* dst, bool shortest, const Digits& d, int prec,
                  char fmt) {
  int nd = static_cast<int>(d.d.size());
  switch (fmt) {
    case 'e':
    case 'E':
      fmtE(dst, d, prec, fmt);
      return;
    case 'f':
      fmtF(dst, d, prec);
      return;
    case 'g':
    case 'G': {
      int eprec = prec;
      if (eprec > nd && nd >= d.dp) eprec = nd;
      if (shortest) eprec = 6;
      int exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        fmtE(dst, d, prec - 1, static_cast<char>(fmt + 'e' - 'g'));
        return;
      }
      if (prec > d.dp) prec = nd;
      fmtF(dst, d, std::max(prec - d.dp, 0));
      return;
    }
  }
  dst->push_back('%');
  dst->push_back(fmt);
}

// As Go's fmtX: %x and %X, -0x1.yyyyp±dd.
std::string fmtX(double v, int prec, char fmt, int bitSize) {
  uint64_t bits;
  int mantbits, expbits, bias;
  if (bitSize == 32) {
    float f = static_cast<float>(v);
    uint32_t b;
    std::memcpy(&b, &f, 4);
    bits = b;
    mantbits = 23, expbits = 8, bias = -127;
  } else {
    std::memcpy(&bits, &v, 8);
    mantbits = 52, expbits = 11, bias = -1023;
  }
  bool neg = bits >> (expbits + mantbits);
  int exp =
      static_cast<int>((bits >> mantbits) & ((uint64_t(1) << expbits) - 1));
  uint64_t mant = bits & ((uint64_t(1) << mantbits) - 1);
  if (exp == 0)
    exp++;
  else
    mant |= uint64_t(1) << mantbits;
  exp += bias;
  if (mant == 0) exp = 0;
  mant <<= 60 - mantbits;
  while (mant != 0 && (mant & (uint64_t(1) << 60)) == 0) {
    mant <<= 1;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    unsigned shift = static_cast<unsigned>(prec * 4);
    uint64_t extra = (mant << shift) & ((uint64_t(1) << 60) - 1);
    mant >>= 60 - shift;
    if ((extra | (mant & 1)) > (uint64_t(1) << 59)) mant++;
    mant <<= 60 - shift;
    if (mant & (uint64_t(1) << 61)) {
      mant >>= 1;
      exp++;
    }
  }
  const char* hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string dst;
  if (neg) dst += '-';
  dst += '0';
  dst += fmt;
  dst += static_cast<char>('0' + ((mant >> 60) & 1));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    dst += '.';
    for (; mant != 0; mant <<= 4) dst += hex[(mant >> 60) & 15];
  } else if (prec > 0) {
    dst += '.';
    for (int i = 0; i < prec; i++, mant <<= 4) dst += hex[(mant >> 60) & 15];
  }
  dst += fmt == 'X' ? 'P' : 'p';
  dst += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  std::string e = std::to_string(exp);
  if (e.size() < 2) e = "0" + e;
  return dst + e;
}

}  // namespace

namespace {

// As Go's strconv.fmtB: -ddddp±ddd, the binary exponent's mantissa.
std::string fmtB(double v, int bitSize) {
  uint64_t bits, mant;
  int exp, mantbits, bias;
  bool neg;
  if (bitSize == 32) {
    float f = static_cast<float>(v);
    uint32_t b32;
    std::memcpy(&b32, &f, 4);
    bits = b32;
    mantbits = 23;
    bias = -127;
    neg = b32 >> 31;
    exp = static_cast<int>((bits >> mantbits) & 0xFF);
  } else {
    std::memcpy(&bits, &v, 8);
    mantbits = 52;
    bias = -1023;
    neg = bits >> 63;
    exp = static_cast<int>((bits >> mantbits) & 0x7FF);
  }
  mant = bits & ((uint64_t{1} << mantbits) - 1);
  if (exp == 0)
    exp++;
  else
    mant |= uint64_t{1} << mantbits;
  exp += bias - mantbits;
  std::string out = neg ? "-" : "";
  out += std::to_string(mant);
  out += 'p';
  if (exp >= 0) out += '+';
  out += std::to_string(exp);
  return out;
}

}  // namespace

std::string formatFloat(double v, char fmt, int prec, int bitSize) {
  if (bitSize == 32) v = static_cast<float>(v);
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (fmt == 'x' || fmt == 'X') return fmtX(v, prec, fmt, bitSize);
  if (fmt == 'b') return fmtB(v, bitSize);
  std::string out;
  if (prec < 0) {
    Digits d = shortestDigits(v, bitSize);
    int nd = static_cast<int>(d.d.size());
    switch (fmt) {
      case 'e':
      case 'E':
        prec = std::max(nd - 1, 0);
        break;
      case 'f':
        prec = std::max(nd - d.dp, 0);
        break;
      case 'g':
      case 'G':
        prec = nd;
        break;
    }
    formatDigits(&out, true, d, prec, fmt);
    return out;
  }
  if (fmt == 'f') {
    char buf[1200];
    auto res =
        std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, prec);
    if (res.ec == std::errc()) return std::string(buf, res.ptr);
  }
  int digits = prec;
  switch (fmt) {
    case 'e':
    case 'E':
      digits++;
      break;
    case 'g':
    case 'G':
      if (prec == 0) prec = 1;
      digits = prec;
      break;
    default:
      digits = 1;
  }
  if (digits > 700) digits = 700;
  Digits d = fixedDigits(v, bitSize, digits);
  if (d.d.empty()) d.neg = std::signbit(v);
  formatDigits(&out, false, d, prec, fmt);
  return out;
}

std::string formatUint(uint64_t v, int base) {
  if (base < 2 || base > 36) base = 10;
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  char buf[65];
  int i = 65;
  do {
    buf[--i] = digits[v % static_cast<unsigned>(base)];
    v /= static_cast<unsigned>(base);
  } while (v);
  return std::string(buf + i, buf + 65);
}

std::string formatInt(int64_t v, int base) {
  if (v < 0)
    return "-" + formatUint(static_cast<uint64_t>(0) - static_cast<uint64_t>(v),
                            base);
  return formatUint(static_cast<uint64_t>(v), base);
}

// isPrint is in unicode.cpp (Go's tables).

namespace {

void appendEscapedRune(std::string* buf, int32_t r, char quote_ch,
                       bool ascii_only) {
  static const char hex[] = "0123456789abcdef";
  if (r == quote_ch || r == '\\') {
    buf->push_back('\\');
    buf->push_back(static_cast<char>(r));
    return;
  }
  if (ascii_only) {
    if (r < 0x80 && isPrint(r)) {
      buf->push_back(static_cast<char>(r));
      return;
    }
  } else if (isPrint(r)) {
    rt::appendRune(buf, r);
    return;
  }
  switch (r) {
    case '\a':
      *buf += "\\a";
      return;
    case '\b':
      *buf += "\\b";
      return;
    case '\f':
      *buf += "\\f";
      return;
    case '\n':
      *buf += "\\n";
      return;
    case '\r':
      *buf += "\\r";
      return;
    case '\t':
      *buf += "\\t";
      return;
    case '\v':
      *buf += "\\v";
      return;
  }
  if (r < ' ' || r == 0x7F) {
    *buf += "\\x";
    buf->push_back(hex[(r >> 4) & 0xF]);
    buf->push_back(hex[r & 0xF]);
    return;
  }
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  int n = r < 0x10000 ? 4 : 8;
  *buf += r < 0x10000 ? "\\u" : "\\U";
  for (int s = (n - 1) * 4; s >= 0; s -= 4) buf->push_back(hex[(r >> s) & 0xF]);
}

}  // namespace

std::string quote(std::string_view s, bool ascii_only) {
  std::string buf = "\"";
  auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int64_t n = static_cast<int64_t>(s.size());
  for (int64_t i = 0; i < n;) {
    rt::Rune r = rt::decodeRune(p, n, i);
    if (r.size == 1 && r.r == 0xFFFD) {
      static const char hex[] = "0123456789abcdef";
      buf += "\\x";
      buf.push_back(hex[p[i] >> 4]);
      buf.push_back(hex[p[i] & 0xF]);
      i++;
      continue;
    }
    appendEscapedRune(&buf, r.r, '"', ascii_only);
    i += r.size;
  }
  buf.push_back('"');
  return buf;
}

std::string quoteRune(int32_t r, bool ascii_only) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  std::string buf = "'";
  appendEscapedRune(&buf, r, '\'', ascii_only);
  buf.push_back('\'');
  return buf;
}

bool canBackquote(std::string_view s) {
  auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int64_t n = static_cast<int64_t>(s.size());
  for (int64_t i = 0; i < n;) {
    rt::Rune r = rt::decodeRune(p, n, i);
    if (r.size == 1 && r.r == 0xFFFD) return false;
    i += r.size;
    if (r.r == '`' || r.r == 0xFEFF) return false;
    if (r.r < ' ' && r.r != '\t') return false;
    if (r.r == 0x7F) return false;
  }
  return true;
}

}  // namespace csp::stdlib

// --- the bodiless functions of stdlib/strconv.csp --------------------------

using namespace csp;
using csp::stdlib::formatFloat;

namespace {

std::string_view sv(const uint8_t* p, int64_t n) {
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(n));
}

struct IntResult {
  int64_t v;
  int64_t code;  // 0 ok, 1 syntax, 2 range, 3 base, 4 bit size
};
struct UintResult {
  uint64_t v;
  int64_t code;
};
struct FloatResult {
  double v;
  int64_t code;
};

char lower(char c) { return static_cast<char>(c | ('x' - 'X')); }

// As Go's underscoreOK: underscores only between digits or after a base
// prefix.
bool underscoreOK(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); i++) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// As Go's ParseUint.
UintResult parseUint(std::string_view s, int64_t base, int64_t bitSize) {
  if (s.empty()) return {0, 1};
  bool base0 = base == 0;
  std::string_view s0 = s;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && lower(s[1]) == 'b')
        base = 2, s.remove_prefix(2);
      else if (s.size() >= 3 && lower(s[1]) == 'o')
        base = 8, s.remove_prefix(2);
      else if (s.size() >= 3 && lower(s[1]) == 'x')
        base = 16, s.remove_prefix(2);
      else
        base = 8, s.remove_prefix(1);
    }
  } else if (base < 2 || base > 36) {
    return {0, 3};
  }
  if (bitSize == 0)
    bitSize = 64;
  else if (bitSize < 0 || bitSize > 64)
    return {0, 4};
  uint64_t cutoff = UINT64_MAX / static_cast<uint64_t>(base) + 1;
  uint64_t maxVal = bitSize == 64 ? UINT64_MAX : (uint64_t(1) << bitSize) - 1;
  bool underscores = false;
  uint64_t n = 0;
  for (char c : s) {
    int d;
    if (c == '_' && base0) {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      d = lower(c) - 'a' + 10;
    } else {
      return {0, 1};
    }
    if (d >= base) return {0, 1};
    if (n >= cutoff) return {maxVal, 2};
    n *= static_cast<uint64_t>(base);
    uint64_t n1 = n + static_cast<uint64_t>(d);
    if (n1 < n || n1 > maxVal) return {maxVal, 2};
    n = n1;
  }
  if (underscores && !underscoreOK(s0)) return {0, 1};
  return {n, 0};
}

// As Go's ParseInt.
IntResult parseInt(std::string_view s, int64_t base, int64_t bitSize) {
  if (s.empty()) return {0, 1};
  bool neg = false;
  if (s[0] == '+')
    s.remove_prefix(1);
  else if (s[0] == '-')
    neg = true, s.remove_prefix(1);
  UintResult u = parseUint(s, base, bitSize);
  if (u.code != 0 && u.code != 2) return {0, u.code};
  if (bitSize == 0) bitSize = 64;
  uint64_t cutoff = uint64_t(1) << (bitSize - 1);
  if (u.code == 2 || (!neg && u.v >= cutoff)) {
    if (!neg) return {static_cast<int64_t>(cutoff - 1), 2};
    return {static_cast<int64_t>(0 - cutoff), 2};
  }
  if (neg && u.v > cutoff) return {static_cast<int64_t>(0 - cutoff), 2};
  int64_t n = static_cast<int64_t>(u.v);
  return {neg ? static_cast<int64_t>(0 - u.v) : n, 0};
}

bool equalFold(std::string_view a, const char* b) {
  if (a.size() != std::strlen(b)) return false;
  for (size_t i = 0; i < a.size(); i++)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Whether s is a Go floating-point literal (decimal or hex, no sign).
bool validFloat(std::string_view s, std::string* clean) {
  bool hex = s.size() > 2 && s[0] == '0' && lower(s[1]) == 'x';
  size_t i = hex ? 2 : 0;
  int digits = 0;
  bool dot = false;
  clean->assign(s.substr(0, i));
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c == '_') continue;
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f'))
      digits++;
    else if (c == '.' && !dot)
      dot = true;
    else
      break;
    clean->push_back(c);
  }
  if (digits == 0) return false;
  if (i < s.size() && lower(s[i]) == (hex ? 'p' : 'e')) {
    clean->push_back(s[i++]);
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean->push_back(s[i++]);
    int ed = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; i++, ed++)
      clean->push_back(s[i]);
    if (ed == 0) return false;
  } else if (hex) {
    return false;
  }
  return i == s.size() &&
         (s.find('_') == std::string_view::npos || underscoreOK(s));
}

// As Go's ParseFloat.
FloatResult parseFloat(std::string_view s, int64_t bitSize) {
  std::string_view body = s;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (equalFold(body, "inf") || equalFold(body, "infinity"))
    return {neg ? -HUGE_VAL : HUGE_VAL, 0};
  if (equalFold(body, "nan") && body.size() == s.size())
    return {std::nan(""), 0};
  std::string clean;
  if (!validFloat(body, &clean)) return {0, 1};
  double v = std::strtod(clean.c_str(), nullptr);
  if (bitSize == 32) {
    float f = std::strtof(clean.c_str(), nullptr);
    v = f;
  }
  if (neg) v = -v;
  if (std::isinf(v)) return {v, 2};
  return {v, 0};
}

}  // namespace

extern "C" void csp_strconv_parseInt(IntResult* out, const uint8_t* s,
                                     int64_t len, int64_t base,
                                     int64_t bitSize) {
  *out = parseInt(sv(s, len), base, bitSize);
}

extern "C" void csp_strconv_parseUint(UintResult* out, const uint8_t* s,
                                      int64_t len, int64_t base,
                                      int64_t bitSize) {
  *out = parseUint(sv(s, len), base, bitSize);
}

extern "C" void csp_strconv_parseFloat(FloatResult* out, const uint8_t* s,
                                       int64_t len, int64_t bitSize) {
  *out = parseFloat(sv(s, len), bitSize);
}

extern "C" CspString csp_strconv_FormatInt(int64_t i, int64_t base) {
  return rt::makeString(stdlib::formatInt(i, static_cast<int>(base)));
}

extern "C" CspString csp_strconv_FormatUint(uint64_t i, int64_t base) {
  return rt::makeString(stdlib::formatUint(i, static_cast<int>(base)));
}

extern "C" CspString csp_strconv_FormatFloat(double f, uint8_t fmt,
                                             int64_t prec, int64_t bitSize) {
  return rt::makeString(formatFloat(f, static_cast<char>(fmt),
                                    static_cast<int>(prec),
                                    static_cast<int>(bitSize)));
}

extern "C" CspString csp_strconv_Quote(const uint8_t* s, int64_t len) {
  return rt::makeString(stdlib::quote(sv(s, len), false));
}

extern "C" CspString csp_strconv_QuoteToASCII(const uint8_t* s, int64_t len) {
  return rt::makeString(stdlib::quote(sv(s, len), true));
}

extern "C" CspString csp_strconv_QuoteRune(int32_t r) {
  return rt::makeString(stdlib::quoteRune(r, false));
}

extern "C" CspString csp_strconv_QuoteRuneToASCII(int32_t r) {
  return rt::makeString(stdlib::quoteRune(r, true));
}

namespace {

struct UnquoteResult {
  CspString s;
  bool ok;
};

// One escape sequence at s[*i] (after the backslash); false if invalid.
bool unescape(std::string_view s, size_t* i, char quote_ch, std::string* out) {
  if (*i >= s.size()) return false;
  char c = s[(*i)++];
  switch (c) {
    case 'a':
      out->push_back('\a');
      return true;
    case 'b':
      out->push_back('\b');
      return true;
    case 'f':
      out->push_back('\f');
      return true;
    case 'n':
      out->push_back('\n');
      return true;
    case 'r':
      out->push_back('\r');
      return true;
    case 't':
      out->push_back('\t');
      return true;
    case 'v':
      out->push_back('\v');
      return true;
    case '\\':
      out->push_back('\\');
      return true;
    case '\'':
    case '"':
      if (c != quote_ch) return false;
      out->push_back(c);
      return true;
    case 'x':
    case 'u':
    case 'U': {
      int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      if (*i + static_cast<size_t>(n) > s.size()) return false;
      uint32_t v = 0;
      for (int k = 0; k < n; k++) {
        char h = s[(*i)++];
        int d = (h >= '0' && h <= '9')                 ? h - '0'
                : (lower(h) >= 'a' && lower(h) <= 'f') ? lower(h) - 'a' + 10
                                                       : -1;
        if (d < 0) return false;
        v = v * 16 + static_cast<uint32_t>(d);
      }
      if (c == 'x')
        out->push_back(static_cast<char>(v));
      else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return false;
      else
        rt::appendRune(out, static_cast<int32_t>(v));
      return true;
    }
    default:
      if (c >= '0' && c <= '7') {
        if (*i + 2 > s.size()) return false;
        int v = c - '0';
        for (int k = 0; k < 2; k++) {
          char o = s[(*i)++];
          if (o < '0' || o > '7') return false;
          v = v * 8 + (o - '0');
        }
        if (v > 255) return false;
        out->push_back(static_cast<char>(v));
        return true;
      }
      return false;
  }
}

}  // namespace

// As Go's Unquote (single-quoted: one rune).
extern "C" void csp_strconv_unquote(UnquoteResult* out, const uint8_t* p,
                                    int64_t len) {
  std::string_view s = sv(p, len);
  *out = UnquoteResult{{nullptr, 0}, false};
  if (s.size() < 2 || s.front() != s.back()) return;
  char q = s.front();
  std::string_view body = s.substr(1, s.size() - 2);
  if (q == '`') {
    if (body.find('`') != std::string_view::npos) return;
    std::string r;
    for (char c : body)
      if (c != '\r') r.push_back(c);
    *out = UnquoteResult{rt::makeString(r), true};
    return;
  }
  if (q != '"' && q != '\'') return;
  std::string r;
  for (size_t i = 0; i < body.size();) {
    char c = body[i];
    if (c == q || c == '\n') return;
    if (c == '\\') {
      i++;
      if (!unescape(body, &i, q, &r)) return;
    } else {
      r.push_back(c);
      i++;
    }
  }
  if (q == '\'') {
    auto* rp = reinterpret_cast<const uint8_t*>(r.data());
    int64_t n = static_cast<int64_t>(r.size());
    if (n == 0 || rt::decodeRune(rp, n, 0).size != n) return;
  }
  *out = UnquoteResult{rt::makeString(r), true};
}
