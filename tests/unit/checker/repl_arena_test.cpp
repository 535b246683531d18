// The REPL's checker with arenas (compiler/arena.h): an input that declares
// nothing can be freed with its arena once it is checked, and later inputs
// still see what earlier inputs declared.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/arena.h"
#include "compiler/ast.h"
#include "compiler/check.h"
#include "compiler/parse.h"
#include "compiler/source.h"
#include "compiler/types.h"

using namespace csp;

namespace {

// One REPL input checked as tools/repl.cpp does, in an arena of its own;
// committed when it has no errors.
struct Input {
  std::unique_ptr<Arena> arena = std::make_unique<Arena>();
  std::unique_ptr<check::Program> prog;
  bool declares = false;
  std::string errors;
  std::string shown;  // the type of its expression, if it is one
};

Input checkInput(check::ReplSession& s, const std::string& text, int n) {
  Input in;
  ArenaScope scope(in.arena.get());
  auto* src = make<SourceFile>("<repl " + std::to_string(n) + ">", text);
  Diagnostics diags;
  diags.captureTo(&in.errors);
  diags.setShowSource(false);
  bool incomplete = false;
  ast::File* file = parse::parseReplInput(src, &diags, &incomplete);
  REQUIRE(!incomplete);
  REQUIRE(!diags.hasErrors());
  Pos at{src, 0};
  auto* entry = make<ast::FuncDecl>(at);
  entry->name = make<ast::Ident>(at, "repl\u00b7r" + std::to_string(n));
  entry->type = make<ast::FuncType>(at);
  entry->body = make<ast::BlockStmt>(at);
  entry->body->list = file->top_stmts;
  in.prog = s.check(file, entry, &diags);
  in.declares = s.declares();
  if (diags.hasErrors()) return in;
  s.commit();
  if (in.prog->repl_shows.size() == 1)
    in.shown = types::typeString(in.prog->repl_shows[0]->x->tv.type);
  return in;
}

}  // namespace

TEST_CASE("REPL inputs that declare nothing can be freed after their check") {
  check::ReplSession s;
  std::vector<Input> kept;
  int n = 0;
  auto run = [&](const std::string& text) {
    Input in = checkInput(s, text, ++n);
    INFO(text << "\n" << in.errors);
    bool declares = in.declares;
    std::string shown = in.shown, errors = in.errors;
    if (declares) kept.push_back(std::move(in));
    // else freed here, as the REPL frees it once its code is gone
    return std::make_tuple(declares, shown, errors);
  };
  CHECK(std::get<0>(run("x := 40")));
  CHECK(std::get<0>(run("type P struct{ A int }")));
  CHECK(std::get<0>(run("func (p P) Twice() int { return 2 * p.A }")));
  CHECK(std::get<0>(run("func f() int { return x + 1 }")));
  CHECK(std::get<0>(run("import \"strings\"")));
  // An error with a declaration: a method joins P at once (kept).
  CHECK(std::get<0>(run("func (p P) Half() int { return p.A / 2 }; zzz")));
  // An error in the input that imports a package first: the package
  // stays (checked outside the input's arena).
  auto [d0, shown0, err0] = run("sort.Nope(1)");
  CHECK(!d0);
  CHECK(err0.find("undefined: sort.Nope") != std::string::npos);
  // Implicit imports are declarations too.
  CHECK(std::get<0>(run("fmt.Sprint(sort.IntsAreSorted(nil))")));
  auto [d1, shown1, err1] = run("undefinedName + 1");
  CHECK(!d1);
  CHECK(err1.find("undefined: undefinedName") != std::string::npos);
  CHECK(!std::get<0>(run("x = f()")));
  CHECK(!std::get<0>(run("for i := 0; i < 3; i++ { x += i }")));
  // Many inputs, each freed before the next: what they use stays valid.
  for (int i = 0; i < 300; i++) {
    auto [declares, shown, errors] = run(
        "x + len(strings.ToUpper(\"ab\")) + f() + P{A: " + std::to_string(i) +
        "}.Twice() + []int{1, 2}[1] + map[string]int{\"k\": 3}[\"k\"]" +
        " + len(fmt.Sprint(sort.IntsAreSorted([]int{2, 1})))");
    INFO(errors);
    REQUIRE(!declares);
    REQUIRE(errors.empty());
    REQUIRE(shown == "int");
  }
  CHECK(std::get<1>(run("P{3}")) == "main.P");
  CHECK(s.lookup("x") != nullptr);
  CHECK(s.lookup("undefinedName") == nullptr);
}
