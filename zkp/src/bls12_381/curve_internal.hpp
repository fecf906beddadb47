// Curve arithmetic shared by G1 (over Fp) and G2 (over Fp2): both are y^2 = x^3 + b with a = 0,
// so one set of Jacobian formulas, templated on the coordinate field F, serves both groups.
//
// Jacobian coordinates: (X, Y, Z) stands for (X/Z^2, Y/Z^3); any point with Z = 0 is the identity.
// Formulas from the Explicit-Formulas Database, "shortw-jacobian-0" (a = 0):
//   doubling  dbl-2009-l            2M + 5S
//   addition  add-2007-bl          11M + 5S (here in a unified form, see add())
//   mixed     madd-2007-bl          7M + 4S
// Functions without _vartime are constant time: every special case (P == Q, P == -Q, an input at
// infinity) is computed without branching and chosen with ct::Choice masks, because scalar
// multiplication by a secret walks through them.
//
// Not part of the public API (namespace internal, header under src/).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "plx/core/ct.hpp"

namespace plx::zkp::bls12_381::internal {

template <class F>
struct Jac {
  F x, y, z;  // identity: z == 0
};

template <class F>
struct Aff {
  F x, y;  // the identity is carried separately (a Choice or a bool), never encoded here
};

template <class F>
[[nodiscard]] inline Jac<F> jac_identity() noexcept {
  return Jac<F>{F::one(), F::one(), F::zero()};
}

// Branch-free selection and table lookup on the raw 64-bit words of a coordinate struct (Fp,
// Fp2, Jac, Aff are plain arrays of limbs): one mask per value instead of one select per field
// element, which matters in lookups that read every entry of a table.
template <class T>
inline constexpr std::size_t kWords = sizeof(T) / sizeof(std::uint64_t);

template <class T>
[[nodiscard]] inline T raw_select(ct::Choice c, const T& a, const T& b) noexcept {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % sizeof(std::uint64_t) == 0);
  using W = std::array<std::uint64_t, kWords<T>>;
  const W va = std::bit_cast<W>(a);
  const W vb = std::bit_cast<W>(b);
  const std::uint64_t m = c.mask();
  W out;
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = vb[k] ^ (m & (va[k] ^ vb[k]));
  return std::bit_cast<T>(out);
}

// Entry idx (1-based) of table[0..n-1], or all-zero words for idx = 0 (for Jac that is Z = 0,
// the identity). Every entry is read, whatever idx is.
template <class T>
[[nodiscard]] inline T raw_lookup(const T* table, std::size_t n, std::uint64_t idx) noexcept {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % sizeof(std::uint64_t) == 0);
  using W = std::array<std::uint64_t, kWords<T>>;
  W acc{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t m = ct::equal(static_cast<std::uint64_t>(i + 1), idx).mask();
    const W v = std::bit_cast<W>(table[i]);
    for (std::size_t k = 0; k < acc.size(); ++k) acc[k] |= v[k] & m;
  }
  return std::bit_cast<T>(acc);
}

// Entries idx1 and idx2 of the same table in one pass over it (raw_lookup twice, with half the
// memory traffic): for the two GLV halves of a scalar, which read the same fixed-base table.
template <class T>
inline void raw_lookup2(const T* table, std::size_t n, std::uint64_t idx1, std::uint64_t idx2,
                        T* out1, T* out2) noexcept {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % sizeof(std::uint64_t) == 0);
  using W = std::array<std::uint64_t, kWords<T>>;
  W acc1{};
  W acc2{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t m1 = ct::equal(static_cast<std::uint64_t>(i + 1), idx1).mask();
    const std::uint64_t m2 = ct::equal(static_cast<std::uint64_t>(i + 1), idx2).mask();
    const W v = std::bit_cast<W>(table[i]);
    for (std::size_t k = 0; k < acc1.size(); ++k) {
      acc1[k] |= v[k] & m1;
      acc2[k] |= v[k] & m2;
    }
  }
  *out1 = std::bit_cast<T>(acc1);
  *out2 = std::bit_cast<T>(acc2);
}

