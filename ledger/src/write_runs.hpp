// Building a block's sorted write set from the pieces the engines collect (internal to the
// ledger module): the serial reference, Block-STM and the lane executor all end with one. And
// the key table in which the serial reference and the lane executor keep the keys of a block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "plx/core/result.hpp"
#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/thread_pool.hpp"

namespace plx::ledger::internal {

// The keys an executor touched, as `Slot`s (each with a `Bytes key` and its `std::size_t hash`,
// BytesHash of the key) in the order they were added, found through an open-addressing index.
// Compared with a node-based hash map it allocates nothing per key but the key itself, a second
// lookup of a slot's key reuses its hash, and taking the slots out walks one array instead of
// freeing a node per key. In the lane executor those steps had cost a DID block a fifth of its
// parallel time.
template <class Slot>
class KeyTable {
 public:
  KeyTable() : index_(1024, kEmpty) { slots_.reserve(512); }

  // The slot of `key`, whose BytesHash is `hash`; nullptr when absent. The pointer lives until
  // the next add().
  Slot* find(ByteSpan key, std::size_t hash) {
    for (std::size_t at = hash & (index_.size() - 1);; at = (at + 1) & (index_.size() - 1)) {
      const std::uint32_t i = index_[at];
      if (i == kEmpty) return nullptr;
      Slot& s = slots_[i];
      if (s.hash == hash && BytesEqual{}(s.key, key)) return &s;
    }
  }
  [[nodiscard]] const Slot* find(ByteSpan key, std::size_t hash) const {
    return const_cast<KeyTable*>(this)->find(key, hash);
  }

  // REQUIRES: slot.key is not in the table, slot.hash is its BytesHash.
  void add(Slot slot) {
    PLX_CHECK(slots_.size() < kEmpty - 1);
    if (2 * (slots_.size() + 1) > index_.size()) grow();
    place(static_cast<std::uint32_t>(slots_.size()), slot.hash);
    slots_.push_back(std::move(slot));
  }

  [[nodiscard]] std::vector<Slot>& slots() noexcept { return slots_; }
  [[nodiscard]] std::size_t size() const noexcept { return slots_.size(); }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffu;

  void place(std::uint32_t slot, std::size_t hash) {
    std::size_t at = hash & (index_.size() - 1);
    while (index_[at] != kEmpty) at = (at + 1) & (index_.size() - 1);
    index_[at] = slot;
  }
  void grow() {
    index_.assign(index_.size() * 2, kEmpty);
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      place(static_cast<std::uint32_t>(i), slots_[i].hash);
    }
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> index_;  // slot numbers, kEmpty where free; a power of two long
};

using WriteRun = std::vector<std::pair<Bytes, std::optional<Bytes>>>;

// The index of the first write in `writes` (sorted by key) whose key is not below `key`.
[[nodiscard]] std::size_t key_position(const WriteSet& writes, ByteSpan key);

// The value `writes` (sorted by key) gives `key` (nullopt inside for a deletion), or nullptr when
// it does not write `key`. The pointer lives as long as `writes` is not changed.
[[nodiscard]] const std::optional<Bytes>* find_write(const WriteSet& writes, ByteSpan key);

// `w` sorted by key. REQUIRES distinct keys.
[[nodiscard]] WriteSet sorted_writes(WriteRun w);

// One sorted write set from runs that are each sorted by key and hold pairwise disjoint keys,
// merged in key ranges on the workers of `pool` when given (and the runs are large enough). The
// runs are emptied.
[[nodiscard]] WriteSet merge_runs(std::vector<WriteRun>& runs, ThreadPool* pool = nullptr);

}  // namespace plx::ledger::internal
