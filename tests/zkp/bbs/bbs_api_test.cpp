// The public BBS API (plx/zkp/bbs.hpp): round trips with random keys, headers and presentation
// headers, disclosed subsets (none, all, random), and every rejection with its error code.
#include <algorithm>
#include <random>
#include <thread>

#include "bbs_test_util.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"

namespace plx::zkp::bbs::testing {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

// The compressed encoding of a point on E'(Fp2) that is not in G2.
std::optional<std::array<std::uint8_t, 96>> point_outside_g2() {
  using bls12_381::Fp;
  using bls12_381::Fp2;
  const Fp2 b{Fp::from_u64(4), Fp::from_u64(4)};
  for (std::uint64_t t = 1; t < 100; ++t) {
    const Fp2 x{Fp::from_u64(t), Fp::one()};
    Fp2 y;
    if (!(x.square() * x + b).sqrt(&y).declassify()) continue;
    auto p = bls12_381::G2Affine::from_coordinates(x, y);
    if (p.has_value() && !p->is_in_subgroup_vartime()) return p->to_compressed();
  }
  return std::nullopt;
}

class BbsApi : public ::testing::TestWithParam<SuiteInfo> {
 protected:
  Ciphersuite cs() const { return GetParam().cs; }
  std::mt19937_64 rng{::plx::testing::test_seed()};

  Bytes random_bytes(std::size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    return b;
  }
  std::vector<Bytes> random_messages(std::size_t n) {
    std::vector<Bytes> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(random_bytes(rng() % 40));
    return out;
  }
};

TEST_P(BbsApi, CiphersuiteNames) {
  auto back = ciphersuite_from_name(ciphersuite_name(cs()));
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, cs());
  EXPECT_THAT(ciphersuite_from_name("BLS12-381-SHA-512"), HasError(ErrorCode::kUnsupported));
  EXPECT_TRUE(ciphersuite_id(cs()).starts_with("BBS_BLS12381G1_X"));
}

TEST_P(BbsApi, SignVerifyRoundTrips) {
  for (std::size_t L : {0u, 1u, 2u, 5u, 17u}) {
    auto kp = KeyPair::generate(cs());
    ASSERT_THAT(kp, IsOk());
    const auto msgs = random_messages(L);
    for (const Bytes& header : {Bytes{}, random_bytes(1), random_bytes(64)}) {
      auto sig = sign(cs(), *kp, header, msgs);
      ASSERT_THAT(sig, IsOk());
      ASSERT_EQ(sig->size(), kSignatureSize);
      EXPECT_THAT(verify(cs(), kp->public_key(), *sig, header, msgs), IsOk()) << "L=" << L;
      // Deterministic: the same inputs give the same signature.
      auto again = sign(cs(), *kp, header, msgs);
      ASSERT_THAT(again, IsOk());
      EXPECT_EQ(*again, *sig);

      // Another header, another key, another ciphersuite, fewer or more messages: rejected.
      Bytes other_header = header;
      other_header.push_back(0x01);
      EXPECT_THAT(verify(cs(), kp->public_key(), *sig, other_header, msgs),
                  HasError(ErrorCode::kVerificationFailed));
      auto other = KeyPair::generate(cs());
      ASSERT_THAT(other, IsOk());
      EXPECT_THAT(verify(cs(), other->public_key(), *sig, header, msgs),
                  HasError(ErrorCode::kVerificationFailed));
      const Ciphersuite cs2 = cs() == Ciphersuite::kBls12381Sha256 ? Ciphersuite::kBls12381Shake256
                                                                   : Ciphersuite::kBls12381Sha256;
      EXPECT_THAT(verify(cs2, kp->public_key(), *sig, header, msgs),
                  HasError(ErrorCode::kVerificationFailed));
      auto more = msgs;
      more.push_back(Bytes{});
      EXPECT_THAT(verify(cs(), kp->public_key(), *sig, header, more),
                  HasError(ErrorCode::kVerificationFailed));
      if (L > 0) {
        auto fewer = msgs;
        fewer.pop_back();
        EXPECT_THAT(verify(cs(), kp->public_key(), *sig, header, fewer),
                    HasError(ErrorCode::kVerificationFailed));
        auto changed = msgs;
        changed[rng() % L].push_back(0x00);
        EXPECT_THAT(verify(cs(), kp->public_key(), *sig, header, changed),
                    HasError(ErrorCode::kVerificationFailed));
      }
      if (L > 1) {
        auto swapped = msgs;
        swapped.front().push_back(0xaa);  // make sure the two differ before swapping
        auto sig2 = sign(cs(), *kp, header, swapped);
        ASSERT_THAT(sig2, IsOk());
        std::swap(swapped.front(), swapped.back());
        EXPECT_THAT(verify(cs(), kp->public_key(), *sig2, header, swapped),
                    HasError(ErrorCode::kVerificationFailed));
      }
    }
  }
}

