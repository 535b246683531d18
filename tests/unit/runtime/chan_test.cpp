// Channels and select on the real scheduler: each test runs its body as a
// main goroutine under csp_rt_main and counts every item it moves.
#include "runtime/chan.h"

#include <atomic>
#include <catch2/catch.hpp>

#include "runtime/abi.h"
#include "runtime/proc.h"
#include "runtime/sched.h"

using namespace csp::rt;

namespace {

// Just the fields channels read: size, flags, elem.
CspType typeOf(int64_t size, uint8_t kind, uint8_t flags,
               const CspType* elem = nullptr) {
  CspType t{};
  t.size = size;
  t.align = size >= 8 ? 8 : 1;
  t.kind = kind;
  t.flags = flags;
  t.elem = elem;
  return t;
}

CspType int_type = typeOf(8, CSP_KIND_INT, CSP_TF_NOPTR);
CspType empty_type = typeOf(0, CSP_KIND_STRUCT, CSP_TF_NOPTR);
CspType chan_int = typeOf(8, CSP_KIND_CHAN, CSP_TF_DIRECT, &int_type);
CspType chan_empty = typeOf(8, CSP_KIND_CHAN, CSP_TF_DIRECT, &empty_type);

struct SelCase {
  void* c;
  void* elem;
  int64_t dir;
};

constexpr int kWorkers = 8;
constexpr int64_t kItems = 100000;

// Shared by a test's goroutines (one test runs at a time).
struct Run {
  void* ch[4];
  void* done;
  void* quit;
  std::atomic<int64_t> count, sum;
  int64_t cap;
  bool use_select;
} run;

void signalDone() {
  char z;
  csp_rt_chansend(run.done, &z);
}

void producer(void* arg) {
  auto p = reinterpret_cast<intptr_t>(arg);
  for (int64_t v = p + 1; v <= kItems; v += kWorkers) {
    if (!run.use_select) {
      csp_rt_chansend(run.ch[0], &v);
      continue;
    }
    SelCase cs[4];
    for (int i = 0; i < 4; i++) cs[i] = {run.ch[i], &v, 1};
    bool ok;
    csp_rt_select(cs, 4, &ok, true);
  }
  signalDone();
}

void consumer(void*) {
  int64_t n = 0, s = 0;
  if (!run.use_select) {
    int64_t v;
    while (csp_rt_chanrecv(run.ch[0], &v)) n++, s += v;
  } else {
    for (;;) {
      int64_t v[4];
      char z;
      SelCase cs[5];
      for (int i = 0; i < 4; i++) cs[i] = {run.ch[i], &v[i], 0};
      cs[4] = {run.quit, &z, 0};
      bool ok;
      int64_t i = csp_rt_select(cs, 5, &ok, true);
      if (i == 4) break;
      n++, s += v[i];
    }
  }
  run.count += n;
  run.sum += s;
  signalDone();
}

void moveItems() {
  run.done = makeChan(&chan_empty, 0);
  run.quit = makeChan(&chan_empty, 0);
  for (auto& c : run.ch) c = makeChan(&chan_int, run.cap);
  for (intptr_t p = 0; p < kWorkers; p++)
    newproc(producer, reinterpret_cast<void*>(p));
  for (int c = 0; c < kWorkers; c++) newproc(consumer, nullptr);
  for (int p = 0; p < kWorkers; p++) csp_rt_chanrecv(run.done, nullptr);
  if (run.use_select) {
    // Producers are done; unbuffered channels hold nothing, so consumers
    // may quit once the buffers are drained: only unbuffered here.
    csp_rt_closechan(run.quit);
  } else {
    csp_rt_closechan(run.ch[0]);
  }
  for (int c = 0; c < kWorkers; c++) csp_rt_chanrecv(run.done, nullptr);
}

void checkMove(int64_t cap, bool use_select) {
  run.count = 0;
  run.sum = 0;
  run.cap = cap;
  run.use_select = use_select;
  setMainReturns(true);  // csp_rt_main returns instead of ending the process
  REQUIRE(csp_rt_main(moveItems, 0, nullptr) == 0);
  CHECK(run.count == kItems);
  CHECK(run.sum == kItems * (kItems + 1) / 2);
}

}  // namespace

TEST_CASE("chan: 8 producers 8 consumers unbuffered") { checkMove(0, false); }
TEST_CASE("chan: 8 producers 8 consumers buffered") { checkMove(64, false); }
TEST_CASE("chan: 8 producers 8 consumers select over 4") { checkMove(0, true); }

TEST_CASE("chan: non-blocking send and receive") {
  static bool results[12];
  setMainReturns(true);
  REQUIRE(
      csp_rt_main(
          [] {
            void* c = makeChan(&chan_int, 2);
            int64_t v = 1, got = 0;
            bool ok = false;
            results[0] = chanSendNonblocking(c, &v);
            v = 2;
            results[1] = chanSendNonblocking(c, &v);
            results[2] = !chanSendNonblocking(c, &v);  // full
            results[3] = csp_rt_chanlen(c) == 2;
            results[4] = chanRecvNonblocking(c, &got, &ok) && ok && got == 1;
            results[5] = chanRecvNonblocking(c, &got, &ok) && ok && got == 2;
            results[6] = !chanRecvNonblocking(c, &got, &ok);  // empty
            csp_rt_closechan(c);
            got = 9;
            results[7] = chanRecvNonblocking(c, &got, &ok) && !ok && got == 0;
            void* u = makeChan(&chan_int, 0);
            results[8] = !chanSendNonblocking(u, &v);  // no receiver
            results[9] = !chanRecvNonblocking(u, &got, &ok);
            results[10] = !chanSendNonblocking(nullptr, &v);
            results[11] = !chanRecvNonblocking(nullptr, &got, &ok);
          },
          0, nullptr) == 0);
  for (int i = 0; i < 12; i++) {
    INFO("check " << i);
    CHECK(results[i]);
  }
}

TEST_CASE("chan: zero-size elements") {
  static int64_t n;
  setMainReturns(true);
  REQUIRE(csp_rt_main(
              [] {
                void* c = makeChan(&chan_empty, 1 << 30);  // no buffer memory
                n = 0;
                for (int i = 0; i < 1000; i++) csp_rt_chansend(c, nullptr);
                n = csp_rt_chanlen(c);
                while (csp_rt_chanlen(c) > 0) csp_rt_chanrecv(c, nullptr);
              },
              0, nullptr) == 0);
  CHECK(n == 1000);
}
