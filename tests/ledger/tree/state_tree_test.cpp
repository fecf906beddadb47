// The versioned state tree against a from-scratch recomputation, and its proofs at current and
// older versions (inclusion, non-inclusion, tampering).
#include "plx/ledger/state_tree.hpp"

#include <map>
#include <random>

#include "test_support.hpp"

namespace plx::ledger {
namespace {

using plx::testing::HasError;
using plx::testing::IsOk;
using plx::testing::test_seed;

Hash rand_hash(std::mt19937_64& rng) {
  Hash h;
  for (auto& b : h) b = static_cast<std::uint8_t>(rng());
  return h;
}

// Applies a block to the tree and the store, as the node does.
struct Harness {
  MemoryTreeStore store;
  StateTree tree{store};
  NodeRef root;
  std::uint64_t version = 0;
  std::map<Hash, Hash> model;             // key_hash -> value_hash
  std::vector<std::pair<NodeRef, std::map<Hash, Hash>>> history;  // per version

  void block(std::vector<TreeUpdate> ups, ThreadPool* pool = nullptr) {
    std::sort(ups.begin(), ups.end(),
              [](const TreeUpdate& a, const TreeUpdate& b) { return a.key_hash < b.key_hash; });
    ups.erase(std::unique(ups.begin(), ups.end(),
                          [](const TreeUpdate& a, const TreeUpdate& b) {
                            return a.key_hash == b.key_hash;
                          }),
              ups.end());
    ++version;
    auto batch = tree.apply(root, version, ups, pool);
    ASSERT_THAT(batch, IsOk());
    for (auto& [k, v] : batch->nodes) store.put(k, v);
    tree.commit(*batch);
    root = batch->root;
    for (const auto& u : ups) {
      if (u.value_hash) {
        model[u.key_hash] = *u.value_hash;
      } else {
        model.erase(u.key_hash);
      }
    }
    history.emplace_back(root, model);
  }

