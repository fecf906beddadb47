// JWK import/export, private JWKs, key-use checks and thumbprints (crypto/jwk.hpp).
// Known answers from the RFCs live in jose_vectors_test.cpp; this file covers behaviour and the
// negative cases: every member missing, of the wrong type, of the wrong length, non-canonical,
// off the curve, unsupported, and a private "d" that does not belong to its public part.
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plx/core/encoding.hpp"
#include "plx/core/json.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "crypto_test_keys.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using testkeys::fixed_key;
using testkeys::fixed_secret;

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::unhex;
using ::testing::HasSubstr;
using ::testing::Not;




std::string secret_text(const SecretBytes& s) { return std::string(as_string_view(s.expose_secret())); }

Json parse(std::string_view text) {
  auto j = json_parse(text);
  EXPECT_THAT(j, IsOk()) << text;
  return j.has_value() ? *std::move(j) : Json();
}

std::string b64(const Bytes& b) { return base64url_encode(b); }


std::size_t coord_size(KeyType t) { return t == KeyType::kP384 ? 48 : 32; }
bool is_ec(KeyType t) {
  return t == KeyType::kSecp256k1 || t == KeyType::kP256 || t == KeyType::kP384;
}

// ---------------------------------------------------------------------------------------------
// Round trips, per key type.

class JwkPerType : public ::testing::TestWithParam<KeyType> {};

TEST_P(JwkPerType, PublicRoundTrip) {
  const KeyType type = GetParam();
  const PrivateKey key = fixed_key(type);
  const Json jwk = public_key_to_jwk(key.public_key());

  EXPECT_EQ(jwk.at("kty"), is_ec(type) ? "EC" : "OKP");
  EXPECT_EQ(jwk.at("crv"), std::string(key_type_name(type)));
  EXPECT_FALSE(jwk.contains("d"));
  const Bytes x = *base64url_decode(jwk.at("x").get<std::string>());
  EXPECT_EQ(x.size(), coord_size(type));
  if (is_ec(type)) {
    const Bytes y = *base64url_decode(jwk.at("y").get<std::string>());
    EXPECT_EQ(y.size(), coord_size(type));
    // x||y is the uncompressed point without its 0x04 prefix.
    Bytes point = {0x04};
    append(point, x);
    append(point, y);
    EXPECT_EQ(point, key.public_key().uncompressed());
    EXPECT_EQ(jwk.size(), 4u);
  } else {
    EXPECT_EQ(x, key.public_key().raw());
    EXPECT_FALSE(jwk.contains("y"));
    EXPECT_EQ(jwk.size(), 3u);
  }

  auto back = public_key_from_jwk(jwk);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, key.public_key());
}

TEST_P(JwkPerType, PrivateRoundTrip) {
  const KeyType type = GetParam();
  const PrivateKey key = fixed_key(type);
  const SecretBytes text = private_key_to_jwk(key);

  // Compact JSON with the public members plus "d", in lexicographic member order.
  const Json pub = public_key_to_jwk(key.public_key());
  std::string expected = "{\"crv\":\"" + pub.at("crv").get<std::string>() + "\",\"d\":\"" +
                         b64(Bytes(key.secret().expose_secret().begin(),
                                   key.secret().expose_secret().end())) +
                         "\",\"kty\":\"" + pub.at("kty").get<std::string>() + "\",\"x\":\"" +
                         pub.at("x").get<std::string>();
  if (is_ec(type)) expected += "\",\"y\":\"" + pub.at("y").get<std::string>();
  expected += "\"}";
  EXPECT_EQ(secret_text(text), expected);

  auto back = private_key_from_jwk(text.expose_secret());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->type(), type);
  EXPECT_TRUE(back->secret() == key.secret());
  EXPECT_EQ(back->public_key(), key.public_key());

  // The public import reads the same text and ignores "d".
  auto pub_back = public_key_from_jwk(parse(secret_text(text)));
  ASSERT_THAT(pub_back, IsOk());
  EXPECT_EQ(*pub_back, key.public_key());
}

