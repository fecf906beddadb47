// The credential part of `plx demo` (issue "vc", the main job): an issuer with a did:plx on an
// embedded ledger issues a credential to a holder in each format with a ledger status entry,
// the holder presents only some claims (SD-JWT with key binding), the verifier checks it, the
// issuer revokes it through its ledger status list, and the same presentation then fails with
// the reason. vc/README.md and docs/did-plx-method.md §7 describe the pieces.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "io.hpp"
#include "ledger_tools.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/methods/jwk.hpp"
#include "plx/vc/data_integrity.hpp"
#include "plx/vc/jose.hpp"
#include "plx/vc/ledger_status.hpp"
#include "plx/vc/sd_jwt.hpp"
#include "plx/vc/verify.hpp"

namespace plx::cli {
namespace {

constexpr std::string_view kList = "revocation-1";
constexpr std::uint32_t kListSize = 131072;  // the W3C minimum, so one index hides in many
constexpr std::uint32_t kIndex = 4242;
constexpr std::string_view kVerifier = "https://verifier.example";

// "valid" or "INVALID: check: reason" (the first failed check).
std::string verdict_line(const Result<vc::Verdict>& v) {
  if (!v.has_value()) return "COULD NOT CHECK: " + v.error().to_string();
  if (v->valid()) {
    std::string checks;
    for (const auto& c : v->passed) checks += (checks.empty() ? "" : ", ") + c;
    return "valid (" + checks + ")";
  }
  return "INVALID: " + v->failed[0].check + ": " + v->failed[0].reason;
}

bool revoked(const Result<vc::Verdict>& v) {
  return v.has_value() && !v->valid() && v->failed_check("status") &&
         v->failed[0].reason.find("revoked") != std::string::npos;
}

}  // namespace

int run_vc_demo() {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  Tally tally;
  std::cout << "Credentials with a revocation list on the ledger (vc/README.md)\n"
            << "---------------------------------------------------------------\n";

  auto tmp = TempDir::make("plx-vc-demo");
  if (!tmp.has_value()) return report(tmp.error());
  auto made = init_ledger(tmp->path() / "ledger", "plx-demo");
  if (!made.has_value()) return report(made.error());
  LedgerPtr node = *std::move(made);

  // 1. The issuer: a did:plx (Ed25519 #key-1 under assertionMethod and capabilityInvocation)
  //    and a status list of its own on the ledger.
  auto issuer = create_plx(*node, crypto::KeyType::kEd25519);
  if (!issuer.has_value()) return report(issuer.error());
  tally.check(issuer->committed.outcome.applied(), "the issuer's DID was not created");
  auto list = create_status_list(*node, issuer->kid, issuer->key, kList, kListSize, "revocation");
  if (!list.has_value()) return report(list.error());
  tally.check(list->outcome.applied(), "the status list was not created");
  std::cout << "1. issuer    " << issuer->did << " (block " << issuer->committed.height << ")\n"
            << "            status list \"" << kList << "\": " << kListSize
            << " bits for revocation, created in block " << list->height << ": "
            << list->outcome.to_string() << "\n";

  // The holder: a did:jwk whose key the SD-JWT binds (cnf).
  auto holder_key = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  if (!holder_key.has_value()) return report(holder_key.error());
  const std::string holder_did = did::jwk::create(holder_key->public_key()).to_string();
  std::cout << "   holder    " << holder_did.substr(0, 40) << "... (Ed25519; the key the "
               "SD-JWT binds)\n";

  // 2. Issue one credential in each format, each with the ledger status entry.
  vc::PlxStatusEntry entry{"revocation", issuer->did, std::string(kList), kIndex};
  Json cred = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2",
                                         "https://www.w3.org/ns/credentials/examples/v2"})},
               {"type", Json::array({"VerifiableCredential", "ExampleDegreeCredential"})},
               {"issuer", issuer->did},
               {"validFrom", "2024-01-01T00:00:00Z"},
               {"credentialSubject",
                Json{{"id", holder_did},
                     {"name", "Alice"},
                     {"birthDate", "2001-02-03"},
                     {"degree", Json{{"type", "BachelorDegree"}, {"name", "BSc Physics"}}}}},
               {"credentialStatus", entry.to_json()}};
  auto signer = crypto::make_signer(issuer->key.clone());
  if (!signer.has_value()) return report(signer.error());
  auto jwt = vc::issue_vc_jwt(cred, **signer, issuer->kid);
  if (!jwt.has_value()) return report(jwt.error());
  vc::sd_jwt::IssueOptions so;
  so.typ = std::string(vc::sd_jwt::kTypSdJwtVcLegacy);
  so.kid = issuer->kid;
  so.sd = {"/credentialSubject/name", "/credentialSubject/birthDate",
           "/credentialSubject/degree"};
  so.decoys = 2;
  so.holder_jwk = crypto::public_key_to_jwk(holder_key->public_key());
  auto sd = vc::sd_jwt::issue(cred, **signer, so);
  if (!sd.has_value()) return report(sd.error());
  vc::di::ProofOptions po;
  po.verification_method = issuer->kid;
  auto di = vc::di::add_proof(cred, **signer, po);
  if (!di.has_value()) return report(di.error());
  const std::string di_text = json_dump(*di);
  std::cout << "2. issue     a degree credential to the holder; credentialStatus = "
               "PlxStatusListEntry (\""
            << kList << "\", index " << kIndex << ")\n";

  // The verifier: did:plx from the ledger (proof checked), ledger status (proof checked),
  // status required (fail closed).
  did::MultiResolver resolver = make_resolver(*node);
  vc::LedgerStatusChecker status(node->reader(), vc::LedgerStatusOptions{node->chain_id()});
  vc::VerifyContext ctx{&resolver, nullptr, nullptr, {}};
  ctx.status_checkers[std::string(vc::kPlxStatusListEntryType)] = &status;
  vc::Policy policy;
  policy.require_status = true;

  struct Issued {
    const char* format;
    const std::string* text;
  };
  const std::vector<Issued> issued = {{"vc+jwt        ", &*jwt},
                                      {"sd-jwt        ", &*sd},
                                      {"eddsa-jcs-2022", &di_text}};
  for (const auto& i : issued) {
    auto v = vc::verify(*i.text, ctx, policy);
    std::cout << "   " << i.format << " " << i.text->size() << " bytes -> verifier: "
              << verdict_line(v) << "\n";
    tally.check(v.has_value() && v->valid(), std::string(i.format) + " did not verify");
  }

  // 3. The holder presents only the degree, bound to this verifier and its nonce.
  auto holder_signer = crypto::make_signer(holder_key->clone());
  if (!holder_signer.has_value()) return report(holder_signer.error());
  const std::string nonce = "n-" + std::to_string(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count());
  auto pres = vc::sd_jwt::present(*sd, {"/credentialSubject/degree"},
                                  vc::sd_jwt::HolderBinding{holder_signer->get(),
                                                            std::string(kVerifier), nonce,
                                                            std::nullopt});
  if (!pres.has_value()) return report(pres.error());
  vc::Policy pres_policy = policy;
  pres_policy.require_holder_binding = true;
  pres_policy.audience = std::string(kVerifier);
  pres_policy.nonce = nonce;
  auto seen = vc::verify(*pres, ctx, pres_policy);
  std::cout << "3. present   SD-JWT with only /credentialSubject/degree disclosed, Key Binding "
               "JWT (aud "
            << kVerifier << ", nonce " << nonce << ")\n"
            << "   verifier: " << verdict_line(seen) << "\n";
  tally.check(seen.has_value() && seen->valid(), "the presentation did not verify");
  if (seen.has_value()) {
    const Json& subject = seen->document.value("credentialSubject", Json::object());
    const bool only_degree = subject.contains("degree") && !subject.contains("name") &&
                             !subject.contains("birthDate");
    std::cout << "             sees degree " << json_dump(subject.value("degree", Json()))
              << "; name and birthDate " << (only_degree ? "withheld" : "SHOWN") << "\n";
    tally.check(only_degree, "undisclosed claims reached the verifier");
  }
  auto replayed = vc::verify(*pres, ctx, [&] {
    vc::Policy p = pres_policy;
    p.nonce = "another-nonce";
    return p;
  }());
  std::cout << "   replayed to a verifier with another nonce -> " << verdict_line(replayed)
            << "\n";
  tally.check(replayed.has_value() && replayed->failed_check("holder_binding"),
              "a replayed presentation was accepted");

  // 4. The issuer revokes: one transaction in a block sets the bit.
  auto rev = set_status_bits(*node, issuer->kid, issuer->key, kList, {kIndex}, true);
  if (!rev.has_value()) return report(rev.error());
  std::cout << "4. revoke    issuer sets bit " << kIndex << " of \"" << kList << "\": tx "
            << ledger::to_hex(rev->tx_id).substr(0, 16) << "... in block " << rev->height
            << ": " << rev->outcome.to_string() << "\n";
  tally.check(rev->outcome.applied(), "the revocation was not applied");

  // 5. The same presentation, and the credentials, now fail with the reason.
  auto again = vc::verify(*pres, ctx, pres_policy);
  std::cout << "5. verify    the same presentation -> " << verdict_line(again) << "\n";
  tally.check(revoked(again), "the revoked presentation was not refused as revoked");
  for (const auto& i : issued) {
    if (i.text == &*sd) continue;
    auto v = vc::verify(*i.text, ctx, policy);
    std::cout << "   " << i.format << " -> " << verdict_line(v) << "\n";
    tally.check(revoked(v), std::string(i.format) + " was not refused as revoked");
  }
  // A stranger cannot revoke (or un-revoke) the issuer's list.
  auto mallory = create_plx(*node, crypto::KeyType::kEd25519);
  if (!mallory.has_value()) return report(mallory.error());
  ledger::UpdateStatusPayload forged{issuer->did, std::string(kList), {{kIndex, false}}};
  ledger::Transaction tx;
  tx.chain_id = node->chain_id();
  tx.signer = mallory->kid;
  auto pk = ledger::multikey_bytes(mallory->key.public_key());
  if (!pk.has_value()) return report(pk.error());
  tx.signer_public_key = *pk;
  auto nonce_m = node->next_nonce(mallory->did);
  if (!nonce_m.has_value()) return report(nonce_m.error());
  tx.nonce = *nonce_m;
  tx.op = ledger::OpCode::kUpdateStatus;
  tx.payload = forged.encode();
  auto un = commit(*node, std::move(tx), mallory->key);
  if (!un.has_value()) return report(un.error());
  std::cout << "   another DID clears the bit -> " << un->outcome.to_string() << "\n";
  tally.check(!un->outcome.applied(), "a stranger changed the issuer's status list");

  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("Credential summary: 3 formats issued and verified, 1 presentation, revoked in "
              "block %llu; %d checks as expected, %d failures (%.1f ms)\n",
              static_cast<unsigned long long>(rev->height), tally.ok, tally.failures, ms);
  return tally.failures == 0 ? kExitOk : kExitError;
}

}  // namespace plx::cli
