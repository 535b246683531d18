// The REPL's checker (check.h, ReplSession): each input is checked as a
// main package whose scope's parent holds what earlier inputs declared, so
// an input may use and shadow (replace) earlier names. Standard packages
// are checked once per session.
#include <algorithm>

#include "compiler/check.h"
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

struct ReplSession::Impl {
  Session session;
  Scope* base = nullptr;  // earlier inputs' names; parent: Universe
  Package* main = nullptr;
  // The last check, until commit.
  Program* last = nullptr;
  std::vector<Object*> pending;
  bool declares = false;  // see ReplSession::declares
  std::set<ast::Stmt*> top;
  // Standard packages imported by inputs not yet committed (an error, or
  // :type): their initializers go with the next input that commits.
  std::vector<Package*> std_pkgs;
  std::vector<Program::GlobalInit> std_inits;
  std::vector<Func*> std_init_funcs;
};

ReplSession::ReplSession() : impl_(std::make_unique<Impl>()) {
  initUniverse();
  impl_->base = make<Scope>(Universe);
  impl_->main = make<Package>();
  impl_->main->path = "main";
  impl_->main->name = "main";
}

ReplSession::~ReplSession() = default;

namespace {

bool isFmtPrint(ast::Expr* e) {
  e = unparen(e);
  if (e->kind != ast::ExprKind::Call) return false;
  ast::Expr* f = unparen(static_cast<ast::CallExpr*>(e)->fun);
  if (f->kind != ast::ExprKind::Selector) return false;
  ast::Ident* sel = static_cast<ast::SelectorExpr*>(f)->sel;
  Object* obj = sel ? sel->obj : nullptr;
  if (!obj || obj->kind != ObjKind::Func || !obj->pkg || obj->pkg->path != "fmt") return false;
  const std::string& n = obj->name;
  return n.rfind("Print", 0) == 0 || n.rfind("Fprint", 0) == 0;
}

}  // namespace

// An expression statement at the top of a REPL input: its value is shown.
bool Checker::replShow(Operand* x, ast::ExprStmt* s) {
  switch (x->mode) {
    case Mode::Invalid: case Mode::NoValue: case Mode::Builtin: case Mode::TypeExpr:
    case Mode::Package:
      return false;
    default: break;
  }
  if (isFmtPrint(s->x)) return true;
  if (x->type && x->type->kind != TypeKind::Tuple && isUntyped(x->type)) {
    if (x->type == basicType(BasicKind::UntypedNil)) {
      error(s->x->pos, "use of untyped nil in assignment");
      return true;
    }
    defaultUntyped(x);
    if (x->invalid()) return true;
  }
  s_->prog->repl_shows.push_back(s);
  return true;
}

// Methods declared for types of earlier inputs: they join (or replace) the
// type's methods. The type gets a new identity for the runtime (its
// descriptor, with the new method table, is made again by later modules).
void Checker::replMethods() {
  for (auto& [base, list] : methods_) {
    if (base.empty() || pkg_->scope->lookup(base)) continue;
    Object* obj = s_->repl_base->lookup(base);
    if (!obj || obj->kind != ObjKind::TypeName || !obj->type ||
        obj->type->kind != TypeKind::Named)
      continue;
    auto* n = static_cast<Named*>(obj->type);
    if (n->obj != obj) continue;  // an alias
    for (auto& [d, f] : list) {
      auto& ms = n->methods;
      ms.erase(std::remove_if(ms.begin(), ms.end(),
                              [&](Func* m) { return m->name == f->name; }),
               ms.end());
    }
    n->local_id = s_->next_local_id++;
    collectMethods(n);
  }
}

