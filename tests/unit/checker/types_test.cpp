// Types and constant values of expressions, and the annotations codegen
// relies on (captures, selections, is_new, implicit vars, init order).
#include <catch2/catch.hpp>

#include "checker_util.h"
#include "compiler/constant.h"

using namespace csp;  // NOLINT
using csp::test::checkSource;

namespace {

// The FuncDecl named `name`.
ast::FuncDecl* funcNamed(ast::File* f, const std::string& name) {
  for (ast::Decl* d : f->decls)
    if (d->kind == ast::DeclKind::Func && static_cast<ast::FuncDecl*>(d)->name->name == name)
      return static_cast<ast::FuncDecl*>(d);
  return nullptr;
}

// The value expression of package-level `var name = expr`.
ast::Expr* varInit(ast::File* f, const std::string& name) {
  for (ast::Decl* d : f->decls) {
    if (d->kind != ast::DeclKind::Gen) continue;
    for (ast::Spec* s : static_cast<ast::GenDecl*>(d)->specs) {
      if (s->kind != ast::SpecKind::Value) continue;
      auto* vs = static_cast<ast::ValueSpec*>(s);
      for (size_t i = 0; i < vs->names.size(); i++)
        if (vs->names[i]->name == name && i < vs->values.size()) return vs->values[i];
    }
  }
  return nullptr;
}

const types::ConstValue* constValue(const test::Checked& c, const std::string& name) {
  types::Object* o = c.global(name);
  if (!o || o->kind != types::ObjKind::Const) return nullptr;
  return static_cast<types::Const*>(o)->value;
}

}  // namespace

TEST_CASE("exact constant arithmetic", "[checker][const]") {
  auto c = checkSource(
      "const a = 0.1*3 == 0.3\n"
      "const b = 1 << 62 * 16 >> 60\n"
      "const big = 1 << 100\n"
      "const small = big >> 98\n"
      "const f = 0.1\n"
      "const third = 1.0 / 3\n"
      "const r = 'a' + 1\n"
      "const s = \"a\" + \"b\"\n"
      "const m = -7 % 3\n"
      "const q = -7 / 2\n"
      "const x uint8 = ^uint8(0)\n"
      "func main() {}");
  REQUIRE(c.ok());
  CHECK(constValue(c, "a")->boolVal());
  CHECK(constValue(c, "b")->int64Val() == 64);
  CHECK(constValue(c, "small")->int64Val() == 4);
  CHECK(constValue(c, "f")->float64Val() == 0.1);
  CHECK(constValue(c, "third")->float64Val() == 1.0 / 3);
  CHECK(constValue(c, "r")->int64Val() == 98);
  CHECK(c.typeOf("r") == "untyped rune");
  CHECK(constValue(c, "s")->stringVal() == "ab");
  CHECK(constValue(c, "m")->int64Val() == -1);
  CHECK(constValue(c, "q")->int64Val() == -3);
  CHECK(constValue(c, "x")->int64Val() == 255);
  CHECK(c.typeOf("big") == "untyped int");
}

