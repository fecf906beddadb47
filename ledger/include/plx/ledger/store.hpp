// The node's durable store: RocksDB, one atomic WriteBatch per block (docs/ledger-formats.md §7).
//
// Column families:
//   default   meta: "format" (u8 5), "chain_id", "height" (be64: the last committed block)
//   headers   be64(height) -> BlockHeader encoding
//   blocks    be64(height) -> varint n | n x bytes(SignedTransaction encoding)
//   outcomes  be64(height) -> varint n | n x TxOutcome encoding
//   tx_index  tx id (32)   -> be64(height) | u32 index in block
//   state     key          -> value (the latest state, except write-once keys: below)
//   values    SHA-256(value) -> value (every value ever written, once per distinct value, except
//             a DID's current record: `state` holds it until a later version supersedes it)
//   tree      tree_node_key(version, path) -> tree node encoding (state_tree.hpp)
//   roots     be64(height) -> NodeRef of the state tree root after that block
// commit_block() writes all of a block's records, the new "height" included, in ONE WriteBatch
// (synced by default): after a crash the store holds either all of a block or none of it.
// Historical reads need no per-key history: the tree of every height is kept (its leaves hold
// value hashes), so get_at() walks the tree of that height and reads the value by its hash, in
// `values`, or for a DID's record still current, under its key in `state`. A DID's record is no
// leaf: get_at() reads its DID's leaf (keys::committing_leaf), whose value names the record's
// hash (DidLeaf::record).
// Write-once keys (keys::is_write_once: superseded DID versions) are not state: their values go
// to `values` only, where a resolver finds an older version by the hash the next version's record
// carries (DidRecord::previous), and neither `state`, the tree, get() nor get_at() sees their keys.
// A DID record is thus stored once per version: in `state` while current, then in `values`.
//
// The store hides RocksDB (a private dependency of plx::ledger). It is a StateReader (latest
// state; get() aborts on a storage failure, since a block cannot be executed against a state
// that cannot be read) and a TreeNodeSource. Thread-safety: reads may run concurrently with each
// other and with commit_block(); commit_block() calls must not overlap.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/state_tree.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {

struct StoreOptions {
  bool create_if_missing = true;
  bool sync = true;  // fsync the WAL on every block commit
  // Opens without writing anything, not even a lock: other processes, the node writing this
  // ledger among them, may have it open too. The store sees the blocks committed before it was
  // opened, and later ones after catch_up(); writes return kUnsupported. create_if_missing is
  // ignored. (It keeps an empty directory of its own under the temporary directory while open.)
  bool read_only = false;
};

// Everything one block adds to the store.
struct BlockCommit {
  BlockHeader header;
  std::span<const SignedTransaction> txs;
  std::span<const TxId> tx_ids;  // REQUIRES: same size as txs
  std::span<const TxOutcome> outcomes;  // REQUIRES: same size as txs
  const WriteSet* writes = nullptr;     // sorted by key
  const TreeBatch* tree = nullptr;      // its root is the header's state_root
  // Optional: tree_updates(*writes), whose value hashes are then reused instead of recomputed.
  // REQUIRES, when given: one update per write of a key that is not write-once.
  std::span<const TreeUpdate> updates = {};
};

struct TxLocation {
  std::uint64_t height = 0;
  std::uint32_t index = 0;
};

class Store final : public StateReader, public TreeNodeSource {
 public:
  // Opens (or creates) the RocksDB database in `dir`. Errors: kIo (RocksDB's message),
  // kMalformed (meta records that do not decode), kNotFound (read-only, and no database in
  // `dir`: nothing is created).
  [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir,
                                                          const StoreOptions& options = {});
  ~Store() override;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The chain id recorded at creation, nullopt for a new store.
  [[nodiscard]] Result<std::optional<std::string>> chain_id() const;
  // Records the chain id (a new store only). Errors: kIo, kUnsupported (read-only).
  [[nodiscard]] Status init_chain(std::string_view chain_id);
  // The last committed height (0 before the first block).
  [[nodiscard]] std::uint64_t latest_height() const noexcept;
  // A read-only store: takes in the blocks the writer committed since the open or the last
  // catch_up(), and returns the latest height. Until then reads keep answering as before, and a
  // block is taken in whole or not at all. A writable store returns its latest height. Errors:
  // kIo (also when the ledger directory has been deleted: reads keep answering from the files
  // this view holds open), kMalformed (a height record that does not decode).
  [[nodiscard]] Result<std::uint64_t> catch_up();