TEST_P(JwkPerType, ThumbprintAgreesWithGenericJsonThumbprint) {
  const PrivateKey key = fixed_key(GetParam());
  const std::string tp = jwk_thumbprint(key.public_key());
  EXPECT_EQ(tp.size(), 43u);

  Json jwk = public_key_to_jwk(key.public_key());
  auto generic = jwk_thumbprint(jwk);
  ASSERT_THAT(generic, IsOk());
  EXPECT_EQ(*generic, tp);

  // Optional members and "d" do not enter the thumbprint (RFC 7638 §3.2).
  jwk["kid"] = "some-kid";
  jwk["alg"] = "whatever";
  jwk["use"] = "sig";
  jwk["d"] = b64(Bytes(key.secret().expose_secret().begin(), key.secret().expose_secret().end()));
  auto with_extras = jwk_thumbprint(jwk);
  ASSERT_THAT(with_extras, IsOk());
  EXPECT_EQ(*with_extras, tp);

  auto input = jwk_thumbprint_input(jwk);
  ASSERT_THAT(input, IsOk());
  EXPECT_THAT(*input, Not(HasSubstr(" ")));
  EXPECT_THAT(*input, Not(HasSubstr("kid")));
  EXPECT_THAT(*input, Not(HasSubstr("\"d\"")));
  EXPECT_EQ(input->rfind("{\"crv\":", 0), 0u);
  const auto digest = sha256(as_bytes(*input));
  EXPECT_EQ(base64url_encode(digest), tp);
}

TEST_P(JwkPerType, DistinctKeysHaveDistinctThumbprints) {
  const KeyType type = GetParam();
  auto other = PrivateKey::generate(type);
  ASSERT_THAT(other, IsOk());
  EXPECT_NE(jwk_thumbprint(fixed_key(type).public_key()), jwk_thumbprint(other->public_key()));
}

TEST_P(JwkPerType, GeneratedKeysRoundTrip) {
  const KeyType type = GetParam();
  for (int i = 0; i < 8; ++i) {
    auto key = PrivateKey::generate(type);
    ASSERT_THAT(key, IsOk());
    auto pub = public_key_from_jwk(public_key_to_jwk(key->public_key()));
    ASSERT_THAT(pub, IsOk());
    EXPECT_EQ(*pub, key->public_key());
    const SecretBytes text = private_key_to_jwk(*key);
    auto priv = private_key_from_jwk(text.expose_secret());
    ASSERT_THAT(priv, IsOk());
    EXPECT_TRUE(priv->secret() == key->secret());
  }
}

// A wrong length for x (and y) in either direction, and a leading zero byte (a BigInt-style
// encoding that RFC 7518 §6.2.1.2 forbids: "MUST be the full size of a coordinate").
TEST_P(JwkPerType, CoordinateOfWrongLengthIsRejected) {
  const KeyType type = GetParam();
  const Json good = public_key_to_jwk(fixed_key(type).public_key());
  const std::vector<std::string> members = is_ec(type) ? std::vector<std::string>{"x", "y"}
                                                       : std::vector<std::string>{"x"};
  for (const std::string& m : members) {
    const Bytes value = *base64url_decode(good.at(m).get<std::string>());
    std::vector<Bytes> bad = {Bytes(value.begin(), value.end() - 1), Bytes{}, Bytes(1, 0)};
    Bytes longer = {0x00};
    append(longer, value);
    bad.push_back(longer);
    Bytes trailing = value;
    trailing.push_back(0x00);
    bad.push_back(trailing);
    for (const Bytes& b : bad) {
      Json jwk = good;
      jwk[m] = b64(b);
      auto r = public_key_from_jwk(jwk);
      ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << m << " of " << b.size() << " bytes";
      EXPECT_EQ(r.error().where, "/" + m);
    }
  }
}

// The same bytes in every other spelling: padding, the standard alphabet, whitespace, non-zero
// unused bits, a character outside the alphabet.
TEST_P(JwkPerType, NonCanonicalBase64UrlIsRejected) {
  const KeyType type = GetParam();
  const Json good = public_key_to_jwk(fixed_key(type).public_key());
  const std::string x = good.at("x").get<std::string>();
  std::vector<std::string> spellings = {x + "=", x + "==", " " + x, x + " ", x + "\n",
                                        x.substr(0, 10) + " " + x.substr(10), x + ".", "", "A"};
  // Non-zero unused trailing bits: 32 and 48 bytes leave 2 and 0 unused bits. For 32 bytes the
  // last character carries 4 data bits + 2 unused ones; flipping the lowest changes only those.
  if (x.size() % 4 != 0) {
    const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string odd = x;
    odd.back() = alphabet[alphabet.find(x.back()) ^ 1];
    spellings.push_back(odd);
  }
  // Standard alphabet: replace the first '-' or '_' (if the value has one) by '+' or '/'.
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == '-' || x[i] == '_') {
      std::string std_alpha = x;
      std_alpha[i] = x[i] == '-' ? '+' : '/';
      spellings.push_back(std_alpha);
      break;
    }
  }
  for (const std::string& s : spellings) {
    Json jwk = good;
    jwk["x"] = s;
    auto r = public_key_from_jwk(jwk);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << "x = \"" << s << "\"";
    EXPECT_EQ(r.error().where, "/x");
  }
}

