// `csp build`: ahead-of-time compilation to a native executable (see
// driver.h). The module is the one `csp run` would JIT, plus a C `main`;
// it is written as an object file and linked against the runtime.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "compiler/driver_impl.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

namespace csp::driver {

namespace {

// int main(int argc, char** argv) { return csp_rt_main(csp.main, argc, argv); }
void addCMain(llvm::Module& m) {
  llvm::LLVMContext& ctx = m.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* i32 = b.getInt32Ty();
  auto* ptr = b.getPtrTy();
  auto rt_main = m.getOrInsertFunction("csp_rt_main", i32, ptr, i32, ptr);
  auto* fn =
      llvm::Function::Create(llvm::FunctionType::get(i32, {i32, ptr}, false),
                             llvm::Function::ExternalLinkage, "main", &m);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
  b.CreateRet(b.CreateCall(
      rt_main, {m.getFunction("csp.main"), fn->getArg(0), fn->getArg(1)}));
}

bool emitObject(llvm::Module& m, const std::string& obj) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  std::string triple = llvm::sys::getProcessTriple();
  std::string err;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target) {
    std::fprintf(stderr, "csp: %s\n", err.c_str());
    return false;
  }
  std::unique_ptr<llvm::TargetMachine> tm(
      target->createTargetMachine(triple, llvm::sys::getHostCPUName(), "",
                                  llvm::TargetOptions(), llvm::Reloc::PIC_));
  m.setDataLayout(tm->createDataLayout());
  std::error_code ec;
  llvm::raw_fd_ostream out(obj, ec, llvm::sys::fs::OF_None);
  if (ec) {
    std::fprintf(stderr, "csp: %s: %s\n", obj.c_str(), ec.message().c_str());
    return false;
  }
  llvm::legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, out, nullptr,
                              llvm::CodeGenFileType::ObjectFile)) {
    std::fprintf(stderr, "csp: cannot emit an object file for %s\n",
                 triple.c_str());
    return false;
  }
  pm.run(m);
  return true;
}

std::string selfDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string self(buf, n > 0 ? static_cast<size_t>(n) : 0);
  return self.substr(0, self.rfind('/'));
}

bool exists(const std::string& p) { return access(p.c_str(), R_OK) == 0; }

// Runs argv[0] (searched in PATH); true when it exits with status 0.
bool runTool(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool link(const std::string& obj, const std::string& output) {
  const char* env = std::getenv("CSP_LIBDIR");
  std::string dir = env ? env : selfDir();
  std::string rt = dir + "/runtime/libcsp_runtime.a",
              sl = dir + "/stdlib/libcsp_stdlib.a";
  if (!exists(rt))
    rt = dir + "/libcsp_runtime.a", sl = dir + "/libcsp_stdlib.a";
  if (!exists(rt) || !exists(sl)) {
    std::fprintf(stderr,
                 "csp: cannot find libcsp_runtime.a (set CSP_LIBDIR)\n");
    return false;
  }
  std::string cxx = exists("/usr/bin/clang++-19") ? "clang++-19" : "c++";
  if (!runTool({cxx, "-o", output, obj, "-Wl,--whole-archive", rt, sl,
                "-Wl,--no-whole-archive", "-lgc", "-lboost_context", "-pthread",
                "-ldl", "-Wl,-z,now"})) {
    std::fprintf(stderr, "csp: linking %s failed\n", output.c_str());
    return false;
  }
  return true;
}

}  // namespace

int buildFile(const std::string& path, const std::string& output,
              int opt_level) {
  Compilation c;
  if (!frontEnd(path, &c)) return 1;
  llvm::LLVMContext ctx;
  auto mod = backEnd(&c, ctx, opt_level);
  if (!mod) return 1;
  addCMain(*mod);
  std::string obj = output + ".o";
  bool ok = emitObject(*mod, obj) && link(obj, output);
  std::remove(obj.c_str());
  return ok ? 0 : 1;
}

}  // namespace csp::driver