template <class F>
[[nodiscard]] inline Jac<F> jac_select(ct::Choice c, const Jac<F>& a, const Jac<F>& b) noexcept {
  return raw_select(c, a, b);
}

template <class F>
[[nodiscard]] inline Jac<F> jac_neg(const Jac<F>& p) noexcept {
  return Jac<F>{p.x, -p.y, p.z};
}

// Conditional negation without a branch.
template <class F>
[[nodiscard]] inline Jac<F> jac_cneg(ct::Choice c, const Jac<F>& p) noexcept {
  return Jac<F>{p.x, raw_select(c, -p.y, p.y), p.z};
}

// dbl-2009-l. Handles the identity (Z = 0 stays 0) and needs no special case: BLS12-381 has no
// points of order 2 on E or E' (both cofactors are odd), and Y = 0 would give Z3 = 0 anyway.
template <class F>
[[nodiscard]] inline Jac<F> dbl(const Jac<F>& p) noexcept {
  const F a = p.x.square();
  const F b = p.y.square();
  const F c = b.square();
  F d = (p.x + b).square() - a - c;
  d = d.dbl();
  const F e = a.dbl() + a;
  const F f = e.square();
  Jac<F> out;
  out.x = f - d.dbl();
  const F c8 = c.dbl().dbl().dbl();
  out.y = e * (d - out.x) - c8;
  out.z = (p.y * p.z).dbl();
  return out;
}

// Unified addition (constant time). With U1 = X1·Z2², U2 = X2·Z1², S1 = Y1·Z2³, S2 = Y2·Z1³ the
// sum has slope λ = R/(H·Z1·Z2) where H = U2 − U1, R = S2 − S1; when P == Q (H = R = 0) the
// tangent slope 3x²/2y has the same shape with H' = 2·S1, R' = 3·U1². So one tail computes both:
//   X3 = R'² − (U1 + U2)·H'²,  Y3 = R'·(U1·H'² − X3) − S1·H'³,  Z3 = Z1·Z2·H'
// where (U1 + U2)·H'² = 2·U1·H'² + H'³ for an addition and 2·U1·H'² for a doubling.
// P == −Q gives H = 0, R != 0, hence Z3 = 0: the identity, as it should. Identity inputs are
// chosen in at the end. Cost 12M + 5S, about add-2007-bl's 11M + 5S, which lacks the doubling.
template <class F>
[[nodiscard]] inline Jac<F> add(const Jac<F>& p, const Jac<F>& q) noexcept {
  const ct::Choice p_inf = p.z.is_zero();
  const ct::Choice q_inf = q.z.is_zero();
  const F z1z1 = p.z.square();
  const F z2z2 = q.z.square();
  const F u1 = p.x * z2z2;
  const F u2 = q.x * z1z1;
  const F s1 = p.y * (q.z * z2z2);
  const F s2 = q.y * (p.z * z1z1);
  F h = u2 - u1;
  F r = s2 - s1;
  const ct::Choice is_dbl = h.is_zero() & r.is_zero();
  const F u1sq = u1.square();
  h = raw_select(is_dbl, s1.dbl(), h);
  r = raw_select(is_dbl, u1sq.dbl() + u1sq, r);
  const F hh = h.square();
  const F hhh = h * hh;
  const F v = u1 * hh;
  Jac<F> out;
  // X3 = R² − 2V − H³ (addition) or R² − 2V (doubling).
  out.x = r.square() - v.dbl() - raw_select(is_dbl, F::zero(), hhh);
  out.y = r * (v - out.x) - s1 * hhh;
  // Z1·Z2 = ((Z1 + Z2)² − Z1² − Z2²)/2 would save a multiplication but not the halving.
  out.z = (p.z * q.z) * h;
  out = jac_select(p_inf, q, out);
  out = jac_select(q_inf, p, out);
  return out;
}

