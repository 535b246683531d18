// `csp build`: driver::buildFile writes a native executable that prints what
// `csp run` prints.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "compiler/driver.h"

namespace {

std::string buildDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string self(buf, n > 0 ? static_cast<size_t>(n) : 0);
  std::string dir = self.substr(0, self.rfind('/'));
  return dir.substr(0, dir.rfind('/'));
}

}  // namespace

TEST_CASE("buildFile writes an executable", "[build]") {
  std::string dir = "/tmp/csp_build_test_" + std::to_string(getpid());
  REQUIRE(system(("mkdir -p " + dir).c_str()) == 0);
  std::string src = dir + "/prog.csp", exe = dir + "/prog";
  std::ofstream(src) << "package main\n\nimport \"fmt\"\n\nfunc main() {\n"
                        "\tdefer fmt.Println(\"deferred\")\n"
                        "\tm := map[string]int{\"a\": 1}\n"
                        "\tfmt.Println(\"hello\", m, len(m))\n}\n";
  setenv("CSP_LIBDIR", buildDir().c_str(), 1);
  REQUIRE(csp::driver::buildFile(src, exe, 2) == 0);
  FILE* p = popen(exe.c_str(), "r");
  REQUIRE(p);
  char buf[256] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  int status = pclose(p);
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(std::string(buf, n) == "hello map[a:1] 1\ndeferred\n");
  REQUIRE(system(("rm -rf " + dir).c_str()) == 0);
}
