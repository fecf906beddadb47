// The ledger benchmark behind `plx bench ledger` (issue 4, "Speed"): generates signed workloads,
// then measures, block by block, the signature pre-check (1 thread and N threads), execution
// (the serial reference, the node's parallel executor, and Block-STM alone with no lanes and no
// serial fallback, each on N threads, on the same blocks in the same run), the
// Merkle commit of each block's writes, the storage commit of each block (a RocksDB ledger::Store
// in a temporary directory, written through Store::commit_block exactly as the Node writes a
// block: header, transactions, ids, outcomes, state writes and tree nodes in one WriteBatch,
// fsync'd unless `sync` is off), and end-to-end throughput; it reports medians over the
// measured blocks. Every parallel block result is compared with the serial one, and the run
// fails (kInternal) if they ever differ. With a curve (e.g. 1, 2, 4, 8, 16 threads), the
// thread-dependent stages run again on each block at each of those thread counts, so that one
// run on a many-core machine gives the scaling curve over identical blocks.
//
// Workloads (each of `txs` transactions, in blocks of `block_size`):
//   did     uniform DID creates and updates (half each); a `conflict` fraction of the
//           transactions updates one hot DID instead (one nonce and one record: a chain).
//           Each genesis document publishes `did_keys` Ed25519 keys (the signer's, and the
//           others under assertionMethod), whose eighths its create carries (`key_eighths`)
//   hot     every transaction updates the same DID: 100% contention, the degenerate case
//   status  revocations on 16 issuers' status lists of 2^20 bits; a `conflict` fraction goes to
//           one issuer's first chunk
// Transactions are generated once (keys derived from `seed`) and signed in parallel on the pool;
// their ids are computed then too (the node computes them at submit(), before a block starts).
// The state tree reads its nodes from the store, as the node's does; execution reads the state
// from memory (a MemoryState updated after each block), so the execution figures do not include
// RocksDB reads.
// Not thread-safe: one run at a time. Timing uses std::chrono::steady_clock; nothing measured
// here feeds back into execution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"

namespace plx::ledger {

struct LedgerBenchOptions {
  std::size_t txs = 1'000'000;  // per workload
  unsigned threads = 2;         // N (1..256)
  double conflict = 0.01;       // fraction of transactions on the hot key (did, status)
  std::size_t block_size = 10'000;
  std::vector<std::string> workloads = {"did", "hot", "status"};
  // Ed25519 keys per did-workload genesis document (1..16), and whether a create carries the
  // eighths of those besides the signer's (the signer's always: what clients send); without
  // them, execution checks those keys by a multiplication by L each.
  unsigned did_keys = 1;
  bool key_eighths = true;
  std::uint64_t seed = 1;
  // The storage stage: each workload writes its blocks to a fresh RocksDB store under
  // `storage_dir` (default: std::filesystem::temp_directory_path()), removed at the end.
  bool storage = true;
  bool sync = true;  // fsync every block's WriteBatch, as the node does by default
  std::string storage_dir;
  // The scaling curve: for each of these thread counts (1..256 each), the thread-dependent
  // stages (batched signature checks, the parallel executor, the Merkle commit) run again on the
  // same blocks in the same run, each checked against the serial result, and end to end is
  // composed with the block's one storage commit. Empty: no curve.
  std::vector<unsigned> curve;
  // Called from the calling thread: stage name, items done, items in the stage.
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
};

// One point of the scaling curve (LedgerBenchOptions::curve), medians over blocks.
struct CurvePoint {
  unsigned threads = 0;
  double sig_tps = 0;           // verify_signatures (Ed25519 batched) on `threads`
  double exec_tps = 0;          // the parallel executor on `threads`
  double exec_over_serial = 0;  // median of the per-block ratios to the serial executor
  double merkle_tps = 0;        // the Merkle commit with `threads` workers
  double end_to_end_tps = 0;    // the three above + the block's storage commit, one after another
};

struct WorkloadFigures {
  std::string name;
  std::size_t txs = 0;
  std::size_t blocks = 0;
  double applied_fraction = 0;   // share of transactions with outcome kApplied
  double sig_tps_single = 0;     // verify_signature one at a time, 1 thread: the reference rate
  double sig_tps_1 = 0;          // signature checks per second as the ledger does them
                                 // (verify_signatures: Ed25519 batched), 1 thread (median)
  double sig_tps_n = 0;          // ... N threads
  double exec_tps_serial = 0;    // the serial executor (signatures already checked)
  double exec_tps_parallel = 0;  // the node's parallel executor (run_parallel) on N threads
  double parallel_over_serial = 0;  // median of the per-block ratios
  double exec_tps_block_stm = 0;    // Block-STM forced (no lanes, no serial fallback), N threads
  double block_stm_over_serial = 0;
  double merkle_tps = 0;         // state-tree commit of the block's writes, per transaction
  double exec_commit_tps = 0;    // parallel execution + Merkle commit + storage (when measured)
  // The same over the whole run (transactions / the three stages' total time): the median block
  // passes over the bursts of flushes and compactions that storage waits for, and this includes
  // them.
  double exec_commit_tps_overall = 0;
  double end_to_end_tps = 0;     // signature check (N threads) + the above, one after another
  // The same blocks through a real Node, admission overlapping production (with storage only):
  // signatures of block k+1 are checked while block k is produced, and with a backlog
  // (Node::produce_blocks) block k is written while block k+1 executes (bench.cpp node_pipeline).
  double node_pipeline_tps = 0;
  bool storage_measured = false;
  double storage_tps = 0;  // header roots + Store::commit_block + its background work
  // The same over the whole run (transactions / total storage time): flushes and compactions
  // come in bursts that a median over blocks passes over, and this rate includes them.
  double storage_tps_overall = 0;
  double writes_per_block = 0;   // mean state keys written per block
  double tree_nodes_per_block = 0;  // mean tree nodes written per block
  double tree_bytes_per_block = 0;  // mean encoded tree node bytes per block
  std::uint64_t store_bytes = 0;    // the store's files at the end of the workload
  // executions, aborts and dependencies are those of the Block-STM-forced runs.
  std::uint64_t executions = 0, aborts = 0, dependencies = 0;
  std::uint64_t fallback_blocks = 0;  // blocks the parallel executor ran serially
  std::uint64_t lane_blocks = 0;      // ... ran as independent lanes
  std::uint64_t lanes_abandoned = 0;  // ... tried as lanes, then ran under Block-STM
  std::vector<CurvePoint> curve;      // in the order of LedgerBenchOptions::curve
};

struct LedgerBenchReport {
  LedgerBenchOptions options;
  unsigned hardware_threads = 0;
  std::vector<WorkloadFigures> workloads;
  std::string storage_note;
};

// Errors: kInvalidArgument (unknown workload, txs < block_size, threads or a curve entry outside
// 1..256, conflict outside [0, 1]); kInternal if a parallel result ever differs from the serial
// one; kIo when the temporary store cannot be created or written.
[[nodiscard]] Result<LedgerBenchReport> run_ledger_bench(const LedgerBenchOptions& options);

[[nodiscard]] Json ledger_bench_to_json(const LedgerBenchReport& report);
// A fixed-width table, one row per workload.
[[nodiscard]] std::string ledger_bench_to_text(const LedgerBenchReport& report);

}  // namespace plx::ledger
