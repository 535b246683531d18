// The lexer: UTF-8 source text to tokens, with Go's automatic semicolon
// insertion. See https://go.dev/ref/spec#Semicolons.
#pragma once

#include <vector>

#include "compiler/source.h"
#include "compiler/token.h"

namespace csp::lex {

class Lexer {
 public:
  Lexer(const SourceFile* file, Diagnostics* diags);
  // The next token; Tok::Eof forever at the end. Comments are skipped
  // unless keepComments(true).
  Token next();
  void keepComments(bool keep) { keep_comments_ = keep; }

 private:
  // (implementation state)
  const SourceFile* file_;
  Diagnostics* diags_;
  uint32_t off_ = 0;
  bool insert_semi_ = false;  // would a newline here end the statement?
  bool keep_comments_ = false;
  friend struct LexerImpl;
};

// All tokens of a file (for `csp tokens` and tests), Eof included.
std::vector<Token> tokenize(const SourceFile* file, Diagnostics* diags);

// Decoding literal text (shared by parser diagnostics, checker and codegen).
// Each returns false (and leaves *out unspecified) for malformed input.
bool unquoteString(const std::string& raw, std::string* out);  // "..." `...`
bool unquoteChar(const std::string& raw, uint32_t* out);        // 'x'

}  // namespace csp::lex
