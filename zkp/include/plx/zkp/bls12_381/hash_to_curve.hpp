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
#include "plx/crypto/hash.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"

namespace plx::zkp::bls12_381 {

enum class ExpandMessage { kXmdSha256, kXofShake256 };

// RFC 9380 §5.3.1 / §5.3.2. A DST longer than 255 bytes is first hashed as §5.3.3 says.
// Error (kInvalidArgument) when the DST is empty (§3.1), len_in_bytes is 0, above 65535, or
// (XMD) needs more than 255 SHA-256 blocks. For kXofShake256 the §5.3.3 hash of a long DST is ceil(2k / 8) = 32 bytes,
// with k = 128, the security level of every BLS12-381 suite.
[[nodiscard]] Result<Bytes> expand_message(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                                           std::size_t len_in_bytes);

// RFC 9380 §5.2 with L = 64, m = 1 (Fp) or m = 2 (Fp2). count = 0 gives an empty vector.
// Error (kInvalidArgument, from expand_message) for an empty DST, or a count whose length
// count * m * 64 the expander refuses (XMD SHA-256: count > 127 for Fp, > 63 for Fp2; XOF:
// > 1023 / 511).
[[nodiscard]] Result<std::vector<Fp>> hash_to_field_fp(ExpandMessage kind, ByteSpan msg,
                                                       ByteSpan dst, std::size_t count);
[[nodiscard]] Result<std::vector<Fp2>> hash_to_field_fp2(ExpandMessage kind, ByteSpan msg,
                                                         ByteSpan dst, std::size_t count);

// map_to_curve (§6.6.2 simplified SWU + the isogeny of §8.8), without cofactor clearing.
[[nodiscard]] G1 map_to_curve_g1(const Fp& u) noexcept;
[[nodiscard]] G2 map_to_curve_g2(const Fp2& u) noexcept;
// clear_cofactor with h_eff (§8.8.1, §8.8.2: the ψ-based method of Budroni–Pintore for G2).
[[nodiscard]] G1 clear_cofactor(const G1& p) noexcept;
[[nodiscard]] G2 clear_cofactor(const G2& p) noexcept;

// hash_to_curve (random oracle, two field elements) and encode_to_curve (one): a point of G1 /
// G2 for any msg and any non-empty DST (a DST over 255 bytes is hashed, §5.3.3). Error
// (kInvalidArgument, where "dst") for an empty DST, which RFC 9380 §3.1 forbids. Constant time
// in the message bytes beyond the hashing itself.
[[nodiscard]] Result<G1> hash_to_g1(ByteSpan msg, ByteSpan dst,
                                    ExpandMessage kind = ExpandMessage::kXmdSha256);
[[nodiscard]] Result<G1> encode_to_g1(ByteSpan msg, ByteSpan dst,
                                      ExpandMessage kind = ExpandMessage::kXmdSha256);
[[nodiscard]] Result<G2> hash_to_g2(ByteSpan msg, ByteSpan dst,
                                    ExpandMessage kind = ExpandMessage::kXmdSha256);
[[nodiscard]] Result<G2> encode_to_g2(ByteSpan msg, ByteSpan dst,
                                      ExpandMessage kind = ExpandMessage::kXmdSha256);

// The building blocks above, exposed for the RFC 9380 test vectors and property tests. Not a
// stable API.
namespace detail {

// RFC 9380 §5.3.1 over any fixed-output hash H (SHA-256, SHA-384, SHA-512), with the §5.3.3
// oversize-DST rule: a DST longer than 255 bytes is replaced by H("H2C-OVERSIZE-DST-" || DST).
// Error (kInvalidArgument) when H is an XOF, len_in_bytes is 0 or above 65535, or
// ceil(len_in_bytes / digest size) > 255.
[[nodiscard]] Result<Bytes> expand_message_xmd(crypto::HashAlgorithm hash, ByteSpan msg,
                                               ByteSpan dst, std::size_t len_in_bytes);
// RFC 9380 §5.3.2 over SHAKE-128 or SHAKE-256; a DST longer than 255 bytes is replaced by
// H("H2C-OVERSIZE-DST-" || DST, ceil(2 * k / 8)) (§5.3.3), k the target security level in bits
// (128 for every BLS12-381 suite). Error (kInvalidArgument) when H is not an XOF, len_in_bytes is
// 0 or above 65535, or k is 0.
[[nodiscard]] Result<Bytes> expand_message_xof(crypto::HashAlgorithm xof, ByteSpan msg,
                                               ByteSpan dst, std::size_t len_in_bytes,
                                               std::size_t k_bits);

// sqrt_ratio (RFC 9380 §6.6.2, F.2.1): when u/v is a square, *y = sqrt(u/v) and the choice is
// true; otherwise *y = sqrt(Z * u / v) (Z the suite's SSWU constant: 11 for G1, -(2 + I) for G2)
// and the choice is false. REQUIRES: v != 0. Constant time.
[[nodiscard]] ct::Choice sqrt_ratio(const Fp& u, const Fp& v, Fp* y) noexcept;
[[nodiscard]] ct::Choice sqrt_ratio(const Fp2& u, const Fp2& v, Fp2* y) noexcept;

// The simplified SWU map alone (§6.6.2), onto the isogenous curves E1': y^2 = x^3 + A'x + B'
// (§8.8.1) and E2' (§8.8.2), as x = xn / xd and y. Constant time.
struct SswuFp {
  Fp xn, xd, y;
};
struct SswuFp2 {
  Fp2 xn, xd, y;
};
[[nodiscard]] SswuFp sswu_g1(const Fp& u) noexcept;
[[nodiscard]] SswuFp2 sswu_g2(const Fp2& u) noexcept;
// The isogeny maps E1' -> E (Appendix E.2, degree 11) and E2' -> E' (Appendix E.3, degree 3) on
// (xn / xd, y), returning Jacobian points; a point of the kernel maps to the identity.
[[nodiscard]] G1 iso_map_g1(const SswuFp& p) noexcept;
[[nodiscard]] G2 iso_map_g2(const SswuFp2& p) noexcept;
// map_to_curve(u0) + map_to_curve(u1), computed as §6.6.3 suggests: both SWU points are added on
// the isogenous curve and the isogeny is evaluated once (it is a group homomorphism). This is
// what hash_to_g1 / hash_to_g2 use. Constant time.
[[nodiscard]] G1 map_to_curve_sum_g1(const Fp& u0, const Fp& u1) noexcept;
[[nodiscard]] G2 map_to_curve_sum_g2(const Fp2& u0, const Fp2& u1) noexcept;

}  // namespace detail

}  // namespace plx::zkp::bls12_381
