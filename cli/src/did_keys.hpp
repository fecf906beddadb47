// What plx does with DIDs and keys, apart from argument parsing, so `plx demo` and the
// subcommands share one path: create a DID for a fresh key, and verify a JWS against a DID.
#pragma once

#include <string>
#include <string_view>

#include "plx/core/result.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/did.hpp"
#include "plx/did/resolver.hpp"
#include "plx/did/verification_method.hpp"
#include "plx/zkp/bbs.hpp"

namespace plx::cli {

// "ed25519", "secp256k1", "p256", "p384". Errors: kInvalidArgument naming the choices.
[[nodiscard]] Result<crypto::KeyType> key_type_from_cli(std::string_view name);

struct NewDid {
  did::Did did;
  std::string kid;  // the DID URL of the verification method the key signs for
  crypto::PrivateKey key;
};
// A fresh key of `type` and its did:key or did:jwk. Errors: kInvalidArgument for another method.
[[nodiscard]] Result<NewDid> create_did(std::string_view method, crypto::KeyType type);

struct NewBbsDid {
  did::Did did;
  std::string kid;  // did + "#" + the key's multikey
  zkp::bbs::KeyPair key;
};
// A fresh BBS key (BLS12-381 G2, KeyGen over OS randomness) and its did:key ("did:key:zUC7...").
// Errors: kInvalidArgument for a method other than "key" (did:jwk has no registered BLS form).
[[nodiscard]] Result<NewBbsDid> create_bbs_did(std::string_view method);

struct JwsCheck {
  bool verified = false;
  std::string kid;    // the verification method that was used (or tried)
  std::string alg;
  Bytes payload;
  std::string reason; // why not verified
};
// Resolves `did` with `resolver`, picks the key the JWS header's "kid" names (it must belong to
// `did` and be listed under `purpose`), or, without "kid", tries each key listed under `purpose`,
// and verifies. Checked-and-failed outcomes come back as verified=false with a reason.
// Errors ("could not check"): kMalformed for a JWS that does not parse, and the DID's resolution
// error (invalidDid, methodNotSupported, notFound) as kNotFound/kMalformed/kUnsupported.
[[nodiscard]] Result<JwsCheck> verify_jws_with_did(const did::Resolver& resolver,
                                                   std::string_view did, std::string_view jws,
                                                   did::Relationship purpose,
                                                   const crypto::JwsVerifyOptions& options = {});

}  // namespace plx::cli
