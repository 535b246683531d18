// Exact constants (see constant.h). Integers are llvm::APInt values whose
// width grows as needed (every operation widens its operands enough that
// it cannot overflow, then trims the result); floats are rationals num/den
// of such integers, kept in lowest terms with den > 0.
#include "compiler/constant.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "compiler/arena.h"

#include <llvm/ADT/APFloat.h>
#include <llvm/ADT/APInt.h>
#include <llvm/ADT/SmallString.h>

namespace csp::types::constant {
namespace {

using llvm::APInt;

// ---------------------------------------------------------------------------
// Growing signed integers.

APInt trim(const APInt& a) {
  unsigned bits = a.getSignificantBits();
  unsigned w = ((bits + 63) / 64) * 64;
  if (w < 64) w = 64;
  return w < a.getBitWidth() ? a.trunc(w) : a;
}

APInt ext(const APInt& a, unsigned w) { return w > a.getBitWidth() ? a.sext(w) : a; }

unsigned wmax(const APInt& a, const APInt& b) {
  return std::max(a.getBitWidth(), b.getBitWidth()) + 1;
}

APInt iadd(const APInt& a, const APInt& b) {
  unsigned w = wmax(a, b);
  return trim(ext(a, w) + ext(b, w));
}
APInt isub(const APInt& a, const APInt& b) {
  unsigned w = wmax(a, b);
  return trim(ext(a, w) - ext(b, w));
}
APInt imul(const APInt& a, const APInt& b) {
  unsigned w = a.getBitWidth() + b.getBitWidth();
  return trim(ext(a, w) * ext(b, w));
}
APInt iquo(const APInt& a, const APInt& b) {
  unsigned w = wmax(a, b);
  return trim(ext(a, w).sdiv(ext(b, w)));
}
APInt irem(const APInt& a, const APInt& b) {
  unsigned w = wmax(a, b);
  return trim(ext(a, w).srem(ext(b, w)));
}
int icmp(const APInt& a, const APInt& b) {
  unsigned w = wmax(a, b);
  APInt x = ext(a, w), y = ext(b, w);
  return x.slt(y) ? -1 : (x == y ? 0 : 1);
}
APInt iabs(const APInt& a) { return trim(ext(a, a.getBitWidth() + 1).abs()); }
APInt igcd(const APInt& a, const APInt& b) {
  unsigned w = wmax(a, b);
  return trim(llvm::APIntOps::GreatestCommonDivisor(ext(iabs(a), w), ext(iabs(b), w)));
}
APInt ishl(const APInt& a, uint64_t s) {
  APInt x = ext(a, a.getBitWidth() + static_cast<unsigned>(s));
  return trim(x.shl(static_cast<unsigned>(s)));
}
APInt ibig(int64_t v) { return APInt(64, static_cast<uint64_t>(v), true); }
bool isZero(const APInt& a) { return a.isZero(); }
bool isNeg(const APInt& a) { return a.isNegative(); }
unsigned ibitlen(const APInt& a) { return iabs(a).getActiveBits(); }

APInt ipow(int64_t base, uint64_t n) {
  APInt r = ibig(1), b = ibig(base);
  while (n) {
    if (n & 1) r = imul(r, b);
    n >>= 1;
    if (n) b = imul(b, b);
  }
  return r;
}

std::string istr(const APInt& a) {
  llvm::SmallString<64> s;
  a.toString(s, 10, true);
  return std::string(s.str());
}

// ---------------------------------------------------------------------------
// The value class.

class Val : public ConstValue {
 public:
  Kind k;
  bool b = false;
  std::string s;
  APInt num{64, 0}, den{64, 1};  // Int: den == 1

