// The did:plx part of `plx demo`: a DID on an embedded ledger in a temporary directory, created,
// updated, resolved with its state proof checked (current and earlier versions), attacked
// (replay, wrong key, tampered proof) and deactivated. docs/did-plx-method.md describes each step.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "io.hpp"
#include "ledger_tools.hpp"
#include "plx/core/encoding.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger/node_reader.hpp"
#include "plx/ledger_client/resolver.hpp"

namespace plx::cli {
namespace {

// A reader that returns what the node returned, with one bit of every value flipped: what a
// faulty or malicious node would serve. The resolver must refuse it.
class TamperingReader final : public ledger::LedgerReader {
 public:
  explicit TamperingReader(std::shared_ptr<const ledger::LedgerReader> inner)
      : inner_(std::move(inner)) {}
  Result<ledger::BlockHeader> latest_header() const override { return inner_->latest_header(); }
  Result<ledger::BlockHeader> header(std::uint64_t height) const override {
    return inner_->header(height);
  }
  Result<ledger::ProvenValue> get(ByteSpan key, std::uint64_t height) const override {
    // Modified in place rather than moved out of a PLX_TRY local: g++ 12 reports a false
    // -Wmaybe-uninitialized on the optionals of a moved ProvenValue.
    auto pv = inner_->get(key, height);
    if (pv.has_value() && pv->value.has_value() && !pv->value->empty()) {
      (*pv->value)[pv->value->size() / 2] ^= 0x01;
    }
    return pv;
  }
  Result<std::optional<Bytes>> value_by_hash(const ledger::Hash& hash) const override {
    return inner_->value_by_hash(hash);
  }

