// The parser, part 1: tokens, errors, files and declarations.
// See parser_impl.h for the design; productions are written in Go's EBNF.
#include <algorithm>
#include <cstdio>

#include "compiler/parser_impl.h"

namespace csp::parse {

using namespace ast;

// ---------------------------------------------------------------------------
// Tokens and errors

Parser::Parser(const SourceFile* src, Diagnostics* diags, bool repl)
    : src_(src), diags_(diags), lexer_(src, &lex_diags_), repl_(repl) {
  lex_diags_.captureTo(&lex_errors_);
  lex_diags_.setShowSource(false);
  next();
}

Parser::Nest::Nest(Parser* parser) : p(parser) {
  if (++p->depth_ > kMaxDepth && !p->stopped_) {
    p->errorAt(p->pos(), "syntax error: exceeded max nesting depth");
    p->stop();
  }
}

// Behaves as if the input ended here: every production unwinds quickly.
void Parser::stop() {
  stopped_ = true;
  tok_.kind = Tok::Eof;
  tok_.text.clear();
}

void Parser::next() {
  if (stopped_) return;
  tok_ = lexer_.next();
  if (!lex_errors_.empty()) takeLexErrors();
}

// Moves the lexer's errors ("file:L:C: msg" lines) into errors_.
void Parser::takeLexErrors() {
  std::string prefix = src_->name + ":";
  size_t start = 0;
  while (start < lex_errors_.size() && !stopped_) {
    size_t end = lex_errors_.find('\n', start);
    if (end == std::string::npos) end = lex_errors_.size();
    std::string line = lex_errors_.substr(start, end - start);
    start = end + 1;
    if (line.rfind(prefix, 0) != 0) continue;
    int l = 0, c = 0, n = 0;
    if (std::sscanf(line.c_str() + prefix.size(), "%d:%d: %n", &l, &c, &n) <
            2 ||
        n == 0 || l < 1 || size_t(l) > src_->line_starts.size())
      continue;
    std::string msg = line.substr(prefix.size() + size_t(n));
    if (msg == "too many errors") continue;
    errorAt(Pos{src_, src_->line_starts[size_t(l) - 1] + uint32_t(c - 1)}, msg);
  }
  lex_errors_.clear();
}

bool Parser::got(Tok t) {
  if (tok() == t) {
    next();
    return true;
  }
  return false;
}

namespace {

// Go's tokstring: the English word for a token in "expected X".
std::string tokString(Tok t) {
  if (t == Tok::Comma) return "comma";
  if (t == Tok::Semicolon) return "semicolon or newline";
  if (isKeyword(t)) return std::string("keyword ") + tokSpelling(t);
  return tokSpelling(t);
}

// The keywords that start a statement: where recovery inside a function
// body may stop (Go's stopset).
bool inStopset(Tok t) {
  switch (t) {
    case Tok::Break:
    case Tok::Const:
    case Tok::Continue:
    case Tok::Defer:
    case Tok::Fallthrough:
    case Tok::For:
    case Tok::Go:
    case Tok::Goto:
    case Tok::If:
    case Tok::Return:
    case Tok::Select:
    case Tok::Switch:
    case Tok::Type:
    case Tok::Var:
      return true;
    default:
      return false;
  }
}

}  // namespace

void Parser::want(Tok t) {
  if (!got(t)) {
    syntaxError("expected " + tokString(t));
    advanceOne();
  }
}

// gotAssign is like got(=) but also accepts (and reports) ":=".
bool Parser::gotAssign() {
  if (tok() == Tok::Define) {
    syntaxError("expected =");
    next();
    return true;
  }
  return got(Tok::Assign);
}

// Skips one token (unless at the end).
void Parser::advanceOne() {
  if (tok() != Tok::Eof) next();
}

// Skips to a token in `follow` (or, inside a function, one that starts a
// statement), as Go's parser.advance.
void Parser::advance(std::initializer_list<Tok> follow) {
  while (tok() != Tok::Eof) {
    if (std::find(follow.begin(), follow.end(), tok()) != follow.end()) return;
    if (fnest_ > 0 && inStopset(tok())) return;
    next();
  }
}

const char* semiLit(const Token& t) {
  if (t.text == "\n") return "newline";
  const std::string& text = t.pos.file->text;
  if (t.pos.offset < text.size() && text[t.pos.offset] == ';')
    return "semicolon";
  return "EOF";
}

std::string Parser::tokDescription() const {
  switch (tok()) {
    case Tok::Ident:
      return "name " + tok_.text;
    case Tok::Semicolon:
      return semiLit(tok_);
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Char:
    case Tok::String:
      return "literal " + tok_.text;
    default:
      return tokString(tok());
  }
}

// As Go's syntaxErrorAt: "in ...", "at ...", "after ..." and "expected ..."
// messages name the unexpected token; others are plain.
void Parser::syntaxErrorAt(Pos at, const std::string& msg) {
  if (stopped_) return;
  // At the end after an error: avoid meaningless follow-up errors.
  if (tok() == Tok::Eof && !errors_.empty()) return;
  std::string tail;
  auto starts = [&](const char* p) { return msg.rfind(p, 0) == 0; };
  if (msg.empty()) {
    // nothing to add
  } else if (starts("in ") || starts("at ") || starts("after ")) {
    tail = " " + msg;
  } else if (starts("expected ")) {
    tail = ", " + msg;
  } else {
    errorAt(at, "syntax error: " + msg);
    return;
  }
  errorAt(at, "syntax error: unexpected " + tokDescription() + tail);
}

// Records an error. As gc's ErrorfAt: only the first syntax error of a
// line, and only one of equal other errors on a line.
void Parser::errorAt(Pos at, const std::string& msg) {
  if (stopped_) return;
  int line = at.line();
  if (msg.rfind("syntax error", 0) == 0) {
    if (line == last_syntax_line_) return;
    last_syntax_line_ = line;
  } else {
    if (line == last_other_line_ && msg == last_other_msg_) return;
    last_other_line_ = line;
    last_other_msg_ = msg;
  }
  errors_.emplace_back(at, msg);
  if (errors_.size() >= size_t(Diagnostics::kMaxErrors)) stop();
}

// An error that Go's type checker would report (the tree is still usable).
void Parser::checkError(Pos at, const std::string& msg) {
  check_errors_.emplace_back(at, msg);
}

namespace {

// Reports `errs` sorted by position, keeping the order of equal ones.
void reportSorted(Diagnostics* diags,
                  const std::vector<std::pair<Pos, std::string>>& errs) {
  std::vector<size_t> order(errs.size());
  for (size_t i = 0; i < order.size(); i++) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    uint32_t oa = errs[a].first.offset, ob = errs[b].first.offset;
    return oa != ob ? oa < ob : a < b;
  });
  for (size_t i : order) diags->error(errs[i].first, errs[i].second);
}

}  // namespace

