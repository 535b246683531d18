// Package strings, the C++ half: substring search, UTF-8 helpers, Unicode
// white space (unicode.IsSpace) and case mapping (unicode.ToUpper/ToLower
// for Latin-1, Latin Extended-A, Greek and Cyrillic; other scripts are
// left as they are).
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/abi.h"
#include "runtime/string.h"

using namespace csp;

namespace {

std::string_view sv(const uint8_t* p, int64_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
}

struct RuneSize {
  int32_t r;
  int64_t size;
};

bool isSpace(int32_t r) {
  if (r <= 0xFF) return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0;
  return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
         r == 0x202F || r == 0x205F || r == 0x3000;
}

int32_t toUpper(int32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  if (r == 0xB5) return 0x39C;
  if ((r >= 0xE0 && r <= 0xFE && r != 0xF7)) return r - 32;
  if (r == 0xFF) return 0x178;
  if (r >= 0x100 && r <= 0x17F) {
    if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E)) return (r % 2 == 0) ? r - 1 : r;
    if (r == 0x131) return 'I';
    if (r == 0x17F) return 'S';
    if (r == 0x138 || r == 0x149) return r;
    return (r % 2 == 1) ? r - 1 : r;
  }
  if (r >= 0x3B1 && r <= 0x3C9 && r != 0x3C2) return r - 32;
  if (r == 0x3C2) return 0x3A3;
  if (r >= 0x3AC && r <= 0x3AF) return r == 0x3AC ? 0x386 : r - 37;
  if (r >= 0x430 && r <= 0x44F) return r - 32;
  if (r >= 0x450 && r <= 0x45F) return r - 80;
  return r;
}

int32_t toLower(int32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 32;
  if (r == 0x178) return 0xFF;
  if (r >= 0x100 && r <= 0x17F) {
    if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E)) return (r % 2 == 1) ? r + 1 : r;
    if (r == 0x130) return 'i';
    if (r == 0x138 || r == 0x149 || r == 0x131 || r == 0x17F) return r;
    return (r % 2 == 0) ? r + 1 : r;
  }
  if (r >= 0x391 && r <= 0x3A9 && r != 0x3A2) return r + 32;
  if (r == 0x386) return 0x3AC;
  if (r >= 0x388 && r <= 0x38A) return r + 37;
  if (r >= 0x410 && r <= 0x42F) return r + 32;
  if (r >= 0x400 && r <= 0x40F) return r + 80;
  return r;
}

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

extern "C" int64_t csp_strings_Index(const uint8_t* s, int64_t slen, const uint8_t* sub,
                                     int64_t sublen) {
  size_t i = sv(s, slen).find(sv(sub, sublen));
  return i == std::string_view::npos ? -1 : static_cast<int64_t>(i);
}

extern "C" int64_t csp_strings_LastIndex(const uint8_t* s, int64_t slen, const uint8_t* sub,
                                         int64_t sublen) {
  size_t i = sv(s, slen).rfind(sv(sub, sublen));
  return i == std::string_view::npos ? -1 : static_cast<int64_t>(i);
}

extern "C" void csp_strings_decodeRune(RuneSize* out, const uint8_t* s, int64_t len, int64_t i) {
  rt::Rune r = rt::decodeRune(s, len, i);
  *out = RuneSize{r.r, r.size};
}

extern "C" void csp_strings_lastRune(RuneSize* out, const uint8_t* s, int64_t len) {
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
    bool letter = (r.r >= 'a' && r.r <= 'z') || (r.r >= 'A' && r.r <= 'Z') || r.r >= 0x80 ||
                  (r.r >= '0' && r.r <= '9') || r.r == '_' || r.r == '\'';
    rt::appendRune(&out, !prev_letter ? toUpper(r.r) : r.r);
    prev_letter = letter && !isSpace(r.r);
    i += r.size;
  }
  return rt::makeString(out);
}
