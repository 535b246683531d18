// print and println: Go's runtime print (print.go) to standard error.
//
// Generated code brackets each print statement with printlock/printunlock;
// the pieces in between accumulate in a per-thread buffer written with one
// write(2) at unlock, so concurrent prints do not interleave mid-line.
// Outside a lock every piece is written at once.
#include "runtime/print.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "runtime/abi.h"

namespace csp::rt {

namespace {
thread_local std::string print_buf;
thread_local int print_depth = 0;

void hex(std::string* out, uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  *out += buf;
}
}  // namespace

void writeAll(int fd, std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

void printRaw(std::string_view s) {
  if (print_depth > 0) {
    print_buf.append(s);
    return;
  }
  writeAll(2, s);
}

// As Go's printfloat: 7 significant digits, +d.dddddde+ddd.
void formatPrintFloat(std::string* out, double v) {
  if (v != v) {
    *out += "NaN";
    return;
  }
  if (v + v == v && v > 0) {
    *out += "+Inf";
    return;
  }
  if (v + v == v && v < 0) {
    *out += "-Inf";
    return;
  }
  const int n = 7;
  char buf[n + 7];
  buf[0] = '+';
  int e = 0;
  if (v == 0) {
    if (1 / v < 0) buf[0] = '-';
  } else {
    if (v < 0) {
      v = -v;
      buf[0] = '-';
    }
    while (v >= 10) {
      e++;
      v /= 10;
    }
    while (v < 1) {
      e--;
      v *= 10;
    }
    double h = 5.0;
    for (int i = 0; i < n; i++) h /= 10;
    v += h;
    if (v >= 10) {
      e++;
      v /= 10;
    }
  }
  for (int i = 0; i < n; i++) {
    int s = static_cast<int>(v);
    buf[i + 2] = static_cast<char>(s + '0');
    v -= s;
    v *= 10;
  }
  buf[1] = buf[2];
  buf[2] = '.';
  buf[n + 2] = 'e';
  buf[n + 3] = '+';
  if (e < 0) {
    e = -e;
    buf[n + 3] = '-';
  }
  buf[n + 4] = static_cast<char>(e / 100 + '0');
  buf[n + 5] = static_cast<char>((e / 10) % 10 + '0');
  buf[n + 6] = static_cast<char>(e % 10 + '0');
  out->append(buf, sizeof buf);
}

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void csp_rt_printlock(void) { print_depth++; }

extern "C" void csp_rt_printunlock(void) {
  if (--print_depth == 0 && !print_buf.empty()) {
    writeAll(2, print_buf);
    print_buf.clear();
  }
}

extern "C" void csp_rt_printstring(const uint8_t* p, int64_t len) {
  printRaw(std::string_view(reinterpret_cast<const char*>(p),
                            static_cast<size_t>(len)));
}

extern "C" void csp_rt_printint(int64_t v) { printRaw(std::to_string(v)); }

extern "C" void csp_rt_printuint(uint64_t v) { printRaw(std::to_string(v)); }

extern "C" void csp_rt_printfloat(double v) {
  std::string s;
  formatPrintFloat(&s, v);
  printRaw(s);
}

extern "C" void csp_rt_printbool(bool v) { printRaw(v ? "true" : "false"); }

extern "C" void csp_rt_printpointer(const void* p) {
  std::string s;
  hex(&s, reinterpret_cast<uint64_t>(p));
  printRaw(s);
}

extern "C" void csp_rt_printiface(const void* tab, void* data) {
  std::string s = "(";
  hex(&s, reinterpret_cast<uint64_t>(tab));
  s += ",";
  hex(&s, reinterpret_cast<uint64_t>(data));
  s += ")";
  printRaw(s);
}

extern "C" void csp_rt_printsp(void) { printRaw(" "); }

extern "C" void csp_rt_printnl(void) { printRaw("\n"); }
