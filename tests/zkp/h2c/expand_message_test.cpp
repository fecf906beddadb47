// RFC 9380 §5.3 expand_message_xmd / expand_message_xof against the RFC's own vectors
// (Appendix K, ../shared/vectors/h2c/expand_message_*.json), plus the §5.3 error cases.
#include <cctype>
#include <string>

#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using crypto::HashAlgorithm;
using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

struct ExpandFile {
  const char* file;
  const char* name;  // "expand_message_xmd" or "expand_message_xof"
  const char* hash;  // as the file spells it
  HashAlgorithm alg;
  bool long_dst;  // the DST is over 255 bytes: exercises §5.3.3
};

constexpr ExpandFile kExpandFiles[] = {
    {"expand_message_xmd_SHA256_38.json", "expand_message_xmd", "SHA256", HashAlgorithm::kSha256,
     false},
    {"expand_message_xmd_SHA256_256.json", "expand_message_xmd", "SHA256", HashAlgorithm::kSha256,
     true},
    {"expand_message_xmd_SHA512_38.json", "expand_message_xmd", "SHA512", HashAlgorithm::kSha512,
     false},
    {"expand_message_xof_SHAKE128_36.json", "expand_message_xof", "SHAKE128",
     HashAlgorithm::kShake128, false},
    {"expand_message_xof_SHAKE128_256.json", "expand_message_xof", "SHAKE128",
     HashAlgorithm::kShake128, true},
    {"expand_message_xof_SHAKE256_36.json", "expand_message_xof", "SHAKE256",
     HashAlgorithm::kShake256, false},
};

class ExpandMessageVectors : public ::testing::TestWithParam<ExpandFile> {};

TEST_P(ExpandMessageVectors, MatchByteForByte) {
  const ExpandFile& f = GetParam();
  const Json doc = read_json_vector(std::string("h2c/") + f.file);
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc["name"], f.name);
  ASSERT_EQ(doc["hash"], f.hash);
  const std::string dst_text = doc["DST"].get<std::string>();
  ASSERT_EQ(dst_text.size() > 255, f.long_dst);
  const Bytes dst = to_bytes(dst_text);
  const bool xof = std::string(f.name) == "expand_message_xof";
  const std::size_t k = doc["k"].get<std::size_t>();  // only read for a long DST

  int passed = 0;
  const Json& tests = doc["tests"];
  ASSERT_TRUE(tests.is_array());
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const Json& t = tests[i];
    const std::string msg = t["msg"].get<std::string>();
    const std::size_t len = std::stoul(t["len_in_bytes"].get<std::string>(), nullptr, 16);
    SCOPED_TRACE(std::string(f.file) + " #" + std::to_string(i) + " msg \"" + msg.substr(0, 20) +
                 "\" len " + std::to_string(len));
    const Result<Bytes> out = xof ? detail::expand_message_xof(f.alg, as_bytes(msg), dst, len, k)
                                  : detail::expand_message_xmd(f.alg, as_bytes(msg), dst, len);
    ASSERT_THAT(out, IsOk());
    const std::string want = t["uniform_bytes"].get<std::string>();
    EXPECT_EQ(hex_encode(*out), want);
    passed += hex_encode(*out) == want ? 1 : 0;

    // The public entry point agrees where it covers the same expander.
    if (f.alg == HashAlgorithm::kSha256) {
      EXPECT_EQ(expand_message(ExpandMessage::kXmdSha256, as_bytes(msg), dst, len).value(), *out);
    }
    if (f.alg == HashAlgorithm::kShake256 && !f.long_dst) {
      EXPECT_EQ(expand_message(ExpandMessage::kXofShake256, as_bytes(msg), dst, len).value(), *out);
    }
  }
  EXPECT_EQ(tests.size(), 10u);
  EXPECT_EQ(passed, static_cast<int>(tests.size()));
  std::printf("%s: %d/%zu vectors\n", f.file, passed, tests.size());
}

