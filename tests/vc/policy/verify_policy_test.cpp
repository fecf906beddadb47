// The verifier's policy (verify.hpp): format detection, validity periods with clock skew,
// Bitstring and Token status lists (revocation, suspension, fail-closed), trusted issuers,
// holder binding for presentations, and the policy file.
#include "../vc_test_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/vc/data_integrity.hpp"
#include "plx/vc/jose.hpp"
#include "plx/vc/sd_jwt.hpp"
#include "plx/vc/verify.hpp"
#include "test_support.hpp"

namespace plx::vc {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

constexpr UnixSeconds kNow = 1767225600;  // 2026-01-01T00:00:00Z
const std::string kListUrl = "https://issuer.example/status/1";

struct World : ::testing::Test {
  did::MultiResolver resolver = did::make_local_resolver();
  status::MemoryStatusListSource lists;
  testutil::Party issuer = testutil::make_party();
  testutil::Party holder = testutil::make_party();
  Bytes bits = Bytes(status::kBitstringMinBits / 8, 0);
  VerifyContext ctx{&resolver, &lists, nullptr, {}};
  Policy policy{.now = kNow};

  Json credential(bool with_status = true) {
    Json c = Json::parse(R"({"@context":["https://www.w3.org/ns/credentials/v2"],
      "type":["VerifiableCredential"],"validFrom":"2025-01-01T00:00:00Z",
      "validUntil":"2027-01-01T00:00:00Z","credentialSubject":{"id":"did:example:s","name":"Alice"}})");
    c["issuer"] = issuer.did;
    if (with_status) {
      c["credentialStatus"] = {{"id", kListUrl + "#94567"},
                               {"type", "BitstringStatusListEntry"},
                               {"statusPurpose", "revocation"},
                               {"statusListIndex", "94567"},
                               {"statusListCredential", kListUrl}};
    }
    return c;
  }
  void publish() {
    Json lc = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
               {"id", kListUrl},
               {"type", Json::array({"VerifiableCredential", "BitstringStatusListCredential"})},
               {"issuer", issuer.did},
               {"validFrom", "2025-01-01T00:00:00Z"},
               {"credentialSubject",
                {{"id", kListUrl + "#list"},
                 {"type", "BitstringStatusList"},
                 {"statusPurpose", "revocation"},
                 {"encodedList", status::encode_bitstring(bits).value()}}}};
    lists.put(kListUrl, issue_vc_jwt(lc, *issuer.signer, issuer.kid).value());
  }
  std::string vc_jwt(const Json& c) { return issue_vc_jwt(c, *issuer.signer, issuer.kid).value(); }
};

