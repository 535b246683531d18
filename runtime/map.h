// Maps: the runtime's hash map (map.cpp), for the stdlib's use.
#pragma once

#include "runtime/abi.h"

namespace csp::rt {

// The number of entries (0 for a nil map).
int64_t mapLen(void* m);

}  // namespace csp::rt