 private:
  std::shared_ptr<const ledger::LedgerReader> inner_;
};

std::string short_hex(const ledger::Hash& h) { return ledger::to_hex(h).substr(0, 16) + "..."; }

void print_outcome(const char* label, const Committed& c) {
  std::cout << "  " << label << " tx " << short_hex(c.tx_id) << " in block " << c.height << ": "
            << c.outcome.to_string() << "\n";
}

std::string proof_line(const did::ResolutionResult& r) {
  const Json& p = r.did_resolution_metadata.extra.value("proof", Json::object());
  if (!p.is_object() || !p.value("verified", false)) return "proof NOT checked";
  return "proof verified against block " + std::to_string(p.value("height", 0)) +
         " (state root " + p.value("stateRoot", std::string()).substr(0, 16) + "...)";
}

std::string doc_summary(const did::Document& d) {
  return std::to_string(d.verification_method.size()) + " key(s), " +
         std::to_string(d.service.size()) + " service(s), " +
         std::to_string(d.capability_invocation.size()) + " capabilityInvocation";
}

}  // namespace

int run_ledger_demo() {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  Tally tally;
  std::cout << "did:plx on an embedded ledger (docs/did-plx-method.md)\n"
            << "-------------------------------------------------------\n";

  auto tmp = TempDir::make();
  if (!tmp.has_value()) return report(tmp.error());
  const auto dir = tmp->path() / "ledger";
  auto made = init_ledger(dir, "plx-demo");
  if (!made.has_value()) return report(made.error());
  LedgerPtr node = *std::move(made);
  std::cout << "1. ledger    initialized in " << dir.string() << " (chain id \"plx-demo\")\n";

  std::shared_ptr<const ledger::LedgerReader> reader = node->reader();
  did::MultiResolver resolver = make_resolver(*node);

  // 2. Create: the DID is the hash of its genesis document.
  auto created = create_plx(*node, crypto::KeyType::kEd25519);
  if (!created.has_value()) return report(created.error());
  const std::string did = created->did;
  std::cout << "2. create    " << did << "\n"
            << "             = did:plx: + base58btc(SHA-256(JCS(genesis document))); key #key-1 "
               "(Ed25519) under capabilityInvocation\n";
  print_outcome("           ", created->committed);
  tally.check(created->committed.outcome.applied(), "the create was not applied");
  auto rederived = ledger::derive_did_plx_from_json(created->genesis);
  tally.check(rederived.has_value() && *rederived == did,
              "recomputing the DID from the genesis document gave another DID");
  std::cout << "             self-certifying: recomputed from the genesis document -> "
            << (rederived.has_value() && *rederived == did ? "same DID" : "DIFFERENT") << "\n";

  auto v1 = resolver.resolve(did);
  if (!v1.has_value()) return report(v1.error());
  tally.check(v1->ok(), "resolving the new DID failed");
  if (v1->ok()) {
    std::cout << "3. resolve   versionId " << v1->did_document_metadata.version_id.value_or("?")
              << ", created " << v1->did_document_metadata.created.value_or("?") << ", "
              << doc_summary(*v1->did_document) << "\n"
              << "             " << proof_line(*v1) << "\n";
  }

  // 4. Update: add a secp256k1 key for signing credentials and a service, signed by #key-1.
  auto key2 = crypto::PrivateKey::generate(crypto::KeyType::kSecp256k1);
  if (!key2.has_value()) return report(key2.error());
  std::vector<ledger::PatchOp> ops;
  ops.push_back(ledger::PatchOp::add_verification_method(
      json_dump(method_json("#key-2", key2->public_key())),
      ledger::relationship_bit(did::Relationship::kAssertionMethod) |
          ledger::relationship_bit(did::Relationship::kAuthentication)));
  ops.push_back(ledger::PatchOp::add_service(json_dump(
      Json{{"id", "#hub"}, {"type", "LinkedDomains"}, {"serviceEndpoint", "https://example.com"}})));
  auto updated = update_plx(*node, did, ops, created->kid, created->key);
  if (!updated.has_value()) return report(updated.error());
  std::cout << "4. update    add #key-2 (secp256k1; authentication, assertionMethod) and service "
               "#hub, signed by #key-1 with nonce 1\n";
  print_outcome("           ", *updated);
  tally.check(updated->outcome.applied(), "the update was not applied");

  auto v2 = resolver.resolve(did);
  if (!v2.has_value()) return report(v2.error());
  tally.check(v2->ok() && v2->did_document_metadata.version_id == "2",
              "the updated DID did not resolve as versionId 2");
  if (v2->ok()) {
    std::cout << "5. resolve   versionId " << v2->did_document_metadata.version_id.value_or("?")
              << ", updated " << v2->did_document_metadata.updated.value_or("?") << ", "
              << doc_summary(*v2->did_document) << "\n"
              << "             " << proof_line(*v2) << "\n";
  }
  auto old = resolve_did_or_url(resolver, did + "?versionId=1", {});
  if (!old.has_value()) return report(old.error());
  const bool same_as_v1 = old->ok() && v1->ok() && *old->did_document == *v1->did_document;
  tally.check(same_as_v1, "?versionId=1 did not give the original document");
  if (old->ok()) {
    std::cout << "   ?versionId=1 -> " << doc_summary(*old->did_document)
              << (same_as_v1 ? " = the original document" : " (DIFFERS from the original)")
              << ", nextVersionId " << old->did_document_metadata.next_version_id.value_or("-")
              << "\n             " << proof_line(*old) << "\n";
  }

  // 6. Attacks the ledger turns away.
  std::cout << "6. attacks\n";
  auto replay = node->commit(updated->signed_tx);
  if (!replay.has_value()) return report(replay.error());
  std::cout << "   replay of the same update     -> " << replay->outcome.to_string() << "\n";
  tally.check(!replay->outcome.applied(), "a replayed transaction was applied");

  auto mallory = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  if (!mallory.has_value()) return report(mallory.error());
  std::vector<ledger::PatchOp> evil;
  evil.push_back(ledger::PatchOp::remove_verification_method("#key-1"));
  auto forged = update_plx(*node, did, evil, created->kid, *mallory);
  if (!forged.has_value()) return report(forged.error());
  std::cout << "   update signed by another key  -> " << forged->outcome.to_string() << "\n";
  tally.check(!forged->outcome.applied(), "an update signed by a stranger's key was applied");

  // Signatures are checked at admission: a forged one never reaches a block.
  ledger::SignedTransaction bent = updated->signed_tx;
  bent.signature[0] ^= 0x01;
  auto bent_commit = node->commit(bent);
  std::cout << "   a signature with one bit off  -> "
            << (bent_commit.has_value() ? "ACCEPTED"
                                        : "refused at submission: " + bent_commit.error().message)
            << "\n";
  tally.check(
      !bent_commit.has_value() && bent_commit.error().code == ErrorCode::kVerificationFailed,
      "a transaction with a broken signature was accepted");

  did::MultiResolver lying;
  PLX_CHECK(lying
                .add("plx", std::make_shared<ledger::PlxResolver>(
                                std::make_shared<TamperingReader>(reader)))
                .has_value());
  auto tampered = lying.resolve(did);
  const bool tamper_refused = tampered.has_value() && !tampered->ok() &&
                              !tampered->did_document.has_value();
  std::cout << "   node serves a tampered record -> "
            << (tampered.has_value()
                    ? (tampered->ok() ? std::string("ACCEPTED")
                                      : tampered->did_resolution_metadata.error + ": " +
                                            tampered->did_resolution_metadata.error_message)
                    : tampered.error().to_string())
            << "\n";
  tally.check(tamper_refused, "a document with a broken proof was returned");

  // 7. Deactivate: final.
  auto deact = deactivate_plx(*node, did, created->kid, created->key);
  if (!deact.has_value()) return report(deact.error());
  std::cout << "7. deactivate\n";
  print_outcome("           ", *deact);
  tally.check(deact->outcome.applied(), "the deactivation was not applied");
  auto v3 = resolver.resolve(did);
  if (!v3.has_value()) return report(v3.error());
  const bool shows_deactivated =
      v3->ok() && v3->did_document_metadata.deactivated.value_or(false);
  tally.check(shows_deactivated, "the deactivated DID does not resolve with deactivated: true");
  std::cout << "   resolve   versionId " << v3->did_document_metadata.version_id.value_or("?")
            << ", deactivated: " << (shows_deactivated ? "true" : "false") << "; "
            << proof_line(*v3) << "\n";
  std::vector<ledger::PatchOp> late;
  late.push_back(ledger::PatchOp::remove_service("#hub"));
  auto after = update_plx(*node, did, late, created->kid, created->key);
  if (!after.has_value()) return report(after.error());
  std::cout << "   update after deactivation     -> " << after->outcome.to_string() << "\n";
  tally.check(!after->outcome.applied(), "an update after deactivation was applied");

  auto latest = node->latest_header();
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf(
      "Ledger summary: %llu blocks, state root %s; %d checks as expected, %d failures (%.1f ms)\n\n",
      static_cast<unsigned long long>(latest.has_value() ? latest->height : 0),
      latest.has_value() ? short_hex(latest->state_root).c_str() : "?", tally.ok,
      tally.failures, ms);
  return tally.failures == 0 ? kExitOk : kExitError;
}

}  // namespace plx::cli