TEST_CASE("constant values round-trip", "[checker][const]") {
  namespace cv = types::constant;
  CHECK(cv::makeFromLiteral(Tok::Int, "0x_FF")->int64Val() == 255);
  CHECK(cv::makeFromLiteral(Tok::Int, "0b101")->int64Val() == 5);
  CHECK(cv::makeFromLiteral(Tok::Int, "0o17")->int64Val() == 15);
  CHECK(cv::makeFromLiteral(Tok::Int, "017")->int64Val() == 15);
  CHECK(cv::makeFromLiteral(Tok::Float, "1e3")->float64Val() == 1000.0);
  CHECK(cv::makeFromLiteral(Tok::Float, "0x1p-2")->float64Val() == 0.25);
  CHECK(cv::makeFromLiteral(Tok::Char, "'\\n'")->int64Val() == 10);
  CHECK(cv::makeFromLiteral(Tok::Char, "'世'")->int64Val() == 0x4e16);
  CHECK(cv::makeFromLiteral(Tok::String, "\"a\\tb\\x41\"")->stringVal() == "a\tbA");
  CHECK(cv::makeFromLiteral(Tok::String, "`raw\\n`")->stringVal() == "raw\\n");
  CHECK(cv::makeFromLiteral(Tok::Float, "1e100")->str() == "1e+100");
  CHECK(cv::makeFromLiteral(Tok::Float, "2.5")->str() == "2.5");
  CHECK(cv::makeFromLiteral(Tok::Float, "1.7976931348623157e308")->float64Val() == 1.7976931348623157e308);
  int code = 0;
  CHECK_FALSE(cv::representable(cv::makeInt64(300), types::BasicKind::Int8, nullptr, &code));
  CHECK(code == 2);
  CHECK_FALSE(cv::representable(cv::makeFromLiteral(Tok::Float, "1.5"), types::BasicKind::Int, nullptr, &code));
  CHECK(code == 1);
}

TEST_CASE("iota and implicit repetition", "[checker][const]") {
  auto c = checkSource(
      "const (\n\tA = iota * 10\n\tB\n\tC\n)\n"
      "type Weekday int\n"
      "const (\n\tSunday Weekday = iota\n\tMonday\n)\n"
      "const (\n\t_ = 1 << (10 * iota)\n\tKB\n\tMB\n)\n"
      "func main() {}");
  REQUIRE(c.ok());
  CHECK(constValue(c, "C")->int64Val() == 20);
  CHECK(c.typeOf("Monday") == "main.Weekday");
  CHECK(constValue(c, "Monday")->int64Val() == 1);
  CHECK(constValue(c, "MB")->int64Val() == 1 << 20);
}

TEST_CASE("untyped constants get their final type", "[checker][types]") {
  auto c = checkSource(
      "import \"fmt\"\n"
      "var x float64 = 1 + 2\n"
      "var y = 1 << 3\n"
      "var z = 'a'\n"
      "var w = 2.5\n"
      "func main() { fmt.Println(1, \"s\", nil == nil) }");
  // nil == nil is an error in Go.
  CHECK_FALSE(c.ok());
  auto d = checkSource(
      "import \"fmt\"\n"
      "var x float64 = 1 + 2\n"
      "var y = 1 << 3\n"
      "var z = 'a'\n"
      "var w = 2.5\n"
      "func main() { fmt.Println(1, \"s\") }");
  REQUIRE(d.ok());
  CHECK(d.typeOf("y") == "int");
  CHECK(d.typeOf("z") == "int32");
  CHECK(d.typeOf("w") == "float64");
  auto* bin = static_cast<ast::BinaryExpr*>(varInit(d.file, "x"));
  CHECK(types::typeString(bin->tv.type) == "float64");
  CHECK(types::typeString(bin->x->tv.type) == "float64");
  CHECK(bin->tv.mode == ast::Mode::Constant);
  auto* main = funcNamed(d.file, "main");
  auto* call = static_cast<ast::CallExpr*>(static_cast<ast::ExprStmt*>(main->body->list[0])->x);
  CHECK(call->call_kind == ast::CallKind::Regular);
  CHECK(types::typeString(call->args[0]->tv.type) == "int");
  CHECK(types::typeString(call->args[1]->tv.type) == "string");
}

