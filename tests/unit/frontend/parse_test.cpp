// Parser tests: every declaration and statement form parses without error
// into the expected shape, with the positions the checker relies on.
#include <catch2/catch.hpp>

#include "tests/unit/frontend/helpers.h"

using namespace csp;
using namespace csp::ast;
using csp::test::firstStmt;
using csp::test::parseBody;
using csp::test::parseString;

namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// Parses `src` and requires no errors.
csp::test::Parsed ok(const std::string& src) {
  auto p = parseString(src);
  INFO(src);
  INFO(p.dump);
  CHECK(p.errors == "");
  return p;
}

csp::test::Parsed okBody(const std::string& body) {
  auto p = parseBody(body);
  INFO(body);
  INFO(p.dump);
  CHECK(p.errors == "");
  return p;
}

std::string col(Pos p) {
  return std::to_string(p.line()) + ":" + std::to_string(p.col());
}

}  // namespace

TEST_CASE("package clause and imports", "[parse]") {
  auto p =
      ok("package main\n\nimport \"fmt\"\nimport (\n\t\"os\"\n\tm "
         "\"math\"\n\t_ \"strings\"\n\t. \"errors\"\n)\n");
  REQUIRE(p.file->package_name);
  CHECK(p.file->package_name->name == "main");
  REQUIRE(p.file->imports.size() == 5);
  CHECK(p.file->imports[0]->path->raw == "\"fmt\"");
  CHECK(p.file->imports[2]->name->name == "m");
  CHECK(p.file->imports[3]->name->name == "_");
  CHECK(p.file->imports[4]->name->name == ".");
  CHECK(col(p.file->imports[1]->pos) == "5:2");
  REQUIRE(p.file->decls.size() == 2);
  CHECK(static_cast<GenDecl*>(p.file->decls[1])->grouped);
}

TEST_CASE("the package clause may be left out", "[parse]") {
  auto p = ok("import \"fmt\"\nfunc main() { fmt.Println(1) }\n");
  CHECK(p.file->package_name == nullptr);
  CHECK(p.file->decls.size() == 2);
  ok("func main() {}");
  ok("");
}

TEST_CASE("const declarations with iota and omitted values", "[parse]") {
  auto p =
      ok("const (\n\tA = iota\n\tB\n\tC, D int = 1, 2\n\tE\n)\nconst X = 1\n");
  auto* g = static_cast<GenDecl*>(p.file->decls[0]);
  REQUIRE(g->specs.size() == 4);
  auto* b = static_cast<ValueSpec*>(g->specs[1]);
  CHECK(b->iota == 1);
  CHECK(b->values.empty());
  CHECK(b->type == nullptr);
  auto* c = static_cast<ValueSpec*>(g->specs[2]);
  CHECK(c->names.size() == 2);
  CHECK(c->type != nullptr);
  CHECK(c->values.size() == 2);
  CHECK(static_cast<ValueSpec*>(g->specs[3])->iota == 3);
}

TEST_CASE("var declarations", "[parse]") {
  auto p =
      ok("var x int\nvar y = 1\nvar a, b string = \"a\", \"b\"\nvar (\n\tm "
         "map[string]int\n\tn, o = f()\n)\n");
  CHECK(p.file->decls.size() == 4);
  auto* v = static_cast<ValueSpec*>(
      static_cast<GenDecl*>(p.file->decls[2])->specs[0]);
  CHECK(v->names.size() == 2);
  CHECK(v->values.size() == 2);
}

TEST_CASE("type declarations and aliases", "[parse]") {
  auto p =
      ok("type Celsius float64\ntype A = B\ntype Arr [5]int\ntype S []int\n"
         "type (\n\tP struct{ X, Y int }\n\tI interface{ M() }\n)\n"
         "type F func(int) (string, error)\ntype C chan<- chan int\n");
  auto* a =
      static_cast<TypeSpec*>(static_cast<GenDecl*>(p.file->decls[1])->specs[0]);
  CHECK(a->alias);
  auto* arr =
      static_cast<TypeSpec*>(static_cast<GenDecl*>(p.file->decls[2])->specs[0]);
  REQUIRE(arr->type->kind == ExprKind::ArrayType);
  CHECK(static_cast<ArrayType*>(arr->type)->len != nullptr);
  auto* s =
      static_cast<TypeSpec*>(static_cast<GenDecl*>(p.file->decls[3])->specs[0]);
  CHECK(static_cast<ArrayType*>(s->type)->len == nullptr);
  auto* c =
      static_cast<TypeSpec*>(static_cast<GenDecl*>(p.file->decls[6])->specs[0]);
  REQUIRE(c->type->kind == ExprKind::ChanType);
  auto* ct = static_cast<ChanType*>(c->type);
  CHECK(ct->dir == ChanDir::Send);
  REQUIRE(ct->value->kind == ExprKind::ChanType);
  CHECK(static_cast<ChanType*>(ct->value)->dir == ChanDir::Both);
}

