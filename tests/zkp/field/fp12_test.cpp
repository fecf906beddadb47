// Fp6 and Fp12: ring axioms, inverses, Frobenius against x^(p^k), cyclotomic squaring, encoding.
#include "plx/zkp/bls12_381/fp12.hpp"

#include <gtest/gtest.h>

#include <random>

#include "field_test_util.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using testing::random_fp2;
using ::plx::testing::unhex;

Fp6 random_fp6(std::mt19937_64& rng) { return {random_fp2(rng), random_fp2(rng), random_fp2(rng)}; }
Fp12 random_fp12(std::mt19937_64& rng) { return {random_fp6(rng), random_fp6(rng)}; }

const Bytes& p_bytes() {
  static const Bytes p = unhex(
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
  return p;
}

// x^p for Fp6 by square-and-multiply (no Frobenius involved).
Fp6 fp6_pow_p(const Fp6& x) {
  Fp6 acc = Fp6::one();
  for (std::uint8_t byte : p_bytes()) {
    for (int bit = 7; bit >= 0; --bit) {
      acc = acc.square();
      if ((byte >> bit) & 1) acc = acc * x;
    }
  }
  return acc;
}

TEST(Fp6, AxiomsOnRandomValues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const Fp6 v = {Fp2::zero(), Fp2::one(), Fp2::zero()};
  const Fp6 xi = {Fp2{Fp::one(), Fp::one()}, Fp2::zero(), Fp2::zero()};
  EXPECT_EQ(v * v * v, xi);  // v^3 = ξ
  for (int i = 0; i < 50; ++i) {
    const Fp6 a = random_fp6(rng), b = random_fp6(rng), c = random_fp6(rng);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - b + b, a);
    EXPECT_EQ(a + (-a), Fp6::zero());
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a.mul_by_nonresidue(), a * v);
    EXPECT_EQ(a * a.inverse(), Fp6::one());
  }
  EXPECT_EQ(Fp6::zero().inverse(), Fp6::zero());
}

// The lazily reduced Fp6 product against the schoolbook product over Fp2 (v^3 = ξ), on random
// values and on values whose coefficients are all p - 1 (the largest double-width sums).
TEST(Fp6, MulMatchesSchoolbook) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const auto school = [](const Fp6& a, const Fp6& b) {
    const Fp2 d0 = a.c0 * b.c0, d1 = a.c0 * b.c1 + a.c1 * b.c0,
              d2 = a.c0 * b.c2 + a.c1 * b.c1 + a.c2 * b.c0, d3 = a.c1 * b.c2 + a.c2 * b.c1,
              d4 = a.c2 * b.c2;
    return Fp6{d0 + d3.mul_by_nonresidue(), d1 + d4.mul_by_nonresidue(), d2};
  };
  const Fp m1 = -Fp::one();
  const Fp2 big = {m1, m1};
  const Fp6 all_big = {big, big, big};
  EXPECT_EQ(all_big * all_big, school(all_big, all_big));
  EXPECT_EQ(all_big.square(), school(all_big, all_big));
  for (int i = 0; i < 200; ++i) {
    Fp6 a = random_fp6(rng), b = random_fp6(rng);
    if (i % 4 == 1) a.c1 = big;
    if (i % 4 == 2) b = all_big;
    EXPECT_EQ(a * b, school(a, b));
    const Fp6 sparse = {b.c0, b.c1, Fp2::zero()};
    EXPECT_EQ(a * sparse, school(a, sparse));
  }
}

TEST(Fp6, FrobeniusIsPowerOfP) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 3; ++i) {
    const Fp6 a = random_fp6(rng);
    const Fp6 ap = fp6_pow_p(a);
    EXPECT_EQ(a.frobenius(1), ap);
    EXPECT_EQ(a.frobenius(2), ap.frobenius(1));
    EXPECT_EQ(a.frobenius(3), ap.frobenius(2));
    EXPECT_EQ(a.frobenius(3).frobenius(3), a);  // p^6 fixes Fp6
  }
}

