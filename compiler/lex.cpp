// The lexer: UTF-8 source text to tokens.
//
// A port of Go's cmd/compile/internal/syntax scanner, so that csp reports
// the same lexical errors, in the same words, at the same columns:
//   - one rune of lookahead (`ch`), decoded from UTF-8 at `off`; bytes that
//     are not valid UTF-8, NUL bytes and a BOM after the first byte are
//     reported once, when the scanner moves past them;
//   - automatic semicolons (https://go.dev/ref/spec#Semicolons): after an
//     identifier, a literal, one of the keywords break continue fallthrough
//     return, or one of ++ -- ) ] }, a newline or the end of the file
//     becomes a ';' (Token::text "\n" or ""). A /* */ comment that spans
//     lines counts as a newline;
//   - number literals are scanned loosely (any digits, any '_') and then
//     validated, as Go does, so that the messages name the bad digit or
//     separator: "invalid digit '8' in octal literal", "'_' must separate
//     successive digits".
// Every loop advances `off` or stops at the end: no input can hang it.
#include "compiler/lex.h"

#include <clocale>
#include <cstring>
#include <cwctype>
#include <string>

#include "compiler/lex_util.h"

namespace csp::lex {

struct LexerImpl {
  Lexer* lx;
  const std::string& src;
  uint32_t off;               // offset of ch
  int32_t ch = -1;            // current rune; -1 at the end
  uint32_t width = 0;         // bytes of ch
  const char* bad = nullptr;  // why ch is invalid (reported on nextch)
  uint32_t start = 0;         // offset of the token being scanned

  explicit LexerImpl(Lexer* l) : lx(l), src(l->file_->text), off(l->off_) {
    decode();
    skipInvisible();  // only at the start can ch be a NUL or BOM here
  }

  void error(uint32_t at, const std::string& msg) {
    if (lx->diags_) lx->diags_->error(Pos{lx->file_, at}, msg);
  }
  void errorHere(const std::string& msg) { error(off, msg); }

  // Decodes the rune at off into ch/width/bad.
  void decode() {
    bad = nullptr;
    if (off >= src.size()) {
      ch = -1;
      width = 0;
      return;
    }
    width = decodeRune(src, off, &ch);
    if (width == 0) {
      ch = 0xFFFD;
      width = 1;
      bad = "invalid UTF-8 encoding";
    } else if (ch == 0) {
      bad = "invalid NUL character";
    } else if (ch == 0xFEFF) {
      bad = "invalid BOM in the middle of the file";
    }
  }

  // Moves past ch, reporting it if it is invalid (bytes that are not
  // UTF-8: Go skips them at the start of a token, and ends a token there).
  void nextch() {
    if (ch < 0) return;
    if (bad) error(off, bad);
    off += width;
    decode();
    skipInvisible();
  }

  // As Go's source reader: a NUL or a BOM is reported and skipped, so
  // that a token goes on across it.
  void skipInvisible() {
    while (ch == 0 || ch == 0xFEFF) {
      error(off, bad);
      off += width;
      decode();
    }
  }

  Token make(Tok kind) {
    Token t;
    t.kind = kind;
    t.pos = Pos{lx->file_, start};
    if (kind == Tok::Ident || kind == Tok::Int || kind == Tok::Float ||
        kind == Tok::Imag || kind == Tok::Char || kind == Tok::String ||
        kind == Tok::Comment)
      t.text = src.substr(start, off - start);
    return t;
  }