TEST_CASE("struct types: embedded fields and tags", "[parse]") {
  auto p = ok(
      "type T struct {\n\tA, B int "
      "`json:\"a\"`\n\tE\n\t*F\n\tfmt.Stringer\n\t*pkg.G\n\tc []string\n}\n");
  auto* st = static_cast<StructType*>(
      static_cast<TypeSpec*>(static_cast<GenDecl*>(p.file->decls[0])->specs[0])
          ->type);
  REQUIRE(st->fields.size() == 6);
  CHECK(st->fields[0]->names.size() == 2);
  REQUIRE(st->fields[0]->tag);
  CHECK(st->fields[0]->tag->raw == "`json:\"a\"`");
  CHECK(st->fields[1]->names.empty());
  CHECK(st->fields[2]->type->kind == ExprKind::Star);
  CHECK(st->fields[3]->type->kind == ExprKind::Selector);
  CHECK(st->fields[4]->type->kind == ExprKind::Star);
  CHECK(st->fields[5]->names.size() == 1);
}

TEST_CASE("interface types: methods and embedded interfaces", "[parse]") {
  auto p =
      ok("type I interface {\n\tM(x int) "
         "string\n\tfmt.Stringer\n\terror\n\tN()\n}\ntype E interface{}\n");
  auto* it = static_cast<InterfaceType*>(
      static_cast<TypeSpec*>(static_cast<GenDecl*>(p.file->decls[0])->specs[0])
          ->type);
  REQUIRE(it->methods.size() == 4);
  CHECK(it->methods[0]->names[0]->name == "M");
  CHECK(it->methods[0]->type->kind == ExprKind::FuncType);
  CHECK(it->methods[1]->names.empty());
  CHECK(it->methods[2]->type->kind == ExprKind::Ident);
}

TEST_CASE("functions, methods and parameter lists", "[parse]") {
  auto p = ok(
      "func f() {}\nfunc g(a, b int, c string) (int, error) { return 0, nil }\n"
      "func (t T) M() {}\nfunc (t *T) N(xs ...int) (n int, err error) { return "
      "}\n"
      "func (T) O(int, string) {}\nfunc h(int) int\nfunc k(f func(int) bool, p "
      "*[]int) {}\n");
  auto* g = static_cast<FuncDecl*>(p.file->decls[1]);
  REQUIRE(g->type->params.size() == 2);
  CHECK(g->type->params[0]->names.size() == 2);
  CHECK(g->type->results.size() == 2);
  CHECK(g->type->results[0]->names.empty());
  auto* m = static_cast<FuncDecl*>(p.file->decls[2]);
  REQUIRE(m->recv);
  CHECK(m->recv->names[0]->name == "t");
  auto* n = static_cast<FuncDecl*>(p.file->decls[3]);
  CHECK(n->recv->type->kind == ExprKind::Star);
  CHECK(n->type->params[0]->type->kind == ExprKind::Ellipsis);
  CHECK(n->type->results.size() == 2);
  auto* o = static_cast<FuncDecl*>(p.file->decls[4]);
  CHECK(o->recv->names.empty());
  CHECK(o->type->params.size() == 2);
  auto* h = static_cast<FuncDecl*>(p.file->decls[5]);
  CHECK(h->body == nullptr);
  CHECK(h->type->results.size() == 1);
}

TEST_CASE("FuncDecl and BlockStmt positions", "[parse]") {
  auto p = ok("package main\n\nfunc sign(x int) int {\n\treturn 1\n}\n");
  auto* f = static_cast<FuncDecl*>(p.file->decls[0]);
  CHECK(col(f->pos) == "3:1");
  CHECK(col(f->name->pos) == "3:6");
  CHECK(col(f->body->pos) == "3:22");
  CHECK(col(f->body->rbrace) == "5:1");
}

