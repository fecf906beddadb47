// A did:plx issuer on a real embedded node (ledger/node.hpp) issues credentials with a
// PlxStatusListEntry; verify() resolves the issuer and reads the status through NodeReader with
// the proofs checked (vc/ledger_status.hpp), before and after the issuer revokes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "plx/crypto/signature.hpp"
#include "plx/ledger/node.hpp"
#include "plx/ledger/node_reader.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/ledger_client/transaction.hpp"
#include "plx/vc/data_integrity.hpp"
#include "plx/vc/jose.hpp"
#include "plx/vc/ledger_status.hpp"
#include "plx/vc/sd_jwt.hpp"
#include "plx/vc/verify.hpp"

namespace plx::vc {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("plx-vc-ledger-test-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

struct Issuer {
  crypto::PrivateKey key;
  std::string did;
  std::string kid;
};

class VcLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger::NodeOptions o;
    o.chain_id = "vc-ledger-test";
    o.threads = 1;
    o.sync = false;
    auto n = ledger::Node::open(dir_.path, o);
    ASSERT_TRUE(n.has_value()) << n.error().to_string();
    node_ = std::shared_ptr<ledger::Node>(std::move(*n));
    reader_ = std::make_shared<ledger::NodeReader>(node_);
    resolver_ = std::make_unique<ledger::PlxResolver>(reader_);
    checker_ = std::make_unique<LedgerStatusChecker>(reader_, LedgerStatusOptions{"vc-ledger-test"});
    ctx_.resolver = resolver_.get();
    ctx_.status_checkers[std::string(kPlxStatusListEntryType)] = checker_.get();
    policy_.require_status = true;
  }

  // Signs, submits and commits `tx` in its own block; returns whether it was applied.
  bool commit(ledger::Transaction tx, const Issuer& who) {
    tx.chain_id = "vc-ledger-test";
    tx.signer = who.kid;
    tx.signer_public_key = ledger::multikey_bytes(who.key.public_key()).value();
    tx.nonce = node_->next_nonce(who.did).value();
    auto stx = ledger::sign_transaction(std::move(tx), who.key).value();
    auto id = node_->submit(stx).value();
    EXPECT_TRUE(node_->produce_block().has_value());
    auto rc = node_->outcome(id).value();
    return rc.has_value() && rc->outcome.applied();
  }

  Issuer make_issuer() {
    auto key = crypto::PrivateKey::generate(crypto::KeyType::kEd25519).value();
    Json genesis = {{"verificationMethod",
                     Json::array({Json{{"id", "#key-1"},
                                       {"type", "Multikey"},
                                       {"publicKeyMultibase", key.public_key().multikey()}}})},
                    {"assertionMethod", Json::array({"#key-1"})},
                    {"capabilityInvocation", Json::array({"#key-1"})}};
    std::string did = ledger::derive_did_plx_from_json(genesis).value();
    Issuer who{std::move(key), did, did + "#key-1"};
    ledger::Transaction tx;
    tx.op = ledger::OpCode::kCreateDid;
    tx.payload = ledger::CreateDidPayload{json_dump(genesis), {}}.encode();  // checked by [L]
    EXPECT_TRUE(commit(std::move(tx), who));
    return who;
  }

  bool create_list(const Issuer& who, const std::string& id, std::uint32_t size,
                   const std::string& purpose) {
    ledger::Transaction tx;
    tx.op = ledger::OpCode::kCreateStatusList;
    tx.payload = ledger::CreateStatusListPayload{id, size, purpose}.encode();
    return commit(std::move(tx), who);
  }

  bool set_bit(const Issuer& who, const std::string& list_owner, const std::string& id,
               std::uint32_t index, bool value) {
    ledger::Transaction tx;
    tx.op = ledger::OpCode::kUpdateStatus;
    tx.payload = ledger::UpdateStatusPayload{list_owner, id, {{index, value}}}.encode();
    return commit(std::move(tx), who);
  }

