#include "write_runs.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "plx/core/result.hpp"

namespace plx::ledger::internal {

std::size_t key_position(const WriteSet& writes, ByteSpan key) {
  const auto it =
      std::lower_bound(writes.begin(), writes.end(), key,
                       [](const auto& w, ByteSpan k) { return BytesLess{}(ByteSpan(w.first), k); });
  return static_cast<std::size_t>(it - writes.begin());
}

const std::optional<Bytes>* find_write(const WriteSet& writes, ByteSpan key) {
  const std::size_t at = key_position(writes, key);
  if (at == writes.size() || !BytesEqual{}(writes[at].first, key)) return nullptr;
  return &writes[at].second;
}

namespace {

// The first 16 bytes of a key as two big-endian words (zero-padded): comparing them orders two
// keys as their bytes do, unless they tie, when the whole keys decide.
struct SortEntry {
  std::uint64_t hi, lo;
  std::uint32_t index;
};

std::uint64_t be_word(ByteSpan key, std::size_t from) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    v = (v << 8) | (from + i < key.size() ? key[from + i] : 0u);
  }
  return v;
}

}  // namespace

// Sorts through a permutation rather than moving the pairs inside std::sort: cheaper for large
// values, and it avoids a g++ 12 -Wmaybe-uninitialized false positive on optional<vector>. The
// permutation carries each key's first 16 bytes, so most comparisons touch no key's heap bytes:
// a block's keys share prefixes ("d/did:plx:") but differ within 16 bytes, and comparing through
// pointers to tens of thousands of scattered keys was a cache miss per comparison (a twentieth of
// a DID block's serial execution).
WriteSet sorted_writes(WriteRun w) {
  PLX_CHECK(w.size() < 0xffffffffu);
  std::vector<SortEntry> order(w.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const ByteSpan key = w[i].first;
    order[i] = SortEntry{be_word(key, 0), be_word(key, 8), static_cast<std::uint32_t>(i)};
  }
  std::sort(order.begin(), order.end(), [&](const SortEntry& a, const SortEntry& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return BytesLess{}(w[a.index].first, w[b.index].first);
  });
  WriteSet out;
  out.reserve(w.size());
  for (const SortEntry& e : order) out.push_back(std::move(w[e.index]));
  return out;
}

namespace {

// Merges runs[k][from[k], to[k]) for every k into out[at...], moving the pairs: a linear scan over
// the runs' heads per output element (the engines merge one run per worker, a handful, where a
// heap would cost more than it saves).
void merge_range(std::vector<WriteRun>& runs, const std::vector<std::size_t>& from,
                 const std::vector<std::size_t>& to, WriteSet& out, std::size_t at) {
  std::vector<std::size_t> pos = from;
  const BytesLess less;
  for (;;) {
    std::size_t best = runs.size();
    for (std::size_t k = 0; k < runs.size(); ++k) {
      if (pos[k] == to[k]) continue;
      if (best == runs.size() || less(runs[k][pos[k]].first, runs[best][pos[best]].first)) best = k;
    }
    if (best == runs.size()) break;
    out[at++] = std::move(runs[best][pos[best]++]);
  }
}

}  // namespace

WriteSet merge_runs(std::vector<WriteRun>& runs, ThreadPool* pool) {
  std::size_t total = 0;
  std::size_t largest = 0;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    total += runs[k].size();
    if (runs[k].size() > runs[largest].size()) largest = k;
  }
  WriteSet out(total);
  // Below a few thousand writes a second worker costs more to wake than it saves.
  const unsigned parts = pool != nullptr && total >= 4096 ? pool->size() : 1;
  // Part p takes the keys in [splitter p, splitter p + 1): splitters are evenly spaced keys of the
  // largest run, and every run is cut at each of them by binary search. The keys are distinct
  // across runs, so the parts are disjoint and in order, and each knows where its output starts.
  std::vector<std::vector<std::size_t>> cut(parts + 1, std::vector<std::size_t>(runs.size()));
  for (std::size_t k = 0; k < runs.size(); ++k) cut[parts][k] = runs[k].size();
  for (unsigned p = 1; p < parts; ++p) {
    const Bytes& splitter = runs[largest][runs[largest].size() * p / parts].first;
    for (std::size_t k = 0; k < runs.size(); ++k) {
      cut[p][k] = key_position(runs[k], splitter);
    }
  }
  std::vector<std::size_t> start(parts + 1, 0);
  for (unsigned p = 0; p < parts; ++p) {
    start[p + 1] = start[p];
    for (std::size_t k = 0; k < runs.size(); ++k) start[p + 1] += cut[p + 1][k] - cut[p][k];
  }
  if (parts == 1) {
    merge_range(runs, cut[0], cut[1], out, 0);
  } else {
    pool->run([&](unsigned p) { merge_range(runs, cut[p], cut[p + 1], out, start[p]); });
  }
  for (auto& r : runs) r.clear();
  return out;
}

}  // namespace plx::ledger::internal