TEST_CASE("simple statements", "[parse]") {
  auto p = okBody(
      "x := 1\nx = 2\na, b = b, a\nx += 3\nx <<= 1\nx &^= y\nx++\ny--\nch <- "
      "v\n<-ch\nf(x)\n;");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  REQUIRE(body->list.size() >= 11);
  auto* def = static_cast<AssignStmt*>(body->list[0]);
  CHECK(def->op == Tok::Define);
  CHECK(col(def->op_pos) == "2:3");
  CHECK(static_cast<AssignStmt*>(body->list[2])->lhs.size() == 2);
  CHECK(static_cast<AssignStmt*>(body->list[3])->op == Tok::AddAssign);
  CHECK(static_cast<AssignStmt*>(body->list[5])->op == Tok::AndNotAssign);
  CHECK(body->list[6]->kind == StmtKind::IncDec);
  CHECK(static_cast<IncDecStmt*>(body->list[7])->op == Tok::Dec);
  CHECK(body->list[8]->kind == StmtKind::Send);
  CHECK(body->list[9]->kind == StmtKind::Expr);
  CHECK(static_cast<ExprStmt*>(body->list[9])->x->kind == ExprKind::Unary);
  CHECK(body->list[10]->kind == StmtKind::Expr);
}

TEST_CASE("if statements", "[parse]") {
  auto p = okBody("if x > 0 {\n} else if y := f(); y {\n} else {\n}");
  auto* s = static_cast<IfStmt*>(firstStmt(p));
  REQUIRE(s->kind == StmtKind::If);
  CHECK(col(s->cond->pos) == "2:4");
  REQUIRE(s->els);
  auto* e = static_cast<IfStmt*>(s->els);
  REQUIRE(e->kind == StmtKind::If);
  CHECK(e->init != nullptr);
  REQUIRE(e->els);
  CHECK(e->els->kind == StmtKind::Block);
}

TEST_CASE("for statements: all forms", "[parse]") {
  auto p = okBody(
      "for i := 0; i < 10; i++ {\n}\nfor x < 5 {\n}\nfor {\n}\nfor ;; {\n}\n"
      "for k, v := range m {\n}\nfor k, v = range m {\n}\nfor range ch {\n}\n"
      "for i := range 10 {\n}\nfor _, c := range \"héllo\" {\n}");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  REQUIRE(body->list.size() == 9);
  auto* f = static_cast<ForStmt*>(body->list[0]);
  CHECK(f->init != nullptr);
  CHECK(f->cond != nullptr);
  CHECK(f->post != nullptr);
  auto* w = static_cast<ForStmt*>(body->list[1]);
  CHECK(w->init == nullptr);
  CHECK(w->cond != nullptr);
  CHECK(static_cast<ForStmt*>(body->list[2])->cond == nullptr);
  auto* r = static_cast<RangeStmt*>(body->list[4]);
  REQUIRE(r->kind == StmtKind::Range);
  CHECK(r->tok == Tok::Define);
  CHECK(r->key != nullptr);
  CHECK(r->value != nullptr);
  CHECK(col(r->pos) == "10:1");
  CHECK(static_cast<RangeStmt*>(body->list[5])->tok == Tok::Assign);
  auto* rr = static_cast<RangeStmt*>(body->list[6]);
  CHECK(rr->tok == Tok::Illegal);
  CHECK(rr->key == nullptr);
  auto* ri = static_cast<RangeStmt*>(body->list[7]);
  CHECK(ri->value == nullptr);
  CHECK(ri->x->kind == ExprKind::BasicLit);
}

TEST_CASE("switch statements", "[parse]") {
  auto p = okBody(
      "switch x := f(); x {\ncase 1, 2:\n\tfallthrough\ncase "
      "3:\ndefault:\n}\nswitch {\ncase x > 1:\n}\nswitch f() {\n}");
  auto* s = static_cast<SwitchStmt*>(firstStmt(p));
  REQUIRE(s->kind == StmtKind::Switch);
  CHECK(s->init != nullptr);
  CHECK(s->tag != nullptr);
  REQUIRE(s->body->list.size() == 3);
  auto* c0 = static_cast<CaseClause*>(s->body->list[0]);
  CHECK(c0->list.size() == 2);
  CHECK(c0->body[0]->kind == StmtKind::Branch);
  CHECK(static_cast<CaseClause*>(s->body->list[2])->is_default);
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  CHECK(static_cast<SwitchStmt*>(body->list[1])->tag == nullptr);
}

