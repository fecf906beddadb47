// The embedded ledger node: a ledger directory (RocksDB, store.hpp) plus the state tree, a
// pending pool and the block producer. No server: a C++ API in the caller's process.
//
// submit() checks a transaction (its encoding rules, chain id and signature) and queues it;
// produce_block() takes up to max_block_txs pending transactions in arrival order, executes them
// (execute_checked_parallel, executor.hpp) on the state of the last block, applies the write set
// to the state tree, and commits the block (transactions, outcomes, state, values, tree nodes,
// header, new height) in one RocksDB WriteBatch. produce_blocks() does the same for a backlog,
// block after block, writing each while the next executes. Reads come with state proofs at any
// committed height.
//
// Signatures are checked at admission, as a replica's mempool does (CheckTx), not when the block
// is produced: the checks of the next block's transactions then run while the current block is
// produced. submit_all runs them on a second pool of `threads` admission workers rather than on
// the execution pool: sharing one pool, each of a block's jobs waited behind a whole batch of
// signature checks (one job at a time), and production took twice as long. A transaction with a bad
// signature is refused to its submitter and never takes a place in the pool or a block. The
// executor still checks the signatures of blocks it is given whole (execute_parallel).
// On open the node checks that the chain id matches the one recorded at creation and that the
// last header's state_root is the stored tree root (a store written by another program or
// damaged on disk is refused).
// Ownership: the Node owns its Store, StateTree and both ThreadPools. Thread-safety: every method
// may be called from any thread; block production is serialized by an internal mutex and reads see
// whole blocks only.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/state_tree.hpp"
#include "plx/ledger/store.hpp"
#include "plx/ledger/thread_pool.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/state_proof.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {

struct NodeOptions {
  // Required to create a ledger; on reopen it must equal the recorded one, or be empty to open
  // the existing ledger with the chain id recorded at its creation.
  std::string chain_id;
  unsigned threads = 2;  // execution and hashing workers; as many admission workers (submit_all)
  std::size_t max_block_txs = 10'000;
  std::size_t max_pending = 1'000'000;
  std::chrono::milliseconds block_interval{1000};  // produce_if_due(): time trigger
  bool sync = true;                  // fsync each block
  bool create_if_missing = true;
  // A reader beside the node that writes the ledger (another process, or this one): it opens
  // without writing or locking anything (StoreOptions::read_only), sees the blocks committed
  // before it opened and, after each refresh(), those committed since, and refuses submit,
  // submit_all and produce_block with kUnsupported.
  bool read_only = false;
  // The block time source (unix seconds); defaults to the system clock. Block times never go
  // backwards: a block's time is max(clock(), parent's time).
  std::function<std::int64_t()> clock;
};

// A value (or its absence) with the proof against the header of `height`: the proof of the
// key's leaf (keys::committing_leaf), which for a DID's record is its DID's leaf, whose value is
// then in `leaf`. verify_state_read checks all three.
struct NodeRead {
  std::uint64_t height = 0;
  BlockHeader header;
  std::optional<Bytes> value;
  std::optional<Bytes> leaf;  // a DID record's key only: its DID's leaf value (DidLeaf)
  StateProof proof;
};

struct TxReceipt {
  std::uint64_t height = 0;
  std::uint32_t index = 0;
  TxOutcome outcome;
};

class Node {
 public:
  // Opens or creates the ledger in `dir`. With an empty options.chain_id only an existing
  // ledger opens, under its recorded chain id. Errors: kInvalidArgument (an invalid chain id, a
  // different chain id recorded, no ledger and no chain id to create one with), kNotFound (no
  // ledger and create_if_missing false; a database with no chain recorded and no chain id given),
  // kIo, kInternal (the last header's state_root differs from the stored tree root). Read-only:
  // kNotFound when there is no ledger (nothing is created).
  [[nodiscard]] static Result<std::unique_ptr<Node>> open(const std::filesystem::path& dir,
                                                         const NodeOptions& options);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Checks a transaction and queues it; the signature is checked on the caller's thread.
  // Errors: kUnsupported (a read-only node), kMalformed/kUnsupported (does not decode/validate),
  // kInvalidArgument (another chain id), kVerificationFailed (the signature does not verify under
  // signer_public_key), kOutOfRange (pool full), kAlreadyExists (the same id is pending).
  [[nodiscard]] Result<TxId> submit(const SignedTransaction& tx);
  [[nodiscard]] Result<TxId> submit_encoded(ByteSpan encoded);
  // submit() for each transaction, queued in the given order, with the signatures checked in
  // batches (verify_signatures) in parallel on the node's admission workers. Returns one result per
  // transaction, with submit()'s errors; a refused transaction does not stop the ones after it (a
  // later one with the same id as a queued one is refused with kAlreadyExists). An empty span
  // queues nothing and returns an empty vector.
  [[nodiscard]] std::vector<Result<TxId>> submit_all(std::span<const SignedTransaction> txs);
  [[nodiscard]] std::size_t pending() const;

