// `csp repl`: the terminal (see repl.h).
//
// On a terminal, line editing is libedit's readline interface in callback
// mode: the session waits in poll() and hands libedit one character at a
// time, under a lock. Standard output and error are a pipe: a pump thread
// copies what arrives to the terminal, and while a line is being edited it
// first clears that line, then redraws prompt and line after the output,
// so goroutines printing in the background never corrupt what the user
// types. Ctrl-C while editing discards the line; while an input runs, the
// session's SIGINT handler interrupts the input.
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <editline/readline.h>

#include "runtime/print.h"
#include "tools/repl.h"

namespace csp::repl {

namespace {

std::mutex g_mu;             // libedit and the terminal's output
int g_tty = -1;              // the terminal (stdout before the pipe)
int g_pipe = -1;             // read end of the stdout/stderr pipe
std::atomic<bool> g_editing{false};
std::atomic<bool> g_running{false};
bool g_line_done = false;
bool g_eof = false;
std::string g_line;
std::string g_history;
Terminal::Completer g_complete = nullptr;
std::vector<std::string> g_matches;
volatile sig_atomic_t g_sigint = 0;

// The runtime's (it retries short writes and EINTR).
void writeAll(int fd, const char* p, size_t n) {
  rt::writeAll(fd, std::string_view(p, n));
}

// Copies pipe output to the terminal (with g_mu held).
void pumpOnce() {
  char buf[8192];
  ssize_t n = ::read(g_pipe, buf, sizeof buf);
  if (n <= 0) return;
  if (g_editing.load()) {
    // Clear the line being edited, print above it, redraw it.
    writeAll(g_tty, "\r\033[K", 4);
    std::string s(buf, size_t(n));
    // A terminal in raw mode needs \r\n.
    std::string out;
    for (char c : s) {
      if (c == '\n') out += '\r';
      out += c;
    }
    if (s.back() != '\n') out += "\r\n";
    writeAll(g_tty, out.data(), out.size());
    rl_forced_update_display();
  } else {
    writeAll(g_tty, buf, size_t(n));
  }
}

void pumpThread() {
  for (;;) {
    pollfd p{g_pipe, POLLIN, 0};
    int r = poll(&p, 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return;
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) {
      if (!(p.revents & POLLIN)) return;
    }
    std::lock_guard<std::mutex> lock(g_mu);
    pumpOnce();
  }
}

// Waits until everything written to the pipe so far is on the terminal.
void drain() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(g_mu);
      int n = 0;
      if (ioctl(g_pipe, FIONREAD, &n) != 0 || n == 0) return;
    }
    usleep(200);
  }
}

void onLine(char* line) {
  if (!line) {
    g_eof = true;
  } else {
    g_line = line;
    free(line);
  }
  g_line_done = true;
  rl_callback_handler_remove();
}

char* generator(const char* text, int state) {
  static size_t next;
  if (state == 0) {
    next = 0;
    g_matches = g_complete ? g_complete(text) : std::vector<std::string>{};
  }
  if (next < g_matches.size()) return strdup(g_matches[next++].c_str());
  return nullptr;
}

char** completion(const char* text, int, int) {
  rl_attempted_completion_over = 1;  // no file names
  return rl_completion_matches(text, generator);
}

}  // namespace

Terminal::Terminal(bool interactive, Completer complete)
    : interactive_(interactive) {
  g_complete = complete;
  if (!interactive_) return;
  g_tty = dup(1);
  int p[2];
  if (pipe(p) != 0) {
    interactive_ = false;
    return;
  }
  g_pipe = p[0];
  fcntl(g_pipe, F_SETFD, FD_CLOEXEC);
  dup2(p[1], 1);
  dup2(p[1], 2);
  close(p[1]);
  rl_instream = stdin;
  rl_outstream = fdopen(dup(g_tty), "w");
  rl_readline_name = "csp";
  rl_attempted_completion_function = completion;
  static char breaks[] = " \t\n\"\\'`@$><=;|&{}()[]+-*/%^!,~";
  rl_basic_word_break_characters = breaks;
  using_history();
  if (const char* home = std::getenv("HOME")) {
    g_history = std::string(home) + "/.csp_history";
    read_history(g_history.c_str());
  }
  std::thread(pumpThread).detach();
}

Terminal::~Terminal() {
  if (interactive_) drain();
}

void noteSigint() { g_sigint = 1; }

bool Terminal::readLine(const std::string& prompt, std::string* line,
                        bool* interrupted) {
  *interrupted = false;
  line->clear();
  if (!interactive_) {
    if (!std::getline(std::cin, *line)) return false;
    return true;
  }
  drain();
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_line_done = false;
    g_eof = false;
    g_sigint = 0;
    rl_callback_handler_install(prompt.c_str(), onLine);
    g_editing.store(true);
  }
  while (!g_line_done) {
    pollfd p{0, POLLIN, 0};
    int r = poll(&p, 1, -1);
    if (r < 0 && errno == EINTR) {
      if (g_sigint) {
        std::lock_guard<std::mutex> lock(g_mu);
        g_editing.store(false);
        rl_callback_handler_remove();
        writeAll(g_tty, "^C\r\n", 4);
        g_sigint = 0;
        *interrupted = true;
        return true;
      }
      continue;
    }
    if (r < 0) return false;
    std::lock_guard<std::mutex> lock(g_mu);
    rl_callback_read_char();
    if (g_line_done) g_editing.store(false);
  }
  g_editing.store(false);
  if (g_eof) return false;
  *line = g_line;
  return true;
}

void Terminal::addHistory(const std::string& entry) {
  if (!interactive_ || entry.empty()) return;
  std::lock_guard<std::mutex> lock(g_mu);
  add_history(entry.c_str());
  if (!g_history.empty()) write_history(g_history.c_str());
}

void Terminal::write(const std::string& s) {
  writeAll(1, s.data(), s.size());
  if (interactive_ && !g_running.load()) drain();
}

void Terminal::beginRun() {
  g_running.store(true);
  std::fflush(stdout);
}

void Terminal::endRun() {
  std::fflush(stdout);
  std::fflush(stderr);
  g_running.store(false);
  if (interactive_) drain();
}

}  // namespace csp::repl