TEST_CASE("type switches", "[parse]") {
  auto p = okBody(
      "switch v := x.(type) {\ncase int, string:\ncase []int, map[string]int, "
      "*T, func(), chan int:\ncase nil:\ndefault:\n}\nswitch x.(type) "
      "{\n}\nswitch y := 1; t := y.(type) {\n}");
  auto* s = static_cast<TypeSwitchStmt*>(firstStmt(p));
  REQUIRE(s->kind == StmtKind::TypeSwitch);
  REQUIRE(s->assign->kind == StmtKind::Assign);
  auto* a = static_cast<AssignStmt*>(s->assign);
  CHECK(a->lhs[0]->kind == ExprKind::Ident);
  CHECK(static_cast<TypeAssertExpr*>(a->rhs[0])->type == nullptr);
  CHECK(s->body->list.size() == 4);
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  auto* s2 = static_cast<TypeSwitchStmt*>(body->list[1]);
  REQUIRE(s2->kind == StmtKind::TypeSwitch);
  CHECK(s2->assign->kind == StmtKind::Expr);
  auto* s3 = static_cast<TypeSwitchStmt*>(body->list[2]);
  REQUIRE(s3->kind == StmtKind::TypeSwitch);
  CHECK(s3->init != nullptr);
}

TEST_CASE("select statements", "[parse]") {
  auto p = okBody(
      "select {\ncase v := <-ch:\ncase v, ok := <-ch:\ncase x = <-ch:\ncase "
      "<-done:\ncase out <- 1:\ndefault:\n}\nselect {}");
  auto* s = static_cast<SelectStmt*>(firstStmt(p));
  REQUIRE(s->kind == StmtKind::Select);
  REQUIRE(s->body->list.size() == 6);
  auto* c = static_cast<CommClause*>(s->body->list[4]);
  CHECK(c->comm->kind == StmtKind::Send);
  CHECK(static_cast<CommClause*>(s->body->list[5])->comm == nullptr);
  CHECK(static_cast<CommClause*>(s->body->list[3])->comm->kind ==
        StmtKind::Expr);
}

TEST_CASE("go, defer, return, labels and branches", "[parse]") {
  auto p = okBody(
      "go f(x)\ngo func() {}()\ndefer mu.Unlock()\nouter:\nfor {\n\tfor "
      "{\n\t\tbreak outer\n\t\tcontinue outer\n\t}\n\tbreak\n}\ngoto "
      "end\nend:\nreturn");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  CHECK(body->list[0]->kind == StmtKind::Go);
  CHECK(static_cast<GoStmt*>(body->list[1])->call->fun->kind ==
        ExprKind::FuncLit);
  CHECK(body->list[2]->kind == StmtKind::Defer);
  auto* l = static_cast<LabeledStmt*>(body->list[3]);
  REQUIRE(l->kind == StmtKind::Labeled);
  CHECK(l->label->name == "outer");
  CHECK(l->stmt->kind == StmtKind::For);
  auto* g = static_cast<BranchStmt*>(body->list[4]);
  CHECK(g->tok == Tok::Goto);
  CHECK(g->label->name == "end");
  CHECK(static_cast<LabeledStmt*>(body->list[5])->stmt->kind ==
        StmtKind::Return);
  CHECK(contains(p.dump, "BranchStmt break outer"));
  CHECK(contains(p.dump, "BranchStmt continue outer"));
}

TEST_CASE("local declarations", "[parse]") {
  auto p = okBody("var x int\nconst c = 1\ntype T struct{}\nvar (\n\ta = 1\n)");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  REQUIRE(body->list.size() == 4);
  for (Stmt* s : body->list) CHECK(s->kind == StmtKind::Decl);
}