std::unique_ptr<Program> ReplSession::check(ast::File* file,
                                            ast::FuncDecl* entry,
                                            Diagnostics* diags) {
  Impl& im = *impl_;
  auto prog = std::make_unique<Program>();
  im.session.diags = diags;
  im.session.prog = prog.get();
  im.session.repl_base = im.base;
  im.top.clear();
  for (ast::Stmt* s : entry->body->list) im.top.insert(s);
  im.session.repl_top = &im.top;
  Package* pkg = im.main;
  pkg->files = {file};
  file->decls.push_back(entry);
  Checker c(&im.session, pkg);
  c.checkFiles(pkg->files);
  file->decls.pop_back();
  // The input's file and package scope are its own (they may be freed
  // with it); later inputs see its names in base once committed.
  Scope* scope = pkg->scope;
  pkg->scope = nullptr;
  pkg->files.clear();
  im.session.repl_top = nullptr;
  im.top.clear();
  // Even with errors: methods of earlier types have joined them
  // (replMethods).
  im.declares = !file->decls.empty();
  // Standard packages first imported now join those still to initialize.
  for (Package* p : prog->packages) im.std_pkgs.push_back(p);
  std::vector<Program::GlobalInit> own;
  for (auto& gi : prog->global_inits) {
    Var* v = nullptr;
    for (Var* x : gi.lhs)
      if (x && !v) v = x;
    if (v && v->pkg && v->pkg->is_std) im.std_inits.push_back(gi);
    else own.push_back(gi);
  }
  std::vector<Func*> own_funcs;
  for (Func* f : prog->init_funcs) {
    if (f->pkg && f->pkg->is_std) im.std_init_funcs.push_back(f);
    else own_funcs.push_back(f);
  }
  prog->packages = im.std_pkgs;
  prog->global_inits = im.std_inits;
  prog->global_inits.insert(prog->global_inits.end(), own.begin(), own.end());
  prog->init_funcs = im.std_init_funcs;
  prog->init_funcs.insert(prog->init_funcs.end(), own_funcs.begin(), own_funcs.end());
  prog->main = pkg;
  prog->packages.push_back(pkg);
  prog->repl_entry = entry->func;
  im.pending.clear();
  im.last = nullptr;
  if (diags->hasErrors()) return prog;
  // Variables declared by := at the top: package-level from now on.
  for (ast::Stmt* s : entry->body->list) {
    if (s->kind != ast::StmtKind::Assign) continue;
    auto* as = static_cast<ast::AssignStmt*>(s);
    if (as->op != Tok::Define) continue;
    for (size_t i = 0; i < as->lhs.size(); i++) {
      ast::Expr* l = unparen(as->lhs[i]);
      if (i >= as->is_new.size() || !as->is_new[i] || l->kind != ast::ExprKind::Ident) continue;
      auto* id = static_cast<ast::Ident*>(l);
      if (!id->obj || id->obj->kind != ObjKind::Var || id->name == "_") continue;
      auto* v = static_cast<Var*>(id->obj);
      v->is_global = true;
      v->pkg = pkg;
      prog->global_inits.push_back({{v}, nullptr});
      im.pending.push_back(v);
    }
  }
  for (auto& [name, obj] : scope->names) {
    if (obj == entry->func) continue;
    im.pending.push_back(obj);
    // Each declaration of a type is a type of its own at run time too.
    if (obj->kind == ObjKind::TypeName && obj->type && obj->type->kind == TypeKind::Named) {
      auto* n = static_cast<Named*>(obj->type);
      if (n->obj == obj && n->local_id == 0) n->local_id = im.session.next_local_id++;
    }
  }
  for (auto& [fs, f] : c.file_of_)
    for (auto& [name, obj] : fs->names) im.pending.push_back(obj);
  if (!im.pending.empty()) im.declares = true;
  im.last = prog.get();
  return prog;
}

bool ReplSession::declares() const { return impl_->declares; }

void ReplSession::commit() {
  Impl& im = *impl_;
  for (Object* obj : im.pending) im.base->names[obj->name] = obj;
  im.pending.clear();
  im.std_pkgs.clear();
  im.std_inits.clear();
  im.std_init_funcs.clear();
  im.last = nullptr;
}

void ReplSession::reset() {
  impl_->base = make<Scope>(Universe);
  impl_->pending.clear();
}

std::vector<std::string> ReplSession::names() const {
  std::vector<std::string> out;
  for (auto& [name, obj] : impl_->base->names) out.push_back(name);
  return out;
}

Object* ReplSession::lookup(const std::string& name) const {
  return impl_->base->lookupParent(name);
}

}  // namespace csp::check
