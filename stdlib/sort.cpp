// Package sort, the C++ half: what Go's sort.Slice gets from reflection,
// the length of a slice held in an interface and a func that swaps two of
// its elements.
#include <cstring>
#include <string>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/panic.h"

using namespace csp;

namespace {

// The closure object swapper returns: { code, captures }.
struct SwapClosure {
  void (*code)(void*, int64_t, int64_t);
  char* data;
  int64_t len;
  int64_t size;
};

const CspSlice* sliceIn(const void* tab, void* data, const char* what) {
  auto* t = static_cast<const CspType*>(tab);
  if (!t || t->kind != CSP_KIND_SLICE)
    rt::panicPlainError(std::string("reflect: call of ") + what + " on " +
                        (t ? t->name : "zero") + " Value");
  return static_cast<const CspSlice*>(data);
}

void swapCode(void* env, int64_t i, int64_t j) {
  auto* c = static_cast<SwapClosure*>(env);
  if (static_cast<uint64_t>(i) >= static_cast<uint64_t>(c->len) ||
      static_cast<uint64_t>(j) >= static_cast<uint64_t>(c->len))
    rt::panicPlainError("reflect: slice index out of range");
  char* a = c->data + i * c->size;
  char* b = c->data + j * c->size;
  char tmp[256];
  for (int64_t off = 0; off < c->size;
       off += static_cast<int64_t>(sizeof tmp)) {
    size_t n = static_cast<size_t>(c->size - off < 256 ? c->size - off : 256);
    std::memcpy(tmp, a + off, n);
    std::memcpy(a + off, b + off, n);
    std::memcpy(b + off, tmp, n);
  }
}

}  // namespace

extern "C" int64_t csp_sort_sliceLen(const void* tab, void* data) {
  return sliceIn(tab, data, "reflect.Value.Len")->len;
}

extern "C" void* csp_sort_swapper(const void* tab, void* data) {
  const CspSlice* s = sliceIn(tab, data, "Swapper");
  auto* c = static_cast<SwapClosure*>(rt::gcAlloc(sizeof(SwapClosure)));
  c->code = swapCode;
  c->data = static_cast<char*>(s->data);
  c->len = s->len;
  c->size = static_cast<const CspType*>(tab)->elem->size;
  return c;
}
