// State proofs (docs/ledger-formats.md §5): hand-built trees, verification of inclusion and
// non-inclusion, tampering, and the proof encoding.
#include "plx/ledger_client/state_proof.hpp"

#include "plx/ledger_client/header.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using plx::testing::HasError;
using plx::testing::IsOk;

// Two keys: their paths split at the first differing bit d; the root is d levels of internal
// nodes with empty siblings above the split.
struct TwoKeys {
  Bytes ka = to_bytes("d/did:plx:alpha"), kb = to_bytes("d/did:plx:beta");
  Bytes va = to_bytes("value-a"), vb = to_bytes("value-b");
  Hash ha = state_key_hash(ka), hb = state_key_hash(kb);
  std::size_t split = 0;
  Hash root{};
  TwoKeys() {
    while (path_bit(ha, split) == path_bit(hb, split)) ++split;
    Hash la = state_leaf_hash(ha, state_value_hash(va));
    Hash lb = state_leaf_hash(hb, state_value_hash(vb));
    Hash cur = path_bit(ha, split) == 0 ? state_internal_hash(la, lb) : state_internal_hash(lb, la);
    for (std::size_t i = split; i-- > 0;) {
      cur = path_bit(ha, i) == 0 ? state_internal_hash(cur, kZeroHash)
                                 : state_internal_hash(kZeroHash, cur);
    }
    root = cur;
  }
  StateProof proof_a() const {
    StateProof p;
    p.leaf = StateProofLeaf{ha, state_value_hash(va)};
    p.siblings.assign(split, kZeroHash);
    p.siblings.push_back(state_leaf_hash(hb, state_value_hash(vb)));
    return p;
  }
};

TEST(StateProof, InclusionVerifies) {
  TwoKeys t;
  EXPECT_THAT(verify_state_proof(t.proof_a(), t.root, t.ka, ByteSpan(t.va)), IsOk());
}

TEST(StateProof, InclusionRejectsWrongValueKeyOrRoot) {
  TwoKeys t;
  EXPECT_THAT(verify_state_proof(t.proof_a(), t.root, t.ka, as_bytes("other")),
              HasError(ErrorCode::kVerificationFailed));
  EXPECT_THAT(verify_state_proof(t.proof_a(), t.root, t.kb, ByteSpan(t.va)),
              HasError(ErrorCode::kVerificationFailed));
  Hash bad = t.root;
  bad[5] ^= 1;
  EXPECT_THAT(verify_state_proof(t.proof_a(), bad, t.ka, ByteSpan(t.va)),
              HasError(ErrorCode::kVerificationFailed));
  // The same proof cannot claim absence.
  EXPECT_THAT(verify_state_proof(t.proof_a(), t.root, t.ka, std::nullopt),
              HasError(ErrorCode::kVerificationFailed));
}

TEST(StateProof, TamperEverySiblingBitAndLeafBit) {
  TwoKeys t;
  const StateProof good = t.proof_a();
  for (std::size_t s = 0; s < good.siblings.size(); ++s) {
    for (int bit = 0; bit < 256; bit += 7) {
      StateProof p = good;
      p.siblings[s][static_cast<std::size_t>(bit / 8)] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(verify_state_proof(p, t.root, t.ka, ByteSpan(t.va)).has_value());
    }
  }
  StateProof p = good;
  p.leaf->value_hash[0] ^= 1;
  EXPECT_FALSE(verify_state_proof(p, t.root, t.ka, ByteSpan(t.va)).has_value());
  p = good;
  p.siblings.pop_back();
  EXPECT_FALSE(verify_state_proof(p, t.root, t.ka, ByteSpan(t.va)).has_value());
  p = good;
  p.siblings.push_back(kZeroHash);
  EXPECT_FALSE(verify_state_proof(p, t.root, t.ka, ByteSpan(t.va)).has_value());
}

