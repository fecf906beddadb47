// Block execution: the signature pre-check and the executors (serial reference, parallel).
//
// A block is a span of SignedTransactions executed in order on top of the committed state of
// its parent (a StateReader). The result is one TxOutcome per transaction and the block's write
// set (the final value of each written key, sorted by key; nullopt = delete), which the node
// folds into its state tree and store.
//
// Signature checks are stateless (they use tx.signer_public_key), so check_signatures() runs
// them for the whole block in parallel, ahead of execution; a transaction whose signature does
// not verify gets kBadSignature and writes nothing. Execution (state_machine.hpp) then checks
// that the signer's DID document authorizes that key.
//
// execute_parallel() returns exactly what execute_serial() returns, for every block, state and
// thread count (Block-STM, block_stm.hpp). The built-in operations' write sets are known from
// the transactions (predicted_writes), and are given to Block-STM as hints: readers wait for
// the writer instead of aborting, a block that is one long dependency chain is run serially, and
// a block whose hints split it into independent lanes runs them side by side (run_parallel).
// Thread-safety: the functions are reentrant; one ThreadPool runs one block at a time.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "plx/ledger/block_stm.hpp"
#include "plx/ledger/state_machine.hpp"
#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/thread_pool.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {

struct BlockResult {
  std::vector<TxOutcome> outcomes;  // one per transaction, in block order
  WriteSet writes;                  // sorted by key; nullopt = delete
  EngineStats stats;
};

struct ExecuteOptions {
  bool use_write_hints = true;
  unsigned serial_fallback_percent = 60;  // see ParallelOptions; 0 = never serial
  bool lanes = true;  // independent lanes when the hints allow (ParallelOptions); false: Block-STM
};

// result[i] == 1 iff verify_signature(txs[i]) succeeds. Runs on all of the pool's workers.
[[nodiscard]] std::vector<std::uint8_t> check_signatures(std::span<const SignedTransaction> txs,
                                                         ThreadPool& pool);

// The reference: checks each signature, then applies each transaction, one at a time.
[[nodiscard]] BlockResult execute_serial(std::span<const SignedTransaction> txs,
                                         const BlockContext& ctx, const StateReader& state);

// Signature pre-check in parallel, then run_parallel (lanes, serial or Block-STM) on the pool.
[[nodiscard]] BlockResult execute_parallel(std::span<const SignedTransaction> txs,
                                           const BlockContext& ctx, const StateReader& state,
                                           ThreadPool& pool, const ExecuteOptions& options = {});

// The execution stage alone, on signature results computed earlier (sig_ok[i] != 0: valid).
// REQUIRES sig_ok.size() == txs.size().
[[nodiscard]] BlockResult execute_checked_serial(std::span<const SignedTransaction> txs,
                                                 std::span<const std::uint8_t> sig_ok,
                                                 const BlockContext& ctx,
                                                 const StateReader& state);
[[nodiscard]] BlockResult execute_checked_parallel(std::span<const SignedTransaction> txs,
                                                   std::span<const std::uint8_t> sig_ok,
                                                   const BlockContext& ctx,
                                                   const StateReader& state, ThreadPool& pool,
                                                   const ExecuteOptions& options = {});

}  // namespace plx::ledger
