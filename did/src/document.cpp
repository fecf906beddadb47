// DID document lookups: methods, services and verification relationships (DID Core §5.2-§5.4).
#include "plx/did/document.hpp"

namespace plx::did {

namespace {

std::optional<DidUrl> absolute(std::string_view ref, const Did& base) {
  auto url = DidUrl::resolve(ref, base);
  if (!url.has_value()) return std::nullopt;
  return *std::move(url);
}

// Whether a key of this type can serve the relationship: the four signing relationships need a
// signature key; keyAgreement needs a Diffie-Hellman key (X25519 or an EC key; Ed25519 keys are
// not used for key agreement directly: did:key derives an X25519 key for that).
Status check_usable(Relationship r, const crypto::PublicKey& key) {
  if (r == Relationship::kKeyAgreement) {
    if (key.type() == crypto::KeyType::kEd25519) {
      return Error(ErrorCode::kUnsupported, "an Ed25519 key cannot be used for keyAgreement");
    }
    return ok_status();
  }
  if (!crypto::can_sign(key.type())) {
    return Error(ErrorCode::kUnsupported, "a " + std::string(crypto::key_type_name(key.type())) +
                                              " key cannot sign, so it cannot serve " +
                                              std::string(relationship_name(r)));
  }
  return ok_status();
}

}  // namespace

const std::vector<MethodEntry>& Document::relationship(Relationship r) const noexcept {
  switch (r) {
    case Relationship::kAuthentication:
      return authentication;
    case Relationship::kAssertionMethod:
      return assertion_method;
    case Relationship::kKeyAgreement:
      return key_agreement;
    case Relationship::kCapabilityInvocation:
      return capability_invocation;
    case Relationship::kCapabilityDelegation:
      return capability_delegation;
  }
  return authentication;  // unreachable: every enumerator is handled above
}

std::vector<MethodEntry>& Document::relationship(Relationship r) noexcept {
  return const_cast<std::vector<MethodEntry>&>(std::as_const(*this).relationship(r));
}

const VerificationMethod* Document::find_verification_method(std::string_view id_or_ref) const {
  const auto target = absolute(id_or_ref, id);
  if (!target.has_value()) return nullptr;
  for (const auto& m : verification_method) {
    if (absolute(m.id, id) == target) return &m;
  }
  for (Relationship r : kAllRelationships) {
    for (const auto& entry : relationship(r)) {
      const VerificationMethod* m = entry.embedded();
      if (m != nullptr && absolute(m->id, id) == target) return m;
    }
  }
  return nullptr;
}

const Service* Document::find_service(std::string_view id_or_ref) const {
  const auto target = absolute(id_or_ref, id);
  for (const auto& s : service) {
    if (s.id == id_or_ref) return &s;
    if (target.has_value() && absolute(s.id, id) == target) return &s;
  }
  return nullptr;
}

bool Document::is_authorized(Relationship r, std::string_view method_id) const {
  const auto target = absolute(method_id, id);
  if (!target.has_value()) return false;
  for (const auto& entry : relationship(r)) {
    if (absolute(entry.id(), id) == target) return true;
  }
  return false;
}

Result<crypto::PublicKey> Document::authorized_key(Relationship r,
                                                   std::string_view method_id) const {
  auto target = DidUrl::resolve(method_id, id);
  if (!target.has_value()) {
    return Error(ErrorCode::kMalformed,
                 "not a DID URL: " + target.error().message + " (" + target.error().where + ")",
                 std::string(method_id));
  }
  const std::string name(relationship_name(r));
  for (const auto& entry : relationship(r)) {
    if (absolute(entry.id(), id) != *target) continue;
    const VerificationMethod* m = entry.embedded();
    if (m == nullptr) m = find_verification_method(entry.id());
    if (m == nullptr) {
      return Error(ErrorCode::kNotFound,
                   "listed under " + name +
                       " but not defined in this document; a method of another DID needs that "
                       "DID resolved",
                   target->to_string());
    }
    PLX_TRY(auto key, verification_method_public_key(*m));
    PLX_RETURN_IF_ERROR(check_usable(r, key));
    return key;
  }
  if (find_verification_method(method_id) != nullptr) {
    return Error(ErrorCode::kPermissionDenied,
                 "the verification method exists but the document does not list it under " + name,
                 target->to_string());
  }
  return Error(ErrorCode::kNotFound, "no such verification method in " + id.to_string(),
               target->to_string());
}

AuthorizedKeys Document::authorized_keys(Relationship r) const {
  AuthorizedKeys out;
  for (const auto& entry : relationship(r)) {
    auto target = DidUrl::resolve(entry.id(), id);
    if (!target.has_value()) {
      out.skipped.push_back(Error(ErrorCode::kMalformed, target.error().message, entry.id()));
      continue;
    }
    const VerificationMethod* m = entry.embedded();
    if (m == nullptr) m = find_verification_method(entry.id());
    if (m == nullptr) {
      out.skipped.push_back(
          Error(ErrorCode::kNotFound, "not defined in this document", target->to_string()));
      continue;
    }
    auto key = verification_method_public_key(*m);
    if (!key.has_value()) {
      out.skipped.push_back(key.error().within(target->to_string()));
      continue;
    }
    if (auto usable = check_usable(r, *key); !usable.has_value()) {
      out.skipped.push_back(usable.error().within(target->to_string()));
      continue;
    }
    out.keys.push_back(AuthorizedKey{*std::move(target), m->type, *std::move(key)});
  }
  return out;
}

std::vector<std::string> service_endpoint_uris(const Service& service) {
  std::vector<std::string> out;
  const Json& e = service.service_endpoint;
  if (e.is_string()) {
    out.push_back(e.get<std::string>());
  } else if (e.is_array()) {
    for (const auto& item : e) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

}  // namespace plx::did
