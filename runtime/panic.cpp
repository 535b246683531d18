// Panics, defer and recover.
//
// The model. A csp panic is a C++ exception: the thrown object is a Panic*
// (panic.h). Go's runtime walks the defer records of each frame itself; we
// let the C++ unwinder do the walking instead: a function with defers has
// one landing pad (abi.def) that catches everything, runs the frame's
// deferred calls and either returns normally (the panic was recovered) or
// throws the panic again to the caller. Frames without defers cost nothing.
//
// The protocol, per landing pad:
//   csp_rt_defer_landing(exc)  begins and ends the C++ catch at once (the
//       exception object is freed: the Panic record lives on in G::panic)
//       and pushes a DeferFrame naming the panic this frame now handles;
//   csp_rt_defer_call(closure) runs one deferred call with frame.calling
//       set, so recover() may mark the panic recovered. If the call returns
//       and the panic was recovered, the panic leaves G::panic at once (as
//       Go's recovery: later deferred calls of the frame run as after a
//       normal return). If the call panics, the frame's panic is aborted
//       (Go prints it in the chain) and the frame's DeferFrame is popped:
//       the new panic re-enters this same landing pad, which pushes a new
//       one;
//   csp_rt_defer_resume()      pops the DeferFrame; returns if its panic was
//       recovered, else throws it again.
// Each landing pad thus pushes exactly one DeferFrame that is popped by
// resume or by the defer_call its frame's new panic escapes through, so
// G::defers is always the innermost pad's frame.
//
// Rejected: keeping the exception caught across the deferred calls (a
// __cxa_end_catch in resume). A panic thrown by a deferred call would then
// nest C++ catches across frames; rethrowing a fresh exception per frame is
// simpler and the cost only matters while panicking.
//
// recover() implements Go's rule that only a function called directly by
// the deferred call may stop the panic by looking at the stack (the
// unwinder's view, which JIT code registers for exceptions anyway):
// csp_rt_defer_call calls the closure through callDeferred, and codegen's
// closure for `defer f(x)` is a thunk that calls f. So recover's caller
// must sit two frames above callDeferred with the thunk in between, or one
// frame above it when LLVM turned the thunk's call into a tail call (then
// the frame above callDeferred is not the thunk's code). This needs codegen
// to keep functions that call recover() out of line (noinline): a helper
// inlined into the deferred function would look like the function itself.
#include "runtime/panic.h"

#include <cxxabi.h>
#include <unistd.h>
#include <unwind.h>

#include <cstdio>
#include <cstdlib>
#include <typeinfo>

#include "runtime/gc.h"
#include "runtime/iface.h"
#include "runtime/print.h"
#include "runtime/stack.h"
#include "runtime/string.h"
#include "runtime/traceback.h"

