// Composite literals: struct, array, slice and map literals, with elided
// element types ([]P{{1, 2}}, []*P{{1, 2}} meaning &P{1, 2}) (as go/types'
// literals.go).
#include <set>

#include "compiler/checker_impl.h"

namespace csp::check {

using ast::Mode;

void Checker::compositeLit(Operand* x, ast::CompositeLit* e, Type* hint) {
  Type* typ = nullptr;
  Type* base = nullptr;
  if (e->type) {
    auto* at = e->type->kind == ast::ExprKind::ArrayType ? static_cast<ast::ArrayType*>(e->type) : nullptr;
    if (at && at->len && at->len->kind == ast::ExprKind::Ellipsis) {
      Type* elem = typExpr(at->elt);
      int64_t n = indexedElts(e->elts, elem, -1);
      typ = make<Array>(elem, n < 0 ? 0 : n);
      e->type->tv.mode = Mode::TypeExpr;
      e->type->tv.type = typ;
      x->mode = Mode::Value;
      x->type = typ;
      return;
    }
    typ = typExpr(e->type);
    base = typ;
  } else if (hint) {
    typ = hint;
    base = hint;
    if (auto* p = under<Pointer>(base, TypeKind::Pointer)) base = p->elem;
  } else {
    error(e->pos, "invalid composite literal type: missing type");
    for (ast::Expr* el : e->elts) { Operand y; rawExpr(&y, el, nullptr, false); }
    return;
  }
  if (!isValid(base)) {
    for (ast::Expr* el : e->elts) {
      if (el && el->kind == ast::ExprKind::KeyValue) el = static_cast<ast::KeyValueExpr*>(el)->value;
      Operand y;
      if (el && el->kind != ast::ExprKind::CompositeLit) rawExpr(&y, el, nullptr, false);
    }
    return;
  }
  Type* u = underlying(base);
  switch (u->kind) {
    case TypeKind::Struct: structLit(e, static_cast<Struct*>(u), base); break;
    case TypeKind::Array: {
      auto* a = static_cast<Array*>(u);
      indexedElts(e->elts, a->elem, a->len);
      break;
    }
    case TypeKind::Slice: indexedElts(e->elts, static_cast<Slice*>(u)->elem, -1); break;
    case TypeKind::Map: mapLit(e, static_cast<Map*>(u)); break;
    default:
      error(e->pos, "invalid composite literal type " + typeStr(typ));
      for (ast::Expr* el : e->elts) { Operand y; rawExpr(&y, el, nullptr, false); }
      return;
  }
  x->mode = Mode::Value;
  x->type = typ;
}

void Checker::structLit(ast::CompositeLit* e, Struct* st, Type* t) {
  if (e->elts.empty()) return;
  bool keyed = e->elts[0] && e->elts[0]->kind == ast::ExprKind::KeyValue;
  if (keyed) {
    std::set<int> seen;
    for (ast::Expr* el : e->elts) {
      if (!el) continue;
      if (el->kind != ast::ExprKind::KeyValue) {
        error(el->pos, "mixture of field:value and value elements in struct literal");
        continue;
      }
      auto* kv = static_cast<ast::KeyValueExpr*>(el);
      auto* key = kv->key && kv->key->kind == ast::ExprKind::Ident ? static_cast<ast::Ident*>(kv->key) : nullptr;
      Operand x;
      if (!key) {
        error(kv->key ? kv->key->pos : kv->pos, "invalid field name " + exprStr(kv->key) + " in struct literal");
        exprWithHint(&x, kv->value, nullptr);
        continue;
      }
      int idx = -1;
      for (size_t i = 0; i < st->fields.size(); i++)
        if (st->fields[i]->name == key->name) idx = static_cast<int>(i);
      if (idx < 0) {
        error(key->pos, "unknown field " + key->name + " in struct literal of type " + typeStr(t));
        exprWithHint(&x, kv->value, nullptr);
        continue;
      }
      Var* f = st->fields[static_cast<size_t>(idx)];
      key->obj = f;
      key->tv.mode = Mode::Variable;
      key->tv.type = f->type;
      if (f->pkg && f->pkg != pkg_ && !isExported(f->name))
        error(key->pos, "cannot refer to unexported field " + f->name + " in struct literal of type " + typeStr(t));
      if (!seen.insert(idx).second) error(key->pos, "duplicate field name " + key->name + " in struct literal");
      exprWithHint(&x, kv->value, f->type);
      assignment(&x, f->type, "struct literal");
    }
    return;
  }
  size_t i = 0;
  for (ast::Expr* el : e->elts) {
    if (!el) continue;
    Operand x;
    if (el->kind == ast::ExprKind::KeyValue) {
      error(el->pos, "mixture of field:value and value elements in struct literal");
      continue;
    }
    if (i >= st->fields.size()) {
      exprWithHint(&x, el, nullptr);
      error(el->pos, "too many values in struct literal of type " + typeStr(t));
      return;
    }
    Var* f = st->fields[i++];
    exprWithHint(&x, el, f->type);
    if (f->pkg && f->pkg != pkg_ && !isExported(f->name))
      error(el->pos, "implicit assignment to unexported field " + f->name + " in struct literal of type " + typeStr(t));
    assignment(&x, f->type, "struct literal");
  }
  if (i < st->fields.size()) error(e->rbrace, "too few values in struct literal of type " + typeStr(t));
}

// Array and slice elements; returns the literal's length (max index + 1).
int64_t Checker::indexedElts(const std::vector<ast::Expr*>& elts, Type* elem, int64_t len) {
  std::set<int64_t> seen;
  int64_t idx = 0, max = 0;
  for (ast::Expr* el : elts) {
    if (!el) continue;
    ast::Expr* val = el;
    bool valid_index = false;
    if (el->kind == ast::ExprKind::KeyValue) {
      auto* kv = static_cast<ast::KeyValueExpr*>(el);
      int64_t i = -1;
      if (index(kv->key, len, &i)) {
        if (i >= 0) {
          idx = i;
          valid_index = true;
        } else {
          error(kv->key->pos, "index " + exprStr(kv->key) + " must be integer constant");
        }
      }
      val = kv->value;
    } else if (len >= 0 && idx >= len) {
      error(el->pos, "index " + std::to_string(idx) + " is out of bounds (>= " + std::to_string(len) + ")");
    } else {
      valid_index = true;
    }
    if (valid_index) {
      if (!seen.insert(idx).second)
        error(el->pos, "duplicate index " + std::to_string(idx) + " in array or slice literal");
    }
    idx++;
    if (idx > max) max = idx;
    Operand x;
    exprWithHint(&x, val, elem);
    assignment(&x, elem, "array or slice literal");
  }
  return max;
}

void Checker::mapLit(ast::CompositeLit* e, Map* m) {
  std::vector<std::pair<const ConstValue*, Type*>> keys;
  for (ast::Expr* el : e->elts) {
    if (!el) continue;
    if (el->kind != ast::ExprKind::KeyValue) {
      error(el->pos, "missing key in map literal");
      Operand x;
      rawExpr(&x, el, m->elem, false);
      continue;
    }
    auto* kv = static_cast<ast::KeyValueExpr*>(el);
    Operand k;
    exprWithHint(&k, kv->key, m->key);
    assignment(&k, m->key, "map literal");
    if (k.mode == Mode::Constant && !isInterface(m->key)) {
      for (auto& [v, t] : keys) {
        if (identical(t, k.type) && v->kind() == k.val->kind() &&
            types::constant::compare(v, Tok::Eql, k.val)) {
          error(kv->key->pos, "duplicate key " + k.val->str() + " in map literal");
          break;
        }
      }
      keys.emplace_back(k.val, k.type);
    }
    Operand v;
    exprWithHint(&v, kv->value, m->elem);
    assignment(&v, m->elem, "map literal");
  }
}

}  // namespace csp::check
