// Securing credentials with JOSE (W3C "Securing Verifiable Credentials using JOSE and COSE",
// VC-JOSE-COSE §3.1): the credential (or presentation) *is* the JWS payload, with protected
// header typ "vc+jwt" (media type application/vc+jwt) or "vp+jwt", cty "vc"/"vp", and "kid" a DID
// URL naming a verification method of the issuer (holder) authorized for assertionMethod
// (authentication). Also VCDM 1.1 JWTs (VCDM 1.1 §6.3.1): the credential in the "vc" claim, with
// iss/sub/nbf/exp/jti mapped onto issuer/credentialSubject.id/issuanceDate/expirationDate/id.
//
// Every JWS is made and checked by crypto::jws_sign / crypto::jws_verify (EdDSA, ES256, ES256K,
// ES384; "none", HMAC and RSA are refused there).
//
// These functions check the *proof* only (signature, key, issuer, header); data-model, time,
// status and trust checks are the policy's (verify.hpp). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/resolver.hpp"
#include "plx/vc/verdict.hpp"

namespace plx::vc {

inline constexpr std::string_view kTypVcJwt = "vc+jwt";
inline constexpr std::string_view kTypVpJwt = "vp+jwt";

// Signs `credential` as application/vc+jwt with header {alg, kid, typ: "vc+jwt", cty: "vc"}.
// REQUIRES nothing of `credential` beyond being a JSON object; callers validate it first.
// Errors: kInvalidArgument (not an object, empty kid), crypto errors (X25519 key).
[[nodiscard]] Result<std::string> issue_vc_jwt(const Json& credential, const crypto::Signer& signer,
                                               std::string_view kid);
// The same for a presentation: typ "vp+jwt", cty "vp". `nonce`/`aud`, when non-empty, are added
// as JWT claims beside the presentation's members (binding the presentation to one verifier).
[[nodiscard]] Result<std::string> issue_vp_jwt(const Json& presentation,
                                               const crypto::Signer& signer, std::string_view kid,
                                               std::string_view aud = {},
                                               std::string_view nonce = {});
// A VCDM 1.1 JWT: {"vc": credential minus the mapped members, "iss", "sub", "nbf", "exp", "jti"}
// with typ "JWT". Errors: kInvalidArgument (issuanceDate/validFrom missing or not a dateTime).
[[nodiscard]] Result<std::string> issue_vc11_jwt(const Json& credential,
                                                 const crypto::Signer& signer,
                                                 std::string_view kid);

struct JoseVerifyOptions {
  crypto::VerifyOptions signature;
};

// Verifies a vc+jwt, vp+jwt or VCDM 1.1 JWT (chosen from "typ" and the payload). The verdict's
// checks: "header" (typ/cty/kid), "key_authorized", "signature", "issuer_matches" (the kid's
// DID is the issuer/holder, and "iss", when present, agrees). A vp+jwt's enveloped credentials
// (EnvelopedVerifiableCredential data: URLs) are verified too and their checks merged.
// Errors ("could not check"): kMalformed (not a JWS, payload not a JSON object, kid absent or
// not a DID URL), kNotFound / kUnsupported from key resolution.
[[nodiscard]] Result<Verdict> verify_jose(std::string_view jwt, const did::Resolver& resolver,
                                          const JoseVerifyOptions& options = {});

// The credential a VCDM 1.1 JWT payload describes, with the JWT claims mapped back (VCDM 1.1
// §6.3.1 "decoding": iss -> issuer, nbf -> issuanceDate, exp -> expirationDate, jti -> id,
// sub -> credentialSubject.id). Errors: kMalformed naming the claim.
[[nodiscard]] Result<Json> vc11_jwt_to_credential(const Json& payload);

}  // namespace plx::vc