TEST(StateProof, NonInclusionByNeighbourLeaf) {
  // A third key whose path follows alpha's down to the split: the proof ends in alpha's leaf.
  TwoKeys t;
  Bytes kc;
  Hash hc{};
  for (int i = 0;; ++i) {
    kc = to_bytes("probe-" + std::to_string(i));
    hc = state_key_hash(kc);
    bool same = true;
    for (std::size_t b = 0; b <= t.split && same; ++b) same = path_bit(hc, b) == path_bit(t.ha, b);
    if (same) break;
  }
  EXPECT_THAT(verify_state_proof(t.proof_a(), t.root, kc, std::nullopt), IsOk());
  // A leaf off the key's path is refused even when the root matches.
  Bytes kd;
  for (int i = 0;; ++i) {
    kd = to_bytes("off-" + std::to_string(i));
    if (path_bit(state_key_hash(kd), 0) != path_bit(t.ha, 0)) break;
  }
  EXPECT_THAT(verify_state_proof(t.proof_a(), t.root, kd, std::nullopt),
              HasError(ErrorCode::kVerificationFailed));
}

TEST(StateProof, NonInclusionByEmptySubtree) {
  TwoKeys t;
  ASSERT_GT(t.split, 0u) << "the two keys must share a path prefix";
  // A key that leaves the shared prefix at depth 0 lands in the empty sibling subtree.
  Bytes ke;
  for (int i = 0;; ++i) {
    ke = to_bytes("empty-" + std::to_string(i));
    if (path_bit(state_key_hash(ke), 0) != path_bit(t.ha, 0)) break;
  }
  StateProof p;
  Hash below = t.root;  // recompute the hash of the non-empty child of the root
  {
    Hash la = state_leaf_hash(t.ha, state_value_hash(t.va));
    Hash lb = state_leaf_hash(t.hb, state_value_hash(t.vb));
    Hash cur = path_bit(t.ha, t.split) == 0 ? state_internal_hash(la, lb) : state_internal_hash(lb, la);
    for (std::size_t i = t.split; i-- > 1;) {
      cur = path_bit(t.ha, i) == 0 ? state_internal_hash(cur, kZeroHash)
                                   : state_internal_hash(kZeroHash, cur);
    }
    below = cur;
  }
  p.siblings.push_back(below);
  EXPECT_THAT(verify_state_proof(p, t.root, ke, std::nullopt), IsOk());
  EXPECT_THAT(verify_state_proof(p, t.root, ke, as_bytes("x")),
              HasError(ErrorCode::kVerificationFailed));
}

TEST(StateProof, EmptyTree) {
  StateProof p;
  EXPECT_THAT(verify_state_proof(p, kZeroHash, as_bytes("k"), std::nullopt), IsOk());
  EXPECT_THAT(verify_state_proof(p, kZeroHash, as_bytes("k"), as_bytes("v")),
              HasError(ErrorCode::kVerificationFailed));
}

TEST(StateProof, SingleLeafTree) {
  Bytes k = to_bytes("only"), v = to_bytes("v");
  const Hash root = state_leaf_hash(state_key_hash(k), state_value_hash(v));
  StateProof p;
  p.leaf = StateProofLeaf{state_key_hash(k), state_value_hash(v)};
  EXPECT_THAT(verify_state_proof(p, root, k, ByteSpan(v)), IsOk());
  EXPECT_THAT(verify_state_proof(p, root, as_bytes("other"), std::nullopt), IsOk());
}

