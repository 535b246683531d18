// The scheduler's unit tests: one Catch2 executable (csp_sched_tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "tests/unit/sched/harness.h"

// Before main, so before any scheduler thread exists.
static const bool trace_installed =
    (csp::rt::trace_hook = csp::rt::sched_test::dispatchTrace, true);
