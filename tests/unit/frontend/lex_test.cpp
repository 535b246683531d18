// Lexer tests: every literal form, semicolon insertion, comments, errors
// in Go's words at Go's columns, and the unquote helpers.
#include <catch2/catch.hpp>

#include "tests/unit/frontend/helpers.h"

using namespace csp;
using csp::test::kinds;
using csp::test::lexString;

namespace {

// The single literal token of `src` (followed by the EOF semicolon).
Token onlyToken(const std::string& src, std::string* errors = nullptr) {
  auto l = lexString(src);
  if (errors) *errors = l.errors;
  REQUIRE(l.toks.size() >= 2);
  return l.toks[0];
}

void checkLiteral(const std::string& src, Tok kind) {
  INFO(src);
  std::string errors;
  Token t = onlyToken(src, &errors);
  CHECK(errors == "");
  CHECK(t.kind == kind);
  CHECK(t.text == src);
}

std::string errorsOf(const std::string& src) { return lexString(src).errors; }
std::string errorsOf(const char* src, size_t n) {
  return lexString(std::string(src, n)).errors;
}

}  // namespace

TEST_CASE("integer literals", "[lex]") {
  for (const char* s :
       {"0", "42", "1_000_000", "0x2A", "0X2a", "0xff_ff", "0x_1F", "052",
        "0o52", "0O52", "0o7_7", "0b101", "0B1111_0000", "0b_1", "00", "07",
        "0_7", "9223372036854775808"})
    checkLiteral(s, Tok::Int);
}

TEST_CASE("float literals", "[lex]") {
  for (const char* s :
       {"1.5", "1.", ".5", "0.", "1e10", "1E-3", "1.5e+3", "1_0.2_5", "0x1p-2",
        "0X_1FFFP-16", "0x1.8p1", "0x.8p0", "0x1p+3", "089.5", "00.5", "1e0_1"})
    checkLiteral(s, Tok::Float);
}

TEST_CASE("imaginary literals are lexed", "[lex]") {
  for (const char* s :
       {"3i", "0i", "1.5i", "1e3i", "0x1p-2i", "0b1i", "0o7i", "089i"})
    checkLiteral(s, Tok::Imag);
}

TEST_CASE("rune literals with every escape", "[lex]") {
  for (const char* s :
       {"'a'", "'世'", "'\\n'", "'\\a'", "'\\b'", "'\\f'", "'\\r'", "'\\t'",
        "'\\v'", "'\\\\'", "'\\''", "'\\x41'", "'\\u1234'", "'\\U00101234'",
        "'\\101'", "'\\000'", "'\\377'"})
    checkLiteral(s, Tok::Char);
}

TEST_CASE("string literals", "[lex]") {
  for (const char* s :
       {"\"\"", "\"abc\"", "\"a\\tb\\\"\"", "\"\\x41\\u00e9\"",
        "\"héllo, 世界 🌍\"", "``", "`raw\\n`", "`a\nb`", "`\"`"})
    checkLiteral(s, Tok::String);
}

TEST_CASE("identifiers, keywords and unicode letters", "[lex]") {
  auto l = lexString("x _y π 日本 Größe1 break func chan iota");
  CHECK(l.errors == "");
  CHECK(kinds(l.toks) ==
        "IDENT IDENT IDENT IDENT IDENT break func chan IDENT EOF; EOF");
  CHECK(l.toks[2].text == "π");
  CHECK(l.toks[3].text == "日本");
}

TEST_CASE("operators: longest match", "[lex]") {
  auto l = lexString(
      "+ += ++ - -= -- * *= / /= % %= & &= && &^ &^= | |= || "
      "^ ^= << <<= >> >>= <- == = := ! != < <= > >= ... . , "
      "; : ( ) [ ] { } ~");
  CHECK(l.errors == "");
  CHECK(kinds(l.toks) ==
        "+ += ++ - -= -- * *= / /= % %= & &= && &^ &^= | |= || ^ ^= << <<= "
        ">> >>= <- == = := ! != < <= > >= ... . , ; : ( ) [ ] { } ~ EOF");
}

