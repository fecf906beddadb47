// Asymmetric keys: the public and private halves of Ed25519, secp256k1, P-256, P-384 and X25519
// keys, as separate types.
//
// Keys come only from validating factories: a PublicKey always holds a point that is on its curve
// (and not the identity); a PrivateKey always holds a scalar in [1, n-1] (EC) or a 32-byte seed
// (Ed25519, X25519). PublicKey is a copyable value; PrivateKey is move-only, prints nothing, and
// keeps its secret in SecretBytes. Thread-safety: const methods are safe to call concurrently.
//
// Raw forms: Ed25519/X25519 public keys are the 32 bytes of RFC 8032/7748; EC public keys are SEC1
// points, compressed (33/49 bytes) or uncompressed (65/97 bytes) on input, compressed on output
// (as Multikey and did:key carry them). Ed25519 private keys are the 32-byte seed; EC private keys
// are the big-endian scalar of exactly 32/48 bytes; X25519 private keys are 32 bytes (clamped when used).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"

namespace plx::crypto {

enum class KeyType {
  kEd25519,
  kSecp256k1,
  kP256,
  kP384,
  kX25519,
};

// "Ed25519", "secp256k1", "P-256", "P-384", "X25519" (the JOSE crv names).
[[nodiscard]] std::string_view key_type_name(KeyType t) noexcept;
// Parses the JOSE crv name; kUnsupported otherwise.
[[nodiscard]] Result<KeyType> key_type_from_name(std::string_view crv);
[[nodiscard]] Multicodec public_multicodec(KeyType t) noexcept;
[[nodiscard]] Multicodec private_multicodec(KeyType t) noexcept;
// Whether the key type signs (every type but X25519).
[[nodiscard]] bool can_sign(KeyType t) noexcept;

class PublicKey {
 public:
  // Errors: kMalformed for a wrong length or an invalid point (with the expected length named).
  // Ed25519: the canonical encoding of a point in the prime-order subgroup, not of small order
  // (libsodium crypto_core_ed25519_is_valid_point). EC: SEC1 0x02/0x03/0x04 only (no hybrid
  // 0x06/0x07), on the curve. X25519: any 32 bytes, as RFC 7748 §5 asks; a low-order key is
  // refused by x25519_agree instead.
  [[nodiscard]] static Result<PublicKey> from_raw(KeyType type, ByteSpan bytes);
  // A Multikey `publicKeyMultibase` value: 'z' + base58btc(multicodec varint || raw key).
  // Errors: kMalformed (bad multibase, bad point, an EC point that is not compressed, so that
  // one key has one Multikey), kUnsupported (a multicodec we do not handle).
  [[nodiscard]] static Result<PublicKey> from_multikey(std::string_view multibase);

  [[nodiscard]] KeyType type() const noexcept { return type_; }
  // Canonical raw form: 32 bytes (Ed25519, X25519) or the SEC1 compressed point.
  [[nodiscard]] const Bytes& raw() const noexcept { return raw_; }
  // The SEC1 uncompressed point 0x04||x||y for EC keys; the raw 32 bytes otherwise.
  [[nodiscard]] Bytes uncompressed() const;
  // 'z' + base58btc(multicodec || raw()).
  [[nodiscard]] std::string multikey() const;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;

 private:
  PublicKey(KeyType t, Bytes raw) : type_(t), raw_(std::move(raw)) {}
  KeyType type_;
  Bytes raw_;
};

class PrivateKey {
 public:
  // A fresh key from the OS CSPRNG (libsodium randombytes). Never fails for supported types.
  [[nodiscard]] static Result<PrivateKey> generate(KeyType type);
  // From the raw secret (see the header comment for sizes). Errors: kMalformed for a wrong
  // length or a scalar of 0 or >= n; the message never contains the bytes.
  [[nodiscard]] static Result<PrivateKey> from_raw(KeyType type, ByteSpan secret);

  // A Multikey `secretKeyMultibase` value (W3C Controlled Identifiers §2.2.2): 'z' +
  // base58btc(multicodec varint || the raw secret above), with ed25519-priv (0x1300),
  // secp256k1-priv (0x1301), x25519-priv (0x1302), p256-priv (0x1306) or p384-priv (0x1307).
  // Errors: kMalformed (not base58btc multibase, bad varint, wrong length, scalar out of range),
  // kUnsupported (any other multicodec, public-key codes included). Messages never quote the text.
  [[nodiscard]] static Result<PrivateKey> from_multikey(std::string_view secret_multibase);

  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  [[nodiscard]] PrivateKey clone() const { return PrivateKey(type_, secret_.clone(), public_); }

  [[nodiscard]] KeyType type() const noexcept { return type_; }
  [[nodiscard]] const PublicKey& public_key() const noexcept { return public_; }
  [[nodiscard]] const SecretBytes& secret() const noexcept { return secret_; }
  // The `secretKeyMultibase` text (see from_multikey), held in SecretBytes.
  [[nodiscard]] SecretBytes secret_multikey() const;

 private:
  PrivateKey(KeyType t, SecretBytes s, PublicKey p)
      : type_(t), secret_(std::move(s)), public_(std::move(p)) {}
  KeyType type_;
  SecretBytes secret_;
  PublicKey public_;
};

// X25519 from Ed25519 (RFC 7748 birational map, as did:key derives its keyAgreement key).
// Errors: kInvalidArgument if the key is not Ed25519; kMalformed if the point does not map.
[[nodiscard]] Result<PublicKey> x25519_from_ed25519(const PublicKey& ed25519);
[[nodiscard]] Result<PrivateKey> x25519_from_ed25519(const PrivateKey& ed25519);

// X25519 Diffie-Hellman (RFC 7748 §6.1). Errors: kInvalidArgument for non-X25519 keys,
// kVerificationFailed when the shared secret is all zero (low-order public key).
[[nodiscard]] Result<SecretArray<32>> x25519_agree(const PrivateKey& ours, const PublicKey& theirs);

}  // namespace plx::crypto
