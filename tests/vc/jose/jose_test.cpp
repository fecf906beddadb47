// VC-JOSE-COSE (vc+jwt, vp+jwt) and VCDM 1.1 JWTs: every algorithm, the header and key rules,
// enveloped credentials in presentations, and tamper loops.
#include "../vc_test_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/vc/jose.hpp"
#include "test_support.hpp"

namespace plx::vc {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

Json credential(const std::string& issuer) {
  Json c = Json::parse(R"({"@context":["https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2"],"id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type":["VerifiableCredential","AlumniCredential"],"validFrom":"2023-01-01T00:00:00Z",
    "credentialSubject":{"id":"did:example:abcdefgh","alumniOf":"The School of Examples"}})");
  c["issuer"] = issuer;
  return c;
}

class Algorithms : public ::testing::TestWithParam<crypto::KeyType> {};

TEST_P(Algorithms, IssueAndVerifyVcJwt) {
  auto resolver = did::make_local_resolver();
  auto issuer = testutil::make_party(GetParam());
  auto jwt = issue_vc_jwt(credential(issuer.did), *issuer.signer, issuer.kid);
  ASSERT_THAT(jwt, IsOk());
  auto parsed = crypto::jws_parse(*jwt).value();
  EXPECT_EQ(parsed.header["typ"], "vc+jwt");
  EXPECT_EQ(parsed.header["cty"], "vc");
  EXPECT_EQ(parsed.header["kid"], issuer.kid);
  auto v = verify_jose(*jwt, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->format, "vc+jwt");
  EXPECT_EQ(v->issuer, issuer.did);
  EXPECT_EQ(v->document, credential(issuer.did));
  for (const char* c : {"header", "key_authorized", "signature", "issuer_matches"}) {
    EXPECT_NE(std::find(v->passed.begin(), v->passed.end(), c), v->passed.end()) << c;
  }
  // Tamper loop: every character of the compact JWS.
  testutil::for_each_char_tamper(*jwt, [&](const std::string& t, std::size_t i) {
    auto r = verify_jose(t, resolver);
    EXPECT_TRUE(!r.has_value() || !r->valid()) << "tamper at " << i;
  });
  for (std::size_t n = 0; n < jwt->size(); ++n) {
    auto r = verify_jose(jwt->substr(0, n), resolver);
    EXPECT_TRUE(!r.has_value() || !r->valid()) << "truncated at " << n;
  }
}

TEST_P(Algorithms, Vcdm11Jwt) {
  auto resolver = did::make_local_resolver();
  auto issuer = testutil::make_party(GetParam());
  Json c = Json::parse(R"({"@context":["https://www.w3.org/2018/credentials/v1"],"id":"urn:uuid:1",
    "type":["VerifiableCredential"],"issuanceDate":"2020-01-01T00:00:00Z",
    "expirationDate":"2040-01-01T00:00:00Z","credentialSubject":{"id":"did:example:s","x":1}})");
  c["issuer"] = issuer.did;
  auto jwt = issue_vc11_jwt(c, *issuer.signer, issuer.kid);
  ASSERT_THAT(jwt, IsOk());
  auto payload = json_parse(to_string(crypto::jws_parse(*jwt)->payload)).value();
  EXPECT_EQ(payload["iss"], issuer.did);
  EXPECT_EQ(payload["nbf"], 1577836800);
  EXPECT_EQ(payload["exp"], 2208988800);
  EXPECT_EQ(payload["jti"], "urn:uuid:1");
  EXPECT_EQ(payload["sub"], "did:example:s");
  auto v = verify_jose(*jwt, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->format, "jwt-vc-1.1");
  EXPECT_EQ(v->document, c);
}

INSTANTIATE_TEST_SUITE_P(Jose, Algorithms,
                         ::testing::Values(crypto::KeyType::kEd25519, crypto::KeyType::kSecp256k1,
                                           crypto::KeyType::kP256, crypto::KeyType::kP384));

