// Printing the tree: exprString/stmtString (Go's syntax.String, for error
// messages) and dumpAst (`csp ast`: an indented tree, one node a line).
//
// Dump format, one line per node:
//   <2 spaces per level>[role: ]<line>:<col> <Kind> [details]
// Roles name the children whose place is not obvious (init, cond, post,
// body, else, key, value, ...). Absent optional children are not shown.
#include <sstream>

#include "compiler/parser_impl.h"

namespace csp::parse {

using namespace ast;

// ---------------------------------------------------------------------------
// Expression and statement text

namespace {

std::string listString(const std::vector<Expr*>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); i++) {
    if (i) out += ", ";
    out += exprString(list[i]);
  }
  return out;
}

std::string fieldsString(const std::vector<Field*>& fields, const char* sep) {
  std::string out;
  for (size_t i = 0; i < fields.size(); i++) {
    if (i) out += sep;
    const Field* f = fields[i];
    for (size_t j = 0; j < f->names.size(); j++) {
      if (j) out += ", ";
      out += f->names[j]->name;
    }
    if (!f->names.empty()) out += " ";
    out += exprString(f->type);
  }
  return out;
}

std::string signatureString(const FuncType* t) {
  std::string out = "(" + fieldsString(t->params, ", ") + ")";
  if (t->results.size() == 1 && t->results[0]->names.empty())
    out += " " + exprString(t->results[0]->type);
  else if (!t->results.empty())
    out += " (" + fieldsString(t->results, ", ") + ")";
  return out;
}

}  // namespace

std::string exprString(const Expr* x) {
  if (!x) return "";
  switch (x->kind) {
    case ExprKind::Bad:
      return "BadExpr";
    case ExprKind::Ident:
      return static_cast<const Ident*>(x)->name;
    case ExprKind::BasicLit:
      return static_cast<const BasicLit*>(x)->raw;
    case ExprKind::CompositeLit: {
      auto c = static_cast<const CompositeLit*>(x);
      return exprString(c->type) + "{…}";
    }
    case ExprKind::FuncLit: {
      auto f = static_cast<const FuncLit*>(x);
      return "func" + signatureString(f->type) + " {…}";
    }
    case ExprKind::Paren:
      return "(" + exprString(static_cast<const ParenExpr*>(x)->x) + ")";
    case ExprKind::Selector: {
      auto s = static_cast<const SelectorExpr*>(x);
      return exprString(s->x) + "." + s->sel->name;
    }
    case ExprKind::Index: {
      auto i = static_cast<const IndexExpr*>(x);
      return exprString(i->x) + "[" + exprString(i->index) + "]";
    }
    case ExprKind::Slice: {
      auto s = static_cast<const SliceExpr*>(x);
      std::string out = exprString(s->x) + "[" + exprString(s->low) + ":" +
                        exprString(s->high);
      if (s->slice3) out += ":" + exprString(s->max);
      return out + "]";
    }
    case ExprKind::TypeAssert: {
      auto t = static_cast<const TypeAssertExpr*>(x);
      return exprString(t->x) + ".(" +
             (t->type ? exprString(t->type) : "type") + ")";
    }
    case ExprKind::Call: {
      auto c = static_cast<const CallExpr*>(x);
      return exprString(c->fun) + "(" + listString(c->args) +
             (c->has_ellipsis ? "...)" : ")");
    }
    case ExprKind::Star:
      return "*" + exprString(static_cast<const StarExpr*>(x)->x);
    case ExprKind::Unary: {
      auto u = static_cast<const UnaryExpr*>(x);
      return tokSpelling(u->op) + exprString(u->x);
    }
    case ExprKind::Binary: {
      auto b = static_cast<const BinaryExpr*>(x);
      return exprString(b->x) + " " + tokSpelling(b->op) + " " +
             exprString(b->y);
    }
    case ExprKind::KeyValue: {
      auto k = static_cast<const KeyValueExpr*>(x);
      return exprString(k->key) + ": " + exprString(k->value);
    }
    case ExprKind::ArrayType: {
      auto a = static_cast<const ArrayType*>(x);
      return "[" + exprString(a->len) + "]" + exprString(a->elt);
    }
    case ExprKind::StructType: {
      auto s = static_cast<const StructType*>(x);
      if (s->fields.empty()) return "struct{}";
      return "struct{" + fieldsString(s->fields, "; ") + "}";
    }
    case ExprKind::FuncType:
      return "func" + signatureString(static_cast<const FuncType*>(x));
    case ExprKind::InterfaceType: {
      auto t = static_cast<const InterfaceType*>(x);
      if (t->methods.empty()) return "interface{}";
      std::string out = "interface{";
      for (size_t i = 0; i < t->methods.size(); i++) {
        if (i) out += "; ";
        const Field* f = t->methods[i];
        if (f->names.empty()) {
          out += exprString(f->type);
        } else {
          out += f->names[0]->name +
                 signatureString(static_cast<const FuncType*>(f->type));
        }
      }
      return out + "}";
    }
    case ExprKind::MapType: {
      auto m = static_cast<const MapType*>(x);
      return "map[" + exprString(m->key) + "]" + exprString(m->value);
    }
    case ExprKind::ChanType: {
      auto c = static_cast<const ChanType*>(x);
      const char* dir = c->dir == ChanDir::Send   ? "chan<- "
                        : c->dir == ChanDir::Recv ? "<-chan "
                                                  : "chan ";
      return dir + exprString(c->value);
    }
    case ExprKind::Ellipsis:
      return "..." + exprString(static_cast<const Ellipsis*>(x)->elt);
  }
  return "?";
}

