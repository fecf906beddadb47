// The versioned state tree: the sparse Merkle tree of state_proof.hpp (256-bit paths
// SHA-256(key), leaf compression), stored Jellyfish-style as 16-ary nodes (4 binary levels each)
// keyed by (version, nibble path), so that the tree of every committed height can still be read
// and can prove. docs/ledger-formats.md §5-§6.
//
// A block's update is one batch: apply() takes the updates sorted by key hash, rewrites only the
// nodes on the updated paths (bottom-up, one reused SHA-256 context per thread) and returns the
// new root plus the encoded new nodes, all at the block's version; nodes of older versions are
// never modified, which is what keeps old roots provable. Subtrees under different first nibbles
// are independent and are updated in parallel when a ThreadPool is given.
//
// Ownership and threading: a StateTree reads nodes it has not cached through a TreeNodeSource
// (the RocksDB store, or MemoryTreeStore). It caches the internal nodes of the latest tree it
// committed (commit()), one per position; apply() and prove() may run concurrently with each
// other; commit() waits for them.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger/state_reader.hpp"
#include "plx/ledger/thread_pool.hpp"
#include "plx/ledger_client/codec.hpp"
#include "plx/ledger_client/hash.hpp"
#include "plx/ledger_client/state_proof.hpp"

namespace plx::ledger {

// A reference to a subtree: empty, one leaf (stored inline in its parent) or a stored node.
struct NodeRef {
  enum class Kind : std::uint8_t { kEmpty = 0, kLeaf = 1, kInternal = 2 };
  Kind kind = Kind::kEmpty;
  Hash hash{};            // the subtree's hash (kZeroHash when empty, the leaf hash for a leaf)
  std::uint64_t version = 0;  // kInternal: the version the node was written at
  Hash key_hash{};        // kLeaf
  Hash value_hash{};      // kLeaf

  [[nodiscard]] bool empty() const noexcept { return kind == Kind::kEmpty; }
  // u8 kind | kInternal: fixed32 hash, u64 version | kLeaf: fixed32 key_hash, fixed32 value_hash.
  void encode_to(Writer& w) const;
  [[nodiscard]] Bytes encode() const;
  // Recomputes a leaf's hash. Errors: kMalformed.
  [[nodiscard]] static Result<NodeRef> decode_from(Reader& r);
  [[nodiscard]] static Result<NodeRef> decode(ByteSpan data);
  friend bool operator==(const NodeRef&, const NodeRef&) = default;
};

// One key's change in a block: a new value hash, or nullopt to delete the key.
struct TreeUpdate {
  Hash key_hash{};
  std::optional<Hash> value_hash;
  // tree_updates(): the index of the write this update came from (so the store can reuse the
  // value hash); SIZE_MAX when built by hand.
  std::size_t write_index = SIZE_MAX;
};

// The tree updates of a block's write set (key and value hashes), sorted by key hash: one per
// write of a tree leaf (keys::is_tree_leaf: not a DID's record, which its leaf commits to by
// hash, nor a write-once key, which is not state). Hashing is spread over `pool` when given.
[[nodiscard]] std::vector<TreeUpdate> tree_updates(const WriteSet& writes,
                                                   ThreadPool* pool = nullptr);

// A stored node: up to 16 children, in nibble order.
struct TreeNode {
  std::uint16_t present = 0;  // bit n: child n exists
  std::vector<NodeRef> children;
  Hash hash{};
  // The hashes of the node's inner binary subtrees (§5 rules; 0^32 when empty, the leaf hash
  // for a single leaf): [0..7] the 8 subtrees one level above the children, [8..11] two levels,
  // [12..13] three levels. Not stored: kept so that an update re-hashes only the binary paths
  // above the children it changed.
  std::array<Hash, 14> inner{};
};

// A node's position in the tree, without its version: the first `depth` nibbles of the path
// (the rest zero). The cache holds one node per position, the latest.
struct TreePos {
  Hash prefix{};
  std::uint8_t depth = 0;
  friend bool operator==(const TreePos&, const TreePos&) = default;
};
struct TreePosHash {
  std::size_t operator()(const TreePos& p) const noexcept;
};
[[nodiscard]] TreePos tree_pos(const Hash& path, std::size_t depth);

// The node key: be64(version) || u8 depth (nibbles) || ceil(depth/2) bytes of packed nibbles.
[[nodiscard]] Bytes tree_node_key(std::uint64_t version, const Hash& path, std::size_t depth);

class TreeNodeSource {
 public:
  virtual ~TreeNodeSource();
  // The encoded node under `node_key`, nullopt if absent; kIo on a storage failure.
  [[nodiscard]] virtual Result<std::optional<Bytes>> read_tree_node(ByteSpan node_key) const = 0;
};

// Nodes in memory (tests, replay). Thread-safety: reads may run concurrently; put() may not.
class MemoryTreeStore final : public TreeNodeSource {
 public:
  [[nodiscard]] Result<std::optional<Bytes>> read_tree_node(ByteSpan node_key) const override;
  void put(Bytes key, Bytes value) { nodes_[std::move(key)] = std::move(value); }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }

