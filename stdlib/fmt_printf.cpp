// fmt's Printf: the format string's verbs, flags, widths, precisions and
// argument indexes, as Go's doPrintf (fmt/print.go), with Go's error
// forms: %!d(string=hi), %!v(MISSING), %!(EXTRA int=2), %!(NOVERB),
// %!v(BADINDEX), %!(BADWIDTH), %!(BADPREC).
#include "runtime/iface.h"
#include "runtime/string.h"
#include "stdlib/fmt_impl.h"

namespace csp::stdlib {

namespace {

bool tooLarge(int x) {
  const int max = 1000000;
  return x > max || x < -max;
}

// As Go's parsenum: digits of s[start:end).
bool parsenum(std::string_view s, size_t start, size_t end, int* num,
              size_t* newi) {
  *num = 0;
  bool isnum = false;
  if (start >= end) {
    *newi = end;
    return false;
  }
  size_t i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (tooLarge(*num)) {
      *num = 0;
      *newi = end;
      return false;
    }
    *num = *num * 10 + (s[i] - '0');
    isnum = true;
  }
  *newi = i;
  return isnum;
}

// As Go's intFromArg: the int operand a[*argNum] for a '*' width or
// precision.
bool intFromArg(const CspIface* a, int n, int* argNum, int* num) {
  *num = 0;
  bool ok = false;
  if (*argNum < n) {
    auto* t = static_cast<const CspType*>(a[*argNum].tab);
    uint64_t u;
    bool is_signed;
    if (t && loadInteger(t, rt::ifaceValuePtr(t, &a[*argNum].data), &u,
                         &is_signed)) {
      if (is_signed) {
        *num = static_cast<int>(static_cast<int64_t>(u));
        ok = static_cast<int64_t>(*num) == static_cast<int64_t>(u);
      } else {
        ok = u <= static_cast<uint64_t>(INT32_MAX);
        *num = static_cast<int>(u);
      }
    }
    ++*argNum;
    if (tooLarge(*num)) {
      *num = 0;
      ok = false;
    }
  }
  return ok;
}

}  // namespace

// As Go's argNumber: an explicit [n] argument index at format[*i].
int Printer::argNumber(int argNum, std::string_view format, size_t* i,
                       int numArgs, bool* found) {
  *found = false;
  if (format.size() <= *i || format[*i] != '[') return argNum;
  reordered_ = true;
  std::string_view f = format.substr(*i);
  int index = 0;
  size_t wid = 1;
  bool ok = false;
  if (f.size() >= 3) {
    for (size_t k = 1; k < f.size(); k++) {
      if (f[k] == ']') {
        int width;
        size_t newi;
        ok = parsenum(f, 1, k, &width, &newi) && newi == k;
        index = ok ? width - 1 : 0;
        wid = k + 1;
        break;
      }
    }
  }
  *i += wid;
  if (ok && 0 <= index && index < numArgs) {
    *found = true;
    return index;
  }
  goodArgNum_ = false;
  *found = ok;
  return argNum;
}

void Printer::doPrintf(std::string_view format, const CspIface* a,
                       int64_t n64) {
  int n = static_cast<int>(n64);
  size_t end = format.size();
  int argNum = 0;
  bool afterIndex = false;
  reordered_ = false;
  fmt.buf = &buf;
  for (size_t i = 0; i < end;) {
    goodArgNum_ = true;
    size_t lasti = i;
    while (i < end && format[i] != '%') i++;
    if (i > lasti) buf.append(format.substr(lasti, i - lasti));
    if (i >= end) break;
    i++;
    fmt.clearflags();
    bool simple_done = false;
    for (; i < end; i++) {
      char c = format[i];
      if (c == '#')
        fmt.sharp = true;
      else if (c == '0')
        fmt.zero = !fmt.minus;
      else if (c == '+')
        fmt.plus = true;
      else if (c == '-')
        fmt.minus = true, fmt.zero = false;
      else if (c == ' ')
        fmt.space = true;
      else {
        if ('a' <= c && c <= 'z' && argNum < n) {
          if (c == 'v') {
            fmt.sharpV = fmt.sharp;
            fmt.sharp = false;
            fmt.plusV = fmt.plus;
            fmt.plus = false;
          }
          printArg(a[argNum], c);
          argNum++;
          i++;
          simple_done = true;
        }
        break;
      }
    }
    if (simple_done) continue;

    argNum = argNumber(argNum, format, &i, n, &afterIndex);
    if (i < end && format[i] == '*') {
      i++;
      fmt.widPresent = intFromArg(a, n, &argNum, &fmt.wid);
      if (!fmt.widPresent) buf += "%!(BADWIDTH)";
      if (fmt.wid < 0) {
        fmt.wid = -fmt.wid;
        fmt.minus = true;
        fmt.zero = false;
      }
      afterIndex = false;
    } else {
      fmt.widPresent = parsenum(format, i, end, &fmt.wid, &i);
      if (afterIndex && fmt.widPresent) goodArgNum_ = false;
    }

    if (i + 1 < end && format[i] == '.') {
      i++;
      if (afterIndex) goodArgNum_ = false;
      argNum = argNumber(argNum, format, &i, n, &afterIndex);
      if (i < end && format[i] == '*') {
        i++;
        fmt.precPresent = intFromArg(a, n, &argNum, &fmt.prec);
        if (fmt.prec < 0) {
          fmt.prec = 0;
          fmt.precPresent = false;
        }
        if (!fmt.precPresent) buf += "%!(BADPREC)";
        afterIndex = false;
      } else {
        fmt.precPresent = parsenum(format, i, end, &fmt.prec, &i);
        if (!fmt.precPresent) {
          fmt.prec = 0;
          fmt.precPresent = true;
        }
      }
    }

    if (!afterIndex) argNum = argNumber(argNum, format, &i, n, &afterIndex);

    if (i >= end) {
      buf += "%!(NOVERB)";
      break;
    }

    auto* fp = reinterpret_cast<const uint8_t*>(format.data());
    rt::Rune r =
        rt::decodeRune(fp, static_cast<int64_t>(end), static_cast<int64_t>(i));
    int32_t verb = r.r;
    i += static_cast<size_t>(r.size);

    if (verb == '%') {
      buf += "%";
    } else if (!goodArgNum_) {
      buf += "%!";
      rt::appendRune(&buf, verb);
      buf += "(BADINDEX)";
    } else if (argNum >= n) {
      buf += "%!";
      rt::appendRune(&buf, verb);
      buf += "(MISSING)";
    } else {
      if (verb == 'v') {
        fmt.sharpV = fmt.sharp;
        fmt.sharp = false;
        fmt.plusV = fmt.plus;
        fmt.plus = false;
      }
      printArg(a[argNum], verb);
      argNum++;
    }
  }

  if (!reordered_ && argNum < n) {
    fmt.clearflags();
    buf += "%!(EXTRA ";
    for (int k = argNum; k < n; k++) {
      if (k > argNum) buf += ", ";
      auto* t = static_cast<const CspType*>(a[k].tab);
      if (!t) {
        buf += "<nil>";
      } else {
        buf += t->name;
        buf += "=";
        printArg(a[k], 'v');
      }
    }
    buf += ")";
  }
}

}  // namespace csp::stdlib
