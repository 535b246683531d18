// The program: start-up, exit, and what the runtime keeps for the stdlib.
#pragma once

#include "runtime/abi.h"

namespace csp::rt {

// os.Args as given to csp_rt_main: a []string.
CspSlice programArgs();
// Sets os.Args (csp_rt_main; tests).
void setProgramArgs(int argc, char** argv);

// csp_rt_main returns the status instead of ending the process when main
// returns (unit tests that run several programs in one process).
void setMainReturns(bool on);

}  // namespace csp::rt
