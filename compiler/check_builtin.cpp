// Builtin function calls: len cap append make new delete copy close panic
// print println recover min max clear (as go/types' builtins.go).
#include "compiler/checker_impl.h"

namespace csp::check {

using ast::BuiltinId;
using ast::Mode;
namespace cv = types::constant;

namespace {

struct BuiltinInfo {
  const char* name;
  int nargs;      // minimum
  bool variadic;
};

BuiltinInfo info(BuiltinId id) {
  switch (id) {
    case BuiltinId::Append: return {"append", 1, true};
    case BuiltinId::Cap: return {"cap", 1, false};
    case BuiltinId::Clear: return {"clear", 1, false};
    case BuiltinId::Close: return {"close", 1, false};
    case BuiltinId::Complex: return {"complex", 2, false};
    case BuiltinId::Copy: return {"copy", 2, false};
    case BuiltinId::Delete: return {"delete", 2, false};
    case BuiltinId::Imag: return {"imag", 1, false};
    case BuiltinId::Len: return {"len", 1, false};
    case BuiltinId::Make: return {"make", 1, true};
    case BuiltinId::Max: return {"max", 1, true};
    case BuiltinId::Min: return {"min", 1, true};
    case BuiltinId::New: return {"new", 1, false};
    case BuiltinId::Panic: return {"panic", 1, false};
    case BuiltinId::Print: return {"print", 0, true};
    case BuiltinId::Println: return {"println", 0, true};
    case BuiltinId::Real: return {"real", 1, false};
    case BuiltinId::Recover: return {"recover", 0, false};
    default: return {"?", 0, true};
  }
}

// Whether e contains a call or a receive (len(arr) is then not constant).
bool hasCallOrRecv(ast::Expr* e) {
  if (!e) return false;
  using K = ast::ExprKind;
  switch (e->kind) {
    case K::Call: {
      auto* c = static_cast<ast::CallExpr*>(e);
      return c->call_kind != ast::CallKind::Conversion || hasCallOrRecv(c->args.empty() ? nullptr : c->args[0]);
    }
    case K::Unary: {
      auto* u = static_cast<ast::UnaryExpr*>(e);
      return u->op == Tok::Arrow || hasCallOrRecv(u->x);
    }
    case K::Paren: return hasCallOrRecv(static_cast<ast::ParenExpr*>(e)->x);
    case K::Selector: return hasCallOrRecv(static_cast<ast::SelectorExpr*>(e)->x);
    case K::Index: {
      auto* i = static_cast<ast::IndexExpr*>(e);
      return hasCallOrRecv(i->x) || hasCallOrRecv(i->index);
    }
    case K::Star: return hasCallOrRecv(static_cast<ast::StarExpr*>(e)->x);
    case K::Binary: {
      auto* b = static_cast<ast::BinaryExpr*>(e);
      return hasCallOrRecv(b->x) || hasCallOrRecv(b->y);
    }
    default: return false;
  }
}

}  // namespace

bool Checker::builtin(Operand* x, ast::CallExpr* call, BuiltinId id) {
  BuiltinInfo bi = info(id);
  if (call->has_ellipsis && id != BuiltinId::Append) {
    error(call->ellipsis, std::string("invalid operation: invalid use of ... with built-in ") + bi.name);
    for (ast::Expr* a : call->args) { Operand y; rawExpr(&y, a, nullptr, false); }
    return false;
  }
  std::vector<Operand> args;
  if (id == BuiltinId::Make || id == BuiltinId::New) {
    // The first argument is a type.
    for (size_t i = 0; i < call->args.size(); i++) {
      Operand y;
      if (i == 0) {
        Type* t = typExpr(call->args[0]);
        y.mode = isValid(t) ? Mode::TypeExpr : Mode::Invalid;
        y.type = t;
        y.expr = call->args[0];
      } else {
        expr(&y, call->args[i]);
      }
      args.push_back(y);
    }
  } else {
    argList(call, &args);
  }
  for (const Operand& a : args)
    if (a.invalid()) return false;
  int n = static_cast<int>(args.size());
  if (n < bi.nargs || (!bi.variadic && n > bi.nargs)) {
    bool few = n < bi.nargs;
    Pos at = few ? call->rparen : args[static_cast<size_t>(bi.nargs)].expr->pos;
    error(at, std::string(few ? "not enough" : "too many") + " arguments for " + exprStr(call) +
                  " (expected " + std::to_string(bi.nargs) + ", found " + std::to_string(n) + ")");
    return false;
  }
  return builtinRest(x, call, id, args);
}

// len(x), cap(x): constant for constant strings and for arrays (unless the
// expression calls functions or receives).
bool Checker::builtinLenCap(Operand* x, BuiltinId id, std::vector<Operand>& args) {
  Operand* a0 = &args[0];
  Type* t = a0->type;
  Type* u = underlying(t);
  if (u->kind == TypeKind::Pointer) {
    if (auto* a = under<Array>(static_cast<Pointer*>(u)->elem, TypeKind::Array)) u = a;
  }
  const ConstValue* val = nullptr;
  if (isString(t) && id == BuiltinId::Len) {
    if (a0->mode == Mode::Constant)
      val = cv::makeInt64(static_cast<int64_t>(a0->val->stringVal().size()));
    if (isUntyped(t)) convertUntyped(a0, basicType(BasicKind::String));
  } else if (u->kind == TypeKind::Array) {
    if (!hasCallOrRecv(a0->expr)) val = cv::makeInt64(static_cast<Array*>(u)->len);
  } else if (u->kind == TypeKind::Slice || u->kind == TypeKind::Chan ||
             (u->kind == TypeKind::Map && id == BuiltinId::Len)) {
  } else {
    error(a0->expr->pos, "invalid argument: " + operandStr(*a0) + " for built-in " + info(id).name);
    return false;
  }
  x->mode = val ? Mode::Constant : Mode::Value;
  x->val = val;
  x->type = basicType(BasicKind::Int);
  return true;
}

// append(s, x...), including append([]byte, string...).
bool Checker::builtinAppend(Operand* x, ast::CallExpr* call, std::vector<Operand>& args) {
  Operand* a0 = &args[0];
  Type* s = a0->type;
  auto* sl = under<Slice>(s, TypeKind::Slice);
  if (!sl) {
    std::string have = s == basicType(BasicKind::UntypedNil) ? "untyped nil" : operandStr(*a0);
    error(a0->expr->pos, "first argument to append must be a slice; have " + have);
    return false;
  }
  if (call->has_ellipsis) {
    if (args.size() != 2) {
      error(call->rparen, "can only use ... with final argument in list");
      return false;
    }
    Basic* eb = asBasic(sl->elem);
    if (eb && eb->basic == BasicKind::Uint8 && isString(args[1].type)) {
      if (isUntyped(args[1].type)) convertUntyped(&args[1], basicType(BasicKind::String));
    } else {
      assignment(&args[1], s, "argument to append");
    }
  } else {
    for (size_t i = 1; i < args.size(); i++) assignment(&args[i], sl->elem, "argument to append");
  }
  x->mode = Mode::Value;
  x->type = s;
  return true;
}

// make(T, size...) for slices, maps and channels.
bool Checker::builtinMake(Operand* x, ast::CallExpr* call, std::vector<Operand>& args) {
  Operand* a0 = &args[0];
  Type* t = a0->type;
  Type* u = underlying(t);
  size_t min = 1;
  if (u->kind == TypeKind::Slice) min = 2;
  else if (u->kind != TypeKind::Map && u->kind != TypeKind::Chan) {
    error(a0->expr->pos, "invalid argument: cannot make " + exprStr(a0->expr) + "; type must be slice, map, or channel");
    return false;
  }
  size_t nargs = args.size();
  if (nargs < min || nargs > min + 1) {
    error(call->pos, "invalid operation: " + exprStr(call) + " expects " + std::to_string(min) +
                         " or " + std::to_string(min + 1) + " arguments; found " + std::to_string(nargs));
    return false;
  }
  int64_t sizes[2] = {-1, -1};
  for (size_t i = 1; i < nargs; i++) {
    if (!isValidIndexOperand(&args[i], "index")) return false;
    if (args[i].mode == Mode::Constant && args[i].val->fitsInt64()) sizes[i - 1] = args[i].val->int64Val();
  }
  if (nargs == 3 && sizes[0] >= 0 && sizes[1] >= 0 && sizes[0] > sizes[1]) {
    error(args[1].expr->pos, "invalid argument: length and capacity swapped");
    return false;
  }
  x->mode = Mode::Value;
  x->type = t;
  return true;
}

bool Checker::builtinRest(Operand* x, ast::CallExpr* call, BuiltinId id, std::vector<Operand>& args) {
  Operand* a0 = args.empty() ? nullptr : &args[0];
  switch (id) {
    case BuiltinId::Len: case BuiltinId::Cap: return builtinLenCap(x, id, args);
    case BuiltinId::Append: return builtinAppend(x, call, args);
    case BuiltinId::Make: return builtinMake(x, call, args);
    case BuiltinId::New:
      x->mode = Mode::Value;
      x->type = make<Pointer>(a0->type);
      return true;
    case BuiltinId::Delete: {
      auto* m = under<Map>(a0->type, TypeKind::Map);
      if (!m) {
        error(a0->expr->pos, "invalid argument: " + operandStr(*a0) + " is not a map");
        return false;
      }
      assignment(&args[1], m->key, "argument to delete");
      if (args[1].invalid()) return false;
      x->mode = Mode::NoValue;
      x->type = nullptr;
      return true;
    }
    default: return builtinMore(x, call, id, args);
  }
}

bool Checker::builtinMore(Operand* x, ast::CallExpr* call, BuiltinId id, std::vector<Operand>& args) {
  BuiltinInfo bi = info(id);
  Operand* a0 = args.empty() ? nullptr : &args[0];
  x->mode = Mode::NoValue;
  x->type = nullptr;
  switch (id) {
    case BuiltinId::Copy: {
      auto* dst = under<Slice>(a0->type, TypeKind::Slice);
      Type* st = args[1].type;
      auto* src = under<Slice>(st, TypeKind::Slice);
      Basic* db = dst ? asBasic(dst->elem) : nullptr;
      bool ok = dst && ((src && identical(dst->elem, src->elem)) ||
                        (isString(st) && db && db->basic == BasicKind::Uint8));
      if (!dst) {
        error(a0->expr->pos, "invalid argument: copy expects slice arguments; found " +
                                 operandStr(*a0) + " and " + operandStr(args[1]));
        return false;
      }
      if (!ok) {
        error(a0->expr->pos, "invalid argument: arguments to copy " + operandStr(*a0) + " and " +
                                 operandStr(args[1]) + " have different element types " +
                                 typeStr(dst->elem) + " and " + typeStr(src ? src->elem : st));
        return false;
      }
      if (isUntyped(st)) convertUntyped(&args[1], basicType(BasicKind::String));
      x->mode = Mode::Value;
      x->type = basicType(BasicKind::Int);
      return true;
    }
    case BuiltinId::Close: {
      auto* ch = under<Chan>(a0->type, TypeKind::Chan);
      if (!ch) {
        error(a0->expr->pos, "invalid operation: cannot close non-channel " + operandStr(*a0));
        return false;
      }
      if (ch->dir == ast::ChanDir::Recv) {
        error(a0->expr->pos, "invalid operation: cannot close receive-only channel " + operandStr(*a0));
        return false;
      }
      return true;
    }
    case BuiltinId::Panic:
      assignment(a0, AnyType, "argument to panic");
      return !a0->invalid();
    case BuiltinId::Print: case BuiltinId::Println:
      for (Operand& a : args) {
        if (a.type == basicType(BasicKind::UntypedNil)) {
          error(a.expr->pos, std::string("use of untyped nil in argument to built-in ") + bi.name);
          return false;
        }
        defaultUntyped(&a);
        if (a.invalid()) return false;
      }
      return true;
    case BuiltinId::Recover:
      x->mode = Mode::Value;
      x->type = AnyType;
      return true;
    case BuiltinId::Clear: {
      Type* u = underlying(a0->type);
      if (u->kind != TypeKind::Map && u->kind != TypeKind::Slice) {
        error(a0->expr->pos, "invalid argument: " + operandStr(*a0) +
                                 " cannot be cleared: argument must be (or constrained by) map or slice");
        return false;
      }
      return true;
    }
    case BuiltinId::Min: case BuiltinId::Max: return minMax(x, id, args);
    default:
      error(call->pos, std::string("complex numbers are not supported (") + bi.name + ")");
      return false;
  }
}

bool Checker::minMax(Operand* x, BuiltinId id, std::vector<Operand>& args) {
  const char* name = id == BuiltinId::Min ? "min" : "max";
  Operand acc = args[0];
  for (size_t i = 0; i < args.size(); i++) {
    Operand* a = &args[i];
    if (!isNumeric(a->type) && !isString(a->type)) {
      error(a->expr->pos, "invalid argument: " + operandStr(*a) + " cannot be ordered");
      return false;
    }
    if (i == 0) continue;
    matchTypes(&acc, a);
    if (acc.invalid()) return false;
    if (!identical(acc.type, a->type)) {
      error(a->expr->pos, std::string("invalid argument: mismatched types ") + typeStr(acc.type) +
                              " (previous argument) and " + typeStr(a->type) + " (type of " +
                              exprStr(a->expr) + ")");
      return false;
    }
    if (acc.mode == Mode::Constant && a->mode == Mode::Constant) {
      bool less = cv::compare(a->val, Tok::Lss, acc.val);
      if ((id == BuiltinId::Min) == less) acc.val = a->val;
    } else {
      acc.mode = Mode::Value;
    }
  }
  (void)name;
  if (acc.mode != Mode::Constant) {
    // All operands take the common type.
    for (Operand& a : args) {
      if (isUntyped(a.type) && !isUntyped(acc.type)) convertUntyped(&a, acc.type);
    }
    if (isUntyped(acc.type)) {
      Type* t = defaultType(acc.type);
      for (Operand& a : args) convertUntyped(&a, t);
      acc.type = t;
    }
    acc.mode = Mode::Value;
    acc.val = nullptr;
  }
  x->mode = acc.mode;
  x->type = acc.type;
  x->val = acc.val;
  return true;
}

}  // namespace csp::check