// Mixed addition P + Q with Q affine (Z2 = 1) and q_inf saying whether Q is the identity; the same
// unified formula as add(). 8M + 4S.
template <class F>
[[nodiscard]] inline Jac<F> add_mixed(const Jac<F>& p, const Aff<F>& q, ct::Choice q_inf) noexcept {
  const ct::Choice p_inf = p.z.is_zero();
  const F z1z1 = p.z.square();
  const F u2 = q.x * z1z1;
  const F s2 = q.y * (p.z * z1z1);
  F h = u2 - p.x;
  F r = s2 - p.y;
  const ct::Choice is_dbl = h.is_zero() & r.is_zero();
  const F u1sq = p.x.square();
  h = raw_select(is_dbl, p.y.dbl(), h);
  r = raw_select(is_dbl, u1sq.dbl() + u1sq, r);
  const F hh = h.square();
  const F hhh = h * hh;
  const F v = p.x * hh;
  Jac<F> out;
  out.x = r.square() - v.dbl() - raw_select(is_dbl, F::zero(), hhh);
  out.y = r * (v - out.x) - p.y * hhh;
  out.z = p.z * h;
  const Jac<F> qj{q.x, q.y, F::one()};
  out = jac_select(p_inf, qj, out);
  out = jac_select(q_inf, p, out);
  return out;
}

// add-2007-bl with branches on the special cases (public points only).
template <class F>
[[nodiscard]] inline Jac<F> add_vartime(const Jac<F>& p, const Jac<F>& q) noexcept {
  if (p.z.is_zero().declassify()) return q;
  if (q.z.is_zero().declassify()) return p;
  const F z1z1 = p.z.square();
  const F z2z2 = q.z.square();
  const F u1 = p.x * z2z2;
  const F u2 = q.x * z1z1;
  const F s1 = p.y * (q.z * z2z2);
  const F s2 = q.y * (p.z * z1z1);
  const F h = u2 - u1;
  const F s = s2 - s1;
  if (h.is_zero().declassify()) {
    if (s.is_zero().declassify()) return dbl(p);
    return jac_identity<F>();
  }
  const F i = h.dbl().square();
  const F j = h * i;
  const F r = s.dbl();
  const F v = u1 * i;
  Jac<F> out;
  out.x = r.square() - j - v.dbl();
  out.y = r * (v - out.x) - (s1 * j).dbl();
  out.z = ((p.z + q.z).square() - z1z1 - z2z2) * h;
  return out;
}

// madd-2007-bl with branches (public points only). REQUIRES: q is not the identity.
template <class F>
[[nodiscard]] inline Jac<F> add_mixed_vartime(const Jac<F>& p, const Aff<F>& q) noexcept {
  if (p.z.is_zero().declassify()) return Jac<F>{q.x, q.y, F::one()};
  const F z1z1 = p.z.square();
  const F u2 = q.x * z1z1;
  const F s2 = q.y * (p.z * z1z1);
  const F h = u2 - p.x;
  const F s = s2 - p.y;
  if (h.is_zero().declassify()) {
    if (s.is_zero().declassify()) return dbl(p);
    return jac_identity<F>();
  }
  const F hh = h.square();
  const F i = hh.dbl().dbl();
  const F j = h * i;
  const F r = s.dbl();
  const F v = p.x * i;
  Jac<F> out;
  out.x = r.square() - j - v.dbl();
  out.y = r * (v - out.x) - (p.y * j).dbl();
  out.z = (p.z + h).square() - z1z1 - hh;
  return out;
}

template <class F>
[[nodiscard]] inline Jac<F> add_mixed_vartime(const Jac<F>& p, const Aff<F>& q, bool q_inf) noexcept {
  return q_inf ? p : add_mixed_vartime(p, q);
}

// Y^2 == X^3 + b·Z^6 (true for the identity).
template <class F>
[[nodiscard]] inline bool jac_on_curve(const Jac<F>& p, const F& b) noexcept {
  if (p.z.is_zero().declassify()) return true;
  const F z2 = p.z.square();
  const F z6 = (z2 * p.z).square();
  return p.y.square() == p.x.square() * p.x + b * z6;
}

