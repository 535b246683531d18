// Package context, the C++ half: what Go's context.go asks of
// internal/reflectlite, read from the dynamic type's descriptor.
#include <cstring>

#include "runtime/abi.h"

// An `any` crosses as its two words; tab is the dynamic type (null: nil).
extern "C" CspString csp_context_typeString(const CspType* tab, void*) {
  if (!tab) return CspString{reinterpret_cast<const uint8_t*>("<nil>"), 5};
  return CspString{reinterpret_cast<const uint8_t*>(tab->name),
                   static_cast<int64_t>(std::strlen(tab->name))};
}

extern "C" bool csp_context_comparable(const CspType* tab, void*) {
  return tab && (tab->flags & CSP_TF_COMPARABLE);
}
