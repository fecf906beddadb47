// SD-JWT (RFC 9901): every example in shared/vectors/sd-jwt (digests, issuer signatures,
// presentations with and without Key Binding, JSON serializations, processed payloads), then
// issuance/presentation round trips and the verifier's rejections.
#include "../vc_test_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/vc/sd_jwt.hpp"
#include "test_support.hpp"

namespace plx::vc::sd_jwt {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

const Json& examples() {
  static const Json j = testing::read_json_vector("sd-jwt/sd-jwt-rfc9901-examples.json");
  return j;
}

crypto::PublicKey issuer_key() { return crypto::public_key_from_jwk(examples()["issuer_public_jwk"]).value(); }

VerifyOptions vector_options() {
  VerifyOptions o;
  o.issuer_key = issuer_key();
  o.expected_aud = examples()["identifiers"]["verifier"].get<std::string>();
  o.expected_nonce = examples()["key_binding_nonce"].get<std::string>();
  o.now = 1748537243;  // the examples' KB-JWT iat
  return o;
}

const Json* processed_block(const Json& c) {
  if (!c.contains("json_blocks")) return nullptr;
  for (const auto& b : c["json_blocks"]) {
    if (b["caption"].get<std::string>().find("Processed SD") != std::string::npos) return &b["value"];
  }
  return nullptr;
}

TEST(Vectors, HashingExample) {
  const auto& h = examples()["hashing_example_section_4_2_3"];
  EXPECT_EQ(disclosure_digest(h["disclosure"].get<std::string>()), h["expected_sha256_b64url"]);
  auto d = decode_disclosure(h["disclosure"].get<std::string>());
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(d->salt, h["decoded"][0]);
  EXPECT_EQ(*d->name, h["decoded"][1]);
  EXPECT_EQ(d->value, h["decoded"][2]);
}

TEST(Vectors, EveryDisclosureDigest) {
  std::size_t n = 0;
  for (const auto& c : examples()["cases"]) {
    if (!c.contains("disclosures")) continue;
    for (const auto& d : c["disclosures"]) {
      EXPECT_EQ(disclosure_digest(d["disclosure"].get<std::string>()), d["sha256_digest"]) << c["section"];
      auto dec = decode_disclosure(d["disclosure"].get<std::string>());
      ASSERT_THAT(dec, IsOk());
      Json arr = Json::array({dec->salt});
      if (dec->name) arr.push_back(*dec->name);
      arr.push_back(dec->value);
      EXPECT_EQ(arr, d["decoded"]);
      ++n;
    }
  }
  EXPECT_EQ(n, 87u);
}

TEST(Vectors, EveryIssuedSdJwtVerifies) {
  auto resolver = did::make_local_resolver();
  std::size_t n = 0;
  for (const auto& c : examples()["cases"]) {
    std::vector<std::string> texts;
    if (c.contains("issued_sd_jwt")) {
      for (const auto& x : c["issued_sd_jwt"]) texts.push_back(x["value"].get<std::string>());
    }
    if (c.contains("issuer_signed_jwt")) texts.push_back(c["issuer_signed_jwt"].get<std::string>() + "~");
    for (const auto& t : texts) {
      auto v = verify(t, resolver, vector_options());
      ASSERT_THAT(v, IsOk()) << c["section"];
      EXPECT_TRUE(v->valid()) << c["section"] << " " << v->to_json().dump();
      EXPECT_FALSE(v->document.contains("_sd"));
      EXPECT_FALSE(v->document.contains("_sd_alg"));
      ++n;
    }
  }
  EXPECT_EQ(n, 4u);
}

TEST(Vectors, EveryPresentationVerifiesToTheProcessedPayload) {
  auto resolver = did::make_local_resolver();
  std::size_t n = 0, kb = 0;
  for (const auto& c : examples()["cases"]) {
    for (const char* key : {"presentations_sd_jwt", "presentations_sd_jwt_kb"}) {
      if (!c.contains(key)) continue;
      for (const auto& p : c[key]) {
        auto opts = vector_options();
        opts.require_key_binding = std::string(key) == "presentations_sd_jwt_kb";
        auto v = verify(p["value"].get<std::string>(), resolver, opts);
        ASSERT_THAT(v, IsOk()) << c["section"];
        EXPECT_TRUE(v->valid()) << c["section"] << " " << v->to_json().dump();
        if (const Json* expected = processed_block(c)) {
          EXPECT_EQ(v->document, *expected) << c["section"];
        }
        if (opts.require_key_binding) {
          ++kb;
          // The same presentation for another verifier, or with another nonce, is refused.
          auto other = opts;
          other.expected_aud = "https://other.example.org";
          EXPECT_TRUE(verify(p["value"].get<std::string>(), resolver, other)->failed_check("holder_binding"));
          other = opts;
          other.expected_nonce = "0000";
          EXPECT_TRUE(verify(p["value"].get<std::string>(), resolver, other)->failed_check("holder_binding"));
          other = opts;
          other.now = *opts.now + 3600;  // an hour later the KB-JWT is stale
          EXPECT_TRUE(verify(p["value"].get<std::string>(), resolver, other)->failed_check("holder_binding"));
        }
        ++n;
      }
    }
  }
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(kb, 3u);
}

TEST(Vectors, JsonSerializations) {
  auto resolver = did::make_local_resolver();
  std::size_t n = 0;
  for (const auto& c : examples()["cases"]) {
    if (!c.contains("json_serialization")) continue;
    for (const auto& s : c["json_serialization"]) {
      std::string text = s["value"].dump();
      auto v = verify(text, resolver, vector_options());
      ASSERT_THAT(v, IsOk()) << c["section"];
      EXPECT_TRUE(v->valid()) << c["section"] << " " << v->to_json().dump();
      auto parsed = parse(text);
      ASSERT_THAT(parsed, IsOk());
      if (parsed->kb_jwt) {
        EXPECT_NE(std::find(v->passed.begin(), v->passed.end(), "holder_binding"), v->passed.end());
      }
      ++n;
    }
  }
  EXPECT_EQ(n, 3u);
}

TEST(Vectors, TamperedPresentationNeverVerifies) {
  auto resolver = did::make_local_resolver();
  const auto& c = examples()["cases"];
  std::string text;
  for (const auto& x : c) {
    if (x["section"] == "5.2") text = x["presentations_sd_jwt_kb"][0]["value"].get<std::string>();
  }
  ASSERT_FALSE(text.empty());
  auto opts = vector_options();
  opts.require_key_binding = true;
  std::size_t tried = 0;
  testutil::for_each_char_tamper(text, [&](const std::string& t, std::size_t i) {
    auto v = verify(t, resolver, opts);
    EXPECT_TRUE(!v.has_value() || !v->valid()) << "tamper at " << i;
    ++tried;
  });
  for (std::size_t n = 0; n < text.size(); n += 7) {
    auto v = verify(text.substr(0, n), resolver, opts);
    EXPECT_TRUE(!v.has_value() || !v->valid()) << "truncated at " << n;
  }
  EXPECT_EQ(tried, text.size());
}

// ---- our own issuance ----

Json claims() {
  return Json::parse(R"({"iss":"ISSUER","vct":"https://credentials.example.com/identity",
    "given_name":"Erika","family_name":"Mustermann","birthdate":"1963-08-12",
    "address":{"street_address":"Heidestr. 17","locality":"Koeln","country":"DE"},
    "nationalities":["DE","FR"],"age_equal_or_over":{"18":true,"65":false}})");
}

