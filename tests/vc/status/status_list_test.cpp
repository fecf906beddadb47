// Status lists: every list of shared/vectors/status-list decodes to exactly its non-zero
// statuses (IETF Token Status List, 1/2/4/8 bits, LSB first); W3C Bitstring Status List
// encoding (GZIP + base64url multibase, MSB first); round trips and malformed inputs.
#include <map>

#include "plx/core/encoding.hpp"
#include "plx/vc/status.hpp"
#include "test_support.hpp"

namespace plx::vc::status {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

const Json& vectors() {
  static const Json j = testing::read_json_vector("status-list/token-status-list-vectors.json");
  return j;
}

TEST(TokenStatusList, EveryVectorListDecodesExactly) {
  std::size_t lists = 0;
  const auto size = vectors()["size_entries"].get<std::uint64_t>();
  for (const auto& l : vectors()["lists"]) {
    auto list = token_status_list_from_json(l["json"]);
    ASSERT_THAT(list, IsOk());
    EXPECT_EQ(list->bits, l["bits"].get<unsigned>());
    EXPECT_EQ(list->bytes.size(), l["decoded_length_bytes"].get<std::size_t>());
    ASSERT_EQ(list->size(), size);
    std::map<std::uint64_t, unsigned> nonzero;
    for (const auto& [k, v] : l["nonzero_status"].items()) nonzero[std::stoull(k)] = v.get<unsigned>();
    std::size_t found = 0;
    for (std::uint64_t i = 0; i < size; ++i) {
      auto s = list->get(i).value();
      auto it = nonzero.find(i);
      if (it == nonzero.end()) {
        ASSERT_EQ(s, 0) << "bits " << list->bits << " index " << i;
      } else {
        EXPECT_EQ(s, it->second) << "bits " << list->bits << " index " << i;
        ++found;
      }
    }
    EXPECT_EQ(found, nonzero.size());
    EXPECT_THAT(list->get(size), HasError(ErrorCode::kOutOfRange));
    // Encoding round-trips (compressed bytes depend on zlib settings; the content must not).
    auto again = token_status_list_from_json(token_status_list_to_json(*list).value());
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->bytes, list->bytes);
    ++lists;
  }
  EXPECT_EQ(lists, 4u);
}

TEST(TokenStatusList, SmallExamples) {
  std::size_t n = 0;
  for (const auto& e : vectors()["small_examples"]) {
    auto list = token_status_list_from_json(e["json"]);
    ASSERT_THAT(list, IsOk());
    EXPECT_EQ(hex_encode(list->bytes), e["byte_array_hex"]);
    ++n;
  }
  EXPECT_EQ(n, 2u);
  // The spec's 1-bit example: b9 = 1011 1001, read from the least significant bit.
  auto one = token_status_list_from_json(vectors()["small_examples"][0]["json"]).value();
  std::vector<int> expect = {1, 0, 0, 1, 1, 1, 0, 1};
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(one.get(i).value(), expect[i]) << i;
}

TEST(TokenStatusList, SetGetAllWidths) {
  for (unsigned bits : {1u, 2u, 4u, 8u}) {
    TokenStatusList l{bits, Bytes(64, 0)};
    std::uint8_t max = static_cast<std::uint8_t>((1u << bits) - 1u);
    for (std::uint64_t i = 0; i < l.size(); i += 3) ASSERT_THAT(l.set(i, static_cast<std::uint8_t>(i % (max + 1u))), IsOk());
    for (std::uint64_t i = 0; i < l.size(); ++i) {
      EXPECT_EQ(l.get(i).value(), i % 3 == 0 ? i % (max + 1u) : 0u) << bits << " " << i;
    }
    if (bits < 8) {
      EXPECT_THAT(l.set(0, static_cast<std::uint8_t>(max + 1u)), HasError(ErrorCode::kOutOfRange));
    }
    EXPECT_THAT(l.set(l.size(), 0), HasError(ErrorCode::kOutOfRange));
  }
}

