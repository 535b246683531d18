// `csp repl`: the session (see repl.h).
#include "tools/repl.h"

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include "compiler/arena.h"
#include "compiler/check.h"
#include "compiler/codegen.h"
#include "compiler/jit.h"
#include "compiler/parse.h"
#include "compiler/source.h"
#include "compiler/types.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "runtime/abi.h"
#include "runtime/proc.h"
#include "runtime/sched.h"

extern "C" CspString csp_fmt_Sprintln(CspIface* a, int64_t n, int64_t);

// Generated code prints the values of expression inputs through this (the
// JIT finds it in the process: csp_* symbols are exported).
extern "C" void csp_repl_show(CspIface* a, int64_t n) {
  CspString s = csp_fmt_Sprintln(a, n, n);
  csp::repl::terminal()->write(
      std::string(reinterpret_cast<const char*>(s.data), size_t(s.len)));
}

namespace csp::repl {

namespace {

Terminal* g_term = nullptr;

constexpr const char* kHelp =
    "Type Go statements, expressions (their value is printed) and\n"
    "declarations; they persist. Goroutines keep running between inputs.\n"
    "  :help            this text\n"
    "  :quit            end the session (also Ctrl-D)\n"
    "  :procs [N]       show or set GOMAXPROCS\n"
    "  :goroutines      list the goroutines and what they wait for\n"
    "  :type EXPR       the type of an expression\n"
    "  :ir EXPR|NAME    the LLVM IR of an expression or a function\n"
    "  :load FILE       the declarations of a .csp file (call main() to run it)\n"
    "  :reset           forget every declaration\n"
    "Ctrl-C stops a running input.\n";

const char* kCommands[] = {":help", ":quit", ":procs", ":goroutines", ":type",
                           ":ir",   ":load", ":reset"};

class Session {
 public:
  explicit Session(const Options& opts) : opts_(opts) {}
  bool init();
  // Handles one complete input or command; false after :quit. With
  // *incomplete set, nothing ran: the input needs more lines.
  bool handle(const std::string& text, bool* incomplete);
  std::vector<std::string> completions(const std::string& prefix);

 private:
  // One input's front end: its source text, syntax tree and checker
  // objects, all made in its arena, and its checked program.
  struct Input {
    std::unique_ptr<Arena> arena;
    std::unique_ptr<check::Program> prog;
    bool declares = false;  // check::ReplSession::declares
  };
  struct Compiled {
    Input input;
    std::unique_ptr<llvm::LLVMContext> ctx;
    std::unique_ptr<llvm::Module> mod;
  };
  // Parses, checks and compiles `text` as input number next_. Errors are
  // printed; false then. With *incomplete (may be null) set, the input is
  // not finished. Whatever it returns, out->input goes to release().
  bool compile(const std::string& text, bool* incomplete, Compiled* out);
  // Links and runs a compiled input; commits its declarations. True when
  // its code has left the JIT again (it left nothing behind).
  bool execute(Compiled* c);
  void dropLinkedCopies(llvm::Module& m);
  void poolConstants(llvm::Module& m);
  // Frees an input's front end, unless something may still refer to it:
  // later inputs (it declared something) or its code, still in the JIT (a
  // goroutine's traceback, a closure). Those are kept for the session.
  void release(Input in, bool code_gone);
  void eval(const std::string& text, bool* incomplete);
  void command(const std::string& line);
  void printErrors(const std::string& diags);

