// did:jwk (quartzjer/did-jwk spec.md) against shared/vectors/jose/did_jwk_spec_examples.json.
#include <random>

#include "did_test_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/did/document_json.hpp"
#include "plx/did/methods/jwk.hpp"
#include "test_support.hpp"

namespace plx::did {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

// RFC 8037 Appendix A.2 public key.
Json ed25519_jwk() {
  return Json{
      {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
}

std::string did_jwk_of_text(std::string_view json_text) {
  return "did:jwk:" + base64url_encode(as_bytes(json_text));
}

// ---- the spec examples ----

struct SpecExample {
  std::string name;
  Json example;
  std::string load_error;
};
void PrintTo(const SpecExample& e, std::ostream* os) { *os << e.name; }

std::vector<SpecExample> spec_examples() {
  auto j = testing::load_vector("jose/did_jwk_spec_examples.json");
  if (!j.has_value()) return {{"vectors_unreadable", Json(), j.error().to_string()}};
  std::vector<SpecExample> out;
  for (const auto& e : (*j)["examples"]) {
    out.push_back({testing::test_name(e["name"].get<std::string>()), e, ""});
  }
  return out;
}

class DidJwkSpecExample : public ::testing::TestWithParam<SpecExample> {};

TEST_P(DidJwkSpecExample, ResolvesToTheSpecDocument) {
  const auto& p = GetParam();
  ASSERT_TRUE(p.load_error.empty()) << p.load_error;
  const Json& e = p.example;
  const Did did = Did::parse(e["did"].get<std::string>()).value();

  // The method-specific-id is base64url of exactly these JSON octets.
  EXPECT_EQ(to_string(base64url_decode(did.method_specific_id()).value()),
            e["jwk_json_decoded"].get<std::string>());
  EXPECT_EQ(jwk::decode_jwk(did).value(), e["jwk"]);

  auto doc = jwk::resolve_document(did);
  ASSERT_THAT(doc, IsOk());
  // `didDocument` is the spec's document with its erratum corrected (see the vectors README).
  EXPECT_EQ(document_to_json(*doc), e["didDocument"]);

  // The DID URL of the one method.
  auto url = DidUrl::parse(e["didUrl"].get<std::string>());
  ASSERT_THAT(url, IsOk());
  EXPECT_EQ(url->fragment(), "0");
  const VerificationMethod* m = doc->find_verification_method(url->to_string());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(verification_method_public_key(*m).value(),
            crypto::public_key_from_jwk(e["jwk"]).value());

  // Through the resolver driver.
  auto res = DidJwkResolver().resolve(did.to_string());
  ASSERT_THAT(res, IsOk());
  ASSERT_TRUE(res->ok());
  EXPECT_EQ(document_to_json(*res->did_document), e["didDocument"]);
  EXPECT_EQ(res->did_resolution_metadata.content_type, "application/did+ld+json");

  // Creating from the same JWK gives a DID that resolves to the same key. (The encoding sorts
  // members, so it equals the example's DID only when the example's JSON was sorted too.)
  auto created = jwk::create_from_jwk(e["jwk"]);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(jwk::decode_jwk(*created).value(), e["jwk"]);
  if (e["jwk_json_decoded"].get<std::string>() == json_dump(e["jwk"])) {
    EXPECT_EQ(*created, did);
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, DidJwkSpecExample, ::testing::ValuesIn(spec_examples()),
                         [](const auto& p) { return p.param.name; });

TEST(DidJwk, PublishedP256DocumentHasTheErratum) {
  auto j = ::plx::testing::read_json_vector("jose/did_jwk_spec_examples.json");
  const Json& e = j["examples"][0];
  ASSERT_EQ(e["name"], "P-256");
  auto doc = jwk::resolve_document(Did::parse(e["did"].get<std::string>()).value()).value();
  const Json ours = document_to_json(doc);
  EXPECT_NE(ours, e["didDocumentAsPublished"]);
  Json published = e["didDocumentAsPublished"];
  published["authentication"] = ours["authentication"];  // the only difference: the stray "$"
  EXPECT_EQ(ours, published);
}

TEST(DidJwk, CreateFromPublicKey) {
  auto j = ::plx::testing::read_json_vector("jose/did_jwk_spec_examples.json");
  const Json& e = j["examples"][0];
  const auto key = crypto::public_key_from_jwk(e["jwk"]).value();
  EXPECT_EQ(jwk::create(key).to_string(), e["did"].get<std::string>());
  for (auto type : {crypto::KeyType::kEd25519, crypto::KeyType::kSecp256k1, crypto::KeyType::kP256,
                    crypto::KeyType::kP384, crypto::KeyType::kX25519}) {
    const auto pk = crypto::PrivateKey::generate(type).value().public_key();
    const Did did = jwk::create(pk);
    auto doc = jwk::resolve_document(did);
    ASSERT_THAT(doc, IsOk());
    EXPECT_EQ(verification_method_public_key(doc->verification_method[0]).value(), pk);
  }
}

// ---- "use" decides the relationships (spec.md "Read") ----

std::vector<Relationship> relationships_of(const Document& doc) {
  std::vector<Relationship> out;
  for (Relationship r : kAllRelationships) {
    if (!doc.relationship(r).empty()) out.push_back(r);
  }
  return out;
}

TEST(DidJwk, UseDecidesRelationships) {
  const std::vector<Relationship> all(kAllRelationships.begin(), kAllRelationships.end());
  const std::vector<Relationship> signing = {
      Relationship::kAuthentication, Relationship::kAssertionMethod,
      Relationship::kCapabilityInvocation, Relationship::kCapabilityDelegation};
  struct Case {
    Json use;  // null: absent
    std::vector<Relationship> expected;
  };
  for (const auto& c : {Case{Json(), all}, Case{"sig", signing},
                        Case{"enc", {Relationship::kKeyAgreement}}, Case{"other", all}}) {
    Json k = ed25519_jwk();
    if (!c.use.is_null()) k["use"] = c.use;
    const Did did = jwk::create_from_jwk(k).value();
    auto doc = jwk::resolve_document(did).value();
    EXPECT_EQ(relationships_of(doc), c.expected) << k.dump();
    EXPECT_EQ(doc.verification_method.at(0).public_key_jwk, k);
    EXPECT_EQ(doc.verification_method.at(0).id, did.to_string() + "#0");
  }
}

TEST(DidJwk, X25519WithoutUseIsNotHandedOutForSigning) {
  // The spec lists such a key under every relationship; the lookup helper refuses to sign with it.
  const Json k = {
      {"kty", "OKP"}, {"crv", "X25519"}, {"x", "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"}};
  auto doc = jwk::resolve_document(jwk::create_from_jwk(k).value()).value();
  EXPECT_EQ(relationships_of(doc).size(), 5u);
  EXPECT_THAT(doc.authorized_key(Relationship::kAssertionMethod, "#0"),
              HasError(ErrorCode::kUnsupported));
  EXPECT_THAT(doc.authorized_key(Relationship::kKeyAgreement, "#0"), IsOk());
}

// ---- private keys are refused ----

TEST(DidJwk, PrivateJwkIsRefused) {
  // RFC 8037 Appendix A.1: the private key of ed25519_jwk().
  Json priv = ed25519_jwk();
  priv["d"] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
  auto created = jwk::create_from_jwk(priv);
  ASSERT_THAT(created, HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(created.error().where, "d");

  for (const char* member : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
    Json k = ed25519_jwk();
    k[member] = "AQAB";
    const std::string did = did_jwk_of_text(json_dump(k));
    auto res = DidJwkResolver().resolve(did).value();
    EXPECT_EQ(res.did_resolution_metadata.error, resolution_error::kInvalidDid) << member;
    EXPECT_THAT(res.did_resolution_metadata.error_message, ::testing::HasSubstr("private"));
    EXPECT_FALSE(res.did_document.has_value());
  }
}

// ---- invalid did:jwk values ----

struct InvalidJwk {
  std::string name;
  std::string did;
  std::string error;
  std::string message_part;
};
void PrintTo(const InvalidJwk& c, std::ostream* os) { *os << c.did; }

std::vector<InvalidJwk> invalid_jwks() {
  const std::string kInvalid(resolution_error::kInvalidDid);
  const std::string kUnsupported(resolution_error::kUnsupportedPublicKeyType);
  Json off_curve = {{"kty", "EC"},
                    {"crv", "P-256"},
                    {"x", base64url_encode(Bytes(32, 1))},
                    {"y", base64url_encode(Bytes(32, 2))}};
  Json short_x = ed25519_jwk();
  short_x["x"] = base64url_encode(Bytes(31, 1));
  Json bad_use = ed25519_jwk();
  bad_use["use"] = 5;
  const Json rsa = {{"kty", "RSA"}, {"n", base64url_encode(Bytes(256, 0xc5))}, {"e", "AQAB"}};
  const Json p521 = {{"kty", "EC"},
                     {"crv", "P-521"},
                     {"x", base64url_encode(Bytes(66, 1))},
                     {"y", base64url_encode(Bytes(66, 1))}};
  return {
      {"PercentEncoded", "did:jwk:e30%20", kInvalid, "base64url"},
      {"Base64urlNonCanonical", "did:jwk:e31", kInvalid, "base64url"},
      {"Base64urlBadLength", "did:jwk:e", kInvalid, "base64url"},
      {"ColonSegments", "did:jwk:e30:e30", kInvalid, "base64url"},
      {"NotJson", did_jwk_of_text("not json"), kInvalid, "not JSON"},
      {"TrailingText", did_jwk_of_text("{}x"), kInvalid, "not JSON"},
      {"DuplicateMember", did_jwk_of_text(R"({"kty":"OKP","kty":"EC"})"), kInvalid, "not JSON"},
      {"Array", did_jwk_of_text("[1]"), kInvalid, "JSON object"},
      {"EmptyObject", did_jwk_of_text("{}"), kInvalid, "usable public key"},
      {"OffCurve", did_jwk_of_text(json_dump(off_curve)), kInvalid, "usable public key"},
      {"ShortX", did_jwk_of_text(json_dump(short_x)), kInvalid, "usable public key"},
      {"UseNotString", did_jwk_of_text(json_dump(bad_use)), kInvalid, "use"},
      {"Rsa", did_jwk_of_text(json_dump(rsa)), kUnsupported, ""},
      {"P521", did_jwk_of_text(json_dump(p521)), kUnsupported, ""},
      {"DidUrl", did_jwk_of_text(json_dump(ed25519_jwk())) + "#0", kInvalid, "DID URL"},
      {"OtherMethod", "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
       std::string(resolution_error::kMethodNotSupported), "did:jwk"},
  };
}

class InvalidDidJwk : public ::testing::TestWithParam<InvalidJwk> {};

TEST_P(InvalidDidJwk, ResolvesToAnError) {
  const auto& c = GetParam();
  auto res = DidJwkResolver().resolve(c.did);
  ASSERT_THAT(res, IsOk());
  EXPECT_FALSE(res->ok());
  EXPECT_EQ(res->did_resolution_metadata.error, c.error);
  EXPECT_FALSE(res->did_resolution_metadata.error_message.empty());
  EXPECT_THAT(res->did_resolution_metadata.error_message, ::testing::HasSubstr(c.message_part));
}

INSTANTIATE_TEST_SUITE_P(Negative, InvalidDidJwk, ::testing::ValuesIn(invalid_jwks()),
                         [](const auto& p) { return p.param.name; });

TEST(DidJwk, WrongMethodIsInvalidArgument) {
  const Did did = Did::parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp").value();
  EXPECT_THAT(jwk::resolve_document(did), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(jwk::create_from_jwk(Json::array()), HasError(ErrorCode::kInvalidArgument));
}

TEST(DidJwk, RandomPayloadsNeverCrash) {
  const std::uint64_t seed = ::plx::testing::test_seed();
  std::mt19937_64 rng(seed);
  const std::string base = json_dump(ed25519_jwk());
  const DidJwkResolver r;
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t pos = rng() % text.size();
      if (rng() % 2 == 0) {
        text[pos] = static_cast<char>(rng() % 256);
      } else {
        text.erase(pos, 1);
      }
    }
    auto res = r.resolve(did_jwk_of_text(text));
    ASSERT_THAT(res, IsOk()) << "seed " << seed;
    if (!res->ok()) {
      ASSERT_FALSE(res->did_resolution_metadata.error_message.empty());
    }
  }
}

}  // namespace
}  // namespace plx::did
