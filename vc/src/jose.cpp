// VC-JOSE-COSE §3.1 (vc+jwt, vp+jwt) and VCDM 1.1 §6.3.1 (JWT-encoded credentials).
#include "plx/vc/jose.hpp"

#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/vc/datetime.hpp"
#include "plx/vc/keys.hpp"

namespace plx::vc {
namespace {

Result<std::string> sign_json(const Json& payload, const crypto::Signer& signer, Json header) {
  crypto::JwsSignOptions options;
  options.header = std::move(header);
  std::string text = json_dump(payload);
  return crypto::jws_sign(signer, as_bytes(text), options);
}

// The issuer's (or holder's) identifier: a string, or an object's "id".
std::string party_id(const Json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object() && it->contains("id") && (*it)["id"].is_string()) return (*it)["id"].get<std::string>();
  return {};
}

// The signature check of a JWS already split by jws_parse: the key decides the algorithm
// (RFC 8725 §3.1), and the signing input is the received octets up to the second '.'
// (RFC 7515 §5.2). A header with "crit" goes through crypto::jws_verify, which owns the
// RFC 7515 §4.1.11 rules (and RFC 7797 "b64"). Errors: as crypto::jws_verify.
Status verify_parsed_jws(std::string_view compact, const crypto::ParsedJws& parsed,
                         const crypto::PublicKey& key, const JoseVerifyOptions& options) {
  // jws_parse guarantees a string "alg".
  auto alg = crypto::algorithm_from_name(
      parsed.header.find("alg")->get_ref<const std::string&>());
  if (parsed.header.contains("crit") || !alg.has_value()) {
    // Rare paths (and their precise errors: an unknown alg is kUnsupported) stay with the JWS
    // module.
    crypto::JwsVerifyOptions jo;
    jo.signature = options.signature;
    PLX_RETURN_IF_ERROR(crypto::jws_verify(compact, key, jo));
    return ok_status();
  }
  auto key_alg = crypto::algorithm_for(key.type());
  if (!key_alg.has_value() || *key_alg != *alg) {
    return Error(ErrorCode::kVerificationFailed,
                 "alg " + std::string(crypto::algorithm_name(*alg)) + " does not match key type " +
                     std::string(crypto::key_type_name(key.type())),
                 "header/alg");
  }
  const std::string_view signing_input =
      compact.substr(0, parsed.header_b64.size() + 1 + parsed.payload_b64.size());
  return crypto::verify(key, as_bytes(signing_input), parsed.signature, options.signature);
}

}  // namespace

Result<std::string> issue_vc_jwt(const Json& credential, const crypto::Signer& signer,
                                 std::string_view kid) {
  if (!credential.is_object()) {
    return Error(ErrorCode::kInvalidArgument, "a credential must be a JSON object", "credential");
  }
  if (kid.empty()) return Error(ErrorCode::kInvalidArgument, "kid is required", "kid");
  return sign_json(credential, signer, Json{{"kid", kid}, {"typ", kTypVcJwt}, {"cty", "vc"}});
}

Result<std::string> issue_vp_jwt(const Json& presentation, const crypto::Signer& signer,
                                 std::string_view kid, std::string_view aud,
                                 std::string_view nonce) {
  if (!presentation.is_object()) {
    return Error(ErrorCode::kInvalidArgument, "a presentation must be a JSON object", "presentation");
  }
  if (kid.empty()) return Error(ErrorCode::kInvalidArgument, "kid is required", "kid");
  Json payload = presentation;
  if (!aud.empty()) payload["aud"] = aud;
  if (!nonce.empty()) payload["nonce"] = nonce;
  return sign_json(payload, signer, Json{{"kid", kid}, {"typ", kTypVpJwt}, {"cty", "vp"}});
}

Result<std::string> issue_vc11_jwt(const Json& credential, const crypto::Signer& signer,
                                   std::string_view kid) {
  if (!credential.is_object()) {
    return Error(ErrorCode::kInvalidArgument, "a credential must be a JSON object", "credential");
  }
  Json claims = Json::object();
  std::string iss = party_id(credential, "issuer");
  if (iss.empty()) return Error(ErrorCode::kInvalidArgument, "the credential has no issuer", "/issuer");
  claims["iss"] = iss;
  const char* from = credential.contains("issuanceDate") ? "issuanceDate" : "validFrom";
  if (!credential.contains(from) || !credential[from].is_string()) {
    return Error(ErrorCode::kInvalidArgument, "issuanceDate is required", "/issuanceDate");
  }
  auto nbf = parse_xsd_datetime(credential[from].get<std::string>(), false);
  if (!nbf.has_value()) return Error(ErrorCode::kInvalidArgument, nbf.error().message, std::string("/") + from);
  claims["nbf"] = *nbf;
  for (const char* k : {"expirationDate", "validUntil"}) {
    if (credential.contains(k) && credential[k].is_string()) {
      auto exp = parse_xsd_datetime(credential[k].get<std::string>(), false);
      if (!exp.has_value()) return Error(ErrorCode::kInvalidArgument, exp.error().message, std::string("/") + k);
      claims["exp"] = *exp;
    }
  }
  if (credential.contains("id") && credential["id"].is_string()) claims["jti"] = credential["id"];
  if (credential.contains("credentialSubject") && credential["credentialSubject"].is_object() &&
      credential["credentialSubject"].contains("id")) {
    claims["sub"] = credential["credentialSubject"]["id"];
  }
  claims["vc"] = credential;
  return sign_json(claims, signer, Json{{"kid", kid}, {"typ", "JWT"}});
}

