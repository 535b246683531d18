// fmt's Printer: operands, verbs and composite values, as Go's
// fmt/print.go. Where Go uses reflection we walk CspType descriptors: a
// Value is (type, pointer to the value); an interface operand's value is
// found from its data word (ifaceValuePtr). Map keys are sorted as Go's
// internal/fmtsort.
#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/iface.h"
#include "runtime/panic.h"
#include "runtime/string.h"
#include "stdlib/fmt_impl.h"

namespace csp::stdlib {

using rt::view;

bool loadInteger(const CspType* t, const void* p, uint64_t* out,
                 bool* is_signed) {
  *is_signed = true;
  switch (t->kind) {
    case CSP_KIND_INT:
    case CSP_KIND_INT64:
      *out = static_cast<uint64_t>(*static_cast<const int64_t*>(p));
      return true;
    case CSP_KIND_INT32:
      *out = static_cast<uint64_t>(
          static_cast<int64_t>(*static_cast<const int32_t*>(p)));
      return true;
    case CSP_KIND_INT16:
      *out = static_cast<uint64_t>(
          static_cast<int64_t>(*static_cast<const int16_t*>(p)));
      return true;
    case CSP_KIND_INT8:
      *out = static_cast<uint64_t>(
          static_cast<int64_t>(*static_cast<const int8_t*>(p)));
      return true;
    default:
      break;
  }
  *is_signed = false;
  switch (t->kind) {
    case CSP_KIND_UINT:
    case CSP_KIND_UINT64:
    case CSP_KIND_UINTPTR:
      *out = *static_cast<const uint64_t*>(p);
      return true;
    case CSP_KIND_UINT32:
      *out = *static_cast<const uint32_t*>(p);
      return true;
    case CSP_KIND_UINT16:
      *out = *static_cast<const uint16_t*>(p);
      return true;
    case CSP_KIND_UINT8:
      *out = *static_cast<const uint8_t*>(p);
      return true;
    default:
      return false;
  }
}

// The interface data word that holds the value at v (for method calls).
static void* dataWord(const CspType* t, const void* p) {
  if (t->flags & CSP_TF_DIRECT) return *static_cast<void* const*>(p);
  return const_cast<void*>(p);
}

void Printer::fmt0x64(uint64_t v, bool leading0x) {
  bool sharp = fmt.sharp;
  fmt.sharp = leading0x;
  fmt.fmtInteger(v, 16, false, 'v', false);
  fmt.sharp = sharp;
}

void Printer::badVerb(int32_t verb) {
  erroring_ = true;
  buf += "%!";
  rt::appendRune(&buf, verb);
  buf += "(";
  if (has_arg_) {
    CspIface a = arg_;
    buf += static_cast<const CspType*>(a.tab)->name;
    buf += "=";
    printArg(a, 'v');
  } else if (value_.type) {
    Value v = value_;
    buf += v.type->name;
    buf += "=";
    printValue(v, 'v', 0);
  } else {
    buf += "<nil>";
  }
  buf += ")";
  erroring_ = false;
}

void Printer::fmtBool(bool v, int32_t verb) {
  if (verb == 't' || verb == 'v')
    fmt.fmtBoolean(v);
  else
    badVerb(verb);
}

void Printer::fmtInteger(uint64_t v, bool is_signed, int32_t verb) {
  switch (verb) {
    case 'v':
      if (fmt.sharpV && !is_signed)
        fmt0x64(v, true);
      else
        fmt.fmtInteger(v, 10, is_signed, verb, false);
      return;
    case 'd':
      fmt.fmtInteger(v, 10, is_signed, verb, false);
      return;
    case 'b':
      fmt.fmtInteger(v, 2, is_signed, verb, false);
      return;
    case 'o':
    case 'O':
      fmt.fmtInteger(v, 8, is_signed, verb, false);
      return;
    case 'x':
      fmt.fmtInteger(v, 16, is_signed, verb, false);
      return;
    case 'X':
      fmt.fmtInteger(v, 16, is_signed, verb, true);
      return;
    case 'c':
      fmt.fmtC(v);
      return;
    case 'q':
      fmt.fmtQc(v);
      return;
    case 'U':
      fmt.fmtUnicode(v);
      return;
    default:
      badVerb(verb);
  }
}

void Printer::fmtFloat(double v, int size, int32_t verb) {
  switch (verb) {
    case 'v':
      fmt.fmtFloat(v, size, 'g', -1);
      return;
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      fmt.fmtFloat(v, size, verb, -1);
      return;
    case 'f':
    case 'e':
    case 'E':
      fmt.fmtFloat(v, size, verb, 6);
      return;
    case 'F':
      fmt.fmtFloat(v, size, 'f', 6);
      return;
    default:
      badVerb(verb);
  }
}

void Printer::fmtString(std::string_view v, int32_t verb) {
  switch (verb) {
    case 'v':
      if (fmt.sharpV)
        fmt.fmtQ(v);
      else
        fmt.fmtS(v);
      return;
    case 's':
      fmt.fmtS(v);
      return;
    case 'x':
      fmt.fmtSbx(v, false);
      return;
    case 'X':
      fmt.fmtSbx(v, true);
      return;
    case 'q':
      fmt.fmtQ(v);
      return;
    default:
      badVerb(verb);
  }
}

void Printer::fmtBytes(const uint8_t* p, int64_t n, bool is_nil, int32_t verb,
                       const char* type_name) {
  std::string_view s(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
  switch (verb) {
    case 'v':
    case 'd':
      if (fmt.sharpV) {
        buf += type_name;
        if (is_nil) {
          buf += "(nil)";
          return;
        }
        buf += "{";
        for (int64_t i = 0; i < n; i++) {
          if (i > 0) buf += ", ";
          fmt0x64(p[i], true);
        }
        buf += "}";
      } else {
        buf += "[";
        for (int64_t i = 0; i < n; i++) {
          if (i > 0) buf += " ";
          fmt.fmtInteger(p[i], 10, false, verb, false);
        }
        buf += "]";
      }
      return;
    case 's':
      fmt.fmtS(s);
      return;
    case 'x':
      fmt.fmtSbx(s, false);
      return;
    case 'X':
      fmt.fmtSbx(s, true);
      return;
    case 'q':
      fmt.fmtQ(s);
      return;
  }
  // Other verbs: element by element, as Go's printValue of the slice.
  buf += "[";
  for (int64_t i = 0; i < n; i++) {
    if (i > 0) buf += " ";
    fmtInteger(p[i], false, verb);
  }
  buf += "]";
}

void Printer::fmtPointer(Value v, int32_t verb) {
  uint64_t u;
  switch (v.type->kind) {
    case CSP_KIND_CHAN:
    case CSP_KIND_FUNC:
    case CSP_KIND_MAP:
    case CSP_KIND_POINTER:
    case CSP_KIND_UNSAFE_POINTER:
      u = reinterpret_cast<uint64_t>(*static_cast<void* const*>(v.ptr));
      break;
    case CSP_KIND_SLICE:
      u = reinterpret_cast<uint64_t>(static_cast<const CspSlice*>(v.ptr)->data);
      break;
    default:
      badVerb(verb);
      return;
  }
  switch (verb) {
    case 'v':
      if (fmt.sharpV) {
        buf += "(";
        buf += v.type->name;
        buf += ")(";
        if (u == 0)
          buf += "nil";
        else
          fmt0x64(u, true);
        buf += ")";
      } else if (u == 0) {
        fmt.padString("<nil>");
      } else {
        fmt0x64(u, !fmt.sharp);
      }
      return;
    case 'p':
      fmt0x64(u, !fmt.sharp);
      return;
    case 'b':
    case 'o':
    case 'd':
    case 'x':
    case 'X':
      fmtInteger(u, false, verb);
      return;
    default:
      badVerb(verb);
  }
}

// Calls a String/Error/GoString method and prints its result; a panic in
// it is caught as Go's catchPanic does.
bool Printer::callStringish(const CspMethod* m, void* data, int32_t verb,
                            const char* method) {
  CspString s;
  try {
    s = rt::callStringMethod(m, data);
  } catch (rt::Panic* p) {
    rt::dropPanic(p);
    const CspType* t = static_cast<const CspType*>(arg_.tab);
    if (t && t->kind == CSP_KIND_POINTER && !data) {
      buf += "<nil>";
      return true;
    }
    Fmt saved = fmt;
    fmt.clearflags();
    buf += "%!";
    rt::appendRune(&buf, verb);
    buf += "(PANIC=";
    buf += method;
    buf += " method: ";
    printArg(p->value, 'v');
    buf += ")";
    fmt = saved;
    return true;
  }
  if (verb == 'v' && fmt.sharpV)
    fmt.fmtS(view(s));
  else
    fmtString(view(s), verb);
  return true;
}

// As Go's handleMethods: error, Stringer and GoStringer operands.
bool Printer::handleMethods(int32_t verb, const CspType* t, void* data) {
  if (erroring_) return false;
  if (verb == 'w') {
    // As Go 1.19: %w is valid once, in Errorf, with an error operand.
    if (!wrapErrs || wrapped_ || !rt::stringMethod(t, "Error")) {
      wrapped_ = false;
      wrapErrs = false;
      badVerb(verb);
      return true;
    }
    wrapped_ = true;
    verb = 'v';
  }
  if (fmt.sharpV) {
    if (const CspMethod* m = rt::stringMethod(t, "GoString"))
      return callStringish(m, data, verb, "GoString");
    return false;
  }
  switch (verb) {
    case 'v':
    case 's':
    case 'x':
    case 'X':
    case 'q':
      if (const CspMethod* m = rt::stringMethod(t, "Error"))
        return callStringish(m, data, verb, "Error");
      if (const CspMethod* m = rt::stringMethod(t, "String"))
        return callStringish(m, data, verb, "String");
  }
  return false;
}

// As Go's printArg.
void Printer::printArg(CspIface arg, int32_t verb) {
  arg_ = arg;
  has_arg_ = arg.tab != nullptr;
  value_ = Value{nullptr, nullptr};
  auto* t = static_cast<const CspType*>(arg.tab);
  if (!t) {
    if (verb == 'T' || verb == 'v')
      fmt.padString("<nil>");
    else
      badVerb(verb);
    return;
  }
  const void* p = rt::ifaceValuePtr(t, &arg.data);
  if (verb == 'T') {
    fmt.fmtS(t->name);
    return;
  }
  if (verb == 'p') {
    fmtPointer(Value{t, p}, 'p');
    return;
  }
  bool named = t->flags & CSP_TF_NAMED;
  if (!named && t->kind == CSP_KIND_SLICE && t->elem->kind == CSP_KIND_UINT8 &&
      !(t->elem->flags & CSP_TF_NAMED)) {
    auto* s = static_cast<const CspSlice*>(p);
    fmtBytes(static_cast<const uint8_t*>(s->data), s->len, s->data == nullptr,
             verb, "[]byte");
    return;
  }
  if (handleMethods(verb, t, arg.data)) return;
  printValue(Value{t, p}, verb, 0);
}

// As Go's printValue.
void Printer::printValue(Value v, int32_t verb, int depth) {
  if (depth > 0 && v.type && v.can_iface) {
    arg_ = CspIface{v.type, dataWord(v.type, v.ptr)};
    has_arg_ = true;
    if (handleMethods(verb, v.type, arg_.data)) return;
  }
  has_arg_ = false;
  value_ = v;
  const CspType* t = v.type;
  if (!t) {
    if (depth == 0)
      fmt.fmtS("<invalid reflect.Value>");
    else if (verb == 'v')
      fmt.padString("<nil>");
    else
      badVerb(verb);
    return;
  }
  uint64_t u;
  bool is_signed;
  if (loadInteger(t, v.ptr, &u, &is_signed)) {
    fmtInteger(u, is_signed, verb);
    return;
  }
  switch (t->kind) {
    case CSP_KIND_BOOL:
      fmtBool(*static_cast<const uint8_t*>(v.ptr) != 0, verb);
      return;
    case CSP_KIND_FLOAT32:
      fmtFloat(*static_cast<const float*>(v.ptr), 32, verb);
      return;
    case CSP_KIND_FLOAT64:
      fmtFloat(*static_cast<const double*>(v.ptr), 64, verb);
      return;
    case CSP_KIND_STRING:
      fmtString(view(*static_cast<const CspString*>(v.ptr)), verb);
      return;
    case CSP_KIND_MAP:
      printMap(v, verb, depth);
      return;
    case CSP_KIND_STRUCT:
      printStruct(v, verb, depth);
      return;
    case CSP_KIND_INTERFACE: {
      auto* x = static_cast<const CspIface*>(v.ptr);
      const CspType* dt = rt::dynType(t, x->tab);
      if (!dt) {
        if (fmt.sharpV) {
          buf += t->name;
          buf += "(nil)";
        } else {
          buf += "<nil>";
        }
        return;
      }
      printValue(Value{dt, rt::ifaceValuePtr(dt, &x->data), v.can_iface}, verb,
                 depth + 1);
      return;
    }
    case CSP_KIND_ARRAY:
    case CSP_KIND_SLICE:
      printList(v, verb, depth);
      return;
    case CSP_KIND_POINTER: {
      void* target = *static_cast<void* const*>(v.ptr);
      if (depth == 0 && target) {
        switch (t->elem->kind) {
          case CSP_KIND_ARRAY:
          case CSP_KIND_SLICE:
          case CSP_KIND_STRUCT:
          case CSP_KIND_MAP:
            buf += "&";
            printValue(Value{t->elem, target, v.can_iface}, verb, depth + 1);
            return;
        }
      }
      fmtPointer(v, verb);
      return;
    }
    case CSP_KIND_CHAN:
    case CSP_KIND_FUNC:
    case CSP_KIND_UNSAFE_POINTER:
      fmtPointer(v, verb);
      return;
    default:
      buf += "?";
      return;
  }
}

namespace {

int compareValues(const CspType* t, const void* a, const void* b);

int cmp3(auto x, auto y) { return x < y ? -1 : x > y ? 1 : 0; }

int floatCompare(double a, double b) {
  if (a != a) return -1;
  if (b != b) return 1;
  return cmp3(a, b);
}

// As Go's internal/fmtsort compare.
int compareValues(const CspType* t, const void* a, const void* b) {
  uint64_t x, y;
  bool is_signed;
  if (loadInteger(t, a, &x, &is_signed)) {
    loadInteger(t, b, &y, &is_signed);
    return is_signed ? cmp3(static_cast<int64_t>(x), static_cast<int64_t>(y))
                     : cmp3(x, y);
  }
  switch (t->kind) {
    case CSP_KIND_STRING:
      return cmp3(view(*static_cast<const CspString*>(a))
                      .compare(view(*static_cast<const CspString*>(b))),
                  0);
    case CSP_KIND_FLOAT64:
      return floatCompare(*static_cast<const double*>(a),
                          *static_cast<const double*>(b));
    case CSP_KIND_FLOAT32:
      return floatCompare(*static_cast<const float*>(a),
                          *static_cast<const float*>(b));
    case CSP_KIND_BOOL:
      return cmp3(*static_cast<const uint8_t*>(a) != 0,
                  *static_cast<const uint8_t*>(b) != 0);
    case CSP_KIND_STRUCT:
      for (int64_t i = 0; i < t->nfields; i++) {
        const CspField& f = t->fields[i];
        int c = compareValues(f.type, static_cast<const char*>(a) + f.offset,
                              static_cast<const char*>(b) + f.offset);
        if (c) return c;
      }
      return 0;
    case CSP_KIND_ARRAY:
      for (int64_t i = 0; i < t->len; i++) {
        int64_t off = i * t->elem->size;
        int c = compareValues(t->elem, static_cast<const char*>(a) + off,
                              static_cast<const char*>(b) + off);
        if (c) return c;
      }
      return 0;
    case CSP_KIND_INTERFACE: {
      auto* xa = static_cast<const CspIface*>(a);
      auto* xb = static_cast<const CspIface*>(b);
      const CspType* ta = rt::dynType(t, xa->tab);
      const CspType* tb = rt::dynType(t, xb->tab);
      if (!ta || !tb) return !ta && !tb ? 0 : !ta ? -1 : 1;
      if (!rt::typeEq(ta, tb))
        return cmp3(reinterpret_cast<uintptr_t>(ta),
                    reinterpret_cast<uintptr_t>(tb));
      return compareValues(ta, rt::ifaceValuePtr(ta, &xa->data),
                           rt::ifaceValuePtr(tb, &xb->data));
    }
    default:  // pointers, channels: by address
      return cmp3(*static_cast<const uintptr_t*>(a),
                  *static_cast<const uintptr_t*>(b));
  }
}

}  // namespace

void Printer::printMap(Value v, int32_t verb, int depth) {
  void* m = *static_cast<void* const*>(v.ptr);
  if (fmt.sharpV) {
    buf += v.type->name;
    if (!m) {
      buf += "(nil)";
      return;
    }
    buf += "{";
  } else {
    buf += "map[";
  }
  std::vector<std::pair<void*, void*>> entries;
  CspMapIter it;
  for (csp_rt_mapiterinit(v.type, m, &it); it.key; csp_rt_mapiternext(&it))
    entries.emplace_back(it.key, it.elem);
  const CspType* kt = v.type->key;
  // Go sorts stably; equal keys only arise from NaNs, which compare
  // "less" both ways: make them equal, then break ties by position.
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); i++) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    int c = compareValues(kt, entries[a].first, entries[b].first);
    if (c < 0 && compareValues(kt, entries[b].first, entries[a].first) < 0)
      c = 0;
    return c < 0 || (c == 0 && a < b);
  });
  std::vector<std::pair<void*, void*>> sorted;
  for (size_t i : order) sorted.push_back(entries[i]);
  entries.swap(sorted);
  for (size_t i = 0; i < entries.size(); i++) {
    if (i > 0) buf += fmt.sharpV ? ", " : " ";
    printValue(Value{kt, entries[i].first, v.can_iface}, verb, depth + 1);
    buf += ":";
    printValue(Value{v.type->elem, entries[i].second, v.can_iface}, verb,
               depth + 1);
  }
  buf += fmt.sharpV ? "}" : "]";
}

