// Tamper loops (Tink style): flip every bit of a signature and of a proof, truncate them at every
// length and extend them; nothing verifies and nothing crashes. Plus points outside the subgroup
// and the identity where the draft forbids them.
#include <iostream>

#include "bbs_test_util.hpp"
#include "plx/zkp/bls12_381/g1.hpp"

namespace plx::zkp::bbs::testing {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

// The compressed encoding of a point on E(Fp) that is not in G1.
std::optional<std::array<std::uint8_t, 48>> point_outside_g1() {
  using bls12_381::Fp;
  for (std::uint64_t t = 1; t < 100; ++t) {
    const Fp x = Fp::from_u64(t);
    Fp y;
    if (!(x.square() * x + Fp::from_u64(4)).sqrt(&y).declassify()) continue;
    auto p = bls12_381::G1Affine::from_coordinates(x, y);
    if (p.has_value() && !p->is_in_subgroup_vartime()) return p->to_compressed();
  }
  return std::nullopt;
}

class BbsTamper : public ::testing::TestWithParam<SuiteInfo> {
 protected:
  void SetUp() override {
    auto k = KeyPair::from_key_material(GetParam().cs, Bytes(32, 0x5a));
    ASSERT_THAT(k, IsOk());
    kp_.emplace(*std::move(k));
    msgs_ = {to_bytes("first"), to_bytes("second"), to_bytes("")};
    auto sig = sign(GetParam().cs, *kp_, header_, msgs_);
    ASSERT_THAT(sig, IsOk());
    sig_ = *sig;
  }
  Ciphersuite cs() const { return GetParam().cs; }
  bool sig_verifies(ByteSpan s) const {
    return verify(cs(), kp_->public_key(), s, header_, msgs_).has_value();
  }

