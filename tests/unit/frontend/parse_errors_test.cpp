// Syntax errors: Go's words (cmd/compile's parser), Go's positions, one
// syntax error per line, and recovery that finds later errors.
#include <catch2/catch.hpp>

#include "tests/unit/frontend/helpers.h"

using csp::test::parseBody;
using csp::test::parseString;

namespace {

// The errors of `body` placed in main (body line 1 is file line 2).
std::string bodyErrors(const std::string& body) {
  return parseBody(body).errors;
}

// Only the first error (follow-on errors are Go's too, but noisier).
std::string firstError(const std::string& body) {
  std::string e = bodyErrors(body);
  return e.substr(0, e.find('\n'));
}

}  // namespace

TEST_CASE("syntax_extra_brace: non-declaration statement", "[parse][errors]") {
  auto p = parseString(
      "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; i < 3; "
      "i++ {\n"
      "\t\tfmt.Println(i)\n\t}\n\t}\n}\n");
  CHECK(p.errors ==
        "t.csp:10:1: syntax error: non-declaration statement outside function "
        "body\n");
}

TEST_CASE("missing closing brace at EOF", "[parse][errors]") {
  auto p =
      parseString("package main\n\nfunc main() {\n\tif true {\n\t\tx()\n\t}\n");
  CHECK(p.errors == "t.csp:7:1: syntax error: unexpected EOF, expected }\n");
}

TEST_CASE("argument and literal lists", "[parse][errors]") {
  CHECK(bodyErrors("fmt.Println(\"a\"") ==
        "t.csp:2:16: syntax error: unexpected newline in argument list; "
        "possibly missing comma or )\n");
  CHECK(bodyErrors("f(a b)") ==
        "t.csp:2:5: syntax error: unexpected name b in argument list; possibly "
        "missing comma or )\n");
  CHECK(bodyErrors("x := []int{1, 2\n}") ==
        "t.csp:2:16: syntax error: unexpected newline in composite literal; "
        "possibly missing comma or }\n");
  CHECK(bodyErrors("fmt.Println(x *)") ==
        "t.csp:2:16: syntax error: unexpected ), expected expression\n");
  CHECK(parseString("func f(a int b int) {}").errors ==
        "t.csp:1:14: syntax error: unexpected name b in parameter list; "
        "possibly missing comma or )\n");
}

