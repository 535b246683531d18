// Helpers for the front-end tests: lex or parse a string, capturing the
// diagnostics as one-line messages ("t.csp:L:C: msg\n" each).
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ast.h"
#include "compiler/lex.h"
#include "compiler/parse.h"

namespace csp::test {

// Source files outlive the trees that point into them.
inline const SourceFile* keepSource(const std::string& text) {
  static std::deque<std::unique_ptr<SourceFile>> files;
  files.push_back(std::make_unique<SourceFile>("t.csp", text));
  return files.back().get();
}

struct Lexed {
  std::vector<Token> toks;
  std::string errors;
};

inline Lexed lexString(const std::string& text) {
  Lexed out;
  Diagnostics diags;
  diags.captureTo(&out.errors);
  diags.setShowSource(false);
  out.toks = lex::tokenize(keepSource(text), &diags);
  return out;
}

// The kinds of the tokens, as their spellings joined by spaces, with
// semicolons shown as ";" (written), "\\n" (newline) or "EOF;" (at EOF).
inline std::string kinds(const std::vector<Token>& toks) {
  std::string out;
  for (const Token& t : toks) {
    if (!out.empty()) out += " ";
    if (t.kind == Tok::Semicolon)
      out += t.text == "\n"                           ? "\\n"
             : t.pos.offset < t.pos.file->text.size() ? ";"
                                                      : "EOF;";
    else
      out += tokSpelling(t.kind);
  }
  return out;
}

struct Parsed {
  ast::File* file = nullptr;
  std::string errors;
  std::string dump;
};

inline Parsed parseString(const std::string& text) {
  Parsed out;
  Diagnostics diags;
  diags.captureTo(&out.errors);
  diags.setShowSource(false);
  out.file = parse::parseFile(keepSource(text), &diags);
  out.dump = parse::dumpAst(out.file);
  return out;
}

// Parses `body` as the body of func main in package main (starting on
// line 2, column 1 of the file).
inline Parsed parseBody(const std::string& body) {
  return parseString("package main; func main() {\n" + body + "\n}\n");
}

// The first statement of main's body.
inline ast::Stmt* firstStmt(const Parsed& p) {
  for (ast::Decl* d : p.file->decls)
    if (d->kind == ast::DeclKind::Func) {
      auto* f = static_cast<ast::FuncDecl*>(d);
      if (f->body && !f->body->list.empty()) return f->body->list[0];
    }
  return nullptr;
}

}  // namespace csp::test
