// Fp2: axioms, inverse, square roots (squares and non-squares), sgn0 and the ZCash sort flag.
#include "plx/zkp/bls12_381/fp2.hpp"

#include <gtest/gtest.h>

#include <random>

#include "field_test_util.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using testing::random_fp;
using testing::random_fp2;

TEST(Fp2, AxiomsOnRandomValues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const Fp2 u = {Fp::zero(), Fp::one()};
  EXPECT_EQ(u * u, -Fp2::one());
  for (int i = 0; i < 200; ++i) {
    const Fp2 a = random_fp2(rng), b = random_fp2(rng), c = random_fp2(rng);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - b + b, a);
    EXPECT_EQ(a + (-a), Fp2::zero());
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a.dbl(), a + a);
    // Schoolbook product as an independent check of Karatsuba.
    const Fp2 school = {a.c0 * b.c0 - a.c1 * b.c1, a.c0 * b.c1 + a.c1 * b.c0};
    EXPECT_EQ(a * b, school);
    const Fp2 one_plus_u = {Fp::one(), Fp::one()};
    EXPECT_EQ(a.mul_by_nonresidue(), a * one_plus_u);
    const Fp s = random_fp(rng);
    const Fp2 s2 = {s, Fp::zero()};
    EXPECT_EQ(a * s, a * s2);
    // Frobenius is x^p: conjugation; check it is multiplicative and an involution.
    EXPECT_EQ((a * b).frobenius(), a.frobenius() * b.frobenius());
    EXPECT_EQ(a.frobenius().frobenius(), a);
  }
}

TEST(Fp2, Inverse) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  EXPECT_EQ(Fp2::zero().inverse(), Fp2::zero());
  for (int i = 0; i < 100; ++i) {
    const Fp2 a = random_fp2(rng);
    EXPECT_EQ(a * a.inverse(), Fp2::one());
    EXPECT_EQ(a.inverse_vartime(), a.inverse());
  }
}

TEST(Fp2, SqrtOfSquaresAndNonSquares) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  int non_squares = 0;
  for (int i = 0; i < 60; ++i) {
    const Fp2 a = random_fp2(rng);
    Fp2 s;
    ASSERT_TRUE(a.square().sqrt(&s).declassify());
    EXPECT_TRUE(s == a || s == -a);
    Fp2 t;
    const bool has = a.sqrt(&t).declassify();
    EXPECT_EQ(has, a.is_square().declassify());
    if (has) {
      EXPECT_EQ(t.square(), a);
    }
    non_squares += has ? 0 : 1;
  }
  EXPECT_GT(non_squares, 5);
  Fp2 s;
  // Every element of Fp is a square in Fp2; -1 = u^2.
  EXPECT_TRUE((-Fp2::one()).sqrt(&s).declassify());
  EXPECT_EQ(s.square(), -Fp2::one());
  EXPECT_TRUE((Fp2{Fp::from_u64(2), Fp::zero()}).sqrt(&s).declassify());
  EXPECT_EQ(s.square(), (Fp2{Fp::from_u64(2), Fp::zero()}));
  // The Fp6 non-residue 1 + u is not a square in Fp2 (the tower needs it to be a non-cube, and
  // it is also a non-square: its norm 2 is a non-square in Fp).
  EXPECT_FALSE((Fp2{Fp::one(), Fp::one()}).sqrt(&s).declassify());
  EXPECT_FALSE((Fp2{Fp::one(), Fp::one()}).is_square().declassify());
  EXPECT_TRUE(Fp2::zero().sqrt(&s).declassify());
  EXPECT_EQ(s, Fp2::zero());
  // Values whose alpha is -1 (a = c·u^2·... ): pure imaginary squares, e.g. (1+u)^2 = 2u.
  EXPECT_TRUE((Fp2{Fp::zero(), Fp::from_u64(2)}).sqrt(&s).declassify());
  EXPECT_EQ(s.square(), (Fp2{Fp::zero(), Fp::from_u64(2)}));
}

TEST(Fp2, Sgn0) {
  // RFC 9380 §4.1 with m = 2.
  EXPECT_FALSE(Fp2::zero().sgn0().declassify());
  EXPECT_TRUE(Fp2::one().sgn0().declassify());
  EXPECT_TRUE((Fp2{Fp::zero(), Fp::one()}).sgn0().declassify());    // c0 = 0, c1 odd
  EXPECT_FALSE((Fp2{Fp::zero(), -Fp::one()}).sgn0().declassify());  // c0 = 0, c1 even
  EXPECT_FALSE((Fp2{Fp::from_u64(2), Fp::one()}).sgn0().declassify());  // c0 even non-zero
  EXPECT_TRUE((Fp2{Fp::from_u64(3), Fp::from_u64(2)}).sgn0().declassify());
}

TEST(Fp2, LexicographicallyLargest) {
  const Fp big = -Fp::one();
  EXPECT_TRUE((Fp2{Fp::zero(), big}).lexicographically_largest().declassify());
  EXPECT_FALSE((Fp2{big, Fp::one()}).lexicographically_largest().declassify());
  EXPECT_TRUE((Fp2{big, Fp::zero()}).lexicographically_largest().declassify());
  EXPECT_FALSE((Fp2{Fp::one(), Fp::zero()}).lexicographically_largest().declassify());
  EXPECT_FALSE(Fp2::zero().lexicographically_largest().declassify());
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 50; ++i) {
    const Fp2 a = random_fp2(rng);
    EXPECT_NE(a.lexicographically_largest().declassify(),
              (-a).lexicographically_largest().declassify());
  }
}

TEST(Fp2, Select) {
  const Fp2 a = {Fp::from_u64(1), Fp::from_u64(2)}, b = {Fp::from_u64(3), Fp::from_u64(4)};
  EXPECT_EQ(Fp2::select(ct::Choice::from_bit(1), a, b), a);
  EXPECT_EQ(Fp2::select(ct::Choice::from_bit(0), a, b), b);
  EXPECT_TRUE(a.equals(a).declassify());
  EXPECT_FALSE(a.equals(b).declassify());
}

}  // namespace
}  // namespace plx::zkp::bls12_381
