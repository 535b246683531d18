// The parser, part 5: control statements (if, for, switch, select) and
// their headers.
#include "compiler/parser_impl.h"

namespace csp::parse {

using namespace ast;

// The header of an if, for or switch statement, after the keyword:
//   if     [ SimpleStmt ";" ] Expression
//   switch [ SimpleStmt ";" ] [ Expression | TypeSwitchGuard ]
//   for    [ Condition | ForClause | RangeClause ]
// As Go's parser.header. Inside it xnest_ < 0, so that `T {` opens the
// body rather than a composite literal. *cond is the statement in the
// condition's place (an ExprStmt for a plain condition); *init may be a
// RangeStmt for `for ... range`.
void Parser::header(Tok keyword, Stmt** init, Stmt** cond, Stmt** post) {
  *init = *cond = *post = nullptr;
  next();  // the keyword
  if (tok() == Tok::LBrace) {
    if (keyword == Tok::If) {
      syntaxError("missing condition in if statement");
      *cond = make<ExprStmt>(pos(), make<BadExpr>(pos()));
    }
    return;
  }
  int outer = xnest_;
  xnest_ = -1;
  bool outer_switch = in_switch_header_;
  in_switch_header_ = keyword == Tok::Switch;
  if (tok() != Tok::Semicolon) {
    if (got(Tok::Var))
      syntaxError(std::string("var declaration not allowed in ") +
                  tokSpelling(keyword) + " initializer");
    *init = simpleStmt({}, keyword);
  }
  if (*init && (*init)->kind == StmtKind::Range) {
    xnest_ = outer;
    in_switch_header_ = outer_switch;
    return;
  }
  if (tok() != Tok::LBrace) {
    Pos semi_pos;
    const char* semi_lit = "";
    if (tok() == Tok::Semicolon) {
      semi_pos = pos();
      semi_lit = semiLit(tok_);
      next();
    } else {
      want(Tok::LBrace);
      if (tok() != Tok::LBrace) advance({Tok::LBrace, Tok::RBrace});
    }
    if (keyword == Tok::For) {
      if (tok() != Tok::Semicolon) {
        if (tok() == Tok::LBrace) {
          syntaxError("expected for loop condition");
          goto done;
        }
        *cond = simpleStmt({}, Tok::Illegal);
      }
      want(Tok::Semicolon);
      if (tok() != Tok::LBrace) forPost(post);
    } else if (tok() != Tok::LBrace) {
      *cond = simpleStmt({}, keyword);
    }
    if (!*cond && keyword == Tok::If && semi_pos.valid()) {
      if (std::string(semi_lit) == "semicolon")
        syntaxErrorAt(semi_pos, "missing condition in if statement");
      else
        syntaxErrorAt(semi_pos, std::string("unexpected ") + semi_lit +
                                    ", expected { after if clause");
      *cond = make<ExprStmt>(semi_pos, make<BadExpr>(semi_pos));
    }
  } else {
    *cond = *init;
    *init = nullptr;
  }
done:
  xnest_ = outer;
  in_switch_header_ = outer_switch;
}

// PostStmt = SimpleStmt .  (not a short variable declaration)
void Parser::forPost(Stmt** post) {
  *post = simpleStmt({}, Tok::Illegal);
  if ((*post)->kind == StmtKind::Assign &&
      static_cast<AssignStmt*>(*post)->op == Tok::Define)
    syntaxErrorAt(static_cast<AssignStmt*>(*post)->op_pos,
                  "cannot declare in post statement of for loop");
}

// The condition expression of a header's condition statement; reports
// `if x := 0 {` (a statement where a value is needed), as Go does.
Expr* Parser::condOf(Stmt* s) {
  if (!s) return nullptr;
  if (s->kind == StmtKind::Expr) return static_cast<ExprStmt*>(s)->x;
  Pos at = s->pos;
  std::string str;
  if (s->kind == StmtKind::Assign) {
    AssignStmt* a = static_cast<AssignStmt*>(s);
    at = a->op_pos;
    if (a->op == Tok::Assign) {
      auto emphasize = [](const std::vector<Expr*>& list) {
        std::string out;
        for (size_t i = 0; i < list.size(); i++) {
          if (i) out += ", ";
          out += exprString(list[i]);
        }
        if (list.size() == 1 && list[0]->kind == ExprKind::Binary)
          out = "(" + out + ")";
        return out;
      };
      str = "assignment " + emphasize(a->lhs) + " = " + emphasize(a->rhs);
    }
  }
  if (str.empty()) str = stmtString(s);
  syntaxErrorAt(at, "cannot use " + str + " as value");
  return make<BadExpr>(s->pos);
}

// IfStmt = "if" [ SimpleStmt ";" ] Expression Block
//          [ "else" ( IfStmt | Block ) ] .
// An else-if chain is built in a loop; each link counts as nesting.
Stmt* Parser::ifStmt() {
  IfStmt* first = ifClause();
  IfStmt* cur = first;
  int levels = 0;
  while (got(Tok::Else)) {
    if (tok() == Tok::If) {
      if (++depth_ > kMaxDepth) {
        depth_--;
        Nest overflow(this);
        break;
      }
      levels++;
      IfStmt* n = ifClause();
      cur->els = n;
      cur = n;
      continue;
    }
    if (tok() == Tok::LBrace) {
      cur->els = blockStmt("");
    } else {
      syntaxError("else must be followed by if or statement block");
      advance({Tok::Ident, Tok::RBrace});
    }
    break;
  }
  depth_ -= levels;
  return first;
}

IfStmt* Parser::ifClause() {
  IfStmt* s = make<IfStmt>(pos());
  Stmt* cond;
  Stmt* post;
  header(Tok::If, &s->init, &cond, &post);
  s->cond = condOf(cond);
  if (!s->cond) s->cond = make<BadExpr>(s->pos);
  s->body = blockStmt("if clause");
  return s;
}

// ForStmt = "for" [ Condition | ForClause | RangeClause ] Block .
Stmt* Parser::forStmt() {
  Pos p = pos();
  Stmt *init, *cond, *post;
  header(Tok::For, &init, &cond, &post);
  if (init && init->kind == StmtKind::Range) {
    RangeStmt* r = static_cast<RangeStmt*>(init);
    r->pos = p;
    r->body = blockStmt("for clause");
    return r;
  }
  ForStmt* s = make<ForStmt>(p);
  s->init = init;
  s->cond = condOf(cond);
  s->post = post;
  s->body = blockStmt("for clause");
  return s;
}

namespace {

// Is s a type switch guard: `x.(type)` or `v := x.(type)`?
bool isTypeSwitchGuard(Stmt* s) {
  if (!s) return false;
  auto isGuard = [](Expr* x) {
    return x->kind == ExprKind::TypeAssert &&
           static_cast<TypeAssertExpr*>(x)->type == nullptr;
  };
  if (s->kind == StmtKind::Expr) return isGuard(static_cast<ExprStmt*>(s)->x);
  if (s->kind != StmtKind::Assign) return false;
  AssignStmt* a = static_cast<AssignStmt*>(s);
  return a->op == Tok::Define && a->lhs.size() == 1 && a->rhs.size() == 1 &&
         a->lhs[0]->kind == ExprKind::Ident && isGuard(a->rhs[0]);
}

}  // namespace

// Reports every x.(type) of a switch header but the one that makes it a
// type switch: `switch (x.(type))`, `switch f(x.(type))`.
void Parser::checkTypeSwitchGuard(Stmt* cond) {
  Expr* guard = nullptr;
  if (isTypeSwitchGuard(cond))
    guard = cond->kind == StmtKind::Expr
                ? static_cast<ExprStmt*>(cond)->x
                : static_cast<AssignStmt*>(cond)->rhs[0];
  for (Expr* g : guards_)
    if (g != guard)
      checkError(static_cast<TypeAssertExpr*>(g)->x->pos,
                 "invalid syntax tree: use of .(type) outside type switch");
  guards_.clear();
}

// SwitchStmt = ExprSwitchStmt | TypeSwitchStmt .
// ExprSwitchStmt = "switch" [ SimpleStmt ";" ] [ Expression ]
//                  "{" { ExprCaseClause } "}" .
// TypeSwitchStmt = "switch" [ SimpleStmt ";" ] TypeSwitchGuard
//                  "{" { TypeCaseClause } "}" .
Stmt* Parser::switchStmt() {
  Pos p = pos();
  Stmt *init, *cond, *post;
  std::vector<Expr*> outer_guards;
  outer_guards.swap(guards_);
  header(Tok::Switch, &init, &cond, &post);
  checkTypeSwitchGuard(cond);
  guards_.swap(outer_guards);
  BlockStmt* body = make<BlockStmt>(pos());
  Stmt* result;
  if (isTypeSwitchGuard(cond)) {
    TypeSwitchStmt* s = make<TypeSwitchStmt>(p);
    s->init = init;
    s->assign = cond;
    s->body = body;
    result = s;
  } else {
    SwitchStmt* s = make<SwitchStmt>(p);
    s->init = init;
    s->tag = condOf(cond);
    s->body = body;
    result = s;
  }
  if (!got(Tok::LBrace)) {
    syntaxError("missing { after switch clause");
    advance({Tok::Case, Tok::Default, Tok::RBrace});
  }
  while (tok() != Tok::Eof && tok() != Tok::RBrace)
    body->list.push_back(caseClause());
  body->rbrace = pos();
  want(Tok::RBrace);
  return result;
}

// ExprCaseClause = ( "case" ExpressionList | "default" ) ":" StatementList .
CaseClause* Parser::caseClause() {
  CaseClause* c = make<CaseClause>(pos());
  if (tok() == Tok::Case) {
    next();
    c->list = exprList();
  } else if (tok() == Tok::Default) {
    next();
    c->is_default = true;
  } else {
    syntaxError("expected case or default or }");
    advance({Tok::Colon, Tok::Case, Tok::Default, Tok::RBrace});
  }
  c->colon = pos();
  want(Tok::Colon);
  c->body = stmtList();
  return c;
}

// SelectStmt = "select" "{" { CommClause } "}" .
Stmt* Parser::selectStmt() {
  SelectStmt* s = make<SelectStmt>(pos());
  next();
  s->body = make<BlockStmt>(pos());
  if (!got(Tok::LBrace)) {
    syntaxError("missing { after select clause");
    advance({Tok::Case, Tok::Default, Tok::RBrace});
  }
  while (tok() != Tok::Eof && tok() != Tok::RBrace)
    s->body->list.push_back(commClause());
  s->body->rbrace = pos();
  want(Tok::RBrace);
  return s;
}

// CommClause = CommCase ":" StatementList .
// CommCase   = "case" ( SendStmt | RecvStmt ) | "default" .
CommClause* Parser::commClause() {
  CommClause* c = make<CommClause>(pos());
  if (tok() == Tok::Case) {
    next();
    c->comm = simpleStmt({}, Tok::Illegal);
  } else if (tok() == Tok::Default) {
    next();
  } else {
    syntaxError("expected case or default or }");
    advance({Tok::Colon, Tok::Case, Tok::Default, Tok::RBrace});
  }
  c->colon = pos();
  want(Tok::Colon);
  c->body = stmtList();
  return c;
}

}  // namespace csp::parse
