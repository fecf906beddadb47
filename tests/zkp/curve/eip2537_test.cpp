// EIP-2537 precompile vectors for G1/G2 addition and multiplication (and the malformed inputs of
// add, mul and msm). The EIP's encoding is not one of our formats, so the decoder below lives in
// the test: each Fp is 64 bytes whose first 16 must be zero, a point is x then y (G2: x.c0, x.c1,
// y.c0, y.c1), the identity is all zeros, scalars are 32 bytes big-endian and may exceed r.
// Addition takes any curve point; multiplication and MSM require the subgroup (final EIP).
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "curve_test_util.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using plx::testing::unhex;

Result<Fp> eip_fp(ByteSpan b) {
  for (std::size_t i = 0; i < 16; ++i) {
    if (b[i] != 0) return Error(ErrorCode::kInvalidArgument, "invalid field element top bytes");
  }
  auto f = Fp::from_bytes(b.subspan(16, 48));
  if (!f.has_value()) return Error(ErrorCode::kInvalidArgument, "invalid fp.Element encoding");
  return *f;
}

bool all_zero(ByteSpan b) {
  for (auto x : b)
    if (x != 0) return false;
  return true;
}

Result<G1Affine> eip_g1(ByteSpan b, bool subgroup) {
  PLX_TRY(const Fp x, eip_fp(b.subspan(0, 64)));
  PLX_TRY(const Fp y, eip_fp(b.subspan(64, 64)));
  if (all_zero(b)) return G1Affine::identity();
  PLX_TRY(const G1Affine p, G1Affine::from_coordinates(x, y));
  if (subgroup && !p.is_in_subgroup_vartime()) {
    return Error(ErrorCode::kInvalidArgument, "g1 point is not in the correct subgroup");
  }
  return p;
}

Result<G2Affine> eip_g2(ByteSpan b, bool subgroup) {
  PLX_TRY(const Fp x0, eip_fp(b.subspan(0, 64)));
  PLX_TRY(const Fp x1, eip_fp(b.subspan(64, 64)));
  PLX_TRY(const Fp y0, eip_fp(b.subspan(128, 64)));
  PLX_TRY(const Fp y1, eip_fp(b.subspan(192, 64)));
  if (all_zero(b)) return G2Affine::identity();
  PLX_TRY(const G2Affine p, G2Affine::from_coordinates(Fp2{x0, x1}, Fp2{y0, y1}));
  if (subgroup && !p.is_in_subgroup_vartime()) {
    return Error(ErrorCode::kInvalidArgument, "g2 point is not in the correct subgroup");
  }
  return p;
}

