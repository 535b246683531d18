// The expression dispatcher and the operators: unary, binary, shifts and
// comparisons, with constant folding (as go/types' expr.go).
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;
namespace cv = types::constant;

void Checker::exprInternal(Operand* x, ast::Expr* e, Type* hint) {
  using K = ast::ExprKind;
  switch (e->kind) {
    case K::Bad: return;
    case K::Ident: ident(x, static_cast<ast::Ident*>(e), false); return;
    case K::BasicLit: basicLit(x, static_cast<ast::BasicLit*>(e)); return;
    case K::CompositeLit: compositeLit(x, static_cast<ast::CompositeLit*>(e), hint); return;
    case K::FuncLit: funcLit(x, static_cast<ast::FuncLit*>(e)); return;
    case K::Paren: {
      auto* p = static_cast<ast::ParenExpr*>(e);
      if (!p->x) return;
      rawExpr(x, p->x, hint, false);
      x->expr = e;
      return;
    }
    case K::Selector: selector(x, static_cast<ast::SelectorExpr*>(e)); return;
    case K::Index: indexExpr(x, static_cast<ast::IndexExpr*>(e)); return;
    case K::Slice: sliceExpr(x, static_cast<ast::SliceExpr*>(e)); return;
    case K::TypeAssert: typeAssert(x, static_cast<ast::TypeAssertExpr*>(e)); return;
    case K::Call: callExpr(x, static_cast<ast::CallExpr*>(e)); return;
    case K::Star: starExpr(x, static_cast<ast::StarExpr*>(e)); return;
    case K::Unary: unary(x, static_cast<ast::UnaryExpr*>(e)); return;
    case K::Binary: {
      auto* b = static_cast<ast::BinaryExpr*>(e);
      binary(x, e, b->x, b->y, b->op, b->op_pos);
      return;
    }
    case K::KeyValue: error(e->pos, "unexpected key:value expression"); return;
    case K::Ellipsis: error(e->pos, "invalid use of ..."); return;
    default: {
      Type* t = typExpr(e);
      if (!isValid(t)) return;
      x->mode = Mode::TypeExpr;
      x->type = t;
    }
  }
}

// ---------------------------------------------------------------------------
// Unary operators.

// The variable whose storage e denotes (through fields and array
// elements, not through pointers) must live on the heap: its address is
// taken by &e, e[:] or a pointer-method call e.m().
void markAddressTaken(ast::Expr* e) {
  while (e) {
    e = unparen(e);
    if (e->kind == ast::ExprKind::Ident) {
      if (auto* o = static_cast<ast::Ident*>(e)->obj; o && o->kind == ObjKind::Var)
        static_cast<Var*>(o)->address_taken = true;
      return;
    }
    if (e->kind == ast::ExprKind::Selector) {
      auto* s = static_cast<ast::SelectorExpr*>(e);
      if (!s->selection || s->selection->indirect) return;
      e = s->x;
    } else if (e->kind == ast::ExprKind::Index) {
      auto* ie = static_cast<ast::IndexExpr*>(e);
      if (!ie->x || !under<Array>(ie->x->tv.type, TypeKind::Array)) return;
      e = ie->x;
    } else {
      return;
    }
  }
}

void Checker::unary(Operand* x, ast::UnaryExpr* e) {
  if (e->op == Tok::And) {
    ast::Expr* inner = unparen(e->x);
    if (inner && inner->kind == ast::ExprKind::CompositeLit) {
      rawExpr(x, e->x, nullptr, false);
      if (x->invalid()) return;
      x->mode = Mode::Value;
      x->type = make<Pointer>(x->type);
      return;
    }
    expr(x, e->x);
    if (x->invalid()) return;
    if (x->mode != Mode::Variable) {
      error(e->x->pos, "invalid operation: cannot take address of " + operandStr(*x));
      x->mode = Mode::Invalid;
      return;
    }
    markAddressTaken(e->x);
    x->mode = Mode::Value;
    x->type = make<Pointer>(x->type);
    return;
  }
  expr(x, e->x);
  if (x->invalid()) return;
  if (e->op == Tok::Arrow) {
    auto* ch = under<Chan>(x->type, TypeKind::Chan);
    if (!ch) {
      error(e->x->pos, "invalid operation: cannot receive from non-channel " + operandStr(*x));
      x->mode = Mode::Invalid;
      return;
    }
    if (ch->dir == ast::ChanDir::Send) {
      error(e->x->pos, "invalid operation: cannot receive from send-only channel " + operandStr(*x));
      x->mode = Mode::Invalid;
      return;
    }
    x->mode = Mode::CommaOk;
    x->type = ch->elem;
    return;
  }
  bool ok = e->op == Tok::Not ? isBoolean(x->type)
            : e->op == Tok::Xor ? isInteger(x->type)
                                : isNumeric(x->type);
  if (!ok) {
    error(e->x->pos, std::string("invalid operation: operator ") + tokSpelling(e->op) +
                      " not defined on " + operandStr(*x));
    x->mode = Mode::Invalid;
    return;
  }
  if (x->mode == Mode::Constant) {
    int bits = 0;
    if (isUnsigned(x->type)) {
      Basic* b = asBasic(x->type);
      bits = b->basic == BasicKind::Uint8 ? 8 : b->basic == BasicKind::Uint16 ? 16
             : b->basic == BasicKind::Uint32 ? 32 : 64;
    }
    x->val = cv::unaryOp(e->op, x->val, bits);
    x->expr = e;
    overflow(x, e->pos);
    return;
  }
  x->mode = Mode::Value;
}

