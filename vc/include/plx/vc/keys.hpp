// Finding the key a credential's proof names, and checking that the issuer may use it.
//
// A DID URL (the JOSE "kid", a Data Integrity "verificationMethod", an SD-JWT "cnf.kid") is
// resolved with a did::Resolver; the verification method must be listed under the expected
// relationship (assertionMethod for credentials, authentication for presentations and key
// binding; DID Core §5.3). Resolution problems are "could not check" (errors); a key that exists
// but is not authorized is a checked failure (KeyLookup::authorized == false).
//
// JWT issuers that are not DIDs publish keys as JWK sets (SD-JWT VC §4 "issuer metadata": `iss`
// + `kid`); IssuerKeySource is the interface a caller implements for them (an HTTPS fetcher
// arrives with the resolver module); StaticIssuerKeys holds them in memory.
// Thread-safety: find_key is safe to call concurrently when the resolver is.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/resolver.hpp"
#include "plx/did/verification_method.hpp"

namespace plx::vc {

struct KeyLookup {
  crypto::PublicKey key;
  std::string method_id;  // the absolute DID URL
  std::string controller_did;
  bool authorized = false;
  std::string reason;     // why not authorized
};

// Resolves `did_url` (absolute, with a fragment or path naming the method) and returns its key.
// Decoded keys are memoized by the method's type and material text (decoding checks the point,
// which for Ed25519 costs a scalar multiplication); the memo is bounded and thread-safe.
// Errors ("could not check"): kMalformed (not a DID URL), kNotFound (the DID does not resolve:
// notFound/invalidDid/methodNotSupported, or no such verification method), kUnsupported (key
// type Parallax cannot verify with), and the resolver's own errors.
[[nodiscard]] Result<KeyLookup> find_key(const did::Resolver& resolver, std::string_view did_url,
                                         did::Relationship relationship);

// Keys of non-DID JWT issuers (SD-JWT VC issuer metadata, `jwks`).
class IssuerKeySource {
 public:
  virtual ~IssuerKeySource() = default;
  // The JWK set ({"keys": [...]}) that `issuer` publishes. Errors: kNotFound (unknown issuer),
  // kIo (could not fetch).
  [[nodiscard]] virtual Result<Json> jwks(std::string_view issuer) const = 0;
};

class StaticIssuerKeys final : public IssuerKeySource {
 public:
  // Errors: kInvalidArgument when `jwks` is not {"keys": [objects]}.
  [[nodiscard]] Status add(std::string issuer, Json jwks);
  [[nodiscard]] Result<Json> jwks(std::string_view issuer) const override;

 private:
  std::map<std::string, Json, std::less<>> by_issuer_;
};

// The key `kid` in `issuer`'s JWK set (the only key when kid is empty and the set has one).
// Errors: kNotFound (issuer unknown or no such kid), kMalformed/kUnsupported (bad JWK).
[[nodiscard]] Result<crypto::PublicKey> find_issuer_jwk(const IssuerKeySource& source,
                                                        std::string_view issuer,
                                                        std::string_view kid);

}  // namespace plx::vc
