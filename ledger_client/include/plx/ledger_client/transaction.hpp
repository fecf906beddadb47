// Ledger transactions: the versioned, deterministic binary encoding, signing and the stateless
// signature check. docs/ledger-formats.md §2 is the normative description.
//
// A Transaction names its chain, the verification method that signs it (a DID URL such as
// did:plx:ABC#key-1), that method's public key as Multikey bytes (multicodec varint || raw key:
// Ed25519 0xed with 32 bytes, secp256k1 0xe7 with the 33-byte compressed point), a per-DID nonce,
// an operation code and the operation's payload (encoded by operations.hpp).
//
// Encoding, version 1 (codec.hpp primitives):
//   u8 version = 1 | string chain_id (1..64) | string signer (1..512, printable ASCII)
//   | bytes signer_public_key (Multikey, as above) | u64 nonce | u8 op (1..5) | bytes payload (<= 64 KiB)
// SignedTransaction = Transaction encoding | bytes signature (exactly 64 bytes: Ed25519, or
// ES256K r||s with low S).
// The signature covers the signing input "plx-tx-v1" || Transaction encoding, so that a
// signature made for another Parallax structure (or a JWS) can never be replayed as a
// transaction. The transaction id is SHA-256 of the SignedTransaction encoding.
//
// The signature check is stateless: it uses signer_public_key only, so it can run for a whole
// block in parallel before execution; execution then checks that the signer's DID document
// authorizes that key (outside this module).
// Thread-safety: value types; the free functions are safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/ledger_client/codec.hpp"
#include "plx/ledger_client/hash.hpp"

namespace plx::ledger {

using TxId = Hash;

enum class OpCode : std::uint8_t {
  kCreateDid = 1,
  kUpdateDid = 2,
  kDeactivateDid = 3,
  kCreateStatusList = 4,
  kUpdateStatus = 5,
};

// "create_did", "update_did", ...; "unknown" for a value outside the enum.
[[nodiscard]] std::string_view op_name(OpCode op) noexcept;

inline constexpr std::uint8_t kTxVersion = 1;
inline constexpr std::size_t kMaxChainIdLength = 64;
// A chain id is 1..kMaxChainIdLength printable ASCII bytes (0x21..0x7e); false otherwise.
[[nodiscard]] constexpr bool is_valid_chain_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > kMaxChainIdLength) return false;
  for (char c : id) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return false;
  }
  return true;
}
inline constexpr std::size_t kMaxSignerLength = 512;
inline constexpr std::size_t kMaxPayloadLength = 64 * 1024;
inline constexpr std::size_t kTxSignatureLength = 64;
// An upper bound on a SignedTransaction encoding (fields at their maxima plus length prefixes).
inline constexpr std::size_t kMaxSignerKeyLength = 64;
inline constexpr std::size_t kMaxSignedTxLength = 1 + 1 + kMaxChainIdLength + 2 +
                                                  kMaxSignerLength + 1 + kMaxSignerKeyLength +
                                                  8 + 1 + 3 + kMaxPayloadLength + 1 +
                                                  kTxSignatureLength;
// The domain-separation prefix of the signing input.
inline constexpr std::string_view kTxSigningDomain = "plx-tx-v1";

struct Transaction {
  std::string chain_id;
  std::string signer;           // DID URL of the signing verification method
  Bytes signer_public_key;      // Multikey bytes: multicodec varint || raw key
  std::uint64_t nonce = 0;
  OpCode op = OpCode::kCreateDid;
  Bytes payload;

  // The version-1 encoding. REQUIRES: the fields satisfy the limits above (check with
  // validate(); encode() itself does not fail, so that hashing a built value is infallible).
  [[nodiscard]] Bytes encode() const;
  void encode_to(Writer& w) const;
  // kMalformed / kOutOfRange / kUnsupported naming the first field that breaks a rule.
  [[nodiscard]] Status validate() const;
  // "plx-tx-v1" || encode().
  [[nodiscard]] Bytes signing_input() const;

  // Decodes exactly one transaction. Errors: kUnsupported (unknown version, unknown op code,
  // a key multicodec other than Ed25519/secp256k1), kMalformed (truncation, trailing bytes,
  // non-minimal varints, lengths over the field maxima, empty or non-ASCII strings, a key of
  // the wrong length for its multicodec).
  [[nodiscard]] static Result<Transaction> decode(ByteSpan data);

  friend bool operator==(const Transaction&, const Transaction&) = default;
};

struct SignedTransaction {
  Transaction tx;
  Bytes signature;

  [[nodiscard]] Bytes encode() const;
  // As Transaction::decode, plus: the signature must be exactly 64 bytes (kMalformed), and no
  // byte may follow it (kMalformed). Does NOT check the signature (see verify_signature).
  [[nodiscard]] static Result<SignedTransaction> decode(ByteSpan data);
  // SHA-256 of encode().
  [[nodiscard]] TxId id() const;

  friend bool operator==(const SignedTransaction&, const SignedTransaction&) = default;
};

// The signer's public key from its Multikey bytes, fully checked (for Ed25519: canonical, not of
// small order, in the prime-order subgroup). Errors: kUnsupported for a multicodec other than
// ed25519-pub / secp256k1-pub; kMalformed for a bad varint, wrong length or invalid point.
[[nodiscard]] Result<crypto::PublicKey> signer_public_key(const Transaction& tx);
// The Multikey bytes for a public key (multicodec varint || raw). Errors: kUnsupported for key
// types other than Ed25519 and secp256k1.
[[nodiscard]] Result<Bytes> multikey_bytes(const crypto::PublicKey& key);

// Signs `tx` with `signer`, whose public key must equal tx.signer_public_key (kInvalidArgument
// otherwise) and whose algorithm must be EdDSA or ES256K (kUnsupported otherwise). The tx is
// validated first (its errors are returned as they are).
[[nodiscard]] Result<SignedTransaction> sign_transaction(Transaction tx,
                                                         const crypto::Signer& signer);
// As above with an in-memory key. If tx.signer_public_key is empty it is filled from the key.
[[nodiscard]] Result<SignedTransaction> sign_transaction(Transaction tx,
                                                         const crypto::PrivateKey& key);

// The stateless check: the signature verifies under tx.signer_public_key over signing_input().
// Ed25519 signatures are checked with RFC 8032's cofactored equation
// (crypto::ed25519_verify_cofactored), so that checking a block's signatures in batches gives
// every node the same verdicts; ES256K ones with crypto::verify (low-S only). An Ed25519 key
// must be the canonical encoding of a point not of small order; only a create's key must also
// lie in the prime-order subgroup (docs/ledger-formats.md §2: any other operation is authorized
// only by a key a DID document stores, and stored keys were checked when written).
// Errors: kVerificationFailed for a signature that does not verify (including high-S ES256K);
// kMalformed / kUnsupported when the public key cannot be parsed or is refused as above.
[[nodiscard]] Status verify_signature(const SignedTransaction& stx);

// verdicts[i] = 1 iff verify_signature(txs[i]) succeeds, else 0. The Ed25519 signatures are
// checked together (crypto::ed25519_verify_batch: about 2.5 times cheaper per signature than one
// at a time), with the same verdicts. Returns kInvalidArgument, writing nothing, if
// verdicts.size() != txs.size().
[[nodiscard]] Status verify_signatures(std::span<const SignedTransaction> txs,
                                       std::span<std::uint8_t> verdicts);

}  // namespace plx::ledger
