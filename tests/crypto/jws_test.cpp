// JWS compact serialization (crypto/jws.hpp): sign/parse/verify behaviour and the negative
// cases. Each tamper loop must never yield an accepted JWS: flip every bit of every character of
// each part, truncate at every length, swap "alg", pad, insert whitespace, duplicate a header
// member, change the number of parts, and bind a token to a key of another type.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plx/core/encoding.hpp"
#include "plx/core/json.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/jws.hpp"
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
using ::testing::AnyOf;
using ::testing::HasSubstr;

constexpr KeyType kSigningTypes[] = {KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kP256,
                                     KeyType::kP384};



std::string alg_of(KeyType type) { return std::string(algorithm_name(*algorithm_for(type))); }

// A compact JWS over an arbitrary header text, signed correctly with `key`. Lets the tests build
// headers that jws_sign refuses to produce (duplicates, bad "crit", whitespace, CRLF).
std::string make_compact(const PrivateKey& key, std::string_view header_text, ByteSpan payload) {
  std::string input = base64url_encode(as_bytes(header_text)) + "." + base64url_encode(payload);
  auto sig = sign(key, as_bytes(input));
  EXPECT_THAT(sig, IsOk());
  return input + "." + base64url_encode(sig.value_or(Bytes{}));
}


const Bytes kPayload = to_bytes("{\"iss\":\"did:example:123\",\"n\":1}");

JwsVerifyOptions understanding(std::set<std::string, std::less<>> names) {
  JwsVerifyOptions o;
  o.understood_crit = std::move(names);
  return o;
}

// The three error codes a rejected JWS may carry; anything else (kInternal, ...) is a bug.
auto IsRejection() {
  return AnyOf(HasError(ErrorCode::kMalformed), HasError(ErrorCode::kVerificationFailed),
               HasError(ErrorCode::kUnsupported));
}

// ---------------------------------------------------------------------------------------------
// Per signing key type.

class JwsPerType : public ::testing::TestWithParam<KeyType> {};

TEST_P(JwsPerType, SignParseVerify) {
  const PrivateKey key = fixed_key(GetParam());
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());

  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->header, Json({{"alg", alg_of(GetParam())}}));
  EXPECT_EQ(as_string_view(*base64url_decode(parsed->header_b64)),
            "{\"alg\":\"" + alg_of(GetParam()) + "\"}");
  EXPECT_EQ(parsed->payload, kPayload);
  EXPECT_EQ(parsed->signature.size(), signature_size(*algorithm_for(GetParam())));
  EXPECT_EQ(parsed->signing_input() + "." + base64url_encode(parsed->signature), *compact);

  auto verified = jws_verify(*compact, key.public_key());
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->payload, kPayload);
  EXPECT_EQ(verified->header, parsed->header);
}

TEST_P(JwsPerType, SignerInterfaceProducesVerifiableTokens) {
  const PrivateKey key = fixed_key(GetParam());
  auto signer = make_signer(key.clone());
  ASSERT_THAT(signer, IsOk());
  auto compact = jws_sign(**signer, kPayload, {.header = {{"kid", "did:example:123#key-1"}}});
  ASSERT_THAT(compact, IsOk());
  auto verified = jws_verify(*compact, key.public_key());
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->header.at("kid"), "did:example:123#key-1");
}

TEST_P(JwsPerType, WrongKeyOfTheSameTypeFails) {
  const PrivateKey key = fixed_key(GetParam());
  auto other = PrivateKey::generate(GetParam());
  ASSERT_THAT(other, IsOk());
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  EXPECT_THAT(jws_verify(*compact, other->public_key()), HasError(ErrorCode::kVerificationFailed));
}

