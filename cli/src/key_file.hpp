// plx key files: a private JWK (RFC 7517) with a "kid" member naming the verification method
// (a DID URL) that the key signs for. Files are written with mode 0600.
#pragma once

#include <filesystem>
#include <string>

#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"
#include "plx/crypto/key.hpp"

namespace plx::cli {

struct KeyFile {
  crypto::PrivateKey key;
  std::string kid;  // empty when the file has none
};

// The file's text: the private JWK plus "kid", one line.
[[nodiscard]] SecretBytes key_file_text(const crypto::PrivateKey& key, const std::string& kid);
[[nodiscard]] Status save_key_file(const std::filesystem::path& path, const crypto::PrivateKey& key,
                                   const std::string& kid, bool overwrite);
// Errors: kIo (cannot read), kMalformed (not a private JWK; "kid" not a string).
[[nodiscard]] Result<KeyFile> load_key_file(const std::filesystem::path& path);

}  // namespace plx::cli
