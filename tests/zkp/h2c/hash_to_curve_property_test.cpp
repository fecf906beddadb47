// Properties of the hash-to-curve pieces on random inputs (seeded; PLX_TEST_SEED reproduces a
// run): sqrt_ratio's contract, SSWU landing on E', the isogeny landing on E, cofactor clearing
// equal to multiplication by h_eff, and hash outputs in the subgroup for both expanders.
#include <random>
#include <string>

#include "plx/core/encoding.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using ::plx::testing::test_seed;
using ::plx::testing::unhex;

Fp random_fp(std::mt19937_64& rng) {
  std::array<std::uint8_t, 64> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return Fp::from_bytes_wide(b);
}
Fp2 random_fp2(std::mt19937_64& rng) { return Fp2{random_fp(rng), random_fp(rng)}; }

Fp fp_hex(const char* hex) { return Fp::from_bytes(unhex(hex)).value(); }

// E1': A', B' (RFC 9380 §8.8.1) and E2': A' = 240·I, B' = 1012·(1 + I) (§8.8.2), restated here
// from the RFC so the test does not share the implementation's constants.
const Fp kA1 = fp_hex(
    "00144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c"
    "1d");
const Fp kB1 = fp_hex(
    "12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172b"
    "e0");
const Fp2 kA2 = Fp2{Fp::zero(), Fp::from_u64(240)};
const Fp2 kB2 = Fp2{Fp::from_u64(1012), Fp::from_u64(1012)};
const Fp kZ1 = Fp::from_u64(11);
const Fp2 kZ2 = -Fp2{Fp::from_u64(2), Fp::one()};

// h_eff for G1 (§8.8.1) and G2 (§8.8.2), big-endian.
const Bytes kHeffG1 = unhex("d201000000010001");
const Bytes kHeffG2 = unhex(
    "0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d12"
    "12b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551");

TEST(SqrtRatio, FpContract) {
  std::mt19937_64 rng(test_seed());
  int qr = 0;
  for (int i = 0; i < 200; ++i) {
    const Fp u = random_fp(rng);
    Fp v = random_fp(rng);
    if (v.is_zero().declassify()) v = Fp::one();
    Fp y;
    const bool is_qr = detail::sqrt_ratio(u, v, &y).declassify();
    EXPECT_EQ(is_qr, (u * v.inverse()).is_square().declassify());
    const Fp want = is_qr ? u : kZ1 * u;
    EXPECT_TRUE(y.square() * v == want) << "iteration " << i;
    qr += is_qr ? 1 : 0;
  }
  EXPECT_GT(qr, 50);  // about half are squares
  EXPECT_LT(qr, 150);
  // u = 0: 0 is a square, y = 0.
  Fp y;
  EXPECT_TRUE(detail::sqrt_ratio(Fp::zero(), Fp::one(), &y).declassify());
  EXPECT_TRUE(y.is_zero().declassify());
}

TEST(SqrtRatio, Fp2Contract) {
  std::mt19937_64 rng(test_seed() + 1);
  int qr = 0;
  for (int i = 0; i < 100; ++i) {
    const Fp2 u = random_fp2(rng);
    Fp2 v = random_fp2(rng);
    if (v.is_zero().declassify()) v = Fp2::one();
    Fp2 y;
    const bool is_qr = detail::sqrt_ratio(u, v, &y).declassify();
    EXPECT_EQ(is_qr, (u * v.inverse()).is_square().declassify());
    const Fp2 want = is_qr ? u : kZ2 * u;
    EXPECT_TRUE(y.square() * v == want) << "iteration " << i;
    qr += is_qr ? 1 : 0;
  }
  EXPECT_GT(qr, 20);
  EXPECT_LT(qr, 80);
}

