// fmt's Fmt: padding and the formatting of one basic value, as Go's
// fmt/format.go (function for function, so the two read side by side).
#include <string>

#include "runtime/string.h"
#include "stdlib/fmt_impl.h"
#include "stdlib/strconv_impl.h"

namespace csp::stdlib {

namespace {
const char kLdigits[] = "0123456789abcdefx";
const char kUdigits[] = "0123456789ABCDEFX";

int runeCount(std::string_view s) {
  int n = 0;
  auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int64_t len = static_cast<int64_t>(s.size());
  for (int64_t i = 0; i < len; n++) i += rt::decodeRune(p, len, i).size;
  return n;
}
}  // namespace

void Fmt::clearflags() {
  wid = prec = 0;
  widPresent = precPresent = false;
  minus = plus = sharp = space = zero = false;
  plusV = sharpV = false;
}

void Fmt::writePadding(int n) {
  if (n <= 0) return;
  buf->append(static_cast<size_t>(n), zero ? '0' : ' ');
}

void Fmt::pad(std::string_view s) {
  if (!widPresent || wid == 0) {
    buf->append(s);
    return;
  }
  int width = wid - runeCount(s);
  if (!minus) {
    writePadding(width);
    buf->append(s);
  } else {
    buf->append(s);
    writePadding(width);
  }
}

void Fmt::fmtBoolean(bool v) { padString(v ? "true" : "false"); }

// As Go's fmtInteger.
void Fmt::fmtInteger(uint64_t u, int base, bool is_signed, int32_t verb,
                     bool upper) {
  const char* digits = upper ? kUdigits : kLdigits;
  bool negative = is_signed && static_cast<int64_t>(u) < 0;
  if (negative) u = 0 - u;
  int p = 0;
  if (precPresent) {
    p = prec;
    if (p == 0 && u == 0) {
      bool old = zero;
      zero = false;
      writePadding(wid);
      zero = old;
      return;
    }
  } else if (zero && widPresent) {
    p = wid;
    if (negative || plus || space) p--;
  }
  std::string b;
  do {
    b.push_back(digits[u % static_cast<unsigned>(base)]);
    u /= static_cast<unsigned>(base);
  } while (u);
  while (static_cast<int>(b.size()) < p) b.push_back('0');
  if (sharp) {
    switch (base) {
      case 2:
        b += "b0";
        break;
      case 8:
        if (b.back() != '0') b.push_back('0');
        break;
      case 16:
        b.push_back(digits[16]);
        b.push_back('0');
        break;
    }
  }
  if (verb == 'O') b += "o0";
  if (negative)
    b.push_back('-');
  else if (plus)
    b.push_back('+');
  else if (space)
    b.push_back(' ');
  std::string out(b.rbegin(), b.rend());
  bool old = zero;
  zero = false;
  pad(out);
  zero = old;
}

// As Go's fmtUnicode: U+0041, and with # U+0041 'A'.
void Fmt::fmtUnicode(uint64_t u) {
  int p = 4;
  if (precPresent && prec > 4) p = prec;
  std::string hex;
  uint64_t v = u;
  do {
    hex.insert(hex.begin(), kUdigits[v & 0xF]);
    v >>= 4;
  } while (v);
  while (static_cast<int>(hex.size()) < p) hex.insert(hex.begin(), '0');
  std::string out = "U+" + hex;
  if (sharp && u <= 0x10FFFF && isPrint(static_cast<int32_t>(u))) {
    out += " '";
    rt::appendRune(&out, static_cast<int32_t>(u));
    out += "'";
  }
  bool old = zero;
  zero = false;
  pad(out);
  zero = old;
}

void Fmt::fmtC(uint64_t c) {
  int32_t r = c > 0x10FFFF ? 0xFFFD : static_cast<int32_t>(c);
  std::string s;
  rt::appendRune(&s, r);
  pad(s);
}

void Fmt::fmtQc(uint64_t c) {
  int32_t r = c > 0x10FFFF ? 0xFFFD : static_cast<int32_t>(c);
  pad(quoteRune(r, plus));
}

// As Go's fmt.fmtFloat.
void Fmt::fmtFloat(double v, int size, int32_t verb, int p) {
  if (precPresent) p = prec;
  std::string num = formatFloat(v, static_cast<char>(verb), p, size);
  if (num[0] == '-' || num[0] == '+') {
    // keep the sign
  } else {
    num.insert(num.begin(), '+');
  }
  if (space && num[0] == '+' && !plus) num[0] = ' ';
  if (num[1] == 'I' || num[1] == 'N') {
    bool old = zero;
    zero = false;
    if (num[1] == 'N' && !space && !plus) num.erase(0, 1);
    pad(num);
    zero = old;
    return;
  }
  if (sharp && verb != 'b') {
    // Go's: a decimal point always, and %g/%x keep trailing zeros up to the
    // precision (6 when none).
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
      digits = p;
      if (digits == -1) digits = 6;
    }
    std::string tail;
    bool hasDecimalPoint = false, sawNonzeroDigit = false;
    for (size_t i = 1; i < num.size(); i++) {
      char c = num[i];
      if (c == '.') {
        hasDecimalPoint = true;
        continue;
      }
      if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tail = num.substr(i);
        num.resize(i);
        break;
      }
      if (c != '0') sawNonzeroDigit = true;
      if (sawNonzeroDigit) digits--;
    }
    if (!hasDecimalPoint) {
      if (num.size() == 2 && num[1] == '0') digits--;
      num += '.';
    }
    for (; digits > 0; digits--) num += '0';
    num += tail;
  }
  if (plus || num[0] != '+') {
    if (zero && widPresent && wid > static_cast<int>(num.size())) {
      buf->push_back(num[0]);
      writePadding(wid - static_cast<int>(num.size()));
      buf->append(num, 1, std::string::npos);
      return;
    }
    pad(num);
    return;
  }
  pad(std::string_view(num).substr(1));
}