TEST_CASE("semicolon insertion after the right tokens", "[lex]") {
  CHECK(kinds(lexString("x\n").toks) == "IDENT \\n EOF");
  CHECK(kinds(lexString("1\n2.5\n3i\n'a'\n\"s\"\n`r`\n").toks) ==
        "INT \\n FLOAT \\n IMAG \\n CHAR \\n STRING \\n STRING \\n EOF");
  CHECK(kinds(lexString("break\ncontinue\nfallthrough\nreturn\n").toks) ==
        "break \\n continue \\n fallthrough \\n return \\n EOF");
  CHECK(kinds(lexString("x++\ny--\n)\n]\n}\n").toks) ==
        "IDENT ++ \\n IDENT -- \\n ) \\n ] \\n } \\n EOF");
  // No semicolon after operators, keywords like `if`, or opening brackets.
  CHECK(kinds(lexString("x +\ny\nif\n(\n{\n[\n").toks) ==
        "IDENT + IDENT \\n if ( { [ EOF");
  // At EOF without a newline.
  CHECK(kinds(lexString("x").toks) == "IDENT EOF; EOF");
  CHECK(kinds(lexString("x;").toks) == "IDENT ; EOF");
}

TEST_CASE("comments and semicolons", "[lex]") {
  // A line comment ends with the newline, which still inserts ';'.
  auto l = lexString("x // c\ny");
  CHECK(kinds(l.toks) == "IDENT \\n IDENT EOF; EOF");
  CHECK(l.toks[1].pos.col() == 7);  // at the newline, as gc
  // A general comment spanning lines acts as a newline.
  CHECK(kinds(lexString("x /* a\nb */ y").toks) == "IDENT \\n IDENT EOF; EOF");
  // One on a single line does not.
  CHECK(kinds(lexString("x /* a */ y").toks) == "IDENT IDENT EOF; EOF");
  CHECK(kinds(lexString("/* a\n */ x").toks) == "IDENT EOF; EOF");
  CHECK(kinds(lexString("x // c").toks) == "IDENT EOF; EOF");
}

TEST_CASE("comments are kept on request", "[lex]") {
  auto* src = csp::test::keepSource("x // c\n/* d\n */ y");
  Diagnostics diags;
  lex::Lexer lx(src, &diags);
  lx.keepComments(true);
  std::vector<Token> toks;
  for (Token t = lx.next(); t.kind != Tok::Eof; t = lx.next())
    toks.push_back(t);
  CHECK(kinds(toks) == "IDENT COMMENT \\n COMMENT IDENT EOF;");
  CHECK(toks[1].text == "// c");
  CHECK(toks[3].text == "/* d\n */");
}

TEST_CASE("token positions are 1-based line:col in bytes", "[lex]") {
  auto l = lexString("package main\n\nfunc\tf() {}\n");
  REQUIRE(l.toks.size() > 4);
  CHECK(l.toks[0].pos.line() == 1);
  CHECK(l.toks[1].pos.col() == 9);
  CHECK(l.toks[3].pos.line() == 3);
  CHECK(l.toks[4].pos.col() == 6);  // the tab is one column
  auto u = lexString("\"é\" x");
  CHECK(u.toks[1].pos.col() == 6);  // é is two bytes
}

TEST_CASE("a leading BOM is skipped", "[lex]") {
  auto l = lexString("\xEF\xBB\xBFx");
  CHECK(l.errors == "");
  CHECK(kinds(l.toks) == "IDENT EOF; EOF");
}

