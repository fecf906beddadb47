// The optimal ate pairing: the known value e(G1, G2), bilinearity, multi-pairings, prepared
// lines, identities, and the EIP-2537 pairing-check vectors (valid and malformed).
#include "plx/zkp/bls12_381/pairing.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

Fr random_scalar(std::mt19937_64& rng) {
  std::array<std::uint8_t, 64> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return Fr::from_bytes_wide(b);
}

G1Affine g1_mul(const Fr& k) { return G1::generator().mul_vartime(k).to_affine(); }
G2Affine g2_mul(const Fr& k) { return G2::generator().mul_vartime(k).to_affine(); }

Fp12 pow_fr(const Fp12& f, const Fr& k) {
  const auto b = k.to_bytes();
  return f.pow_vartime(b);
}

TEST(Pairing, GeneratorPairingMatchesKnownValue) {
  const Json v = read_json_vector("bls12_381/pairing/e_g1_g2.json");
  ASSERT_TRUE(v.contains("e_G1_G2"));
  const Fp12 e = pairing(G1Affine::generator(), G2Affine::generator());
  const auto bytes = e.to_bytes();
  const char* keys[12] = {"c0.c0.c0", "c0.c0.c1", "c0.c1.c0", "c0.c1.c1", "c0.c2.c0", "c0.c2.c1",
                          "c1.c0.c0", "c1.c0.c1", "c1.c1.c0", "c1.c1.c1", "c1.c2.c0", "c1.c2.c1"};
  for (std::size_t i = 0; i < 12; ++i) {
    const Bytes expect = unhex(v["e_G1_G2"][keys[i]].get<std::string>());
    const Bytes got(bytes.begin() + static_cast<std::ptrdiff_t>(48 * i),
                    bytes.begin() + static_cast<std::ptrdiff_t>(48 * (i + 1)));
    EXPECT_EQ(got, expect) << "coefficient " << keys[i];
  }
  // The generators in the vector file are the ones we use.
  const auto g1c = G1Affine::generator().to_compressed();
  EXPECT_EQ(Bytes(g1c.begin(), g1c.end()), unhex(v["G1_compressed"].get<std::string>()));
  const auto g2c = G2Affine::generator().to_compressed();
  EXPECT_EQ(Bytes(g2c.begin(), g2c.end()), unhex(v["G2_compressed"].get<std::string>()));
}

TEST(Pairing, SmallMultiplesGiveSixthPower) {
  const Fp12 e = pairing(G1Affine::generator(), G2Affine::generator());
  const Fp12 e23 = pairing(g1_mul(Fr::from_u64(2)), g2_mul(Fr::from_u64(3)));
  const std::uint8_t six[] = {6};
  EXPECT_EQ(e23, e.pow_vartime(six));
  EXPECT_FALSE(e.is_one());
  // e has order r: e^r = 1.
  const Bytes r = unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  EXPECT_TRUE(e.pow_vartime(r).is_one());
}

TEST(Pairing, BilinearInRandomScalars) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const Fp12 e = pairing(G1Affine::generator(), G2Affine::generator());
  for (int i = 0; i < 3; ++i) {
    const Fr a = random_scalar(rng), b = random_scalar(rng);
    const G1Affine pa = g1_mul(a);
    const G2Affine qb = g2_mul(b);
    EXPECT_EQ(pairing(pa, qb), pow_fr(e, a * b));
    EXPECT_EQ(pairing(pa, G2Affine::generator()), pairing(G1Affine::generator(), g2_mul(a)));
  }
}

TEST(Pairing, InversePairCancels) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const G1Affine p = g1_mul(random_scalar(rng));
  const G2Affine q = g2_mul(random_scalar(rng));
  const G1Affine neg_p = (-G1(p)).to_affine();
  const G1Affine ps[] = {p, neg_p};
  const G2Affine qs[] = {q, q};
  EXPECT_TRUE(pairing_product_is_one(ps, qs));
  EXPECT_EQ(pairing(p, q) * pairing(neg_p, q), Fp12::one());
  // Not one when the second point differs.
  const G2Affine qs2[] = {q, G2Affine::generator()};
  EXPECT_FALSE(pairing_product_is_one(ps, qs2));
}

