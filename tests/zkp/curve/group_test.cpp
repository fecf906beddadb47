// G1 and G2 group arithmetic, scalar multiplication, subgroup checks and ZCash serialization,
// as typed tests run on both groups.
#include <array>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "curve_test_util.hpp"
#include "plx/core/encoding.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using plx::testing::HasError;
using plx::testing::IsOk;
using plx::testing::unhex;
using testing::Rng;

struct G1Traits {
  using P = G1;
  using A = G1Affine;
  static constexpr std::size_t kCompressed = 48;
  static constexpr std::size_t kUncompressed = 96;
  static constexpr const char* kName = "g1";
  static P random(Rng& rng) { return rng.g1(); }
  static A any(Rng& rng) { return rng.g1_any(); }
};

struct G2Traits {
  using P = G2;
  using A = G2Affine;
  static constexpr std::size_t kCompressed = 96;
  static constexpr std::size_t kUncompressed = 192;
  static constexpr const char* kName = "g2";
  static P random(Rng& rng) { return rng.g2(); }
  static A any(Rng& rng) { return rng.g2_any(); }
};

template <class T>
class GroupTest : public ::testing::Test {};
using Groups = ::testing::Types<G1Traits, G2Traits>;
TYPED_TEST_SUITE(GroupTest, Groups);

TYPED_TEST(GroupTest, GeneratorIsOnCurveInSubgroupAndHasOrderR) {
  using P = typename TypeParam::P;
  using A = typename TypeParam::A;
  EXPECT_TRUE(A::generator().is_on_curve());
  EXPECT_TRUE(A::generator().is_in_subgroup_vartime());
  EXPECT_TRUE(P::generator().is_in_subgroup_vartime());
  EXPECT_TRUE(P::generator().mul_bytes_vartime(testing::order_r()).is_identity().declassify());
  EXPECT_FALSE(P::generator().is_identity().declassify());
  EXPECT_TRUE(P::identity().is_identity().declassify());
  EXPECT_TRUE(P::identity().is_on_curve());
  EXPECT_TRUE(A::identity().is_in_subgroup_vartime());
}

TYPED_TEST(GroupTest, GroupLaws) {
  using P = typename TypeParam::P;
  Rng rng(1);
  for (int i = 0; i < 20; ++i) {
    const P a = TypeParam::random(rng);
    const P b = TypeParam::random(rng);
    const P c = TypeParam::random(rng);
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a + P::identity(), a);
    EXPECT_EQ(P::identity() + a, a);
    EXPECT_TRUE((a + (-a)).is_identity().declassify());
    EXPECT_TRUE((a - a).is_identity().declassify());
    EXPECT_EQ(a.dbl(), a + a);
    EXPECT_EQ(a.dbl() + a, a + a + a);
    EXPECT_TRUE(a.is_on_curve());
    EXPECT_TRUE((a + b).is_on_curve());
    EXPECT_TRUE(a.dbl().is_in_subgroup_vartime());
    EXPECT_NE(a, b);
    EXPECT_NE(a, P::identity());
  }
  EXPECT_TRUE((P::identity() + P::identity()).is_identity().declassify());
  EXPECT_TRUE(P::identity().dbl().is_identity().declassify());
}

// The constant-time addition must double when both inputs are the same point in different
// Jacobian representations, and cancel when they are opposite.
TYPED_TEST(GroupTest, AdditionSpecialCasesWithDifferentRepresentations) {
  using P = typename TypeParam::P;
  Rng rng(2);
  for (int i = 0; i < 10; ++i) {
    const P q = TypeParam::random(rng);
    const P two_q_a = q.dbl();            // one Z
    const P two_q_b = (q + q.dbl()) - q;  // same point, another Z
    ASSERT_NE(two_q_a.z(), two_q_b.z());
    EXPECT_EQ(two_q_a + two_q_b, q.dbl().dbl());
    EXPECT_TRUE((two_q_a + (-two_q_b)).is_identity().declassify());
    const auto aff = two_q_a.to_affine();
    EXPECT_EQ(two_q_b + aff, q.dbl().dbl());  // mixed: doubling
    EXPECT_TRUE(((-two_q_b) + aff).is_identity().declassify());
    EXPECT_EQ(P::identity() + aff, two_q_a);
    EXPECT_EQ(two_q_b + TypeParam::A::identity(), two_q_a);
    EXPECT_EQ(P(aff), two_q_a);
  }
}

