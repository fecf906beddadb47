// Modular inversion by Bernstein–Yang "safegcd" ("Fast constant-time gcd computation and modular
// inversion", TCHES 2019) in its "half-delta" form (hddivsteps), batched in 62-bit signed limbs as
// libsecp256k1's modinv64 describes (doc/safegcd_implementation.md). Written from those
// descriptions; shared by Fp (381 bits) and Fr (255 bits).
//
// State: f = M, g = x, d = 0, e = 1, δ = 1/2, with invariants d·x ≡ f and e·x ≡ g (mod M). Each
// batch runs 60 hddivsteps (the last one fewer) on the low 64 bits of f and g only, collecting a
// 2×2 matrix T with 2^62·(f', g') = T·(f, g); then (f, g) and (d, e) are multiplied by T and
// divided by 2^62 exactly (for (d, e) after adding the multiple of M that makes the low 62 bits
// zero). When g reaches 0, f = ±gcd = ±1 and x^-1 = ±d.
//
// hddivstep (sipa/safegcd-bounds, "A faster variant of divsteps"): the divstep of the paper started
// from δ = 1/2 instead of 1, so δ stays a half-integer. It reaches g = 0 in about 20% fewer steps
// than divsteps. δ is kept as the integer ζ = -(δ + 1/2), as libsecp256k1 does: δ > 0 exactly
// when ζ < 0, 1 + δ is ζ - 1, and 1 - δ is -ζ - 2 = ~ζ - 1.
//
// Constant time: the steps use masks only, and the number of steps is fixed by a bound proven for
// each modulus, M::kDivsteps (fp_internal.hpp, fr.cpp): a Coq proof, by convex-hull enumeration,
// that this many hddivsteps bring g to 0 for every odd f <= B and 0 <= g <= f. The _vartime
// variant runs the same schedule but stops at the first batch boundary where g = 0.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "bls12_381/mont_internal.hpp"