TEST(StateProof, EncodingRoundTripAndRejections) {
  TwoKeys t;
  const StateProof p = t.proof_a();
  Bytes enc = p.encode();
  auto back = StateProof::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, p);
  // Empty siblings cost one bitmap bit, not 32 bytes.
  EXPECT_EQ(enc.size(), 1 + 64 + 1 + (p.siblings.size() + 7) / 8 + 32);
  for (std::size_t n = 0; n < enc.size(); ++n) {
    EXPECT_THAT(StateProof::decode(ByteSpan(enc).first(n)), HasError(ErrorCode::kMalformed)) << n;
  }
  Bytes trailing = enc;
  trailing.push_back(0);
  EXPECT_THAT(StateProof::decode(trailing), HasError(ErrorCode::kMalformed));
  Bytes flags = enc;
  flags[0] = 2;
  EXPECT_THAT(StateProof::decode(flags), HasError(ErrorCode::kMalformed));
  // More than 256 siblings.
  Writer w;
  w.u8(0).varint(257);
  EXPECT_THAT(StateProof::decode(w.data()), HasError(ErrorCode::kMalformed));
  // A bitmap padding bit set.
  Writer w2;
  w2.u8(0).varint(1).u8(0x40);
  EXPECT_THAT(StateProof::decode(w2.data()), HasError(ErrorCode::kMalformed));
  // A non-empty sibling that is the empty hash.
  Writer w3;
  w3.u8(0).varint(1).u8(0x80).fixed(kZeroHash);
  EXPECT_THAT(StateProof::decode(w3.data()), HasError(ErrorCode::kMalformed));
  StateProof big;
  big.siblings.resize(257);
  EXPECT_THAT(verify_state_proof(big, kZeroHash, as_bytes("k"), std::nullopt),
              HasError(ErrorCode::kMalformed));
}

TEST(Header, RoundTripHashAndLinks) {
  BlockHeader a;
  a.chain_id = "plx-test";
  a.height = 1;
  a.time = 1700000000;
  a.tx_count = 2;
  a.tx_root[0] = 1;
  a.state_root[31] = 9;
  Bytes enc = a.encode();
  auto back = BlockHeader::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, a);
  EXPECT_EQ(a.hash(), sha256(enc));
  BlockHeader b = a;
  b.height = 2;
  b.prev_hash = a.hash();
  EXPECT_THAT(check_link(a, b), IsOk());
  b.prev_hash[0] ^= 1;
  EXPECT_THAT(check_link(a, b), HasError(ErrorCode::kVerificationFailed));
  b.prev_hash = a.hash();
  b.height = 3;
  EXPECT_THAT(check_link(a, b), HasError(ErrorCode::kVerificationFailed));
  for (std::size_t n = 0; n < enc.size(); ++n) {
    EXPECT_THAT(BlockHeader::decode(ByteSpan(enc).first(n)), HasError(ErrorCode::kMalformed));
  }
  Bytes t = enc;
  t.push_back(0);
  EXPECT_THAT(BlockHeader::decode(t), HasError(ErrorCode::kMalformed));
  t = enc;
  t[0] = 2;
  EXPECT_THAT(BlockHeader::decode(t), HasError(ErrorCode::kUnsupported));
  BlockHeader zero = a;
  zero.height = 0;
  EXPECT_THAT(BlockHeader::decode(zero.encode()), HasError(ErrorCode::kMalformed));
}

TEST(Merkle, Rfc6962Shape) {
  // Empty list: SHA-256(""); one leaf: H(0x00 || d); three leaves: H(1 || H(1||l0||l1) || l2).
  EXPECT_EQ(to_hex(merkle_root(std::span<const Hash>())),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Hash d0{}, d1{}, d2{};
  d0[0] = 0;
  d1[0] = 1;
  d2[0] = 2;
  auto leaf = [](const Hash& d) {
    Bytes b{0};
    b.insert(b.end(), d.begin(), d.end());
    return sha256(b);
  };
  auto node = [](const Hash& l, const Hash& r) {
    Bytes b{1};
    b.insert(b.end(), l.begin(), l.end());
    b.insert(b.end(), r.begin(), r.end());
    return sha256(b);
  };
  const Hash one[] = {d0};
  EXPECT_EQ(merkle_root(std::span<const Hash>(one)), leaf(d0));
  const Hash three[] = {d0, d1, d2};
  EXPECT_EQ(merkle_root(std::span<const Hash>(three)),
            node(node(leaf(d0), leaf(d1)), leaf(d2)));
  const Hash swapped[] = {d1, d0, d2};
  EXPECT_NE(merkle_root(std::span<const Hash>(three)), merkle_root(std::span<const Hash>(swapped)));
}

}  // namespace
}  // namespace plx::ledger
