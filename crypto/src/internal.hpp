// Internal to plx::crypto: curve parameters and the per-library back ends that key.cpp and the
// signature files share. Nothing here is part of the public API.
//
// Naming follows STYLE.md: a `_vartime` function may branch on or index by its inputs and must
// only see public data (peer public keys, signatures); every other function is constant-time in
// its secret inputs as far as the library underneath allows (noted where it does not).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/ct.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"

#include <secp256k1.h>

namespace plx::crypto::internal {

// A short-Weierstrass curve of prime order (cofactor 1) used for ECDSA: secp256k1 (SEC 2
// §2.4.1), P-256 and P-384 (FIPS 186-4 §D.1.2.3, §D.1.2.4). For all three |p| = |n|, so one
// width covers coordinates and scalars.
struct EcCurve {
  KeyType type;
  std::size_t width;       // bytes in a coordinate or scalar: 32 or 48
  ByteSpan order;          // n, big-endian, `width` bytes
  const char* group_name;  // OpenSSL group name (OSSL_PKEY_PARAM_GROUP_NAME)
  const char* digest;      // the ECDSA hash of its JOSE algorithm
};

// The curve of an ECDSA key type; nullptr for Ed25519 and X25519.
[[nodiscard]] const EcCurve* ec_curve(KeyType type) noexcept;

// 1 <= scalar <= n-1, constant-time in `scalar`. REQUIRES: scalar.size() == order.size().
[[nodiscard]] ct::Choice scalar_in_range(ByteSpan scalar, ByteSpan order) noexcept;
// Same test for public values (signature r and s); may return early.
[[nodiscard]] bool scalar_in_range_vartime(ByteSpan scalar, ByteSpan order) noexcept;

// A peer-chosen value quoted for an error message: at most 32 characters, printable ASCII only,
// so that an attacker cannot stuff the message or a log with control characters.
[[nodiscard]] std::string printable_quote(std::string_view s);

// Calls sodium_init() once. libsodium works without it but then picks its reference code and
// does not initialise randombytes up front; every libsodium entry point here calls this first.
void ensure_sodium() noexcept;

// The process-wide libsecp256k1 context: created with SECP256K1_CONTEXT_NONE (the only flag that
// matters in 0.2) and randomised once (secp256k1_context_randomize: blinding against side
// channels in signing and key generation). Const use is thread-safe (secp256k1.h).
[[nodiscard]] const secp256k1_context* secp256k1_ctx() noexcept;

// ---- secp256k1 points (libsecp256k1) ----
// SEC1 33-byte (02/03) or 65-byte (04) encoding -> compressed. Rejects the hybrid forms 06/07,
// which libsecp256k1 would accept, so that each key has exactly two encodings.
[[nodiscard]] Result<Bytes> secp256k1_point_canonical_vartime(ByteSpan sec1);
// REQUIRES: a valid compressed point (a PublicKey's raw()).
[[nodiscard]] Bytes secp256k1_point_uncompressed_vartime(ByteSpan compressed);
// The compressed public point of a scalar already checked to be in [1, n-1].
[[nodiscard]] Bytes secp256k1_derive_public(ByteSpan scalar);

// ---- P-256 / P-384 points (OpenSSL EC_POINT) ----
// As above, for an OpenSSL curve: on-curve check (EC_POINT_oct2point), never the point at infinity.
[[nodiscard]] Result<Bytes> openssl_point_canonical_vartime(const EcCurve& curve, ByteSpan sec1);
[[nodiscard]] Bytes openssl_point_uncompressed_vartime(const EcCurve& curve, ByteSpan compressed);
// Scalar multiplication of the generator with a BN_FLG_CONSTTIME secure BIGNUM.
[[nodiscard]] Bytes openssl_derive_public(const EcCurve& curve, ByteSpan scalar);

// ---- signature back ends (REQUIRES: key type matches; length checks done by the caller) ----
[[nodiscard]] Result<Bytes> ed25519_sign(const PrivateKey& key, ByteSpan message);
[[nodiscard]] bool ed25519_verify_vartime(const PublicKey& key, ByteSpan message, ByteSpan sig);
[[nodiscard]] Result<Bytes> es256k_sign(const PrivateKey& key, ByteSpan message);
[[nodiscard]] bool es256k_verify_vartime(const PublicKey& key, ByteSpan message, ByteSpan sig,
                                         bool allow_high_s);
[[nodiscard]] Result<Bytes> openssl_ecdsa_sign(const EcCurve& curve, const PrivateKey& key,
                                               ByteSpan message);
[[nodiscard]] bool openssl_ecdsa_verify_vartime(const EcCurve& curve, const PublicKey& key,
                                                ByteSpan message, ByteSpan sig);

}  // namespace plx::crypto::internal