struct Fixture : ::testing::Test {
  did::MultiResolver resolver = did::make_local_resolver();
  testutil::Party issuer = testutil::make_party();
  testutil::Party holder = testutil::make_party(crypto::KeyType::kP256);

  std::string issue_full(std::vector<std::string> sd, std::size_t decoys = 2) {
    Json c = claims();
    c["iss"] = issuer.did;
    IssueOptions o;
    o.kid = issuer.kid;
    o.sd = std::move(sd);
    o.decoys = decoys;
    o.holder_jwk = crypto::public_key_to_jwk(holder.public_key);
    return issue(c, *issuer.signer, o).value();
  }
  VerifyOptions opts(bool kb = true) {
    VerifyOptions o;
    o.accepted_typ = {std::string(kTypSdJwtVc)};
    o.require_key_binding = kb;
    o.expected_aud = "https://verifier.example";
    o.expected_nonce = "n-0S6_WzA2Mj";
    return o;
  }
  std::string present_kb(const std::string& sd, std::vector<std::string> disclose) {
    HolderBinding b{holder.signer.get(), "https://verifier.example", "n-0S6_WzA2Mj", std::nullopt};
    return present(sd, disclose, b).value();
  }
};

const std::vector<std::string> kAllSd = {"/given_name", "/family_name", "/birthdate", "/address",
                                         "/address/street_address", "/address/locality",
                                         "/nationalities/0", "/nationalities/1", "/nationalities",
                                         "/age_equal_or_over/18", "/age_equal_or_over/65"};

TEST_F(Fixture, IssueThenVerifyEverything) {
  std::string sd = issue_full(kAllSd);
  auto v = verify(sd, resolver, opts(false));
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  Json expected = claims();
  expected["iss"] = issuer.did;
  expected["cnf"] = Json{{"jwk", crypto::public_key_to_jwk(holder.public_key)}};
  EXPECT_EQ(v->document, expected);
  EXPECT_EQ(v->verification_method, issuer.kid);
  EXPECT_EQ(parse(sd)->disclosures.size(), kAllSd.size());
}

