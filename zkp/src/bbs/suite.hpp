// BBS ciphersuite parameters and the hashing utilities of draft-irtf-cfrg-bbs-signatures §4
// (bbs internals, not public API): hash_to_scalar (§4.4), messages_to_scalars (§4.1.2,
// MapMessageToScalarAsHash), and the domain separation tags of the two BLS12-381 ciphersuites
// (§7.2, §7.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/zkp/bbs.hpp"
#include "plx/zkp/bls12_381/fr.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"

namespace plx::zkp::bbs::internal {

using bls12_381::ExpandMessage;
using bls12_381::Fr;

// expand_len = ceil((ceil(log2(r)) + k) / 8) with k = 128: 48 bytes for both suites.
inline constexpr std::size_t kExpandLen = 48;

struct Suite {
  Ciphersuite cs;
  std::string_view ciphersuite_id;
  ExpandMessage expand;
  Bytes api_id;          // ciphersuite_id || "H2G_HM2S_"
  Bytes h2s_dst;         // api_id || "H2S_": hash_to_scalar default, domain, e, challenge
  Bytes map_dst;         // api_id || "MAP_MSG_TO_SCALAR_AS_HASH_"
  Bytes keygen_dst;      // api_id || "KEYGEN_DST_"
  Bytes mock_dst;        // api_id || "MOCK_RANDOM_SCALARS_DST_" (fixtures only)
  Bytes seed_dst;        // api_id || "SIG_GENERATOR_SEED_"
  Bytes generator_dst;   // api_id || "SIG_GENERATOR_DST_"
  Bytes generator_seed;  // api_id || "MESSAGE_GENERATOR_SEED"
  Bytes p1_seed;         // api_id || "BP_MESSAGE_GENERATOR_SEED"
};

[[nodiscard]] const Suite& suite(Ciphersuite cs) noexcept;

// expand_message of the suite. REQUIRES: 0 < len <= 65535 (so it cannot fail).
[[nodiscard]] Bytes expand(const Suite& s, ByteSpan msg, ByteSpan dst, std::size_t len);

// hash_to_scalar(msg, dst) = OS2IP(expand_message(msg, dst, 48)) mod r (§4.4). Constant time in
// msg (the input of KeyGen and of e holds secrets); the 48 expanded bytes are wiped.
[[nodiscard]] Fr hash_to_scalar(const Suite& s, ByteSpan msg, ByteSpan dst);

// MapMessageToScalarAsHash for every message, in order.
[[nodiscard]] std::vector<Fr> messages_to_scalars(const Suite& s, std::span<const Bytes> messages);

// I2OSP(v, 8), appended.
void append_u64(Bytes& out, std::uint64_t v);

}  // namespace plx::zkp::bbs::internal