TEST_CASE("composite literals", "[parse]") {
  auto p = okBody(
      "a := []int{1, 2, 3}\nb := [...]string{\"x\"}\nm := "
      "map[string]int{\"a\": 1,\n}\n"
      "ps := []P{{1, 2}, {X: 3}}\nmp := map[K]V{{1}: {2}}\ns := struct{ X int "
      "}{X: 1}\n"
      "pp := &P{1, 2}\nq := pkg.T{}\nr := [][]int{{1}, {}}");
  CHECK(contains(p.dump, "CompositeLit"));
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  auto lit = [&](int i) {
    return static_cast<CompositeLit*>(
        static_cast<AssignStmt*>(body->list[i])->rhs[0]);
  };
  CHECK(lit(0)->elts.size() == 3);
  CHECK(col(lit(0)->lbrace) == "2:11");
  CHECK(col(lit(0)->rbrace) == "2:19");
  CHECK(static_cast<ArrayType*>(lit(1)->type)->len->kind == ExprKind::Ellipsis);
  CHECK(lit(2)->elts[0]->kind == ExprKind::KeyValue);
  auto* inner = static_cast<CompositeLit*>(lit(3)->elts[0]);
  REQUIRE(inner->kind == ExprKind::CompositeLit);
  CHECK(inner->type == nullptr);
  auto* kv = static_cast<KeyValueExpr*>(lit(4)->elts[0]);
  CHECK(kv->key->kind == ExprKind::CompositeLit);
  CHECK(kv->value->kind == ExprKind::CompositeLit);
  CHECK(static_cast<AssignStmt*>(body->list[6])->rhs[0]->kind ==
        ExprKind::Unary);
}

TEST_CASE("composite literal vs block in statement headers", "[parse]") {
  // `{` after a bare type name in a header opens the block...
  auto p = okBody("if x == T {\n}\nfor _, v := range s {\n}\nswitch x {\n}");
  auto* s = static_cast<IfStmt*>(firstStmt(p));
  CHECK(s->cond->kind == ExprKind::Binary);
  // ...unless parenthesized, or inside brackets or a call.
  okBody(
      "if x == (T{}) {\n}\nif f(T{}) {\n}\nfor _, v := range []int{1} {\n}\nif "
      "s[T{}.x] {\n}");
  okBody(
      "if v := (T{1}); v.ok {\n}\nif func() bool { return T{} == x }() {\n}");
}

TEST_CASE("conversions and function types as expressions", "[parse]") {
  auto p = okBody(
      "b := []byte(s)\np := (*T)(q)\nf := (func())(x)\ng := func()(x)\nc := "
      "(<-chan int)(ch)\nv := <-chan int(nil)\nm := map[string]int(nil)\ni := "
      "interface{}(x)\nk := chan<- chan int(nil)");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  auto rhs = [&](int i) {
    return static_cast<AssignStmt*>(body->list[i])->rhs[0];
  };
  CHECK(static_cast<CallExpr*>(rhs(0))->fun->kind == ExprKind::ArrayType);
  CHECK(static_cast<CallExpr*>(rhs(1))->fun->kind == ExprKind::Paren);
  CHECK(static_cast<CallExpr*>(rhs(2))->fun->kind == ExprKind::Paren);
  // As in Go, func()(x) is a function type with result (x).
  REQUIRE(rhs(3)->kind == ExprKind::FuncType);
  CHECK(static_cast<FuncType*>(rhs(3))->results.size() == 1);
  auto* pc = static_cast<ParenExpr*>(static_cast<CallExpr*>(rhs(4))->fun);
  REQUIRE(pc->x->kind == ExprKind::ChanType);
  CHECK(static_cast<ChanType*>(pc->x)->dir == ChanDir::Recv);
  // <-chan int(nil) is a receive from a conversion.
  CHECK(rhs(5)->kind == ExprKind::Unary);
}

TEST_CASE("expressions: precedence and positions", "[parse]") {
  auto p = okBody(
      "x := a + b*c - d\ny := !p && q || r == s\nz := -x.f[i].g(1, 2)\nw := "
      "s[1:2]\nv := s[:]\nu := s[1:2:3]\nt := x.(T)\nq := f(xs...)\nr := *p + "
      "&x\nz2 := ^x &^ y << 2");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  auto rhs = [&](int i) {
    return static_cast<AssignStmt*>(body->list[i])->rhs[0];
  };
  auto* sub = static_cast<BinaryExpr*>(rhs(0));
  CHECK(sub->op == Tok::Sub);
  CHECK(col(sub->pos) == "2:6");  // where the left operand starts
  CHECK(col(sub->op_pos) == "2:14");
  CHECK(static_cast<BinaryExpr*>(sub->x)->op == Tok::Add);
  CHECK(static_cast<BinaryExpr*>(static_cast<BinaryExpr*>(sub->x)->y)->op ==
        Tok::Mul);
  CHECK(static_cast<BinaryExpr*>(rhs(1))->op == Tok::LOr);
  auto* call = static_cast<CallExpr*>(static_cast<UnaryExpr*>(rhs(2))->x);
  REQUIRE(call->kind == ExprKind::Call);
  CHECK(col(call->pos) == "4:7");
  CHECK(col(call->lparen) == "4:15");
  CHECK(col(call->rparen) == "4:20");
  CHECK(col(call->args[1]->pos) == "4:19");
  auto* sl = static_cast<SliceExpr*>(rhs(3));
  CHECK(sl->low != nullptr);
  CHECK_FALSE(sl->slice3);
  CHECK(static_cast<SliceExpr*>(rhs(4))->low == nullptr);
  CHECK(static_cast<SliceExpr*>(rhs(5))->slice3);
  CHECK(rhs(6)->kind == ExprKind::TypeAssert);
  CHECK(static_cast<CallExpr*>(rhs(7))->has_ellipsis);
  CHECK(static_cast<BinaryExpr*>(rhs(8))->x->kind == ExprKind::Star);
  CHECK(static_cast<BinaryExpr*>(rhs(9))->op == Tok::Shl);  // left-assoc
}

