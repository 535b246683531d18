// Unicode classes and case mapping shared by unicode, strings and fmt.
// Go's own tables (unicode.cpp, unicode_tables.inc).
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
bool isTitle(int32_t r);
bool isNumber(int32_t r);
bool isMark(int32_t r);
bool isGraphic(int32_t r);
int32_t toTitle(int32_t r);
int32_t simpleFold(int32_t r);

}  // namespace csp::stdlib
