// The W3C Verifiable Credentials Data Model, kept apart from JSON syntax (as spruceid/ssi does):
// a parsed JSON document becomes a validated Credential or Presentation, or a list of precise
// issues, each a JSON pointer and a reason.
//
// VCDM 2.0 (https://www.w3.org/TR/vc-data-model-2.0/) is checked as the spec's normative
// statements ask, without JSON-LD expansion: `@context` (§4.3: first entry
// https://www.w3.org/ns/credentials/v2, then URLs or objects), `id` (§4.4: one URL), `type`
// (§4.5: includes VerifiableCredential/VerifiablePresentation; every type must map to a URL:
// defined by the v2 context, by an inline context term whose value is a URL, or by the v2
// context's @vocab unless an inline context sets "@vocab": null), `name`/`description` (§4.6:
// string or language value objects), `issuer` (§4.7: a URL or an object with an `id` URL),
// `credentialSubject` (§4.8: object(s) with at least one claim; `id` a single URL),
// `validFrom`/`validUntil` (§4.9: dateTimeStamp, validFrom <= validUntil), `credentialStatus`,
// `credentialSchema`, `refreshService`, `termsOfUse`, `evidence` (§4.10-§5.6: objects with a
// `type`; an `id` present must be one URL), a redefined @protected term (§4.3 / JSON-LD 1.1
// §4.1.11) and presentations (§4.13: `holder` a URL or object with an `id` URL;
// `verifiableCredential` objects, EnvelopedVerifiableCredential with a data: URL).
// VCDM 1.1 (https://www.w3.org/TR/vc-data-model/, §4) is read for verification: base context
// https://www.w3.org/2018/credentials/v1, `issuanceDate` required, `expirationDate` optional.
//
// "URL" here is an absolute URI per RFC 3986 §3 (scheme ":" hier-part, no spaces or control
// characters): did:, urn:, https:, data: all qualify.
//
// Value types; pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/vc/datetime.hpp"

namespace plx::vc {

inline constexpr std::string_view kContextV2 = "https://www.w3.org/ns/credentials/v2";
inline constexpr std::string_view kContextV1 = "https://www.w3.org/2018/credentials/v1";

// One data-model violation: where (an RFC 6901 JSON pointer into the document) and why.
struct Issue {
  std::string pointer;
  std::string reason;
  friend bool operator==(const Issue&, const Issue&) = default;
};

enum class DataModelVersion { kV1_1, kV2_0 };

struct Credential {
  DataModelVersion version = DataModelVersion::kV2_0;
  Json json;                          // the document as validated (never re-ordered)
  std::optional<std::string> id;
  std::vector<std::string> types;
  std::string issuer;                 // the issuer URL (or the issuer object's id); may be empty
                                      // only when ValidateOptions::require_issuer is false
  std::optional<UnixSeconds> valid_from;   // validFrom (2.0) or issuanceDate (1.1)
  std::optional<UnixSeconds> valid_until;  // validUntil (2.0) or expirationDate (1.1)
  std::vector<Json> subjects;         // credentialSubject, always as a list
  std::vector<Json> status;           // credentialStatus entries, as a list
};

struct Presentation {
  DataModelVersion version = DataModelVersion::kV2_0;
  Json json;
  std::optional<std::string> id;
  std::vector<std::string> types;
  std::optional<std::string> holder;
  // Embedded credentials (validated) and enveloped ones (the data: URL payloads, unverified).
  std::vector<Credential> credentials;
  std::vector<std::string> enveloped;
};

struct ValidateOptions {
  // An issuer's input (VC-API /credentials/issue) has no issuer yet; a credential to verify must.
  bool require_issuer = true;
  // Accept VCDM 1.1 documents (base context .../2018/credentials/v1).
  bool allow_v1_1 = true;
};

template <class T>
struct Validation {
  std::optional<T> value;   // set iff issues is empty
  std::vector<Issue> issues;
  [[nodiscard]] bool ok() const noexcept { return issues.empty(); }
};

// Validates a credential. Never fails as a call: every problem is an Issue (a non-object
// document is one issue at pointer "").
[[nodiscard]] Validation<Credential> validate_credential(const Json& doc,
                                                        const ValidateOptions& options = {});
[[nodiscard]] Validation<Presentation> validate_presentation(const Json& doc,
                                                            const ValidateOptions& options = {});

// The same as a Result: kMalformed whose message lists every issue and whose `where` is the
// first issue's pointer.
[[nodiscard]] Result<Credential> credential_from_json(const Json& doc,
                                                      const ValidateOptions& options = {});
[[nodiscard]] Result<Presentation> presentation_from_json(const Json& doc,
                                                          const ValidateOptions& options = {});

// [{"pointer": ..., "reason": ...}, ...]
[[nodiscard]] Json issues_to_json(const std::vector<Issue>& issues);

// RFC 3986 §3 absolute URI check (scheme, then no whitespace/controls/<>"{}|\^`).
[[nodiscard]] bool is_absolute_url(std::string_view text);

}  // namespace plx::vc
