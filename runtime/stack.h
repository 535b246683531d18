// Small goroutine stacks and the C++ that must not run on them (see
// stack.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace csp::rt {

// A small slot's size: many to a page (the first stack of goroutines that
// only park, codegen's csp_rt_go_small).
constexpr size_t kSmallStack = 2048;

// sp lies in the small slots' region.
bool onSmallStackAt(uintptr_t sp);
// The running goroutine is on its small first slot. C++ that may go deep
// (the collector, printing, throwing a panic, making a thread) must not
// run there but through offSmallStack, on the goroutine's next segment.
bool onSmallStack();
void offSmallStack(void (*fn)(void*), void* arg);
template <class F>
void offSmallStack(F&& f) {
  offSmallStack([](void* a) { (*static_cast<F*>(a))(); }, &f);
}

}  // namespace csp::rt