TEST_CASE("statement errors", "[parse][errors]") {
  CHECK(bodyErrors("if x == 1\n{\n}") ==
        "t.csp:2:10: syntax error: unexpected newline, expected { after if "
        "clause\n");
  CHECK(bodyErrors("if x {\n}\nelse {\n}") ==
        "t.csp:4:1: syntax error: unexpected keyword else, expected }\n");
  CHECK(bodyErrors("if {\n}") ==
        "t.csp:2:4: syntax error: missing condition in if statement\n");
  CHECK(bodyErrors("if x := 0 {\n}") ==
        "t.csp:2:6: syntax error: cannot use x := 0 as value\n");
  CHECK(bodyErrors("if x = 0 {\n}") ==
        "t.csp:2:6: syntax error: cannot use assignment x = 0 as value\n");
  CHECK(bodyErrors("for i := 0; i < 3; i := 1 {\n}") ==
        "t.csp:2:22: syntax error: cannot declare in post statement of for "
        "loop\n");
  CHECK(bodyErrors("for var i = 0; i < 3; i++ {\n}") ==
        "t.csp:2:9: syntax error: var declaration not allowed in for "
        "initializer\n");
  CHECK(bodyErrors("a, b") ==
        "t.csp:2:5: syntax error: unexpected newline, expected := or = or "
        "comma\n");
  CHECK(bodyErrors("x = = 3") ==
        "t.csp:2:5: syntax error: unexpected =, expected expression\n");
  CHECK(bodyErrors("f())") ==
        "t.csp:2:4: syntax error: unexpected ) at end of statement\n");
  CHECK(bodyErrors("a b c") ==
        "t.csp:2:3: syntax error: unexpected name b at end of statement\n");
  CHECK(bodyErrors("if x {\n} else return") ==
        "t.csp:3:8: syntax error: else must be followed by if or statement "
        "block\n");
  CHECK(firstError("switch x {\nfoo\n}") ==
        "t.csp:3:1: syntax error: unexpected name foo, expected case or "
        "default or }");
  CHECK(bodyErrors("x := a[1:2:]") ==
        "t.csp:2:12: final index required in 3-index slice\n");
  CHECK(bodyErrors("x := a[::3]") ==
        "t.csp:2:9: middle index required in 3-index slice\n");
  CHECK(bodyErrors("x := a[]") ==
        "t.csp:2:8: syntax error: unexpected ], expected operand\n");
  CHECK(bodyErrors("go (f())") ==
        "t.csp:2:4: expression in go must not be parenthesized\n");
  CHECK(bodyErrors("x := ~y") ==
        "t.csp:2:6: cannot use ~ outside of interface or type constraint\n");
  CHECK(bodyErrors("defer x") ==
        "t.csp:2:7: expression in defer must be function call\n");
  CHECK(bodyErrors("y := x.(type)") ==
        "t.csp:2:6: invalid syntax tree: use of .(type) outside type switch\n");
  CHECK(bodyErrors("switch (x.(type)) {\n}") ==
        "t.csp:2:9: invalid syntax tree: use of .(type) outside type switch\n");
  CHECK(
      bodyErrors("switch f(x.(type)) {\n}") ==
      "t.csp:2:10: invalid syntax tree: use of .(type) outside type switch\n");
  CHECK(
      bodyErrors("switch y := x.(type); z.(type) {\n}") ==
      "t.csp:2:13: invalid syntax tree: use of .(type) outside type switch\n");
  CHECK(bodyErrors(
            "switch x.(type) {\ncase int:\n\tswitch y.(type) {\n\t}\n}") == "");
  CHECK(firstError("func g() {}") ==
        "t.csp:2:6: syntax error: unexpected name g, expected (");
  CHECK(bodyErrors("for a, b, c := range x {\n}") ==
        "t.csp:2:11: range clause permits at most two iteration variables\n");
}

TEST_CASE("declaration errors", "[parse][errors]") {
  CHECK(parseString("x := 1").errors ==
        "t.csp:1:1: syntax error: non-declaration statement outside function "
        "body\n");
  CHECK(parseString("func main() {}\nimport \"fmt\"").errors ==
        "t.csp:2:1: syntax error: imports must appear before other "
        "declarations\n");
  CHECK(parseString("import fmt").errors ==
        "t.csp:1:11: syntax error: missing import path\n");
  CHECK(parseString("import 42").errors ==
        "t.csp:1:8: syntax error: import path must be a string\n");
  CHECK(parseString("var x int = 1 2").errors ==
        "t.csp:1:15: syntax error: unexpected literal 2 after top level "
        "declaration\n");
  CHECK(parseString("func (a, b T) f() {}").errors ==
        "t.csp:1:15: method has multiple receivers\n");
  CHECK(parseString("func () f() {}").errors ==
        "t.csp:1:9: method has no receiver\n");
  CHECK(parseString("func f(a, int) {}").errors == "");  // two unnamed params
  CHECK(parseString("func f(a int, string) {}").errors ==
        "t.csp:1:15: syntax error: mixed named and unnamed parameters\n");
  CHECK(parseString("type T struct {\n\t1\n}").errors ==
        "t.csp:2:2: syntax error: unexpected literal 1, expected field name or "
        "embedded type\n");
  CHECK(parseString("type T").errors ==
        "t.csp:1:7: syntax error: unexpected EOF in type declaration\n");
  CHECK(parseString("var c chan").errors ==
        "t.csp:1:11: syntax error: missing channel element type\n");
  CHECK(parseString("func f(x ...) {}").errors ==
        "t.csp:1:13: syntax error: ... is missing type\n");
  CHECK(parseString("func f() {\nL:\n}").errors == "");
}

