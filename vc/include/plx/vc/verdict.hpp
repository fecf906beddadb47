// The outcome of checking a credential or presentation, in the two layers STYLE.md asks for
// (after spruceid/ssi): a Result error means "could not check" (a key that cannot be resolved, a
// status list that cannot be fetched, input that does not parse); a Verdict means "checked", and
// is valid exactly when no check failed. Each failed check names the check and the reason.
//
// Check names are stable strings that tools may match on: "signature", "key_authorized",
// "issuer_matches", "header", "data_model", "valid_from", "valid_until", "nbf", "exp",
// "status", "trusted_issuer", "holder_binding", "disclosures", "proof_options".
//
// Value type; thread-safe as any value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"

namespace plx::vc {

struct FailedCheck {
  std::string check;
  std::string reason;
  friend bool operator==(const FailedCheck&, const FailedCheck&) = default;
};

struct Verdict {
  std::string format;               // "vc+jwt", "vp+jwt", "jwt-vc-1.1", "sd-jwt", "data-integrity"
  Json document;                    // the credential/presentation (an SD-JWT's processed payload)
  std::string issuer;               // issuer (or holder, for a presentation) as the document says
  std::string verification_method;  // the key that was checked (DID URL, or "iss#kid" for JWKs)
  std::vector<std::string> passed;  // the checks that ran and passed
  std::vector<FailedCheck> failed;

  [[nodiscard]] bool valid() const noexcept { return failed.empty(); }
  void pass(std::string_view check) { passed.emplace_back(check); }
  void fail(std::string_view check, std::string reason) {
    failed.push_back({std::string(check), std::move(reason)});
  }
  // Whether `check` failed.
  [[nodiscard]] bool failed_check(std::string_view check) const noexcept;
  // Appends another verdict's checks, each prefixed by `prefix` ("verifiableCredential/0/").
  void merge(const Verdict& inner, std::string_view prefix);
  // {"valid": bool, "format", "issuer", "verificationMethod", "checks": [...passed],
  //  "failed": [{"check","reason"}], "document": ...}
  [[nodiscard]] Json to_json() const;
};

}  // namespace plx::vc