// Reports what was found: the syntax (and lexical) errors, or else the
// errors that wait for a clean parse.
void Parser::finish() {
  if (!lex_errors_.empty()) takeLexErrors();
  if (!errors_.empty())
    reportSorted(diags_, errors_);
  else
    reportSorted(diags_, check_errors_);
  errors_.clear();
  check_errors_.clear();
}

// ---------------------------------------------------------------------------
// Files

// SourceFile = [ PackageClause ";" ] { ImportDecl ";" } { TopLevelDecl ";" } .
// csp: the package clause may be left out.
File* Parser::file() {
  File* f = make<File>();
  f->source = src_;
  if (tok() == Tok::Package) {
    next();
    f->package_name = name();
    want(Tok::Semicolon);
    // As gc: don't bother continuing if the package clause has errors.
    if (!errors_.empty()) stop();
  }
  topLevel(f);
  finish();
  return f;
}

// TopLevelDecl = Declaration | FunctionDecl | MethodDecl .
// In the REPL, statements too (File::top_stmts).
void Parser::topLevel(File* f) {
  Tok prev = Tok::Import;
  while (tok() != Tok::Eof) {
    if (tok() == Tok::Import && prev != Tok::Import && !repl_)
      syntaxError("imports must appear before other declarations");
    prev = tok();
    switch (tok()) {
      case Tok::Import:
      case Tok::Const:
      case Tok::Type:
      case Tok::Var: {
        GenDecl* d = genDecl(tok());
        f->decls.push_back(d);
        if (d->tok == Tok::Import)
          for (Spec* s : d->specs)
            f->imports.push_back(static_cast<ImportSpec*>(s));
        break;
      }
      case Tok::Func:
        f->decls.push_back(funcDecl());
        break;
      default:
        if (repl_ && tok() == Tok::Semicolon) break;  // an empty input
        if (repl_) {
          fnest_++;
          Stmt* s = stmtOrNull();
          fnest_--;
          if (s) {
            f->top_stmts.push_back(s);
            break;
          }
          syntaxError("");
        } else if (tok() == Tok::LBrace && !f->decls.empty() &&
                   f->decls.back()->kind == DeclKind::Func &&
                   !static_cast<FuncDecl*>(f->decls.back())->body) {
          // The opening { of a function declaration on the next line.
          syntaxError("unexpected semicolon or newline before {");
        } else {
          syntaxError("non-declaration statement outside function body");
        }
        advance({Tok::Import, Tok::Const, Tok::Type, Tok::Var, Tok::Func});
        continue;
    }
    if (tok() != Tok::Eof && !got(Tok::Semicolon)) {
      syntaxError(repl_ ? "at end of statement"
                        : "after top level declaration");
      advance({Tok::Import, Tok::Const, Tok::Type, Tok::Var, Tok::Func});
    }
  }
}

