// Maps: Go's map[K]V over any comparable key type, driven by the map's
// type descriptor (key and elem types; generic hashing and equality from
// iface.cpp).
//
// Layout. Unlike Go's buckets, a map is two arrays:
//   entries  GC memory, append-only, in insertion order: each entry is
//            {seq, hash, live, key, value}; deleting clears `live` and
//            zeroes the key and value (so the GC can free what they held);
//   index    an open-addressed (linear probing) table of entry numbers + 1
//            (0: empty), at most half full.
// When the entries array is full it is rebuilt without the dead entries
// (and doubled if more than half of it is live). Keys and values never move
// otherwise, so pointers returned by mapaccess/mapassign stay valid until
// the next insertion, as codegen expects.
//
// Iteration walks the entries array in order, so it sees insertion order
// (Go randomises; any order is allowed). Each entry carries a sequence
// number that only grows; an iterator remembers the last one it returned,
// so after a rebuild it finds its place again with a binary search. That
// gives Go's guarantees: every entry present for the whole iteration is
// seen once, deleted ones are not, added ones may be.
#include "runtime/map.h"

#include <cstring>

#include "runtime/gc.h"
#include "runtime/iface.h"
#include "runtime/panic.h"

namespace csp::rt {

namespace {

struct EntryHeader {
  uint64_t seq;
  uint64_t hash;
  uint64_t live;
};

// Invariants: entries[0..nentries) in seq order; count = live entries;
// index has 2^k slots, index_slots >= 2 * entry_cap.
struct Map {
  const CspType* mt;
  char* entries;
  int64_t nentries;
  int64_t entry_cap;
  int64_t* index;
  int64_t index_mask;
  int64_t count;
  uint64_t next_seq;
  uint64_t seed;
  int64_t keyoff, valoff, esize;
};

int64_t alignUp(int64_t n, int64_t a) { return (n + a - 1) / a * a; }

EntryHeader* entryAt(Map* m, int64_t i) {
  return reinterpret_cast<EntryHeader*>(m->entries + i * m->esize);
}
char* keyOf(Map* m, EntryHeader* e) {
  return reinterpret_cast<char*>(e) + m->keyoff;
}
char* valOf(Map* m, EntryHeader* e) {
  return reinterpret_cast<char*>(e) + m->valoff;
}

void allocTables(Map* m, int64_t entry_cap) {
  m->entry_cap = entry_cap;
  size_t bytes = static_cast<size_t>(entry_cap * m->esize);
  bool noptr =
      (m->mt->key->flags & CSP_TF_NOPTR) && (m->mt->elem->flags & CSP_TF_NOPTR);
  m->entries =
      static_cast<char*>(noptr ? gcAllocNoscan(bytes) : gcAlloc(bytes));
  int64_t slots = 8;
  while (slots < 2 * entry_cap) slots *= 2;
  m->index =
      static_cast<int64_t*>(gcAllocNoscan(static_cast<size_t>(slots) * 8));
  m->index_mask = slots - 1;
  m->nentries = 0;
}

void indexInsert(Map* m, uint64_t hash, int64_t entry) {
  int64_t i = static_cast<int64_t>(hash) & m->index_mask;
  while (m->index[i] != 0) {
    // A slot naming a dead entry is reusable.
    if (!entryAt(m, m->index[i] - 1)->live) break;
    i = (i + 1) & m->index_mask;
  }
  m->index[i] = entry + 1;
}

// Rebuilds the tables without the dead entries, doubling when needed.
void rebuild(Map* m) {
  char* old = m->entries;
  int64_t n = m->nentries;
  int64_t cap = m->entry_cap;
  if (m->count * 2 > cap) cap *= 2;
  if (cap < 8) cap = 8;
  allocTables(m, cap);
  for (int64_t i = 0; i < n; i++) {
    auto* e = reinterpret_cast<EntryHeader*>(old + i * m->esize);
    if (!e->live) continue;
    std::memcpy(entryAt(m, m->nentries), e, static_cast<size_t>(m->esize));
    indexInsert(m, e->hash, m->nentries);
    m->nentries++;
  }
}

EntryHeader* lookup(Map* m, const void* key, uint64_t hash) {
  const CspType* kt = m->mt->key;
  int64_t i = static_cast<int64_t>(hash) & m->index_mask;
  for (;;) {
    int64_t ix = m->index[i];
    if (ix == 0) return nullptr;
    EntryHeader* e = entryAt(m, ix - 1);
    if (e->live && e->hash == hash && valueEqual(kt, keyOf(m, e), key))
      return e;
    i = (i + 1) & m->index_mask;
  }
}

uint64_t hashKey(Map* m, const void* key) {
  return valueHash(m->mt->key, key, m->seed);
}

// First entry with seq > seq (binary search: entries are in seq order).
int64_t entryAfter(Map* m, uint64_t seq) {
  int64_t lo = 0, hi = m->nentries;
  while (lo < hi) {
    int64_t mid = (lo + hi) / 2;
    if (entryAt(m, mid)->seq > seq)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

// CspMapIter::internal slots.
// kItLimit: the last seq present at iterinit; later entries are not
// visited (else inserting while ranging could never end).
enum { kItMap = 0, kItEntries, kItPos, kItSeq, kItLimit };

void iterAdvance(CspMapIter* it) {
  auto* m = static_cast<Map*>(it->internal[kItMap]);
  int64_t pos = reinterpret_cast<int64_t>(it->internal[kItPos]);
  if (it->internal[kItEntries] != m->entries) {
    pos = entryAfter(m, reinterpret_cast<uint64_t>(it->internal[kItSeq]));
    it->internal[kItEntries] = m->entries;
  }
  for (; pos < m->nentries; pos++) {
    EntryHeader* e = entryAt(m, pos);
    if (!e->live) continue;
    if (e->seq > reinterpret_cast<uint64_t>(it->internal[kItLimit])) break;
    it->key = keyOf(m, e);
    it->elem = valOf(m, e);
    it->internal[kItPos] = reinterpret_cast<void*>(pos + 1);
    it->internal[kItSeq] = reinterpret_cast<void*>(e->seq);
    return;
  }
  it->key = it->elem = nullptr;
  it->internal[kItPos] = reinterpret_cast<void*>(pos);
}

}  // namespace

int64_t mapLen(void* m) { return m ? static_cast<Map*>(m)->count : 0; }

}  // namespace csp::rt

using namespace csp::rt;

extern "C" void* csp_rt_makemap(const CspType* mt, int64_t hint) {
  auto* m = static_cast<Map*>(gcAlloc(sizeof(Map)));
  m->mt = mt;
  int64_t align = 8;
  if (mt->key->align > align) align = mt->key->align;
  if (mt->elem->align > align) align = mt->elem->align;
  m->keyoff =
      alignUp(sizeof(EntryHeader), mt->key->align > 0 ? mt->key->align : 1);
  m->valoff = alignUp(m->keyoff + mt->key->size,
                      mt->elem->align > 0 ? mt->elem->align : 1);
  m->esize = alignUp(m->valoff + mt->elem->size, align);
  static uint64_t seeds = 0x2545F4914F6CDD1Dull;
  seeds = seeds * 6364136223846793005ull + 1442695040888963407ull;
  m->seed = seeds;
  int64_t cap = 8;
  while (hint > 0 && cap < hint && cap < (int64_t(1) << 40)) cap *= 2;
  allocTables(m, cap);
  return m;
}

extern "C" void* csp_rt_mapaccess(const CspType* mt, void* mp,
                                  const void* key) {
  auto* m = static_cast<Map*>(mp);
  if (!m || m->count == 0) {
    // As Go: a lookup still hashes the key (panics on unhashable keys).
    if (mt->key->kind == CSP_KIND_INTERFACE) valueHash(mt->key, key, 0);
    return nullptr;
  }
  EntryHeader* e = lookup(m, key, hashKey(m, key));
  return e ? valOf(m, e) : nullptr;
}

extern "C" void* csp_rt_mapassign(const CspType* mt, void* mp,
                                  const void* key) {
  auto* m = static_cast<Map*>(mp);
  if (!m) panicPlainError("assignment to entry in nil map");
  uint64_t h = hashKey(m, key);
  if (EntryHeader* e = lookup(m, key, h)) return valOf(m, e);
  if (m->nentries == m->entry_cap) rebuild(m);
  int64_t i = m->nentries++;
  EntryHeader* e = entryAt(m, i);
  e->seq = ++m->next_seq;
  e->hash = h;
  e->live = 1;
  std::memcpy(keyOf(m, e), key, static_cast<size_t>(mt->key->size));
  std::memset(valOf(m, e), 0, static_cast<size_t>(mt->elem->size));
  indexInsert(m, h, i);
  m->count++;
  return valOf(m, e);
}

extern "C" void csp_rt_mapdelete(const CspType* mt, void* mp, const void* key) {
  auto* m = static_cast<Map*>(mp);
  if (!m || m->count == 0) {
    if (mt->key->kind == CSP_KIND_INTERFACE) valueHash(mt->key, key, 0);
    return;
  }
  EntryHeader* e = lookup(m, key, hashKey(m, key));
  if (!e) return;
  e->live = 0;
  std::memset(reinterpret_cast<char*>(e) + m->keyoff, 0,
              static_cast<size_t>(m->esize - m->keyoff));
  m->count--;
}

extern "C" int64_t csp_rt_maplen(void* m) { return mapLen(m); }

extern "C" void csp_rt_mapclear(const CspType* mt, void* mp) {
  auto* m = static_cast<Map*>(mp);
  if (!m) return;
  for (int64_t i = 0; i < m->nentries; i++) {
    EntryHeader* e = entryAt(m, i);
    if (!e->live) continue;
    e->live = 0;
    std::memset(reinterpret_cast<char*>(e) + m->keyoff, 0,
                static_cast<size_t>(m->esize - m->keyoff));
  }
  m->count = 0;
}

extern "C" void csp_rt_mapiterinit(const CspType* mt, void* mp,
                                   CspMapIter* it) {
  std::memset(it, 0, sizeof *it);
  auto* m = static_cast<Map*>(mp);
  if (!m || m->count == 0) return;
  it->internal[kItMap] = m;
  it->internal[kItEntries] = m->entries;
  it->internal[kItPos] = nullptr;
  it->internal[kItLimit] = reinterpret_cast<void*>(m->next_seq);
  iterAdvance(it);
}

extern "C" void csp_rt_mapiternext(CspMapIter* it) {
  if (!it->internal[kItMap] || !it->key) {
    it->key = it->elem = nullptr;
    return;
  }
  iterAdvance(it);
}
