// The .csp sources of the standard packages, embedded at build time by
// stdlib/embed.cmake from stdlib/<path>.csp.
#pragma once

#include <string_view>

namespace csp::stdlib {

// The source text of standard package `path` ("fmt", "math/rand"), or null
// when csp does not provide that package.
const char* packageSource(std::string_view path);

}  // namespace csp::stdlib
