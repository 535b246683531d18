// Expressions: constants, variables, operators with Go's semantics
// (wrap-around, division and shift checks), indexing and slicing with
// bounds checks, selectors, composite literals, interface conversions.
#include "compiler/codegen_impl.h"
#include "llvm/IR/MDBuilder.h"

namespace csp::codegen {

using ast::ExprKind;
using ty::TypeKind;

namespace {
ast::Expr* unparen(ast::Expr* e) {
  while (e->kind == ExprKind::Paren) e = static_cast<ast::ParenExpr*>(e)->x;
  return e;
}
}  // namespace

// --- basics ------------------------------------------------------------------

Value* Gen::zero(ty::Type* t) {
  return llvm::Constant::getNullValue(llType(t));
}

void Gen::storeZero(Value* a, ty::Type* t) {
  uint64_t size = sizeOf(t);
  if (size > 64)
    b.CreateMemSet(a, b.getInt8(0), b.getInt64(size), llvm::MaybeAlign(1));
  else
    b.CreateStore(zero(t), a);
}

Value* Gen::tempSlot(ty::Type* t) {
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* slot = b.CreateAlloca(llType(t));
  b.restoreIP(ip);
  storeZero(slot, t);
  return slot;
}

Value* Gen::spill(Value* v) {
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* slot = b.CreateAlloca(v->getType());
  b.restoreIP(ip);
  b.CreateStore(v, slot);
  return slot;
}

Value* Gen::makeStr(Value* p, Value* n) {
  Value* s = b.CreateInsertValue(llvm::UndefValue::get(str_ty), p, 0);
  return b.CreateInsertValue(s, n, 1);
}

Value* Gen::makeSlice(Value* p, Value* n, Value* c) {
  Value* s = b.CreateInsertValue(llvm::UndefValue::get(slice_ty), p, 0);
  s = b.CreateInsertValue(s, n, 1);
  return b.CreateInsertValue(s, c, 2);
}

Value* Gen::allocBytes(Value* n, bool scan) {
  return call(rt(scan ? "csp_rt_alloc" : "csp_rt_alloc_noscan"), {n});
}

Value* Gen::alloc(ty::Type* t) {
  return allocBytes(b.getInt64(sizeOf(t)), hasPointers(t));
}

Value* Gen::stringConst(const std::string& s) {
  llvm::Constant* data =
      s.empty() ? llvm::ConstantPointerNull::get(ptr) : cstr(s);
  return llvm::ConstantStruct::get(
      str_ty, {data, b.getInt64(static_cast<int64_t>(s.size()))});
}

Value* Gen::constant(const ty::ConstValue* cv, ty::Type* t) {
  llvm::Type* lt = llType(t);
  switch (cv->kind()) {
    case ty::ConstValue::Kind::Bool:
      return b.getInt1(cv->boolVal());
    case ty::ConstValue::Kind::String:
      return stringConst(cv->stringVal());
    default:
      break;
  }
  if (lt->isFloatTy()) return llvm::ConstantFP::get(lt, cv->float32Val());
  if (lt->isDoubleTy()) return llvm::ConstantFP::get(lt, cv->float64Val());
  if (lt->isIntegerTy()) {
    uint64_t bits = cv->fitsInt64() ? static_cast<uint64_t>(cv->int64Val())
                                    : cv->uint64Val();
    return llvm::ConstantInt::get(lt, bits);
  }
  if (lt == iface_ty) return zero(t);
  return zero(t);
}

void Gen::panicIf(Value* cond, const char* fn, llvm::ArrayRef<Value*> args) {
  BasicBlock* fail = BasicBlock::Create(ctx, "panic", fs->fn);
  BasicBlock* cont = BasicBlock::Create(ctx, "ok", fs->fn);
  llvm::MDBuilder md(ctx);
  b.CreateCondBr(cond, fail, cont, md.createBranchWeights(1, 1 << 20));
  b.SetInsertPoint(fail);
  call(rt(fn), args);
  b.CreateUnreachable();
  b.SetInsertPoint(cont);
}

void Gen::nilCheck(Value* p) {
  panicIf(b.CreateIsNull(p), "csp_rt_panic_nil", {});
}

static Value* toI64(Gen& g, Value* v, ty::Type* t) {
  if (v->getType() == g.i64) return v;
  return ty::isUnsigned(t) ? g.b.CreateZExt(v, g.i64)
                           : g.b.CreateSExt(v, g.i64);
}

Value* Gen::boundsCheck(Value* idx, Value* len, ty::Type* idx_type) {
  Value* i = toI64(*this, idx, idx_type);
  panicIf(b.CreateICmpUGE(i, len), "csp_rt_panic_index", {i, len});
  return i;
}

// --- expressions
// ---------------------------------------------------------------

// The default type of a constant (for a constant typed as an interface).
static ty::Type* constDefaultType(const ty::ConstValue* cv) {
  using K = ty::ConstValue::Kind;
  switch (cv->kind()) {
    case K::Bool:
      return ty::Typ[static_cast<int>(ty::BasicKind::Bool)];
    case K::String:
      return ty::Typ[static_cast<int>(ty::BasicKind::String)];
    case K::Int:
      return ty::Typ[static_cast<int>(ty::BasicKind::Int)];
    default:
      return ty::Typ[static_cast<int>(ty::BasicKind::Float64)];
  }
}

Value* Gen::expr(ast::Expr* e) {
  if (!preval_.empty()) {
    auto it = preval_.find(e);
    if (it != preval_.end()) return it->second;
  }
  if (e->tv.mode == ast::Mode::Constant && e->tv.value) {
    if (ty::isInterface(e->tv.type)) {
      ty::Type* dt = constDefaultType(e->tv.value);
      return toIface(constant(e->tv.value, dt), dt, e->tv.type);
    }
    if (ty::isUntyped(e->tv.type))
      return constant(e->tv.value, ty::defaultType(e->tv.type));
    return constant(e->tv.value, e->tv.type);
  }
  switch (e->kind) {
    case ExprKind::Ident: {
      ty::Object* obj = static_cast<ast::Ident*>(e)->obj;
      if (!obj) return zero(e->tv.type);
      if (obj->kind == ty::ObjKind::Var) {
        auto* v = static_cast<ty::Var*>(obj);
        return b.CreateLoad(llType(v->type), varAddr(v));
      }
      if (obj->kind == ty::ObjKind::Func)
        return funcValue(static_cast<ty::Func*>(obj));
      return llvm::ConstantPointerNull::get(ptr);  // nil
    }
    case ExprKind::Paren:
      return expr(static_cast<ast::ParenExpr*>(e)->x);
    case ExprKind::CompositeLit:
      return compositeLit(static_cast<ast::CompositeLit*>(e));
    case ExprKind::FuncLit:
      return funcLit(static_cast<ast::FuncLit*>(e));
    case ExprKind::Selector:
      return selector(static_cast<ast::SelectorExpr*>(e));
    case ExprKind::Index:
      return index(static_cast<ast::IndexExpr*>(e));
    case ExprKind::Slice:
      return sliceExpr(static_cast<ast::SliceExpr*>(e));
    case ExprKind::TypeAssert:
      return typeAssert(static_cast<ast::TypeAssertExpr*>(e), false);
    case ExprKind::Call:
      return callExpr(static_cast<ast::CallExpr*>(e));
    case ExprKind::Star: {
      Value* p = expr(static_cast<ast::StarExpr*>(e)->x);
      nilCheck(p);
      return b.CreateLoad(llType(e->tv.type), p);
    }
    case ExprKind::Unary:
      return unary(static_cast<ast::UnaryExpr*>(e));
    case ExprKind::Binary:
      return binary(static_cast<ast::BinaryExpr*>(e));
    default:
      return zero(e->tv.type);
  }
}

Value* Gen::exprTo(ast::Expr* e, ty::Type* target) {
  // An elided &T in []*T{{...}}: the literal is T, the element *T.
  ast::Expr* u = unparen(e);
  if (u->kind == ExprKind::CompositeLit && target &&
      isKind(target, TypeKind::Pointer) &&
      !isKind(u->tv.type, TypeKind::Pointer)) {
    Value* p = alloc(u->tv.type);
    fillComposite(static_cast<ast::CompositeLit*>(u), p);
    return p;
  }
  return convertAssign(expr(e), e->tv.type, target);
}

Value* Gen::convertAssign(Value* v, ty::Type* from, ty::Type* to) {
  if (!from || !to) return v;
  if (isUntypedNil(from)) return zero(to);
  if (!ty::isInterface(to)) return v;
  if (!ty::isInterface(from)) return toIface(v, from, to);
  if (ty::identical(from, to)) return v;
  Value* dyn = ifaceDynType(v, from);
  Value* tab = dyn;
  if (!as<ty::Interface>(to)->empty()) {
    BasicBlock* start = b.GetInsertBlock();
    BasicBlock* get = BasicBlock::Create(ctx, "itab.get", fs->fn);
    BasicBlock* done = BasicBlock::Create(ctx, "itab.got", fs->fn);
    b.CreateCondBr(b.CreateIsNull(dyn), done, get);
    b.SetInsertPoint(get);
    Value* t = call(rt("csp_rt_getitab"), {typeDesc(to), dyn});
    BasicBlock* get_end = b.GetInsertBlock();
    b.CreateBr(done);
    b.SetInsertPoint(done);
    auto* phi = b.CreatePHI(ptr, 2);
    phi->addIncoming(llvm::ConstantPointerNull::get(ptr), start);
    phi->addIncoming(t, get_end);
    tab = phi;
  }
  return b.CreateInsertValue(v, tab, 0);
}

// A concrete value to an interface: stored directly when pointer-shaped,
// else boxed in a fresh copy.
Value* Gen::toIface(Value* v, ty::Type* from, ty::Type* iface) {
  Value* data;
  if (isDirectIface(from)) {
    data = v;
  } else {
    data = alloc(from);
    b.CreateStore(v, data);
  }
  Value* tab =
      as<ty::Interface>(iface)->empty() ? typeDesc(from) : itab(iface, from);
  Value* r = b.CreateInsertValue(llvm::UndefValue::get(iface_ty), tab, 0);
  return b.CreateInsertValue(r, data, 1);
}

bool Gen::isAddressable(ast::Expr* e) {
  return e->tv.mode == ast::Mode::Variable;
}

Value* Gen::addr(ast::Expr* e) {
  e = unparen(e);
  switch (e->kind) {
    case ExprKind::Ident: {
      ty::Object* obj = static_cast<ast::Ident*>(e)->obj;
      if (obj && obj->kind == ty::ObjKind::Var)
        return varAddr(static_cast<ty::Var*>(obj));
      break;
    }
    case ExprKind::Star: {
      Value* p = expr(static_cast<ast::StarExpr*>(e)->x);
      nilCheck(p);
      return p;
    }
    case ExprKind::Index:
      if (!isKind(static_cast<ast::IndexExpr*>(e)->x->tv.type, TypeKind::Map) &&
          !ty::isString(static_cast<ast::IndexExpr*>(e)->x->tv.type))
        return indexAddr(static_cast<ast::IndexExpr*>(e));
      break;
    case ExprKind::Selector: {
      auto* se = static_cast<ast::SelectorExpr*>(e);
      if (!se->selection) {
        if (se->sel->obj && se->sel->obj->kind == ty::ObjKind::Var)
          return varAddr(static_cast<ty::Var*>(se->sel->obj));
        break;
      }
      if (se->selection->kind != ty::SelectionKind::FieldVal) break;
      ty::Type* xt = se->x->tv.type;
      Value* base;
      if (isKind(xt, TypeKind::Pointer)) {
        base = expr(se->x);
        nilCheck(base);
        xt = as<ty::Pointer>(xt)->elem;
      } else {
        base = isAddressable(se->x) ? addr(se->x) : spill(expr(se->x));
      }
      ty::Type* ft;
      return fieldPath(base, xt, se->selection->index,
                       se->selection->index.size(), &ft);
    }
    default:
      break;
  }
  return spill(expr(e));
}

// Follows `count` steps of an embedding path from the value of type `base`
// at base_addr, dereferencing embedded pointers on the way.
Value* Gen::fieldPath(Value* a, ty::Type* t, const std::vector<int>& path,
                      size_t count, ty::Type** out_type) {
  for (size_t k = 0; k < count; k++) {
    if (isKind(t, TypeKind::Pointer)) {
      a = b.CreateLoad(ptr, a);
      nilCheck(a);
      t = as<ty::Pointer>(t)->elem;
    }
    auto* st = as<ty::Struct>(t);
    a = b.CreateStructGEP(llType(t), a, static_cast<unsigned>(path[k]));
    t = st->fields[static_cast<size_t>(path[k])]->type;
  }
  *out_type = t;
  return a;
}

Value* Gen::selector(ast::SelectorExpr* e) {
  if (!e->selection) {
    ty::Object* obj = e->sel->obj;
    if (obj && obj->kind == ty::ObjKind::Var)
      return b.CreateLoad(llType(obj->type),
                          varAddr(static_cast<ty::Var*>(obj)));
    if (obj && obj->kind == ty::ObjKind::Func)
      return funcValue(static_cast<ty::Func*>(obj));
    return zero(e->tv.type);
  }
  switch (e->selection->kind) {
    case ty::SelectionKind::FieldVal:
      return b.CreateLoad(llType(e->tv.type), addr(e));
    case ty::SelectionKind::MethodVal:
      return methodValue(e);
    case ty::SelectionKind::MethodExpr:
      return methodExpr(e);
  }
  return zero(e->tv.type);
}

// --- operators
// -------------------------------------------------------------------

Value* Gen::unary(ast::UnaryExpr* e) {
  ty::Type* t = e->tv.type;
  switch (e->op) {
    case Tok::Add:
      return expr(e->x);
    case Tok::Sub: {
      Value* x = expr(e->x);
      return ty::isFloat(t)
                 ? b.CreateFNeg(x)
                 : b.CreateSub(llvm::ConstantInt::get(x->getType(), 0), x);
    }
    case Tok::Xor: {
      Value* x = expr(e->x);
      return b.CreateXor(x, llvm::ConstantInt::getAllOnesValue(x->getType()));
    }
    case Tok::Not:
      return b.CreateNot(expr(e->x));
    case Tok::Arrow:
      return recv(e->x, false);
    case Tok::And: {
      ast::Expr* x = unparen(e->x);
      if (x->kind == ExprKind::CompositeLit) {
        Value* p = alloc(x->tv.type);
        if (isKind(x->tv.type, TypeKind::Struct) ||
            isKind(x->tv.type, TypeKind::Array))
          fillComposite(static_cast<ast::CompositeLit*>(x), p);
        else
          b.CreateStore(compositeLit(static_cast<ast::CompositeLit*>(x)), p);
        return p;
      }
      return addr(x);
    }
    default:
      return zero(t);
  }
}

Value* Gen::binary(ast::BinaryExpr* e) {
  if (e->op == Tok::LAnd || e->op == Tok::LOr) {
    Value* x = expr(e->x);
    BasicBlock* start = b.GetInsertBlock();
    BasicBlock* rhs = BasicBlock::Create(ctx, "logic.rhs", fs->fn);
    BasicBlock* done = BasicBlock::Create(ctx, "logic.done", fs->fn);
    if (e->op == Tok::LAnd)
      b.CreateCondBr(x, rhs, done);
    else
      b.CreateCondBr(x, done, rhs);
    b.SetInsertPoint(rhs);
    Value* y = expr(e->y);
    BasicBlock* rhs_end = b.GetInsertBlock();
    b.CreateBr(done);
    b.SetInsertPoint(done);
    auto* phi = b.CreatePHI(i1, 2);
    phi->addIncoming(b.getInt1(e->op == Tok::LOr), start);
    phi->addIncoming(y, rhs_end);
    return phi;
  }
  switch (e->op) {
    case Tok::Eql:
    case Tok::Neq:
    case Tok::Lss:
    case Tok::Leq:
    case Tok::Gtr:
    case Tok::Geq:
      return compare(e->op, expr(e->x), e->x->tv.type, expr(e->y),
                     e->y->tv.type);
    case Tok::Shl:
    case Tok::Shr:
      return shift(e->op, expr(e->x), expr(e->y), e->tv.type, e->y->tv.type);
    default:
      break;
  }
  if (e->op == Tok::Add && ty::isString(e->tv.type)) return concatChain(e);
  Value* x = expr(e->x);
  Value* y = expr(e->y);
  return arith(e->op, x, y, e->tv.type);
}

Value* Gen::arith(Tok op, Value* x, Value* y, ty::Type* t) {
  if (ty::isString(t)) {
    return call(rt("csp_rt_concat"),
                {strData(x), strLen(x), strData(y), strLen(y)});
  }
  if (ty::isFloat(t)) {
    switch (op) {
      case Tok::Add:
        return b.CreateFAdd(x, y);
      case Tok::Sub:
        return b.CreateFSub(x, y);
      case Tok::Mul:
        return b.CreateFMul(x, y);
      default:
        return b.CreateFDiv(x, y);
    }
  }
  bool uns = ty::isUnsigned(t);
  switch (op) {
    case Tok::Add:
      return b.CreateAdd(x, y);
    case Tok::Sub:
      return b.CreateSub(x, y);
    case Tok::Mul:
      return b.CreateMul(x, y);
    case Tok::And:
      return b.CreateAnd(x, y);
    case Tok::Or:
      return b.CreateOr(x, y);
    case Tok::Xor:
      return b.CreateXor(x, y);
    case Tok::AndNot:
      return b.CreateAnd(x, b.CreateNot(y));
    case Tok::Quo:
    case Tok::Rem: {
      auto* cy = llvm::dyn_cast<llvm::ConstantInt>(y);
      if (!cy || cy->isZero())
        panicIf(b.CreateIsNull(y), "csp_rt_panic_divide", {});
      if (uns) return op == Tok::Quo ? b.CreateUDiv(x, y) : b.CreateURem(x, y);
      // MinInt / -1 overflows: Go gives MinInt (and remainder 0).
      Value* minus1 =
          b.CreateICmpEQ(y, llvm::ConstantInt::getAllOnesValue(y->getType()));
      Value* safe =
          b.CreateSelect(minus1, llvm::ConstantInt::get(y->getType(), 1), y);
      if (op == Tok::Quo)
        return b.CreateSelect(minus1, b.CreateNeg(x), b.CreateSDiv(x, safe));
      return b.CreateSelect(minus1, llvm::ConstantInt::get(y->getType(), 0),
                            b.CreateSRem(x, safe));
    }
    default:
      return x;
  }
}

// x << y, x >> y: counts >= width give 0 (or the sign fill); a negative
// signed count panics.
Value* Gen::shift(Tok op, Value* x, Value* y, ty::Type* xt, ty::Type* yt) {
  unsigned w = x->getType()->getIntegerBitWidth();
  if (!ty::isUnsigned(yt) && !llvm::isa<llvm::ConstantInt>(y))
    panicIf(b.CreateICmpSLT(y, llvm::ConstantInt::get(y->getType(), 0)),
            "csp_rt_panic_shift", {});
  Value* big = b.CreateICmpUGE(y, llvm::ConstantInt::get(y->getType(), w));
  Value* cnt = b.CreateZExtOrTrunc(y, x->getType());
  llvm::Type* xty = x->getType();
  if (op == Tok::Shl)
    return b.CreateSelect(big, llvm::ConstantInt::get(xty, 0),
                          b.CreateShl(x, cnt));
  if (ty::isUnsigned(xt))
    return b.CreateSelect(big, llvm::ConstantInt::get(xty, 0),
                          b.CreateLShr(x, cnt));
  cnt = b.CreateSelect(big, llvm::ConstantInt::get(xty, w - 1), cnt);
  return b.CreateAShr(x, cnt);
}

static bool isNilLike(ty::Type* t) { return isUntypedNil(t); }

// Strings of different lengths differ without a call.
Value* Gen::stringEqual(Value* x, Value* y) {
  BasicBlock* start = b.GetInsertBlock();
  BasicBlock* bytes = BasicBlock::Create(ctx, "streq.bytes", fs->fn);
  BasicBlock* done = BasicBlock::Create(ctx, "streq.done", fs->fn);
  b.CreateCondBr(b.CreateICmpEQ(strLen(x), strLen(y)), bytes, done);
  b.SetInsertPoint(bytes);
  Value* same =
      call(rt("csp_rt_streq"), {strData(x), strLen(x), strData(y), strLen(y)});
  BasicBlock* bytes_end = b.GetInsertBlock();
  b.CreateBr(done);
  b.SetInsertPoint(done);
  auto* phi = b.CreatePHI(i1, 2);
  phi->addIncoming(b.getFalse(), start);
  phi->addIncoming(same, bytes_end);
  return phi;
}

// a + b + c + ... on strings: one csp_rt_concatn for three or more parts.
static void concatParts(Gen& g, ast::Expr* e, std::vector<Value*>* parts) {
  ast::Expr* u = unparen(e);
  if (u->kind == ExprKind::Binary &&
      static_cast<ast::BinaryExpr*>(u)->op == Tok::Add &&
      u->tv.mode != ast::Mode::Constant) {
    auto* be = static_cast<ast::BinaryExpr*>(u);
    concatParts(g, be->x, parts);
    concatParts(g, be->y, parts);
    return;
  }
  parts->push_back(g.expr(e));
}

Value* Gen::concatChain(ast::BinaryExpr* e) {
  std::vector<Value*> parts;
  concatParts(*this, e, &parts);
  if (parts.size() == 2) return arith(Tok::Add, parts[0], parts[1], e->tv.type);
  auto* aty = llvm::ArrayType::get(str_ty, parts.size());
  auto ip = b.saveIP();
  b.SetInsertPoint(fs->entry, fs->entry->begin());
  Value* arr = b.CreateAlloca(aty);
  b.restoreIP(ip);
  for (unsigned i = 0; i < parts.size(); i++)
    b.CreateStore(parts[i], b.CreateConstGEP2_32(aty, arr, 0, i));
  return call(rt("csp_rt_concatn"),
              {arr, b.getInt64(static_cast<int64_t>(parts.size()))});
}

// == on two values of type t (not interfaces of differing kinds).
Value* Gen::equal(Value* x, Value* y, ty::Type* t) {
  ty::Type* u = under(t);
  switch (u->kind) {
    case TypeKind::Basic:
      if (ty::isString(u)) return stringEqual(x, y);
      if (ty::isFloat(u)) return b.CreateFCmpOEQ(x, y);
      return b.CreateICmpEQ(x, y);
    case TypeKind::Interface: {
      Value* dx = ifaceDynType(x, t);
      Value* dy = ifaceDynType(y, t);
      return call(rt("csp_rt_efaceeq"), {dx, b.CreateExtractValue(x, 1), dy,
                                         b.CreateExtractValue(y, 1)});
    }
    case TypeKind::Struct: {
      Value* r = b.getTrue();
      auto* st = static_cast<ty::Struct*>(u);
      for (unsigned i = 0; i < st->fields.size(); i++) {
        if (st->fields[i]->name == "_") continue;
        r = b.CreateAnd(
            r, equal(b.CreateExtractValue(x, i), b.CreateExtractValue(y, i),
                     st->fields[i]->type));
      }
      return r;
    }
    case TypeKind::Array: {
      auto* at = static_cast<ty::Array*>(u);
      if (at->len <= 16) {
        Value* r = b.getTrue();
        for (unsigned i = 0; i < at->len; i++)
          r = b.CreateAnd(r, equal(b.CreateExtractValue(x, i),
                                   b.CreateExtractValue(y, i), at->elem));
        return r;
      }
      return call(rt("csp_rt_memequal"), {typeDesc(t), spill(x), spill(y)});
    }
    default:
      return b.CreateICmpEQ(x, y);
  }
}

Value* Gen::compare(Tok op, Value* x, ty::Type* xt, Value* y, ty::Type* yt) {
  if (isNilLike(xt) || isNilLike(yt)) {
    Value* v = isNilLike(xt) ? y : x;
    ty::Type* t = isNilLike(xt) ? yt : xt;
    if (isKind(t, TypeKind::Slice) || isKind(t, TypeKind::Interface))
      v = b.CreateExtractValue(v, 0);
    Value* isnil = b.CreateIsNull(v);
    return op == Tok::Eql ? isnil : b.CreateNot(isnil);
  }
  if (ty::isInterface(xt) && ty::isInterface(yt) && !ty::identical(xt, yt)) {
    x = convertAssign(x, xt, ty::AnyType);
    y = convertAssign(y, yt, ty::AnyType);
    xt = yt = ty::AnyType;
  }
  if (ty::isInterface(xt) != ty::isInterface(yt)) {
    if (ty::isInterface(xt))
      y = toIface(y, yt, xt), yt = xt;
    else
      x = toIface(x, xt, yt), xt = yt;
  }
  if (op == Tok::Eql) return equal(x, y, xt);
  if (op == Tok::Neq) return b.CreateNot(equal(x, y, xt));
  if (ty::isString(xt)) {
    Value* c = call(rt("csp_rt_strcmp"),
                    {strData(x), strLen(x), strData(y), strLen(y)});
    Value* z = b.getInt64(0);
    switch (op) {
      case Tok::Lss:
        return b.CreateICmpSLT(c, z);
      case Tok::Leq:
        return b.CreateICmpSLE(c, z);
      case Tok::Gtr:
        return b.CreateICmpSGT(c, z);
      default:
        return b.CreateICmpSGE(c, z);
    }
  }
  if (ty::isFloat(xt)) {
    switch (op) {
      case Tok::Lss:
        return b.CreateFCmpOLT(x, y);
      case Tok::Leq:
        return b.CreateFCmpOLE(x, y);
      case Tok::Gtr:
        return b.CreateFCmpOGT(x, y);
      default:
        return b.CreateFCmpOGE(x, y);
    }
  }
  bool uns = ty::isUnsigned(xt);
  switch (op) {
    case Tok::Lss:
      return uns ? b.CreateICmpULT(x, y) : b.CreateICmpSLT(x, y);
    case Tok::Leq:
      return uns ? b.CreateICmpULE(x, y) : b.CreateICmpSLE(x, y);
    case Tok::Gtr:
      return uns ? b.CreateICmpUGT(x, y) : b.CreateICmpSGT(x, y);
    default:
      return uns ? b.CreateICmpUGE(x, y) : b.CreateICmpSGE(x, y);
  }
}

}  // namespace csp::codegen