TEST_CASE("number literal errors in Go's words", "[lex][errors]") {
  CHECK(errorsOf("x := 1__0") ==
        "t.csp:1:8: '_' must separate successive digits\n");
  CHECK(errorsOf("x := 1_") ==
        "t.csp:1:7: '_' must separate successive digits\n");
  CHECK(errorsOf("0x_") == "t.csp:1:4: hexadecimal literal has no digits\n");
  CHECK(errorsOf("0_x") == "t.csp:1:2: '_' must separate successive digits\n");
  CHECK(errorsOf("x := 018") ==
        "t.csp:1:8: invalid digit '8' in octal literal\n");
  CHECK(errorsOf("0o8") == "t.csp:1:3: invalid digit '8' in octal literal\n");
  CHECK(errorsOf("0b102") ==
        "t.csp:1:5: invalid digit '2' in binary literal\n");
  CHECK(errorsOf("0x") == "t.csp:1:3: hexadecimal literal has no digits\n");
  CHECK(errorsOf("0b") == "t.csp:1:3: binary literal has no digits\n");
  CHECK(errorsOf("0x1.5") ==
        "t.csp:1:6: hexadecimal mantissa requires a 'p' exponent\n");
  CHECK(errorsOf("0b1.0") ==
        "t.csp:1:4: invalid radix point in binary literal\n");
  CHECK(errorsOf("1e") == "t.csp:1:3: exponent has no digits\n");
  CHECK(errorsOf("1e+") == "t.csp:1:4: exponent has no digits\n");
  CHECK(errorsOf("0x1p") == "t.csp:1:5: exponent has no digits\n");
  CHECK(errorsOf("1p3") ==
        "t.csp:1:2: 'p' exponent requires hexadecimal mantissa\n");
  CHECK(errorsOf("0b1e3") ==
        "t.csp:1:4: 'e' exponent requires decimal mantissa\n");
  CHECK(errorsOf("089") == "t.csp:1:2: invalid digit '8' in octal literal\n");
  CHECK(errorsOf("089.5 089i") == "");  // floats and imaginaries are decimal
}

TEST_CASE("string and rune errors in Go's words", "[lex][errors]") {
  CHECK(errorsOf("s := \"abc\nx") == "t.csp:1:10: newline in string\n");
  CHECK(errorsOf("s := \"abc") == "t.csp:1:6: string literal not terminated\n");
  CHECK(errorsOf("s := `abc") == "t.csp:1:6: string literal not terminated\n");
  CHECK(errorsOf("r := 'ab'") ==
        "t.csp:1:6: more than one character in rune literal\n");
  CHECK(errorsOf("r := ''") ==
        "t.csp:1:7: empty rune literal or unescaped '\n");
  CHECK(errorsOf("r := 'a") == "t.csp:1:6: rune literal not terminated\n");
  CHECK(errorsOf("r := 'a\n") == "t.csp:1:8: newline in rune literal\n");
  CHECK(errorsOf("r := '\\q'") == "t.csp:1:8: unknown escape\n");
  CHECK(errorsOf("r := '\\\"'") == "t.csp:1:8: unknown escape\n");
  CHECK(errorsOf("s := \"\\'\"") == "t.csp:1:8: unknown escape\n");
  CHECK(errorsOf("r := '\\400'") ==
        "t.csp:1:11: octal escape value 256 > 255\n");
  CHECK(errorsOf("r := '\\xZZ'") ==
        "t.csp:1:9: invalid character 'Z' in hexadecimal escape\n");
  CHECK(errorsOf("r := '\\12'") ==
        "t.csp:1:10: invalid character '\\'' in octal escape\n");
  CHECK(errorsOf("r := '\\uD800'") ==
        "t.csp:1:13: escape is invalid Unicode code point U+D800\n");
  CHECK(errorsOf("r := '\\U00110000'") ==
        "t.csp:1:17: escape is invalid Unicode code point U+110000\n");
}

TEST_CASE("invalid characters in Go's words", "[lex][errors]") {
  CHECK(errorsOf("x @ y") == "t.csp:1:3: invalid character U+0040 '@'\n");
  CHECK(errorsOf("x # y") == "t.csp:1:3: invalid character U+0023 '#'\n");
  CHECK(errorsOf("x \x01") == "t.csp:1:3: invalid character U+0001\n");
  CHECK(errorsOf("a·b") ==
        "t.csp:1:2: invalid character U+00B7 '·' in identifier\n");
  CHECK(errorsOf("€") ==
        "t.csp:1:1: invalid character U+20AC '€' in identifier\n");
  CHECK(errorsOf("x \xff") == "t.csp:1:3: invalid UTF-8 encoding\n");
  CHECK(errorsOf("x \x00", 3) == "t.csp:1:3: invalid NUL character\n");
  CHECK(errorsOf("x \xEF\xBB\xBF") ==
        "t.csp:1:3: invalid BOM in the middle of the file\n");
  CHECK(errorsOf("/* abc") == "t.csp:1:1: comment not terminated\n");
  CHECK(errorsOf("\"a\xff"
                 "b\"") == "t.csp:1:3: invalid UTF-8 encoding\n");
  // As Go: a NUL is skipped, even inside a token; bytes that are not UTF-8
  // end a token and are skipped.
  auto nul = lexString(std::string("ab\0c d", 6));
  CHECK(nul.errors == "t.csp:1:3: invalid NUL character\n");
  CHECK(kinds(nul.toks) == "IDENT IDENT EOF; EOF");
  CHECK(nul.toks[0].text == std::string("ab\0c", 4));
  auto bad = lexString(
      "a\xff"
      "b");
  CHECK(kinds(bad.toks) == "IDENT IDENT EOF; EOF");
  // After an invalid character the lexer goes on.
  auto l = lexString("x @ y");
  CHECK(kinds(l.toks) == "IDENT IDENT EOF; EOF");
}

