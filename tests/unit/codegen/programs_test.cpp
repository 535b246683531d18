// Small programs run through the built `csp` binary (beside the tests/
// folder of this executable), which exports the runtime's entry points to
// the JIT. They print with the println builtin (stderr): no stdlib needed.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct Result {
  std::string err;
  int code = -1;
};

std::string readAll(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0)
    s.append(buf, static_cast<size_t>(n));
  return s;
}

// build/csp, found from this test's own path (build/tests/csp_codegen_tests).
std::string cspBinary() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string self(buf, n > 0 ? static_cast<size_t>(n) : 0);
  std::string dir = self.substr(0, self.rfind('/'));
  return dir.substr(0, dir.rfind('/')) + "/csp";
}

Result run(const std::string& src) {
  char path[] = "/tmp/csp_cg_testXXXXXX.csp";
  int fd = mkstemps(path, 4);
  REQUIRE(fd >= 0);
  std::string text = "package main\n" + src;
  REQUIRE(write(fd, text.data(), text.size()) ==
          static_cast<ssize_t>(text.size()));
  close(fd);
  int pipefd[2];
  REQUIRE(pipe(pipefd) == 0);
  std::string csp = cspBinary();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 2);
    close(pipefd[0]);
    execl(csp.c_str(), csp.c_str(), "run", path, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipefd[1]);
  Result r;
  r.err = readAll(pipefd[0]);
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  unlink(path);
  return r;
}

void expectOutput(const std::string& src, const std::string& want) {
  Result r = run(src);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err == want);
}

}  // namespace

TEST_CASE("arithmetic wraps and divides like Go", "[codegen]") {
  expectOutput(R"(
func main() {
	var a int8 = 127
	a++
	println(a)
	x := -7
	println(x/2, x%2, x>>1, uint8(x+207)+uint8(100))
	m := -9223372036854775807 - 1
	d := -1
	println(m/d, m%d)
	var s uint = 70
	println(1<<s, -8>>s)
}
)",
               "-128\n-3 -1 -4 44\n-9223372036854775808 0\n0 -1\n");
}

TEST_CASE("closures capture by reference, loops copy per iteration",
          "[codegen]") {
  expectOutput(R"(
func counter() func() int {
	n := 0
	return func() int { n++; return n }
}
func main() {
	c := counter()
	c()
	println(c(), c())
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		println(f())
	}
}
)",
               "2 3\n0\n1\n2\n");
}

TEST_CASE("slices, maps, strings", "[codegen]") {
  expectOutput(R"(
func main() {
	s := []int{1, 2, 3}
	s = append(s, 4, 5)
	t := s[1:3]
	t[0] = 20
	println(len(s), cap(t), s[1])
	m := map[string]int{"a": 1}
	m["b"] += 2
	m["b"]++
	v, ok := m["c"]
	println(len(m), m["b"], v, ok)
	str := "héllo"
	n := 0
	for _, r := range str {
		n += int(r)
	}
	println(len(str), n, str[1:3] == "é", string(rune(65)))
}
)",
               "5 5 20\n2 3 0 false\n6 664 true A\n");
}

TEST_CASE("interfaces, methods, type switches", "[codegen]") {
  expectOutput(R"(
type Shape interface{ Area() int }
type Rect struct{ W, H int }
func (r Rect) Area() int { return r.W * r.H }
type Sq struct{ Rect }
func (s *Sq) Grow() { s.W++; s.H++ }
func kind(x interface{}) int {
	switch v := x.(type) {
	case nil:
		return 0
	case int:
		return v
	case Shape:
		return v.Area()
	}
	return -1
}
func main() {
	var s Shape = Rect{2, 3}
	sq := &Sq{Rect{2, 2}}
	sq.Grow()
	println(s.Area(), sq.Area(), kind(nil), kind(7), kind(sq), kind("x"))
	_, isRect := s.(Rect)
	println(isRect, s == Rect{2, 3})
}
)",
               "6 9 0 7 9 -1\ntrue true\n");
}

