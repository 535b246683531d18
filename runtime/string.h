// Strings in the runtime: building csp strings from C++ and UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/abi.h"

namespace csp::rt {

// A csp string holding a GC copy of s.
CspString makeString(std::string_view s);
inline std::string_view view(CspString s) {
  return std::string_view(reinterpret_cast<const char*>(s.data),
                          static_cast<size_t>(s.len));
}
// Decodes the rune at s[pos]: {rune, size}; invalid: {0xFFFD, 1}.
struct Rune {
  int32_t r;
  int size;
};
Rune decodeRune(const uint8_t* s, int64_t len, int64_t pos);
// Decodes the last rune of s[0:len).
Rune decodeLastRune(const uint8_t* s, int64_t len);
// Appends the UTF-8 of r (0xFFFD when invalid) to out.
void appendRune(std::string* out, int32_t r);
int runeLen(int32_t r);

}  // namespace csp::rt