std::string stmtString(const Stmt* s) {
  if (!s) return "";
  switch (s->kind) {
    case StmtKind::Expr:
      return exprString(static_cast<const ExprStmt*>(s)->x);
    case StmtKind::Send: {
      auto x = static_cast<const SendStmt*>(s);
      return exprString(x->chan) + " <- " + exprString(x->value);
    }
    case StmtKind::IncDec: {
      auto x = static_cast<const IncDecStmt*>(s);
      return exprString(x->x) + tokSpelling(x->op);
    }
    case StmtKind::Assign: {
      auto a = static_cast<const AssignStmt*>(s);
      return listString(a->lhs) + " " + tokSpelling(a->op) + " " +
             listString(a->rhs);
    }
    case StmtKind::Range: {
      auto r = static_cast<const RangeStmt*>(s);
      std::string out;
      if (r->key) {
        out = exprString(r->key);
        if (r->value) out += ", " + exprString(r->value);
        out += std::string(" ") + tokSpelling(r->tok) + " ";
      }
      return out + "range " + exprString(r->x);
    }
    default:
      return "statement";
  }
}

// ---------------------------------------------------------------------------
// dumpAst

namespace {

class Dumper {
 public:
  std::string out;

  void line(int depth, const char* role, Pos pos, const std::string& what) {
    out.append(size_t(depth) * 2, ' ');
    if (role) out += std::string(role) + ": ";
    out += std::to_string(pos.line()) + ":" + std::to_string(pos.col()) + " " +
           what + "\n";
  }

