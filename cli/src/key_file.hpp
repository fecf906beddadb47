// plx key files: a private JWK (RFC 7517) with a "kid" member naming the verification method
// (a DID URL) that the key signs for. Files are written with mode 0600.
#pragma once

#include <filesystem>
#include <string>

#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"
#include "plx/crypto/key.hpp"
#include "plx/zkp/bbs.hpp"

namespace plx::cli {

struct KeyFile {
  crypto::PrivateKey key;
  std::string kid;  // empty when the file has none
};

// The file's text: the private JWK plus "kid", one line.
[[nodiscard]] SecretBytes key_file_text(const crypto::PrivateKey& key, const std::string& kid);
[[nodiscard]] Status save_key_file(const std::filesystem::path& path, const crypto::PrivateKey& key,
                                   const std::string& kid, bool overwrite);
// A BBS (BLS12-381 G2) key as a private JWK in the form of draft-ietf-cose-bls-key-representations:
// {"kty":"OKP","crv":"BLS12381G2","x": base64url(compressed G2 public key),
//  "d": base64url(32-byte big-endian secret key),"kid": ...}.
[[nodiscard]] SecretBytes bbs_key_file_text(const zkp::bbs::KeyPair& key, const std::string& kid);
[[nodiscard]] Status save_bbs_key_file(const std::filesystem::path& path,
                                       const zkp::bbs::KeyPair& key, const std::string& kid,
                                       bool overwrite);

// Errors: kIo (cannot read), kMalformed (not a private JWK; "kid" not a string).
[[nodiscard]] Result<KeyFile> load_key_file(const std::filesystem::path& path);

}  // namespace plx::cli
