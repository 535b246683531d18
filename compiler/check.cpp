// The checker's entry point: checkProgram, standard package loading (each
// package parsed from its embedded .csp source and checked once), and the
// spelling of operands and expressions in messages (as types2 prints them).
#include <algorithm>

#include "compiler/check.h"
#include "compiler/checker_impl.h"
#include "compiler/parse.h"
#include "stdlib/embedded.h"

namespace csp::check {

bool isExported(const std::string& name) {
  return !name.empty() && name[0] >= 'A' && name[0] <= 'Z';
}

bool isBlankIdent(ast::Expr* e) {
  return e && e->kind == ast::ExprKind::Ident && static_cast<ast::Ident*>(e)->name == "_";
}

ast::Expr* unparen(ast::Expr* e) {
  while (e && e->kind == ast::ExprKind::Paren) e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}

void Checker::error(Pos pos, const std::string& msg) {
  if (s_->diags->tooMany()) return;
  s_->diags->error(pos, msg);
}

void Checker::warning(Pos pos, const std::string& msg) { s_->diags->warning(pos, msg); }

// ---------------------------------------------------------------------------
// Packages.

namespace {

std::string lastElem(const std::string& path) {
  size_t i = path.rfind('/');
  return i == std::string::npos ? path : path.substr(i + 1);
}

// Packages csp knows by their last path element, for implicit imports.
const char* implicitPath(const std::string& name) {
  static const char* kPaths[] = {"math/rand", "sync/atomic", "runtime/debug", "unicode/utf8"};
  if (stdlib::packageSource(name)) return nullptr;
  for (const char* p : kPaths)
    if (lastElem(p) == name && stdlib::packageSource(p)) return p;
  return nullptr;
}

// Go's standard packages (Go 1.19's `go list std`, less internal and
// vendor): importing one csp lacks is "not supported by csp", not "not in
// std".
bool isGoStdPackage(const std::string& path) {
  static const char* kStd[] = {
    "archive/tar", "archive/zip", "bufio", "bytes", "compress/bzip2",
    "compress/flate", "compress/gzip", "compress/lzw", "compress/zlib",
    "container/heap", "container/list", "container/ring", "context", "crypto",
    "crypto/aes", "crypto/cipher", "crypto/des", "crypto/dsa", "crypto/ecdsa",
    "crypto/ed25519", "crypto/elliptic", "crypto/hmac", "crypto/md5",
    "crypto/rand", "crypto/rc4", "crypto/rsa", "crypto/sha1", "crypto/sha256",
    "crypto/sha512", "crypto/subtle", "crypto/tls", "crypto/x509",
    "crypto/x509/pkix", "database/sql", "database/sql/driver",
    "debug/buildinfo", "debug/dwarf", "debug/elf", "debug/gosym", "debug/macho",
    "debug/pe", "debug/plan9obj", "embed", "encoding", "encoding/ascii85",
    "encoding/asn1", "encoding/base32", "encoding/base64", "encoding/binary",
    "encoding/csv", "encoding/gob", "encoding/hex", "encoding/json",
    "encoding/pem", "encoding/xml", "errors", "expvar", "flag", "fmt", "go/ast",
    "go/build", "go/build/constraint", "go/constant", "go/doc",
    "go/doc/comment", "go/format", "go/importer", "go/parser", "go/printer",
    "go/scanner", "go/token", "go/types", "hash", "hash/adler32", "hash/crc32",
    "hash/crc64", "hash/fnv", "hash/maphash", "html", "html/template", "image",
    "image/color", "image/color/palette", "image/draw", "image/gif",
    "image/jpeg", "image/png", "index/suffixarray", "io", "io/fs", "io/ioutil",
    "log", "log/syslog", "math", "math/big", "math/bits", "math/cmplx",
    "math/rand", "mime", "mime/multipart", "mime/quotedprintable", "net",
    "net/http", "net/http/cgi", "net/http/cookiejar", "net/http/fcgi",
    "net/http/httptest", "net/http/httptrace", "net/http/httputil",
    "net/http/pprof", "net/mail", "net/netip", "net/rpc", "net/rpc/jsonrpc",
    "net/smtp", "net/textproto", "net/url", "os", "os/exec", "os/signal",
    "os/user", "path", "path/filepath", "plugin", "reflect", "regexp",
    "regexp/syntax", "runtime", "runtime/cgo", "runtime/debug",
    "runtime/metrics", "runtime/pprof", "runtime/race", "runtime/trace", "sort",
    "strconv", "strings", "sync", "sync/atomic", "syscall", "testing",
    "testing/fstest", "testing/iotest", "testing/quick", "text/scanner",
    "text/tabwriter", "text/template", "text/template/parse", "time",
    "time/tzdata", "unicode", "unicode/utf16", "unicode/utf8", "unsafe",
  };
  for (const char* p : kStd)
    if (path == p) return true;
  return false;
}

}  // namespace

Package* Checker::importPackage(const std::string& path, Pos pos, bool report) {
  auto it = s_->packages.find(path);
  if (it != s_->packages.end()) return it->second;
  const char* src = stdlib::packageSource(path);
  if (!src || s_->in_progress.count(path)) {
    if (report && !src)
      error(pos, "package " + path +
                     (isGoStdPackage(path) ? " is not supported by csp" : " is not in std"));
    if (report && src) error(pos, "import cycle not allowed");
    return nullptr;
  }
  s_->in_progress.insert(path);
  // Checked once, for as long as the session (or process): outside the
  // arena of the REPL input that imports it first (arena.h).
  ArenaScope heap(nullptr);
  auto* file = make<SourceFile>("stdlib/" + path + ".csp", src);
  ast::File* f = parse::parseFile(file, s_->diags);
  auto* pkg = make<Package>();
  pkg->path = path;
  pkg->name = f->package_name ? f->package_name->name : lastElem(path);
  pkg->is_std = true;
  pkg->files.push_back(f);
  Checker c(s_, pkg);
  c.checkFiles(pkg->files);
  s_->in_progress.erase(path);
  s_->packages[path] = pkg;
  s_->prog->packages.push_back(pkg);
  return pkg;
}

// csp: an undeclared name that names a standard package imports it.
Package* Checker::implicitImport(const std::string& name) {
  if (!file_scope_) return nullptr;
  std::string path = name;
  if (!stdlib::packageSource(path)) {
    const char* p = implicitPath(name);
    if (!p) return nullptr;
    path = p;
  }
  Package* pkg = importPackage(path, Pos{}, false);
  if (!pkg) return nullptr;
  auto* pn = make<PkgName>(name);
  pn->imported = pkg;
  pn->pkg = pkg_;
  pn->used = true;
  file_scope_->insert(pn);
  return pkg;
}

void Checker::checkFiles(const std::vector<ast::File*>& files) {
  initUniverse();
  pkg_->scope = make<Scope>(s_->repl_base && !pkg_->is_std ? s_->repl_base : Universe);
  collectObjects(files);
  if (s_->repl_base && !pkg_->is_std) replMethods();
  for (Object* obj : decl_order_) objDecl(obj);
  for (Func* m : method_list_) objDecl(m);
  for (size_t i = 0; i < bodies_.size(); i++) {
    auto [d, f] = bodies_[i];
    if (!d->body) continue;
    if (!f->type) objDecl(f);
    if (!f->type || f->type->kind != TypeKind::Signature) continue;
    file_scope_ = decls_[f] ? decls_[f]->file_scope : file_scope_;
    FuncCtx ctx;
    ctx.func = f;
    ctx.sig = f->sig();
    auto* scope = make<Scope>(file_scope_);
    scope->is_func = true;
    // The receiver, parameters and results share the body's scope.
    std::vector<Var*> params;
    if (ctx.sig->recv) params.push_back(ctx.sig->recv);
    for (Var* v : ctx.sig->params->vars) params.push_back(v);
    for (Var* v : ctx.sig->results->vars) params.push_back(v);
    for (Var* v : params)
      if (v->name != "_" && !v->name.empty() && scope->insert(v))
        error(v->pos, v->name + " redeclared in this block");
    cur_decl_ = decls_[f];
    funcBody(&ctx, d->body, scope);
    cur_decl_ = nullptr;
  }
  initOrder();
  checkUnusedImports();
}

// ---------------------------------------------------------------------------
// Messages.

std::string Checker::operandStr(const Operand& x) const {
  if (x.mode == ast::Mode::Value && x.type == basicType(BasicKind::UntypedNil)) return "nil";
  std::string expr;
  if (x.expr) expr = exprStr(x.expr);
  else if (x.mode == ast::Mode::TypeExpr) expr = typeStr(x.type);
  else if (x.mode == ast::Mode::Constant && x.val) expr = x.val->str();
  std::string out;
  if (!expr.empty()) out = expr + " (";
  bool has_type = false;
  switch (x.mode) {
    case ast::Mode::Invalid: case ast::Mode::NoValue: case ast::Mode::Builtin:
    case ast::Mode::TypeExpr:
      break;
    default:
      if (x.type) {
        if (isUntyped(x.type)) {
          out += static_cast<Basic*>(x.type)->name;
          out += " ";
          break;
        }
        has_type = true;
      }
  }
  static const char* kModes[] = {"invalid operand", "no value", "built-in", "type", "constant",
                                 "variable", "map index expression", "value",
                                 "comma, ok expression", "package"};
  out += kModes[static_cast<int>(x.mode)];
  if (x.mode == ast::Mode::Constant && x.val) {
    std::string v = x.val->str();
    if (v != expr) out += " " + v;
  }
  if (has_type) {
    if (isValid(x.type)) out += " of type " + typeStr(x.type);
    else out += " with invalid type";
  }
  if (!expr.empty()) out += ")";
  return out;
}

namespace {

struct ExprWriter {
  std::string out;
  void list(const std::vector<ast::Expr*>& es) {
    for (size_t i = 0; i < es.size(); i++) {
      if (i) out += ", ";
      write(es[i]);
    }
  }
  void fields(const std::vector<ast::Field*>& fs) {
    for (size_t i = 0; i < fs.size(); i++) {
      if (i) out += ", ";
      for (size_t j = 0; j < fs[i]->names.size(); j++) {
        if (j) out += ", ";
        out += fs[i]->names[j]->name;
      }
      if (!fs[i]->names.empty()) out += " ";
      write(fs[i]->type);
    }
  }
  void funcType(ast::FuncType* ft) {
    out += "(";
    fields(ft->params);
    out += ")";
    if (ft->results.empty()) return;
    out += " ";
    bool paren = ft->results.size() > 1 || !ft->results[0]->names.empty();
    if (paren) out += "(";
    fields(ft->results);
    if (paren) out += ")";
  }
  void write(ast::Expr* e);
  void writeMore(ast::Expr* e);
};

void ExprWriter::write(ast::Expr* e) {
  using K = ast::ExprKind;
  if (!e) return;
  switch (e->kind) {
    case K::Ident: out += static_cast<ast::Ident*>(e)->name; break;
    case K::BasicLit: out += static_cast<ast::BasicLit*>(e)->raw; break;
    case K::CompositeLit: {
      auto* c = static_cast<ast::CompositeLit*>(e);
      write(c->type);
      out += c->elts.empty() ? "{}" : "{…}";
      break;
    }
    case K::FuncLit: out += "func"; funcType(static_cast<ast::FuncLit*>(e)->type); out += " {…}"; break;
    case K::Paren: out += "("; write(static_cast<ast::ParenExpr*>(e)->x); out += ")"; break;
    case K::Selector: {
      auto* s = static_cast<ast::SelectorExpr*>(e);
      write(s->x);
      out += ".";
      if (s->sel) out += s->sel->name;
      break;
    }
    case K::Index: {
      auto* i = static_cast<ast::IndexExpr*>(e);
      write(i->x);
      out += "[";
      write(i->index);
      out += "]";
      break;
    }
    case K::Slice: {
      auto* s = static_cast<ast::SliceExpr*>(e);
      write(s->x);
      out += "[";
      write(s->low);
      out += ":";
      write(s->high);
      if (s->slice3) { out += ":"; write(s->max); }
      out += "]";
      break;
    }
    case K::TypeAssert: {
      auto* t = static_cast<ast::TypeAssertExpr*>(e);
      write(t->x);
      out += ".(";
      if (t->type) write(t->type); else out += "type";
      out += ")";
      break;
    }
    case K::Call: {
      auto* c = static_cast<ast::CallExpr*>(e);
      write(c->fun);
      out += "(";
      list(c->args);
      if (c->has_ellipsis) out += "...";
      out += ")";
      break;
    }
    default: writeMore(e);
  }
}

void ExprWriter::writeMore(ast::Expr* e) {
  using K = ast::ExprKind;
  switch (e->kind) {
    case K::Star: out += "*"; write(static_cast<ast::StarExpr*>(e)->x); break;
    case K::Unary: {
      auto* u = static_cast<ast::UnaryExpr*>(e);
      out += tokSpelling(u->op);
      write(u->x);
      break;
    }
    case K::Binary: {
      auto* b = static_cast<ast::BinaryExpr*>(e);
      write(b->x);
      out += std::string(" ") + tokSpelling(b->op) + " ";
      write(b->y);
      break;
    }
    case K::KeyValue: {
      auto* kv = static_cast<ast::KeyValueExpr*>(e);
      write(kv->key);
      out += ": ";
      write(kv->value);
      break;
    }
    case K::ArrayType: {
      auto* a = static_cast<ast::ArrayType*>(e);
      out += "[";
      write(a->len);
      out += "]";
      write(a->elt);
      break;
    }
    case K::StructType: out += "struct{…}"; break;
    case K::FuncType: out += "func"; funcType(static_cast<ast::FuncType*>(e)); break;
    case K::InterfaceType:
      out += static_cast<ast::InterfaceType*>(e)->methods.empty() ? "interface{}" : "interface{…}";
      break;
    case K::MapType: {
      auto* m = static_cast<ast::MapType*>(e);
      out += "map[";
      write(m->key);
      out += "]";
      write(m->value);
      break;
    }
    case K::ChanType: {
      auto* c = static_cast<ast::ChanType*>(e);
      out += c->dir == ast::ChanDir::Send ? "chan<- " : c->dir == ast::ChanDir::Recv ? "<-chan " : "chan ";
      write(c->value);
      break;
    }
    case K::Ellipsis: out += "..."; write(static_cast<ast::Ellipsis*>(e)->elt); break;
    default: out += "_"; break;
  }
}

}  // namespace

std::string Checker::exprStr(ast::Expr* e) const {
  ExprWriter w;
  w.write(e);
  return w.out;
}

// ---------------------------------------------------------------------------

std::unique_ptr<Program> checkProgram(const std::vector<ast::File*>& files,
                                      Diagnostics* diags) {
  initUniverse();
  auto prog = std::make_unique<Program>();
  Session s;
  s.diags = diags;
  s.prog = prog.get();
  auto* pkg = make<Package>();
  pkg->path = "main";
  pkg->name = "main";
  for (ast::File* f : files)
    if (f) pkg->files.push_back(f);
  Checker c(&s, pkg);
  c.checkFiles(pkg->files);
  prog->main = pkg;
  prog->packages.push_back(pkg);
  return prog;
}

}  // namespace csp::check
