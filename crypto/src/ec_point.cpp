// SEC1 point parsing and generator multiplication for the ECDSA curves (SEC 1 v2 §2.3.3-§2.3.4).
//
// secp256k1 goes through libsecp256k1; P-256 and P-384 through OpenSSL's EC_POINT API (which,
// unlike EC_KEY, is not deprecated in OpenSSL 3). All three curves have cofactor 1, so a point
// that is on the curve and is not the identity is in the prime-order group: the on-curve check is
// the whole subgroup check.
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include <memory>

#include "internal.hpp"

namespace plx::crypto::internal {
namespace {

// SEC 1 §2.3.3 encodings we accept: 0x02/0x03 || X (compressed) or 0x04 || X || Y. The hybrid
// forms 0x06/0x07 and the one-byte identity 0x00 are refused.
Status check_sec1_shape(std::size_t width, ByteSpan sec1, std::string_view curve_name) {
  const bool compressed = sec1.size() == 1 + width && (sec1[0] == 0x02 || sec1[0] == 0x03);
  const bool uncompressed = sec1.size() == 1 + 2 * width && sec1[0] == 0x04;
  if (compressed || uncompressed) return ok_status();
  if (sec1.size() != 1 + width && sec1.size() != 1 + 2 * width) {
    return Error(ErrorCode::kMalformed,
                 std::string(curve_name) + " public key must be " + std::to_string(1 + width) +
                     " (compressed) or " + std::to_string(1 + 2 * width) + " (uncompressed) bytes",
                 "length " + std::to_string(sec1.size()));
  }
  return Error(ErrorCode::kMalformed,
               std::string(curve_name) + " public key has an unsupported SEC1 prefix", "offset 0");
}

// ---- libsecp256k1 ----

secp256k1_pubkey secp256k1_parse_or_die(ByteSpan sec1) {
  secp256k1_pubkey pk;
  PLX_CHECK(secp256k1_ec_pubkey_parse(secp256k1_ctx(), &pk, sec1.data(), sec1.size()) == 1);
  return pk;
}

Bytes secp256k1_serialize(const secp256k1_pubkey& pk, bool compressed) {
  Bytes out(compressed ? 33 : 65);
  std::size_t len = out.size();
  PLX_CHECK(secp256k1_ec_pubkey_serialize(secp256k1_ctx(), out.data(), &len, &pk,
                                          compressed ? SECP256K1_EC_COMPRESSED
                                                     : SECP256K1_EC_UNCOMPRESSED) == 1);
  PLX_CHECK(len == out.size());
  return out;
}

// ---- OpenSSL ----

struct EcPointFree {
  void operator()(EC_POINT* p) const noexcept { EC_POINT_clear_free(p); }
};
struct BnCtxFree {
  void operator()(BN_CTX* c) const noexcept { BN_CTX_free(c); }
};
struct BnClearFree {
  void operator()(BIGNUM* b) const noexcept { BN_clear_free(b); }
};
using EcPointPtr = std::unique_ptr<EC_POINT, EcPointFree>;
using BnCtxPtr = std::unique_ptr<BN_CTX, BnCtxFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnClearFree>;

// The group is built once per curve and shared read-only: every EC_POINT call below takes it
// as const, and OpenSSL does not mutate a group after construction unless asked to precompute.
const EC_GROUP* openssl_group(const EcCurve& curve) {
  switch (curve.type) {
    case KeyType::kP256: {
      static EC_GROUP* const g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
      PLX_CHECK(g != nullptr);
      return g;
    }
    case KeyType::kP384: {
      static EC_GROUP* const g = EC_GROUP_new_by_curve_name(NID_secp384r1);
      PLX_CHECK(g != nullptr);
      return g;
    }
    default:
      break;
  }
  PLX_CHECK(false && "not an OpenSSL curve");
  return nullptr;
}

// Decodes and validates; nullptr if the bytes are not a point on the curve. Leaves nothing on
// OpenSSL's error queue (a bad peer key is an expected event, not an OpenSSL error).
EcPointPtr openssl_decode_vartime(const EC_GROUP* group, ByteSpan sec1, BN_CTX* ctx) {
  EcPointPtr p(EC_POINT_new(group));
  PLX_CHECK(p != nullptr);
  // EC_POINT_oct2point checks that X, Y < p and that the point satisfies the curve equation
  // (EC_POINT_set_affine_coordinates), and for 0x02/0x03 that X has a square root.
  const int ok = EC_POINT_oct2point(group, p.get(), sec1.data(), sec1.size(), ctx);
  ERR_clear_error();
  if (ok != 1) return nullptr;
  if (EC_POINT_is_at_infinity(group, p.get()) == 1) return nullptr;
  if (EC_POINT_is_on_curve(group, p.get(), ctx) != 1) {  // belt and braces; oct2point checked
    ERR_clear_error();
    return nullptr;
  }
  return p;
}

Bytes openssl_encode(const EC_GROUP* group, const EC_POINT* p, bool compressed, std::size_t width,
                     BN_CTX* ctx) {
  Bytes out(compressed ? 1 + width : 1 + 2 * width);
  const std::size_t len = EC_POINT_point2oct(
      group, p, compressed ? POINT_CONVERSION_COMPRESSED : POINT_CONVERSION_UNCOMPRESSED,
      out.data(), out.size(), ctx);
  PLX_CHECK(len == out.size());
  return out;
}

}  // namespace

Result<Bytes> secp256k1_point_canonical_vartime(ByteSpan sec1) {
  PLX_RETURN_IF_ERROR(check_sec1_shape(32, sec1, "secp256k1"));
  secp256k1_pubkey pk;
  // Rejects X or Y >= p, points off the curve and X without a square root (SEC 1 §2.3.4).
  if (secp256k1_ec_pubkey_parse(secp256k1_ctx(), &pk, sec1.data(), sec1.size()) != 1) {
    return Error(ErrorCode::kMalformed, "secp256k1 public key is not a point on the curve");
  }
  return secp256k1_serialize(pk, /*compressed=*/true);
}

Bytes secp256k1_point_uncompressed_vartime(ByteSpan compressed) {
  return secp256k1_serialize(secp256k1_parse_or_die(compressed), /*compressed=*/false);
}

Bytes secp256k1_derive_public(ByteSpan scalar) {
  PLX_CHECK(scalar.size() == 32);
  secp256k1_pubkey pk;
  // Constant-time in the scalar (libsecp256k1's ecmult_gen, blinded by context randomisation).
  PLX_CHECK(secp256k1_ec_pubkey_create(secp256k1_ctx(), &pk, scalar.data()) == 1);
  return secp256k1_serialize(pk, /*compressed=*/true);
}

Result<Bytes> openssl_point_canonical_vartime(const EcCurve& curve, ByteSpan sec1) {
  const std::string_view name = key_type_name(curve.type);
  PLX_RETURN_IF_ERROR(check_sec1_shape(curve.width, sec1, name));
  const EC_GROUP* group = openssl_group(curve);
  BnCtxPtr ctx(BN_CTX_new());
  PLX_CHECK(ctx != nullptr);
  EcPointPtr p = openssl_decode_vartime(group, sec1, ctx.get());
  if (!p) {
    return Error(ErrorCode::kMalformed,
                 std::string(name) + " public key is not a point on the curve");
  }
  return openssl_encode(group, p.get(), /*compressed=*/true, curve.width, ctx.get());
}

Bytes openssl_point_uncompressed_vartime(const EcCurve& curve, ByteSpan compressed) {
  const EC_GROUP* group = openssl_group(curve);
  BnCtxPtr ctx(BN_CTX_new());
  PLX_CHECK(ctx != nullptr);
  EcPointPtr p = openssl_decode_vartime(group, compressed, ctx.get());
  PLX_CHECK(p != nullptr);
  return openssl_encode(group, p.get(), /*compressed=*/false, curve.width, ctx.get());
}

Bytes openssl_derive_public(const EcCurve& curve, ByteSpan scalar) {
  PLX_CHECK(scalar.size() == curve.width);
  const EC_GROUP* group = openssl_group(curve);
  // Secure BN_CTX and BIGNUM: their limbs are cleansed when freed. BN_FLG_CONSTTIME makes
  // EC_POINT_mul take the constant-time ladder (or nistz256's fixed-window code for P-256).
  // BN_bin2bn itself skips leading zero bytes, so the scalar's count of leading zero bytes can
  // leak through timing: about one bit per 256 keys, and OpenSSL's own key import does the same.
  BnCtxPtr ctx(BN_CTX_secure_new());
  BnPtr k(BN_secure_new());
  PLX_CHECK(ctx != nullptr && k != nullptr);
  BN_set_flags(k.get(), BN_FLG_CONSTTIME);
  PLX_CHECK(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), k.get()) != nullptr);
  EcPointPtr p(EC_POINT_new(group));
  PLX_CHECK(p != nullptr);
  PLX_CHECK(EC_POINT_mul(group, p.get(), k.get(), nullptr, nullptr, ctx.get()) == 1);
  return openssl_encode(group, p.get(), /*compressed=*/true, curve.width, ctx.get());
}

}  // namespace plx::crypto::internal
