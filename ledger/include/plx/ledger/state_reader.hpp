// StateReader: read access to the committed state a block executes on top of.
//
// The executors read every key that a block's transactions have not written through this
// interface. Implementations: the node's RocksDB-backed state as of the parent block, and
// MemoryState (below) for tests and the benchmark.
// Thread-safety: get() MUST be safe to call from many threads at once (the parallel executor
// reads from all its workers).
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plx/core/bytes.hpp"

namespace plx::ledger {

// Byte-string ordering and hashing with heterogeneous lookup (find a Bytes key by ByteSpan).
struct BytesLess {
  using is_transparent = void;
  bool operator()(ByteSpan a, ByteSpan b) const noexcept {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
};
struct BytesHash {
  using is_transparent = void;
  std::size_t operator()(ByteSpan b) const noexcept {
    return std::hash<std::string_view>{}(as_string_view(b));
  }
};
struct BytesEqual {
  using is_transparent = void;
  bool operator()(ByteSpan a, ByteSpan b) const noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
};

// A block's effect on state: one entry per written key, sorted by key; nullopt = deleted.
using WriteSet = std::vector<std::pair<Bytes, std::optional<Bytes>>>;

class StateReader {
 public:
  virtual ~StateReader();
  // The committed value of `key`, or nullopt when the key is absent.
  [[nodiscard]] virtual std::optional<Bytes> get(ByteSpan key) const = 0;
};

// An in-memory state: a StateReader over a hash map, plus apply() to fold a block's writes in.
// Hashed rather than ordered: with millions of keys, a tree lookup is twenty dependent cache
// misses and made execution of the benchmark's DID blocks half again as slow.
// Thread-safety: concurrent get() calls are safe; apply() must not overlap them.
class MemoryState final : public StateReader {
 public:
  [[nodiscard]] std::optional<Bytes> get(ByteSpan key) const override;
  // Sets each key to its value, or erases it for nullopt. Writes of write-once keys
  // (keys::is_write_once) are skipped: they carry version records to the store, not state.
  void apply(const WriteSet& writes);

 private:
  std::unordered_map<Bytes, Bytes, BytesHash, BytesEqual> entries_;
};

}  // namespace plx::ledger