  Hash naive() const {
    std::vector<StateProofLeaf> leaves;
    for (const auto& [k, v] : model) leaves.push_back({k, v});
    return naive_state_root(leaves);
  }
};

TEST(StateTree, EmptyTree) {
  MemoryTreeStore store;
  StateTree tree(store);
  NodeRef root;
  EXPECT_EQ(root.hash, kZeroHash);
  EXPECT_EQ(naive_state_root({}), kZeroHash);
  Hash k{};
  k[0] = 7;
  auto p = tree.prove(root, k);
  ASSERT_THAT(p, IsOk());
  EXPECT_FALSE(p->leaf.has_value());
  EXPECT_TRUE(p->siblings.empty());
  EXPECT_THAT(state_proof_root(*p, k), IsOk());
  EXPECT_EQ(*state_proof_root(*p, k), kZeroHash);
  // Deleting from an empty tree leaves it empty and writes nothing.
  auto b = tree.apply(root, 1, std::vector<TreeUpdate>{{k, std::nullopt}});
  ASSERT_THAT(b, IsOk());
  EXPECT_TRUE(b->root.empty());
  EXPECT_TRUE(b->nodes.empty());
}

TEST(StateTree, SingleLeafIsTheRoot) {
  Harness h;
  std::mt19937_64 rng(1);
  Hash k = rand_hash(rng), v = rand_hash(rng);
  h.block({{k, v}});
  EXPECT_EQ(h.root.kind, NodeRef::Kind::kLeaf);
  EXPECT_EQ(h.root.hash, state_leaf_hash(k, v));
  EXPECT_EQ(h.store.size(), 0u);
  h.block({{k, std::nullopt}});
  EXPECT_TRUE(h.root.empty());
}

TEST(StateTree, RandomBlocksMatchNaiveRoot) {
  const auto seed = test_seed();
  std::mt19937_64 rng(seed);
  Harness h;
  std::vector<Hash> keys;
  for (int blk = 0; blk < 60; ++blk) {
    std::vector<TreeUpdate> ups;
    const int n = static_cast<int>(rng() % 200) + (blk % 10 == 0 ? 0 : 1);
    for (int i = 0; i < n; ++i) {
      const auto r = rng() % 10;
      if (r < 5 || keys.empty()) {
        keys.push_back(rand_hash(rng));
        ups.push_back({keys.back(), rand_hash(rng)});
      } else if (r < 8) {
        ups.push_back({keys[rng() % keys.size()], rand_hash(rng)});
      } else {
        ups.push_back({keys[rng() % keys.size()], std::nullopt});  // may already be absent
      }
    }
    h.block(ups);
    ASSERT_EQ(h.root.hash, h.naive()) << "block " << blk << " seed " << seed;
  }
}

TEST(StateTree, SharedPrefixesAndFullDeletion) {
  // Keys that agree on long prefixes force deep chains of one-child nodes; deleting them must
  // collapse back to the canonical shape.
  Harness h;
  std::vector<TreeUpdate> ups;
  for (int i = 0; i < 6; ++i) {
    Hash k{};
    k.fill(0xab);
    k[31] = static_cast<std::uint8_t>(i);
    ups.push_back({k, k});
  }
  Hash far{};
  far[0] = 0x01;
  ups.push_back({far, far});
  h.block(ups);
  EXPECT_EQ(h.root.hash, h.naive());
  std::vector<TreeUpdate> dels;
  for (int i = 0; i < 5; ++i) dels.push_back({ups[static_cast<std::size_t>(i)].key_hash, std::nullopt});
  h.block(dels);
  EXPECT_EQ(h.root.hash, h.naive());
  h.block({{ups[5].key_hash, std::nullopt}});
  EXPECT_EQ(h.root.kind, NodeRef::Kind::kLeaf);
  EXPECT_EQ(h.root.hash, h.naive());
  h.block({{far, std::nullopt}});
  EXPECT_TRUE(h.root.empty());
}

TEST(StateTree, ParallelApplyEqualsSerial) {
  const auto seed = test_seed();
  std::mt19937_64 rng(seed);
  ThreadPool pool(4);
  Harness a, b;
  std::vector<Hash> keys;
  for (int blk = 0; blk < 6; ++blk) {
    std::vector<TreeUpdate> ups;
    for (int i = 0; i < 5000; ++i) {
      if (keys.empty() || rng() % 3 == 0) {
        keys.push_back(rand_hash(rng));
        ups.push_back({keys.back(), rand_hash(rng)});
      } else if (rng() % 4 == 0) {
        ups.push_back({keys[rng() % keys.size()], std::nullopt});
      } else {
        ups.push_back({keys[rng() % keys.size()], rand_hash(rng)});
      }
    }
    a.block(ups);
    b.block(ups, &pool);
    ASSERT_EQ(a.root, b.root) << "seed " << seed;
    ASSERT_EQ(a.root.hash, a.naive()) << "seed " << seed;
    ASSERT_EQ(a.store.size(), b.store.size());
  }
}

TEST(StateTree, ProofsAtCurrentAndOlderVersions) {
  const auto seed = test_seed();
  std::mt19937_64 rng(seed);
  Harness h;
  std::vector<Hash> keys;
  for (int blk = 0; blk < 12; ++blk) {
    std::vector<TreeUpdate> ups;
    for (int i = 0; i < 100; ++i) {
      if (keys.empty() || rng() % 2 == 0) {
        keys.push_back(rand_hash(rng));
        ups.push_back({keys.back(), rand_hash(rng)});
      } else if (rng() % 3 == 0) {
        ups.push_back({keys[rng() % keys.size()], std::nullopt});
      } else {
        ups.push_back({keys[rng() % keys.size()], rand_hash(rng)});
      }
    }
    h.block(ups);
  }
  for (const auto& [root, model] : h.history) {
    ASSERT_EQ(root.hash, [&] {
      std::vector<StateProofLeaf> l;
      for (const auto& [k, v] : model) l.push_back({k, v});
      return naive_state_root(l);
    }());
    for (std::size_t i = 0; i < keys.size(); i += 7) {
      const Hash& k = keys[i];
      auto p = h.tree.prove(root, k);
      ASSERT_THAT(p, IsOk());
      ASSERT_THAT(state_proof_root(*p, k), IsOk());
      EXPECT_EQ(*state_proof_root(*p, k), root.hash);
      auto it = model.find(k);
      if (it != model.end()) {
        ASSERT_TRUE(p->leaf.has_value());
        EXPECT_EQ(p->leaf->key_hash, k);
        EXPECT_EQ(p->leaf->value_hash, it->second);
      } else if (p->leaf) {
        EXPECT_NE(p->leaf->key_hash, k);
      }
      auto f = h.tree.find(root, k);
      ASSERT_THAT(f, IsOk());
      EXPECT_EQ(f->has_value(), it != model.end());
    }
  }
}

TEST(StateTree, ApplyRejectsUnsortedUpdates) {
  MemoryTreeStore store;
  StateTree tree(store);
  Hash a{}, b{};
  a[0] = 2;
  b[0] = 1;
  EXPECT_THAT(tree.apply(NodeRef{}, 1, std::vector<TreeUpdate>{{a, a}, {b, b}}),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(tree.apply(NodeRef{}, 1, std::vector<TreeUpdate>{{a, a}, {a, b}}),
              HasError(ErrorCode::kInvalidArgument));
}

TEST(StateTree, MissingNodeIsAnError) {
  Harness h;
  std::mt19937_64 rng(5);
  std::vector<TreeUpdate> ups;
  for (int i = 0; i < 50; ++i) ups.push_back({rand_hash(rng), rand_hash(rng)});
  h.block(ups);
  MemoryTreeStore empty;
  StateTree cold(empty);
  EXPECT_THAT(cold.prove(h.root, ups[0].key_hash), HasError(ErrorCode::kInternal));
  // A cold tree over the real store proves the same thing as the warm one.
  StateTree cold2(h.store);
  auto p1 = cold2.prove(h.root, ups[3].key_hash);
  auto p2 = h.tree.prove(h.root, ups[3].key_hash);
  ASSERT_THAT(p1, IsOk());
  EXPECT_EQ(*p1, *p2);
}

TEST(StateTree, NodeEncodingRoundTripAndRejections) {
  Harness h;
  std::mt19937_64 rng(9);
  std::vector<TreeUpdate> ups;
  for (int i = 0; i < 300; ++i) ups.push_back({rand_hash(rng), rand_hash(rng)});
  h.block(ups);
  ASSERT_EQ(h.root.kind, NodeRef::Kind::kInternal);
  auto rr = NodeRef::decode(h.root.encode());
  ASSERT_THAT(rr, IsOk());
  EXPECT_EQ(*rr, h.root);
  auto raw = h.store.read_tree_node(tree_node_key(h.root.version, Hash{}, 0));
  ASSERT_THAT(raw, IsOk());
  ASSERT_TRUE(raw->has_value());
  auto node = decode_tree_node(**raw);
  ASSERT_THAT(node, IsOk());
  EXPECT_EQ(node->hash, h.root.hash);
  EXPECT_EQ(encode_tree_node(*node), **raw);
  Bytes bad = **raw;
  bad.push_back(0);
  EXPECT_THAT(decode_tree_node(bad), HasError(ErrorCode::kMalformed));
  for (std::size_t n = 0; n < raw->value().size(); n += 13) {
    EXPECT_THAT(decode_tree_node(ByteSpan(**raw).first(n)), HasError(ErrorCode::kMalformed));
  }
  EXPECT_THAT(NodeRef::decode(Bytes{3}), HasError(ErrorCode::kMalformed));
}

}  // namespace
}  // namespace plx::ledger