// Flip every bit of every character in each part. The strict decoder means that a flipped
// character either is not base64url, or changes the decoded bytes, or sets unused bits: none of
// these may verify.
TEST_P(JwsPerType, FlipEveryBitOfEveryPart) {
  const PrivateKey key = fixed_key(GetParam());
  auto compact = jws_sign(key, kPayload, {.header = {{"typ", "JWT"}}});
  ASSERT_THAT(compact, IsOk());
  ASSERT_THAT(jws_verify(*compact, key.public_key()), IsOk());
  int tried = 0;
  for (std::size_t i = 0; i < compact->size(); ++i) {
    if ((*compact)[i] == '.') continue;
    for (int bit = 0; bit < 8; ++bit) {
      std::string t = *compact;
      t[i] = static_cast<char>(static_cast<unsigned char>(t[i]) ^ (1u << bit));
      ASSERT_THAT(jws_verify(t, key.public_key()), IsRejection()) << "char " << i << " bit " << bit;
      ++tried;
    }
  }
  EXPECT_GT(tried, 8 * 100);
}

TEST_P(JwsPerType, TruncateAtEveryLength) {
  const PrivateKey key = fixed_key(GetParam());
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  for (std::size_t n = 0; n < compact->size(); ++n) {
    ASSERT_THAT(jws_verify(compact->substr(0, n), key.public_key()), IsRejection()) << n;
  }
  // Dropping a prefix is no better.
  for (std::size_t n = 1; n < compact->size(); ++n) {
    ASSERT_THAT(jws_verify(compact->substr(n), key.public_key()), IsRejection()) << n;
  }
}

TEST_P(JwsPerType, SignatureOfAnyOtherLengthFails) {
  const PrivateKey key = fixed_key(GetParam());
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  const Bytes& sig = parsed->signature;
  std::vector<Bytes> variants = {{}, Bytes(sig.begin(), sig.end() - 1), Bytes(1, 0)};
  Bytes longer = sig;
  longer.push_back(0);
  variants.push_back(longer);
  Bytes prefixed = {0};
  append(prefixed, sig);
  variants.push_back(prefixed);
  for (const Bytes& v : variants) {
    const std::string t = parsed->signing_input() + "." + base64url_encode(v);
    EXPECT_THAT(jws_verify(t, key.public_key()), HasError(ErrorCode::kVerificationFailed))
        << v.size();
  }
}

// The signature of one key type, labelled as every other algorithm, verified with a key of
// every other type: never accepted, and a mismatch is kVerificationFailed with a clear message.
TEST_P(JwsPerType, AlgorithmIsBoundToTheKeyType) {
  const KeyType type = GetParam();
  const PrivateKey key = fixed_key(type);
  for (KeyType other : kSigningTypes) {
    if (other == type) continue;
    const PrivateKey other_key = fixed_key(other);
    auto compact = jws_sign(key, kPayload);
    ASSERT_THAT(compact, IsOk());
    auto r = jws_verify(*compact, other_key.public_key());
    ASSERT_THAT(r, HasError(ErrorCode::kVerificationFailed));
    EXPECT_THAT(r.error().message,
                HasSubstr("alg " + alg_of(type) + " does not match key type " +
                          std::string(key_type_name(other))));
    EXPECT_EQ(r.error().where, "header/alg");

    // The same signature relabelled with the other key's alg, verified with our own key.
    const std::string relabelled_header = "{\"alg\":\"" + alg_of(other) + "\"}";
    auto parsed = jws_parse(*compact);
    ASSERT_THAT(parsed, IsOk());
    const std::string relabelled = base64url_encode(as_bytes(relabelled_header)) + "." +
                                   parsed->payload_b64 + "." + base64url_encode(parsed->signature);
    EXPECT_THAT(jws_verify(relabelled, key.public_key()), HasError(ErrorCode::kVerificationFailed));
    EXPECT_THAT(jws_verify(relabelled, other_key.public_key()),
                HasError(ErrorCode::kVerificationFailed));
  }
}

