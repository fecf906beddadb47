// Known answers for hash_to_g1 over expand_message_xof / SHAKE-256, for which RFC 9380 has no
// vectors: the BBS draft's generators (../shared/vectors/bbs/*/generators.json) are
// hash_to_curve_g1 outputs of its create_generators procedure (draft-irtf-cfrg-bbs-signatures
// §4.1.1), so recomputing them here checks the whole SHAKE-256 hash-to-G1 path byte for byte
// (and the XMD one a second time). The procedure is restated from the draft; the BBS module owns
// the real one.
#include <string>

#include "plx/core/encoding.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using ::plx::testing::read_json_vector;

// create_generators(count, api_id): expand_len = 48; the seed chain v_i = expand_message(
// v_(i-1) || I2OSP(i, 8), seed_dst, 48) and generator_i = hash_to_curve_g1(v_i, generator_dst).
// P1 (the draft's ciphersuite constant) is the first output of the same procedure with the
// generator seed api_id || "BP_MESSAGE_GENERATOR_SEED".
std::vector<std::string> create_generators(
    ExpandMessage kind, std::size_t count, const std::string& api_id,
    const std::string& seed_name = "MESSAGE_GENERATOR_SEED") {
  const Bytes seed_dst = to_bytes(api_id + "SIG_GENERATOR_SEED_");
  const Bytes generator_dst = to_bytes(api_id + "SIG_GENERATOR_DST_");
  const Bytes generator_seed = to_bytes(api_id + seed_name);
  Bytes v = expand_message(kind, generator_seed, seed_dst, 48).value();
  std::vector<std::string> out;
  for (std::size_t i = 1; i <= count; ++i) {
    Bytes input = v;
    for (int b = 7; b >= 0; --b) input.push_back(static_cast<std::uint8_t>(i >> (8 * b)));
    v = expand_message(kind, input, seed_dst, 48).value();
    const G1 g = hash_to_g1(v, generator_dst, kind).value();
    out.push_back(hex_encode(g.to_affine().to_compressed()));
  }
  return out;
}

struct Suite {
  const char* dir;
  const char* ciphersuite_id;
  ExpandMessage kind;
};

class BbsGenerators : public ::testing::TestWithParam<Suite> {};

TEST_P(BbsGenerators, RecomputedFromHashToG1) {
  const Suite& s = GetParam();
  const Json doc = read_json_vector(std::string("bbs/") + s.dir + "/generators.json");
  ASSERT_TRUE(doc.is_object());
  const Json& msg_gens = doc["MsgGenerators"];
  ASSERT_TRUE(msg_gens.is_array());

  // Q1 and H_1..H_n: create_generators(n + 1, ciphersuite_id || "H2G_HM2S_").
  const std::string api_id = std::string(s.ciphersuite_id) + "H2G_HM2S_";
  const auto gens = create_generators(s.kind, msg_gens.size() + 1, api_id);
  int passed = 0;
  EXPECT_EQ(gens[0], doc["Q1"].get<std::string>()) << "Q1";
  passed += gens[0] == doc["Q1"].get<std::string>() ? 1 : 0;
  for (std::size_t i = 0; i < msg_gens.size(); ++i) {
    EXPECT_EQ(gens[i + 1], msg_gens[i].get<std::string>()) << "H_" << (i + 1);
    passed += gens[i + 1] == msg_gens[i].get<std::string>() ? 1 : 0;
  }
  const auto p1 = create_generators(s.kind, 1, api_id, "BP_MESSAGE_GENERATOR_SEED");
  EXPECT_EQ(p1[0], doc["P1"].get<std::string>()) << "P1";
  passed += p1[0] == doc["P1"].get<std::string>() ? 1 : 0;

  EXPECT_EQ(passed, static_cast<int>(msg_gens.size()) + 2);
  std::printf("bbs/%s/generators.json: %d/%zu points\n", s.dir, passed, msg_gens.size() + 2);
}

INSTANTIATE_TEST_SUITE_P(
    Draft, BbsGenerators,
    ::testing::Values(Suite{"bls12-381-sha-256", "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_",
                            ExpandMessage::kXmdSha256},
                      Suite{"bls12-381-shake-256", "BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_",
                            ExpandMessage::kXofShake256}),
    [](const auto& param_info) {
      return std::string(param_info.param.kind == ExpandMessage::kXmdSha256 ? "Sha256"
                                                                            : "Shake256");
    });

}  // namespace
}  // namespace plx::zkp::bls12_381
