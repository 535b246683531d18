// Interfaces and types: identity, generic == and hashing over CspType
// descriptors, and itabs.
//
// Type identity: descriptors are linkonce constants, but separately
// compiled modules (REPL inputs) may each hold their own copy, so identity
// is pointer equality, else equal hash and name. Method matching (getitab)
// compares names and signature types the same way.
//
// Equality and hashing walk the type as Go's alg.go does: scalars by bits,
// floats by value (+0 == -0, NaN != NaN, NaN hashes randomly), strings by
// content, interfaces by dynamic type then value, arrays and structs
// element-wise (blank fields skipped).
#include "runtime/iface.h"

#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "runtime/gc.h"
#include "runtime/panic.h"
#include "runtime/string.h"

namespace csp::rt {

bool typeEq(const CspType* a, const CspType* b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return a->hash == b->hash && std::strcmp(a->name, b->name) == 0;
}

static void panicUncomparable(const char* what, const CspType* t) {
  panicErrorString(std::string(what) + t->name);
}

// == on two interface data words of the same dynamic type t.
static bool ifaceDataEqual(const CspType* t, void* d1, void* d2) {
  if (!(t->flags & CSP_TF_COMPARABLE))
    panicUncomparable("comparing uncomparable type ", t);
  if (t->flags & CSP_TF_DIRECT) return d1 == d2;
  return valueEqual(t, d1, d2);
}

static bool floatEq(double a, double b) { return a == b; }

bool valueEqual(const CspType* t, const void* a, const void* b) {
  switch (t->kind) {
    case CSP_KIND_FLOAT32:
      return floatEq(*static_cast<const float*>(a),
                     *static_cast<const float*>(b));
    case CSP_KIND_FLOAT64:
      return floatEq(*static_cast<const double*>(a),
                     *static_cast<const double*>(b));
    case CSP_KIND_COMPLEX64: {
      auto x = static_cast<const float*>(a), y = static_cast<const float*>(b);
      return x[0] == y[0] && x[1] == y[1];
    }
    case CSP_KIND_COMPLEX128: {
      auto x = static_cast<const double*>(a), y = static_cast<const double*>(b);
      return x[0] == y[0] && x[1] == y[1];
    }
    case CSP_KIND_STRING: {
      auto x = static_cast<const CspString*>(a),
           y = static_cast<const CspString*>(b);
      return x->len == y->len &&
             (x->len == 0 || std::memcmp(x->data, y->data, x->len) == 0);
    }
    case CSP_KIND_INTERFACE: {
      auto x = static_cast<const CspIface*>(a),
           y = static_cast<const CspIface*>(b);
      const CspType* tx = dynType(t, x->tab);
      const CspType* ty = dynType(t, y->tab);
      if (!typeEq(tx, ty)) return false;
      if (!tx) return true;
      return ifaceDataEqual(tx, x->data, y->data);
    }
    case CSP_KIND_ARRAY: {
      auto pa = static_cast<const char*>(a), pb = static_cast<const char*>(b);
      for (int64_t i = 0; i < t->len; i++)
        if (!valueEqual(t->elem, pa + i * t->elem->size,
                        pb + i * t->elem->size))
          return false;
      return true;
    }
    case CSP_KIND_STRUCT: {
      auto pa = static_cast<const char*>(a), pb = static_cast<const char*>(b);
      for (int64_t i = 0; i < t->nfields; i++) {
        const CspField& f = t->fields[i];
        if (f.name && std::strcmp(f.name, "_") == 0) continue;
        if (!valueEqual(f.type, pa + f.offset, pb + f.offset)) return false;
      }
      return true;
    }
    case CSP_KIND_BOOL:
      return (*static_cast<const uint8_t*>(a) != 0) ==
             (*static_cast<const uint8_t*>(b) != 0);
    case CSP_KIND_SLICE:
    case CSP_KIND_MAP:
    case CSP_KIND_FUNC:
      panicUncomparable("comparing uncomparable type ", t);
    default:
      return std::memcmp(a, b, static_cast<size_t>(t->size)) == 0;
  }
}

// A 64-bit mix (as wyhash's): good enough for a hash table.
static inline uint64_t mix(uint64_t h, uint64_t v) {
  __uint128_t m = static_cast<__uint128_t>(h ^ v ^ 0xa0761d6478bd642full) *
                  (0xe7037ed1a0b428dbull ^ v);
  return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
}

static uint64_t bytesHash(const uint8_t* p, int64_t n, uint64_t h) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = mix(h, w);
  }
  uint64_t w = 0;
  if (i < n) std::memcpy(&w, p + i, static_cast<size_t>(n - i));
  return mix(h, w ^ (static_cast<uint64_t>(n) << 56));
}

static uint64_t floatHash(double f, uint64_t h) {
  if (f == 0) return mix(h, 0);  // +0 and -0
  if (f != f) {
    // As Go: NaN != NaN, so each NaN key hashes somewhere new.
    static uint64_t nan_seq = 0;
    return mix(h, ++nan_seq * 0x9E3779B97F4A7C15ull);
  }
  uint64_t bits;
  std::memcpy(&bits, &f, 8);
  return mix(h, bits);
}

static uint64_t ifaceHash(const CspType* t, const void* p, uint64_t h) {
  auto x = static_cast<const CspIface*>(p);
  const CspType* dt = dynType(t, x->tab);
  if (!dt) return mix(h, 0);
  if (!(dt->flags & CSP_TF_COMPARABLE))
    panicUncomparable("hash of unhashable type ", dt);
  h = mix(h, dt->hash);
  if (dt->flags & CSP_TF_DIRECT)
    return mix(h, reinterpret_cast<uint64_t>(x->data));
  return valueHash(dt, x->data, h);
}

