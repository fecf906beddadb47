// LedgerReaders over the embedded ledger (ledger_client/resolver.hpp), so that the did:plx
// resolver driver, which lives in ledger_client and knows nothing of RocksDB, reads DID records
// and their state proofs straight from a ledger directory opened in the same process.
//
// StoreReader reads a Store (store.hpp): headers, the value of a key after any committed block
// (Store::get_at) and its proof from the state tree of that block (Store::root_at +
// StateTree::prove). The adapter checks nothing itself: the resolver verifies every proof
// against the header's state_root, exactly as it would for a remote node.
// Ownership: borrows the Store, which must outlive the reader (or shares it, with the
// shared_ptr constructor). Thread-safety: safe for concurrent calls, and concurrent with block
// commits (each call reads one committed height; a later block does not change it).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "plx/ledger/node.hpp"
#include "plx/ledger/store.hpp"
#include "plx/ledger_client/resolver.hpp"

namespace plx::ledger {

class StoreReader final : public LedgerReader {
 public:
  // REQUIRES: store outlives this reader.
  explicit StoreReader(const Store& store) : store_(store) {}
  // Keeps `owner` (which holds the store) alive as long as the reader. REQUIRES owner != null.
  StoreReader(std::shared_ptr<const void> owner, const Store& store)
      : owner_(std::move(owner)), store_(store) {}

  // kNotFound when no block has been committed yet.
  [[nodiscard]] Result<BlockHeader> latest_header() const override;
  // kNotFound for height 0 or above the latest height.
  [[nodiscard]] Result<BlockHeader> header(std::uint64_t height) const override;
  // The value after block `height` and its proof in that block's state tree.
  // kNotFound for height 0 or above the latest height; kIo / kMalformed from storage.
  [[nodiscard]] Result<ProvenValue> get(ByteSpan key, std::uint64_t height) const override;
  [[nodiscard]] Result<std::optional<Bytes>> value_by_hash(const Hash& hash) const override;

 private:
  std::shared_ptr<const void> owner_;
  const Store& store_;
};

// NodeReader: the same over a running Node (node.hpp): Node::get already returns the value with
// its proof, and Node::header_at_or_before uses the node's own search.
// Ownership: shares the Node. Thread-safety: as the Node's const methods (and Node::refresh when
// following a writer).
class NodeReader final : public LedgerReader {
 public:
  // REQUIRES: node != nullptr (PLX_CHECK).
  explicit NodeReader(std::shared_ptr<const Node> node);
  // A reader that follows the writer of a read-only node (NodeOptions::read_only): before it
  // answers from the latest block (latest_header(), which a resolution without ?versionId= or
  // ?versionTime= starts from), it takes in the writer's new blocks (Node::refresh), at most
  // once per `refresh_every` (0 or less: every time; capped at 100 years). A long-lived resolver
  // beside a writer thus never answers from a height older than that. For a writing node it is the
  // plain reader. REQUIRES: node != nullptr (PLX_CHECK).
  NodeReader(std::shared_ptr<Node> node, std::chrono::milliseconds refresh_every);

  // kNotFound when the node has committed no block yet; when following a writer, the errors of
  // Node::refresh (kIo, kMalformed, kInternal), the node keeping its earlier height.
  [[nodiscard]] Result<BlockHeader> latest_header() const override;
  // kNotFound for height 0 or above the latest height.
  [[nodiscard]] Result<BlockHeader> header(std::uint64_t height) const override;
  // kNotFound for height 0 or above the latest height; kIo.
  [[nodiscard]] Result<ProvenValue> get(ByteSpan key, std::uint64_t height) const override;
  [[nodiscard]] Result<std::optional<Bytes>> value_by_hash(const Hash& hash) const override;
  [[nodiscard]] Result<std::optional<BlockHeader>> header_at_or_before(
      std::int64_t unix_seconds) const override;

 private:
  std::shared_ptr<const Node> node_;
  std::shared_ptr<Node> follow_;  // set when following a read-only node's writer
  std::chrono::milliseconds refresh_every_{0};
  // steady_clock ticks of the last refresh (construction - refresh_every_: the first is due).
  mutable std::atomic<std::chrono::steady_clock::rep> last_refresh_{0};
};

}  // namespace plx::ledger