TEST(Pairing, PreparedMatchesUnprepared) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  const G1Affine p1 = g1_mul(random_scalar(rng)), p2 = g1_mul(random_scalar(rng));
  const G2Affine q1 = g2_mul(random_scalar(rng)), q2 = g2_mul(random_scalar(rng));
  const G2Prepared pq1(q1), pq2(q2);
  EXPECT_FALSE(pq1.is_identity());
  EXPECT_EQ(pq1.lines().size(), 68u);
  const G1Affine ps[] = {p1, p2};
  const G2Affine qs[] = {q1, q2};
  const G2Prepared* pqs[] = {&pq1, &pq2};
  EXPECT_EQ(miller_loop(ps, qs), miller_loop(ps, pqs));
  EXPECT_EQ(final_exponentiation(miller_loop(ps, pqs)), pairing(p1, q1) * pairing(p2, q2));
  // A prepared product check: e(a·G1, G2) · e(-G1, a·G2) = 1.
  const Fr a = random_scalar(rng);
  const G2Prepared gen(G2Affine::generator()), agen(g2_mul(a));
  const G1Affine ps2[] = {g1_mul(a), (-G1::generator()).to_affine()};
  const G2Prepared* qs2[] = {&gen, &agen};
  EXPECT_TRUE(pairing_product_is_one(ps2, qs2));
  const G2Prepared* qs3[] = {&agen, &gen};
  EXPECT_FALSE(pairing_product_is_one(ps2, qs3));
}

TEST(Pairing, IdentityContributesOne) {
  const G1Affine g1 = G1Affine::generator();
  const G2Affine g2 = G2Affine::generator();
  EXPECT_TRUE(pairing(G1Affine::identity(), g2).is_one());
  EXPECT_TRUE(pairing(g1, G2Affine::identity()).is_one());
  EXPECT_TRUE(pairing(G1Affine::identity(), G2Affine::identity()).is_one());
  const G2Prepared pid(G2Affine::identity());
  EXPECT_TRUE(pid.is_identity());
  EXPECT_TRUE(pid.lines().empty());
  const G1Affine ps[] = {g1, G1Affine::identity()};
  const G2Affine qs[] = {G2Affine::identity(), g2};
  EXPECT_TRUE(pairing_product_is_one(ps, qs));
  const G2Prepared* pqs[] = {&pid, &pid};
  EXPECT_TRUE(pairing_product_is_one(ps, pqs));
  EXPECT_TRUE(pairing_product_is_one(std::span<const G1Affine>(), std::span<const G2Affine>()));
  // An identity pair next to a real pair leaves the real pair's value.
  const G1Affine ps2[] = {g1, G1Affine::identity()};
  const G2Affine qs2[] = {g2, g2};
  EXPECT_EQ(final_exponentiation(miller_loop(ps2, qs2)), pairing(g1, g2));
}

// EIP-2537 encoding: 64-byte big-endian coordinates whose top 16 bytes must be zero.
Result<Fp> eip_fp(ByteSpan b64) {
  for (std::size_t i = 0; i < 16; ++i) {
    if (b64[i] != 0) return Error(ErrorCode::kInvalidArgument, "non-zero padding", "fp");
  }
  return Fp::from_bytes(b64.subspan(16, 48));
}

bool all_zero(ByteSpan b) {
  for (auto c : b) {
    if (c != 0) return false;
  }
  return true;
}

