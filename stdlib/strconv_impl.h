// strconv's algorithms in C++, shared by stdlib/strconv.cpp and fmt.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace csp::stdlib {

// As Go's strconv.FormatFloat(v, fmt, prec, bitSize) for fmt in
// 'e' 'E' 'f' 'g' 'G' (others: "%" fmt).
std::string formatFloat(double v, char fmt, int prec, int bitSize);
// As strconv.FormatInt / FormatUint (base 2..36).
std::string formatInt(int64_t v, int base);
std::string formatUint(uint64_t v, int base);
// As strconv.Quote / QuoteToASCII / QuoteRune / QuoteRuneToASCII.
std::string quote(std::string_view s, bool ascii_only);
std::string quoteRune(int32_t r, bool ascii_only);
bool canBackquote(std::string_view s);
// As strconv.IsPrint (approximately: Unicode tables reduced to ranges).
bool isPrint(int32_t r);

}  // namespace csp::stdlib
