// LLVM types for csp types, type descriptors (CspType constants), itabs and
// the interface method wrappers (ifn) they point to.
#include "compiler/codegen_impl.h"
#include "runtime/abi.h"

namespace csp::codegen {

using ty::BasicKind;
using ty::TypeKind;

bool isBasicKind(ty::Type* t, BasicKind k) {
  ty::Type* u = under(t);
  return u->kind == TypeKind::Basic && static_cast<ty::Basic*>(u)->basic == k;
}

bool isUntypedNil(ty::Type* t) { return isBasicKind(t, BasicKind::UntypedNil); }

llvm::Type* Gen::llType(ty::Type* t) {
  ty::Type* u = under(t);
  switch (u->kind) {
    case TypeKind::Basic:
      switch (static_cast<ty::Basic*>(u)->basic) {
        case BasicKind::Bool:
        case BasicKind::UntypedBool:
          return i1;
        case BasicKind::Int8:
        case BasicKind::Uint8:
          return i8;
        case BasicKind::Int16:
        case BasicKind::Uint16:
          return b.getInt16Ty();
        case BasicKind::Int32:
        case BasicKind::Uint32:
        case BasicKind::UntypedRune:
          return i32;
        case BasicKind::Float32:
          return b.getFloatTy();
        case BasicKind::Float64:
        case BasicKind::UntypedFloat:
          return b.getDoubleTy();
        case BasicKind::String:
        case BasicKind::UntypedString:
          return str_ty;
        case BasicKind::UntypedNil:
        case BasicKind::UnsafePointer:
          return ptr;
        default:
          return i64;
      }
    case TypeKind::Pointer:
    case TypeKind::Map:
    case TypeKind::Chan:
    case TypeKind::Signature:
      return ptr;
    case TypeKind::Slice:
      return slice_ty;
    case TypeKind::Interface:
      return iface_ty;
    case TypeKind::Array: {
      auto* a = static_cast<ty::Array*>(u);
      return llvm::ArrayType::get(llType(a->elem), a->len);
    }
    case TypeKind::Struct: {
      std::vector<llvm::Type*> fields;
      for (ty::Var* f : static_cast<ty::Struct*>(u)->fields)
        fields.push_back(llType(f->type));
      return llvm::StructType::get(ctx, fields);
    }
    case TypeKind::Tuple: {
      std::vector<llvm::Type*> fields;
      for (ty::Var* f : static_cast<ty::Tuple*>(u)->vars)
        fields.push_back(llType(f->type));
      return llvm::StructType::get(ctx, fields);
    }
    default:
      return i64;
  }
}

llvm::Type* Gen::resultType(ty::Signature* sig) {
  auto& rs = sig->results->vars;
  if (rs.empty()) return b.getVoidTy();
  if (rs.size() == 1) return llType(rs[0]->type);
  return llType(sig->results);
}

// Aggregates bigger than this never travel as LLVM values across calls:
// LLVM's SROA and instruction selection take quadratic time on them.
constexpr uint64_t kBigValue = 256;

bool Gen::isBig(llvm::Type* t) {
  return t->isAggregateType() && t->isSized() &&
         dl.getTypeAllocSize(t) > kBigValue;
}

llvm::Type* Gen::argType(ty::Type* t) {
  llvm::Type* lt = llType(t);
  return isBig(lt) ? ptr : lt;
}

llvm::FunctionType* Gen::funcType(ty::Signature* sig, bool with_env,
                                  ty::Type* recv) {
  std::vector<llvm::Type*> params;
  if (with_env) params.push_back(ptr);
  if (recv) params.push_back(argType(recv));
  for (ty::Var* p : sig->params->vars) params.push_back(argType(p->type));
  llvm::Type* ret = resultType(sig);
  return llvm::FunctionType::get(isBig(ret) ? ptr : ret, params, false);
}

Value* Gen::argIn(Value* arg, ty::Type* t) {
  llvm::Type* lt = llType(t);
  return isBig(lt) ? b.CreateLoad(lt, arg) : arg;
}

Value* Gen::callGo(llvm::FunctionCallee fc, ty::Signature* sig,
                   std::vector<Value*> args) {
  for (auto& a : args)
    if (isBig(a->getType())) a = spill(a);
  Value* r = call(fc, args);
  llvm::Type* rt = resultType(sig);
  return isBig(rt) ? b.CreateLoad(rt, r) : r;
}

void Gen::retGo(Value* r) {
  if (!r || r->getType()->isVoidTy()) {
    b.CreateRetVoid();
    return;
  }
  if (!isBig(r->getType())) {
    b.CreateRet(r);
    return;
  }
  Value* p = allocBytes(b.getInt64(dl.getTypeAllocSize(r->getType())), true);
  // Load after the allocation, so the copy becomes one memmove.
  if (auto* ld = llvm::dyn_cast<llvm::LoadInst>(r))
    ld->moveBefore(*b.GetInsertBlock(), b.GetInsertPoint());
  b.CreateStore(r, p);
  b.CreateRet(p);
}

uint64_t Gen::sizeOf(ty::Type* t) { return dl.getTypeAllocSize(llType(t)); }

bool Gen::isDirectIface(ty::Type* t) {
  switch (under(t)->kind) {
    case TypeKind::Pointer:
    case TypeKind::Map:
    case TypeKind::Chan:
    case TypeKind::Signature:
      return true;
    default:
      return false;
  }
}

bool Gen::hasPointers(ty::Type* t) {
  ty::Type* u = under(t);
  switch (u->kind) {
    case TypeKind::Basic:
      return ty::isString(u) || isBasicKind(u, BasicKind::UnsafePointer);
    case TypeKind::Array:
      return hasPointers(static_cast<ty::Array*>(u)->elem);
    case TypeKind::Struct:
      for (ty::Var* f : static_cast<ty::Struct*>(u)->fields)
        if (hasPointers(f->type)) return true;
      return false;
    default:
      return true;
  }
}

// A unique spelling of t: typeString, with local named types told apart.
std::string Gen::typeKey(ty::Type* t) {
  switch (t->kind) {
    case TypeKind::Named: {
      auto* n = static_cast<ty::Named*>(t);
      std::string s = ty::typeString(t);
      if (n->local_id) s += "·" + std::to_string(n->local_id);
      return s;
    }
    case TypeKind::Pointer:
      return "*" + typeKey(static_cast<ty::Pointer*>(t)->elem);
    case TypeKind::Slice:
      return "[]" + typeKey(static_cast<ty::Slice*>(t)->elem);
    case TypeKind::Array: {
      auto* a = static_cast<ty::Array*>(t);
      return "[" + std::to_string(a->len) + "]" + typeKey(a->elem);
    }
    case TypeKind::Map: {
      auto* m = static_cast<ty::Map*>(t);
      return "map[" + typeKey(m->key) + "]" + typeKey(m->elem);
    }
    case TypeKind::Chan: {
      auto* c = static_cast<ty::Chan*>(t);
      const char* d = c->dir == ast::ChanDir::Send   ? "chan<- "
                      : c->dir == ast::ChanDir::Recv ? "<-chan "
                                                     : "chan ";
      return d + typeKey(c->elem);
    }
    case TypeKind::Struct: {
      std::string s = "struct {";
      for (ty::Var* f : static_cast<ty::Struct*>(t)->fields)
        s += " " + (f->embedded ? "" : f->name + " ") + typeKey(f->type) + ";";
      return s + " }";
    }
    case TypeKind::Signature: {
      auto* sig = static_cast<ty::Signature*>(t);
      std::string s = "func(";
      for (ty::Var* p : sig->params->vars) s += typeKey(p->type) + ",";
      s += sig->variadic ? "...)" : ")";
      for (ty::Var* r : sig->results->vars) s += typeKey(r->type) + ",";
      return s;
    }
    case TypeKind::Interface: {
      std::string s = "interface {";
      for (ty::Func* m : static_cast<ty::Interface*>(t)->all)
        s += " " + m->name + typeKey(m->type) + ";";
      return s + " }";
    }
    case TypeKind::Tuple: {
      std::string s = "(";
      for (ty::Var* p : static_cast<ty::Tuple*>(t)->vars)
        s += typeKey(p->type) + ",";
      return s + ")";
    }
    default:
      return ty::typeString(t);
  }
}

llvm::Constant* Gen::cstr(const std::string& s) {
  auto it = strings_.find(s);
  if (it != strings_.end()) return it->second;
  auto* gv = b.CreateGlobalString(s, ".str", 0, mod.get());
  gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  strings_[s] = gv;
  return gv;
}

namespace {

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint8_t kindOf(ty::Type* t) {
  ty::Type* u = under(t);
  switch (u->kind) {
    case TypeKind::Basic:
      switch (static_cast<ty::Basic*>(u)->basic) {
        case BasicKind::Bool:
          return CSP_KIND_BOOL;
        case BasicKind::Int:
          return CSP_KIND_INT;
        case BasicKind::Int8:
          return CSP_KIND_INT8;
        case BasicKind::Int16:
          return CSP_KIND_INT16;
        case BasicKind::Int32:
          return CSP_KIND_INT32;
        case BasicKind::Int64:
          return CSP_KIND_INT64;
        case BasicKind::Uint:
          return CSP_KIND_UINT;
        case BasicKind::Uint8:
          return CSP_KIND_UINT8;
        case BasicKind::Uint16:
          return CSP_KIND_UINT16;
        case BasicKind::Uint32:
          return CSP_KIND_UINT32;
        case BasicKind::Uint64:
          return CSP_KIND_UINT64;
        case BasicKind::Uintptr:
          return CSP_KIND_UINTPTR;
        case BasicKind::Float32:
          return CSP_KIND_FLOAT32;
        case BasicKind::Float64:
          return CSP_KIND_FLOAT64;
        case BasicKind::String:
          return CSP_KIND_STRING;
        case BasicKind::UnsafePointer:
          return CSP_KIND_UNSAFE_POINTER;
        default:
          return CSP_KIND_INVALID;
      }
    case TypeKind::Pointer:
      return CSP_KIND_POINTER;
    case TypeKind::Array:
      return CSP_KIND_ARRAY;
    case TypeKind::Slice:
      return CSP_KIND_SLICE;
    case TypeKind::Map:
      return CSP_KIND_MAP;
    case TypeKind::Chan:
      return CSP_KIND_CHAN;
    case TypeKind::Struct:
      return CSP_KIND_STRUCT;
    case TypeKind::Signature:
      return CSP_KIND_FUNC;
    case TypeKind::Interface:
      return CSP_KIND_INTERFACE;
    default:
      return CSP_KIND_INVALID;
  }
}

}  // namespace

llvm::Constant* Gen::typeDesc(ty::Type* t) {
  std::string key = typeKey(t);
  auto it = type_descs_.find(key);
  if (it != type_descs_.end()) return it->second;
  auto* gv = new llvm::GlobalVariable(*mod, type_ty, true,
                                      llvm::GlobalValue::LinkOnceODRLinkage,
                                      nullptr, "csp.type." + key);
  type_descs_[key] = gv;
  gv->setInitializer(typeDescBody(t, gv));
  return gv;
}

llvm::Constant* Gen::typeDescBody(ty::Type* t, llvm::GlobalVariable* gv) {
  ty::Type* u = under(t);
  auto* null = llvm::ConstantPointerNull::get(ptr);
  auto c64 = [&](int64_t v) { return b.getInt64(v); };
  llvm::Type* lt = llType(t);
  uint8_t flags = 0;
  if (isDirectIface(t)) flags |= CSP_TF_DIRECT;
  if (ty::isComparable(t)) flags |= CSP_TF_COMPARABLE;
  if (t->kind == TypeKind::Named) flags |= CSP_TF_NAMED;
  if (!hasPointers(t)) flags |= CSP_TF_NOPTR;
  llvm::Constant *elem = null, *key = null, *fields = null, *methods = null,
                 *imethods = null, *params = null;
  int64_t len = 0, nfields = 0, nmethods = 0, nimethods = 0, nparams = 0,
          nresults = 0;
  uint8_t variadic = 0;
  switch (u->kind) {
    case TypeKind::Pointer:
      elem = typeDesc(static_cast<ty::Pointer*>(u)->elem);
      break;
    case TypeKind::Slice:
      elem = typeDesc(static_cast<ty::Slice*>(u)->elem);
      break;
    case TypeKind::Array:
      elem = typeDesc(static_cast<ty::Array*>(u)->elem);
      len = static_cast<ty::Array*>(u)->len;
      break;
    case TypeKind::Chan:
      elem = typeDesc(static_cast<ty::Chan*>(u)->elem);
      len = static_cast<int64_t>(static_cast<ty::Chan*>(u)->dir);
      break;
    case TypeKind::Map:
      elem = typeDesc(static_cast<ty::Map*>(u)->elem);
      key = typeDesc(static_cast<ty::Map*>(u)->key);
      break;
    case TypeKind::Struct:
      fields = fieldTable(u);
      nfields =
          static_cast<int64_t>(static_cast<ty::Struct*>(u)->fields.size());
      break;
    case TypeKind::Interface:
      imethods = imethodTable(u);
      nimethods =
          static_cast<int64_t>(static_cast<ty::Interface*>(u)->all.size());
      break;
    case TypeKind::Signature: {
      auto* sig = static_cast<ty::Signature*>(u);
      params = paramTable(sig);
      nparams = static_cast<int64_t>(sig->params->vars.size() +
                                     sig->results->vars.size());
      nresults = static_cast<int64_t>(sig->results->vars.size());
      variadic = sig->variadic;
      break;
    }
    default:
      break;
  }
  if (u->kind != TypeKind::Interface) {
    auto ms = ty::methodSet(t);
    if (!ms.empty()) {
      nmethods = static_cast<int64_t>(ms.size());
      methods = methodTable(t);
    }
  }
  std::string key_str = typeKey(t);
  return llvm::ConstantStruct::get(
      type_ty, {c64(lt->isSized() ? dl.getTypeAllocSize(lt) : 0),
                b.getInt32(lt->isSized() ? dl.getABITypeAlign(lt).value() : 1),
                b.getInt8(kindOf(t)),
                b.getInt8(flags),
                b.getInt16(0),
                cstr(ty::typeString(t)),
                b.getInt64(fnv1a(key_str)),
                elem,
                key,
                c64(len),
                fields,
                c64(nfields),
                methods,
                c64(nmethods),
                imethods,
                c64(nimethods),
                params,
                c64(nparams),
                c64(nresults),
                b.getInt8(variadic)});
}

llvm::Constant* Gen::fieldTable(ty::Type* t) {
  auto* st = static_cast<ty::Struct*>(under(t));
  auto* fty = llvm::StructType::get(ctx, {ptr, ptr, i64, i8, i8});
  auto* layout = dl.getStructLayout(llvm::cast<llvm::StructType>(llType(t)));
  std::vector<llvm::Constant*> rows;
  for (size_t i = 0; i < st->fields.size(); i++) {
    ty::Var* f = st->fields[i];
    std::string name = f->name;
    bool exported = !name.empty() && name[0] >= 'A' && name[0] <= 'Z';
    rows.push_back(llvm::ConstantStruct::get(
        fty, {cstr(name), typeDesc(f->type),
              b.getInt64(layout->getElementOffset(static_cast<unsigned>(i))),
              b.getInt8(f->embedded), b.getInt8(exported)}));
  }
  auto* aty = llvm::ArrayType::get(fty, rows.size());
  return new llvm::GlobalVariable(
      *mod, aty, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(aty, rows), "csp.fields");
}

llvm::Constant* Gen::methodTable(ty::Type* t) {
  auto ms = ty::methodSet(t);
  auto* mty = llvm::StructType::get(ctx, {ptr, ptr, ptr});
  std::vector<llvm::Constant*> rows;
  for (ty::Selection* sel : ms) {
    auto* f = static_cast<ty::Func*>(sel->obj);
    rows.push_back(llvm::ConstantStruct::get(
        mty, {cstr(f->name), typeDesc(f->type), ifnWrapper(t, sel)}));
  }
  auto* aty = llvm::ArrayType::get(mty, rows.size());
  return new llvm::GlobalVariable(
      *mod, aty, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(aty, rows), "csp.methods");
}

llvm::Constant* Gen::imethodTable(ty::Type* t) {
  auto* it = static_cast<ty::Interface*>(under(t));
  auto* mty = llvm::StructType::get(ctx, {ptr, ptr});
  std::vector<llvm::Constant*> rows;
  for (ty::Func* f : it->all)
    rows.push_back(
        llvm::ConstantStruct::get(mty, {cstr(f->name), typeDesc(f->type)}));
  auto* aty = llvm::ArrayType::get(mty, rows.size());
  return new llvm::GlobalVariable(
      *mod, aty, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(aty, rows), "csp.imethods");
}

llvm::Constant* Gen::paramTable(ty::Signature* sig) {
  std::vector<llvm::Constant*> rows;
  for (ty::Var* p : sig->params->vars) rows.push_back(typeDesc(p->type));
  for (ty::Var* r : sig->results->vars) rows.push_back(typeDesc(r->type));
  auto* aty = llvm::ArrayType::get(ptr, rows.size());
  return new llvm::GlobalVariable(
      *mod, aty, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(aty, rows), "csp.params");
}

// The itab of (interface iface, dynamic type concrete), built at compile
// time: fun[i] is the ifn of iface's i-th method (by name).
llvm::Constant* Gen::itab(ty::Type* iface, ty::Type* concrete) {
  std::string key = typeKey(iface) + "," + typeKey(concrete);
  auto it = itabs_.find(key);
  if (it != itabs_.end()) return it->second;
  auto* ifc = static_cast<ty::Interface*>(under(iface));
  auto ms = ty::methodSet(concrete);
  std::vector<llvm::Constant*> fns;
  for (ty::Func* m : ifc->all) {
    llvm::Constant* fn = llvm::ConstantPointerNull::get(ptr);
    for (ty::Selection* sel : ms)
      if (sel->obj->name == m->name) fn = ifnWrapper(concrete, sel);
    fns.push_back(fn);
  }
  auto* aty = llvm::ArrayType::get(ptr, fns.size());
  auto* sty = llvm::StructType::get(ctx, {ptr, ptr, aty});
  auto* init =
      llvm::ConstantStruct::get(sty, {typeDesc(iface), typeDesc(concrete),
                                      llvm::ConstantArray::get(aty, fns)});
  auto* gv = new llvm::GlobalVariable(*mod, sty, true,
                                      llvm::GlobalValue::LinkOnceODRLinkage,
                                      init, "csp.itab." + key);
  itabs_[key] = gv;
  return gv;
}

// ifn: ret ifn(ptr data, params...) calls method sel of dynamic type t with
// the interface's data word (the pointer itself for pointer-shaped t, else
// a pointer to the boxed value).
llvm::Function* Gen::ifnWrapper(ty::Type* t, ty::Selection* sel) {
  auto* m = static_cast<ty::Func*>(sel->obj);
  std::string name = "csp.ifn." + typeKey(t) + "." + m->name;
  auto it = ifns_.find(name);
  if (it != ifns_.end()) return it->second;
  ty::Signature* sig = m->sig();
  auto* fn = llvm::Function::Create(
      funcType(sig, true), llvm::Function::LinkOnceODRLinkage, name, mod.get());
  ifns_[name] = fn;
  auto saved_ip = b.saveIP();
  FuncState* saved_fs = fs;
  FuncState wfs;
  wfs.fn = fn;
  fs = &wfs;
  wfs.entry = BasicBlock::Create(ctx, "entry", fn);
  b.SetInsertPoint(wfs.entry);
  Value* data = fn->getArg(0);
  Value* base = data;
  ty::Type* base_t = t;
  if (isKind(t, TypeKind::Pointer)) {
    base_t = static_cast<ty::Pointer*>(under(t))->elem;
  } else if (isDirectIface(t)) {
    base = spill(data);
  }
  PreparedCall pc;
  std::vector<Value*> args;
  for (unsigned i = 1; i < fn->arg_size(); i++)
    args.push_back(argIn(fn->getArg(i), sig->params->vars[i - 1]->type));
  Value* r = emitMethodOnAddr(base, base_t, sel, args);
  retGo(fn->getReturnType()->isVoidTy() ? nullptr : r);
  fs = saved_fs;
  b.restoreIP(saved_ip);
  return fn;
}

}  // namespace csp::codegen