TEST_P(JwkPerType, MembersMustBeStrings) {
  const KeyType type = GetParam();
  const Json good = public_key_to_jwk(fixed_key(type).public_key());
  std::vector<std::string> members = {"kty", "crv", "x"};
  if (is_ec(type)) members.push_back("y");
  const std::vector<Json> non_strings = {Json(nullptr), Json(1), Json(true), Json::array(),
                                         Json::object(), Json::array({good.at("x")})};
  for (const std::string& m : members) {
    for (const Json& v : non_strings) {
      Json jwk = good;
      jwk[m] = v;
      auto r = public_key_from_jwk(jwk);
      ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << m << " = " << v.dump();
      EXPECT_EQ(r.error().where, "/" + m);
    }
    Json missing = good;
    missing.erase(m);
    auto r = public_key_from_jwk(missing);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << "without " << m;
    EXPECT_EQ(r.error().where, "/" + m);
  }
}

// The private scalar/seed must be present, a string, of the exact length, canonical, and must
// belong to x/y. Error messages never quote it.
TEST_P(JwkPerType, PrivateJwkNegatives) {
  const KeyType type = GetParam();
  const PrivateKey key = fixed_key(type);
  const Json good = parse(secret_text(private_key_to_jwk(key)));
  const std::string d = good.at("d").get<std::string>();
  const Bytes d_bytes = *base64url_decode(d);

  struct Case {
    std::string name;
    Json jwk;
  };
  std::vector<Case> cases;
  auto with_d = [&](const std::string& name, const Json& v) {
    Json j = good;
    j["d"] = v;
    cases.push_back({name, j});
  };
  Json no_d = good;
  no_d.erase("d");
  cases.push_back({"missing d", no_d});
  with_d("d null", Json(nullptr));
  with_d("d number", Json(7));
  with_d("d array", Json::array({d}));
  with_d("d short", b64(Bytes(d_bytes.begin(), d_bytes.end() - 1)));
  Bytes longer = {0x00};
  append(longer, d_bytes);
  with_d("d with a leading zero", b64(longer));
  Bytes trailing = d_bytes;
  trailing.push_back(0);
  with_d("d with a trailing zero", b64(trailing));
  with_d("d padded", d + "=");
  with_d("d with a space", " " + d.substr(1));
  with_d("d empty", "");
  if (d.size() % 4 != 0) {
    const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string odd = d;
    odd.back() = alphabet[alphabet.find(d.back()) ^ 1];
    with_d("d with non-zero unused bits", odd);
  }
  // Another valid key's d: well-formed, but not the key that x/y describe.
  auto other = PrivateKey::generate(type);
  ASSERT_THAT(other, IsOk());
  with_d("d of another key", b64(Bytes(other->secret().expose_secret().begin(),
                                       other->secret().expose_secret().end())));
  if (is_ec(type)) {
    with_d("d = 0", b64(Bytes(coord_size(type), 0)));
    with_d("d = 2^k - 1 (>= n)", b64(Bytes(coord_size(type), 0xff)));
  }

  for (const Case& c : cases) {
    const std::string text = json_dump(c.jwk);
    auto r = private_key_from_jwk(as_bytes(text));
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << c.name;
    EXPECT_EQ(r.error().where, "/d") << c.name;
    if (c.jwk.contains("d") && c.jwk.at("d").is_string() && c.jwk.at("d").get<std::string>().size() > 8) {
      EXPECT_THAT(r.error().to_string(), Not(HasSubstr(c.jwk.at("d").get<std::string>().substr(0, 8))))
          << c.name;
    }
    EXPECT_THAT(r.error().to_string(), Not(HasSubstr(d.substr(0, 8)))) << c.name;
  }

  // A mismatching public part, the other way round: the right d with another key's x.
  Json other_x = good;
  const Json other_pub = public_key_to_jwk(other->public_key());
  other_x["x"] = other_pub.at("x");
  if (is_ec(type)) other_x["y"] = other_pub.at("y");
  const std::string text = json_dump(other_x);
  auto r = private_key_from_jwk(as_bytes(text));
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "/d");
}

