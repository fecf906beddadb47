// unsigned-varint, multibase and multicodec: spec examples, did:key examples, strictness.
#include "plx/core/multiformats.hpp"

#include <random>
#include <string>

#include "plx/core/encoding.hpp"
#include "test_support.hpp"

namespace plx {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::unhex;

// ---- unsigned varint ----

TEST(Varint, SpecExamples) {
  // multiformats/unsigned-varint README examples, plus the 9-byte maximum.
  const struct {
    std::uint64_t value;
    const char* hex;
  } cases[] = {
      {0, "00"},         {1, "01"},
      {127, "7f"},       {128, "8001"},
      {255, "ff01"},     {300, "ac02"},
      {16384, "808001"}, {0xed, "ed01"},
      {0x1200, "8024"},  {(1ULL << 63) - 1, "ffffffffffffffff7f"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(hex_encode(varint_encode(c.value)), c.hex) << c.value;
    auto d = varint_decode(unhex(c.hex));
    ASSERT_THAT(d, IsOk()) << c.hex;
    EXPECT_EQ(d->value, c.value);
    EXPECT_EQ(d->length, std::string(c.hex).size() / 2);
  }
}

TEST(Varint, DecodeStopsAtTheLastByteAndReportsLength) {
  auto d = varint_decode(unhex("ac02ffff"));
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(d->value, 300u);
  EXPECT_EQ(d->length, 2u);
}

TEST(Varint, AppendAppends) {
  Bytes out = {0xaa};
  varint_append(300, out);
  EXPECT_EQ(out, unhex("aaac02"));
}

TEST(Varint, RejectsEmptyAndTruncated) {
  auto r = varint_decode({});
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 0");
  for (const char* hex : {"80", "ff", "8080", "ffffffffffffffff"}) {
    auto t = varint_decode(unhex(hex));
    ASSERT_THAT(t, HasError(ErrorCode::kMalformed)) << hex;
    EXPECT_EQ(t.error().where, "offset " + std::to_string(std::string(hex).size() / 2));
  }
}

TEST(Varint, RejectsNonMinimalEncodings) {
  for (const char* hex : {"8000", "8100", "ff00", "808000", "ac8200",
                          "8080808080808080"
                          "00"}) {
    EXPECT_THAT(varint_decode(unhex(hex)), HasError(ErrorCode::kMalformed)) << hex;
  }
  // A zero that ends the varint is fine as a value of its own.
  EXPECT_THAT(varint_decode(unhex("00")), IsOk());
}

TEST(Varint, RejectsMoreThanNineBytesAnd2To63) {
  // 2^63 needs ten bytes: 80 x9 then 01.
  auto r = varint_decode(unhex("80808080808080808001"));
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 8");
  EXPECT_THAT(varint_decode(unhex("ffffffffffffffffff01")), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(varint_decode(unhex("ffffffffffffffffffff01")), HasError(ErrorCode::kMalformed));
  // Nine bytes whose last has no continuation bit is the largest accepted form.
  EXPECT_THAT(varint_decode(unhex("ffffffffffffffff7f")), IsOk());
}

TEST(VarintDeathTest, EncodingAbove2To63Minus1IsACallerBug) {
  EXPECT_DEATH((void)varint_encode(1ULL << 63), "PLX_CHECK");
}

TEST(Varint, RandomRoundTripsAcrossAllBitLengths) {
  std::mt19937_64 rng(testing::test_seed());
  for (unsigned bits = 0; bits <= 63; ++bits) {
    for (int rep = 0; rep < 50; ++rep) {
      const std::uint64_t v = bits == 0 ? 0 : (rng() >> (64 - bits)) | (1ULL << (bits - 1));
      const Bytes e = varint_encode(v);
      EXPECT_EQ(e.size(), bits == 0 ? 1u : (bits + 6) / 7);
      auto d = varint_decode(e);
      ASSERT_THAT(d, IsOk());
      EXPECT_EQ(d->value, v);
      EXPECT_EQ(d->length, e.size());
      // Every proper prefix is truncated.
      for (std::size_t len = 0; len < e.size(); ++len) {
        EXPECT_THAT(varint_decode(ByteSpan(e).first(len)), HasError(ErrorCode::kMalformed));
      }
    }
  }
}

// ---- multibase ----

TEST(Multibase, SpecTestVectorsForYesMani) {
  // multiformats/multibase tests/test1.csv, input "yes mani !".
  const Bytes data = to_bytes("yes mani !");
  const struct {
    Multibase base;
    const char* text;
  } cases[] = {
      {Multibase::kBase16, "f796573206d616e692021"},
      {Multibase::kBase58Btc, "z7paNL19xttacUY"},
      {Multibase::kBase64, "meWVzIG1hbmkgIQ"},
      {Multibase::kBase64Url, "ueWVzIG1hbmkgIQ"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(multibase_encode(c.base, data), c.text);
    auto d = multibase_decode(c.text);
    ASSERT_THAT(d, IsOk()) << c.text;
    EXPECT_EQ(d->base, c.base);
    EXPECT_EQ(d->data, data);
  }
}

TEST(Multibase, Base64IsUnpaddedStandardAlphabet) {
  const Bytes b = {0xfb, 0xff};
  EXPECT_EQ(multibase_encode(Multibase::kBase64, b), "m+/8");
  EXPECT_EQ(multibase_encode(Multibase::kBase64Url, b), "u-_8");
  EXPECT_THAT(multibase_decode("m+/8"), IsOk());
  // Padding, the url alphabet, and non-zero trailing bits are all refused.
  auto r = multibase_decode("m+/8=");
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 4");
  EXPECT_EQ(multibase_decode("m-_8").error().where, "offset 1");
  EXPECT_EQ(multibase_decode("m+/9").error().where, "offset 3");
  EXPECT_THAT(multibase_decode("meWVzIG1hbmkgIQ=="), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(multibase_decode("ueWVzIG1hbmkgIQ=="), HasError(ErrorCode::kMalformed));
}

TEST(Multibase, ErrorsPointIntoTheWholeText) {
  auto r = multibase_decode("z2NEp0");  // '0' is not base58
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 5");
  EXPECT_EQ(multibase_decode("f0g").error().where, "offset 2");
  EXPECT_EQ(multibase_decode("f0").error().where, "offset 2");  // odd length
  EXPECT_EQ(multibase_decode("uA").error().where, "offset 1");  // 4k+1
  EXPECT_EQ(multibase_decode("u Zg").error().where, "offset 1");
}

TEST(Multibase, Base16IsLowercaseOnly) {
  EXPECT_THAT(multibase_decode("fdeadbeef"), IsOk());
  auto r = multibase_decode("fdeadBeef");
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "offset 5");
}

TEST(Multibase, RejectsEmptyAndUnknownPrefixes) {
  EXPECT_THAT(multibase_decode(""), HasError(ErrorCode::kMalformed));
  // Real multibase codes we do not accept (uppercase hex, padded base64, base32, identity...)
  // and things that are no code at all.
  for (const char* t : {"F796573", "MeWVz", "UeWVz", "bpfsxg", "B", "Zabc",
                        "\x00"
                        "abc",
                        "1abc", "?", " z7paNL19xttacUY"}) {
    auto r =
        multibase_decode(std::string_view(t, t[0] == 0 ? 4 : std::char_traits<char>::length(t)));
    ASSERT_THAT(r, HasError(ErrorCode::kUnsupported)) << t;
    EXPECT_EQ(r.error().where, "offset 0");
  }
}

TEST(Multibase, EmptyPayloadIsJustThePrefix) {
  for (auto base :
       {Multibase::kBase16, Multibase::kBase58Btc, Multibase::kBase64, Multibase::kBase64Url}) {
    const std::string t = multibase_encode(base, {});
    EXPECT_EQ(t.size(), 1u);
    auto d = multibase_decode(t);
    ASSERT_THAT(d, IsOk());
    EXPECT_TRUE(d->data.empty());
  }
}

TEST(Multibase, RandomRoundTrips) {
  std::mt19937_64 rng(testing::test_seed());
  for (int i = 0; i < 400; ++i) {
    Bytes b(rng() % 70);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    if (!b.empty() && i % 3 == 0) b[0] = 0;
    for (auto base :
         {Multibase::kBase16, Multibase::kBase58Btc, Multibase::kBase64, Multibase::kBase64Url}) {
      auto d = multibase_decode(multibase_encode(base, b));
      ASSERT_THAT(d, IsOk());
      EXPECT_EQ(d->base, base);
      EXPECT_EQ(d->data, b);
    }
  }
}

// ---- multicodec ----

TEST(Multicodec, NamesFromTheTable) {
  EXPECT_EQ(multicodec_name(0xed), "ed25519-pub");
  EXPECT_EQ(multicodec_name(0xec), "x25519-pub");
  EXPECT_EQ(multicodec_name(0xe7), "secp256k1-pub");
  EXPECT_EQ(multicodec_name(0xea), "bls12_381-g1-pub");
  EXPECT_EQ(multicodec_name(0xeb), "bls12_381-g2-pub");
  EXPECT_EQ(multicodec_name(0xee), "bls12_381-g1g2-pub");
  EXPECT_EQ(multicodec_name(0x1200), "p256-pub");
  EXPECT_EQ(multicodec_name(0x1201), "p384-pub");
  EXPECT_EQ(multicodec_name(0x1202), "p521-pub");
  EXPECT_EQ(multicodec_name(0x1205), "rsa-pub");
  EXPECT_EQ(multicodec_name(0x1300), "ed25519-priv");
  EXPECT_EQ(multicodec_name(0x1301), "secp256k1-priv");
  EXPECT_EQ(multicodec_name(0x1302), "x25519-priv");
  EXPECT_EQ(multicodec_name(0x1306), "p256-priv");
  EXPECT_EQ(multicodec_name(0x1307), "p384-priv");
  EXPECT_EQ(multicodec_name(0x130a), "bls12_381-g2-priv");
  EXPECT_EQ(multicodec_name(0x00), std::nullopt);
  EXPECT_EQ(multicodec_name(0x12), std::nullopt);  // sha2-256: a real code, not a key type here
  EXPECT_EQ(multicodec_name(0xffffffffffffffffULL), std::nullopt);
}

TEST(Multicodec, DidKeyExamplesUnwrap) {
  // did:key spec examples: an Ed25519 key and a secp256k1 key.
  auto ed = multibase_decode("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
  ASSERT_THAT(ed, IsOk());
  auto v = multicodec_unwrap(ed->data);
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->code, 0xedu);
  EXPECT_EQ(hex_encode(v->data),
            "2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6");
  EXPECT_EQ(
      multibase_encode(Multibase::kBase58Btc, multicodec_wrap(Multicodec::kEd25519Pub, v->data)),
      "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");

  auto k1 = multibase_decode("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");
  ASSERT_THAT(k1, IsOk());
  auto w = multicodec_unwrap(k1->data);
  ASSERT_THAT(w, IsOk());
  EXPECT_EQ(w->code, 0xe7u);
  EXPECT_EQ(w->data.size(), 33u);
  EXPECT_EQ(w->data[0], 0x03);
}

TEST(Multicodec, WrapPrefixesTheVarintCode) {
  EXPECT_EQ(multicodec_wrap(Multicodec::kEd25519Pub, unhex("aabb")), unhex("ed01aabb"));
  EXPECT_EQ(multicodec_wrap(Multicodec::kP256Pub, unhex("02")), unhex("802402"));
  EXPECT_EQ(multicodec_wrap(Multicodec::kBls12381G2Priv, {}), unhex("8a26"));
}

TEST(Multicodec, UnwrapKeepsUnknownCodesAndRejectsBadVarints) {
  auto v = multicodec_unwrap(unhex("1220abcd"));
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->code, 0x12u);
  EXPECT_EQ(v->data, unhex("20abcd"));
  EXPECT_THAT(multicodec_unwrap({}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(multicodec_unwrap(unhex("ed")), HasError(ErrorCode::kMalformed));
  // 0xed spelled in three bytes (ed 81 00): a second spelling of the same key, refused.
  EXPECT_THAT(multicodec_unwrap(unhex("ed8100aabb")), HasError(ErrorCode::kMalformed));
}

}  // namespace
}  // namespace plx