TEST_CASE("closures record their captures", "[checker][annotations]") {
  auto c = checkSource(
      "func main() {\n"
      "\tx, y := 1, 2\n"
      "\tf := func() int {\n"
      "\t\tg := func() int { return x + y }\n"
      "\t\treturn g() + x\n"
      "\t}\n"
      "\t_ = f\n"
      "}");
  REQUIRE(c.ok());
  auto* main = funcNamed(c.file, "main");
  auto* def = static_cast<ast::AssignStmt*>(main->body->list[1]);
  auto* lit = static_cast<ast::FuncLit*>(def->rhs[0]);
  REQUIRE(lit->captures.size() == 2);
  CHECK(lit->captures[0]->name == "x");
  CHECK(lit->captures[1]->name == "y");
  CHECK(lit->captures[0]->captured);
  CHECK(lit->func != nullptr);
  auto* inner_def = static_cast<ast::AssignStmt*>(lit->body->list[0]);
  auto* inner = static_cast<ast::FuncLit*>(inner_def->rhs[0]);
  CHECK(inner->captures.size() == 2);
  auto* first = static_cast<ast::AssignStmt*>(main->body->list[0]);
  CHECK(first->is_new == std::vector<bool>{true, true});
}

TEST_CASE(":= marks new variables", "[checker][annotations]") {
  auto c = checkSource(
      "func f() (int, error) { return 0, nil }\n"
      "func main() {\n\ta, err := f()\n\tb, err := f()\n\t_, _, _ = a, b, err\n}");
  REQUIRE(c.ok());
  auto* main = funcNamed(c.file, "main");
  auto* second = static_cast<ast::AssignStmt*>(main->body->list[1]);
  CHECK(second->is_new == std::vector<bool>{true, false});
  auto* err1 = static_cast<ast::Ident*>(static_cast<ast::AssignStmt*>(main->body->list[0])->lhs[1]);
  auto* err2 = static_cast<ast::Ident*>(second->lhs[1]);
  CHECK(err1->obj == err2->obj);
  CHECK(types::typeString(err1->obj->type) == "error");
}

TEST_CASE("selections through embedded fields", "[checker][annotations]") {
  auto c = checkSource(
      "type A struct{ X int }\n"
      "func (a *A) Inc() { a.X++ }\n"
      "type B struct {\n\tY int\n\t*A\n}\n"
      "func main() {\n\tb := B{A: &A{}}\n\tb.Inc()\n\t_ = b.X\n}");
  REQUIRE(c.ok());
  auto* main = funcNamed(c.file, "main");
  auto* call = static_cast<ast::CallExpr*>(static_cast<ast::ExprStmt*>(main->body->list[1])->x);
  auto* sel = static_cast<ast::SelectorExpr*>(call->fun);
  REQUIRE(sel->selection);
  CHECK(sel->selection->kind == types::SelectionKind::MethodVal);
  CHECK(sel->selection->index == std::vector<int>{1});
  CHECK(sel->selection->indirect);
  auto* as = static_cast<ast::AssignStmt*>(main->body->list[2]);
  auto* fx = static_cast<ast::SelectorExpr*>(as->rhs[0]);
  REQUIRE(fx->selection);
  CHECK(fx->selection->kind == types::SelectionKind::FieldVal);
  CHECK(fx->selection->index == std::vector<int>{1, 0});
  CHECK(fx->selection->indirect);
}

TEST_CASE("method sets and interface satisfaction", "[checker][types]") {
  auto c = checkSource(
      "type I interface{ M(); N() }\n"
      "type T struct{}\n"
      "func (T) M() {}\n"
      "func (*T) N() {}\n"
      "var p I = &T{}\n"
      "func main() {}");
  REQUIRE(c.ok());
  types::Type* t = c.global("T")->type;
  auto* iface = static_cast<types::Interface*>(types::underlying(c.global("I")->type));
  std::string missing;
  bool wrong = false;
  CHECK_FALSE(types::implements(t, iface, &missing, &wrong));
  CHECK(missing == "N");
  CHECK(wrong);
  CHECK(types::implements(new types::Pointer(t), iface));
  CHECK(types::methodSet(t).size() == 1);
  CHECK(types::methodSet(new types::Pointer(t)).size() == 2);
}