// "none" and the HMAC/RSA/other algorithms are unsupported however the rest of the token looks,
// including an HS256 "signature" made with the public key bytes as the HMAC key (the classic
// RS256->HS256 confusion needs the verifier to run HMAC at all; here it never does).
TEST_P(JwsPerType, UnsupportedAlgorithmsAreRejected) {
  const PrivateKey key = fixed_key(GetParam());
  const std::string payload_b64 = base64url_encode(kPayload);
  const Bytes fake_mac = Bytes(32, 0xab);
  for (const char* alg : {"none", "None", "NONE", "HS256", "HS384", "HS512", "RS256", "PS256",
                          "ES512", "ES256k", "EdDSA ", "Ed25519", "", "ES256 "}) {
    const std::string header = std::string("{\"alg\":\"") + alg + "\"}";
    for (const std::string& sig : {std::string(), base64url_encode(fake_mac)}) {
      const std::string t = base64url_encode(as_bytes(header)) + "." + payload_b64 + "." + sig;
      auto r = jws_verify(t, key.public_key());
      ASSERT_THAT(r, HasError(ErrorCode::kUnsupported)) << alg;
      EXPECT_EQ(r.error().where, "header/alg");
    }
    // Also when the token carries a real signature of this key.
    const std::string signed_token = make_compact(key, header, kPayload);
    EXPECT_THAT(jws_verify(signed_token, key.public_key()), HasError(ErrorCode::kUnsupported))
        << alg;
  }
}

INSTANTIATE_TEST_SUITE_P(SigningKeyTypes, JwsPerType, ::testing::ValuesIn(kSigningTypes),
                         testkeys::key_type_param_name);

// ---------------------------------------------------------------------------------------------
// Signing.

TEST(JwsSign, HeaderHasAlgFirstThenCallerMembersCompactly) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  auto compact = jws_sign(key, kPayload,
                          {.header = {{"typ", "JWT"}, {"kid", "k1"}, {"x", {{"b", 1}, {"a", {1, 2}}}}}});
  ASSERT_THAT(compact, IsOk());
  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(as_string_view(*base64url_decode(parsed->header_b64)),
            R"({"alg":"EdDSA","kid":"k1","typ":"JWT","x":{"a":[1,2],"b":1}})");
}

TEST(JwsSign, Ed25519IsDeterministic) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  auto a = jws_sign(key, kPayload);
  auto b = jws_sign(key, kPayload);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(*a, *b);
  auto signer = make_signer(key.clone());
  ASSERT_THAT(signer, IsOk());
  auto c = jws_sign(**signer, kPayload);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(*a, *c);
}

TEST(JwsSign, CallerMayNotSetAlg) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  for (const Json& alg : {Json("EdDSA"), Json("none"), Json(nullptr)}) {
    auto r = jws_sign(key, kPayload, {.header = {{"alg", alg}}});
    ASSERT_THAT(r, HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(r.error().where, "header/alg");
  }
}

TEST(JwsSign, HeaderMustBeAnObject) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  for (const Json& h : {Json(nullptr), Json::array(), Json("x"), Json(1)}) {
    EXPECT_THAT(jws_sign(key, kPayload, {.header = h}), HasError(ErrorCode::kInvalidArgument));
  }
}

TEST(JwsSign, CritIsCheckedWhenSigning) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  auto ok = jws_sign(key, kPayload, {.header = {{"crit", {"exp"}}, {"exp", 1}}});
  ASSERT_THAT(ok, IsOk());
  EXPECT_THAT(jws_verify(*ok, key.public_key(), understanding({"exp"})), IsOk());
  for (const Json& h : {Json{{"crit", {"exp"}}}, Json{{"crit", Json::array()}},
                        Json{{"crit", "exp"}, {"exp", 1}}, Json{{"crit", {"kid"}}, {"kid", "k"}}}) {
    EXPECT_THAT(jws_sign(key, kPayload, {.header = h}), HasError(ErrorCode::kInvalidArgument))
        << h.dump();
  }
}

