// A checkable proof that an Ed25519 public key lies in the prime-order subgroup.
//
// The edwards25519 group has order 8L, so the points of the form [8]C are exactly the subgroup
// of order L (RFC 8032 §5.1): a key A in that subgroup has eighths, points C with [8]C = A, and a
// key with a torsion component has none. Checking a given eighth takes a point decoding and three
// doublings, where checking A alone takes a scalar multiplication by L (about 250 doublings, as
// costly as a signature verification). Whoever publishes a key can compute an eighth once
// (ed25519_eighth) so that every verifier of the key can check it cheaply (ed25519_is_eighth).
// An eighth proves nothing secret: anyone can compute one from A.
#pragma once

#include <cstddef>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx::crypto {

inline constexpr std::size_t kEd25519EighthSize = 32;

// The canonical encoding of C = [8^-1 mod L]A for the Ed25519 public key A (32 bytes, RFC 8032
// §5.1.5). Errors: kMalformed if `public_key` is not 32 bytes, not the canonical encoding of a
// curve point, of small order, or outside the prime-order subgroup (such a key has no eighth).
[[nodiscard]] Result<Bytes> ed25519_eighth(ByteSpan public_key);

// True iff `public_key` and `eighth` are the canonical encodings (32 bytes each, RFC 8032 §5.1.3
// decoding) of points A and C with [8]C = A, and A is not the neutral element. Then A lies in the
// prime-order subgroup, which is exactly what PublicKey::from_raw requires of an Ed25519 key
// (canonical, not of small order, torsion-free). Each such A has eight eighths (C plus any point
// of order dividing 8), all accepted. False for anything else; never throws. Variable time:
// keys and eighths are public.
[[nodiscard]] bool ed25519_is_eighth(ByteSpan public_key, ByteSpan eighth) noexcept;

// The public key that `eighth` proves: the canonical encoding of A = [8]C for the point C that
// `eighth` encodes (RFC 8032 §5.1.3 decoding, §5.1.2 encoding), so that ed25519_is_eighth(A,
// eighth) holds and A lies in the prime-order subgroup. For a verifier that holds eighths and
// must tell which of several keys they prove: one decoding, three doublings and one inversion
// each, then byte comparisons. Errors: kMalformed if `eighth` is not 32 bytes, not the canonical
// encoding of a curve point, or of small order ([8]C is then the neutral element, no key).
[[nodiscard]] Result<Bytes> ed25519_key_of_eighth(ByteSpan eighth);

}  // namespace plx::crypto
