// Package strings, the C++ half: substring search, UTF-8 helpers, and the
// Unicode white space and case mapping of stdlib/unicode.cpp.
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/abi.h"
#include "runtime/string.h"
#include "stdlib/unicode_impl.h"

using namespace csp;
using stdlib::isSpace;
using stdlib::toLower;
using stdlib::toUpper;

namespace {

std::string_view sv(const uint8_t* p, int64_t n) {
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(n));
}

struct RuneSize {
  int32_t r;
  int64_t size;
};

CspString mapRunes(const uint8_t* s, int64_t len, int32_t (*f)(int32_t)) {
  bool ascii_same = true;
  for (int64_t i = 0; i < len && ascii_same; i++)
    if (s[i] >= 0x80 || f(s[i]) != s[i]) ascii_same = false;
  if (ascii_same) return CspString{s, len};
  std::string out;
  out.reserve(static_cast<size_t>(len));
  for (int64_t i = 0; i < len;) {
    rt::Rune r = rt::decodeRune(s, len, i);
    if (r.size == 1 && r.r == 0xFFFD && s[i] != 0xEF) {
      out.push_back(static_cast<char>(s[i]));  // invalid bytes: as is
    } else {
      rt::appendRune(&out, f(r.r));
    }
    i += r.size;
  }
  return rt::makeString(out);
}

}  // namespace

extern "C" int64_t csp_strings_Index(const uint8_t* s, int64_t slen,
                                     const uint8_t* sub, int64_t sublen) {
  size_t i = sv(s, slen).find(sv(sub, sublen));
  return i == std::string_view::npos ? -1 : static_cast<int64_t>(i);
}

extern "C" int64_t csp_strings_LastIndex(const uint8_t* s, int64_t slen,
                                         const uint8_t* sub, int64_t sublen) {
  size_t i = sv(s, slen).rfind(sv(sub, sublen));
  return i == std::string_view::npos ? -1 : static_cast<int64_t>(i);
}

extern "C" void csp_strings_decodeRune(RuneSize* out, const uint8_t* s,
                                       int64_t len, int64_t i) {
  rt::Rune r = rt::decodeRune(s, len, i);
  *out = RuneSize{r.r, r.size};
}

extern "C" void csp_strings_lastRune(RuneSize* out, const uint8_t* s,
                                     int64_t len) {
  rt::Rune r = rt::decodeLastRune(s, len);
  *out = RuneSize{r.r, r.size};
}

extern "C" bool csp_strings_isSpace(int32_t r) { return isSpace(r); }

extern "C" CspString csp_strings_ToUpper(const uint8_t* s, int64_t len) {
  return mapRunes(s, len, toUpper);
}

extern "C" CspString csp_strings_ToLower(const uint8_t* s, int64_t len) {
  return mapRunes(s, len, toLower);
}

// As Go's deprecated Title: upper-cases the first letter of each word.
extern "C" CspString csp_strings_Title(const uint8_t* s, int64_t len) {
  std::string out;
  bool prev_letter = false;
  for (int64_t i = 0; i < len;) {
    rt::Rune r = rt::decodeRune(s, len, i);
    bool letter = (r.r >= 'a' && r.r <= 'z') || (r.r >= 'A' && r.r <= 'Z') ||
                  r.r >= 0x80 || (r.r >= '0' && r.r <= '9') || r.r == '_' ||
                  r.r == '\'';
    rt::appendRune(&out, !prev_letter ? toUpper(r.r) : r.r);
    prev_letter = letter && !isSpace(r.r);
    i += r.size;
  }
  return rt::makeString(out);
}