TYPED_TEST(GroupTest, AffineConversions) {
  using P = typename TypeParam::P;
  using A = typename TypeParam::A;
  Rng rng(3);
  std::vector<P> pts;
  for (int i = 0; i < 9; ++i) pts.push_back(i % 4 == 0 ? P::identity() : TypeParam::random(rng));
  std::vector<A> out(pts.size());
  P::batch_to_affine(pts, out);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    EXPECT_EQ(out[i], pts[i].to_affine());
    EXPECT_EQ(P(out[i]), pts[i]);
    EXPECT_EQ(out[i].infinity, pts[i].is_identity().declassify());
  }
  std::vector<A> none;
  P::batch_to_affine(std::span<const P>(), none);
}

TYPED_TEST(GroupTest, MulVariantsAgree) {
  using P = typename TypeParam::P;
  Rng rng(4);
  for (std::size_t i = 0; i < 40; ++i) {
    const P p = i % 10 == 9 ? P::identity() : TypeParam::random(rng);
    const Fr k = rng.edgy_scalar(i);
    const auto kb = k.to_bytes();
    const P a = p.mul(k);
    EXPECT_EQ(a, p.mul_vartime(k)) << i;
    EXPECT_EQ(a, p.mul_bytes_vartime(kb)) << i;
    EXPECT_TRUE(a.is_in_subgroup_vartime());
  }
}

TYPED_TEST(GroupTest, MulIsAHomomorphism) {
  using P = typename TypeParam::P;
  Rng rng(5);
  for (int i = 0; i < 10; ++i) {
    const P p = TypeParam::random(rng);
    const Fr a = rng.scalar();
    const Fr b = rng.scalar();
    EXPECT_EQ(p.mul(a + b), p.mul(a) + p.mul(b));
    EXPECT_EQ(p.mul(a * b), p.mul(a).mul(b));
    EXPECT_EQ(p.mul_vartime(-a), -p.mul_vartime(a));
    EXPECT_TRUE(p.mul(Fr::zero()).is_identity().declassify());
    EXPECT_EQ(p.mul(Fr::one()), p);
    EXPECT_EQ(p.mul(Fr::from_u64(2)), p.dbl());
  }
}

TYPED_TEST(GroupTest, SmallScalarsMatchRepeatedAddition) {
  using P = typename TypeParam::P;
  Rng rng(6);
  const P p = TypeParam::random(rng);
  P acc = P::identity();
  for (unsigned k = 0; k < 70; ++k) {
    const Fr fk = Fr::from_u64(k);
    EXPECT_EQ(p.mul(fk), acc) << k;
    EXPECT_EQ(p.mul_vartime(fk), acc) << k;
    EXPECT_EQ(p.mul_bytes_vartime(testing::be_u64(k)), acc) << k;
    acc = acc + p;
  }
}

TYPED_TEST(GroupTest, OrderRAnnihilatesSubgroupPoints) {
  using P = typename TypeParam::P;
  Rng rng(7);
  for (int i = 0; i < 5; ++i) {
    const P p = TypeParam::random(rng);
    EXPECT_TRUE(p.mul_bytes_vartime(testing::order_r()).is_identity().declassify());
    // mul_bytes_vartime takes any length: r + 1 (33 bytes with a zero prefix) acts as 1.
    Bytes r1 = testing::order_r();
    r1.back() = static_cast<std::uint8_t>(r1.back() + 1);
    r1.insert(r1.begin(), 0);
    EXPECT_EQ(p.mul_bytes_vartime(r1), p);
  }
}