  Json credential(const Issuer& who, const PlxStatusEntry& entry) const {
    return Json{{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
                {"type", Json::array({"VerifiableCredential"})},
                {"issuer", who.did},
                {"validFrom", "2024-01-01T00:00:00Z"},
                {"credentialSubject", Json{{"id", "did:example:alice"}, {"name", "Alice"}}},
                {"credentialStatus", entry.to_json()}};
  }

  std::string jwt(const Issuer& who, const Json& cred) const {
    auto signer = crypto::make_signer(who.key.clone()).value();
    return issue_vc_jwt(cred, *signer, who.kid).value();
  }

  TempDir dir_;
  std::shared_ptr<ledger::Node> node_;
  std::shared_ptr<const ledger::LedgerReader> reader_;
  std::unique_ptr<ledger::PlxResolver> resolver_;
  std::unique_ptr<LedgerStatusChecker> checker_;
  VerifyContext ctx_;
  Policy policy_;
};

TEST_F(VcLedgerTest, RevocationOnTheLedgerInEveryFormat) {
  Issuer acme = make_issuer();
  ASSERT_TRUE(create_list(acme, "rev", 20000, "revocation"));
  PlxStatusEntry entry{"revocation", acme.did, "rev", 9001};
  Json cred = credential(acme, entry);
  auto signer = crypto::make_signer(acme.key.clone()).value();
  sd_jwt::IssueOptions so;
  so.typ = std::string(sd_jwt::kTypSdJwtVcLegacy);
  so.kid = acme.kid;
  so.sd = {"/credentialSubject/name"};
  di::ProofOptions po;
  po.verification_method = acme.kid;
  const std::vector<std::string> secured = {
      jwt(acme, cred), sd_jwt::issue(cred, *signer, so).value(),
      json_dump(di::add_proof(cred, *signer, po).value())};
  for (const auto& s : secured) {
    auto v = verify(s, ctx_, policy_);
    ASSERT_TRUE(v.has_value()) << v.error().to_string();
    EXPECT_TRUE(v->valid()) << v->to_json().dump();
    EXPECT_EQ(v->issuer, acme.did);
  }
  // Another index in the same chunk is revoked: still valid.
  ASSERT_TRUE(set_bit(acme, acme.did, "rev", 9000, true));
  for (const auto& s : secured) EXPECT_TRUE(verify(s, ctx_, policy_)->valid());

  ASSERT_TRUE(set_bit(acme, acme.did, "rev", 9001, true));
  const std::string height = std::to_string(node_->latest_height());
  for (const auto& s : secured) {
    auto v = verify(s, ctx_, policy_);
    ASSERT_TRUE(v.has_value()) << v.error().to_string();
    ASSERT_FALSE(v->valid());
    ASSERT_TRUE(v->failed_check("status"));
    EXPECT_NE(v->failed[0].reason.find("revoked"), std::string::npos) << v->failed[0].reason;
    EXPECT_NE(v->failed[0].reason.find("block " + height), std::string::npos)
        << v->failed[0].reason;
  }
  // Cleared again (e.g. revoked in error): valid.
  ASSERT_TRUE(set_bit(acme, acme.did, "rev", 9001, false));
  for (const auto& s : secured) EXPECT_TRUE(verify(s, ctx_, policy_)->valid());
}

TEST_F(VcLedgerTest, OnlyTheIssuerControlsItsList) {
  Issuer acme = make_issuer();
  Issuer mallory = make_issuer();
  ASSERT_TRUE(create_list(acme, "rev", 1000, "revocation"));
  ASSERT_TRUE(create_list(mallory, "rev", 1000, "revocation"));
  // Mallory cannot write acme's list.
  EXPECT_FALSE(set_bit(mallory, acme.did, "rev", 7, true));
  const std::string good = jwt(acme, credential(acme, {"revocation", acme.did, "rev", 7}));
  EXPECT_TRUE(verify(good, ctx_, policy_)->valid());

  // A credential of acme's that points at mallory's list: refused, as could-not-check.
  const std::string pointing =
      jwt(acme, credential(acme, {"revocation", mallory.did, "rev", 7}));
  auto v = verify(pointing, ctx_, policy_);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(v.error().where, "credentialStatus/statusListIssuer");

  auto missing = verify(jwt(acme, credential(acme, {"revocation", acme.did, "nope", 7})), ctx_,
                        policy_);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto beyond = verify(jwt(acme, credential(acme, {"revocation", acme.did, "rev", 1000})), ctx_,
                       policy_);
  ASSERT_FALSE(beyond.has_value());
  EXPECT_EQ(beyond.error().code, ErrorCode::kOutOfRange);

  auto purpose = verify(jwt(acme, credential(acme, {"suspension", acme.did, "rev", 1})), ctx_,
                        policy_);
  ASSERT_FALSE(purpose.has_value());
  EXPECT_EQ(purpose.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(purpose.error().where, "credentialStatus/statusPurpose");

  // Without requireStatus the unreadable status is reported as not checked, never as valid
  // status: the verdict names it.
  Policy lax;
  auto not_checked = verify(pointing, ctx_, lax);
  ASSERT_TRUE(not_checked.has_value());
  const auto& p = not_checked->passed;
  EXPECT_NE(std::find(p.begin(), p.end(), "status(not checked)"), p.end());
}

}  // namespace
}  // namespace plx::vc