  Options opts_;
  check::ReplSession checker_;
  std::unique_ptr<jit::Jit> jit_;
  codegen::ReplLink link_;
  std::vector<Input> kept_;
  std::set<std::string> weak_;  // linkonce symbols linked so far
  // Read-only data of inputs (string literals), by content (poolConstants).
  std::unordered_map<std::string, std::unique_ptr<char[]>> pool_;
  std::unordered_map<std::string, std::string> ir_;  // by function name
  int next_ = 1;
};

bool Session::init() {
  auto j = jit::Jit::create(codegen::hostMachine());
  if (!j) {
    std::fprintf(stderr, "csp: internal error: %s\n",
                 llvm::toString(j.takeError()).c_str());
    return false;
  }
  jit_ = std::move(*j);
  llvm::cantFail(jit_->addSymbol("csp_repl_show",
                                 reinterpret_cast<void*>(&csp_repl_show)));
  static char arg0[] = "repl";
  static char* argv[] = {arg0, nullptr};
  rt::setProgramArgs(1, argv);
  csp_rt_set_symbolizer(jit::symbolize);
  return true;
}

// Errors only (warnings about unused names are noise at a prompt).
void Session::printErrors(const std::string& diags) {
  std::istringstream in(diags);
  std::string line, out;
  int skip = 0;
  while (std::getline(in, line)) {
    if (skip > 0) {
      skip--;
      continue;
    }
    if (line.find(": warning: ") != std::string::npos) {
      skip = 2;
      continue;
    }
    out += line + "\n";
  }
  g_term->write(out);
}

bool Session::compile(const std::string& text, bool* incomplete,
                      Compiled* out) {
  int n = next_;
  out->input.arena = std::make_unique<Arena>();
  ArenaScope in_arena(out->input.arena.get());
  auto* src = make<SourceFile>("<repl " + std::to_string(n) + ">", text);
  Diagnostics diags;
  std::string msgs;
  diags.captureTo(&msgs);
  bool inc = false;
  ast::File* file = parse::parseReplInput(src, &diags, &inc);
  if (inc && incomplete) {
    *incomplete = true;
    return false;
  }
  next_ = n + 1;  // every complete input has a number of its own
  if (diags.hasErrors() || !file) {
    printErrors(msgs);
    return false;
  }
  // The input's statements become the body of a function csp.main runs.
  Pos at{src, 0};
  auto* entry = make<ast::FuncDecl>(at);
  entry->name = make<ast::Ident>(at, "repl·r" + std::to_string(n));
  entry->type = make<ast::FuncType>(at);
  entry->body = make<ast::BlockStmt>(at);
  entry->body->list = file->top_stmts;
  entry->body->rbrace = Pos{src, uint32_t(text.size())};
  out->input.prog = checker_.check(file, entry, &diags);
  out->input.declares = checker_.declares();
  if (diags.hasErrors()) {
    printErrors(msgs);
    return false;
  }
  const check::Program& prog = *out->input.prog;
  out->ctx = std::make_unique<llvm::LLVMContext>();
  codegen::Options o;
  o.opt_level = opts_.opt_level;
  o.repl = &link_;
  link_.input = n;
  link_.new_funcs.clear();
  link_.new_globals.clear();
  out->mod = codegen::generate(prog, *out->ctx, o);
  if (!out->mod) return false;
  codegen::optimize(*out->mod, opts_.opt_level);
  return true;
}

void Session::release(Input in, bool code_gone) {
  link_.new_funcs.clear();  // (the input's, linked or not)
  link_.new_globals.clear();
  if (in.declares || !code_gone) kept_.push_back(std::move(in));
  // Else `in` goes here, and with its arena all it made.
}

// Definitions with linkonce linkage (type descriptors, with the private
// strings they point to) that an earlier input linked become declarations
// of that copy: the JIT would discard them anyway, and without them an
// input that only uses such types can be removed once it has run.
void Session::dropLinkedCopies(llvm::Module& m) {
  auto linked = [&](llvm::GlobalValue& g) {
    return !g.isDeclaration() && (g.hasLinkOnceLinkage() || g.hasWeakLinkage()) &&
           weak_.count(g.getName().str());
  };
  bool dropped = false;
  for (llvm::GlobalVariable& gv : m.globals())
    if (linked(gv)) {
      gv.setInitializer(nullptr);
      gv.setLinkage(llvm::GlobalValue::ExternalLinkage);
      gv.setComdat(nullptr);
      gv.clearMetadata();
      dropped = true;
    }
  for (llvm::Function& fn : m)
    if (linked(fn)) {
      fn.deleteBody();  // (external linkage)
      fn.setComdat(nullptr);
      dropped = true;
    }
  // What only those copies used goes too.
  for (bool again = dropped; again;) {
    again = false;
    for (auto it = m.global_begin(); it != m.global_end();) {
      llvm::GlobalVariable& gv = *it++;
      if (!gv.hasLocalLinkage()) continue;
      gv.removeDeadConstantUsers();
      if (gv.use_empty()) {
        gv.eraseFromParent();
        again = true;
      }
    }
    for (auto it = m.begin(); it != m.end();) {
      llvm::Function& fn = *it++;
      if (!fn.hasLocalLinkage()) continue;
      fn.removeDeadConstantUsers();
      if (fn.use_empty()) {
        fn.eraseFromParent();
        again = true;
      }
    }
  }
}

// Read-only data without relocations, string literals' bytes above all,
// is copied to the session's pool (once per distinct content) and the
// module refers to the copy by its address. A string outlives the input
// that made it (`m["k"] = "v"`), so data in an input's module would keep
// the module; pooled, such an input can be removed once it has run.
void Session::poolConstants(llvm::Module& m) {
  llvm::Type* i64 = llvm::Type::getInt64Ty(m.getContext());
  const llvm::DataLayout& dl = m.getDataLayout();
  for (auto it = m.global_begin(); it != m.global_end();) {
    llvm::GlobalVariable& gv = *it++;
    if (!gv.hasLocalLinkage() || !gv.isConstant() || !gv.hasInitializer() ||
        !gv.hasGlobalUnnamedAddr() || gv.getAlign().valueOrOne().value() > 16)
      continue;
    llvm::Constant* init = gv.getInitializer();
    std::string bytes;
    if (auto* data = llvm::dyn_cast<llvm::ConstantDataArray>(init))
      bytes = data->getRawDataValues().str();
    else if (llvm::isa<llvm::ConstantAggregateZero>(init))  // ("" is one)
      bytes.assign(dl.getTypeAllocSize(gv.getValueType()), '\0');
    else
      continue;
    auto& copy = pool_[bytes];
    if (!copy) {
      // (new[] aligns it for any type of element)
      copy = std::make_unique<char[]>(bytes.size());
      std::memcpy(copy.get(), bytes.data(), bytes.size());
    }
    auto addr = reinterpret_cast<uintptr_t>(copy.get());
    gv.replaceAllUsesWith(llvm::ConstantExpr::getIntToPtr(
        llvm::ConstantInt::get(i64, addr), gv.getType()));
    gv.eraseFromParent();
  }
}

bool Session::execute(Compiled* c) {
  // :ir NAME shows what each function was compiled to.
  for (auto& [f, sym] : link_.new_funcs)
    if (llvm::Function* fn = c->mod->getFunction(sym);
        fn && f->name.rfind("repl\u00b7r", 0) != 0) {
      std::string s;
      llvm::raw_string_ostream os(s);
      fn->print(os);
      ir_[f->name] = os.str();
    }
  dropLinkedCopies(*c->mod);
  poolConstants(*c->mod);
  // An input that leaves nothing behind (no functions, variables or first
  // copies of type descriptors) is dropped from the JIT once it has run: a
  // long session's memory stays flat.
  bool removable = link_.new_globals.empty();
  std::string in = std::to_string(link_.input);
  std::string entry_fn = "main.repl\u00b7r" + in + "\u00b7r" + in;
  std::vector<std::string> weak;
  for (llvm::Function& fn : *c->mod) {
    if (fn.isDeclaration()) continue;
    if (fn.getName() != link_.entry && fn.getName() != entry_fn) removable = false;
  }
  for (llvm::GlobalVariable& gv : c->mod->globals()) {
    if (gv.isDeclaration()) continue;
    llvm::StringRef name = gv.getName();
    if (name.starts_with("csp.preempt") || name.starts_with("csp.globals.")) continue;
    if (gv.hasLinkOnceLinkage() || gv.hasWeakLinkage()) {
      if (!weak_.count(name.str())) weak.push_back(name.str());
      continue;
    }
    removable = false;
  }
  if (!weak.empty()) removable = false;
  auto tracker = jit_->createTracker();
  std::string entry = link_.entry;
  if (auto err = jit_->addModule(
          llvm::orc::ThreadSafeModule(std::move(c->mod), std::move(c->ctx)),
          tracker)) {
    g_term->write("csp: internal error: " + llvm::toString(std::move(err)) +
                  "\n");
    return false;
  }
  auto addr = jit_->lookup(entry);
  if (!addr) {
    g_term->write("csp: internal error: " + llvm::toString(addr.takeError()) +
                  "\n");
    return false;
  }
  // Linked: later inputs use what this one declared (not its entry
  // function, which only its own csp.main calls).
  for (auto& f : link_.new_funcs)
    if (f.first != c->input.prog->repl_entry) link_.funcs[f.first] = f.second;
  for (auto& g : link_.new_globals) link_.globals[g.first] = g.second;
  checker_.commit();
  g_term->beginRun();
  if (!removable)
    for (auto& w : weak) weak_.insert(w);
  int status = rt::runInput(addr->toPtr<void (*)()>());
  g_term->endRun();
  if (status == 130) g_term->write("\ninterrupted\n");
  if (!removable || status != 0) return false;
  llvm::consumeError(jit_->remove(std::move(tracker)));
  return true;
}

void Session::eval(const std::string& text, bool* incomplete) {
  Compiled c;
  bool code_gone = true;  // (no code: an error)
  if (compile(text, incomplete, &c)) code_gone = execute(&c);
  release(std::move(c.input), code_gone);
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool readFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *text = ss.str();
  return true;
}

void Session::command(const std::string& line) {
  std::string cmd = line, arg;
  size_t sp = line.find_first_of(" \t");
  if (sp != std::string::npos) {
    cmd = line.substr(0, sp);
    arg = trim(line.substr(sp));
  }
  if (cmd == ":help" || cmd == ":h" || cmd == ":?") {
    g_term->write(kHelp);
  } else if (cmd == ":goroutines" || cmd == ":g") {
    g_term->write(rt::goroutineList());
  } else if (cmd == ":procs") {
    if (arg.empty()) {
      eval("runtime.GOMAXPROCS(0)", nullptr);
    } else {
      char* end = nullptr;
      long v = std::strtol(arg.c_str(), &end, 10);
      if (!end || *end || v < 1) {
        g_term->write(":procs wants a number of Ps (1 or more)\n");
        return;
      }
      eval("_ = runtime.GOMAXPROCS(" + std::to_string(v) + ")", nullptr);
    }
  } else if (cmd == ":type" || cmd == ":t") {
    if (arg.empty()) {
      g_term->write(":type wants an expression\n");
      return;
    }
    Compiled c;
    if (compile(arg, nullptr, &c)) {
      const check::Program& prog = *c.input.prog;
      if (prog.repl_shows.size() == 1) {
        ast::Expr* e = prog.repl_shows[0]->x;
        g_term->write(types::typeString(e->tv.type) + "\n");
      } else {
        g_term->write(":type wants an expression with a value\n");
      }
    }
    release(std::move(c.input), true);
  } else if (cmd == ":ir") {
    if (arg.empty()) {
      g_term->write(":ir wants an expression or a function name\n");
      return;
    }
    if (auto it = ir_.find(arg); it != ir_.end()) {
      if (auto* obj = checker_.lookup(arg);
          obj && obj->kind == types::ObjKind::Func) {
        g_term->write(it->second);
        return;
      }
    }
    Compiled c;
    if (compile(arg, nullptr, &c)) {
      std::string s;
      llvm::raw_string_ostream os(s);
      for (llvm::Function& fn : *c.mod)
        if (!fn.isDeclaration() &&
            fn.getName().starts_with("main.repl\u00b7r"))
          fn.print(os);
      g_term->write(os.str());
    }
    release(std::move(c.input), true);
  } else if (cmd == ":load" || cmd == ":l") {
    std::string text;
    if (arg.empty() || !readFile(arg, &text)) {
      g_term->write("open " + arg + ": no such file or directory\n");
      return;
    }
    eval(text, nullptr);
  } else if (cmd == ":reset") {
    checker_.reset();
    g_term->write("declarations forgotten (running goroutines go on)\n");
  } else {
    g_term->write("unknown command " + cmd + " (:help lists them)\n");
  }
}

bool Session::handle(const std::string& text, bool* incomplete) {
  *incomplete = false;
  std::string t = trim(text);
  if (t.empty()) return true;
  if (t[0] == ':') {
    if (t == ":quit" || t == ":q" || t == ":exit") return false;
    command(t);
    return true;
  }
  eval(text, incomplete);
  return true;
}

std::vector<std::string> Session::completions(const std::string& prefix) {
  std::vector<std::string> out;
  if (!prefix.empty() && prefix[0] == ':') {
    for (const char* c : kCommands)
      if (std::string(c).rfind(prefix, 0) == 0) out.push_back(c);
    return out;
  }
  size_t dot = prefix.rfind('.');
  if (dot != std::string::npos) {
    // pkg.Name: the exported names of an imported package.
    types::Object* obj = checker_.lookup(prefix.substr(0, dot));
    if (obj && obj->kind == types::ObjKind::PkgName) {
      auto* pn = static_cast<types::PkgName*>(obj);
      std::string rest = prefix.substr(dot + 1);
      if (pn->imported && pn->imported->scope)
        for (auto& [name, o] : pn->imported->scope->names)
          if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z' &&
              name.rfind(rest, 0) == 0)
            out.push_back(prefix.substr(0, dot + 1) + name);
    }
    return out;
  }
  for (const std::string& n : checker_.names())
    if (n.rfind(prefix, 0) == 0 && n.find("·") == std::string::npos)
      out.push_back(n);
  for (auto& [name, o] : types::Universe->names)
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  static const char* kKeywords[] = {
      "break",  "case",   "chan",   "const", "continue", "default",
      "defer",  "else",   "for",    "func",  "go",       "goto",
      "if",     "import", "interface", "map", "range",   "return",
      "select", "struct", "switch", "type",  "var"};
  for (const char* k : kKeywords)
    if (std::string(k).rfind(prefix, 0) == 0) out.push_back(k);
  return out;
}

Session* g_session = nullptr;

std::vector<std::string> complete(const std::string& prefix) {
  return g_session ? g_session->completions(prefix)
                   : std::vector<std::string>{};
}

void onInterrupt(int) {
  rt::interruptInput();
  noteSigint();
}

}  // namespace

