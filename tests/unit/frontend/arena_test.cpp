// Arenas (compiler/arena.h): what an arena made goes with it, destructors
// and all; make() allocates in the current arena of the thread.
#include <catch2/catch.hpp>

#include <vector>

#include "compiler/arena.h"

using namespace csp;

namespace {

struct Noted {
  std::vector<int>* log;
  int id;
  ~Noted() { log->push_back(id); }
};

}  // namespace

TEST_CASE("an arena destroys what it made, newest first") {
  std::vector<int> log;
  {
    Arena a;
    for (int i = 0; i < 1000; i++) a.make<Noted>(&log, i);
    auto* big = a.make<std::vector<char>>(100000, 'x');  // (its own heap)
    CHECK(big->size() == 100000);
    CHECK(log.empty());
  }
  REQUIRE(log.size() == 1000);
  CHECK(log.front() == 999);
  CHECK(log.back() == 0);
}

TEST_CASE("make uses the current arena of the thread, or the heap") {
  CHECK(currentArena() == nullptr);
  Arena a, b;
  {
    ArenaScope in_a(&a);
    CHECK(currentArena() == &a);
    {
      ArenaScope heap(nullptr);
      CHECK(currentArena() == nullptr);
      ArenaScope in_b(&b);
      CHECK(currentArena() == &b);
    }
    CHECK(currentArena() == &a);
  }
  CHECK(currentArena() == nullptr);
}
