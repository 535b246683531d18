// `csp repl`: the interactive session (docs/repl.md).
//
// Each input (a statement, an expression, declarations, or several lines
// while a bracket or block is open) is parsed, checked against what earlier
// inputs declared (check::ReplSession), compiled as an LLVM module of its
// own (codegen::ReplLink) into one LLJIT session with its own resource
// tracker, and run as goroutine 1 on the runtime's scheduler
// (rt::runInput), which keeps running between inputs: goroutines started at
// the prompt go on in the background.
//
//   repl.cpp       the session: inputs, compiling, running, :commands
//   repl_term.cpp  the terminal: libedit, history, completion, and the
//                  output pump that keeps goroutine output from corrupting
//                  the line being edited
#pragma once

#include <string>
#include <vector>

namespace csp::repl {

struct Options {
  int opt_level = 1;  // inputs are small; -O1 answers fastest
};

// Runs the session on stdin/stdout; returns the exit status (0).
int run(const Options& opts);

// --- repl_term.cpp: the terminal side -----------------------------------

// Line input: libedit on a terminal, plain reads otherwise.
class Terminal {
 public:
  // Completion candidates for a word prefix (identifiers, :commands).
  using Completer = std::vector<std::string> (*)(const std::string& prefix);
  explicit Terminal(bool interactive, Completer complete);
  ~Terminal();
  bool interactive() const { return interactive_; }
  // Reads one line (without its newline) after showing `prompt`; false at
  // end of input (Ctrl-D). Ctrl-C while editing discards the line (*line
  // empty, *interrupted true).
  bool readLine(const std::string& prompt, std::string* line,
                bool* interrupted);
  void addHistory(const std::string& entry);
  // Writes REPL output (values, errors): to the terminal, above the line
  // being edited when there is one.
  void write(const std::string& s);
  // While an input runs: output goes straight through (no line to keep).
  void beginRun();
  // After it: waits until all the program's output so far is written.
  void endRun();

 private:
  bool interactive_;
};

// The terminal the session writes to (set by run()).
Terminal* terminal();
// Async-signal-safe: SIGINT arrived (Ctrl-C while editing drops the line).
void noteSigint();

}  // namespace csp::repl