TEST(Sswu, G1OutputIsOnIsogenousCurve) {
  std::mt19937_64 rng(test_seed() + 2);
  for (int i = 0; i < 100; ++i) {
    const Fp u = random_fp(rng);
    const detail::SswuFp p = detail::sswu_g1(u);
    ASSERT_FALSE(p.xd.is_zero().declassify());
    const Fp x = p.xn * p.xd.inverse();
    EXPECT_TRUE(p.y.square() == (x.square() + kA1) * x + kB1) << "iteration " << i;
    // §6.6.2: sgn0(y) == sgn0(u).
    EXPECT_EQ(p.y.sgn0().declassify(), u.sgn0().declassify());
  }
}

TEST(Sswu, G2OutputIsOnIsogenousCurve) {
  std::mt19937_64 rng(test_seed() + 3);
  for (int i = 0; i < 50; ++i) {
    const Fp2 u = random_fp2(rng);
    const detail::SswuFp2 p = detail::sswu_g2(u);
    ASSERT_FALSE(p.xd.is_zero().declassify());
    const Fp2 x = p.xn * p.xd.inverse();
    EXPECT_TRUE(p.y.square() == (x.square() + kA2) * x + kB2) << "iteration " << i;
    EXPECT_EQ(p.y.sgn0().declassify(), u.sgn0().declassify());
  }
}

// The exceptional inputs of §6.6.2: u = 0, and u with Z^2 u^4 + Z u^2 = 0 (for G1, u^2 = -1/Z,
// which has roots since -1 and Z = 11 are both non-squares mod p). The map must still land on E.
TEST(Sswu, ExceptionalCasesLandOnTheCurve) {
  EXPECT_TRUE(map_to_curve_g1(Fp::zero()).is_on_curve());
  EXPECT_TRUE(map_to_curve_g2(Fp2::zero()).is_on_curve());
  const Fp minus_inv_z = -(kZ1.inverse());
  Fp u;
  ASSERT_TRUE(minus_inv_z.sqrt(&u).declassify());
  ASSERT_TRUE((kZ1 * u.square() + Fp::one()).is_zero().declassify());
  const G1 q = map_to_curve_g1(u);
  EXPECT_TRUE(q.is_on_curve());
  EXPECT_FALSE(q.is_identity().declassify());
  // tv2 == 0 takes the same x as u = 0 (x = B / (Z A)).
  EXPECT_TRUE(q.to_affine().x == map_to_curve_g1(Fp::zero()).to_affine().x);
  EXPECT_TRUE(clear_cofactor(q).is_in_subgroup_vartime());
}

TEST(MapToCurve, NegatingUNegatesThePoint) {
  std::mt19937_64 rng(test_seed() + 4);
  for (int i = 0; i < 20; ++i) {
    const Fp u = random_fp(rng);
    EXPECT_TRUE(map_to_curve_g1(-u) == -map_to_curve_g1(u));
    const Fp2 u2 = random_fp2(rng);
    EXPECT_TRUE(map_to_curve_g2(-u2) == -map_to_curve_g2(u2));
  }
}

// The sum hash_to_curve takes on the isogenous curve (one isogeny evaluation) equals the sum of
// the two maps, including the degenerate additions: u0 = u1 (doubling on E') and u1 = -u0
// (opposite points: the identity).
TEST(MapToCurve, SumOnIsogenousCurveMatchesSumOfMaps) {
  std::mt19937_64 rng(test_seed() + 8);
  for (int i = 0; i < 10; ++i) {
    const Fp u0 = random_fp(rng);
    const Fp u1 = random_fp(rng);
    EXPECT_TRUE(detail::map_to_curve_sum_g1(u0, u1) == map_to_curve_g1(u0) + map_to_curve_g1(u1));
    EXPECT_TRUE(detail::map_to_curve_sum_g1(u0, u0) == map_to_curve_g1(u0).dbl());
    EXPECT_TRUE(detail::map_to_curve_sum_g1(u0, -u0).is_identity().declassify());
    const Fp2 v0 = random_fp2(rng);
    const Fp2 v1 = random_fp2(rng);
    EXPECT_TRUE(detail::map_to_curve_sum_g2(v0, v1) == map_to_curve_g2(v0) + map_to_curve_g2(v1));
    EXPECT_TRUE(detail::map_to_curve_sum_g2(v0, v0) == map_to_curve_g2(v0).dbl());
    EXPECT_TRUE(detail::map_to_curve_sum_g2(v0, -v0).is_identity().declassify());
  }
}