  Token scan();
  Token scanIdent();
  // A number literal being scanned (as the locals of Go's scanner.number).
  struct Number {
    bool ok = true;
    Tok kind = Tok::Int;
    int base = 10;
    char prefix = 0;   // 0 (decimal), '0' (0-octal), 'x', 'o', or 'b'
    int digsep = 0;    // bit 0: a digit seen, bit 1: a '_' seen
    int invalid = -1;  // index of the first digit too large for base
  };
  Token scanNumber(bool seen_point);
  void numberPrefix(Number* n);
  void numberExponent(Number* n);
  void numberCheck(const Number& n, const std::string& text);
  int digits(int base, int* invalid);
  Token scanString();
  Token scanRawString();
  Token scanRune();
  bool escape(int32_t quote);
  bool skipComment(bool* newline);
  Token scanSlash();
  Token scanOperator();
};

// ---------------------------------------------------------------------------
// Character classes

namespace {

bool isDecimal(int32_t c) { return c >= '0' && c <= '9'; }
bool isHex(int32_t c) {
  return isDecimal(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int32_t lower(int32_t c) { return c | 0x20; }

locale_t utf8Locale() {
  static locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
    if (!l) l = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", locale_t(0));
    return l;
  }();
  return loc;
}

// unicode.IsLetter, as far as the C library knows Unicode.
bool isUnicodeLetter(int32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  locale_t loc = utf8Locale();
  if (!loc) return true;
  return iswalpha_l(wint_t(c), loc) && !iswdigit_l(wint_t(c), loc);
}

bool isUnicodeDigit(int32_t c) {
  if (c < 0x80) return isDecimal(c);
  // The common Unicode decimal digit blocks (Nd).
  static const int32_t kZeros[] = {
      0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66,  0xAE6,  0xB66,  0xBE6, 0xC66,
      0xCE6, 0xD66, 0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10};
  for (int32_t z : kZeros)
    if (c >= z && c <= z + 9) return true;
  return false;
}

bool isLetter(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

const char* baseName(int base) {
  switch (base) {
    case 2:
      return "binary";
    case 8:
      return "octal";
    case 10:
      return "decimal";
    default:
      return "hexadecimal";
  }
}

struct Keyword {
  const char* name;
  Tok tok;
};

const Keyword kKeywords[] = {
    {"break", Tok::Break},
    {"case", Tok::Case},
    {"chan", Tok::Chan},
    {"const", Tok::Const},
    {"continue", Tok::Continue},
    {"default", Tok::Default},
    {"defer", Tok::Defer},
    {"else", Tok::Else},
    {"fallthrough", Tok::Fallthrough},
    {"for", Tok::For},
    {"func", Tok::Func},
    {"go", Tok::Go},
    {"goto", Tok::Goto},
    {"if", Tok::If},
    {"import", Tok::Import},
    {"interface", Tok::Interface},
    {"map", Tok::Map},
    {"package", Tok::Package},
    {"range", Tok::Range},
    {"return", Tok::Return},
    {"select", Tok::Select},
    {"struct", Tok::Struct},
    {"switch", Tok::Switch},
    {"type", Tok::Type},
    {"var", Tok::Var},
};

Tok lookupKeyword(const char* s, size_t n) {
  if (n < 2 || n > 11 || s[0] < 'b' || s[0] > 'v') return Tok::Ident;
  for (const Keyword& k : kKeywords)
    if (std::strlen(k.name) == n && std::memcmp(k.name, s, n) == 0)
      return k.tok;
  return Tok::Ident;
}

// Does a newline after this token end the statement?
bool endsStatement(Tok t) {
  switch (t) {
    case Tok::Ident:
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Char:
    case Tok::String:
    case Tok::Break:
    case Tok::Continue:
    case Tok::Fallthrough:
    case Tok::Return:
    case Tok::Inc:
    case Tok::Dec:
    case Tok::RParen:
    case Tok::RBrack:
    case Tok::RBrace:
      return true;
    default:
      return false;
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Tokens

Token LexerImpl::scan() {
redo:
  while (ch == ' ' || ch == '\t' || (ch == '\n' && !lx->insert_semi_) ||
         ch == '\r')
    nextch();
  start = off;
  if (isLetter(ch) || (ch >= 0x80 && !bad)) return scanIdent();
  switch (ch) {
    case -1:
      if (lx->insert_semi_) return make(Tok::Semicolon);  // text ""
      return make(Tok::Eof);
    case '\n': {
      nextch();
      Token t = make(Tok::Semicolon);
      t.text = "\n";
      return t;
    }
    case '"':
      return scanString();
    case '`':
      return scanRawString();
    case '\'':
      return scanRune();
    case '/': {
      Token t = scanSlash();
      if (t.kind == Tok::Illegal) goto redo;  // a skipped comment
      return t;
    }
    default:
      if (isDecimal(ch)) return scanNumber(false);
      if (ch == '.' && off + 1 < src.size() && isDecimal(src[off + 1])) {
        nextch();
        return scanNumber(true);
      }
      if (bad) {  // invalid UTF-8, NUL, BOM: nextch reports it
        nextch();
        goto redo;
      }
      {
        Token t = scanOperator();
        if (t.kind != Tok::Illegal) return t;
      }
      errorHere("invalid character " + formatRuneU(ch));
      nextch();
      goto redo;
  }
}

// identifier = letter { letter | unicode_digit } .
// As Go's atIdentChar: a non-ASCII rune that is no letter is reported and
// taken into the identifier, so that the parser sees one token.
Token LexerImpl::scanIdent() {
  bool first = true;
  for (;;) {
    if (isLetter(ch) || isDecimal(ch)) {
      // ok
    } else if (ch >= 0x80 && !bad) {
      if (isUnicodeLetter(ch)) {
        // ok
      } else if (isUnicodeDigit(ch)) {
        if (first)
          errorHere("identifier cannot begin with digit " + formatRuneU(ch));
      } else {
        errorHere("invalid character " + formatRuneU(ch) + " in identifier");
      }
    } else {
      break;
    }
    first = false;
    nextch();
  }
  Tok kw = lookupKeyword(src.data() + start, off - start);
  Token t = make(kw == Tok::Ident ? Tok::Ident : kw);
  return t;
}

// Scans digits of `base` (any decimal digit when base <= 10, recording the
// first one too large in *invalid) and '_'. Returns bit 0: a digit was
// seen, bit 1: a '_' was seen. As Go's scanner.digits.
int LexerImpl::digits(int base, int* invalid) {
  int digsep = 0;
  if (base <= 10) {
    int32_t max = '0' + base;
    while (isDecimal(ch) || ch == '_') {
      int ds = 1;
      if (ch == '_')
        ds = 2;
      else if (ch >= max && invalid && *invalid < 0)
        *invalid = int(off - start);
      digsep |= ds;
      nextch();
    }
  } else {
    while (isHex(ch) || ch == '_') {
      digsep |= ch == '_' ? 2 : 1;
      nextch();
    }
  }
  return digsep;
}

namespace {

// The index of the first '_' in a number literal that does not separate
// two digits, or -1. As Go's invalidSep.
int invalidSep(const std::string& x) {
  char x1 = ' ';  // prefix char, we only care if it's 'x'
  char d = '.';   // '_', '0' (a digit), or '.' (anything else)
  size_t i = 0;
  if (x.size() >= 2 && x[0] == '0') {
    x1 = char(lower(x[1]));
    if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
      d = '0';
      i = 2;
    }
  }
  for (; i < x.size(); i++) {
    char p = d;
    d = x[i];
    if (d == '_') {
      if (p != '0') return int(i);
    } else if (isDecimal(d) || (x1 == 'x' && isHex(d))) {
      d = '0';
    } else {
      if (p == '_') return int(i) - 1;
      d = '.';
    }
  }
  if (d == '_') return int(x.size()) - 1;
  return -1;
}

}  // namespace

// int_lit | float_lit | imaginary_lit, as Go's scanner.number.
Token LexerImpl::scanNumber(bool seen_point) {
  Number n;
  if (!seen_point) {
    numberPrefix(&n);
    n.digsep |= digits(n.base, &n.invalid);
    if (ch == '.') {
      if (n.prefix == 'o' || n.prefix == 'b') {
        errorHere(std::string("invalid radix point in ") + baseName(n.base) +
                  " literal");
        n.ok = false;
      }
      nextch();
      seen_point = true;
    }
  }
  if (seen_point) {
    n.kind = Tok::Float;
    n.digsep |= digits(n.base, &n.invalid);
  }
  if ((n.digsep & 1) == 0 && n.ok) {
    errorHere(std::string(baseName(n.base)) + " literal has no digits");
    n.ok = false;
  }
  numberExponent(&n);
  if (ch == 'i') {
    n.kind = Tok::Imag;
    nextch();
  }
  Token t = make(n.kind);
  numberCheck(n, t.text);
  return t;
}

// The base prefix: 0x 0o 0b, or a leading 0 (an octal literal, unless it
// turns out to be a float).
void LexerImpl::numberPrefix(Number* n) {
  if (ch != '0') return;
  nextch();
  switch (lower(ch)) {
    case 'x':
      n->base = 16;
      break;
    case 'o':
      n->base = 8;
      break;
    case 'b':
      n->base = 2;
      break;
    default:
      n->base = 8;
      n->prefix = '0';
      n->digsep = 1;  // the leading 0 is a digit
      return;
  }
  n->prefix = char(lower(ch));
  nextch();
}

// [ ( "e" | "E" | "p" | "P" ) [ "+" | "-" ] decimal_digits ]
void LexerImpl::numberExponent(Number* n) {
  int32_t e = lower(ch);
  if (e != 'e' && e != 'p') {
    if (n->prefix == 'x' && n->kind == Tok::Float && n->ok) {
      errorHere("hexadecimal mantissa requires a 'p' exponent");
      n->ok = false;
    }
    return;
  }
  if (n->ok) {
    if (e == 'e' && n->prefix != 0 && n->prefix != '0') {
      errorHere("'" + std::string(1, char(ch)) +
                "' exponent requires decimal mantissa");
      n->ok = false;
    } else if (e == 'p' && n->prefix != 'x') {
      errorHere("'" + std::string(1, char(ch)) +
                "' exponent requires hexadecimal mantissa");
      n->ok = false;
    }
  }
  nextch();
  n->kind = Tok::Float;
  if (ch == '+' || ch == '-') nextch();
  n->digsep = digits(10, nullptr) | (n->digsep & 2);
  if ((n->digsep & 1) == 0 && n->ok) {
    errorHere("exponent has no digits");
    n->ok = false;
  }
}

// The checks Go makes once the literal's text is known: a digit too
// large for an integer's base, and misplaced '_' separators.
void LexerImpl::numberCheck(const Number& n, const std::string& text) {
  if (!n.ok) return;
  if (n.kind == Tok::Int && n.invalid >= 0) {
    error(start + uint32_t(n.invalid), std::string("invalid digit '") +
                                           text[size_t(n.invalid)] + "' in " +
                                           baseName(n.base) + " literal");
    return;
  }
  if (n.digsep & 2) {
    int i = invalidSep(text);
    if (i >= 0)
      error(start + uint32_t(i), "'_' must separate successive digits");
  }
}

// An escape after '\' inside a rune or string literal quoted by `quote`.
// As Go's scanner.escape: false (after reporting) for a bad escape.
bool LexerImpl::escape(int32_t quote) {
  int n;
  uint32_t base, max;
  switch (ch) {
    case 'a':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case '\\':
      nextch();
      return true;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
      n = 3, base = 8, max = 255;
      break;
    case 'x':
      nextch();
      n = 2, base = 16, max = 255;
      break;
    case 'u':
      nextch();
      n = 4, base = 16, max = 0x10FFFF;
      break;
    case 'U':
      nextch();
      n = 8, base = 16, max = 0x10FFFF;
      break;
    default:
      if (ch == quote) {
        nextch();
        return true;
      }
      if (ch < 0) return true;  // the caller reports the missing end
      errorHere("unknown escape");
      return false;
  }
  uint32_t x = 0;
  for (int i = n; i > 0; i--) {
    if (ch < 0) return true;
    uint32_t d = base;
    if (isDecimal(ch))
      d = uint32_t(ch - '0');
    else if (lower(ch) >= 'a' && lower(ch) <= 'f')
      d = uint32_t(lower(ch) - 'a' + 10);
    if (d >= base) {
      errorHere("invalid character " + quoteRune(ch) + " in " +
                baseName(int(base)) + " escape");
      return false;
    }
    x = x * base + d;
    nextch();
  }
  if (x > max && base == 8) {
    errorHere("octal escape value " + std::to_string(x) + " > 255");
    return false;
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    errorHere("escape is invalid Unicode code point " + formatRuneU(x));
    return false;
  }
  return true;
}

// string_lit (interpreted) = `"` { unicode_value | byte_value } `"` .
Token LexerImpl::scanString() {
  nextch();
  for (;;) {
    if (ch == '"') {
      nextch();
      break;
    }
    if (ch == '\\') {
      nextch();
      escape('"');
      continue;
    }
    if (ch == '\n') {
      errorHere("newline in string");
      break;
    }
    if (ch < 0) {
      error(start, "string literal not terminated");
      break;
    }
    nextch();
  }
  return make(Tok::String);
}

// raw_string_lit = "`" { unicode_char | newline } "`" .
Token LexerImpl::scanRawString() {
  nextch();
  for (;;) {
    if (ch == '`') {
      nextch();
      break;
    }
    if (ch < 0) {
      error(start, "string literal not terminated");
      break;
    }
    nextch();
  }
  return make(Tok::String);
}

// rune_lit = "'" ( unicode_value | byte_value ) "'" .
Token LexerImpl::scanRune() {
  bool ok = true;
  nextch();
  for (int n = 0;; n++) {
    if (ch == '\'') {
      if (ok) {
        if (n == 0) {
          errorHere("empty rune literal or unescaped '");
          ok = false;
        } else if (n != 1) {
          error(start, "more than one character in rune literal");
          ok = false;
        }
      }
      nextch();
      break;
    }
    if (ch == '\\') {
      nextch();
      if (!escape('\'')) ok = false;
      continue;
    }
    if (ch == '\n') {
      if (ok) errorHere("newline in rune literal");
      break;
    }
    if (ch < 0) {
      if (ok) error(start, "rune literal not terminated");
      break;
    }
    nextch();
  }
  return make(Tok::Char);
}

// Skips a comment starting at "//" or "/*" (ch is the second character
// consumed already, off is just after it). Sets *newline when a general
// comment spans lines. Returns false for an unterminated general comment.
bool LexerImpl::skipComment(bool* newline) {
  *newline = false;
  if (src[start + 1] == '/') {
    while (ch >= 0 && ch != '\n') nextch();
    return true;
  }
  for (;;) {
    if (ch < 0) {
      error(start, "comment not terminated");
      return false;
    }
    if (ch == '\n') *newline = true;
    if (ch == '*' && off + 1 < src.size() && src[off + 1] == '/') {
      nextch();
      nextch();
      return true;
    }
    nextch();
  }
}

// "/" "/=" or a comment; Tok::Illegal for a comment to skip.
Token LexerImpl::scanSlash() {
  uint32_t next = off + 1;
  char c2 = next < src.size() ? src[next] : 0;
  if (c2 != '/' && c2 != '*') {
    nextch();
    if (ch == '=') {
      nextch();
      return make(Tok::QuoAssign);
    }
    return make(Tok::Quo);
  }
  bool semi = lx->insert_semi_;
  if (c2 == '*' && semi && lx->keep_comments_) {
    // The semicolon comes first, then (on the next call) the comment.
    size_t end = src.find("*/", start + 2);
    size_t stop = end == std::string::npos ? src.size() : end;
    if (src.find('\n', start + 2) < stop) {
      Token t = make(Tok::Semicolon);
      t.text = "\n";
      return t;
    }
  }
  nextch();
  nextch();
  bool newline = false;
  skipComment(&newline);
  if (newline && semi && !lx->keep_comments_) {
    Token t = make(Tok::Semicolon);
    t.text = "\n";
    return t;
  }
  if (lx->keep_comments_) return make(Tok::Comment);
  return Token{};  // Tok::Illegal: skipped
}

// Operators and punctuation; Tok::Illegal when ch starts none.
Token LexerImpl::scanOperator() {
  int32_t c = ch;
  nextch();
  // The longest match: `c`, `c=`, `cc`, `cc=` as applicable.
  auto with = [&](int32_t c2, Tok yes, Tok no) {
    if (ch == c2) {
      nextch();
      return make(yes);
    }
    return make(no);
  };
  switch (c) {
    case '(':
      return make(Tok::LParen);
    case ')':
      return make(Tok::RParen);
    case '[':
      return make(Tok::LBrack);
    case ']':
      return make(Tok::RBrack);
    case '{':
      return make(Tok::LBrace);
    case '}':
      return make(Tok::RBrace);
    case ',':
      return make(Tok::Comma);
    case ';':
      return make(Tok::Semicolon);
    case '~':
      return make(Tok::Tilde);
    case '.':
      if (ch == '.' && off + 1 < src.size() && src[off + 1] == '.') {
        nextch();
        nextch();
        return make(Tok::Ellipsis);
      }
      return make(Tok::Period);
    case ':':
      return with('=', Tok::Define, Tok::Colon);
    case '+':
      if (ch == '+') return with('+', Tok::Inc, Tok::Inc);
      return with('=', Tok::AddAssign, Tok::Add);
    case '-':
      if (ch == '-') return with('-', Tok::Dec, Tok::Dec);
      return with('=', Tok::SubAssign, Tok::Sub);
    case '*':
      return with('=', Tok::MulAssign, Tok::Mul);
    case '%':
      return with('=', Tok::RemAssign, Tok::Rem);
    case '^':
      return with('=', Tok::XorAssign, Tok::Xor);
    case '=':
      return with('=', Tok::Eql, Tok::Assign);
    case '!':
      return with('=', Tok::Neq, Tok::Not);
    case '|':
      if (ch == '|') return with('|', Tok::LOr, Tok::LOr);
      return with('=', Tok::OrAssign, Tok::Or);
    case '&':
      if (ch == '&') return with('&', Tok::LAnd, Tok::LAnd);
      if (ch == '^') {
        nextch();
        return with('=', Tok::AndNotAssign, Tok::AndNot);
      }
      return with('=', Tok::AndAssign, Tok::And);
    case '<':
      if (ch == '-') return with('-', Tok::Arrow, Tok::Arrow);
      if (ch == '<') {
        nextch();
        return with('=', Tok::ShlAssign, Tok::Shl);
      }
      return with('=', Tok::Leq, Tok::Lss);
    case '>':
      if (ch == '>') {
        nextch();
        return with('=', Tok::ShrAssign, Tok::Shr);
      }
      return with('=', Tok::Geq, Tok::Gtr);
    default:
      // Not an operator: undo (ch was a single character).
      off = start;
      decode();
      return Token{};
  }
}

// ---------------------------------------------------------------------------
// Lexer

Lexer::Lexer(const SourceFile* file, Diagnostics* diags)
    : file_(file), diags_(diags) {
  // A byte order mark is allowed (and ignored) as the first character.
  if (file_->text.compare(0, 3, "\xEF\xBB\xBF") == 0) off_ = 3;
}

Token Lexer::next() {
  LexerImpl s(this);
  Token t = s.scan();
  off_ = s.off;
  if (t.kind != Tok::Comment) insert_semi_ = endsStatement(t.kind);
  return t;
}

std::vector<Token> tokenize(const SourceFile* file, Diagnostics* diags) {
  Lexer lx(file, diags);
  std::vector<Token> out;
  for (;;) {
    out.push_back(lx.next());
    if (out.back().kind == Tok::Eof) break;
  }
  return out;
}

}  // namespace csp::lex