uint64_t valueHash(const CspType* t, const void* p, uint64_t h) {
  switch (t->kind) {
    case CSP_KIND_FLOAT32:
      return floatHash(*static_cast<const float*>(p), h);
    case CSP_KIND_FLOAT64:
      return floatHash(*static_cast<const double*>(p), h);
    case CSP_KIND_COMPLEX64: {
      auto x = static_cast<const float*>(p);
      return floatHash(x[1], floatHash(x[0], h));
    }
    case CSP_KIND_COMPLEX128: {
      auto x = static_cast<const double*>(p);
      return floatHash(x[1], floatHash(x[0], h));
    }
    case CSP_KIND_STRING: {
      auto s = static_cast<const CspString*>(p);
      return bytesHash(s->data, s->len, h);
    }
    case CSP_KIND_INTERFACE:
      return ifaceHash(t, p, h);
    case CSP_KIND_ARRAY:
      for (int64_t i = 0; i < t->len; i++)
        h = valueHash(t->elem, static_cast<const char*>(p) + i * t->elem->size,
                      h);
      return h;
    case CSP_KIND_STRUCT:
      for (int64_t i = 0; i < t->nfields; i++) {
        const CspField& f = t->fields[i];
        if (f.name && std::strcmp(f.name, "_") == 0) continue;
        h = valueHash(f.type, static_cast<const char*>(p) + f.offset, h);
      }
      return h;
    case CSP_KIND_BOOL:
      return mix(h, *static_cast<const uint8_t*>(p) != 0);
    case CSP_KIND_SLICE:
    case CSP_KIND_MAP:
    case CSP_KIND_FUNC:
      panicUncomparable("hash of unhashable type ", t);
    default: {
      uint64_t w = 0;
      std::memcpy(&w, p, static_cast<size_t>(t->size < 8 ? t->size : 8));
      return mix(h, w);
    }
  }
}

const CspMethod* findMethod(const CspType* t, const char* name) {
  if (!t) return nullptr;
  // The table is sorted by name: a binary search.
  int64_t lo = 0, hi = t->nmethods;
  while (lo < hi) {
    int64_t mid = (lo + hi) / 2;
    int c = std::strcmp(t->methods[mid].name, name);
    if (c == 0) return &t->methods[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (int64_t i = 0; i < t->nmethods; i++)  // in case a table is unsorted
    if (std::strcmp(t->methods[i].name, name) == 0) return &t->methods[i];
  return nullptr;
}

const char* missingMethod(const CspType* inter, const CspType* t) {
  for (int64_t i = 0; i < inter->nimethods; i++) {
    const CspIMethod& im = inter->imethods[i];
    const CspMethod* m = findMethod(t, im.name);
    if (!m || !typeEq(m->mtype, im.mtype)) return im.name;
  }
  return nullptr;
}

const CspMethod* stringMethod(const CspType* t, const char* name) {
  const CspMethod* m = findMethod(t, name);
  if (!m || !m->mtype || m->mtype->nparams != 1 || m->mtype->nresults != 1 ||
      m->mtype->params[0]->kind != CSP_KIND_STRING)
    return nullptr;
  return m;
}

CspString callStringMethod(const CspMethod* m, void* data) {
  auto fn = reinterpret_cast<CspString (*)(void*)>(m->ifn);
  return fn(data);
}

namespace {
std::mutex itab_lock;
std::map<std::pair<const CspType*, const CspType*>, const CspItab*>* itab_cache;
}  // namespace

// As Go's getitab: builds (and caches) the itab of (inter, t).
static const CspItab* buildItab(const CspType* inter, const CspType* t) {
  if (missingMethod(inter, t)) return nullptr;
  size_t n = static_cast<size_t>(inter->nimethods);
  // Itabs live forever and hold no GC pointers: plain malloc.
  auto* tab = static_cast<CspItab*>(
      std::calloc(1, sizeof(CspItab) + n * sizeof(void*)));
  tab->inter = inter;
  tab->type = t;
  for (size_t i = 0; i < n; i++)
    tab->fun[i] = findMethod(t, inter->imethods[i].name)->ifn;
  return tab;
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" bool csp_rt_typeeq(const CspType* a, const CspType* b) {
  return typeEq(a, b);
}

extern "C" bool csp_rt_efaceeq(const CspType* t1, void* d1, const CspType* t2,
                               void* d2) {
  if (!typeEq(t1, t2)) return false;
  if (!t1) return true;
  return ifaceDataEqual(t1, d1, d2);
}

extern "C" bool csp_rt_memequal(const CspType* t, const void* a,
                                const void* b) {
  return valueEqual(t, a, b);
}

extern "C" const CspItab* csp_rt_getitab(const CspType* inter,
                                         const CspType* t) {
  if (!t) return nullptr;
  std::lock_guard<std::mutex> guard(itab_lock);
  if (!itab_cache)
    itab_cache =
        new std::map<std::pair<const CspType*, const CspType*>, const CspItab*>;
  auto key = std::make_pair(inter, t);
  auto it = itab_cache->find(key);
  if (it != itab_cache->end()) return it->second;
  const CspItab* tab = buildItab(inter, t);
  (*itab_cache)[key] = tab;
  return tab;
}
