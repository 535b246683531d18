// Calls: direct, through func values (closures), through interfaces, and of
// bodiless stdlib funcs (flattened C convention); method receivers along
// embedding paths; method values and method expressions; conversions.
#include "compiler/codegen_impl.h"
#include "llvm/IR/Intrinsics.h"

namespace csp::codegen {

using ast::ExprKind;
using ty::TypeKind;

namespace {
ast::Expr* unparen(ast::Expr* e) {
  while (e->kind == ExprKind::Paren) e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}

int ifaceMethodIndex(ty::Type* it, const std::string& name) {
  auto& all = as<ty::Interface>(it)->all;
  for (size_t i = 0; i < all.size(); i++)
    if (all[i]->name == name) return static_cast<int>(i);
  return 0;
}
}  // namespace

Value* Gen::callExpr(ast::CallExpr* e) {
  if (e->call_kind == ast::CallKind::Conversion) return conversion(e);
  if (e->call_kind == ast::CallKind::Builtin) return builtin(e);
  PreparedCall pc;
  if (!prepareCall(e, &pc)) return zero(e->tv.type);
  return emitPrepared(pc);
}

// The arguments of a call, converted to the parameter types, with variadic
// extras packed into a slice (unless f(xs...)), and f(g()) spread.
std::vector<Value*> Gen::callArgs(ast::CallExpr* e, ty::Signature* sig) {
  std::vector<Value*> raw;
  std::vector<ty::Type*> raw_t;
  if (e->args.size() == 1 && e->args[0]->tv.type &&
      e->args[0]->tv.type->kind == TypeKind::Tuple) {
    Value* tuple = expr(e->args[0]);
    auto* tt = static_cast<ty::Tuple*>(e->args[0]->tv.type);
    for (unsigned i = 0; i < tt->vars.size(); i++) {
      raw.push_back(b.CreateExtractValue(tuple, i));
      raw_t.push_back(tt->vars[i]->type);
    }
  } else {
    auto& ps = sig->params->vars;
    for (size_t i = 0; i < e->args.size(); i++) {
      ty::Type* pt = nullptr;
      if (i < ps.size() &&
          !(sig->variadic && i + 1 >= ps.size() && !e->has_ellipsis))
        pt = ps[i]->type;
      else if (sig->variadic && !ps.empty())
        pt = as<ty::Slice>(ps.back()->type)->elem;
      raw.push_back(pt ? exprTo(e->args[i], pt) : expr(e->args[i]));
      raw_t.push_back(pt ? pt : e->args[i]->tv.type);
    }
  }
  auto& ps = sig->params->vars;
  std::vector<Value*> out;
  size_t fixed = sig->variadic && !e->has_ellipsis ? ps.size() - 1 : ps.size();
  for (size_t i = 0; i < fixed && i < raw.size(); i++)
    out.push_back(convertAssign(raw[i], raw_t[i], ps[i]->type));
  if (sig->variadic && !e->has_ellipsis) {
    ty::Type* et = as<ty::Slice>(ps.back()->type)->elem;
    size_t n = raw.size() > fixed ? raw.size() - fixed : 0;
    if (n == 0) {
      out.push_back(zero(ps.back()->type));
    } else {
      llvm::Type* elt = llType(et);
      Value* data = allocBytes(b.getInt64(static_cast<int64_t>(sizeOf(et) * n)),
                               hasPointers(et));
      for (size_t k = 0; k < n; k++)
        b.CreateStore(convertAssign(raw[fixed + k], raw_t[fixed + k], et),
                      b.CreateConstInBoundsGEP1_64(elt, data, k));
      Value* nn = b.getInt64(static_cast<int64_t>(n));
      out.push_back(makeSlice(data, nn, nn));
    }
  }
  return out;
}

// The address of the value holding the method at the end of an embedding
// path from base (a value of type bt at address base); embedded pointers
// are followed. *ht gets the holder's type.
static Value* methodHolder(Gen& g, Value* base, ty::Type* bt,
                           const std::vector<int>& path, ty::Type** ht) {
  Value* a = g.fieldPath(base, bt, path, path.size(), ht);
  if (!path.empty() && isKind(*ht, TypeKind::Pointer)) {
    a = g.b.CreateLoad(g.ptr, a);
    *ht = as<ty::Pointer>(*ht)->elem;
  }
  return a;
}

// Fills pc with the callee and receiver of method sel called on the value
// at holder (type ht), leaving the other arguments to the caller.
static void methodCallee(Gen& g, Value* holder, ty::Type* ht,
                         ty::Selection* sel, PreparedCall* pc) {
  auto* m = static_cast<ty::Func*>(sel->obj);
  pc->sig = m->sig();
  if (ty::isInterface(ht)) {
    Value* iv = g.b.CreateLoad(g.iface_ty, holder);
    Value* tab = g.b.CreateExtractValue(iv, 0);
    g.nilCheck(tab);
    int i = ifaceMethodIndex(ht, m->name);
    pc->kind = PreparedCall::Iface;
    pc->callee =
        g.b.CreateLoad(g.ptr, g.b.CreateConstGEP1_32(g.ptr, tab, 2 + i));
    pc->args.push_back(g.b.CreateExtractValue(iv, 1));
    pc->arg_types.push_back(nullptr);
    return;
  }
  pc->kind = m->is_extern ? PreparedCall::Extern : PreparedCall::Direct;
  pc->func = m;
  ty::Type* rt = m->sig()->recv ? m->sig()->recv->type : ht;
  if (m->ptr_recv) {
    pc->args.push_back(holder);
  } else {
    g.nilCheck(holder);
    pc->args.push_back(g.b.CreateLoad(g.llType(rt), holder));
  }
  pc->arg_types.push_back(rt);
}

Value* Gen::emitMethodOnAddr(Value* base, ty::Type* base_t, ty::Selection* sel,
                             const std::vector<Value*>& args) {
  ty::Type* ht;
  Value* holder = methodHolder(*this, base, base_t, sel->index, &ht);
  PreparedCall pc;
  methodCallee(*this, holder, ht, sel, &pc);
  auto* sig = static_cast<ty::Func*>(sel->obj)->sig();
  for (size_t i = 0; i < args.size(); i++) {
    pc.args.push_back(args[i]);
    pc.arg_types.push_back(sig->params->vars[i]->type);
  }
  return emitPrepared(pc);
}

// The base address and type for selector x.sel's embedding path.
static Value* selectorBase(Gen& g, ast::SelectorExpr* se, ty::Type** bt) {
  ty::Type* xt = se->x->tv.type;
  if (isKind(xt, TypeKind::Pointer)) {
    *bt = as<ty::Pointer>(xt)->elem;
    return g.expr(se->x);
  }
  *bt = xt;
  if (ty::isInterface(xt)) return g.spill(g.expr(se->x));
  return g.isAddressable(se->x) ? g.addr(se->x) : g.spill(g.expr(se->x));
}

bool Gen::prepareCall(ast::CallExpr* e, PreparedCall* pc) {
  ast::Expr* fun = unparen(e->fun);
  ty::Func* direct = nullptr;
  if (fun->kind == ExprKind::Ident) {
    ty::Object* o = static_cast<ast::Ident*>(fun)->obj;
    if (o && o->kind == ty::ObjKind::Func) direct = static_cast<ty::Func*>(o);
  } else if (fun->kind == ExprKind::Selector) {
    auto* se = static_cast<ast::SelectorExpr*>(fun);
    if (!se->selection && se->sel->obj &&
        se->sel->obj->kind == ty::ObjKind::Func)
      direct = static_cast<ty::Func*>(se->sel->obj);
    if (se->selection && se->selection->kind == ty::SelectionKind::MethodVal) {
      ty::Type* bt;
      Value* base = selectorBase(*this, se, &bt);
      ty::Type* ht;
      Value* holder = methodHolder(*this, base, bt, se->selection->index, &ht);
      methodCallee(*this, holder, ht, se->selection, pc);
      auto args = callArgs(e, pc->sig);
      for (size_t i = 0; i < args.size(); i++) {
        pc->args.push_back(args[i]);
        pc->arg_types.push_back(pc->sig->params->vars[i]->type);
      }
      return true;
    }
  }
  if (direct) {
    pc->kind = direct->is_extern ? PreparedCall::Extern : PreparedCall::Direct;
    pc->func = direct;
    pc->sig = direct->sig();
  } else {
    pc->kind = PreparedCall::Closure;
    pc->sig = as<ty::Signature>(fun->tv.type);
    pc->callee = expr(fun);
  }
  pc->args = callArgs(e, pc->sig);
  for (ty::Var* p : pc->sig->params->vars) pc->arg_types.push_back(p->type);
  return true;
}

Value* Gen::emitPrepared(const PreparedCall& pc) {
  switch (pc.kind) {
    case PreparedCall::Direct:
      return callGo(funcDecl(pc.func), pc.func->sig(), pc.args);
    case PreparedCall::Extern:
      return emitExternCall(pc.func, pc.args, pc.arg_types);
    case PreparedCall::Iface:
      return callGo(llvm::FunctionCallee(funcType(pc.sig, true), pc.callee),
                    pc.sig, pc.args);
    case PreparedCall::Closure:
      return callClosure(pc.callee, pc.sig, pc.args);
  }
  return nullptr;
}

Value* Gen::callClosure(Value* clo, ty::Signature* sig,
                        std::vector<Value*> args) {
  nilCheck(clo);
  Value* code = b.CreateLoad(ptr, clo);
  args.insert(args.begin(), clo);
  return callGo(llvm::FunctionCallee(funcType(sig, true), code), sig, args);
}

void Gen::flatten(Value* v, ty::Type* t, std::vector<Value*>* out) {
  ty::Type* u = under(t);
  switch (u->kind) {
    case TypeKind::Basic:
      if (ty::isString(u)) {
        out->push_back(b.CreateExtractValue(v, 0));
        out->push_back(b.CreateExtractValue(v, 1));
        return;
      }
      break;
    case TypeKind::Slice:
      for (unsigned i = 0; i < 3; i++)
        out->push_back(b.CreateExtractValue(v, i));
      return;
    case TypeKind::Interface:
      for (unsigned i = 0; i < 2; i++)
        out->push_back(b.CreateExtractValue(v, i));
      return;
    case TypeKind::Array:
      out->push_back(spill(v));
      return;
    case TypeKind::Struct: {
      auto* st = static_cast<ty::Struct*>(u);
      for (unsigned i = 0; i < st->fields.size(); i++)
        flatten(b.CreateExtractValue(v, i), st->fields[i]->type, out);
      return;
    }
    default:
      break;
  }
  out->push_back(v);
}

// A bodiless stdlib func: csp_<pkg>_<Name>(flattened args), results
// returned directly or through an out pointer (see abi.h).
Value* Gen::emitExternCall(ty::Func* f, const std::vector<Value*>& args,
                           const std::vector<ty::Type*>& types) {
  std::vector<ty::Type*> out_types;
  llvm::Function* fn = externFunc(f, &out_types);
  std::vector<Value*> flat;
  Value* out = nullptr;
  ty::Signature* sig = f->sig();
  if (!out_types.empty()) {
    out = spill(zero(sig->results));
    flat.push_back(out);
  }
  for (size_t i = 0; i < args.size(); i++) {
    ty::Type* t = i < types.size() && types[i]
                      ? types[i]
                      : (sig->recv ? (i == 0 ? sig->recv->type
                                             : sig->params->vars[i - 1]->type)
                                   : sig->params->vars[i]->type);
    flatten(args[i], t, &flat);
  }
  Value* r = call(fn, flat);
  if (!out) return r;
  Value* res = b.CreateLoad(llType(sig->results), out);
  if (sig->results->vars.size() == 1) return b.CreateExtractValue(res, 0);
  return res;
}

// x.m as a value: a closure binding the receiver (evaluated now).
Value* Gen::methodValue(ast::SelectorExpr* se) {
  ty::Type* bt;
  Value* base = selectorBase(*this, se, &bt);
  ty::Type* ht;
  Value* holder = methodHolder(*this, base, bt, se->selection->index, &ht);
  PreparedCall pc;
  methodCallee(*this, holder, ht, se->selection, &pc);
  Thunk t;
  beginCallThunk(t, pc, funcType(pc.sig, true), "csp.bound." + se->sel->name);
  llvm::Function* thunk = t.fn;
  for (unsigned i = 1; i < thunk->arg_size(); i++) {
    pc.args.push_back(
        argIn(thunk->getArg(i), pc.sig->params->vars[i - 1]->type));
    pc.arg_types.push_back(pc.sig->params->vars[i - 1]->type);
  }
  Value* r = emitPrepared(pc);
  retGo(thunk->getReturnType()->isVoidTy() ? nullptr : r);
  endThunk(t);
  return t.clo;
}

// T.m / (*T).m as a value: func(recv, params...).
Value* Gen::methodExpr(ast::SelectorExpr* se) {
  auto* fsig = as<ty::Signature>(se->tv.type);
  auto* wrapper = llvm::Function::Create(
      funcType(fsig, true), llvm::Function::InternalLinkage,
      "csp.mexpr." + se->sel->name, mod.get());
  auto ip = b.saveIP();
  FuncState* saved = fs;
  FuncState wfs;
  fs = &wfs;
  wfs.fn = wrapper;
  wfs.entry = BasicBlock::Create(ctx, "entry", wrapper);
  b.SetInsertPoint(wfs.entry);
  ty::Type* rt = se->selection->recv;
  Value* recv = argIn(wrapper->getArg(1), se->selection->recv);
  Value* base;
  ty::Type* bt = rt;
  if (isKind(rt, TypeKind::Pointer)) {
    base = recv;
    bt = as<ty::Pointer>(rt)->elem;
  } else {
    base = spill(recv);
  }
  std::vector<Value*> args;
  for (unsigned i = 2; i < wrapper->arg_size(); i++)
    args.push_back(argIn(wrapper->getArg(i), fsig->params->vars[i - 1]->type));
  Value* r = emitMethodOnAddr(base, bt, se->selection, args);
  retGo(wrapper->getReturnType()->isVoidTy() ? nullptr : r);
  fs = saved;
  b.restoreIP(ip);
  auto* gv = new llvm::GlobalVariable(
      *mod, llvm::StructType::get(ctx, std::vector<llvm::Type*>{ptr}), true,
      llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::getAnon({wrapper}), "csp.mexpr.fv");
  return gv;
}

void Gen::emitIfaceCall(Value* iv, ty::Type* it, ty::Func* m,
                        const std::vector<Value*>& args, Value** result) {
  Value* tab = b.CreateExtractValue(iv, 0);
  nilCheck(tab);
  Value* fn = b.CreateLoad(
      ptr, b.CreateConstGEP1_32(ptr, tab, 2 + ifaceMethodIndex(it, m->name)));
  std::vector<Value*> a{b.CreateExtractValue(iv, 1)};
  a.insert(a.end(), args.begin(), args.end());
  *result =
      callGo(llvm::FunctionCallee(funcType(m->sig(), true), fn), m->sig(), a);
}

// --- conversions
// -----------------------------------------------------------------

Value* Gen::conversion(ast::CallExpr* e) {
  ast::Expr* arg = e->args[0];
  return convertValue(expr(arg), arg->tv.type, e->tv.type);
}

// float -> integer as Go does it on amd64 (CVTTSD2SQ / CVTTSD2SL: out of
// range gives the "integer indefinite" 0x80..0; LLVM's fptosi would be
// poison there): small types convert through int32, uint32 through int64,
// uint64 by halves around 2^63.
Value* Gen::floatToInt(Value* v, ty::Type* to) {
  llvm::Type* lt = llType(to);
  unsigned bits = lt->getIntegerBitWidth();
  auto cvt = [&](Value* x, llvm::Type* it) -> Value* {
    unsigned w = it->getIntegerBitWidth();
    Value* r = b.CreateIntrinsic(it, llvm::Intrinsic::fptosi_sat, {x});
    // fptosi.sat clamps and maps NaN to 0; amd64 gives MinInt for all of them.
    double lim = w == 64 ? 9223372036854775808.0 : 2147483648.0;
    llvm::Type* ft = x->getType();
    Value* bad =
        b.CreateOr(b.CreateFCmpUGE(x, llvm::ConstantFP::get(ft, lim)),
                   b.CreateFCmpOLT(x, llvm::ConstantFP::get(ft, -lim)));
    return b.CreateSelect(
        bad, llvm::ConstantInt::get(it, llvm::APInt::getSignedMinValue(w)), r);
  };
  if (!ty::isUnsigned(to)) {
    if (bits == 64) return cvt(v, i64);
    return b.CreateTrunc(cvt(v, i32), lt);
  }
  if (bits < 32) return b.CreateTrunc(cvt(v, i32), lt);
  if (bits == 32) return b.CreateTrunc(cvt(v, i64), lt);
  llvm::Type* ft = v->getType();
  Value* two63 = llvm::ConstantFP::get(ft, 9223372036854775808.0);
  Value* small = b.CreateFCmpOLT(v, two63);
  Value* lo = cvt(v, i64);
  Value* hi =
      b.CreateXor(cvt(b.CreateFSub(v, two63), i64), b.getInt64(1ull << 63));
  return b.CreateSelect(small, lo, hi);
}

Value* Gen::convertValue(Value* v, ty::Type* from, ty::Type* to) {
  if (isUntypedNil(from)) return zero(to);
  if (ty::isInterface(to)) return convertAssign(v, from, to);
  llvm::Type* lt = llType(to);
  if (ty::isString(to)) {
    if (ty::isInteger(from)) {
      Value* r = ty::isUnsigned(from) ? b.CreateZExt(v, i64)
                                      : b.CreateSExtOrTrunc(v, i64);
      if (ty::isUnsigned(from) && v->getType() == i64) {
        // Values beyond the rune range become U+FFFD.
        r = b.CreateSelect(b.CreateICmpUGT(v, b.getInt64(0x10FFFF)),
                           b.getInt64(0xFFFD), v);
      }
      return call(rt("csp_rt_intstring"), {r});
    }
    if (isKind(from, TypeKind::Slice)) {
      bool runes =
          !isBasicKind(as<ty::Slice>(from)->elem, ty::BasicKind::Uint8);
      return call(
          rt(runes ? "csp_rt_slicerunetostring" : "csp_rt_slicebytetostring"),
          {b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
    }
    return v;
  }
  if (isKind(to, TypeKind::Slice) && ty::isString(from)) {
    bool runes = !isBasicKind(as<ty::Slice>(to)->elem, ty::BasicKind::Uint8);
    Value* out = spill(zero(to));
    call(rt(runes ? "csp_rt_stringtoslicerune" : "csp_rt_stringtoslicebyte"),
         {out, strData(v), strLen(v)});
    return b.CreateLoad(slice_ty, out);
  }
  bool fi = ty::isInteger(from), ti = ty::isInteger(to);
  bool ff = ty::isFloat(from), tf = ty::isFloat(to);
  if (fi && ti)
    return ty::isUnsigned(from) ? b.CreateZExtOrTrunc(v, lt)
                                : b.CreateSExtOrTrunc(v, lt);
  if (fi && tf)
    return ty::isUnsigned(from) ? b.CreateUIToFP(v, lt) : b.CreateSIToFP(v, lt);
  if (ff && ti) return floatToInt(v, to);
  if (ff && tf) return b.CreateFPCast(v, lt);
  return v;
}

}  // namespace csp::codegen