Result<Json> vc11_jwt_to_credential(const Json& payload) {
  if (!payload.is_object() || !payload.contains("vc") || !payload["vc"].is_object()) {
    return Error(ErrorCode::kMalformed, "a VCDM 1.1 JWT needs a \"vc\" object claim", "/vc");
  }
  Json vc = payload["vc"];
  // VCDM 1.1 §6.3.1: each registered claim, when present, stands for its credential member and
  // must agree with it when both are present.
  auto map_string = [&](const char* claim, const char* member) -> Status {
    if (!payload.contains(claim)) return ok_status();
    if (!payload[claim].is_string()) {
      return Error(ErrorCode::kMalformed, std::string(claim) + " must be a string", std::string("/") + claim);
    }
    if (std::string(member) == "issuer") {
      std::string cur = party_id(vc, "issuer");
      if (!cur.empty() && cur != payload[claim].get<std::string>()) {
        return Error(ErrorCode::kMalformed, "iss and vc.issuer disagree", "/iss");
      }
      if (cur.empty()) vc["issuer"] = payload[claim];
      return ok_status();
    }
    if (vc.contains(member) && vc[member] != payload[claim]) {
      return Error(ErrorCode::kMalformed, std::string(claim) + " and vc." + member + " disagree",
                   std::string("/") + claim);
    }
    vc[member] = payload[claim];
    return ok_status();
  };
  PLX_RETURN_IF_ERROR(map_string("iss", "issuer"));
  PLX_RETURN_IF_ERROR(map_string("jti", "id"));
  if (payload.contains("sub")) {
    if (!payload["sub"].is_string()) return Error(ErrorCode::kMalformed, "sub must be a string", "/sub");
    if (!vc.contains("credentialSubject")) vc["credentialSubject"] = Json::object();
    auto& cs = vc["credentialSubject"];
    if (!cs.is_object()) return Error(ErrorCode::kMalformed, "sub needs one credentialSubject", "/sub");
    if (cs.contains("id") && cs["id"] != payload["sub"]) {
      return Error(ErrorCode::kMalformed, "sub and credentialSubject.id disagree", "/sub");
    }
    cs["id"] = payload["sub"];
  }
  auto map_time = [&](const char* claim, const char* member) -> Status {
    if (!payload.contains(claim)) return ok_status();
    if (!payload[claim].is_number_integer()) {
      return Error(ErrorCode::kMalformed, std::string(claim) + " must be an integer NumericDate",
                   std::string("/") + claim);
    }
    auto formatted = format_xsd_datetime(payload[claim].get<std::int64_t>());
    if (!formatted.has_value()) {
      return Error(ErrorCode::kMalformed, std::string(claim) + " is outside years 0001..9999",
                   std::string("/") + claim);
    }
    std::string when = *std::move(formatted);
    if (vc.contains(member)) {
      auto cur = vc[member].is_string() ? parse_xsd_datetime(vc[member].get<std::string>(), false)
                                        : Result<UnixSeconds>(Error(ErrorCode::kMalformed, "x"));
      if (!cur.has_value() || *cur != payload[claim].get<std::int64_t>()) {
        return Error(ErrorCode::kMalformed, std::string(claim) + " and vc." + member + " disagree",
                     std::string("/") + claim);
      }
      return ok_status();
    }
    vc[member] = when;
    return ok_status();
  };
  PLX_RETURN_IF_ERROR(map_time("nbf", "issuanceDate"));
  PLX_RETURN_IF_ERROR(map_time("exp", "expirationDate"));
  return vc;
}

