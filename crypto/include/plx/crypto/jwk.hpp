// JSON Web Keys (RFC 7517, RFC 7518 §6, RFC 8037 §2, RFC 8812 §3.1) and thumbprints (RFC 7638).
//
// Public and private JWKs are different calls with different types: public_key_from_jwk never
// reads "d", and private_key_from_jwk requires it and checks that it matches the public part.
// A private JWK's text is returned as SecretBytes, never as a std::string.
#pragma once

#include <string>

#include "plx/core/bytes.hpp"
#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"

namespace plx::crypto {

// {"kty":"OKP","crv":"Ed25519","x":...} or {"kty":"EC","crv":"P-256","x":...,"y":...}.
[[nodiscard]] Json public_key_to_jwk(const PublicKey& key);
// Accepts kty OKP (Ed25519, X25519) and EC (secp256k1, P-256, P-384). Errors: kMalformed naming the
// member (missing, not a string, non-canonical base64url, wrong length, point not on the curve;
// `where` is "/x", "/y", ..., and "/y" for an EC point that is not on the curve);
// kUnsupported for another kty/crv (RSA, oct, P-521, "P-256K").
// A "d" member is ignored here (use private_key_from_jwk).
[[nodiscard]] Result<PublicKey> public_key_from_jwk(const Json& jwk);

// The private JWK as compact JSON text, held in SecretBytes.
[[nodiscard]] SecretBytes private_key_to_jwk(const PrivateKey& key);
// Parses a private JWK (text). Errors as public_key_from_jwk, plus kMalformed when "d" is
// missing or does not belong to the public part. Error messages never quote "d".
[[nodiscard]] Result<PrivateKey> private_key_from_jwk(ByteSpan jwk_text);

// Whether the JWK's optional "use" (RFC 7517 §4.2), "key_ops" (§4.3) and "alg" (§4.4) members
// allow verifying a JWS made with `alg`: "use" must be "sig", "key_ops" must list "verify", and
// "alg" must name `alg`. An absent member allows everything. jws_verify takes a PublicKey, which
// has no such members, so callers that hold the JWK check it here before verifying.
// Errors: kMalformed for a member of the wrong JSON type or a key_ops array that is not a list of
// distinct strings (§4.3); kPermissionDenied when a present member does not allow the use.
[[nodiscard]] Status jwk_permits_verify(const Json& jwk, Algorithm alg);

// RFC 7638 thumbprint: base64url(SHA-256(canonical JSON of the required members)).
[[nodiscard]] std::string jwk_thumbprint(const PublicKey& key);
// Same, for any JWK with the required members of its kty (EC, OKP, RSA, oct); used for keys we
// cannot otherwise use, such as RSA. Errors: kMalformed for a missing member, kUnsupported kty.
[[nodiscard]] Result<std::string> jwk_thumbprint(const Json& jwk);
// The canonical JSON that the thumbprint hashes (RFC 7638 §3.2).
[[nodiscard]] Result<std::string> jwk_thumbprint_input(const Json& jwk);

}  // namespace plx::crypto
