// Fp: field axioms on random values, a reference multiplier, the portable kernel against the
// MULX/ADX kernel, known values, parsing.
#include "plx/zkp/bls12_381/fp.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "field_test_util.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using testing::random_fp;
using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::unhex;

constexpr Fp::Limbs kP = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
                          0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
constexpr const char* kPHex =
    "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";

Fp p_minus(std::uint64_t k) {
  Fp::Limbs v = kP;
  v[0] -= k;  // no borrow for small k
  return Fp::from_canonical(v);
}

TEST(Fp, AxiomsOnRandomValues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 300; ++i) {
    const Fp a = random_fp(rng), b = random_fp(rng), c = random_fp(rng);
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - b + b, a);
    EXPECT_EQ(a + (-a), Fp::zero());
    EXPECT_EQ(a - b, -(b - a));
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ(a.dbl(), a + a);
    EXPECT_EQ(a * Fp::one(), a);
    EXPECT_EQ(a * Fp::zero(), Fp::zero());
    EXPECT_EQ(Fp::from_canonical(a.to_canonical()), a);
  }
}

TEST(Fp, MultiplicationMatchesBitSerialReference) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const testing::RefField<6> ref{kP};
  for (int i = 0; i < 500; ++i) {
    const Fp a = random_fp(rng), b = random_fp(rng);
    EXPECT_EQ((a * b).to_canonical(), ref.mul(a.to_canonical(), b.to_canonical()));
    EXPECT_EQ(a.square().to_canonical(), ref.mul(a.to_canonical(), a.to_canonical()));
    EXPECT_EQ((a + b).to_canonical(), ref.add(a.to_canonical(), b.to_canonical()));
  }
}

bool cpu_has_adx() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("adx") && __builtin_cpu_supports("bmi2");
#else
  return false;
#endif
}

TEST(Fp, PortableKernelAgreesWithAdxKernel) {
  // The dispatcher must report what the CPU has; where ADX exists both kernels must agree.
  ASSERT_EQ(detail::adx_available(), cpu_has_adx());
  std::mt19937_64 rng(::plx::testing::test_seed());
  std::vector<Fp> edge = {Fp::zero(), Fp::one(), -Fp::one(), p_minus(2), Fp::from_u64(2)};
  const testing::RefField<6> ref{kP};
  int checked = 0;
  for (int i = 0; i < 100000 + 25; ++i) {
    const Fp a = i < 25 ? edge[static_cast<std::size_t>(i / 5)] : random_fp(rng);
    const Fp b = i < 25 ? edge[static_cast<std::size_t>(i % 5)] : random_fp(rng);
    std::uint64_t pm[6], ps[6];
    detail::mul_mont_portable(pm, a.montgomery().data(), b.montgomery().data());
    detail::sqr_mont_portable(ps, a.montgomery().data());
    if (detail::adx_available()) {
#if defined(__x86_64__)
      std::uint64_t am[6], as[6];
      detail::mul_mont_adx(am, a.montgomery().data(), b.montgomery().data());
      detail::sqr_mont_adx(as, a.montgomery().data());
      for (int k = 0; k < 6; ++k) {
        ASSERT_EQ(pm[k], am[k]) << "mul, input " << i;
        ASSERT_EQ(ps[k], as[k]) << "sqr, input " << i;
      }
#endif
    } else if (i % 100 == 0) {
      // Without ADX, check the portable kernel against the reference instead.
      const Fp prod = Fp::from_montgomery({pm[0], pm[1], pm[2], pm[3], pm[4], pm[5]});
      ASSERT_EQ(prod.to_canonical(), ref.mul(a.to_canonical(), b.to_canonical()));
    }
    ++checked;
  }
  EXPECT_GE(checked, 100000);
}

