// PublicKey / PrivateKey factories and the X25519 operations (see key.hpp).
//
// Validation policy, per key type:
//  - Ed25519 public keys (RFC 8032 §5.1.3) must be the canonical encoding of a point in the
//    prime-order subgroup, not of small order (checked in variable time with our edwards25519
//    arithmetic, ed25519_group.hpp: a public key is public, and libsodium's constant-time
//    crypto_core_ed25519_is_valid_point took 68 us, more than a verification). RFC 8032 only
//    asks that the encoding decode, but every honestly generated key is A = [a]B and so passes;
//    rejecting torsion components keeps cofactored and cofactorless verifiers in agreement on
//    which signatures a key can make (STYLE.md: we always check subgroup membership on parse).
//    libsodium's verifier would refuse small-order and non-canonical keys anyway.
//  - X25519 public keys (RFC 7748 §5) are any 32 bytes: X25519 is defined on every input and
//    RFC 7748 tells receivers to accept non-canonical values. Low-order inputs are caught where
//    they matter, by the all-zero check in x25519_agree (RFC 7748 §6.1).
//  - EC public keys: SEC1 compressed or uncompressed, on the curve, not the identity; stored
//    compressed, so one key has one raw() and one multikey().
//  - EC private keys: exactly |n| bytes, 1 <= d <= n-1, checked in constant time.
#include "plx/crypto/key.hpp"

#include <sodium.h>

#include <cstdio>
#include <string>

#include "ed25519_group.hpp"
#include "internal.hpp"
#include "plx/core/ct.hpp"
#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"

