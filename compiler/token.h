// Token kinds (from token.def) and the token the lexer produces.
#pragma once

#include <string>

#include "compiler/source.h"

namespace csp {

enum class Tok : unsigned char {
#define TOK(name, spelling) name,
#include "compiler/token.def"
#undef TOK
};

// "+", "break", "IDENT", ...
const char* tokSpelling(Tok t);
// The enum name: "Add", "Break", "Ident", ...
const char* tokName(Tok t);
bool isKeyword(Tok t);
// Binary operator precedence as in Go (5 highest: * / % << >> & &^;
// 4: + - | ^; 3: comparisons; 2: &&; 1: ||), 0 for non-operators.
int tokPrecedence(Tok t);

struct Token {
  Tok kind = Tok::Illegal;
  Pos pos;
  std::string text;  // source text for identifiers and literals;
                     // "\n" for a semicolon inserted at a newline,
                     // "" for one inserted at EOF or written as ';'
};

}  // namespace csp
