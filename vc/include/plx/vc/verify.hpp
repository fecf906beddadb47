// The verifier: one verify() for every format this module reads, with a policy.
//
// verify() detects the format (a compact JWS with typ vc+jwt / vp+jwt / JWT, an SD-JWT with
// '~', SD-JWT JSON serialization, a JSON credential/presentation with a Data Integrity "proof"),
// checks the proof (jose.hpp, sd_jwt.hpp, data_integrity.hpp) and then the policy:
//   data_model      the secured document is a conforming VCDM credential/presentation
//                   (SD-JWT VCs with a "vct" are checked as SD-JWT VC claims instead);
//   valid_from/valid_until (VCDM 2.0 §4.9), issuanceDate/expirationDate (1.1), nbf/exp (RFC
//                   7519 §4.1.4-5) against `now`, with `clock_skew_s` of tolerance;
//   status          every credentialStatus entry (BitstringStatusListEntry; the IETF
//                   status.status_list claim; other types through `status_checkers`). When
//                   `require_status` is set, a credential without status, or a status that
//                   cannot be fetched or checked, fails closed;
//   trusted_issuer  the issuer is in `trusted_issuers`, when that list is not empty;
//   holder_binding  presentations and SD-JWT key binding: audience and nonce as expected.
// Result error = could not check (the input does not parse as any format, a key or status list
// cannot be fetched while required); Verdict = checked, valid or invalid with every failed check.
//
// Thread-safe when the resolver and sources are.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/did/resolver.hpp"
#include "plx/vc/datetime.hpp"
#include "plx/vc/keys.hpp"
#include "plx/vc/status.hpp"
#include "plx/vc/verdict.hpp"

namespace plx::vc {

// What a status check found for one entry.
struct StatusOutcome {
  std::string purpose;   // "revocation", "suspension", "message", or the IETF "status_list"
  std::uint32_t value = 0;
  bool set = false;      // revoked / suspended / INVALID (the credential must not be accepted)
  std::string message;   // a human-readable reason ("revoked by the issuer at index 42")
};

// A status method for one credentialStatus "type" (e.g. the ledger-anchored did:plx status list,
// which the ledger module provides: it reads the issuer's status chunk with its Merkle proof).
class StatusChecker {
 public:
  virtual ~StatusChecker() = default;
  // Checks `entry` (one credentialStatus object) of a credential issued by `issuer`.
  // Errors ("could not check"): kMalformed entry, kIo/kNotFound list, kVerificationFailed for a
  // list whose own proof fails.
  [[nodiscard]] virtual Result<StatusOutcome> check(const Json& entry,
                                                    std::string_view issuer) const = 0;
};

struct Policy {
  std::optional<UnixSeconds> now{};    // default: the system clock
  std::int64_t clock_skew_s = 300;
  bool require_status = false;
  std::vector<std::string> trusted_issuers{};  // empty: any issuer
  // Presentations / SD-JWT key binding.
  bool require_holder_binding = false;
  std::string audience{};
  std::string nonce{};
  std::int64_t kb_max_age_s = 300;
  // Data-model validation of the secured document.
  bool validate_data_model = true;
};

// {"now": "dateTime" | int, "clockSkewSeconds", "requireStatus", "trustedIssuers": [...],
//  "requireHolderBinding", "audience", "nonce", "keyBindingMaxAgeSeconds", "validateDataModel"}
// Errors: kMalformed naming the member; unknown members are refused (a typo must not relax
// the policy).
[[nodiscard]] Result<Policy> policy_from_json(const Json& json);

struct VerifyContext {
  const did::Resolver* resolver = nullptr;             // REQUIRED
  const status::StatusListSource* status_lists = nullptr;
  const IssuerKeySource* issuer_keys = nullptr;
  // credentialStatus "type" -> checker, for methods beyond the two built in.
  std::map<std::string, const StatusChecker*, std::less<>> status_checkers;
};

// Verifies `input` (the bytes as received). Errors: kInvalidArgument (no resolver), kMalformed
// (no format recognized), and the "could not check" errors above.
[[nodiscard]] Result<Verdict> verify(std::string_view input, const VerifyContext& context,
                                     const Policy& policy = {});

// The built-in status check of one entry (BitstringStatusListEntry or the IETF
// {"status_list": {...}} object). Errors as StatusChecker::check; kUnsupported for another type.
[[nodiscard]] Result<StatusOutcome> check_status_entry(const Json& entry, std::string_view issuer,
                                                       const VerifyContext& context,
                                                       const Policy& policy);

}  // namespace plx::vc
