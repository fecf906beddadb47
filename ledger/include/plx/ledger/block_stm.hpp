// The execution engines, generic over what a transaction does: the serial reference, Block-STM
// (parallel), and run_parallel, which picks serial, independent lanes or Block-STM per block.
// Each runs a block of n transactions, each a call fn(i, view) that reads and writes state keys
// only through `view`, and all return the same thing: one TxOutcome per transaction, and the
// block's write set (the final value of every written key, sorted by key).
//
// Semantics (the reference, run_serial): transaction i sees the state left by transactions
// 0..i-1 applied in block order on top of the committed state, and its own earlier writes.
// run_block_stm and run_parallel return exactly what run_serial returns, for ANY fn whose result
// depends only on what it read through the view (fn must be deterministic and free of other side
// effects), whatever the thread count and timing.
//
// Block-STM (Gelashvili et al., "Block-STM: Scaling Blockchain Execution by Turning Ordering
// Curse to a Performance Blessing", PPoPP'23, §3-§4; the scheduler is the paper's Algorithms 4-5):
//  - a multi-version memory keyed by state key holds, per key, the value written by each
//    transaction index (its latest incarnation); a read by tx j returns the entry of the highest
//    index below j, else the committed state, and records which version it saw;
//  - an incarnation runs speculatively and publishes its writes when it finishes; validation
//    re-reads its read set and aborts it if any version changed; an aborted incarnation's writes
//    become ESTIMATE markers, and a later read that meets one suspends the reader until the
//    writer has executed again (dependency wait), instead of reading a value that is likely
//    stale; an incarnation that writes a key its previous one did not makes every higher
//    transaction validate again only if one of them has read that key (the memory records the
//    highest reader of each key), since otherwise none can have read around the new write;
//  - a collaborative scheduler (two atomic indices, execution and validation, a per-tx status
//    under a small lock, and a count of active tasks) hands each worker the lowest pending task,
//    so no thread idles while work remains and there is no dedicated scheduler thread;
//  - when all are executed and validated, the last incarnation of each transaction is the one
//    that serial execution would have run, and the final value of a key is the write of the
//    highest transaction that wrote it.
// Options: write hints (the keys each tx is expected to write) are entered as ESTIMATEs before
// execution, so a reader waits for the writer instead of reading stale state and aborting later;
// a hint that is wrong only costs a wait or a re-execution.
//
// run_parallel is what the executor calls: with hints, it first splits the block into lanes
// (groups of transactions linked by a common hinted key). A block whose largest lane holds most
// of its transactions is a dependency chain with no parallelism to find, and runs serially
// (the same result by definition, without Block-STM's overhead). Otherwise the lanes run side
// by side, each serially, with every access checked against the other lanes (lanes.hpp); only if
// some transaction touched another lane's keys (its hints were wrong) is the block run again
// under Block-STM. Hints change the speed, never the result.
//
// Thread-safety: the engines are reentrant; fn and the StateReader are called from the pool's
// workers concurrently (for different transactions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/thread_pool.hpp"
#include "plx/ledger_client/outcome.hpp"

namespace plx::ledger {

using TxIndex = std::uint32_t;

// A transaction's window on state during one execution.
class View {
 public:
  virtual ~View() = default;
  // The value of `key` as this transaction sees it; nullopt when absent or deleted.
  // Reading a key twice in one execution gives the same value.
  [[nodiscard]] virtual std::optional<Bytes> read(ByteSpan key) = 0;
  // Sets `key` (nullopt deletes it). Only the last write to a key in a transaction counts.
  virtual void write(ByteSpan key, std::optional<Bytes> value) = 0;
  // True once a read has met a transaction that must run first (Block-STM only): this execution
  // will be thrown away and rerun later; reads now return nullopt and writes are ignored, so fn
  // may return at once (whatever it returns is discarded).
  [[nodiscard]] virtual bool blocked() const noexcept { return false; }
};

// One transaction: REQUIRES deterministic in what it reads; no side effects outside `view`.
using TxFn = std::function<TxOutcome(TxIndex, View&)>;

struct EngineStats {
  std::uint64_t executions = 0;    // incarnations run (including those stopped by a dependency)
  std::uint64_t dependencies = 0;  // executions suspended on an ESTIMATE
  std::uint64_t validations = 0;
  std::uint64_t aborts = 0;        // validations that failed and aborted an incarnation
  bool serial_fallback = false;    // run serially because the hints showed a dependency chain
  std::uint32_t lanes = 0;         // run as this many independent lanes (0: not)
  bool lanes_abandoned = false;    // lanes were tried, met an unhinted conflict, Block-STM ran
};

struct EngineResult {
  std::vector<TxOutcome> outcomes;  // one per transaction, in block order
  WriteSet writes;                  // sorted by key
  EngineStats stats;
};

// The reference: fn(0), fn(1), ... on one thread over an overlay of `base`.
[[nodiscard]] EngineResult run_serial(std::size_t n, const TxFn& fn, const StateReader& base);

struct BlockStmOptions {
  // Empty, or one list of keys per transaction that it is expected to write. Only scheduling
  // depends on hints, never the result.
  std::span<const std::vector<Bytes>> write_hints = {};
};

// Block-STM on all of the pool's workers. REQUIRES n < 2^32 - 1; write_hints empty or of size n.
[[nodiscard]] EngineResult run_block_stm(std::size_t n, const TxFn& fn, const StateReader& base,
                                         ThreadPool& pool, const BlockStmOptions& options = {});

// Passes each key that transaction `tx` declares it writes to `sink`, one call per key. A key's
// bytes need only live for the duration of its call.
using WriteHintFn = std::function<void(TxIndex tx, const std::function<void(ByteSpan key)>& sink)>;

struct ParallelOptions {
  // As BlockStmOptions::write_hints. Without hints (neither these nor hint_fn), run_parallel is
  // run_block_stm.
  std::span<const std::vector<Bytes>> write_hints = {};
  // The same hints computed on demand, used when write_hints is empty. Planning lanes needs only
  // a hash of each key, so no key is kept unless Block-STM runs: for short transactions, making
  // and freeing a list of keys per transaction cost a third as much as executing them.
  WriteHintFn hint_fn = {};
  // Run serially when the largest lane holds at least this percentage of the block's
  // transactions: the longest dependency chain is then that long, so threads cannot help.
  // 0 disables the fallback.
  unsigned serial_fallback_percent = 60;
  // Run independent lanes without Block-STM's bookkeeping when the hints allow (lanes.hpp);
  // false: Block-STM whenever the block is not run serially.
  bool lanes = true;
};

// Serial, lanes or Block-STM, as the hints allow (see above); always the serial result.
// REQUIRES n < 2^32 - 1; write_hints empty or of size n; hint_fn, when set, accepts 0..n-1.
[[nodiscard]] EngineResult run_parallel(std::size_t n, const TxFn& fn, const StateReader& base,
                                        ThreadPool& pool, const ParallelOptions& options = {});

}  // namespace plx::ledger
