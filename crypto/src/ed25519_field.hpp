// Internal to plx::crypto: arithmetic in GF(2^255 - 19) for the Ed25519 verifier
// (ed25519_batch.hpp). Five 51-bit limbs in 64-bit words, products in unsigned __int128.
//
// Only public data (keys, signatures) passes through here, but nothing branches on values except
// the explicit `_vartime` helpers, so the code would also suit secret inputs.
//
// Limb bounds, which every function below keeps: a "reduced" element has limbs < 2^51 + 2^13
// (the output of mul, sq, sub, carry); add() of two reduced elements gives limbs < 2^53; mul and
// sq accept limbs < 2^54, so one add may feed a multiplication without a carry in between.
#pragma once

#include <cstdint>

namespace plx::crypto::internal::ed25519 {

using u64 = std::uint64_t;
__extension__ typedef unsigned __int128 u128;

inline constexpr u64 kMask51 = (u64{1} << 51) - 1;

struct Fe {
  u64 v[5];
};

inline constexpr Fe kFeZero = {{0, 0, 0, 0, 0}};
inline constexpr Fe kFeOne = {{1, 0, 0, 0, 0}};

// Propagates carries so that every limb is < 2^51 + 19 * 2^13.
inline Fe fe_carry(const u64 in[5]) {
  Fe r;
  u64 c;
  u64 a0 = in[0], a1 = in[1], a2 = in[2], a3 = in[3], a4 = in[4];
  c = a0 >> 51, a0 &= kMask51, a1 += c;
  c = a1 >> 51, a1 &= kMask51, a2 += c;
  c = a2 >> 51, a2 &= kMask51, a3 += c;
  c = a3 >> 51, a3 &= kMask51, a4 += c;
  c = a4 >> 51, a4 &= kMask51, a0 += c * 19;
  r.v[0] = a0, r.v[1] = a1, r.v[2] = a2, r.v[3] = a3, r.v[4] = a4;
  return r;
}

inline Fe fe_add(const Fe& a, const Fe& b) {
  return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3], a.v[4] + b.v[4]}};
}

// a - b as a + 16p - b: 16p's limbs exceed any b with limbs < 2^54, so no limb goes negative.
inline Fe fe_sub(const Fe& a, const Fe& b) {
  constexpr u64 k16p0 = 16 * ((u64{1} << 51) - 19);
  constexpr u64 k16pi = 16 * ((u64{1} << 51) - 1);
  u64 t[5] = {a.v[0] + k16p0 - b.v[0], a.v[1] + k16pi - b.v[1], a.v[2] + k16pi - b.v[2],
              a.v[3] + k16pi - b.v[3], a.v[4] + k16pi - b.v[4]};
  return fe_carry(t);
}

inline Fe fe_neg(const Fe& a) { return fe_sub(kFeZero, a); }

// The five 128-bit column sums of a product, carried into a reduced element (the carry out of
// the top limb comes back times 19, since 2^255 = 19 mod p).
inline Fe fe_carry_wide(u128 t0, u128 t1, u128 t2, u128 t3, u128 t4) {
  t1 += (u64)(t0 >> 51);
  t2 += (u64)(t1 >> 51);
  t3 += (u64)(t2 >> 51);
  t4 += (u64)(t3 >> 51);
  u64 r0 = (u64)t0 & kMask51, r1 = (u64)t1 & kMask51, r2 = (u64)t2 & kMask51,
      r3 = (u64)t3 & kMask51, r4 = (u64)t4 & kMask51;
  r0 += (u64)(t4 >> 51) * 19;
  r1 += r0 >> 51;
  r0 &= kMask51;
  return {{r0, r1, r2, r3, r4}};
}

// Schoolbook product with the 2^255 = 19 fold applied to the high half as it is formed.
inline Fe fe_mul(const Fe& a, const Fe& b) {
  const u64 a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const u64 b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const u64 b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19, b4_19 = b4 * 19;
  u128 t0 =
      (u128)a0 * b0 + (u128)a1 * b4_19 + (u128)a2 * b3_19 + (u128)a3 * b2_19 + (u128)a4 * b1_19;
  u128 t1 = (u128)a0 * b1 + (u128)a1 * b0 + (u128)a2 * b4_19 + (u128)a3 * b3_19 + (u128)a4 * b2_19;
  u128 t2 = (u128)a0 * b2 + (u128)a1 * b1 + (u128)a2 * b0 + (u128)a3 * b4_19 + (u128)a4 * b3_19;
  u128 t3 = (u128)a0 * b3 + (u128)a1 * b2 + (u128)a2 * b1 + (u128)a3 * b0 + (u128)a4 * b4_19;
  u128 t4 = (u128)a0 * b4 + (u128)a1 * b3 + (u128)a2 * b2 + (u128)a3 * b1 + (u128)a4 * b0;
  return fe_carry_wide(t0, t1, t2, t3, t4);
}

