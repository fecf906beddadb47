// JWS Compact Serialization (RFC 7515 §7.1) with EdDSA (RFC 8037), ES256, ES384 (RFC 7518) and
// ES256K (RFC 8812).
//
// Verification binds the algorithm to the key: the header's "alg" must be the one algorithm of
// the verifying key's type (so "none", HMAC algorithms with a public key and alg/key mismatches
// are rejected), every "crit" name must be one the caller declared understood (RFC 7515 §4.1.11),
// the header must be a JSON object without duplicate members, and all three parts must be
// canonical base64url. The payload is returned exactly as signed; it is never re-serialized.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/signature.hpp"

namespace plx::crypto {

struct JwsSignOptions {
  // Extra protected-header members (e.g. "kid", "typ"). "alg" is always set from the key; an
  // "alg" given here is an error (kInvalidArgument).
  Json header = Json::object();
};

// "base64url(header).base64url(payload).base64url(signature)". The header is serialized
// compactly with "alg" first. With "b64": false and "crit": ["b64"] in the header (RFC 7797) the
// middle part is the payload itself. Errors: kUnsupported for keys that cannot sign;
// kInvalidArgument for a header that is not an object, that sets "alg", whose "crit" is
// malformed, whose "b64" is not a boolean or not listed in "crit", or an unencoded payload that
// contains '.'; kInternal if a Signer returns a signature of the wrong length.
[[nodiscard]] Result<std::string> jws_sign(const Signer& signer, ByteSpan payload,
                                           const JwsSignOptions& options = {});
[[nodiscard]] Result<std::string> jws_sign(const PrivateKey& key, ByteSpan payload,
                                           const JwsSignOptions& options = {});

struct ParsedJws {
  Json header;                 // the decoded protected header
  std::string header_b64;      // as it appeared (the signing input uses these octets)
  Bytes payload;
  std::string payload_b64;     // the middle part as it appeared (raw text when "b64" is false)
  Bytes signature;
  [[nodiscard]] std::string signing_input() const { return header_b64 + "." + payload_b64; }
};

// Splits and decodes without verifying (to read "kid" before choosing a key). Errors: kMalformed
// naming the part (header/payload/signature) for a wrong number of parts, bad base64url, a
// header that is not a JSON object, duplicate header members, a missing/non-string "alg", or a
// "b64" (RFC 7797) that is not a boolean or not listed in "crit". With "b64": false the payload
// is the middle part's octets, not decoded.
[[nodiscard]] Result<ParsedJws> jws_parse(std::string_view compact);

struct JwsVerifyOptions {
  VerifyOptions signature;
  // Header parameter names the caller processes; any other name in "crit" is rejected, except
  // "b64" (RFC 7797), which jws_verify processes itself.
  std::set<std::string, std::less<>> understood_crit;
};

// Parses and verifies. Errors: kMalformed (see jws_parse; also malformed "crit": not a non-empty
// array of distinct names present in the header, or naming a registered parameter such as "alg"),
// kUnsupported (an alg we do not implement, e.g. "none", "HS256", "RS256"; a "crit" name not in
// understood_crit; "b64" is always understood, RFC 7797), kVerificationFailed (alg does not match the key
// type, e.g. "ES256" with an Ed25519 key or any alg with an X25519 key, or the signature does not
// verify).
[[nodiscard]] Result<ParsedJws> jws_verify(std::string_view compact, const PublicKey& key,
                                           const JwsVerifyOptions& options = {});

}  // namespace plx::crypto
