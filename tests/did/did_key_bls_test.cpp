// did:key for BBS public keys (multicodec bls12_381-g2-pub, 0xeb, "did:key:zUC7..."): creation
// from a zkp::bbs::PublicKey, resolution to a Multikey method, and the point checks resolution
// makes on every BLS12-381 did:key (on the curve, in the subgroup, not the identity).
#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/did/methods/key.hpp"
#include "plx/zkp/bbs.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"
#include "test_support.hpp"

namespace plx::did {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
namespace bbs = ::plx::zkp::bbs;
namespace bls = ::plx::zkp::bls12_381;

std::string did_key_of(Multicodec code, ByteSpan raw) {
  return "did:key:" + multibase_encode(Multibase::kBase58Btc, multicodec_wrap(code, raw));
}

TEST(DidKeyBls, CreateAndResolveBbsKey) {
  auto kp = bbs::KeyPair::generate(bbs::Ciphersuite::kBls12381Sha256);
  ASSERT_THAT(kp, IsOk());
  const Did did = key::create(kp->public_key());
  EXPECT_TRUE(did.to_string().starts_with("did:key:zUC7")) << did.to_string();
  EXPECT_EQ(did.to_string(), did_key_of(Multicodec::kBls12381G2Pub, kp->public_key().bytes()));

  auto doc = key::resolve_document(did);
  ASSERT_THAT(doc, IsOk());
  ASSERT_EQ(doc->verification_method.size(), 1u);
  const auto& m = doc->verification_method[0];
  EXPECT_EQ(m.type, "Multikey");
  EXPECT_EQ(m.public_key_multibase, std::string(did.method_specific_id()));
  EXPECT_EQ(m.id, did.to_string() + "#" + std::string(did.method_specific_id()));
  EXPECT_EQ(doc->relationship(Relationship::kAssertionMethod).size(), 1u);

  auto pk = key::bbs_public_key(did);
  ASSERT_THAT(pk, IsOk());
  EXPECT_EQ(*pk, kp->public_key());
  // The key verifies what the key pair signs.
  const std::vector<Bytes> msgs = {to_bytes("claim")};
  auto sig = bbs::sign(bbs::Ciphersuite::kBls12381Sha256, *kp, {}, msgs);
  ASSERT_THAT(sig, IsOk());
  EXPECT_THAT(bbs::verify(bbs::Ciphersuite::kBls12381Sha256, *pk, *sig, {}, msgs), IsOk());
}

TEST(DidKeyBls, BbsPublicKeyOfOtherKeyTypesIsUnsupported) {
  auto ed_did = Did::parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
  ASSERT_THAT(ed_did, IsOk());
  EXPECT_THAT(key::bbs_public_key(*ed_did), HasError(ErrorCode::kUnsupported));
}

TEST(DidKeyBls, InvalidPointsAreInvalidDids) {
  Bytes g2_identity(96, 0);
  g2_identity[0] = 0xc0;
  Bytes g1_identity(48, 0);
  g1_identity[0] = 0xc0;
  Bytes g2_uncompressed_flag(96, 0);  // compression bit clear: not a compressed encoding
  g2_uncompressed_flag[95] = 1;
  Bytes g1_x_too_big(48, 0xff);       // x >= p
  g1_x_too_big[0] = 0x9f;

  // A G2 point on the twist but outside G2, and a G1 point outside G1.
  std::optional<Bytes> g2_off, g1_off;
  const bls::Fp2 b2{bls::Fp::from_u64(4), bls::Fp::from_u64(4)};
  for (std::uint64_t t = 1; t < 100 && !g2_off; ++t) {
    const bls::Fp2 x{bls::Fp::from_u64(t), bls::Fp::one()};
    bls::Fp2 y;
    if (!(x.square() * x + b2).sqrt(&y).declassify()) continue;
    auto p = bls::G2Affine::from_coordinates(x, y);
    if (p.has_value() && !p->is_in_subgroup_vartime()) {
      const auto c = p->to_compressed();
      g2_off = Bytes(c.begin(), c.end());
    }
  }
  for (std::uint64_t t = 1; t < 100 && !g1_off; ++t) {
    const bls::Fp x = bls::Fp::from_u64(t);
    bls::Fp y;
    if (!(x.square() * x + bls::Fp::from_u64(4)).sqrt(&y).declassify()) continue;
    auto p = bls::G1Affine::from_coordinates(x, y);
    if (p.has_value() && !p->is_in_subgroup_vartime()) {
      const auto c = p->to_compressed();
      g1_off = Bytes(c.begin(), c.end());
    }
  }
  ASSERT_TRUE(g2_off.has_value());
  ASSERT_TRUE(g1_off.has_value());

  const auto g1_gen = bls::G1Affine::generator().to_compressed();
  const auto g2_gen = bls::G2Affine::generator().to_compressed();
  Bytes pair_bad_g2(g1_gen.begin(), g1_gen.end());
  append(pair_bad_g2, *g2_off);
  Bytes pair_bad_g1(g1_off->begin(), g1_off->end());
  append(pair_bad_g1, g2_gen);
  Bytes pair_good(g1_gen.begin(), g1_gen.end());
  append(pair_good, g2_gen);

  struct Case {
    const char* name;
    std::string did;
    const char* part;
  };
  const Case cases[] = {
      {"G2Identity", did_key_of(Multicodec::kBls12381G2Pub, g2_identity), "identity"},
      {"G2NotCompressed", did_key_of(Multicodec::kBls12381G2Pub, g2_uncompressed_flag),
       "BLS12-381 G2"},
      {"G2OutsideSubgroup", did_key_of(Multicodec::kBls12381G2Pub, *g2_off), "BLS12-381 G2"},
      {"G1Identity", did_key_of(Multicodec::kBls12381G1Pub, g1_identity), "identity"},
      {"G1CoordinateTooBig", did_key_of(Multicodec::kBls12381G1Pub, g1_x_too_big),
       "BLS12-381 G1"},
      {"G1OutsideSubgroup", did_key_of(Multicodec::kBls12381G1Pub, *g1_off), "BLS12-381 G1"},
      {"PairBadG2", did_key_of(Multicodec::kBls12381G1G2Pub, pair_bad_g2), "G2 half"},
      {"PairBadG1", did_key_of(Multicodec::kBls12381G1G2Pub, pair_bad_g1), "G1 half"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto did = Did::parse(c.did);
    ASSERT_THAT(did, IsOk());
    auto doc = key::resolve_document(*did);
    ASSERT_THAT(doc, HasError(ErrorCode::kMalformed));
    EXPECT_THAT(doc.error().message, ::testing::HasSubstr(c.part));
    auto res = DidKeyResolver().resolve(c.did);
    ASSERT_THAT(res, IsOk());
    EXPECT_EQ(res->did_resolution_metadata.error, resolution_error::kInvalidDid);
  }
  // The generators themselves are valid keys (G1, G2 and the pair).
  for (const std::string& good : {did_key_of(Multicodec::kBls12381G1Pub, g1_gen),
                                  did_key_of(Multicodec::kBls12381G2Pub, g2_gen),
                                  did_key_of(Multicodec::kBls12381G1G2Pub, pair_good)}) {
    EXPECT_THAT(key::resolve_document(Did::parse(good).value()), IsOk()) << good;
  }
}

}  // namespace
}  // namespace plx::did
