// Panic tracebacks: `csp run` prints Go's "goroutine 1 [running]:" with a
// frame per csp call (inlined calls too), each with the absolute path of
// its source file and its line, and exits with status 2.
#define CATCH_CONFIG_MAIN
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string buildDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string self(buf, n > 0 ? static_cast<size_t>(n) : 0);
  std::string dir = self.substr(0, self.rfind('/'));
  return dir.substr(0, dir.rfind('/'));
}

struct Run {
  int status = -1;
  std::vector<std::string> err;  // stderr, one line each
  std::string dir;               // where prog.csp is
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `csp run prog.csp` on src in a fresh folder.
Run run(const std::string& src) {
  Run r;
  r.dir = "/tmp/csp_traceback_test_" + std::to_string(getpid());
  REQUIRE(system(("rm -rf " + r.dir + " && mkdir -p " + r.dir).c_str()) == 0);
  std::ofstream(r.dir + "/prog.csp") << src;
  std::string cmd = "cd " + r.dir + " && " + buildDir() +
                    "/csp run prog.csp >out.txt 2>err.txt";
  int st = system(cmd.c_str());
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::stringstream ss(slurp(r.dir + "/err.txt"));
  for (std::string line; std::getline(ss, line);) r.err.push_back(line);
  return r;
}

// The frames after "goroutine 1 [running]:", as {call, "file:line"}
// (without the +0x offset).
std::vector<std::pair<std::string, std::string>> frames(const Run& r) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i < r.err.size() && r.err[i] != "goroutine 1 [running]:") i++;
  for (i++; i + 1 < r.err.size(); i += 2) {
    std::string where = r.err[i + 1];
    if (where.empty() || where[0] != '\t') break;
    where = where.substr(1, where.find(" +0x") - 1);
    out.emplace_back(r.err[i], where);
  }
  return out;
}

}  // namespace

TEST_CASE("an index panic names each csp frame with its line", "[traceback]") {
  Run r =
      run("package main\n"
          "\n"
          "import \"fmt\"\n"
          "\n"
          "func get(s []int, i int) int {\n"
          "\treturn s[i]\n"
          "}\n"
          "\n"
          "type T struct{ a []int }\n"
          "\n"
          "func (t *T) M(i int) int {\n"
          "\treturn get(t.a, i) + 1\n"
          "}\n"
          "\n"
          "func main() {\n"
          "\tfmt.Println(\"start\")\n"
          "\tt := &T{a: []int{1, 2, 3}}\n"
          "\tfmt.Println(t.M(5))\n"
          "}\n");
  CHECK(r.status == 2);
  REQUIRE(r.err.size() > 2);
  CHECK(r.err[0] ==
        "panic: runtime error: index out of range [5] with length 3");
  CHECK(r.err[1] == "");
  auto f = frames(r);
  std::string file = r.dir + "/prog.csp";
  REQUIRE(f.size() == 3);
  CHECK(f[0].first == "main.get(...)");
  CHECK(f[0].second == file + ":6");
  CHECK(f[1].first == "main.(*T).M(...)");
  CHECK(f[1].second == file + ":12");
  CHECK(f[2].first == "main.main()");
  CHECK(f[2].second == file + ":18");
}

TEST_CASE("the outermost frame of each function has a +0x offset",
          "[traceback]") {
  Run r =
      run("package main\n"
          "\n"
          "func main() {\n"
          "\tvar m map[string]int\n"
          "\tm[\"a\"] = 1\n"
          "}\n");
  CHECK(r.status == 2);
  REQUIRE(r.err.size() >= 5);
  CHECK(r.err[0] == "panic: assignment to entry in nil map");
  CHECK(r.err[2] == "goroutine 1 [running]:");
  CHECK(r.err[3] == "main.main()");
  CHECK(r.err[4].rfind("\t" + r.dir + "/prog.csp:5 +0x", 0) == 0);
}

TEST_CASE("recursive calls and a function literal", "[traceback]") {
  Run r =
      run("package main\n"
          "\n"
          "import \"os\"\n"
          "\n"
          "func explode(n int) int {\n"
          "\tif n > 0 {\n"
          "\t\treturn explode(n-1) * 2\n"
          "\t}\n"
          "\tpanic(\"boom\")\n"
          "}\n"
          "\n"
          "func main() {\n"
          "\tf := func() {\n"
          "\t\texplode(len(os.Args) + 1)\n"
          "\t}\n"
          "\tf()\n"
          "}\n");
  CHECK(r.status == 2);
  REQUIRE(!r.err.empty());
  CHECK(r.err[0] == "panic: boom");
  auto f = frames(r);
  std::string file = r.dir + "/prog.csp";
  REQUIRE(f.size() == 5);
  CHECK(f[0].first == "main.explode(...)");
  CHECK(f[0].second == file + ":9");
  CHECK(f[1].first == "main.explode(...)");
  CHECK(f[1].second == file + ":7");
  CHECK(f[2].second == file + ":7");
  CHECK(f[3].first == "main.main.func1()");
  CHECK(f[3].second == file + ":14");
  CHECK(f[4].first == "main.main()");
  CHECK(f[4].second == file + ":16");
}

TEST_CASE("a panic in a deferred call shows the deferred function",
          "[traceback]") {
  Run r =
      run("package main\n"
          "\n"
          "import \"fmt\"\n"
          "\n"
          "func cleanup(p *int) {\n"
          "\tfmt.Println(*p)\n"
          "}\n"
          "\n"
          "func main() {\n"
          "\tvar p *int\n"
          "\tdefer cleanup(p)\n"
          "\tfmt.Println(\"main\")\n"
          "}\n");
  CHECK(r.status == 2);
  REQUIRE(!r.err.empty());
  CHECK(r.err[0] ==
        "panic: runtime error: invalid memory address or nil pointer "
        "dereference");
  auto f = frames(r);
  std::string file = r.dir + "/prog.csp";
  REQUIRE(f.size() >= 2);
  CHECK(f[0].first == "main.cleanup(...)");
  CHECK(f[0].second == file + ":6");
  CHECK(f.back().first == "main.main()");
}

TEST_CASE("a recovered panic prints nothing", "[traceback]") {
  Run r =
      run("package main\n"
          "\n"
          "import \"fmt\"\n"
          "\n"
          "func main() {\n"
          "\tdefer func() { fmt.Println(recover()) }()\n"
          "\tvar a []int\n"
          "\t_ = a[3]\n"
          "}\n");
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(slurp(r.dir + "/out.txt") ==
        "runtime error: index out of range [3] with length 0\n");
}

TEST_CASE("a fatal error shows the blocked goroutine's frames", "[traceback]") {
  Run r =
      run("package main\n"
          "\n"
          "func wait(ch chan int) int {\n"
          "\treturn <-ch\n"
          "}\n"
          "\n"
          "func main() {\n"
          "\tch := make(chan int)\n"
          "\tprintln(wait(ch))\n"
          "}\n");
  CHECK(r.status == 2);
  REQUIRE(r.err.size() >= 3);
  CHECK(r.err[0] == "fatal error: all goroutines are asleep - deadlock!");
  CHECK(r.err[2] == "goroutine 1 [chan receive]:");
  std::string file = r.dir + "/prog.csp";
  REQUIRE(r.err.size() >= 7);
  CHECK(r.err[3] == "main.wait(...)");
  CHECK(r.err[4] == "\t" + file + ":4");
  CHECK(r.err[5] == "main.main()");
  CHECK(r.err[6].rfind("\t" + file + ":9 +0x", 0) == 0);
}
