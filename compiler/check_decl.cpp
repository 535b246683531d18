// Declarations: collecting package-level objects, checking them lazily in
// dependency order (objDecl), local declarations, methods, and the
// package's variable initialization order (as go/types' resolver.go,
// decl.go, initorder.go).
#include <algorithm>

#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

namespace {

std::string unquotePath(const std::string& raw) {
  if (raw.size() >= 2) return raw.substr(1, raw.size() - 2);
  return raw;
}

}  // namespace

void Checker::collectObjects(const std::vector<ast::File*>& files) {
  for (ast::File* f : files) {
    auto* fs = make<Scope>(pkg_->scope);
    file_of_[fs] = f;
    collectFile(f, fs);
  }
  // Methods attach to their receiver base types when those are declared.
}

void Checker::declarePkgObj(ast::Ident* id, Object* obj, DeclInfo* info) {
  obj->pkg = pkg_;
  obj->pos = id->pos;
  id->obj = obj;
  info->order = static_cast<int>(decl_order_.size());
  decls_[obj] = info;
  if (id->name == "_") {
    decl_order_.push_back(obj);
    return;
  }
  if (Object* old = pkg_->scope->insert(obj)) {
    (void)old;
    error(id->pos, id->name + " redeclared in this block");
    return;
  }
  decl_order_.push_back(obj);
}

void Checker::collectFile(ast::File* f, Scope* fs) {
  file_scope_ = fs;
  for (ast::ImportSpec* imp : f->imports) {
    if (!imp || !imp->path) continue;
    std::string path = unquotePath(imp->path->raw);
    Package* p = importPackage(path, imp->path->pos, true);
    if (!p) {
      // Declare the name anyway (as a package without members) so that its
      // uses do not cascade into more errors.
      p = make<Package>();
      p->path = path;
      p->name = path.substr(path.rfind('/') + 1);
      p->scope = nullptr;
      auto* pn = make<PkgName>(imp->name ? imp->name->name : p->name);
      pn->imported = p;
      pn->used = true;
      pn->pkg = pkg_;
      fs->insert(pn);
      continue;
    }
    std::string name = imp->name ? imp->name->name : p->name;
    if (name == "_") continue;
    if (name == ".") {
      error(imp->name->pos, "dot imports are not supported");
      continue;
    }
    auto* pn = make<PkgName>(name);
    pn->imported = p;
    pn->pkg = pkg_;
    pn->pos = imp->pos;
    if (imp->name) imp->name->obj = pn;
    if (fs->insert(pn)) {
      error(imp->pos, name + " redeclared in this block");
      continue;
    }
    imports_.push_back({fs, pn});
  }
  for (ast::Decl* d : f->decls) {
    if (!d) continue;
    if (d->kind == ast::DeclKind::Gen) collectGenDecl(static_cast<ast::GenDecl*>(d), f, fs);
    else if (d->kind == ast::DeclKind::Func) collectFuncDecl(static_cast<ast::FuncDecl*>(d), f, fs);
  }
}

void Checker::collectGenDecl(ast::GenDecl* d, ast::File* f, Scope* fs) {
  ast::ValueSpec* last = nullptr;
  for (ast::Spec* sp : d->specs) {
    if (!sp) continue;
    if (sp->kind == ast::SpecKind::Type) {
      auto* ts = static_cast<ast::TypeSpec*>(sp);
      if (!ts->name) continue;
      auto* info = make<DeclInfo>();
      info->file = f;
      info->file_scope = fs;
      info->tspec = ts;
      declarePkgObj(ts->name, make<TypeName>(ts->name->name), info);
      continue;
    }
    if (sp->kind != ast::SpecKind::Value) continue;
    auto* vs = static_cast<ast::ValueSpec*>(sp);
    if (d->tok == Tok::Const) {
      if (vs->type || !vs->values.empty()) last = vs;
      ast::ValueSpec* src = last ? last : vs;
      for (size_t i = 0; i < vs->names.size(); i++) {
        auto* info = make<DeclInfo>();
        info->file = f;
        info->file_scope = fs;
        info->vspec = vs;
        info->type = src->type;
        info->init = i < src->values.size() ? src->values[i] : nullptr;
        info->iota = vs->iota;
        if (!info->init) error(vs->names[i]->pos, "missing init expr for const declaration");
        declarePkgObj(vs->names[i], make<Const>(vs->names[i]->name), info);
      }
      if (src == vs && vs->values.size() > vs->names.size())
        error(vs->values[vs->names.size()]->pos, "extra init expr");
      continue;
    }
    // var
    std::vector<Var*> lhs;
    for (ast::Ident* id : vs->names) {
      auto* v = make<Var>(id->name);
      v->is_global = true;
      v->used = true;
      lhs.push_back(v);
    }
    bool shared = vs->values.size() == 1 && vs->names.size() > 1;
    if (!vs->values.empty() && !shared && vs->values.size() != vs->names.size()) {
      assignError(vs->values, vs->names.size(), vs->values.size(), vs->names[0]->pos);
    }
    for (size_t i = 0; i < vs->names.size(); i++) {
      auto* info = make<DeclInfo>();
      info->file = f;
      info->file_scope = fs;
      info->vspec = vs;
      info->type = vs->type;
      if (shared) {
        info->init = vs->values[0];
        info->lhs = lhs;
      } else if (i < vs->values.size() && vs->values.size() == vs->names.size()) {
        info->init = vs->values[i];
      }
      declarePkgObj(vs->names[i], lhs[i], info);
    }
  }
}