  // Writes a block (see the header comment). REQUIRES header.height == latest_height() + 1
  // (kInvalidArgument otherwise). Errors: kIo, kUnsupported (read-only). After a failed write (kIo:
  // a full disk, a failing device) nothing of the block is stored, and every later commit_block
  // returns kIo without writing: RocksDB's log writer may hold a partial record, so only reopening
  // the store (which drops a torn tail of the log) makes it writable again. Reads keep working.
  [[nodiscard]] Status commit_block(const BlockCommit& block);

  // For measuring what a block costs the store, background work included (`plx bench ledger`):
  // RocksDB flushes memtables and compacts files on its own threads after a commit, and that
  // work would otherwise be charged to whatever runs next. settle() waits until no flush or
  // compaction is running or pending, then holds background work back until the next
  // commit_block, which lets it run again first (a commit that filled the memtables while
  // flushes were held back would wait forever). Errors: kIo.
  [[nodiscard]] Status settle();

  // Latest state (nullopt for a write-once key: not state).
  [[nodiscard]] std::optional<Bytes> get(ByteSpan key) const override;
  // The value whose state_value_hash is `hash`, if this store holds it in `values`: any value of
  // any committed state except a DID's current record (read it by key: get, get_at), and every
  // superseded DID version record. Errors: kIo.
  [[nodiscard]] Result<std::optional<Bytes>> value(const Hash& hash) const;
  // The value of `key` after block `height` (0: the empty state): a walk down the tree of that
  // height (a few point reads) and a read of the value by its hash (for a DID's record, of its
  // DID's leaf and then of the record by the hash that names). Errors: kIo, kOutOfRange
  // (height above latest), kInternal (a missing node or value: a damaged store).
  [[nodiscard]] Result<std::optional<Bytes>> get_at(ByteSpan key, std::uint64_t height) const;
  // get_at's value, for a DID's record also its DID's leaf value (DidLeaf), and the proof of the
  // leaf that commits to the value (keys::committing_leaf), all from one walk: what a proven read
  // returns (Node::get, StoreReader::get). Errors: as get_at.
  struct ReadAt {
    std::optional<Bytes> value;
    std::optional<Bytes> leaf;  // a did_record key whose DID has a leaf only
    StateProof proof;           // inclusion or non-inclusion of committing_leaf(key)
  };
  [[nodiscard]] Result<ReadAt> read_at(ByteSpan key, std::uint64_t height) const;
  // Tests only: `hook` runs once, the next time a read finds no value by hash and is about to
  // look under the key itself (the window in which a committing block can supersede a DID's
  // current record, which get_at then finds in `values`). Not for concurrent use with reads.
  void run_once_between_value_reads_for_testing(std::function<void()> hook) const;

  [[nodiscard]] Result<std::optional<Bytes>> read_tree_node(ByteSpan node_key) const override;
  // The tree root after block `height` (height 0: the empty tree). Errors: kNotFound above the
  // latest height, kIo, kMalformed.
  [[nodiscard]] Result<NodeRef> root_at(std::uint64_t height) const;

  // kNotFound for a height that has no block.
  [[nodiscard]] Result<BlockHeader> header(std::uint64_t height) const;
  [[nodiscard]] Result<std::vector<SignedTransaction>> block_transactions(std::uint64_t height) const;
  [[nodiscard]] Result<std::vector<TxOutcome>> block_outcomes(std::uint64_t height) const;
  [[nodiscard]] Result<std::optional<TxLocation>> tx_location(const TxId& id) const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  // The value of `key` whose hash a leaf of the tree at `height` names: in `values`, or in
  // `state` under `key` while current. kInternal when neither holds it.
  [[nodiscard]] Result<std::optional<Bytes>> value_of(ByteSpan key, const Hash& hash,
                                                      std::uint64_t height) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plx::ledger
