// Compile errors: Go's (types2, Go 1.22) wording and positions.
#include <catch2/catch.hpp>

#include "checker_util.h"

using csp::test::checkSource;
using csp::test::firstError;

namespace {

struct Case {
  const char* src;
  const char* want;  // "L:C: message" prefix (line 1 is "package main")
};

void expectError(const Case& c) {
  auto r = checkSource(c.src);
  INFO(c.src);
  INFO(r.diags);
  std::string got = firstError(r);
  CHECK(got.substr(0, std::string(c.want).size()) == c.want);
}

}  // namespace

TEST_CASE("undefined names and redeclarations", "[checker][errors]") {
  expectError({"func main() {\n\tx := 1\n\t_ = x + total\n}", "4:10: undefined: total"});
  expectError({"func main() {\n\tvar x int\n\tvar x int\n\t_ = x\n}", "4:6: x redeclared in this block"});
  expectError({"func f() {}\nfunc f() {}\nfunc main() {}", "3:6: f redeclared in this block"});
  expectError({"func main() {\n\ta, b := 1, 2\n\ta, b := 3, 4\n\t_, _ = a, b\n}",
               "4:7: no new variables on left side of :="});
}

TEST_CASE("assignability and conversions", "[checker][errors]") {
  expectError({"func main() {\n\tvar n int\n\tn = \"hello\"\n\t_ = n\n}",
               "4:6: cannot use \"hello\" (untyped string constant) as int value in assignment"});
  expectError({"func main() {\n\tvar b int8 = 300\n\t_ = b\n}",
               "3:15: cannot use 300 (untyped int constant) as int8 value in variable declaration (overflows)"});
  expectError({"func main() {\n\tvar i int = 1.5\n\t_ = i\n}",
               "3:14: cannot use 1.5 (untyped float constant) as int value in variable declaration (truncated)"});
  expectError({"func main() {\n\t_ = byte(256)\n}", "3:11: constant 256 overflows byte"});
  expectError({"func f(s string) {}\nfunc main() {\n\tx := 1\n\tf(x)\n}",
               "5:4: cannot use x (variable of type int) as string value in argument to f"});
  expectError({"func f() string {\n\treturn 1\n}\nfunc main() {}",
               "3:9: cannot use 1 (untyped int constant) as string value in return statement"});
  expectError({"type I interface{ M() }\ntype T struct{}\nfunc main() {\n\tvar i I\n\ti = T{}\n\t_ = i\n}",
               "6:6: cannot use T{} (value of type T) as I value in assignment: T does not implement I (missing method M)"});
  expectError({"type I interface{ M() }\ntype T struct{}\nfunc (t *T) M() {}\nfunc main() {\n\tvar i I = T{}\n\t_ = i\n}",
               "6:12: cannot use T{} (value of type T) as I value in variable declaration: T does not implement I (method M has pointer receiver)"});
}

TEST_CASE("operators", "[checker][errors]") {
  expectError({"func main() {\n\tn := 1\n\ts := \"x\"\n\t_ = n + s\n}",
               "5:6: invalid operation: n + s (mismatched types int and string)"});
  expectError({"func main() {\n\tx := 10\n\t_ = x / 0\n}", "4:10: invalid operation: division by zero"});
  expectError({"func main() {\n\tconst c = 10 / 0\n}", "3:17: invalid operation: division by zero"});
  expectError({"func main() {\n\tx := \"a\"\n\t_ = -x\n}",
               "4:7: invalid operation: operator - not defined on x (variable of type string)"});
  expectError({"func main() {\n\ts := []int{}\n\t_ = s == s\n}",
               "4:6: invalid operation: s == s (slice can only be compared to nil)"});
  expectError({"func main() {\n\tconst c int8 = 100\n\t_ = c * 2\n}",
               "4:6: c * 2 (constant 200 of type int8) overflows int8"});
}

TEST_CASE("calls", "[checker][errors]") {
  expectError({"func add(a, b int) int { return a + b }\nfunc main() {\n\t_ = add(1, 2, 3)\n}",
               "4:16: too many arguments in call to add"});
  auto r = checkSource("func add(a, b int) int { return a + b }\nfunc main() {\n\t_ = add(1, 2, 3)\n}");
  CHECK(r.diags.find("add\n\thave (number, number, number)\n\twant (int, int)") != std::string::npos);
  expectError({"func add(a, b int) int { return a + b }\nfunc main() {\n\t_ = add(1)\n}",
               "4:10: not enough arguments in call to add"});
  expectError({"func main() {\n\tlimit := 10\n\t_ = limit(2)\n}",
               "4:6: invalid operation: cannot call non-function limit (variable of type int)"});
  expectError({"func f() int { return 1 }\nfunc main() {\n\ta, b := f()\n\t_, _ = a, b\n}",
               "4:10: assignment mismatch: 2 variables but f returns 1 value"});
  expectError({"func main() {\n\tx := 1\n\t_ = append(x, 2)\n}",
               "4:13: first argument to append must be a slice; have x (variable of type int)"});
  expectError({"func f() (int, bool) {\n\treturn 0\n}\nfunc main() {}", "3:9: not enough return values"});
  expectError({"func f() int {\n\treturn 1, 2\n}\nfunc main() {}", "3:12: too many return values"});
}