TEST_CASE("checker-phase errors wait for a syntax-error-free file",
          "[parse][errors]") {
  // As gc: these come from Go's type checker, which runs only when the
  // parse succeeded; they are reported in source order.
  CHECK(bodyErrors("defer x\ny := a.(type)") ==
        "t.csp:2:7: expression in defer must be function call\n"
        "t.csp:3:6: invalid syntax tree: use of .(type) outside type switch\n");
  CHECK(bodyErrors("defer x\ny := )") ==
        "t.csp:3:6: syntax error: unexpected ), expected expression\n");
}

TEST_CASE("more messages as gc words them", "[parse][errors]") {
  CHECK(parseString("func (T) *int {}").errors ==
        "t.csp:1:10: syntax error: unexpected *, expected name\n");
  CHECK(parseString("func () {}").errors ==
        "t.csp:1:9: method has no receiver\n"
        "t.csp:1:9: syntax error: unexpected {, expected name\n");
  CHECK(parseString("type T struct{ N 2 }").errors ==
        "t.csp:1:18: invalid syntax tree: incorrect tag syntax: \"2\"\n");
  CHECK(parseString("package 1\nfunc main() { x := }").errors ==
        "t.csp:1:9: syntax error: unexpected literal 1, expected name\n");
  CHECK(parseString("var a [2, 3]int").errors ==
        "t.csp:1:9: syntax error: unexpected comma; expected ]\n");
  CHECK(parseString("func f() {\n\tif x").errors ==
        "t.csp:2:6: syntax error: unexpected EOF, expected expression\n");
  CHECK(firstError("s := []int{0, 1, 2[3, 4]}") ==
        "t.csp:2:23: syntax error: unexpected literal 4, expected ]");
}

TEST_CASE("function brace on the next line", "[parse][errors]") {
  CHECK(parseString("func main()\n{\n}\n").errors ==
        "t.csp:2:1: syntax error: unexpected semicolon or newline before {\n");
}

TEST_CASE("generics are rejected clearly", "[parse][errors]") {
  CHECK(
      parseString("type List[T any] struct{}").errors ==
      "t.csp:1:11: syntax error: generic type parameters are not supported\n");
  CHECK(parseString("func Map[T any](x T) T { return x }").errors ==
        "t.csp:1:9: syntax error: generic type parameters are not supported\n");
  CHECK(parseString("var x List[int]").errors ==
        "t.csp:1:11: syntax error: generic type instantiation is not "
        "supported\n");
}

TEST_CASE("only the first syntax error of a line is reported",
          "[parse][errors]") {
  auto p = parseBody("x := ) + )\ny := (\nz := 1");
  CHECK(p.errors.find("t.csp:2:") != std::string::npos);
  size_t line2 = 0;
  for (size_t i = p.errors.find("t.csp:2:"); i != std::string::npos;
       i = p.errors.find("t.csp:2:", i + 1))
    line2++;
  CHECK(line2 == 1);
}

TEST_CASE("equal non-syntax errors on a line are reported once",
          "[parse][errors]") {
  CHECK(parseString("var x = 1 @@ 2\nvar y = 1 @ 2").errors ==
        "t.csp:1:11: invalid character U+0040 '@'\n"
        "t.csp:1:14: syntax error: unexpected literal 2 after top level "
        "declaration\n"
        "t.csp:2:11: invalid character U+0040 '@'\n"
        "t.csp:2:13: syntax error: unexpected literal 2 after top level "
        "declaration\n");
}

TEST_CASE("recovery finds errors in later functions", "[parse][errors]") {
  auto p = parseString(
      "package main\nfunc a() {\n\tx := \n}\nfunc b() {\n\ty := )\n}\nfunc c() "
      "{}\n");
  CHECK(p.errors ==
        "t.csp:4:1: syntax error: unexpected }, expected expression\n"
        "t.csp:6:7: syntax error: unexpected ), expected expression\n");
  CHECK(p.file->decls.size() == 3);
}

TEST_CASE("errors stop at ten", "[parse][errors]") {
  std::string src = "package main\nfunc main() {\n";
  for (int i = 0; i < 50; i++) src += "\tx := )\n";
  src += "}\n";
  auto p = parseString(src);
  size_t n = 0;
  for (size_t i = p.errors.find("syntax error"); i != std::string::npos;
       i = p.errors.find("syntax error", i + 1))
    n++;
  CHECK(n == 10);
}
