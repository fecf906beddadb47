// W3C Verifiable Credential Data Integrity 1.0 (DataIntegrityProof) with the eddsa-jcs-2022
// cryptosuite (W3C "Data Integrity EdDSA Cryptosuites v1.0" §3.3).
//
// eddsa-jcs-2022, split along the spec's steps (§3.3.1-§3.3.6):
//   transformation  JCS (RFC 8785) of the document without "proof";
//   proof config    the proof options without proofValue, with "@context" copied from the
//                   document when it has one, canonicalized with JCS;
//   hashing         SHA-256(canonical proof config) || SHA-256(canonical document);
//   serialization   Ed25519 over that 64-byte string; proofValue = 'z' + base58btc(signature).
// Proof sets and chains (Data Integrity §2.1.2, §4.3, §4.5): "proof" may be an array; a proof
// with "previousProof" (an id or a list of ids) was made over the document whose "proof" is the
// list of the proofs it names, so each is verified that way, and a previousProof naming no proof
// in the set is a failure.
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/resolver.hpp"
#include "plx/vc/datetime.hpp"
#include "plx/vc/verdict.hpp"

namespace plx::vc::di {

inline constexpr std::string_view kCryptosuiteEddsaJcs2022 = "eddsa-jcs-2022";

struct ProofOptions {
  std::string verification_method;   // a DID URL
  std::string proof_purpose = "assertionMethod";
  std::optional<UnixSeconds> created; // default: now (set; omit with omit_created)
  bool omit_created = false;
  std::optional<UnixSeconds> expires;
  std::string domain;                 // omitted when empty
  std::string challenge;              // omitted when empty
  std::string id;                     // proof id (needed to be named by a later previousProof)
  std::vector<std::string> previous_proof;  // ids of the proofs this one chains to
};

// The three intermediate values, for known-answer tests (spec §3.3 test vectors).
struct Intermediates {
  std::string canonical_document;
  std::string canonical_proof_config;
  Bytes hash_data;  // proofHash || docHash, 64 bytes
};
// REQUIRES: `document` has no "proof" (the caller strips it). Errors: kMalformed (proof config
// not an object), JCS errors.
[[nodiscard]] Result<Intermediates> jcs_intermediates(const Json& document,
                                                      const Json& proof_config);

// Adds an eddsa-jcs-2022 proof (REQUIRES an Ed25519 signer). When the document already has
// proofs, the new one joins the set (as an array); previous_proof ids must name existing proofs.
// Errors: kInvalidArgument (not an object, non-Ed25519 key, empty verification_method, a
// previous_proof id not found), crypto errors.
[[nodiscard]] Result<Json> add_proof(const Json& document, const crypto::Signer& signer,
                                     const ProofOptions& options);

struct VerifyOptions {
  std::string expected_proof_purpose = "assertionMethod";
  std::string expected_domain{};   // checked when non-empty
  std::string expected_challenge{};  // checked when non-empty
  std::optional<UnixSeconds> now{};
  std::int64_t clock_skew_s = 300;
};

// Verifies every proof of the document. Checks: "proof_options" (type, cryptosuite, purpose,
// created/expires, domain, challenge, previousProof), "key_authorized", "signature",
// "issuer_matches" (the method's DID is the issuer or holder, when that is a DID).
// Errors ("could not check"): kMalformed (no proof, a proof that is not an object, bad
// proofValue encoding), kUnsupported (another cryptosuite, e.g. eddsa-rdfc-2022, which needs
// RDF canonicalization), key resolution errors.
[[nodiscard]] Result<Verdict> verify(const Json& document, const did::Resolver& resolver,
                                     const VerifyOptions& options = {});

}  // namespace plx::vc::di