// ---------------------------------------------------------------------------
// Binary operators.

namespace {

bool isComparison(Tok op) {
  return op == Tok::Eql || op == Tok::Neq || op == Tok::Lss || op == Tok::Leq ||
         op == Tok::Gtr || op == Tok::Geq;
}

bool opDefined(Tok op, Type* t) {
  switch (op) {
    case Tok::Add: return isNumeric(t) || isString(t);
    case Tok::Sub: case Tok::Mul: case Tok::Quo: return isNumeric(t);
    case Tok::Rem: case Tok::And: case Tok::Or: case Tok::Xor: case Tok::AndNot:
      return isInteger(t);
    case Tok::LAnd: case Tok::LOr: return isBoolean(t);
    default: return false;
  }
}

bool allBasic(Type* t) { return underlying(t) && underlying(t)->kind == TypeKind::Basic; }

}  // namespace

void Checker::overflow(Operand* x, Pos pos) {
  if (isUntyped(x->type)) {
    if (x->val && x->val->kind() == ConstValue::Kind::Int && cv::bitLen(x->val) > 512) {
      std::string op;
      if (x->expr && x->expr->kind == ast::ExprKind::Binary) {
        switch (static_cast<ast::BinaryExpr*>(x->expr)->op) {
          case Tok::Add: op = "addition "; break;
          case Tok::Sub: op = "subtraction "; break;
          case Tok::Xor: op = "bitwise XOR "; break;
          case Tok::Mul: op = "multiplication "; break;
          case Tok::Shl: op = "shift "; break;
          default: break;
        }
      }
      error(pos, "constant " + op + "overflow");
      x->mode = Mode::Invalid;
    }
    return;
  }
  Basic* b = asBasic(x->type);
  if (!b) return;
  int code = 0;
  if (!representable(x, b, &code)) {
    std::string msg = code == 1 ? " truncated to " : code == 2 ? " overflows " : "";
    if (msg.empty()) error(x->expr->pos, "cannot convert " + operandStr(*x) + " to type " + typeStr(b));
    else error(x->expr->pos, operandStr(*x) + msg + typeStr(b));
    x->mode = Mode::Invalid;
  }
}

void Checker::matchTypes(Operand* x, Operand* y) {
  auto may_convert = [](Operand* a, Operand* b) {
    if (!isUntyped(a->type) && !isUntyped(b->type)) return false;
    if (isInterface(a->type) || isInterface(b->type)) return true;
    if (allBasic(a->type) != allBasic(b->type)) return false;
    if (isBoolean(a->type) != isBoolean(b->type)) return false;
    if (isString(a->type) != isString(b->type)) return false;
    Type* nil = basicType(BasicKind::UntypedNil);
    if (a->type == nil) return hasNil(b->type);
    if (b->type == nil) return hasNil(a->type);
    if (underlying(a->type)->kind == TypeKind::Pointer || underlying(b->type)->kind == TypeKind::Pointer)
      return false;
    return true;
  };
  if (!may_convert(x, y)) return;
  convertUntyped(x, y->type);
  if (x->invalid()) return;
  convertUntyped(y, x->type);
  if (y->invalid()) x->mode = Mode::Invalid;
}