TEST(Vcdm11, ClaimMapping) {
  Json p = Json::parse(R"({"iss":"did:example:i","sub":"did:example:s","nbf":1577836800,
    "exp":2208988800,"jti":"urn:uuid:2","vc":{"@context":["https://www.w3.org/2018/credentials/v1"],
    "type":["VerifiableCredential"],"credentialSubject":{"degree":"BSc"}}})");
  auto c = vc11_jwt_to_credential(p);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ((*c)["issuer"], "did:example:i");
  EXPECT_EQ((*c)["issuanceDate"], "2020-01-01T00:00:00Z");
  EXPECT_EQ((*c)["expirationDate"], "2040-01-01T00:00:00Z");
  EXPECT_EQ((*c)["id"], "urn:uuid:2");
  EXPECT_EQ((*c)["credentialSubject"]["id"], "did:example:s");
  Json bad = p;
  bad["vc"]["issuer"] = "did:example:other";
  EXPECT_THAT(vc11_jwt_to_credential(bad), HasError(ErrorCode::kMalformed));
  bad = p;
  bad["nbf"] = "soon";
  EXPECT_THAT(vc11_jwt_to_credential(bad), HasError(ErrorCode::kMalformed));
  bad = p;
  bad["vc"]["issuanceDate"] = "2021-01-01T00:00:00Z";
  EXPECT_THAT(vc11_jwt_to_credential(bad), HasError(ErrorCode::kMalformed));
  bad = p;
  bad.erase("vc");
  EXPECT_THAT(vc11_jwt_to_credential(bad), HasError(ErrorCode::kMalformed));
}

TEST(Jose, KeyMustBeTheIssuers) {
  auto resolver = did::make_local_resolver();
  auto issuer = testutil::make_party();
  auto mallory = testutil::make_party();
  // Mallory signs a credential that names the issuer.
  auto jwt = issue_vc_jwt(credential(issuer.did), *mallory.signer, mallory.kid).value();
  auto v = verify_jose(jwt, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("issuer_matches"));
  EXPECT_FALSE(v->failed_check("signature"));
  // Mallory names the issuer's kid but signs with her key.
  jwt = issue_vc_jwt(credential(issuer.did), *mallory.signer, issuer.kid).value();
  v = verify_jose(jwt, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("signature"));
}

TEST(Jose, KeyAgreementKeyIsNotAnAssertionMethod) {
  auto resolver = did::make_local_resolver();
  auto issuer = testutil::make_party();
  auto doc = resolver.resolve(issuer.did).value().did_document.value();
  ASSERT_FALSE(doc.key_agreement.empty());
  std::string ka = doc.key_agreement[0].id();
  if (ka[0] == '#') ka = issuer.did + ka;
  auto jwt = issue_vc_jwt(credential(issuer.did), *issuer.signer, ka).value();
  auto v = verify_jose(jwt, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("key_authorized"));
  EXPECT_TRUE(v->failed_check("signature"));
}

