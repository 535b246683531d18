// The parser's private interface, shared by parse*.cpp.
//
// A port of Go's cmd/compile/internal/syntax parser (recursive descent,
// one token of lookahead), producing go/ast-shaped nodes (ast.h). Keeping
// Go's structure keeps Go's error messages and recovery:
//   - syntaxError(msg) words the message as gc does: "syntax error:
//     unexpected X, expected Y", "... in argument list; possibly missing
//     comma or )", or a plain "syntax error: msg";
//   - only the first syntax error of a line is reported, and the errors
//     come out sorted by position (as gc);
//   - errors that Go's type checker reports, not its parser ("expression
//     in defer must be function call"), wait in check_errors_ and are
//     reported only when the file has no syntax error;
//   - after an error the parser skips ahead (advance) to a token that can
//     start or follow the construct, so it always makes progress.
// Positions: Expr::pos and Stmt::pos are where the node starts (go/ast's
// Pos(), which is where types2 reports errors); the operator, brace and
// paren positions are in the extra fields.
//
// Invariants: every loop either consumes a token or stops at Eof. The
// recursion depth is capped (kMaxDepth); past it the parser reports one
// error and behaves as if at Eof, so that deep input cannot overflow the
// stack.
#pragma once

#include <string>
#include <vector>

#include "compiler/arena.h"
#include "compiler/ast.h"
#include "compiler/lex.h"
#include "compiler/parse.h"

namespace csp::parse {

// The deepest nesting of expressions, types and blocks accepted.
constexpr int kMaxDepth = 1000;

// One entry of a parameter list as written, before names and types are
// distributed: a name, a type, or both.
struct ParamDecl {
  ast::Ident* name = nullptr;
  ast::Expr* type = nullptr;
  Pos pos;
};

class Parser {
 public:
  Parser(const SourceFile* src, Diagnostics* diags, bool repl);

  // parse.cpp: files and declarations
  ast::File* file();
  void topLevel(ast::File* f);
  ast::GenDecl* genDecl(Tok keyword);
  ast::ImportSpec* importSpec();
  ast::ValueSpec* constSpec(int iota);
  ast::ValueSpec* varSpec();
  ast::TypeSpec* typeSpec();
  ast::FuncDecl* funcDecl();
  bool typeParamsUnsupported();

  // parse_type.cpp: types and parameters
  ast::Expr* type();
  ast::Expr* typeOrNull();
  ast::Expr* qualifiedName(ast::Ident* name);
  ast::Expr* arrayType(Pos lbrack, ast::Expr* len);
  ast::Expr* chanElem();
  ast::StructType* structType();
  void fieldDecl(ast::StructType* st);
  ast::InterfaceType* interfaceType();
  ast::FuncType* funcType(Pos pos);
  std::vector<ast::Field*> paramList(Tok close);
  bool paramDecl(Tok close, ParamDecl* par);
  std::vector<ast::Field*> funcResult();

  // parse_expr.cpp: expressions
  ast::Expr* expr();
  ast::Expr* binaryExpr(ast::Expr* x, int prec);
  ast::Expr* unaryExpr();
  ast::Expr* recvExpr();
  ast::Expr* operand();
  ast::Expr* primaryExpr(ast::Expr* x);
  ast::Expr* selectorOrAssert(ast::Expr* x);
  ast::Expr* indexOrSlice(ast::Expr* x);
  ast::Expr* callExpr(ast::Expr* x);
  ast::Expr* funcLitOrType();
  bool complitOk(ast::Expr* x);
  ast::CompositeLit* compositeLit(ast::Expr* type);
  ast::Expr* element();
  std::vector<ast::Expr*> exprList();
  ast::Ident* name();
  ast::BasicLit* literalOrNull();