TEST(JwsSign, X25519CannotSign) {
  const PrivateKey key = fixed_key(KeyType::kX25519);
  EXPECT_THAT(jws_sign(key, kPayload), HasError(ErrorCode::kUnsupported));
}

TEST(JwsSign, BinaryAndEmptyPayloadsAreKeptExactly) {
  const PrivateKey key = fixed_key(KeyType::kP256);
  Bytes all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<std::uint8_t>(i));
  for (const Bytes& payload : {Bytes{}, all_bytes, Bytes(1, 0), to_bytes("\r\n \"x\"")}) {
    auto compact = jws_sign(key, payload);
    ASSERT_THAT(compact, IsOk());
    auto verified = jws_verify(*compact, key.public_key());
    ASSERT_THAT(verified, IsOk());
    EXPECT_EQ(verified->payload, payload);
  }
}

// A Signer that hands back a DER signature (or any wrong length) must not yield a token.
class WrongLengthSigner final : public Signer {
 public:
  explicit WrongLengthSigner(PrivateKey key) : key_(std::move(key)) {}
  Algorithm algorithm() const noexcept override { return Algorithm::kES256; }
  const PublicKey& public_key() const noexcept override { return key_.public_key(); }
  Result<Bytes> sign(ByteSpan message) const override {
    PLX_TRY(Bytes sig, crypto::sign(key_, message));
    sig.push_back(0);
    return sig;
  }

 private:
  PrivateKey key_;
};

TEST(JwsSign, SignerReturningTheWrongLengthIsAnInternalError) {
  const WrongLengthSigner signer(fixed_key(KeyType::kP256));
  EXPECT_THAT(jws_sign(signer, kPayload), HasError(ErrorCode::kInternal));
}

// ---------------------------------------------------------------------------------------------
// Parsing.

TEST(JwsParse, WrongNumberOfParts) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  const std::string& c = *compact;
  const std::size_t last = c.rfind('.');
  const std::vector<std::string> bad = {
      "", ".", "a", "a.b", c.substr(0, last), c + ".", c + "." + c.substr(last + 1),
      c + ".." , "...", "....", "eyJhbGciOiJFZERTQSJ9", c.substr(0, last) + "..sig",
  };
  for (const std::string& t : bad) {
    EXPECT_THAT(jws_parse(t), HasError(ErrorCode::kMalformed)) << t;
    EXPECT_THAT(jws_verify(t, key.public_key()), HasError(ErrorCode::kMalformed)) << t;
  }
  // JSON serialization is not the compact form.
  const Json json_form = {{"payload", base64url_encode(kPayload)},
                          {"protected", c.substr(0, c.find('.'))},
                          {"signature", c.substr(last + 1)}};
  EXPECT_THAT(jws_parse(json_dump(json_form)), HasError(ErrorCode::kMalformed));
}

TEST(JwsParse, ErrorsNameThePart) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  const std::string h = parsed->header_b64, p = parsed->payload_b64,
                    s = base64url_encode(parsed->signature);
  struct Case {
    std::string token;
    std::string where_prefix;
  };
  const std::vector<Case> cases = {
      {h + "=." + p + "." + s, "header"},     {h + "." + p + "=." + s, "payload"},
      {h + "." + p + "." + s + "=", "signature"}, {h + "." + p + "." + s + "==", "signature"},
      {" " + h + "." + p + "." + s, "header"}, {h + "." + p + " ." + s, "payload"},
      {h + "." + p + ".\n" + s, "signature"}, {h + "." + p + "." + s + "\t", "signature"},
      {h + "." + p + "+." + s, "payload"},    {h + "." + p + "." + s.substr(0, 10) + "/" + s.substr(11), "signature"},
  };
  for (const Case& c : cases) {
    auto r = jws_parse(c.token);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << c.token;
    EXPECT_EQ(r.error().where.rfind(c.where_prefix, 0), 0u) << r.error().where;
    EXPECT_THAT(jws_verify(c.token, key.public_key()), HasError(ErrorCode::kMalformed));
  }
}

