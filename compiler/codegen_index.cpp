// Indexing, slicing, map access and composite literals.
#include "compiler/codegen_impl.h"
#include "runtime/abi.h"

namespace csp::codegen {

using ast::ExprKind;
using ty::TypeKind;

namespace {
ast::Expr* unparen(ast::Expr* e) {
  while (e->kind == ExprKind::Paren) e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}
}  // namespace

Value* Gen::indexAddr(ast::IndexExpr* e) {
  ty::Type* xt = e->x->tv.type;
  ty::Type* u = under(xt);
  if (u->kind == TypeKind::Slice) {
    Value* s = expr(e->x);
    Value* i = boundsCheck(expr(e->index), b.CreateExtractValue(s, 1),
                           e->index->tv.type);
    llvm::Type* et = llType(static_cast<ty::Slice*>(u)->elem);
    return b.CreateInBoundsGEP(et, b.CreateExtractValue(s, 0), i);
  }
  Value* base;
  ty::Type* at = u;
  if (u->kind == TypeKind::Pointer) {
    base = expr(e->x);
    at = under(static_cast<ty::Pointer*>(u)->elem);
    nilCheck(base);
  } else {
    base = isAddressable(e->x) ? addr(e->x) : spill(expr(e->x));
  }
  auto* arr = static_cast<ty::Array*>(at);
  Value* i =
      boundsCheck(expr(e->index), b.getInt64(arr->len), e->index->tv.type);
  return b.CreateInBoundsGEP(llType(at), base, {b.getInt64(0), i});
}

Value* Gen::index(ast::IndexExpr* e) {
  ty::Type* xt = e->x->tv.type;
  if (isKind(xt, TypeKind::Map)) return mapIndex(e, false);
  if (ty::isString(xt)) {
    Value* s = expr(e->x);
    Value* i = boundsCheck(expr(e->index), strLen(s), e->index->tv.type);
    return b.CreateLoad(i8, b.CreateInBoundsGEP(i8, strData(s), i));
  }
  return b.CreateLoad(llType(e->tv.type), indexAddr(e));
}

Value* Gen::mapIndex(ast::IndexExpr* e, bool comma_ok) {
  ty::Type* mt = e->x->tv.type;
  auto* m = as<ty::Map>(mt);
  Value* mv = expr(e->x);
  Value* key = spill(exprTo(e->index, m->key));
  Value* p = call(rt("csp_rt_mapaccess"), {typeDesc(mt), mv, key});
  llvm::Type* et = llType(m->elem);
  if (isBig(et)) return mapIndexBig(p, m->elem, comma_ok);
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* found = BasicBlock::Create(ctx, "map.found", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "map.done", fs->fn);
  Value* ok = b.CreateIsNotNull(p);
  b.CreateCondBr(ok, found, done);
  b.SetInsertPoint(found);
  Value* v = b.CreateLoad(et, p);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(et, 2);
  phi->addIncoming(llvm::Constant::getNullValue(et), start);
  phi->addIncoming(v, found);
  if (!comma_ok) return phi;
  Value* r = llvm::UndefValue::get(llvm::StructType::get(ctx, {et, i1}));
  r = b.CreateInsertValue(r, phi, 0);
  return b.CreateInsertValue(r, ok, 1);
}

// m[k] for a big element type: copied through a frame slot (see kBigValue).
Value* Gen::mapIndexBig(Value* p, ty::Type* elem, bool comma_ok) {
  Value* slot = tempSlot(elem);
  BasicBlock* found = BasicBlock::Create(ctx, "map.found", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "map.done", fs->fn);
  Value* ok = b.CreateIsNotNull(p);
  b.CreateCondBr(ok, found, done);
  b.SetInsertPoint(found);
  b.CreateMemCpy(slot, llvm::MaybeAlign(1), p, llvm::MaybeAlign(1),
                 sizeOf(elem));
  b.CreateBr(done);
  b.SetInsertPoint(done);
  Value* v = b.CreateLoad(llType(elem), slot);
  if (!comma_ok) return v;
  Value* r =
      llvm::UndefValue::get(llvm::StructType::get(ctx, {llType(elem), i1}));
  r = b.CreateInsertValue(r, v, 0);
  return b.CreateInsertValue(r, ok, 1);
}

// The {value, ok} pair of m[k], x.(T) in a two-value context.
Value* Gen::commaOk(ast::Expr* e) {
  e = unparen(e);
  if (e->kind == ExprKind::Index)
    return mapIndex(static_cast<ast::IndexExpr*>(e), true);
  if (e->kind == ExprKind::TypeAssert)
    return typeAssert(static_cast<ast::TypeAssertExpr*>(e), true);
  if (e->kind == ExprKind::Unary &&
      static_cast<ast::UnaryExpr*>(e)->op == Tok::Arrow)
    return recv(static_cast<ast::UnaryExpr*>(e)->x, true);
  llvm::Type* t = llvm::StructType::get(ctx, {llType(e->tv.type), i1});
  return llvm::Constant::getNullValue(t);
}

// s[low:high:max] on strings, slices, arrays and pointers to arrays, with
// Go's checks in Go's order (max, then high, then low).
Value* Gen::sliceExpr(ast::SliceExpr* e) {
  ty::Type* xt = e->x->tv.type;
  ty::Type* u = under(xt);
  Value *base, *len, *cap;
  llvm::Type* et;
  bool is_str = ty::isString(xt);
  bool is_slice = u->kind == TypeKind::Slice;
  if (is_str || is_slice) {
    Value* s = expr(e->x);
    base = b.CreateExtractValue(s, 0);
    len = b.CreateExtractValue(s, 1);
    cap = is_str ? len : b.CreateExtractValue(s, 2);
    et = is_str ? i8 : llType(static_cast<ty::Slice*>(u)->elem);
  } else {
    ty::Type* at = u;
    if (u->kind == TypeKind::Pointer) {
      base = expr(e->x);
      nilCheck(base);
      at = under(static_cast<ty::Pointer*>(u)->elem);
    } else {
      base = isAddressable(e->x) ? addr(e->x) : spill(expr(e->x));
    }
    auto* arr = static_cast<ty::Array*>(at);
    len = cap = b.getInt64(arr->len);
    et = llType(arr->elem);
  }
  auto idx = [&](ast::Expr* x) {
    Value* v = expr(x);
    return ty::isUnsigned(x->tv.type) ? b.CreateZExtOrTrunc(v, i64)
                                      : b.CreateSExtOrTrunc(v, i64);
  };
  Value* low = e->low ? idx(e->low) : b.getInt64(0);
  Value* high = e->high ? idx(e->high) : len;
  Value* max = e->max ? idx(e->max) : cap;
  bool by_len = !is_slice;
  auto fail = [&](Value* bad, int which, Value* x, Value* y) {
    panicIf(bad, "csp_rt_panic_slice", {b.getInt32(which), x, y});
  };
  if (e->slice3) {
    fail(b.CreateICmpUGT(max, cap), by_len ? CSP_SLICE_3ALEN : CSP_SLICE_3ACAP,
         max, cap);
    fail(b.CreateICmpUGT(high, max), CSP_SLICE_3B, high, max);
    fail(b.CreateICmpUGT(low, high), CSP_SLICE_3C, low, high);
  } else {
    Value* lim = is_str ? len : cap;
    if (e->high)
      fail(b.CreateICmpUGT(high, lim), by_len ? CSP_SLICE_ALEN : CSP_SLICE_ACAP,
           high, lim);
    fail(b.CreateICmpUGT(low, high), CSP_SLICE_B, low, high);
  }
  Value* p = b.CreateGEP(et, base, low);
  Value* n = b.CreateSub(high, low);
  if (is_str) return makeStr(p, n);
  return makeSlice(p, n, b.CreateSub(max, low));
}

// --- composite literals
// ---------------------------------------------------------

Value* Gen::compositeLit(ast::CompositeLit* e) {
  ty::Type* t = e->tv.type;
  ty::Type* u = under(t);
  if (u->kind == TypeKind::Pointer) {  // an elided &T in []*T{{...}}
    ty::Type* et = static_cast<ty::Pointer*>(u)->elem;
    Value* p = alloc(et);
    if (isKind(et, TypeKind::Struct) || isKind(et, TypeKind::Array)) {
      fillComposite(e, p);
    } else {
      e->tv.type = et;
      b.CreateStore(compositeLit(e), p);
      e->tv.type = t;
    }
    return p;
  }
  if (u->kind == TypeKind::Map) {
    auto* m = static_cast<ty::Map*>(u);
    Value* mv =
        call(rt("csp_rt_makemap"),
             {typeDesc(t), b.getInt64(static_cast<int64_t>(e->elts.size()))});
    for (ast::Expr* el : e->elts) {
      auto* kv = static_cast<ast::KeyValueExpr*>(el);
      Value* key = spill(exprTo(kv->key, m->key));
      Value* v = exprTo(kv->value, m->elem);
      Value* slot = call(rt("csp_rt_mapassign"), {typeDesc(t), mv, key});
      b.CreateStore(v, slot);
    }
    return mv;
  }
  if (u->kind == TypeKind::Slice) {
    ty::Type* et = static_cast<ty::Slice*>(u)->elem;
    int64_t n = 0, i = 0;
    for (ast::Expr* el : e->elts) {
      if (el->kind == ExprKind::KeyValue) {
        auto* kv = static_cast<ast::KeyValueExpr*>(el);
        i = kv->key->tv.value ? kv->key->tv.value->int64Val() : i;
      }
      i++;
      n = std::max(n, i);
    }
    uint64_t es = sizeOf(et);
    Value* data = n == 0
                      ? static_cast<Value*>(llvm::ConstantPointerNull::get(ptr))
                      : allocBytes(b.getInt64(static_cast<int64_t>(es) * n),
                                   hasPointers(et));
    if (n == 0) data = allocBytes(b.getInt64(0), false);
    i = 0;
    llvm::Type* elt = llType(et);
    for (ast::Expr* el : e->elts) {
      ast::Expr* v = el;
      if (el->kind == ExprKind::KeyValue) {
        auto* kv = static_cast<ast::KeyValueExpr*>(el);
        i = kv->key->tv.value ? kv->key->tv.value->int64Val() : i;
        v = kv->value;
      }
      b.CreateStore(exprTo(v, et), b.CreateConstInBoundsGEP1_64(
                                       elt, data, static_cast<uint64_t>(i)));
      i++;
    }
    return makeSlice(data, b.getInt64(n), b.getInt64(n));
  }
  Value* tmp = tempSlot(t);
  fillComposite(e, tmp);
  return b.CreateLoad(llType(t), tmp);
}

// Stores the elements of a struct or array literal into zeroed... memory at
// dst (which is zeroed first).
void Gen::fillComposite(ast::CompositeLit* e, Value* dst) {
  ty::Type* t = e->tv.type;
  if (isKind(t, TypeKind::Pointer)) t = as<ty::Pointer>(t)->elem;
  ty::Type* u = under(t);
  llvm::Type* lt = llType(t);
  storeZero(dst, t);
  if (u->kind == TypeKind::Struct) {
    auto* st = static_cast<ty::Struct*>(u);
    for (size_t k = 0; k < e->elts.size(); k++) {
      ast::Expr* el = e->elts[k];
      size_t fi = k;
      ast::Expr* v = el;
      if (el->kind == ExprKind::KeyValue) {
        auto* kv = static_cast<ast::KeyValueExpr*>(el);
        std::string name = static_cast<ast::Ident*>(kv->key)->name;
        for (size_t j = 0; j < st->fields.size(); j++)
          if (st->fields[j]->name == name) fi = j;
        v = kv->value;
      }
      Value* val = exprTo(v, st->fields[fi]->type);
      b.CreateStore(val, b.CreateStructGEP(lt, dst, static_cast<unsigned>(fi)));
    }
    return;
  }
  if (u->kind == TypeKind::Array) {
    ty::Type* et = static_cast<ty::Array*>(u)->elem;
    int64_t i = 0;
    for (ast::Expr* el : e->elts) {
      ast::Expr* v = el;
      if (el->kind == ExprKind::KeyValue) {
        auto* kv = static_cast<ast::KeyValueExpr*>(el);
        i = kv->key->tv.value ? kv->key->tv.value->int64Val() : i;
        v = kv->value;
      }
      Value* val = exprTo(v, et);
      b.CreateStore(val, b.CreateConstInBoundsGEP2_64(
                             lt, dst, 0, static_cast<uint64_t>(i)));
      i++;
    }
  }
}

}  // namespace csp::codegen