void Checker::binary(Operand* x, ast::Expr* e, ast::Expr* lhs, ast::Expr* rhs, Tok op, Pos op_pos) {
  Operand y;
  expr(x, lhs);
  expr(&y, rhs);
  if (x->invalid()) return;
  if (y.invalid()) {
    x->mode = Mode::Invalid;
    return;
  }
  if (op == Tok::Shl || op == Tok::Shr) {
    shift(x, &y, e, op);
    return;
  }
  matchTypes(x, &y);
  if (x->invalid()) return;
  if (isComparison(op)) {
    comparison(x, &y, op, e);
    return;
  }
  if (!identical(x->type, y.type)) {
    if (isValid(x->type) && isValid(y.type)) {
      std::string what = e ? exprStr(e)
                           : exprStr(lhs) + " " + tokSpelling(op) + "= " + exprStr(rhs);
      error(x->expr->pos, "invalid operation: " + what + " (mismatched types " +
                              typeStr(x->type) + " and " + typeStr(y.type) + ")");
    }
    x->mode = Mode::Invalid;
    return;
  }
  if (!opDefined(op, x->type)) {
    error(x->expr->pos, std::string("invalid operation: operator ") + tokSpelling(op) +
                            " not defined on " + operandStr(*x));
    x->mode = Mode::Invalid;
    return;
  }
  if ((op == Tok::Quo || op == Tok::Rem) && (x->mode == Mode::Constant || isInteger(x->type)) &&
      y.mode == Mode::Constant && cv::sign(y.val) == 0) {
    error(y.expr->pos, "invalid operation: division by zero");
    x->mode = Mode::Invalid;
    return;
  }
  if (x->mode == Mode::Constant && y.mode == Mode::Constant) {
    bool int_div = op == Tok::Quo && isInteger(x->type);
    x->val = cv::binaryOp(x->val, op, y.val, int_div);
    if (e) x->expr = e;
    overflow(x, op_pos);
    return;
  }
  x->mode = Mode::Value;
  if (e) x->expr = e;
}

void Checker::shift(Operand* x, Operand* y, ast::Expr* e, Tok op) {
  // The shifted operand.
  if (x->mode == Mode::Constant) {
    const ConstValue* xi = cv::toInt(x->val);
    if (xi && isUntyped(x->type) && !isInteger(x->type)) {
      x->val = xi;
      x->type = basicType(BasicKind::UntypedInt);
    }
  }
  if (!isInteger(x->type) && !(x->mode == Mode::Constant && isUntyped(x->type) && cv::isIntegral(x->val))) {
    error(x->expr->pos, "invalid operation: shifted operand " + operandStr(*x) + " must be integer");
    x->mode = Mode::Invalid;
    return;
  }
  // The shift count.
  if (y->mode == Mode::Constant) {
    const ConstValue* yi = cv::toInt(y->val);
    if (yi && cv::sign(yi) < 0) {
      error(y->expr->pos, "invalid operation: negative shift count " + operandStr(*y));
      x->mode = Mode::Invalid;
      return;
    }
    if (isUntyped(y->type)) {
      int code = 0;
      Operand t = *y;
      if (!representable(&t, basicType(BasicKind::Uint), &code)) {
        const char* why = code == 1 ? " truncated to " : code == 2 ? " overflows " : nullptr;
        if (why) error(y->expr->pos, operandStr(*y) + why + "uint");
        else error(y->expr->pos, "cannot convert " + operandStr(*y) + " to type uint");
        x->mode = Mode::Invalid;
        return;
      }
      y->val = t.val;
      // The count is never materialized as an untyped value: give it uint.
      if (y->expr) {
        y->expr->tv.value = t.val;
        updateExprType(y->expr, basicType(BasicKind::Uint), true);
      }
    }
  } else {
    if (isUntyped(y->type)) convertUntyped(y, basicType(BasicKind::Uint));
    if (y->invalid()) { x->mode = Mode::Invalid; return; }
    if (!isInteger(y->type)) {
      error(y->expr->pos, "invalid operation: shift count " + operandStr(*y) + " must be integer");
      x->mode = Mode::Invalid;
      return;
    }
  }
  if (x->mode == Mode::Constant) {
    if (y->mode == Mode::Constant) {
      if (!y->val->fitsUint64() || y->val->uint64Val() > 1074) {
        error(y->expr->pos, "invalid operation: invalid shift count " + operandStr(*y));
        x->mode = Mode::Invalid;
        return;
      }
      x->val = cv::shift(x->val, op, y->val->uint64Val());
      x->expr = e;
      Pos op_pos = e && e->kind == ast::ExprKind::Binary ? static_cast<ast::BinaryExpr*>(e)->op_pos : Pos{};
      overflow(x, op_pos.valid() ? op_pos : y->expr->pos);
      return;
    }
    if (isUntyped(x->type)) {
      // A non-constant shift of an untyped constant: its type comes from the
      // context (go/types delays it); here it becomes a value of that type.
      x->mode = Mode::Value;
      x->expr = e;
      return;
    }
  }
  x->mode = Mode::Value;
  x->expr = e;
}

