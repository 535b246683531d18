// Robustness: no input crashes, hangs or overflows the stack of the lexer
// or the parser. Random bytes, random token soup, every truncation and
// single-byte mutations of a valid program, and very deep nesting.
#include <catch2/catch.hpp>
#include <random>

#include "tests/unit/frontend/helpers.h"

using csp::test::parseString;

namespace {

const char* kProgram = R"(package main

import (
	"fmt"
	"strings"
)

type Shape interface {
	Area() float64
	fmt.Stringer
}

type Rect struct {
	W, H float64 `json:"w"`
	*Base
}

const (
	A = iota
	B
)

var table = map[string][]int{"a": {1, 2}, "b": nil}

func (r *Rect) Area() float64 { return r.W * r.H }

func sum(xs ...int) (total int) {
	for _, x := range xs {
		total += x
	}
	return
}

func main() {
	ch := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch {
			fmt.Println(v)
		}
	}()
	var s Shape = &Rect{W: 2, H: 3}
	switch v := s.(type) {
	case *Rect:
		fmt.Println(v.Area(), 'x', "\t", `raw`, 0x1p-2, 1_000, 0o17)
	default:
	}
outer:
	for i := 0; i < 3; i++ {
		select {
		case ch <- i:
		case <-done:
			break outer
		default:
			continue outer
		}
		if x := i % 2; x == 0 {
			fmt.Println(strings.Repeat("*", i))
		} else if x > 1 {
			goto end
		}
	}
end:
	close(ch)
	<-done
	_ = sum(1, 2, 3) + len([]byte("abc")) &^ 1
}
)";

void parseQuietly(const std::string& text) {
  auto p = parseString(text);
  (void)p;
}

}  // namespace

TEST_CASE("the sample program parses cleanly", "[robust]") {
  auto p = parseString(kProgram);
  CHECK(p.errors == "");
}

TEST_CASE("every truncation of a valid program", "[robust]") {
  std::string prog = kProgram;
  for (size_t n = 0; n <= prog.size(); n++) parseQuietly(prog.substr(0, n));
  SUCCEED();
}

TEST_CASE("single-byte mutations of a valid program", "[robust]") {
  std::string prog = kProgram;
  std::mt19937 rng(12345);
  const char interesting[] = "(){}[];,.:=<-+*&|^!\"'`/\n\t x0_\xff\x00";
  for (int i = 0; i < 3000; i++) {
    std::string m = prog;
    size_t at = rng() % m.size();
    int op = int(rng() % 3);
    char c = interesting[rng() % (sizeof interesting - 1)];
    if (op == 0)
      m[at] = c;
    else if (op == 1)
      m.insert(m.begin() + long(at), c);
    else
      m.erase(at, 1);
    parseQuietly(m);
  }
  SUCCEED();
}

TEST_CASE("random bytes", "[robust]") {
  std::mt19937 rng(42);
  for (int i = 0; i < 2000; i++) {
    std::string s(rng() % 200, '\0');
    for (char& c : s) c = char(rng() % 256);
    parseQuietly(s);
  }
  SUCCEED();
}

TEST_CASE("random token soup", "[robust]") {
  static const char* kToks[] = {
      "package",     "import",    "func",   "var",   "const",    "type",
      "struct",      "interface", "map",    "chan",  "go",       "defer",
      "if",          "else",      "for",    "range", "switch",   "case",
      "default",     "select",    "return", "break", "continue", "goto",
      "fallthrough", "x",         "y",      "T",     "1",        "2.5",
      "'a'",         "\"s\"",     "`r`",    "(",     ")",        "[",
      "]",           "{",         "}",      ",",     ";",        ":",
      ".",           "...",       "=",      ":=",    "+=",       "++",
      "--",          "<-",        "+",      "-",     "*",        "&",
      "|",           "^",         "!",      "==",    "&&",       "||",
      "\n",          "~",         ".(type)"};
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; i++) {
    std::string s;
    int n = int(rng() % 60);
    for (int k = 0; k < n; k++) {
      s += kToks[rng() % (sizeof kToks / sizeof kToks[0])];
      s += ' ';
    }
    parseQuietly(s);
    parseQuietly("package main\nfunc f() {\n" + s + "\n}\n");
  }
  SUCCEED();
}

TEST_CASE("deep nesting is an error, not a stack overflow", "[robust]") {
  auto deep = [](const std::string& text) {
    auto p = parseString(text);
    CHECK(p.errors.find("exceeded max nesting depth") != std::string::npos);
  };
  deep("var x = " + std::string(10000, '(') + "1" + std::string(10000, ')'));
  deep("var x = " + std::string(100000, '('));
  deep("func f() " + std::string(10000, '{') + std::string(10000, '}'));
  std::string slices;
  for (int i = 0; i < 10000; i++) slices += "[]";
  deep("var x " + slices + "int");
  std::string stars(10000, '*');
  deep("var x " + stars + "int");
  deep("var x = " + std::string(10000, '!') + "true");
  std::string lits;
  for (int i = 0; i < 5000; i++) lits += "[]T{";
  deep("var x = " + lits);
  std::string sum = "var x = 1";
  for (int i = 0; i < 100000; i++) sum += "+1";
  deep(sum);
  std::string sel = "var x = a";
  for (int i = 0; i < 100000; i++) sel += ".b";
  deep(sel);
  std::string elif = "func f() {\nif x {}";
  for (int i = 0; i < 5000; i++) elif += " else if x {}";
  deep(elif + "\n}");
  // Moderate nesting is fine.
  auto p = parseString("var x = " + std::string(200, '(') + "1" +
                       std::string(200, ')'));
  CHECK(p.errors == "");
}

TEST_CASE("a large file parses quickly", "[robust]") {
  std::string big = "package main\n";
  for (int i = 0; i < 20000; i++)
    big += "func f" + std::to_string(i) + "(a, b int) int { return a*b + " +
           std::to_string(i) + " }\n";
  auto p = parseString(big);
  CHECK(p.errors == "");
  CHECK(p.file->decls.size() == 20000);
}