  std::optional<KeyPair> kp_;
  Bytes header_ = to_bytes("header");
  std::vector<Bytes> msgs_;
  Bytes sig_;
};

TEST_P(BbsTamper, Signature) {
  ASSERT_TRUE(sig_verifies(sig_));
  int flips = 0, truncations = 0, extensions = 0, verified = 0;
  for (std::size_t bit = 0; bit < sig_.size() * 8; ++bit) {
    Bytes t = sig_;
    t[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    const bool v = sig_verifies(t);
    EXPECT_FALSE(v) << "bit " << bit;
    verified += v;
    ++flips;
  }
  for (std::size_t n = 0; n < sig_.size(); ++n) {
    auto st = verify(cs(), kp_->public_key(), ByteSpan(sig_).first(n), header_, msgs_);
    EXPECT_THAT(st, HasError(ErrorCode::kMalformed)) << "length " << n;
    ++truncations;
  }
  for (std::size_t extra = 1; extra <= 32; ++extra) {
    Bytes t = sig_;
    t.resize(sig_.size() + extra, 0);
    EXPECT_THAT(verify(cs(), kp_->public_key(), t, header_, msgs_), HasError(ErrorCode::kMalformed));
    ++extensions;
  }
  EXPECT_EQ(flips, 640);
  std::cout << "[ BBS " << ciphersuite_name(cs()) << " ] signature tamper loop: " << flips
            << " bit flips, " << truncations << " truncations, " << extensions
            << " extensions; " << verified << " verified\n";
}

TEST_P(BbsTamper, SignatureScalarAndPointRanges) {
  // e = 0 and e = r are refused as encodings (octets_to_signature step 4).
  Bytes t = sig_;
  std::fill(t.begin() + 48, t.end(), 0);
  EXPECT_THAT(verify(cs(), kp_->public_key(), t, header_, msgs_), HasError(ErrorCode::kMalformed));
  const Bytes r = unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  std::copy(r.begin(), r.end(), t.begin() + 48);
  EXPECT_THAT(verify(cs(), kp_->public_key(), t, header_, msgs_), HasError(ErrorCode::kMalformed));
  // A = identity.
  t = sig_;
  std::fill(t.begin(), t.begin() + 48, 0);
  t[0] = 0xc0;
  auto id = verify(cs(), kp_->public_key(), t, header_, msgs_);
  ASSERT_THAT(id, HasError(ErrorCode::kMalformed));
  EXPECT_NE(id.error().message.find("identity"), std::string::npos);
  // A on the curve, outside G1.
  auto off = point_outside_g1();
  ASSERT_TRUE(off.has_value());
  t = sig_;
  std::copy(off->begin(), off->end(), t.begin());
  EXPECT_THAT(verify(cs(), kp_->public_key(), t, header_, msgs_), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(prove(cs(), kp_->public_key(), t, header_, {}, msgs_, std::vector<std::size_t>{}),
              HasError(ErrorCode::kMalformed));
}

TEST_P(BbsTamper, Proof) {
  const std::vector<std::size_t> idx = {0, 2};
  const std::vector<Bytes> disclosed = {msgs_[0], msgs_[2]};
  const Bytes ph = to_bytes("nonce");
  auto proof = prove(cs(), kp_->public_key(), sig_, header_, ph, msgs_, idx);
  ASSERT_THAT(proof, IsOk());
  ASSERT_EQ(proof->size(), proof_size(1));
  auto verifies = [&](ByteSpan p) {
    return verify_proof(cs(), kp_->public_key(), p, header_, ph, disclosed, idx).has_value();
  };
  ASSERT_TRUE(verifies(*proof));
  int flips = 0, truncations = 0, extensions = 0, verified = 0;
  for (std::size_t bit = 0; bit < proof->size() * 8; ++bit) {
    Bytes t = *proof;
    t[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    const bool v = verifies(t);
    EXPECT_FALSE(v) << "bit " << bit;
    verified += v;
    ++flips;
  }
  for (std::size_t n = 0; n < proof->size(); ++n) {
    EXPECT_FALSE(verifies(ByteSpan(*proof).first(n))) << "length " << n;
    ++truncations;
  }
  for (std::size_t extra = 1; extra <= 64; ++extra) {
    Bytes t = *proof;
    t.resize(proof->size() + extra, static_cast<std::uint8_t>(extra));
    EXPECT_FALSE(verifies(t)) << "extended by " << extra;
    ++extensions;
  }
  EXPECT_EQ(flips, 304 * 8);
  std::cout << "[ BBS " << ciphersuite_name(cs()) << " ] proof tamper loop (" << proof->size()
            << " bytes): " << flips << " bit flips, " << truncations << " truncations, "
            << extensions << " extensions; " << verified << " verified\n";
}

TEST_P(BbsTamper, ProofPointsAndScalars) {
  const std::vector<std::size_t> idx = {1};
  const std::vector<Bytes> disclosed = {msgs_[1]};
  auto proof = prove(cs(), kp_->public_key(), sig_, header_, {}, msgs_, idx);
  ASSERT_THAT(proof, IsOk());
  auto off = point_outside_g1();
  ASSERT_TRUE(off.has_value());
  Bytes identity(48, 0);
  identity[0] = 0xc0;
  for (std::size_t at : {0u, 48u, 96u}) {  // Abar, Bbar, D
    for (ByteSpan bad : {ByteSpan(*off), ByteSpan(identity)}) {
      Bytes t = *proof;
      std::copy(bad.begin(), bad.end(), t.begin() + static_cast<std::ptrdiff_t>(at));
      EXPECT_THAT(verify_proof(cs(), kp_->public_key(), t, header_, {}, disclosed, idx),
                  HasError(ErrorCode::kMalformed))
          << "point at " << at;
    }
  }
  // Every scalar (e^, r1^, r3^, m^_1, m^_2, challenge) as 0 and as r.
  const Bytes r = unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  for (std::size_t at = 144; at < proof->size(); at += 32) {
    Bytes t = *proof;
    std::fill(t.begin() + static_cast<std::ptrdiff_t>(at),
              t.begin() + static_cast<std::ptrdiff_t>(at + 32), 0);
    EXPECT_THAT(verify_proof(cs(), kp_->public_key(), t, header_, {}, disclosed, idx),
                HasError(ErrorCode::kMalformed))
        << "zero scalar at " << at;
    std::copy(r.begin(), r.end(), t.begin() + static_cast<std::ptrdiff_t>(at));
    EXPECT_THAT(verify_proof(cs(), kp_->public_key(), t, header_, {}, disclosed, idx),
                HasError(ErrorCode::kMalformed))
        << "scalar r at " << at;
  }
}

INSTANTIATE_TEST_SUITE_P(Bbs, BbsTamper, ::testing::ValuesIn(suites()),
                         [](const auto& pi) { return pi.param.name; });

}  // namespace
}  // namespace plx::zkp::bbs::testing