void Checker::collectFuncDecl(ast::FuncDecl* d, ast::File* f, Scope* fs) {
  if (!d->name) return;
  auto* fn = make<Func>(d->name->name);
  fn->decl = d;
  fn->is_extern = d->body == nullptr;
  if (!d->body && !pkg_->is_std) error(d->name->pos, "missing function body");
  d->func = fn;
  auto* info = make<DeclInfo>();
  info->file = f;
  info->file_scope = fs;
  info->fdecl = d;
  fn->pkg = pkg_;
  fn->pos = d->name->pos;
  d->name->obj = fn;
  decls_[fn] = info;
  info->order = static_cast<int>(decl_order_.size());
  bodies_.push_back({d, fn});
  if (d->recv) {
    // Find the receiver's base type name: T, *T, (T), (*T).
    ast::Expr* t = unparen(d->recv->type);
    if (t && t->kind == ast::ExprKind::Star) t = unparen(static_cast<ast::StarExpr*>(t)->x);
    std::string base = t && t->kind == ast::ExprKind::Ident ? static_cast<ast::Ident*>(t)->name : "";
    methods_[base].push_back({d, fn});
    if (base.empty()) decl_order_.push_back(fn);
    else method_list_.push_back(fn);
    return;
  }
  if (d->name->name == "init") {
    if (!d->type || !d->type->params.empty() || !d->type->results.empty())
      error(d->name->pos, "func init must have no arguments and no return values");
    init_list_.push_back(fn);
    decl_order_.push_back(fn);
    return;
  }
  if (d->name->name == "main" && pkg_->name == "main" && d->type &&
      (!d->type->params.empty() || !d->type->results.empty()))
    error(d->name->pos, "func main must have no arguments and no return values");
  if (d->name->name == "_") {
    decl_order_.push_back(fn);
    return;
  }
  if (pkg_->scope->insert(fn)) error(d->name->pos, d->name->name + " redeclared in this block");
  decl_order_.push_back(fn);
}

// ---------------------------------------------------------------------------

void Checker::objDecl(Object* obj) {
  int& color = color_[obj];
  if (color != 0) {
    // A variable or constant used in its own initializer: its type stays
    // invalid; initOrder reports the cycle (as go/types' initorder.go).
    if (color == 1 && !obj->type && obj->kind != ObjKind::TypeName && obj->kind != ObjKind::Func) {
      obj->type = invalidType();
      if (obj->kind == ObjKind::Const)
        error(obj->pos, "invalid cycle in declaration of " + obj->name);
    }
    return;
  }
  auto it = decls_.find(obj);
  if (it == decls_.end()) return;
  color = 1;
  DeclInfo* info = it->second;
  // Save the state of whatever was being checked.
  Scope* saved_scope = scope_;
  Scope* saved_fs = file_scope_;
  FuncCtx* saved_f = fctx_;
  DeclInfo* saved_decl = cur_decl_;
  const ConstValue* saved_iota = iota_;
  bool saved_lhs = lhs_;
  std::vector<BranchTarget> saved_targets;
  saved_targets.swap(targets_);
  scope_ = info->file_scope;
  file_scope_ = info->file_scope;
  fctx_ = nullptr;
  cur_decl_ = info;
  iota_ = nullptr;
  lhs_ = false;
  switch (obj->kind) {
    case ObjKind::Const:
      constDecl(static_cast<Const*>(obj), info->type, info->init, info->iota);
      break;
    case ObjKind::Var: {
      std::vector<Var*> lhs = info->lhs;
      if (lhs.empty()) lhs.push_back(static_cast<Var*>(obj));
      for (Var* v : lhs) color_[v] = 1;
      varDecl(static_cast<Var*>(obj), lhs, info->type, info->init);
      for (Var* v : lhs) color_[v] = 2;
      break;
    }
    case ObjKind::TypeName: typeDecl(static_cast<TypeName*>(obj), info->tspec, false); break;
    case ObjKind::Func: funcDecl(static_cast<Func*>(obj), info->fdecl); break;
    default: break;
  }
  color_[obj] = 2;
  scope_ = saved_scope;
  file_scope_ = saved_fs;
  fctx_ = saved_f;
  cur_decl_ = saved_decl;
  iota_ = saved_iota;
  lhs_ = saved_lhs;
  targets_.swap(saved_targets);
}

