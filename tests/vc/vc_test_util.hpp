// Helpers shared by the vc test suites: fresh did:key issuers and holders.
#pragma once

#include <memory>
#include <string>

#include "plx/crypto/jwk.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/methods/key.hpp"
#include "plx/did/resolver.hpp"

namespace plx::vc::testutil {

struct Party {
  std::string did;
  std::string kid;  // did + "#" + multikey: the did:key verification method
  std::unique_ptr<crypto::Signer> signer;
  crypto::PublicKey public_key;
};

inline Party make_party(crypto::KeyType type = crypto::KeyType::kEd25519) {
  auto key = crypto::PrivateKey::generate(type).value();
  crypto::PublicKey pub = key.public_key();
  std::string did = did::key::create(pub).to_string();
  std::string kid = did + "#" + pub.multikey();
  return Party{did, kid, crypto::make_signer(std::move(key)).value(), pub};
}

// Every compact-serialization tamper of `text`: each character replaced by another character
// of the base64url alphabet (or '.'/'~' separators changed), calling f on each variant.
template <class F>
void for_each_char_tamper(const std::string& text, F f) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string t = text;
    char c = t[i];
    t[i] = c == 'A' ? 'B' : (c == '.' || c == '~') ? 'x' : 'A';
    f(t, i);
  }
}

}  // namespace plx::vc::testutil