TEST(TokenStatusList, Malformed) {
  EXPECT_THAT(token_status_list_from_json(Json{{"bits", 3}, {"lst", "eNrbuRgAAhcBXQ"}}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(token_status_list_from_json(Json{{"bits", 1}}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(token_status_list_from_json(Json{{"bits", 1}, {"lst", "eNrbuRgAAhcBX"}}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(token_status_list_from_json(Json{{"bits", 1}, {"lst", "AAAA"}}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(token_status_list_from_json(Json::array()), HasError(ErrorCode::kMalformed));
  // Every truncation of a valid compressed list is refused.
  auto raw = base64url_decode("eNrbuRgAAhcBXQ").value();
  for (std::size_t n = 0; n < raw.size(); ++n) {
    EXPECT_FALSE(zlib_decompress(ByteSpan(raw).first(n)).has_value()) << n;
  }
  // Trailing bytes after the stream are refused too.
  raw.push_back(0);
  EXPECT_THAT(zlib_decompress(raw), HasError(ErrorCode::kMalformed));
}

TEST(Bitstring, EncodeDecodeSetGet) {
  Bytes bits(kBitstringMinBits / 8, 0);
  ASSERT_THAT(bitstring_set(bits, 0, 1), IsOk());
  ASSERT_THAT(bitstring_set(bits, 42, 1), IsOk());
  ASSERT_THAT(bitstring_set(bits, kBitstringMinBits - 1, 1), IsOk());
  EXPECT_EQ(bits[0], 0x80);  // index 0 is the left-most bit
  EXPECT_EQ(bits[5], 0x20);  // 42 = byte 5, bit 2 from the left
  auto enc = encode_bitstring(bits);
  ASSERT_THAT(enc, IsOk());
  EXPECT_EQ((*enc)[0], 'u');
  auto dec = decode_bitstring(*enc);
  ASSERT_THAT(dec, IsOk());
  EXPECT_EQ(*dec, bits);
  EXPECT_EQ(bitstring_get(*dec, 42).value(), 1u);
  EXPECT_EQ(bitstring_get(*dec, 43).value(), 0u);
  EXPECT_THAT(bitstring_get(*dec, kBitstringMinBits), HasError(ErrorCode::kOutOfRange));
  // Multi-bit entries (statusSize 2, for "message" lists).
  ASSERT_THAT(bitstring_set(bits, 7, 3, 2), IsOk());
  EXPECT_EQ(bitstring_get(bits, 7, 2).value(), 3u);
  EXPECT_EQ(bitstring_get(bits, 6, 2).value(), 0u);
  EXPECT_THAT(bitstring_set(bits, 7, 4, 2), HasError(ErrorCode::kOutOfRange));
  ASSERT_THAT(bitstring_set(bits, 7, 0, 2), IsOk());
  EXPECT_EQ(bitstring_get(bits, 7, 2).value(), 0u);
}

TEST(Bitstring, Malformed) {
  EXPECT_THAT(encode_bitstring(Bytes(100, 0)), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(decode_bitstring("zabc"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(decode_bitstring("u!!"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(decode_bitstring(""), HasError(ErrorCode::kMalformed));
  // Too short once inflated.
  auto small = gzip_compress(Bytes(16, 0)).value();
  EXPECT_THAT(decode_bitstring("u" + base64url_encode(small)), HasError(ErrorCode::kOutOfRange));
  // A zlib (not GZIP) stream is not a bitstring.
  auto z = zlib_compress(Bytes(kBitstringMinBits / 8, 0)).value();
  EXPECT_THAT(decode_bitstring("u" + base64url_encode(z)), HasError(ErrorCode::kMalformed));
  // Decompression bombs stop at the limit.
  auto big = gzip_compress(Bytes(1 << 20, 0)).value();
  EXPECT_THAT(gzip_decompress(big, 1000), HasError(ErrorCode::kOutOfRange));
  // Every truncation of a valid list is refused.
  auto good = gzip_compress(Bytes(kBitstringMinBits / 8, 0)).value();
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_bitstring("u" + base64url_encode(ByteSpan(good).first(n))).has_value()) << n;
  }
}

TEST(Source, MemoryFetch) {
  MemoryStatusListSource s;
  s.put("https://example.com/1", "body");
  EXPECT_EQ(s.fetch("https://example.com/1").value(), "body");
  EXPECT_THAT(s.fetch("https://example.com/2"), HasError(ErrorCode::kNotFound));
}

}  // namespace
}  // namespace plx::vc::status
