// Small UTF-8 and quoting helpers shared by the lexer and the parser
// (private to the front end; see lex_util.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace csp::lex {

// Decodes the UTF-8 sequence at s[off] into *r; returns its length, or 0
// when the bytes there are not valid UTF-8 (overlong forms and surrogates
// included).
uint32_t decodeRune(const std::string& s, uint32_t off, int32_t* r);

// Appends the UTF-8 encoding of r (U+FFFD for invalid code points).
void appendRune(std::string* out, uint32_t r);

// Go's %#U: "U+0040 '@'", or "U+0007" for an unprintable rune.
std::string formatRuneU(uint32_t r);

// Go's %q of a rune: 'x', '\n', '\x00', '\u00a0'.
std::string quoteRune(uint32_t r);

}  // namespace csp::lex