namespace {

const char* kindString(Type* t) {
  switch (underlying(t)->kind) {
    case TypeKind::Slice: return "slice";
    case TypeKind::Signature: return "func";
    case TypeKind::Map: return "map";
    case TypeKind::Chan: return "chan";
    case TypeKind::Struct: return "struct";
    case TypeKind::Pointer: return "pointer";
    case TypeKind::Interface: return "interface";
    case TypeKind::Array: return "array";
    default: return nullptr;
  }
}

bool isOrdered(Type* t) { return isNumeric(t) || isString(t); }

// Why t is not comparable (as types2's incomparableCause).
std::string incomparableCause(const Checker& c, Type* t) {
  const char* k = kindString(t);
  std::string ks = k ? k : "";
  if (ks == "slice" || ks == "func" || ks == "map") return ks + " can only be compared to nil";
  Type* u = underlying(t);
  if (u->kind == TypeKind::Struct) {
    for (Var* f : static_cast<Struct*>(u)->fields)
      if (!isComparable(f->type)) return "struct containing " + c.typeStr(f->type) + " cannot be compared";
  }
  if (u->kind == TypeKind::Array) return c.typeStr(t) + " cannot be compared";
  return "";
}

}  // namespace

void Checker::comparison(Operand* x, Operand* y, Tok op, ast::Expr* e) {
  if (!isValid(x->type) || !isValid(y->type)) {
    x->mode = Mode::Invalid;
    return;
  }
  Operand* err_op = x;
  std::string cause;
  Type* nil = basicType(BasicKind::UntypedNil);
  bool ok = assignableTo(x, y->type, nullptr) || assignableTo(y, x->type, nullptr);
  if (!ok) {
    err_op = y;
    cause = "mismatched types " + typeStr(x->type) + " and " + typeStr(y->type);
  } else if (op == Tok::Eql || op == Tok::Neq) {
    if (x->type == nil || y->type == nil) {
      Type* t = x->type == nil ? y->type : x->type;
      if (!hasNil(t) && !(x->type == nil && y->type == nil)) { err_op = y; ok = false; }
      if (x->type == nil && y->type == nil) { ok = false; cause = "operator == not defined on nil"; }
    } else if (!isComparable(x->type)) {
      err_op = x;
      ok = false;
      cause = incomparableCause(*this, x->type);
    } else if (!isComparable(y->type)) {
      err_op = y;
      ok = false;
      cause = incomparableCause(*this, y->type);
    }
  } else if (!isOrdered(x->type)) {
    err_op = x;
    ok = false;
  } else if (!isOrdered(y->type)) {
    err_op = y;
    ok = false;
  }
  if (!ok) {
    if (cause.empty()) {
      const char* k = kindString(err_op->type);
      cause = std::string("operator ") + tokSpelling(op) + " not defined on " +
              (k ? k : typeStr(err_op->type).c_str());
    }
    if (switch_case_) {
      error(x->expr->pos, "invalid case " + exprStr(x->expr) + " in switch on " + exprStr(y->expr) +
                              " (" + cause + ")");
    } else {
      std::string what = e ? exprStr(e) : exprStr(x->expr) + " " + tokSpelling(op) + " " + exprStr(y->expr);
      error(err_op->expr->pos, "invalid operation: " + what + " (" + cause + ")");
    }
    x->mode = Mode::Invalid;
    return;
  }
  if (x->mode == Mode::Constant && y->mode == Mode::Constant) {
    x->val = cv::makeBool(cv::compare(x->val, op, y->val));
  } else {
    x->mode = Mode::Value;
    x->val = nullptr;
    if (x->expr) updateExprType(x->expr, defaultType(x->type), true);
    if (y->expr) updateExprType(y->expr, defaultType(y->type), true);
  }
  if (e) x->expr = e;
  x->type = basicType(BasicKind::UntypedBool);
}

}  // namespace csp::check