Terminal* terminal() { return g_term; }

int run(const Options& opts) {
  bool interactive = isatty(0) && isatty(1);
  Terminal term(interactive, complete);
  g_term = &term;
  Session session(opts);
  g_session = &session;
  if (!session.init()) return 1;
  // Ctrl-C stops the running input (at its next preemption poll).
  struct sigaction sa = {};
  sa.sa_handler = onInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  if (interactive)
    term.write("csp repl: Go with goroutines, interactively. :help for "
               "help, :quit or Ctrl-D to leave.\n");
  std::string text;
  for (;;) {
    std::string line;
    bool interrupted = false;
    bool more = !text.empty();
    if (!term.readLine(more ? "...> " : "csp> ", &line, &interrupted)) {
      if (!text.empty()) {
        bool inc = false;
        session.handle(text, &inc);
        if (inc) term.write("<repl>: unexpected end of input\n");
      }
      break;
    }
    if (interrupted) {
      text.clear();
      continue;
    }
    text += line;
    text += "\n";
    if (!more && trim(line).empty()) {
      text.clear();
      continue;
    }
    bool inc = false;
    std::string input = text;
    if (!session.handle(input, &inc)) break;
    if (inc) continue;
    term.addHistory(input.substr(0, input.size() - 1));
    text.clear();
  }
  if (interactive) term.write("\n");
  g_session = nullptr;
  g_term = nullptr;
  // Goroutines may still run: leave without waiting for them.
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(0);
}

}  // namespace csp::repl
