// Panics, defer and recover: the landing-pad protocol of abi.def driven
// from C++ the way generated code drives it, and Go's panic report.
#include "runtime/panic.h"

#include <unwind.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <exception>
#include <vector>

#include "runtime/gc.h"
#include "tests/unit/runtime/values.h"

extern "C" CspString csp_fmt_Sprint(CspIface* a, int64_t n, int64_t cap);

using namespace csp;
using namespace csp::test;

namespace {

// The pointer a landingpad instruction yields for the exception being
// handled: the _Unwind_Exception header just before the thrown object
// (libstdc++'s exception_ptr holds the thrown object's address).
void* unwindHeader(rt::Panic*&) {
  std::exception_ptr e = std::current_exception();
  void* obj;
  std::memcpy(&obj, &e, sizeof obj);
  return reinterpret_cast<_Unwind_Exception*>(obj) - 1;
}

// A deferred closure: { code, action } where action says what it does.
struct Closure {
  void (*code)(void*);
  int action;  // 0: nothing, 1: recover, 2: recover then panic "second", 3:
               // panic "third"
  CspIface recovered;
};

void closureCode(void* env) {
  auto* c = static_cast<Closure*>(env);
  if (c->action == 1 || c->action == 2) c->recovered = csp_rt_recover();
  if (c->action == 2) {
    CspIface v = anyStr("second");
    csp_rt_panic(static_cast<const CspType*>(v.tab), v.data);
  }
  if (c->action == 3) {
    CspIface v = anyStr("third");
    csp_rt_panic(static_cast<const CspType*>(v.tab), v.data);
  }
}

Closure* deferred(int action) {
  // Uncollectable: the test keeps closures in std::vectors, which the GC
  // does not scan.
  auto* c = static_cast<Closure*>(rt::gcAllocRoot(sizeof(Closure)));
  c->code = closureCode;
  c->action = action;
  return c;
}

// A function with defers, as codegen lays it out: the body's panic lands
// in the pad, which runs the pending deferred calls through defer_call
// (re-landing if one panics), then defer_resume.
void frame(void (*body)(), std::vector<Closure*> defers) {
  try {
    body();
  } catch (rt::Panic*& p) {
    csp_rt_defer_landing(unwindHeader(p));
    goto pad;
  }
  while (!defers.empty()) {
    Closure* c = defers.back();
    defers.pop_back();
    c->code(c);
  }
  return;
pad:
  while (!defers.empty()) {
    Closure* c = defers.back();
    defers.pop_back();
    try {
      csp_rt_defer_call(c);
    } catch (rt::Panic*& p) {
      csp_rt_defer_landing(unwindHeader(p));
    }
  }
  csp_rt_defer_resume();
}

void panicFirst() {
  CspIface v = anyStr("first");
  csp_rt_panic(static_cast<const CspType*>(v.tab), v.data);
}

std::string sprint(CspIface v) { return toStd(csp_fmt_Sprint(&v, 1, 1)); }

void resetG() {
  rt::G* g = rt::getg();
  g->panic = nullptr;
  g->defers = nullptr;
}

}  // namespace

TEST_CASE("panic: a deferred recover stops the panic", "[panic]") {
  resetG();
  Closure* c = deferred(1);
  frame(panicFirst, {c});
  CHECK(sprint(c->recovered) == "first");
  CHECK(rt::getg()->panic == nullptr);
  CHECK(rt::getg()->defers == nullptr);
}

TEST_CASE("panic: without recover the panic leaves the frame", "[panic]") {
  resetG();
  Closure* c = deferred(0);
  bool caught = false;
  try {
    frame(panicFirst, {c});
  } catch (rt::Panic* p) {
    caught = true;
    CHECK(sprint(p->value) == "first");
  }
  CHECK(caught);
  CHECK(rt::panicReport(rt::getg())
            .rfind("panic: first\n\ngoroutine 1 [running]:", 0) == 0);
  resetG();
}

TEST_CASE("panic: recover outside a deferred call returns nil", "[panic]") {
  resetG();
  CspIface r = csp_rt_recover();
  CHECK(r.tab == nullptr);
  Closure* c = deferred(1);
  frame([] {}, {c});  // deferred calls on a normal return
  CHECK(c->recovered.tab == nullptr);
}