namespace plx::zkp::bls12_381::internal {

__extension__ typedef __int128 i128;
using i64 = std::int64_t;

inline constexpr u64 kMask62 = (u64{1} << 62) - 1;

// Number of 62-bit limbs for an N×64-bit modulus (one spare for the sign).
template <std::size_t N>
inline constexpr std::size_t kLimbs62 = (64 * N) / 62 + 1;

template <std::size_t N>
constexpr std::array<i64, kLimbs62<N>> to_62(const std::array<u64, N>& x) noexcept {
  std::array<i64, kLimbs62<N>> r{};
  for (std::size_t i = 0; i < kLimbs62<N>; ++i) {
    const std::size_t bit = 62 * i;
    const std::size_t w = bit / 64, s = bit % 64;
    u64 v = 0;
    if (w < N) v = x[w] >> s;
    if (s > 2 && w + 1 < N) v |= x[w + 1] << (64 - s);
    r[i] = static_cast<i64>(v & kMask62);
  }
  return r;
}

// -M^-1 is not needed; M^-1 mod 2^62 by Newton iteration (M odd).
constexpr u64 inv_mod_2_62(u64 m) noexcept {
  u64 x = m;  // correct to 3 bits for odd m
  for (int i = 0; i < 6; ++i) x *= 2 - m * x;
  return x & kMask62;
}

struct Matrix {
  i64 u, v, q, r;
};

// kSteps <= 30 hddivsteps on the low bits of f and g (constant time), tracking ζ through *zeta;
// *f and *g carry on to the next call (after k steps their low 64 - k bits are exact, enough for
// the next 64 - k steps).
//
// One hddivstep: when δ > 0 and g is odd, (δ, f, g) <- (1 - δ, g, (g - f)/2); otherwise
// (δ, f, g) <- (1 + δ, f, (g + (g mod 2)·f)/2). Written branch-free in the shape libsecp256k1's
// modinv64 uses (doc/safegcd_implementation.md): instead of swapping f and g, add ±f to g
// (masked), and when swapping replace f by the old g (f + (g - f) = g), a masked select.
//
// The transition matrix rows (u, v) and (q, r) follow f and g; f's row doubles where g halves, so
// 2^kSteps·(f', g') = T·(f, g). Each row is packed into one word, uv = u + 2^32·v (mod 2^64), as
// Pornin packs his update factors ("Optimized Binary GCD for Modular Inversion", IACR ePrint
// 2020/972): the steps only add, negate and double rows, which act on the packed word as on each
// field. After k <= 30 steps |u| + |v| <= 2^k <= 2^30, so u is the sign-extended low half and
// 2^32·v = uv - u fits a signed word: both unpack exactly. Two rows per step instead of four.
template <int kSteps>
inline void divsteps_packed(i64* zeta_io, u64* f_io, u64* g_io, Matrix* t) noexcept {
  static_assert(kSteps >= 1 && kSteps <= 30);
  u64 f = *f_io, g = *g_io, uv = 1, qr = u64{1} << 32;
  i64 zeta = *zeta_io;
  // Unrolled by 6, not fully: full unrolling (five times the code) measured 2-4% slower.
#pragma GCC unroll 6
  for (int i = 0; i < kSteps; ++i) {
    const u64 c1 = static_cast<u64>(zeta >> 63);  // all ones when δ > 0
    const u64 c2 = 0 - (g & 1);                   // all ones when g is odd
    const u64 sw = c1 & c2;                       // the swapping case
    // When swapping, f' = f + (g - f) = g: select the old g directly, off g's dependency chain.
    const u64 df = (f ^ g) & sw;
    const u64 duv = (uv ^ qr) & sw;
    const u64 x = (f ^ c1) - c1;  // δ > 0 ? -f : f
    const u64 y = (uv ^ c1) - c1;
    g += x & c2;
    qr += y & c2;
    zeta = (zeta ^ static_cast<i64>(sw)) - 1;  // swap: ζ <- ~ζ - 1; else ζ <- ζ - 1
    f ^= df;
    uv ^= duv;
    g >>= 1;
    uv <<= 1;
  }
  *zeta_io = zeta;
  *f_io = f;
  *g_io = g;
  const i64 u = static_cast<std::int32_t>(static_cast<std::uint32_t>(uv));
  const i64 q = static_cast<std::int32_t>(static_cast<std::uint32_t>(qr));
  t->u = u;
  t->v = static_cast<i64>(uv - static_cast<u64>(u)) >> 32;
  t->q = q;
  t->r = static_cast<i64>(qr - static_cast<u64>(q)) >> 32;
}

// kSteps <= 60 hddivsteps as two packed halves; returns T with 2^62·(f', g') = T·(f, g).
// T = T2·T1 has |u| + |v| <= 2^kSteps per row, and the final scaling by 2^(62 - kSteps) (so that
// every batch divides by 2^62, a shorter last batch included) keeps it <= 2^62, the bound
// update_de's range argument needs. The products are exact in 64 bits for the same reason.
template <int kSteps>
inline Matrix divsteps(i64* zeta_io, u64 f, u64 g) noexcept {
  static_assert(kSteps >= 1 && kSteps <= 60);
  constexpr int kFirst = kSteps < 30 ? kSteps : 30;
  Matrix a, b;
  divsteps_packed<kFirst>(zeta_io, &f, &g, &a);
  if constexpr (kSteps == kFirst) {
    b = {1, 0, 0, 1};
  } else {
    divsteps_packed<kSteps - kFirst>(zeta_io, &f, &g, &b);
  }
  constexpr int kScale = 62 - kSteps;
  const auto mul = [](i64 x, i64 y, i64 z, i64 w) {
    return static_cast<i64>(
        (static_cast<u64>(x) * static_cast<u64>(y) + static_cast<u64>(z) * static_cast<u64>(w))
        << kScale);
  };
  return {mul(b.u, a.u, b.v, a.q), mul(b.u, a.v, b.v, a.r), mul(b.q, a.u, b.r, a.q),
          mul(b.q, a.v, b.r, a.r)};
}

template <class M>
struct SafeGcd {
  static constexpr std::size_t N = M::N;
  static constexpr std::size_t L = kLimbs62<N>;
  using S = std::array<i64, L>;
  static constexpr S kM = to_62<N>(M::kMod);
  static constexpr u64 kMInv62 = inv_mod_2_62(M::kMod[0]);

  // (f, g) <- T·(f, g) / 2^62 (exact).
  static inline void update_fg(S& f, S& g, const Matrix& t) noexcept {
    i128 cf = static_cast<i128>(t.u) * f[0] + static_cast<i128>(t.v) * g[0];
    i128 cg = static_cast<i128>(t.q) * f[0] + static_cast<i128>(t.r) * g[0];
    cf >>= 62;
    cg >>= 62;
    for (std::size_t i = 1; i < L; ++i) {
      cf += static_cast<i128>(t.u) * f[i] + static_cast<i128>(t.v) * g[i];
      cg += static_cast<i128>(t.q) * f[i] + static_cast<i128>(t.r) * g[i];
      f[i - 1] = static_cast<i64>(static_cast<u64>(cf) & kMask62);
      g[i - 1] = static_cast<i64>(static_cast<u64>(cg) & kMask62);
      cf >>= 62;
      cg >>= 62;
    }
    f[L - 1] = static_cast<i64>(cf);
    g[L - 1] = static_cast<i64>(cg);
  }

