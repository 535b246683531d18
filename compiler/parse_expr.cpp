// The parser, part 3: expressions.
#include "compiler/parser_impl.h"

namespace csp::parse {

using namespace ast;

// Expression = UnaryExpr | Expression binary_op Expression .
Expr* Parser::expr() { return binaryExpr(nullptr, 0); }

// Operators of precedence greater than `prec`, left-associative: the
// loop builds a left-deep tree, and each operator counts as one level of
// nesting so that later phases can recurse over the tree safely.
Expr* Parser::binaryExpr(Expr* x, int prec) {
  if (!x) x = unaryExpr();
  int levels = 0;
  while (tokPrecedence(tok()) > prec) {
    Tok op = tok();
    Pos op_pos = pos();
    int oprec = tokPrecedence(op);
    if (++depth_ > kMaxDepth) {
      depth_--;
      Nest overflow(this);  // reports and stops
      break;
    }
    levels++;
    next();
    Expr* y = binaryExpr(nullptr, oprec);
    BinaryExpr* b = make<BinaryExpr>(x->pos, op, x, y);
    b->op_pos = op_pos;
    x = b;
  }
  depth_ -= levels;
  return x;
}

// UnaryExpr = PrimaryExpr | unary_op UnaryExpr .
// unary_op  = "+" | "-" | "!" | "^" | "*" | "&" | "<-" .
Expr* Parser::unaryExpr() {
  Nest nest(this);
  Pos p = pos();
  switch (tok()) {
    case Tok::Mul:
      next();
      return make<StarExpr>(p, unaryExpr());
    case Tok::Tilde: {  // only in constraints, which csp does not have
      next();
      Expr* x = unaryExpr();
      checkError(p, "cannot use ~ outside of interface or type constraint");
      return x;
    }
    case Tok::Add:
    case Tok::Sub:
    case Tok::Not:
    case Tok::Xor:
    case Tok::And: {
      Tok op = tok();
      next();
      return make<UnaryExpr>(p, op, unaryExpr());
    }
    case Tok::Arrow:
      return recvExpr();
    default:
      return primaryExpr(nullptr);
  }
}

// "<-" UnaryExpr: a receive, or a receive-only channel type when what
// follows is a channel type: <-chan E, <-chan (<-chan E) (as Go's
// unaryExpr, re-associating the "<-" with the channel type).
Expr* Parser::recvExpr() {
  Pos p = pos();
  next();
  Expr* x = unaryExpr();
  if (x->kind != ExprKind::ChanType) return make<UnaryExpr>(p, Tok::Arrow, x);
  ChanDir dir = ChanDir::Send;
  Expr* t = x;
  while (dir == ChanDir::Send) {
    if (t->kind != ExprKind::ChanType) break;
    ChanType* c = static_cast<ChanType*>(t);
    dir = c->dir;
    if (dir == ChanDir::Recv) syntaxError("unexpected <-, expected chan");
    c->dir = ChanDir::Recv;
    t = c->value;
  }
  if (dir == ChanDir::Send)
    syntaxError("unexpected " + exprString(t) + ", expected chan");
  x->pos = p;
  return x;
}

// Operand     = Literal | OperandName | "(" Expression ")" .
// Literal     = BasicLit | CompositeLit | FunctionLit .
// Types may appear where an expression is expected: []byte(s), make(T).
Expr* Parser::operand() {
  Pos p = pos();
  switch (tok()) {
    case Tok::Ident:
      return name();
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Char:
    case Tok::String:
      return literalOrNull();
    case Tok::LParen: {
      next();
      xnest_++;
      Expr* x = expr();
      xnest_--;
      want(Tok::RParen);
      return make<ParenExpr>(p, x);
    }
    case Tok::Func:
      return funcLitOrType();
    case Tok::LBrack:
    case Tok::Chan:
    case Tok::Map:
    case Tok::Struct:
    case Tok::Interface:
      return type();
    default: {
      Expr* x = make<BadExpr>(p);
      syntaxError("expected expression");
      advance({Tok::RParen, Tok::RBrack, Tok::RBrace});
      return x;
    }
  }
}

// FunctionLit = "func" Signature FunctionBody .  (or a FunctionType)
Expr* Parser::funcLitOrType() {
  Pos p = pos();
  next();
  FuncType* t = funcType(p);
  if (tok() != Tok::LBrace) return t;
  FuncLit* f = make<FuncLit>(p);
  f->type = t;
  xnest_++;
  f->body = funcBody();
  xnest_--;
  return f;
}

// PrimaryExpr = Operand | Conversion | PrimaryExpr Selector |
//               PrimaryExpr Index | PrimaryExpr Slice |
//               PrimaryExpr TypeAssertion | PrimaryExpr Arguments |
//               LiteralType LiteralValue .
// Each postfix counts as a level of nesting (the tree is left-deep).
Expr* Parser::primaryExpr(Expr* x) {
  if (!x) x = operand();
  int levels = 0;
  for (;;) {
    switch (tok()) {
      case Tok::Period:
        x = selectorOrAssert(x);
        break;
      case Tok::LBrack:
        x = indexOrSlice(x);
        break;
      case Tok::LParen:
        x = callExpr(x);
        break;
      case Tok::LBrace:
        if (!complitOk(x)) goto done;
        if (x->kind == ExprKind::Paren)
          syntaxError("cannot parenthesize type in composite literal");
        x = compositeLit(x);
        break;
      default:
        goto done;
    }
    if (++depth_ > kMaxDepth) {
      depth_--;
      Nest overflow(this);
      break;
    }
    levels++;
  }
done:
  depth_ -= levels;
  return x;
}

// Selector = "." identifier .  TypeAssertion = "." "(" Type ")" .
Expr* Parser::selectorOrAssert(Expr* x) {
  next();
  if (tok() == Tok::Ident) return make<SelectorExpr>(x->pos, x, name());
  if (tok() == Tok::LParen) {
    next();
    TypeAssertExpr* t = make<TypeAssertExpr>(x->pos);
    t->x = x;
    if (tok() == Tok::Type) {
      if (in_switch_header_)
        guards_.push_back(t);  // switchStmt checks where it is
      else
        checkError(x->pos,
                   "invalid syntax tree: use of .(type) outside type switch");
      next();
    } else {
      t->type = type();
    }
    want(Tok::RParen);
    return t;
  }
  syntaxError("expected name or (");
  advance({Tok::Semicolon, Tok::RParen});
  return x;
}

// Index = "[" Expression "]" .
// Slice = "[" [ Expression ] ":" [ Expression ] "]" |
//         "[" [ Expression ] ":" Expression ":" Expression "]" .
Expr* Parser::indexOrSlice(Expr* x) {
  Pos lbrack = pos();
  next();
  Expr* index = nullptr;
  xnest_++;
  if (tok() != Tok::Colon) {
    if (tok() == Tok::RBrack) {
      syntaxError("expected operand");
      index = make<BadExpr>(pos());
    } else {
      index = expr();
    }
    // x[a, T, ...] instantiates a generic: after a comma comes a type
    // list (as Go's typeList), then "]".
    bool comma = got(Tok::Comma);
    Pos type_args;  // where the type arguments start, if any
    if (comma) {
      Pos at = pos();
      if (typeOrNull()) {
        type_args = at;
        while (got(Tok::Comma) && typeOrNull()) {
        }
      }
    }
    if (comma || tok() == Tok::RBrack) {
      xnest_--;
      if (type_args.valid() && tok() == Tok::RBrack)
        errorAt(type_args,
                "syntax error: generic instantiation is not supported");
      want(Tok::RBrack);
      IndexExpr* ix = make<IndexExpr>(x->pos, x, index);
      ix->lbrack = lbrack;
      return ix;
    }
  }
  SliceExpr* s = make<SliceExpr>(x->pos);
  s->x = x;
  s->lbrack = lbrack;
  s->low = index;
  if (!got(Tok::Colon)) {
    syntaxError("expected comma, : or ]");
    advance({Tok::Comma, Tok::Colon, Tok::RBrack});
    got(Tok::Colon);
  }
  if (tok() != Tok::Colon && tok() != Tok::RBrack) s->high = expr();
  if (tok() == Tok::Colon) {
    s->slice3 = true;
    if (!s->high) errorAt(pos(), "middle index required in 3-index slice");
    next();
    if (tok() != Tok::RBrack)
      s->max = expr();
    else
      errorAt(pos(), "final index required in 3-index slice");
  }
  xnest_--;
  want(Tok::RBrack);
  return s;
}

// Arguments = "(" [ ExpressionList [ "..." ] [ "," ] ] ")" .
Expr* Parser::callExpr(Expr* x) {
  CallExpr* c = make<CallExpr>(x->pos);
  c->fun = x;
  c->lparen = pos();
  next();
  xnest_++;
  list("argument list", Tok::Comma, Tok::RParen, &c->rparen, [&] {
    c->args.push_back(expr());
    if (tok() == Tok::Ellipsis) {
      c->ellipsis = pos();
      c->has_ellipsis = true;
      next();
    }
    return c->has_ellipsis;
  });
  xnest_--;
  return c;
}

// Could `x {` start a composite literal? Only for literal types, and for
// (qualified) type names outside statement headers (xnest_ >= 0), where
// `if x == T {` must open the block (as Go).
bool Parser::complitOk(Expr* x) {
  while (x->kind == ExprKind::Paren) x = static_cast<ParenExpr*>(x)->x;
  switch (x->kind) {
    case ExprKind::Ident:
    case ExprKind::Selector:
      return xnest_ >= 0;
    case ExprKind::ArrayType:
    case ExprKind::StructType:
    case ExprKind::MapType:
      return true;
    default:
      return false;
  }
}

// CompositeLit  = LiteralType LiteralValue .
// LiteralValue  = "{" [ ElementList [ "," ] ] "}" .
// ElementList   = KeyedElement { "," KeyedElement } .
// `type` is null for an elided type inside an outer literal.
CompositeLit* Parser::compositeLit(Expr* type) {
  Nest nest(this);
  CompositeLit* c = make<CompositeLit>(type ? type->pos : pos());
  c->type = type;
  c->lbrace = pos();
  xnest_++;
  want(Tok::LBrace);
  list("composite literal", Tok::Comma, Tok::RBrace, &c->rbrace, [&] {
    c->elts.push_back(element());
    return false;
  });
  xnest_--;
  return c;
}

// KeyedElement = [ Key ":" ] Element .
// Element      = Expression | LiteralValue .
Expr* Parser::element() {
  Expr* e = tok() == Tok::LBrace ? compositeLit(nullptr) : expr();
  if (tok() != Tok::Colon) return e;
  next();
  Expr* v = tok() == Tok::LBrace ? compositeLit(nullptr) : expr();
  return make<KeyValueExpr>(e->pos, e, v);
}

// ExpressionList = Expression { "," Expression } .
std::vector<Expr*> Parser::exprList() {
  std::vector<Expr*> list{expr()};
  while (got(Tok::Comma)) list.push_back(expr());
  return list;
}

Ident* Parser::name() {
  if (tok() == Tok::Ident) {
    Ident* n = make<Ident>(pos(), tok_.text);
    next();
    return n;
  }
  Ident* n = make<Ident>(pos(), "_");
  syntaxError("expected name");
  advanceOne();
  return n;
}

BasicLit* Parser::literalOrNull() {
  switch (tok()) {
    case Tok::Int:
    case Tok::Float:
    case Tok::Imag:
    case Tok::Char:
    case Tok::String: {
      BasicLit* b = make<BasicLit>(pos(), tok(), tok_.text);
      next();
      return b;
    }
    default:
      return nullptr;
  }
}

}  // namespace csp::parse
