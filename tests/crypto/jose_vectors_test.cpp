// Known answers for JWK, JWS and thumbprints from /work/shared/vectors/jose (see its README.md):
// RFC 8037 Appendix A (Ed25519/X25519 in JOSE), RFC 7515 Appendix A (JWS examples), RFC 7638 §3.1
// (thumbprint), the RFC 7520 cookbook (jwk/, jws/, curve25519/) and the did:jwk spec examples.
// Algorithms outside our set (HS256, RS256, PS384, ES512/P-521) must parse exactly and then be
// rejected cleanly as unsupported.
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plx/core/encoding.hpp"
#include "plx/core/json.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

std::string str(const Json& j, const char* key) {
  EXPECT_TRUE(j.contains(key) && j.at(key).is_string()) << "vector lacks string member " << key;
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

Bytes secret_bytes(const SecretBytes& s) {
  return Bytes(s.expose_secret().begin(), s.expose_secret().end());
}

// One key of every type we verify with, for "this alg is unsupported whatever the key" checks.
std::vector<PublicKey> one_key_of_each_type() {
  std::vector<PublicKey> keys;
  for (KeyType t : {KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kP256, KeyType::kP384,
                    KeyType::kX25519}) {
    auto k = PrivateKey::generate(t);
    EXPECT_THAT(k, IsOk());
    if (k.has_value()) keys.push_back(k->public_key());
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// RFC 8037 Appendix A.

class Rfc8037 : public ::testing::Test {
 protected:
  void SetUp() override { v_ = read_json_vector("jose/rfc8037_appendix_a.json"); }
  const Json& a(const char* id) { return v_.at(id); }
  Json v_;
};

TEST_F(Rfc8037, A1_PrivateKeyJwk) {
  const Json& a1 = a("A.1");
  const std::string text = json_dump(a1.at("jwk"));
  auto key = private_key_from_jwk(as_bytes(text));
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->type(), KeyType::kEd25519);
  EXPECT_EQ(secret_bytes(key->secret()), unhex(str(a1, "private_key_hex")));
  EXPECT_EQ(key->public_key().raw(), unhex(str(a1, "public_key_hex")));

  // Export gives back the published JWK (as JSON; member order is ours).
  const SecretBytes exported = private_key_to_jwk(*key);
  auto reparsed = json_parse(as_string_view(exported.expose_secret()));
  ASSERT_THAT(reparsed, IsOk());
  EXPECT_EQ(*reparsed, a1.at("jwk"));
}

TEST_F(Rfc8037, A2_PublicKeyJwk) {
  const Json& a2 = a("A.2");
  auto key = public_key_from_jwk(a2.at("jwk"));
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->type(), KeyType::kEd25519);
  EXPECT_EQ(key->raw(), unhex(str(a("A.1"), "public_key_hex")));
  EXPECT_EQ(public_key_to_jwk(*key), a2.at("jwk"));
}

TEST_F(Rfc8037, A3_Thumbprint) {
  const Json& a3 = a("A.3");
  const Json& jwk = a("A.2").at("jwk");
  auto input = jwk_thumbprint_input(jwk);
  ASSERT_THAT(input, IsOk());
  EXPECT_EQ(*input, str(a3, "canonical_json"));
  const auto digest = sha256(as_bytes(*input));
  EXPECT_EQ(hex_encode(digest), str(a3, "sha256_hex"));
  EXPECT_EQ(str(a3, "thumbprint_b64u"), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");

  auto generic = jwk_thumbprint(jwk);
  ASSERT_THAT(generic, IsOk());
  EXPECT_EQ(*generic, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  auto key = public_key_from_jwk(jwk);
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(jwk_thumbprint(*key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  // The private JWK has the same thumbprint ("d" is not a required member).
  auto from_private = jwk_thumbprint(a("A.1").at("jwk"));
  ASSERT_THAT(from_private, IsOk());
  EXPECT_EQ(*from_private, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

// Ed25519 is deterministic, so re-signing must reproduce the published JWS byte for byte.
TEST_F(Rfc8037, A4_SigningIsByteExact) {
  const Json& a4 = a("A.4");
  const std::string text = json_dump(a("A.1").at("jwk"));
  auto key = private_key_from_jwk(as_bytes(text));
  ASSERT_THAT(key, IsOk());
  auto compact = jws_sign(*key, to_bytes(str(a4, "payload_utf8")));
  ASSERT_THAT(compact, IsOk());
  EXPECT_EQ(*compact, str(a4, "compact"));

  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->header_b64, str(a4, "protected_b64u"));
  EXPECT_EQ(parsed->payload_b64, str(a4, "payload_b64u"));
  EXPECT_EQ(parsed->signing_input(), str(a4, "signing_input"));
  EXPECT_EQ(parsed->signature, unhex(str(a4, "signature_hex")));
  EXPECT_EQ(base64url_encode(parsed->signature), str(a4, "signature_b64u"));
  EXPECT_EQ(as_string_view(*base64url_decode(parsed->header_b64)), str(a4, "protected_header_utf8"));

  // The Signer path gives the same bytes.
  auto signer = make_signer(key->clone());
  ASSERT_THAT(signer, IsOk());
  auto via_signer = jws_sign(**signer, to_bytes(str(a4, "payload_utf8")));
  ASSERT_THAT(via_signer, IsOk());
  EXPECT_EQ(*via_signer, str(a4, "compact"));
}

TEST_F(Rfc8037, A5_Validation) {
  const Json& a5 = a("A.5");
  ASSERT_EQ(str(a5, "expected"), "valid");
  auto key = public_key_from_jwk(a5.at("jwk"));
  ASSERT_THAT(key, IsOk());
  auto verified = jws_verify(str(a5, "compact"), *key);
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(as_string_view(verified->payload), str(a5, "payload_utf8"));
  EXPECT_EQ(verified->header, Json({{"alg", "EdDSA"}}));
}

// X25519 (ECDH-ES inputs): both directions of the exchange give Z.
TEST_F(Rfc8037, A6_X25519Agreement) {
  const Json& a6 = a("A.6");
  auto recipient_pub = public_key_from_jwk(a6.at("recipient_public_jwk"));
  ASSERT_THAT(recipient_pub, IsOk());
  EXPECT_EQ(recipient_pub->type(), KeyType::kX25519);
  EXPECT_EQ(recipient_pub->raw(), unhex(str(a6, "recipient_public_key_hex")));
  EXPECT_EQ(public_key_to_jwk(*recipient_pub).at("x"), a6.at("recipient_public_jwk").at("x"));

  auto eph_pub = public_key_from_jwk(a6.at("ephemeral_public_jwk"));
  ASSERT_THAT(eph_pub, IsOk());
  EXPECT_EQ(eph_pub->raw(), unhex(str(a6, "ephemeral_public_key_hex")));
  auto epk = public_key_from_jwk(a6.at("protected_header_example").at("epk"));
  ASSERT_THAT(epk, IsOk());
  EXPECT_EQ(*epk, *eph_pub);

  auto eph_priv = PrivateKey::from_raw(KeyType::kX25519, unhex(str(a6, "ephemeral_private_key_hex")));
  ASSERT_THAT(eph_priv, IsOk());
  EXPECT_EQ(eph_priv->public_key(), *eph_pub);
  auto bob = PrivateKey::from_raw(KeyType::kX25519,
                                  unhex(str(a6, "recipient_private_key_hex_from_rfc7748")));
  ASSERT_THAT(bob, IsOk());
  EXPECT_EQ(bob->public_key(), *recipient_pub);

  const Bytes z = unhex(str(a6, "shared_secret_z_hex"));
  auto z1 = x25519_agree(*eph_priv, *recipient_pub);
  ASSERT_THAT(z1, IsOk());
  EXPECT_EQ(Bytes(z1->expose_secret().begin(), z1->expose_secret().end()), z);
  auto z2 = x25519_agree(*bob, *eph_pub);
  ASSERT_THAT(z2, IsOk());
  EXPECT_EQ(Bytes(z2->expose_secret().begin(), z2->expose_secret().end()), z);

  // Through private JWKs as well: export Bob's key, import it, agree again.
  const SecretBytes bob_jwk = private_key_to_jwk(*bob);
  auto bob_back = private_key_from_jwk(bob_jwk.expose_secret());
  ASSERT_THAT(bob_back, IsOk());
  auto z3 = x25519_agree(*bob_back, *eph_pub);
  ASSERT_THAT(z3, IsOk());
  EXPECT_EQ(Bytes(z3->expose_secret().begin(), z3->expose_secret().end()), z);

  // An X25519 key is not a signing key: "recipient_public_jwk" verifies no JWS.
  EXPECT_THAT(jws_verify(str(a("A.4"), "compact"), *recipient_pub),
              HasError(ErrorCode::kVerificationFailed));
}

// ---------------------------------------------------------------------------------------------
// RFC 7515 Appendix A, one test per example.

struct Rfc7515Case {
  std::string id;        // "RFC7515-A.1"
  std::string name;      // test name suffix
};

class Rfc7515 : public ::testing::TestWithParam<Rfc7515Case> {
 protected:
  Json example() {
    const Json v = read_json_vector("jose/rfc7515_appendix_a.json");
    for (const Json& e : v.at("examples")) {
      if (e.at("id") == GetParam().id) return e;
    }
    ADD_FAILURE() << "no example " << GetParam().id;
    return Json::object();
  }
};

TEST_P(Rfc7515, ParsesExactlyAndVerifiesOrRejects) {
  const Json e = example();
  const std::string alg = str(e, "alg");
  const std::string compact = str(e, "compact");

  // Every example parses (alg "none" too: parsing is not verifying), with the exact octets.
  auto parsed = jws_parse(compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->header_b64, str(e, "protected_b64u"));
  EXPECT_EQ(parsed->payload_b64, str(e, "payload_b64u"));
  EXPECT_EQ(parsed->signing_input(), str(e, "signing_input"));
  EXPECT_EQ(as_string_view(*base64url_decode(parsed->header_b64)), str(e, "protected_header_utf8"));
  EXPECT_EQ(as_string_view(parsed->payload), str(e, "payload_utf8"));
  EXPECT_EQ(base64url_encode(parsed->signature), str(e, "signature_b64u"));
  EXPECT_EQ(parsed->header.at("alg"), alg);

  if (alg == "ES256") {
    // A.3: the only example in our algorithm set. Randomized, so verify only.
    auto key = public_key_from_jwk(e.at("jwk"));  // "d" is ignored
    ASSERT_THAT(key, IsOk());
    EXPECT_EQ(key->type(), KeyType::kP256);
    auto verified = jws_verify(compact, *key);
    ASSERT_THAT(verified, IsOk());
    EXPECT_EQ(as_string_view(verified->payload), str(e, "payload_utf8"));

    // The private JWK imports ("d" matches x/y), and signs tokens that verify under the public key.
    const std::string text = json_dump(e.at("jwk"));
    auto priv = private_key_from_jwk(as_bytes(text));
    ASSERT_THAT(priv, IsOk());
    EXPECT_EQ(priv->public_key(), *key);
    auto resigned = jws_sign(*priv, parsed->payload);
    ASSERT_THAT(resigned, IsOk());
    EXPECT_THAT(jws_verify(*resigned, *key), IsOk());

    // Flip the last signature byte: rejected.
    Bytes sig = parsed->signature;
    sig.back() ^= 1;
    EXPECT_THAT(jws_verify(parsed->signing_input() + "." + base64url_encode(sig), *key),
                HasError(ErrorCode::kVerificationFailed));
    return;
  }

  // HS256 (A.1), RS256 (A.2), ES512 (A.4), none (A.5): unsupported with every key we have.
  for (const PublicKey& k : one_key_of_each_type()) {
    auto r = jws_verify(compact, k);
    ASSERT_THAT(r, HasError(ErrorCode::kUnsupported)) << alg << " with " << key_type_name(k.type());
    EXPECT_EQ(r.error().where, "header/alg");
  }
  if (e.at("jwk").is_object()) {
    // oct, RSA and P-521 keys do not import.
    EXPECT_THAT(public_key_from_jwk(e.at("jwk")), HasError(ErrorCode::kUnsupported));
    const std::string text = json_dump(e.at("jwk"));
    EXPECT_THAT(private_key_from_jwk(as_bytes(text)), HasError(ErrorCode::kUnsupported));
    // The generic thumbprint still works for them.
    EXPECT_THAT(jwk_thumbprint(e.at("jwk")), IsOk());
  } else {
    EXPECT_EQ(str(e, "expected"), "reject");  // A.5 carries no key at all
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, Rfc7515,
                         ::testing::Values(Rfc7515Case{"RFC7515-A.1", "A1_HS256"},
                                           Rfc7515Case{"RFC7515-A.2", "A2_RS256"},
                                           Rfc7515Case{"RFC7515-A.3", "A3_ES256"},
                                           Rfc7515Case{"RFC7515-A.4", "A4_ES512"},
                                           Rfc7515Case{"RFC7515-A.5", "A5_None"}),
                         [](const auto& p) { return p.param.name; });

// ---------------------------------------------------------------------------------------------
// RFC 7638 §3.1.

TEST(Rfc7638, RsaKeyThumbprint) {
  const Json v = read_json_vector("jose/rfc7638_section_3_1.json");
  const Json& jwk = v.at("jwk");
  auto input = jwk_thumbprint_input(jwk);
  ASSERT_THAT(input, IsOk());
  EXPECT_EQ(*input, str(v, "canonical_json"));
  const auto digest = sha256(as_bytes(*input));
  EXPECT_EQ(hex_encode(digest), str(v, "sha256_hex"));
  Bytes octets;
  for (const Json& b : v.at("sha256_octets")) octets.push_back(b.get<std::uint8_t>());
  EXPECT_EQ(Bytes(digest.begin(), digest.end()), octets);

  auto tp = jwk_thumbprint(jwk);
  ASSERT_THAT(tp, IsOk());
  EXPECT_EQ(*tp, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  EXPECT_EQ(*tp, str(v, "thumbprint_b64u"));

  // alg and kid do not matter; the RSA key itself is not importable.
  Json stripped = jwk;
  stripped.erase("alg");
  stripped.erase("kid");
  EXPECT_EQ(jwk_thumbprint(stripped).value_or(""), *tp);
  EXPECT_THAT(public_key_from_jwk(jwk), HasError(ErrorCode::kUnsupported));
}

// ---------------------------------------------------------------------------------------------
// RFC 7520 cookbook.

TEST(Rfc7520Cookbook, Section3Keys) {
  struct Case {
    const char* file;
    bool is_private;
    const char* where;
  };
  for (const Case& c : {Case{"3_1.ec_public_key.json", false, "/crv"},
                        Case{"3_2.ec_private_key.json", true, "/crv"},
                        Case{"3_3.rsa_public_key.json", false, "/kty"},
                        Case{"3_4.rsa_private_key.json", true, "/kty"},
                        Case{"3_5.symmetric_key_mac_computation.json", true, "/kty"},
                        Case{"3_6.symmetric_key_encryption.json", true, "/kty"}}) {
    SCOPED_TRACE(c.file);
    const Json jwk = read_json_vector(std::string("jose/rfc7520_cookbook/jwk/") + c.file);
    auto pub = public_key_from_jwk(jwk);
    ASSERT_THAT(pub, HasError(ErrorCode::kUnsupported));
    EXPECT_EQ(pub.error().where, c.where);
    if (c.is_private) {
      const std::string text = json_dump(jwk);
      auto priv = private_key_from_jwk(as_bytes(text));
      ASSERT_THAT(priv, HasError(ErrorCode::kUnsupported));
      EXPECT_EQ(priv.error().where, c.where);
    }
    auto tp = jwk_thumbprint(jwk);
    ASSERT_THAT(tp, IsOk());
    EXPECT_EQ(tp->size(), 43u);
  }
  // The public and private halves of a key share the thumbprint.
  EXPECT_EQ(jwk_thumbprint(read_json_vector("jose/rfc7520_cookbook/jwk/3_1.ec_public_key.json"))
                .value_or("a"),
            jwk_thumbprint(read_json_vector("jose/rfc7520_cookbook/jwk/3_2.ec_private_key.json"))
                .value_or("b"));
  EXPECT_EQ(jwk_thumbprint(read_json_vector("jose/rfc7520_cookbook/jwk/3_3.rsa_public_key.json"))
                .value_or("a"),
            jwk_thumbprint(read_json_vector("jose/rfc7520_cookbook/jwk/3_4.rsa_private_key.json"))
                .value_or("b"));
}

class Rfc7520Jws : public ::testing::TestWithParam<const char*> {};

// RS256, PS384, ES512 and HS256: compact forms parse with the exact octets and then fail as
// unsupported. The JSON-serialization-only examples (4.6-4.8) are not compact JWS at all.
TEST_P(Rfc7520Jws, ParsesThenRejectsAsUnsupported) {
  const Json v = read_json_vector(std::string("jose/rfc7520_cookbook/jws/") + GetParam());
  const Json& out = v.at("output");
  if (!out.contains("compact")) {
    for (const char* form : {"json", "json_flat"}) {
      if (!out.contains(form)) continue;
      EXPECT_THAT(jws_parse(json_dump(out.at(form))), HasError(ErrorCode::kMalformed)) << form;
    }
    return;
  }
  const std::string compact = str(out, "compact");
  const Json& signing = v.at("signing");
  const std::string payload = str(v.at("input"), "payload");
  const bool detached = std::string_view(GetParam()).find("detached") != std::string_view::npos;

  auto parsed = jws_parse(compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->header_b64, str(signing, "protected_b64u"));
  EXPECT_EQ(parsed->header, signing.at("protected"));
  EXPECT_EQ(base64url_encode(parsed->signature), str(signing, "sig"));
  if (detached) {
    // RFC 7520 §4.5: the payload part is empty; the signing input still covers the payload.
    EXPECT_TRUE(parsed->payload.empty());
    EXPECT_EQ(parsed->header_b64 + "." + base64url_encode(as_bytes(payload)),
              str(signing, "sig-input"));
  } else {
    EXPECT_EQ(as_string_view(parsed->payload), payload);
    EXPECT_EQ(parsed->signing_input(), str(signing, "sig-input"));
  }

  for (const PublicKey& k : one_key_of_each_type()) {
    EXPECT_THAT(jws_verify(compact, k), HasError(ErrorCode::kUnsupported))
        << key_type_name(k.type());
  }
  EXPECT_THAT(public_key_from_jwk(v.at("input").at("key")), HasError(ErrorCode::kUnsupported));
}

INSTANTIATE_TEST_SUITE_P(
    Cookbook, Rfc7520Jws,
    ::testing::Values("4_1.rsa_v15_signature.json", "4_2.rsa-pss_signature.json",
                      "4_3.ecdsa_signature.json", "4_4.hmac-sha2_integrity_protection.json",
                      "4_5.signature_with_detached_content.json",
                      "4_6.protecting_specific_header_fields.json",
                      "4_7.protecting_content_only.json", "4_8.multiple_signatures.json"),
    [](const auto& p) {
      std::string s = std::string("S") + p.param;
      s = s.substr(0, s.find('.'));
      std::string out;
      for (char c : s) out += (c == '-' || c == '.') ? '_' : c;
      return out;
    });

// The cookbook's Ed25519 example (identical to RFC 8037 A.4): byte-exact re-signing.
TEST(Rfc7520Cookbook, Curve25519Ed25519Jws) {
  const Json v = read_json_vector("jose/rfc7520_cookbook/curve25519/jws.json");
  const Json& key_jwk = v.at("input").at("key");  // carries "use":"sig"
  const std::string text = json_dump(key_jwk);
  auto key = private_key_from_jwk(as_bytes(text));
  ASSERT_THAT(key, IsOk());
  EXPECT_THAT(jwk_permits_verify(key_jwk, Algorithm::kEdDSA), IsOk());

  auto compact = jws_sign(*key, to_bytes(str(v.at("input"), "payload")));
  ASSERT_THAT(compact, IsOk());
  EXPECT_EQ(*compact, str(v.at("output"), "compact"));
  auto parsed = jws_parse(*compact);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->header_b64, str(v.at("signing"), "protected_b64u"));
  EXPECT_EQ(parsed->signing_input(), str(v.at("signing"), "sig-input"));
  EXPECT_EQ(base64url_encode(parsed->signature), str(v.at("signing"), "sig"));

  auto pub = public_key_from_jwk(key_jwk);
  ASSERT_THAT(pub, IsOk());
  EXPECT_THAT(jws_verify(str(v.at("output"), "compact"), *pub), IsOk());
  EXPECT_EQ(jwk_thumbprint(*pub), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

// ---------------------------------------------------------------------------------------------
// did:jwk examples: the embedded JWKs import, and re-export to the same JSON.

TEST(DidJwkExamples, JwksImportAndRoundTrip) {
  const Json v = read_json_vector("jose/did_jwk_spec_examples.json");
  ASSERT_FALSE(v.at("examples").empty());
  for (const Json& e : v.at("examples")) {
    SCOPED_TRACE(str(e, "name"));
    const Json& jwk = e.at("jwk");
    auto key = public_key_from_jwk(jwk);
    ASSERT_THAT(key, IsOk());
    Json expected = jwk;
    expected.erase("use");
    EXPECT_EQ(public_key_to_jwk(*key), expected);
    auto decoded = json_parse(str(e, "jwk_json_decoded"));
    ASSERT_THAT(decoded, IsOk());
    EXPECT_EQ(*decoded, jwk);
    // The X25519 example is marked for encryption only.
    if (jwk.contains("use") && jwk.at("use") == "enc") {
      EXPECT_THAT(jwk_permits_verify(jwk, Algorithm::kEdDSA),
                  HasError(ErrorCode::kPermissionDenied));
    }
  }
}

}  // namespace
}  // namespace plx::crypto
