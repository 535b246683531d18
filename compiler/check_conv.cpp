// Untyped values, assignability and conversions (as go/types' expr.go
// implicitTypeAndValue, operand.go assignableTo, assignments.go
// assignment, conversions.go).
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;
namespace cv = types::constant;

bool Checker::representable(Operand* x, Basic* t, int* code) {
  const ConstValue* v = nullptr;
  if (!cv::representable(x->val, t->basic, &v, code)) return false;
  x->val = v;
  return true;
}

namespace {

int untypedRank(BasicKind k) {
  switch (k) {
    case BasicKind::UntypedInt: return 1;
    case BasicKind::UntypedRune: return 2;
    case BasicKind::UntypedFloat: return 3;
    default: return 0;
  }
}

Type* maxType(Type* x, Type* y) {
  auto *a = static_cast<Basic*>(x), *b = static_cast<Basic*>(y);
  int ra = untypedRank(a->basic), rb = untypedRank(b->basic);
  if (ra && rb) return ra >= rb ? x : y;
  return a->basic == b->basic ? x : nullptr;
}

}  // namespace

// Whether untyped x can be given type target; *code as cv::representable,
// or 3 for an impossible conversion.
bool Checker::implicitTypeAndValue(Operand* x, Type* target, Type** out_type,
                                   const ConstValue** out_val, int* code) {
  *out_type = x->type;
  *out_val = nullptr;
  *code = 0;
  if (x->invalid() || !isUntyped(x->type) || !isValid(target)) return true;
  if (isUntyped(target)) {
    *out_type = maxType(x->type, target);
    if (!*out_type) *code = 3;
    return *code == 0;
  }
  auto bk = static_cast<Basic*>(x->type)->basic;
  if (bk == BasicKind::UntypedNil) {
    *out_type = target;
    if (!hasNil(target)) *code = 3;
    return *code == 0;
  }
  Type* u = underlying(target);
  if (u->kind == TypeKind::Basic) {
    if (x->mode == Mode::Constant) {
      const ConstValue* v = nullptr;
      if (!cv::representable(x->val, static_cast<Basic*>(u)->basic, &v, code)) return false;
      *out_type = target;
      *out_val = v;
      return true;
    }
    bool ok = bk == BasicKind::UntypedBool ? isBoolean(target)
              : bk == BasicKind::UntypedString ? isString(target)
                                               : isNumeric(target);
    if (!ok) *code = 3;
    *out_type = target;
    return ok;
  }
  if (u->kind == TypeKind::Interface) {
    if (!static_cast<Interface*>(u)->empty()) {
      *code = 3;
      return false;
    }
    *out_type = defaultType(x->type);
    return true;
  }
  *code = 3;
  return false;
}

void Checker::convertUntyped(Operand* x, Type* target) {
  Type* t = nullptr;
  const ConstValue* v = nullptr;
  int code = 0;
  if (!implicitTypeAndValue(x, target, &t, &v, &code)) {
    Type* shown = underlying(target);
    if (code == 1) error(x->expr->pos, operandStr(*x) + " truncated to " + typeStr(shown));
    else if (code == 2) error(x->expr->pos, operandStr(*x) + " overflows " + typeStr(shown));
    else error(x->expr->pos, "cannot convert " + operandStr(*x) + " to type " + typeStr(shown));
    x->mode = Mode::Invalid;
    return;
  }
  if (v) {
    x->val = v;
    if (x->expr) x->expr->tv.value = v;
  }
  if (t != x->type) {
    x->type = t;
    updateExprType(x->expr, t, false);
  }
}

// Gives the untyped expression e (and its untyped operands) type t.
void Checker::updateExprType(ast::Expr* e, Type* t, bool final) {
  if (!e || !isUntyped(e->tv.type)) return;
  using K = ast::ExprKind;
  switch (e->kind) {
    case K::Paren: updateExprType(static_cast<ast::ParenExpr*>(e)->x, t, final); break;
    case K::Unary: {
      auto* u = static_cast<ast::UnaryExpr*>(e);
      if (u->op != Tok::Arrow && u->op != Tok::And) updateExprType(u->x, t, final);
      break;
    }
    case K::Binary: {
      auto* b = static_cast<ast::BinaryExpr*>(e);
      switch (b->op) {
        case Tok::Eql: case Tok::Neq: case Tok::Lss: case Tok::Leq: case Tok::Gtr: case Tok::Geq:
          break;
        case Tok::Shl: case Tok::Shr:
          if (e->tv.mode != Mode::Constant && !isUntyped(t) && !isInteger(t)) {
            error(b->x->pos, "invalid operation: shifted operand " + exprStr(b->x) + " (type " +
                                 typeStr(t) + ") must be integer");
            return;
          }
          updateExprType(b->x, t, final);
          break;
        default:
          updateExprType(b->x, t, final);
          updateExprType(b->y, t, final);
      }
      break;
    }
    default: break;
  }
  // The untyped nil keeps its type (ast.h): codegen converts it.
  if (e->tv.type == basicType(BasicKind::UntypedNil)) return;
  if (isInterface(t)) t = defaultType(e->tv.type);
  e->tv.type = t;
  (void)final;
}

