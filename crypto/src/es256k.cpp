// ES256K: ECDSA over secp256k1 with SHA-256 (RFC 8812 §3.2; ECDSA per SEC 1 v2 §4.1), through
// libsecp256k1.
//
// Signing uses libsecp256k1's default nonce function, RFC 6979 with HMAC-SHA256, so signatures
// are deterministic, and it always returns the low-S form (s <= n/2, BIP 62 / BIP 146).
// Verification follows libsecp256k1: secp256k1_ecdsa_verify only accepts lower-S signatures, so
// the high-S twin (r, n - s) of a valid signature is refused unless the caller opts in, in which
// case it is normalised first.
#include "internal.hpp"
#include "plx/crypto/hash.hpp"

namespace plx::crypto::internal {

Result<Bytes> es256k_sign(const PrivateKey& key, ByteSpan message) {
  const Sha256Digest digest = sha256(message);
  secp256k1_ecdsa_signature sig;
  // Fails only for an invalid secret key (excluded by PrivateKey::from_raw) or if RFC 6979
  // produced no usable nonce, which has probability ~2^-128.
  if (secp256k1_ecdsa_sign(secp256k1_ctx(), &sig, digest.data(),
                           key.secret().expose_secret().data(), nullptr, nullptr) != 1) {
    return Error(ErrorCode::kInternal, "secp256k1 signing failed");
  }
  Bytes out(64);
  PLX_CHECK(secp256k1_ecdsa_signature_serialize_compact(secp256k1_ctx(), out.data(), &sig) == 1);
  return out;
}

bool es256k_verify_vartime(const PublicKey& key, ByteSpan message, ByteSpan sig,
                           bool allow_high_s) {
  if (sig.size() != 64) return false;
  secp256k1_pubkey pk;
  PLX_CHECK(secp256k1_ec_pubkey_parse(secp256k1_ctx(), &pk, key.raw().data(), key.raw().size()) ==
            1);  // a PublicKey always holds a valid point
  secp256k1_ecdsa_signature parsed;
  // parse_compact returns 0 when r or s >= n (the r||s form has no other way to be malformed).
  // r = 0 or s = 0 parse, and secp256k1_ecdsa_verify rejects them.
  if (secp256k1_ecdsa_signature_parse_compact(secp256k1_ctx(), &parsed, sig.data()) != 1) {
    return false;
  }
  if (allow_high_s) {
    // Replaces s by n - s when s > n/2; the return value only says whether it did.
    (void)secp256k1_ecdsa_signature_normalize(secp256k1_ctx(), &parsed, &parsed);
  }
  const Sha256Digest digest = sha256(message);
  return secp256k1_ecdsa_verify(secp256k1_ctx(), &parsed, digest.data(), &pk) == 1;
}

}  // namespace plx::crypto::internal
