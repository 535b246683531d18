// Types and interfaces at run time: type identity, generic equality and
// hashing walking a CspType, itabs, and the runtime's own types (the
// dynamic types of run-time error values).
#pragma once

#include <cstdint>
#include <string>

#include "runtime/abi.h"

namespace csp::rt {

bool typeEq(const CspType* a, const CspType* b);
inline bool isEmptyIface(const CspType* t) {
  return t->kind == CSP_KIND_INTERFACE && t->nimethods == 0;
}
// The dynamic type of an interface value of static type iface_t.
inline const CspType* dynType(const CspType* iface_t, const void* tab) {
  if (!tab) return nullptr;
  if (isEmptyIface(iface_t)) return static_cast<const CspType*>(tab);
  return static_cast<const CspItab*>(tab)->type;
}
// Pointer to the value an interface data word stands for (the word itself
// for pointer-shaped types).
inline const void* ifaceValuePtr(const CspType* t, void* const* data_word) {
  return (t->flags & CSP_TF_DIRECT) ? static_cast<const void*>(data_word)
                                    : *data_word;
}

// == on values of type t at a and b (Go's semantics: floats by value,
// strings by content, interfaces by dynamic type and value; panics for
// uncomparable dynamic types).
bool valueEqual(const CspType* t, const void* a, const void* b);
// Hash of the value of type t at p (consistent with valueEqual; panics
// "hash of unhashable type T").
uint64_t valueHash(const CspType* t, const void* p, uint64_t seed);

// The method named name in t's method set, or null.
const CspMethod* findMethod(const CspType* t, const char* name);
// The first method of interface inter that t lacks (null if none).
const char* missingMethod(const CspType* inter, const CspType* t);
// Calls t's String or Error method (signature func() string) on data.
CspString callStringMethod(const CspMethod* m, void* data);
// Whether t has method name with signature func() string.
const CspMethod* stringMethod(const CspType* t, const char* name);

// The runtime's own type descriptors.
extern const CspType kStringType;                 // string
extern const CspType kErrorStringType;            // runtime.errorString
extern const CspType kPlainErrorType;             // runtime.plainError
extern const CspType kBoundsErrorType;            // runtime.boundsError
extern const CspType kTypeAssertionErrorPtrType;  // *runtime.TypeAssertionError

}  // namespace csp::rt
