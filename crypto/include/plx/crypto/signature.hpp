// Signing and verification behind one small interface.
//
// Algorithms are the JOSE ones (RFC 7518 §3.4, RFC 8037 §3.1, RFC 8812 §3.2) and each is bound to
// exactly one key type: EdDSA <-> Ed25519, ES256K <-> secp256k1, ES256 <-> P-256, ES384 <-> P-384.
// Signatures are in the JOSE form: 64 bytes for Ed25519, r||s (32+32, 48+48) for ECDSA, never DER.
// ECDSA hashes the message with SHA-256/SHA-384 itself; callers pass the message, not a digest.
//
// Security: ES256K signing always emits low-S (BIP 62) signatures, and verification rejects high-S
// by default, as libsecp256k1 does, so a third party cannot make a second valid signature for the
// same message. RFC 8812 does not require low-S; VerifyOptions::allow_high_s accepts such peers.
// ES256/ES384 accept both forms (FIPS 186-4), since OpenSSL and WebCrypto emit either.
// Signing uses deterministic nonces (RFC 6979 for secp256k1 via libsecp256k1; OpenSSL's
// nonces for P-256/P-384) and never takes randomness as a parameter.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"

namespace plx::crypto {

enum class Algorithm { kEdDSA, kES256K, kES256, kES384 };

// "EdDSA", "ES256K", "ES256", "ES384".
[[nodiscard]] std::string_view algorithm_name(Algorithm alg) noexcept;
// kUnsupported for any other name ("none", "HS256", "RS256", ...).
[[nodiscard]] Result<Algorithm> algorithm_from_name(std::string_view name);
// The one algorithm for a key type; kUnsupported for X25519.
[[nodiscard]] Result<Algorithm> algorithm_for(KeyType type);
[[nodiscard]] KeyType key_type_for(Algorithm alg) noexcept;
// Signature length in bytes (64, 64, 64, 96).
[[nodiscard]] std::size_t signature_size(Algorithm alg) noexcept;

struct VerifyOptions {
  // ES256K only: accept signatures with s > n/2. Off by default (see the header comment).
  bool allow_high_s = false;
};

// Signs `message`. Errors: kUnsupported for X25519 keys.
[[nodiscard]] Result<Bytes> sign(const PrivateKey& key, ByteSpan message);

// Verifies a JOSE-form signature. Errors: kVerificationFailed for a signature that does not verify
// (wrong length, out-of-range r/s, high-S under the default options, bad signature);
// kUnsupported for X25519 keys.
[[nodiscard]] Status verify(const PublicKey& key, ByteSpan message, ByteSpan signature,
                            const VerifyOptions& options = {});

// Converts a strict DER ECDSA-Sig-Value (X9.62: SEQUENCE { INTEGER r, INTEGER s }) into r||s for
// the given key type. Rejects BER forms, long-form lengths where short form fits, negative or
// zero-padded integers, trailing bytes and integers wider than the curve order (kMalformed).
[[nodiscard]] Result<Bytes> ecdsa_der_to_raw(KeyType type, ByteSpan der);

// The interface the rest of Parallax signs through (JWS, Data Integrity, ledger transactions),
// so that a key held elsewhere (a wallet, an HSM) can stand in for a PrivateKey.
class Signer {
 public:
  virtual ~Signer() = default;
  [[nodiscard]] virtual Algorithm algorithm() const noexcept = 0;
  [[nodiscard]] virtual const PublicKey& public_key() const noexcept = 0;
  [[nodiscard]] virtual Result<Bytes> sign(ByteSpan message) const = 0;
};

// A Signer over an in-memory key. Errors: kUnsupported for X25519.
[[nodiscard]] Result<std::unique_ptr<Signer>> make_signer(PrivateKey key);

}  // namespace plx::crypto
