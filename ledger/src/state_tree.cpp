// The versioned 16-ary state tree (docs/ledger-formats.md §5-§6).
//
// Hashing follows state_proof.hpp exactly: a stored node is four binary levels of the sparse
// Merkle tree, hashed bottom-up with the same compression rules (an empty half disappears into a
// lone leaf beside it), so a proof can be cut out of the nodes on a key's path.
#include "plx/ledger/state_tree.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "plx/ledger_client/state_keys.hpp"

namespace plx::ledger {
namespace {

inline unsigned nibble(const Hash& path, std::size_t depth) noexcept {
  return (path[depth / 2] >> ((depth % 2) ? 0 : 4)) & 0xfu;
}

// A binary subtree inside a node, for hashing: empty, exactly one leaf (represented by it), or
// anything else.
struct Sub {
  Hash h{};
  std::uint8_t kind = 0;  // 0 empty, 1 single leaf, 2 other
};

inline Sub combine(const Sub& a, const Sub& b) {
  if (a.kind == 0 && b.kind == 0) return {};
  if (a.kind == 0 && b.kind == 1) return b;
  if (b.kind == 0 && a.kind == 1) return a;
  return Sub{state_internal_hash(a.h, b.h), 2};
}

inline Sub sub_of(const NodeRef& r) {
  switch (r.kind) {
    case NodeRef::Kind::kEmpty:
      return {};
    case NodeRef::Kind::kLeaf:
      return Sub{r.hash, 1};
    case NodeRef::Kind::kInternal:
      return Sub{r.hash, 2};
  }
  return {};
}

// levels[4] = the 16 children, levels[0][0] = the node.
struct NodeLevels {
  std::array<Sub, 16> l4;
  std::array<Sub, 8> l3;
  std::array<Sub, 4> l2;
  std::array<Sub, 2> l1;
  Sub l0;
  const Sub& at(unsigned level, unsigned i) const {
    switch (level) {
      case 1:
        return l1[i];
      case 2:
        return l2[i];
      case 3:
        return l3[i];
      case 4:
        return l4[i];
      default:
        return l0;
    }
  }
};

NodeLevels node_levels(const std::array<NodeRef, 16>& children) {
  NodeLevels lv;
  for (unsigned i = 0; i < 16; ++i) lv.l4[i] = sub_of(children[i]);
  for (unsigned i = 0; i < 8; ++i) lv.l3[i] = combine(lv.l4[2 * i], lv.l4[2 * i + 1]);
  for (unsigned i = 0; i < 4; ++i) lv.l2[i] = combine(lv.l3[2 * i], lv.l3[2 * i + 1]);
  for (unsigned i = 0; i < 2; ++i) lv.l1[i] = combine(lv.l2[2 * i], lv.l2[2 * i + 1]);
  lv.l0 = combine(lv.l1[0], lv.l1[1]);
  return lv;
}

// Hashes the four binary levels above 16 children (the §5 rules) into `inner` (TreeNode::inner)
// and returns the node's hash. With `old` (the inner hashes of the node these children came
// from), an inner subtree none of whose children is in the `dirty` mask keeps its old hash: an
// update of one child costs 4 compressions of 64-byte pairs instead of up to 15.
Hash hash_node(const std::array<NodeRef, 16>& children, std::uint32_t dirty,
               const std::array<Hash, 14>* old, std::array<Hash, 14>& inner) {
  std::array<Sub, 16> s;
  for (unsigned i = 0; i < 16; ++i) s[i] = sub_of(children[i]);
  unsigned off = 0;
  for (unsigned w = 8; w >= 1; w /= 2) {
    std::uint32_t next_dirty = 0;
    for (unsigned i = 0; i < w; ++i) {
      const Sub& a = s[2 * i];
      const Sub& b = s[2 * i + 1];
      const bool changed = ((dirty >> (2 * i)) & 3u) != 0;
      Sub r;
      if (a.kind == 0 && b.kind == 0) {
        r = Sub{};
      } else if (a.kind == 0 && b.kind == 1) {
        r = b;
      } else if (b.kind == 0 && a.kind == 1) {
        r = a;
      } else {
        // Unchanged children and an internal result: the same two inputs as before.
        r.kind = 2;
        r.h = (changed || old == nullptr) ? state_internal_hash(a.h, b.h) : (*old)[off + i];
      }
      if (changed) next_dirty |= 1u << i;
      s[i] = r;  // s[2i], s[2i+1] were read above; i <= 2i, so nothing unread is overwritten
      if (w > 1) inner[off + i] = r.h;
    }
    dirty = next_dirty;
    off += w;
  }
  return s[0].h;
}

Hash node_hash(const std::array<NodeRef, 16>& children, std::array<Hash, 14>& inner) {
  return hash_node(children, 0xffffu, nullptr, inner);
}

std::array<NodeRef, 16> expand(const TreeNode& n) {
  std::array<NodeRef, 16> out{};
  std::size_t k = 0;
  for (unsigned i = 0; i < 16; ++i) {
    if (n.present & (1u << i)) out[i] = n.children[k++];
  }
  return out;
}

NodeRef leaf_ref(const Hash& key_hash, const Hash& value_hash) {
  NodeRef r;
  r.kind = NodeRef::Kind::kLeaf;
  r.key_hash = key_hash;
  r.value_hash = value_hash;
  r.hash = state_leaf_hash(key_hash, value_hash);
  return r;
}

Error corrupt(std::string what) {
  return Error(ErrorCode::kInternal, "state tree: " + std::move(what), "state_tree");
}

}  // namespace

// ---- encodings ----

void NodeRef::encode_to(Writer& w) const {
  w.u8(static_cast<std::uint8_t>(kind));
  if (kind == Kind::kInternal) w.fixed(hash).u64(version);
  if (kind == Kind::kLeaf) w.fixed(key_hash).fixed(value_hash);
}

Bytes NodeRef::encode() const {
  Writer w(80);
  encode_to(w);
  return std::move(w).take();
}

Result<NodeRef> NodeRef::decode_from(Reader& r) {
  const std::size_t at = r.offset();
  PLX_TRY(std::uint8_t kind, r.u8("node_ref.kind"));
  NodeRef n;
  switch (kind) {
    case 0:
      return n;
    case 1: {
      PLX_TRY(Hash k, r.array<32>("node_ref.key_hash"));
      PLX_TRY(Hash v, r.array<32>("node_ref.value_hash"));
      return leaf_ref(k, v);
    }
    case 2: {
      n.kind = Kind::kInternal;
      PLX_TRY(n.hash, r.array<32>("node_ref.hash"));
      PLX_TRY(n.version, r.u64("node_ref.version"));
      return n;
    }
    default:
      return r.error_at("node_ref.kind", "unknown kind " + std::to_string(kind), at);
  }
}

Result<NodeRef> NodeRef::decode(ByteSpan data) {
  Reader r(data);
  PLX_TRY(NodeRef n, decode_from(r));
  PLX_RETURN_IF_ERROR(r.expect_end("node_ref"));
  return n;
}

Bytes tree_node_key(std::uint64_t version, const Hash& path, std::size_t depth) {
  Bytes k;
  k.reserve(9 + (depth + 1) / 2);
  for (int s = 56; s >= 0; s -= 8) k.push_back(static_cast<std::uint8_t>(version >> s));
  k.push_back(static_cast<std::uint8_t>(depth));
  for (std::size_t i = 0; i < depth / 2; ++i) k.push_back(path[i]);
  if (depth % 2) k.push_back(static_cast<std::uint8_t>(path[depth / 2] & 0xf0));
  return k;
}

Bytes encode_tree_node(const TreeNode& node) {
  std::uint16_t leaves = 0;
  std::size_t k = 0;
  for (unsigned i = 0; i < 16; ++i) {
    if (node.present & (1u << i)) {
      if (node.children[k++].kind == NodeRef::Kind::kLeaf) leaves |= static_cast<std::uint16_t>(1u << i);
    }
  }
  Writer w(4 + node.children.size() * 64);
  w.u8(static_cast<std::uint8_t>(node.present >> 8)).u8(static_cast<std::uint8_t>(node.present));
  w.u8(static_cast<std::uint8_t>(leaves >> 8)).u8(static_cast<std::uint8_t>(leaves));
  for (const NodeRef& c : node.children) {
    if (c.kind == NodeRef::Kind::kLeaf) {
      w.fixed(c.key_hash).fixed(c.value_hash);
    } else {
      w.fixed(c.hash).u64(c.version);
    }
  }
  return std::move(w).take();
}

Result<TreeNode> decode_tree_node(ByteSpan data) {
  Reader r(data);
  PLX_TRY(std::uint8_t p_hi, r.u8("node.present"));
  PLX_TRY(std::uint8_t p_lo, r.u8("node.present"));
  PLX_TRY(std::uint8_t l_hi, r.u8("node.leaves"));
  PLX_TRY(std::uint8_t l_lo, r.u8("node.leaves"));
  TreeNode n;
  n.present = static_cast<std::uint16_t>((p_hi << 8) | p_lo);
  const auto leaves = static_cast<std::uint16_t>((l_hi << 8) | l_lo);
  if ((leaves & ~n.present) != 0) return r.error_at("node.leaves", "leaf bit on an absent child", 2);
  if (n.present == 0) return r.error_at("node.present", "a stored node has children", 0);
  std::array<NodeRef, 16> kids{};
  for (unsigned i = 0; i < 16; ++i) {
    if (!(n.present & (1u << i))) continue;
    if (leaves & (1u << i)) {
      PLX_TRY(Hash k, r.array<32>("node.leaf.key_hash"));
      PLX_TRY(Hash v, r.array<32>("node.leaf.value_hash"));
      kids[i] = leaf_ref(k, v);
    } else {
      kids[i].kind = NodeRef::Kind::kInternal;
      PLX_TRY(kids[i].hash, r.array<32>("node.child.hash"));
      PLX_TRY(kids[i].version, r.u64("node.child.version"));
    }
    n.children.push_back(kids[i]);
  }
  PLX_RETURN_IF_ERROR(r.expect_end("node"));
  if (n.children.size() == 1 && leaves != 0) {
    return Error(ErrorCode::kMalformed, "a node with one leaf child is never stored", "node");
  }
  n.hash = node_hash(kids, n.inner);
  return n;
}

// ---- positions ----

std::size_t TreePosHash::operator()(const TreePos& p) const noexcept {
  // The path bytes are SHA-256 output; mixing the first 16 with the depth spreads every level.
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, p.prefix.data(), 8);
  std::memcpy(&b, p.prefix.data() + 8, 8);
  std::uint64_t x = a ^ (b * 0x9e3779b97f4a7c15ull) ^ (std::uint64_t{p.depth} << 56);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return static_cast<std::size_t>(x);
}