TEST_F(World, BitstringRevocationEndToEnd) {
  publish();
  std::string jwt = vc_jwt(credential());
  auto v = verify(jwt, ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_NE(std::find(v->passed.begin(), v->passed.end(), "status"), v->passed.end());
  ASSERT_THAT(status::bitstring_set(bits, 94567, 1), IsOk());
  publish();
  v = verify(jwt, ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_FALSE(v->valid());
  ASSERT_TRUE(v->failed_check("status"));
  EXPECT_NE(v->failed[0].reason.find("revoked"), std::string::npos) << v->failed[0].reason;
}

TEST_F(World, StatusFailsClosed) {
  std::string jwt = vc_jwt(credential());
  // Not published: required -> could not check; not required -> checked without status.
  policy.require_status = true;
  EXPECT_THAT(verify(jwt, ctx, policy), HasError(ErrorCode::kNotFound));
  policy.require_status = false;
  auto v = verify(jwt, ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid());
  EXPECT_NE(std::find(v->passed.begin(), v->passed.end(), "status(not checked)"), v->passed.end());
  // A status list signed by someone else is refused.
  auto mallory = testutil::make_party();
  Json lc = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
             {"type", Json::array({"VerifiableCredential", "BitstringStatusListCredential"})},
             {"issuer", mallory.did},
             {"credentialSubject", {{"type", "BitstringStatusList"}, {"statusPurpose", "revocation"},
                                    {"encodedList", status::encode_bitstring(bits).value()}}}};
  lists.put(kListUrl, issue_vc_jwt(lc, *mallory.signer, mallory.kid).value());
  policy.require_status = true;
  EXPECT_THAT(verify(jwt, ctx, policy), HasError(ErrorCode::kVerificationFailed));
  // Required status, and the credential has none: checked, invalid.
  v = verify(vc_jwt(credential(false)), ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("status"));
  // An unknown status type cannot be checked.
  Json c = credential();
  c["credentialStatus"]["type"] = "SomethingElse2099";
  EXPECT_THAT(verify(vc_jwt(c), ctx, policy), HasError(ErrorCode::kUnsupported));
}

// A pluggable status method (how the ledger-anchored status list plugs in).
class FixedChecker final : public StatusChecker {
 public:
  explicit FixedChecker(bool revoked) : revoked_(revoked) {}
  Result<StatusOutcome> check(const Json& entry, std::string_view) const override {
    if (!entry.contains("chunk")) return Error(ErrorCode::kMalformed, "no chunk", "credentialStatus/chunk");
    return StatusOutcome{"revocation", revoked_ ? 1u : 0u, revoked_, revoked_ ? "revoked on the ledger" : ""};
  }
 private:
  bool revoked_;
};

TEST_F(World, PluggableStatusChecker) {
  Json c = credential();
  c["credentialStatus"] = {{"type", "PlxLedgerStatusEntry"}, {"chunk", 3}};
  FixedChecker ok(false), revoked(true);
  ctx.status_checkers["PlxLedgerStatusEntry"] = &ok;
  policy.require_status = true;
  EXPECT_TRUE(verify(vc_jwt(c), ctx, policy)->valid());
  ctx.status_checkers["PlxLedgerStatusEntry"] = &revoked;
  EXPECT_TRUE(verify(vc_jwt(c), ctx, policy)->failed_check("status"));
}

TEST_F(World, TokenStatusListOnSdJwtVc) {
  const std::string uri = "https://issuer.example/statuslists/7";
  status::TokenStatusList tl{2, Bytes(32, 0)};
  auto publish_token = [&] {
    Json claims = {{"sub", uri}, {"iat", kNow - 10}, {"exp", kNow + 3600},
                   {"status_list", status::token_status_list_to_json(tl).value()}};
    crypto::JwsSignOptions so;
    so.header = Json{{"typ", "statuslist+jwt"}, {"kid", issuer.kid}};
    lists.put(uri, crypto::jws_sign(*issuer.signer, as_bytes(claims.dump()), so).value());
  };
  publish_token();
  Json c = {{"iss", issuer.did}, {"vct", "https://example.com/id"}, {"iat", kNow - 100},
            {"given_name", "Erika"}, {"status", {{"status_list", {{"idx", 5}, {"uri", uri}}}}}};
  sd_jwt::IssueOptions o;
  o.kid = issuer.kid;
  o.sd = {"/given_name"};
  std::string sd = sd_jwt::issue(c, *issuer.signer, o).value();
  policy.require_status = true;
  auto v = verify(sd, ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  ASSERT_THAT(tl.set(5, 2), IsOk());  // SUSPENDED
  publish_token();
  v = verify(sd, ctx, policy);
  ASSERT_THAT(v, IsOk());
  ASSERT_TRUE(v->failed_check("status"));
  EXPECT_NE(v->failed.back().reason.find("suspended"), std::string::npos);
}

TEST_F(World, ValidityPeriodsWithSkew) {
  publish();
  std::string jwt = vc_jwt(credential());
  Policy p = policy;
  p.now = parse_xsd_datetime("2024-12-31T23:58:00Z").value();  // 2 minutes early, 5 min skew
  EXPECT_TRUE(verify(jwt, ctx, p)->valid());
  p.clock_skew_s = 60;
  EXPECT_TRUE(verify(jwt, ctx, p)->failed_check("valid_from"));
  p.now = parse_xsd_datetime("2027-01-01T00:10:00Z").value();
  EXPECT_TRUE(verify(jwt, ctx, p)->failed_check("valid_until"));
  // JWT nbf/exp claims in an SD-JWT VC.
  Json c = {{"iss", issuer.did}, {"vct", "t"}, {"nbf", kNow + 1000}, {"exp", kNow + 2000}};
  sd_jwt::IssueOptions o;
  o.kid = issuer.kid;
  std::string sd = sd_jwt::issue(c, *issuer.signer, o).value();
  EXPECT_TRUE(verify(sd, ctx, policy)->failed_check("nbf"));
  Policy later = policy;
  later.now = kNow + 3000;
  EXPECT_TRUE(verify(sd, ctx, later)->failed_check("exp"));
}

TEST_F(World, TrustedIssuers) {
  publish();
  Policy p = policy;
  p.trusted_issuers = {"did:example:someone-else"};
  EXPECT_TRUE(verify(vc_jwt(credential()), ctx, p)->failed_check("trusted_issuer"));
  p.trusted_issuers.push_back(issuer.did);
  EXPECT_TRUE(verify(vc_jwt(credential()), ctx, p)->valid());
}

TEST_F(World, DataModelIsChecked) {
  Json c = credential(false);
  c["validFrom"] = "yesterday";
  auto v = verify(vc_jwt(c), ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("data_model"));
}

TEST_F(World, PresentationsBindNonceAndAudience) {
  publish();
  Json vp = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
             {"type", "VerifiablePresentation"},
             {"holder", holder.did},
             {"verifiableCredential",
              Json::array({Json{{"@context", "https://www.w3.org/ns/credentials/v2"},
                                {"type", "EnvelopedVerifiableCredential"},
                                {"id", "data:application/vc+jwt," + vc_jwt(credential())}}})}};
  std::string jwt = issue_vp_jwt(vp, *holder.signer, holder.kid, "https://verifier.example", "n1").value();
  Policy p = policy;
  p.require_holder_binding = true;
  p.audience = "https://verifier.example";
  p.nonce = "n1";
  auto v = verify(jwt, ctx, p);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  p.nonce = "n2";
  EXPECT_TRUE(verify(jwt, ctx, p)->failed_check("holder_binding"));
  // A vc+jwt cannot satisfy a policy that requires holder binding.
  p.nonce = "n1";
  EXPECT_TRUE(verify(vc_jwt(credential()), ctx, p)->failed_check("holder_binding"));
  // SD-JWT with key binding through verify().
  Json c = {{"iss", issuer.did}, {"vct", "t"}, {"name", "A"}};
  sd_jwt::IssueOptions o;
  o.kid = issuer.kid;
  o.sd = {"/name"};
  o.holder_jwk = crypto::public_key_to_jwk(holder.public_key);
  std::string sd = sd_jwt::issue(c, *issuer.signer, o).value();
  sd_jwt::HolderBinding hb{holder.signer.get(), "https://verifier.example", "n1", kNow};
  std::string pres = sd_jwt::present(sd, {"/name"}, hb).value();
  v = verify(pres, ctx, p);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->document["name"], "A");
  EXPECT_TRUE(verify(sd_jwt::present(sd, {"/name"}, {}).value(), ctx, p)->failed_check("holder_binding"));
}