// Declaration = ConstDecl | TypeDecl | VarDecl | ImportDecl .
// XxxDecl = "xxx" ( XxxSpec | "(" { XxxSpec ";" } ")" ) .
GenDecl* Parser::genDecl(Tok keyword) {
  GenDecl* d = make<GenDecl>(pos(), keyword);
  next();
  auto spec = [&](int index) -> Spec* {
    switch (keyword) {
      case Tok::Import:
        return importSpec();
      case Tok::Const:
        return constSpec(index);
      case Tok::Type:
        return typeSpec();
      default:
        return varSpec();
    }
  };
  if (tok() == Tok::LParen) {
    d->grouped = true;
    next();
    int index = 0;
    list("grouped declaration", Tok::Semicolon, Tok::RParen, nullptr, [&] {
      d->specs.push_back(spec(index++));
      return false;
    });
  } else {
    d->specs.push_back(spec(0));
  }
  return d;
}

// ImportSpec = [ "." | PackageName ] ImportPath .
ImportSpec* Parser::importSpec() {
  ImportSpec* s = make<ImportSpec>(pos());
  if (tok() == Tok::Ident) {
    s->name = name();
  } else if (tok() == Tok::Period) {
    s->name = make<Ident>(pos(), ".");
    next();
  }
  s->path = literalOrNull();
  if (!s->path) {
    syntaxError("missing import path");
    advance({Tok::Semicolon, Tok::RParen});
    s->path = make<BasicLit>(pos(), Tok::String, "\"\"");
    return s;
  }
  if (s->path->lit_kind != Tok::String) {
    syntaxErrorAt(s->path->pos, "import path must be a string");
  }
  return s;
}

// ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] .
ValueSpec* Parser::constSpec(int iota) {
  ValueSpec* s = make<ValueSpec>(pos());
  s->iota = iota;
  s->names.push_back(name());
  while (got(Tok::Comma)) s->names.push_back(name());
  if (tok() != Tok::Eof && tok() != Tok::Semicolon && tok() != Tok::RParen) {
    s->type = typeOrNull();
    if (gotAssign()) s->values = exprList();
  }
  return s;
}

// VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList )
// .
ValueSpec* Parser::varSpec() {
  ValueSpec* s = make<ValueSpec>(pos());
  s->names.push_back(name());
  while (got(Tok::Comma)) s->names.push_back(name());
  if (gotAssign()) {
    s->values = exprList();
  } else {
    s->type = type();
    if (gotAssign()) s->values = exprList();
  }
  return s;
}

// Reports (and skips) a type parameter list "[" ... "]", which csp does not
// support. Called with the current token "[" where Go would accept one.
bool Parser::typeParamsUnsupported() {
  errorAt(pos(), "syntax error: generic type parameters are not supported");
  int depth = 0;
  while (tok() != Tok::Eof) {
    if (tok() == Tok::LBrack) depth++;
    if (tok() == Tok::RBrack && --depth == 0) {
      next();
      break;
    }
    next();
  }
  return true;
}