  explicit Val(Kind kind) : k(kind) {}
  Kind kind() const override { return k; }
  bool boolVal() const override { return b; }
  const std::string& stringVal() const override { return s; }
  bool integral() const { return den == 1 || (den.getBitWidth() > 0 && icmp(den, ibig(1)) == 0); }
  bool fitsInt64() const override { return integral() && num.getSignificantBits() <= 64; }
  bool fitsUint64() const override { return integral() && !isNeg(num) && num.getActiveBits() <= 64; }
  int64_t int64Val() const override {
    APInt q = integral() ? num : iquo(num, den);
    return static_cast<int64_t>(q.sextOrTrunc(64).getZExtValue());
  }
  uint64_t uint64Val() const override { return static_cast<uint64_t>(int64Val()); }
  double float64Val() const override;
  float float32Val() const override;
  std::string str() const override;
};

Val* newRat(APInt n, APInt d, ConstValue::Kind k) {
  if (isNeg(d)) {
    n = isub(ibig(0), n);
    d = isub(ibig(0), d);
  }
  APInt g = igcd(n, d);
  if (!isZero(g) && icmp(g, ibig(1)) != 0) {
    n = iquo(n, g);
    d = iquo(d, g);
  }
  auto* v = make<Val>(k);
  v->num = trim(n);
  v->den = trim(d);
  if (k == ConstValue::Kind::Int && icmp(v->den, ibig(1)) != 0) v->k = ConstValue::Kind::Float;
  return v;
}

Val* newInt(APInt n) { return newRat(std::move(n), ibig(1), ConstValue::Kind::Int); }

const Val* V(Value v) { return static_cast<const Val*>(v); }

// Nearest float of num/den in the given semantics (round to nearest even).
llvm::APFloat ratToFloat(const APInt& num, const APInt& den, const llvm::fltSemantics& sem) {
  if (isZero(num)) return llvm::APFloat::getZero(sem);
  bool neg = isNeg(num);
  APInt n = iabs(num), d = iabs(den);
  int k = 66 - (static_cast<int>(n.getActiveBits()) - static_cast<int>(d.getActiveBits()));
  if (k >= 0) n = ishl(n, k); else d = ishl(d, -k);
  unsigned w = std::max(n.getBitWidth(), d.getBitWidth()) + 1;
  APInt nn = n.zext(w), dd = d.zext(w), q(w, 0), r(w, 0);
  APInt::udivrem(nn, dd, q, r);
  if (!r.isZero()) q.setBit(0);  // sticky bit
  llvm::APFloat f(sem);
  f.convertFromAPInt(q, false, llvm::APFloat::rmNearestTiesToEven);
  f = llvm::scalbn(f, -k, llvm::APFloat::rmNearestTiesToEven);
  if (neg) f.changeSign();
  return f;
}

double Val::float64Val() const {
  return ratToFloat(num, den, llvm::APFloat::IEEEdouble()).convertToDouble();
}
float Val::float32Val() const {
  return ratToFloat(num, den, llvm::APFloat::IEEEsingle()).convertToFloat();
}

std::string fmtG(double d, int prec) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*g", prec, d);
  return buf;
}

// Go's %g: the shortest representation that reads back the same.
std::string shortestG(double d) {
  for (int p = 1; p <= 17; p++) {
    std::string s = fmtG(d, p);
    if (std::strtod(s.c_str(), nullptr) == d) return s;
  }
  return fmtG(d, 17);
}

std::string Val::str() const {
  switch (k) {
    case Kind::Bool: return b ? "true" : "false";
    case Kind::String: {
      std::string q = quote(s);
      if (q.size() > 72) q = q.substr(0, 69) + "...";
      return q;
    }
    case Kind::Int: return istr(num);
    case Kind::Float: break;
  }
  if (integral() && num.getSignificantBits() <= 70) return istr(num);
  double d = float64Val();
  if (std::isinf(d)) return isNeg(num) ? "-Inf" : "+Inf";
  std::string r = fmtG(d, 6);
  if (r.find('.') == std::string::npos && !integral()) r = shortestG(d);
  return r;
}

Val* ratFromDouble(double d, ConstValue::Kind k) {
  if (d == 0) return newRat(ibig(0), ibig(1), k);
  int e = 0;
  double m = std::frexp(d, &e);
  auto mant = static_cast<int64_t>(std::ldexp(m, 64 - 11));
  e -= 53;
  if (e >= 0) return newRat(ishl(ibig(mant), e), ibig(1), k);
  return newRat(ibig(mant), ishl(ibig(1), -e), k);
}

// ---------------------------------------------------------------------------
// Literals.

std::string stripUnderscores(const std::string& s) {
  std::string r;
  for (char c : s)
    if (c != '_') r += c;
  return r;
}

Value parseInt(std::string s) {
  s = stripUnderscores(s);
  unsigned radix = 10;
  if (s.size() > 1 && s[0] == '0') {
    char c = static_cast<char>(s[1] | 0x20);
    if (c == 'x') radix = 16, s = s.substr(2);
    else if (c == 'b') radix = 2, s = s.substr(2);
    else if (c == 'o') radix = 8, s = s.substr(2);
    else radix = 8, s = s.substr(1);
  }
  if (s.empty()) return nullptr;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c)) ||
        (radix <= 10 && (c < '0' || c >= '0' + static_cast<int>(radix))))
      return nullptr;
  APInt v(static_cast<unsigned>(s.size() * 4 + 2), s, static_cast<uint8_t>(radix));
  return newInt(trim(v));
}