// An untyped operand in a context without a type (x := 1, println(1)).
void Checker::defaultUntyped(Operand* x) {
  if (x->invalid() || !isUntyped(x->type)) return;
  if (x->type == basicType(BasicKind::UntypedNil)) return;
  convertUntyped(x, defaultType(x->type));
}

// ---------------------------------------------------------------------------
// Assignability.

namespace {

bool isNamedType(Type* t) { return t && (t->kind == TypeKind::Named || t->kind == TypeKind::Basic); }

}  // namespace

std::string Checker::implementsCause(Type* t, Interface* iface) {
  MissingMethod mm;
  if (!findMissingMethod(t, iface, &mm)) return "";
  (void)iface;
  return mm.name;
}

bool Checker::assignableTo(Operand* x, Type* t, std::string* cause) {
  Type* v = x->type;
  if (!isValid(v) || !isValid(t)) return true;  // avoid follow-on errors
  if (identical(v, t)) return true;
  Type *vu = underlying(v), *tu = underlying(t);
  if (isUntyped(v)) {
    Type* nt = nullptr;
    const ConstValue* nv = nullptr;
    int code = 0;
    return implicitTypeAndValue(x, t, &nt, &nv, &code);
  }
  if (identical(vu, tu) && (!isNamedType(v) || !isNamedType(t))) return true;
  if (tu->kind == TypeKind::Interface) {
    MissingMethod mm;
    if (!findMissingMethod(v, static_cast<Interface*>(tu), &mm)) return true;
    if (cause) {
      *cause = typeStr(v) + " does not implement " + typeStr(t);
      if (mm.ptr_recv) {
        *cause += " (method " + mm.name + " has pointer receiver)";
      } else if (mm.wrong_type && mm.have && mm.want) {
        *cause += " (wrong type for method " + mm.name + ")\n\t\thave " + mm.name +
                  typeStr(mm.have->type).substr(4) + "\n\t\twant " + mm.name +
                  typeStr(mm.want->type).substr(4);
      } else {
        *cause += " (missing method " + mm.name + ")";
      }
    }
    return false;
  }
  if (vu->kind == TypeKind::Interface && tu->kind != TypeKind::Interface) {
    if (cause) *cause = "need type assertion";
    return false;
  }
  if (vu->kind == TypeKind::Chan && tu->kind == TypeKind::Chan) {
    auto *vc = static_cast<Chan*>(vu), *tc = static_cast<Chan*>(tu);
    if (vc->dir == ast::ChanDir::Both && identical(vc->elem, tc->elem))
      return !isNamedType(v) || !isNamedType(t);
  }
  return false;
}

void Checker::assignment(Operand* x, Type* t, const std::string& context) {
  switch (x->mode) {
    case Mode::Invalid: return;
    case Mode::Constant: case Mode::Variable: case Mode::MapIndex: case Mode::Value:
    case Mode::CommaOk:
      break;
    default:
      error(x->expr->pos, "cannot assign " + operandStr(*x) + " to " + typeStr(t) + " in " + context);
      x->mode = Mode::Invalid;
      return;
  }
  if (isUntyped(x->type)) {
    Type* target = t;
    if (!target) {
      if (x->type == basicType(BasicKind::UntypedNil)) {
        error(x->expr->pos, "use of untyped nil in " + context);
        x->mode = Mode::Invalid;
        return;
      }
      target = defaultType(x->type);
    }
    Type* nt = nullptr;
    const ConstValue* nv = nullptr;
    int code = 0;
    if (!implicitTypeAndValue(x, target, &nt, &nv, &code)) {
      std::string msg = "cannot use " + operandStr(*x) + " as " + typeStr(target) + " value in " + context;
      if (code == 1) msg += " (truncated)";
      else if (code == 2) msg += " (overflows)";
      error(x->expr->pos, msg);
      x->mode = Mode::Invalid;
      return;
    }
    if (nv) {
      x->val = nv;
      if (x->expr) x->expr->tv.value = nv;
    }
    if (nt != x->type) {
      x->type = nt;
      updateExprType(x->expr, nt, true);
    }
  }
  if (!t) return;
  std::string cause;
  if (!assignableTo(x, t, &cause)) {
    std::string msg = "cannot use " + operandStr(*x) + " as " + typeStr(t) + " value in " + context;
    if (!cause.empty()) msg += ": " + cause;
    error(x->expr->pos, msg);
    x->mode = Mode::Invalid;
  }
}