// The endomorphism subgroup checks against the definition [r]P == O, on points in and out of
// the subgroup (random x mapped to the curve without cofactor clearing).
TYPED_TEST(GroupTest, SubgroupCheckAgreesWithOrderR) {
  using P = typename TypeParam::P;
  using A = typename TypeParam::A;
  Rng rng(8);
  int outside = 0;
  for (int i = 0; i < 40; ++i) {
    const A a = TypeParam::any(rng);
    ASSERT_TRUE(a.is_on_curve());
    const bool naive = P(a).mul_bytes_vartime(testing::order_r()).is_identity().declassify();
    EXPECT_EQ(a.is_in_subgroup_vartime(), naive);
    EXPECT_EQ(P(a).is_in_subgroup_vartime(), naive);
    // The same point scaled (a different Jacobian Z) gives the same answer.
    EXPECT_EQ((P(a) + P(a)).is_in_subgroup_vartime(),
              P(a).dbl().mul_bytes_vartime(testing::order_r()).is_identity().declassify());
    if (!naive) ++outside;
    // Adding a subgroup point keeps a point outside.
    const P moved = P(a) + TypeParam::random(rng);
    EXPECT_EQ(moved.is_in_subgroup_vartime(), naive);
  }
  EXPECT_GT(outside, 35);  // the cofactor makes subgroup points vanishingly rare
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(TypeParam::random(rng).is_in_subgroup_vartime());
}

TYPED_TEST(GroupTest, CompressedRoundTripAndFlags) {
  using P = typename TypeParam::P;
  using A = typename TypeParam::A;
  constexpr std::size_t kC = TypeParam::kCompressed;
  constexpr std::size_t kU = TypeParam::kUncompressed;
  Rng rng(9);
  for (int i = 0; i < 10; ++i) {
    const A a = TypeParam::random(rng).to_affine();
    const auto c = a.to_compressed();
    const auto u = a.to_uncompressed();
    EXPECT_EQ(c[0] & 0x80, 0x80);
    EXPECT_EQ(u[0] & 0xe0, 0);
    auto dc = A::from_compressed(c);
    ASSERT_THAT(dc, IsOk());
    EXPECT_EQ(*dc, a);
    auto du = A::from_uncompressed(u);
    ASSERT_THAT(du, IsOk());
    EXPECT_EQ(*du, a);
    // Flipping the sort flag decodes to −a (y and −y share x).
    auto flipped = c;
    flipped[0] ^= 0x20;
    auto dn = A::from_compressed(flipped);
    ASSERT_THAT(dn, IsOk());
    EXPECT_EQ(P(*dn), -P(a));
  }
  static_assert(kC * 2 == kU);
}