TEST_CASE("unquoteString", "[lex]") {
  std::string s;
  CHECK(lex::unquoteString("\"a\\tb\\\"\"", &s));
  CHECK(s == "a\tb\"");
  CHECK(lex::unquoteString("\"\\x41\\101\\u00e9\\U0001F30D\"", &s));
  CHECK(s == "AA\xC3\xA9\xF0\x9F\x8C\x8D");
  CHECK(lex::unquoteString("\"\\xff\\377\"", &s));
  CHECK(s == "\xff\xff");
  CHECK(lex::unquoteString("\"héllo\"", &s));
  CHECK(s == "héllo");
  CHECK(lex::unquoteString("`a\\n\r\nb`", &s));
  CHECK(s == "a\\n\nb");  // raw: no escapes, carriage returns removed
  CHECK(lex::unquoteString("\"\"", &s));
  CHECK(s.empty());
  CHECK_FALSE(lex::unquoteString("\"abc", &s));
  CHECK_FALSE(lex::unquoteString("\"\\q\"", &s));
  CHECK_FALSE(lex::unquoteString("\"\\'\"", &s));
  CHECK_FALSE(lex::unquoteString("\"\\uD800\"", &s));
  CHECK_FALSE(lex::unquoteString("\"a\nb\"", &s));
  CHECK_FALSE(lex::unquoteString("", &s));
}

TEST_CASE("unquoteChar", "[lex]") {
  uint32_t r = 0;
  CHECK(lex::unquoteChar("'a'", &r));
  CHECK(r == 'a');
  CHECK(lex::unquoteChar("'世'", &r));
  CHECK(r == 0x4E16);
  CHECK(lex::unquoteChar("'\\n'", &r));
  CHECK(r == '\n');
  CHECK(lex::unquoteChar("'\\x41'", &r));
  CHECK(r == 0x41);
  CHECK(lex::unquoteChar("'\\u1234'", &r));
  CHECK(r == 0x1234);
  CHECK(lex::unquoteChar("'\\U00101234'", &r));
  CHECK(r == 0x101234);
  CHECK(lex::unquoteChar("'\\101'", &r));
  CHECK(r == 65);
  CHECK(lex::unquoteChar("'\\''", &r));
  CHECK(r == '\'');
  CHECK(lex::unquoteChar("'\\377'", &r));
  CHECK(r == 255);
  CHECK_FALSE(lex::unquoteChar("'ab'", &r));
  CHECK_FALSE(lex::unquoteChar("''", &r));
  CHECK_FALSE(lex::unquoteChar("'\\\"'", &r));
  CHECK_FALSE(lex::unquoteChar("'a", &r));
}

TEST_CASE("token spellings, names and precedence", "[lex]") {
  CHECK(std::string(tokSpelling(Tok::AndNotAssign)) == "&^=");
  CHECK(std::string(tokName(Tok::AndNotAssign)) == "AndNotAssign");
  CHECK(std::string(tokSpelling(Tok::Fallthrough)) == "fallthrough");
  CHECK(isKeyword(Tok::Break));
  CHECK(isKeyword(Tok::Var));
  CHECK_FALSE(isKeyword(Tok::Ident));
  CHECK_FALSE(isKeyword(Tok::Tilde));
  CHECK(tokPrecedence(Tok::LOr) == 1);
  CHECK(tokPrecedence(Tok::LAnd) == 2);
  CHECK(tokPrecedence(Tok::Leq) == 3);
  CHECK(tokPrecedence(Tok::Xor) == 4);
  CHECK(tokPrecedence(Tok::AndNot) == 5);
  CHECK(tokPrecedence(Tok::Assign) == 0);
}
