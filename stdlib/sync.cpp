// Package sync, the C++ half: Go's fatal errors (throw) for misuse and for
// a goroutine that blocks forever while it is the only one.
#include <string>

#include "runtime/abi.h"
#include "runtime/panic.h"

using namespace csp;

extern "C" void csp_sync_fatal(const uint8_t* msg, int64_t len) {
  std::string m(reinterpret_cast<const char*>(msg), static_cast<size_t>(len));
  rt::fatal(m.c_str());
}

extern "C" void csp_sync_block(const uint8_t* state, int64_t len) {
  std::string s(reinterpret_cast<const char*>(state), static_cast<size_t>(len));
  rt::fatalBlocked("all goroutines are asleep - deadlock!", s.c_str());
}