void Checker::constDecl(Const* obj, ast::Expr* type_expr, ast::Expr* init, int iota) {
  iota_ = types::constant::makeInt64(iota);
  Type* t = nullptr;
  if (type_expr) {
    t = typExpr(type_expr);
    Basic* b = asBasic(t);
    if (isValid(t) && (!b || b->basic == BasicKind::UntypedNil)) {
      error(type_expr->pos, "invalid constant type " + typeStr(t));
      obj->type = invalidType();
      iota_ = nullptr;
      return;
    }
  }
  Operand x;
  if (init) {
    expr(&x, init);
    if (!x.invalid() && x.mode != Mode::Constant) {
      error(init->pos, operandStr(x) + " is not constant");
      x.mode = Mode::Invalid;
    }
  }
  if (t && isValid(t) && !x.invalid()) assignment(&x, t, "constant declaration");
  iota_ = nullptr;
  if (x.invalid()) {
    obj->type = invalidType();
    return;
  }
  obj->type = x.type;
  obj->value = x.val;
}

void Checker::varDecl(Var* obj, const std::vector<Var*>& lhs, ast::Expr* type_expr, ast::Expr* init) {
  Type* t = type_expr ? typExpr(type_expr) : nullptr;
  if (t) {
    for (Var* v : lhs) v->type = t;
  }
  if (!init) {
    if (!t) obj->type = invalidType();
    return;
  }
  if (lhs.size() == 1) {
    Operand x;
    exprWithHint(&x, init, t);
    initVar(obj, &x, "variable declaration");
    return;
  }
  initVars(lhs, {init}, init->pos, "variable declaration");
}

void Checker::typeDecl(TypeName* obj, ast::TypeSpec* spec, bool local) {
  if (!spec) return;
  if (spec->alias) {
    obj->is_alias = true;
    obj->type = invalidType();
    obj->type = typExpr(spec->type);
    return;
  }
  auto* n = make<Named>();
  n->obj = obj;
  obj->type = n;
  if (local) n->local_id = s_->next_local_id++;
  s_->prog->named_types.push_back(n);
  Type* rhs = definedType(spec->type, n);
  Type* u = underlying(rhs);
  if (rhs && rhs->kind == TypeKind::Named && !static_cast<Named*>(rhs)->underlying) u = nullptr;
  if (!u || u == n) {
    error(spec->name->pos, "invalid recursive type " + obj->name);
    u = invalidType();
  }
  n->underlying = u;
  if (containsByValue(u, n, 0)) {
    error(spec->name->pos, "invalid recursive type " + obj->name);
    n->underlying = invalidType();
  }
  if (!local) collectMethods(n);
}

// Whether t holds a value of type n (not through a pointer, slice, map,
// channel or function): an infinitely large type.
bool Checker::containsByValue(Type* t, Named* n, int depth) {
  if (!t || depth > 100) return false;
  if (t == n) return true;
  switch (t->kind) {
    case TypeKind::Named: {
      auto* m = static_cast<Named*>(t);
      return m != n && containsByValue(m->underlying, n, depth + 1);
    }
    case TypeKind::Array: return containsByValue(static_cast<Array*>(t)->elem, n, depth + 1);
    case TypeKind::Struct:
      for (Var* f : static_cast<Struct*>(t)->fields)
        if (containsByValue(f->type, n, depth + 1)) return true;
      return false;
    default: return false;
  }
}

