// Goroutines and channels: placeholders until the scheduler issue.
//
// The entry points exist so that every abi.def symbol resolves; each one
// that would need a second goroutine ends the program with a fatal error
// naming what is missing. Buffered channels used by a single goroutine
// already work (a queue, no blocking).
#include <cstring>
#include <deque>
#include <vector>

#include "runtime/abi.h"
#include "runtime/gc.h"
#include "runtime/panic.h"

namespace csp::rt {
namespace {

// hchan without waiters: buf holds up to cap elements.
struct Chan {
  const CspType* elem;
  int64_t cap;
  int64_t len;
  int64_t head;
  char* buf;
  bool closed;
};

// The only goroutine blocks forever: Go's deadlock report.
[[noreturn]] void blockForever(const char* state) {
  fatalBlocked("all goroutines are asleep - deadlock!", state);
}

bool tryRecv(Chan* c, void* elem, bool* ok) {
  if (c->len > 0) {
    int64_t size = c->elem->size;
    if (elem)
      std::memcpy(elem, c->buf + c->head * size, static_cast<size_t>(size));
    std::memset(c->buf + c->head * size, 0, static_cast<size_t>(size));
    c->head = (c->head + 1) % c->cap;
    c->len--;
    *ok = true;
    return true;
  }
  if (c->closed) {
    if (elem) std::memset(elem, 0, static_cast<size_t>(c->elem->size));
    *ok = false;
    return true;
  }
  return false;
}

bool trySend(Chan* c, const void* elem) {
  if (c->closed) panicPlainError("send on closed channel");
  if (c->len < c->cap) {
    int64_t size = c->elem->size;
    std::memcpy(c->buf + ((c->head + c->len) % c->cap) * size, elem,
                static_cast<size_t>(size));
    c->len++;
    return true;
  }
  return false;
}

}  // namespace
}  // namespace csp::rt

using namespace csp::rt;

extern "C" void csp_rt_go(void*) {
  fatal("csp: goroutines are not implemented yet");
}

extern "C" void* csp_rt_makechan(const CspType* t, int64_t size) {
  if (size < 0) panicPlainError("makechan: size out of range");
  auto* c = static_cast<Chan*>(gcAlloc(sizeof(Chan)));
  c->elem = t->elem;
  c->cap = size;
  if (size > 0)
    c->buf = static_cast<char*>(
        gcAlloc(static_cast<size_t>(size * t->elem->size + 1)));
  return c;
}

extern "C" void csp_rt_chansend(void* c, const void* elem) {
  if (!c) blockForever("chan send (nil chan)");
  if (!trySend(static_cast<Chan*>(c), elem)) blockForever("chan send");
}

extern "C" bool csp_rt_chanrecv(void* c, void* elem) {
  bool ok = false;
  if (!c) blockForever("chan receive (nil chan)");
  if (!tryRecv(static_cast<Chan*>(c), elem, &ok)) blockForever("chan receive");
  return ok;
}

extern "C" void csp_rt_closechan(void* cp) {
  auto* c = static_cast<Chan*>(cp);
  if (!c) panicPlainError("close of nil channel");
  if (c->closed) panicPlainError("close of closed channel");
  c->closed = true;
}

extern "C" int64_t csp_rt_chanlen(void* c) {
  return c ? static_cast<Chan*>(c)->len : 0;
}

extern "C" int64_t csp_rt_chancap(void* c) {
  return c ? static_cast<Chan*>(c)->cap : 0;
}

struct SelectCase {
  void* chan;
  void* elem;
  int64_t dir;
};

extern "C" int64_t csp_rt_select(void* cases, int64_t n, bool* recv_ok,
                                 bool block) {
  auto* cs = static_cast<SelectCase*>(cases);
  for (int64_t i = 0; i < n; i++) {
    auto* c = static_cast<Chan*>(cs[i].chan);
    if (!c) continue;
    if (cs[i].dir == 0) {
      bool ok = false;
      if (tryRecv(c, cs[i].elem, &ok)) {
        if (recv_ok) *recv_ok = ok;
        return i;
      }
    } else if (trySend(c, cs[i].elem)) {
      return i;
    }
  }
  if (!block) return -1;
  blockForever(n == 0 ? "select (no cases)" : "select");
}
