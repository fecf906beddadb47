// ES256 / ES384: ECDSA over P-256 with SHA-256 and P-384 with SHA-384 (RFC 7518 §3.4,
// FIPS 186-4 §6), through OpenSSL 3's EVP_DigestSign / EVP_DigestVerify.
//
// Keys are built with EVP_PKEY_fromdata (group name, SEC1 public point, private scalar as a
// secure BIGNUM) rather than the EC_KEY API, which OpenSSL 3 deprecates. OpenSSL speaks DER
// (X9.62 ECDSA-Sig-Value); JOSE wants r||s, so signatures are converted at this boundary:
// outgoing through ecdsa_der_to_raw (strict), incoming through ECDSA_SIG + i2d_ECDSA_SIG.
// OpenSSL 3.0 has no RFC 6979 mode; nonces come from its DRBG (with the private key mixed in
// since 1.1.0), so two signatures of one message differ.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

#include "internal.hpp"
#include "plx/crypto/signature.hpp"

namespace plx::crypto::internal {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const noexcept { BN_clear_free(p); }
  void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
template <class T>
using Ptr = std::unique_ptr<T, Free>;

// An EVP_PKEY for the curve from a public point and, when signing, the private scalar.
// REQUIRES: `pub` is a valid point (a PublicKey's raw()) and `secret` is in [1, n-1].
Ptr<EVP_PKEY> make_pkey(const EcCurve& curve, ByteSpan pub, const SecretBytes* secret) {
  Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  PLX_CHECK(bld != nullptr);
  PLX_CHECK(OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                            curve.group_name, 0) == 1);
  PLX_CHECK(OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                             pub.size()) == 1);
  Ptr<BIGNUM> d;
  if (secret != nullptr) {
    // A secure BIGNUM is cleansed when freed, and OSSL_PARAM_BLD copies a BN_FLG_SECURE value
    // into the secure part of the parameter block, which OSSL_PARAM_free cleanses too.
    d.reset(BN_secure_new());
    PLX_CHECK(d != nullptr);
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);
    const ByteSpan s = secret->expose_secret();
    PLX_CHECK(BN_bin2bn(s.data(), static_cast<int>(s.size()), d.get()) != nullptr);
    PLX_CHECK(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) == 1);
  }
  Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld.get()));
  PLX_CHECK(params != nullptr);

  Ptr<EVP_PKEY_CTX> pctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  PLX_CHECK(pctx != nullptr);
  PLX_CHECK(EVP_PKEY_fromdata_init(pctx.get()) == 1);
  EVP_PKEY* pkey = nullptr;
  PLX_CHECK(EVP_PKEY_fromdata(pctx.get(), &pkey,
                              secret != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                              params.get()) == 1);
  return Ptr<EVP_PKEY>(pkey);
}

}  // namespace

Result<Bytes> openssl_ecdsa_sign(const EcCurve& curve, const PrivateKey& key, ByteSpan message) {
  Ptr<EVP_PKEY> pkey = make_pkey(curve, key.public_key().raw(), &key.secret());
  Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  PLX_CHECK(mctx != nullptr);
  if (EVP_DigestSignInit_ex(mctx.get(), nullptr, curve.digest, nullptr, nullptr, pkey.get(),
                            nullptr) != 1) {
    ERR_clear_error();
    return Error(ErrorCode::kInternal, "OpenSSL ECDSA sign init failed");
  }
  // An ECDSA-Sig-Value is at most 2 * (width + 3) + 3 bytes; ask OpenSSL for its bound anyway.
  std::size_t der_len = 0;
  if (EVP_DigestSign(mctx.get(), nullptr, &der_len, message.data(), message.size()) != 1) {
    ERR_clear_error();
    return Error(ErrorCode::kInternal, "OpenSSL ECDSA sign failed");
  }
  Bytes der(der_len);
  if (EVP_DigestSign(mctx.get(), der.data(), &der_len, message.data(), message.size()) != 1) {
    ERR_clear_error();
    return Error(ErrorCode::kInternal, "OpenSSL ECDSA sign failed");
  }
  der.resize(der_len);
  auto raw = ecdsa_der_to_raw(curve.type, der);
  if (!raw.has_value()) return Error(ErrorCode::kInternal, "OpenSSL produced a non-DER signature");
  return raw;
}

bool openssl_ecdsa_verify_vartime(const EcCurve& curve, const PublicKey& key, ByteSpan message,
                                  ByteSpan sig) {
  // P1363 / JOSE form: exactly |n| bytes each (RFC 7518 §3.4); no other length is a signature.
  if (sig.size() != 2 * curve.width) return false;
  const ByteSpan r = sig.first(curve.width);
  const ByteSpan s = sig.last(curve.width);
  // FIPS 186-4 §6.4.2 step 1. OpenSSL checks this too; checking here keeps the rule visible and
  // independent of the library version.
  if (!scalar_in_range_vartime(r, curve.order) || !scalar_in_range_vartime(s, curve.order)) {
    return false;
  }

  Ptr<ECDSA_SIG> esig(ECDSA_SIG_new());
  PLX_CHECK(esig != nullptr);
  BIGNUM* br = BN_bin2bn(r.data(), static_cast<int>(r.size()), nullptr);
  BIGNUM* bs = BN_bin2bn(s.data(), static_cast<int>(s.size()), nullptr);
  PLX_CHECK(br != nullptr && bs != nullptr);
  PLX_CHECK(ECDSA_SIG_set0(esig.get(), br, bs) == 1);  // takes ownership of br and bs
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(esig.get(), &der);
  PLX_CHECK(der_len > 0);
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> der_owner(
      der, [](unsigned char* p) { OPENSSL_free(p); });

  Ptr<EVP_PKEY> pkey = make_pkey(curve, key.raw(), nullptr);
  Ptr<EVP_MD_CTX> mctx(EVP_MD_CTX_new());
  PLX_CHECK(mctx != nullptr);
  bool ok = EVP_DigestVerifyInit_ex(mctx.get(), nullptr, curve.digest, nullptr, nullptr,
                                    pkey.get(), nullptr) == 1 &&
            EVP_DigestVerify(mctx.get(), der, static_cast<std::size_t>(der_len), message.data(),
                             message.size()) == 1;
  // A failed verification leaves an entry on the thread's OpenSSL error queue; it is an
  // expected outcome here, not an error, and must not leak into the next OpenSSL caller.
  ERR_clear_error();
  return ok;
}

}  // namespace plx::crypto::internal
