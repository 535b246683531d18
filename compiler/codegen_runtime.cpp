// Runtime entry points: every function of runtime/abi.def is declared in
// the module from its LLVM signature string, so codegen and runtime agree.
#include <functional>
#include <sstream>

#include "compiler/codegen_impl.h"

namespace csp::codegen {

namespace {

struct AbiEntry {
  const char* name;
  const char* sig;
};

const AbiEntry kAbi[] = {
#define CSP_ABI_FN(ret, name, params, llvm) {#name, llvm},
#include "runtime/abi.def"
#undef CSP_ABI_FN
};

llvm::Type* abiWord(Gen& g, const std::string& w) {
  if (w == "void") return llvm::Type::getVoidTy(g.ctx);
  if (w == "i1") return g.i1;
  if (w == "i8") return g.i8;
  if (w == "i32") return g.i32;
  if (w == "i64") return g.i64;
  if (w == "float") return llvm::Type::getFloatTy(g.ctx);
  if (w == "double") return llvm::Type::getDoubleTy(g.ctx);
  if (w == "ptr") return g.ptr;
  if (w == "str") return g.str_ty;
  if (w == "iface") return g.iface_ty;
  if (w == "pair") return llvm::StructType::get(g.i64, g.i64);
  return nullptr;
}

// Declares `name` with signature text like "!void(ptr,i64)".
llvm::Function* declareAbi(Gen& g, const char* name, std::string sig) {
  bool noreturn = !sig.empty() && sig[0] == '!';
  if (noreturn) sig = sig.substr(1);
  size_t lp = sig.find('(');
  llvm::Type* ret = abiWord(g, sig.substr(0, lp));
  std::vector<llvm::Type*> params;
  std::string inner = sig.substr(lp + 1, sig.size() - lp - 2);
  std::stringstream ss(inner);
  std::string w;
  while (std::getline(ss, w, ',')) params.push_back(abiWord(g, w));
  auto* fty = llvm::FunctionType::get(ret, params, false);
  auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name,
                                    g.mod.get());
  for (unsigned i = 0; i < params.size(); i++)
    if (params[i] == g.i1) fn->addParamAttr(i, llvm::Attribute::ZExt);
  if (ret == g.i1) fn->addRetAttr(llvm::Attribute::ZExt);
  if (noreturn) {
    fn->addFnAttr(llvm::Attribute::NoReturn);
    fn->addFnAttr(llvm::Attribute::Cold);
    fn->addFnAttr(llvm::Attribute::NoInline);
  }
  return fn;
}

}  // namespace

void Gen::declareRuntime() {
  for (const auto& e : kAbi)
    runtime_[e.name] = declareAbi(*this, e.name, e.sig);
}

llvm::FunctionCallee Gen::rt(const std::string& name) {
  auto it = runtime_.find(name);
  if (it != runtime_.end()) return it->second;
  // Not in abi.def: a libc helper (memmove...) declared on demand.
  llvm::Function* fn = mod->getFunction(name);
  return fn;
}

// The C++ function implementing a bodiless stdlib func (see abi.h:
// csp_<pkg>_<Name>, methods csp_<pkg>_<Type>_<Name>, flattened params).
// `flat_ret` gets the result types when they come back through an out
// pointer (first parameter); it stays empty when returned directly.
llvm::Function* Gen::externFunc(ty::Func* f, std::vector<ty::Type*>* flat_ret) {
  std::string pkg = f->pkg ? f->pkg->path : "main";
  for (char& c : pkg)
    if (c == '/') c = '_';
  std::string name = "csp_" + pkg + "_";
  if (f->recv_base) {
    auto* named = static_cast<ty::Named*>(f->recv_base);
    name += named->obj->name + "_";
  }
  name += f->name;
  ty::Signature* sig = f->sig();
  std::vector<llvm::Type*> params;
  auto words = [&](ty::Type* t, std::vector<llvm::Type*>* out) {
    ty::Type* u = under(t);
    switch (u->kind) {
      case ty::TypeKind::Basic:
        if (ty::isString(u)) {
          out->push_back(ptr);
          out->push_back(i64);
          return;
        }
        out->push_back(llType(u));
        return;
      case ty::TypeKind::Slice:
        out->insert(out->end(), {ptr, i64, i64});
        return;
      case ty::TypeKind::Interface:
        out->insert(out->end(), {ptr, ptr});
        return;
      case ty::TypeKind::Array:
        out->push_back(ptr);
        return;
      default:
        break;
    }
    if (u->kind != ty::TypeKind::Struct) {
      out->push_back(llType(u));
      return;
    }
    // Structs: flattened recursively through a temporary value.
    std::function<void(ty::Type*)> rec = [&](ty::Type* st) {
      for (ty::Var* fld : as<ty::Struct>(st)->fields) {
        ty::Type* fu = under(fld->type);
        if (fu->kind == ty::TypeKind::Struct)
          rec(fu);
        else if (ty::isString(fu))
          out->insert(out->end(), {ptr, i64});
        else if (fu->kind == ty::TypeKind::Slice)
          out->insert(out->end(), {ptr, i64, i64});
        else if (fu->kind == ty::TypeKind::Interface)
          out->insert(out->end(), {ptr, ptr});
        else if (fu->kind == ty::TypeKind::Array)
          out->push_back(ptr);
        else
          out->push_back(llType(fu));
      }
    };
    rec(u);
  };
  std::vector<llvm::Type*> res_words;
  for (ty::Var* r : sig->results->vars) words(r->type, &res_words);
  llvm::Type* ret = llvm::Type::getVoidTy(ctx);
  bool out_ptr = res_words.size() > 2 || (sig->results->vars.size() > 1);
  if (out_ptr) {
    params.push_back(ptr);
    for (ty::Var* r : sig->results->vars) flat_ret->push_back(r->type);
  } else if (sig->results->vars.size() == 1) {
    ret = llType(sig->results->vars[0]->type);
  }
  if (sig->recv) words(sig->recv->type, &params);
  for (ty::Var* p : sig->params->vars) words(p->type, &params);
  if (llvm::Function* fn = mod->getFunction(name)) return fn;
  auto* fty = llvm::FunctionType::get(ret, params, false);
  auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name,
                                    mod.get());
  for (unsigned i = 0; i < params.size(); i++)
    if (params[i] == i1) fn->addParamAttr(i, llvm::Attribute::ZExt);
  if (ret == i1) fn->addRetAttr(llvm::Attribute::ZExt);
  return fn;
}

}  // namespace csp::codegen
