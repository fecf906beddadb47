// The deterministic codec (docs/ledger-formats.md §1): round trips and every rejection.
#include "plx/ledger_client/codec.hpp"

#include <limits>
#include <random>

#include "plx/core/encoding.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using plx::testing::HasError;
using plx::testing::IsOk;
using plx::testing::test_seed;
using plx::testing::unhex;

TEST(Codec, FixedWidthIsBigEndian) {
  Writer w;
  w.u8(0xab).u32(0x01020304).u64(0x0102030405060708ull).i64(-1);
  EXPECT_EQ(hex_encode(w.data()), "ab010203040102030405060708ffffffffffffffff");
  Reader r(w.data());
  EXPECT_EQ(*r.u8("a"), 0xab);
  EXPECT_EQ(*r.u32("b"), 0x01020304u);
  EXPECT_EQ(*r.u64("c"), 0x0102030405060708ull);
  EXPECT_EQ(*r.i64("d"), -1);
  EXPECT_TRUE(r.at_end());
  EXPECT_THAT(r.expect_end("x"), IsOk());
}

TEST(Codec, VarintKnownEncodings) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0, "00"},
      {1, "01"},
      {127, "7f"},
      {128, "8001"},
      {300, "ac02"},
      {16383, "ff7f"},
      {16384, "808001"},
      {std::numeric_limits<std::uint64_t>::max(), "ffffffffffffffffff01"},
  };
  for (const auto& [v, hex] : cases) {
    Writer w;
    w.varint(v);
    EXPECT_EQ(hex_encode(w.data()), hex) << v;
    Reader r(w.data());
    auto got = r.varint("v");
    ASSERT_THAT(got, IsOk());
    EXPECT_EQ(*got, v);
    EXPECT_TRUE(r.at_end());
  }
}

TEST(Codec, VarintRandomRoundTrip) {
  std::mt19937_64 rng(test_seed());
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t v = rng() >> (rng() % 64);
    Writer w;
    w.varint(v);
    Reader r(w.data());
    auto got = r.varint("v");
    ASSERT_THAT(got, IsOk());
    ASSERT_EQ(*got, v);
    ASSERT_TRUE(r.at_end());
  }
}

TEST(Codec, VarintRejectsNonMinimal) {
  for (const char* hex : {"8000", "ff00", "808000", "8180808000", "ffffffffffffffff8000"}) {
    Bytes b = unhex(hex);
    Reader r(b);
    auto v = r.varint("len");
    EXPECT_THAT(v, HasError(ErrorCode::kMalformed)) << hex;
    if (!v) {
      EXPECT_NE(v.error().message.find("non-minimal"), std::string::npos) << hex;
    }
  }
}

TEST(Codec, VarintRejectsOverflowAndTruncation) {
  for (const char* hex : {"ffffffffffffffffff02", "ffffffffffffffffff7f",
                          "ffffffffffffffffffff01", "80", "ff", "ffffffff", ""}) {
    Bytes b = unhex(hex);
    Reader r(b);
    EXPECT_THAT(r.varint("len"), HasError(ErrorCode::kMalformed)) << hex;
  }
}

TEST(Codec, BytesAndStrings) {
  Writer w;
  w.bytes(unhex("0102")).string("did:plx:x").bytes({}).fixed(unhex("aabb"));
  EXPECT_EQ(hex_encode(w.data()), "020102" "096469643a706c783a78" "00" "aabb");
  Reader r(w.data());
  EXPECT_EQ(*r.bytes("a", 2), unhex("0102"));
  EXPECT_EQ(*r.string("b", 100), "did:plx:x");
  EXPECT_TRUE(r.bytes("c", 0)->empty());
  auto arr = r.array<2>("d");
  ASSERT_THAT(arr, IsOk());
  EXPECT_EQ((*arr)[0], 0xaa);
  EXPECT_THAT(r.expect_end("t"), IsOk());
}

TEST(Codec, BytesRejectsOverMaximumLength) {
  Writer w;
  w.bytes(Bytes(10, 7));
  Reader r(w.data());
  auto b = r.bytes("payload", 9);
  ASSERT_THAT(b, HasError(ErrorCode::kMalformed));
  EXPECT_NE(b.error().where.find("payload"), std::string::npos);
  EXPECT_NE(b.error().message.find("exceeds"), std::string::npos);
}

TEST(Codec, BytesRejectsLengthBeyondInput) {
  Bytes enc = unhex("05010203");  // claims 5, has 3
  Reader r(enc);
  EXPECT_THAT(r.bytes("x", 100), HasError(ErrorCode::kMalformed));
  // A huge claimed length is refused before any allocation.
  Bytes huge = unhex("ffffffffffffffff7f");
  Reader r2(huge);
  EXPECT_THAT(r2.bytes("x", std::numeric_limits<std::size_t>::max()),
              HasError(ErrorCode::kMalformed));
}

TEST(Codec, FixedWidthTruncation) {
  Bytes b = unhex("010203");
  {
    Reader r(b);
    EXPECT_THAT(r.u32("n"), HasError(ErrorCode::kMalformed));
  }
  {
    Reader r(b);
    EXPECT_THAT(r.u64("n"), HasError(ErrorCode::kMalformed));
  }
  {
    Reader r(b);
    EXPECT_THAT(r.array<4>("h"), HasError(ErrorCode::kMalformed));
  }
  {
    Reader r(ByteSpan{});
    EXPECT_THAT(r.u8("n"), HasError(ErrorCode::kMalformed));
  }
}

TEST(Codec, ExpectEndReportsTrailingBytes) {
  Bytes b = unhex("0102");
  Reader r(b);
  ASSERT_THAT(r.u8("a"), IsOk());
  auto st = r.expect_end("thing");
  ASSERT_THAT(st, HasError(ErrorCode::kMalformed));
  EXPECT_NE(st.error().message.find("1 trailing"), std::string::npos);
  EXPECT_NE(st.error().where.find("offset 1"), std::string::npos);
}

}  // namespace
}  // namespace plx::ledger