// Projective equality of public points.
template <class F>
[[nodiscard]] inline bool jac_equal(const Jac<F>& a, const Jac<F>& b) noexcept {
  const bool ai = a.z.is_zero().declassify();
  const bool bi = b.z.is_zero().declassify();
  if (ai || bi) return ai == bi;
  const F az2 = a.z.square();
  const F bz2 = b.z.square();
  if (!(a.x * bz2 == b.x * az2)) return false;
  return a.y * (bz2 * b.z) == b.y * (az2 * a.z);
}

// Affine (x, y) of a finite point, constant time (the inverse of Z = 0 is 0; callers flag it).
template <class F>
[[nodiscard]] inline Aff<F> jac_to_aff(const Jac<F>& p) noexcept {
  const F zi = p.z.inverse();
  const F zi2 = zi.square();
  return Aff<F>{p.x * zi2, p.y * (zi2 * zi)};
}

// Montgomery's trick over Jacobian points: one inversion for all. Identity entries get
// inf[i] = true and (0, 0). Variable time (public data).
template <class F>
void jac_batch_to_aff_vartime(std::span<const Jac<F>> in, std::span<Aff<F>> out, bool* inf) {
  const std::size_t n = in.size();
  if (n == 0) return;
  std::vector<F> prefix(n);
  F acc = F::one();
  for (std::size_t i = 0; i < n; ++i) {
    prefix[i] = acc;
    const bool zero = in[i].z.is_zero().declassify();
    if (!zero) acc = acc * in[i].z;
  }
  F inv = acc.inverse_vartime();
  for (std::size_t i = n; i-- > 0;) {
    if (in[i].z.is_zero().declassify()) {
      out[i] = Aff<F>{F::zero(), F::zero()};
      if (inf != nullptr) inf[i] = true;
      continue;
    }
    const F zi = inv * prefix[i];
    inv = inv * in[i].z;
    const F zi2 = zi.square();
    out[i] = Aff<F>{in[i].x * zi2, in[i].y * (zi2 * zi)};
    if (inf != nullptr) inf[i] = false;
  }
}

// The same trick in constant time: an identity entry's Z is replaced by 1 (by a select) for the
// product, its Choice is returned in inf[i] and its output is (0, 0). One constant-time
// inversion.
template <class F>
void jac_batch_to_aff(std::span<const Jac<F>> in, std::span<Aff<F>> out, ct::Choice* inf) {
  const std::size_t n = in.size();
  if (n == 0) return;
  std::vector<F> prefix(n);
  std::vector<F> zs(n);
  F acc = F::one();
  for (std::size_t i = 0; i < n; ++i) {
    const ct::Choice zero = in[i].z.is_zero();
    inf[i] = zero;
    zs[i] = F::select(zero, F::one(), in[i].z);
    prefix[i] = acc;
    acc = acc * zs[i];
  }
  F inv = acc.inverse();
  for (std::size_t i = n; i-- > 0;) {
    const F zi = inv * prefix[i];
    inv = inv * zs[i];
    const F zi2 = zi.square();
    // An identity entry comes out as (0, 0), like a default-constructed affine identity.
    out[i] = Aff<F>{F::select(inf[i], F::zero(), in[i].x * zi2),
                    F::select(inf[i], F::zero(), in[i].y * (zi2 * zi))};
  }
}

// ---------------------------------------------------------------------------------------------
// Constant-time table lookups (see raw_lookup): a Jac entry 0 reads as the identity (Z = 0), an
// Aff entry 0 as (0, 0), whose identity flag the caller supplies.

template <class F>
[[nodiscard]] inline Jac<F> jac_lookup(const Jac<F>* table, std::size_t n, std::uint64_t idx) noexcept {
  return raw_lookup(table, n, idx);
}

