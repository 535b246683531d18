// Hand-built type descriptors for the runtime's unit tests (what codegen
// emits for these types, minus the hashes' exact strings).
#pragma once

#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "runtime/abi.h"

namespace csp::test {

inline uint64_t fnv1a(const std::string& s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Owns descriptors and their tables for the life of the test program.
class Types {
 public:
  const CspType* basic(CspKind kind, int64_t size, const char* name) {
    CspType* t = make(name);
    t->size = size;
    t->align = static_cast<int32_t>(size > 8 ? 8 : size);
    t->kind = static_cast<uint8_t>(kind);
    t->flags = CSP_TF_COMPARABLE | CSP_TF_NOPTR;
    if (kind == CSP_KIND_STRING) t->align = 8;
    return t;
  }
  const CspType* Int() {
    return cached(int_, [&] { return basic(CSP_KIND_INT, 8, "int"); });
  }
  const CspType* Uint8() {
    return cached(u8_, [&] { return basic(CSP_KIND_UINT8, 1, "uint8"); });
  }
  const CspType* Int32() {
    return cached(i32_, [&] { return basic(CSP_KIND_INT32, 4, "int32"); });
  }
  const CspType* Float64() {
    return cached(f64_, [&] { return basic(CSP_KIND_FLOAT64, 8, "float64"); });
  }
  const CspType* Float32() {
    return cached(f32_, [&] { return basic(CSP_KIND_FLOAT32, 4, "float32"); });
  }
  const CspType* Bool() {
    return cached(bool_, [&] { return basic(CSP_KIND_BOOL, 1, "bool"); });
  }
  const CspType* String() {
    return cached(str_, [&] {
      CspType* t = const_cast<CspType*>(basic(CSP_KIND_STRING, 16, "string"));
      t->flags = CSP_TF_COMPARABLE;
      return t;
    });
  }
  const CspType* Any() {
    return cached(any_, [&] {
      CspType* t = make("interface {}");
      t->size = 16;
      t->align = 8;
      t->kind = CSP_KIND_INTERFACE;
      t->flags = CSP_TF_COMPARABLE;
      return t;
    });
  }
  const CspType* named(const CspType* under, const char* name) {
    CspType* t = make(name);
    std::string n = t->name;
    *t = *under;
    t->name = strdupKeep(n);
    t->hash = fnv1a(n);
    t->flags |= CSP_TF_NAMED;
    return t;
  }
  const CspType* slice(const CspType* elem) {
    CspType* t = make("[]" + std::string(elem->name));
    t->size = 24;
    t->align = 8;
    t->kind = CSP_KIND_SLICE;
    t->elem = elem;
    return t;
  }
  const CspType* array(const CspType* elem, int64_t n) {
    CspType* t = make("[" + std::to_string(n) + "]" + elem->name);
    t->size = elem->size * n;
    t->align = elem->align;
    t->kind = CSP_KIND_ARRAY;
    t->elem = elem;
    t->len = n;
    t->flags = elem->flags & (CSP_TF_COMPARABLE | CSP_TF_NOPTR);
    return t;
  }
  const CspType* pointer(const CspType* elem) {
    CspType* t = make("*" + std::string(elem->name));
    t->size = 8;
    t->align = 8;
    t->kind = CSP_KIND_POINTER;
    t->flags = CSP_TF_DIRECT | CSP_TF_COMPARABLE;
    t->elem = elem;
    return t;
  }
  const CspType* map(const CspType* key, const CspType* elem) {
    CspType* t = make("map[" + std::string(key->name) + "]" + elem->name);
    t->size = 8;
    t->align = 8;
    t->kind = CSP_KIND_MAP;
    t->flags = CSP_TF_DIRECT;
    t->key = key;
    t->elem = elem;
    return t;
  }
  // A struct of the given fields, laid out with natural alignment.
  const CspType* structOf(
      const char* name,
      std::vector<std::pair<const char*, const CspType*>> fs) {
    CspType* t = make(name);
    auto& fields = fields_.emplace_back();
    int64_t off = 0, align = 1;
    uint8_t flags = CSP_TF_COMPARABLE | CSP_TF_NOPTR;
    for (auto& [fname, ft] : fs) {
      off = (off + ft->align - 1) / ft->align * ft->align;
      bool exported = fname[0] >= 'A' && fname[0] <= 'Z';
      fields.push_back(
          CspField{fname, ft, off, 0, static_cast<uint8_t>(exported)});
      off += ft->size;
      if (ft->align > align) align = ft->align;
      flags &= ft->flags;
    }
    t->size = (off + align - 1) / align * align;
    t->align = static_cast<int32_t>(align);
    t->kind = CSP_KIND_STRUCT;
    t->flags = flags | (std::strchr(name, '.') ? CSP_TF_NAMED : 0);
    t->fields = fields.data();
    t->nfields = static_cast<int64_t>(fields.size());
    return t;
  }
  // Gives t the method table ms (sorted by name).
  void setMethods(const CspType* t, std::vector<CspMethod> ms) {
    auto& v = methods_.emplace_back(std::move(ms));
    auto* m = const_cast<CspType*>(t);
    m->methods = v.data();
    m->nmethods = static_cast<int64_t>(v.size());
  }
  // func() string, as codegen describes it.
  const CspType* funcString() {
    return cached(fs_, [&] {
      CspType* t = make("func() string");
      t->hash = fnv1a("func()string,");
      t->size = 8;
      t->align = 8;
      t->kind = CSP_KIND_FUNC;
      t->flags = CSP_TF_DIRECT;
      auto& ps = params_.emplace_back(std::vector<const CspType*>{String()});
      t->params = ps.data();
      t->nparams = 1;
      t->nresults = 1;
      return t;
    });
  }
  // An interface type with methods "name() string".
  const CspType* stringIface(const char* name, const char* method) {
    CspType* t = make(name);
    t->size = 16;
    t->align = 8;
    t->kind = CSP_KIND_INTERFACE;
    t->flags = CSP_TF_COMPARABLE | CSP_TF_NAMED;
    auto& im =
        imethods_.emplace_back(std::vector<CspIMethod>{{method, funcString()}});
    t->imethods = im.data();
    t->nimethods = 1;
    return t;
  }

 private:
  std::deque<CspType> types_;
  std::deque<std::string> names_;
  std::deque<std::vector<CspField>> fields_;
  std::deque<std::vector<CspMethod>> methods_;
  std::deque<std::vector<CspIMethod>> imethods_;
  std::deque<std::vector<const CspType*>> params_;
  const CspType *int_ = nullptr, *u8_ = nullptr, *i32_ = nullptr,
                *f64_ = nullptr, *f32_ = nullptr, *bool_ = nullptr,
                *str_ = nullptr, *any_ = nullptr, *fs_ = nullptr;

  const char* strdupKeep(const std::string& s) {
    return names_.emplace_back(s).c_str();
  }
  CspType* make(const std::string& name) {
    CspType& t = types_.emplace_back();
    std::memset(&t, 0, sizeof t);
    t.name = strdupKeep(name);
    t.hash = fnv1a(name);
    return &t;
  }
  template <class F>
  const CspType* cached(const CspType*& slot, F f) {
    if (!slot) slot = f();
    return slot;
  }
};

inline Types& types() {
  static Types t;
  return t;
}

}  // namespace csp::test