 private:
  std::unordered_map<Bytes, Bytes, BytesHash, BytesEqual> nodes_;
};

struct TreeBatch {
  std::uint64_t version = 0;
  NodeRef root;
  // The new nodes, encoded: (tree_node_key, node encoding). All at `version`.
  std::vector<std::pair<Bytes, Bytes>> nodes;
  // For commit(): the new nodes, decoded, and the positions whose node they replace.
  struct Cached {
    TreePos pos;
    std::shared_ptr<const TreeNode> node;
  };
  std::vector<Cached> decoded;
  std::vector<TreePos> replaced;
};

struct TreeStats {
  std::size_t cached_nodes = 0;
  std::size_t loads = 0;  // nodes read from the source since construction
};

class StateTree {
 public:
  explicit StateTree(const TreeNodeSource& source) : source_(source) {}
  StateTree(const StateTree&) = delete;
  StateTree& operator=(const StateTree&) = delete;

  // The tree at `version` = the tree at `base` with `updates` applied.
  // REQUIRES: updates sorted by key_hash with no duplicates (kInvalidArgument otherwise);
  // version greater than every version reachable from base. Errors: kIo / kMalformed / kInternal
  // from reading a node (a missing or corrupt node).
  [[nodiscard]] Result<TreeBatch> apply(const NodeRef& base, std::uint64_t version,
                                        std::span<const TreeUpdate> updates,
                                        ThreadPool* pool = nullptr) const;
  // Caches the batch's nodes: call it once the batch is durably stored, or while the store writes
  // it and then clear_cache() if that write fails (a later apply() must not start from nodes the
  // store does not hold).
  void commit(TreeBatch& batch);
  // Forgets every cached node (e.g. after a failed store write).
  void clear_cache();

  // The proof for `key_hash` in the tree rooted at `root` (inclusion if present, else
  // non-inclusion). Errors: as apply().
  [[nodiscard]] Result<StateProof> prove(const NodeRef& root, const Hash& key_hash) const;
  // The leaf for key_hash, if present (walks like prove()).
  [[nodiscard]] Result<std::optional<StateProofLeaf>> find(const NodeRef& root,
                                                           const Hash& key_hash) const;

  [[nodiscard]] TreeStats stats() const;

 private:
  friend class TreeUpdater;
  // REQUIRES: the calling operation (apply() or prove()) holds mu_ shared, for all its workers.
  [[nodiscard]] Result<std::shared_ptr<const TreeNode>> load(std::uint64_t version,
                                                             const Hash& path,
                                                             std::size_t depth) const;

  struct CacheEntry {
    std::uint64_t version = 0;
    std::shared_ptr<const TreeNode> node;
  };
  const TreeNodeSource& source_;
  // Guards cache_: apply() and prove() hold it shared for their whole walk (apply()'s workers
  // read under the caller's hold), commit() and clear_cache() exclusively. A lock per node
  // lookup, as before, made two threads' Merkle updates spend a third of their time in futex
  // calls.
  mutable std::shared_mutex mu_;
  // The committed tree's nodes by position. A lookup hits only when the version matches too:
  // nodes are immutable, so (version, position) names one node forever.
  mutable std::unordered_map<TreePos, CacheEntry, TreePosHash> cache_;
  mutable std::atomic<std::size_t> loads_{0};
};

// Encodes / decodes a TreeNode: u16 present | u16 leaf mask | per child in nibble order:
// internal: fixed32 hash, u64 version; leaf: fixed32 key_hash, fixed32 value_hash.
[[nodiscard]] Bytes encode_tree_node(const TreeNode& node);
// Recomputes the leaf hashes and the node hash. Errors: kMalformed (including a node with no
// child, or a lone leaf child, which the tree never stores).
[[nodiscard]] Result<TreeNode> decode_tree_node(ByteSpan data);

// The root of the tree holding exactly `leaves` (any order; keys must be distinct), computed
// from scratch without nodes: the reference the tests compare the incremental tree against.
[[nodiscard]] Hash naive_state_root(std::vector<StateProofLeaf> leaves);

}  // namespace plx::ledger