// The lazy-reduction kernels: the 768-bit product and the Montgomery reduction, portable and
// MULX/ADX, against each other and against the Montgomery multiplication; and the Montgomery
// multiplication on unreduced inputs (below 2p), which the Fp2 squaring feeds it.
TEST(Fp, LazyReductionKernelsAgree) {
  using Limbs = Fp::Limbs;
  std::mt19937_64 rng(::plx::testing::test_seed());
  const auto plus_p = [](const Limbs& x) {  // x + p, below 2p (and 2^384) for x < p
    Limbs r{};
    std::uint64_t c = 0;
    for (std::size_t i = 0; i < 6; ++i) {
      const std::uint64_t s = x[i] + c;
      r[i] = s + kP[i];
      c = (s < c ? 1 : 0) + (r[i] < s ? 1 : 0);
    }
    return r;
  };
  const bool adx = detail::adx_available();
  std::vector<Fp> edge = {Fp::zero(), Fp::one(), -Fp::one(), p_minus(2), Fp::from_u64(2)};
  for (int i = 0; i < 20000 + 25; ++i) {
    const Fp x = i < 25 ? edge[static_cast<std::size_t>(i / 5)] : random_fp(rng);
    const Fp y = i < 25 ? edge[static_cast<std::size_t>(i % 5)] : random_fp(rng);
    const Limbs& a = x.montgomery();
    const Limbs& b = y.montgomery();
    std::uint64_t want[6], wide[12], got[6];
    detail::mul_mont_portable(want, a.data(), b.data());
    detail::mul_384_portable(wide, a.data(), b.data());
    detail::redc_portable(got, wide);
    for (int k = 0; k < 6; ++k) ASSERT_EQ(got[k], want[k]) << "portable redc(mul_384), input " << i;
    // Unreduced inputs x + p and y + p: the product is below 4p^2 < p·2^384.
    const Limbs ap = plus_p(a), bp = plus_p(b);
    detail::mul_mont_portable(got, ap.data(), bp.data());
    for (int k = 0; k < 6; ++k) ASSERT_EQ(got[k], want[k]) << "portable unreduced, input " << i;
    std::uint64_t wide_p[12];
    detail::mul_384_portable(wide_p, ap.data(), bp.data());
    detail::redc_portable(got, wide_p);
    for (int k = 0; k < 6; ++k) ASSERT_EQ(got[k], want[k]) << "portable redc unreduced, input " << i;
    // A double-width value with its top half anywhere below p (the bound fp_redc relies on).
    std::uint64_t t[12];
    for (int k = 0; k < 6; ++k) t[k] = rng();
    const Limbs hi = (i % 7 == 0 ? p_minus(1) : random_fp(rng)).montgomery();
    for (std::size_t k = 0; k < 6; ++k) t[6 + k] = hi[k];
    std::uint64_t rt[6], rlo[6];
    detail::redc_portable(rt, t);
    {
      // redc(hi·2^384 + lo) = hi + redc(lo) mod p.
      std::uint64_t lo_only[12] = {t[0], t[1], t[2], t[3], t[4], t[5], 0, 0, 0, 0, 0, 0};
      detail::redc_portable(rlo, lo_only);
      const Fp sum = Fp::from_montgomery(hi) + Fp::from_montgomery({rlo[0], rlo[1], rlo[2], rlo[3], rlo[4], rlo[5]});
      for (std::size_t k = 0; k < 6; ++k) ASSERT_EQ(rt[k], sum.montgomery()[k]) << "redc split, input " << i;
    }
    if (adx) {
#if defined(__x86_64__)
      std::uint64_t w2[12], r2[6];
      detail::mul_384_adx(w2, a.data(), b.data());
      for (int k = 0; k < 12; ++k) ASSERT_EQ(w2[k], wide[k]) << "mul_384, input " << i;
      detail::mul_384_adx(w2, ap.data(), bp.data());
      for (int k = 0; k < 12; ++k) ASSERT_EQ(w2[k], wide_p[k]) << "mul_384 unreduced, input " << i;
      detail::redc_adx(r2, wide_p);
      for (int k = 0; k < 6; ++k) ASSERT_EQ(r2[k], want[k]) << "redc unreduced, input " << i;
      detail::redc_adx(r2, t);
      for (int k = 0; k < 6; ++k) ASSERT_EQ(r2[k], rt[k]) << "redc, input " << i;
      detail::mul_mont_adx(r2, ap.data(), bp.data());
      for (int k = 0; k < 6; ++k) ASSERT_EQ(r2[k], want[k]) << "mul_mont unreduced, input " << i;
#endif
    }
  }
}