Value parseFloat(std::string s) {
  s = stripUnderscores(s);
  bool hex = s.size() > 1 && s[0] == '0' && (s[1] | 0x20) == 'x';
  if (hex) s = s.substr(2);
  size_t epos = s.find_first_of(hex ? "pP" : "eE");
  int64_t exp = 0;
  if (epos != std::string::npos) {
    exp = std::strtoll(s.c_str() + epos + 1, nullptr, 10);
    s = s.substr(0, epos);
  }
  std::string digits;
  int64_t frac = 0;
  bool seen_dot = false;
  for (char c : s) {
    if (c == '.') { seen_dot = true; continue; }
    digits += c;
    if (seen_dot) frac++;
  }
  if (digits.empty()) digits = "0";
  if (exp > 100000 || exp < -100000) return nullptr;
  APInt mant = trim(APInt(static_cast<unsigned>(digits.size() * 4 + 2), digits, hex ? 16 : 10));
  APInt num = mant, den = ibig(1);
  if (hex) {
    exp -= 4 * frac;
    if (exp >= 0) num = ishl(num, static_cast<uint64_t>(exp)); else den = ishl(den, static_cast<uint64_t>(-exp));
  } else {
    exp -= frac;
    if (exp >= 0) num = imul(num, ipow(10, static_cast<uint64_t>(exp)));
    else den = ipow(10, static_cast<uint64_t>(-exp));
  }
  return newRat(num, den, ConstValue::Kind::Float);
}

void appendUtf8(std::string* out, uint32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    *out += static_cast<char>(r);
  } else if (r < 0x800) {
    *out += static_cast<char>(0xC0 | (r >> 6));
    *out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    *out += static_cast<char>(0xE0 | (r >> 12));
    *out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (r >> 18));
    *out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

// Decodes one UTF-8 sequence at s[*i]; advances *i.
uint32_t decodeUtf8(const std::string& s, size_t* i) {
  auto c = static_cast<unsigned char>(s[*i]);
  int n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t r = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
  (*i)++;
  for (int k = 0; k < n && *i < s.size(); k++, (*i)++)
    r = (r << 6) | (static_cast<unsigned char>(s[*i]) & 0x3F);
  return r;
}

int hexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Unquotes the body of an interpreted string or rune literal. Each
// element is either a byte (from \x or octal) or a rune.
bool unescape(const std::string& body, std::string* out, std::vector<uint32_t>* runes) {
  for (size_t i = 0; i < body.size();) {
    if (body[i] != '\\') {
      uint32_t r = decodeUtf8(body, &i);
      if (runes) runes->push_back(r);
      appendUtf8(out, r);
      continue;
    }
    if (++i >= body.size()) return false;
    char c = body[i++];
    static const char* kSimple = "abfnrtv\\'\"";
    static const char kVals[] = {7, 8, 12, 10, 13, 9, 11, '\\', '\'', '"'};
    if (const char* p = std::strchr(kSimple, c); p && c) {
      char v = kVals[p - kSimple];
      *out += v;
      if (runes) runes->push_back(static_cast<unsigned char>(v));
      continue;
    }
    int n = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    uint32_t v = 0;
    if (n) {
      for (int k = 0; k < n; k++, i++) {
        if (i >= body.size() || hexVal(body[i]) < 0) return false;
        v = v * 16 + static_cast<uint32_t>(hexVal(body[i]));
      }
    } else if (c >= '0' && c <= '7') {
      v = static_cast<uint32_t>(c - '0');
      for (int k = 0; k < 2; k++, i++) {
        if (i >= body.size() || body[i] < '0' || body[i] > '7') return false;
        v = v * 8 + static_cast<uint32_t>(body[i] - '0');
      }
      if (v > 255) return false;
      n = 2;  // a byte
    } else {
      return false;
    }
    if (runes) runes->push_back(v);
    if (c == 'x' || n == 2) *out += static_cast<char>(v);
    else appendUtf8(out, v);
  }
  return true;
}

Value parseChar(const std::string& raw) {
  if (raw.size() < 3 || raw.front() != '\'' || raw.back() != '\'') return nullptr;
  std::string out;
  std::vector<uint32_t> runes;
  if (!unescape(raw.substr(1, raw.size() - 2), &out, &runes) || runes.size() != 1) return nullptr;
  return makeInt64(runes[0]);
}

Value parseString(const std::string& raw) {
  if (raw.size() < 2) return nullptr;
  if (raw.front() == '`') {
    std::string s;
    for (size_t i = 1; i + 1 < raw.size(); i++)
      if (raw[i] != '\r') s += raw[i];
    return makeString(s);
  }
  std::string out;
  if (!unescape(raw.substr(1, raw.size() - 2), &out, nullptr)) return nullptr;
  return makeString(out);
}

