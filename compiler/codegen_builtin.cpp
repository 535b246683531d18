// Builtin functions: len cap append copy delete make new panic recover
// print println min max clear.
#include "compiler/codegen_impl.h"
#include "llvm/IR/Intrinsics.h"

namespace csp::codegen {

using ast::BuiltinId;
using ty::TypeKind;

static ty::Type* intType() {
  return ty::Typ[static_cast<int>(ty::BasicKind::Int)];
}

Value* Gen::builtin(ast::CallExpr* e) {
  switch (e->builtin) {
    case BuiltinId::Len:
      return builtinLen(e, false);
    case BuiltinId::Cap:
      return builtinLen(e, true);
    case BuiltinId::Append:
      return builtinAppend(e);
    case BuiltinId::Make:
      return builtinMake(e);
    case BuiltinId::Copy:
      return builtinCopy(e);
    case BuiltinId::New:
      return alloc(as<ty::Pointer>(e->tv.type)->elem);
    case BuiltinId::Min:
      return builtinMinMax(e, true);
    case BuiltinId::Max:
      return builtinMinMax(e, false);
    case BuiltinId::Print:
      builtinPrint(e, false);
      return nullptr;
    case BuiltinId::Println:
      builtinPrint(e, true);
      return nullptr;
    case BuiltinId::Recover:
      return emitRecover();
    case BuiltinId::Panic: {
      Value* v = exprTo(e->args[0], ty::AnyType);
      call(rt("csp_rt_panic"),
           {b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
      b.CreateUnreachable();
      b.SetInsertPoint(BasicBlock::Create(ctx, "after.panic", fs->fn));
      return nullptr;
    }
    case BuiltinId::Close:
      call(rt("csp_rt_closechan"), {expr(e->args[0])});
      return nullptr;
    case BuiltinId::Delete: {
      ty::Type* mt = e->args[0]->tv.type;
      Value* m = expr(e->args[0]);
      Value* k = spill(exprTo(e->args[1], as<ty::Map>(mt)->key));
      call(rt("csp_rt_mapdelete"), {typeDesc(mt), m, k});
      return nullptr;
    }
    case BuiltinId::Clear: {
      ty::Type* t = e->args[0]->tv.type;
      Value* v = expr(e->args[0]);
      if (isKind(t, TypeKind::Map)) {
        call(rt("csp_rt_mapclear"), {typeDesc(t), v});
      } else {
        Value* n = b.CreateMul(b.CreateExtractValue(v, 1),
                               b.getInt64(sizeOf(as<ty::Slice>(t)->elem)));
        b.CreateMemSet(b.CreateExtractValue(v, 0), b.getInt8(0), n,
                       llvm::MaybeAlign(1));
      }
      return nullptr;
    }
    default:
      return e->tv.type ? zero(e->tv.type) : nullptr;
  }
}

Value* Gen::builtinLen(ast::CallExpr* e, bool cap) {
  ast::Expr* a = e->args[0];
  ty::Type* t = a->tv.type;
  ty::Type* u = under(t);
  if (u->kind == TypeKind::Pointer)
    u = under(static_cast<ty::Pointer*>(u)->elem);
  if (u->kind == TypeKind::Array) {
    if (under(t)->kind == TypeKind::Pointer || a->kind == ast::ExprKind::Call)
      expr(a);
    return b.getInt64(static_cast<ty::Array*>(u)->len);
  }
  Value* v = expr(a);
  if (ty::isString(t)) return strLen(v);
  if (u->kind == TypeKind::Slice) return b.CreateExtractValue(v, cap ? 2 : 1);
  if (u->kind == TypeKind::Map) return call(rt("csp_rt_maplen"), {v});
  if (u->kind == TypeKind::Chan)
    return call(rt(cap ? "csp_rt_chancap" : "csp_rt_chanlen"), {v});
  return b.getInt64(0);
}

// Grows slice s to hold newlen elements (csp_rt_growslice); the result has
// length newlen.
Value* Gen::growSlice(Value* s, Value* newlen, ty::Type* elem) {
  Value* out = spill(llvm::Constant::getNullValue(slice_ty));
  call(rt("csp_rt_growslice"),
       {out, typeDesc(elem), b.CreateExtractValue(s, 0),
        b.CreateExtractValue(s, 1), b.CreateExtractValue(s, 2), newlen});
  Value* r = b.CreateLoad(slice_ty, out);
  return b.CreateInsertValue(r, newlen, 1);
}

// s with room for `extra` more elements (len updated), growing when the
// capacity is short; the fast path is a compare and an insertvalue.
static Value* reserve(Gen& g, Value* s, Value* extra, ty::Type* elem) {
  auto& b = g.b;
  Value* len = b.CreateExtractValue(s, 1);
  Value* newlen = b.CreateAdd(len, extra);
  Value* fast = b.CreateInsertValue(s, newlen, 1);
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* grow = BasicBlock::Create(g.ctx, "append.grow", g.fs->fn);
  BasicBlock* done = BasicBlock::Create(g.ctx, "append.done", g.fs->fn);
  b.CreateCondBr(b.CreateICmpUGT(newlen, b.CreateExtractValue(s, 2)), grow,
                 done);
  b.SetInsertPoint(grow);
  Value* grown = g.growSlice(s, newlen, elem);
  BasicBlock* grow_end = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(g.slice_ty, 2);
  phi->addIncoming(fast, start);
  phi->addIncoming(grown, grow_end);
  return phi;
}

Value* Gen::builtinAppend(ast::CallExpr* e) {
  ty::Type* st = e->tv.type;
  ty::Type* elem = as<ty::Slice>(st)->elem;
  llvm::Type* et = llType(elem);
  Value* s = exprTo(e->args[0], st);
  if (e->has_ellipsis) {
    ast::Expr* o = e->args[1];
    Value* ov = expr(o);
    if (isUntypedNil(o->tv.type)) return s;
    Value* n = b.CreateExtractValue(ov, 1);
    Value* old_len = b.CreateExtractValue(s, 1);
    Value* r = reserve(*this, s, n, elem);
    Value* dst = b.CreateInBoundsGEP(et, b.CreateExtractValue(r, 0), old_len);
    b.CreateMemMove(dst, llvm::MaybeAlign(1), b.CreateExtractValue(ov, 0),
                    llvm::MaybeAlign(1),
                    b.CreateMul(n, b.getInt64(sizeOf(elem))));
    return r;
  }
  size_t k = e->args.size() - 1;
  if (k == 0) return s;
  std::vector<Value*> vals;
  for (size_t i = 1; i < e->args.size(); i++)
    vals.push_back(exprTo(e->args[i], elem));
  Value* old_len = b.CreateExtractValue(s, 1);
  Value* r = reserve(*this, s, b.getInt64(static_cast<int64_t>(k)), elem);
  Value* data = b.CreateExtractValue(r, 0);
  for (size_t i = 0; i < k; i++) {
    Value* idx = b.CreateAdd(old_len, b.getInt64(static_cast<int64_t>(i)));
    b.CreateStore(vals[i], b.CreateInBoundsGEP(et, data, idx));
  }
  return r;
}

Value* Gen::builtinMake(ast::CallExpr* e) {
  ty::Type* t = e->tv.type;
  auto arg = [&](size_t i) -> Value* {
    if (i >= e->args.size()) return nullptr;
    Value* v = expr(e->args[i]);
    return ty::isUnsigned(e->args[i]->tv.type) ? b.CreateZExtOrTrunc(v, i64)
                                               : b.CreateSExtOrTrunc(v, i64);
  };
  if (isKind(t, TypeKind::Slice)) {
    Value* len = arg(1);
    Value* cap = arg(2);
    if (!cap) cap = len;
    Value* data = call(rt("csp_rt_makeslice"),
                       {typeDesc(as<ty::Slice>(t)->elem), len, cap});
    return makeSlice(data, len, cap);
  }
  if (isKind(t, TypeKind::Map)) {
    Value* hint = arg(1);
    return call(rt("csp_rt_makemap"),
                {typeDesc(t), hint ? hint : b.getInt64(0)});
  }
  if (isKind(t, TypeKind::Chan)) {
    Value* size = arg(1);
    return call(rt("csp_rt_makechan"),
                {typeDesc(t), size ? size : b.getInt64(0)});
  }
  return zero(t);
}

Value* Gen::builtinCopy(ast::CallExpr* e) {
  Value* dst = expr(e->args[0]);
  Value* src = expr(e->args[1]);
  ty::Type* elem = as<ty::Slice>(e->args[0]->tv.type)->elem;
  Value* dn = b.CreateExtractValue(dst, 1);
  Value* sn = b.CreateExtractValue(src, 1);
  Value* n = b.CreateSelect(b.CreateICmpSLT(dn, sn), dn, sn);
  b.CreateMemMove(b.CreateExtractValue(dst, 0), llvm::MaybeAlign(1),
                  b.CreateExtractValue(src, 0), llvm::MaybeAlign(1),
                  b.CreateMul(n, b.getInt64(sizeOf(elem))));
  return n;
}

Value* Gen::builtinMinMax(ast::CallExpr* e, bool is_min) {
  ty::Type* t = e->tv.type;
  Value* r = exprTo(e->args[0], t);
  for (size_t i = 1; i < e->args.size(); i++) {
    Value* y = exprTo(e->args[i], t);
    if (ty::isFloat(t)) {
      r = b.CreateBinaryIntrinsic(
          is_min ? llvm::Intrinsic::minimum : llvm::Intrinsic::maximum, r, y);
      continue;
    }
    Value* lt = compare(Tok::Lss, y, t, r, t);
    r = is_min ? b.CreateSelect(lt, y, r)
               : b.CreateSelect(compare(Tok::Gtr, y, t, r, t), y, r);
    (void)lt;
  }
  return r;
}

void Gen::builtinPrint(ast::CallExpr* e, bool ln) {
  std::vector<std::pair<Value*, ty::Type*>> vals;
  for (ast::Expr* a : e->args) {
    ty::Type* t = a->tv.type;
    vals.push_back({expr(a), t});
  }
  call(rt("csp_rt_printlock"), {});
  for (size_t i = 0; i < vals.size(); i++) {
    if (ln && i > 0) call(rt("csp_rt_printsp"), {});
    auto [v, t] = vals[i];
    ty::Type* u = under(t);
    if (isUntypedNil(t)) {
      call(rt("csp_rt_printpointer"), {llvm::ConstantPointerNull::get(ptr)});
    } else if (ty::isString(u)) {
      call(rt("csp_rt_printstring"), {strData(v), strLen(v)});
    } else if (ty::isBoolean(u)) {
      call(rt("csp_rt_printbool"), {v});
    } else if (ty::isFloat(u)) {
      call(rt("csp_rt_printfloat"), {b.CreateFPExt(v, b.getDoubleTy())});
    } else if (ty::isInteger(u)) {
      if (ty::isUnsigned(u))
        call(rt("csp_rt_printuint"), {b.CreateZExt(v, i64)});
      else
        call(rt("csp_rt_printint"), {b.CreateSExt(v, i64)});
    } else if (u->kind == TypeKind::Interface) {
      call(rt("csp_rt_printiface"),
           {b.CreateExtractValue(v, 0), b.CreateExtractValue(v, 1)});
    } else if (u->kind == TypeKind::Slice) {
      call(rt("csp_rt_printpointer"), {b.CreateExtractValue(v, 0)});
    } else if (v->getType() == ptr) {
      call(rt("csp_rt_printpointer"), {v});
    }
  }
  if (ln) call(rt("csp_rt_printnl"), {});
  call(rt("csp_rt_printunlock"), {});
  (void)intType;
}

}  // namespace csp::codegen
