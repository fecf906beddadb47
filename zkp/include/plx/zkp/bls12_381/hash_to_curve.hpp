// RFC 9380 hashing to BLS12-381: expand_message_xmd (SHA-256) and expand_message_xof
// (SHAKE-256), hash_to_field, the simplified SWU map through the 11-isogeny (G1) and the
// 3-isogeny (G2), and cofactor clearing.
//
// Suites: BLS12381G1_XMD:SHA-256_SSWU_RO_ / _NU_, BLS12381G2_XMD:SHA-256_SSWU_RO_ / _NU_, and
// the same maps over expand_message_xof with SHAKE-256 (the BBS SHAKE ciphersuite).
#pragma once

#include <cstddef>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"

namespace plx::zkp::bls12_381 {

enum class ExpandMessage { kXmdSha256, kXofShake256 };

// RFC 9380 §5.3.1 / §5.3.2. A DST longer than 255 bytes is first hashed as §5.3.3 says.
// Error (kInvalidArgument) when len_in_bytes is 0, above 65535, or (XMD) needs more than 255
// SHA-256 blocks.
[[nodiscard]] Result<Bytes> expand_message(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                                           std::size_t len_in_bytes);

// RFC 9380 §5.2 with L = 64, m = 1 (Fp) or m = 2 (Fp2).
[[nodiscard]] std::vector<Fp> hash_to_field_fp(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                                               std::size_t count);
[[nodiscard]] std::vector<Fp2> hash_to_field_fp2(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                                                 std::size_t count);

// map_to_curve (§6.6.2 simplified SWU + the isogeny of §8.8), without cofactor clearing.
[[nodiscard]] G1 map_to_curve_g1(const Fp& u) noexcept;
[[nodiscard]] G2 map_to_curve_g2(const Fp2& u) noexcept;
// clear_cofactor with h_eff (§8.8.1, §8.8.2: the ψ-based method of Budroni–Pintore for G2).
[[nodiscard]] G1 clear_cofactor(const G1& p) noexcept;
[[nodiscard]] G2 clear_cofactor(const G2& p) noexcept;

// hash_to_curve (random oracle, two field elements) and encode_to_curve (one).
[[nodiscard]] G1 hash_to_g1(ByteSpan msg, ByteSpan dst,
                            ExpandMessage kind = ExpandMessage::kXmdSha256);
[[nodiscard]] G1 encode_to_g1(ByteSpan msg, ByteSpan dst,
                              ExpandMessage kind = ExpandMessage::kXmdSha256);
[[nodiscard]] G2 hash_to_g2(ByteSpan msg, ByteSpan dst,
                            ExpandMessage kind = ExpandMessage::kXmdSha256);
[[nodiscard]] G2 encode_to_g2(ByteSpan msg, ByteSpan dst,
                              ExpandMessage kind = ExpandMessage::kXmdSha256);

}  // namespace plx::zkp::bls12_381
