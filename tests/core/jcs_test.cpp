// RFC 8785 JCS: the cyberphone reference vectors, the ES6 number serialization (checked against
// V8 and against the cyberphone es6testfile hash), member ordering and string escaping.
#include <sodium.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <set>
#include <string>

#include "plx/core/encoding.hpp"
#include "plx/core/json.hpp"
#include "test_support.hpp"

namespace plx {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

std::filesystem::path jcs_dir() { return testing::vectors_dir() / "jcs" / "testdata"; }

// The six files of cyberphone/json-canonicalization testdata (README.md there).
constexpr std::array<const char*, 6> kJcsVectors = {"arrays",  "french", "structures",
                                                    "unicode", "values", "weird"};

class JcsVectorTest : public ::testing::TestWithParam<const char*> {};

TEST_P(JcsVectorTest, InputCanonicalizesToOutputByteForByte) {
  const std::string id = GetParam();
  const std::string input = testing::read_file(jcs_dir() / "input" / (id + ".json"));
  const std::string expected = testing::read_file(jcs_dir() / "output" / (id + ".json"));
  ASSERT_FALSE(input.empty());
  ASSERT_FALSE(expected.empty());
  auto got = jcs_canonicalize_text(input);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(*got, expected);
}

TEST_P(JcsVectorTest, OutputMatchesOuthexAndIsAFixedPoint) {
  const std::string id = GetParam();
  const std::string expected = testing::read_file(jcs_dir() / "output" / (id + ".json"));
  std::string hex = testing::read_file(jcs_dir() / "outhex" / (id + ".txt"));
  std::erase_if(hex, [](char c) { return c == ' ' || c == '\n' || c == '\r'; });
  EXPECT_EQ(testing::unhex(hex), to_bytes(expected));
  // Canonical text canonicalizes to itself.
  auto again = jcs_canonicalize_text(expected);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, expected);
}

INSTANTIATE_TEST_SUITE_P(Cyberphone, JcsVectorTest, ::testing::ValuesIn(kJcsVectors),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                           return std::string(param_info.param);
                         });

// A vector added to the directory must not be skipped silently.
TEST(JcsVectors, DirectoryHoldsExactlyTheListedVectors) {
  std::set<std::string> on_disk;
  for (const auto& e : std::filesystem::directory_iterator(jcs_dir() / "input")) {
    on_disk.insert(e.path().stem().string());
  }
  EXPECT_EQ(on_disk, std::set<std::string>(kJcsVectors.begin(), kJcsVectors.end()));
}

// ---- es6_number_to_string: each expected string was printed by V8 (node 20, String(x)). ----

struct NumberCase {
  double value;
  const char* expected;
};

