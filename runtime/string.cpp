// Strings: concatenation, comparison, conversions and UTF-8, as Go's
// string.go and utf8.go. Strings are immutable {data, len} views; every new
// string's bytes are noscan GC memory.
#include "runtime/string.h"

#include <cstring>

#include "runtime/gc.h"
#include "runtime/slice.h"

namespace csp::rt {

CspString makeString(std::string_view s) {
  if (s.empty()) return CspString{nullptr, 0};
  auto* p = static_cast<uint8_t*>(gcAllocNoscan(s.size()));
  std::memcpy(p, s.data(), s.size());
  return CspString{p, static_cast<int64_t>(s.size())};
}

// As Go's utf8.DecodeRune.
Rune decodeRune(const uint8_t* s, int64_t len, int64_t pos) {
  int64_t n = len - pos;
  if (n <= 0) return {0xFFFD, 0};
  uint8_t c0 = s[pos];
  if (c0 < 0x80) return {c0, 1};
  auto cont = [&](int64_t i) { return i < n && (s[pos + i] & 0xC0) == 0x80; };
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (!cont(1)) return {0xFFFD, 1};
    return {((c0 & 0x1F) << 6) | (s[pos + 1] & 0x3F), 2};
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    if (n < 2) return {0xFFFD, 1};
    uint8_t c1 = s[pos + 1];
    uint8_t lo = c0 == 0xE0 ? 0xA0 : 0x80, hi = c0 == 0xED ? 0x9F : 0xBF;
    if (c1 < lo || c1 > hi || !cont(2)) return {0xFFFD, 1};
    return {((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (s[pos + 2] & 0x3F), 3};
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    if (n < 2) return {0xFFFD, 1};
    uint8_t c1 = s[pos + 1];
    uint8_t lo = c0 == 0xF0 ? 0x90 : 0x80, hi = c0 == 0xF4 ? 0x8F : 0xBF;
    if (c1 < lo || c1 > hi || !cont(2) || !cont(3)) return {0xFFFD, 1};
    return {((c0 & 0x07) << 18) | ((c1 & 0x3F) << 12) |
                ((s[pos + 2] & 0x3F) << 6) | (s[pos + 3] & 0x3F),
            4};
  }
  return {0xFFFD, 1};
}

// As Go's utf8.DecodeLastRune.
Rune decodeLastRune(const uint8_t* s, int64_t len) {
  if (len <= 0) return {0xFFFD, 0};
  if (s[len - 1] < 0x80) return {s[len - 1], 1};
  int64_t lim = len - 4 < 0 ? 0 : len - 4;
  int64_t start = len - 1;
  for (start--; start >= lim; start--)
    if ((s[start] & 0xC0) != 0x80) break;
  if (start < 0) start = 0;
  Rune r = decodeRune(s, len, start);
  if (start + r.size != len) return {0xFFFD, 1};
  return r;
}

int runeLen(int32_t r) {
  if (r < 0) return 3;
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xD800 && r <= 0xDFFF) return 3;
  if (r < 0x10000) return 3;
  if (r <= 0x10FFFF) return 4;
  return 3;
}

// As Go's utf8.EncodeRune.
void appendRune(std::string* out, int32_t r) {
  uint32_t c = static_cast<uint32_t>(r);
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" CspString csp_rt_concat(const uint8_t* a, int64_t alen,
                                   const uint8_t* b, int64_t blen) {
  if (alen == 0) return CspString{b, blen};
  if (blen == 0) return CspString{a, alen};
  auto* p =
      static_cast<uint8_t*>(gcAllocNoscan(static_cast<size_t>(alen + blen)));
  std::memcpy(p, a, static_cast<size_t>(alen));
  std::memcpy(p + alen, b, static_cast<size_t>(blen));
  return CspString{p, alen + blen};
}

extern "C" CspString csp_rt_concatn(const CspString* parts, int64_t n) {
  int64_t total = 0;
  int64_t nonempty = 0, last = 0;
  for (int64_t i = 0; i < n; i++) {
    total += parts[i].len;
    if (parts[i].len) nonempty++, last = i;
  }
  if (nonempty == 0) return CspString{nullptr, 0};
  if (nonempty == 1) return parts[last];
  auto* p = static_cast<uint8_t*>(gcAllocNoscan(static_cast<size_t>(total)));
  int64_t off = 0;
  for (int64_t i = 0; i < n; i++) {
    if (parts[i].len)
      std::memcpy(p + off, parts[i].data, static_cast<size_t>(parts[i].len));
    off += parts[i].len;
  }
  return CspString{p, total};
}

extern "C" int64_t csp_rt_strcmp(const uint8_t* a, int64_t alen,
                                 const uint8_t* b, int64_t blen) {
  int64_t n = alen < blen ? alen : blen;
  int c = n ? std::memcmp(a, b, static_cast<size_t>(n)) : 0;
  if (c != 0) return c;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

extern "C" bool csp_rt_streq(const uint8_t* a, int64_t alen, const uint8_t* b,
                             int64_t blen) {
  if (alen != blen) return false;
  if (a == b || alen == 0) return true;
  return std::memcmp(a, b, static_cast<size_t>(alen)) == 0;
}

extern "C" CspPair csp_rt_decoderune(const uint8_t* s, int64_t len,
                                     int64_t pos) {
  Rune r = decodeRune(s, len, pos);
  return CspPair{r.r, pos + (r.size ? r.size : 1)};
}

extern "C" CspString csp_rt_intstring(int64_t r) {
  std::string out;
  appendRune(&out,
             r < INT32_MIN || r > INT32_MAX ? 0xFFFD : static_cast<int32_t>(r));
  return makeString(out);
}

extern "C" CspString csp_rt_slicebytetostring(const uint8_t* p, int64_t len) {
  return makeString(std::string_view(reinterpret_cast<const char*>(p),
                                     static_cast<size_t>(len)));
}

extern "C" CspString csp_rt_slicerunetostring(const int32_t* p, int64_t len) {
  std::string out;
  for (int64_t i = 0; i < len; i++) appendRune(&out, p[i]);
  return makeString(out);
}

extern "C" void csp_rt_stringtoslicebyte(CspSlice* out, const uint8_t* s,
                                         int64_t len) {
  // As Go: the capacity is rounded up to the allocation's size class.
  int64_t cap = len ? roundupsize(len) : 0;
  void* p = cap ? gcAllocNoscan(static_cast<size_t>(cap)) : nullptr;
  if (len) std::memcpy(p, s, static_cast<size_t>(len));
  *out = CspSlice{p, len, cap};
}

extern "C" void csp_rt_stringtoslicerune(CspSlice* out, const uint8_t* s,
                                         int64_t len) {
  int64_t n = 0;
  for (int64_t i = 0; i < len; n++) {
    Rune r = decodeRune(s, len, i);
    i += r.size;
  }
  int64_t cap = n ? roundupsize(n * 4) / 4 : 0;
  auto* p = static_cast<int32_t*>(
      cap ? gcAllocNoscan(static_cast<size_t>(cap * 4)) : nullptr);
  int64_t k = 0;
  for (int64_t i = 0; i < len; k++) {
    Rune r = decodeRune(s, len, i);
    p[k] = r.r;
    i += r.size;
  }
  *out = CspSlice{p, n, cap};
}
