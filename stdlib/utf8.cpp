// Package unicode/utf8, the C++ half: decoding, from the runtime's UTF-8
// (runtime/string.h, Go's utf8.DecodeRune rules).
#include "runtime/abi.h"
#include "runtime/string.h"

using namespace csp;

namespace {
struct RuneSize {
  int32_t r;
  int64_t size;
};
}  // namespace

extern "C" void csp_unicode_utf8_DecodeRuneInString(RuneSize* out,
                                                    const uint8_t* s,
                                                    int64_t len) {
  if (len == 0) {
    *out = RuneSize{0xFFFD, 0};
    return;
  }
  rt::Rune r = rt::decodeRune(s, len, 0);
  *out = RuneSize{r.r, r.size};
}

extern "C" void csp_unicode_utf8_DecodeLastRuneInString(RuneSize* out,
                                                        const uint8_t* s,
                                                        int64_t len) {
  rt::Rune r = rt::decodeLastRune(s, len);
  *out = RuneSize{r.r, r.size};
}

extern "C" bool csp_unicode_utf8_ValidString(const uint8_t* s, int64_t len) {
  for (int64_t i = 0; i < len;) {
    rt::Rune r = rt::decodeRune(s, len, i);
    if (r.r == 0xFFFD && r.size == 1 &&
        !(len - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD))
      return false;
    i += r.size;
  }
  return true;
}