TEST(Es6Number, WellKnownValues) {
  const NumberCase cases[] = {
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {999999999999999900000.0, "999999999999999900000"},
      {1e-7, "1e-7"},
      {1e-6, "0.000001"},
      {123e-20, "1.23e-18"},
      {5e-324, "5e-324"},
      {1.5e-323, "1.5e-323"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {-1.7976931348623157e308, "-1.7976931348623157e+308"},
      {0.1 + 0.2, "0.30000000000000004"},
      {333333333.33333329, "333333333.3333333"},
      {1.0 / 3.0, "0.3333333333333333"},
      {4.50, "4.5"},
      {2e-3, "0.002"},
      {1e-27, "1e-27"},
      {1e30, "1e+30"},
      {1e23, "1e+23"},
      {5e-7, "5e-7"},
      {1.2e-6, "0.0000012"},
      {1.25e-7, "1.25e-7"},
      {295147905179352830000.0, "295147905179352830000"},
      {123456789012345680000.0, "123456789012345680000"},
      {1.2345678901234568e21, "1.2345678901234568e+21"},
      {9007199254740992.0, "9007199254740992"},
      {9007199254740994.0, "9007199254740994"},
      {18446744073709551615.0, "18446744073709552000"},
      {-9223372036854775808.0, "-9223372036854776000"},
      {0.0, "0"},
      {-0.0, "0"},
      {1.0, "1"},
      {-1.0, "-1"},
      {100.0, "100"},
      {1.5, "1.5"},
      {123456789.0, "123456789"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(es6_number_to_string(c.value), c.expected) << "value " << c.value;
  }
}

TEST(Es6Number, NonFiniteSpellingsMatchJavaScript) {
  EXPECT_EQ(es6_number_to_string(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(es6_number_to_string(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(es6_number_to_string(-std::numeric_limits<double>::infinity()), "-Infinity");
}

// The sample lines of the cyberphone README (IEEE 754 bit patterns and expected text).
TEST(Es6Number, CyberphoneReadmeSamples) {
  const struct {
    std::uint64_t bits;
    const char* expected;
  } cases[] = {
      {0x4340000000000001ULL, "9007199254740994"},
      {0x4340000000000002ULL, "9007199254740996"},
      {0x444b1ae4d6e2ef50ULL, "1e+21"},
      {0x3eb0c6f7a0b5ed8dULL, "0.000001"},
      {0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7"},
      {0x8000000000000000ULL, "0"},
      {0x0ULL, "0"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(es6_number_to_string(std::bit_cast<double>(c.bits)), c.expected);
  }
}

// Regenerates the first 100000 lines of the cyberphone es6testfile ("hex-ieee,expected\n", the
// generator in testdata/README.md) with our serializer and compares the SHA-256 with the
// README's table. This checks 100000 values, edge cases first, without shipping a 4 MB file.
TEST(Es6Number, CyberphoneTestFileFirst100kLinesHash) {
  static constexpr std::uint64_t kStatic[] = {
      0x0000000000000000ULL, 0x8000000000000000ULL, 0x0000000000000001ULL, 0x8000000000000001ULL,
      0xc46696695dbd1cc3ULL, 0xc43211ede4974a35ULL, 0xc3fce97ca0f21056ULL, 0xc3c7213080c1a6acULL,
      0xc39280f39a348556ULL, 0xc35d9b1f5d20d557ULL, 0xc327af4c4a80aaacULL, 0xc2f2f2a36ecd5556ULL,
      0xc2be51057e155558ULL, 0xc28840d131aaaaacULL, 0xc253670dc1555557ULL, 0xc21f0b4935555557ULL,
      0xc1e8d5d42aaaaaacULL, 0xc1b3de4355555556ULL, 0xc17fca0555555556ULL, 0xc1496e6aaaaaaaabULL,
      0xc114585555555555ULL, 0xc0e046aaaaaaaaabULL, 0xc0aa0aaaaaaaaaaaULL, 0xc074d55555555555ULL,
      0xc040aaaaaaaaaaabULL, 0xc00aaaaaaaaaaaabULL, 0xbfd5555555555555ULL, 0xbfa1111111111111ULL,
      0xbf6b4e81b4e81b4fULL, 0xbf35d867c3ece2a5ULL, 0xbf0179ec9cbd821eULL, 0xbecbf647612f3696ULL,
      0xbe965e9f80f29212ULL, 0xbe61e54c672874dbULL, 0xbe2ca213d840baf8ULL, 0xbdf6e80fe033c8c6ULL,
      0xbdc2533fe68fd3d2ULL, 0xbd8d51ffd74c861cULL, 0xbd5774ccac3d3817ULL, 0xbd22c3d6f030f9acULL,
      0xbcee0624b3818f79ULL, 0xbcb804ea293472c7ULL, 0xbc833721ba905bd3ULL, 0xbc4ebe9c5db3c61eULL,
      0xbc18987d17c304e5ULL, 0xbbe3ad30dfcf371dULL, 0xbbaf7b816618582fULL, 0xbb792f9ab81379bfULL,
      0xbb442615600f9499ULL, 0xbb101e77800c76e1ULL, 0xbad9ca58cce0be35ULL, 0xbaa4a1e0a3e6fe90ULL,
      0xba708180831f320dULL, 0xba3a68cd9e985016ULL, 0x446696695dbd1cc3ULL, 0x443211ede4974a35ULL,
      0x43fce97ca0f21056ULL, 0x43c7213080c1a6acULL, 0x439280f39a348556ULL, 0x435d9b1f5d20d557ULL,
      0x4327af4c4a80aaacULL, 0x42f2f2a36ecd5556ULL, 0x42be51057e155558ULL, 0x428840d131aaaaacULL,
      0x4253670dc1555557ULL, 0x421f0b4935555557ULL, 0x41e8d5d42aaaaaacULL, 0x41b3de4355555556ULL,
      0x417fca0555555556ULL, 0x41496e6aaaaaaaabULL, 0x4114585555555555ULL, 0x40e046aaaaaaaaabULL,
      0x40aa0aaaaaaaaaaaULL, 0x4074d55555555555ULL, 0x4040aaaaaaaaaaabULL, 0x400aaaaaaaaaaaabULL,
      0x3fd5555555555555ULL, 0x3fa1111111111111ULL, 0x3f6b4e81b4e81b4fULL, 0x3f35d867c3ece2a5ULL,
      0x3f0179ec9cbd821eULL, 0x3ecbf647612f3696ULL, 0x3e965e9f80f29212ULL, 0x3e61e54c672874dbULL,
      0x3e2ca213d840baf8ULL, 0x3df6e80fe033c8c6ULL, 0x3dc2533fe68fd3d2ULL, 0x3d8d51ffd74c861cULL,
      0x3d5774ccac3d3817ULL, 0x3d22c3d6f030f9acULL, 0x3cee0624b3818f79ULL, 0x3cb804ea293472c7ULL,
      0x3c833721ba905bd3ULL, 0x3c4ebe9c5db3c61eULL, 0x3c18987d17c304e5ULL, 0x3be3ad30dfcf371dULL,
      0x3baf7b816618582fULL, 0x3b792f9ab81379bfULL, 0x3b442615600f9499ULL, 0x3b101e77800c76e1ULL,
      0x3ad9ca58cce0be35ULL, 0x3aa4a1e0a3e6fe90ULL, 0x3a708180831f320dULL, 0x3a3a68cd9e985016ULL,
      0x4024000000000000ULL, 0x4014000000000000ULL, 0x3fe0000000000000ULL, 0x3fa999999999999aULL,
      0x3f747ae147ae147bULL, 0x3f40624dd2f1a9fcULL, 0x3f0a36e2eb1c432dULL, 0x3ed4f8b588e368f1ULL,
      0x3ea0c6f7a0b5ed8dULL, 0x3e6ad7f29abcaf48ULL, 0x3e35798ee2308c3aULL, 0x3ed539223589fa95ULL,
      0x3ed4ff26cd5a7781ULL, 0x3ed4f95a762283ffULL, 0x3ed4f8c60703520cULL, 0x3ed4f8b72f19cd0dULL,
      0x3ed4f8b5b31c0c8dULL, 0x3ed4f8b58d1c461aULL, 0x3ed4f8b5894f7f0eULL, 0x3ed4f8b588ee37f3ULL,
      0x3ed4f8b588e47da4ULL, 0x3ed4f8b588e3849cULL, 0x3ed4f8b588e36bb5ULL, 0x3ed4f8b588e36937ULL,
      0x3ed4f8b588e368f8ULL, 0x3ed4f8b588e368f1ULL, 0x3ff0000000000000ULL, 0xbff0000000000000ULL,
      0xbfeffffffffffffaULL, 0xbfeffffffffffffbULL, 0x3feffffffffffffaULL, 0x3feffffffffffffbULL,
      0x3feffffffffffffcULL, 0x3feffffffffffffeULL, 0xbfefffffffffffffULL, 0xbfefffffffffffffULL,
      0x3fefffffffffffffULL, 0x3fefffffffffffffULL, 0x3fd3333333333332ULL, 0x3fd3333333333333ULL,
      0x3fd3333333333334ULL, 0x0010000000000000ULL, 0x000ffffffffffffdULL, 0x000fffffffffffffULL,
      0x7fefffffffffffffULL, 0xffefffffffffffffULL, 0x4340000000000000ULL, 0xc340000000000000ULL,
      0x4430000000000000ULL, 0x44b52d02c7e14af5ULL, 0x44b52d02c7e14af6ULL, 0x44b52d02c7e14af7ULL,
      0x444b1ae4d6e2ef4eULL, 0x444b1ae4d6e2ef4fULL, 0x444b1ae4d6e2ef50ULL, 0x3eb0c6f7a0b5ed8cULL,
      0x3eb0c6f7a0b5ed8dULL, 0x41b3de4355555553ULL, 0x41b3de4355555554ULL, 0x41b3de4355555555ULL,
      0x41b3de4355555556ULL, 0x41b3de4355555557ULL, 0xbecbf647612f3696ULL, 0x43143ff3c1cb0959ULL,
  };
  ASSERT_GE(sodium_init(), 0);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::array<std::uint8_t, 32> block{};  // the random part starts from SHA-256 of 32 zero bytes
  std::size_t block_used = 4;            // 4 doubles per block; 4 = "need a new block"
  std::size_t idx = 0;
  auto next_random = [&]() {
    double f = 0.0;
    while (f == 0.0 || !std::isfinite(f)) {
      if (block_used == 4) {
        crypto_hash_sha256(block.data(), block.data(), block.size());
        block_used = 0;
      }
      std::uint64_t bits = 0;
      for (int b = 7; b >= 0; --b) {  // Float64Array reads little-endian
        bits = (bits << 8) | block[block_used * 8 + static_cast<std::size_t>(b)];
      }
      ++block_used;
      f = std::bit_cast<double>(bits);
    }
    return f;
  };
  constexpr std::size_t kStaticCount = std::size(kStatic);
  for (std::size_t line = 0; line < 100000; ++line, ++idx) {
    double f = 0;
    if (idx < kStaticCount) {
      f = std::bit_cast<double>(kStatic[idx]);
    } else if (idx < kStaticCount + 2000) {
      f = std::bit_cast<double>(0x0010000000000000ULL + (idx - kStaticCount));
    } else {
      f = next_random();
    }
    const auto bits = std::bit_cast<std::uint64_t>(f);
    // JavaScript's BigInt toString(16): lowercase, no leading zeros.
    std::string hex = hex_encode(std::array<std::uint8_t, 8>{
        static_cast<std::uint8_t>(bits >> 56), static_cast<std::uint8_t>(bits >> 48),
        static_cast<std::uint8_t>(bits >> 40), static_cast<std::uint8_t>(bits >> 32),
        static_cast<std::uint8_t>(bits >> 24), static_cast<std::uint8_t>(bits >> 16),
        static_cast<std::uint8_t>(bits >> 8), static_cast<std::uint8_t>(bits)});
    const auto nz = hex.find_first_not_of('0');
    hex = nz == std::string::npos ? "0" : hex.substr(nz);
    const std::string text = hex + "," + es6_number_to_string(f) + "\n";
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(text.data()),
                              text.size());
  }
  std::array<std::uint8_t, 32> digest{};
  crypto_hash_sha256_final(&st, digest.data());
  EXPECT_EQ(hex_encode(digest), "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7");
}

// Shortest round trip: the text parses back to the same double, for random bit patterns.
TEST(Es6Number, RandomDoublesRoundTrip) {
  std::mt19937_64 rng(testing::test_seed());
  for (int i = 0; i < 20000; ++i) {
    const double d = std::bit_cast<double>(rng());
    if (!std::isfinite(d)) continue;
    const std::string s = es6_number_to_string(d);
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), d == 0 ? 0.0 : d) << s;
  }
}

// ---- jcs_canonicalize ----

TEST(Jcs, IntegersAreRoundedToDoublesFirst) {
  // RFC 8785 §3.2.2.3: JSON numbers are IEEE 754 doubles; 2^53+1 is not one.
  auto got = jcs_canonicalize_text(
      "[9007199254740993, 18446744073709551615, -9223372036854775808, -0, -0.0, 1.0, "
      "1E400000000000000000000]");
  EXPECT_THAT(got, HasError(ErrorCode::kMalformed));  // 1e400... is out of range
  got = jcs_canonicalize_text(
      "[9007199254740993,18446744073709551615,-9223372036854775808,-0,-0.0,1.0]");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(*got, "[9007199254740992,18446744073709552000,-9223372036854776000,0,0,1]");
}

TEST(Jcs, NonFiniteNumbersAreInvalidArgument) {
  Json j = Json::array({1, std::numeric_limits<double>::quiet_NaN()});
  auto r = jcs_canonicalize(j);
  ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(r.error().where, "/1");
  EXPECT_THAT(jcs_canonicalize(Json(std::numeric_limits<double>::infinity())),
              HasError(ErrorCode::kInvalidArgument));
  Json o;
  o["a"]["b"] = -std::numeric_limits<double>::infinity();
  r = jcs_canonicalize(o);
  ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(r.error().where, "/a/b");
}

TEST(Jcs, MembersSortByUtf16CodeUnitsNotUtf8Bytes) {
  // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 but after it in UTF-8 order.
  Json o = Json::object();
  o["\xEF\xAC\xB3"] = 1;      // U+FB33
  o["\xF0\x9F\x98\x80"] = 2;  // U+1F600
  o["\xC3\xB6"] = 3;          // U+00F6
  o["a"] = 4;
  auto r = jcs_canonicalize(o);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, "{\"a\":4,\"\xC3\xB6\":3,\"\xF0\x9F\x98\x80\":2,\"\xEF\xAC\xB3\":1}");
}

TEST(Jcs, ObjectsInsideObjectsEachSortByTheirOwnNames) {
  // The outer object's names are all below U+10000 (byte order is the canonical order there);
  // the inner one needs re-sorting, and a third level inside it does not again.
  Json inner = Json::object();
  inner["\xF0\x9F\x98\x80"] = Json::object({{"z", 1}, {"b", Json::array({true, nullptr})}});
  inner["\xEF\xAC\xB3"] = "x";
  Json o = Json::object({{"b", inner}, {"a", 1}, {"\xC3\xB6", Json::array()}});
  auto r = jcs_canonicalize(o);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r,
            "{\"a\":1,\"b\":{\"\xF0\x9F\x98\x80\":{\"b\":[true,null],\"z\":1},"
            "\"\xEF\xAC\xB3\":\"x\"},\"\xC3\xB6\":[]}");
}

TEST(Jcs, ErrorPointersEscapeNamesAndCountElements) {
  // RFC 6901 §3: "~" is written "~0" and "/" is written "~1" in a reference token.
  Json o = Json::object(
      {{"ok", 1}, {"a/b", Json::array({0, Json::object({{"m~n", std::string("\xC0\xAF")}})})}});
  auto r = jcs_canonicalize(o);
  ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(r.error().where, "/a~1b/1/m~0n");
  // A bad member name is named by its own (escaped) pointer, in either sorting path.
  for (const std::string other : {"a", "\xF0\x9F\x98\x80"}) {
    Json bad = Json::object({{"k", Json::object({{other, 1}, {std::string("\xED\xA0\x80"), 2}})}});
    r = jcs_canonicalize(bad);
    ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(r.error().where, "/k/\xED\xA0\x80");
  }
}

TEST(Jcs, StringEscapesAreExactlyTheJsonStringifyOnes) {
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
  all_controls += "\"\\/\x7f\xC2\x80\xE2\x80\xA8";  // '/', DEL, U+0080, U+2028 stay raw
  auto r = jcs_canonicalize(Json(all_controls));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r,
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
            "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\x7f\xC2\x80\xE2\x80\xA8\"");
}

TEST(Jcs, InvalidUtf8InAProgrammaticValueIsRejected) {
  auto r = jcs_canonicalize(Json::object({{"k", std::string("\xC0\xAF")}}));  // overlong '/'
  ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(r.error().where, "/k");
  EXPECT_THAT(jcs_canonicalize(Json::object({{std::string("\xED\xA0\x80"), 1}})),  // surrogate
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(jcs_canonicalize(Json(std::string("\xF4\x90\x80\x80"))),  // above U+10FFFF
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(jcs_canonicalize(Json(std::string("\xE2\x82"))),  // truncated
              HasError(ErrorCode::kInvalidArgument));
}

TEST(Jcs, LiteralsEmptyContainersAndNoWhitespace) {
  auto r =
      jcs_canonicalize_text(" { \"b\" : [ ] , \"a\" : { } , \"c\" : [ null , true , false ] } ");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, "{\"a\":{},\"b\":[],\"c\":[null,true,false]}");
}

TEST(Jcs, TextInputIsParsedStrictly) {
  EXPECT_THAT(jcs_canonicalize_text("{\"a\":1,\"a\":2}"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(jcs_canonicalize_text("[1,]"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(jcs_canonicalize_text("\"\\ud800\""), HasError(ErrorCode::kMalformed));
}

TEST(Jcs, BinaryValuesHaveNoJsonForm) {
  EXPECT_THAT(jcs_canonicalize(Json::binary({1, 2, 3})), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace plx