TYPED_TEST(GroupTest, MalformedEncodingsAreRejected) {
  using A = typename TypeParam::A;
  constexpr std::size_t kC = TypeParam::kCompressed;
  constexpr std::size_t kU = TypeParam::kUncompressed;
  Rng rng(10);
  const A a = TypeParam::random(rng).to_affine();
  const auto c = a.to_compressed();
  const auto u = a.to_uncompressed();
  const auto ci = A::identity().to_compressed();
  const auto ui = A::identity().to_uncompressed();

  // Wrong lengths.
  for (std::size_t len : {std::size_t{0}, kC - 1, kC + 1, kU}) {
    Bytes b(len, 0);
    if (len > 0) b[0] = 0xc0;
    EXPECT_THAT(A::from_compressed(b), HasError(ErrorCode::kInvalidArgument)) << len;
  }
  for (std::size_t len : {std::size_t{0}, kU - 1, kU + 1, kC}) {
    Bytes b(len, 0);
    if (len > 0) b[0] = 0x40;
    EXPECT_THAT(A::from_uncompressed(b), HasError(ErrorCode::kInvalidArgument)) << len;
  }

  // Every combination of the three flags on a finite point and on the identity: only the
  // canonical ones decode.
  for (unsigned f = 0; f < 8; ++f) {
    const auto flags = static_cast<std::uint8_t>(f << 5);
    auto cc = c;
    cc[0] = static_cast<std::uint8_t>((cc[0] & 0x1f) | flags);
    const bool c_ok = (flags & 0x80) != 0 && (flags & 0x40) == 0;  // either sort value decodes
    EXPECT_EQ(A::from_compressed(cc).has_value(), c_ok) << "compressed point flags " << f;
    auto uu = u;
    uu[0] = static_cast<std::uint8_t>((uu[0] & 0x1f) | flags);
    EXPECT_EQ(A::from_uncompressed(uu).has_value(), flags == 0) << "uncompressed point flags " << f;
    auto cci = ci;
    cci[0] = flags;
    EXPECT_EQ(A::from_compressed(cci).has_value(), flags == 0xc0) << "compressed inf flags " << f;
    auto uui = ui;
    uui[0] = flags;
    // Flags 0 with all-zero coordinates is (0, 0), not on either curve.
    EXPECT_EQ(A::from_uncompressed(uui).has_value(), flags == 0x40) << "uncompressed inf flags " << f;
  }
  // Infinity with any other bit set.
  for (std::size_t pos : {std::size_t{0}, std::size_t{1}, kC / 2, kC - 1}) {
    auto cci = ci;
    cci[pos] |= 0x01;
    EXPECT_THAT(A::from_compressed(cci), HasError(ErrorCode::kInvalidArgument)) << pos;
  }
  for (std::size_t pos : {std::size_t{0}, std::size_t{1}, kC, kU - 1}) {
    auto uui = ui;
    uui[pos] |= 0x01;
    EXPECT_THAT(A::from_uncompressed(uui), HasError(ErrorCode::kInvalidArgument)) << pos;
  }

  // A coordinate >= p: p itself, and all ones (with the flag bits cleared).
  const Bytes p_be = unhex(
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
  for (std::size_t off = 0; off < kC; off += 48) {
    auto cc = c;
    std::copy(p_be.begin(), p_be.end(), cc.begin() + static_cast<std::ptrdiff_t>(off));
    cc[0] = static_cast<std::uint8_t>(cc[0] | 0x80);
    auto r = A::from_compressed(cc);
    EXPECT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    if (!r.has_value()) {
      EXPECT_NE(r.error().message.find("canonical"), std::string::npos);
    }
    auto uu = u;
    std::copy(p_be.begin(), p_be.end(), uu.begin() + static_cast<std::ptrdiff_t>(kC + off));
    auto ru = A::from_uncompressed(uu);
    EXPECT_THAT(ru, HasError(ErrorCode::kInvalidArgument));
    if (!ru.has_value()) {
      EXPECT_NE(ru.error().message.find("canonical"), std::string::npos);
    }
  }
  {
    auto cc = c;
    std::fill(cc.begin(), cc.end(), 0xff);
    EXPECT_THAT(A::from_compressed(cc), HasError(ErrorCode::kInvalidArgument));
  }

  // Not on the curve: an x with no y (compressed) and a wrong y (uncompressed).
  int tried = 0;
  for (int i = 0; i < 64 && tried < 4; ++i) {
    auto cc = c;
    cc[kC - 1] = static_cast<std::uint8_t>(cc[kC - 1] + i + 1);
    auto r = A::from_compressed(cc);
    if (r.has_value()) continue;  // another valid x (then it must still be in the subgroup)
    ++tried;
    EXPECT_NE(r.error().message.find("not"), std::string::npos) << r.error().to_string();
  }
  EXPECT_EQ(tried, 4);
  {
    auto uu = u;
    uu[kU - 1] ^= 0x01;
    auto r = A::from_uncompressed(uu);
    EXPECT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    if (!r.has_value()) {
      EXPECT_NE(r.error().message.find("not on the curve"), std::string::npos);
    }
  }

  // On the curve, outside the subgroup.
  for (int i = 0; i < 4; ++i) {
    const A o = TypeParam::any(rng);
    auto rc = A::from_compressed(o.to_compressed());
    auto ru = A::from_uncompressed(o.to_uncompressed());
    ASSERT_FALSE(rc.has_value());
    ASSERT_FALSE(ru.has_value());
    EXPECT_NE(rc.error().message.find("subgroup"), std::string::npos);
    EXPECT_NE(ru.error().message.find("subgroup"), std::string::npos);
    // from_coordinates only checks the curve equation.
    EXPECT_THAT(A::from_coordinates(o.x, o.y), IsOk());
    EXPECT_THAT(A::from_coordinates(o.x, o.y + o.y), HasError(ErrorCode::kInvalidArgument));
  }
}

// zkcrypto's serialization vectors: entry k is k·G, compressed and uncompressed.
TYPED_TEST(GroupTest, ZkcryptoVectors) {
  using P = typename TypeParam::P;
  using A = typename TypeParam::A;
  for (const char* enc : {"compressed", "uncompressed"}) {
    const std::string file = std::string("bls12_381/zkcrypto_serialization/") + TypeParam::kName +
                             "_" + enc + ".json";
    const Json j = plx::testing::read_json_vector(file);
    ASSERT_TRUE(j.contains("points")) << file;
    const bool compressed = std::string(enc) == "compressed";
    ASSERT_EQ(j["points"].size(), 1000u) << file;
    P acc = P::identity();
    const P g = P::generator();
    std::size_t passed = 0;
    for (const auto& e : j["points"]) {
      const unsigned k = e["k"].get<unsigned>();
      SCOPED_TRACE(file + " k=" + std::to_string(k));
      const Bytes bytes = unhex(e["hex"].get<std::string>());
      auto dec = compressed ? A::from_compressed(bytes) : A::from_uncompressed(bytes);
      ASSERT_THAT(dec, IsOk());
      Bytes again;
      if (compressed) {
        const auto encoded = dec->to_compressed();
        again.assign(encoded.begin(), encoded.end());
      } else {
        const auto encoded = dec->to_uncompressed();
        again.assign(encoded.begin(), encoded.end());
      }
      EXPECT_EQ(again, bytes);
      EXPECT_EQ(P(*dec), acc);
      EXPECT_EQ(acc.to_affine(), *dec);
      const Fr fk = Fr::from_u64(k);
      EXPECT_EQ(g.mul(fk), acc);
      EXPECT_EQ(g.mul_vartime(fk), acc);
      EXPECT_EQ(g.mul_bytes_vartime(testing::be_u64(k)), acc);
      acc = acc + g;
      ++passed;
    }
    EXPECT_EQ(passed, 1000u) << file;
  }
}

// ---------------------------------------------------------------------------------------------
// Group-specific checks.

TEST(G1Test, SmallOrderTorsionPointsFailTheSubgroupCheck) {
  // [r·h/ℓ^e]P has order dividing ℓ^e for each prime power ℓ^e of the G1 cofactor
  // h = 3 · 11² · 10177² · 859267² · 52437899²: points of small order must be rejected, alone
  // and added to a subgroup point.
  const char* kMultipliers[] = {
      "08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaad955555555558e39",
      "3704612471307385e8f4b11c0f6f71e98ebcebf11641bde11e05f8de12635b461258dc05b269c8ff0a941963702343",
      "04365bf803428bdeec60fd2e926108ec4349c3ed6101355fc141ebb62934a3754bcaa7f4893a24a99528dca02b",
      "26b97e14f9a9bfc6a1d68e51940e20533818e49972d05a4b963f8399f9c8df3382e9555b8e0c186760b113",
      "02a97289d2f199a7fe442ea79eb7aa6cc575f3bb074193d880722109579598622c3f85f4e51b4a558443",
  };
  Rng rng(11);
  int nontrivial = 0;
  for (const char* m : kMultipliers) {
    for (int i = 0; i < 3; ++i) {
      const G1 t = G1(rng.g1_any()).mul_bytes_vartime(unhex(m));
      if (t.is_identity().declassify()) continue;
      ++nontrivial;
      EXPECT_TRUE(t.is_on_curve());
      EXPECT_FALSE(t.is_in_subgroup_vartime()) << m;
      EXPECT_FALSE((t + G1::generator()).is_in_subgroup_vartime()) << m;
      EXPECT_FALSE(t.to_affine().is_in_subgroup_vartime()) << m;
    }
  }
  EXPECT_GE(nontrivial, 10);
}

TEST(G2Test, PsiActsAsMultiplicationByUOnG2) {
  Rng rng(12);
  const Bytes abs_u = unhex("d201000000010000");
  for (int i = 0; i < 10; ++i) {
    const G2 p = rng.g2();
    // u = −|u|.
    EXPECT_EQ(p.psi(), -p.mul_bytes_vartime(abs_u));
    EXPECT_TRUE(p.psi().is_on_curve());
    // ψ is a group homomorphism on the whole curve, and maps E' to E'.
    const G2 q(rng.g2_any());
    EXPECT_TRUE(q.psi().is_on_curve());
    EXPECT_EQ((p + q).psi(), p.psi() + q.psi());
    // Outside G2 the relation fails (that is the subgroup check).
    EXPECT_NE(q.psi(), -q.mul_bytes_vartime(abs_u));
  }
  EXPECT_TRUE(G2::identity().psi().is_identity().declassify());
}

}  // namespace
}  // namespace plx::zkp::bls12_381