Result<Verdict> verify_jose(std::string_view jwt, const did::Resolver& resolver,
                            const JoseVerifyOptions& options) {
  // Parsed once: the header names the key, and the same parse gives the signing input and the
  // signature that are verified below (the JWS is never decoded twice).
  PLX_TRY(crypto::ParsedJws parsed, crypto::jws_parse(jwt));
  auto parsed_payload = json_parse(as_string_view(parsed.payload));
  if (!parsed_payload.has_value() || !parsed_payload->is_object()) {
    return Error(ErrorCode::kMalformed, "the JWS payload is not a JSON object", "payload");
  }
  // The JWT claims. For vc+jwt / vp+jwt they are the secured document itself (not copied);
  // a VCDM 1.1 JWT's document is derived from them.
  Json claims = *std::move(parsed_payload);
  const Json* payload = &claims;
  const Json& h = parsed.header;
  std::string typ = h.contains("typ") && h["typ"].is_string() ? h["typ"].get<std::string>() : "";
  Verdict v;
  bool is_vp = false;
  Json derived;
  const Json* doc = &claims;
  if (typ == kTypVcJwt || typ == kTypVpJwt) {
    is_vp = typ == kTypVpJwt;
    v.format = typ;
    if (h.contains("cty") && h["cty"] != (is_vp ? "vp" : "vc")) {
      v.fail("header", std::string("cty must be \"") + (is_vp ? "vp" : "vc") + "\"");
    }
  } else if ((typ.empty() || typ == "JWT") && payload->contains("vc")) {
    v.format = "jwt-vc-1.1";
    auto vc = vc11_jwt_to_credential(*payload);
    if (!vc.has_value()) {
      v.fail("issuer_matches", vc.error().message);
      derived = (*payload)["vc"];
    } else {
      derived = std::move(*vc);
    }
    doc = &derived;
  } else if ((typ.empty() || typ == "JWT") && payload->contains("vp")) {
    return Error(ErrorCode::kUnsupported, "VCDM 1.1 presentations in JWTs are not supported", "vp");
  } else {
    return Error(ErrorCode::kMalformed,
                 "not a credential JWT: typ must be vc+jwt or vp+jwt (or a VCDM 1.1 JWT with a vc claim)",
                 "header/typ");
  }
  const Json& document = *doc;
  v.issuer = party_id(document, is_vp ? "holder" : "issuer");
  if (!h.contains("kid") || !h["kid"].is_string()) {
    return Error(ErrorCode::kMalformed, "the header has no kid naming the signing key", "header/kid");
  }
  std::string kid = h["kid"].get<std::string>();
  if (!kid.empty() && kid[0] == '#' && payload->contains("iss") && (*payload)["iss"].is_string()) {
    kid = (*payload)["iss"].get<std::string>() + kid;  // VCDM 1.1 JWTs often use a relative kid
  }
  if (!v.failed_check("header")) v.pass("header");
  auto rel = is_vp ? did::Relationship::kAuthentication : did::Relationship::kAssertionMethod;
  PLX_TRY(KeyLookup key, find_key(resolver, kid, rel));
  v.verification_method = key.method_id;
  if (key.authorized) {
    v.pass("key_authorized");
  } else {
    v.fail("key_authorized", key.reason);
  }
  auto checked = verify_parsed_jws(jwt, parsed, key.key, options);
  if (checked.has_value()) {
    v.pass("signature");
  } else {
    v.fail("signature", checked.error().message);
  }
  // The key must belong to the party the document names, and "iss" must agree (VC-JOSE-COSE
  // §3.1.1 and VCDM 1.1 §6.3.1).
  std::string reason;
  if (v.issuer.empty()) {
    reason = is_vp ? "" : "the credential names no issuer";
  } else if (v.issuer != key.controller_did) {
    reason = "the key " + key.method_id + " does not belong to " + v.issuer;
  }
  if (reason.empty() && payload->contains("iss") && (*payload)["iss"] != v.issuer && !v.issuer.empty()) {
    reason = "iss does not match the issuer";
  }
  if (is_vp && v.issuer.empty()) v.issuer = key.controller_did;
  if (reason.empty()) {
    if (!v.failed_check("issuer_matches")) v.pass("issuer_matches");
  } else {
    v.fail("issuer_matches", reason);
  }
  // Enveloped credentials inside a presentation (VCDM 2.0 §4.13.1).
  if (is_vp && document.contains("verifiableCredential")) {
    Json list = document["verifiableCredential"];
    if (!list.is_array()) list = Json::array({list});
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& e = list[i];
      if (!e.is_object() || e.value("type", Json()) != "EnvelopedVerifiableCredential") continue;
      std::string id = e.value("id", std::string());
      std::string prefix = "data:application/vc+jwt,";
      if (id.rfind(prefix, 0) != 0) {
        v.fail("verifiableCredential/" + std::to_string(i),
               "an enveloped credential must be a data:application/vc+jwt, URL");
        continue;
      }
      auto inner = verify_jose(std::string_view(id).substr(prefix.size()), resolver, options);
      if (!inner.has_value()) return inner.error().within("verifiableCredential/" + std::to_string(i));
      v.merge(*inner, "verifiableCredential/" + std::to_string(i) + "/");
    }
  }
  v.document = doc == &claims ? std::move(claims) : std::move(derived);
  return v;
}

}  // namespace plx::vc
