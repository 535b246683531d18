// Line tables for panic tracebacks: see codegen_debug.h.
#include "compiler/codegen_debug.h"

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/DebugInfoMetadata.h"

namespace csp::codegen {

namespace {

// The debug-info state of one module being generated.
struct DebugState {
  explicit DebugState(llvm::Module& m) : dib(m) {}
  llvm::DIBuilder dib;
  llvm::DICompileUnit* cu = nullptr;
  std::map<const SourceFile*, llvm::DIFile*> files;
  llvm::DISubroutineType* fn_type = nullptr;
};

std::mutex states_mu;
std::map<llvm::Module*, std::unique_ptr<DebugState>>& states() {
  static auto* s = new std::map<llvm::Module*, std::unique_ptr<DebugState>>;
  return *s;
}

DebugState* stateFor(llvm::Module& m, bool create) {
  std::lock_guard<std::mutex> lock(states_mu);
  auto& all = states();
  auto it = all.find(&m);
  if (it != all.end()) return it->second.get();
  if (!create) return nullptr;
  auto& st = all[&m];
  st = std::make_unique<DebugState>(m);
  return st.get();
}

// Whether name ends with sep followed by one or more digits.
bool endsWithNumbered(llvm::StringRef name, llvm::StringRef sep) {
  size_t i = name.size();
  while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9') i--;
  return i < name.size() && name.substr(0, i).ends_with(sep);
}

llvm::DIFile* fileFor(DebugState& st, const SourceFile* f) {
  auto it = st.files.find(f);
  if (it != st.files.end()) return it->second;
  std::string dir;
  if (f->name.empty() || f->name[0] != '/') {
    char buf[4096];
    if (getcwd(buf, sizeof buf)) dir = buf;
  }
  llvm::DIFile* file = st.dib.createFile(f->name, dir);
  st.files[f] = file;
  if (!st.cu)
    st.cu = st.dib.createCompileUnit(
        llvm::dwarf::DW_LANG_Go, file, "csp", /*isOptimized=*/true, "", 0, "",
        llvm::DICompileUnit::LineTablesOnly, 0, /*SplitDebugInlining=*/false,
        // Else LLVM leaves out the subprogram (its name) of a function
        // that has no inlined calls.
        /*DebugInfoForProfiling=*/true);
  return file;
}

llvm::DISubprogram* makeSubprogram(DebugState& st, llvm::Function& fn,
                                   llvm::DIFile* file, unsigned line) {
  if (!st.fn_type)
    st.fn_type = st.dib.createSubroutineType(st.dib.getOrCreateTypeArray({}));
  auto* sp = st.dib.createFunction(file, tracebackName(fn), "", file, line,
                                   st.fn_type, line, llvm::DINode::FlagZero,
                                   llvm::DISubprogram::SPFlagDefinition);
  fn.setSubprogram(sp);
  return sp;
}

}  // namespace

bool hiddenInTraceback(llvm::StringRef name) {
  return name.starts_with("csp.") || name.contains('$') ||
         endsWithNumbered(name, ".defer") || endsWithNumbered(name, ".go");
}

namespace {

// The function that a function literal named "P.funcN" appears in (P),
// or null when fn is not a function literal.
const llvm::Function* literalParent(const llvm::Function& fn) {
  llvm::StringRef name = fn.getName();
  if (!endsWithNumbered(name, ".func") || !fn.getParent()) return nullptr;
  return fn.getParent()->getFunction(name.substr(0, name.rfind(".func")));
}

// As tracebackName, for a function whose csp name is `base`.
std::string goName(std::string base, const llvm::Function& fn) {
  std::string out = std::move(base);
  // REPL inputs' symbols carry "·r<input>" (codegen.h, ReplLink): not Go's.
  for (size_t at; (at = out.find("\u00b7r")) != std::string::npos;) {
    size_t end = at + 3;
    while (end < out.size() && out[end] >= '0' && out[end] <= '9') end++;
    if (end == at + 3) break;
    out.erase(at, end - at);
  }
  // "pkg.*T.m" -> "pkg.(*T).m" (the package path may contain dots only
  // before its last slash).
  size_t slash = out.rfind('/');
  size_t dot = out.find('.', slash == std::string::npos ? 0 : slash);
  if (dot != std::string::npos && dot + 1 < out.size() && out[dot + 1] == '*') {
    size_t end = out.find('.', dot + 2);
    if (end != std::string::npos)
      out = out.substr(0, dot + 1) + "(" + out.substr(dot + 1, end - dot - 1) +
            ")" + out.substr(end);
  }
  // A function literal's code takes its closure first.
  unsigned params = fn.arg_size();
  if (literalParent(fn) && params > 0) params--;
  out += params ? "(...)" : "()";
  return out;
}

// Go numbers the function literals of each function from 1 in source
// order: main.main.func1, main.main.func2, and a literal's own literals
// main.main.func1.1. Codegen numbers them in one sequence per module, in
// the order it meets them; the names Go gives them, by LLVM name.
std::map<std::string, std::string> literalNames(llvm::Module& m) {
  std::map<const llvm::Function*,
           std::vector<std::pair<long, const llvm::Function*>>>
      kids;
  for (llvm::Function& fn : m)
    if (const llvm::Function* parent = literalParent(fn)) {
      llvm::StringRef name = fn.getName();
      long n = std::stol(name.substr(name.rfind(".func") + 5).str());
      kids[parent].emplace_back(n, &fn);
    }
  std::map<const llvm::Function*, int> rank;
  for (auto& [parent, list] : kids) {
    std::sort(list.begin(), list.end());
    for (size_t i = 0; i < list.size(); i++)
      rank[list[i].second] = static_cast<int>(i + 1);
  }
  std::map<std::string, std::string> out;
  std::function<std::string(const llvm::Function&)> resolve =
      [&](const llvm::Function& fn) -> std::string {
    const llvm::Function* parent = literalParent(fn);
    if (!parent) return fn.getName().str();
    return resolve(*parent) + (literalParent(*parent) ? "." : ".func") +
           std::to_string(rank[&fn]);
  };
  for (auto& [fn, r] : rank) out[fn->getName().str()] = resolve(*fn);
  return out;
}

}  // namespace

std::string tracebackName(const llvm::Function& fn) {
  llvm::StringRef name = fn.getName();
  if (hiddenInTraceback(name)) return name.str();
  return goName(name.str(), fn);
}

void setDebugLine(llvm::IRBuilderBase& b, llvm::Function* fn, Pos pos) {
  if (!fn || !pos.valid()) return;
  DebugState& st = *stateFor(*fn->getParent(), true);
  llvm::DISubprogram* sp = fn->getSubprogram();
  if (!sp)
    sp = makeSubprogram(st, *fn, fileFor(st, pos.file),
                        static_cast<unsigned>(pos.line()));
  b.SetCurrentDebugLocation(
      llvm::DILocation::get(fn->getContext(), static_cast<unsigned>(pos.line()),
                            static_cast<unsigned>(pos.col()), sp));
}

void finishDebugInfo(llvm::Module& m) {
  DebugState* st = stateFor(m, false);
  if (!st) return;
  std::map<std::string, std::string> literals = literalNames(m);
  for (llvm::Function& fn : m) {
    if (fn.isDeclaration()) continue;
    llvm::DISubprogram* sp = fn.getSubprogram();
    if (!sp) sp = makeSubprogram(*st, fn, st->cu->getFile(), 0);
    auto lit = literals.find(fn.getName().str());
    if (lit != literals.end())
      sp->replaceOperandWith(
          2, llvm::MDString::get(m.getContext(), goName(lit->second, fn)));
    // Tail calls stay allowed: forbidding them (as Go does) costs fib-like
    // recursion its accumulator loop (~50% slower). A traceback may then
    // miss the frame of a caller whose last act was the call.
    for (llvm::BasicBlock& bb : fn) {
      llvm::DILocation* last =
          llvm::DILocation::get(m.getContext(), sp->getLine(), 0, sp);
      for (llvm::Instruction& inst : bb) {
        llvm::DILocation* loc = inst.getDebugLoc().get();
        if (loc && loc->getScope()->getSubprogram() == sp)
          last = loc;
        else
          inst.setDebugLoc(last);
      }
    }
  }
  st->dib.finalize();
  if (!m.getModuleFlag("Debug Info Version"))
    m.addModuleFlag(llvm::Module::Warning, "Debug Info Version",
                    llvm::DEBUG_METADATA_VERSION);
  if (!m.getModuleFlag("Dwarf Version"))
    m.addModuleFlag(llvm::Module::Warning, "Dwarf Version", 4);
  std::lock_guard<std::mutex> lock(states_mu);
  states().erase(&m);
}

}  // namespace csp::codegen
