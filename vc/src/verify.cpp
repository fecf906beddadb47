// The verifier's policy over every securing mechanism (see verify.hpp).
#include "plx/vc/verify.hpp"

#include <algorithm>

#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/vc/data_integrity.hpp"
#include "plx/vc/data_model.hpp"
#include "plx/vc/jose.hpp"
#include "plx/vc/keys.hpp"
#include "plx/vc/sd_jwt.hpp"

namespace plx::vc {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool has_type(const Json& doc, std::string_view t) {
  auto it = doc.find("type");
  if (it == doc.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == t;
  if (it->is_array()) return std::find(it->begin(), it->end(), Json(t)) != it->end();
  return false;
}

std::string join_issues(const std::vector<Issue>& issues) {
  std::string r;
  for (const auto& i : issues) r += (r.empty() ? "" : "; ") + (i.pointer.empty() ? std::string("(root)") : i.pointer) + ": " + i.reason;
  return r;
}

Result<Verdict> verify_impl(std::string_view input, const VerifyContext& ctx, const Policy& policy, int depth);

// A status list credential or token, fetched and verified with the same resolver, no status.
Result<Verdict> fetch_verified(std::string_view url, const VerifyContext& ctx, const Policy& policy, int depth) {
  if (ctx.status_lists == nullptr) {
    return Error(ErrorCode::kNotFound, "no status list source is configured to fetch " + std::string(url), "status");
  }
  PLX_TRY(std::string body, ctx.status_lists->fetch(url));
  Policy inner = policy;
  inner.require_status = false;
  inner.require_holder_binding = false;
  inner.trusted_issuers.clear();
  inner.audience.clear();
  inner.nonce.clear();
  return verify_impl(body, ctx, inner, depth + 1);
}

Result<StatusOutcome> check_bitstring(const Json& entry, std::string_view issuer, const VerifyContext& ctx,
                                      const Policy& policy, int depth) {
  // Bitstring Status List §3.2 "Validate Algorithm".
  auto url = json_get_string(entry, "statusListCredential", "credentialStatus");
  if (!url.has_value()) return url.error();
  auto idx_text = json_get_string(entry, "statusListIndex", "credentialStatus");
  if (!idx_text.has_value()) return idx_text.error();
  auto purpose = json_get_string(entry, "statusPurpose", "credentialStatus");
  if (!purpose.has_value()) return purpose.error();
  const std::string& it = *idx_text;
  if (it.empty() || it.size() > 18 || !std::all_of(it.begin(), it.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (it.size() > 1 && it[0] == '0')) {
    return Error(ErrorCode::kMalformed, "statusListIndex must be a decimal integer string", "credentialStatus/statusListIndex");
  }
  std::uint64_t index = std::stoull(it);
  unsigned size = 1;
  if (entry.contains("statusSize")) {
    if (!entry["statusSize"].is_number_unsigned() || entry["statusSize"] == 0 || entry["statusSize"] > 32) {
      return Error(ErrorCode::kMalformed, "statusSize must be a positive integer", "credentialStatus/statusSize");
    }
    size = entry["statusSize"].get<unsigned>();
  }
  PLX_TRY(Verdict list, fetch_verified(*url, ctx, policy, depth));
  if (!list.valid()) {
    return Error(ErrorCode::kVerificationFailed,
                 "the status list credential " + *url + " does not verify: " + list.failed[0].check + ": " + list.failed[0].reason,
                 "credentialStatus/statusListCredential");
  }
  const Json& lc = list.document;
  if (!has_type(lc, "BitstringStatusListCredential")) {
    return Error(ErrorCode::kVerificationFailed, "the status list is not a BitstringStatusListCredential", "statusListCredential");
  }
  if (list.issuer != issuer) {
    return Error(ErrorCode::kVerificationFailed,
                 "the status list was issued by " + list.issuer + ", not by the credential's issuer", "statusListCredential");
  }
  const Json& subject = lc.value("credentialSubject", Json());
  if (!subject.is_object() || !has_type(subject, "BitstringStatusList")) {
    return Error(ErrorCode::kMalformed, "the status list's subject must be a BitstringStatusList", "statusListCredential/credentialSubject");
  }
  const Json& lp = subject.value("statusPurpose", Json());
  bool purpose_ok = lp == *purpose || (lp.is_array() && std::find(lp.begin(), lp.end(), Json(*purpose)) != lp.end());
  if (!purpose_ok) {
    return Error(ErrorCode::kVerificationFailed, "the status list's statusPurpose does not match the entry's", "statusPurpose");
  }
  auto encoded = json_get_string(subject, "encodedList", "statusListCredential/credentialSubject");
  if (!encoded.has_value()) return encoded.error();
  PLX_TRY(Bytes bits, status::decode_bitstring(*encoded));
  PLX_TRY(std::uint32_t value, status::bitstring_get(bits, index, size));
  StatusOutcome out;
  out.purpose = *purpose;
  out.value = value;
  out.set = value != 0 && (*purpose == "revocation" || *purpose == "suspension");
  out.message = *purpose + " status at index " + it + " of " + *url + " is " + std::to_string(value);
  if (*purpose == "revocation" && out.set) out.message = "revoked by the issuer (" + *url + " index " + it + ")";
  if (*purpose == "suspension" && out.set) out.message = "suspended by the issuer (" + *url + " index " + it + ")";
  return out;
}

Result<StatusOutcome> check_token_status(const Json& ref, std::string_view issuer, const VerifyContext& ctx,
                                         const Policy& policy) {
  // Token Status List §6: {"status_list": {"idx": n, "uri": "..."}}; the list is a
  // statuslist+jwt signed by the referenced token's issuer.
  const Json& sl = ref.value("status_list", Json());
  if (!sl.is_object() || !sl.contains("idx") || !sl["idx"].is_number_unsigned() || !sl.contains("uri") || !sl["uri"].is_string()) {
    return Error(ErrorCode::kMalformed, "status.status_list needs an unsigned idx and a uri", "status/status_list");
  }
  std::string uri = sl["uri"].get<std::string>();
  if (ctx.status_lists == nullptr) return Error(ErrorCode::kNotFound, "no status list source is configured to fetch " + uri, "status");
  PLX_TRY(std::string body, ctx.status_lists->fetch(uri));
  std::string_view jwt = trim(body);
  PLX_TRY(crypto::ParsedJws parsed, crypto::jws_parse(jwt));
  if (parsed.header.value("typ", Json()) != "statuslist+jwt") {
    return Error(ErrorCode::kVerificationFailed, "the status list token's typ must be statuslist+jwt", "status_list/typ");
  }
  auto kid = parsed.header.value("kid", std::string());
  PLX_TRY(KeyLookup key, find_key(*ctx.resolver, kid, did::Relationship::kAssertionMethod));
  if (!key.authorized || key.controller_did != issuer) {
    return Error(ErrorCode::kVerificationFailed, "the status list token is not signed by the credential's issuer", "status_list/kid");
  }
  PLX_TRY(crypto::ParsedJws checked, crypto::jws_verify(jwt, key.key));
  PLX_TRY(Json claims, json_parse(as_string_view(checked.payload)));
  if (!claims.is_object() || claims.value("sub", Json()) != uri) {
    return Error(ErrorCode::kVerificationFailed, "the status list token's sub is not the uri it was fetched from", "status_list/sub");
  }
  UnixSeconds now = policy.now.value_or(unix_now());
  if (claims.contains("exp") && claims["exp"].is_number_integer() && claims["exp"].get<std::int64_t>() < now - policy.clock_skew_s) {
    return Error(ErrorCode::kVerificationFailed, "the status list token has expired", "status_list/exp");
  }
  PLX_TRY(status::TokenStatusList list, status::token_status_list_from_json(claims.value("status_list", Json())));
  PLX_TRY(std::uint8_t value, list.get(sl["idx"].get<std::uint64_t>()));
  StatusOutcome out;
  out.purpose = "status_list";
  out.value = value;
  out.set = value == 1 || value == 2;  // 0x01 INVALID, 0x02 SUSPENDED (§7.1)
  out.message = value == 1 ? "revoked (status INVALID in " + uri + ")"
              : value == 2 ? "suspended (status SUSPENDED in " + uri + ")"
                           : "status " + std::to_string(value) + " in " + uri;
  return out;
}

Result<StatusOutcome> check_entry(const Json& entry, std::string_view issuer, const VerifyContext& ctx,
                                  const Policy& policy, int depth) {
  if (entry.is_object() && entry.contains("status_list")) return check_token_status(entry, issuer, ctx, policy);
  std::string type = entry.is_object() ? entry.value("type", std::string()) : "";
  auto it = ctx.status_checkers.find(type);
  if (it != ctx.status_checkers.end() && it->second != nullptr) return it->second->check(entry, issuer);
  if (type == "BitstringStatusListEntry") return check_bitstring(entry, issuer, ctx, policy, depth);
  return Error(ErrorCode::kUnsupported, "no status method for credentialStatus type '" + type + "'", "credentialStatus/type");
}

Status check_status(const Json& doc, const std::string& issuer, const VerifyContext& ctx, const Policy& policy,
                    int depth, Verdict& v) {
  std::vector<Json> entries;
  if (auto cs = doc.find("credentialStatus"); cs != doc.end()) {
    if (cs->is_array()) {
      for (const auto& e : *cs) entries.push_back(e);
    } else {
      entries.push_back(*cs);
    }
  }
  if (auto st = doc.find("status"); st != doc.end() && st->is_object()) entries.push_back(*st);
  if (entries.empty()) {
    if (policy.require_status) v.fail("status", "the policy requires a status and the credential has none");
    return ok_status();
  }
  bool all_checked = true;
  for (const auto& e : entries) {
    auto r = check_entry(e, issuer, ctx, policy, depth);
    if (!r.has_value()) {
      // Fail closed: a required status that cannot be checked is "could not check".
      if (policy.require_status) return r.error();
      all_checked = false;
      continue;
    }
    if (r->set) v.fail("status", r->message);
  }
  if (!v.failed_check("status")) v.pass(all_checked ? "status" : "status(not checked)");
  return ok_status();
}

void check_times(const Json& doc, const Policy& policy, Verdict& v) {
  UnixSeconds now = policy.now.value_or(unix_now());
  auto date = [&](const char* k, bool from) {
    if (!doc.contains(k) || !doc[k].is_string()) return;
    auto t = parse_xsd_datetime(doc[k].get<std::string>(), false);
    std::string name = from ? "valid_from" : "valid_until";
    if (!t.has_value()) {
      v.fail(name, std::string(k) + ": " + t.error().message);
    } else if (from && *t > now + policy.clock_skew_s) {
      v.fail(name, std::string("not yet valid: ") + k + " is " + doc[k].get<std::string>());
    } else if (!from && *t < now - policy.clock_skew_s) {
      v.fail(name, std::string("expired: ") + k + " was " + doc[k].get<std::string>());
    } else {
      v.pass(name);
    }
  };
  date("validFrom", true);
  date("issuanceDate", true);
  date("validUntil", false);
  date("expirationDate", false);
  // RFC 7519 §4.1.4-§4.1.5.
  if (doc.contains("nbf")) {
    if (!doc["nbf"].is_number_integer()) v.fail("nbf", "nbf must be an integer NumericDate");
    else if (doc["nbf"].get<std::int64_t>() > now + policy.clock_skew_s) v.fail("nbf", "not yet valid (nbf)");
    else v.pass("nbf");
  }
  if (doc.contains("exp")) {
    if (!doc["exp"].is_number_integer()) v.fail("exp", "exp must be an integer NumericDate");
    else if (doc["exp"].get<std::int64_t>() < now - policy.clock_skew_s) v.fail("exp", "expired (exp)");
    else v.pass("exp");
  }
}

void check_data_model(const Json& doc, const std::string& format, const Policy& policy, Verdict& v) {
  if (!policy.validate_data_model) return;
  if (format == "sd-jwt" && doc.contains("vct")) {
    // SD-JWT VC §3.2.2: vct (a string) and iss are required.
    if (!doc["vct"].is_string()) v.fail("data_model", "/vct: must be a string");
    else if (!doc.contains("iss") || !doc["iss"].is_string()) v.fail("data_model", "/iss: an SD-JWT VC needs an issuer");
    else v.pass("data_model");
    return;
  }
  if (!doc.contains("@context")) {
    v.fail("data_model", "neither a VCDM credential (@context) nor an SD-JWT VC (vct)");
    return;
  }
  if (has_type(doc, "VerifiablePresentation")) {
    auto r = validate_presentation(doc);
    if (r.ok()) v.pass("data_model"); else v.fail("data_model", join_issues(r.issues));
  } else {
    auto r = validate_credential(doc);
    if (r.ok()) v.pass("data_model"); else v.fail("data_model", join_issues(r.issues));
  }
}

// The SD-JWT verification options a policy asks for (both serializations: compact with '~'
// and JWS JSON).
sd_jwt::VerifyOptions sd_jwt_options(const VerifyContext& ctx, const Policy& policy) {
  sd_jwt::VerifyOptions so;
  so.issuer_keys = ctx.issuer_keys;
  so.require_key_binding = policy.require_holder_binding;
  so.expected_aud = policy.audience;
  so.expected_nonce = policy.nonce;
  so.now = policy.now;
  so.kb_max_age_s = policy.kb_max_age_s;
  so.clock_skew_s = policy.clock_skew_s;
  return so;
}

Result<Verdict> verify_impl(std::string_view raw, const VerifyContext& ctx, const Policy& policy, int depth) {
  if (ctx.resolver == nullptr) return Error(ErrorCode::kInvalidArgument, "a resolver is required", "resolver");
  if (depth > 1) return Error(ErrorCode::kInvalidArgument, "status lists nest too deeply", "status");
  std::string_view input = trim(raw);
  if (input.empty()) return Error(ErrorCode::kMalformed, "empty input", "");
  Verdict v;
  bool is_presentation = false;
  if (input.front() == '{') {
    PLX_TRY(Json doc, json_parse(input));
    if (doc.is_object() && doc.contains("payload") && (doc.contains("signatures") || doc.contains("protected"))) {
      PLX_TRY(v, sd_jwt::verify(input, *ctx.resolver, sd_jwt_options(ctx, policy)));
    } else if (doc.is_object() && doc.contains("proof")) {
      di::VerifyOptions dopt;
      is_presentation = has_type(doc, "VerifiablePresentation");
      if (is_presentation) dopt.expected_proof_purpose = "authentication";
      if (is_presentation) {  // domain/challenge bind a presentation to one verifier (DI §2.1)
        dopt.expected_domain = policy.audience;
        dopt.expected_challenge = policy.nonce;
      }
      dopt.now = policy.now;
      dopt.clock_skew_s = policy.clock_skew_s;
      PLX_TRY(v, di::verify(doc, *ctx.resolver, dopt));
      if (is_presentation && policy.require_holder_binding) {
        if (policy.nonce.empty() && policy.audience.empty()) v.fail("holder_binding", "the policy names no nonce or audience");
        else v.pass("holder_binding");
      }
    } else {
      return Error(ErrorCode::kMalformed, "a JSON credential without a proof is not secured", "/proof");
    }
  } else if (input.find('~') != std::string_view::npos) {
    PLX_TRY(v, sd_jwt::verify(input, *ctx.resolver, sd_jwt_options(ctx, policy)));
  } else if (std::count(input.begin(), input.end(), '.') == 2) {
    PLX_TRY(v, verify_jose(input, *ctx.resolver));
    is_presentation = v.format == "vp+jwt";
    if (is_presentation) {
      bool bound = true;
      if (!policy.audience.empty() && v.document.value("aud", Json()) != policy.audience) {
        v.fail("holder_binding", "aud is not this verifier");
        bound = false;
      }
      if (!policy.nonce.empty() && v.document.value("nonce", Json()) != policy.nonce) {
        v.fail("holder_binding", "nonce does not match");
        bound = false;
      }
      if (policy.require_holder_binding && policy.audience.empty() && policy.nonce.empty()) {
        v.fail("holder_binding", "the policy names no nonce or audience");
        bound = false;
      }
      if (bound) v.pass("holder_binding");
    } else if (policy.require_holder_binding) {
      v.fail("holder_binding", "a vc+jwt carries no holder binding");
    }
  } else {
    return Error(ErrorCode::kMalformed, "not a credential in any format this verifier reads", "");
  }
  if (v.format == "sd-jwt" && v.document.contains("iss") && v.document["iss"].is_string() && v.issuer.empty()) v.issuer = v.document["iss"].get<std::string>();
  check_data_model(v.document, v.format, policy, v);
  check_times(v.document, policy, v);
  if (!is_presentation && depth == 0) {
    PLX_RETURN_IF_ERROR(check_status(v.document, v.issuer, ctx, policy, depth, v));
  }
  if (!policy.trusted_issuers.empty() && !is_presentation) {
    if (std::find(policy.trusted_issuers.begin(), policy.trusted_issuers.end(), v.issuer) == policy.trusted_issuers.end()) {
      v.fail("trusted_issuer", "the issuer " + v.issuer + " is not trusted");
    } else {
      v.pass("trusted_issuer");
    }
  }
  return v;
}

}  // namespace

Result<StatusOutcome> check_status_entry(const Json& entry, std::string_view issuer, const VerifyContext& context,
                                         const Policy& policy) {
  return check_entry(entry, issuer, context, policy, 0);
}

Result<Verdict> verify(std::string_view input, const VerifyContext& context, const Policy& policy) {
  return verify_impl(input, context, policy, 0);
}

Result<Policy> policy_from_json(const Json& j) {
  if (!j.is_object()) return Error(ErrorCode::kMalformed, "a policy must be a JSON object", "");
  Policy p;
  for (const auto& item : j.items()) {
    // Named references, not a structured binding: the lambdas below capture them, which C++20
    // allows but Debian 12's clang (14) refuses, and the fuzz preset builds this module with it.
    const std::string& k = item.key();
    const Json& val = item.value();
    std::string w = "/" + json_pointer_escape(k);
    auto need_bool = [&]() -> Result<bool> {
      if (!val.is_boolean()) return Error(ErrorCode::kMalformed, "must be true or false", w);
      return val.get<bool>();
    };
    auto need_int = [&]() -> Result<std::int64_t> {
      if (!val.is_number_integer() || val.get<std::int64_t>() < 0) {
        return Error(ErrorCode::kMalformed, "must be a non-negative integer", w);
      }
      return val.get<std::int64_t>();
    };
    auto need_string = [&]() -> Result<std::string> {
      if (!val.is_string()) return Error(ErrorCode::kMalformed, "must be a string", w);
      return val.get<std::string>();
    };
    if (k == "now") {
      if (val.is_number_integer()) {
        p.now = val.get<std::int64_t>();
      } else if (val.is_string()) {
        auto t = parse_xsd_datetime(val.get<std::string>(), true);
        if (!t.has_value()) return Error(ErrorCode::kMalformed, t.error().message, w);
        p.now = *t;
      } else {
        return Error(ErrorCode::kMalformed, "must be a dateTimeStamp or a Unix time", w);
      }
    } else if (k == "clockSkewSeconds") {
      PLX_TRY(p.clock_skew_s, need_int());
    } else if (k == "requireStatus") {
      PLX_TRY(p.require_status, need_bool());
    } else if (k == "trustedIssuers") {
      if (!val.is_array()) return Error(ErrorCode::kMalformed, "must be an array of issuer ids", w);
      for (const auto& x : val) {
        if (!x.is_string()) return Error(ErrorCode::kMalformed, "must be an array of issuer ids", w);
        p.trusted_issuers.push_back(x.get<std::string>());
      }
    } else if (k == "requireHolderBinding") {
      PLX_TRY(p.require_holder_binding, need_bool());
    } else if (k == "audience") {
      PLX_TRY(p.audience, need_string());
    } else if (k == "nonce") {
      PLX_TRY(p.nonce, need_string());
    } else if (k == "keyBindingMaxAgeSeconds") {
      PLX_TRY(p.kb_max_age_s, need_int());
    } else if (k == "validateDataModel") {
      PLX_TRY(p.validate_data_model, need_bool());
    } else {
      return Error(ErrorCode::kMalformed, "unknown policy member", w);
    }
  }
  return p;
}

}  // namespace plx::vc