TEST(Fp, KnownValues) {
  const Fp minus_one = p_minus(1);
  EXPECT_EQ(minus_one, -Fp::one());
  EXPECT_EQ(minus_one.square(), Fp::one());
  EXPECT_EQ(minus_one + Fp::one(), Fp::zero());
  EXPECT_EQ(Fp::from_u64(2) * Fp::from_u64(3), Fp::from_u64(6));
  EXPECT_EQ(Fp::from_u64(0xffffffffffffffffULL).to_canonical(),
            (Fp::Limbs{0xffffffffffffffffULL, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Fp::from_u64(5) - Fp::from_u64(7), -Fp::from_u64(2));
  EXPECT_TRUE(Fp::zero().is_zero().declassify());
  EXPECT_FALSE(Fp::one().is_zero().declassify());
  // (p-1)/2 · 2 = p - 1.
  const Fp half = Fp::from_u64(2).inverse();
  EXPECT_EQ(half.dbl(), Fp::one());
}

TEST(Fp, Inverse) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  EXPECT_EQ(Fp::zero().inverse(), Fp::zero());
  EXPECT_EQ(Fp::zero().inverse_vartime(), Fp::zero());
  EXPECT_EQ(Fp::one().inverse(), Fp::one());
  EXPECT_EQ(p_minus(1).inverse(), p_minus(1));
  // Structured values: small integers, powers of two, p - k (long runs of divsteps).
  Fp pow2 = Fp::one();
  for (std::uint64_t k = 1; k < 400; ++k) {
    pow2 = pow2.dbl();
    for (const Fp& a : {Fp::from_u64(k), pow2, p_minus(k)}) {
      EXPECT_EQ(a * a.inverse(), Fp::one()) << k;
      EXPECT_EQ(a * a.inverse_vartime(), Fp::one()) << k;
    }
  }
  for (int i = 0; i < 2000; ++i) {
    const Fp a = random_fp(rng);
    const Fp inv = a.inverse();
    EXPECT_EQ(a * inv, Fp::one());
    EXPECT_EQ(a.inverse_vartime(), inv);
  }
}

TEST(Fp, BatchInverse) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  std::vector<Fp> xs;
  for (int i = 0; i < 20; ++i) xs.push_back(i % 7 == 3 ? Fp::zero() : random_fp(rng));
  std::vector<Fp> inv = xs;
  batch_inverse_vartime(inv);
  for (std::size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(inv[i], xs[i].inverse()) << i;
  std::vector<Fp> empty;
  batch_inverse_vartime(empty);
}

TEST(Fp, SqrtOfSquaresAndNonResidues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  int non_squares = 0;
  for (int i = 0; i < 100; ++i) {
    const Fp a = random_fp(rng);
    Fp s;
    ASSERT_TRUE(a.square().sqrt(&s).declassify());
    EXPECT_TRUE(s == a || s == -a);
    EXPECT_TRUE(a.square().is_square().declassify());
    // About half of random values are squares; sqrt and is_square must agree.
    Fp t;
    const bool has = a.sqrt(&t).declassify();
    EXPECT_EQ(has, a.is_square().declassify());
    if (has) {
      EXPECT_EQ(t.square(), a);
    }
    non_squares += has ? 0 : 1;
  }
  EXPECT_GT(non_squares, 10);
  // p ≡ 3 (mod 8): -1 and 2 are non-residues, -2 is a residue.
  Fp s;
  EXPECT_FALSE((-Fp::one()).sqrt(&s).declassify());
  EXPECT_FALSE(Fp::from_u64(2).is_square().declassify());
  EXPECT_TRUE((-Fp::from_u64(2)).sqrt(&s).declassify());
  EXPECT_EQ(s.square(), -Fp::from_u64(2));
  EXPECT_TRUE(Fp::zero().sqrt(&s).declassify());
  EXPECT_EQ(s, Fp::zero());
  EXPECT_TRUE(Fp::from_u64(4).sqrt(&s).declassify());
  EXPECT_TRUE(s == Fp::from_u64(2) || s == -Fp::from_u64(2));
}

TEST(Fp, FromBytesRejectsNonCanonicalAndBadLengths) {
  EXPECT_THAT(Fp::from_bytes(unhex(kPHex)), HasError(ErrorCode::kInvalidArgument));
  Bytes p_plus_1 = unhex(kPHex);
  p_plus_1.back() = static_cast<std::uint8_t>(p_plus_1.back() + 1);
  EXPECT_THAT(Fp::from_bytes(p_plus_1), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fp::from_bytes(Bytes(48, 0xff)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fp::from_bytes(Bytes(47, 0)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fp::from_bytes(Bytes(49, 0)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fp::from_bytes(Bytes()), HasError(ErrorCode::kInvalidArgument));
  Bytes p_minus_1 = unhex(kPHex);
  p_minus_1.back() = static_cast<std::uint8_t>(p_minus_1.back() - 1);
  auto r = Fp::from_bytes(p_minus_1);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, -Fp::one());
  const auto back = r->to_bytes();
  EXPECT_EQ(Bytes(back.begin(), back.end()), p_minus_1);
}

TEST(Fp, BytesRoundTrip) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 100; ++i) {
    const Fp a = random_fp(rng);
    const auto b = a.to_bytes();
    auto r = Fp::from_bytes(b);
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(*r, a);
    EXPECT_EQ(Fp::from_bytes_wide(b), a);
  }
}

TEST(Fp, FromBytesWideReduces) {
  EXPECT_EQ(Fp::from_bytes_wide(unhex(kPHex)), Fp::zero());
  EXPECT_EQ(Fp::from_bytes_wide(Bytes()), Fp::zero());
  EXPECT_EQ(Fp::from_bytes_wide(Bytes{0x05}), Fp::from_u64(5));
  // 2^512 - 1 = (2^256)^2 - 1, built independently from small values.
  Fp two256 = Fp::one();
  for (int i = 0; i < 256; ++i) two256 = two256.dbl();
  EXPECT_EQ(Fp::from_bytes_wide(Bytes(64, 0xff)), two256.square() - Fp::one());
  // A 64-byte big-endian value: x·2^256 + y with x, y < 2^256 as 32-byte halves.
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 50; ++i) {
    Bytes wide(64);
    for (auto& c : wide) c = static_cast<std::uint8_t>(rng());
    Bytes hi(16, 0), lo(16, 0);
    hi.insert(hi.end(), wide.begin(), wide.begin() + 32);
    lo.insert(lo.end(), wide.begin() + 32, wide.end());
    const Fp expect = (*Fp::from_bytes(hi)) * two256 + *Fp::from_bytes(lo);
    EXPECT_EQ(Fp::from_bytes_wide(wide), expect);
  }
}

