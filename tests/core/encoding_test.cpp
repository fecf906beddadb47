// hex, base64, base64url and base58btc: RFC 4648 §10 and Bitcoin Core known answers, random
// round trips, and the strictness that gives every byte string exactly one spelling.
#include "plx/core/encoding.hpp"

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace plx {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

Bytes random_bytes(std::mt19937_64& rng, std::size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

// The "where" of a decoding error, for asserting the reported offset.
template <class R>
std::string where_of(const R& r) {
  return r.has_value() ? "(no error)" : r.error().where;
}

// ---- RFC 4648 §10 test vectors ----

struct Rfc4648Case {
  const char* input;
  const char* base64;
  const char* base16;
};
constexpr Rfc4648Case kRfc4648[] = {
    {"", "", ""},
    {"f", "Zg==", "66"},
    {"fo", "Zm8=", "666F"},
    {"foo", "Zm9v", "666F6F"},
    {"foob", "Zm9vYg==", "666F6F62"},
    {"fooba", "Zm9vYmE=", "666F6F6261"},
    {"foobar", "Zm9vYmFy", "666F6F626172"},
};

TEST(Hex, Rfc4648KnownAnswers) {
  for (const auto& c : kRfc4648) {
    std::string lower = c.base16;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(hex_encode(as_bytes(c.input)), lower);
    auto upper = hex_decode(c.base16);  // the RFC spells it in upper case
    ASSERT_THAT(upper, IsOk());
    EXPECT_EQ(*upper, to_bytes(c.input));
    auto low = hex_decode(lower);
    ASSERT_THAT(low, IsOk());
    EXPECT_EQ(*low, to_bytes(c.input));
  }
}

TEST(Hex, RejectsOddLengthAndNonHexWithOffset) {
  auto r = hex_decode("abc");
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 3");
  r = hex_decode("00g0");
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 2");
  EXPECT_EQ(where_of(hex_decode("0x00")), "offset 1");
  EXPECT_EQ(where_of(hex_decode("00 11")), "offset 2");
  EXPECT_EQ(where_of(hex_decode(" 0011")), "offset 0");
  EXPECT_EQ(where_of(hex_decode("0011\n")), "offset 4");
  EXPECT_THAT(hex_decode(std::string("00\0", 3)), HasError(ErrorCode::kMalformed));
}

TEST(Hex, AllByteValuesRoundTrip) {
  Bytes all(256);
  for (std::size_t i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string h = hex_encode(all);
  EXPECT_EQ(h.substr(0, 8), "00010203");
  EXPECT_EQ(h.substr(h.size() - 4), "feff");
  auto back = hex_decode(h);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, all);
}

TEST(Base64, Rfc4648KnownAnswers) {
  for (const auto& c : kRfc4648) {
    EXPECT_EQ(base64_encode(as_bytes(c.input)), c.base64);
    auto d = base64_decode(c.base64);
    ASSERT_THAT(d, IsOk()) << c.base64;
    EXPECT_EQ(*d, to_bytes(c.input));
  }
}

TEST(Base64Url, Rfc4648KnownAnswersWithoutPadding) {
  for (const auto& c : kRfc4648) {
    std::string nopad = c.base64;
    while (!nopad.empty() && nopad.back() == '=') nopad.pop_back();
    EXPECT_EQ(base64url_encode(as_bytes(c.input)), nopad);
    auto d = base64url_decode(nopad);
    ASSERT_THAT(d, IsOk()) << nopad;
    EXPECT_EQ(*d, to_bytes(c.input));
  }
}

TEST(Base64Url, UsesTheUrlAlphabet) {
  const Bytes b = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64url_encode(b), "-_-_");
  EXPECT_EQ(base64_encode(b), "+/+/");
  auto d = base64url_decode("-_-_");
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(*d, b);
  // Each alphabet rejects the other's two extra characters.
  EXPECT_EQ(where_of(base64url_decode("+/+/")), "offset 0");
  EXPECT_EQ(where_of(base64url_decode("AA/A")), "offset 2");
  EXPECT_EQ(where_of(base64_decode("-_-_")), "offset 0");
  EXPECT_EQ(where_of(base64_decode("AA_A")), "offset 2");
}

TEST(Base64Url, RejectsPaddingWhitespaceAndForeignCharacters) {
  EXPECT_EQ(where_of(base64url_decode("Zg==")), "offset 2");
  EXPECT_EQ(where_of(base64url_decode("Zm8=")), "offset 3");
  EXPECT_EQ(where_of(base64url_decode("Zm 9v")), "offset 2");
  EXPECT_EQ(where_of(base64url_decode("Zm9v\n")), "offset 4");
  EXPECT_EQ(where_of(base64url_decode("\tZm9v")), "offset 0");
  EXPECT_EQ(where_of(base64url_decode("Zm9v.")), "offset 4");
  EXPECT_EQ(where_of(base64url_decode("Zm\xc3\xa9")), "offset 2");
  EXPECT_THAT(base64url_decode(std::string("Zm9v\0", 5)), HasError(ErrorCode::kMalformed));
}

TEST(Base64Url, RejectsLength4kPlus1) {
  auto r = base64url_decode("A");
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 0");
  EXPECT_EQ(where_of(base64url_decode("Zm9vA")), "offset 4");
  EXPECT_EQ(where_of(base64url_decode("Zm9vYmFyA")), "offset 8");
}

TEST(Base64Url, RejectsNonZeroTrailingBits) {
  // "Zg" is 'f'; "Zh".."Zv" carry the same byte with non-zero unused bits.
  EXPECT_THAT(base64url_decode("Zg"), IsOk());
  for (const char* bad : {"Zh", "Zi", "Zj", "Zk", "Zv", "Z_"}) {
    auto r = base64url_decode(bad);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << bad;
    EXPECT_EQ(r.error().where, "offset 1") << bad;
  }
  // "Zm8" is "fo"; "Zm9".."Zm-" differ only in the two unused bits.
  EXPECT_THAT(base64url_decode("Zm8"), IsOk());
  for (const char* bad : {"Zm9", "Zm-", "Zm_", "Zm/"}) {
    auto r = base64url_decode(bad);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << bad;
    EXPECT_EQ(r.error().where, "offset 2") << bad;
  }
}

TEST(Base64, RequiresCanonicalPadding) {
  for (const char* bad :
       {"Zg", "Zg=", "Zm8", "Zg===", "Zm8==", "Zm9v=", "Zm9v====", "=",
        "==", "====", "Z===", "Zg=A", "Z=g=", "Zm=v", "Zg==Zg==", "Zm9vYg=", "Zm9vYg"}) {
    EXPECT_THAT(base64_decode(bad), HasError(ErrorCode::kMalformed)) << bad;
  }
  EXPECT_EQ(where_of(base64_decode("Zg=A")), "offset 2");
  EXPECT_EQ(where_of(base64_decode("Zg")), "offset 2");
  EXPECT_EQ(where_of(base64_decode("Zg==Zg==")), "offset 2");
}

TEST(Base64, RejectsNonZeroTrailingBitsAndWhitespace) {
  EXPECT_THAT(base64_decode("Zg=="), IsOk());
  EXPECT_EQ(where_of(base64_decode("Zh==")), "offset 1");
  EXPECT_EQ(where_of(base64_decode("Zm9=")), "offset 2");
  EXPECT_EQ(where_of(base64_decode("Zm9v\r\nYmFy")), "offset 4");
  EXPECT_EQ(where_of(base64_decode(" Zm9v")), "offset 0");
  EXPECT_EQ(where_of(base64_decode("Zm9v ")), "offset 4");
}

// ---- base58btc ----

TEST(Base58Btc, KnownAnswers) {
  // Bitcoin Core's src/test/data/base58_encode_decode.json, plus the usual text examples.
  const struct {
    const char* hex;
    const char* b58;
  } cases[] = {
      {"", ""},
      {"61", "2g"},
      {"626262", "a3gV"},
      {"636363", "aPEr"},
      {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
      {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
      {"516b6fcd0f", "ABnLTmg"},
      {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
      {"572e4794", "3EFU7m"},
      {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
      {"10c8511e", "Rt5zm"},
      {"00000000000000000000", "1111111111"},
      {"0000287fb4cd", "11233QC4"},
      {"00", "1"},
      {"0000", "11"},
  };
  for (const auto& c : cases) {
    const Bytes b = testing::unhex(c.hex);
    EXPECT_EQ(base58btc_encode(b), c.b58) << c.hex;
    auto d = base58btc_decode(c.b58);
    ASSERT_THAT(d, IsOk()) << c.b58;
    EXPECT_EQ(*d, b) << c.b58;
  }
  EXPECT_EQ(base58btc_encode(as_bytes("Hello World!")), "2NEpo7TZRRrLZSi2U");
  EXPECT_EQ(base58btc_encode(as_bytes("The quick brown fox jumps over the lazy dog.")),
            "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
  auto hw = base58btc_decode("2NEpo7TZRRrLZSi2U");
  ASSERT_THAT(hw, IsOk());
  EXPECT_EQ(to_string(*hw), "Hello World!");
}

// Powers of 58 cross every digit-group boundary of the encoder: 58^k is "2" then k "1"s, and
// 58^k - 1 is k "z"s (the largest k-digit number).
TEST(Base58Btc, PowersOfTheBase) {
  Bytes power = {1};  // big-endian 58^k
  for (std::size_t k = 1; k <= 60; ++k) {
    unsigned carry = 0;
    for (auto it = power.rbegin(); it != power.rend(); ++it) {
      carry += 58u * *it;
      *it = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    if (carry != 0) power.insert(power.begin(), static_cast<std::uint8_t>(carry));
    EXPECT_EQ(base58btc_encode(power), "2" + std::string(k, '1')) << k;
    Bytes below = power;
    for (auto it = below.rbegin(); it != below.rend(); ++it) {
      if ((*it)-- != 0) break;  // borrow on through the zero bytes
    }
    while (!below.empty() && below.front() == 0) below.erase(below.begin());
    EXPECT_EQ(base58btc_encode(below), std::string(k, 'z')) << k;
  }
}

TEST(Base58Btc, RejectsCharactersOutsideTheAlphabet) {
  for (const char c : std::string("0OIl+/= \n-_")) {
    std::string s = "2NEpo7";
    s.insert(s.begin() + 3, c);
    auto r = base58btc_decode(s);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << s;
    EXPECT_EQ(r.error().where, "offset 3");
  }
  EXPECT_THAT(base58btc_decode(std::string("1\0", 2)), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(base58btc_decode("\xc3\xa9"), HasError(ErrorCode::kMalformed));
}

TEST(Base58Btc, LeadingZerosMapToLeadingOnes) {
  for (std::size_t zeros = 0; zeros < 5; ++zeros) {
    Bytes b(zeros, 0);
    b.push_back(0x01);
    b.push_back(0x00);
    const std::string s = base58btc_encode(b);
    EXPECT_EQ(s.find_first_not_of('1'), zeros) << s;
    auto d = base58btc_decode(s);
    ASSERT_THAT(d, IsOk());
    EXPECT_EQ(*d, b);
  }
}

// ---- random round trips and canonicality ----

TEST(Encodings, RandomRoundTrips) {
  std::mt19937_64 rng(testing::test_seed());
  for (std::size_t n = 0; n < 80; ++n) {
    for (int rep = 0; rep < 8; ++rep) {
      Bytes b = random_bytes(rng, n);
      if (rep == 0 && n > 0) b[0] = 0;  // leading zeros matter to base58
      if (rep == 1 && n > 1) b[0] = b[1] = 0;
      auto h = hex_decode(hex_encode(b));
      ASSERT_THAT(h, IsOk());
      EXPECT_EQ(*h, b);
      auto u = base64url_decode(base64url_encode(b));
      ASSERT_THAT(u, IsOk());
      EXPECT_EQ(*u, b);
      auto p = base64_decode(base64_encode(b));
      ASSERT_THAT(p, IsOk());
      EXPECT_EQ(*p, b);
      auto z = base58btc_decode(base58btc_encode(b));
      ASSERT_THAT(z, IsOk());
      EXPECT_EQ(*z, b);
    }
  }
}

// Any text that decodes must be the encoder's output for those bytes: no second spelling.
TEST(Encodings, EveryAcceptedTextIsCanonical) {
  std::mt19937_64 rng(testing::test_seed() ^ 0x5eed);
  const std::string b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::string b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  const std::string hex = "0123456789abcdef";
  auto random_text = [&](const std::string& alphabet, std::size_t n) {
    std::string s(n, ' ');
    for (auto& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  int accepted_url = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::size_t n = rng() % 24;
    const std::string u = random_text(b64url, n);
    if (auto d = base64url_decode(u); d.has_value()) {
      ++accepted_url;
      EXPECT_EQ(base64url_encode(*d), u);
    }
    std::string p = random_text(b64, n);
    if (rng() % 2 == 0 && !p.empty()) p.back() = '=';
    if (rng() % 4 == 0 && p.size() > 1) p[p.size() - 2] = '=';
    if (auto d = base64_decode(p); d.has_value()) {
      EXPECT_EQ(base64_encode(*d), p);
    }
    const std::string z = random_text(b58, n);
    auto dz = base58btc_decode(z);
    ASSERT_THAT(dz, IsOk());
    EXPECT_EQ(base58btc_encode(*dz), z);
    const std::string h = random_text(hex, n);
    if (auto d = hex_decode(h); d.has_value()) {
      EXPECT_EQ(hex_encode(*d), h);
    }
  }
  EXPECT_GT(accepted_url, 100);  // the property was exercised, not vacuously true
}

// Tamper loop (Tink style): flipping any bit of any character of an encoding either fails to
// decode or decodes to different bytes.
TEST(Encodings, BitFlipsNeverYieldTheSameBytes) {
  std::mt19937_64 rng(testing::test_seed() ^ 0xf11b);
  const Bytes b = random_bytes(rng, 17);
  const std::string texts[] = {base64url_encode(b), base64_encode(b), base58btc_encode(b),
                               hex_encode(b)};
  for (int which = 0; which < 4; ++which) {
    const std::string& t = texts[which];
    for (std::size_t i = 0; i < t.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string m = t;
        m[i] = static_cast<char>(m[i] ^ (1 << bit));
        Result<Bytes> d = which == 0   ? base64url_decode(m)
                          : which == 1 ? base64_decode(m)
                          : which == 2 ? base58btc_decode(m)
                                       : hex_decode(m);
        if (d.has_value() && which == 3) {
          // Hex accepts upper case: a case flip (bit 5 of a letter) is the one allowed alias.
          if ((1 << bit) == 0x20 && std::isalpha(static_cast<unsigned char>(t[i]))) continue;
        }
        if (d.has_value()) {
          EXPECT_NE(*d, b) << which << " " << m;
        }
      }
    }
    // Truncation at every length either fails or decodes to different bytes.
    for (std::size_t len = 0; len < t.size(); ++len) {
      const std::string m = t.substr(0, len);
      Result<Bytes> d = which == 0   ? base64url_decode(m)
                        : which == 1 ? base64_decode(m)
                        : which == 2 ? base58btc_decode(m)
                                     : hex_decode(m);
      if (d.has_value()) {
        EXPECT_NE(*d, b) << which << " " << m;
      }
    }
  }
}

}  // namespace
}  // namespace plx
