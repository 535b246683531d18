// Source files, positions and diagnostics.
//
// Every phase reports problems through one Diagnostics object, in Go's form:
//
//   file.csp:LINE:COL: message
//   <the source line>
//   <spaces>^
//
// Columns are 1-based byte offsets within the line, as Go's compiler counts
// them (a tab is one column). Errors stop the pipeline after the phase that
// produced them; warnings (unused variables and imports) do not.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace csp {

// A loaded source file. Owned by the SourceManager; never freed while a
// compilation (or REPL session) that refers to it is alive.
struct SourceFile {
  std::string name;  // as given on the command line, e.g. "prog.csp"
  std::string text;  // the whole file, UTF-8
  std::vector<uint32_t> line_starts;  // byte offset of each line's start

  SourceFile(std::string n, std::string t);
  // 1-based line and column of a byte offset.
  void lineCol(uint32_t offset, int* line, int* col) const;
  // The text of a 1-based line, without its newline.
  std::string_view lineText(int line) const;
};

// A position: a file and a byte offset into it. Cheap to copy.
struct Pos {
  const SourceFile* file = nullptr;
  uint32_t offset = 0;

  bool valid() const { return file != nullptr; }
  int line() const;
  int col() const;
  std::string str() const;  // "file.csp:L:C"
};

class Diagnostics {
 public:
  // Reports "file:L:C: msg" with the source line and a caret, to stderr
  // (or to the capture buffer when capturing, for the REPL and tests).
  void error(Pos pos, const std::string& msg);
  void warning(Pos pos, const std::string& msg);

  int errorCount() const { return errors_; }
  bool hasErrors() const { return errors_ > 0; }
  void reset() { errors_ = 0; }

  // Go stops after 10 errors ("too many errors"); so do we.
  static constexpr int kMaxErrors = 10;
  bool tooMany() const { return errors_ >= kMaxErrors; }

  // When set, messages go to this string instead of stderr.
  void captureTo(std::string* out) { capture_ = out; }
  // Turn off the source-line-and-caret part (one-line messages).
  void setShowSource(bool show) { show_source_ = show; }

 private:
  void emit(Pos pos, const std::string& prefix, const std::string& msg);
  int errors_ = 0;
  std::string* capture_ = nullptr;
  bool show_source_ = true;
};

}  // namespace csp
