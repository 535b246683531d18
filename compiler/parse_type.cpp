// The parser, part 2: types, struct and interface bodies, signatures.
#include "compiler/parser_impl.h"

namespace csp::parse {

using namespace ast;

namespace {

bool isLiteral(Tok t) {
  return t == Tok::Int || t == Tok::Float || t == Tok::Imag || t == Tok::Char ||
         t == Tok::String;
}

// Go's %q of a string (ASCII text, as tags are).
std::string quoteGo(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

// Type = TypeName | TypeLit | "(" Type ")" .
Expr* Parser::type() {
  Expr* t = typeOrNull();
  if (!t) {
    t = make<BadExpr>(pos());
    syntaxError("expected type");
    advance({Tok::Comma, Tok::Colon, Tok::Semicolon, Tok::RParen, Tok::RBrack,
             Tok::RBrace});
  }
  return t;
}

// TypeLit = ArrayType | StructType | PointerType | FunctionType |
//           InterfaceType | SliceType | MapType | ChannelType .
// Returns null (consuming nothing) when no type starts here.
Expr* Parser::typeOrNull() {
  Nest nest(this);
  Pos p = pos();
  switch (tok()) {
    case Tok::Mul: {  // PointerType = "*" BaseType .
      next();
      return make<StarExpr>(p, type());
    }
    case Tok::Arrow: {  // "<-" "chan" ElementType
      next();
      want(Tok::Chan);
      ChanType* t = make<ChanType>(p);
      t->dir = ChanDir::Recv;
      t->value = chanElem();
      return t;
    }
    case Tok::Func:  // FunctionType = "func" Signature .
      next();
      return funcType(p);
    case Tok::LBrack:  // "[" [ ArrayLength | "..." ] "]" ElementType
      next();
      if (got(Tok::RBrack)) {
        ArrayType* t = make<ArrayType>(p);
        t->elt = type();
        return t;
      }
      return arrayType(p, nullptr);
    case Tok::Chan: {  // "chan" [ "<-" ] ElementType
      next();
      ChanType* t = make<ChanType>(p);
      if (got(Tok::Arrow)) t->dir = ChanDir::Send;
      t->value = chanElem();
      return t;
    }
    case Tok::Map: {  // MapType = "map" "[" KeyType "]" ElementType .
      next();
      want(Tok::LBrack);
      MapType* t = make<MapType>(p);
      t->key = type();
      want(Tok::RBrack);
      t->value = type();
      return t;
    }
    case Tok::Struct:
      return structType();
    case Tok::Interface:
      return interfaceType();
    case Tok::Ident:
      return qualifiedName(nullptr);
    case Tok::LParen: {
      next();
      Expr* t = type();
      want(Tok::RParen);
      return make<ParenExpr>(p, t);
    }
    default:
      return nullptr;
  }
}

// TypeName = identifier | PackageName "." identifier .
Expr* Parser::qualifiedName(Ident* n) {
  Expr* x;
  if (n) {
    x = n;
  } else if (tok() == Tok::Ident) {
    x = name();
  } else {
    x = make<Ident>(pos(), "_");
    syntaxError("expected name");
    advance({Tok::Period, Tok::Semicolon, Tok::RBrace});
  }
  if (tok() == Tok::Period) {
    next();
    x = make<SelectorExpr>(x->pos, x, name());
  }
  if (tok() == Tok::LBrack) {
    // TypeName "[" TypeArgs "]": an instantiated generic type.
    errorAt(pos(), "syntax error: generic type instantiation is not supported");
    int depth = 0;
    while (tok() != Tok::Eof) {
      if (tok() == Tok::LBrack) depth++;
      if (tok() == Tok::RBrack && --depth == 0) {
        next();
        break;
      }
      next();
    }
  }
  return x;
}

// ArrayType = "[" ArrayLength "]" ElementType ; after the "[".
// `len` is the length when the caller parsed it already.
Expr* Parser::arrayType(Pos lbrack, Expr* len) {
  if (!len) {
    if (tok() == Tok::Ellipsis) {
      len = make<Ellipsis>(pos());
      next();
    } else {
      xnest_++;
      len = expr();
      xnest_--;
    }
  }
  if (tok() == Tok::Comma) {
    syntaxError("unexpected comma; expected ]");
    next();
  }
  want(Tok::RBrack);
  ArrayType* t = make<ArrayType>(lbrack);
  t->len = len;
  t->elt = type();
  return t;
}

Expr* Parser::chanElem() {
  Expr* t = typeOrNull();
  if (!t) {
    t = make<BadExpr>(pos());
    syntaxError("missing channel element type");
  }
  return t;
}

// StructType = "struct" "{" { FieldDecl ";" } "}" .
StructType* Parser::structType() {
  StructType* t = make<StructType>(pos());
  want(Tok::Struct);
  want(Tok::LBrace);
  list("struct type", Tok::Semicolon, Tok::RBrace, nullptr, [&] {
    fieldDecl(t);
    return false;
  });
  return t;
}

// FieldDecl     = (IdentifierList Type | EmbeddedField) [ Tag ] .
// EmbeddedField = [ "*" ] TypeName .
void Parser::fieldDecl(StructType* st) {
  Field* f = make<Field>();
  f->pos = pos();
  switch (tok()) {
    case Tok::Ident: {
      Ident* n = name();
      if (tok() == Tok::Period || isLiteral(tok()) || tok() == Tok::Semicolon ||
          tok() == Tok::RBrace) {
        f->type = qualifiedName(n);  // embedded type
      } else {
        f->names.push_back(n);
        while (got(Tok::Comma)) f->names.push_back(name());
        f->type = type();
      }
      break;
    }
    case Tok::Mul: {
      next();
      Expr* t;
      if (tok() == Tok::LParen) {
        syntaxError("cannot parenthesize embedded type");
        next();
        t = qualifiedName(nullptr);
        got(Tok::RParen);
      } else {
        t = qualifiedName(nullptr);
      }
      f->type = make<StarExpr>(f->pos, t);
      break;
    }
    case Tok::LParen:
      syntaxError("cannot parenthesize embedded type");
      next();
      f->type = tok() == Tok::Mul ? typeOrNull() : qualifiedName(nullptr);
      if (!f->type) f->type = make<BadExpr>(pos());
      got(Tok::RParen);
      break;
    default:
      syntaxError("expected field name or embedded type");
      advance({Tok::Semicolon, Tok::RBrace});
      return;
  }
  f->tag = literalOrNull();
  if (f->tag && f->tag->lit_kind != Tok::String)
    checkError(f->tag->pos, "invalid syntax tree: incorrect tag syntax: " +
                                quoteGo(f->tag->raw));
  st->fields.push_back(f);
}

// InterfaceType = "interface" "{" { InterfaceElem ";" } "}" .
// InterfaceElem = MethodElem | TypeName .
// MethodElem    = MethodName Signature .
InterfaceType* Parser::interfaceType() {
  InterfaceType* t = make<InterfaceType>(pos());
  want(Tok::Interface);
  want(Tok::LBrace);
  list("interface type", Tok::Semicolon, Tok::RBrace, nullptr, [&] {
    Field* f = make<Field>();
    f->pos = pos();
    if (tok() == Tok::Ident) {
      Ident* n = name();
      if (tok() == Tok::LParen) {
        f->names.push_back(n);
        f->type = funcType(n->pos);
      } else {
        f->type = qualifiedName(n);
      }
    } else {
      if (tok() == Tok::Tilde) next();
      f->type = type();
    }
    if (tok() == Tok::Or) {
      errorAt(pos(), "syntax error: type constraints are not supported");
      advance({Tok::Semicolon, Tok::RBrace});
    }
    t->methods.push_back(f);
    return false;
  });
  return t;
}

// Signature = Parameters [ Result ] ; from the "(" on. `pos` is the
// position of "func" (or of the method name in an interface).
FuncType* Parser::funcType(Pos p) {
  FuncType* t = make<FuncType>(p);
  if (tok() == Tok::LBrack) typeParamsUnsupported();
  want(Tok::LParen);
  t->params = paramList(Tok::RParen);
  t->results = funcResult();
  return t;
}

// Result = Parameters | Type .
std::vector<Field*> Parser::funcResult() {
  if (got(Tok::LParen)) return paramList(Tok::RParen);
  Pos p = pos();
  if (Expr* t = typeOrNull()) {
    Field* f = make<Field>();
    f->pos = p;
    f->type = t;
    return {f};
  }
  return {};
}

// ParameterDecl = [ identifier ] [ "..." ] Type .
// One entry as written: a name, a type, or both (as Go's paramDeclOrNil).
// False (after reporting) when neither is there.
bool Parser::paramDecl(Tok close, ParamDecl* par) {
  par->pos = pos();
  if (tok() == Tok::Ident) {
    Ident* n = name();
    if (tok() == Tok::Period) {
      par->type = qualifiedName(n);
      return true;
    }
    par->name = n;
  }
  if (tok() == Tok::Ellipsis) {
    Ellipsis* e = make<Ellipsis>(pos());
    next();
    e->elt = typeOrNull();
    if (!e->elt) {
      e->elt = make<BadExpr>(pos());
      syntaxError("... is missing type");
    }
    par->type = e;
  } else {
    par->type = typeOrNull();
  }
  if (par->name || par->type) return true;
  syntaxError("expected " + std::string(tokSpelling(close)));
  advance({Tok::Comma, close});
  return false;
}

namespace {

// Fields from named parameters, consecutive names sharing one type
// grouped: `a, b int`.
std::vector<Field*> groupNamed(const std::vector<ParamDecl>& params) {
  std::vector<Field*> out;
  for (const ParamDecl& par : params) {
    if (!out.empty() && out.back()->type == par.type) {
      out.back()->names.push_back(par.name);
      continue;
    }
    Field* f = make<Field>();
    f->pos = par.pos;
    f->names.push_back(par.name);
    f->type = par.type;
    out.push_back(f);
  }
  return out;
}

}  // namespace

// Parameters    = "(" [ ParameterList [ "," ] ] ")" ; after the "(".
// ParameterList = ParameterDecl { "," ParameterDecl } .
// As Go's paramList: either all entries are types, or all are named and a
// name without a type takes the type after it.
std::vector<Field*> Parser::paramList(Tok close) {
  std::vector<ParamDecl> params;
  int named = 0;
  list("parameter list", Tok::Comma, close, nullptr, [&] {
    ParamDecl par;
    if (paramDecl(close, &par)) {
      if (par.name && par.type) named++;
      params.push_back(par);
    }
    return false;
  });
  if (named == 0) {
    // All unnamed: the names found are type names.
    std::vector<Field*> out;
    for (ParamDecl& par : params) {
      Field* f = make<Field>();
      f->pos = par.pos;
      f->type = par.name ? par.name : par.type;
      out.push_back(f);
    }
    return out;
  }
  // Some named: all must be. Right to left, a name without a type takes
  // the type after it.
  Pos err;
  Expr* typ = nullptr;
  for (size_t i = params.size(); i-- > 0;) {
    ParamDecl& par = params[i];
    if (par.type) {
      typ = par.type;
      if (!par.name) {
        err = par.type->pos;
        par.name = make<Ident>(par.type->pos, "_");
      }
    } else if (typ) {
      par.type = typ;
    } else {
      err = par.name->pos;
      par.type = make<BadExpr>(par.name->pos);
    }
  }
  if (err.valid()) syntaxErrorAt(err, "mixed named and unnamed parameters");
  return groupNamed(params);
}

}  // namespace csp::parse