// Padding and whitespace anywhere in the text, even where a lenient decoder would skip them.
TEST(JwsParse, PaddingAndWhitespaceAnywhereAreRejected) {
  const PrivateKey key = fixed_key(KeyType::kP256);
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  for (std::size_t i = 0; i <= compact->size(); ++i) {
    for (const char* ins : {"=", " ", "\n", "\r\n", "\t", "==", "%3D"}) {
      std::string t = *compact;
      t.insert(i, ins);
      ASSERT_THAT(jws_verify(t, key.public_key()), IsRejection()) << i << " " << ins;
    }
  }
}

TEST(JwsParse, HeaderMustBeAJsonObjectWithAStringAlg) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  const std::vector<std::string> headers = {
      "",        "[]",  "\"EdDSA\"",          "1",         "null",
      "{",       "{}",  "{\"alg\":null}",     "{\"alg\":1}", "{\"alg\":[\"EdDSA\"]}",
      "{\"ALG\":\"EdDSA\"}", "{\"alg\":\"EdDSA\"} x", "{\"alg\":\"EdDSA\",}",
      "\xEF\xBB\xBF{\"alg\":\"EdDSA\"}",  // UTF-8 byte order mark
      "{\"alg\":\"EdDSA\",\"kid\":\"\xC3\x28\"}",  // invalid UTF-8
  };
  for (const std::string& h : headers) {
    const std::string t = make_compact(key, h, kPayload);
    auto r = jws_parse(t);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << h;
    EXPECT_EQ(r.error().where.rfind("header", 0), 0u) << r.error().where;
    EXPECT_THAT(jws_verify(t, key.public_key()), HasError(ErrorCode::kMalformed)) << h;
  }
}

// RFC 7515 §5.2 step 4: a header with duplicate member names is rejected, even when the token is
// correctly signed and both values agree.
TEST(JwsParse, DuplicateHeaderMembersAreRejected) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  for (const char* h : {R"({"alg":"EdDSA","alg":"EdDSA"})", R"({"alg":"none","alg":"EdDSA"})",
                        R"({"alg":"EdDSA","kid":"a","kid":"b"})",
                        R"({"alg":"EdDSA","x":{"a":1,"a":2}})",
                        R"({"alg":"EdDSA","k\u0069d":"a","kid":"b"})"}) {
    const std::string t = make_compact(key, h, kPayload);
    EXPECT_THAT(jws_parse(t), HasError(ErrorCode::kMalformed)) << h;
    EXPECT_THAT(jws_verify(t, key.public_key()), HasError(ErrorCode::kMalformed)) << h;
  }
}

TEST(JwsParse, KidIsReadableBeforeVerification) {
  const PrivateKey key = fixed_key(KeyType::kSecp256k1);
  auto compact = jws_sign(key, kPayload, {.header = {{"kid", "#key-2"}}});
  ASSERT_THAT(compact, IsOk());
  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->header.at("kid"), "#key-2");
  EXPECT_EQ(parsed->header.at("alg"), "ES256K");
}

// ---------------------------------------------------------------------------------------------
// Verification details.

// The signature covers the received octets; a header with whitespace and CRLF (as in RFC 7515
// A.1) verifies as sent.
TEST(JwsVerify, SignsTheExactHeaderOctets) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  for (const char* h : {"{\"typ\":\"JWT\",\r\n \"alg\":\"EdDSA\"}", " { \"alg\" : \"EdDSA\" } ",
                        "{\"alg\":\"EdDSA\",\n\t\"kid\":\"a\"}", "{\"alg\":\"Ed\\u0044SA\"}"}) {
    const std::string t = make_compact(key, h, kPayload);
    auto r = jws_verify(t, key.public_key());
    ASSERT_THAT(r, IsOk()) << h;
    EXPECT_EQ(as_string_view(*base64url_decode(r->header_b64)), h);
  }
}

