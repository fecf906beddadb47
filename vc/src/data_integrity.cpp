// Data Integrity (VC-DATA-INTEGRITY 1.0 §4) with eddsa-jcs-2022 (VC-DI-EDDSA 1.0 §3.3).
#include "plx/vc/data_integrity.hpp"

#include <algorithm>

#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/vc/keys.hpp"

namespace plx::vc::di {
namespace {

std::vector<Json> proofs_of(const Json& doc) {
  std::vector<Json> out;
  auto it = doc.find("proof");
  if (it == doc.end()) return out;
  if (it->is_array()) {
    for (const auto& p : *it) out.push_back(p);
  } else {
    out.push_back(*it);
  }
  return out;
}

std::vector<std::string> previous_ids(const Json& proof) {
  std::vector<std::string> out;
  auto it = proof.find("previousProof");
  if (it == proof.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const auto& x : *it) {
      if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  return out;
}

std::string party(const Json& doc) {
  for (const char* k : {"issuer", "holder"}) {
    auto it = doc.find(k);
    if (it == doc.end()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("id") && (*it)["id"].is_string()) return (*it)["id"].get<std::string>();
  }
  return {};
}

// The document a chained proof signed: the document with "proof" set to the proofs it names
// (VC-DATA-INTEGRITY §4.3 step 6, §4.5). Errors: kNotFound for an id that names no proof.
Result<Json> chain_input(const Json& unsecured, const std::vector<Json>& all,
                         const std::vector<std::string>& ids) {
  Json doc = unsecured;
  if (ids.empty()) return doc;
  Json matching = Json::array();
  for (const auto& id : ids) {
    bool found = false;
    for (const auto& p : all) {
      if (p.is_object() && p.value("id", std::string()) == id) {
        matching.push_back(p);
        found = true;
        break;
      }
    }
    if (!found) return Error(ErrorCode::kNotFound, "previousProof names no proof in the set: " + id, "previousProof");
  }
  doc["proof"] = std::move(matching);
  return doc;
}

}  // namespace

Result<Intermediates> jcs_intermediates(const Json& document, const Json& proof_config) {
  if (!proof_config.is_object()) {
    return Error(ErrorCode::kMalformed, "the proof configuration must be an object", "proof");
  }
  Intermediates out;
  PLX_TRY(out.canonical_document, jcs_canonicalize(document));
  PLX_TRY(out.canonical_proof_config, jcs_canonicalize(proof_config));
  // §3.3.4 Hashing: proofConfigHash first, then transformedDocumentHash.
  auto ph = crypto::sha256(as_bytes(out.canonical_proof_config));
  auto dh = crypto::sha256(as_bytes(out.canonical_document));
  out.hash_data.assign(ph.begin(), ph.end());
  out.hash_data.insert(out.hash_data.end(), dh.begin(), dh.end());
  return out;
}

Result<Json> add_proof(const Json& document, const crypto::Signer& signer, const ProofOptions& options) {
  if (!document.is_object()) return Error(ErrorCode::kInvalidArgument, "the document must be an object", "document");
  if (signer.algorithm() != crypto::Algorithm::kEdDSA) {
    return Error(ErrorCode::kInvalidArgument, "eddsa-jcs-2022 signs with Ed25519 keys only", "key");
  }
  if (options.verification_method.empty()) {
    return Error(ErrorCode::kInvalidArgument, "verificationMethod is required", "verificationMethod");
  }
  std::vector<Json> existing = proofs_of(document);
  Json unsecured = document;
  unsecured.erase("proof");
  Json config = {{"type", "DataIntegrityProof"},
                 {"cryptosuite", kCryptosuiteEddsaJcs2022},
                 {"verificationMethod", options.verification_method},
                 {"proofPurpose", options.proof_purpose}};
  if (!options.id.empty()) config["id"] = options.id;
  if (!options.omit_created) {
    PLX_TRY(config["created"], format_xsd_datetime(options.created.value_or(unix_now())));
  }
  if (options.expires) {
    PLX_TRY(config["expires"], format_xsd_datetime(*options.expires));
  }
  if (!options.domain.empty()) config["domain"] = options.domain;
  if (!options.challenge.empty()) config["challenge"] = options.challenge;
  if (!options.previous_proof.empty()) {
    config["previousProof"] = options.previous_proof.size() == 1 ? Json(options.previous_proof[0])
                                                                 : Json(options.previous_proof);
  }
  // §3.3.5 step: the proof config carries the document's @context.
  if (unsecured.contains("@context")) config["@context"] = unsecured["@context"];
  PLX_TRY(Json input, chain_input(unsecured, existing, options.previous_proof));
  PLX_TRY(Intermediates im, jcs_intermediates(input, config));
  PLX_TRY(Bytes sig, signer.sign(im.hash_data));
  Json proof = config;
  proof["proofValue"] = "z" + base58btc_encode(sig);
  Json out = document;
  if (existing.empty()) {
    out["proof"] = proof;
  } else {
    Json set = Json::array();
    for (auto& p : existing) set.push_back(p);
    set.push_back(proof);
    out["proof"] = set;
  }
  return out;
}

Result<Verdict> verify(const Json& document, const did::Resolver& resolver, const VerifyOptions& options) {
  if (!document.is_object()) return Error(ErrorCode::kMalformed, "the document must be an object", "");
  std::vector<Json> all = proofs_of(document);
  if (all.empty()) return Error(ErrorCode::kMalformed, "the document has no proof", "/proof");
  Json unsecured = document;
  unsecured.erase("proof");
  Verdict v;
  v.format = "data-integrity";
  v.document = unsecured;
  v.issuer = party(document);
  UnixSeconds now = options.now.value_or(unix_now());
  bool multi = all.size() > 1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Json& proof = all[i];
    std::string where = multi ? "/proof/" + std::to_string(i) : "/proof";
    std::string prefix = multi ? "proof/" + std::to_string(i) + "/" : "";
    if (!proof.is_object()) return Error(ErrorCode::kMalformed, "a proof must be an object", where);
    if (proof.value("type", Json()) != "DataIntegrityProof") {
      return Error(ErrorCode::kUnsupported, "only DataIntegrityProof proofs are supported", where + "/type");
    }
    if (proof.value("cryptosuite", Json()) != std::string(kCryptosuiteEddsaJcs2022)) {
      return Error(ErrorCode::kUnsupported,
                   "cryptosuite " + proof.value("cryptosuite", Json("(none)")).dump() +
                       " is not supported (eddsa-jcs-2022 is)",
                   where + "/cryptosuite");
    }
    auto pv = proof.find("proofValue");
    if (pv == proof.end() || !pv->is_string() || pv->get_ref<const std::string&>().empty() ||
        pv->get_ref<const std::string&>()[0] != 'z') {
      return Error(ErrorCode::kMalformed, "proofValue must be a base58btc multibase string", where + "/proofValue");
    }
    auto sig = base58btc_decode(std::string_view(pv->get_ref<const std::string&>()).substr(1));
    if (!sig.has_value()) return sig.error().within(where + "/proofValue");
    auto vm = proof.find("verificationMethod");
    if (vm == proof.end() || !vm->is_string()) {
      return Error(ErrorCode::kMalformed, "verificationMethod must be a DID URL string", where + "/verificationMethod");
    }
    // Proof options (VC-DATA-INTEGRITY §4.5 / §2.1).
    std::vector<std::string> option_failures;
    std::string purpose = proof.value("proofPurpose", std::string());
    if (purpose != options.expected_proof_purpose) {
      option_failures.push_back("proofPurpose is '" + purpose + "', expected '" + options.expected_proof_purpose + "'");
    }
    for (const char* k : {"created", "expires"}) {
      if (!proof.contains(k)) continue;
      auto t = proof[k].is_string() ? parse_xsd_datetime(proof[k].get<std::string>(), true)
                                    : Result<UnixSeconds>(Error(ErrorCode::kMalformed, "not a string"));
      if (!t.has_value()) {
        option_failures.push_back(std::string(k) + " is not a dateTimeStamp");
      } else if (std::string(k) == "created" && *t > now + options.clock_skew_s) {
        option_failures.push_back("created is in the future");
      } else if (std::string(k) == "expires" && *t < now - options.clock_skew_s) {
        option_failures.push_back("the proof expired at " + proof[k].get<std::string>());
      }
    }
    if (!options.expected_domain.empty()) {
      const Json& d = proof.value("domain", Json());
      bool ok = d == options.expected_domain ||
                (d.is_array() && std::find(d.begin(), d.end(), Json(options.expected_domain)) != d.end());
      if (!ok) option_failures.push_back("domain does not match " + options.expected_domain);
    }
    if (!options.expected_challenge.empty() && proof.value("challenge", Json()) != options.expected_challenge) {
      option_failures.push_back("challenge does not match");
    }
    // The proof configuration: the proof without proofValue; with an @context, the document's
    // @context must start with it and the document is hashed with that context (§3.3.2 verify).
    Json config = proof;
    config.erase("proofValue");
    Json input_doc = unsecured;
    if (config.contains("@context")) {
      const Json& pc = config["@context"];
      const Json& dc = unsecured.value("@context", Json());
      Json pcl = pc.is_array() ? pc : Json::array({pc});
      Json dcl = dc.is_array() ? dc : Json::array({dc});
      bool prefix_ok = pcl.size() <= dcl.size();
      for (std::size_t k = 0; prefix_ok && k < pcl.size(); ++k) prefix_ok = pcl[k] == dcl[k];
      if (!prefix_ok) option_failures.push_back("the proof's @context is not a prefix of the document's");
      input_doc["@context"] = pc;
    }
    auto chained = chain_input(input_doc, all, previous_ids(proof));
    if (!chained.has_value()) {
      option_failures.push_back(chained.error().message);
    }
    if (option_failures.empty()) {
      v.pass(prefix + "proof_options");
    } else {
      std::string r;
      for (const auto& f : option_failures) r += (r.empty() ? "" : "; ") + f;
      v.fail(prefix + "proof_options", r);
    }
    auto rel = did::relationship_from_name(purpose).value_or(did::Relationship::kAssertionMethod);
    PLX_TRY(KeyLookup key, find_key(resolver, vm->get<std::string>(), rel));
    if (v.verification_method.empty()) v.verification_method = key.method_id;
    if (key.authorized) v.pass(prefix + "key_authorized"); else v.fail(prefix + "key_authorized", key.reason);
    std::string who = party(document);
    if (!who.empty() && who.rfind("did:", 0) == 0 && who != key.controller_did) {
      v.fail(prefix + "issuer_matches", "the key " + key.method_id + " does not belong to " + who);
    } else {
      v.pass(prefix + "issuer_matches");
    }
    if (key.key.type() != crypto::KeyType::kEd25519) {
      v.fail(prefix + "signature", "eddsa-jcs-2022 needs an Ed25519 key");
      continue;
    }
    if (!chained.has_value()) {
      v.fail(prefix + "signature", "not checked: the chained input is unknown");
      continue;
    }
    PLX_TRY(Intermediates im, jcs_intermediates(*chained, config));
    auto ok = crypto::verify(key.key, im.hash_data, *sig);
    if (ok.has_value()) v.pass(prefix + "signature"); else v.fail(prefix + "signature", ok.error().message);
  }
  return v;
}

}  // namespace plx::vc::di