Bytes enc_fp(const Fp& f) {
  Bytes out(16, 0);
  const auto b = f.to_bytes();
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Bytes enc_g1(const G1& p) {
  const G1Affine a = p.to_affine();
  if (a.infinity) return Bytes(128, 0);
  Bytes out = enc_fp(a.x);
  append(out, enc_fp(a.y));
  return out;
}

Bytes enc_g2(const G2& p) {
  const G2Affine a = p.to_affine();
  if (a.infinity) return Bytes(256, 0);
  Bytes out = enc_fp(a.x.c0);
  append(out, enc_fp(a.x.c1));
  append(out, enc_fp(a.y.c0));
  append(out, enc_fp(a.y.c1));
  return out;
}

// The precompiles as functions of the input bytes (lengths checked as the EIP does).
Result<Bytes> g1_add(ByteSpan in) {
  if (in.size() != 256) return Error(ErrorCode::kInvalidArgument, "invalid input length");
  PLX_TRY(const G1Affine a, eip_g1(in.subspan(0, 128), false));
  PLX_TRY(const G1Affine b, eip_g1(in.subspan(128, 128), false));
  const G1 sum = G1(a) + G1(b);
  // The mixed and the vartime-by-bytes paths must agree on points outside the subgroup too.
  EXPECT_EQ(G1(a) + b, sum);
  return enc_g1(sum);
}

Result<Bytes> g2_add(ByteSpan in) {
  if (in.size() != 512) return Error(ErrorCode::kInvalidArgument, "invalid input length");
  PLX_TRY(const G2Affine a, eip_g2(in.subspan(0, 256), false));
  PLX_TRY(const G2Affine b, eip_g2(in.subspan(256, 256), false));
  const G2 sum = G2(a) + G2(b);
  EXPECT_EQ(G2(a) + b, sum);
  return enc_g2(sum);
}

// One (point, scalar) pair or several (the MSM precompile): k = 1 for mul.
Result<Bytes> g1_msm(ByteSpan in) {
  if (in.empty() || in.size() % 160 != 0) {
    return Error(ErrorCode::kInvalidArgument, "invalid input length");
  }
  G1 acc;
  for (std::size_t off = 0; off < in.size(); off += 160) {
    PLX_TRY(const G1Affine p, eip_g1(in.subspan(off, 128), true));
    const ByteSpan k = in.subspan(off + 128, 32);
    const G1 t = G1(p).mul_bytes_vartime(k);
    // Scalars above r ("unnormalized") reduce mod r on a subgroup point.
    const Fr kr = Fr::from_bytes_wide(k);
    EXPECT_EQ(G1(p).mul(kr), t);
    EXPECT_EQ(G1(p).mul_vartime(kr), t);
    acc = acc + t;
  }
  return enc_g1(acc);
}

Result<Bytes> g2_msm(ByteSpan in) {
  if (in.empty() || in.size() % 288 != 0) {
    return Error(ErrorCode::kInvalidArgument, "invalid input length");
  }
  G2 acc;
  for (std::size_t off = 0; off < in.size(); off += 288) {
    PLX_TRY(const G2Affine p, eip_g2(in.subspan(off, 256), true));
    const ByteSpan k = in.subspan(off + 256, 32);
    const G2 t = G2(p).mul_bytes_vartime(k);
    const Fr kr = Fr::from_bytes_wide(k);
    EXPECT_EQ(G2(p).mul(kr), t);
    EXPECT_EQ(G2(p).mul_vartime(kr), t);
    acc = acc + t;
  }
  return enc_g2(acc);
}

struct Case {
  std::string file;
  std::string name;
  std::string input;
  std::string expected;  // hex output, or empty when an error is expected
  std::string error;
};

std::vector<Case> load(const std::vector<std::string>& files) {
  std::vector<Case> out;
  for (const auto& f : files) {
    const Json j = plx::testing::read_json_vector("bls12_381/eip2537/" + f + ".json");
    if (!j.is_array()) continue;
    for (const auto& e : j) {
      Case c{f, e.value("Name", ""), e.value("Input", ""), e.value("Expected", ""),
             e.value("ExpectedError", "")};
      out.push_back(std::move(c));
    }
  }
  return out;
}

// gtest would otherwise print the struct's raw bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.file << "/" << c.name; }

class Eip2537Test : public ::testing::TestWithParam<Case> {};

TEST_P(Eip2537Test, Vector) {
  const Case& c = GetParam();
  const Bytes in = unhex(c.input);
  Result<Bytes> out = Error(ErrorCode::kInternal, "no runner");
  if (c.file.find("add_G1") != std::string::npos) out = g1_add(in);
  if (c.file.find("add_G2") != std::string::npos) out = g2_add(in);
  if (c.file.find("mul_G1") != std::string::npos || c.file.find("msm_G1") != std::string::npos) {
    out = g1_msm(in);
  }
  if (c.file.find("mul_G2") != std::string::npos || c.file.find("msm_G2") != std::string::npos) {
    out = g2_msm(in);
  }
  if (c.error.empty()) {
    ASSERT_TRUE(out.has_value()) << out.error().to_string();
    EXPECT_EQ(hex_encode(*out), c.expected);
  } else {
    ASSERT_FALSE(out.has_value()) << "accepted; expected: " << c.error;
    // Our reasons use the same words for the checks the EIP names.
    const std::string& msg = out.error().message;
    if (c.error.find("not on curve") != std::string::npos) {
      EXPECT_NE(msg.find("not on the curve"), std::string::npos) << msg;
    } else if (c.error.find("subgroup") != std::string::npos) {
      EXPECT_NE(msg.find("subgroup"), std::string::npos) << msg;
    } else if (c.error.find("top bytes") != std::string::npos) {
      EXPECT_NE(msg.find("top bytes"), std::string::npos) << msg;
    } else if (c.error.find("fp.Element") != std::string::npos) {
      EXPECT_NE(msg.find("fp.Element"), std::string::npos) << msg;
    } else if (c.error.find("length") != std::string::npos) {
      EXPECT_NE(msg.find("length"), std::string::npos) << msg;
    }
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string s = info.param.file + "_" + info.param.name;
  for (auto& ch : s) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return s + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, Eip2537Test,
    ::testing::ValuesIn(load({"add_G1_bls", "add_G2_bls", "mul_G1_bls", "mul_G2_bls",
                              "fail-add_G1_bls", "fail-add_G2_bls", "fail-mul_G1_bls",
                              "fail-mul_G2_bls", "fail-msm_G1_bls", "fail-msm_G2_bls"})),
    case_name);

// The vector files must be there and complete (a missing file would otherwise just mean fewer
// parameterised cases).
TEST(Eip2537FilesTest, AllPresent) {
  EXPECT_EQ(load({"add_G1_bls"}).size(), 9u);
  EXPECT_EQ(load({"add_G2_bls"}).size(), 9u);
  EXPECT_EQ(load({"mul_G1_bls"}).size(), 11u);
  EXPECT_EQ(load({"mul_G2_bls"}).size(), 11u);
  EXPECT_GE(load({"fail-add_G1_bls", "fail-add_G2_bls", "fail-mul_G1_bls", "fail-mul_G2_bls"}).size(),
            30u);
}

}  // namespace
}  // namespace plx::zkp::bls12_381