INSTANTIATE_TEST_SUITE_P(AllKeyTypes, JwkPerType, ::testing::ValuesIn(testkeys::kAllKeyTypes), testkeys::key_type_param_name);

// ---------------------------------------------------------------------------------------------
// Unsupported and malformed JWKs.

TEST(JwkImport, UnsupportedKeyTypesAndCurves) {
  const std::string x32 = b64(Bytes(32, 1));
  const std::string x66 = b64(Bytes(66, 1));
  struct Case {
    Json jwk;
    std::string where;
  };
  const std::vector<Case> cases = {
      {{{"kty", "RSA"}, {"n", "0vx7"}, {"e", "AQAB"}}, "/kty"},
      {{{"kty", "oct"}, {"k", "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T"}}, "/kty"},
      {{{"kty", ""}, {"crv", "Ed25519"}, {"x", x32}}, "/kty"},
      {{{"kty", "ec"}, {"crv", "P-256"}, {"x", x32}, {"y", x32}}, "/kty"},
      {{{"kty", "EC"}, {"crv", "P-521"}, {"x", x66}, {"y", x66}}, "/crv"},
      {{{"kty", "EC"}, {"crv", "P-256K"}, {"x", x32}, {"y", x32}}, "/crv"},
      {{{"kty", "EC"}, {"crv", "p-256"}, {"x", x32}, {"y", x32}}, "/crv"},
      {{{"kty", "EC"}, {"crv", "Ed25519"}, {"x", x32}}, "/crv"},
      {{{"kty", "OKP"}, {"crv", "P-256"}, {"x", x32}, {"y", x32}}, "/crv"},
      {{{"kty", "OKP"}, {"crv", "Ed448"}, {"x", b64(Bytes(57, 1))}}, "/crv"},
      {{{"kty", "OKP"}, {"crv", "X448"}, {"x", b64(Bytes(56, 1))}}, "/crv"},
      {{{"kty", "OKP"}, {"crv", "secp256k1"}, {"x", x32}}, "/crv"},
  };
  for (const Case& c : cases) {
    auto r = public_key_from_jwk(c.jwk);
    ASSERT_THAT(r, HasError(ErrorCode::kUnsupported)) << c.jwk.dump();
    EXPECT_EQ(r.error().where, c.where) << c.jwk.dump();
    const std::string text = json_dump(c.jwk);
    EXPECT_THAT(private_key_from_jwk(as_bytes(text)), HasError(ErrorCode::kUnsupported));
  }
  auto k = public_key_from_jwk(cases[5].jwk);
  ASSERT_FALSE(k.has_value());
  EXPECT_THAT(k.error().message, HasSubstr("secp256k1"));  // points to the RFC 8812 name
}

TEST(JwkImport, NotAnObject) {
  const Json okp_in_array = Json::array({Json{{"kty", "OKP"}}});
  for (const Json& j : {Json(nullptr), Json(1), Json("jwk"), Json::array(), okp_in_array}) {
    EXPECT_THAT(public_key_from_jwk(j), HasError(ErrorCode::kMalformed)) << j.dump();
    EXPECT_THAT(jwk_thumbprint(j), HasError(ErrorCode::kMalformed)) << j.dump();
    EXPECT_THAT(jwk_permits_verify(j, Algorithm::kES256), HasError(ErrorCode::kMalformed));
    const std::string text = json_dump(j);
    EXPECT_THAT(private_key_from_jwk(as_bytes(text)), HasError(ErrorCode::kMalformed)) << text;
  }
}

TEST(JwkImport, PrivateTextThatIsNotJsonDoesNotEchoTheText) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  const std::string good = secret_text(private_key_to_jwk(key));
  const std::string d = parse(good).at("d").get<std::string>();
  const std::vector<std::string> bad = {
      good.substr(0, good.size() - 1),                       // truncated
      good + "x",                                            // trailing garbage
      "{\"d\":\"" + d + "\" \"kty\":\"OKP\"}",               // missing comma right after d
      "{\"d\":\"" + d + "\",\"d\":\"" + d + "\"}",           // duplicate member
      "{\"crv\":\"Ed25519\",\"d\":\"" + d + "\x01\"}",       // control character in a string
      "{\"crv\":\"Ed25519\",\"d\":" + d + "}",               // d unquoted
      "",
  };
  for (const std::string& text : bad) {
    auto r = private_key_from_jwk(as_bytes(text));
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << text;
    EXPECT_THAT(r.error().to_string(), Not(HasSubstr(d.substr(0, 6)))) << r.error().to_string();
  }
}

