// Fr: axioms, reference multiplication, parsing, wide reduction, random(), wipe().
#include "plx/zkp/bls12_381/fr.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "field_test_util.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using testing::random_fr;
using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::unhex;

constexpr Fr::Limbs kR = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL, 0x3339d80809a1d805ULL,
                          0x73eda753299d7d48ULL};
constexpr const char* kRHex = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

TEST(Fr, AxiomsOnRandomValues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const testing::RefField<4> ref{kR};
  for (int i = 0; i < 300; ++i) {
    const Fr a = random_fr(rng), b = random_fr(rng), c = random_fr(rng);
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - b + b, a);
    EXPECT_EQ(a + (-a), Fr::zero());
    EXPECT_EQ(a.square(), a * a);
    EXPECT_EQ((a * b).to_canonical(), ref.mul(a.to_canonical(), b.to_canonical()));
    EXPECT_EQ(a.square().to_canonical(), ref.mul(a.to_canonical(), a.to_canonical()));
    EXPECT_EQ(Fr::from_canonical(a.to_canonical()), a);
  }
}

TEST(Fr, KnownValuesAndInverse) {
  Fr::Limbs rm1 = kR;
  rm1[0] -= 1;
  const Fr minus_one = Fr::from_canonical(rm1);
  EXPECT_EQ(minus_one, -Fr::one());
  EXPECT_EQ(minus_one.square(), Fr::one());
  EXPECT_EQ(Fr::from_u64(6) * Fr::from_u64(7), Fr::from_u64(42));
  EXPECT_EQ(Fr::zero().inverse(), Fr::zero());
  EXPECT_EQ(Fr::zero().inverse_vartime(), Fr::zero());
  std::mt19937_64 rng(::plx::testing::test_seed());
  Fr pow2 = Fr::one();
  for (std::uint64_t k = 1; k < 300; ++k) {
    pow2 = pow2 + pow2;
    for (const Fr& a : {Fr::from_u64(k), pow2, -Fr::from_u64(k)}) {
      EXPECT_EQ(a * a.inverse(), Fr::one()) << k;
      EXPECT_EQ(a * a.inverse_vartime(), Fr::one()) << k;
    }
  }
  for (int i = 0; i < 2000; ++i) {
    const Fr a = random_fr(rng);
    EXPECT_EQ(a * a.inverse(), Fr::one());
    EXPECT_EQ(a.inverse_vartime(), a.inverse());
  }
}

TEST(Fr, FromBytesRejectsNonCanonicalAndBadLengths) {
  EXPECT_THAT(Fr::from_bytes(unhex(kRHex)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fr::from_bytes(Bytes(32, 0xff)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fr::from_bytes(Bytes(31, 0)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(Fr::from_bytes(Bytes(33, 0)), HasError(ErrorCode::kInvalidArgument));
  Bytes rm1 = unhex(kRHex);
  rm1.back() = 0;  // r - 1
  auto v = Fr::from_bytes(rm1);
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(*v, -Fr::one());
  const auto back = v->to_bytes();
  EXPECT_EQ(Bytes(back.begin(), back.end()), rm1);
}

TEST(Fr, FromBytesWide) {
  EXPECT_EQ(Fr::from_bytes_wide(unhex(kRHex)), Fr::zero());
  EXPECT_EQ(Fr::from_bytes_wide(Bytes{0x01, 0x00}), Fr::from_u64(256));
  Fr two256 = Fr::one();
  for (int i = 0; i < 256; ++i) two256 = two256 + two256;
  EXPECT_EQ(Fr::from_bytes_wide(Bytes(64, 0xff)), two256.square() - Fr::one());
  // 48 bytes (BBS hash_to_scalar): x·2^256 + y with x < 2^128 and y < 2^256 split further as
  // y = t·2^248 + z (z < 2^248 < r), so every piece goes through the strict parser.
  Fr two248 = Fr::one();
  for (int k = 0; k < 248; ++k) two248 = two248 + two248;
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 50; ++i) {
    std::array<std::uint8_t, 48> wide{};
    for (auto& c : wide) c = static_cast<std::uint8_t>(rng());
    std::array<std::uint8_t, 32> hi{}, lo{};
    for (std::size_t k = 0; k < 16; ++k) hi[16 + k] = wide[k];
    for (std::size_t k = 1; k < 32; ++k) lo[k] = wide[16 + k];
    const Fr t = Fr::from_u64(wide[16]);
    const Fr expect = (*Fr::from_bytes(hi)) * two256 + t * two248 + *Fr::from_bytes(lo);
    EXPECT_EQ(Fr::from_bytes_wide(wide), expect);
  }
}

TEST(Fr, RandomIsNonZeroAndVaries) {
  std::set<std::array<std::uint8_t, 32>> seen;
  for (int i = 0; i < 32; ++i) {
    const Fr a = Fr::random();
    EXPECT_FALSE(a.is_zero().declassify());
    seen.insert(a.to_bytes());
  }
  EXPECT_EQ(seen.size(), 32u);
}

TEST(Fr, WipeZeroes) {
  Fr a = Fr::from_u64(12345);
  a.wipe();
  EXPECT_TRUE(a.is_zero().declassify());
  EXPECT_EQ(Fr::select(ct::Choice::from_bit(1), Fr::one(), Fr::zero()), Fr::one());
  EXPECT_EQ(Fr::select(ct::Choice::from_bit(0), Fr::one(), Fr::zero()), Fr::zero());
}

}  // namespace
}  // namespace plx::zkp::bls12_381