TEST_F(Fixture, PresentSubsetsWithKeyBinding) {
  std::string sd = issue_full(kAllSd);
  // Only the locality: the address disclosure comes along, the street does not.
  auto v = verify(present_kb(sd, {"/address/locality"}), resolver, opts());
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->document["address"], (Json{{"locality", "Koeln"}, {"country", "DE"}}));
  EXPECT_FALSE(v->document.contains("given_name"));
  // One array element: the array comes along with only that element.
  v = verify(present_kb(sd, {"/nationalities/1"}), resolver, opts());
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid());
  EXPECT_EQ(v->document["nationalities"], Json::array({"FR"}));
  // Nothing at all.
  v = verify(present_kb(sd, {}), resolver, opts());
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid());
  EXPECT_FALSE(v->document.contains("address"));
  EXPECT_FALSE(v->document.contains("nationalities"));
  EXPECT_EQ(v->document["iss"], issuer.did);
  // A pointer into nothing is refused.
  EXPECT_THAT(present(sd, {"/nope"}, {}), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(present(sd, {"no-slash"}, {}), HasError(ErrorCode::kInvalidArgument));
}

TEST_F(Fixture, KeyBindingFailures) {
  std::string sd = issue_full(kAllSd);
  // Required but missing.
  auto v = verify(present(sd, {"/given_name"}, {}).value(), resolver, opts());
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("holder_binding"));
  // Signed by someone other than the cnf key.
  auto mallory = testutil::make_party(crypto::KeyType::kP256);
  HolderBinding b{mallory.signer.get(), "https://verifier.example", "n-0S6_WzA2Mj", std::nullopt};
  v = verify(present(sd, {"/given_name"}, b).value(), resolver, opts());
  EXPECT_TRUE(v->failed_check("holder_binding"));
  // A KB-JWT moved onto a presentation with other disclosures: sd_hash no longer matches.
  std::string a = present_kb(sd, {"/given_name"});
  std::string other = present(sd, {"/family_name"}, {}).value();
  std::string kb = a.substr(a.rfind('~') + 1);
  v = verify(other + kb, resolver, opts());
  EXPECT_TRUE(v->failed_check("holder_binding"));
  // A second KB-JWT on top of one is refused at presentation time.
  EXPECT_THAT(present(a, {}, b), HasError(ErrorCode::kInvalidArgument));
}

TEST_F(Fixture, DisclosureRules) {
  std::string sd = issue_full({"/given_name", "/family_name"}, 0);
  auto parsed = parse(sd).value();
  std::string jwt = parsed.issuer_jwt;
  // Unreferenced disclosure (from another SD-JWT).
  std::string foreign = parse(issue_full({"/birthdate"})).value().disclosures[0];
  auto v = verify(sd + foreign + "~", resolver, opts(false));
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("disclosures"));
  // The same disclosure twice.
  v = verify(sd + parsed.disclosures[0] + "~", resolver, opts(false));
  EXPECT_TRUE(v->failed_check("disclosures"));
  // An empty disclosure between '~'.
  EXPECT_THAT(verify(jwt + "~~", resolver, opts(false)), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(verify(jwt, resolver, opts(false)), HasError(ErrorCode::kMalformed));
}

// Hand-made payloads that break the processing rules, each signed properly.
class Rules : public Fixture {
 protected:
  Result<Verdict> run(const Json& payload, const std::vector<Json>& disclosure_arrays) {
    std::vector<std::string> ds;
    for (const auto& a : disclosure_arrays) ds.push_back(base64url_encode(as_bytes(a.dump())));
    crypto::JwsSignOptions so;
    so.header = Json{{"typ", "dc+sd-jwt"}, {"kid", issuer.kid}};
    std::string text = crypto::jws_sign(*issuer.signer, as_bytes(payload.dump()), so).value() + "~";
    for (const auto& d : ds) text += d + "~";
    return verify(text, resolver, opts(false));
  }
  std::string dig(const Json& a) { return disclosure_digest(base64url_encode(as_bytes(a.dump()))); }
};

