// Tracebacks: see traceback.h.
#include "runtime/traceback.h"

#include <unwind.h>

#include <atomic>
#include <cinttypes>
#include <cstdio>

namespace csp::rt {

namespace {

std::atomic<CspSymbolizer> symbolizer{nullptr};

struct StackWalk {
  uintptr_t* pcs;
  int max;
  int n;
};

_Unwind_Reason_Code collectPC(_Unwind_Context* ctx, void* arg) {
  auto* w = static_cast<StackWalk*>(arg);
  uintptr_t pc = _Unwind_GetIP(ctx);
  if (pc == 0) return _URC_END_OF_STACK;
  w->pcs[w->n++] = pc;
  return w->n < w->max ? _URC_NO_REASON : _URC_END_OF_STACK;
}

}  // namespace

int captureStack(uintptr_t* pcs, int max) {
  if (!symbolizer.load(std::memory_order_relaxed)) return 0;
  StackWalk w{pcs, max, 0};
  _Unwind_Backtrace(collectPC, &w);
  return w.n;
}

void appendTraceback(std::string* out, const uintptr_t* pcs, int n) {
  CspSymbolizer sym = symbolizer.load(std::memory_order_relaxed);
  int shown = 0;
  for (int i = 0; sym && i < n; i++) {
    CspFrame frames[16];
    int64_t k = sym(pcs[i], frames, 16);
    for (int64_t j = 0; j < k; j++) {
      const CspFrame& f = frames[j];
      char line[64];
      if (f.offset >= 0)
        snprintf(line, sizeof line, ":%" PRId64 " +0x%" PRIx64 "\n", f.line,
                 static_cast<uint64_t>(f.offset));
      else
        snprintf(line, sizeof line, ":%" PRId64 "\n", f.line);
      *out += f.func;
      *out += "\n\t";
      *out += f.file;
      *out += line;
      shown++;
    }
  }
  if (!shown) *out += "main.main()\n\t?\?\?\n";
  if (n >= kMaxTracebackFrames) *out += "...additional frames elided...\n";
}

std::string pcLocation(uintptr_t pc, bool with_func) {
  CspSymbolizer sym = symbolizer.load(std::memory_order_relaxed);
  CspFrame frames[16];
  int64_t k = sym && pc ? sym(pc, frames, 16) : 0;
  if (k <= 0) return "";
  const CspFrame& f = frames[k - 1];  // the outermost of inlined frames
  char line[64];
  snprintf(line, sizeof line, ":%" PRId64, f.line);
  std::string where = std::string(f.file) + line;
  if (!with_func) return where;
  std::string func = f.func;
  if (func.size() > 5 && func.compare(func.size() - 5, 5, "(...)") == 0)
    func.resize(func.size() - 5);
  else if (func.size() > 2 && func.compare(func.size() - 2, 2, "()") == 0)
    func.resize(func.size() - 2);
  return func + "\n\t" + where;
}

void appendGoroutineTraceback(std::string* out, G* g) {
  if (g && g->panic) {
    appendTraceback(out, g->panic->pcs, g->panic->npcs);
  } else {
    uintptr_t pcs[kMaxTracebackFrames];
    int n = captureStack(pcs, kMaxTracebackFrames);
    appendTraceback(out, pcs, n);
  }
  // As Go: where the goroutine was started.
  if (g && g->gopc) {
    std::string at = pcLocation(g->gopc, true);
    if (!at.empty()) *out += "created by " + at + "\n";
  }
}

}  // namespace csp::rt

extern "C" void csp_rt_set_symbolizer(CspSymbolizer fn) {
  csp::rt::symbolizer.store(fn, std::memory_order_relaxed);
}
