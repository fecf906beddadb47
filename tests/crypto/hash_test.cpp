// Known answers for SHA-2 (FIPS 180-4; vectors from the NIST "Examples with Intermediate
// Values" documents) and SHAKE-256 (FIPS 202), plus the streaming Hasher's reuse contract.
#include "plx/crypto/hash.hpp"

#include <random>

#include "plx/core/encoding.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& a) {
  return hex_encode(a);
}

constexpr std::string_view kTwoBlock = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view kTwoBlock1024 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmno"
    "pqrsmnopqrstnopqrstu";

TEST(HashTest, Sha256KnownAnswers) {
  EXPECT_EQ(hex(sha256(as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256(as_bytes(kTwoBlock))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string million(1000000, 'a');
  EXPECT_EQ(hex(sha256(as_bytes(million))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(HashTest, Sha384KnownAnswers) {
  EXPECT_EQ(hex(sha384(as_bytes("abc"))),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baec"
            "a134c825a7");
  EXPECT_EQ(hex(sha384({})),
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2"
            "f14898b95b");
  EXPECT_EQ(hex(sha384(as_bytes(kTwoBlock1024))),
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9"
            "fa91746039");
}

TEST(HashTest, Sha512KnownAnswers) {
  EXPECT_EQ(hex(sha512(as_bytes("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
            "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(hex(sha512({})),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318"
            "d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(hex(sha512(as_bytes(kTwoBlock1024))),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99"
            "dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

TEST(HashTest, Shake256KnownAnswers) {
  EXPECT_EQ(hex_encode(shake256({}, 64)),
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb0501"
            "9d67b592f6fc821c49479ab48640292eacb3b7c4be");
  EXPECT_EQ(hex_encode(shake256(as_bytes("abc"), 32)),
            "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739");
  EXPECT_TRUE(shake256(as_bytes("abc"), 0).empty());
}

TEST(HashTest, ShakeOutputsArePrefixes) {
  // An XOF squeezes one stream: a shorter output is a prefix of a longer one.
  const Bytes long_out = shake256(as_bytes("parallax"), 300);
  for (std::size_t n : {1u, 31u, 32u, 135u, 136u, 137u, 299u}) {
    const Bytes short_out = shake256(as_bytes("parallax"), n);
    EXPECT_TRUE(std::equal(short_out.begin(), short_out.end(), long_out.begin())) << n;
  }
}

TEST(HashTest, DigestSizes) {
  EXPECT_EQ(digest_size(HashAlgorithm::kSha256), 32u);
  EXPECT_EQ(digest_size(HashAlgorithm::kSha384), 48u);
  EXPECT_EQ(digest_size(HashAlgorithm::kSha512), 64u);
  EXPECT_EQ(digest_size(HashAlgorithm::kShake256), 0u);
  EXPECT_EQ(digest_size(HashAlgorithm::kShake128), 0u);
  EXPECT_TRUE(is_xof(HashAlgorithm::kShake128));
  EXPECT_TRUE(is_xof(HashAlgorithm::kShake256));
  EXPECT_FALSE(is_xof(HashAlgorithm::kSha512));
}

TEST(HashTest, Shake128KnownAnswers) {
  // FIPS 202 SHAKE128 of the empty string and of "abc" (NIST CSRC example values).
  Hasher h(HashAlgorithm::kShake128);
  EXPECT_EQ(h.finish(32),
            ::plx::testing::unhex(
                "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26"));
  h.update(as_bytes("abc"));
  EXPECT_EQ(h.finish(32),
            ::plx::testing::unhex(
                "5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8"));
}

Bytes one_shot(HashAlgorithm alg, ByteSpan data, std::size_t xof_len) {
  switch (alg) {
    case HashAlgorithm::kSha256: {
      auto d = sha256(data);
      return Bytes(d.begin(), d.end());
    }
    case HashAlgorithm::kSha384: {
      auto d = sha384(data);
      return Bytes(d.begin(), d.end());
    }
    case HashAlgorithm::kSha512: {
      auto d = sha512(data);
      return Bytes(d.begin(), d.end());
    }
    case HashAlgorithm::kShake256:
      return shake256(data, xof_len);
    case HashAlgorithm::kShake128: {
      Hasher h(HashAlgorithm::kShake128);
      h.update(data);
      return h.finish(xof_len);
    }
  }
  return {};
}

class HasherTest : public ::testing::TestWithParam<HashAlgorithm> {};

TEST_P(HasherTest, ReuseAndChunkingEqualOneShot) {
  const HashAlgorithm alg = GetParam();
  std::mt19937_64 rng(::plx::testing::test_seed());
  Hasher h(alg);
  EXPECT_EQ(h.algorithm(), alg);
  // The same Hasher across many messages (finish() resets it), fed in random chunks.
  for (std::size_t len : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 111u, 112u, 127u, 128u, 129u, 1000u}) {
    Bytes msg(len);
    for (auto& b : msg) b = static_cast<std::uint8_t>(rng());
    std::size_t pos = 0;
    while (pos < len) {
      const std::size_t step = std::min<std::size_t>(len - pos, 1 + rng() % 70);
      h.update(ByteSpan(msg).subspan(pos, step));
      pos += step;
    }
    EXPECT_EQ(h.finish(is_xof(alg) ? 64 : 0), one_shot(alg, msg, 64))
        << "length " << len;
  }
}

TEST_P(HasherTest, ResetDiscardsInput) {
  const HashAlgorithm alg = GetParam();
  Hasher h(alg);
  h.update(as_bytes("garbage that must not count"));
  h.reset();
  h.update(as_bytes("abc"));
  EXPECT_EQ(h.finish(32), one_shot(alg, as_bytes("abc"), 32));
}

TEST_P(HasherTest, FinishIntoSpan) {
  const HashAlgorithm alg = GetParam();
  Hasher h(alg);
  const std::size_t n = is_xof(alg) ? 40 : digest_size(alg);
  Bytes out(n);
  h.update(as_bytes("abc"));
  EXPECT_THAT(h.finish(std::span<std::uint8_t>(out)), IsOk());
  EXPECT_EQ(out, one_shot(alg, as_bytes("abc"), n));
  if (!is_xof(alg)) {
    Bytes wrong(n + 1);
    EXPECT_THAT(h.finish(std::span<std::uint8_t>(wrong)), HasError(ErrorCode::kInvalidArgument));
    Bytes short_out(n - 1);
    EXPECT_THAT(h.finish(std::span<std::uint8_t>(short_out)),
                HasError(ErrorCode::kInvalidArgument));
  }
}

TEST_P(HasherTest, MoveKeepsState) {
  const HashAlgorithm alg = GetParam();
  Hasher a(alg);
  a.update(as_bytes("ab"));
  Hasher b(std::move(a));
  b.update(as_bytes("c"));
  EXPECT_EQ(b.finish(32), one_shot(alg, as_bytes("abc"), 32));
  Hasher c(HashAlgorithm::kSha256);
  c = std::move(b);
  c.update(as_bytes("abc"));
  EXPECT_EQ(c.algorithm(), alg);
  EXPECT_EQ(c.finish(32), one_shot(alg, as_bytes("abc"), 32));
}

INSTANTIATE_TEST_SUITE_P(All, HasherTest,
                         ::testing::Values(HashAlgorithm::kSha256, HashAlgorithm::kSha384,
                                           HashAlgorithm::kSha512, HashAlgorithm::kShake256,
                                           HashAlgorithm::kShake128),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case HashAlgorithm::kSha256:
                               return std::string("Sha256");
                             case HashAlgorithm::kSha384:
                               return std::string("Sha384");
                             case HashAlgorithm::kSha512:
                               return std::string("Sha512");
                             case HashAlgorithm::kShake256:
                               return std::string("Shake256");
                             case HashAlgorithm::kShake128:
                               return std::string("Shake128");
                           }
                           return std::string("Unknown");
                         });

}  // namespace
}  // namespace plx::crypto
