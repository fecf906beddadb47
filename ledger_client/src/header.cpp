// Block headers and RFC 6962 Merkle roots (docs/ledger-formats.md §3, §4).
#include "plx/ledger_client/header.hpp"

#include <bit>
#include <vector>

#include "plx/crypto/hash.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {
namespace {

class MerkleHasher {
 public:
  Hash leaf(ByteSpan data) {
    static constexpr std::uint8_t kTag = 0x00;
    h_.update(ByteSpan(&kTag, 1)).update(data);
    return done();
  }
  Hash node(const Hash& l, const Hash& r) {
    static constexpr std::uint8_t kTag = 0x01;
    h_.update(ByteSpan(&kTag, 1)).update(l).update(r);
    return done();
  }

 private:
  Hash done() {
    Hash out{};
    PLX_CHECK(h_.finish(std::span<std::uint8_t>(out)).has_value());
    return out;
  }
  crypto::Hasher h_{crypto::HashAlgorithm::kSha256};
};

// RFC 6962 §2.1: MTH(D[n]) = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two
// smaller than n. Computed bottom-up over the leaf hashes: pairing adjacent nodes level by level
// and carrying an odd last node up unchanged gives the same tree (the left subtrees are always
// complete, so the right-most node is the only one ever left unpaired).
Hash mth(std::vector<Hash> level, MerkleHasher& mh) {
  if (level.empty()) return crypto::sha256({});
  while (level.size() > 1) {
    std::size_t out = 0;
    for (std::size_t i = 0; i + 1 < level.size(); i += 2) level[out++] = mh.node(level[i], level[i + 1]);
    if (level.size() % 2 == 1) level[out++] = level.back();
    level.resize(out);
  }
  return level[0];
}

}  // namespace

void BlockHeader::encode_to(Writer& w) const {
  w.u8(kHeaderVersion)
      .string(chain_id)
      .u64(height)
      .fixed(prev_hash)
      .i64(time)
      .u32(tx_count)
      .fixed(tx_root)
      .fixed(outcomes_root)
      .fixed(state_root);
}

Bytes BlockHeader::encode() const {
  Writer w(200);
  encode_to(w);
  return std::move(w).take();
}

Hash BlockHeader::hash() const { return sha256(encode()); }

Result<BlockHeader> BlockHeader::decode_from(Reader& r) {
  const std::size_t start = r.offset();
  PLX_TRY(std::uint8_t version, r.u8("header.version"));
  if (version != kHeaderVersion) {
    return Error(ErrorCode::kUnsupported, "unknown header version " + std::to_string(version),
                 "header.version at offset " + std::to_string(start));
  }
  BlockHeader h;
  const std::size_t chain_at = r.offset();
  PLX_TRY(h.chain_id, r.string("header.chain_id", kMaxChainIdLength));
  if (!is_valid_chain_id(h.chain_id)) {
    return r.error_at("header.chain_id", "must be 1..64 printable ASCII bytes", chain_at);
  }
  const std::size_t height_at = r.offset();
  PLX_TRY(h.height, r.u64("header.height"));
  if (h.height == 0) return r.error_at("header.height", "block heights start at 1", height_at);
  PLX_TRY(h.prev_hash, r.array<32>("header.prev_hash"));
  PLX_TRY(h.time, r.i64("header.time"));
  PLX_TRY(h.tx_count, r.u32("header.tx_count"));
  PLX_TRY(h.tx_root, r.array<32>("header.tx_root"));
  PLX_TRY(h.outcomes_root, r.array<32>("header.outcomes_root"));
  PLX_TRY(h.state_root, r.array<32>("header.state_root"));
  return h;
}

Result<BlockHeader> BlockHeader::decode(ByteSpan data) {
  Reader r(data);
  PLX_TRY(BlockHeader h, decode_from(r));
  PLX_RETURN_IF_ERROR(r.expect_end("header"));
  return h;
}

Hash merkle_root(std::span<const ByteSpan> leaves) {
  MerkleHasher mh;
  std::vector<Hash> level;
  level.reserve(leaves.size());
  for (ByteSpan l : leaves) level.push_back(mh.leaf(l));
  return mth(std::move(level), mh);
}

Hash merkle_root(std::span<const Hash> leaves) {
  MerkleHasher mh;
  std::vector<Hash> level;
  level.reserve(leaves.size());
  for (const Hash& l : leaves) level.push_back(mh.leaf(l));
  return mth(std::move(level), mh);
}

Status check_link(const BlockHeader& parent, const BlockHeader& child) {
  if (child.chain_id != parent.chain_id) {
    return Error(ErrorCode::kVerificationFailed, "chain id differs from the parent's", "chain_id");
  }
  if (child.height != parent.height + 1) {
    return Error(ErrorCode::kVerificationFailed,
                 "height " + std::to_string(child.height) + " does not follow " +
                     std::to_string(parent.height),
                 "height");
  }
  if (child.prev_hash != parent.hash()) {
    return Error(ErrorCode::kVerificationFailed, "prev_hash is not the parent's hash",
                 "prev_hash");
  }
  return ok_status();
}

}  // namespace plx::ledger
