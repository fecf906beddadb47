// Internal to plx::crypto: the edwards25519 group for the cofactored verifier
// (ed25519_batch.hpp). Points in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, on
// -x^2 + y^2 = 1 + d x^2 y^2 (RFC 8032 §5.1); the addition formulas are Hisil-Wong-Carter-Dawson
// 2008 §3.1 and §3.3 with a = -1, complete for this curve (d is not a square), so the identity and
// small-order points need no special case. Everything here is variable-time: public data only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "ed25519_field.hpp"

namespace plx::crypto::internal::ed25519 {

struct Point {
  Fe X, Y, Z, T;
};

// A point ready to be added: (Y+X, Y-X, 2Z, 2dT).
struct Cached {
  Fe YpX, YmX, Z2, T2d;
};

// A point with Z = 1 ready to be added: (y+x, y-x, 2dxy). Decoded points come out this way.
struct AffineCached {
  Fe YpX, YmX, T2d;
};

inline constexpr Point kIdentity = {kFeZero, kFeOne, kFeOne, kFeZero};

Cached to_cached(const Point& p);
AffineCached to_affine_cached(const Point& p);  // REQUIRES p.Z == 1 (a decoded point)
Point add(const Point& p, const Cached& q);
Point sub(const Point& p, const Cached& q);
Point add(const Point& p, const AffineCached& q);
Point sub(const Point& p, const AffineCached& q);
Point dbl(const Point& p);
Point neg(const Point& p);

// True iff p is the neutral element (0, 1).
bool is_identity_vartime(const Point& p);
// True iff [8]p is the neutral element: the eight points of small order.
bool has_small_order_vartime(const Point& p);

// RFC 8032 §5.1.3 point decoding, strict: false for y >= p, for x = 0 with the sign bit set, and
// for a y with no x on the curve. On success *out has Z = 1.
bool decode_vartime(Point* out, const std::uint8_t in[32]);

// [a]B + [b]P for scalars a, b < 2^255 (32 bytes little-endian), B the base point.
Point double_scalar_mul_base_vartime(const std::uint8_t a[32], const Point& p,
                                     const std::uint8_t b[32]);

// sum_i [scalars[i]] points[i] (Pippenger's bucket method). Scalars are 32 bytes little-endian,
// each < 2^253 (reduced mod L or shorter). REQUIRES scalars.size() == 32 * points.size().
Point multi_scalar_mul_vartime(std::span<const AffineCached> points,
                               std::span<const std::uint8_t> scalars);

// The base point B of RFC 8032 §5.1, decoded.
const Point& base_point();

}  // namespace plx::crypto::internal::ed25519
