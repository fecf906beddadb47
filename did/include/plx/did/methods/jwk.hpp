// did:jwk (https://github.com/quartzjer/did-jwk, spec.md): "did:jwk:" + base64url(UTF-8 JSON of
// a public JWK), resolved without I/O into a document with one JsonWebKey2020 method, id
// did + "#0".
//
// Relationships follow the spec text: with "use":"enc" only keyAgreement; with "use":"sig"
// authentication, assertionMethod, capabilityInvocation and capabilityDelegation; otherwise
// (no "use", or another value, about which the spec says nothing) all five. The spec gives no
// key-type exception, so an X25519 JWK without "use" is also listed for signing relationships;
// Document::authorized_key still refuses to hand it out for those.
//
// The JWK must be public: any private member ("d", "p", "q", "dp", "dq", "qi", "oth", "k") makes
// the DID invalid. The key itself is checked with crypto::public_key_from_jwk (on-curve points,
// canonical base64url), so only key types Parallax can use resolve; others (RSA, P-521) are
// reported as unsupported rather than turned into a document no verifier here could use.
//
// Pure functions; thread-safe.
#pragma once

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/did.hpp"
#include "plx/did/document.hpp"
#include "plx/did/resolver.hpp"

namespace plx::did::jwk {

inline constexpr std::string_view kMethod = "jwk";

// "did:jwk:" + base64url(compact JSON of crypto::public_key_to_jwk(key)), members sorted.
[[nodiscard]] Did create(const crypto::PublicKey& key);

// Encodes `jwk` as given (members such as "use" or "kid" kept; serialized compactly with sorted
// members). Errors: kInvalidArgument when `jwk` is not an object or holds a private member;
// kMalformed/kUnsupported from crypto::public_key_from_jwk.
[[nodiscard]] Result<Did> create_from_jwk(const Json& jwk);

// The JWK a did:jwk carries, checked as described above. Errors: kInvalidArgument if the method
// is not "jwk"; kMalformed (not base64url, not a JSON object, private members, bad "use", invalid
// key); kUnsupported (a kty/crv Parallax does not handle).
[[nodiscard]] Result<Json> decode_jwk(const Did& did);

// The DID document (spec §"Read"). Errors: as decode_jwk.
[[nodiscard]] Result<Document> resolve_document(const Did& did);

}  // namespace plx::did::jwk

namespace plx::did {

// Resolver driver for did:jwk. Outcomes: invalidDid (errorMessage says why),
// unsupportedPublicKeyType for key types Parallax does not handle, methodNotSupported,
// representationNotSupported.
class DidJwkResolver final : public Resolver {
 public:
  using Resolver::resolve;
  [[nodiscard]] Result<ResolutionResult> resolve(std::string_view did,
                                                 const ResolutionOptions& options) const override;
};

}  // namespace plx::did
