// UTF-8 helpers and the decoding of literal text (unquoteString and
// unquoteChar from lex.h), following Go's strconv.Unquote.
#include "compiler/lex_util.h"

#include <cstdio>

#include "compiler/lex.h"

namespace csp::lex {

uint32_t decodeRune(const std::string& s, uint32_t off, int32_t* r) {
  auto b = [&](uint32_t i) -> uint32_t {
    return off + i < s.size() ? uint8_t(s[off + i]) : 0;
  };
  uint32_t c = b(0);
  if (off >= s.size()) return 0;
  if (c < 0x80) {
    *r = int32_t(c);
    return 1;
  }
  uint32_t n, cp, min;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  for (uint32_t i = 1; i < n; i++) {
    uint32_t cc = b(i);
    if (off + i >= s.size() || (cc & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return 0;
  *r = int32_t(cp);
  return n;
}

void appendRune(std::string* out, uint32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r < 0xE000)) r = 0xFFFD;
  if (r < 0x80) {
    *out += char(r);
  } else if (r < 0x800) {
    *out += char(0xC0 | r >> 6);
    *out += char(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    *out += char(0xE0 | r >> 12);
    *out += char(0x80 | ((r >> 6) & 0x3F));
    *out += char(0x80 | (r & 0x3F));
  } else {
    *out += char(0xF0 | r >> 18);
    *out += char(0x80 | ((r >> 12) & 0x3F));
    *out += char(0x80 | ((r >> 6) & 0x3F));
    *out += char(0x80 | (r & 0x3F));
  }
}

namespace {

// A rough strconv.IsPrint: not a control character, not a surrogate.
bool isPrint(uint32_t r) {
  if (r < 0x20 || r == 0x7F) return false;
  if (r >= 0x80 && r < 0xA0) return false;
  if (r == 0xAD || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000)) return false;
  if (r == 0xFEFF || r == 0xFFFE || r == 0xFFFF) return false;
  return true;
}

}  // namespace

std::string formatRuneU(uint32_t r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "U+%04X", unsigned(r));
  std::string out = buf;
  if (isPrint(r)) {
    out += " '";
    appendRune(&out, r);
    out += "'";
  }
  return out;
}

std::string quoteRune(uint32_t r) {
  std::string out = "'";
  char buf[16];
  switch (r) {
    case '\a':
      out += "\\a";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\v':
      out += "\\v";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\'':
      out += "\\'";
      break;
    default:
      if (isPrint(r)) {
        appendRune(&out, r);
      } else if (r < 0x80) {
        std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(r));
        out += buf;
      } else if (r < 0x10000) {
        std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(r));
        out += buf;
      } else {
        std::snprintf(buf, sizeof buf, "\\U%08x", unsigned(r));
        out += buf;
      }
  }
  return out + "'";
}

namespace {

int hexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one character or escape of a quoted literal at s[*i] (not the
// closing quote) into *out. *is_byte tells whether it is a byte value
// (\x, octal) rather than a code point. As strconv.UnquoteChar.
bool unquoteOne(const std::string& s, size_t* i, char quote, uint32_t* out,
                bool* is_byte) {
  *is_byte = false;
  if (*i >= s.size()) return false;
  char c = s[*i];
  if (c == quote || c == '\n') return false;
  if (c != '\\') {
    int32_t r;
    uint32_t w = decodeRune(s, uint32_t(*i), &r);
    if (w == 0) {  // invalid UTF-8 stands for itself, a byte
      *out = uint8_t(c);
      *is_byte = true;
      *i += 1;
      return true;
    }
    *out = uint32_t(r);
    *i += w;
    return true;
  }
  if (*i + 1 >= s.size()) return false;
  char e = s[*i + 1];
  *i += 2;
  switch (e) {
    case 'a':
      *out = '\a';
      return true;
    case 'b':
      *out = '\b';
      return true;
    case 'f':
      *out = '\f';
      return true;
    case 'n':
      *out = '\n';
      return true;
    case 'r':
      *out = '\r';
      return true;
    case 't':
      *out = '\t';
      return true;
    case 'v':
      *out = '\v';
      return true;
    case '\\':
      *out = '\\';
      return true;
    case '\'':
    case '"':
      if (e != quote) return false;
      *out = uint32_t(e);
      return true;
    case 'x':
    case 'u':
    case 'U': {
      int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      uint32_t v = 0;
      for (int k = 0; k < n; k++, (*i)++) {
        if (*i >= s.size() || hexVal(s[*i]) < 0) return false;
        v = v << 4 | uint32_t(hexVal(s[*i]));
      }
      if (e == 'x') {
        *is_byte = true;
      } else if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
        return false;
      }
      *out = v;
      return true;
    }
    default:
      if (e < '0' || e > '7') return false;
      uint32_t v = uint32_t(e - '0');
      for (int k = 0; k < 2; k++, (*i)++) {
        if (*i >= s.size() || s[*i] < '0' || s[*i] > '7') return false;
        v = v * 8 + uint32_t(s[*i] - '0');
      }
      if (v > 255) return false;
      *out = v;
      *is_byte = true;
      return true;
  }
}

}  // namespace

bool unquoteString(const std::string& raw, std::string* out) {
  out->clear();
  if (raw.size() < 2) return false;
  char q = raw[0];
  if (raw.back() != q) return false;
  if (q == '`') {
    for (size_t i = 1; i + 1 < raw.size(); i++) {
      if (raw[i] == '`') return false;
      if (raw[i] != '\r') *out += raw[i];
    }
    return true;
  }
  if (q != '"') return false;
  size_t i = 1, end = raw.size() - 1;
  while (i < end) {
    uint32_t v;
    bool is_byte;
    if (!unquoteOne(raw, &i, '"', &v, &is_byte) || i > end) return false;
    if (is_byte)
      *out += char(v);
    else
      appendRune(out, v);
  }
  return true;
}

bool unquoteChar(const std::string& raw, uint32_t* out) {
  if (raw.size() < 3 || raw[0] != '\'' || raw.back() != '\'') return false;
  size_t i = 1;
  bool is_byte;
  if (!unquoteOne(raw, &i, '\'', out, &is_byte)) return false;
  return i == raw.size() - 1;
}

}  // namespace csp::lex
