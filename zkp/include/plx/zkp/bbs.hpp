// BBS signatures (draft-irtf-cfrg-bbs-signatures, the -09 text and later) on BLS12-381: one short
// signature over a list of messages, and zero-knowledge proofs of that signature that disclose any
// subset of the messages and reveal nothing else (the proofs of one signature are unlinkable).
//
// Ciphersuites (draft §7): BLS12-381-SHA-256 (ciphersuite_id "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_")
// and BLS12-381-SHAKE-256 ("BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_"); messages are mapped to scalars
// with MapMessageToScalarAsHash (api_id = ciphersuite_id || "H2G_HM2S_").
//
// Encodings: secret key 32 bytes (big-endian scalar, 0 < SK < r); public key 96 bytes (compressed
// G2 point); signature 80 bytes (compressed A in G1 || e); proof 272 + 32·U bytes, U being the
// number of undisclosed messages (Abar || Bbar || D || e^ || r1^ || r3^ || m^_j... || challenge).
//
// Security: signing and proving are constant time in the secret key, the random scalars, the
// signature being proved and the undisclosed messages. Every decoded point is checked to be on the
// curve, in the prime-order subgroup and not the identity; every decoded scalar to be in range.
// Randomness comes only from the operating system; it is never a parameter.
//
// Ownership and thread-safety: KeyPair is move-only and wipes its secret; PublicKey is a cheap
// copyable handle to immutable data (the decoded point and its Miller-loop lines) and may be shared
// between threads. The free functions are thread-safe: the generators they derive are cached per
// (ciphersuite, count) behind a mutex.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"

namespace plx::zkp::bbs {

enum class Ciphersuite {
  kBls12381Sha256,    // "BLS12-381-SHA-256"
  kBls12381Shake256,  // "BLS12-381-SHAKE-256"
};

// "BLS12-381-SHA-256" / "BLS12-381-SHAKE-256".
[[nodiscard]] std::string_view ciphersuite_name(Ciphersuite cs) noexcept;
// The draft's ciphersuite_id ("BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_", ...).
[[nodiscard]] std::string_view ciphersuite_id(Ciphersuite cs) noexcept;
// Parses the name above. Error (kUnsupported) naming the two choices otherwise.
[[nodiscard]] Result<Ciphersuite> ciphersuite_from_name(std::string_view name);

inline constexpr std::size_t kSecretKeySize = 32;
inline constexpr std::size_t kPublicKeySize = 96;
inline constexpr std::size_t kSignatureSize = 80;
inline constexpr std::size_t kProofMinSize = 272;  // a proof with no undisclosed message
inline constexpr std::size_t kScalarSize = 32;
// The most messages one signature or proof may carry. The draft sets no bound; this one keeps a
// hostile proof (whose length sets how many generators the verifier derives) from costing more
// than about a second of work.
inline constexpr std::size_t kMaxMessages = 16384;

[[nodiscard]] constexpr std::size_t proof_size(std::size_t undisclosed) noexcept {
  return kProofMinSize + kScalarSize * undisclosed;
}

// A BBS public key W = SK·BP2, decoded once: the point has passed the subgroup and identity
// checks, and its Miller-loop lines are precomputed, so each verification that reuses the same
// PublicKey saves that work.
class PublicKey {
 public:
  // octets_to_pubkey (draft §4.2.4.5). Errors (kMalformed, where "public_key"): a length other
  // than 96, bad compression flags, a coordinate >= p, a point not on the curve, not in G2, or
  // the identity.
  [[nodiscard]] static Result<PublicKey> from_bytes(ByteSpan bytes);

  [[nodiscard]] const std::array<std::uint8_t, kPublicKeySize>& bytes() const noexcept;
  friend bool operator==(const PublicKey& a, const PublicKey& b) noexcept {
    return a.bytes() == b.bytes();
  }

  struct Impl;  // the decoded point and its prepared lines (bbs internals)
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }

