// Run-time errors: the dynamic types of the values that run-time panics
// carry, and the csp_rt_panic_* entry points that raise them.
//
// As Go, a run-time error is an ordinary error value: recover() returns
// it, fmt prints it through its Error method, r.(error) holds. Its types
// are described here by hand-built CspType descriptors named as Go names
// them (%T): runtime.errorString ("runtime error: " + text),
// runtime.plainError (text as is), runtime.boundsError (formatted on
// demand, as Go's) and *runtime.TypeAssertionError.
#include <cstring>
#include <string>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/iface.h"
#include "runtime/panic.h"
#include "runtime/stack.h"
#include "runtime/string.h"

namespace csp::rt {

namespace {

constexpr uint64_t fnv1a(const char* s) {
  uint64_t h = 14695981039346656037ull;
  for (; *s; s++) {
    h ^= static_cast<unsigned char>(*s);
    h *= 1099511628211ull;
  }
  return h;
}

// A type descriptor with the fields every type has; the others (elem,
// fields, methods, params...) are zero until a caller below sets them.
constexpr CspType typeDesc(int64_t size, int32_t align, uint8_t kind,
                           uint8_t flags, const char* name, uint64_t hash) {
  CspType t{};
  t.size = size;
  t.align = align;
  t.kind = kind;
  t.flags = flags;
  t.name = name;
  t.hash = hash;
  return t;
}

// A run-time error's type: t with its two methods, Error and RuntimeError.
constexpr CspType errorDesc(CspType t, const CspMethod* methods) {
  t.methods = methods;
  t.nmethods = 2;
  return t;
}

// As Go's boundsError.
struct BoundsError {
  int64_t x;
  int64_t y;
  int32_t code;  // 0: index, 1 + CspSliceFail
};

struct TypeAssertionError {
  const CspType* iface;     // null: "interface"
  const CspType* concrete;  // null: the interface was nil
  const CspType* asserted;
  const char* missing;  // the missing method, or null
};

CspString errorStringError(void* data) {
  return makeString("runtime error: " +
                    std::string(view(*static_cast<CspString*>(data))));
}

CspString plainErrorError(void* data) { return *static_cast<CspString*>(data); }

// Go's boundsErrorFmt and boundsNegErrorFmt, %x and %y the operands.
const char* const kBoundsFmt[] = {
    "index out of range [%x] with length %y",
    "slice bounds out of range [:%x] with length %y",
    "slice bounds out of range [:%x] with capacity %y",
    "slice bounds out of range [%x:%y]",
    "slice bounds out of range [::%x] with length %y",
    "slice bounds out of range [::%x] with capacity %y",
    "slice bounds out of range [:%x:%y]",
    "slice bounds out of range [%x:%y:]",
};
const char* const kBoundsNegFmt[] = {
    "index out of range [%x]",          "slice bounds out of range [:%x]",
    "slice bounds out of range [:%x]",  "slice bounds out of range [%x:]",
    "slice bounds out of range [::%x]", "slice bounds out of range [::%x]",
    "slice bounds out of range [:%x:]", "slice bounds out of range [%x::]",
};

CspString boundsErrorError(void* data) {
  auto* e = static_cast<BoundsError*>(data);
  const char* fmt = e->x < 0 ? kBoundsNegFmt[e->code] : kBoundsFmt[e->code];
  std::string out = "runtime error: ";
  for (const char* p = fmt; *p; p++) {
    if (p[0] == '%' && (p[1] == 'x' || p[1] == 'y')) {
      out += std::to_string(p[1] == 'x' ? e->x : e->y);
      p++;
    } else {
      out += *p;
    }
  }
  return makeString(out);
}

// As Go's (*TypeAssertionError).Error.
CspString typeAssertionErrorError(void* data) {
  auto* e = static_cast<TypeAssertionError*>(data);
  std::string inter = e->iface ? e->iface->name : "interface";
  std::string as = e->asserted->name;
  if (!e->concrete)
    return makeString("interface conversion: " + inter + " is nil, not " + as);
  std::string cs = e->concrete->name;
  if (!e->missing) {
    std::string msg =
        "interface conversion: " + inter + " is " + cs + ", not " + as;
    if (cs == as) msg += " (types from different scopes)";
    return makeString(msg);
  }
  return makeString("interface conversion: " + cs + " is not " + as +
                    ": missing method " + e->missing);
}

void runtimeErrorMethod(void*) {}

const CspType* const kStringResult[] = {&kStringType};

// func() string and func(): the signatures of Error and RuntimeError, with
// the hashes codegen gives them (FNV-1a of "func()string," / "func()").
const CspType kFuncString = [] {
  CspType t = typeDesc(8, 8, CSP_KIND_FUNC, CSP_TF_DIRECT, "func() string",
                       fnv1a("func()string,"));
  t.params = kStringResult;
  t.nparams = 1;
  t.nresults = 1;
  return t;
}();
const CspType kFuncVoid =
    typeDesc(8, 8, CSP_KIND_FUNC, CSP_TF_DIRECT, "func()", fnv1a("func()"));

#define ERROR_METHODS(fn)                                                     \
  {                                                                           \
    {"Error", &kFuncString, reinterpret_cast<void*>(fn)}, {                   \
      "RuntimeError", &kFuncVoid, reinterpret_cast<void*>(runtimeErrorMethod) \
    }                                                                         \
  }

const CspMethod kErrorStringMethods[] = ERROR_METHODS(errorStringError);
const CspMethod kPlainErrorMethods[] = ERROR_METHODS(plainErrorError);
const CspMethod kBoundsErrorMethods[] = ERROR_METHODS(boundsErrorError);
const CspMethod kTypeAssertionErrorMethods[] =
    ERROR_METHODS(typeAssertionErrorError);

const CspType kInt64Type =
    typeDesc(8, 8, CSP_KIND_INT64, CSP_TF_COMPARABLE | CSP_TF_NOPTR, "int64",
             fnv1a("int64"));
const CspType kInt32Type =
    typeDesc(4, 4, CSP_KIND_INT32, CSP_TF_COMPARABLE | CSP_TF_NOPTR, "int32",
             fnv1a("int32"));
const CspField kBoundsErrorFields[] = {{"x", &kInt64Type, 0, 0, 0},
                                       {"y", &kInt64Type, 8, 0, 0},
                                       {"code", &kInt32Type, 16, 0, 0}};

const CspType kTypeAssertionErrorType =
    typeDesc(sizeof(TypeAssertionError), 8, CSP_KIND_STRUCT, CSP_TF_NAMED,
             "runtime.TypeAssertionError", fnv1a("runtime.TypeAssertionError"));

}  // namespace

const CspType kStringType =
    typeDesc(16, 8, CSP_KIND_STRING, CSP_TF_COMPARABLE | CSP_TF_NOPTR, "string",
             fnv1a("string"));
const CspType kErrorStringType =
    errorDesc(typeDesc(16, 8, CSP_KIND_STRING,
                       CSP_TF_COMPARABLE | CSP_TF_NAMED | CSP_TF_NOPTR,
                       "runtime.errorString", fnv1a("runtime.errorString")),
              kErrorStringMethods);
const CspType kPlainErrorType =
    errorDesc(typeDesc(16, 8, CSP_KIND_STRING,
                       CSP_TF_COMPARABLE | CSP_TF_NAMED | CSP_TF_NOPTR,
                       "runtime.plainError", fnv1a("runtime.plainError")),
              kPlainErrorMethods);
const CspType kBoundsErrorType = [] {
  CspType t = typeDesc(sizeof(BoundsError), 8, CSP_KIND_STRUCT,
                       CSP_TF_COMPARABLE | CSP_TF_NAMED | CSP_TF_NOPTR,
                       "runtime.boundsError", fnv1a("runtime.boundsError"));
  t.fields = kBoundsErrorFields;
  t.nfields = 3;
  return errorDesc(t, kBoundsErrorMethods);
}();
const CspType kTypeAssertionErrorPtrType = [] {
  CspType t = typeDesc(
      8, 8, CSP_KIND_POINTER, CSP_TF_DIRECT | CSP_TF_COMPARABLE,
      "*runtime.TypeAssertionError", fnv1a("*runtime.TypeAssertionError"));
  t.elem = &kTypeAssertionErrorType;
  return errorDesc(t, kTypeAssertionErrorMethods);
}();

static CspString* boxString(const std::string& msg) {
  auto* s = static_cast<CspString*>(gcAlloc(sizeof(CspString)));
  *s = makeString(msg);
  return s;
}

void panicErrorString(const std::string& msg) {
  if (onSmallStack()) offSmallStack([&] { panicErrorString(msg); });
  panicError(&kErrorStringType, boxString(msg));
}

void panicPlainError(const std::string& msg) {
  if (onSmallStack()) offSmallStack([&] { panicPlainError(msg); });
  panicError(&kPlainErrorType, boxString(msg));
}

static void panicBounds(int32_t code, int64_t x, int64_t y) {
  auto* e = static_cast<BoundsError*>(gcAllocNoscan(sizeof(BoundsError)));
  *e = BoundsError{x, y, code};
  panicError(&kBoundsErrorType, e);
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void csp_rt_panic_index(int64_t index, int64_t len) {
  panicBounds(0, index, len);
}

extern "C" void csp_rt_panic_slice(int32_t which, int64_t x, int64_t y) {
  if (which < 0 || which > CSP_SLICE_3C) which = CSP_SLICE_B;
  panicBounds(which + 1, x, y);
}

extern "C" void csp_rt_panic_divide(void) {
  panicErrorString("integer divide by zero");
}

extern "C" void csp_rt_panic_nil(void) {
  if (onSmallStack()) offSmallStack([] { csp_rt_panic_nil(); });
  panicError(&kErrorStringType,
             boxString("invalid memory address or nil pointer dereference"),
             true);
}

extern "C" void csp_rt_panic_shift(void) {
  panicErrorString("negative shift amount");
}

extern "C" void csp_rt_panic_makeslice(int32_t is_cap) {
  panicErrorString(is_cap ? "makeslice: cap out of range"
                          : "makeslice: len out of range");
}

extern "C" void csp_rt_panic_assert(const CspType* have, const CspType* want,
                                    const CspType* iface) {
  auto* e =
      static_cast<TypeAssertionError*>(gcAlloc(sizeof(TypeAssertionError)));
  e->iface = iface;
  e->concrete = have;
  e->asserted = want;
  e->missing = nullptr;
  if (have && want->kind == CSP_KIND_INTERFACE)
    e->missing = missingMethod(want, have);
  panicError(&kTypeAssertionErrorPtrType, e);
}
