// did:key (W3C CCG "The did:key Method", v0.7 and the current did-key-spec): a DID that *is* a
// public key, "did:key:" + 'z' + base58btc(multicodec varint || raw public key), resolved
// without any I/O by expanding the key into a DID document.
//
// Supported here (create and resolve): Ed25519 (0xed), secp256k1 (0xe7), P-256 (0x1200), P-384
// (0x1201), X25519 (0xec); EC keys are SEC1 compressed points, as the spec requires.
// BLS12-381 G2 (0xeb, 96 bytes: BBS public keys, "did:key:zUC7...") is created from a
// zkp::bbs::PublicKey and resolved; G1 (0xea, 48 bytes) and the G1+G2 pair (0xee, 48 + 96 bytes,
// expanded into one G1 and one G2 method, each with its own multikey as in the legacy did:key
// vectors) are resolved. Every BLS key must be a compressed point on its curve, in the
// prime-order subgroup and not the identity (checked with zkp/bls12_381).
// P-521 (0x1202) and RSA (0x1205) are recognized and refused as unsupported.
//
// Document shape (spec §"Document Creation Algorithm"): one signature method with id
// did + "#" + multibase value, listed under authentication, assertionMethod,
// capabilityInvocation and capabilityDelegation; for Ed25519 also the X25519 key derived from it
// (RFC 7748 birational map) under keyAgreement, with id did + "#" + its own multikey; an X25519
// did:key has keyAgreement only. Signing keys are *not* put under keyAgreement (the 2020-era
// vectors did that; the current spec does not, and ECDH with a signing key is key reuse).
//
// Pure functions; thread-safe.
#pragma once

#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/zkp/bbs.hpp"
#include "plx/did/did.hpp"
#include "plx/did/document.hpp"
#include "plx/did/resolver.hpp"

namespace plx::did::key {

inline constexpr std::string_view kMethod = "key";

// The verification method form (spec resolution option "publicKeyFormat").
enum class Format {
  kMultikey,        // type "Multikey", publicKeyMultibase; @context .../multikey/v1 (current spec)
  kJsonWebKey2020,  // type "JsonWebKey2020", publicKeyJwk; @context .../jws-2020/v1
};

struct Options {
  Format format = Format::kMultikey;
  // Ed25519 only: add the derived X25519 key under keyAgreement (spec option
  // "enableEncryptionKeyDerivation").
  bool enable_encryption_key_derivation = true;
};

// "did:key:" + key.multikey(). Never fails: every crypto::KeyType has a did:key form.
[[nodiscard]] Did create(const crypto::PublicKey& key);

// "did:key:" + 'z' + base58btc(0xeb varint || the 96-byte compressed G2 key): the did:key of a
// BBS public key ("did:key:zUC7..."). Never fails.
[[nodiscard]] Did create(const zkp::bbs::PublicKey& key);

// Expands a did:key into its DID document.
// Errors: kInvalidArgument if the method is not "key"; kMalformed for an invalid did:key, with
// the reason (more than one method-specific-id segment, multibase prefix other than 'z', bad
// base58btc, bad varint, unknown or private-key multicodec, wrong key length, including
// trailing bytes, a point not on the curve, a BLS point outside its prime-order subgroup or the
// identity); kUnsupported for P-521 and RSA keys.
// In kJsonWebKey2020 format, BLS12-381 methods stay Multikey (there is no registered JWK form for
// them) and the document then carries both contexts.
[[nodiscard]] Result<Document> resolve_document(const Did& did, const Options& options = {});

// The single key a did:key encodes. Errors: as resolve_document, plus kUnsupported for
// BLS12-381 keys (no crypto::PublicKey type for them yet).
[[nodiscard]] Result<crypto::PublicKey> public_key(const Did& did);

// The BBS public key of a BLS12-381 G2 did:key (decoded, subgroup-checked, ready to verify).
// Errors: as resolve_document, plus kUnsupported for any other key type.
[[nodiscard]] Result<zkp::bbs::PublicKey> bbs_public_key(const Did& did);

}  // namespace plx::did::key

namespace plx::did {

// Resolver driver for did:key. Resolution options it reads from ResolutionOptions::extra:
// "publicKeyFormat" ("Multikey" or "JsonWebKey2020"; anything else gives
// unsupportedPublicKeyType, as the spec says) and "enableEncryptionKeyDerivation" (boolean).
// Outcomes: invalidDid for an invalid did:key (errorMessage says why), unsupportedPublicKeyType
// for P-521/RSA, methodNotSupported for another method, representationNotSupported for an
// accept other than the two DID media types.
class DidKeyResolver final : public Resolver {
 public:
  explicit DidKeyResolver(key::Options defaults = {}) : defaults_(defaults) {}
  using Resolver::resolve;
  [[nodiscard]] Result<ResolutionResult> resolve(std::string_view did,
                                                 const ResolutionOptions& options) const override;

 private:
  key::Options defaults_;
};

}  // namespace plx::did
