// Package sync/atomic, the C++ half: each function is one sequentially
// consistent std::atomic operation on the caller's variable (Go's atomics
// are sequentially consistent: on amd64 a LOCK-prefixed instruction, or a
// plain load / an XCHG store), and atomic.Value's word protocol.
//
// The variables are ordinary csp memory, so they are viewed as
// std::atomic<T> in place (std::atomic<T> of an integer has T's size and
// alignment, and is lock-free: checked below).
#include <atomic>
#include <cstdint>

#include "runtime/abi.h"
#include "runtime/iface.h"

namespace {

template <typename T>
std::atomic<T>* at(T* addr) {
  static_assert(sizeof(std::atomic<T>) == sizeof(T) &&
                std::atomic<T>::is_always_lock_free);
  // As Go: an atomic operation on a nil pointer is a nil dereference.
  if (__builtin_expect(addr == nullptr, 0)) csp_rt_panic_nil();
  return reinterpret_cast<std::atomic<T>*>(addr);
}

template <typename T>
T swapT(T* addr, T v) {
  return at(addr)->exchange(v, std::memory_order_seq_cst);
}
template <typename T>
bool casT(T* addr, T old, T v) {
  return at(addr)->compare_exchange_strong(old, v, std::memory_order_seq_cst);
}
template <typename T>
T addT(T* addr, T delta) {
  return at(addr)->fetch_add(delta, std::memory_order_seq_cst) + delta;
}
template <typename T>
T loadT(T* addr) {
  return at(addr)->load(std::memory_order_seq_cst);
}
template <typename T>
void storeT(T* addr, T v) {
  at(addr)->store(v, std::memory_order_seq_cst);
}

}  // namespace

// One set of the five operations for each integer type.
#define CSP_ATOMIC_FUNCS(Name, T)                                             \
  extern "C" T csp_sync_atomic_Swap##Name(T* addr, T v) {                     \
    return swapT(addr, v);                                                    \
  }                                                                           \
  extern "C" bool csp_sync_atomic_CompareAndSwap##Name(T* addr, T old, T v) { \
    return casT(addr, old, v);                                                \
  }                                                                           \
  extern "C" T csp_sync_atomic_Add##Name(T* addr, T delta) {                  \
    return addT(addr, delta);                                                 \
  }                                                                           \
  extern "C" T csp_sync_atomic_Load##Name(T* addr) { return loadT(addr); }    \
  extern "C" void csp_sync_atomic_Store##Name(T* addr, T v) { storeT(addr, v); }

CSP_ATOMIC_FUNCS(Int32, int32_t)
CSP_ATOMIC_FUNCS(Int64, int64_t)
CSP_ATOMIC_FUNCS(Uint32, uint32_t)
CSP_ATOMIC_FUNCS(Uint64, uint64_t)
CSP_ATOMIC_FUNCS(Uintptr, uint64_t)

#undef CSP_ATOMIC_FUNCS

// --- atomic.Value ------------------------------------------------------------
//
// As Go's value.go: a Value is an `any` whose two words are read and
// written separately. The type word is published last; while the first
// Store is in progress it holds kFirstStoreInProgress, and readers treat
// the Value as empty (Load) or wait (Store, Swap, CompareAndSwap). Once the
// type is set it never changes, and later stores replace only the data
// word, which is either the value itself (pointer-shaped types) or a
// pointer to an immutable boxed copy: a reader that sees a data word sees a
// whole value. The first store cannot be preempted half-way (C++ code has
// no preemption points), so the wait is a few instructions long.