template <class F>
[[nodiscard]] inline Aff<F> aff_lookup(const Aff<F>* table, std::size_t n, std::uint64_t idx) noexcept {
  return raw_lookup(table, n, idx);
}

// ---------------------------------------------------------------------------------------------
// Scalar recoding.

// Bits [pos, pos + count) of a little-endian limb array (zeros past the end); pos may be -1, in
// which case the bit below bit 0 reads as zero. Positions are public; count <= 63.
[[nodiscard]] inline std::uint64_t get_bits(const std::uint64_t* k, std::size_t nlimbs, long pos,
                                            unsigned count) noexcept {
  if (pos < 0) return (get_bits(k, nlimbs, 0, count - 1) << 1) & ((std::uint64_t{1} << count) - 1);
  const std::size_t upos = static_cast<std::size_t>(pos);
  const std::size_t limb = upos / 64;
  const unsigned off = static_cast<unsigned>(upos % 64);
  std::uint64_t v = limb < nlimbs ? k[limb] >> off : 0;
  if (off != 0 && limb + 1 < nlimbs) v |= k[limb + 1] << (64 - off);
  return v & ((std::uint64_t{1} << count) - 1);
}

// Signed (Booth) window digit i of width w: d_i = b[wi-1] + Σ_{j<w} b[wi+j]·2^j − b[wi+w-1]·2^w,
// so that k = Σ d_i·2^(wi) with |d_i| <= 2^(w-1). Constant time in the scalar: returns |d_i| and
// a Choice for d_i < 0.
struct BoothDigit {
  std::uint64_t abs;
  ct::Choice neg;
};
[[nodiscard]] inline BoothDigit booth_digit(const std::uint64_t* k, std::size_t nlimbs, std::size_t i,
                                            unsigned w) noexcept {
  const long pos = static_cast<long>(i * w) - 1;
  const std::uint64_t wval = get_bits(k, nlimbs, pos, w + 1);
  const std::uint64_t sign = wval >> w;
  const std::uint64_t v = (wval + 1) >> 1;  // b[wi-1] + Σ b[wi+j]·2^j (top bit counted once)
  const ct::Choice neg = ct::Choice::from_bit(sign);
  const std::uint64_t abs = ct::select(neg, (std::uint64_t{1} << w) - v, v);
  return BoothDigit{abs, neg};
}

// Width-w NAF of a non-negative integer (variable time): digits are 0 or odd in
// (−2^(w-1), 2^(w-1)), least significant first. Returns the digit count.
std::size_t wnaf(const std::uint64_t* k, std::size_t nlimbs, unsigned w, std::int8_t* out,
                 std::size_t out_len) noexcept;

// ---------------------------------------------------------------------------------------------
// Endomorphism scalar splits.

// G1 GLV: k = k1 + k2·z with z = u² (u the BLS parameter), 0 <= k1 < z, 0 <= k2 < 2^128.
// Since σ(P) = (β·x, y) acts as [−z] on G1, k·P = k1·P + k2·(−σ(P)). Constant time.
struct GlvSplit {
  std::array<std::uint64_t, 2> k1, k2;
};
[[nodiscard]] GlvSplit glv_split(const std::array<std::uint64_t, 4>& k) noexcept;

// G2 GLS: k = d0 + d1·|u| + d2·|u|² + d3·|u|³ with 0 <= d_i < |u| < 2^64 (k < r < |u|⁴). Since ψ
// acts as [u] = [−|u|] on G2, k·P = d0·P + d1·(−ψ)(P) + d2·ψ²(P) + d3·(−ψ)³(P). Constant time.
[[nodiscard]] std::array<std::uint64_t, 4> gls_split(const std::array<std::uint64_t, 4>& k) noexcept;

// |u| = 0xd201000000010000, the absolute value of the BLS12-381 parameter u (u < 0).
inline constexpr std::uint64_t kAbsU = 0xd201000000010000ULL;

// ---------------------------------------------------------------------------------------------
// Pieces G1 and G2 share beyond the formulas.

