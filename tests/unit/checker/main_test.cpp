// The checker's unit tests: one Catch2 executable (csp_checker_tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
