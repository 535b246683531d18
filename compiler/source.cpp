// Source files, positions and diagnostics (see source.h).
#include "compiler/source.h"

#include <algorithm>
#include <cstdio>

namespace csp {

SourceFile::SourceFile(std::string n, std::string t)
    : name(std::move(n)), text(std::move(t)) {
  line_starts.push_back(0);
  for (uint32_t i = 0; i < text.size(); i++)
    if (text[i] == '\n') line_starts.push_back(i + 1);
}

void SourceFile::lineCol(uint32_t offset, int* line, int* col) const {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  int idx = int(it - line_starts.begin()) - 1;
  if (idx < 0) idx = 0;
  *line = idx + 1;
  *col = int(offset - line_starts[idx]) + 1;
}

std::string_view SourceFile::lineText(int line) const {
  if (line < 1 || line > int(line_starts.size())) return {};
  uint32_t start = line_starts[line - 1];
  uint32_t end = start;
  while (end < text.size() && text[end] != '\n') end++;
  if (end > start && text[end - 1] == '\r') end--;
  return std::string_view(text).substr(start, end - start);
}

int Pos::line() const {
  if (!file) return 0;
  int l, c;
  file->lineCol(offset, &l, &c);
  return l;
}

int Pos::col() const {
  if (!file) return 0;
  int l, c;
  file->lineCol(offset, &l, &c);
  return c;
}

std::string Pos::str() const {
  if (!file) return "<unknown>";
  int l, c;
  file->lineCol(offset, &l, &c);
  return file->name + ":" + std::to_string(l) + ":" + std::to_string(c);
}

void Diagnostics::emit(Pos pos, const std::string& prefix,
                       const std::string& msg) {
  std::string out = pos.str() + ": " + prefix + msg + "\n";
  if (show_source_ && pos.valid()) {
    int l, c;
    pos.file->lineCol(pos.offset, &l, &c);
    std::string_view line = pos.file->lineText(l);
    out += std::string(line) + "\n";
    // The caret lines up under the column; tabs are kept so it stays
    // aligned however the terminal expands them.
    std::string pad;
    for (int i = 0; i < c - 1 && i < int(line.size()); i++)
      pad += line[i] == '\t' ? '\t' : ' ';
    out += pad + "^\n";
  }
  if (capture_)
    *capture_ += out;
  else
    fputs(out.c_str(), stderr);
}

void Diagnostics::error(Pos pos, const std::string& msg) {
  if (tooMany()) return;
  errors_++;
  emit(pos, "", msg);
  if (tooMany()) {
    std::string out = pos.str() + ": too many errors\n";
    if (capture_)
      *capture_ += out;
    else
      fputs(out.c_str(), stderr);
  }
}

void Diagnostics::warning(Pos pos, const std::string& msg) {
  emit(pos, "warning: ", msg);
}

}  // namespace csp