// [|u|]P by double-and-add over the 6 set bits of |u| (public points: the subgroup checks).
template <class F>
[[nodiscard]] Jac<F> mul_abs_u_vartime(const Jac<F>& p) noexcept {
  Jac<F> acc = p;
  for (int bit = 62; bit >= 0; --bit) {
    acc = dbl(acc);
    if (((kAbsU >> bit) & 1) != 0) acc = add_vartime(acc, p);
  }
  return acc;
}

// k·P for a big-endian integer k of any length and any point on the curve, in or out of the
// subgroup: plain double-and-add (test vectors, cofactor work). Variable time.
template <class F>
[[nodiscard]] Jac<F> mul_bytes_vartime(const Jac<F>& p, std::span<const std::uint8_t> k_be) noexcept {
  Jac<F> acc = jac_identity<F>();
  bool started = false;
  for (const std::uint8_t byte : k_be) {
    for (int bit = 7; bit >= 0; --bit) {
      if (started) acc = dbl(acc);
      if (((byte >> bit) & 1) != 0) {
        acc = started ? add_vartime(acc, p) : p;
        started = true;
      }
    }
  }
  return acc;
}

// G1::batch_to_affine / G2::batch_to_affine: points of class P (x(), y(), z() over F) into
// affine A ({x, y, infinity}) with one constant-time inversion; an identity comes out as (0, 0)
// with its flag set, copied from the mask without a branch.
template <class F, class P, class A>
void points_to_affine(std::span<const P> in, std::span<A> out) {
  const std::size_t n = in.size();
  std::vector<Jac<F>> js(n);
  for (std::size_t i = 0; i < n; ++i) js[i] = Jac<F>{in[i].x(), in[i].y(), in[i].z()};
  std::vector<Aff<F>> as(n);
  std::vector<ct::Choice> inf(n, ct::Choice::from_bit(0));
  jac_batch_to_aff<F>(js, as, inf.data());
  for (std::size_t i = 0; i < n; ++i) out[i] = A{as[i].x, as[i].y, (inf[i].mask() & 1) != 0};
}

// The ZCash flag bits in the first byte of an encoding (draft-irtf-cfrg-pairing-friendly-curves,
// Appendix C), the same for G1 and G2.
inline constexpr std::uint8_t kCompressedFlag = 0x80;
inline constexpr std::uint8_t kInfinityFlag = 0x40;
inline constexpr std::uint8_t kSortFlag = 0x20;

// The flag checks of a compressed or uncompressed encoding of the right length. error is null
// when the flags are consistent; identity then says whether the bytes are the (valid) encoding
// of the point at infinity, and otherwise the coordinates follow.
struct FlagCheck {
  bool identity = false;
  const char* error = nullptr;
  const char* where = nullptr;
};
[[nodiscard]] inline FlagCheck check_encoding_flags(std::span<const std::uint8_t> bytes,
                                                    bool compressed) noexcept {
  const std::uint8_t flags = bytes[0];
  if (compressed && (flags & kCompressedFlag) == 0) {
    return {false, "compression flag (0x80) is not set in a compressed encoding", "byte 0"};
  }
  if (!compressed && (flags & kCompressedFlag) != 0) {
    return {false, "compression flag (0x80) is set in an uncompressed encoding", "byte 0"};
  }
  if (!compressed && (flags & kSortFlag) != 0) {
    return {false, "sort flag (0x20) is set in an uncompressed encoding", "byte 0"};
  }
  if ((flags & kInfinityFlag) == 0) return {};
  if ((flags & kSortFlag) != 0) {
    return {false, "the point at infinity has the sort flag (0x20) set", "byte 0"};
  }
  std::uint8_t rest = flags & 0x1f;
  for (std::size_t i = 1; i < bytes.size(); ++i) rest |= bytes[i];
  if (rest != 0) return {false, "the point at infinity must have all other bits zero", "x"};
  return {true, nullptr, nullptr};
}

}  // namespace plx::zkp::bls12_381::internal