TEST_CASE("type switches declare one variable per clause", "[checker][annotations]") {
  auto c = checkSource(
      "func main() {\n"
      "\tvar x any = 1\n"
      "\tswitch v := x.(type) {\n"
      "\tcase int:\n\t\t_ = v + 1\n"
      "\tcase string, bool:\n\t\t_ = v\n"
      "\tcase nil:\n\t\t_ = v\n"
      "\t}\n}");
  REQUIRE(c.ok());
  auto* main = funcNamed(c.file, "main");
  auto* ts = static_cast<ast::TypeSwitchStmt*>(main->body->list[1]);
  auto* c0 = static_cast<ast::CaseClause*>(ts->body->list[0]);
  auto* c1 = static_cast<ast::CaseClause*>(ts->body->list[1]);
  auto* c2 = static_cast<ast::CaseClause*>(ts->body->list[2]);
  REQUIRE(c0->implicit);
  CHECK(types::typeString(c0->implicit->type) == "int");
  CHECK(types::typeString(c1->implicit->type) == "interface {}");
  CHECK(types::typeString(c2->implicit->type) == "interface {}");
  CHECK(c0->implicit != c1->implicit);
}

TEST_CASE("package variables initialize in dependency order", "[checker][annotations]") {
  auto c = checkSource(
      "var a = b + f()\n"
      "var b = 2\n"
      "var c int\n"
      "func f() int { return c }\n"
      "func init() {}\n"
      "func main() {}");
  REQUIRE(c.ok());
  std::vector<std::string> order;
  for (auto& gi : c.prog->global_inits) order.push_back(gi.lhs[0]->name);
  CHECK(order == std::vector<std::string>{"b", "c", "a"});
  CHECK(c.prog->init_funcs.size() == 1);
}

TEST_CASE("address-taken variables and branch targets", "[checker][annotations]") {
  auto c = checkSource(
      "type T struct{ n int }\n"
      "func (t *T) Inc() { t.n++ }\n"
      "func main() {\n"
      "\tx := 1\n\tp := &x\n\t_ = p\n"
      "\tvar t T\n\tt.Inc()\n"
      "\tarr := [3]int{}\n\ts := arr[:]\n\t_ = s\n"
      "outer:\n\tfor i := range 3 {\n\t\tfor {\n\t\t\tif i > 1 {\n\t\t\t\tbreak outer\n\t\t\t}\n\t\t\tbreak\n\t\t}\n\t}\n"
      "}");
  REQUIRE(c.ok());
  auto* main = funcNamed(c.file, "main");
  auto* xdef = static_cast<ast::AssignStmt*>(main->body->list[0]);
  CHECK(static_cast<types::Var*>(static_cast<ast::Ident*>(xdef->lhs[0])->obj)->address_taken);
  auto* tdecl = static_cast<ast::DeclStmt*>(main->body->list[3]);
  auto* tspec = static_cast<ast::ValueSpec*>(tdecl->decl->specs[0]);
  CHECK(static_cast<types::Var*>(tspec->names[0]->obj)->address_taken);
  auto* adef = static_cast<ast::AssignStmt*>(main->body->list[5]);
  CHECK(static_cast<types::Var*>(static_cast<ast::Ident*>(adef->lhs[0])->obj)->address_taken);
  auto* labeled = static_cast<ast::LabeledStmt*>(main->body->list[8]);
  auto* outer = static_cast<ast::RangeStmt*>(labeled->stmt);
  auto* inner = static_cast<ast::ForStmt*>(outer->body->list[0]);
  auto* ifs = static_cast<ast::IfStmt*>(inner->body->list[0]);
  auto* brk = static_cast<ast::BranchStmt*>(ifs->body->list[0]);
  CHECK(brk->target == outer);
  auto* brk2 = static_cast<ast::BranchStmt*>(inner->body->list[1]);
  CHECK(brk2->target == inner);
}

