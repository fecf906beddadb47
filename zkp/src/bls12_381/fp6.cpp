// Fp6 = Fp2[v]/(v^3 - ξ), ξ = 1 + u.
//
// Multiplication: Karatsuba over Fp2 (6 Fp2 products); squaring: Chung–Hasan SQR2 (2 products,
// 3 squarings). Frobenius: coefficient-wise conjugation times the constants ξ^((p^k-1)/3) and
// ξ^(2(p^k-1)/3), computed offline (tests check frobenius(x) == x^(p^k)).
#include "plx/zkp/bls12_381/fp12.hpp"

#include "bls12_381/fp12_internal.hpp"
#include "bls12_381/fp_internal.hpp"

namespace plx::zkp::bls12_381 {

namespace internal {
// γ1[k] = ξ^((p^k-1)/3), γ2[k] = ξ^(2(p^k-1)/3), γw[k] = ξ^((p^k-1)/6) (Montgomery form).
constexpr Fp2 kFrobGamma1[4] = {
    Fp2{},
    Fp2{Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL}),
        Fp::from_montgomery({0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL,
                             0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
                             0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL})},
    Fp2{Fp::from_montgomery({0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL,
                             0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
                             0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL}),
        Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL})},
    Fp2{Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL}),
        Fp::from_montgomery({0x760900000002fffdULL, 0xebf4000bc40c0002ULL,
                             0x5f48985753c758baULL, 0x77ce585370525745ULL,
                             0x5c071a97a256ec6dULL, 0x15f65ec3fa80e493ULL})},
};
constexpr Fp2 kFrobGamma2[4] = {
    Fp2{},
    Fp2{Fp::from_montgomery({0x890dc9e4867545c3ULL, 0x2af322533285a5d5ULL,
                             0x50880866309b7e2cULL, 0xa20d1b8c7e881024ULL,
                             0x14e4f04fe2db9068ULL, 0x14e56d3f1564853aULL}),
        Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL})},
    Fp2{Fp::from_montgomery({0xcd03c9e48671f071ULL, 0x5dab22461fcda5d2ULL,
                             0x587042afd3851b95ULL, 0x8eb60ebe01bacb9eULL,
                             0x03f97d6e83d050d2ULL, 0x18f0206554638741ULL}),
        Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL})},
    Fp2{Fp::from_montgomery({0x43f5fffffffcaaaeULL, 0x32b7fff2ed47fffdULL,
                             0x07e83a49a2e99d69ULL, 0xeca8f3318332bb7aULL,
                             0xef148d1ea0f4c069ULL, 0x040ab3263eff0206ULL}),
        Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL})},
};
constexpr Fp2 kFrobGammaW[4] = {
    Fp2{},
    Fp2{Fp::from_montgomery({0x07089552b319d465ULL, 0xc6695f92b50a8313ULL,
                             0x97e83cccd117228fULL, 0xa35baecab2dc29eeULL,
                             0x1ce393ea5daace4dULL, 0x08f2220fb0fb66ebULL}),
        Fp::from_montgomery({0xb2f66aad4ce5d646ULL, 0x5842a06bfc497cecULL,
                             0xcf4895d42599d394ULL, 0xc11b9cba40a8e8d0ULL,
                             0x2e3813cbe5a0de89ULL, 0x110eefda88847fafULL})},
    Fp2{Fp::from_montgomery({0xecfb361b798dba3aULL, 0xc100ddb891865a2cULL,
                             0x0ec08ff1232bda8eULL, 0xd5c13cc6f1ca4721ULL,
                             0x47222a47bf7b5c04ULL, 0x0110f184e51c5f59ULL}),
        Fp::from_montgomery({0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL,
                             0x0000000000000000ULL, 0x0000000000000000ULL})},
    Fp2{Fp::from_montgomery({0x3e2f585da55c9ad1ULL, 0x4294213d86c18183ULL,
                             0x382844c88b623732ULL, 0x92ad2afd19103e18ULL,
                             0x1d794e4fac7cf0b9ULL, 0x0bd592fc7d825ec8ULL}),
        Fp::from_montgomery({0x7bcfa7a25aa30fdaULL, 0xdc17dec12a927e7cULL,
                             0x2f088dd86b4ebef1ULL, 0xd1ca2087da74d4a7ULL,
                             0x2da2596696cebc1dULL, 0x0e2b7eedbbfd87d2ULL})},
};
}  // namespace internal

namespace {
Fp2 conj_pow(const Fp2& a, int power) noexcept { return (power & 1) ? a.conjugate() : a; }
}  // namespace

Fp6 Fp6::operator+(const Fp6& b) const noexcept { return {c0 + b.c0, c1 + b.c1, c2 + b.c2}; }
Fp6 Fp6::operator-(const Fp6& b) const noexcept { return {c0 - b.c0, c1 - b.c1, c2 - b.c2}; }
Fp6 Fp6::operator-() const noexcept { return {-c0, -c1, -c2}; }

Fp6 Fp6::operator*(const Fp6& b) const noexcept {
  internal::Fp6W w;
  internal::fp6_mul_wide(w, *this, b);
  return internal::fp6_from_wide(w);
}

Fp6 Fp6::square() const noexcept {
  const Fp2 s0 = c0.square();
  const Fp2 s1 = (c0 * c1).dbl();
  const Fp2 s2 = (c0 - c1 + c2).square();
  const Fp2 s3 = (c1 * c2).dbl();
  const Fp2 s4 = c2.square();
  return {s0 + s3.mul_by_nonresidue(), s1 + s4.mul_by_nonresidue(), s1 + s2 + s3 - s0 - s4};
}