TEST(Fp12, AxiomsOnRandomValues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const Fp12 w = {Fp6::zero(), Fp6::one()};
  const Fp12 v = {Fp6{Fp2::zero(), Fp2::one(), Fp2::zero()}, Fp6::zero()};
  EXPECT_EQ(w * w, v);  // w^2 = v
  for (int i = 0; i < 30; ++i) {
    const Fp12 a = random_fp12(rng), b = random_fp12(rng), c = random_fp12(rng);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a * a.inverse(), Fp12::one());
    EXPECT_EQ((a * b).conjugate(), a.conjugate() * b.conjugate());
  }
  EXPECT_TRUE(Fp12::one().is_one());
  EXPECT_FALSE(w.is_one());
}

TEST(Fp12, FrobeniusIsPowerOfP) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 2; ++i) {
    const Fp12 a = random_fp12(rng);
    const Fp12 ap = a.pow_vartime(p_bytes());
    EXPECT_EQ(a.frobenius(1), ap);
    EXPECT_EQ(a.frobenius(2), ap.frobenius(1));
    EXPECT_EQ(a.frobenius(3), a.frobenius(2).frobenius(1));
    EXPECT_EQ(a.frobenius(3).frobenius(3), a.conjugate());  // x^(p^6) is the conjugate
    EXPECT_EQ(a.frobenius(2).frobenius(2).frobenius(2), a.frobenius(3).frobenius(3));
    EXPECT_EQ(a.frobenius(6), a.conjugate());
    EXPECT_EQ(a.frobenius(12), a);
    EXPECT_EQ(a.frobenius(0), a);
    EXPECT_EQ(a.frobenius(5), a.frobenius(3).frobenius(2));
    EXPECT_EQ(a.c0.frobenius(6), a.c0);
    EXPECT_EQ(a.c0.frobenius(4), a.c0.frobenius(3).frobenius(1));
  }
}

TEST(Fp12, CyclotomicSquareMatchesSquareInTheSubgroup) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 20; ++i) {
    const Fp12 a = random_fp12(rng);
    // a^((p^6-1)(p^2+1)) lies in the cyclotomic subgroup.
    Fp12 g = a.conjugate() * a.inverse();
    g = g.frobenius(2) * g;
    EXPECT_EQ(g * g.conjugate(), Fp12::one());  // norm 1: inverse is conjugate
    EXPECT_EQ(g.cyclotomic_square(), g.square());
    EXPECT_EQ(g.cyclotomic_square().cyclotomic_square(), g.square().square());
  }
}

TEST(Fp12, PowVartime) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const Fp12 a = random_fp12(rng);
  const std::uint8_t e5[] = {5};
  EXPECT_EQ(a.pow_vartime(e5), a * a * a * a * a);
  const std::uint8_t e0[] = {0, 0};
  EXPECT_TRUE(a.pow_vartime(e0).is_one());
  EXPECT_TRUE(a.pow_vartime(ByteSpan()).is_one());
  const std::uint8_t e256[] = {1, 0};
  Fp12 b = a;
  for (int i = 0; i < 8; ++i) b = b.square();
  EXPECT_EQ(a.pow_vartime(e256), b);
}

TEST(Fp12, ToBytesCoefficientOrder) {
  // c0.c0.c0 first, then c0.c0.c1, c0.c1.c0, ..., c1.c2.c1 (pairing vector order).
  Fp12 a;
  Fp* slots[12] = {&a.c0.c0.c0, &a.c0.c0.c1, &a.c0.c1.c0, &a.c0.c1.c1, &a.c0.c2.c0, &a.c0.c2.c1,
                   &a.c1.c0.c0, &a.c1.c0.c1, &a.c1.c1.c0, &a.c1.c1.c1, &a.c1.c2.c0, &a.c1.c2.c1};
  for (std::size_t i = 0; i < 12; ++i) *slots[i] = Fp::from_u64(i + 1);
  const auto b = a.to_bytes();
  for (std::size_t i = 0; i < 12; ++i) {
    for (std::size_t k = 0; k < 47; ++k) EXPECT_EQ(b[48 * i + k], 0) << i;
    EXPECT_EQ(b[48 * i + 47], i + 1);
  }
}

}  // namespace
}  // namespace plx::zkp::bls12_381