TEST_CASE("defer, panic and recover", "[codegen]") {
  expectOutput(R"(
func f() (r int) {
	defer func() {
		if e := recover(); e != nil {
			r = 42
		}
	}()
	var a []int
	return a[3]
}
func main() {
	for i := 0; i < 3; i++ {
		defer println("deferred", i)
	}
	println(f())
}
)",
               "42\ndeferred 2\ndeferred 1\ndeferred 0\n");
}

TEST_CASE("an unrecovered panic exits with status 2", "[codegen]") {
  Result r = run("func main() {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n");
  CHECK(r.code == 2);
  CHECK(r.err.find("panic: assignment to entry in nil map") !=
        std::string::npos);
}

TEST_CASE("recover only in the deferred function itself", "[codegen]") {
  expectOutput(R"(
func helper() interface{} { return recover() }
func f() (s string) {
	defer func() {
		h := helper()
		r := recover()
		println(h == nil, r.(string))
		s = "recovered"
	}()
	panic("boom")
}
func main() {
	println(f())
	defer println("deferred builtin")
	defer recover()
}
)",
               "true boom\nrecovered\ndeferred builtin\n");
}

TEST_CASE("method values, method expressions, embedding", "[codegen]") {
  expectOutput(R"(
type P struct{ X int }
func (p P) Get() int { return p.X }
func (p *P) Inc()    { p.X++ }
type W struct{ *P }
type Getter interface{ Get() int }
func main() {
	p := P{1}
	get := p.Get
	inc := p.Inc
	inc()
	inc()
	println(get(), p.X, P.Get(p), (*P).Get(&p))
	w := W{&p}
	w.Inc()
	var g Getter = w
	println(g.Get(), w.X)
}
)",
               "1 3 3 3\n4 4\n");
}

TEST_CASE("channels and select on one goroutine", "[codegen]") {
  expectOutput(R"(
func main() {
	c := make(chan int, 2)
	c <- 1
	select {
	case v := <-c:
		println("got", v)
	default:
		println("none")
	}
	select {
	case v, ok := <-c:
		println("got", v, ok)
	default:
		println("none")
	}
	c <- 7
	close(c)
	for v := range c {
		println(v, len(c), cap(c))
	}
	v, ok := <-c
	println(v, ok)
}
)",
               "got 1\nnone\n7 0 2\n0 false\n");
}

TEST_CASE("shifts, conversions and min/max as Go", "[codegen]") {
  expectOutput(
      R"(
func main() {
	var n uint = 64
	x, y := int32(-1), uint8(255)
	println(x>>n, y<<n, y>>3, x<<31)
	f := 1e300
	g := -2.5
	println(int64(f) == -9223372036854775808, int(g), uint8(int(g)))
	println(min(3, 1, 2), max(1.5, 2.5), min("b", "a"))
	s := "héllo"
	println(len([]rune(s)), string([]byte(s)[1:3]), string(rune(0x4e16)))
}
)",
      "-1 0 31 -2147483648\ntrue -2 254\n1 +2.500000e+000 a\n5 é 世\n");
}

TEST_CASE("big values cross calls, maps and interfaces", "[codegen]") {
  expectOutput(R"(
type Big struct {
	ID    int
	Cells [100]int
}
func fill(b Big, v int) Big {
	for i := range b.Cells {
		b.Cells[i] = v + i
	}
	return b
}
func pair() (Big, int) { return fill(Big{ID: 7}, 1), 2 }
func main() {
	var b Big
	c := fill(b, 1)
	m := map[int]Big{}
	m[1] = c
	d, n := pair()
	f := fill
	e := f(d, 5)
	var i interface{} = e
	g := i.(Big)
	println(b.Cells[99], c.Cells[99], m[1].Cells[50], m[2].ID, d.ID, n, e.Cells[0], g.Cells[1], g == e)
}
)",
               "0 100 51 0 7 2 5 6 true\n");
}