TreePos tree_pos(const Hash& path, std::size_t depth) {
  TreePos p;
  p.depth = static_cast<std::uint8_t>(depth);
  std::copy(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth / 2), p.prefix.begin());
  if (depth % 2) p.prefix[depth / 2] = static_cast<std::uint8_t>(path[depth / 2] & 0xf0);
  return p;
}

// ---- stores ----

TreeNodeSource::~TreeNodeSource() = default;

Result<std::optional<Bytes>> MemoryTreeStore::read_tree_node(ByteSpan node_key) const {
  auto it = nodes_.find(node_key);
  if (it == nodes_.end()) return std::optional<Bytes>();
  return std::optional<Bytes>(it->second);
}

// ---- updates ----

std::vector<TreeUpdate> tree_updates(const WriteSet& writes, ThreadPool* pool) {
  // Only leaves: a DID's record is committed by its leaf (keys::nonce), and write-once keys (the
  // DID version records) carry values to the store, not state.
  std::vector<TreeUpdate> ups;
  ups.reserve(writes.size());
  for (std::size_t i = 0; i < writes.size(); ++i) {
    if (keys::is_tree_leaf(writes[i].first)) ups.emplace_back().write_index = i;
  }
  auto work = [&](std::size_t b, std::size_t e) {
    for (std::size_t u = b; u < e; ++u) {
      const auto& [key, value] = writes[ups[u].write_index];
      ups[u].key_hash = state_key_hash(key);
      if (value) ups[u].value_hash = state_value_hash(*value);
    }
  };
  if (pool != nullptr && pool->size() > 1 && ups.size() >= 4096) {
    pool->parallel_for(ups.size(), 1024, work);
  } else {
    work(0, ups.size());
  }
  std::sort(ups.begin(), ups.end(),
            [](const TreeUpdate& a, const TreeUpdate& b) { return a.key_hash < b.key_hash; });
  return ups;
}