TEST(JwsVerify, X25519KeyVerifiesNothing) {
  const PrivateKey signer = fixed_key(KeyType::kEd25519);
  const PrivateKey x = fixed_key(KeyType::kX25519);
  auto compact = jws_sign(signer, kPayload);
  ASSERT_THAT(compact, IsOk());
  EXPECT_THAT(jws_verify(*compact, x.public_key()), HasError(ErrorCode::kVerificationFailed));
}

// RFC 8812 does not require low-S, but our ES256K verifier does by default (signature.hpp).
// The JWS layer passes the option through.
TEST(JwsVerify, Es256kHighSFollowsTheVerifyOptions) {
  const PrivateKey key = fixed_key(KeyType::kSecp256k1);
  auto compact = jws_sign(key, kPayload);
  ASSERT_THAT(compact, IsOk());
  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  // s' = n - s, big-endian, with n the order of secp256k1.
  const Bytes n = unhex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  Bytes sig = parsed->signature;
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int v = int{n[i]} - int{sig[32 + i]} - borrow;
    borrow = v < 0 ? 1 : 0;
    sig[32 + i] = static_cast<std::uint8_t>(v + (borrow ? 256 : 0));
  }
  const std::string high_s = parsed->signing_input() + "." + base64url_encode(sig);
  EXPECT_THAT(jws_verify(high_s, key.public_key()), HasError(ErrorCode::kVerificationFailed));
  JwsVerifyOptions allow_high_s;
  allow_high_s.signature.allow_high_s = true;
  EXPECT_THAT(jws_verify(high_s, key.public_key(), allow_high_s), IsOk());
}

// RFC 7515 §4.1.11.
TEST(JwsVerify, Crit) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  const auto token = [&](const std::string& extra) {
    return make_compact(key, "{\"alg\":\"EdDSA\"" + extra + "}", kPayload);
  };
  const JwsVerifyOptions understands_exp = understanding({"exp", "nbf"});

  // Understood and present: accepted.
  EXPECT_THAT(jws_verify(token(",\"crit\":[\"exp\"],\"exp\":1"), key.public_key(), understands_exp),
              IsOk());
  EXPECT_THAT(jws_verify(token(",\"exp\":1,\"nbf\":0,\"crit\":[\"nbf\",\"exp\"]"), key.public_key(),
                         understands_exp),
              IsOk());

  // Not understood: rejected as unsupported, whatever else the token says.
  auto r = jws_verify(token(",\"crit\":[\"exp\"],\"exp\":1"), key.public_key());
  ASSERT_THAT(r, HasError(ErrorCode::kUnsupported));
  EXPECT_EQ(r.error().where, "header/crit/0");
  EXPECT_THAT(jws_verify(token(",\"crit\":[\"exp\",\"zzz\"],\"exp\":1,\"zzz\":2"),
                         key.public_key(), understands_exp),
              HasError(ErrorCode::kUnsupported));

  // Malformed "crit".
  for (const std::string& extra : std::vector<std::string>{
           ",\"crit\":[]", ",\"crit\":\"exp\",\"exp\":1", ",\"crit\":{\"exp\":1},\"exp\":1",
           ",\"crit\":null", ",\"crit\":[1]", ",\"crit\":[\"exp\",\"exp\"],\"exp\":1",
           ",\"crit\":[\"\"],\"\":1", ",\"crit\":[\"alg\"]", ",\"crit\":[\"kid\"],\"kid\":\"k\"",
           ",\"crit\":[\"crit\"]", ",\"crit\":[\"exp\"]" /* listed but absent */,
           ",\"crit\":[\"x5t#S256\"],\"x5t#S256\":\"a\"", ",\"crit\":[\"enc\"],\"enc\":\"A128GCM\""}) {
    EXPECT_THAT(jws_verify(token(extra), key.public_key(), understands_exp),
                HasError(ErrorCode::kMalformed))
        << extra;
  }
}