TEST_P(BbsApi, ProveVerifyRoundTripsOverDisclosedSubsets) {
  auto kp = KeyPair::generate(cs());
  ASSERT_THAT(kp, IsOk());
  for (std::size_t L : {0u, 1u, 3u, 8u}) {
    const auto msgs = random_messages(L);
    const Bytes header = random_bytes(rng() % 20);
    auto sig = sign(cs(), *kp, header, msgs);
    ASSERT_THAT(sig, IsOk());
    std::vector<std::vector<std::size_t>> subsets = {{}};  // none
    std::vector<std::size_t> all(L);
    for (std::size_t i = 0; i < L; ++i) all[i] = i;
    subsets.push_back(all);
    for (int r = 0; r < 3; ++r) {
      std::vector<std::size_t> some;
      for (std::size_t i = 0; i < L; ++i) {
        if (rng() & 1) some.push_back(i);
      }
      subsets.push_back(some);
    }
    for (const auto& idx : subsets) {
      for (const Bytes& ph : {Bytes{}, random_bytes(32)}) {
        auto proof = prove(cs(), kp->public_key(), *sig, header, ph, msgs, idx);
        ASSERT_THAT(proof, IsOk());
        ASSERT_EQ(proof->size(), proof_size(L - idx.size()));
        std::vector<Bytes> disclosed;
        for (std::size_t i : idx) disclosed.push_back(msgs[i]);
        EXPECT_THAT(verify_proof(cs(), kp->public_key(), *proof, header, ph, disclosed, idx),
                    IsOk())
            << "L=" << L << " R=" << idx.size();
        // Proofs are randomised: two proofs of the same disclosure differ.
        auto proof2 = prove(cs(), kp->public_key(), *sig, header, ph, msgs, idx);
        ASSERT_THAT(proof2, IsOk());
        EXPECT_NE(*proof, *proof2);

        Bytes other_ph = ph;
        other_ph.push_back(0x42);
        EXPECT_THAT(verify_proof(cs(), kp->public_key(), *proof, header, other_ph, disclosed, idx),
                    HasError(ErrorCode::kVerificationFailed));
        Bytes other_header = header;
        other_header.push_back(0x42);
        EXPECT_THAT(verify_proof(cs(), kp->public_key(), *proof, other_header, ph, disclosed, idx),
                    HasError(ErrorCode::kVerificationFailed));
        if (!idx.empty()) {
          auto wrong = disclosed;
          wrong[rng() % wrong.size()].push_back(0x01);
          EXPECT_THAT(verify_proof(cs(), kp->public_key(), *proof, header, ph, wrong, idx),
                      HasError(ErrorCode::kVerificationFailed));
          // The same messages claimed at other positions.
          auto shifted = idx;
          bool moved = false;
          for (std::size_t k = shifted.size(); k-- > 0;) {
            const std::size_t limit = k + 1 < shifted.size() ? shifted[k + 1] : L;
            if (shifted[k] + 1 < limit) {
              ++shifted[k];
              moved = true;
              break;
            }
          }
          if (moved) {
            EXPECT_FALSE(
                verify_proof(cs(), kp->public_key(), *proof, header, ph, disclosed, shifted)
                    .has_value());
          }
        }
      }
    }
  }
}

TEST_P(BbsApi, ProofFromAnotherKeyOrSignatureFails) {
  auto kp = KeyPair::generate(cs());
  auto kp2 = KeyPair::generate(cs());
  ASSERT_THAT(kp, IsOk());
  ASSERT_THAT(kp2, IsOk());
  const auto msgs = random_messages(4);
  auto sig = sign(cs(), *kp, {}, msgs);
  ASSERT_THAT(sig, IsOk());
  const std::vector<std::size_t> idx = {1, 3};
  const std::vector<Bytes> disclosed = {msgs[1], msgs[3]};
  auto proof = prove(cs(), kp->public_key(), *sig, {}, {}, msgs, idx);
  ASSERT_THAT(proof, IsOk());
  EXPECT_THAT(verify_proof(cs(), kp2->public_key(), *proof, {}, {}, disclosed, idx),
              HasError(ErrorCode::kVerificationFailed));
  // A proof made over messages the signature does not cover does not verify.
  auto wrong_msgs = msgs;
  wrong_msgs[0].push_back(7);  // undisclosed message changed
  auto bad = prove(cs(), kp->public_key(), *sig, {}, {}, wrong_msgs, idx);
  ASSERT_THAT(bad, IsOk());
  EXPECT_THAT(verify_proof(cs(), kp->public_key(), *bad, {}, {}, disclosed, idx),
              HasError(ErrorCode::kVerificationFailed));
}