void Checker::collectMethods(Named* n) {
  auto it = methods_.find(n->obj->name);
  if (it == methods_.end()) return;
  for (auto& [d, f] : it->second) {
    f->recv_base = n;
    bool dup = false;
    for (Func* m : n->methods)
      if (m->name == f->name && f->name != "_") dup = true;
    if (dup) {
      Pos prev;
      for (Func* m : n->methods)
        if (m->name == f->name) prev = m->pos;
      error(d->name->pos, "method " + n->obj->name + "." + f->name + " already declared at " + prev.str());
      continue;
    }
    if (auto* st = under<Struct>(n, TypeKind::Struct)) {
      for (Var* fld : st->fields)
        if (fld->name == f->name) error(d->name->pos, "field and method with the same name " + f->name);
    }
    n->methods.push_back(f);
  }
  for (auto& [d, f] : it->second) objDecl(f);
}

void Checker::funcDecl(Func* obj, ast::FuncDecl* d) {
  Signature* sig = funcType(d->type, d->recv, nullptr);
  obj->type = sig;
  if (!d->recv) return;
  Var* recv = sig->recv;
  if (!recv || !isValid(recv->type)) return;
  Type* t = recv->type;
  if (t->kind == TypeKind::Pointer) {
    obj->ptr_recv = true;
    t = static_cast<Pointer*>(t)->elem;
  }
  auto* n = t && t->kind == TypeKind::Named ? static_cast<Named*>(t) : nullptr;
  if (!n || n->obj->pkg != pkg_) {
    error(d->recv->type ? d->recv->type->pos : d->pos,
          "cannot define new methods on non-local type " + typeStr(t));
    return;
  }
  Type* u = n->underlying;
  if (u && (u->kind == TypeKind::Pointer || u->kind == TypeKind::Interface)) {
    error(d->recv->type->pos, "invalid receiver type " + typeStr(recv->type) +
                                  (u->kind == TypeKind::Pointer ? " (pointer or interface type)"
                                                                : " (pointer or interface type)"));
  }
  obj->recv_base = n;
}

// ---------------------------------------------------------------------------
// Local declarations.

void Checker::declStmt(ast::GenDecl* d) {
  ast::ValueSpec* last = nullptr;
  for (ast::Spec* sp : d->specs) {
    if (!sp) continue;
    if (sp->kind == ast::SpecKind::Type) {
      auto* ts = static_cast<ast::TypeSpec*>(sp);
      if (!ts->name) continue;
      auto* tn = make<TypeName>(ts->name->name);
      tn->pkg = pkg_;
      tn->pos = ts->name->pos;
      declareLocal(ts->name, tn);
      typeDecl(tn, ts, true);
      continue;
    }
    if (sp->kind != ast::SpecKind::Value) continue;
    auto* vs = static_cast<ast::ValueSpec*>(sp);
    if (d->tok == Tok::Const) {
      if (vs->type || !vs->values.empty()) last = vs;
      ast::ValueSpec* src = last ? last : vs;
      std::vector<Const*> cs;
      for (size_t i = 0; i < vs->names.size(); i++) {
        auto* c = make<Const>(vs->names[i]->name);
        c->pkg = pkg_;
        c->pos = vs->names[i]->pos;
        ast::Expr* init = i < src->values.size() ? src->values[i] : nullptr;
        if (!init) error(vs->names[i]->pos, "missing init expr for const declaration");
        constDecl(c, src->type, init, vs->iota);
        cs.push_back(c);
      }
      if (src == vs && vs->values.size() > vs->names.size())
        error(vs->values[vs->names.size()]->pos, "extra init expr");
      for (size_t i = 0; i < cs.size(); i++) declareLocal(vs->names[i], cs[i]);
      continue;
    }
    std::vector<Var*> lhs;
    for (ast::Ident* id : vs->names) {
      auto* v = make<Var>(id->name);
      v->pkg = pkg_;
      v->pos = id->pos;
      lhs.push_back(v);
    }
    Type* t = vs->type ? typExpr(vs->type) : nullptr;
    if (t) for (Var* v : lhs) v->type = t;
    if (vs->values.empty()) {
      if (!t) for (Var* v : lhs) v->type = invalidType();
    } else if (vs->values.size() == lhs.size()) {
      for (size_t i = 0; i < lhs.size(); i++) {
        Operand x;
        exprWithHint(&x, vs->values[i], t);
        initVar(lhs[i], &x, "variable declaration");
      }
    } else {
      initVars(lhs, vs->values, vs->names[0]->pos, "variable declaration");
    }
    for (size_t i = 0; i < lhs.size(); i++) declareLocal(vs->names[i], lhs[i]);
  }
}