  void file(const File* f);
  void decl(int d, const char* role, const Decl* x);
  void spec(int d, const Spec* s);
  void field(int d, const char* role, const Field* f);
  void expr(int d, const char* role, const Expr* x);
  void exprKids(int d, const Expr* x);
  void typeKids(int d, const Expr* x);
  void stmt(int d, const char* role, const Stmt* s);
  void stmtKids(int d, const Stmt* s);
  void ctrlKids(int d, const Stmt* s);
  void stmts(int d, const std::vector<Stmt*>& list) {
    for (const Stmt* s : list) stmt(d, nullptr, s);
  }
  void exprs(int d, const char* role, const std::vector<Expr*>& list) {
    for (const Expr* x : list) expr(d, role, x);
  }
};

const char* exprKindName(ExprKind k) {
  switch (k) {
    case ExprKind::Bad:
      return "BadExpr";
    case ExprKind::Ident:
      return "Ident";
    case ExprKind::BasicLit:
      return "BasicLit";
    case ExprKind::CompositeLit:
      return "CompositeLit";
    case ExprKind::FuncLit:
      return "FuncLit";
    case ExprKind::Paren:
      return "ParenExpr";
    case ExprKind::Selector:
      return "SelectorExpr";
    case ExprKind::Index:
      return "IndexExpr";
    case ExprKind::Slice:
      return "SliceExpr";
    case ExprKind::TypeAssert:
      return "TypeAssertExpr";
    case ExprKind::Call:
      return "CallExpr";
    case ExprKind::Star:
      return "StarExpr";
    case ExprKind::Unary:
      return "UnaryExpr";
    case ExprKind::Binary:
      return "BinaryExpr";
    case ExprKind::KeyValue:
      return "KeyValueExpr";
    case ExprKind::ArrayType:
      return "ArrayType";
    case ExprKind::StructType:
      return "StructType";
    case ExprKind::FuncType:
      return "FuncType";
    case ExprKind::InterfaceType:
      return "InterfaceType";
    case ExprKind::MapType:
      return "MapType";
    case ExprKind::ChanType:
      return "ChanType";
    case ExprKind::Ellipsis:
      return "Ellipsis";
  }
  return "Expr";
}

const char* stmtKindName(StmtKind k) {
  switch (k) {
    case StmtKind::Bad:
      return "BadStmt";
    case StmtKind::Decl:
      return "DeclStmt";
    case StmtKind::Empty:
      return "EmptyStmt";
    case StmtKind::Labeled:
      return "LabeledStmt";
    case StmtKind::Expr:
      return "ExprStmt";
    case StmtKind::Send:
      return "SendStmt";
    case StmtKind::IncDec:
      return "IncDecStmt";
    case StmtKind::Assign:
      return "AssignStmt";
    case StmtKind::Go:
      return "GoStmt";
    case StmtKind::Defer:
      return "DeferStmt";
    case StmtKind::Return:
      return "ReturnStmt";
    case StmtKind::Branch:
      return "BranchStmt";
    case StmtKind::Block:
      return "BlockStmt";
    case StmtKind::If:
      return "IfStmt";
    case StmtKind::CaseClause:
      return "CaseClause";
    case StmtKind::Switch:
      return "SwitchStmt";
    case StmtKind::TypeSwitch:
      return "TypeSwitchStmt";
    case StmtKind::CommClause:
      return "CommClause";
    case StmtKind::Select:
      return "SelectStmt";
    case StmtKind::For:
      return "ForStmt";
    case StmtKind::Range:
      return "RangeStmt";
  }
  return "Stmt";
}

void Dumper::file(const File* f) {
  out += "File";
  if (f->package_name) out += " package " + f->package_name->name;
  out += "\n";
  for (const Decl* d : f->decls) decl(1, nullptr, d);
  for (const Stmt* s : f->top_stmts) stmt(1, nullptr, s);
}

void Dumper::decl(int d, const char* role, const Decl* x) {
  if (x->kind == DeclKind::Bad) {
    line(d, role, x->pos, "BadDecl");
    return;
  }
  if (x->kind == DeclKind::Gen) {
    auto g = static_cast<const GenDecl*>(x);
    line(d, role, x->pos,
         std::string("GenDecl ") + tokSpelling(g->tok) +
             (g->grouped ? " (grouped)" : ""));
    for (const Spec* s : g->specs) spec(d + 1, s);
    return;
  }
  auto f = static_cast<const FuncDecl*>(x);
  line(d, role, x->pos, "FuncDecl " + f->name->name);
  if (f->recv) field(d + 1, "recv", f->recv);
  expr(d + 1, "type", f->type);
  if (f->body) stmt(d + 1, "body", f->body);
}

void Dumper::spec(int d, const Spec* s) {
  switch (s->kind) {
    case SpecKind::Import: {
      auto i = static_cast<const ImportSpec*>(s);
      line(d, nullptr, s->pos,
           "ImportSpec " + (i->name ? i->name->name + " " : "") + i->path->raw);
      break;
    }
    case SpecKind::Value: {
      auto v = static_cast<const ValueSpec*>(s);
      std::string names;
      for (const Ident* n : v->names) names += " " + n->name;
      line(d, nullptr, s->pos,
           "ValueSpec" + names + " (iota " + std::to_string(v->iota) + ")");
      if (v->type) expr(d + 1, "type", v->type);
      exprs(d + 1, "value", v->values);
      break;
    }
    case SpecKind::Type: {
      auto t = static_cast<const TypeSpec*>(s);
      line(d, nullptr, s->pos,
           "TypeSpec " + t->name->name + (t->alias ? " (alias)" : ""));
      expr(d + 1, nullptr, t->type);
      break;
    }
  }
}

void Dumper::field(int d, const char* role, const Field* f) {
  std::string names;
  for (const Ident* n : f->names) names += " " + n->name;
  line(d, role, f->pos, "Field" + names);
  expr(d + 1, nullptr, f->type);
  if (f->tag) expr(d + 1, "tag", f->tag);
}

void Dumper::expr(int d, const char* role, const Expr* x) {
  if (!x) return;
  std::string what = exprKindName(x->kind);
  switch (x->kind) {
    case ExprKind::Ident:
      what += " " + static_cast<const Ident*>(x)->name;
      break;
    case ExprKind::BasicLit: {
      auto b = static_cast<const BasicLit*>(x);
      what += std::string(" ") + tokSpelling(b->lit_kind) + " " + b->raw;
      break;
    }
    case ExprKind::Unary:
    case ExprKind::Binary: {
      Tok op = x->kind == ExprKind::Unary
                   ? static_cast<const UnaryExpr*>(x)->op
                   : static_cast<const BinaryExpr*>(x)->op;
      what += std::string(" ") + tokSpelling(op);
      break;
    }
    case ExprKind::ChanType: {
      ChanDir dir = static_cast<const ChanType*>(x)->dir;
      what += dir == ChanDir::Send   ? " send"
              : dir == ChanDir::Recv ? " recv"
                                     : "";
      break;
    }
    case ExprKind::Call:
      if (static_cast<const CallExpr*>(x)->has_ellipsis) what += " ...";
      break;
    case ExprKind::Slice:
      if (static_cast<const SliceExpr*>(x)->slice3) what += " 3-index";
      break;
    default:
      break;
  }
  line(d, role, x->pos, what);
  exprKids(d + 1, x);
}

void Dumper::exprKids(int d, const Expr* x) {
  switch (x->kind) {
    case ExprKind::CompositeLit: {
      auto c = static_cast<const CompositeLit*>(x);
      expr(d, "type", c->type);
      exprs(d, nullptr, c->elts);
      break;
    }
    case ExprKind::FuncLit: {
      auto f = static_cast<const FuncLit*>(x);
      expr(d, "type", f->type);
      stmt(d, "body", f->body);
      break;
    }
    case ExprKind::Paren:
      expr(d, nullptr, static_cast<const ParenExpr*>(x)->x);
      break;
    case ExprKind::Selector: {
      auto s = static_cast<const SelectorExpr*>(x);
      expr(d, nullptr, s->x);
      expr(d, "sel", s->sel);
      break;
    }
    case ExprKind::Index: {
      auto i = static_cast<const IndexExpr*>(x);
      expr(d, nullptr, i->x);
      expr(d, "index", i->index);
      break;
    }
    case ExprKind::Slice: {
      auto s = static_cast<const SliceExpr*>(x);
      expr(d, nullptr, s->x);
      expr(d, "low", s->low);
      expr(d, "high", s->high);
      expr(d, "max", s->max);
      break;
    }
    case ExprKind::TypeAssert: {
      auto t = static_cast<const TypeAssertExpr*>(x);
      expr(d, nullptr, t->x);
      expr(d, "type", t->type);
      break;
    }
    case ExprKind::Call: {
      auto c = static_cast<const CallExpr*>(x);
      expr(d, "fun", c->fun);
      exprs(d, "arg", c->args);
      break;
    }
    case ExprKind::Star:
      expr(d, nullptr, static_cast<const StarExpr*>(x)->x);
      break;
    case ExprKind::Unary:
      expr(d, nullptr, static_cast<const UnaryExpr*>(x)->x);
      break;
    case ExprKind::Binary: {
      auto b = static_cast<const BinaryExpr*>(x);
      expr(d, nullptr, b->x);
      expr(d, nullptr, b->y);
      break;
    }
    case ExprKind::KeyValue: {
      auto k = static_cast<const KeyValueExpr*>(x);
      expr(d, "key", k->key);
      expr(d, "value", k->value);
      break;
    }
    default:
      typeKids(d, x);
  }
}

void Dumper::typeKids(int d, const Expr* x) {
  switch (x->kind) {
    case ExprKind::ArrayType: {
      auto a = static_cast<const ArrayType*>(x);
      expr(d, "len", a->len);
      expr(d, "elem", a->elt);
      break;
    }
    case ExprKind::StructType:
      for (const Field* f : static_cast<const StructType*>(x)->fields)
        field(d, nullptr, f);
      break;
    case ExprKind::FuncType: {
      auto f = static_cast<const FuncType*>(x);
      for (const Field* p : f->params) field(d, "param", p);
      for (const Field* r : f->results) field(d, "result", r);
      break;
    }
    case ExprKind::InterfaceType:
      for (const Field* f : static_cast<const InterfaceType*>(x)->methods)
        field(d, nullptr, f);
      break;
    case ExprKind::MapType: {
      auto m = static_cast<const MapType*>(x);
      expr(d, "key", m->key);
      expr(d, "value", m->value);
      break;
    }
    case ExprKind::ChanType:
      expr(d, nullptr, static_cast<const ChanType*>(x)->value);
      break;
    case ExprKind::Ellipsis:
      expr(d, nullptr, static_cast<const Ellipsis*>(x)->elt);
      break;
    default:
      break;
  }
}

void Dumper::stmt(int d, const char* role, const Stmt* s) {
  if (!s) return;
  std::string what = stmtKindName(s->kind);
  switch (s->kind) {
    case StmtKind::Assign:
      what +=
          std::string(" ") + tokSpelling(static_cast<const AssignStmt*>(s)->op);
      break;
    case StmtKind::IncDec:
      what +=
          std::string(" ") + tokSpelling(static_cast<const IncDecStmt*>(s)->op);
      break;
    case StmtKind::Branch: {
      auto b = static_cast<const BranchStmt*>(s);
      what += std::string(" ") + tokSpelling(b->tok);
      if (b->label) what += " " + b->label->name;
      break;
    }
    case StmtKind::Labeled:
      what += " " + static_cast<const LabeledStmt*>(s)->label->name;
      break;
    case StmtKind::Range: {
      Tok t = static_cast<const RangeStmt*>(s)->tok;
      if (t != Tok::Illegal) what += std::string(" ") + tokSpelling(t);
      break;
    }
    case StmtKind::CaseClause:
      if (static_cast<const CaseClause*>(s)->is_default) what += " default";
      break;
    case StmtKind::CommClause:
      if (!static_cast<const CommClause*>(s)->comm) what += " default";
      break;
    case StmtKind::Empty:
      if (static_cast<const EmptyStmt*>(s)->implicit) what += " implicit";
      break;
    default:
      break;
  }
  line(d, role, s->pos, what);
  stmtKids(d + 1, s);
}

void Dumper::stmtKids(int d, const Stmt* s) {
  switch (s->kind) {
    case StmtKind::Decl:
      decl(d, nullptr, static_cast<const DeclStmt*>(s)->decl);
      break;
    case StmtKind::Labeled:
      stmt(d, nullptr, static_cast<const LabeledStmt*>(s)->stmt);
      break;
    case StmtKind::Expr:
      expr(d, nullptr, static_cast<const ExprStmt*>(s)->x);
      break;
    case StmtKind::Send: {
      auto x = static_cast<const SendStmt*>(s);
      expr(d, "chan", x->chan);
      expr(d, "value", x->value);
      break;
    }
    case StmtKind::IncDec:
      expr(d, nullptr, static_cast<const IncDecStmt*>(s)->x);
      break;
    case StmtKind::Assign: {
      auto a = static_cast<const AssignStmt*>(s);
      exprs(d, "lhs", a->lhs);
      exprs(d, "rhs", a->rhs);
      break;
    }
    case StmtKind::Go:
      expr(d, nullptr, static_cast<const GoStmt*>(s)->call);
      break;
    case StmtKind::Defer:
      expr(d, nullptr, static_cast<const DeferStmt*>(s)->call);
      break;
    case StmtKind::Return:
      exprs(d, nullptr, static_cast<const ReturnStmt*>(s)->results);
      break;
    case StmtKind::Block:
      stmts(d, static_cast<const BlockStmt*>(s)->list);
      break;
    default:
      ctrlKids(d, s);
  }
}

void Dumper::ctrlKids(int d, const Stmt* s) {
  switch (s->kind) {
    case StmtKind::If: {
      auto x = static_cast<const IfStmt*>(s);
      stmt(d, "init", x->init);
      expr(d, "cond", x->cond);
      stmt(d, "body", x->body);
      stmt(d, "else", x->els);
      break;
    }
    case StmtKind::CaseClause: {
      auto c = static_cast<const CaseClause*>(s);
      exprs(d, "case", c->list);
      stmts(d, c->body);
      break;
    }
    case StmtKind::Switch: {
      auto x = static_cast<const SwitchStmt*>(s);
      stmt(d, "init", x->init);
      expr(d, "tag", x->tag);
      stmt(d, "body", x->body);
      break;
    }
    case StmtKind::TypeSwitch: {
      auto x = static_cast<const TypeSwitchStmt*>(s);
      stmt(d, "init", x->init);
      stmt(d, "assign", x->assign);
      stmt(d, "body", x->body);
      break;
    }
    case StmtKind::CommClause: {
      auto c = static_cast<const CommClause*>(s);
      stmt(d, "comm", c->comm);
      stmts(d, c->body);
      break;
    }
    case StmtKind::Select:
      stmt(d, "body", static_cast<const SelectStmt*>(s)->body);
      break;
    case StmtKind::For: {
      auto x = static_cast<const ForStmt*>(s);
      stmt(d, "init", x->init);
      expr(d, "cond", x->cond);
      stmt(d, "post", x->post);
      stmt(d, "body", x->body);
      break;
    }
    case StmtKind::Range: {
      auto x = static_cast<const RangeStmt*>(s);
      expr(d, "key", x->key);
      expr(d, "value", x->value);
      expr(d, "x", x->x);
      stmt(d, "body", x->body);
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string dumpAst(const File* file) {
  Dumper d;
  if (file) d.file(file);
  return d.out;
}

}  // namespace csp::parse