TEST_CASE("panic: re-panicking after recover prints the chain as Go",
          "[panic]") {
  resetG();
  bool caught = false;
  try {
    frame(panicFirst, {deferred(3), deferred(2)});
  } catch (rt::Panic*) {
    caught = true;
  }
  CHECK(caught);
  CHECK(rt::panicReport(rt::getg())
            .rfind("panic: first [recovered]\n\tpanic: second\n\tpanic: "
                   "third\n\ngoroutine 1",
                   0) == 0);
  resetG();
}

TEST_CASE(
    "panic: a later frame recovers a re-raised panic and the chain empties",
    "[panic]") {
  resetG();
  Closure* outer = deferred(1);
  frame([] { frame(panicFirst, {deferred(2)}); }, {outer});
  CHECK(sprint(outer->recovered) == "second");
  CHECK(rt::getg()->panic == nullptr);
}

TEST_CASE("panic: a deferred call that panics after the frame's recovery",
          "[panic]") {
  resetG();
  // defer panic("third"); defer recover(): "first" is recovered, then the
  // earlier-deferred call panics anew: Go reports only "third".
  bool caught = false;
  try {
    frame(panicFirst, {deferred(3), deferred(1)});
  } catch (rt::Panic*) {
    caught = true;
  }
  CHECK(caught);
  CHECK(rt::panicReport(rt::getg()).rfind("panic: third\n\ngoroutine", 0) == 0);
  resetG();
}

namespace {

// A deferred call as codegen packs it: a thunk whose code calls the
// deferred function (here through a pointer, kept out of line).
struct Thunk {
  void (*code)(void*);
  void (*target)(Thunk*);
  CspIface recovered;
};

__attribute__((noinline)) void thunkCode(void* env) {
  auto* t = static_cast<Thunk*>(env);
  t->target(t);
  asm volatile("");
}

__attribute__((noinline)) CspIface helperRecover() {
  CspIface r = csp_rt_recover();
  asm volatile("");
  return r;
}

__attribute__((noinline)) void deferredDirect(Thunk* t) {
  t->recovered = csp_rt_recover();
  asm volatile("");
}

__attribute__((noinline)) void deferredViaHelper(Thunk* t) {
  t->recovered = helperRecover();
  asm volatile("");
}

}  // namespace

TEST_CASE("panic: recover works only when called by the deferred function",
          "[panic]") {
  auto run = [](void (*target)(Thunk*)) {
    resetG();
    auto* t = static_cast<Thunk*>(rt::gcAllocRoot(sizeof(Thunk)));
    t->code = thunkCode;
    t->target = target;
    bool escaped = false;
    try {
      bool landed = false;
      try {
        panicFirst();
      } catch (rt::Panic*& p) {
        csp_rt_defer_landing(unwindHeader(p));
        landed = true;
      }
      REQUIRE(landed);
      csp_rt_defer_call(t);
      csp_rt_defer_resume();
    } catch (rt::Panic*) {
      escaped = true;
    }
    resetG();
    return std::make_pair(sprint(t->recovered), escaped);
  };
  CHECK(run(deferredDirect) == std::make_pair(std::string("first"), false));
  CHECK(run(deferredViaHelper) == std::make_pair(std::string("<nil>"), true));
}

namespace {
std::string runtimeError(void (*f)()) {
  resetG();
  std::string s;
  try {
    f();
  } catch (rt::Panic* p) {
    auto* t = static_cast<const CspType*>(p->value.tab);
    s = std::string(t->name) + ": " + sprint(p->value);
    rt::dropPanic(p);
  }
  return s;
}
}  // namespace

