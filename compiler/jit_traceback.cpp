// The JIT's symbolizer for panic tracebacks (csp_rt_set_symbolizer).
//
// At link time (cheap: start-up matters) a JITLink plugin keeps a copy of
// each object file and the address range and name of each function it
// defines. Only when a traceback asks about an address does it parse the
// object's DWARF line tables (llvm::DWARFContext on the unrelocated
// object: addresses are then offsets into the object's .text section, and
// an address in memory maps to one through its function's symbol).
// Names come from the DISubprograms codegen_debug.cpp made: Go's, e.g.
// "main.(*T).M(...)"; inlined calls are separate frames, as in Go.
#include <algorithm>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/codegen_debug.h"
#include "compiler/jit.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/ExecutionEngine/JITLink/JITLink.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"

namespace csp::jit {

namespace {

// One linked object file.
struct LinkedObject {
  llvm::orc::ResourceKey key;  // the resource tracker that owns it
  std::unique_ptr<llvm::MemoryBuffer> bytes;
  // Made on the first traceback that needs them.
  std::unique_ptr<llvm::object::ObjectFile> obj;
  std::unique_ptr<llvm::DWARFContext> dwarf;
  llvm::StringMap<llvm::object::SectionedAddress> symbols;
  bool parsed = false;
};

// A function in memory.
struct FuncRange {
  uint64_t start, end;
  std::string name;
  size_t object;  // in Registry::objects
  llvm::orc::ResourceKey key;  // the resource tracker that owns it
};

struct Registry {
  std::mutex mu;
  // By number; those of removed REPL inputs are freed.
  std::unordered_map<size_t, LinkedObject> objects;
  size_t next_object = 0;
  std::vector<FuncRange> funcs;  // sorted by start when `sorted`
  bool sorted = true;
  std::map<llvm::jitlink::LinkGraph*, std::unique_ptr<llvm::MemoryBuffer>>
      pending;
  std::map<llvm::jitlink::LinkGraph*, llvm::orc::ResourceKey> pending_keys;
  std::deque<std::string> strings;  // what frames point to, never freed
};

Registry& registry() {
  static auto* r = new Registry;  // used by panics during exit: never freed
  return *r;
}

class TracebackPlugin : public llvm::orc::ObjectLinkingLayer::Plugin {
 public:
  void notifyMaterializing(llvm::orc::MaterializationResponsibility& mr,
                           llvm::jitlink::LinkGraph& g,
                           llvm::jitlink::JITLinkContext&,
                           llvm::MemoryBufferRef obj) override {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mu);
    r.pending[&g] = llvm::MemoryBuffer::getMemBufferCopy(
        obj.getBuffer(), obj.getBufferIdentifier());
    llvm::orc::ResourceKey key = 0;
    llvm::consumeError(
        mr.withResourceKeyDo([&](llvm::orc::ResourceKey k) { key = k; }));
    r.pending_keys[&g] = key;
  }

  void modifyPassConfig(llvm::orc::MaterializationResponsibility&,
                        llvm::jitlink::LinkGraph&,
                        llvm::jitlink::PassConfiguration& config) override {
    // Local functions are referenced through their section's symbol: keep
    // their own symbols (names and sizes) from being pruned.
    config.PrePrunePasses.push_back([](llvm::jitlink::LinkGraph& g) {
      for (auto* sym : g.defined_symbols())
        if (sym->hasName() && sym->isCallable() && sym->getSize() > 0)
          sym->setLive(true);
      return llvm::Error::success();
    });
    config.PostFixupPasses.push_back([](llvm::jitlink::LinkGraph& g) {
      record(g);
      return llvm::Error::success();
    });
  }

  llvm::Error notifyFailed(llvm::orc::MaterializationResponsibility&) override {
    return llvm::Error::success();
  }
  // A REPL input's code is gone: its addresses may be reused, and its
  // object file is no longer needed.
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib&,
                                      llvm::orc::ResourceKey k) override {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mu);
    r.funcs.erase(
        std::remove_if(r.funcs.begin(), r.funcs.end(),
                       [&](const FuncRange& f) { return f.key == k; }),
        r.funcs.end());
    for (auto it = r.objects.begin(); it != r.objects.end();)
      it = it->second.key == k ? r.objects.erase(it) : std::next(it);
    return llvm::Error::success();
  }
  void notifyTransferringResources(llvm::orc::JITDylib&,
                                   llvm::orc::ResourceKey dst,
                                   llvm::orc::ResourceKey src) override {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mu);
    for (FuncRange& f : r.funcs)
      if (f.key == src) f.key = dst;
    for (auto& [i, o] : r.objects)
      if (o.key == src) o.key = dst;
  }

 private:
  static void record(llvm::jitlink::LinkGraph& g) {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mu);
    auto it = r.pending.find(&g);
    if (it == r.pending.end()) return;
    size_t index = r.next_object++;
    llvm::orc::ResourceKey key = r.pending_keys[&g];
    r.pending_keys.erase(&g);
    LinkedObject& o = r.objects[index];
    o.key = key;
    o.bytes = std::move(it->second);
    r.pending.erase(it);
    for (auto& sec : g.sections()) {
      if (!(static_cast<unsigned>(sec.getMemProt()) &
            static_cast<unsigned>(llvm::orc::MemProt::Exec)))
        continue;
      for (auto* sym : sec.symbols()) {
        if (!sym->hasName() || !sym->isCallable() || sym->getSize() == 0)
          continue;
        uint64_t start = sym->getAddress().getValue();
        r.funcs.push_back(FuncRange{start, start + sym->getSize(),
                                    sym->getName().str(), index, key});
      }
    }
    r.sorted = false;
  }
};

