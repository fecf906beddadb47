#include "did_keys.hpp"

#include "plx/did/did_url.hpp"
#include "plx/did/methods/jwk.hpp"
#include "plx/did/methods/key.hpp"

namespace plx::cli {

Result<crypto::KeyType> key_type_from_cli(std::string_view name) {
  if (name == "ed25519") return crypto::KeyType::kEd25519;
  if (name == "secp256k1") return crypto::KeyType::kSecp256k1;
  if (name == "p256") return crypto::KeyType::kP256;
  if (name == "p384") return crypto::KeyType::kP384;
  return Error(ErrorCode::kInvalidArgument,
               "unknown key type '" + std::string(name) + "' (use ed25519, secp256k1, p256, p384)",
               "--type");
}

Result<NewDid> create_did(std::string_view method, crypto::KeyType type) {
  if (method != did::key::kMethod && method != did::jwk::kMethod) {
    return Error(ErrorCode::kInvalidArgument,
                 "unknown DID method '" + std::string(method) + "' (use key or jwk)", "--method");
  }
  PLX_TRY(crypto::PrivateKey key, crypto::PrivateKey::generate(type));
  if (method == did::key::kMethod) {
    did::Did d = did::key::create(key.public_key());
    std::string kid = d.to_string() + "#" + key.public_key().multikey();
    return NewDid{std::move(d), std::move(kid), std::move(key)};
  }
  did::Did d = did::jwk::create(key.public_key());
  std::string kid = d.to_string() + "#0";
  return NewDid{std::move(d), std::move(kid), std::move(key)};
}

Result<NewBbsDid> create_bbs_did(std::string_view method) {
  if (method != did::key::kMethod) {
    return Error(ErrorCode::kInvalidArgument,
                 "bls12381g2 keys are created as did:key only (use --method key)", "--method");
  }
  // KeyGen's hash is the SHA-256 suite's; the key itself serves both BBS ciphersuites.
  PLX_TRY(auto key, zkp::bbs::KeyPair::generate(zkp::bbs::Ciphersuite::kBls12381Sha256));
  did::Did d = did::key::create(key.public_key());
  std::string kid = d.to_string() + "#" + std::string(d.method_specific_id());
  return NewBbsDid{std::move(d), std::move(kid), std::move(key)};
}

namespace {

ErrorCode code_for_resolution_error(std::string_view e) {
  if (e == did::resolution_error::kInvalidDid) return ErrorCode::kMalformed;
  if (e == did::resolution_error::kNotFound) return ErrorCode::kNotFound;
  return ErrorCode::kUnsupported;
}

}  // namespace

Result<JwsCheck> verify_jws_with_did(const did::Resolver& resolver, std::string_view did_text,
                                     std::string_view jws, did::Relationship purpose,
                                     const crypto::JwsVerifyOptions& options) {
  PLX_TRY(crypto::ParsedJws parsed, crypto::jws_parse(jws));
  PLX_TRY(did::ResolutionResult resolved, resolver.resolve(did_text));
  if (!resolved.ok()) {
    const auto& md = resolved.did_resolution_metadata;
    return Error(code_for_resolution_error(md.error), md.error + ": " + md.error_message, "--did");
  }
  const did::Document& doc = *resolved.did_document;

  JwsCheck check;
  check.alg = parsed.header.value("alg", "");
  auto try_key = [&](const crypto::PublicKey& key) -> bool {
    auto v = crypto::jws_verify(jws, key, options);
    if (v.has_value()) {
      check.verified = true;
      check.payload = std::move(v->payload);
      return true;
    }
    check.reason = v.error().to_string();
    return false;
  };

  auto kid = parsed.header.find("kid");
  if (kid != parsed.header.end()) {
    if (!kid->is_string()) return Error(ErrorCode::kMalformed, "\"kid\" is not a string", "header/kid");
    check.kid = kid->get<std::string>();
    auto url = did::DidUrl::resolve(check.kid, doc.id);
    if (!url.has_value()) {
      check.reason = "header kid is not a DID URL: " + url.error().message;
      return check;
    }
    if (url->did() != doc.id) {
      check.reason = "header kid names " + url->did().to_string() + ", not " + doc.id.to_string();
      return check;
    }
    auto key = doc.authorized_key(purpose, url->to_string());
    if (!key.has_value()) {
      check.reason = key.error().to_string();
      return check;
    }
    try_key(*key);
    return check;
  }

  did::AuthorizedKeys keys = doc.authorized_keys(purpose);
  if (keys.keys.empty()) {
    check.reason = "the DID document lists no usable key under " +
                   std::string(did::relationship_name(purpose));
    return check;
  }
  for (const auto& k : keys.keys) {
    check.kid = k.id.to_string();
    if (try_key(k.key)) break;
  }
  return check;
}

}  // namespace plx::cli