TEST(ClearCofactor, G1EqualsMultiplicationByHeff) {
  std::mt19937_64 rng(test_seed() + 5);
  int outside = 0;
  for (int i = 0; i < 20; ++i) {
    const G1 q = map_to_curve_g1(random_fp(rng));
    ASSERT_TRUE(q.is_on_curve());
    outside += q.is_in_subgroup_vartime() ? 0 : 1;
    const G1 p = clear_cofactor(q);
    EXPECT_TRUE(p == q.mul_bytes_vartime(kHeffG1)) << "iteration " << i;
    EXPECT_TRUE(p.is_in_subgroup_vartime());
  }
  EXPECT_GT(outside, 15);  // map outputs are almost never in G1 already: the test means something
  EXPECT_TRUE(clear_cofactor(G1::identity()).is_identity().declassify());
}

TEST(ClearCofactor, G2EqualsMultiplicationByHeff) {
  std::mt19937_64 rng(test_seed() + 6);
  int outside = 0;
  for (int i = 0; i < 8; ++i) {
    const G2 q = map_to_curve_g2(random_fp2(rng));
    ASSERT_TRUE(q.is_on_curve());
    outside += q.is_in_subgroup_vartime() ? 0 : 1;
    const G2 p = clear_cofactor(q);
    EXPECT_TRUE(p == q.mul_bytes_vartime(kHeffG2)) << "iteration " << i;
    EXPECT_TRUE(p.is_in_subgroup_vartime());
  }
  EXPECT_GT(outside, 5);
  EXPECT_TRUE(clear_cofactor(G2::identity()).is_identity().declassify());
}

TEST(HashToCurve, RandomMessagesLandInTheSubgroup) {
  std::mt19937_64 rng(test_seed() + 7);
  const Bytes dst = to_bytes("PLX-H2C-PROPERTY-TEST-DST");
  for (ExpandMessage kind : {ExpandMessage::kXmdSha256, ExpandMessage::kXofShake256}) {
    for (int i = 0; i < 16; ++i) {
      Bytes msg(rng() % 200);
      for (auto& b : msg) b = static_cast<std::uint8_t>(rng());
      const G1 p = hash_to_g1(msg, dst, kind).value();
      EXPECT_TRUE(p.is_on_curve());
      EXPECT_TRUE(p.is_in_subgroup_vartime());
      EXPECT_FALSE(p.is_identity().declassify());
      const G1 e = encode_to_g1(msg, dst, kind).value();
      EXPECT_TRUE(e.is_in_subgroup_vartime());
      EXPECT_FALSE(p == e);
      if (i < 4) {
        const G2 q = hash_to_g2(msg, dst, kind).value();
        EXPECT_TRUE(q.is_on_curve());
        EXPECT_TRUE(q.is_in_subgroup_vartime());
        EXPECT_TRUE(encode_to_g2(msg, dst, kind).value().is_in_subgroup_vartime());
      }
    }
  }
}

