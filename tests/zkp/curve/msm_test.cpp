// Multi-scalar multiplication and fixed-base tables against the naive sum Σ k_i·P_i.
#include <vector>

#include <gtest/gtest.h>

#include "curve_test_util.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using testing::Rng;

G1 naive(std::span<const G1Affine> pts, std::span<const Fr> ks) {
  G1 acc;
  for (std::size_t i = 0; i < pts.size(); ++i) acc = acc + G1(pts[i]).mul_vartime(ks[i]);
  return acc;
}

// n points with awkward content: repeated points, a point and its negation, the identity,
// zero scalars, r − 1, and equal scalars on equal points (so partial sums double).
void make_inputs(Rng& rng, std::size_t n, std::vector<G1Affine>* pts, std::vector<Fr>* ks) {
  std::vector<G1> jp;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 11 == 5 && i > 0) {
      jp.push_back(jp[i - 1]);  // repeated point
    } else if (i % 13 == 7 && i > 0) {
      jp.push_back(-jp[i - 1]);  // negation of the previous point
    } else if (i % 17 == 3) {
      jp.push_back(G1::identity());
    } else {
      jp.push_back(rng.g1());
    }
  }
  pts->assign(n, G1Affine());
  G1::batch_to_affine(jp, *pts);
  ks->clear();
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 11 == 5 && i > 0) {
      ks->push_back((*ks)[i - 1]);  // same point, same scalar
    } else if (i % 13 == 7 && i > 0) {
      ks->push_back((*ks)[i - 1]);  // cancels the previous term
    } else {
      ks->push_back(rng.edgy_scalar(i));
    }
  }
}

class MsmTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(MsmTest, AllAlgorithmsEqualTheNaiveSum) {
  const std::size_t n = GetParam();
  Rng rng(100 + n);
  std::vector<G1Affine> pts;
  std::vector<Fr> ks;
  make_inputs(rng, n, &pts, &ks);
  const G1 want = naive(pts, ks);
  EXPECT_EQ(msm(pts, ks), want);
  EXPECT_EQ(msm_vartime(pts, ks), want);
  EXPECT_EQ(detail::msm_straus_vartime(pts, ks), want);
  EXPECT_EQ(detail::msm_pippenger_vartime(pts, ks), want);
}

TEST_P(MsmTest, FixedBasesEqualTheNaiveSum) {
  const std::size_t n = GetParam();
  Rng rng(200 + n);
  std::vector<G1Affine> pts;
  std::vector<Fr> ks;
  make_inputs(rng, n, &pts, &ks);
  const G1FixedBases fb(pts);
  ASSERT_EQ(fb.size(), n);
  const G1 want = naive(pts, ks);
  EXPECT_EQ(fb.msm(ks), want);
  EXPECT_EQ(fb.msm_vartime(ks), want);
  // A window of the bases: scalars for bases [first, first + m).
  if (n >= 3) {
    const std::size_t first = n / 3;
    const std::size_t m = n - first - 1;
    const std::span<const Fr> sub(ks.data(), m);
    const G1 want_sub = naive(std::span<const G1Affine>(pts.data() + first, m), sub);
    EXPECT_EQ(fb.msm(sub, first), want_sub);
    EXPECT_EQ(fb.msm_vartime(sub, first), want_sub);
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, MsmTest,
                         ::testing::Values(0, 1, 2, 3, 7, 16, 64, 102, 200),
                         [](const ::testing::TestParamInfo<std::size_t>& p) { return "n" + std::to_string(p.param); });

TEST(MsmEdgeTest, AllZeroScalarsAndAllIdentityPoints) {
  Rng rng(300);
  std::vector<G1Affine> pts;
  for (int i = 0; i < 20; ++i) pts.push_back(rng.g1().to_affine());
  const std::vector<Fr> zeros(20, Fr::zero());
  EXPECT_TRUE(msm(pts, zeros).is_identity().declassify());
  EXPECT_TRUE(msm_vartime(pts, zeros).is_identity().declassify());
  const G1FixedBases fb(pts);
  EXPECT_TRUE(fb.msm(zeros).is_identity().declassify());
  EXPECT_TRUE(fb.msm_vartime(zeros).is_identity().declassify());
  std::vector<Fr> ks;
  for (int i = 0; i < 20; ++i) ks.push_back(rng.scalar());
  const std::vector<G1Affine> ids(20, G1Affine::identity());
  EXPECT_TRUE(msm(ids, ks).is_identity().declassify());
  EXPECT_TRUE(msm_vartime(ids, ks).is_identity().declassify());
  const G1FixedBases fb_ids(ids);
  EXPECT_TRUE(fb_ids.msm(ks).is_identity().declassify());
  EXPECT_TRUE(fb_ids.msm_vartime(ks).is_identity().declassify());
}

// The same point many times with the same scalar: every pairwise sum in the fixed-base tree and
// every accumulator step is a doubling or a cancellation.
TEST(MsmEdgeTest, OnePointRepeated) {
  Rng rng(301);
  const G1Affine p = rng.g1().to_affine();
  for (std::size_t n : {2u, 8u, 33u, 130u}) {
    const std::vector<G1Affine> pts(n, p);
    const Fr k = rng.scalar();
    const std::vector<Fr> ks(n, k);
    const G1 want = G1(p).mul_vartime(k * Fr::from_u64(n));
    EXPECT_EQ(msm(pts, ks), want) << n;
    EXPECT_EQ(msm_vartime(pts, ks), want) << n;
    EXPECT_EQ(detail::msm_pippenger_vartime(pts, ks), want) << n;
    const G1FixedBases fb(pts);
    EXPECT_EQ(fb.msm(ks), want) << n;
    EXPECT_EQ(fb.msm_vartime(ks), want) << n;
    std::vector<Fr> alt;
    for (std::size_t i = 0; i < n; ++i) alt.push_back(i % 2 == 0 ? k : -k);
    // Alternating k and −k: the identity for even n, k·P for odd n.
    const G1 want_alt = n % 2 == 0 ? G1::identity() : G1(p).mul_vartime(k);
    EXPECT_EQ(fb.msm(alt), want_alt) << n;
    EXPECT_EQ(fb.msm_vartime(alt), want_alt) << n;
    EXPECT_EQ(msm(pts, alt), want_alt) << n;
    EXPECT_EQ(msm_vartime(pts, alt), want_alt) << n;
    EXPECT_EQ(detail::msm_pippenger_vartime(pts, alt), want_alt) << n;
  }
}

TEST(MsmEdgeTest, GeneratorWithSmallScalars) {
  // Σ i·G for i = 1..40 = 820·G: small scalars leave most windows zero.
  std::vector<G1Affine> pts(40, G1Affine::generator());
  std::vector<Fr> ks;
  for (std::uint64_t i = 1; i <= 40; ++i) ks.push_back(Fr::from_u64(i));
  const G1 want = G1::generator().mul_vartime(Fr::from_u64(820));
  EXPECT_EQ(msm(pts, ks), want);
  EXPECT_EQ(msm_vartime(pts, ks), want);
  EXPECT_EQ(detail::msm_straus_vartime(pts, ks), want);
  EXPECT_EQ(detail::msm_pippenger_vartime(pts, ks), want);
  const G1FixedBases fb(pts);
  EXPECT_EQ(fb.msm(ks), want);
  EXPECT_EQ(fb.msm_vartime(ks), want);
}

}  // namespace
}  // namespace plx::zkp::bls12_381