  // Produces one block from up to max_block_txs pending transactions (an empty block when none
  // are pending). Errors: kIo (nothing is committed then; the transactions stay pending). After a
  // failed store write (a full disk, a failing device) every later call fails with kIo until the
  // ledger is reopened; the pending pool lives in memory only, so its transactions must then be
  // submitted again to the reopened node.
  [[nodiscard]] Result<BlockHeader> produce_block();
  // Produces up to max_blocks blocks back to back, for a backlog: the first from up to
  // max_block_txs pending transactions, each later one only while a full max_block_txs are
  // pending for it (no trailing partial block). Nothing pending, or max_blocks 0: no block (an
  // empty vector). Returns the headers in height order. The blocks, their headers and the state
  // are those that as many produce_block() calls with the same clock readings would give; each
  // block is committed in its own write batch before the next one is, and its transactions
  // leave the pool when it is. What differs is the overlap: while block k's batch is written
  // and synced (on a thread of its own), block k + 1 executes over k's writes and goes into the
  // tree. Errors: as produce_block(), for the first block whose commit fails: the blocks before
  // it stay committed (latest_height() tells how many), its transactions and those of the block
  // prepared after it are pending again, in their order.
  [[nodiscard]] Result<std::vector<BlockHeader>> produce_blocks(std::size_t max_blocks);
  // Produces what is due: with max_block_txs or more pending, every full block of them, back to
  // back (produce_blocks; what is left over waits for more or for the interval); otherwise, once
  // block_interval has passed since the last block, one block of everything pending. Returns the
  // header of the newest block made, nullopt when nothing is pending or nothing is due yet.
  // Errors: as produce_blocks (the blocks before a failed one stay committed).
  [[nodiscard]] Result<std::optional<BlockHeader>> produce_if_due();

  // A read-only node: takes in the blocks the writer committed since it opened or last
  // refreshed (whole blocks only) and returns the latest height; reads, state_root() and
  // resolvers over this node answer from that height on. A writing node has nothing to take in
  // and returns its latest height. Errors: kIo, kMalformed (Store::catch_up), kInternal (the new
  // last header's state_root is not the stored tree root: state_root() keeps the earlier one).
  [[nodiscard]] Result<std::uint64_t> refresh();

  [[nodiscard]] std::uint64_t latest_height() const;
  [[nodiscard]] Hash state_root() const;
  // kNotFound for 0 or a height above the latest.
  [[nodiscard]] Result<BlockHeader> header(std::uint64_t height) const;
  // The last block whose time is <= `time` (for ?versionTime=), nullopt if none.
  [[nodiscard]] Result<std::optional<BlockHeader>> header_at_or_before(std::int64_t time) const;
  [[nodiscard]] Result<std::vector<SignedTransaction>> block_transactions(std::uint64_t h) const;
  [[nodiscard]] Result<std::vector<TxOutcome>> block_outcomes(std::uint64_t h) const;

  // The value of `key` after block `height` (default: the latest) with its proof. Errors:
  // kNotFound (no such block; or no block at all yet), kIo.
  [[nodiscard]] Result<NodeRead> get(ByteSpan key, std::optional<std::uint64_t> height = {}) const;
  // The stored value whose state_value_hash is `hash` (Store::value: not a DID's current record),
  // nullopt if none; what a resolver follows DidRecord::previous through. Errors: kIo.
  [[nodiscard]] Result<std::optional<Bytes>> value(const Hash& hash) const;
  // The outcome of a committed transaction, nullopt if it is unknown (or still pending).
  [[nodiscard]] Result<std::optional<TxReceipt>> outcome(const TxId& id) const;
  // The nonce the next transaction signed for `did` must carry (committed state only).
  [[nodiscard]] Result<std::uint64_t> next_nonce(std::string_view did) const;

  // The ledger's chain id (the recorded one when the node was opened without one).
  [[nodiscard]] const std::string& chain_id() const noexcept { return options_.chain_id; }
  [[nodiscard]] const Store& store() const noexcept { return *store_; }

 private:
  Node(NodeOptions options, std::unique_ptr<Store> store);
  std::int64_t now() const;
  // Makes the block at height h (0: none) the node's tip: root_ and last_header_. Errors: kIo,
  // kInternal (its header's state_root is not the stored tree root).
  [[nodiscard]] Status load_tip(std::uint64_t h);

  // submit()'s checks but the signature: encoding rules, signature length, chain id. The
  // signature check and the queueing (under pool_mu_) are separate, so that submit_all can batch
  // the signatures on its workers.
  [[nodiscard]] Status admission_checks(const SignedTransaction& tx) const;
  // kUnsupported for a read-only node.
  [[nodiscard]] Status writable() const;
  [[nodiscard]] Result<TxId> enqueue(const TxId& id, const SignedTransaction& tx);
  // Block production in steps (node.cpp): a block taken from the pool, executed and put into the
  // tree, then written, then made visible.
  struct PreparedBlock;
  class TakenBlocks;
  [[nodiscard]] Result<std::vector<BlockHeader>> produce(std::size_t max_blocks, bool allow_empty);
  // Moves up to max_block_txs pending transactions, from the `offset`-th on, into `b`; their
  // entries stay in the pool until publish().
  void take(PreparedBlock& b, std::size_t offset);
  // Executes `b` on `state` (the state after `parent`) and applies its writes to the tree over
  // `base`, and fills in its header. Errors: kInternal, kIo (tree reads).
  [[nodiscard]] Status prepare(PreparedBlock& b, const std::optional<BlockHeader>& parent,
                               const NodeRef& base, const StateReader& state);
  // After b's commit: its root and header become the node's, its transactions leave the pool.
  void publish(const PreparedBlock& b);

  NodeOptions options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StateTree> tree_;
  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<ThreadPool> admit_pool_;  // submit_all's signature checks
  mutable std::mutex produce_mu_;  // one block at a time
  mutable std::mutex pool_mu_;     // guards pending_, pending_ids_
  std::deque<std::pair<TxId, SignedTransaction>> pending_;
  std::unordered_set<TxId, BytesHash> pending_ids_;
  std::chrono::steady_clock::time_point last_block_at_;
  mutable std::mutex state_mu_;  // guards root_, last_header_
  NodeRef root_;
  std::optional<BlockHeader> last_header_;
};

}  // namespace plx::ledger