namespace {

const char kFirstStoreInProgress = 0;
const void* const kInProgress = &kFirstStoreInProgress;

struct ValueWords {
  std::atomic<const void*> typ;
  std::atomic<void*> data;
};
static_assert(sizeof(ValueWords) == sizeof(CspIface));

ValueWords* words(void* v) {
  if (__builtin_expect(v == nullptr, 0)) csp_rt_panic_nil();
  return static_cast<ValueWords*>(v);
}

bool sameType(const void* a, const void* b) {
  return csp::rt::typeEq(static_cast<const CspType*>(a),
                         static_cast<const CspType*>(b));
}

// The first store into an empty Value: true when it was ours to make.
bool firstStore(ValueWords* vp, const void* typ, void* data) {
  const void* expected = nullptr;
  if (!vp->typ.compare_exchange_strong(expected, kInProgress)) return false;
  vp->data.store(data);
  vp->typ.store(typ);
  return true;
}

// The Value's type once no first store is in progress (null: empty).
const void* settledType(ValueWords* vp) {
  for (;;) {
    const void* typ = vp->typ.load();
    if (typ != kInProgress) return typ;
    __builtin_ia32_pause();
  }
}

}  // namespace

// valueLoad(v *Value) (val any)
extern "C" CspIface csp_sync_atomic_valueLoad(void* v) {
  ValueWords* vp = words(v);
  const void* typ = vp->typ.load();
  if (typ == nullptr || typ == kInProgress) return CspIface{nullptr, nullptr};
  return CspIface{typ, vp->data.load()};
}

// valueStore(v *Value, val any) bool: false when val's type is not the
// Value's (val is not nil: checked by the caller).
extern "C" bool csp_sync_atomic_valueStore(void* v, const void* typ,
                                           void* data) {
  ValueWords* vp = words(v);
  for (;;) {
    const void* cur = settledType(vp);
    if (cur == nullptr) {
      if (firstStore(vp, typ, data)) return true;
      continue;
    }
    if (!sameType(cur, typ)) return false;
    vp->data.store(data);
    return true;
  }
}

struct SwapResult {
  CspIface old;
  bool ok;
};

// valueSwap(v *Value, new any) (old any, ok bool)
extern "C" void csp_sync_atomic_valueSwap(SwapResult* out, void* v,
                                          const void* typ, void* data) {
  ValueWords* vp = words(v);
  for (;;) {
    const void* cur = settledType(vp);
    if (cur == nullptr) {
      if (!firstStore(vp, typ, data)) continue;
      *out = SwapResult{CspIface{nullptr, nullptr}, true};
      return;
    }
    if (!sameType(cur, typ)) {
      *out = SwapResult{CspIface{nullptr, nullptr}, false};
      return;
    }
    *out = SwapResult{CspIface{cur, vp->data.exchange(data)}, true};
    return;
  }
}

struct CasResult {
  bool swapped;
  bool ok;
};

// valueCompareAndSwap(v *Value, old, new any) (swapped bool, ok bool):
// as Go's, the current value is compared with old by ==, which panics for
// an uncomparable dynamic type.
extern "C" void csp_sync_atomic_valueCompareAndSwap(CasResult* out, void* v,
                                                    const void* otyp,
                                                    void* odata,
                                                    const void* ntyp,
                                                    void* ndata) {
  ValueWords* vp = words(v);
  for (;;) {
    const void* cur = settledType(vp);
    if (cur == nullptr) {
      if (otyp != nullptr) {
        *out = CasResult{false, true};
        return;
      }
      if (!firstStore(vp, ntyp, ndata)) continue;
      *out = CasResult{true, true};
      return;
    }
    if (!sameType(cur, ntyp)) {
      *out = CasResult{false, false};
      return;
    }
    void* data = vp->data.load();
    if (!csp_rt_efaceeq(static_cast<const CspType*>(cur), data,
                        static_cast<const CspType*>(otyp), odata)) {
      *out = CasResult{false, true};
      return;
    }
    *out = CasResult{vp->data.compare_exchange_strong(data, ndata), true};
    return;
  }
}

// sameType(a, b any) bool: the two values' dynamic types are identical.
extern "C" bool csp_sync_atomic_sameType(const void* atyp, void*,
                                         const void* btyp, void*) {
  return sameType(atyp, btyp);
}
