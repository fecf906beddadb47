// Private to zkp/src/bls12_381: the Fp modulus as a Montgomery traits type, the kernel dispatch,
// the double-width values of lazy reduction (FpW, Fp2W),
// and fixed-exponent powers. Fp2/Fp6/Fp12 and the pairing use these to reach the raw kernels.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "bls12_381/mont_internal.hpp"
#include "plx/zkp/bls12_381/fp.hpp"

namespace plx::zkp::bls12_381::internal {

struct FpModulus {
  static constexpr std::size_t N = 6;
  static constexpr std::array<u64, 6> kMod = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                              0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                              0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
  static constexpr u64 kInv = 0x89f3fffcfffcfffdULL;
  // hddivsteps that bring g to 0 for every odd f <= p and 0 <= g <= f (safegcd_internal.hpp):
  // the Coq theorem hddivsteps878 for exactly this bound B = p, from Hvass, Aranha and Spitters,
  // "High-assurance field inversion for curve-based cryptography" (IEEE CSF 2023), proof in
  // github.com/dfaranha/safegcd-bounds coq/hddivsteps/hddivsteps878_proof.v. It agrees with
  // sipa/safegcd-bounds' verified formula floor((3787·log2(M) + 2166)/1644) = 878.
  static constexpr int kDivsteps = 878;
};
using FpMont = Mont<FpModulus>;

// 2^384 mod p (one in Montgomery form) and 2^768 mod p (to enter Montgomery form).
inline constexpr Fp::Limbs kFpR = {0x760900000002fffdULL, 0xebf4000bc40c0002ULL,
                                   0x5f48985753c758baULL, 0x77ce585370525745ULL,
                                   0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL};
inline constexpr Fp::Limbs kFpR2 = {0xf4df1f341c341746ULL, 0x0a76e6a609d104f1ULL,
                                    0x8de5476c4c95b6d5ULL, 0x67eb88a9939d83c0ULL,
                                    0x9a793e85b519952dULL, 0x11988fe592cae3aaULL};

// Set once at start-up (zero-initialised before that, which selects the portable kernel: still
// correct for any static initialiser that runs first).
extern bool g_fp_use_adx;

inline void fp_mul(u64 out[6], const u64 a[6], const u64 b[6]) noexcept {
#if defined(__x86_64__)
  if (g_fp_use_adx) {
    detail::mul_mont_adx(out, a, b);
    return;
  }
#endif
  detail::mul_mont_portable(out, a, b);
}
inline void fp_sqr(u64 out[6], const u64 a[6]) noexcept {
#if defined(__x86_64__)
  if (g_fp_use_adx) {
    detail::sqr_mont_adx(out, a);
    return;
  }
#endif
  detail::sqr_mont_portable(out, a);
}

// The lazy-reduction kernels (fp.hpp, detail): 768-bit product, and Montgomery reduction of a
// 768-bit value below p·2^384.
inline void fp_mul_wide(u64 out[12], const u64 a[6], const u64 b[6]) noexcept {
#if defined(__x86_64__)
  if (g_fp_use_adx) {
    detail::mul_384_adx(out, a, b);
    return;
  }
#endif
  detail::mul_384_portable(out, a, b);
}
inline void fp_redc(u64 out[6], const u64 t[12]) noexcept {
#if defined(__x86_64__)
  if (g_fp_use_adx) {
    detail::redc_adx(out, t);
    return;
  }
#endif
  detail::redc_portable(out, t);
}

// out = a + b without reduction. REQUIRES: a + b < 2^384 (two values below 2p < 2^382 qualify).
[[gnu::always_inline]] inline void add_nored(u64 out[6], const u64 a[6], const u64 b[6]) noexcept {
  unsigned char c = 0;
#pragma GCC unroll 6
  for (std::size_t i = 0; i < 6; ++i) c = detail::limb_addc(c, a[i], b[i], &out[i]);
}
// out = a - b + p without reduction: congruent to a - b, below 2p. REQUIRES: a, b < p.
[[gnu::always_inline]] inline void sub_nored(u64 out[6], const u64 a[6], const u64 b[6]) noexcept {
  u64 t[6];
  unsigned char c = 0;
#pragma GCC unroll 6
  for (std::size_t i = 0; i < 6; ++i) c = detail::limb_addc(c, a[i], FpModulus::kMod[i], &t[i]);
  unsigned char br = 0;
#pragma GCC unroll 6
  for (std::size_t i = 0; i < 6; ++i) br = detail::limb_subb(br, t[i], b[i], &out[i]);
}

// Double-width values for lazy reduction: 12 limbs holding an integer below p·2^384, i.e. the
// top six limbs are below p. They are added and subtracted modulo p·2^384 (which keeps them
// valid inputs to fp_redc: p·2^384 ≡ 0 after reduction), so "mod p·2^384" arithmetic is mod-p
// arithmetic on the top half with a carry in from the bottom half.
struct FpW {
  u64 l[12];
};

// out = a + b mod p·2^384.
[[gnu::always_inline]] inline void wide_add(FpW& out, const FpW& a, const FpW& b) noexcept {
  u64 t[12];
  unsigned char c = 0;
#pragma GCC unroll 12
  for (std::size_t i = 0; i < 12; ++i) c = detail::limb_addc(c, a.l[i], b.l[i], &t[i]);
  u64 s[6];
  unsigned char br = 0;
#pragma GCC unroll 6
  for (std::size_t i = 0; i < 6; ++i) br = detail::limb_subb(br, t[6 + i], FpModulus::kMod[i], &s[i]);
  u64 keep;  // all ones when the top half (with its carry) was below p
  (void)detail::limb_subb(br, c, 0, &keep);
#pragma GCC unroll 6
  for (std::size_t i = 0; i < 6; ++i) {
    out.l[i] = t[i];
    out.l[6 + i] = (t[6 + i] & keep) | (s[i] & ~keep);
  }
}
// out = a - b mod p·2^384.
[[gnu::always_inline]] inline void wide_sub(FpW& out, const FpW& a, const FpW& b) noexcept {
  u64 t[12];
  unsigned char br = 0;
#pragma GCC unroll 12
  for (std::size_t i = 0; i < 12; ++i) br = detail::limb_subb(br, a.l[i], b.l[i], &t[i]);
  const u64 mask = 0 - static_cast<u64>(br);
  unsigned char c = 0;
#pragma GCC unroll 6
  for (std::size_t i = 0; i < 6; ++i) {
    out.l[i] = t[i];
    c = detail::limb_addc(c, t[6 + i], FpModulus::kMod[i] & mask, &out.l[6 + i]);
  }
}
// out = a - b exactly. REQUIRES: a >= b as integers.
[[gnu::always_inline]] inline void wide_sub_exact(FpW& out, const FpW& a, const FpW& b) noexcept {
  unsigned char br = 0;
#pragma GCC unroll 12
  for (std::size_t i = 0; i < 12; ++i) br = detail::limb_subb(br, a.l[i], b.l[i], &out.l[i]);
}

// An Fp2 element (c0 + c1·u) as two double-width values.
struct Fp2W {
  FpW c0, c1;
};

// (a0 + a1·u)(b0 + b1·u) without the final reductions, by Karatsuba: c1 = (a0 + a1)(b0 + b1) -
// a0·b0 - a1·b1 exactly (the sums stay unreduced: below 2p each, so the product is below
// 4p^2 < p·2^384), c0 = a0·b0 - a1·b1 mod p·2^384. REQUIRES: a0, a1, b0, b1 < p.
inline void fp2_mul_wide(Fp2W& out, const Fp& a0, const Fp& a1, const Fp& b0, const Fp& b1) noexcept {
  FpW t1, s;
  u64 sa[6], sb[6];
  fp_mul_wide(out.c0.l, a0.montgomery().data(), b0.montgomery().data());
  fp_mul_wide(t1.l, a1.montgomery().data(), b1.montgomery().data());
  add_nored(sa, a0.montgomery().data(), a1.montgomery().data());
  add_nored(sb, b0.montgomery().data(), b1.montgomery().data());
  fp_mul_wide(s.l, sa, sb);
  wide_sub_exact(s, s, out.c0);
  wide_sub_exact(out.c1, s, t1);
  wide_sub(out.c0, out.c0, t1);
}
// (a0 + a1·u)^2 without the final reductions: (a0 + a1)(a0 - a1 + p) and 2a0·a1, the factors
// unreduced (below 2p), so both products are below 4p^2 < p·2^384. REQUIRES: a0, a1 < p.
inline void fp2_sqr_wide(Fp2W& out, const Fp& a0, const Fp& a1) noexcept {
  u64 s[6], d[6], a2[6];
  add_nored(s, a0.montgomery().data(), a1.montgomery().data());
  sub_nored(d, a0.montgomery().data(), a1.montgomery().data());
  add_nored(a2, a0.montgomery().data(), a0.montgomery().data());
  fp_mul_wide(out.c0.l, s, d);
  fp_mul_wide(out.c1.l, a2, a1.montgomery().data());
}
[[gnu::always_inline]] inline void fp2w_add(Fp2W& out, const Fp2W& a, const Fp2W& b) noexcept {
  wide_add(out.c0, a.c0, b.c0);
  wide_add(out.c1, a.c1, b.c1);
}
[[gnu::always_inline]] inline void fp2w_sub(Fp2W& out, const Fp2W& a, const Fp2W& b) noexcept {
  wide_sub(out.c0, a.c0, b.c0);
  wide_sub(out.c1, a.c1, b.c1);
}
// out = a·(1 + u) = (a0 - a1) + (a0 + a1)·u. out must not alias a.
[[gnu::always_inline]] inline void fp2w_mul_by_nonresidue(Fp2W& out, const Fp2W& a) noexcept {
  wide_sub(out.c0, a.c0, a.c1);
  wide_add(out.c1, a.c0, a.c1);
}
inline Fp fp_from_wide(const FpW& t) noexcept {
  Fp::Limbs r;
  fp_redc(r.data(), t.l);
  return Fp::from_montgomery(r);
}

// x^e for a fixed, public exponent given as little-endian limbs (left-to-right square and
// multiply: the branches depend only on the public exponent, so this is constant time in x).
template <std::size_t K>
inline Fp pow_fixed(const Fp& x, const std::array<u64, K>& e) noexcept {
  Fp acc = Fp::one();
  bool started = false;
  for (std::size_t i = K; i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      if (started) acc = acc.square();
      if ((e[i] >> b) & 1) {
        acc = started ? acc * x : x;
        started = true;
      }
    }
  }
  return acc;
}

}  // namespace plx::zkp::bls12_381::internal
