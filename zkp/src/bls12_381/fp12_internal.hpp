// Private to zkp/src/bls12_381: Frobenius constants and the sparse products the Miller loop uses.
#pragma once

#include "plx/zkp/bls12_381/fp12.hpp"

namespace plx::zkp::bls12_381::internal {

// Index k = 1..3 (entry 0 unused): ξ^((p^k-1)/3), ξ^(2(p^k-1)/3), ξ^((p^k-1)/6).
extern const Fp2 kFrobGamma1[4];
extern const Fp2 kFrobGamma2[4];
extern const Fp2 kFrobGammaW[4];

// a·(b0 + b1 v).
[[nodiscard]] Fp6 fp6_mul_by_01(const Fp6& a, const Fp2& b0, const Fp2& b1) noexcept;
// a·(b1 v).
[[nodiscard]] Fp6 fp6_mul_by_1(const Fp6& a, const Fp2& b1) noexcept;
// f·(c0 + c1 v + c4 v w): the shape of a Miller-loop line (coefficients 0, 1 and 4 of the twelve
// Fp2 slots when counted c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2).
[[nodiscard]] Fp12 fp12_mul_by_014(const Fp12& f, const Fp2& c0, const Fp2& c1,
                                   const Fp2& c4) noexcept;
// f^|x| for f in the cyclotomic subgroup, x the BLS parameter (|x| = 0xd201000000010000).
[[nodiscard]] Fp12 fp12_cyclotomic_exp_abs_x(const Fp12& f) noexcept;

}  // namespace plx::zkp::bls12_381::internal
