// Key lookup for verification (DID Core §5.3 verification relationships; SD-JWT VC §4 issuer
// metadata JWK sets).
#include "plx/vc/keys.hpp"

#include <mutex>

#include "plx/crypto/jwk.hpp"
#include "plx/did/did_url.hpp"

namespace plx::vc {

namespace {

// Decoding a verification method's key checks the point (for Ed25519 a prime-order-subgroup
// check, a full scalar multiplication), which costs a third of a signature verification. The
// result depends only on the method's type and material, so it is memoized by that text: the
// same bytes always give the same validated key, and a changed document misses the cache.
// Bounded; cleared when full. Thread-safe.
Result<crypto::PublicKey> cached_method_key(const did::VerificationMethod& vm) {
  std::string material = vm.type + "|";
  if (vm.public_key_multibase) {
    material += "mb:" + *vm.public_key_multibase;
  } else if (vm.public_key_jwk) {
    material += "jwk:" + json_dump(*vm.public_key_jwk);
  } else {
    auto key = did::verification_method_public_key(vm);
    if (!key.has_value()) return key.error().within("kid");
    return *key;
  }
  static std::mutex mu;
  static std::map<std::string, crypto::PublicKey, std::less<>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(material);
    if (it != cache.end()) return it->second;
  }
  auto key = did::verification_method_public_key(vm);
  if (!key.has_value()) return key.error().within("kid");
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 4096) cache.clear();
  cache.emplace(std::move(material), *key);
  return *key;
}

}  // namespace

Result<KeyLookup> find_key(const did::Resolver& resolver, std::string_view did_url,
                           did::Relationship relationship) {
  auto url = did::DidUrl::parse(did_url);
  if (!url.has_value()) {
    return Error(ErrorCode::kMalformed,
                 "the key id is not a DID URL: " + url.error().message, "kid");
  }
  if (url->is_did()) {
    return Error(ErrorCode::kMalformed, "the key id names a DID, not one of its verification methods",
                 "kid");
  }
  PLX_TRY(auto res, resolver.resolve(url->did().to_string()));
  if (!res.ok()) {
    return Error(ErrorCode::kNotFound,
                 "cannot resolve " + url->did().to_string() + ": " +
                     res.did_resolution_metadata.error +
                     (res.did_resolution_metadata.error_message.empty()
                          ? std::string()
                          : " (" + res.did_resolution_metadata.error_message + ")"),
                 "kid");
  }
  const did::Document& doc = *res.did_document;
  std::string id = url->to_string();
  const did::VerificationMethod* vm = doc.find_verification_method(id);
  if (vm == nullptr) {
    return Error(ErrorCode::kNotFound, "the DID document has no verification method " + id, "kid");
  }
  PLX_TRY(crypto::PublicKey key, cached_method_key(*vm));
  KeyLookup out{key, id, url->did().to_string(), false, {}};
  if (!doc.is_authorized(relationship, id)) {
    out.reason = "verification method " + id + " is not listed under " +
                 std::string(did::relationship_name(relationship));
  } else if (!crypto::can_sign(key.type())) {
    out.reason = "verification method " + id + " holds a key that cannot sign";
  } else {
    out.authorized = true;
  }
  return out;
}

Status StaticIssuerKeys::add(std::string issuer, Json jwks) {
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return Error(ErrorCode::kInvalidArgument, "a JWK set must be {\"keys\": [...]}", "jwks");
  }
  for (const auto& k : jwks["keys"]) {
    if (!k.is_object()) return Error(ErrorCode::kInvalidArgument, "a JWK must be an object", "jwks/keys");
  }
  by_issuer_[std::move(issuer)] = std::move(jwks);
  return ok_status();
}

Result<Json> StaticIssuerKeys::jwks(std::string_view issuer) const {
  auto it = by_issuer_.find(issuer);
  if (it == by_issuer_.end()) {
    return Error(ErrorCode::kNotFound, "no JWK set known for issuer " + std::string(issuer), "iss");
  }
  return it->second;
}

Result<crypto::PublicKey> find_issuer_jwk(const IssuerKeySource& source, std::string_view issuer,
                                          std::string_view kid) {
  PLX_TRY(Json set, source.jwks(issuer));
  if (!set.contains("keys") || !set["keys"].is_array()) {
    return Error(ErrorCode::kMalformed, "the issuer's JWK set has no keys array", "jwks");
  }
  const auto& keys = set["keys"];
  const Json* match = nullptr;
  if (kid.empty()) {
    if (keys.size() == 1) match = &keys[0];
  } else {
    for (const auto& k : keys) {
      if (k.contains("kid") && k["kid"].is_string() && k["kid"].get_ref<const std::string&>() == kid) {
        match = &k;
      }
    }
  }
  if (match == nullptr) {
    return Error(ErrorCode::kNotFound,
                 "issuer " + std::string(issuer) + " publishes no key with kid '" + std::string(kid) + "'",
                 "kid");
  }
  for (const char* priv : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
    if (match->contains(priv)) {
      return Error(ErrorCode::kMalformed, "the issuer's JWK carries private members", "jwks");
    }
  }
  return crypto::public_key_from_jwk(*match);
}

}  // namespace plx::vc