TEST_CASE("panic: run-time errors carry Go's types and texts", "[panic]") {
  CHECK(runtimeError([] { csp_rt_panic_index(5, 3); }) ==
        "runtime.boundsError: runtime error: index out of range [5] with "
        "length 3");
  CHECK(runtimeError([] { csp_rt_panic_index(-1, 3); }) ==
        "runtime.boundsError: runtime error: index out of range [-1]");
  CHECK(runtimeError([] { csp_rt_panic_slice(CSP_SLICE_ACAP, 5, 3); }) ==
        "runtime.boundsError: runtime error: slice bounds out of range [:5] "
        "with capacity 3");
  CHECK(runtimeError([] { csp_rt_panic_slice(CSP_SLICE_B, 3, 2); }) ==
        "runtime.boundsError: runtime error: slice bounds out of range [3:2]");
  CHECK(runtimeError([] { csp_rt_panic_slice(CSP_SLICE_3ACAP, 5, 0); }) ==
        "runtime.boundsError: runtime error: slice bounds out of range [::5] "
        "with capacity 0");
  CHECK(runtimeError([] { csp_rt_panic_divide(); }) ==
        "runtime.errorString: runtime error: integer divide by zero");
  CHECK(runtimeError([] { csp_rt_panic_nil(); }) ==
        "runtime.errorString: runtime error: invalid memory address or nil "
        "pointer dereference");
  CHECK(runtimeError([] { csp_rt_panic_shift(); }) ==
        "runtime.errorString: runtime error: negative shift amount");
  CHECK(runtimeError([] { csp_rt_panic_makeslice(0); }) ==
        "runtime.errorString: runtime error: makeslice: len out of range");
  CHECK(runtimeError([] {
          csp_rt_mapassign(types().map(types().Int(), types().Int()), nullptr,
                           nullptr);
        }) == "runtime.plainError: assignment to entry in nil map");
  CHECK(runtimeError([] {
          csp_rt_panic_assert(types().String(), types().Int(), types().Any());
        }) ==
        "*runtime.TypeAssertionError: interface conversion: interface {} is "
        "string, not int");
  CHECK(runtimeError([] {
          csp_rt_panic_assert(nullptr, types().Int(), types().Any());
        }) ==
        "*runtime.TypeAssertionError: interface conversion: interface {} is "
        "nil, not int");
  const CspType* stringer = types().stringIface("fmt.Stringer", "String");
  static const CspType* s = stringer;
  CHECK(runtimeError(
            [] { csp_rt_panic_assert(types().String(), s, types().Any()); }) ==
        "*runtime.TypeAssertionError: interface conversion: string is not "
        "fmt.Stringer: missing method String");
  CHECK(
      runtimeError([] {
        CspIface a = box(types().slice(types().Int()), CspSlice{nullptr, 0, 0});
        csp_rt_efaceeq(static_cast<const CspType*>(a.tab), a.data,
                       static_cast<const CspType*>(a.tab), a.data);
      }) ==
      "runtime.errorString: runtime error: comparing uncomparable type []int");
}

TEST_CASE("panic: the report for a nil dereference has Go's signal line",
          "[panic]") {
  resetG();
  try {
    csp_rt_panic_nil();
  } catch (rt::Panic*) {
  }
  CHECK(rt::panicReport(rt::getg()) ==
        "panic: runtime error: invalid memory address or nil pointer "
        "dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n\n"
        "goroutine 1 [running]:\nmain.main()\n\t???\n");
  resetG();
}

TEST_CASE("panic: values print as Go's printpanicval", "[panic]") {
  auto report = [](CspIface v) {
    resetG();
    try {
      csp_rt_panic(static_cast<const CspType*>(v.tab), v.data);
    } catch (rt::Panic*) {
    }
    std::string r = rt::panicReport(rt::getg());
    resetG();
    return r.substr(0, r.find('\n'));
  };
  CHECK(report(anyInt(5)) == "panic: 5");
  CHECK(report(anyFloat(3.5)) == "panic: +3.500000e+000");
  CHECK(report(nilAny()) == "panic: nil");
  CHECK(report(box(types().named(types().Int(), "main.MyInt"), int64_t(5))) ==
        "panic: main.MyInt(5)");
  CHECK(report(box(types().named(types().String(), "main.MyStr"), str("hi"))) ==
        "panic: main.MyStr(\"hi\")");
  const CspType* t = types().structOf("main.T", {{"A", types().Int()}});
  CHECK(report(box(t, int64_t(1))).rfind("panic: (main.T) 0x", 0) == 0);
}

TEST_CASE("panic: itabs by method name and signature", "[iface]") {
  const CspType* stringer = types().stringIface("fmt.Stringer", "String");
  const CspType* c = types().named(types().Float64(), "main.C2");
  CHECK(csp_rt_getitab(stringer, c) == nullptr);
  const CspType* d = types().named(types().Float64(), "main.D2");
  types().setMethods(d, {{"String", types().funcString(),
                          reinterpret_cast<void*>(&closureCode)}});
  const CspItab* tab = csp_rt_getitab(stringer, d);
  REQUIRE(tab);
  CHECK(tab->fun[0] == reinterpret_cast<void*>(&closureCode));
  CHECK(csp_rt_getitab(stringer, d) == tab);
}
