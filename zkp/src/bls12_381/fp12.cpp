// Fp12 = Fp6[w]/(w^2 - v).
//
// Multiplication is Karatsuba over Fp6 (3 Fp6 products), squaring the complex method (2 Fp6
// products). cyclotomic_square is Granger–Scott ("Faster squaring in the cyclotomic subgroup of
// sixth degree extensions", PKC 2010): for f with f^(p^6+1) = 1, viewed as three Fp4 = Fp2[t]/(t^2
// - ξ) elements, f^2 needs three Fp4 squarings (six Fp2 squarings) instead of a full Fp12 square.
#include <cstddef>

#include "bls12_381/fp12_internal.hpp"
#include "bls12_381/mont_internal.hpp"

namespace plx::zkp::bls12_381 {

Fp12 Fp12::operator*(const Fp12& b) const noexcept {
  // Karatsuba over Fp6 on double-width products: 12 reductions in all (one per Fp coefficient)
  // instead of 36.
  using internal::Fp6W;
  Fp6W t0, t1, s;
  internal::fp6_mul_wide(t0, c0, b.c0);
  internal::fp6_mul_wide(t1, c1, b.c1);
  internal::fp6_mul_wide(s, c0 + c1, b.c0 + b.c1);
  internal::fp6w_sub(s, s, t0);
  internal::fp6w_sub(s, s, t1);  // a0·b1 + a1·b0
  internal::fp6w_add_mul_by_v(t0, t0, t1);  // a0·b0 + a1·b1·v
  return {internal::fp6_from_wide(t0), internal::fp6_from_wide(s)};
}

Fp12 Fp12::square() const noexcept {
  // (a + bw)^2 = (a + b)(a + bv) - ab - abv + 2ab·w, on double-width products.
  using internal::Fp6W;
  Fp6W ab, s, t;
  internal::fp6_mul_wide(ab, c0, c1);
  internal::fp6_mul_wide(s, c0 + c1, c0 + c1.mul_by_nonresidue());
  internal::fp6w_add_mul_by_v(t, ab, ab);  // ab + ab·v
  internal::fp6w_sub(s, s, t);
  internal::fp6w_add(t, ab, ab);
  return {internal::fp6_from_wide(s), internal::fp6_from_wide(t)};
}

namespace {

// (a + b t)^2 in Fp4 = Fp2[t]/(t^2 - ξ): returns (a^2 + ξ b^2, 2ab) with 2ab as (a+b)^2 - a^2 - b^2,
// on double-width squares: four reductions instead of six (blst's sqr_fp4).
inline void fp4_square(const Fp2& a, const Fp2& b, Fp2* r0, Fp2* r1) noexcept {
  using internal::Fp2W;
  Fp2W t0, t1, t2, x;
  internal::fp2_sqr_wide(t0, a.c0, a.c1);
  internal::fp2_sqr_wide(t1, b.c0, b.c1);
  internal::fp2w_mul_by_nonresidue(x, t1);
  internal::fp2w_add(x, x, t0);
  *r0 = internal::fp2_from_wide(x);
  const Fp2 s = a + b;
  internal::fp2_sqr_wide(t2, s.c0, s.c1);
  internal::fp2w_sub(t2, t2, t0);
  internal::fp2w_sub(t2, t2, t1);
  *r1 = internal::fp2_from_wide(t2);
}

}  // namespace

Fp12 Fp12::cyclotomic_square() const noexcept {
  // The three Fp4 elements are (z0, z1), (z2, z3), (z4, z5) with this placement in the tower.
  Fp2 z0 = c0.c0, z4 = c0.c1, z3 = c0.c2, z2 = c1.c0, z1 = c1.c1, z5 = c1.c2;
  Fp2 t0, t1, t2, t3;
  fp4_square(z0, z1, &t0, &t1);
  // For each Fp4 component A of f, (f^2)_A = 3·A^2 - 2·conj(A) (and its mirrored form with ξ).
  z0 = t0 - z0;
  z0 = z0.dbl() + t0;
  z1 = t1 + z1;
  z1 = z1.dbl() + t1;
  fp4_square(z2, z3, &t0, &t1);
  fp4_square(z4, z5, &t2, &t3);
  z4 = t0 - z4;
  z4 = z4.dbl() + t0;
  z5 = t1 + z5;
  z5 = z5.dbl() + t1;
  t0 = t3.mul_by_nonresidue();
  z2 = t0 + z2;
  z2 = z2.dbl() + t0;
  z3 = t2 - z3;
  z3 = z3.dbl() + t2;
  return {{z0, z4, z3}, {z2, z1, z5}};
}

Fp12 Fp12::inverse() const noexcept {
  // 1/(a + bw) = (a - bw)/(a^2 - v b^2).
  const Fp6 t = (c0.square() - c1.square().mul_by_nonresidue()).inverse();
  return {c0 * t, -(c1 * t)};
}

Fp12 Fp12::frobenius(int power) const noexcept {
  // w^(p^k) = w·ξ^((p^k-1)/6). Powers outside 1..3 are reduced mod 12 and split into steps.
  const int k = ((power % 12) + 12) % 12;
  if (k == 0) return *this;
  if (k > 3) return frobenius(3).frobenius(k - 3);
  const Fp6 a = c0.frobenius(k);
  const Fp6 b = c1.frobenius(k);
  const Fp2& g = internal::kFrobGammaW[k];
  return {a, {b.c0 * g, b.c1 * g, b.c2 * g}};
}

Fp12 Fp12::pow_vartime(ByteSpan e_be) const noexcept {
  Fp12 acc = one();
  for (std::uint8_t byte : e_be) {
    for (int bit = 7; bit >= 0; --bit) {
      acc = acc.square();
      if ((byte >> bit) & 1) acc *= *this;
    }
  }
  return acc;
}

bool Fp12::is_one() const noexcept { return *this == one(); }

std::array<std::uint8_t, 576> Fp12::to_bytes() const noexcept {
  std::array<std::uint8_t, 576> out{};
  const Fp* coeffs[12] = {&c0.c0.c0, &c0.c0.c1, &c0.c1.c0, &c0.c1.c1, &c0.c2.c0, &c0.c2.c1,
                          &c1.c0.c0, &c1.c0.c1, &c1.c1.c0, &c1.c1.c1, &c1.c2.c0, &c1.c2.c1};
  for (std::size_t i = 0; i < 12; ++i) {
    const auto b = coeffs[i]->to_bytes();
    for (std::size_t k = 0; k < 48; ++k) out[i * 48 + k] = b[k];
  }
  return out;
}

namespace internal {

Fp12 fp12_mul_by_014(const Fp12& f, const Fp2& c0, const Fp2& c1, const Fp2& c4) noexcept {
  // f = a + b w, line = (c0 + c1 v) + (c4 v) w.
  // Each Fp6 factor is reduced before the Karatsuba combination: reducing once per coefficient
  // at the Fp12 level (12 reductions instead of 18) measured slower here, the extra double-width
  // additions costing more than the six reductions they save.
  const Fp6 aa = fp6_mul_by_01(f.c0, c0, c1);
  const Fp6 bb = fp6_mul_by_1(f.c1, c4);
  const Fp6 s = fp6_mul_by_01(f.c0 + f.c1, c0, c1 + c4);
  return {bb.mul_by_nonresidue() + aa, s - aa - bb};
}

Fp12 fp12_cyclotomic_exp_abs_x(const Fp12& f) noexcept {
  // |x| = 0xd201000000010000: square-and-multiply over its 64 bits (top bit consumed by the
  // initial value). The exponent is a public constant.
  constexpr std::uint64_t kXAbs = 0xd201000000010000ULL;
  Fp12 acc = f;
  for (int bit = 62; bit >= 0; --bit) {
    acc = acc.cyclotomic_square();
    if ((kXAbs >> bit) & 1) acc *= f;
  }
  return acc;
}

}  // namespace internal

}  // namespace plx::zkp::bls12_381