Fp6 Fp6::mul_by_nonresidue() const noexcept {
  // (c0 + c1 v + c2 v^2)·v = ξ c2 + c0 v + c1 v^2.
  return {c2.mul_by_nonresidue(), c0, c1};
}

Fp6 Fp6::inverse() const noexcept {
  const Fp2 t0 = c0.square() - (c1 * c2).mul_by_nonresidue();
  const Fp2 t1 = c2.square().mul_by_nonresidue() - c0 * c1;
  const Fp2 t2 = c1.square() - c0 * c2;
  const Fp2 norm = c0 * t0 + (c2 * t1 + c1 * t2).mul_by_nonresidue();
  const Fp2 inv = norm.inverse();  // zero -> zero, so the inverse of zero is zero
  return {t0 * inv, t1 * inv, t2 * inv};
}

Fp6 Fp6::frobenius(int power) const noexcept {
  // Powers outside 1..3 are reduced mod 6 (x^(p^6) = x in Fp6) and split into steps of at most 3.
  int k = ((power % 6) + 6) % 6;
  if (k == 0) return *this;
  if (k > 3) return frobenius(3).frobenius(k - 3);
  return {conj_pow(c0, k), conj_pow(c1, k) * internal::kFrobGamma1[k],
          conj_pow(c2, k) * internal::kFrobGamma2[k]};
}

namespace internal {

void fp6_mul_wide(Fp6W& out, const Fp6& a, const Fp6& b) noexcept {
  // Karatsuba over Fp2 with lazy reduction: the six Fp2 products stay double-width and are
  // combined modulo p·2^384; the caller reduces each Fp coefficient once (6 reductions instead of
  // the 18 inside Fp Montgomery multiplications; mcl's Fp6Dbl::mulPre, blst's mul_fp6x2).
  Fp2W t0, t1, t2, x;
  fp2_mul_wide(t0, a.c0.c0, a.c0.c1, b.c0.c0, b.c0.c1);
  fp2_mul_wide(t1, a.c1.c0, a.c1.c1, b.c1.c0, b.c1.c1);
  fp2_mul_wide(t2, a.c2.c0, a.c2.c1, b.c2.c0, b.c2.c1);
  const Fp2 a12 = a.c1 + a.c2, b12 = b.c1 + b.c2;
  const Fp2 a01 = a.c0 + a.c1, b01 = b.c0 + b.c1;
  const Fp2 a02 = a.c0 + a.c2, b02 = b.c0 + b.c2;
  fp2_mul_wide(out.c0, a12.c0, a12.c1, b12.c0, b12.c1);
  fp2_mul_wide(out.c1, a01.c0, a01.c1, b01.c0, b01.c1);
  fp2_mul_wide(out.c2, a02.c0, a02.c1, b02.c0, b02.c1);
  // r0 = ((a1 + a2)(b1 + b2) - t1 - t2)·ξ + t0
  fp2w_sub(out.c0, out.c0, t1);
  fp2w_sub(out.c0, out.c0, t2);
  fp2w_mul_by_nonresidue(x, out.c0);
  fp2w_add(out.c0, x, t0);
  // r1 = (a0 + a1)(b0 + b1) - t0 - t1 + t2·ξ
  fp2w_sub(out.c1, out.c1, t0);
  fp2w_sub(out.c1, out.c1, t1);
  fp2w_mul_by_nonresidue(x, t2);
  fp2w_add(out.c1, out.c1, x);
  // r2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1
  fp2w_sub(out.c2, out.c2, t0);
  fp2w_sub(out.c2, out.c2, t2);
  fp2w_add(out.c2, out.c2, t1);
}

Fp6 fp6_mul_by_01(const Fp6& a, const Fp2& b0, const Fp2& b1) noexcept {
  // The Karatsuba product above with b2 = 0, lazily reduced the same way (five Fp2 products).
  using internal::Fp2W;
  Fp2W t0, t1, u0, u1, u2, x;
  fp2_mul_wide(t0, a.c0.c0, a.c0.c1, b0.c0, b0.c1);
  fp2_mul_wide(t1, a.c1.c0, a.c1.c1, b1.c0, b1.c1);
  const Fp2 a12 = a.c1 + a.c2, a01 = a.c0 + a.c1, a02 = a.c0 + a.c2, b01 = b0 + b1;
  fp2_mul_wide(u0, a12.c0, a12.c1, b1.c0, b1.c1);
  fp2_mul_wide(u1, a01.c0, a01.c1, b01.c0, b01.c1);
  fp2_mul_wide(u2, a02.c0, a02.c1, b0.c0, b0.c1);
  // r0 = ((a1 + a2)·b1 - t1)·ξ + t0
  fp2w_sub(u0, u0, t1);
  fp2w_mul_by_nonresidue(x, u0);
  fp2w_add(u0, x, t0);
  // r1 = (a0 + a1)(b0 + b1) - t0 - t1
  fp2w_sub(u1, u1, t0);
  fp2w_sub(u1, u1, t1);
  // r2 = (a0 + a2)·b0 - t0 + t1
  fp2w_sub(u2, u2, t0);
  fp2w_add(u2, u2, t1);
  return {{fp_from_wide(u0.c0), fp_from_wide(u0.c1)},
          {fp_from_wide(u1.c0), fp_from_wide(u1.c1)},
          {fp_from_wide(u2.c0), fp_from_wide(u2.c1)}};
}

Fp6 fp6_mul_by_1(const Fp6& a, const Fp2& b1) noexcept {
  return {(a.c2 * b1).mul_by_nonresidue(), a.c0 * b1, a.c1 * b1};
}

}  // namespace internal

}  // namespace plx::zkp::bls12_381
