// Algorithm names, the key-type binding, and sign/verify dispatch (see signature.hpp). The
// per-algorithm code lives in ed25519.cpp, es256k.cpp and ecdsa_openssl.cpp.
#include "plx/crypto/signature.hpp"

#include "internal.hpp"

namespace plx::crypto {
namespace {

constexpr Algorithm kAllAlgorithms[] = {Algorithm::kEdDSA, Algorithm::kES256K, Algorithm::kES256,
                                        Algorithm::kES384};

Error unsupported_key(KeyType type) {
  return Error(ErrorCode::kUnsupported,
               std::string(key_type_name(type)) + " keys do not sign (key agreement only)");
}

Error verification_failed() {
  return Error(ErrorCode::kVerificationFailed, "signature does not verify");
}

class KeySigner final : public Signer {
 public:
  KeySigner(Algorithm alg, PrivateKey key) : alg_(alg), key_(std::move(key)) {}
  Algorithm algorithm() const noexcept override { return alg_; }
  const PublicKey& public_key() const noexcept override { return key_.public_key(); }
  Result<Bytes> sign(ByteSpan message) const override { return crypto::sign(key_, message); }

 private:
  Algorithm alg_;
  PrivateKey key_;
};

}  // namespace

std::string_view algorithm_name(Algorithm alg) noexcept {
  switch (alg) {
    case Algorithm::kEdDSA:
      return "EdDSA";
    case Algorithm::kES256K:
      return "ES256K";
    case Algorithm::kES256:
      return "ES256";
    case Algorithm::kES384:
      return "ES384";
  }
  return "unknown";
}

Result<Algorithm> algorithm_from_name(std::string_view name) {
  // Exact, case-sensitive match (RFC 7515 §4.1.1: "alg" is a case-sensitive string).
  for (Algorithm a : kAllAlgorithms) {
    if (name == algorithm_name(a)) return a;
  }
  return Error(ErrorCode::kUnsupported, "unsupported signature algorithm", "alg");
}

Result<Algorithm> algorithm_for(KeyType type) {
  switch (type) {
    case KeyType::kEd25519:
      return Algorithm::kEdDSA;
    case KeyType::kSecp256k1:
      return Algorithm::kES256K;
    case KeyType::kP256:
      return Algorithm::kES256;
    case KeyType::kP384:
      return Algorithm::kES384;
    case KeyType::kX25519:
      break;
  }
  return unsupported_key(type);
}

KeyType key_type_for(Algorithm alg) noexcept {
  switch (alg) {
    case Algorithm::kEdDSA:
      return KeyType::kEd25519;
    case Algorithm::kES256K:
      return KeyType::kSecp256k1;
    case Algorithm::kES256:
      return KeyType::kP256;
    case Algorithm::kES384:
      return KeyType::kP384;
  }
  return KeyType::kEd25519;
}

std::size_t signature_size(Algorithm alg) noexcept {
  switch (alg) {
    case Algorithm::kEdDSA:
    case Algorithm::kES256K:
    case Algorithm::kES256:
      return 64;
    case Algorithm::kES384:
      return 96;
  }
  return 0;
}

Result<Bytes> sign(const PrivateKey& key, ByteSpan message) {
  switch (key.type()) {
    case KeyType::kEd25519:
      return internal::ed25519_sign(key, message);
    case KeyType::kSecp256k1:
      return internal::es256k_sign(key, message);
    case KeyType::kP256:
    case KeyType::kP384:
      return internal::openssl_ecdsa_sign(*internal::ec_curve(key.type()), key, message);
    case KeyType::kX25519:
      break;
  }
  return unsupported_key(key.type());
}

Status verify(const PublicKey& key, ByteSpan message, ByteSpan signature,
              const VerifyOptions& options) {
  bool ok = false;
  switch (key.type()) {
    case KeyType::kEd25519:
      ok = internal::ed25519_verify_vartime(key, message, signature);
      break;
    case KeyType::kSecp256k1:
      ok = internal::es256k_verify_vartime(key, message, signature, options.allow_high_s);
      break;
    case KeyType::kP256:
    case KeyType::kP384:
      // allow_high_s has no effect: FIPS 186-4 accepts both s and n - s, and so do we.
      ok = internal::openssl_ecdsa_verify_vartime(*internal::ec_curve(key.type()), key, message,
                                                  signature);
      break;
    case KeyType::kX25519:
      return unsupported_key(key.type());
  }
  if (!ok) return verification_failed();
  return ok_status();
}

Result<std::unique_ptr<Signer>> make_signer(PrivateKey key) {
  PLX_TRY(Algorithm alg, algorithm_for(key.type()));
  return std::unique_ptr<Signer>(std::make_unique<KeySigner>(alg, std::move(key)));
}

}  // namespace plx::crypto
