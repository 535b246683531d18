// csp: the command line entry point. Everything happens in cli.cpp; this
// file only guarantees that no C++ exception ever reaches the user as
// `terminate called ...`: whatever escapes is printed as `csp: <message>`
// with exit status 1.
//
// Keep this directory free of heavy static initialisation: `csp run
// hello.csp` must start in a few milliseconds.
#include <cstdio>
#include <exception>
#include <new>

#include "tools/cli.h"

int main(int argc, char** argv) {
  try {
    return csp::cli::runCommandLine(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fflush(stdout);
    std::fprintf(stderr, "csp: out of memory\n");
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "csp: %s\n", e.what());
  } catch (...) {
    std::fflush(stdout);
    std::fprintf(stderr, "csp: internal error (unknown exception)\n");
  }
  return csp::cli::kExitFailure;
}
