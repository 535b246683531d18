// The type checker: resolves names, computes the type (and constant value)
// of every expression, and enforces Go's rules, annotating the AST in
// place (see ast.h for the annotations codegen relies on).
//
// Errors use Go's wording (gc / go/types as of Go 1.22), e.g.
//   undefined: x
//   cannot use "hello" (untyped string constant) as int value in assignment
//   invalid operation: n + s (mismatched types int and string)
//   missing return
//   too many arguments in call to f
//   no new variables on left side of :=
//   declared and not used: x           (a warning in csp)
//   "os" imported and not used         (a warning in csp)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/ast.h"
#include "compiler/types.h"

namespace csp::check {

// The checked program: the main package plus every standard package it
// (transitively) uses, in dependency order (dependencies first). Codegen
// compiles all of them into one LLVM module.
struct Program {
  std::vector<types::Package*> packages;  // main last
  types::Package* main = nullptr;
  // Package-level variables of each package, in initialization order (Go's
  // dependency order), with the expression that initializes each (null:
  // zero value). For `var a, b = f()`, both entries share `init` and
  // `multi_index` says which result each takes (-1 when single-valued).
  struct GlobalInit {
    std::vector<types::Var*> lhs;
    ast::Expr* init = nullptr;
  };
  std::vector<GlobalInit> global_inits;  // all packages, dependency order
  std::vector<types::Func*> init_funcs;  // func init() of each package
  // Every Named type declared anywhere (package level and local), for
  // codegen's type descriptors and method wrappers.
  std::vector<types::Named*> named_types;
  // REPL inputs (ReplSession::check): the function made of the input's
  // statements, which csp.main runs instead of main.main, and its top-level
  // expression statements whose values the REPL prints.
  types::Func* repl_entry = nullptr;
  std::vector<ast::ExprStmt*> repl_shows;
};

// Checks a program whose main package consists of `files`. Reports errors
// through diags; the result is usable by codegen only when
// !diags->hasErrors(). Imports (explicit, or implicit when csp's "imports
// may be left out" rule applies) are resolved with stdlib::packageSource()
// (stdlib/embedded.h): each standard package is parsed from its embedded
// .csp text and checked once.
std::unique_ptr<Program> checkProgram(const std::vector<ast::File*>& files,
                                      Diagnostics* diags);

// The REPL's checker (check_repl.cpp): one session of inputs, each checked
// against what earlier inputs declared. Standard packages are checked once
// per session, so their types stay the same objects across inputs.
class ReplSession {
 public:
  ReplSession();
  ~ReplSession();
  // Checks one input: `file` holds its declarations and imports, `entry` is
  // a function (not in file) whose body is the input's statements. Names
  // the input declares shadow (replace) earlier ones; an expression
  // statement with a value at entry's top level is allowed (listed in
  // Program::repl_shows, except calls of fmt's Print functions); a variable
  // declared with := at entry's top level becomes package-level. The
  // standard packages this input imports first are in Program::packages
  // and their initializers in global_inits. Nothing persists until commit.
  std::unique_ptr<Program> check(ast::File* file, ast::FuncDecl* entry,
                                 Diagnostics* diags);
  // Whether the last checked input declared anything later inputs may
  // refer to: a name (:= at the top included), an import, or a method of
  // an earlier type (which joins that type at once, even before commit or
  // when the input has errors). Otherwise nothing the session keeps points
  // to the input's syntax tree or checker objects once its Program is
  // gone, and the caller may free them (arena.h).
  bool declares() const;
  // Makes the last checked input's declarations visible to later inputs.
  void commit();
  // Forgets every declaration (the standard packages stay checked).
  void reset();
  // The names declared so far (imports included), for completion.
  std::vector<std::string> names() const;
  // The object a session-level name denotes, or null.
  types::Object* lookup(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace csp::check
