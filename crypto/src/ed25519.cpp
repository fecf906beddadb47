// EdDSA with Ed25519 (RFC 8032 §5.1, JOSE: RFC 8037 §3.1) over libsodium.
//
// libsodium 1.0.18's verifier is the strict one: it rejects S >= L (§5.1.7 step 1), a
// non-canonical or small-order R, and non-canonical or small-order public keys, and uses the
// cofactorless equation [S]B = R + [k]A. Wycheproof's ed25519_test.json is the judge of this
// policy (tests/crypto/wycheproof_test.cpp).
#include <sodium.h>

#include "internal.hpp"

namespace plx::crypto::internal {

Result<Bytes> ed25519_sign(const PrivateKey& key, ByteSpan message) {
  ensure_sodium();
  // The PrivateKey keeps the 32-byte seed; libsodium signs with seed || pk. Rebuilding it costs
  // one base-point multiplication and keeps a single secret form in memory; the expanded key is
  // wiped when `sk` goes out of scope.
  std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
  SecretArray<crypto_sign_SECRETKEYBYTES> sk;
  PLX_CHECK(crypto_sign_seed_keypair(pk, sk.expose_secret_mut().data(),
                                     key.secret().expose_secret().data()) == 0);
  Bytes sig(crypto_sign_BYTES);
  PLX_CHECK(crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(),
                                 sk.expose_secret().data()) == 0);
  return sig;
}

bool ed25519_verify_vartime(const PublicKey& key, ByteSpan message, ByteSpan sig) {
  ensure_sodium();
  if (sig.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(sig.data(), message.data(), message.size(),
                                     key.raw().data()) == 0;
}

}  // namespace plx::crypto::internal
