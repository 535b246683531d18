// Exact constant values and constant arithmetic, as Go's go/constant.
//
// Integers are arbitrary-precision integers; floats are exact rationals
// (so 0.1*3 == 0.3 holds, as in Go); strings and bools are themselves.
// Values are immutable and allocated once (make<T>, compiler/arena.h); like
// types, they live as long as the compilation (or the REPL input's arena).
//
// The checker enforces Go's limits on top of these exact values: untyped
// integer constants may not exceed 512 bits ("constant overflow"), typed
// constants must be representable in their type after every operation.
#pragma once

#include <cstdint>
#include <string>

#include "compiler/token.h"
#include "compiler/types.h"

namespace csp::types::constant {

using Value = const ConstValue*;

Value makeBool(bool b);
Value makeString(std::string s);
Value makeInt64(int64_t v);
Value makeUint64(uint64_t v);
Value makeFloat64(double d);

// A literal as written in the source (Tok::Int, Float, Char, String).
// Returns null for malformed literals and for imaginary ones.
Value makeFromLiteral(Tok kind, const std::string& raw);

// Unary + - ^ !. For ^ on an unsigned type, `unsigned_bits` is its width
// (Go's ^x for uint8 is x XOR 0xff); 0 means a signed or untyped operand.
Value unaryOp(Tok op, Value x, int unsigned_bits);

// Binary arithmetic (+ - * / % & | ^ &^) and the logical && ||. With
// int_div, / is truncated integer division (both operands are integers).
// The caller has excluded division by zero.
Value binaryOp(Value x, Tok op, Value y, bool int_div);

// x << s or x >> s for an integer x.
Value shift(Value x, Tok op, uint64_t s);

// x op y for a comparison operator.
bool compare(Value x, Tok op, Value y);

// The same number as an Int value (null when not integral) or a Float.
Value toInt(Value x);
Value toFloat(Value x);

int sign(Value x);           // -1, 0, +1 for numbers
bool isIntegral(Value x);    // Int, or Float with an integral value
int bitLen(Value x);         // bits of |x| for integral values

// Whether x can be represented in a value of basic kind k. On success,
// *rounded (when given) receives the value as that type holds it (float
// constants are rounded to float64/float32 precision). On failure, *code
// says why: 1 truncated (a fractional float to an integer), 2 overflows,
// 3 some other mismatch (e.g. a string to an int).
bool representable(Value x, BasicKind k, Value* rounded, int* code);

// Go's Quote of a string (for messages and %q-like output).
std::string quote(const std::string& s);

}  // namespace csp::types::constant