inline Fe fe_sq(const Fe& a) {
  const u64 a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const u64 d0 = a0 * 2, d1 = a1 * 2, d2 = a2 * 2, d3 = a3 * 2;
  const u64 a3_19 = a3 * 19, a4_19 = a4 * 19;
  u128 t0 = (u128)a0 * a0 + (u128)d1 * a4_19 + (u128)d2 * a3_19;
  u128 t1 = (u128)d0 * a1 + (u128)d2 * a4_19 + (u128)a3 * a3_19;
  u128 t2 = (u128)d0 * a2 + (u128)a1 * a1 + (u128)d3 * a4_19;
  u128 t3 = (u128)d0 * a3 + (u128)d1 * a2 + (u128)a4 * a4_19;
  u128 t4 = (u128)d0 * a4 + (u128)d1 * a3 + (u128)a2 * a2;
  return fe_carry_wide(t0, t1, t2, t3, t4);
}

inline Fe fe_sq_n(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = fe_sq(a);
  return a;
}

// The unique representative in [0, p), as 32 little-endian bytes (bit 255 clear).
inline void fe_to_bytes(std::uint8_t out[32], const Fe& a) {
  Fe t = fe_carry(a.v);
  t = fe_carry(t.v);  // now every limb < 2^51 except limb 0 < 2^51 + 19
  // q = 1 iff t >= p: add 19 and see whether it carries past bit 255.
  u64 q = (t.v[0] + 19) >> 51;
  q = (t.v[1] + q) >> 51;
  q = (t.v[2] + q) >> 51;
  q = (t.v[3] + q) >> 51;
  q = (t.v[4] + q) >> 51;
  u64 l[5] = {t.v[0] + 19 * q, t.v[1], t.v[2], t.v[3], t.v[4]};
  for (int i = 0; i < 4; ++i) {
    l[i + 1] += l[i] >> 51;
    l[i] &= kMask51;
  }
  l[4] &= kMask51;
  const u64 w0 = l[0] | (l[1] << 51);
  const u64 w1 = (l[1] >> 13) | (l[2] << 38);
  const u64 w2 = (l[2] >> 26) | (l[3] << 25);
  const u64 w3 = (l[3] >> 39) | (l[4] << 12);
  const u64 w[4] = {w0, w1, w2, w3};
  for (int i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(w[i / 8] >> (8 * (i % 8)));
}

// The low 255 bits of `in` (bit 255 ignored); not reduced, so y >= p is left for the caller.
inline Fe fe_from_bytes(const std::uint8_t in[32]) {
  u64 w[4] = {0, 0, 0, 0};  // little-endian words, whatever the host's byte order
  for (int i = 0; i < 32; ++i) w[i / 8] |= u64{in[i]} << (8 * (i % 8));
  return {{w[0] & kMask51, ((w[0] >> 51) | (w[1] << 13)) & kMask51,
           ((w[1] >> 38) | (w[2] << 26)) & kMask51, ((w[2] >> 25) | (w[3] << 39)) & kMask51,
           (w[3] >> 12) & kMask51}};
}

inline bool fe_is_zero_vartime(const Fe& a) {
  std::uint8_t b[32];
  fe_to_bytes(b, a);
  std::uint8_t acc = 0;
  for (std::uint8_t x : b) acc |= x;
  return acc == 0;
}

inline bool fe_equal_vartime(const Fe& a, const Fe& b) { return fe_is_zero_vartime(fe_sub(a, b)); }

// The low bit of the canonical representative: the "sign" of RFC 8032 §5.1.2.
inline unsigned fe_is_negative(const Fe& a) {
  std::uint8_t b[32];
  fe_to_bytes(b, a);
  return b[0] & 1u;
}

// a^((p-5)/8) = a^(2^252 - 3), the exponent of RFC 8032 §5.1.3's square-root candidate.
inline Fe fe_pow22523(const Fe& z) {
  Fe t0 = fe_sq(z);                   // 2
  Fe t1 = fe_mul(z, fe_sq_n(t0, 2));  // 9
  t0 = fe_mul(t0, t1);                // 11
  t0 = fe_mul(t1, fe_sq(t0));         // 31 = 2^5 - 1
  t0 = fe_mul(fe_sq_n(t0, 5), t0);    // 2^10 - 1
  t1 = fe_mul(fe_sq_n(t0, 10), t0);   // 2^20 - 1
  t1 = fe_mul(fe_sq_n(t1, 20), t1);   // 2^40 - 1
  t0 = fe_mul(fe_sq_n(t1, 10), t0);   // 2^50 - 1
  t1 = fe_mul(fe_sq_n(t0, 50), t0);   // 2^100 - 1
  t1 = fe_mul(fe_sq_n(t1, 100), t1);  // 2^200 - 1
  t0 = fe_mul(fe_sq_n(t1, 50), t0);   // 2^250 - 1
  return fe_mul(fe_sq_n(t0, 2), z);   // 2^252 - 3
}

// 1/z = z^(p-2) = z^(2^255 - 21) = (z^(2^252 - 3))^8 * z^3 (0 for z = 0).
inline Fe fe_invert(const Fe& z) { return fe_mul(fe_sq_n(fe_pow22523(z), 3), fe_mul(fe_sq(z), z)); }

}  // namespace plx::crypto::internal::ed25519
