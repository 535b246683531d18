// Token kinds: spellings, names, keyword test and operator precedence,
// all derived from the single list in token.def.
#include "compiler/token.h"

namespace csp {

namespace {

const char* const kSpellings[] = {
#define TOK(name, spelling) spelling,
#include "compiler/token.def"
#undef TOK
};

const char* const kNames[] = {
#define TOK(name, spelling) #name,
#include "compiler/token.def"
#undef TOK
};

constexpr int kNumTokens = sizeof(kSpellings) / sizeof(kSpellings[0]);

}  // namespace

const char* tokSpelling(Tok t) {
  int i = int(t);
  return i < kNumTokens ? kSpellings[i] : "ILLEGAL";
}

const char* tokName(Tok t) {
  int i = int(t);
  return i < kNumTokens ? kNames[i] : "Illegal";
}

bool isKeyword(Tok t) { return t >= Tok::Break && t <= Tok::Var; }

// As Go's token.Precedence: 5 multiplicative, 4 additive, 3 comparison,
// 2 &&, 1 ||.
int tokPrecedence(Tok t) {
  switch (t) {
    case Tok::LOr:
      return 1;
    case Tok::LAnd:
      return 2;
    case Tok::Eql:
    case Tok::Neq:
    case Tok::Lss:
    case Tok::Leq:
    case Tok::Gtr:
    case Tok::Geq:
      return 3;
    case Tok::Add:
    case Tok::Sub:
    case Tok::Or:
    case Tok::Xor:
      return 4;
    case Tok::Mul:
    case Tok::Quo:
    case Tok::Rem:
    case Tok::Shl:
    case Tok::Shr:
    case Tok::And:
    case Tok::AndNot:
      return 5;
    default:
      return 0;
  }
}

}  // namespace csp
