// fmt's machinery in C++: Fmt (Go's fmt struct, format.go: flags, width,
// precision, padding and the formatting of one basic value) and Printer
// (Go's pp, print.go: operands, verbs, and values walked through their
// CspType descriptors in place of reflection).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/abi.h"

namespace csp::stdlib {

// As Go's fmtFlags + fmt: the state of one verb.
struct Fmt {
  std::string* buf = nullptr;
  int wid = 0, prec = 0;
  bool widPresent = false, precPresent = false;
  bool minus = false, plus = false, sharp = false, space = false, zero = false;
  bool plusV = false, sharpV = false;

  void clearflags();
  void writePadding(int n);
  void pad(std::string_view s);
  void padString(std::string_view s) { pad(s); }
  void fmtBoolean(bool v);
  void fmtInteger(uint64_t u, int base, bool is_signed, int32_t verb,
                  bool upper);
  void fmtUnicode(uint64_t u);
  void fmtC(uint64_t c);
  void fmtQc(uint64_t c);
  void fmtFloat(double v, int size, int32_t verb, int prec);
  void fmtS(std::string_view s);
  void fmtSbx(std::string_view s, bool upper);
  void fmtQ(std::string_view s);
  std::string_view truncateString(std::string_view s);
};

// A value to print: its type and where it lives. can_iface is false below
// an unexported struct field (Go's CanInterface: methods are not used).
struct Value {
  const CspType* type;  // null: an invalid value (nil interface)
  const void* ptr;
  bool can_iface = true;
};

// As Go's pp.
class Printer {
 public:
  std::string buf;

  void doPrint(const CspIface* a, int64_t n);
  void doPrintln(const CspIface* a, int64_t n);
  void doPrintf(std::string_view format, const CspIface* a, int64_t n);

  Fmt fmt;
  bool wrapErrs = false;  // Errorf: %w accepts an error operand

 private:
  CspIface arg_{};  // the operand being printed (p.arg)
  bool has_arg_ = false;
  Value value_{};  // p.value
  bool erroring_ = false;
  bool reordered_ = false;
  bool goodArgNum_ = true;
  bool wrapped_ = false;  // a %w verb has been used (Go's wrappedErr)

  void printArg(CspIface arg, int32_t verb);
  void printValue(Value v, int32_t verb, int depth);
  bool handleMethods(int32_t verb, const CspType* t, void* data);
  void badVerb(int32_t verb);
  void fmtBool(bool v, int32_t verb);
  void fmtInteger(uint64_t v, bool is_signed, int32_t verb);
  void fmtFloat(double v, int size, int32_t verb);
  void fmtString(std::string_view v, int32_t verb);
  void fmtBytes(const uint8_t* p, int64_t n, bool is_nil, int32_t verb,
                const char* type_name);
  void fmtPointer(Value v, int32_t verb);
  void fmt0x64(uint64_t v, bool leading0x);
  void printMap(Value v, int32_t verb, int depth);
  void printStruct(Value v, int32_t verb, int depth);
  void printList(Value v, int32_t verb, int depth);
  bool callStringish(const CspMethod* m, void* data, int32_t verb,
                     const char* method);
  int argNumber(int argNum, std::string_view format, size_t* i, int numArgs,
                bool* found);
};

// Whether v of type t is a basic scalar read as uint64 (ints, uints,
// uintptr), its value and signedness.
bool loadInteger(const CspType* t, const void* p, uint64_t* out,
                 bool* is_signed);

}  // namespace csp::stdlib
