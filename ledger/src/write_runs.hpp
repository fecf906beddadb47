// Building a block's sorted write set from the pieces the engines collect (internal to the
// ledger module): the serial reference, Block-STM and the lane executor all end with one.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/thread_pool.hpp"

namespace plx::ledger::internal {

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
