// The driver: see driver.h.
#include "compiler/driver.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compiler/check.h"
#include "compiler/codegen.h"
#include "compiler/driver_impl.h"
#include "compiler/jit.h"
#include "compiler/parse.h"
#include "compiler/source.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "runtime/abi.h"

namespace csp::driver {

namespace {

// CSPDEBUG=phases=1 prints how long each phase took, to stderr: where the
// start-up time goes.
class PhaseTimer {
 public:
  PhaseTimer() {
    const char* d = std::getenv("CSPDEBUG");
    on_ = d && std::strstr(d, "phases=1");
    last_ = std::chrono::steady_clock::now();
  }
  void mark(const char* phase) {
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "csp: %-9s %6.2f ms\n", phase,
                 std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

PhaseTimer& phases() {
  static PhaseTimer timer;
  return timer;
}

int reportJitError(llvm::Error err) {
  std::string msg = llvm::toString(std::move(err));
  std::fprintf(stderr, "csp: internal error: %s\n", msg.c_str());
  return 1;
}

}  // namespace

static bool readFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *text = ss.str();
  return true;
}

// Parses and checks `path`; false (errors printed) on failure.
bool frontEnd(const std::string& path, Compilation* c) {
  std::string text;
  if (!readFile(path, &text)) {
    std::fprintf(stderr, "open %s: no such file or directory\n", path.c_str());
    return false;
  }
  c->source = std::make_unique<SourceFile>(path, std::move(text));
  phases().mark("read");
  ast::File* file = parse::parseFile(c->source.get(), &c->diags);
  phases().mark("parse");
  if (c->diags.hasErrors()) return false;
  c->program = check::checkProgram({file}, &c->diags);
  phases().mark("check");
  return c->program && !c->diags.hasErrors();
}

std::unique_ptr<llvm::Module> backEnd(Compilation* c, llvm::LLVMContext& ctx,
                                      int opt_level) {
  codegen::Options opts;
  opts.opt_level = opt_level;
  auto mod = codegen::generate(*c->program, ctx, opts);
  phases().mark("codegen");
  if (mod) codegen::optimize(*mod, opt_level);
  phases().mark("optimize");
  return mod;
}

int checkFile(const std::string& path) {
  Compilation c;
  return frontEnd(path, &c) ? 0 : 1;
}

int dumpIr(const std::string& path, int opt_level) {
  Compilation c;
  if (!frontEnd(path, &c)) return 1;
  llvm::LLVMContext ctx;
  auto mod = backEnd(&c, ctx, opt_level);
  if (!mod) return 1;
  mod->print(llvm::outs(), nullptr);
  llvm::outs().flush();
  return 0;
}

int runFile(const std::string& path, const std::vector<std::string>& args,
            const RunOptions& opts) {
  phases();  // starts the clock
  Compilation c;
  if (!frontEnd(path, &c)) return 1;
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto mod = backEnd(&c, *ctx, opts.opt_level);
  if (!mod) return 1;
  auto jit = jit::Jit::create(codegen::hostMachine());
  if (!jit) return reportJitError(jit.takeError());
  if (auto err = (*jit)->addModule(
          llvm::orc::ThreadSafeModule(std::move(mod), std::move(ctx))))
    return reportJitError(std::move(err));
  auto entry = (*jit)->lookup("csp.main");
  if (!entry) return reportJitError(entry.takeError());
  phases().mark("jit");
  if (opts.procs > 0)
    setenv("GOMAXPROCS", std::to_string(opts.procs).c_str(), 1);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);
  csp_rt_set_symbolizer(jit::symbolize);
  return csp_rt_main(entry->toPtr<void (*)()>(),
                     static_cast<int>(args.size() + 1), argv.data());
}

}  // namespace csp::driver
