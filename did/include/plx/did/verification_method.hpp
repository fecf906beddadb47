// Verification methods and verification relationships of a DID document
// (W3C DID Core 1.0 §5.2 "Verification Methods", §5.3 "Verification Relationships").
//
// A VerificationMethod is plain data: the members DID Core defines (id, type, controller, and the
// two standard kinds of verification material, publicKeyMultibase and publicKeyJwk) plus every
// other member kept as JSON in `extra`, so that legacy types (Ed25519VerificationKey2018 with
// publicKeyBase58, blockchainAccountId, ...) survive a round trip. Turning the material into a
// usable crypto::PublicKey is a separate, checked step: verification_method_public_key().
//
// Value types; thread-safety as for std::string.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/did.hpp"

namespace plx::did {

// Type names and contexts used by the methods this module produces.
inline constexpr std::string_view kTypeMultikey = "Multikey";
inline constexpr std::string_view kTypeJsonWebKey2020 = "JsonWebKey2020";
inline constexpr std::string_view kTypeJsonWebKey = "JsonWebKey";
inline constexpr std::string_view kContextDidV1 = "https://www.w3.org/ns/did/v1";
inline constexpr std::string_view kContextMultikeyV1 = "https://w3id.org/security/multikey/v1";
inline constexpr std::string_view kContextJws2020V1 =
    "https://w3id.org/security/suites/jws-2020/v1";

struct VerificationMethod {
  // A DID URL, absolute or relative to the document's id (DID Core §3.2.2), as written.
  std::string id;
  std::string type;
  // DID Core §5.2: "MUST be a string that conforms to the rules in 3.1 DID Syntax".
  Did controller;
  // Multikey (Controlled Identifiers / Data Integrity): 'z' + base58btc(multicodec || key).
  std::optional<std::string> public_key_multibase = std::nullopt;
  // RFC 7517 JWK (a JSON object), kept as written.
  std::optional<Json> public_key_jwk = std::nullopt;
  // Every other member, as a JSON object (publicKeyBase58, blockchainAccountId, ...).
  Json extra = Json::object();

  friend bool operator==(const VerificationMethod&, const VerificationMethod&) = default;
};

// The key a verification method carries, checked:
//  - publicKeyMultibase (Multikey, Ed25519VerificationKey2020, X25519KeyAgreementKey2020, ...):
//    crypto::PublicKey::from_multikey;
//  - publicKeyJwk (JsonWebKey2020, JsonWebKey, ...): crypto::public_key_from_jwk, after refusing
//    a JWK that carries private members ("d", ...): a document must never publish them;
//  - publicKeyBase58 of the three legacy types whose raw key form is unambiguous
//    (Ed25519VerificationKey2018, X25519KeyAgreementKey2019, EcdsaSecp256k1VerificationKey2019).
// Errors: kMalformed (material missing, of the wrong kind for `type` — Multikey needs
// publicKeyMultibase, JsonWebKey2020/JsonWebKey need publicKeyJwk — private JWK members, or key
// bytes that do not decode to a valid point); kUnsupported (a key type or method type Parallax
// does not verify with: RSA, P-521, BLS12-381 until the BBS module, blockchainAccountId, ...).
// `where` names the member ("publicKeyJwk/x", "publicKeyMultibase", ...).
[[nodiscard]] Result<crypto::PublicKey> verification_method_public_key(
    const VerificationMethod& method);

// DID Core §5.3.1-§5.3.5.
enum class Relationship {
  kAuthentication,
  kAssertionMethod,
  kKeyAgreement,
  kCapabilityInvocation,
  kCapabilityDelegation,
};
inline constexpr std::array<Relationship, 5> kAllRelationships = {
    Relationship::kAuthentication, Relationship::kAssertionMethod, Relationship::kKeyAgreement,
    Relationship::kCapabilityInvocation, Relationship::kCapabilityDelegation};

// The JSON property name: "authentication", "assertionMethod", "keyAgreement",
// "capabilityInvocation", "capabilityDelegation".
[[nodiscard]] std::string_view relationship_name(Relationship r) noexcept;
// Inverse of relationship_name; nullopt for any other string.
[[nodiscard]] std::optional<Relationship> relationship_from_name(std::string_view name) noexcept;

// One entry of a verification relationship (DID Core §5.3): either a reference to a method by
// DID URL (absolute or relative, as written) or a method embedded in place.
struct MethodEntry {
  std::variant<std::string, VerificationMethod> value;

  [[nodiscard]] static MethodEntry reference(std::string id) { return {std::move(id)}; }
  [[nodiscard]] static MethodEntry embed(VerificationMethod m) { return {std::move(m)}; }
  [[nodiscard]] bool is_reference() const noexcept { return value.index() == 0; }
  // The referenced id, or the embedded method's id.
  [[nodiscard]] const std::string& id() const noexcept;
  // The embedded method, or nullptr for a reference.
  [[nodiscard]] const VerificationMethod* embedded() const noexcept {
    return std::get_if<VerificationMethod>(&value);
  }

  friend bool operator==(const MethodEntry&, const MethodEntry&) = default;
};

}  // namespace plx::did
