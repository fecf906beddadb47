// Verification methods: key material (DID Core §5.2.1) and relationship names (§5.3).
#include "plx/did/verification_method.hpp"

#include "jwk_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jwk.hpp"

namespace plx::did {

namespace {

// Legacy verification method types whose key type is fixed by the type name. For these the
// decoded key must be of that type: a document that says "Ed25519VerificationKey2018" but carries
// a secp256k1 key is inconsistent, and a verifier that picked its algorithm from the type name
// would be misled.
struct LegacyType {
  std::string_view name;
  crypto::KeyType key_type;
  bool base58_raw;  // whether publicKeyBase58 holds the raw key of this type
};
constexpr LegacyType kLegacyTypes[] = {
    {"Ed25519VerificationKey2018", crypto::KeyType::kEd25519, true},
    {"Ed25519VerificationKey2020", crypto::KeyType::kEd25519, false},
    {"X25519KeyAgreementKey2019", crypto::KeyType::kX25519, true},
    {"X25519KeyAgreementKey2020", crypto::KeyType::kX25519, false},
    {"EcdsaSecp256k1VerificationKey2019", crypto::KeyType::kSecp256k1, true},
};

const LegacyType* find_legacy(std::string_view type) {
  for (const auto& t : kLegacyTypes) {
    if (t.name == type) return &t;
  }
  return nullptr;
}

Result<crypto::PublicKey> decode_material(const VerificationMethod& m, const LegacyType* legacy) {
  if (m.public_key_multibase.has_value()) {
    auto key = crypto::PublicKey::from_multikey(*m.public_key_multibase);
    if (!key.has_value()) return key.error().within("publicKeyMultibase");
    return key;
  }
  if (m.public_key_jwk.has_value()) {
    // DID Core §5.2.1: private keys must never appear in a DID document. Refuse to use one, so
    // that a leaked key is noticed rather than silently trusted.
    if (auto member = internal::jwk_private_member(*m.public_key_jwk)) {
      return Error(ErrorCode::kMalformed,
                   "publicKeyJwk contains the private key member \"" + std::string(*member) +
                       "\"; a DID document must only hold public keys",
                   "publicKeyJwk/" + std::string(*member));
    }
    auto key = crypto::public_key_from_jwk(*m.public_key_jwk);
    if (!key.has_value()) return key.error().within("publicKeyJwk");
    return key;
  }
  auto b58 = m.extra.find("publicKeyBase58");
  if (legacy != nullptr && legacy->base58_raw && b58 != m.extra.end()) {
    if (!b58->is_string()) {
      return Error(ErrorCode::kMalformed, "publicKeyBase58 must be a string", "publicKeyBase58");
    }
    auto raw = base58btc_decode(b58->get_ref<const std::string&>());
    if (!raw.has_value()) return raw.error().within("publicKeyBase58");
    auto key = crypto::PublicKey::from_raw(legacy->key_type, *raw);
    if (!key.has_value()) return key.error().within("publicKeyBase58");
    return key;
  }
  return Error(ErrorCode::kUnsupported,
               "verification method type \"" + m.type +
                   "\" carries no key material Parallax can use (expected publicKeyMultibase or "
                   "publicKeyJwk)",
               "type");
}

}  // namespace

Result<crypto::PublicKey> verification_method_public_key(const VerificationMethod& m) {
  if (m.public_key_multibase.has_value() && m.public_key_jwk.has_value()) {
    return Error(ErrorCode::kMalformed,
                 "a verification method must not carry both publicKeyMultibase and publicKeyJwk "
                 "(DID Core §5.2.1)",
                 "publicKeyJwk");
  }
  if (m.type == kTypeMultikey && !m.public_key_multibase.has_value()) {
    return Error(ErrorCode::kMalformed, "a Multikey verification method needs publicKeyMultibase",
                 "publicKeyMultibase");
  }
  if ((m.type == kTypeJsonWebKey2020 || m.type == kTypeJsonWebKey) &&
      !m.public_key_jwk.has_value()) {
    return Error(ErrorCode::kMalformed, "a " + m.type + " verification method needs publicKeyJwk",
                 "publicKeyJwk");
  }
  const LegacyType* legacy = find_legacy(m.type);
  PLX_TRY(auto key, decode_material(m, legacy));
  if (legacy != nullptr && key.type() != legacy->key_type) {
    return Error(ErrorCode::kMalformed,
                 "verification method type " + m.type + " requires a " +
                     std::string(crypto::key_type_name(legacy->key_type)) +
                     " key, but it holds a " + std::string(crypto::key_type_name(key.type())) +
                     " key",
                 "type");
  }
  return key;
}

std::string_view relationship_name(Relationship r) noexcept {
  switch (r) {
    case Relationship::kAuthentication:
      return "authentication";
    case Relationship::kAssertionMethod:
      return "assertionMethod";
    case Relationship::kKeyAgreement:
      return "keyAgreement";
    case Relationship::kCapabilityInvocation:
      return "capabilityInvocation";
    case Relationship::kCapabilityDelegation:
      return "capabilityDelegation";
  }
  return "";
}

std::optional<Relationship> relationship_from_name(std::string_view name) noexcept {
  for (Relationship r : kAllRelationships) {
    if (relationship_name(r) == name) return r;
  }
  return std::nullopt;
}

const std::string& MethodEntry::id() const noexcept {
  if (const auto* ref = std::get_if<std::string>(&value)) return *ref;
  return std::get<VerificationMethod>(value).id;
}

}  // namespace plx::did
