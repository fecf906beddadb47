// JWS parsing, JWK import and Multikey import on arbitrary input: errors, never crashes.
#include <cstdint>
#include <string_view>

#include "plx/core/json.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/key.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)plx::crypto::jws_parse(text);
  (void)plx::crypto::PublicKey::from_multikey(text);
  (void)plx::crypto::PrivateKey::from_multikey(text);
  if (auto j = plx::json_parse(text); j.has_value()) {
    (void)plx::crypto::public_key_from_jwk(*j);
    (void)plx::crypto::jwk_thumbprint(*j);
  }
  (void)plx::crypto::private_key_from_jwk(plx::ByteSpan(data, size));
  return 0;
}
