// Block headers and the binary Merkle roots they carry (docs/ledger-formats.md §3, §4).
//
// A header commits to everything a replica must agree on after executing a block: its parent
// (prev_hash), the ordered transactions (tx_root), their outcomes (outcomes_root) and the state
// after the block (state_root, the root of the state tree, state_proof.hpp). Several nodes
// executing the same ordered blocks compute byte-identical headers, so a header hash (or a
// signature over it) is what replicas attest to.
//
// Encoding, version 1 (codec.hpp): u8 version = 1 | string chain_id (1..64) | u64 height
//   | fixed32 prev_hash | i64 time (unix seconds) | u32 tx_count | fixed32 tx_root
//   | fixed32 outcomes_root | fixed32 state_root.
// hash() = SHA-256 of that encoding. The genesis parent hash is 32 zero bytes; block heights
// start at 1 (height 0 is the empty state before any block).
//
// Merkle roots (RFC 6962 §2.1 Merkle Tree Hash, with SHA-256): leaf = SHA-256(0x00 || data),
// node = SHA-256(0x01 || left || right), split at the largest power of two below n; the root of
// the empty list is SHA-256 of the empty string. tx_root's leaf data are the 32-byte tx ids;
// outcomes_root's leaf data are the TxOutcome encodings.
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger_client/codec.hpp"
#include "plx/ledger_client/hash.hpp"

namespace plx::ledger {

inline constexpr std::uint8_t kHeaderVersion = 1;

struct BlockHeader {
  std::string chain_id;
  std::uint64_t height = 0;
  Hash prev_hash{};
  std::int64_t time = 0;
  std::uint32_t tx_count = 0;
  Hash tx_root{};
  Hash outcomes_root{};
  Hash state_root{};

  void encode_to(Writer& w) const;
  [[nodiscard]] Bytes encode() const;
  // SHA-256 of encode().
  [[nodiscard]] Hash hash() const;
  // Errors: kUnsupported (unknown version), kMalformed (truncation, trailing bytes, a chain id
  // that is empty, longer than 64 bytes or not printable ASCII, height 0).
  [[nodiscard]] static Result<BlockHeader> decode_from(Reader& r);
  [[nodiscard]] static Result<BlockHeader> decode(ByteSpan data);

  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

// RFC 6962 Merkle Tree Hash over leaf data items (each hashed as a leaf, see above).
[[nodiscard]] Hash merkle_root(std::span<const ByteSpan> leaves);
// The same over 32-byte items (tx ids).
[[nodiscard]] Hash merkle_root(std::span<const Hash> leaves);

// Checks that `child` extends `parent`: same chain, height + 1, prev_hash == parent.hash().
// Errors: kVerificationFailed naming the field that does not link.
[[nodiscard]] Status check_link(const BlockHeader& parent, const BlockHeader& child);

}  // namespace plx::ledger