namespace csp::rt {

namespace {
thread_local G* current_g = nullptr;
}

__attribute__((noinline)) G* getg() {
  G* g = current_g;
  if (!g) {
    // Unit tests (and any thread the runtime did not start) get a G on
    // first use.
    g = newG(1);
    current_g = g;
  }
  return g;
}

__attribute__((noinline)) void setg(G* g) { current_g = g; }

G* newG(int64_t goid) {
  G* g = static_cast<G*>(gcAllocRoot(sizeof(G)));
  g->goid = goid;
  g->panic = nullptr;
  g->defers = nullptr;
  return g;
}

[[noreturn]] static void throwPanic(Panic* p) { throw p; }

[[noreturn]] static void startPanic(const CspType* type, void* data,
                                    bool sigsegv) {
  // (The collector, the unwinder and C++'s throw go deep.)
  if (onSmallStack())
    offSmallStack([&] { startPanic(type, data, sigsegv); });
  G* g = getg();
  auto* p = static_cast<Panic*>(gcAlloc(sizeof(Panic)));
  p->value = CspIface{type, data};
  p->link = g->panic;
  p->sigsegv = sigsegv;
  p->npcs = captureStack(p->pcs, kMaxTracebackFrames);
  g->panic = p;
  throwPanic(p);
}

void gopanic(const CspType* type, void* data) { startPanic(type, data, false); }

void panicInterrupt() {
  if (onSmallStack()) offSmallStack([] { panicInterrupt(); });
  G* g = getg();
  auto* p = static_cast<Panic*>(gcAlloc(sizeof(Panic)));
  p->link = g->panic;
  p->interrupt = true;
  g->panic = p;
  throwPanic(p);
}

void panicError(const CspType* type, void* data, bool sigsegv) {
  startPanic(type, data, sigsegv);
}

// Removes p, just recovered, from g's chain, with the aborted panics
// below it (as Go's gopanic after a recovery).
static void finishRecovery(G* g, Panic* p) {
  Panic** link = &g->panic;
  while (*link && *link != p) link = &(*link)->link;
  if (*link) *link = p->link;
  while (g->panic && g->panic->aborted) g->panic = g->panic->link;
}

void dropPanic(Panic* p) { finishRecovery(getg(), p); }

// Calls a deferred closure: a frame of its own that recover() looks for.
__attribute__((noinline)) void callDeferred(void (*code)(void*),
                                            void* closure) {
  code(closure);
  asm volatile("");  // not a tail call: this frame must stay on the stack
}

namespace {

struct FrameWalk {
  void* starts[8];
  int n;
};

_Unwind_Reason_Code collectFrame(_Unwind_Context* ctx, void* arg) {
  auto* w = static_cast<FrameWalk*>(arg);
  w->starts[w->n++] = reinterpret_cast<void*>(_Unwind_GetRegionStart(ctx));
  return w->n < 8 ? _URC_NO_REASON : _URC_END_OF_STACK;
}

}  // namespace

// Whether the function that called recover (the caller of `self`, a
// function whose entry is self_entry) was called directly by the deferred
// call running for frame f (see the comment at the top).
static bool calledByDeferredCall(DeferFrame* f, void* self_entry) {
  FrameWalk w{{}, 0};
  _Unwind_Backtrace(collectFrame, &w);
  int r = -1, k = -1;
  for (int i = 0; i < w.n; i++) {
    if (r < 0 && w.starts[i] == self_entry) r = i;
    if (r >= 0 && w.starts[i] == reinterpret_cast<void*>(&callDeferred)) {
      k = i;
      break;
    }
  }
  if (r < 0 || k < 0) return true;  // no unwind information: be lenient
  int d = k - r;
  return d == 2 || (d == 3 && w.starts[r + 2] == f->code);
}

// The Panic a caught exception carries; a foreign C++ exception becomes a
// panic with its what() text.
static Panic* caughtPanic(void* exception) {
  __cxxabiv1::__cxa_begin_catch(exception);
  std::type_info* ti = __cxxabiv1::__cxa_current_exception_type();
  Panic* p = nullptr;
  // The thrown object follows its _Unwind_Exception header (Itanium C++
  // ABI). __cxa_begin_catch's result is not used: it is the handler's
  // adjusted pointer, which for a C++ `catch (T*)` is the pointer value.
  if (ti && *ti == typeid(Panic*))
    p = *reinterpret_cast<Panic**>(static_cast<_Unwind_Exception*>(exception) +
                                   1);
  __cxxabiv1::__cxa_end_catch();
  if (p) return p;
  G* g = getg();
  p = static_cast<Panic*>(gcAlloc(sizeof(Panic)));
  std::string msg = "runtime: C++ exception";
  CspString* s = static_cast<CspString*>(gcAlloc(sizeof(CspString)));
  *s = makeString(msg);
  p->value = CspIface{&kStringType, s};
  p->link = g->panic;
  g->panic = p;
  return p;
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void csp_rt_panic(const CspType* type, void* data) {
  gopanic(type, data);
}

extern "C" void csp_rt_defer_landing(void* exception) {
  Panic* p = caughtPanic(exception);
  G* g = getg();
  auto* f = static_cast<DeferFrame*>(gcAlloc(sizeof(DeferFrame)));
  f->panic = p;
  f->link = g->defers;
  g->defers = f;
}

extern "C" void csp_rt_defer_call(void* closure) {
  DeferFrame* f = getg()->defers;
  auto code = *reinterpret_cast<void (**)(void*)>(closure);
  f->calling = true;
  f->code = reinterpret_cast<void*>(code);
  try {
    callDeferred(code, closure);
  } catch (...) {
    // A new panic escapes the deferred call: the frame's panic is aborted
    // unless it was recovered (then it stays in the chain, [recovered]).
    G* g = getg();
    f->calling = false;
    f->panic->aborted = true;
    g->defers = f->link;
    throw;
  }
  f->calling = false;
  if (f->panic->recovered) {
    G* g = getg();
    if (!f->panic->aborted) finishRecovery(g, f->panic);
    f->panic->aborted = true;  // already gone from the chain
  }
}

extern "C" void csp_rt_defer_resume(void) {
  G* g = getg();
  DeferFrame* f = g->defers;
  g->defers = f->link;
  if (f->panic->recovered) return;
  throwPanic(f->panic);
}

extern "C" __attribute__((noinline)) CspIface csp_rt_recover(void) {
  G* g = getg();
  DeferFrame* f = g->defers;
  if (!f || !f->calling || f->panic->recovered || f->panic->aborted)
    return CspIface{nullptr, nullptr};
  if (!calledByDeferredCall(f, reinterpret_cast<void*>(&csp_rt_recover)))
    return CspIface{nullptr, nullptr};
  f->panic->recovered = true;
  return f->panic->value;
}
