// Private to zkp/src/bls12_381: Frobenius constants and the sparse products the Miller loop uses.
#pragma once

#include "bls12_381/fp_internal.hpp"
#include "plx/zkp/bls12_381/fp12.hpp"

namespace plx::zkp::bls12_381::internal {

// Index k = 1..3 (entry 0 unused): ξ^((p^k-1)/3), ξ^(2(p^k-1)/3), ξ^((p^k-1)/6).
extern const Fp2 kFrobGamma1[4];
extern const Fp2 kFrobGamma2[4];
extern const Fp2 kFrobGammaW[4];

// An Fp6 element as three double-width Fp2 values (lazy reduction, fp_internal.hpp).
struct Fp6W {
  Fp2W c0, c1, c2;
};
// a·b without the final reductions.
void fp6_mul_wide(Fp6W& out, const Fp6& a, const Fp6& b) noexcept;
inline Fp2 fp2_from_wide(const Fp2W& w) noexcept { return {fp_from_wide(w.c0), fp_from_wide(w.c1)}; }
inline Fp6 fp6_from_wide(const Fp6W& w) noexcept {
  return {fp2_from_wide(w.c0), fp2_from_wide(w.c1), fp2_from_wide(w.c2)};
}
inline void fp6w_add(Fp6W& out, const Fp6W& a, const Fp6W& b) noexcept {
  fp2w_add(out.c0, a.c0, b.c0);
  fp2w_add(out.c1, a.c1, b.c1);
  fp2w_add(out.c2, a.c2, b.c2);
}
inline void fp6w_sub(Fp6W& out, const Fp6W& a, const Fp6W& b) noexcept {
  fp2w_sub(out.c0, a.c0, b.c0);
  fp2w_sub(out.c1, a.c1, b.c1);
  fp2w_sub(out.c2, a.c2, b.c2);
}
// out = a + b·v, v^3 = ξ: (a0 + ξ·b2, a1 + b0, a2 + b1).
inline void fp6w_add_mul_by_v(Fp6W& out, const Fp6W& a, const Fp6W& b) noexcept {
  Fp2W x;
  fp2w_mul_by_nonresidue(x, b.c2);
  fp2w_add(out.c0, a.c0, x);
  fp2w_add(out.c1, a.c1, b.c0);
  fp2w_add(out.c2, a.c2, b.c1);
}

// a·(b0 + b1 v) (lazily reduced: one reduction per Fp coefficient).
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
