// The `csp` command line (see cli.h), built with CLI11.
//
// One wrinkle: `csp run FILE args...` hands every argument after FILE to
// the program untouched, even ones that look like csp's own options
// (`csp run prog.csp --help` passes --help to prog, as `go run` does).
// So before CLI11 sees the command line, splitArgs() cuts it after FILE:
// CLI11 parses csp's part, and the rest becomes the program's os.Args[1:].
#include "tools/cli.h"

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/driver.h"
#include "tools/crash.h"
#include "tools/dump.h"
#include "tools/repl.h"

namespace csp::cli {

namespace {

constexpr const char* kVersion = "csp version 0.1.0";

// Options that take their value as the next argument (`--procs 4`); the
// other options are flags or carry their value (`-O2`, `--procs=4`).
bool takesSeparateValue(const std::string& arg) {
  return arg == "--procs" || arg == "--trace" || arg == "--schedtrace" ||
         arg == "-O" || arg == "-o";
}

// Returns the index in argv of the first two positional arguments (the
// command and, for `run`, its FILE), skipping options and their values;
// -1 when absent. A `--` makes the next argument positional.
int nextPositional(const std::vector<std::string>& argv, int from) {
  for (int i = from; i < int(argv.size()); i++) {
    const std::string& a = argv[i];
    if (a == "--") return i + 1 < int(argv.size()) ? i + 1 : -1;
    if (a.size() > 1 && a[0] == '-') {
      if (takesSeparateValue(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

// Splits argv into csp's own arguments and, for `run FILE`, the program's.
void splitArgs(int argc, char** argv, std::vector<std::string>* own,
               std::vector<std::string>* program) {
  std::vector<std::string> all(argv + 1, argv + argc);
  int cmd = nextPositional(all, 0);
  int file = cmd >= 0 && all[cmd] == "run" ? nextPositional(all, cmd + 1) : -1;
  int end = file >= 0 ? file + 1 : int(all.size());
  own->assign(all.begin(), all.begin() + end);
  program->assign(all.begin() + end, all.end());
}

// What the command line asked for.
struct Settings {
  int opt_level = 2;
  int procs = 0;
  std::string trace_file;
  int schedtrace_ms = 0;
  std::string file;
  std::string output;  // build -o
};

// Adds a FILE argument to `cmd`.
void addFile(CLI::App* cmd, Settings* s) {
  cmd->add_option("FILE", s->file, "the .csp source file")->required();
}

// Applies the options that act before any command runs.
void applyGlobals(const Settings& s) {
  if (s.procs > 0) setenv("GOMAXPROCS", std::to_string(s.procs).c_str(), 1);
  if (!s.trace_file.empty())
    std::fprintf(stderr, "csp: note: --trace is not implemented yet\n");
  if (s.schedtrace_ms > 0)
    std::fprintf(stderr, "csp: note: --schedtrace is not implemented yet\n");
}

// True when `path` is a file csp can read; else prints why (Go's wording:
// `open x.csp: no such file or directory`) and returns false.
bool readableFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    std::string why = std::strerror(errno);  // Go's are lower case
    if (!why.empty()) why[0] = char(std::tolower(why[0]));
    std::fprintf(stderr, "csp: open %s: %s\n", path.c_str(), why.c_str());
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    std::fprintf(stderr, "csp: read %s: is a directory\n", path.c_str());
    return false;
  }
  return true;
}

// The usage error message, CLI11's text with our prefix.
int usageError(const CLI::Error& e) {
  std::fprintf(stderr, "csp: %s\nRun 'csp --help' for usage.\n", e.what());
  return kExitUsage;
}

}  // namespace

int runCommandLine(int argc, char** argv) {
  std::vector<std::string> own, program_args;
  splitArgs(argc, argv, &own, &program_args);

  Settings s;
  bool version = false;
  CLI::App app{"csp: a Go subset, compiled with LLVM and run by a JIT", "csp"};
  app.footer("Example: csp run hello.csp");
  app.add_option("-O", s.opt_level, "optimization level 0..3 (default 2)")
      ->check(CLI::Range(0, 3))
      ->option_text("0..3");
  app.add_option("--procs", s.procs, "number of Ps (sets GOMAXPROCS)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--trace", s.trace_file,
                 "write a Chrome trace of the run (not implemented yet)");
  app.add_option("--schedtrace", s.schedtrace_ms,
                 "print scheduler state every MS ms (not implemented yet)")
      ->check(CLI::Range(0, 1000000000));
  app.add_flag("--version", version, "print the version and exit");

  CLI::App* run = app.add_subcommand(
      "run", "compile, JIT and run FILE; later arguments go to the program");
  addFile(run, &s);
  CLI::App* check = app.add_subcommand("check", "parse and type-check FILE");
  addFile(check, &s);
  CLI::App* tokens =
      app.add_subcommand("tokens", "print FILE's tokens, one a line");
  addFile(tokens, &s);
  CLI::App* ast = app.add_subcommand("ast", "print FILE's syntax tree");
  addFile(ast, &s);
  CLI::App* ir = app.add_subcommand(
      "ir", "print FILE's LLVM IR (optimized; -O0 for unoptimized)");
  addFile(ir, &s);
  CLI::App* build =
      app.add_subcommand("build", "compile FILE to a native executable (-o EXE)");
  addFile(build, &s);
  build->add_option("-o", s.output, "the executable to write");
  CLI::App* repl = app.add_subcommand(
      "repl", "interactive csp: statements, expressions, goroutines");
  for (CLI::App* sub : app.get_subcommands({})) sub->fallthrough();
  app.require_subcommand(0, 1);

  try {
    std::vector<std::string> rev(own.rbegin(), own.rend());
    app.parse(rev);  // CLI11 takes the arguments in reverse order
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usageError(e);
  }
  if (version) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  applyGlobals(s);
  if (!s.file.empty() && !readableFile(s.file)) return kExitFailure;

  if (*run) {
    driver::RunOptions opts;
    opts.opt_level = s.opt_level;
    opts.procs = s.procs;
    return driver::runFile(s.file, program_args, opts);
  }
  if (*repl) {
    repl::Options opts;
    return repl::run(opts);
  }
  installCrashHandler();  // compile-only commands from here on
  if (*check) return driver::checkFile(s.file);
  if (*tokens) return dumpTokens(s.file);
  if (*ast) return dumpAst(s.file);
  if (*ir) return driver::dumpIr(s.file, s.opt_level);
  if (*build) {
    std::string out = s.output;
    if (out.empty()) {  // as go build: the file's base name, no extension
      out = s.file.substr(s.file.find_last_of('/') + 1);
      if (out.size() > 4 && out.compare(out.size() - 4, 4, ".csp") == 0)
        out.resize(out.size() - 4);
    }
    return driver::buildFile(s.file, out, s.opt_level);
  }
  std::fprintf(stderr, "%s", app.help().c_str());
  return kExitUsage;
}

}  // namespace csp::cli