Result<std::shared_ptr<const TreeNode>> StateTree::load(std::uint64_t version, const Hash& path,
                                                        std::size_t depth) const {
  {
    auto it = cache_.find(tree_pos(path, depth));
    if (it != cache_.end() && it->second.version == version) return it->second.node;
  }
  PLX_TRY(std::optional<Bytes> raw, source_.read_tree_node(tree_node_key(version, path, depth)));
  if (!raw) {
    return corrupt("missing node at version " + std::to_string(version) + ", depth " +
                   std::to_string(depth));
  }
  auto node = decode_tree_node(*raw);
  if (!node) return corrupt("undecodable node: " + node.error().message);
  loads_.fetch_add(1, std::memory_order_relaxed);
  return std::make_shared<const TreeNode>(std::move(node).value());
}

// One worker's share of an apply(): the recursion and the nodes it writes.
class TreeUpdater {
 public:
  TreeUpdater(const StateTree& tree, std::uint64_t version) : tree_(tree), version_(version) {}

  Result<NodeRef> update(const NodeRef& cur, std::size_t depth, std::span<const TreeUpdate> ups) {
    if (ups.empty()) return cur;
    // The two base cases that need no node.
    if (ups.size() == 1) {
      const TreeUpdate& u = ups[0];
      if (cur.empty()) return u.value_hash ? leaf_ref(u.key_hash, *u.value_hash) : NodeRef{};
      if (cur.kind == NodeRef::Kind::kLeaf && cur.key_hash == u.key_hash) {
        return u.value_hash ? leaf_ref(u.key_hash, *u.value_hash) : NodeRef{};
      }
    }
    if (depth >= 64) return corrupt("two distinct keys share a 256-bit path");
    const Hash& path = ups[0].key_hash;
    std::array<NodeRef, 16> kids{};
    std::shared_ptr<const TreeNode> old;
    if (cur.kind == NodeRef::Kind::kInternal) {
      PLX_TRY(old, tree_.load(cur.version, path, depth));
      kids = expand(*old);
    } else if (cur.kind == NodeRef::Kind::kLeaf) {
      // A leaf meeting other updates moves down one level, where the updates meet it again.
      kids[nibble(cur.key_hash, depth)] = cur;
    }
    PLX_TRY(std::uint32_t changed, update_children(kids, depth, ups));
    if (old != nullptr && changed == 0) return cur;
    return finalize(kids, path, depth, old != nullptr ? &cur : nullptr,
                    old != nullptr ? changed : 0xffffu, old.get());
  }