std::string_view Fmt::truncateString(std::string_view s) {
  if (!precPresent) return s;
  int n = prec;
  auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int64_t len = static_cast<int64_t>(s.size());
  for (int64_t i = 0; i < len;) {
    if (--n < 0) return s.substr(0, static_cast<size_t>(i));
    i += rt::decodeRune(p, len, i).size;
  }
  return s;
}

void Fmt::fmtS(std::string_view s) { padString(truncateString(s)); }

// As Go's fmtSbx: hex of a string or byte slice.
void Fmt::fmtSbx(std::string_view s, bool upper) {
  const char* digits = upper ? kUdigits : kLdigits;
  int length = static_cast<int>(s.size());
  if (precPresent && prec < length) length = prec;
  int width = 2 * length;
  if (width > 0) {
    if (space) {
      if (sharp) width *= 2;
      width += length - 1;
    } else if (sharp) {
      width += 2;
    }
  } else {
    if (widPresent) writePadding(wid);
    return;
  }
  if (widPresent && wid > width && !minus) writePadding(wid - width);
  if (sharp) {
    buf->push_back('0');
    buf->push_back(digits[16]);
  }
  for (int i = 0; i < length; i++) {
    if (space && i > 0) {
      buf->push_back(' ');
      if (sharp) {
        buf->push_back('0');
        buf->push_back(digits[16]);
      }
    }
    auto c = static_cast<uint8_t>(s[static_cast<size_t>(i)]);
    buf->push_back(digits[c >> 4]);
    buf->push_back(digits[c & 0xF]);
  }
  if (widPresent && wid > width && minus) writePadding(wid - width);
}

void Fmt::fmtQ(std::string_view s) {
  s = truncateString(s);
  if (sharp && canBackquote(s)) {
    padString("`" + std::string(s) + "`");
    return;
  }
  pad(quote(s, plus));
}

}  // namespace csp::stdlib
