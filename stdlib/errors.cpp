// Package errors, the C++ half: As, which needs its target's type
// descriptor (Go uses reflection).
#include <cstring>

#include "runtime/abi.h"
#include "runtime/iface.h"
#include "runtime/panic.h"

using namespace csp;

// As Go's errors.As: walks err's Unwrap chain for a value assignable to
// *target.
extern "C" bool csp_errors_As(const void* err_tab, void* err_data,
                              const void* target_tab, void* target) {
  auto* tt = static_cast<const CspType*>(target_tab);
  if (!tt || tt->kind != CSP_KIND_POINTER || !target)
    rt::panicPlainError("errors: target must be a non-nil pointer");
  const CspType* want = tt->elem;
  if (want->kind != CSP_KIND_INTERFACE && !rt::stringMethod(want, "Error"))
    rt::panicPlainError("errors: *target must be interface or implement error");
  while (err_tab) {
    const CspType* dt = static_cast<const CspItab*>(err_tab)->type;
    if (rt::typeEq(dt, want)) {
      if (dt->flags & CSP_TF_DIRECT)
        *static_cast<void**>(target) = err_data;
      else
        std::memcpy(target, err_data, static_cast<size_t>(dt->size));
      return true;
    }
    if (want->kind == CSP_KIND_INTERFACE) {
      if (want->nimethods == 0) {
        *static_cast<CspIface*>(target) = CspIface{dt, err_data};
        return true;
      }
      if (const CspItab* tab = csp_rt_getitab(want, dt)) {
        *static_cast<CspIface*>(target) = CspIface{tab, err_data};
        return true;
      }
    }
    const CspMethod* m = rt::findMethod(dt, "Unwrap");
    if (!m || !m->mtype || m->mtype->nparams != 1 || m->mtype->nresults != 1 ||
        m->mtype->params[0]->kind != CSP_KIND_INTERFACE)
      return false;
    CspIface next = reinterpret_cast<CspIface (*)(void*)>(m->ifn)(err_data);
    err_tab = next.tab;
    err_data = next.data;
  }
  return false;
}
