// EIP-2537 MAP_FP_TO_G1 / MAP_FP2_TO_G2 (../shared/vectors/bls12_381/eip2537/): map_to_curve
// followed by clear_cofactor on a given field element, with the precompile's 64-byte padded
// encodings; and its malformed inputs (wrong length, non-zero padding, non-canonical element),
// which the decoder here must reject, each for the reason the vector names.
#include <cctype>
#include <string>

#include "plx/core/encoding.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

// EIP-2537 field element: 64 bytes, the top 16 zero, then the canonical big-endian value.
Result<Fp> decode_fp64(ByteSpan in, const std::string& where) {
  if (in.size() != 64) {
    return Error(
        ErrorCode::kInvalidArgument,
        "invalid input length: a field element is 64 bytes, got " + std::to_string(in.size()),
        where);
  }
  for (std::size_t i = 0; i < 16; ++i) {
    if (in[i] != 0) {
      return Error(ErrorCode::kInvalidArgument,
                   "invalid field element top bytes: the 16 padding bytes must be zero",
                   where + "/byte " + std::to_string(i));
    }
  }
  auto f = Fp::from_bytes(in.subspan(16));
  if (!f.has_value()) {
    return Error(ErrorCode::kInvalidArgument, "invalid field element encoding: not below p", where);
  }
  return *f;
}

Result<Fp> decode_map_g1_input(ByteSpan in) {
  if (in.size() != 64) {
    return Error(
        ErrorCode::kInvalidArgument,
        "invalid input length: MAP_FP_TO_G1 takes 64 bytes, got " + std::to_string(in.size()),
        "input");
  }
  return decode_fp64(in, "input");
}

Result<Fp2> decode_map_g2_input(ByteSpan in) {
  if (in.size() != 128) {
    return Error(
        ErrorCode::kInvalidArgument,
        "invalid input length: MAP_FP2_TO_G2 takes 128 bytes, got " + std::to_string(in.size()),
        "input");
  }
  PLX_TRY(const Fp c0, decode_fp64(in.first(64), "input/c0"));
  PLX_TRY(const Fp c1, decode_fp64(in.subspan(64), "input/c1"));
  return Fp2{c0, c1};
}

void append_fp64(Bytes& out, const Fp& f) {
  out.insert(out.end(), 16, 0);
  const auto b = f.to_bytes();
  out.insert(out.end(), b.begin(), b.end());
}

Bytes encode_g1(const G1Affine& p) {
  Bytes out;
  if (p.infinity) return Bytes(128, 0);
  append_fp64(out, p.x);
  append_fp64(out, p.y);
  return out;
}

Bytes encode_g2(const G2Affine& p) {
  Bytes out;
  if (p.infinity) return Bytes(256, 0);
  append_fp64(out, p.x.c0);
  append_fp64(out, p.x.c1);
  append_fp64(out, p.y.c0);
  append_fp64(out, p.y.c1);
  return out;
}

TEST(Eip2537Map, FpToG1) {
  const Json doc = read_json_vector("bls12_381/eip2537/map_fp_to_G1_bls.json");
  ASSERT_TRUE(doc.is_array());
  int passed = 0;
  for (const Json& t : doc) {
    const std::string name = t["Name"].get<std::string>();
    SCOPED_TRACE(name);
    const auto u = decode_map_g1_input(unhex(t["Input"].get<std::string>()));
    ASSERT_TRUE(u.has_value()) << u.error().to_string();
    const G1 p = clear_cofactor(map_to_curve_g1(*u));
    EXPECT_TRUE(p.is_in_subgroup_vartime());
    const std::string got = hex_encode(encode_g1(p.to_affine()));
    EXPECT_EQ(got, t["Expected"].get<std::string>());
    passed += got == t["Expected"].get<std::string>() ? 1 : 0;
  }
  EXPECT_EQ(doc.size(), 5u);
  EXPECT_EQ(passed, static_cast<int>(doc.size()));
  std::printf("map_fp_to_G1_bls.json: %d/%zu vectors\n", passed, doc.size());
}

TEST(Eip2537Map, Fp2ToG2) {
  const Json doc = read_json_vector("bls12_381/eip2537/map_fp2_to_G2_bls.json");
  ASSERT_TRUE(doc.is_array());
  int passed = 0;
  for (const Json& t : doc) {
    const std::string name = t["Name"].get<std::string>();
    SCOPED_TRACE(name);
    const auto u = decode_map_g2_input(unhex(t["Input"].get<std::string>()));
    ASSERT_TRUE(u.has_value()) << u.error().to_string();
    const G2 p = clear_cofactor(map_to_curve_g2(*u));
    EXPECT_TRUE(p.is_in_subgroup_vartime());
    const std::string got = hex_encode(encode_g2(p.to_affine()));
    EXPECT_EQ(got, t["Expected"].get<std::string>());
    passed += got == t["Expected"].get<std::string>() ? 1 : 0;
  }
  EXPECT_EQ(doc.size(), 5u);
  EXPECT_EQ(passed, static_cast<int>(doc.size()));
  std::printf("map_fp2_to_G2_bls.json: %d/%zu vectors\n", passed, doc.size());
}

// The vector's ExpectedError names the class of failure; the decoder's message must name the same
// class (length / padding / non-canonical), so a rejection for the wrong reason fails.
std::string expected_class(const std::string& expected_error) {
  if (expected_error.find("length") != std::string::npos) return "invalid input length";
  if (expected_error.find("top bytes") != std::string::npos) return "top bytes";
  if (expected_error.find("fp.Element") != std::string::npos) return "not below p";
  return "<unknown ExpectedError: " + expected_error + ">";
}

template <class Decode>
void run_fail_file(const char* file, Decode decode) {
  const Json doc = read_json_vector(std::string("bls12_381/eip2537/") + file);
  ASSERT_TRUE(doc.is_array());
  int rejected = 0;
  for (const Json& t : doc) {
    const std::string name = t["Name"].get<std::string>();
    SCOPED_TRACE(name);
    const auto r = decode(unhex(t["Input"].get<std::string>()));
    EXPECT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    if (r.has_value()) continue;
    const std::string want = expected_class(t["ExpectedError"].get<std::string>());
    EXPECT_NE(r.error().message.find(want), std::string::npos)
        << "rejected as \"" << r.error().message << "\", expected " << want;
    rejected += r.error().message.find(want) != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(doc.size(), 5u);
  EXPECT_EQ(rejected, static_cast<int>(doc.size()));
  std::printf("%s: %d/%zu rejected for the named reason\n", file, rejected, doc.size());
}

TEST(Eip2537Map, FailFpToG1) { run_fail_file("fail-map_fp_to_G1_bls.json", decode_map_g1_input); }
TEST(Eip2537Map, FailFp2ToG2) { run_fail_file("fail-map_fp2_to_G2_bls.json", decode_map_g2_input); }

}  // namespace
}  // namespace plx::zkp::bls12_381
