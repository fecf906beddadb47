// Modular inversion by Bernstein–Yang "safegcd" divsteps ("Fast constant-time gcd computation and
// modular inversion", TCHES 2019), in the batched form with 62-bit signed limbs that
// libsecp256k1's modinv64 describes (doc/safegcd_implementation.md). Written from the paper's
// description; shared by Fp (381 bits) and Fr (255 bits).
//
// State: f = M, g = x, d = 0, e = 1, δ = 1 (kept as η = -δ), with invariants d·x ≡ f and e·x ≡ g (mod M). Each
// batch runs 62 divsteps on the low 64 bits of f and g only, collecting a 2×2 matrix T with
// 2^62·(f', g') = T·(f, g); then (f, g) and (d, e) are multiplied by T and divided by 2^62 exactly
// (for (d, e) after adding the multiple of M that makes the low 62 bits zero). When g reaches 0,
// f = ±gcd = ±1 and x^-1 = ±d.
//
// Constant time: the divsteps use masks only, and the number of batches is fixed by the bound of
// the paper's Theorem 11.2: (49·d + 57)/17 divsteps suffice for d-bit inputs (d >= 46), i.e.
// 1102 for 381 bits (18 batches of 62) and 739 for 255 bits (12 batches). The _vartime variant
// stops as soon as g = 0.
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

// 62 divsteps on the low bits of f and g (constant time), tracking η = -δ through *eta.
//
// One divstep: when δ > 0 and g is odd, (δ, f, g) <- (1 - δ, g, (g - f)/2); otherwise
// (δ, f, g) <- (1 + δ, f, (g + (g mod 2)·f)/2). Written branch-free in the shape libsecp256k1's
// modinv64 uses (doc/safegcd_implementation.md): instead of swapping f and g, add ±f to g,
// then add the new g back to f when swapping (f + (g - f) = g), so each step is a short chain of
// masked adds rather than three masked swaps. The rows (u, v) and (q, r) of the transition matrix
// follow f and g; f's row doubles where g halves, so 2^62·(f', g') = T·(f, g) at the end.
inline Matrix divsteps_62(i64* eta_io, u64 f, u64 g) noexcept {
  u64 u = 1, v = 0, q = 0, r = 1;
  i64 eta = *eta_io;
  for (int i = 0; i < 62; ++i) {
    const u64 c1 = static_cast<u64>(eta >> 63);  // all ones when δ > 0
    const u64 c2 = 0 - (g & 1);                   // all ones when g is odd
    const u64 x = (f ^ c1) - c1;                  // δ > 0 ? -f : f
    const u64 y = (u ^ c1) - c1;
    const u64 z = (v ^ c1) - c1;
    g += x & c2;
    q += y & c2;
    r += z & c2;
    const u64 sw = c1 & c2;  // the swapping case
    const i64 s = static_cast<i64>(sw);
    eta = (eta ^ s) - 1 - s;  // swap: η <- δ - 1 = ~η; else η <- η - 1
    f += g & sw;
    u += q & sw;
    v += r & sw;
    g >>= 1;
    u <<= 1;
    v <<= 1;
  }
  *eta_io = eta;
  return {static_cast<i64>(u), static_cast<i64>(v), static_cast<i64>(q), static_cast<i64>(r)};
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

  // x^-1 mod M for canonical x (plain integers, not Montgomery form); 0 -> 0.
  template <bool kVartime>
  static std::array<u64, N> invert(const std::array<u64, N>& x) noexcept {
    constexpr int kBatches = M::kDivsteps / 62 + (M::kDivsteps % 62 != 0 ? 1 : 0);
    S f = kM, g = to_62<N>(x), d{}, e{};
    e[0] = 1;
    i64 eta = -1;  // -δ, δ = 1 initially
    for (int b = 0; b < kBatches; ++b) {
      if constexpr (kVartime) {
        i64 any = 0;
        for (std::size_t i = 0; i < L; ++i) any |= g[i];
        if (any == 0) break;
      }
      const Matrix t = divsteps_62(&eta, static_cast<u64>(f[0]) | (static_cast<u64>(f[1]) << 62),
                                   static_cast<u64>(g[0]) | (static_cast<u64>(g[1]) << 62));
      update_fg(f, g, t);
      update_de(d, e, t);
    }
    // f = ±1 (or M when x = 0, with d = 0). x^-1 = sign(f)·d; d is in (-2M, M).
    cond_negate(d, f[L - 1] >> 63);  // now in (-2M, 2M)
    cond_add_m(d, d[L - 1] >> 63);   // (-M, 2M)
    cond_add_m(d, d[L - 1] >> 63);   // [0, 2M)
    // Subtract M when d >= M: compute d - M and keep it when it is non-negative.
    S t = d;
    cond_negate(t, -1);
    cond_add_m(t, -1);  // t = M - d
    cond_negate(t, -1);  // t = d - M
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