Result<G1Affine> eip_g1(ByteSpan b) {
  if (all_zero(b)) return G1Affine::identity();
  PLX_TRY(const Fp x, eip_fp(b.subspan(0, 64)));
  PLX_TRY(const Fp y, eip_fp(b.subspan(64, 64)));
  PLX_TRY(const G1Affine pt, G1Affine::from_coordinates(x, y));
  if (!pt.is_in_subgroup_vartime()) return Error(ErrorCode::kInvalidArgument, "not in G1", "g1");
  return pt;
}

Result<G2Affine> eip_g2(ByteSpan b) {
  if (all_zero(b)) return G2Affine::identity();
  PLX_TRY(const Fp x0, eip_fp(b.subspan(0, 64)));
  PLX_TRY(const Fp x1, eip_fp(b.subspan(64, 64)));
  PLX_TRY(const Fp y0, eip_fp(b.subspan(128, 64)));
  PLX_TRY(const Fp y1, eip_fp(b.subspan(192, 64)));
  PLX_TRY(const G2Affine pt, G2Affine::from_coordinates(Fp2{x0, x1}, Fp2{y0, y1}));
  if (!pt.is_in_subgroup_vartime()) return Error(ErrorCode::kInvalidArgument, "not in G2", "g2");
  return pt;
}

// Decodes the EIP-2537 pairing input: k pairs of (G1 128 bytes, G2 256 bytes), k >= 1.
Result<bool> eip_pairing_check(ByteSpan in) {
  if (in.empty() || in.size() % 384 != 0) {
    return Error(ErrorCode::kInvalidArgument, "invalid input length", "input");
  }
  std::vector<G1Affine> ps;
  std::vector<G2Affine> qs;
  for (std::size_t off = 0; off < in.size(); off += 384) {
    PLX_TRY(const G1Affine p, eip_g1(in.subspan(off, 128)));
    PLX_TRY(const G2Affine q, eip_g2(in.subspan(off + 128, 256)));
    ps.push_back(p);
    qs.push_back(q);
  }
  const bool unprepared = pairing_product_is_one(ps, qs);
  // The same check through prepared lines must agree.
  std::vector<G2Prepared> prepared;
  prepared.reserve(qs.size());
  for (const auto& q : qs) prepared.emplace_back(q);
  std::vector<const G2Prepared*> ptrs;
  for (const auto& pq : prepared) ptrs.push_back(&pq);
  const bool with_lines = pairing_product_is_one(ps, ptrs);
  if (unprepared != with_lines) return Error(ErrorCode::kInternal, "prepared != unprepared");
  return unprepared;
}

TEST(Pairing, Eip2537PairingCheckVectors) {
  const Json cases = read_json_vector("bls12_381/eip2537/pairing_check_bls.json");
  ASSERT_TRUE(cases.is_array());
  ASSERT_FALSE(cases.empty());
  int n = 0;
  for (const auto& c : cases) {
    const std::string name = c["Name"].get<std::string>();
    const Bytes in = unhex(c["Input"].get<std::string>());
    const Bytes expected = unhex(c["Expected"].get<std::string>());
    ASSERT_EQ(expected.size(), 32u) << name;
    auto r = eip_pairing_check(in);
    ASSERT_TRUE(r.has_value()) << name << ": " << r.error().to_string();
    EXPECT_EQ(*r, expected.back() == 1) << name;
    ++n;
  }
  EXPECT_GT(n, 5);
}

TEST(Pairing, Eip2537FailPairingVectorsAreRejected) {
  const Json cases = read_json_vector("bls12_381/eip2537/fail-pairing_check_bls.json");
  ASSERT_TRUE(cases.is_array());
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    const std::string name = c["Name"].get<std::string>();
    const Bytes in = unhex(c["Input"].get<std::string>());
    auto r = eip_pairing_check(in);
    EXPECT_FALSE(r.has_value()) << name << " (" << c["ExpectedError"].get<std::string>()
                                << ") was accepted";
    if (!r.has_value()) {
      EXPECT_NE(r.error().code, ErrorCode::kInternal) << name;
    }
  }
}

}  // namespace
}  // namespace plx::zkp::bls12_381
