// The parser: tokens to an ast::File. Recursive descent, one function per
// grammar rule, each with its production above it (as in chibicc).
//
// Errors are reported in Go's wording ("syntax error: unexpected newline,
// expected comma or )", "syntax error: non-declaration statement outside
// function body") through Diagnostics; the parser recovers at statement and
// declaration boundaries and never crashes on malformed input.
#pragma once

#include "compiler/ast.h"
#include "compiler/source.h"

namespace csp::parse {

// A whole file. Never returns null (on errors, a partial File).
ast::File* parseFile(const SourceFile* src, Diagnostics* diags);

// One REPL input: declarations, imports, and top-level statements (kept in
// File::top_stmts, in order, interleaved declarations go to decls).
// `incomplete` is set (and nothing reported) when the input ends inside an
// open bracket, brace, or raw string, so the REPL can ask for more lines.
ast::File* parseReplInput(const SourceFile* src, Diagnostics* diags,
                          bool* incomplete);

// Dump for `csp ast`: an indented tree, one node a line, with positions.
std::string dumpAst(const ast::File* file);

}  // namespace csp::parse
