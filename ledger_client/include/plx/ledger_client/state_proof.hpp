// The state tree's hashing rules and the verification of its inclusion and non-inclusion proofs
// (docs/ledger-formats.md §5). Pure: no storage, no executor, so resolvers and wallets can check
// a value against a header's state_root without trusting the node that served it.
//
// The state tree is a binary sparse Merkle tree over 256-bit paths path(key) = SHA-256(key), with
// leaf compression (as Diem/Aptos's Jellyfish Merkle tree): a subtree holding one leaf is
// represented by that leaf, an empty subtree by 32 zero bytes, so a leaf sits at the depth of the
// shortest prefix that sets its path apart from every other key.
//   leaf hash     = SHA-256(0x00 || key_hash || value_hash), value_hash = SHA-256(value)
//   internal hash = SHA-256(0x01 || left || right)   (left: next path bit 0)
//   empty         = 32 zero bytes; the root of the empty tree is 32 zero bytes.
// A proof for a key lists the siblings on the key's path from the root down (siblings[i] is the
// sibling at depth i+1) and what the path ends in: a leaf (the key's own leaf, or for
// non-inclusion another key's leaf whose path shares the first siblings.size() bits) or nothing
// (an empty subtree, non-inclusion).
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger_client/codec.hpp"
#include "plx/ledger_client/hash.hpp"

namespace plx::ledger {

inline constexpr std::uint8_t kStateLeafTag = 0x00;
inline constexpr std::uint8_t kStateInternalTag = 0x01;
inline constexpr std::size_t kStateTreeDepth = 256;

// SHA-256(key): the key's 256-bit path.
[[nodiscard]] Hash state_key_hash(ByteSpan key);
// SHA-256(value).
[[nodiscard]] Hash state_value_hash(ByteSpan value);
[[nodiscard]] Hash state_leaf_hash(const Hash& key_hash, const Hash& value_hash);
[[nodiscard]] Hash state_internal_hash(const Hash& left, const Hash& right);
// Bit `i` (0 = most significant bit of byte 0) of a path.
[[nodiscard]] inline unsigned path_bit(const Hash& path, std::size_t i) noexcept {
  return (path[i / 8] >> (7 - i % 8)) & 1u;
}

struct StateProofLeaf {
  Hash key_hash{};
  Hash value_hash{};
  friend bool operator==(const StateProofLeaf&, const StateProofLeaf&) = default;
};

struct StateProof {
  std::optional<StateProofLeaf> leaf;
  std::vector<Hash> siblings;  // top-down; kZeroHash for an empty sibling

  // u8 flags (bit 0: leaf present; other bits 0) | [fixed32 key_hash | fixed32 value_hash]
  // | varint n (<= 256) | bitmap of ceil(n/8) bytes (bit i, MSB first: sibling i non-empty;
  // padding bits 0) | the non-empty siblings, fixed32 each.
  void encode_to(Writer& w) const;
  [[nodiscard]] Bytes encode() const;
  // Errors: kMalformed (truncation, trailing bytes, unknown flag bits, n > 256, non-zero padding
  // bits, a sibling marked non-empty that is 32 zero bytes).
  [[nodiscard]] static Result<StateProof> decode_from(Reader& r);
  [[nodiscard]] static Result<StateProof> decode(ByteSpan data);

  friend bool operator==(const StateProof&, const StateProof&) = default;
};

// Checks that, under `state_root`, `key` maps to `value` (inclusion) or, with value ==
// std::nullopt, that `key` is absent (non-inclusion).
// Errors: kMalformed (more than 256 siblings); kVerificationFailed when the proof does not show
// that (a leaf for another key offered as inclusion, a value hash that differs, a non-inclusion
// leaf off the key's path, or a root that does not match), with the reason in the message.
[[nodiscard]] Status verify_state_proof(const StateProof& proof, const Hash& state_root,
                                        ByteSpan key, std::optional<ByteSpan> value);

// The root a proof commits to for a path ending in `leaf` (or empty), without checking the key;
// used by the verifier and by tests. REQUIRES siblings.size() <= 256 (kMalformed otherwise).
[[nodiscard]] Result<Hash> state_proof_root(const StateProof& proof, const Hash& key_hash);

}  // namespace plx::ledger
