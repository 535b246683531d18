// The print/println builtins' output (stderr, Go's runtime print format),
// also used for panic messages and fatal errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace csp::rt {

// Appends v as Go's runtime printfloat does (+1.500000e+000).
void formatPrintFloat(std::string* out, double v);
// Writes s to fd, all of it (retrying short writes).
void writeAll(int fd, std::string_view s);
// Appends to the current print buffer (flushed at printunlock, or at once
// outside printlock).
void printRaw(std::string_view s);

}  // namespace csp::rt