 private:
  explicit PublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// A secret key and its public key.
class KeyPair {
 public:
  // A fresh key: KeyGen (draft §3.4.1) over 32 bytes of key material from the OS CSPRNG, with the
  // ciphersuite's default key_dst. Errors: kInternal if the CSPRNG fails.
  [[nodiscard]] static Result<KeyPair> generate(Ciphersuite cs);
  // KeyGen(key_material, key_info, key_dst) then SkToPk. key_dst defaults to
  // api_id || "KEYGEN_DST_". Errors (kInvalidArgument): key_material shorter than 32 bytes,
  // key_info longer than 65535 bytes, an empty key_dst, or (with negligible probability) a
  // derived key of zero. Messages never contain the key material.
  [[nodiscard]] static Result<KeyPair> from_key_material(
      Ciphersuite cs, ByteSpan key_material, ByteSpan key_info = {},
      std::optional<ByteSpan> key_dst = std::nullopt);
  // From a 32-byte big-endian secret key. Errors (kInvalidArgument, where "secret_key"): a length
  // other than 32, zero, or a value >= r. The message never contains the bytes.
  [[nodiscard]] static Result<KeyPair> from_secret_key(ByteSpan secret_key);

  KeyPair(KeyPair&&) noexcept = default;
  KeyPair& operator=(KeyPair&&) noexcept = default;
  KeyPair(const KeyPair&) = delete;
  KeyPair& operator=(const KeyPair&) = delete;

  [[nodiscard]] const SecretArray<kSecretKeySize>& secret_key() const noexcept { return sk_; }
  [[nodiscard]] const PublicKey& public_key() const noexcept { return pk_; }

 private:
  KeyPair(SecretArray<kSecretKeySize> sk, PublicKey pk) : sk_(std::move(sk)), pk_(std::move(pk)) {}
  SecretArray<kSecretKeySize> sk_;
  PublicKey pk_;
};

// Sign (draft §3.4.2): an 80-byte signature over `messages` (in order) and `header`.
// Errors: kInvalidArgument (where "messages") for more than kMaxMessages messages;
// kInternal if SK + e is zero (probability 2^-255).
[[nodiscard]] Result<Bytes> sign(Ciphersuite cs, const KeyPair& key, ByteSpan header,
                                 std::span<const Bytes> messages);

// Verify (draft §3.4.3, with the -09 check e(A, W)·e(A·e − B, BP2) = 1). OK when the signature
// verifies. Errors: kMalformed (where "signature") when the bytes are not a signature: a length
// other than 80, an invalid, non-subgroup or identity A, e = 0 or e >= r;
// kVerificationFailed when it decodes but does not verify for these messages, header and key;
// kInvalidArgument for more than kMaxMessages messages.
[[nodiscard]] Status verify(Ciphersuite cs, const PublicKey& pk, ByteSpan signature, ByteSpan header,
                            std::span<const Bytes> messages);

// ProofGen (draft §3.4.4): a proof of `signature` over all `messages` that discloses
// messages[i] for i in `disclosed_indexes` (strictly ascending, each < messages.size()) and binds
// `presentation_header`. The random scalars come from the OS CSPRNG. The signature is decoded
// but not verified (an invalid signature gives a proof that does not verify).
// Errors: kInvalidArgument (where "disclosed_indexes" / "messages") for unsorted, repeated or
// out-of-range indexes or too many messages; kMalformed (where "signature") for bytes that are
// not a signature.
[[nodiscard]] Result<Bytes> prove(Ciphersuite cs, const PublicKey& pk, ByteSpan signature,
                                  ByteSpan header, ByteSpan presentation_header,
                                  std::span<const Bytes> messages,
                                  std::span<const std::size_t> disclosed_indexes);

// ProofVerify (draft §3.4.5). OK when the proof verifies for these disclosed messages.
// Errors: kInvalidArgument when disclosed_messages and disclosed_indexes differ in length, or the
// indexes are not strictly ascending; kMalformed (where "proof") for bytes that are not a proof
// (length below 272 or not 272 + 32·U, an invalid, non-subgroup or identity point, a scalar of 0
// or >= r, more than kMaxMessages messages); kVerificationFailed when a disclosed index is
// beyond the proof's message count, the challenge does not match, or the pairing check fails.
[[nodiscard]] Status verify_proof(Ciphersuite cs, const PublicKey& pk, ByteSpan proof,
                                  ByteSpan header, ByteSpan presentation_header,
                                  std::span<const Bytes> disclosed_messages,
                                  std::span<const std::size_t> disclosed_indexes);

}  // namespace plx::zkp::bbs
