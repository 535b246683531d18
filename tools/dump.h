// `csp tokens` and `csp ast`: the front end's phases shown one at a time,
// for learning and debugging (the driver covers run, check and ir).
#pragma once

#include <memory>
#include <string>

#include "compiler/source.h"

namespace csp::cli {

// Reads `path` into a SourceFile; on failure prints `csp: open PATH: why`
// and returns null.
std::unique_ptr<SourceFile> loadSource(const std::string& path);

// Prints every token of `path`, one a line:
//
//   LINE:COL  KIND  TEXT
//
// KIND is the token's spelling in token.def (IDENT, INT, STRING, +, func,
// ...); TEXT is the source text of identifiers and literals, with control
// characters escaped so each token stays on one line. An automatic
// semicolon shows as `;  newline` (or `;  EOF`). Returns 0, or 1 when the
// lexer reported errors.
int dumpTokens(const std::string& path);

// Prints parse::dumpAst of `path`; 0, or 1 on syntax errors (nothing is
// printed then but the errors).
int dumpAst(const std::string& path);

}  // namespace csp::cli
