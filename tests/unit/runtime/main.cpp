// The runtime's unit tests: one Catch2 executable (csp_runtime_tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
