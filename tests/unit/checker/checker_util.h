// Helpers for the checker tests: parse and check a snippet, capture the
// diagnostics, find objects and expressions.
#pragma once

#include <memory>
#include <string>

#include "compiler/ast.h"
#include "compiler/check.h"
#include "compiler/parse.h"
#include "compiler/source.h"
#include "compiler/types.h"

namespace csp::test {

struct Checked {
  std::string diags;  // "t.csp:L:C: msg" lines (no source lines)
  std::unique_ptr<check::Program> prog;
  ast::File* file = nullptr;
  bool ok() const { return prog != nullptr && diags.find(": error") == std::string::npos && errors == 0; }
  int errors = 0;
  types::Object* global(const std::string& name) const {
    return prog && prog->main ? prog->main->scope->lookup(name) : nullptr;
  }
  std::string typeOf(const std::string& name) const {
    types::Object* o = global(name);
    return o && o->type ? types::typeString(o->type) : "<none>";
  }
};

// Checks `src` as file t.csp; "package main" is added when absent.
inline Checked checkSource(const std::string& src) {
  Checked c;
  std::string text = src.rfind("package", 0) == 0 ? src : "package main\n" + src;
  auto* file = new SourceFile("t.csp", text);
  Diagnostics diags;
  diags.captureTo(&c.diags);
  diags.setShowSource(false);
  c.file = parse::parseFile(file, &diags);
  if (!diags.hasErrors()) c.prog = check::checkProgram({c.file}, &diags);
  c.errors = diags.errorCount();
  return c;
}

// The first error line (without the "t.csp:" prefix), or "".
inline std::string firstError(const Checked& c) {
  size_t start = 0;
  while (start < c.diags.size()) {
    size_t end = c.diags.find('\n', start);
    if (end == std::string::npos) end = c.diags.size();
    std::string line = c.diags.substr(start, end - start);
    if (line.find("warning:") == std::string::npos && line.rfind("t.csp:", 0) == 0)
      return line.substr(6);
    start = end + 1;
  }
  return "";
}

}  // namespace csp::test
