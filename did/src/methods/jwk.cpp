// did:jwk: creation and resolution (quartzjer/did-jwk spec.md, "Create", "Read").
#include "plx/did/methods/jwk.hpp"

#include "driver_util.hpp"
#include "jwk_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jwk.hpp"

namespace plx::did::jwk {

namespace {

Error invalid(std::string message, std::string where = "method-specific-id") {
  return Error(ErrorCode::kMalformed, std::move(message), std::move(where));
}

Did did_from_json_text(const std::string& json_text) {
  auto did = Did::from_parts(kMethod, base64url_encode(as_bytes(json_text)));
  // base64url without padding uses only ALPHA / DIGIT / "-" / "_", all idchars, and a JWK's JSON
  // is never empty, so the DID is always valid.
  PLX_CHECK(did.has_value());
  return *std::move(did);
}

}  // namespace

Did create(const crypto::PublicKey& key) {
  return did_from_json_text(json_dump(crypto::public_key_to_jwk(key)));
}

Result<Did> create_from_jwk(const Json& jwk) {
  if (!jwk.is_object()) return Error(ErrorCode::kInvalidArgument, "a JWK must be a JSON object");
  if (auto member = internal::jwk_private_member(jwk)) {
    return Error(ErrorCode::kInvalidArgument,
                 "refusing to put a private JWK into a DID (member \"" + std::string(*member) +
                     "\"): did:jwk publishes the key",
                 std::string(*member));
  }
  PLX_RETURN_IF_ERROR(crypto::public_key_from_jwk(jwk));
  return did_from_json_text(json_dump(jwk));
}

Result<Json> decode_jwk(const Did& did) {
  if (did.method() != kMethod) {
    return Error(ErrorCode::kInvalidArgument, "not a did:jwk", did.to_string());
  }
  auto bytes = base64url_decode(did.method_specific_id());
  if (!bytes.has_value()) {
    return invalid("the method-specific-id must be unpadded base64url: " +
                   internal::describe(bytes.error()));
  }
  auto json = json_parse(as_string_view(*bytes));
  if (!json.has_value()) {
    return invalid("the decoded method-specific-id is not JSON: " +
                   internal::describe(json.error()));
  }
  if (!json->is_object()) return invalid("the decoded method-specific-id is not a JSON object");
  // spec.md "Create": the JWK "MUST NOT" contain private key material.
  if (auto member = internal::jwk_private_member(*json)) {
    return invalid("the JWK holds the private key member \"" + std::string(*member) +
                       "\"; a did:jwk must only hold a public key",
                   "jwk/" + std::string(*member));
  }
  if (auto use = json->find("use"); use != json->end() && !use->is_string()) {
    return invalid("the JWK \"use\" member must be a string (RFC 7517 §4.2)", "jwk/use");
  }
  auto key = crypto::public_key_from_jwk(*json);
  if (!key.has_value()) {
    Error e = key.error().within("jwk");
    e.message = "the JWK is not a usable public key: " + e.message;
    return e;
  }
  return json;
}

Result<Document> resolve_document(const Did& did) {
  PLX_TRY(Json key, decode_jwk(did));
  const std::string use = key.value("use", std::string());
  Document doc(did);
  doc.context = Json::array({std::string(kContextDidV1), std::string(kContextJws2020V1)});
  VerificationMethod m{
      .id = did.to_string() + "#0", .type = std::string(kTypeJsonWebKey2020), .controller = did};
  m.public_key_jwk = std::move(key);
  // spec.md "Read": "enc" -> keyAgreement only; "sig" -> every relationship but keyAgreement;
  // otherwise every relationship.
  for (Relationship r : kAllRelationships) {
    const bool agreement = r == Relationship::kKeyAgreement;
    if ((use == "enc" && !agreement) || (use == "sig" && agreement)) continue;
    doc.relationship(r).push_back(MethodEntry::reference(m.id));
  }
  doc.verification_method.push_back(std::move(m));
  return doc;
}

}  // namespace plx::did::jwk

namespace plx::did {

Result<ResolutionResult> DidJwkResolver::resolve(std::string_view did,
                                                 const ResolutionOptions& options) const {
  return internal::resolve_locally(did, options, jwk::kMethod,
                                   [](const Did& d) { return jwk::resolve_document(d); });
}

}  // namespace plx::did