  // Updates the children the updates fall under; returns the mask of those that changed.
  Result<std::uint32_t> update_children(std::array<NodeRef, 16>& kids, std::size_t depth,
                                        std::span<const TreeUpdate> ups) {
    std::uint32_t changed = 0;
    std::size_t i = 0;
    while (i < ups.size()) {
      const unsigned nb = nibble(ups[i].key_hash, depth);
      std::size_t j = i + 1;
      while (j < ups.size() && nibble(ups[j].key_hash, depth) == nb) ++j;
      PLX_TRY(NodeRef next, update(kids[nb], depth + 1, ups.subspan(i, j - i)));
      if (!(next == kids[nb])) {
        kids[nb] = next;
        changed |= 1u << nb;
      }
      i = j;
    }
    return changed;
  }

  // Turns 16 children into the subtree's reference, writing a node when one is needed. `dirty`
  // and `old`: the children that changed and the node they were taken from (nullptr: none, every
  // inner hash is computed).
  NodeRef finalize(const std::array<NodeRef, 16>& kids, const Hash& path, std::size_t depth,
                   const NodeRef* replaced, std::uint32_t dirty, const TreeNode* old) {
    unsigned count = 0;
    const NodeRef* only = nullptr;
    for (const NodeRef& k : kids) {
      if (!k.empty()) {
        ++count;
        only = &k;
      }
    }
    if (replaced != nullptr) replaced_.push_back(tree_pos(path, depth));
    if (count == 0) return NodeRef{};
    // Leaf compression: a subtree with one leaf is that leaf.
    if (count == 1 && only->kind == NodeRef::Kind::kLeaf) return *only;
    auto node = std::make_shared<TreeNode>();
    for (unsigned i = 0; i < 16; ++i) {
      if (!kids[i].empty()) {
        node->present |= static_cast<std::uint16_t>(1u << i);
        node->children.push_back(kids[i]);
      }
    }
    node->hash = hash_node(kids, dirty, old != nullptr ? &old->inner : nullptr, node->inner);
    nodes_.emplace_back(tree_node_key(version_, path, depth), encode_tree_node(*node));
    NodeRef ref;
    ref.kind = NodeRef::Kind::kInternal;
    ref.hash = node->hash;
    ref.version = version_;
    decoded_.push_back(TreeBatch::Cached{tree_pos(path, depth), std::move(node)});
    return ref;
  }