// ---------------------------------------------------------------------------
// Conversions T(x).

bool Checker::convertibleTo(Operand* x, Type* t) {
  if (assignableTo(x, t, nullptr)) return true;
  Type *v = x->type, *vu = underlying(v), *tu = underlying(t);
  if (identical(vu, tu)) return true;
  if (vu->kind == TypeKind::Pointer && tu->kind == TypeKind::Pointer &&
      identical(underlying(static_cast<Pointer*>(vu)->elem), underlying(static_cast<Pointer*>(tu)->elem)))
    return true;
  if ((isInteger(v) || isFloat(v)) && (isInteger(t) || isFloat(t))) return true;
  if (isString(t) && (isInteger(v))) return true;
  auto byte_or_rune_slice = [](Type* s) {
    auto* sl = under<Slice>(s, TypeKind::Slice);
    if (!sl) return false;
    Basic* b = asBasic(sl->elem);
    return b && (b->basic == BasicKind::Uint8 || b->basic == BasicKind::Int32);
  };
  if (isString(t) && byte_or_rune_slice(v)) return true;
  if (isString(v) && byte_or_rune_slice(t)) return true;
  if (vu->kind == TypeKind::Slice && tu->kind == TypeKind::Pointer) {
    auto* a = under<Array>(static_cast<Pointer*>(tu)->elem, TypeKind::Array);
    if (a && identical(static_cast<Slice*>(vu)->elem, a->elem)) return true;
  }
  if (vu->kind == TypeKind::Slice && tu->kind == TypeKind::Array &&
      identical(static_cast<Slice*>(vu)->elem, static_cast<Array*>(tu)->elem))
    return true;
  return false;
}

namespace {

bool isConstType(Type* t) {
  Basic* b = asBasic(t);
  return b && b->basic != BasicKind::UnsafePointer && b->basic != BasicKind::Invalid &&
         b->basic != BasicKind::UntypedNil;
}

}  // namespace

void Checker::conversion(Operand* x, Type* t, ast::CallExpr* call) {
  bool const_arg = x->mode == Mode::Constant;
  bool ok = false;
  if (const_arg && isConstType(t)) {
    Basic* b = asBasic(t);
    const ConstValue* v = nullptr;
    int code = 0;
    if (cv::representable(x->val, b->basic, &v, &code)) {
      ok = true;
      x->val = v;
    } else if (isInteger(x->type) && isString(t)) {
      int64_t r = 0xFFFD;
      if (x->val->fitsInt64() && x->val->int64Val() >= 0 && x->val->int64Val() <= 0x10FFFF)
        r = x->val->int64Val();
      if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;
      std::string s;
      auto u = static_cast<uint32_t>(r);
      if (u < 0x80) s += static_cast<char>(u);
      else if (u < 0x800) { s += static_cast<char>(0xC0 | (u >> 6)); s += static_cast<char>(0x80 | (u & 0x3F)); }
      else if (u < 0x10000) {
        s += static_cast<char>(0xE0 | (u >> 12)); s += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (u & 0x3F));
      } else {
        s += static_cast<char>(0xF0 | (u >> 18)); s += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((u >> 6) & 0x3F)); s += static_cast<char>(0x80 | (u & 0x3F));
      }
      x->val = cv::makeString(s);
      ok = true;
    } else if (isInteger(x->type) && isInteger(t)) {
      error(x->expr->pos, "constant " + x->val->str() + " overflows " + typeStr(t));
      x->mode = Mode::Invalid;
      return;
    }
  } else if (convertibleTo(x, t)) {
    ok = true;
    x->mode = Mode::Value;
  }
  if (!ok) {
    error(x->expr->pos, "cannot convert " + operandStr(*x) + " to type " + typeStr(t));
    x->mode = Mode::Invalid;
    return;
  }
  if (isUntyped(x->type)) {
    Type* final = t;
    if (isInterface(t) || (const_arg && !isConstType(t)) ||
        x->type == basicType(BasicKind::UntypedNil)) {
      final = defaultType(x->type);
    } else if (x->mode == Mode::Constant && isInteger(x->type) && isString(t)) {
      final = defaultType(x->type);
    }
    updateExprType(x->expr, final, true);
  }
  x->type = t;
  x->expr = call;
}

}  // namespace csp::check