bool isIntKind(BasicKind k) { return k >= BasicKind::Int && k <= BasicKind::Uintptr; }

// The range of an integer kind as [lo, hi].
void intRange(BasicKind k, APInt* lo, APInt* hi) {
  int bits = 64;
  bool is_signed = true;
  switch (k) {
    case BasicKind::Int8: bits = 8; break;
    case BasicKind::Int16: bits = 16; break;
    case BasicKind::Int32: bits = 32; break;
    case BasicKind::Uint8: bits = 8, is_signed = false; break;
    case BasicKind::Uint16: bits = 16, is_signed = false; break;
    case BasicKind::Uint32: bits = 32, is_signed = false; break;
    case BasicKind::Uint: case BasicKind::Uint64: case BasicKind::Uintptr:
      is_signed = false; break;
    default: break;
  }
  if (is_signed) {
    *lo = isub(ibig(0), ishl(ibig(1), bits - 1));
    *hi = isub(ishl(ibig(1), bits - 1), ibig(1));
  } else {
    *lo = ibig(0);
    *hi = isub(ishl(ibig(1), bits), ibig(1));
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Constructors.

Value makeBool(bool b) {
  static Val t(ConstValue::Kind::Bool), f(ConstValue::Kind::Bool);
  t.b = true;
  return b ? &t : &f;
}

Value makeString(std::string s) {
  auto* v = make<Val>(ConstValue::Kind::String);
  v->s = std::move(s);
  return v;
}

Value makeInt64(int64_t v) { return newInt(ibig(v)); }
Value makeUint64(uint64_t v) { return newInt(trim(APInt(65, v, false))); }
Value makeFloat64(double d) { return ratFromDouble(d, ConstValue::Kind::Float); }

Value makeFromLiteral(Tok kind, const std::string& raw) {
  switch (kind) {
    case Tok::Int: return parseInt(raw);
    case Tok::Float: return parseFloat(raw);
    case Tok::Char: return parseChar(raw);
    case Tok::String: return parseString(raw);
    default: return nullptr;
  }
}

// ---------------------------------------------------------------------------
// Operations.

Value unaryOp(Tok op, Value xv, int unsigned_bits) {
  const Val* x = V(xv);
  switch (op) {
    case Tok::Add: return x;
    case Tok::Sub: return newRat(isub(ibig(0), x->num), x->den, x->k);
    case Tok::Not: return makeBool(!x->b);
    case Tok::Xor: {
      if (unsigned_bits > 0) {
        APInt mask = isub(ishl(ibig(1), unsigned_bits), ibig(1));
        unsigned w = wmax(x->num, mask);
        return newInt(trim(ext(x->num, w) ^ ext(mask, w)));
      }
      return newInt(trim(~x->num));
    }
    default: return x;
  }
}

Value binaryOp(Value xv, Tok op, Value yv, bool int_div) {
  const Val* x = V(xv);
  const Val* y = V(yv);
  if (x->k == ConstValue::Kind::Bool) {
    if (op == Tok::LAnd) return makeBool(x->b && y->b);
    return makeBool(x->b || y->b);
  }
  if (x->k == ConstValue::Kind::String) return makeString(x->s + y->s);
  ConstValue::Kind k = (x->k == ConstValue::Kind::Float || y->k == ConstValue::Kind::Float)
                           ? ConstValue::Kind::Float : ConstValue::Kind::Int;
  switch (op) {
    case Tok::Add:
      return newRat(iadd(imul(x->num, y->den), imul(y->num, x->den)), imul(x->den, y->den), k);
    case Tok::Sub:
      return newRat(isub(imul(x->num, y->den), imul(y->num, x->den)), imul(x->den, y->den), k);
    case Tok::Mul: return newRat(imul(x->num, y->num), imul(x->den, y->den), k);
    case Tok::Quo:
      if (int_div) return newInt(iquo(x->num, y->num));
      return newRat(imul(x->num, y->den), imul(x->den, y->num), ConstValue::Kind::Float);
    case Tok::Rem: return newInt(irem(x->num, y->num));
    default: break;
  }
  unsigned w = wmax(x->num, y->num);
  APInt a = ext(x->num, w), b = ext(y->num, w);
  switch (op) {
    case Tok::And: return newInt(trim(a & b));
    case Tok::Or: return newInt(trim(a | b));
    case Tok::Xor: return newInt(trim(a ^ b));
    case Tok::AndNot: return newInt(trim(a & ~b));
    default: return x;
  }
}

Value shift(Value xv, Tok op, uint64_t s) {
  const Val* x = V(xv);
  if (op == Tok::Shl) return newInt(ishl(x->num, s));
  if (s >= x->num.getBitWidth()) return makeInt64(isNeg(x->num) ? -1 : 0);
  return newInt(trim(x->num.ashr(static_cast<unsigned>(s))));
}

bool compare(Value xv, Tok op, Value yv) {
  const Val* x = V(xv);
  const Val* y = V(yv);
  int c = 0;
  if (x->k == ConstValue::Kind::Bool) {
    c = x->b == y->b ? 0 : 1;
  } else if (x->k == ConstValue::Kind::String) {
    c = x->s.compare(y->s);
    c = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    c = icmp(imul(x->num, y->den), imul(y->num, x->den));
  }
  switch (op) {
    case Tok::Eql: return c == 0;
    case Tok::Neq: return c != 0;
    case Tok::Lss: return c < 0;
    case Tok::Leq: return c <= 0;
    case Tok::Gtr: return c > 0;
    case Tok::Geq: return c >= 0;
    default: return false;
  }
}

Value toInt(Value xv) {
  const Val* x = V(xv);
  if (x->k != ConstValue::Kind::Int && x->k != ConstValue::Kind::Float) return nullptr;
  if (!x->integral()) return nullptr;
  if (x->k == ConstValue::Kind::Int) return x;
  return newInt(x->num);
}

Value toFloat(Value xv) {
  const Val* x = V(xv);
  if (x->k == ConstValue::Kind::Float) return x;
  if (x->k != ConstValue::Kind::Int) return nullptr;
  auto* v = make<Val>(ConstValue::Kind::Float);
  v->num = x->num;
  v->den = x->den;
  return v;
}

int sign(Value xv) {
  const Val* x = V(xv);
  if (x->k != ConstValue::Kind::Int && x->k != ConstValue::Kind::Float) return 0;
  return isZero(x->num) ? 0 : isNeg(x->num) ? -1 : 1;
}

bool isIntegral(Value xv) {
  const Val* x = V(xv);
  return (x->k == ConstValue::Kind::Int || x->k == ConstValue::Kind::Float) && x->integral();
}

int bitLen(Value xv) { return static_cast<int>(ibitlen(V(xv)->num)); }

namespace {

bool representableFloat(const Val* x, BasicKind k, Value* rounded, int* code) {
  bool f32 = k == BasicKind::Float32;
  if (k == BasicKind::UntypedFloat) {
    if (rounded) *rounded = toFloat(x);
    return true;
  }
  double d = f32 ? static_cast<double>(x->float32Val()) : x->float64Val();
  if (std::isinf(d)) {
    if (code) *code = 2;
    return false;
  }
  if (rounded) *rounded = ratFromDouble(d, ConstValue::Kind::Float);
  return true;
}

}  // namespace

bool representable(Value xv, BasicKind k, Value* rounded, int* code) {
  const Val* x = V(xv);
  if (code) *code = 3;
  bool numeric = x->k == ConstValue::Kind::Int || x->k == ConstValue::Kind::Float;
  if (k == BasicKind::Bool || k == BasicKind::UntypedBool) {
    if (x->k != ConstValue::Kind::Bool) return false;
    if (rounded) *rounded = x;
    return true;
  }
  if (k == BasicKind::String || k == BasicKind::UntypedString) {
    if (x->k != ConstValue::Kind::String) return false;
    if (rounded) *rounded = x;
    return true;
  }
  if (!numeric) return false;
  if (isIntKind(k) || k == BasicKind::UntypedInt || k == BasicKind::UntypedRune) {
    if (!x->integral()) {
      if (code) *code = 1;
      return false;
    }
    if (isIntKind(k)) {
      APInt lo(64, 0), hi(64, 0);
      intRange(k, &lo, &hi);
      if (icmp(x->num, lo) < 0 || icmp(x->num, hi) > 0) {
        if (code) *code = 2;
        return false;
      }
    }
    if (rounded) *rounded = toInt(x);
    return true;
  }
  if (k == BasicKind::Float32 || k == BasicKind::Float64 || k == BasicKind::UntypedFloat)
    return representableFloat(x, k, rounded, code);
  return false;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t start = i;
      uint32_t r = decodeUtf8(s, &i);
      if (r >= 0xA0 && r != 0xFFFD) {
        out += s.substr(start, i - start);
      } else {
        char buf[16];
        snprintf(buf, sizeof buf, r < 0x100 ? "\\x%02x" : "\\u%04x", r);
        out += buf;
      }
      continue;
    }
    i++;
    switch (c) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace csp::types::constant