TEST_CASE("programs that must check clean", "[checker]") {
  const char* srcs[] = {
      // variadic calls and f(g())
      "func sum(xs ...int) int { t := 0; for _, x := range xs { t += x }; return t }\n"
      "func two() (int, int) { return 1, 2 }\n"
      "func pair(a, b int) int { return a + b }\n"
      "func main() { s := []int{1, 2}; _ = sum(s...); _ = sum(); _ = pair(two()); _ = sum(1, 2, 3) }",
      // comma-ok forms
      "func main() { m := map[string]int{}; v, ok := m[\"a\"]; var i any = 1; n, ok2 := i.(int);"
      " ch := make(chan int, 1); r, ok3 := <-ch; _, _, _, _, _, _ = v, ok, n, ok2, r, ok3 }",
      // method values and expressions
      "type P struct{ x int }\nfunc (p P) Get() int { return p.x }\nfunc (p *P) Set(v int) { p.x = v }\n"
      "func main() { p := P{}; f := p.Get; g := P.Get; h := (*P).Set; h(&p, 1); _ = f() + g(p) }",
      // builtins
      "func main() { s := make([]int, 0, 10); s = append(s, 1, 2); n := copy(s, []int{3}); m := map[int]int{};"
      " delete(m, 1); _ = len(s) + cap(s) + n + min(1, 2, n) + max(2.0, 1); p := new(int); *p = 1;"
      " clear(m); var b []byte; b = append(b, \"hi\"...); println(len(b)); defer func() { _ = recover() }() }",
      // range forms
      "func main() { for i := range 10 { _ = i }; for i, r := range \"héllo\" { _, _ = i, r };"
      " var a [3]int; for i, v := range &a { _, _ = i, v }; m := map[string]bool{}; for k := range m { _ = k };"
      " ch := make(chan int); close(ch); for v := range ch { _ = v }; for range 3 {} }",
      // conversions
      "type Celsius float64\nfunc main() { c := Celsius(36.6); f := float64(c); b := []byte(\"x\"); r := []rune(\"y\");"
      " s := string(b) + string(r) + string(rune(65)); i := int(f); _ = s; _ = i; var u uint8 = 255; _ = int8(u) }",
      // shifts and constants
      "func main() { var s uint = 3; x := 1 << s; var y int64 = 1 << s; const big = 1 << 100; _ = big >> 98; _, _ = x, y }",
      // select and goroutines
      "func main() { ch := make(chan int); done := make(chan struct{}); go func() { ch <- 1 }();"
      " select { case v := <-ch: _ = v; case done <- struct{}{}: ; default: } }",
      // struct equality, interface comparison, labels, goto
      "type P struct{ X, Y int }\nfunc main() { a, b := P{1, 2}, P{1, 2}; _ = a == b; var i any = a; _ = i == a;"
      " var e error; _ = e == nil; L: for { break L }; goto end; end: }",
      // terminating statements
      "func f(x int) int { for { if x > 0 { return x } } }\n"
      "func g(x int) int { switch { case x > 0: return 1; default: panic(\"no\") } }\n"
      "func h(x any) int { switch x.(type) { case int: return 1; default: return 0 } }\n"
      "func main() { _, _, _ = f(1), g(1), h(1) }",
      // embedded interfaces and struct embedding with promoted methods
      "type R interface{ Read() int }\ntype W interface{ Write(int) }\ntype RW interface{ R; W }\n"
      "type F struct{ n int }\nfunc (f *F) Read() int { return f.n }\nfunc (f *F) Write(n int) { f.n = n }\n"
      "type G struct{ *F }\nfunc main() { var rw RW = G{&F{}}; rw.Write(1); _ = rw.Read() }",
      // local types and recursion
      "type Node struct{ next *Node; v int }\nfunc main() { type pair struct{ a, b int }; p := pair{1, 2}; n := &Node{v: p.a}; _ = n.next }",
  };
  for (const char* s : srcs) {
    auto c = checkSource(s);
    INFO(s);
    INFO(c.diags);
    CHECK(c.ok());
  }
}