TEST(JwkImport, PublicImportIgnoresD) {
  const PrivateKey key = fixed_key(KeyType::kP256);
  Json jwk = public_key_to_jwk(key.public_key());
  jwk["d"] = "not even base64!";
  auto r = public_key_from_jwk(jwk);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, key.public_key());
}

TEST(JwkImport, UnknownMembersAreIgnored) {
  // RFC 7517 §4: members that are not understood MUST be ignored.
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  Json jwk = public_key_to_jwk(key.public_key());
  jwk["kid"] = "k";
  jwk["ext"] = true;
  jwk["y"] = 5;  // not an OKP member
  jwk["x5c"] = Json::array({"MIIB"});
  auto r = public_key_from_jwk(jwk);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, key.public_key());
}

// Points that are not on the curve must never become a PublicKey (invalid-curve attacks).
TEST(JwkImport, OffCurvePointsAreRejected) {
  for (KeyType type : {KeyType::kSecp256k1, KeyType::kP256, KeyType::kP384}) {
    const std::size_t n = coord_size(type);
    const Json good = public_key_to_jwk(fixed_key(type).public_key());
    Bytes y = *base64url_decode(good.at("y").get<std::string>());
    y.back() ^= 1;
    std::vector<std::pair<Bytes, Bytes>> points = {
        {*base64url_decode(good.at("x").get<std::string>()), y},
        {Bytes(n, 0), Bytes(n, 0)},
        {Bytes(n, 0), Bytes(n, 1)},
        {Bytes(n, 0xff), Bytes(n, 0xff)},  // coordinates >= p
    };
    for (const auto& [px, py] : points) {
      Json jwk = good;
      jwk["x"] = b64(px);
      jwk["y"] = b64(py);
      auto r = public_key_from_jwk(jwk);
      ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << key_type_name(type) << " " << jwk.dump();
      EXPECT_EQ(r.error().where, "/y");
    }
  }
}

// A valid point of one curve presented as another: the coordinates are the right size for P-256
// and secp256k1 alike, and only the on-curve check tells them apart.
TEST(JwkImport, PointOfAnotherCurveIsRejected) {
  const Json p256 = public_key_to_jwk(fixed_key(KeyType::kP256).public_key());
  Json as_k1 = p256;
  as_k1["crv"] = "secp256k1";
  EXPECT_THAT(public_key_from_jwk(as_k1), HasError(ErrorCode::kMalformed));

  const Json k1 = public_key_to_jwk(fixed_key(KeyType::kSecp256k1).public_key());
  Json as_p256 = k1;
  as_p256["crv"] = "P-256";
  EXPECT_THAT(public_key_from_jwk(as_p256), HasError(ErrorCode::kMalformed));

  // The right curve with coordinates of another curve's size.
  const Json p384 = public_key_to_jwk(fixed_key(KeyType::kP384).public_key());
  Json p256_sized_as_p384 = p256;
  p256_sized_as_p384["crv"] = "P-384";
  auto r = public_key_from_jwk(p256_sized_as_p384);
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "/x");
  Json p384_as_p256 = p384;
  p384_as_p256["crv"] = "P-256";
  EXPECT_THAT(public_key_from_jwk(p384_as_p256), HasError(ErrorCode::kMalformed));
}

TEST(JwkImport, EcWithoutY) {
  const Json ec = public_key_to_jwk(fixed_key(KeyType::kP256).public_key());
  Json no_y = ec;
  no_y.erase("y");
  auto r = public_key_from_jwk(no_y);
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "/y");
}

// ---------------------------------------------------------------------------------------------
// Thumbprints of JSON JWKs.

