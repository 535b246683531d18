// Slices: growth and allocation as Go's slice.go and msize.go.
#pragma once

#include <cstdint>

namespace csp::rt {

// As Go's roundupsize: the size of the smallest malloc size class holding
// size bytes (page multiples above 32 KiB), so capacities match Go's.
int64_t roundupsize(int64_t size);

}  // namespace csp::rt
