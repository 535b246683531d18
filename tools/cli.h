// The `csp` command line: parses the arguments and runs one subcommand.
//
//   csp [global options] COMMAND [options] FILE [args...]
//
//   run FILE [args...]   compile, JIT and run; every argument after FILE
//                        goes to the program (os.Args[0] is FILE)
//   check FILE           parse and type-check only
//   tokens FILE          the lexer's tokens, one a line
//   ast FILE             the parser's tree
//   ir FILE              the LLVM IR (optimized at -O, -O0: unoptimized)
//   build FILE -o EXE    ahead-of-time executable (a later issue)
//   repl                 the interactive session (a later issue)
//
// Global options (before or after the command): --procs N, --trace FILE,
// --schedtrace MS, -O0..-O3 (default -O2), --help, --version.
//
// Exit status: the program's for `run`; 1 for compile errors (and any
// other failure, reported as `csp: <message>`); 2 for usage errors.
#pragma once

namespace csp::cli {

// Exit statuses of the command itself (a program run has its own).
constexpr int kExitFailure = 1;  // compile errors, unreadable files, ...
constexpr int kExitUsage = 2;    // bad command line

// Runs the command line; returns the process's exit status. May throw
// (main() turns any exception into `csp: <message>`).
int runCommandLine(int argc, char** argv);

}  // namespace csp::cli