  // (d, e) <- T·(d, e) / 2^62 mod M, keeping both in (-2M, M).
  static inline void update_de(S& d, S& e, const Matrix& t) noexcept {
    const i64 sd = d[L - 1] >> 63, se = e[L - 1] >> 63;  // sign masks
    // Adding u (or q) when d < 0, v (or r) when e < 0 keeps the result range (libsecp's bound).
    i64 md = (t.u & sd) + (t.v & se);
    i64 me = (t.q & sd) + (t.r & se);
    i128 cd = static_cast<i128>(t.u) * d[0] + static_cast<i128>(t.v) * e[0];
    i128 ce = static_cast<i128>(t.q) * d[0] + static_cast<i128>(t.r) * e[0];
    // Choose md, me so that cd + M·md and ce + M·me are divisible by 2^62.
    md -= static_cast<i64>((kMInv62 * static_cast<u64>(cd) + static_cast<u64>(md)) & kMask62);
    me -= static_cast<i64>((kMInv62 * static_cast<u64>(ce) + static_cast<u64>(me)) & kMask62);
    cd += static_cast<i128>(kM[0]) * md;
    ce += static_cast<i128>(kM[0]) * me;
    cd >>= 62;
    ce >>= 62;
    for (std::size_t i = 1; i < L; ++i) {
      cd += static_cast<i128>(t.u) * d[i] + static_cast<i128>(t.v) * e[i] +
            static_cast<i128>(kM[i]) * md;
      ce += static_cast<i128>(t.q) * d[i] + static_cast<i128>(t.r) * e[i] +
            static_cast<i128>(kM[i]) * me;
      d[i - 1] = static_cast<i64>(static_cast<u64>(cd) & kMask62);
      e[i - 1] = static_cast<i64>(static_cast<u64>(ce) & kMask62);
      cd >>= 62;
      ce >>= 62;
    }
    d[L - 1] = static_cast<i64>(cd);
    e[L - 1] = static_cast<i64>(ce);
  }

  // Adds M to a (signed-limb) value when mask is all ones; then renormalises the limbs.
  static inline void cond_add_m(S& a, i64 mask) noexcept {
    i64 c = 0;
    for (std::size_t i = 0; i < L; ++i) {
      c += a[i] + (kM[i] & mask);
      if (i + 1 < L) {
        a[i] = static_cast<i64>(static_cast<u64>(c) & kMask62);
        c >>= 62;
      } else {
        a[i] = c;
      }
    }
  }
  static inline void cond_negate(S& a, i64 mask) noexcept {
    i64 c = 0;
    for (std::size_t i = 0; i < L; ++i) {
      c += (a[i] ^ mask) - mask;
      if (i + 1 < L) {
        a[i] = static_cast<i64>(static_cast<u64>(c) & kMask62);
        c >>= 62;
      } else {
        a[i] = c;
      }
    }
  }

  // One batch of kSteps hddivsteps and the matching update of (f, g, d, e).
  template <int kSteps>
  static inline void batch(S& f, S& g, S& d, S& e, i64* zeta) noexcept {
    const Matrix t = divsteps<kSteps>(zeta, static_cast<u64>(f[0]) | (static_cast<u64>(f[1]) << 62),
                                      static_cast<u64>(g[0]) | (static_cast<u64>(g[1]) << 62));
    update_fg(f, g, t);
    update_de(d, e, t);
  }

  static inline bool is_zero_vartime(const S& a) noexcept {
    i64 any = 0;
    for (std::size_t i = 0; i < L; ++i) any |= a[i];
    return any == 0;
  }

  // x^-1 mod M for canonical x (plain integers, not Montgomery form); 0 -> 0.
  // Runs exactly M::kDivsteps hddivsteps: full batches of 60, then one of the remainder.
  template <bool kVartime>
  static std::array<u64, N> invert(const std::array<u64, N>& x) noexcept {
    constexpr int kFull = M::kDivsteps / 60;
    constexpr int kRest = M::kDivsteps % 60;
    S f = kM, g = to_62<N>(x), d{}, e{};
    e[0] = 1;
    i64 zeta = -1;  // δ = 1/2
    for (int b = 0; b < kFull; ++b) {
      if constexpr (kVartime) {
        if (is_zero_vartime(g)) break;
      }
      batch<60>(f, g, d, e, &zeta);
    }
    if constexpr (kRest != 0) {
      if (!kVartime || !is_zero_vartime(g)) batch<kRest>(f, g, d, e, &zeta);
    }
    // f = ±1 (or M when x = 0, with d = 0). x^-1 = sign(f)·d; d is in (-2M, M).
    cond_negate(d, f[L - 1] >> 63);  // now in (-2M, 2M)
    cond_add_m(d, d[L - 1] >> 63);   // (-M, 2M)
    cond_add_m(d, d[L - 1] >> 63);   // [0, 2M)
    // Subtract M when d >= M: compute d - M and keep it when it is non-negative.
    S t = d;
    cond_negate(t, -1);
    cond_add_m(t, -1);                  // t = M - d
    cond_negate(t, -1);                 // t = d - M
    const i64 keep_d = t[L - 1] >> 63;  // d < M
    for (std::size_t i = 0; i < L; ++i) d[i] = (d[i] & keep_d) | (t[i] & ~keep_d);
    // Back to 64-bit limbs.
    std::array<u64, N> out{};
    for (std::size_t i = 0; i < L; ++i) {
      const std::size_t bit = 62 * i;
      const std::size_t w = bit / 64, s = bit % 64;
      const u64 v = static_cast<u64>(d[i]);
      if (w < N) out[w] |= v << s;
      if (s > 2 && w + 1 < N) out[w + 1] |= v >> (64 - s);
    }
    return out;
  }
};

}  // namespace plx::zkp::bls12_381::internal