TEST(Jose, CouldNotCheck) {
  auto resolver = did::make_local_resolver();
  auto issuer = testutil::make_party();
  Json c = credential(issuer.did);
  // No kid, a kid that is a bare DID, a DID method nobody resolves, garbage.
  crypto::JwsSignOptions so;
  so.header = Json{{"typ", "vc+jwt"}};
  auto nokid = crypto::jws_sign(*issuer.signer, as_bytes(c.dump()), so).value();
  EXPECT_THAT(verify_jose(nokid, resolver), HasError(ErrorCode::kMalformed));
  so.header["kid"] = issuer.did;
  EXPECT_THAT(verify_jose(crypto::jws_sign(*issuer.signer, as_bytes(c.dump()), so).value(), resolver),
              HasError(ErrorCode::kMalformed));
  so.header["kid"] = "did:example:123#k";
  EXPECT_THAT(verify_jose(crypto::jws_sign(*issuer.signer, as_bytes(c.dump()), so).value(), resolver),
              HasError(ErrorCode::kNotFound));
  so.header = Json{{"typ", "application/json"}, {"kid", issuer.kid}};
  EXPECT_THAT(verify_jose(crypto::jws_sign(*issuer.signer, as_bytes(c.dump()), so).value(), resolver),
              HasError(ErrorCode::kMalformed));
  EXPECT_THAT(verify_jose("not.a.jwt", resolver), HasError(ErrorCode::kMalformed));
  so.header = Json{{"typ", "vc+jwt"}, {"kid", issuer.kid}};
  EXPECT_THAT(verify_jose(crypto::jws_sign(*issuer.signer, as_bytes("[1,2]"), so).value(), resolver),
              HasError(ErrorCode::kMalformed));
  // alg "none": an unsigned token never verifies.
  std::string none = base64url_encode(as_bytes(Json{{"alg", "none"}, {"typ", "vc+jwt"}, {"kid", issuer.kid}}.dump())) +
                     "." + base64url_encode(as_bytes(c.dump())) + ".";
  auto v = verify_jose(none, resolver);
  EXPECT_TRUE(!v.has_value() || v->failed_check("signature"));
  // A wrong cty is a header failure.
  so.header = Json{{"typ", "vc+jwt"}, {"kid", issuer.kid}, {"cty", "vp"}};
  v = verify_jose(crypto::jws_sign(*issuer.signer, as_bytes(c.dump()), so).value(), resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("header"));
}

TEST(Jose, PresentationWithEnvelopedCredentials) {
  auto resolver = did::make_local_resolver();
  auto issuer = testutil::make_party();
  auto holder = testutil::make_party(crypto::KeyType::kP256);
  std::string vc = issue_vc_jwt(credential(issuer.did), *issuer.signer, issuer.kid).value();
  Json vp = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
             {"type", "VerifiablePresentation"},
             {"holder", holder.did},
             {"verifiableCredential",
              Json::array({Json{{"@context", "https://www.w3.org/ns/credentials/v2"},
                                {"type", "EnvelopedVerifiableCredential"},
                                {"id", "data:application/vc+jwt," + vc}}})}};
  auto jwt = issue_vp_jwt(vp, *holder.signer, holder.kid, "https://verifier.example", "abc").value();
  auto v = verify_jose(jwt, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->format, "vp+jwt");
  EXPECT_EQ(v->document["nonce"], "abc");
  EXPECT_NE(std::find(v->passed.begin(), v->passed.end(), "verifiableCredential/0/signature"), v->passed.end());
  // A tampered inner credential fails the presentation.
  std::string bad = vc;
  bad[bad.size() - 5] = bad[bad.size() - 5] == 'A' ? 'B' : 'A';
  vp["verifiableCredential"][0]["id"] = "data:application/vc+jwt," + bad;
  auto jwt2 = issue_vp_jwt(vp, *holder.signer, holder.kid).value();
  auto v2 = verify_jose(jwt2, resolver);
  ASSERT_TRUE(!v2.has_value() || !v2->valid());
  // A presentation signed by someone other than the holder.
  vp["verifiableCredential"][0]["id"] = "data:application/vc+jwt," + vc;
  auto v3 = verify_jose(issue_vp_jwt(vp, *issuer.signer, issuer.kid).value(), resolver);
  ASSERT_THAT(v3, IsOk());
  EXPECT_TRUE(v3->failed_check("issuer_matches"));
}

TEST(Jose, IssueRefusals) {
  auto issuer = testutil::make_party();
  EXPECT_THAT(issue_vc_jwt(Json::array(), *issuer.signer, issuer.kid), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(issue_vc_jwt(Json::object(), *issuer.signer, ""), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(issue_vc11_jwt(Json{{"issuer", issuer.did}}, *issuer.signer, issuer.kid),
              HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace plx::vc
