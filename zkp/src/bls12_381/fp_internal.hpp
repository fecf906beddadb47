// Private to zkp/src/bls12_381: the Fp modulus as a Montgomery traits type, the kernel dispatch,
// and fixed-exponent powers. Fp2/Fp6/Fp12 and the pairing use these to reach the raw kernels.
#pragma once

#include <array>
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
  // safegcd bound for 381-bit inputs (safegcd_internal.hpp).
  static constexpr int kDivsteps = 1102;
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