TEST(HashToCurve, ExpandersAndDstsSeparateDomains) {
  const Bytes msg = to_bytes("same message");
  const Bytes dst1 = to_bytes("DST-ONE");
  const Bytes dst2 = to_bytes("DST-TWO");
  EXPECT_FALSE(hash_to_g1(msg, dst1, ExpandMessage::kXmdSha256).value() ==
               hash_to_g1(msg, dst1, ExpandMessage::kXofShake256).value());
  EXPECT_FALSE(hash_to_g1(msg, dst1).value() == hash_to_g1(msg, dst2).value());
  EXPECT_TRUE(hash_to_g1(msg, dst1).value() == hash_to_g1(msg, dst1).value());
  // A DST over 255 bytes works (RFC 9380 §5.3.3) and differs from its truncation.
  const Bytes long_dst(300, 'D');
  const Bytes cut(long_dst.begin(), long_dst.begin() + 255);
  for (ExpandMessage kind : {ExpandMessage::kXmdSha256, ExpandMessage::kXofShake256}) {
    const G1 p = hash_to_g1(msg, long_dst, kind).value();
    EXPECT_TRUE(p.is_in_subgroup_vartime());
    EXPECT_FALSE(p == hash_to_g1(msg, cut, kind).value());
  }
}

TEST(HashToField, CountsAndLayout) {
  const Bytes dst = to_bytes("PLX-H2F");
  EXPECT_TRUE(hash_to_field_fp(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 0).value().empty());
  const auto three = hash_to_field_fp(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 3).value();
  ASSERT_EQ(three.size(), 3u);
  // Element i is OS2IP of bytes [64 i, 64 i + 64) of expand_message(msg, DST, 64 count) mod p.
  const Bytes bytes = expand_message(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 192).value();
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(three[i] == Fp::from_bytes_wide(ByteSpan(bytes).subspan(64 * i, 64)));
  }
  const auto two = hash_to_field_fp2(ExpandMessage::kXofShake256, as_bytes("m"), dst, 2).value();
  ASSERT_EQ(two.size(), 2u);
  const Bytes xb = expand_message(ExpandMessage::kXofShake256, as_bytes("m"), dst, 256).value();
  EXPECT_TRUE(two[1].c0 == Fp::from_bytes_wide(ByteSpan(xb).subspan(128, 64)));
  EXPECT_TRUE(two[1].c1 == Fp::from_bytes_wide(ByteSpan(xb).subspan(192, 64)));
  // The largest counts XMD SHA-256 allows (255 blocks of 32 bytes).
  EXPECT_EQ(hash_to_field_fp(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 127).value().size(), 127u);
  EXPECT_EQ(hash_to_field_fp2(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 63).value().size(), 63u);
}

TEST(HashToField, CountBeyondExpanderLimitIsAnError) {
  const Bytes dst = to_bytes("PLX-H2F");
  const auto fp = hash_to_field_fp(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 128);
  ASSERT_FALSE(fp.has_value());
  EXPECT_EQ(fp.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(hash_to_field_fp2(ExpandMessage::kXmdSha256, as_bytes("m"), dst, 64).has_value());
}

// RFC 9380 §3.1: the DST MUST have nonzero length; every entry point says so instead of hashing.
TEST(HashToCurve, EmptyDstIsRejected) {
  const Bytes msg = to_bytes("msg");
  const ByteSpan empty;
  for (ExpandMessage kind : {ExpandMessage::kXmdSha256, ExpandMessage::kXofShake256}) {
    const auto e = expand_message(kind, msg, empty, 32);
    ASSERT_FALSE(e.has_value());
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.error().where, "dst");
    EXPECT_NE(e.error().message.find("§3.1"), std::string::npos) << e.error().message;
    EXPECT_FALSE(hash_to_field_fp(kind, msg, empty, 1).has_value());
    EXPECT_FALSE(hash_to_field_fp2(kind, msg, empty, 1).has_value());
    EXPECT_FALSE(hash_to_g1(msg, empty, kind).has_value());
    EXPECT_FALSE(encode_to_g1(msg, empty, kind).has_value());
    EXPECT_FALSE(hash_to_g2(msg, empty, kind).has_value());
    EXPECT_FALSE(encode_to_g2(msg, empty, kind).has_value());
    // One byte is enough.
    EXPECT_TRUE(hash_to_g1(msg, as_bytes("D"), kind).has_value());
  }
}

}  // namespace
}  // namespace plx::zkp::bls12_381