  void move_into(TreeBatch& b) {
    for (auto& n : nodes_) b.nodes.push_back(std::move(n));
    for (auto& d : decoded_) b.decoded.push_back(std::move(d));
    for (auto& r : replaced_) b.replaced.push_back(std::move(r));
  }

 private:
  const StateTree& tree_;
  std::uint64_t version_;
  std::vector<std::pair<Bytes, Bytes>> nodes_;
  std::vector<TreeBatch::Cached> decoded_;
  std::vector<TreePos> replaced_;
};

Result<TreeBatch> StateTree::apply(const NodeRef& base, std::uint64_t version,
                                   std::span<const TreeUpdate> updates, ThreadPool* pool) const {
  for (std::size_t i = 1; i < updates.size(); ++i) {
    if (!(updates[i - 1].key_hash < updates[i].key_hash)) {
      return Error(ErrorCode::kInvalidArgument,
                   "updates must be sorted by key hash without duplicates",
                   "updates[" + std::to_string(i) + "]");
    }
  }
  if (base.kind == NodeRef::Kind::kInternal && base.version >= version) {
    return Error(ErrorCode::kInvalidArgument, "the new version must exceed the base's", "version");
  }
  const std::shared_lock lock(mu_);
  TreeBatch batch;
  batch.version = version;
  const bool parallel = pool != nullptr && pool->size() > 1 && updates.size() >= 2048 &&
                        base.kind == NodeRef::Kind::kInternal;
  if (!parallel) {
    TreeUpdater up(*this, version);
    PLX_TRY(batch.root, up.update(base, 0, updates));
    up.move_into(batch);
    return batch;
  }
  // The root's 16 subtrees are independent: update them on the pool, then build the root.
  const Hash path{};
  PLX_TRY(auto root_node, load(base.version, path, 0));
  std::array<NodeRef, 16> kids = expand(*root_node);
  std::array<std::span<const TreeUpdate>, 16> groups{};
  {
    std::size_t i = 0;
    while (i < updates.size()) {
      const unsigned nb = nibble(updates[i].key_hash, 0);
      std::size_t j = i + 1;
      while (j < updates.size() && nibble(updates[j].key_hash, 0) == nb) ++j;
      groups[nb] = updates.subspan(i, j - i);
      i = j;
    }
  }
  std::vector<TreeUpdater> workers;
  workers.reserve(16);
  for (int i = 0; i < 16; ++i) workers.emplace_back(*this, version);
  std::array<std::optional<Error>, 16> errors{};
  pool->parallel_for(16, 1, [&](std::size_t b, std::size_t e) {
    for (std::size_t g = b; g < e; ++g) {
      auto r = workers[g].update(kids[g], 1, groups[g]);
      if (r) {
        kids[g] = *r;
      } else {
        errors[g] = std::move(r).error();
      }
    }
  });
  for (auto& e : errors) {
    if (e) return std::move(*e);
  }
  TreeUpdater top(*this, version);
  const std::array<NodeRef, 16> before = expand(*root_node);
  std::uint32_t changed = 0;
  for (unsigned i = 0; i < 16; ++i) {
    if (!(kids[i] == before[i])) changed |= 1u << i;
  }
  if (changed == 0) {
    batch.root = base;
    return batch;
  }
  batch.root = top.finalize(kids, path, 0, &base, changed, root_node.get());
  for (auto& w : workers) w.move_into(batch);
  top.move_into(batch);
  return batch;
}

