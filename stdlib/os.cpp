// Package os, the C++ half (bodiless functions of stdlib/os.csp): the
// arguments, exit, environment, and read(2)/write(2) on file descriptors.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "runtime/sched.h"
#include "runtime/abi.h"
#include "runtime/proc.h"
#include "runtime/string.h"

using namespace csp::rt;

extern "C" void csp_os_runtimeArgs(CspSlice* out) { *out = programArgs(); }

extern "C" void csp_os_Exit(int64_t code) { csp_rt_exit(code); }

extern "C" CspString csp_os_Getenv(const uint8_t* key, int64_t len) {
  std::string k(reinterpret_cast<const char*>(key), static_cast<size_t>(len));
  const char* v = std::getenv(k.c_str());
  return v ? makeString(v) : CspString{nullptr, 0};
}

// Writes all of b; the count written, or -1 on error.
extern "C" int64_t csp_os_write(int64_t fd, const uint8_t* data, int64_t len,
                                int64_t cap) {
  int64_t done = 0;
  while (done < len) {
    ssize_t w = ::write(static_cast<int>(fd), data + done,
                        static_cast<size_t>(len - done));
    if (w < 0) {
      if (errno == EINTR) continue;
      return done > 0 ? done : -1;
    }
    done += w;
  }
  return done;
}

extern "C" int64_t csp_os_read(int64_t fd, uint8_t* data, int64_t len,
                               int64_t cap) {
  for (;;) {
    // A read may block for long (a terminal, a pipe): the P goes to
    // another M meanwhile.
    csp::rt::entersyscall();
    ssize_t r = ::read(static_cast<int>(fd), data, static_cast<size_t>(len));
    csp::rt::exitsyscall();
    if (r < 0 && errno == EINTR) continue;
    return r;
  }
}

#include <fcntl.h>

#include <cctype>
#include <cstring>

namespace {
std::string cstr(const uint8_t* p, int64_t n) {
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
}
}  // namespace

extern "C" int64_t csp_os_openFile(const uint8_t* name, int64_t len,
                                   int64_t flag, uint32_t perm) {
  int fd =
      ::open(cstr(name, len).c_str(), static_cast<int>(flag) | O_CLOEXEC, perm);
  return fd < 0 ? -errno : fd;
}

extern "C" int64_t csp_os_closeFd(int64_t fd) {
  return ::close(static_cast<int>(fd)) < 0 ? -errno : 0;
}

extern "C" int64_t csp_os_unlink(const uint8_t* name, int64_t len) {
  std::string n = cstr(name, len);
  if (::unlink(n.c_str()) == 0) return 0;
  int e = errno;
  if (::rmdir(n.c_str()) == 0) return 0;  // as Go's Remove: a directory too
  return -e;
}

// As Go's syscall.Errno.Error: the C library's text, lower-cased first
// letter (Go's table is glibc's, in lower case).
extern "C" CspString csp_os_errnoText(int64_t no) {
  std::string s = std::strerror(static_cast<int>(no));
  if (!s.empty())
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return makeString(s);
}