// ---------------------------------------------------------------------------
// Initialization order: repeatedly the first variable in declaration order
// whose dependencies (through functions, transitively) are initialized.

void Checker::initOrder() {
  std::vector<DeclInfo*> vars;
  std::map<DeclInfo*, std::vector<Var*>> lhs_of;
  std::set<DeclInfo*> seen_init;
  for (Object* obj : decl_order_) {
    if (obj->kind != ObjKind::Var) continue;
    DeclInfo* info = decls_[obj];
    if (!info->lhs.empty()) {
      // Shared initializer: one entry for all.
      bool dup = false;
      for (DeclInfo* d : vars)
        if (d->init == info->init && !d->lhs.empty()) dup = true;
      if (dup) continue;
      vars.push_back(info);
      lhs_of[info] = info->lhs;
    } else {
      vars.push_back(info);
      lhs_of[info] = {static_cast<Var*>(obj)};
    }
  }
  // Transitive variable dependencies of each.
  std::map<DeclInfo*, std::set<Var*>> var_deps;
  for (DeclInfo* d : vars) {
    std::set<Object*> visited;
    std::vector<Object*> stack(d->deps.begin(), d->deps.end());
    while (!stack.empty()) {
      Object* o = stack.back();
      stack.pop_back();
      if (!visited.insert(o).second) continue;
      if (o->kind == ObjKind::Var) {
        var_deps[d].insert(static_cast<Var*>(o));
      } else if (o->kind == ObjKind::Func && decls_.count(o)) {
        for (Object* dep : decls_[o]->deps) stack.push_back(dep);
      }
    }
  }
  for (DeclInfo* d : vars) {
    Var* v = lhs_of[d].empty() ? nullptr : lhs_of[d][0];
    if (!v || !reachesItself(d, lhs_of[d])) continue;
    if (d->deps.count(v)) error(v->pos, "initialization cycle: " + v->name + " refers to itself");
    else error(v->pos, "initialization cycle for " + v->name);
    break;  // one cycle is reported once (its members all reach themselves)
  }
  std::set<Var*> done;
  std::vector<bool> emitted(vars.size(), false);
  for (size_t count = 0; count < vars.size(); count++) {
    size_t pick = vars.size();
    for (size_t i = 0; i < vars.size() && pick == vars.size(); i++) {
      if (emitted[i]) continue;
      bool ready = true;
      for (Var* v : var_deps[vars[i]]) {
        auto& own = lhs_of[vars[i]];
        if (!done.count(v) && std::find(own.begin(), own.end(), v) == own.end()) ready = false;
      }
      if (ready) pick = i;
    }
    if (pick == vars.size()) {
      for (size_t i = 0; i < vars.size(); i++)
        if (!emitted[i]) { pick = i; break; }
    }
    emitted[pick] = true;
    for (Var* v : lhs_of[vars[pick]]) done.insert(v);
    check::Program::GlobalInit gi;
    gi.lhs = lhs_of[vars[pick]];
    gi.init = vars[pick]->init;
    s_->prog->global_inits.push_back(gi);
  }
  for (Func* f : init_list_) s_->prog->init_funcs.push_back(f);
}

// Whether the initializer of d depends on one of its own variables, through
// functions and other variables.
bool Checker::reachesItself(DeclInfo* d, const std::vector<Var*>& own) {
  std::set<Object*> visited;
  std::vector<Object*> stack(d->deps.begin(), d->deps.end());
  while (!stack.empty()) {
    Object* o = stack.back();
    stack.pop_back();
    if (!visited.insert(o).second) continue;
    if (o->kind == ObjKind::Var && std::find(own.begin(), own.end(), o) != own.end()) return true;
    if ((o->kind == ObjKind::Var || o->kind == ObjKind::Func) && decls_.count(o))
      for (Object* dep : decls_[o]->deps) stack.push_back(dep);
  }
  return false;
}

void Checker::checkUnusedImports() {
  for (auto& [fs, pn] : imports_) {
    if (pn->used) continue;
    std::string path = pn->imported ? pn->imported->path : pn->name;
    std::string msg = "\"" + path + "\" imported";
    if (pn->imported && pn->name != pn->imported->name) msg += " as " + pn->name;
    warning(pn->pos, msg + " and not used");
  }
}

}  // namespace csp::check
