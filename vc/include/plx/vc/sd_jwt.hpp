// Selective Disclosure for JWTs (RFC 9901) and SD-JWT VCs (draft-ietf-oauth-sd-jwt-vc).
//
// Issuance (RFC 9901 §4): chosen object properties and array elements, named by JSON pointers
// into the input claims, are replaced by digests of Disclosures (base64url of the JSON array
// [salt, name, value] or [salt, value]); a pointer inside another selectively disclosable value
// gives a recursive disclosure (§4.2.6); decoy digests (§4.2.5) hide how many claims there are.
// _sd_alg is "sha-256". Salts are 128 bits from the OS CSPRNG (§9.3), never a parameter.
//
// Presentation (§5): any subset of the disclosures (a pointer into the *processed* payload
// selects that claim, every disclosure it sits in, and everything inside it), and an optional
// Key Binding JWT (§4.3): typ "kb+jwt", claims iat, aud, nonce and sd_hash =
// base64url(SHA-256(the presentation up to and including the last '~')).
//
// Verification (§7.1, §7.3): the issuer JWS is checked by crypto::jws_verify; each disclosure's
// digest must appear exactly once among the _sd arrays and "..." array entries (a disclosure that
// no digest references, a disclosure given twice, a digest used twice are all rejected); a
// disclosure may not name "_sd" or "..." nor a claim that already exists; "_sd" must be an array
// of strings and "..." may only appear as the one member of an array element object; an
// object-property disclosure must not answer an array digest or vice versa. Then the Key
// Binding JWT (required when the policy says so; its key is the payload's cnf.jwk, or the DID
// URL cnf.kid resolved for authentication).
//
// JWS JSON Serialization (§8): flattened and general forms are read by rebuilding the compact
// SD-JWT from the first signature's protected header, payload and unprotected-header
// "disclosures" / "kb_jwt" (§8.1), so sd_hash is computed over the same octets.
//
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/resolver.hpp"
#include "plx/vc/datetime.hpp"
#include "plx/vc/keys.hpp"
#include "plx/vc/verdict.hpp"

namespace plx::vc::sd_jwt {

inline constexpr std::string_view kTypSdJwtVc = "dc+sd-jwt";     // SD-JWT VC §3.2.1
inline constexpr std::string_view kTypSdJwtVcLegacy = "vc+sd-jwt";
inline constexpr std::string_view kTypKbJwt = "kb+jwt";

// base64url(SHA-256(ASCII(disclosure))), RFC 9901 §4.2.3.
[[nodiscard]] std::string disclosure_digest(std::string_view disclosure);

struct DecodedDisclosure {
  std::string encoded;
  std::string digest;
  std::string salt;
  std::optional<std::string> name;  // absent for an array element
  Json value;
};
// Decodes one Disclosure. Errors: kMalformed (not base64url, not a JSON array of 2 or 3, salt or
// name not a string, name "_sd" or "...").
[[nodiscard]] Result<DecodedDisclosure> decode_disclosure(std::string_view disclosure);

struct IssueOptions {
  std::string typ = std::string(kTypSdJwtVc);
  std::string kid;                 // header "kid" (a DID URL, or the kid in the issuer's JWKS)
  std::vector<std::string> sd;     // JSON pointers into the claims to make disclosable
  std::size_t decoys = 0;          // extra decoy digests per _sd array that holds real ones
  std::optional<Json> holder_jwk;  // sets cnf.jwk (public members only)
  std::optional<std::string> holder_kid;  // sets cnf.kid (a DID URL)
};

// `claims` must be a JSON object. Returns "<issuer JWT>~<disclosure>~...~".
// Errors: kInvalidArgument (claims not an object; a pointer that is malformed, names nothing,
// names the root, names a member called "_sd"/"..." or an existing "_sd"/"_sd_alg"/"cnf" at top
// level; a holder JWK with private members), crypto errors.
[[nodiscard]] Result<std::string> issue(const Json& claims, const crypto::Signer& signer,
                                        const IssueOptions& options);

struct HolderBinding {
  const crypto::Signer* signer = nullptr;  // the key the issuer bound (cnf); null: no KB-JWT
  std::string aud;
  std::string nonce;
  std::optional<UnixSeconds> iat;          // default: now
};

// Keeps the disclosures that `disclose` selects (see the header comment) and, with a signer,
// appends a KB-JWT. Errors: kMalformed (input is not an SD-JWT), kInvalidArgument (a pointer
// that selects nothing in the processed payload, or a KB-JWT on input that already has one).
[[nodiscard]] Result<std::string> present(std::string_view sd_jwt,
                                          const std::vector<std::string>& disclose,
                                          const HolderBinding& binding = {});

struct Parsed {
  std::string issuer_jwt;                // compact JWS
  std::vector<std::string> disclosures;  // as given
  std::optional<std::string> kb_jwt;
  std::string presented_without_kb;      // "<jwt>~<d>~...~" (the sd_hash input)
  std::vector<std::string> extra_signatures;  // general JSON form: other compact JWSs
};
// Accepts the compact form (RFC 9901 §4) and both JSON serializations (§8). Errors: kMalformed.
[[nodiscard]] Result<Parsed> parse(std::string_view text);

// The processed payload (§7.1 step 3-5): disclosures substituted, _sd/_sd_alg/"..." removed.
// Errors: kMalformed naming the JSON pointer / disclosure index for every rule above.
// The JWS signature is not checked here.
[[nodiscard]] Result<Json> process(const Json& payload, const std::vector<std::string>& disclosures);

struct VerifyOptions {
  // The issuer's key when the caller already knows it (RFC vectors); otherwise the header's kid
  // is a DID URL resolved for assertionMethod, or (iss, kid) is looked up in `issuer_keys`.
  std::optional<crypto::PublicKey> issuer_key;
  const IssuerKeySource* issuer_keys = nullptr;
  // Required typ values; empty accepts any (RFC 9901 leaves typ to the application).
  std::vector<std::string> accepted_typ;
  bool require_key_binding = false;
  std::string expected_aud;    // checked when non-empty
  std::string expected_nonce;  // checked when non-empty
  std::optional<UnixSeconds> now;  // default: the system clock
  std::int64_t kb_max_age_s = 300;
  std::int64_t clock_skew_s = 60;
  crypto::VerifyOptions signature;
};

// Verifies and processes. Checks in the verdict: "header", "key_authorized", "signature",
// "disclosures", "holder_binding". Errors ("could not check"): kMalformed for text that is not
// an SD-JWT or a payload that is not an object; key resolution errors.
[[nodiscard]] Result<Verdict> verify(std::string_view text, const did::Resolver& resolver,
                                     const VerifyOptions& options);

}  // namespace plx::vc::sd_jwt
