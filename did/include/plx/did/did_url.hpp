// plx::did::DidUrl: a DID URL (W3C DID Core 1.0 §3.2 "DID URL Syntax"):
//
//   did-url = did path-abempty [ "?" query ] [ "#" fragment ]
//
// with path-abempty, query and fragment as in RFC 3986 §3.3-§3.5 (pchar = unreserved /
// pct-encoded / sub-delims / ":" / "@"; query and fragment also allow "/" and "?").
// Relative DID URLs (DID Core §3.2.2), as DID documents use them ("#key-1"), are resolved against
// a base DID with `DidUrl::resolve`.
//
// The path, query and fragment are kept as written (still percent-encoded), so that printing a
// parsed DID URL gives back the input byte for byte. Query parameters (DID Core §3.2.1:
// versionId, versionTime, service, relativeRef, hl) are percent-decoded on lookup.
//
// Value type: copyable and ordered. Thread-safety: immutable after construction.
#pragma once

#include <compare>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/result.hpp"
#include "plx/did/did.hpp"

namespace plx::did {

// DID parameter names of DID Core §3.2.1.
inline constexpr std::string_view kParamService = "service";
inline constexpr std::string_view kParamRelativeRef = "relativeRef";
inline constexpr std::string_view kParamVersionId = "versionId";
inline constexpr std::string_view kParamVersionTime = "versionTime";
inline constexpr std::string_view kParamHashlink = "hl";

// One "name=value" pair of a query, percent-decoded. A pair without '=' has an empty value.
struct QueryParam {
  std::string name;
  std::string value;
  friend auto operator<=>(const QueryParam&, const QueryParam&) = default;
  friend bool operator==(const QueryParam&, const QueryParam&) = default;
};

class DidUrl {
 public:
  // The DID itself as a DID URL (no path, query or fragment).
  explicit DidUrl(Did did) : did_(std::move(did)) {}

  // Parses an absolute DID URL. Errors: kMalformed with `where` = "character N" (0-based) and a
  // message naming what was expected, as Did::parse.
  [[nodiscard]] static Result<DidUrl> parse(std::string_view text);

  // Resolves a DID URL reference as DID documents write them (DID Core §3.2.2, RFC 3986 §5.2):
  // an absolute DID URL ("did:..."), or a reference relative to `base` that starts with "#"
  // (fragment), "?" (query) or "/" (path). Other relative forms (a bare "key-1") have no
  // meaning against a DID and are rejected.
  // Errors: kMalformed, with character positions counted in `reference`.
  [[nodiscard]] static Result<DidUrl> resolve(std::string_view reference, const Did& base);

  // `did` + "#" + fragment. Errors: kMalformed if `fragment` has a character RFC 3986 does not
  // allow in a fragment (positions are counted in `fragment`).
  [[nodiscard]] static Result<DidUrl> with_fragment(const Did& did, std::string_view fragment);

  [[nodiscard]] const Did& did() const noexcept { return did_; }
  // "" or "/..." (path-abempty), as written.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // The query without its "?" (present but possibly empty for "did:x:y?"), as written.
  [[nodiscard]] const std::optional<std::string>& query() const noexcept { return query_; }
  // The fragment without its "#", as written.
  [[nodiscard]] const std::optional<std::string>& fragment() const noexcept { return fragment_; }
  // True when this is a bare DID (no path, query or fragment).
  [[nodiscard]] bool is_did() const noexcept {
    return path_.empty() && !query_.has_value() && !fragment_.has_value();
  }

  // The query split on '&' into name/value pairs, each percent-decoded. '+' is kept as '+':
  // RFC 3986 gives it no meaning (it means space only in HTML forms). Empty when no query.
  [[nodiscard]] std::vector<QueryParam> query_params() const;
  // The decoded value of the first parameter called `name`, or nullopt.
  [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;

  [[nodiscard]] std::string to_string() const;

  friend auto operator<=>(const DidUrl&, const DidUrl&) = default;
  friend bool operator==(const DidUrl&, const DidUrl&) = default;

 private:
  Did did_;
  std::string path_;
  std::optional<std::string> query_;
  std::optional<std::string> fragment_;
};

std::ostream& operator<<(std::ostream& os, const DidUrl& url);

// Decodes %XX sequences. A '%' not followed by two hex digits is kept literally (input that came
// from DidUrl::parse never has one).
[[nodiscard]] std::string percent_decode(std::string_view text);

}  // namespace plx::did
