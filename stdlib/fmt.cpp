// Package fmt, the C++ half: the bodiless functions of stdlib/fmt.csp.
// Print, Println and Printf format into a buffer and write it to standard
// output with write(2) once per call (unbuffered, like Go's os.Stdout).
#include <cstring>
#include <string>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/print.h"
#include "runtime/string.h"
#include "stdlib/fmt_impl.h"

using namespace csp;
using csp::stdlib::Printer;

namespace {

// (n int, err error): the out-pointer struct of Print and friends.
struct PrintResult {
  int64_t n;
  CspIface err;
};

std::string_view sv(const uint8_t* p, int64_t n) {
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(n));
}

void emit(PrintResult* out, const std::string& s) {
  rt::writeAll(1, s);
  out->n = static_cast<int64_t>(s.size());
  out->err = CspIface{nullptr, nullptr};
}

}  // namespace

extern "C" void csp_fmt_Print(PrintResult* out, CspIface* a, int64_t n,
                              int64_t) {
  Printer p;
  p.fmt.buf = &p.buf;
  p.doPrint(a, n);
  emit(out, p.buf);
}

extern "C" void csp_fmt_Println(PrintResult* out, CspIface* a, int64_t n,
                                int64_t) {
  Printer p;
  p.fmt.buf = &p.buf;
  p.doPrintln(a, n);
  emit(out, p.buf);
}

extern "C" void csp_fmt_Printf(PrintResult* out, const uint8_t* f, int64_t flen,
                               CspIface* a, int64_t n, int64_t) {
  Printer p;
  p.doPrintf(sv(f, flen), a, n);
  emit(out, p.buf);
}

namespace {

// The formatted bytes as a []byte in GC memory (no pointers in it).
void bytesOut(CspSlice* out, const std::string& s) {
  void* data = s.empty() ? nullptr : rt::gcAllocNoscan(s.size());
  if (data) std::memcpy(data, s.data(), s.size());
  auto n = static_cast<int64_t>(s.size());
  *out = CspSlice{data, n, n};
}

}  // namespace

extern "C" void csp_fmt_sprintBytes(CspSlice* out, CspIface* a, int64_t n,
                                    int64_t) {
  Printer p;
  p.fmt.buf = &p.buf;
  p.doPrint(a, n);
  bytesOut(out, p.buf);
}

extern "C" void csp_fmt_sprintlnBytes(CspSlice* out, CspIface* a, int64_t n,
                                      int64_t) {
  Printer p;
  p.fmt.buf = &p.buf;
  p.doPrintln(a, n);
  bytesOut(out, p.buf);
}

extern "C" void csp_fmt_sprintfBytes(CspSlice* out, const uint8_t* f,
                                     int64_t flen, CspIface* a, int64_t n,
                                     int64_t) {
  Printer p;
  p.doPrintf(sv(f, flen), a, n);
  bytesOut(out, p.buf);
}

extern "C" CspString csp_fmt_Sprint(CspIface* a, int64_t n, int64_t) {
  Printer p;
  p.fmt.buf = &p.buf;
  p.doPrint(a, n);
  return rt::makeString(p.buf);
}

extern "C" CspString csp_fmt_Sprintln(CspIface* a, int64_t n, int64_t) {
  Printer p;
  p.fmt.buf = &p.buf;
  p.doPrintln(a, n);
  return rt::makeString(p.buf);
}

extern "C" CspString csp_fmt_Sprintf(const uint8_t* f, int64_t flen,
                                     CspIface* a, int64_t n, int64_t) {
  Printer p;
  p.doPrintf(sv(f, flen), a, n);
  return rt::makeString(p.buf);
}

// Errorf's formatting: as Sprintf, but %w accepts an error operand.
extern "C" CspString csp_fmt_sprintfw(const uint8_t* f, int64_t flen,
                                      CspIface* a, int64_t n, int64_t) {
  Printer p;
  p.wrapErrs = true;
  p.doPrintf(sv(f, flen), a, n);
  return rt::makeString(p.buf);
}

// The operand index of the format's only %w verb when that operand is an
// error, else -1 (Go 1.19: more than one %w wraps nothing).
extern "C" int64_t csp_fmt_wrappedArg(const uint8_t* f, int64_t flen,
                                      CspIface* a, int64_t n, int64_t) {
  std::string_view s = sv(f, flen);
  int64_t arg = 0, found = -1, count = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '%') continue;
    i++;
    while (i < s.size() && std::string_view("#0+- .123456789").find(s[i]) !=
                               std::string_view::npos)
      i++;
    if (i >= s.size()) break;
    if (s[i] == '%') continue;
    if (s[i] == 'w') {
      count++;
      found = arg;
    }
    arg++;
  }
  if (count != 1 || found >= n || !a[found].tab) return -1;
  auto* t = static_cast<const CspType*>(a[found].tab);
  for (int64_t i = 0; i < t->nmethods; i++)
    if (std::string_view(t->methods[i].name) == "Error") return found;
  return -1;
}