INSTANTIATE_TEST_SUITE_P(Rfc9380, ExpandMessageVectors, ::testing::ValuesIn(kExpandFiles),
                         [](const auto& param_info) {
                           std::string n = param_info.param.file;
                           n = n.substr(0, n.find(".json"));
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

// The DST_prime of the long-DST files is the §5.3.3 hash plus its length byte: check it on its
// own, so a wrong oversize rule is named as such rather than as a wrong output.
TEST(ExpandMessage, OversizeDstPrimeMatchesVectors) {
  for (const char* file :
       {"h2c/expand_message_xmd_SHA256_256.json", "h2c/expand_message_xof_SHAKE128_256.json"}) {
    SCOPED_TRACE(file);
    const Json doc = read_json_vector(file);
    const std::string dst = doc["DST"].get<std::string>();
    const std::string want = doc["tests"][0]["DST_prime"].get<std::string>();
    crypto::Hasher h(std::string(file).find("xmd") != std::string::npos ? HashAlgorithm::kSha256
                                                                        : HashAlgorithm::kShake128);
    h.update(as_bytes("H2C-OVERSIZE-DST-")).update(as_bytes(dst));
    Bytes got = h.finish(32);  // SHA-256's 32 bytes, or SHAKE128 with ceil(2 * 128 / 8) = 32
    got.push_back(32);
    EXPECT_EQ(hex_encode(got), want);
  }
}

TEST(ExpandMessage, RejectsBadLengths) {
  const Bytes dst = to_bytes("QUUX-V01-CS02-with-expander-SHA256-128");
  for (ExpandMessage kind : {ExpandMessage::kXmdSha256, ExpandMessage::kXofShake256}) {
    EXPECT_THAT(expand_message(kind, as_bytes("abc"), dst, 0),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(expand_message(kind, as_bytes("abc"), dst, 65536),
                HasError(ErrorCode::kInvalidArgument));
  }
  // XMD with SHA-256: at most 255 blocks of 32 bytes.
  EXPECT_THAT(expand_message(ExpandMessage::kXmdSha256, as_bytes("abc"), dst, 255 * 32), IsOk());
  const auto too_long =
      expand_message(ExpandMessage::kXmdSha256, as_bytes("abc"), dst, 255 * 32 + 1);
  EXPECT_THAT(too_long, HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(too_long.error().where, "len_in_bytes");
  // SHA-512 blocks are 64 bytes, so the same length is fine there.
  EXPECT_THAT(
      detail::expand_message_xmd(HashAlgorithm::kSha512, as_bytes("abc"), dst, 255 * 32 + 1),
      IsOk());
  EXPECT_THAT(
      detail::expand_message_xmd(HashAlgorithm::kSha512, as_bytes("abc"), dst, 255 * 64 + 1),
      HasError(ErrorCode::kInvalidArgument));
  // XOF has no block limit: the largest length works.
  const auto big = expand_message(ExpandMessage::kXofShake256, as_bytes("abc"), dst, 65535);
  ASSERT_THAT(big, IsOk());
  EXPECT_EQ(big->size(), 65535u);
}

TEST(ExpandMessage, RejectsWrongHashKind) {
  const Bytes dst = to_bytes("DST");
  EXPECT_THAT(detail::expand_message_xmd(HashAlgorithm::kShake256, as_bytes("a"), dst, 32),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(detail::expand_message_xof(HashAlgorithm::kSha256, as_bytes("a"), dst, 32, 128),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(detail::expand_message_xof(HashAlgorithm::kShake128, as_bytes("a"), dst, 32, 0),
              HasError(ErrorCode::kInvalidArgument));
}

TEST(ExpandMessage, OutputsArePrefixFreeInLength) {
  // len_in_bytes is part of the hashed input, so a shorter output is NOT a prefix of a longer one
  // (a property of both expanders that hash_to_field relies on for domain separation).
  const Bytes dst = to_bytes("PLX-TEST-DST");
  for (ExpandMessage kind : {ExpandMessage::kXmdSha256, ExpandMessage::kXofShake256}) {
    const Bytes a = expand_message(kind, as_bytes("m"), dst, 64).value();
    const Bytes b = expand_message(kind, as_bytes("m"), dst, 128).value();
    EXPECT_NE(Bytes(b.begin(), b.begin() + 64), a);
  }
}

TEST(ExpandMessage, Dst255IsUsedAsIs256IsHashed) {
  // 255 bytes is the longest DST used verbatim; 256 takes the §5.3.3 path. Check that the 256-byte
  // DST gives the same output as its hash used directly.
  const Bytes dst255(255, 'a');
  const Bytes dst256(256, 'a');
  crypto::Hasher h(HashAlgorithm::kSha256);
  h.update(as_bytes("H2C-OVERSIZE-DST-")).update(dst256);
  const Bytes hashed = h.finish();
  EXPECT_EQ(expand_message(ExpandMessage::kXmdSha256, as_bytes("x"), dst256, 48).value(),
            expand_message(ExpandMessage::kXmdSha256, as_bytes("x"), hashed, 48).value());
  EXPECT_NE(expand_message(ExpandMessage::kXmdSha256, as_bytes("x"), dst255, 48).value(),
            expand_message(ExpandMessage::kXmdSha256, as_bytes("x"), hashed, 48).value());

  crypto::Hasher s(HashAlgorithm::kShake256);
  s.update(as_bytes("H2C-OVERSIZE-DST-")).update(dst256);
  const Bytes hashed_xof = s.finish(32);  // ceil(2 * 128 / 8)
  EXPECT_EQ(expand_message(ExpandMessage::kXofShake256, as_bytes("x"), dst256, 48).value(),
            expand_message(ExpandMessage::kXofShake256, as_bytes("x"), hashed_xof, 48).value());
}

}  // namespace
}  // namespace plx::zkp::bls12_381
