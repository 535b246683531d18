// Package unicode, the C++ half, and the classes strings and fmt share
// (unicode_impl.h). Case mapping covers Latin-1, Latin Extended-A, Greek
// and Cyrillic (other scripts map to themselves); letters and digits cover
// the common scripts' main blocks.
#include "stdlib/strconv_impl.h"
#include "stdlib/unicode_impl.h"

namespace csp::stdlib {

bool isSpace(int32_t r) {
  if (r <= 0xFF)
    return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0;
  return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 ||
         r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000;
}

// The DŽ, LJ, NJ, DZ digraphs: upper, title, lower in a row.
int32_t digraphBase(int32_t r) {
  if (r >= 0x1C4 && r <= 0x1CC) return 0x1C4 + 3 * ((r - 0x1C4) / 3);
  if (r >= 0x1F1 && r <= 0x1F3) return 0x1F1;
  return 0;
}

int32_t toUpper(int32_t r) {
  if (int32_t b = digraphBase(r)) return b;
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  if (r == 0xB5) return 0x39C;
  if ((r >= 0xE0 && r <= 0xFE && r != 0xF7)) return r - 32;
  if (r == 0xFF) return 0x178;
  if (r >= 0x100 && r <= 0x17F) {
    if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E))
      return (r % 2 == 0) ? r - 1 : r;
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
  if (int32_t b = digraphBase(r)) return b + 2;
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 32;
  if (r == 0x178) return 0xFF;
  if (r >= 0x100 && r <= 0x17F) {
    if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E))
      return (r % 2 == 1) ? r + 1 : r;
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

bool isUpper(int32_t r) { return toLower(r) != r; }

bool isLower(int32_t r) {
  return toUpper(r) != r || r == 0xDF || r == 0x138 || r == 0x149;
}

bool isLetter(int32_t r) {
  if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
  if (r <= 0xFF)
    return r == 0xAA || r == 0xB5 || r == 0xBA ||
           (r >= 0xC0 && r != 0xD7 && r != 0xF7);
  return (r >= 0x100 && r <= 0x24F) ||
         (r >= 0x370 && r <= 0x3FF && r != 0x37E && r != 0x387) ||
         (r >= 0x400 && r <= 0x481) || (r >= 0x48A && r <= 0x52F) ||
         (r >= 0x5D0 && r <= 0x5EA) || (r >= 0x620 && r <= 0x64A) ||
         (r >= 0x3041 && r <= 0x3096) || (r >= 0x30A1 && r <= 0x30FA) ||
         (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xAC00 && r <= 0xD7A3) ||
         (r >= 0x1E00 && r <= 0x1FFF);
}

bool isDigit(int32_t r) {
  if (r <= 0xFF) return r >= '0' && r <= '9';
  return (r >= 0x660 && r <= 0x669) || (r >= 0x6F0 && r <= 0x6F9) ||
         (r >= 0x966 && r <= 0x96F) || (r >= 0xFF10 && r <= 0xFF19);
}

// As Go's IsPunct for ASCII and Latin-1 (Pc Pd Ps Pe Pi Pf Po).
bool isPunct(int32_t r) {
  if (r < 0x80) {
    switch (r) {
      case '!':
      case '"':
      case '#':
      case '%':
      case '&':
      case '\'':
      case '(':
      case ')':
      case '*':
      case ',':
      case '-':
      case '.':
      case '/':
      case ':':
      case ';':
      case '?':
      case '@':
      case '[':
      case '\\':
      case ']':
      case '_':
      case '{':
      case '}':
        return true;
    }
    return false;
  }
  if (r <= 0xFF)
    return r == 0xA1 || r == 0xA7 || r == 0xAB || r == 0xB6 || r == 0xB7 ||
           r == 0xBB || r == 0xBF;
  return (r >= 0x2010 && r <= 0x2027) || (r >= 0x2030 && r <= 0x205E) ||
         (r >= 0x3001 && r <= 0x3003) || (r >= 0x3008 && r <= 0x3011);
}

// As Go's IsSymbol for ASCII and Latin-1 (Sm Sc Sk So).
bool isSymbol(int32_t r) {
  if (r < 0x80) {
    switch (r) {
      case '$':
      case '+':
      case '<':
      case '=':
      case '>':
      case '^':
      case '`':
      case '|':
      case '~':
        return true;
    }
    return false;
  }
  if (r <= 0xFF)
    return (r >= 0xA2 && r <= 0xA6) || r == 0xA8 || r == 0xA9 || r == 0xAC ||
           (r >= 0xAE && r <= 0xB1) || r == 0xB4 || r == 0xB8 || r == 0xD7 ||
           r == 0xF7;
  return (r >= 0x2190 && r <= 0x21FF) || (r >= 0x2200 && r <= 0x22FF) ||
         (r >= 0x20A0 && r <= 0x20C0);
}

}  // namespace csp::stdlib

using namespace csp::stdlib;

extern "C" bool csp_unicode_IsSpace(int32_t r) { return isSpace(r); }
extern "C" bool csp_unicode_IsLetter(int32_t r) { return isLetter(r); }
extern "C" bool csp_unicode_IsUpper(int32_t r) { return isUpper(r); }
extern "C" bool csp_unicode_IsLower(int32_t r) { return isLower(r); }
extern "C" bool csp_unicode_IsDigit(int32_t r) { return isDigit(r); }
extern "C" bool csp_unicode_IsNumber(int32_t r) {
  return isDigit(r) || r == 0xB2 || r == 0xB3 || r == 0xB9 ||
         (r >= 0xBC && r <= 0xBE);
}
extern "C" bool csp_unicode_IsPunct(int32_t r) { return isPunct(r); }
extern "C" bool csp_unicode_IsSymbol(int32_t r) { return isSymbol(r); }
extern "C" bool csp_unicode_IsPrint(int32_t r) {
  return r == ' ' || isPrint(r);
}
extern "C" int32_t csp_unicode_ToUpper(int32_t r) { return toUpper(r); }
extern "C" int32_t csp_unicode_ToLower(int32_t r) { return toLower(r); }