  // parse_stmt.cpp: statements
  ast::BlockStmt* funcBody();
  ast::BlockStmt* blockStmt(const char* context);
  std::vector<ast::Stmt*> stmtList();
  ast::Stmt* stmtOrNull();
  ast::Stmt* simpleStmt(std::vector<ast::Expr*> lhs, Tok keyword);
  ast::Stmt* assignOrRange(std::vector<ast::Expr*> lhs, Tok keyword);
  ast::Stmt* rangeClause(std::vector<ast::Expr*> lhs, Tok op, Pos op_pos);
  ast::Stmt* labeledStmt(ast::Ident* label);
  ast::Stmt* declStmt();
  ast::Stmt* callStmt();
  ast::Stmt* branchStmt();
  ast::Stmt* returnStmt();
  void header(Tok keyword, ast::Stmt** init, ast::Stmt** cond,
              ast::Stmt** post);
  void forPost(ast::Stmt** post);
  ast::Expr* condOf(ast::Stmt* s);
  ast::Stmt* ifStmt();
  ast::IfStmt* ifClause();
  ast::Stmt* forStmt();
  ast::Stmt* switchStmt();
  ast::CaseClause* caseClause();
  ast::Stmt* selectStmt();
  ast::CommClause* commClause();
  void checkTypeSwitchGuard(ast::Stmt* cond);

  // parse.cpp: tokens and errors
  void next();
  bool got(Tok t);
  void want(Tok t);
  bool gotAssign();
  Pos pos() const { return tok_.pos; }
  Tok tok() const { return tok_.kind; }
  void advance(std::initializer_list<Tok> follow);
  void advanceOne();
  void syntaxError(const std::string& msg) { syntaxErrorAt(pos(), msg); }
  void syntaxErrorAt(Pos pos, const std::string& msg);
  void errorAt(Pos pos, const std::string& msg);
  void checkError(Pos pos, const std::string& msg);
  void takeLexErrors();
  void finish();
  std::string tokDescription() const;
  void stop();
  template <typename F>
  void list(const char* context, Tok sep, Tok close, Pos* close_pos, F f);

  // RAII nesting counter for recursive productions.
  struct Nest {
    Parser* p;
    explicit Nest(Parser* parser);
    ~Nest() { p->depth_--; }
  };

  const SourceFile* src_;
  Diagnostics* diags_;
  // The lexer reports into lex_diags_ (one line per error, captured in
  // lex_errors_); next() moves them into errors_, so that lexical and
  // syntax errors come out together in source order, as gc prints them.
  Diagnostics lex_diags_;
  std::string lex_errors_;
  lex::Lexer lexer_;
  Token tok_;
  bool repl_;
  int xnest_ = 0;  // < 0: in a statement header, where T{ is not a literal
  int fnest_ = 0;  // function nesting (0: top level)
  int depth_ = 0;
  bool stopped_ = false;
  int last_syntax_line_ = 0;
  int last_other_line_ = 0;
  std::string last_other_msg_;
  // Errors found so far, in the order found; finish() reports them sorted
  // by position (stable).
  std::vector<std::pair<Pos, std::string>> errors_;
  // Errors Go's type checker (not its parser) reports: shown, in source
  // order, only when there is no syntax error (as gc would).
  std::vector<std::pair<Pos, std::string>> check_errors_;
  bool in_switch_header_ = false;   // x.(type) allowed
  std::vector<ast::Expr*> guards_;  // x.(type) seen in a switch header
};

// list = [ f { sep f } [sep] ] close .
// Calls f for each element until f returns true or close is reached; the
// position of close goes to *close_pos. As Go's parser.list.
template <typename F>
void Parser::list(const char* context, Tok sep, Tok close, Pos* close_pos,
                  F f) {
  bool done = false;
  while (tok() != Tok::Eof && tok() != close && !done) {
    done = f();
    if (!got(sep) && tok() != close) {
      syntaxError(std::string("in ") + context + "; possibly missing " +
                  (sep == Tok::Comma ? "comma" : "semicolon or newline") +
                  " or " + tokSpelling(close));
      advance({Tok::RParen, Tok::RBrack, Tok::RBrace});
      if (tok() != close) {
        if (close_pos) *close_pos = pos();
        return;
      }
    }
  }
  if (close_pos) *close_pos = pos();
  want(close);
}

// The description of a semicolon token in messages: "semicolon",
// "newline" or "EOF".
const char* semiLit(const Token& t);

// Expression and statement text for messages, as Go's syntax.String.
std::string exprString(const ast::Expr* x);
std::string stmtString(const ast::Stmt* s);

}  // namespace csp::parse