TEST_F(World, DataIntegrityThroughVerify) {
  publish();
  di::ProofOptions o;
  o.verification_method = issuer.kid;
  o.created = kNow - 100;
  Json s = di::add_proof(credential(), *issuer.signer, o).value();
  auto v = verify(s.dump(), ctx, policy);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->format, "data-integrity");
}

TEST_F(World, CouldNotCheck) {
  EXPECT_THAT(verify("", ctx, policy), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(verify("hello", ctx, policy), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(verify("{\"a\":1}", ctx, policy), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(verify("{", ctx, policy), HasError(ErrorCode::kMalformed));
  VerifyContext none{};
  EXPECT_THAT(verify(vc_jwt(credential()), none, policy), HasError(ErrorCode::kInvalidArgument));
}

TEST(PolicyFile, ParsesAndRefusesTypos) {
  auto p = policy_from_json(Json::parse(R"({"now":"2026-01-01T00:00:00Z","clockSkewSeconds":30,
    "requireStatus":true,"trustedIssuers":["did:example:a"],"requireHolderBinding":true,
    "audience":"x","nonce":"y","keyBindingMaxAgeSeconds":60,"validateDataModel":false})"));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(*p->now, kNow);
  EXPECT_EQ(p->clock_skew_s, 30);
  EXPECT_TRUE(p->require_status);
  EXPECT_EQ(p->trusted_issuers.size(), 1u);
  EXPECT_FALSE(p->validate_data_model);
  EXPECT_THAT(policy_from_json(Json::parse(R"({"requireStatuss":true})")), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(policy_from_json(Json::parse(R"({"requireStatus":"yes"})")), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(policy_from_json(Json::parse(R"({"clockSkewSeconds":-1})")), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(policy_from_json(Json::array()), HasError(ErrorCode::kMalformed));
}

}  // namespace
}  // namespace plx::vc
