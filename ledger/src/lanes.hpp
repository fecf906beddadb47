// The lane executor (internal to the ledger module; run_parallel in block_stm.hpp uses it).
//
// When every transaction declares the keys it writes (the built-in operations do: write hints),
// the block splits into lanes: the connected groups of transactions that share a hinted key.
// Lanes are run on the pool's workers, each lane serially in block order, with no multi-version
// memory, no validation and no estimates: the cost per transaction is the serial executor's.
//
// Hints are only a claim, so every access is checked. A worker runs its lanes in one overlay
// (like the serial executor's) that remembers, per key, the lane that touched it first, whether
// it has been written, and whether another lane has read it too. Afterwards the workers compare
// their overlays. The attempt is abandoned (nullopt) as soon as some key written by one lane was
// read or written by another. Otherwise no lane saw another's effects and each saw its own in
// block order, and every key nobody writes reads the committed state, so each transaction read
// exactly what it reads when the block runs serially: the outcomes and the write set are the
// serial ones. Whether an attempt is abandoned may depend on the thread count and timing; the
// result never does, because the caller then runs Block-STM, which gives the serial result too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "plx/ledger/block_stm.hpp"

namespace plx::ledger::internal {

struct LanePlan {
  // The transactions grouped by lane, each lane in block order; lane l is
  // txs[begin[l], begin[l + 1]). Lanes are ordered largest first, so that a long lane starts
  // early and the short ones fill in around it.
  std::vector<TxIndex> txs;
  std::vector<std::uint32_t> begin;
  std::size_t largest = 0;  // transactions in the largest lane
  [[nodiscard]] std::size_t count() const noexcept { return begin.empty() ? 0 : begin.size() - 1; }
};

// The lanes of a block of n transactions whose hints `hints` gives: two transactions share a
// lane when they hint a common key (transitively). A transaction without hints is a lane of its
// own. Calls `hints` on the pool's workers.
[[nodiscard]] LanePlan plan_lanes(std::size_t n, const WriteHintFn& hints, ThreadPool& pool);

// Runs the block along `plan` on all of the pool's workers. nullopt when some transaction
// touched a key that another lane writes (the hints were wrong): nothing of the attempt is kept.
// REQUIRES plan was made from n transactions' hints.
[[nodiscard]] std::optional<EngineResult> run_lanes(const LanePlan& plan, std::size_t n,
                                                    const TxFn& fn, const StateReader& base,
                                                    ThreadPool& pool);

}  // namespace plx::ledger::internal