// TypeSpec = identifier [ "=" ] Type .
// `type A [N]T` is an array type; `type G[T any] ...` a generic type.
TypeSpec* Parser::typeSpec() {
  TypeSpec* s = make<TypeSpec>(pos());
  s->name = name();
  if (tok() == Tok::LBrack) {
    Pos lbrack = pos();
    next();
    if (tok() == Tok::RBrack) {
      next();
      ArrayType* t = make<ArrayType>(lbrack);
      t->elt = type();
      s->type = t;
    } else if (tok() == Tok::Ident) {
      xnest_++;
      Expr* len = expr();
      xnest_--;
      if (tok() != Tok::RBrack && tok() != Tok::Comma) {
        // "[" name constraint ...: a type parameter list.
        errorAt(len->pos,
                "syntax error: generic type parameters are not supported");
        advance({Tok::RBrack, Tok::Semicolon});
        got(Tok::RBrack);
        s->type = typeOrNull();
      } else {
        s->type = arrayType(lbrack, len);
      }
    } else {
      s->type = arrayType(lbrack, nullptr);
    }
  } else {
    s->alias = gotAssign();
    s->type = typeOrNull();
  }
  if (!s->type) {
    s->type = make<BadExpr>(pos());
    syntaxError("in type declaration");
    advance({Tok::Semicolon, Tok::RParen});
  }
  return s;
}

// FunctionDecl = "func" FunctionName Signature [ FunctionBody ] .
// MethodDecl   = "func" Receiver MethodName Signature [ FunctionBody ] .
FuncDecl* Parser::funcDecl() {
  FuncDecl* f = make<FuncDecl>(pos());
  Pos func_pos = pos();
  next();
  bool method = got(Tok::LParen);
  if (method) {
    std::vector<Field*> rcvr = paramList(Tok::RParen);
    size_t n = 0;
    for (Field* fl : rcvr) n += std::max<size_t>(1, fl->names.size());
    if (n == 0) {
      errorAt(pos(), "method has no receiver");
    } else {
      if (n > 1) errorAt(pos(), "method has multiple receivers");
      f->recv = rcvr[0];
      if (f->recv->names.size() > 1) f->recv->names.resize(1);
    }
  }
  if (tok() == Tok::Ident) {
    f->name = name();
    if (tok() == Tok::LBrack) typeParamsUnsupported();
    f->type = funcType(func_pos);
  } else {
    f->name = make<Ident>(pos(), "_");
    f->type = make<FuncType>(func_pos);
    syntaxError(method ? "expected name" : "expected name or (");
    advance({Tok::LBrace, Tok::Semicolon});
  }
  if (tok() == Tok::LBrace) f->body = funcBody();
  return f;
}

// ---------------------------------------------------------------------------
// Entry points

File* parseFile(const SourceFile* src, Diagnostics* diags) {
  Parser p(src, diags, false);
  return p.file();
}

namespace {

// Does the input end inside an open bracket or a raw string? Lexes it
// without reporting anything.
bool inputIncomplete(const SourceFile* src) {
  Diagnostics quiet;
  std::string sink;
  quiet.captureTo(&sink);
  lex::Lexer lx(src, &quiet);
  int depth = 0;
  for (;;) {
    Token t = lx.next();
    switch (t.kind) {
      case Tok::LParen:
      case Tok::LBrack:
      case Tok::LBrace:
        depth++;
        break;
      case Tok::RParen:
      case Tok::RBrack:
      case Tok::RBrace:
        depth--;
        break;
      case Tok::String:
        if (t.text[0] == '`' && (t.text.size() < 2 || t.text.back() != '`'))
          return true;
        break;
      case Tok::Eof:
        return depth > 0 ||
               sink.find("comment not terminated") != std::string::npos;
      default:
        break;
    }
  }
}

}  // namespace

File* parseReplInput(const SourceFile* src, Diagnostics* diags,
                     bool* incomplete) {
  if (incomplete) *incomplete = false;
  if (inputIncomplete(src)) {
    if (incomplete) *incomplete = true;
    File* f = make<File>();
    f->source = src;
    return f;
  }
  Parser p(src, diags, true);
  return p.file();
}

}  // namespace csp::parse
