// Where the front end's objects live: syntax trees, types, objects,
// scopes, constant values.
//
// The parser, the checker (and codegen, for the few types it makes) create
// them with make<T>(args...), never with `new` (only the universe, made
// once for the process, is allocated with `new`). Outside an arena that is
// plain `new`: a compilation by `csp run` or `csp build` frees nothing, its
// objects live as long as the process. The REPL compiles each input inside
// an Arena of its own (ArenaScope, on the compiling thread), so that an
// input that declared nothing and whose code has left the JIT can be freed
// whole, destructors and all (docs/repl.md, "Memory").
//
// Invariant: when an arena is destroyed, nothing outside it points into
// it. The REPL keeps every input that declared something (later inputs
// refer to its objects, its scopes and its syntax tree), and the checker
// imports a standard package outside any arena (importPackage), since a
// standard package is checked once and lives as long as the session.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace csp {

// A bump allocator that remembers the destructor of every object it made.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  // Destroys the objects, newest first, then frees the memory.
  ~Arena();

  template <class T, class... Args>
  T* make(Args&&... args) {
    static_assert(alignof(T) <= alignof(std::max_align_t));
    void* mem = allocate(sizeof(T), alignof(T));
    T* obj = new (mem) T(std::forward<Args>(args)...);
    if constexpr (!std::is_trivially_destructible_v<T>)
      dtors_.push_back({obj, [](void* o) { static_cast<T*>(o)->~T(); }});
    return obj;
  }

 private:
  void* allocate(size_t size, size_t align);

  struct Dtor {
    void* obj;
    void (*destroy)(void*);
  };
  struct Block {
    void* mem;  // from operator new
    size_t size;
  };
  char* next_ = nullptr;  // the free space of the block being bumped
  char* end_ = nullptr;
  size_t block_size_ = 0;  // of the block being bumped
  std::vector<Block> blocks_;
  std::vector<Dtor> dtors_;
};

// The arena make() allocates in on this thread; null (the default): the
// process's heap, never freed.
Arena* currentArena();

// Makes `arena` the current arena of this thread until the end of the
// scope (null: the heap, e.g. for a standard package imported meanwhile).
class ArenaScope {
 public:
  explicit ArenaScope(Arena* arena);
  ~ArenaScope();
  ArenaScope(const ArenaScope&) = delete;
  ArenaScope& operator=(const ArenaScope&) = delete;

 private:
  Arena* saved_;
};

// A front-end object: in the current arena, or on the heap for good.
template <class T, class... Args>
T* make(Args&&... args) {
  if (Arena* a = currentArena()) return a->make<T>(std::forward<Args>(args)...);
  return new T(std::forward<Args>(args)...);
}

}  // namespace csp