TEST_CASE("builtins", "[checker][errors]") {
  expectError({"func main() {\n\t_ = make([]int)\n}", "3:6: invalid operation: make([]int) expects 2 or 3 arguments; found 1"});
  expectError({"func main() {\n\t_ = len(1)\n}", "3:10: invalid argument: 1 (untyped int constant) for built-in len"});
  expectError({"func main() {\n\tvar ch <-chan int\n\tclose(ch)\n}",
               "4:8: invalid operation: cannot close receive-only channel ch (variable of type <-chan int)"});
  expectError({"func main() {\n\t_ = make([]int, 10, 5)\n}", "3:18: invalid argument: length and capacity swapped"});
  auto c = csp::test::checkSource("var a [4]int\nconst n = len(a)\nconst m = len(\"héllo\")\nfunc main() {}");
  CHECK(c.ok());
}

TEST_CASE("statements", "[checker][errors]") {
  expectError({"func sign(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t} else if x < 0 {\n\t\treturn -1\n\t}\n}\nfunc main() {}",
               "8:1: missing return"});
  expectError({"func main() {\n\tn := 3\n\tif n {\n\t}\n}", "4:5: non-boolean condition in if statement"});
  expectError({"func main() {\n\tif true {\n\t\tbreak\n\t}\n}", "4:3: break is not in a loop, switch, or select"});
  expectError({"func main() {\n\tif true {\n\t\tcontinue\n\t}\n}", "4:3: continue is not in a loop"});
  expectError({"func main() {\n\tx := 1\n\tswitch x {\n\tcase 1:\n\tcase 1:\n\t}\n}", "6:7: duplicate case 1"});
  expectError({"func main() {\n\tswitch x := 2; x {\n\tcase 2:\n\t\tfallthrough\n\t}\n}",
               "5:3: cannot fallthrough final case in switch"});
  expectError({"func main() {\nL:\n\tfor {\n\t}\n}", "3:1: label L defined and not used"});
  expectError({"func main() {\n\tgoto L\n\tx := 1\n\t_ = x\nL:\n}", "3:7: goto L jumps over variable declaration at line 4"});
  expectError({"func main() {\n\tgoto L\n\t{\n\tL:\n\t}\n}", "3:7: goto L jumps into block"});
  expectError({"func main() {\n\ts := \"hello\"\n\ts[0] = 'H'\n}",
               "4:2: cannot assign to s[0] (neither addressable nor a map index expression)"});
  expectError({"func fill(ch <-chan int) {\n\tch <- 1\n}\nfunc main() {}",
               "3:2: invalid operation: cannot send to receive-only channel ch (variable of type <-chan int)"});
  expectError({"func main() {\n\t1 + 2\n}", "3:2: 1 + 2 (untyped int constant 3) is not used"});
}

TEST_CASE("selectors, indexes and assertions", "[checker][errors]") {
  expectError({"type Point struct{ X, Y int }\nfunc main() {\n\tp := Point{1, 2}\n\t_ = p.Z\n}",
               "5:8: p.Z undefined (type Point has no field or method Z)"});
  expectError({"func main() {\n\ta := [3]int{1, 2, 3}\n\t_ = a[5]\n}", "4:8: invalid argument: index 5 out of bounds [0:3]"});
  expectError({"type I interface{ M() }\ntype T struct{}\nfunc main() {\n\tvar i I\n\t_ = i.(T)\n}",
               "6:6: impossible type assertion: i.(T)"});
  expectError({"type T struct{}\nfunc (t *T) M() {}\nfunc main() {\n\tT{}.M()\n}",
               "5:2: cannot call pointer method M on T"});
}

TEST_CASE("declarations", "[checker][errors]") {
  expectError({"var x = x\nfunc main() {}", "2:5: initialization cycle: x refers to itself"});
  expectError({"var a = g()\nfunc g() int { return a }\nfunc main() {}", "2:5: initialization cycle for a"});
  expectError({"type T struct{ t T }\nfunc main() {}", "2:6: invalid recursive type T"});
  expectError({"type A struct{ X int }\ntype B struct{ X int }\ntype C struct {\n\tA\n\tB\n}\nfunc main() {\n\tvar c C\n\t_ = c.X\n}",
               "10:8: ambiguous selector c.X"});
  expectError({"func f() int\nfunc main() {}", "2:6: missing function body"});
  expectError({"type T int\nfunc (T) M() {}\nfunc (T) M() {}\nfunc main() {}", "4:10: method T.M already declared"});
}

TEST_CASE("imports", "[checker][errors]") {
  expectError({"import \"nosuch/thing\"\nfunc main() {}", "2:8: package nosuch/thing is not in std"});
  auto r = checkSource("import \"fmt\"\nfunc main() {}");
  CHECK(r.ok());
  CHECK(r.diags.find("warning: \"fmt\" imported and not used") != std::string::npos);
}

TEST_CASE("unused variables are warnings", "[checker][errors]") {
  auto r = checkSource("func main() {\n\tx := 1\n}");
  CHECK(r.ok());
  CHECK(r.diags.find("3:2: warning: declared and not used: x") != std::string::npos);
}

TEST_CASE("malformed input never crashes the checker", "[checker][errors]") {
  const char* srcs[] = {
      "func main() { x := }", "func main() { var a [ ]int; a[ }", "func (", "type T struct { x T }\nfunc main() {}",
      "type A B\ntype B A\nfunc main() {}", "func main() { for range { } }", "func main() { _ = 1 << 1000000 }",
      "var x = x\nfunc main() {}", "func main() { switch x := 1.(type) {} }",
  };
  for (const char* s : srcs) {
    auto r = checkSource(s);
    INFO(s);
    CHECK(r.errors > 0);
  }
}