void parse(LinkedObject& o) {
  o.parsed = true;
  auto obj =
      llvm::object::ObjectFile::createObjectFile(o.bytes->getMemBufferRef());
  if (!obj) {
    llvm::consumeError(obj.takeError());
    return;
  }
  o.obj = std::move(*obj);
  for (const auto& sym : o.obj->symbols()) {
    auto name = sym.getName();
    auto addr = sym.getAddress();
    auto sec = sym.getSection();
    if (!name || !addr || !sec || *sec == o.obj->section_end()) {
      if (!name) llvm::consumeError(name.takeError());
      if (!addr) llvm::consumeError(addr.takeError());
      if (!sec) llvm::consumeError(sec.takeError());
      continue;
    }
    o.symbols[*name] = {*addr, (*sec)->getIndex()};
  }
  o.dwarf = llvm::DWARFContext::create(*o.obj);
}

const char* keep(Registry& r, std::string s) {
  r.strings.push_back(std::move(s));
  return r.strings.back().c_str();
}

}  // namespace

void addTracebackPlugin(llvm::orc::LLJIT& jit) {
  auto* layer =
      llvm::dyn_cast<llvm::orc::ObjectLinkingLayer>(&jit.getObjLinkingLayer());
  if (layer) layer->addPlugin(std::make_unique<TracebackPlugin>());
}

int64_t symbolize(uintptr_t pc, CspFrame* frames, int64_t max) {
  if (max <= 0 || pc == 0) return 0;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (!r.sorted) {
    std::sort(r.funcs.begin(), r.funcs.end(),
              [](const FuncRange& a, const FuncRange& b) {
                return a.start < b.start;
              });
    r.sorted = true;
  }
  uint64_t at = pc - 1;  // inside the call instruction
  auto it = std::upper_bound(
      r.funcs.begin(), r.funcs.end(), at,
      [](uint64_t a, const FuncRange& f) { return a < f.start; });
  if (it == r.funcs.begin()) return 0;
  --it;
  if (at >= it->end) return 0;
  const FuncRange& fr = *it;
  auto obj = r.objects.find(fr.object);
  if (obj == r.objects.end()) return 0;
  LinkedObject& o = obj->second;
  if (!o.parsed) parse(o);
  int64_t n = 0;
  auto sym = o.symbols.find(fr.name);
  if (o.dwarf && sym != o.symbols.end()) {
    llvm::object::SectionedAddress addr{sym->second.Address + (at - fr.start),
                                        sym->second.SectionIndex};
    llvm::DILineInfoSpecifier spec(
        llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath,
        llvm::DILineInfoSpecifier::FunctionNameKind::ShortName);
    llvm::DIInliningInfo info = o.dwarf->getInliningInfoForAddress(addr, spec);
    uint32_t k = info.getNumberOfFrames();
    for (uint32_t i = 0; i < k && n < max; i++) {
      const llvm::DILineInfo& f = info.getFrame(i);
      if (f.FunctionName == llvm::DILineInfo::BadString ||
          codegen::hiddenInTraceback(f.FunctionName))
        continue;
      frames[n++] = CspFrame{keep(r, f.FunctionName), keep(r, f.FileName),
                             static_cast<int64_t>(f.Line), -1};
    }
    // The outermost shown frame stands for the function in memory (when
    // that is hidden, e.g. main.main inlined into csp.main).
    if (n > 0) frames[n - 1].offset = static_cast<int64_t>(pc - fr.start);
    if (k > 0) return n;
  }
  // No line table: the symbol's name.
  if (codegen::hiddenInTraceback(fr.name)) return 0;
  frames[n++] = CspFrame{keep(r, fr.name + "(...)"), "?", 0,
                         static_cast<int64_t>(pc - fr.start)};
  return n;
}

}  // namespace csp::jit