namespace plx::crypto {
namespace {

Error wrong_length(std::string_view what, std::size_t want, std::size_t got) {
  return Error(ErrorCode::kMalformed,
               std::string(what) + " must be " + std::to_string(want) + " bytes",
               "length " + std::to_string(got));
}

Result<KeyType> key_type_from_multicodec(std::uint64_t code) {
  switch (static_cast<Multicodec>(code)) {
    case Multicodec::kEd25519Pub:
      return KeyType::kEd25519;
    case Multicodec::kSecp256k1Pub:
      return KeyType::kSecp256k1;
    case Multicodec::kP256Pub:
      return KeyType::kP256;
    case Multicodec::kP384Pub:
      return KeyType::kP384;
    case Multicodec::kX25519Pub:
      return KeyType::kX25519;
    default:
      break;
  }
  auto name = multicodec_name(code);
  char where[32];
  std::snprintf(where, sizeof where, "multicodec 0x%llx", static_cast<unsigned long long>(code));
  return Error(ErrorCode::kUnsupported,
               "unsupported Multikey type " + std::string(name ? *name : "(unknown)"), where);
}

Result<KeyType> key_type_from_private_multicodec(std::uint64_t code) {
  switch (static_cast<Multicodec>(code)) {
    case Multicodec::kEd25519Priv:
      return KeyType::kEd25519;
    case Multicodec::kSecp256k1Priv:
      return KeyType::kSecp256k1;
    case Multicodec::kP256Priv:
      return KeyType::kP256;
    case Multicodec::kP384Priv:
      return KeyType::kP384;
    case Multicodec::kX25519Priv:
      return KeyType::kX25519;
    default:
      break;
  }
  char where[32];
  std::snprintf(where, sizeof where, "multicodec 0x%llx", static_cast<unsigned long long>(code));
  return Error(ErrorCode::kUnsupported, "not a supported private-key multicodec", where);
}

}  // namespace

std::string_view key_type_name(KeyType t) noexcept {
  switch (t) {
    case KeyType::kEd25519:
      return "Ed25519";
    case KeyType::kSecp256k1:
      return "secp256k1";
    case KeyType::kP256:
      return "P-256";
    case KeyType::kP384:
      return "P-384";
    case KeyType::kX25519:
      return "X25519";
  }
  return "unknown";
}

Result<KeyType> key_type_from_name(std::string_view crv) {
  for (KeyType t : {KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kP256, KeyType::kP384,
                    KeyType::kX25519}) {
    if (crv == key_type_name(t)) return t;
  }
  // Names are compared exactly: JOSE crv values are case-sensitive (RFC 7518 §6.2.1.1), and the
  // pre-RFC 8812 "P-256K" is deliberately not an alias.
  return Error(ErrorCode::kUnsupported, "unsupported curve", "crv");
}

Multicodec public_multicodec(KeyType t) noexcept {
  switch (t) {
    case KeyType::kEd25519:
      return Multicodec::kEd25519Pub;
    case KeyType::kSecp256k1:
      return Multicodec::kSecp256k1Pub;
    case KeyType::kP256:
      return Multicodec::kP256Pub;
    case KeyType::kP384:
      return Multicodec::kP384Pub;
    case KeyType::kX25519:
      return Multicodec::kX25519Pub;
  }
  return Multicodec::kEd25519Pub;
}

bool can_sign(KeyType t) noexcept { return t != KeyType::kX25519; }

// ---------------------------------------------------------------- PublicKey

Result<PublicKey> PublicKey::from_raw(KeyType type, ByteSpan bytes) {
  switch (type) {
    case KeyType::kEd25519: {
      if (bytes.size() != crypto_sign_PUBLICKEYBYTES) {
        return wrong_length("Ed25519 public key", crypto_sign_PUBLICKEYBYTES, bytes.size());
      }
      // Canonical y < p, decodes to a curve point, not of small order, in the main subgroup.
      internal::ed25519::Point a;
      if (!internal::ed25519::decode_vartime(&a, bytes.data()) ||
          internal::ed25519::has_small_order_vartime(a) ||
          !internal::ed25519::is_torsion_free_vartime(a)) {
        return Error(ErrorCode::kMalformed,
                     "Ed25519 public key is not a canonical point of the prime-order subgroup");
      }
      return PublicKey(type, Bytes(bytes.begin(), bytes.end()));
    }
    case KeyType::kX25519: {
      if (bytes.size() != crypto_scalarmult_BYTES) {
        return wrong_length("X25519 public key", crypto_scalarmult_BYTES, bytes.size());
      }
      return PublicKey(type, Bytes(bytes.begin(), bytes.end()));
    }
    case KeyType::kSecp256k1: {
      PLX_TRY(Bytes raw, internal::secp256k1_point_canonical_vartime(bytes));
      return PublicKey(type, std::move(raw));
    }
    case KeyType::kP256:
    case KeyType::kP384: {
      PLX_TRY(Bytes raw, internal::openssl_point_canonical_vartime(*internal::ec_curve(type), bytes));
      return PublicKey(type, std::move(raw));
    }
  }
  return Error(ErrorCode::kInvalidArgument, "unknown key type");
}

Result<PublicKey> PublicKey::from_multikey(std::string_view multibase) {
  // Multikey (W3C Controlled Identifiers §2.2.2) fixes base58btc, so other multibase prefixes
  // are not alternative spellings but errors.
  if (multibase.empty() || multibase.front() != 'z') {
    return Error(ErrorCode::kMalformed, "Multikey must be base58btc multibase ('z' prefix)",
                 "offset 0");
  }
  PLX_TRY(MultibaseValue mb, multibase_decode(multibase));
  PLX_TRY(MulticodecValue mc, multicodec_unwrap(mb.data));
  PLX_TRY(KeyType type, key_type_from_multicodec(mc.code));
  PLX_TRY(PublicKey key, from_raw(type, mc.data));
  // One key, one Multikey: did:key (§"Signature Method Creation Algorithm") and Multikey carry
  // EC points compressed. An uncompressed point would give the same key a second identifier.
  if (key.raw() != mc.data) {
    return Error(ErrorCode::kMalformed, "Multikey EC public keys must be SEC1 compressed points");
  }
  return key;
}

Bytes PublicKey::uncompressed() const {
  switch (type_) {
    case KeyType::kSecp256k1:
      return internal::secp256k1_point_uncompressed_vartime(raw_);
    case KeyType::kP256:
    case KeyType::kP384:
      return internal::openssl_point_uncompressed_vartime(*internal::ec_curve(type_), raw_);
    case KeyType::kEd25519:
    case KeyType::kX25519:
      break;
  }
  return raw_;
}

std::string PublicKey::multikey() const {
  return multibase_encode(Multibase::kBase58Btc, multicodec_wrap(public_multicodec(type_), raw_));
}

// ---------------------------------------------------------------- PrivateKey

Result<PrivateKey> PrivateKey::generate(KeyType type) {
  internal::ensure_sodium();
  const internal::EcCurve* curve = internal::ec_curve(type);
  const std::size_t n = curve != nullptr ? curve->width : 32;
  SecretBytes candidate(n);
  // Rejection sampling keeps EC scalars uniform in [1, n-1]. For P-256 and P-384 about one draw
  // in 2^32 is rejected, for secp256k1 one in 2^128; the loop is bounded in practice.
  for (;;) {
    randombytes_buf(candidate.expose_secret_mut().data(), n);
    if (curve != nullptr &&
        !internal::scalar_in_range(candidate.expose_secret(), curve->order).declassify()) {
      continue;  // a rejected draw says nothing about the accepted one
    }
    return from_raw(type, candidate.expose_secret());
  }
}

Multicodec private_multicodec(KeyType t) noexcept {
  switch (t) {
    case KeyType::kEd25519:
      return Multicodec::kEd25519Priv;
    case KeyType::kSecp256k1:
      return Multicodec::kSecp256k1Priv;
    case KeyType::kP256:
      return Multicodec::kP256Priv;
    case KeyType::kP384:
      return Multicodec::kP384Priv;
    case KeyType::kX25519:
      return Multicodec::kX25519Priv;
  }
  return Multicodec::kEd25519Priv;
}

Result<PrivateKey> PrivateKey::from_multikey(std::string_view secret_multibase) {
  if (secret_multibase.empty() || secret_multibase.front() != 'z') {
    return Error(ErrorCode::kMalformed, "secretKeyMultibase must be base58btc multibase ('z' prefix)",
                 "offset 0");
  }
  // The decoders return plain Bytes; wipe them on every path once the key has its own copy.
  auto decoded = base58btc_decode(secret_multibase.substr(1));
  if (!decoded.has_value()) {
    return Error(ErrorCode::kMalformed, "secretKeyMultibase is not base58btc");
  }
  Bytes& body = *decoded;
  auto mc = multicodec_unwrap(body);
  plx::internal::secure_wipe(body.data(), body.size());
  if (!mc.has_value()) return Error(ErrorCode::kMalformed, "secretKeyMultibase has a bad multicodec prefix");
  Bytes& raw = mc->data;
  auto type = key_type_from_private_multicodec(mc->code);
  if (!type.has_value()) {
    plx::internal::secure_wipe(raw.data(), raw.size());
    return std::move(type).error();
  }
  auto key = from_raw(*type, raw);
  plx::internal::secure_wipe(raw.data(), raw.size());
  return key;
}

SecretBytes PrivateKey::secret_multikey() const {
  // WARNING: base58btc is variable-time in its input. Exporting a secret as text is a rare,
  // explicit act (backup, interop), never part of signing; the text buffer is wiped below.
  SecretBytes wrapped;
  wrapped.append(varint_encode(static_cast<std::uint64_t>(private_multicodec(type_))));
  wrapped.append(secret_.expose_secret());
  std::string text = base58btc_encode(wrapped.expose_secret());
  SecretBytes out;
  out.append(as_bytes("z"));
  out.append(as_bytes(text));
  plx::internal::secure_wipe(text.data(), text.size());
  return out;
}

Result<PrivateKey> PrivateKey::from_raw(KeyType type, ByteSpan secret) {
  switch (type) {
    case KeyType::kEd25519: {
      if (secret.size() != crypto_sign_SEEDBYTES) {
        return wrong_length("Ed25519 private key (seed)", crypto_sign_SEEDBYTES, secret.size());
      }
      internal::ensure_sodium();
      std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
      SecretArray<crypto_sign_SECRETKEYBYTES> sk;  // seed || pk, wiped by its destructor
      PLX_CHECK(crypto_sign_seed_keypair(pk, sk.expose_secret_mut().data(), secret.data()) == 0);
      PLX_TRY(PublicKey pub, PublicKey::from_raw(type, pk));
      return PrivateKey(type, SecretBytes(secret), std::move(pub));
    }
    case KeyType::kX25519: {
      if (secret.size() != crypto_scalarmult_SCALARBYTES) {
        return wrong_length("X25519 private key", crypto_scalarmult_SCALARBYTES, secret.size());
      }
      internal::ensure_sodium();
      std::uint8_t pk[crypto_scalarmult_BYTES];
      // Clamps a copy of the scalar internally (RFC 7748 §5); the stored bytes stay as given.
      // The clamped scalar is 8·m with 2^251 <= m < 2^252 < l, so the result is never zero.
      PLX_CHECK(crypto_scalarmult_base(pk, secret.data()) == 0);
      PLX_TRY(PublicKey pub, PublicKey::from_raw(type, pk));
      return PrivateKey(type, SecretBytes(secret), std::move(pub));
    }
    case KeyType::kSecp256k1:
    case KeyType::kP256:
    case KeyType::kP384: {
      const internal::EcCurve& curve = *internal::ec_curve(type);
      if (secret.size() != curve.width) {
        return wrong_length(std::string(key_type_name(type)) + " private key", curve.width,
                            secret.size());
      }
      // Whether the key is usable is public (it decides success or error); its value is not.
      if (!internal::scalar_in_range(secret, curve.order).declassify()) {
        return Error(ErrorCode::kMalformed,
                     std::string(key_type_name(type)) + " private key is not in [1, n-1]");
      }
      Bytes raw = type == KeyType::kSecp256k1 ? internal::secp256k1_derive_public(secret)
                                              : internal::openssl_derive_public(curve, secret);
      PLX_TRY(PublicKey pub, PublicKey::from_raw(type, raw));
      return PrivateKey(type, SecretBytes(secret), std::move(pub));
    }
  }
  return Error(ErrorCode::kInvalidArgument, "unknown key type");
}

// ---------------------------------------------------------------- X25519

Result<PublicKey> x25519_from_ed25519(const PublicKey& ed25519) {
  if (ed25519.type() != KeyType::kEd25519) {
    return Error(ErrorCode::kInvalidArgument, "x25519_from_ed25519 needs an Ed25519 key");
  }
  internal::ensure_sodium();
  std::uint8_t x[crypto_scalarmult_BYTES];
  // u = (1 + y) / (1 - y) (RFC 7748 §4.1). libsodium refuses small-order and non-subgroup points,
  // which from_raw has already excluded, so failure here is not expected but is still reported.
  if (crypto_sign_ed25519_pk_to_curve25519(x, ed25519.raw().data()) != 0) {
    return Error(ErrorCode::kMalformed, "Ed25519 public key does not map to X25519");
  }
  return PublicKey::from_raw(KeyType::kX25519, x);
}

Result<PrivateKey> x25519_from_ed25519(const PrivateKey& ed25519) {
  if (ed25519.type() != KeyType::kEd25519) {
    return Error(ErrorCode::kInvalidArgument, "x25519_from_ed25519 needs an Ed25519 key");
  }
  internal::ensure_sodium();
  // The X25519 scalar is the clamped first half of SHA-512(seed) (RFC 8032 §5.1.5), which
  // libsodium derives from its 64-byte secret key (seed || pk). Both temporaries are
  // SecretArrays, so they are wiped on every return path.
  std::uint8_t pk[crypto_sign_PUBLICKEYBYTES];
  SecretArray<crypto_sign_SECRETKEYBYTES> sk;
  SecretArray<crypto_scalarmult_SCALARBYTES> x;
  PLX_CHECK(crypto_sign_seed_keypair(pk, sk.expose_secret_mut().data(),
                                     ed25519.secret().expose_secret().data()) == 0);
  PLX_CHECK(crypto_sign_ed25519_sk_to_curve25519(x.expose_secret_mut().data(),
                                                 sk.expose_secret().data()) == 0);
  return PrivateKey::from_raw(KeyType::kX25519, x.expose_secret());
}

Result<SecretArray<32>> x25519_agree(const PrivateKey& ours, const PublicKey& theirs) {
  if (ours.type() != KeyType::kX25519 || theirs.type() != KeyType::kX25519) {
    return Error(ErrorCode::kInvalidArgument, "x25519_agree needs two X25519 keys");
  }
  internal::ensure_sodium();
  SecretArray<crypto_scalarmult_BYTES> shared;
  // libsodium returns -1 for an all-zero result (and for the known low-order inputs), the check
  // RFC 7748 §6.1 recommends; sodium_is_zero repeats it so the contract does not rest on one
  // library version's behaviour. The test is constant-time; its outcome is public.
  const int rc = crypto_scalarmult(shared.expose_secret_mut().data(),
                                   ours.secret().expose_secret().data(), theirs.raw().data());
  if (rc != 0 || sodium_is_zero(shared.expose_secret().data(), shared.size()) == 1) {
    return Error(ErrorCode::kVerificationFailed,
                 "X25519 shared secret is all zero (low-order public key)");
  }
  return shared;
}

}  // namespace plx::crypto