TEST_F(Rules, Rejections) {
  Json a = Json::array({"salt1", "name", "x"});
  Json e = Json::array({"salt2", "y"});
  Json base = {{"iss", issuer.did}, {"vct", "t"}};
  auto expect_bad = [&](Json p, std::vector<Json> ds, const char* what) {
    auto v = run(p, ds);
    ASSERT_THAT(v, IsOk()) << what;
    EXPECT_TRUE(v->failed_check("disclosures")) << what << ": " << v->to_json().dump();
  };
  Json ok = base;
  ok["_sd"] = {dig(a)};
  auto good = run(ok, {a});
  ASSERT_THAT(good, IsOk());
  EXPECT_TRUE(good->valid()) << good->to_json().dump();
  EXPECT_EQ(good->document["name"], "x");

  Json p = base;
  p["_sd"] = {dig(a), dig(a)};
  expect_bad(p, {a}, "digest used twice");
  p = base;
  p["_sd"] = "notarray";
  expect_bad(p, {}, "_sd not an array");
  p = base;
  p["_sd"] = {dig(a)};
  p["name"] = "already";
  expect_bad(p, {a}, "claim exists");
  p = base;
  p["_sd"] = {dig(e)};
  expect_bad(p, {e}, "array disclosure from _sd");
  p = base;
  p["arr"] = Json::array({Json{{"...", dig(a)}}});
  expect_bad(p, {a}, "object disclosure from an array");
  p = base;
  p["arr"] = Json::array({Json{{"...", dig(e)}, {"extra", 1}}});
  expect_bad(p, {e}, "... with another member");
  p = base;
  p["obj"] = Json{{"...", "x"}};
  expect_bad(p, {}, "... outside an array");
  Json sdname = Json::array({"s", "_sd", "x"});
  p = base;
  p["_sd"] = {dig(sdname)};
  expect_bad(p, {sdname}, "disclosure naming _sd");
  p = base;
  p["_sd_alg"] = "sha-512";
  p["_sd"] = {dig(a)};
  expect_bad(p, {a}, "unsupported _sd_alg");
  Json nested = Json::array({"s3", "outer", Json{{"_sd", {dig(a)}}}});
  p = base;
  p["_sd"] = {dig(nested), dig(a)};
  expect_bad(p, {nested, a}, "digest reused at two depths");
}

TEST_F(Fixture, TamperLoopOnOurPresentation) {
  std::string sd = issue_full({"/given_name", "/address/locality", "/address"}, 1);
  std::string text = present_kb(sd, {"/address/locality"});
  ASSERT_TRUE(verify(text, resolver, opts())->valid());
  testutil::for_each_char_tamper(text, [&](const std::string& t, std::size_t i) {
    auto v = verify(t, resolver, opts());
    EXPECT_TRUE(!v.has_value() || !v->valid()) << "tamper at " << i;
  });
}

TEST_F(Fixture, IssuerMetadataKeys) {
  // A non-DID issuer with a JWK set (SD-JWT VC issuer metadata, iss + kid).
  auto key = crypto::PrivateKey::generate(crypto::KeyType::kP256).value();
  Json jwk = crypto::public_key_to_jwk(key.public_key());
  jwk["kid"] = "k1";
  auto signer = crypto::make_signer(std::move(key)).value();
  Json c = claims();
  c["iss"] = "https://issuer.example.com";
  IssueOptions o;
  o.kid = "k1";
  o.sd = {"/given_name"};
  std::string sd = issue(c, *signer, o).value();
  StaticIssuerKeys keys;
  ASSERT_THAT(keys.add("https://issuer.example.com", Json{{"keys", Json::array({jwk})}}), IsOk());
  VerifyOptions vo = opts(false);
  vo.issuer_keys = &keys;
  auto v = verify(sd, resolver, vo);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->verification_method, "https://issuer.example.com#k1");
  StaticIssuerKeys empty;
  vo.issuer_keys = &empty;
  EXPECT_THAT(verify(sd, resolver, vo), HasError(ErrorCode::kNotFound));
}

TEST_F(Fixture, HolderByDidKid) {
  Json c = claims();
  c["iss"] = issuer.did;
  IssueOptions o;
  o.kid = issuer.kid;
  o.sd = {"/given_name"};
  o.holder_kid = holder.kid;
  std::string sd = issue(c, *issuer.signer, o).value();
  auto v = verify(present_kb(sd, {"/given_name"}), resolver, opts());
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
}

TEST_F(Fixture, IssuanceRefusals) {
  Json c = claims();
  IssueOptions o;
  o.sd = {"/vct"};
  EXPECT_THAT(issue(c, *issuer.signer, o), HasError(ErrorCode::kInvalidArgument));
  o.sd = {"/missing"};
  EXPECT_THAT(issue(c, *issuer.signer, o), HasError(ErrorCode::kInvalidArgument));
  o.sd = {""};
  EXPECT_THAT(issue(c, *issuer.signer, o), HasError(ErrorCode::kInvalidArgument));
  o.sd = {"/nationalities/7"};
  EXPECT_THAT(issue(c, *issuer.signer, o), HasError(ErrorCode::kInvalidArgument));
  o.sd = {};
  EXPECT_THAT(issue(Json::array(), *issuer.signer, o), HasError(ErrorCode::kInvalidArgument));
  c["_sd"] = Json::array();
  EXPECT_THAT(issue(c, *issuer.signer, o), HasError(ErrorCode::kInvalidArgument));
}

}  // namespace
}  // namespace plx::vc::sd_jwt