TEST(JwkThumbprint, RequiredMembersPerKty) {
  const Json rsa = {{"kty", "RSA"}, {"n", "nnn"}, {"e", "AQAB"}, {"kid", "x"}, {"alg", "RS256"}};
  auto in = jwk_thumbprint_input(rsa);
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(*in, R"({"e":"AQAB","kty":"RSA","n":"nnn"})");

  const Json oct = {{"kty", "oct"}, {"k", "c2VjcmV0"}, {"use", "sig"}};
  in = jwk_thumbprint_input(oct);
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(*in, R"({"k":"c2VjcmV0","kty":"oct"})");

  const Json ec = {{"y", "Y"}, {"x", "X"}, {"kty", "EC"}, {"crv", "P-521"}, {"d", "D"}};
  in = jwk_thumbprint_input(ec);
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(*in, R"({"crv":"P-521","kty":"EC","x":"X","y":"Y"})");

  const Json okp = {{"x", "X"}, {"kty", "OKP"}, {"crv", "Ed448"}};
  in = jwk_thumbprint_input(okp);
  ASSERT_THAT(in, IsOk());
  EXPECT_EQ(*in, R"({"crv":"Ed448","kty":"OKP","x":"X"})");
}

TEST(JwkThumbprint, Errors) {
  EXPECT_THAT(jwk_thumbprint(Json{{"kty", "EC"}, {"crv", "P-256"}, {"x", "X"}}),
              HasError(ErrorCode::kMalformed));
  auto r = jwk_thumbprint(Json{{"kty", "RSA"}, {"n", "N"}, {"e", 3}});
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "/e");
  EXPECT_THAT(jwk_thumbprint(Json{{"kty", "oct"}}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(jwk_thumbprint(Json{{"crv", "P-256"}}), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(jwk_thumbprint(Json{{"kty", "XYZ"}, {"x", "X"}}), HasError(ErrorCode::kUnsupported));
  EXPECT_THAT(jwk_thumbprint(Json{{"kty", 1}}), HasError(ErrorCode::kMalformed));
}

// ---------------------------------------------------------------------------------------------
// jwk_permits_verify (RFC 7517 §4.2-4.4).

TEST(JwkPermitsVerify, AbsentMembersAllowEverything) {
  const Json jwk = public_key_to_jwk(fixed_key(KeyType::kP256).public_key());
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kES256), IsOk());
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), IsOk());  // alg/key binding is jws_verify's
}

TEST(JwkPermitsVerify, Use) {
  Json jwk = public_key_to_jwk(fixed_key(KeyType::kP256).public_key());
  jwk["use"] = "sig";
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kES256), IsOk());
  for (const char* use : {"enc", "SIG", "", "sig "}) {
    jwk["use"] = use;
    auto r = jwk_permits_verify(jwk, Algorithm::kES256);
    ASSERT_THAT(r, HasError(ErrorCode::kPermissionDenied)) << use;
    EXPECT_EQ(r.error().where, "/use");
  }
  jwk["use"] = Json::array({"sig"});
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kES256), HasError(ErrorCode::kMalformed));
}

TEST(JwkPermitsVerify, KeyOps) {
  Json jwk = public_key_to_jwk(fixed_key(KeyType::kEd25519).public_key());
  jwk["key_ops"] = Json::array({"verify"});
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), IsOk());
  jwk["key_ops"] = Json::array({"sign", "verify"});
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), IsOk());
  jwk["key_ops"] = Json::array({"encrypt"});
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), HasError(ErrorCode::kPermissionDenied));
  jwk["key_ops"] = Json::array();
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), HasError(ErrorCode::kPermissionDenied));
  jwk["key_ops"] = Json::array({"verify", "verify"});
  auto r = jwk_permits_verify(jwk, Algorithm::kEdDSA);
  ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(r.error().where, "/key_ops/1");
  jwk["key_ops"] = "verify";
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), HasError(ErrorCode::kMalformed));
  jwk["key_ops"] = Json::array({"verify", 1});
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA), HasError(ErrorCode::kMalformed));
}

TEST(JwkPermitsVerify, Alg) {
  Json jwk = public_key_to_jwk(fixed_key(KeyType::kP256).public_key());
  jwk["alg"] = "ES256";
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kES256), IsOk());
  for (const char* alg : {"ES521", "ES224", "ES384", "es256", "none", "HS256"}) {
    jwk["alg"] = alg;
    auto r = jwk_permits_verify(jwk, Algorithm::kES256);
    ASSERT_THAT(r, HasError(ErrorCode::kPermissionDenied)) << alg;
    EXPECT_EQ(r.error().where, "/alg");
  }
  jwk["alg"] = nullptr;
  EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kES256), HasError(ErrorCode::kMalformed));
}

}  // namespace
}  // namespace plx::crypto
