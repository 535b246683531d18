// `csp tokens` and `csp ast` (see dump.h).
#include "tools/dump.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler/lex.h"
#include "compiler/parse.h"

namespace csp::cli {

std::unique_ptr<SourceFile> loadSource(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "csp: open %s: %s\n", path.c_str(),
                 std::strerror(errno ? errno : ENOENT));
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::make_unique<SourceFile>(path, text.str());
}

namespace {

// The token's text on one line: control characters as Go escapes them.
std::string oneLine(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out;
}

// What the TEXT column shows for `tok` ("" when the kind says it all).
std::string tokenText(const Token& tok) {
  if (tok.kind == Tok::Semicolon) {
    if (tok.text == "\n") return "newline";
    if (tok.text.empty()) return "EOF";
    return "";
  }
  if (tok.text == tokSpelling(tok.kind)) return "";
  return oneLine(tok.text);
}

}  // namespace

int dumpTokens(const std::string& path) {
  auto src = loadSource(path);
  if (!src) return 1;
  Diagnostics diags;
  std::vector<Token> toks = lex::tokenize(src.get(), &diags);
  for (const Token& tok : toks) {
    std::string pos =
        std::to_string(tok.pos.line()) + ":" + std::to_string(tok.pos.col());
    std::string text = tokenText(tok);
    if (text.empty())
      std::printf("%-9s %s\n", pos.c_str(), tokSpelling(tok.kind));
    else
      std::printf("%-9s %-8s %s\n", pos.c_str(), tokSpelling(tok.kind),
                  text.c_str());
  }
  std::fflush(stdout);
  return diags.hasErrors() ? 1 : 0;
}

int dumpAst(const std::string& path) {
  auto src = loadSource(path);
  if (!src) return 1;
  Diagnostics diags;
  ast::File* file = parse::parseFile(src.get(), &diags);
  if (diags.hasErrors()) return 1;
  std::string dump = parse::dumpAst(file);
  std::fwrite(dump.data(), 1, dump.size(), stdout);
  std::fflush(stdout);
  return 0;
}

}  // namespace csp::cli