TEST_P(BbsApi, BadArgumentsAreClearErrors) {
  auto kp = KeyPair::generate(cs());
  ASSERT_THAT(kp, IsOk());
  const auto msgs = random_messages(4);
  auto sig = sign(cs(), *kp, {}, msgs);
  ASSERT_THAT(sig, IsOk());
  const auto& pk = kp->public_key();
  using V = std::vector<std::size_t>;
  EXPECT_THAT(prove(cs(), pk, *sig, {}, {}, msgs, V{4}), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(prove(cs(), pk, *sig, {}, {}, msgs, V{2, 1}), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(prove(cs(), pk, *sig, {}, {}, msgs, V{1, 1}), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(prove(cs(), pk, Bytes(79), {}, {}, msgs, V{}), HasError(ErrorCode::kMalformed));
  auto proof = prove(cs(), pk, *sig, {}, {}, msgs, V{0, 2});
  ASSERT_THAT(proof, IsOk());
  const std::vector<Bytes> disclosed = {msgs[0], msgs[2]};
  EXPECT_THAT(verify_proof(cs(), pk, *proof, {}, {}, std::vector<Bytes>{msgs[0]}, V{0, 2}),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(verify_proof(cs(), pk, *proof, {}, {}, std::vector<Bytes>{msgs[2], msgs[0]}, V{2, 0}),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(verify_proof(cs(), pk, *proof, {}, {}, disclosed, V{0, 4}),
              HasError(ErrorCode::kVerificationFailed));
  auto err = verify_proof(cs(), pk, *proof, {}, {}, disclosed, V{0, 4});
  ASSERT_FALSE(err.has_value());
  EXPECT_EQ(err.error().where, "disclosed_indexes");

  // Secret keys: wrong length, zero, r, and above r.
  EXPECT_THAT(KeyPair::from_secret_key(Bytes(31, 1)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(KeyPair::from_secret_key(Bytes(32, 0)), HasError(ErrorCode::kInvalidArgument));
  const Bytes r = unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  EXPECT_THAT(KeyPair::from_secret_key(r), HasError(ErrorCode::kInvalidArgument));
  Bytes r_minus_1 = r;
  r_minus_1.back() = 0;
  EXPECT_THAT(KeyPair::from_secret_key(r_minus_1), IsOk());
  EXPECT_THAT(KeyPair::from_secret_key(Bytes(32, 0xff)), HasError(ErrorCode::kInvalidArgument));
  Bytes one(32, 0);
  one.back() = 1;
  auto kp1 = KeyPair::from_secret_key(one);
  ASSERT_THAT(kp1, IsOk());
  EXPECT_EQ(hex(kp1->public_key().bytes()), hex(bls12_381::G2Affine::generator().to_compressed()));

  // KeyGen arguments.
  EXPECT_THAT(KeyPair::from_key_material(cs(), Bytes(31, 7)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(KeyPair::from_key_material(cs(), Bytes(32, 7), Bytes(65536, 0)),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(KeyPair::from_key_material(cs(), Bytes(32, 7), {}, ByteSpan()),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(KeyPair::from_key_material(cs(), Bytes(32, 7), Bytes(65535, 0)), IsOk());
}

TEST_P(BbsApi, PublicKeyDecodingChecksEverything) {
  auto kp = KeyPair::generate(cs());
  ASSERT_THAT(kp, IsOk());
  const auto good = kp->public_key().bytes();
  EXPECT_THAT(PublicKey::from_bytes(good), IsOk());
  EXPECT_THAT(PublicKey::from_bytes(ByteSpan(good).first(95)), HasError(ErrorCode::kMalformed));
  Bytes longer(good.begin(), good.end());
  longer.push_back(0);
  EXPECT_THAT(PublicKey::from_bytes(longer), HasError(ErrorCode::kMalformed));
  // The compressed identity (0xc0 followed by zeros) is a valid encoding but not a public key.
  Bytes identity(96, 0);
  identity[0] = 0xc0;
  auto id = PublicKey::from_bytes(identity);
  ASSERT_THAT(id, HasError(ErrorCode::kMalformed));
  EXPECT_NE(id.error().message.find("identity"), std::string::npos) << id.error().message;
  // Uncompressed flag cleared, and an x that is not on the curve.
  Bytes no_flag(good.begin(), good.end());
  no_flag[0] &= 0x7f;
  EXPECT_THAT(PublicKey::from_bytes(no_flag), HasError(ErrorCode::kMalformed));
  // A point on E2 outside G2 (almost every curve point is outside: the cofactor is huge).
  const auto off = point_outside_g2();
  ASSERT_TRUE(off.has_value());
  EXPECT_THAT(PublicKey::from_bytes(*off), HasError(ErrorCode::kMalformed));
}

// The generator cache is shared by threads signing with different message counts.
TEST_P(BbsApi, ConcurrentUseOfTheGeneratorCache) {
  auto kp = KeyPair::generate(cs());
  ASSERT_THAT(kp, IsOk());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t L = 1 + static_cast<std::size_t>(t); L < 60; L += 13) {
        std::vector<Bytes> msgs(L, Bytes{static_cast<std::uint8_t>(L)});
        auto sig = sign(cs(), *kp, {}, msgs);
        if (!sig.has_value() || !verify(cs(), kp->public_key(), *sig, {}, msgs).has_value()) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Bbs, BbsApi, ::testing::ValuesIn(suites()),
                         [](const auto& pi) { return pi.param.name; });

}  // namespace
}  // namespace plx::zkp::bbs::testing
