// The parser, part 4: statements.
#include "compiler/parser_impl.h"

namespace csp::parse {

using namespace ast;

// FunctionBody = Block .
BlockStmt* Parser::funcBody() {
  fnest_++;
  int outer = xnest_;
  xnest_ = 0;
  bool outer_switch = in_switch_header_;
  in_switch_header_ = false;
  BlockStmt* b = blockStmt("");
  in_switch_header_ = outer_switch;
  xnest_ = outer;
  fnest_--;
  return b;
}

// Block = "{" StatementList "}" .
BlockStmt* Parser::blockStmt(const char* context) {
  Nest nest(this);
  BlockStmt* b = make<BlockStmt>(pos());
  if (!got(Tok::LBrace)) {
    syntaxError(std::string("expected { after ") + context);
    advance({Tok::Ident, Tok::RBrace});
    b->rbrace = pos();
    if (got(Tok::RBrace)) return b;
  }
  b->list = stmtList();
  b->rbrace = pos();
  want(Tok::RBrace);
  return b;
}

// StatementList = { Statement ";" } .
std::vector<Stmt*> Parser::stmtList() {
  std::vector<Stmt*> list;
  while (tok() != Tok::Eof && tok() != Tok::RBrace && tok() != Tok::Case &&
         tok() != Tok::Default) {
    Stmt* s = stmtOrNull();
    if (!s) break;
    list.push_back(s);
    // ";" is optional before "}"
    if (!got(Tok::Semicolon) && tok() != Tok::RBrace) {
      syntaxError("at end of statement");
      advance({Tok::Semicolon, Tok::RBrace, Tok::Case, Tok::Default});
      got(Tok::Semicolon);
    }
  }
  return list;
}

// Statement = Declaration | LabeledStmt | SimpleStmt | GoStmt |
//             ReturnStmt | BreakStmt | ContinueStmt | GotoStmt |
//             FallthroughStmt | Block | IfStmt | SwitchStmt | SelectStmt |
//             ForStmt | DeferStmt .
// Null (consuming nothing) when no statement starts here.
Stmt* Parser::stmtOrNull() {
  Nest nest(this);
  if (tok() == Tok::Ident) {
    std::vector<Expr*> lhs = exprList();
    if (lhs.size() == 1 && lhs[0]->kind == ExprKind::Ident &&
        tok() == Tok::Colon)
      return labeledStmt(static_cast<Ident*>(lhs[0]));
    return simpleStmt(std::move(lhs), Tok::Illegal);
  }
  switch (tok()) {
    case Tok::Var:
    case Tok::Const:
    case Tok::Type:
      return declStmt();
    case Tok::LBrace:
      return blockStmt("");
    case Tok::Add:
    case Tok::Sub:
    case Tok::Mul:
    case Tok::And:
    case Tok::Xor:
    case Tok::Not:
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Char:
    case Tok::String:
    case Tok::Func:
    case Tok::LParen:
    case Tok::LBrack:
    case Tok::Struct:
    case Tok::Map:
    case Tok::Chan:
    case Tok::Interface:
    case Tok::Arrow:
      return simpleStmt({}, Tok::Illegal);
    case Tok::For:
      return forStmt();
    case Tok::Switch:
      return switchStmt();
    case Tok::Select:
      return selectStmt();
    case Tok::If:
      return ifStmt();
    case Tok::Fallthrough:
    case Tok::Break:
    case Tok::Continue:
    case Tok::Goto:
      return branchStmt();
    case Tok::Go:
    case Tok::Defer:
      return callStmt();
    case Tok::Return:
      return returnStmt();
    case Tok::Semicolon: {
      EmptyStmt* s = make<EmptyStmt>(pos());
      s->implicit = std::string(semiLit(tok_)) != "semicolon";
      return s;
    }
    default:
      return nullptr;
  }
}

// SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt |
//              Assignment | ShortVarDecl .
// `lhs` is the expression list when the caller parsed it already;
// keyword is For (a range clause may follow), Switch (a type switch guard
// may follow) or Illegal.
Stmt* Parser::simpleStmt(std::vector<Expr*> lhs, Tok keyword) {
  if (keyword == Tok::For && tok() == Tok::Range)
    return rangeClause({}, Tok::Illegal, pos());
  if (lhs.empty()) lhs = exprList();
  if (tok() == Tok::Assign || tok() == Tok::Define)
    return assignOrRange(std::move(lhs), keyword);
  if (lhs.size() > 1) {
    syntaxError("expected := or = or comma");
    advance({Tok::Semicolon, Tok::RBrace});
    return make<ExprStmt>(lhs[0]->pos, lhs[0]);
  }
  Expr* x = lhs[0];
  Pos op_pos = pos();
  switch (tok()) {
    case Tok::AddAssign:
    case Tok::SubAssign:
    case Tok::MulAssign:
    case Tok::QuoAssign:
    case Tok::RemAssign:
    case Tok::AndAssign:
    case Tok::OrAssign:
    case Tok::XorAssign:
    case Tok::ShlAssign:
    case Tok::ShrAssign:
    case Tok::AndNotAssign: {
      AssignStmt* s = make<AssignStmt>(x->pos);
      s->op = tok();
      s->op_pos = op_pos;
      next();
      s->lhs.push_back(x);
      s->rhs.push_back(expr());
      return s;
    }
    case Tok::Inc:
    case Tok::Dec: {
      Tok op = tok();
      next();
      return make<IncDecStmt>(x->pos, x, op);
    }
    case Tok::Arrow: {
      SendStmt* s = make<SendStmt>(x->pos);
      next();
      s->chan = x;
      s->value = expr();
      return s;
    }
    default:
      return make<ExprStmt>(x->pos, x);
  }
}

// Assignment = ExpressionList assign_op ExpressionList .
// ShortVarDecl = IdentifierList ":=" ExpressionList .
Stmt* Parser::assignOrRange(std::vector<Expr*> lhs, Tok keyword) {
  Tok op = tok();
  Pos op_pos = pos();
  next();
  if (keyword == Tok::For && tok() == Tok::Range)
    return rangeClause(std::move(lhs), op, op_pos);
  AssignStmt* s = make<AssignStmt>(lhs[0]->pos);
  s->op = op;
  s->op_pos = op_pos;
  s->lhs = std::move(lhs);
  s->rhs = exprList();
  return s;
}

// RangeClause = [ ExpressionList "=" | IdentifierList ":=" ] "range" Expression
// . Returned as a RangeStmt without body (forStmt completes it).
Stmt* Parser::rangeClause(std::vector<Expr*> lhs, Tok op, Pos op_pos) {
  RangeStmt* r = make<RangeStmt>(lhs.empty() ? pos() : lhs[0]->pos);
  (void)op_pos;
  next();  // "range"
  r->tok = op;
  if (lhs.size() > 0) r->key = lhs[0];
  if (lhs.size() > 1) r->value = lhs[1];
  if (lhs.size() > 2)
    checkError(lhs[2]->pos,
               "range clause permits at most two iteration variables");
  r->x = expr();
  return r;
}

// LabeledStmt = Label ":" Statement .
Stmt* Parser::labeledStmt(Ident* label) {
  LabeledStmt* s = make<LabeledStmt>(label->pos);
  s->label = label;
  Pos colon = pos();
  want(Tok::Colon);
  if (tok() == Tok::RBrace) {
    // The label is followed by an empty statement before "}".
    s->stmt = make<EmptyStmt>(pos());
    static_cast<EmptyStmt*>(s->stmt)->implicit = true;
    return s;
  }
  s->stmt = stmtOrNull();
  if (s->stmt) return s;
  syntaxErrorAt(colon, "missing statement after label");
  return nullptr;
}

Stmt* Parser::declStmt() {
  Pos p = pos();
  return make<DeclStmt>(p, genDecl(tok()));
}

// GoStmt = "go" Expression .  DeferStmt = "defer" Expression .
Stmt* Parser::callStmt() {
  Pos p = pos();
  Tok keyword = tok();
  next();
  Expr* x = primaryExpr(nullptr);
  if (x->kind == ExprKind::Paren) {
    errorAt(x->pos, std::string("expression in ") + tokSpelling(keyword) +
                        " must not be parenthesized");
    while (x->kind == ExprKind::Paren) x = static_cast<ParenExpr*>(x)->x;
  }
  CallExpr* call = nullptr;
  if (x->kind == ExprKind::Call) {
    call = static_cast<CallExpr*>(x);
  } else {
    if (x->kind != ExprKind::Bad)
      checkError(x->pos, std::string("expression in ") + tokSpelling(keyword) +
                             " must be function call");
    call = make<CallExpr>(x->pos);
    call->fun = x;
    call->lparen = call->rparen = x->pos;
  }
  if (keyword == Tok::Go) {
    GoStmt* s = make<GoStmt>(p);
    s->call = call;
    return s;
  }
  DeferStmt* s = make<DeferStmt>(p);
  s->call = call;
  return s;
}

// BreakStmt = "break" [ Label ] .  ContinueStmt = "continue" [ Label ] .
// GotoStmt = "goto" Label .  FallthroughStmt = "fallthrough" .
Stmt* Parser::branchStmt() {
  BranchStmt* s = make<BranchStmt>(pos(), tok());
  Tok keyword = tok();
  next();
  if (keyword == Tok::Goto)
    s->label = name();
  else if ((keyword == Tok::Break || keyword == Tok::Continue) &&
           tok() == Tok::Ident)
    s->label = name();
  return s;
}

// ReturnStmt = "return" [ ExpressionList ] .
Stmt* Parser::returnStmt() {
  ReturnStmt* s = make<ReturnStmt>(pos());
  next();
  if (tok() != Tok::Semicolon && tok() != Tok::RBrace) s->results = exprList();
  return s;
}

}  // namespace csp::parse