TEST_CASE("function literals capture the enclosing syntax", "[parse]") {
  auto p = okBody(
      "f := func(a int) (int, error) {\n\treturn a, nil\n}\ndefer func() "
      "{\n\trecover()\n}()");
  auto* body = static_cast<FuncDecl*>(p.file->decls[0])->body;
  auto* fl =
      static_cast<FuncLit*>(static_cast<AssignStmt*>(body->list[0])->rhs[0]);
  REQUIRE(fl->kind == ExprKind::FuncLit);
  CHECK(fl->type->results.size() == 2);
  CHECK(col(fl->body->rbrace) == "4:1");
}

TEST_CASE("dumpAst is one node a line with positions", "[parse]") {
  auto p = ok("package main\n\nfunc main() {\n\tx := 1 + 2\n}\n");
  CHECK(p.dump ==
        "File package main\n"
        "  3:1 FuncDecl main\n"
        "    type: 3:1 FuncType\n"
        "    body: 3:13 BlockStmt\n"
        "      4:2 AssignStmt :=\n"
        "        lhs: 4:2 Ident x\n"
        "        rhs: 4:7 BinaryExpr +\n"
        "          4:7 BasicLit INT 1\n"
        "          4:11 BasicLit INT 2\n");
}

TEST_CASE("REPL input: statements, declarations, incomplete input",
          "[parse][repl]") {
  auto repl = [](const std::string& text, bool* incomplete,
                 std::string* errors) {
    Diagnostics diags;
    diags.captureTo(errors);
    diags.setShowSource(false);
    return parse::parseReplInput(csp::test::keepSource(text), &diags,
                                 incomplete);
  };
  bool inc = true;
  std::string errs;
  File* f = repl("x := 1\nfmt.Println(x)\nfunc f() {}\nimport \"os\"\n1 + 2",
                 &inc, &errs);
  CHECK_FALSE(inc);
  CHECK(errs == "");
  CHECK(f->top_stmts.size() == 3);
  CHECK(f->decls.size() == 2);
  CHECK(f->imports.size() == 1);
  for (const char* open :
       {"func f() {", "x := (1 +", "s := []int{", "a[", "s := `abc",
        "if x {\n\tfor {\n", "x := 1 /* note"}) {
    INFO(open);
    errs.clear();
    repl(open, &inc, &errs);
    CHECK(inc);
    CHECK(errs == "");
  }
  errs.clear();
  repl("x := )", &inc, &errs);
  CHECK_FALSE(inc);
  CHECK(errs != "");
  // A whole file with top-level statements is an error.
  auto p = parseString("x := 1\n");
  CHECK(p.errors ==
        "t.csp:1:1: syntax error: non-declaration statement outside function "
        "body\n");
}

TEST_CASE("the conformance programs parse", "[parse]") {
  ok("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; i < 3; "
     "i++ {\n\t\tfmt.Println(i)\n\t}\n}\n");
  ok("package main\n\ntype Shape interface {\n\tArea() float64\n}\n\ntype Rect "
     "struct{ W, H float64 }\n\n"
     "func (r Rect) Area() float64 { return r.W * r.H }\n\nfunc main() "
     "{\n\tvar s Shape = Rect{2, 3}\n"
     "\tif r, ok := s.(Rect); ok {\n\t\t_ = r\n\t}\n\tch := make(chan int, "
     "1)\n\tgo func() { ch <- 1 }()\n\t<-ch\n}\n");
}
