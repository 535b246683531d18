// Where the front end's objects live (see arena.h).
#include "compiler/arena.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace csp {

namespace {

// Blocks start small (a REPL input makes a few dozen objects) and double
// up to kMaxBlock; an object larger than half of that gets a block of its
// own.
constexpr size_t kFirstBlock = 1024;
constexpr size_t kMaxBlock = 64 * 1024;

thread_local Arena* t_current = nullptr;

}  // namespace

Arena::~Arena() {
  for (auto it = dtors_.rbegin(); it != dtors_.rend(); ++it)
    it->destroy(it->obj);
  for (Block& b : blocks_) {
    // A use after free (a pointer into a freed REPL input kept somewhere)
    // then reads garbage rather than the old object. (Cheap: an input's
    // arena is a few KiB.)
    std::memset(b.mem, 0xdb, b.size);
    ::operator delete(b.mem);
  }
}

void* Arena::allocate(size_t size, size_t align) {
  auto at = reinterpret_cast<uintptr_t>(next_);
  uintptr_t aligned = (at + align - 1) & ~(uintptr_t(align) - 1);
  if (next_ && aligned + size <= reinterpret_cast<uintptr_t>(end_)) {
    next_ = reinterpret_cast<char*>(aligned + size);
    return reinterpret_cast<void*>(aligned);
  }
  if (size > kMaxBlock / 2) {
    // A block of its own (operator new aligns it for any object); the
    // current block stays the one to bump.
    void* mem = ::operator new(size);
    blocks_.push_back({mem, size});
    return mem;
  }
  block_size_ =
      block_size_ == 0 ? kFirstBlock : std::min(2 * block_size_, kMaxBlock);
  while (block_size_ < size) block_size_ *= 2;
  char* mem = static_cast<char*>(::operator new(block_size_));
  blocks_.push_back({mem, block_size_});
  next_ = mem;
  end_ = mem + block_size_;
  return allocate(size, align);
}

Arena* currentArena() { return t_current; }

ArenaScope::ArenaScope(Arena* arena) : saved_(t_current) { t_current = arena; }

ArenaScope::~ArenaScope() { t_current = saved_; }

}  // namespace csp