void Printer::printStruct(Value v, int32_t verb, int depth) {
  if (fmt.sharpV) buf += v.type->name;
  buf += "{";
  for (int64_t i = 0; i < v.type->nfields; i++) {
    const CspField& f = v.type->fields[i];
    if (i > 0) buf += fmt.sharpV ? ", " : " ";
    if ((fmt.plusV || fmt.sharpV) && f.name && *f.name) {
      buf += f.name;
      buf += ":";
    }
    printValue(Value{f.type, static_cast<const char*>(v.ptr) + f.offset,
                     v.can_iface && f.exported},
               verb, depth + 1);
  }
  buf += "}";
}

void Printer::printList(Value v, int32_t verb, int depth) {
  const CspType* t = v.type;
  const char* data;
  int64_t n;
  bool is_nil = false;
  if (t->kind == CSP_KIND_SLICE) {
    auto* s = static_cast<const CspSlice*>(v.ptr);
    data = static_cast<const char*>(s->data);
    n = s->len;
    is_nil = s->data == nullptr;
  } else {
    data = static_cast<const char*>(v.ptr);
    n = t->len;
  }
  if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') &&
      t->elem->kind == CSP_KIND_UINT8) {
    fmtBytes(reinterpret_cast<const uint8_t*>(data), n, is_nil, verb, t->name);
    return;
  }
  int64_t size = t->elem->size;
  if (fmt.sharpV) {
    buf += t->name;
    if (t->kind == CSP_KIND_SLICE && is_nil) {
      buf += "(nil)";
      return;
    }
    buf += "{";
    for (int64_t i = 0; i < n; i++) {
      if (i > 0) buf += ", ";
      printValue(Value{t->elem, data + i * size, v.can_iface}, verb, depth + 1);
    }
    buf += "}";
    return;
  }
  buf += "[";
  for (int64_t i = 0; i < n; i++) {
    if (i > 0) buf += " ";
    printValue(Value{t->elem, data + i * size, v.can_iface}, verb, depth + 1);
  }
  buf += "]";
}

void Printer::doPrint(const CspIface* a, int64_t n) {
  bool prev_string = false;
  for (int64_t i = 0; i < n; i++) {
    auto* t = static_cast<const CspType*>(a[i].tab);
    bool is_string = t && t->kind == CSP_KIND_STRING;
    if (i > 0 && !is_string && !prev_string) buf += " ";
    printArg(a[i], 'v');
    prev_string = is_string;
  }
}

void Printer::doPrintln(const CspIface* a, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    if (i > 0) buf += " ";
    printArg(a[i], 'v');
  }
  buf += "\n";
}
}  // namespace csp::stdlib