TEST(Fp, Sgn0AndLexicographicallyLargest) {
  EXPECT_FALSE(Fp::zero().sgn0().declassify());
  EXPECT_TRUE(Fp::one().sgn0().declassify());
  EXPECT_FALSE((-Fp::one()).sgn0().declassify());  // p - 1 is even
  EXPECT_FALSE(Fp::zero().lexicographically_largest().declassify());
  EXPECT_FALSE(Fp::one().lexicographically_largest().declassify());
  EXPECT_TRUE((-Fp::one()).lexicographically_largest().declassify());
  const Fp half = Fp::from_u64(2).inverse();  // (p+1)/2: the smallest "largest" value
  EXPECT_TRUE(half.lexicographically_largest().declassify());
  EXPECT_FALSE((half - Fp::one()).lexicographically_largest().declassify());
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 100; ++i) {
    const Fp a = random_fp(rng);
    EXPECT_NE(a.lexicographically_largest().declassify(),
              (-a).lexicographically_largest().declassify());
    EXPECT_NE(a.sgn0().declassify(), (-a).sgn0().declassify());
  }
}

TEST(Fp, SelectAndCmov) {
  const Fp a = Fp::from_u64(11), b = Fp::from_u64(22);
  EXPECT_EQ(Fp::select(ct::Choice::from_bit(1), a, b), a);
  EXPECT_EQ(Fp::select(ct::Choice::from_bit(0), a, b), b);
  Fp c = a;
  c.cmov(ct::Choice::from_bit(0), b);
  EXPECT_EQ(c, a);
  c.cmov(ct::Choice::from_bit(1), b);
  EXPECT_EQ(c, b);
  EXPECT_TRUE(a.equals(Fp::from_u64(11)).declassify());
  EXPECT_FALSE(a.equals(b).declassify());
}

}  // namespace
}  // namespace plx::zkp::bls12_381