void StateTree::commit(TreeBatch& batch) {
  const std::unique_lock lock(mu_);
  // Most replaced positions get a new node in the same batch: assigning it in place keeps the
  // map's entry (no erase and re-insert); only positions left without a node are erased.
  for (auto& c : batch.decoded) {
    cache_.insert_or_assign(c.pos, CacheEntry{batch.version, std::move(c.node)});
  }
  for (const TreePos& p : batch.replaced) {
    auto it = cache_.find(p);
    if (it != cache_.end() && it->second.version != batch.version) cache_.erase(it);
  }
  batch.decoded.clear();
  batch.replaced.clear();
}

void StateTree::clear_cache() {
  const std::unique_lock lock(mu_);
  cache_.clear();
}

TreeStats StateTree::stats() const {
  const std::shared_lock lock(mu_);
  return TreeStats{cache_.size(), loads_.load(std::memory_order_relaxed)};
}

// ---- proofs ----

Result<StateProof> StateTree::prove(const NodeRef& root, const Hash& key_hash) const {
  const std::shared_lock lock(mu_);
  StateProof proof;
  NodeRef cur = root;
  std::size_t depth = 0;
  for (;;) {
    if (cur.kind == NodeRef::Kind::kEmpty) return proof;
    if (cur.kind == NodeRef::Kind::kLeaf) {
      proof.leaf = StateProofLeaf{cur.key_hash, cur.value_hash};
      return proof;
    }
    if (depth >= 64) return corrupt("path deeper than 256 bits");
    PLX_TRY(auto node, load(cur.version, key_hash, depth));
    const std::array<NodeRef, 16> kids = expand(*node);
    const NodeLevels lv = node_levels(kids);
    const unsigned nb = nibble(key_hash, depth);
    bool descended = false;
    for (unsigned level = 1; level <= 4; ++level) {
      const unsigned pos = nb >> (4 - level);
      proof.siblings.push_back(lv.at(level, pos ^ 1u).h);
      const Sub& mine = lv.at(level, pos);
      if (mine.kind == 0) return proof;  // the path ends in an empty subtree
      if (mine.kind == 1) {
        // The lone leaf of this binary subtree: the one present child in its nibble range.
        const unsigned width = 1u << (4 - level);
        for (unsigned c = pos * width; c < (pos + 1) * width; ++c) {
          if (kids[c].kind == NodeRef::Kind::kLeaf) {
            proof.leaf = StateProofLeaf{kids[c].key_hash, kids[c].value_hash};
            return proof;
          }
        }
        return corrupt("single-leaf subtree without a leaf");
      }
      if (level == 4) {
        cur = kids[nb];
        ++depth;
        descended = true;
      }
    }
    if (!descended) return corrupt("unreachable");
  }
}

Result<std::optional<StateProofLeaf>> StateTree::find(const NodeRef& root,
                                                      const Hash& key_hash) const {
  PLX_TRY(StateProof p, prove(root, key_hash));
  if (p.leaf && p.leaf->key_hash == key_hash) return std::optional<StateProofLeaf>(*p.leaf);
  return std::optional<StateProofLeaf>();
}

// ---- the reference ----

namespace {
Hash naive_rec(std::span<const StateProofLeaf> leaves, std::size_t bit) {
  if (leaves.empty()) return kZeroHash;
  if (leaves.size() == 1) return state_leaf_hash(leaves[0].key_hash, leaves[0].value_hash);
  PLX_CHECK(bit < 256);
  std::size_t split = 0;
  while (split < leaves.size() && path_bit(leaves[split].key_hash, bit) == 0) ++split;
  return state_internal_hash(naive_rec(leaves.first(split), bit + 1),
                             naive_rec(leaves.subspan(split), bit + 1));
}
}  // namespace

Hash naive_state_root(std::vector<StateProofLeaf> leaves) {
  std::sort(leaves.begin(), leaves.end(),
            [](const StateProofLeaf& a, const StateProofLeaf& b) { return a.key_hash < b.key_hash; });
  return naive_rec(leaves, 0);
}

}  // namespace plx::ledger
