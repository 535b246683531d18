// The driver: runs the phases for the `csp` command line (tools/main.cpp).
//
//   runFile   read -> parse -> check -> codegen -> optimize -> JIT ->
//             csp_rt_main(csp.main); returns the program's exit status
//             (0, os.Exit's code, 2 after a panic), or 1 on compile errors.
//   checkFile read -> parse -> check; 0 when clean, 1 on errors.
//   dumpIr    prints the (optimized at `opt_level`) LLVM IR to stdout; 0/1.
//   buildFile compiles ahead of time: an object file with a C `main` that
//             calls csp_rt_main(csp.main), linked (with the system C++
//             compiler driver) against the runtime and stdlib archives found
//             beside the csp binary (build tree: runtime/, stdlib/) or in
//             $CSP_LIBDIR; 0, or 1 on compile or link errors.
//
// Errors (unreadable file, compile errors) are printed to stderr in Go's
// form by the phases; the driver never throws.
#pragma once

#include <string>
#include <vector>

namespace csp::driver {

struct RunOptions {
  int opt_level = 2;  // -O0..-O3
  int procs = 0;      // --procs N (0: runtime default / GOMAXPROCS)
};

// `args` are the program's arguments after the file name; os.Args[0] is
// the file path.
int runFile(const std::string& path, const std::vector<std::string>& args,
            const RunOptions& opts);
int checkFile(const std::string& path);
int dumpIr(const std::string& path, int opt_level);
int buildFile(const std::string& path, const std::string& output,
              int opt_level);

}  // namespace csp::driver
