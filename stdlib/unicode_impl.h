// Unicode classes and case mapping shared by unicode, strings and fmt.
// Go has full tables; these cover Latin-1, Latin Extended-A, Greek and
// Cyrillic case mapping, and letter/digit ranges of the common scripts.
#pragma once

#include <cstdint>

namespace csp::stdlib {

bool isSpace(int32_t r);
int32_t toUpper(int32_t r);
int32_t toLower(int32_t r);
bool isLetter(int32_t r);
bool isUpper(int32_t r);
bool isLower(int32_t r);
bool isDigit(int32_t r);
bool isPunct(int32_t r);
bool isSymbol(int32_t r);

}  // namespace csp::stdlib