// RFC 7797 unencoded payloads: the middle part is the payload itself and is what gets signed.
TEST(JwsUnencodedPayload, SignsAndVerifiesTheRawOctets) {
  for (KeyType type : kSigningTypes) {
    const PrivateKey key = fixed_key(type);
    const Json header = {{"b64", false}, {"crit", {"b64"}}};
    auto t = jws_sign(key, to_bytes("raw payload, no dots"), {.header = header});
    ASSERT_THAT(t, IsOk()) << key_type_name(type);
    EXPECT_NE(t->find(".raw payload, no dots."), std::string::npos);
    auto v = jws_verify(*t, key.public_key());  // "b64" needs no understood_crit entry
    ASSERT_THAT(v, IsOk()) << key_type_name(type);
    EXPECT_EQ(to_string(v->payload), "raw payload, no dots");
    // The same payload base64url-encoded under that header is a different signing input.
    std::string swapped = *t;
    swapped.replace(swapped.find("raw payload, no dots"), 20,
                    base64url_encode(to_bytes("raw payload, no dots")));
    EXPECT_THAT(jws_verify(swapped, key.public_key()), HasError(ErrorCode::kVerificationFailed));
    // Flipping a payload character breaks the signature.
    std::string flipped = *t;
    flipped[flipped.find("raw") + 1] = 'b';
    EXPECT_THAT(jws_verify(flipped, key.public_key()), HasError(ErrorCode::kVerificationFailed));
  }
}

TEST(JwsUnencodedPayload, RulesOfRfc7797) {
  const PrivateKey key = fixed_key(KeyType::kEd25519);
  // b64 must be listed in crit (§6), be a boolean (§3), and the compact payload has no '.' (§5.2).
  EXPECT_THAT(jws_sign(key, kPayload, {.header = {{"b64", false}}}),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(jws_sign(key, kPayload, {.header = {{"b64", "false"}, {"crit", {"b64"}}}}),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(jws_sign(key, to_bytes("a.b"), {.header = {{"b64", false}, {"crit", {"b64"}}}}),
              HasError(ErrorCode::kInvalidArgument));
  const std::string no_crit = make_compact(key, R"({"alg":"EdDSA","b64":false})", kPayload);
  EXPECT_THAT(jws_parse(no_crit), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(jws_verify(no_crit, key.public_key()), HasError(ErrorCode::kMalformed));
  const std::string not_bool =
      make_compact(key, R"({"alg":"EdDSA","b64":0,"crit":["b64"]})", kPayload);
  EXPECT_THAT(jws_verify(not_bool, key.public_key()), HasError(ErrorCode::kMalformed));
  // "b64": true is the default form, spelled out.
  auto t = jws_sign(key, kPayload, {.header = {{"b64", true}, {"crit", {"b64"}}}});
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(jws_verify(*t, key.public_key()), IsOk());
}

// Swapping parts between two valid tokens of the same key never verifies.
TEST(JwsVerify, SplicedTokensFail) {
  const PrivateKey key = fixed_key(KeyType::kP256);
  auto a = jws_sign(key, to_bytes("payload a"), {.header = {{"kid", "a"}}});
  auto b = jws_sign(key, to_bytes("payload b"), {.header = {{"kid", "b"}}});
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  auto pa = jws_parse(*a);
  auto pb = jws_parse(*b);
  ASSERT_THAT(pa, IsOk());
  ASSERT_THAT(pb, IsOk());
  const std::string sa = base64url_encode(pa->signature), sb = base64url_encode(pb->signature);
  for (const std::string& t : {pa->header_b64 + "." + pb->payload_b64 + "." + sa,
                               pb->header_b64 + "." + pa->payload_b64 + "." + sa,
                               pa->header_b64 + "." + pa->payload_b64 + "." + sb}) {
    EXPECT_THAT(jws_verify(t, key.public_key()), HasError(ErrorCode::kVerificationFailed)) << t;
  }
}

}  // namespace
}  // namespace plx::crypto
