#include "ledger_tools.hpp"

#include <stdlib.h>  // mkdtemp (POSIX)

#include <algorithm>
#include <iostream>
#include <system_error>

#include "plx/core/encoding.hpp"
#include "plx/did/did_url.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger/node_reader.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/ledger_client/state_keys.hpp"

namespace plx::cli {

namespace {

Status check_chain_id(std::string_view id) {
  if (id.empty() || id.size() > ledger::kMaxChainIdLength) {
    return Error(ErrorCode::kInvalidArgument, "a chain id is 1 to 64 bytes", "--chain-id");
  }
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) {
      return Error(ErrorCode::kInvalidArgument, "a chain id is printable ASCII without spaces",
                   "--chain-id");
    }
  }
  return ok_status();
}

// One transaction per block, fsynced: the CLI commits what the user asked for before it exits.
ledger::NodeOptions node_options(std::string_view chain_id, bool create) {
  ledger::NodeOptions o;
  o.chain_id = std::string(chain_id);
  o.threads = 1;
  o.max_block_txs = 1;
  o.sync = true;
  o.create_if_missing = create;
  return o;
}

}  // namespace

EmbeddedLedger::EmbeddedLedger(std::shared_ptr<ledger::Node> node)
    : node_(std::move(node)), reader_(std::make_shared<ledger::NodeReader>(node_)) {}

Result<std::shared_ptr<EmbeddedLedger>> EmbeddedLedger::create(const std::filesystem::path& dir,
                                                               std::string_view chain_id) {
  PLX_RETURN_IF_ERROR(check_chain_id(chain_id));
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    return Error(ErrorCode::kAlreadyExists,
                 "the directory is not empty; a ledger is created in a new or empty directory",
                 dir.string());
  }
  PLX_TRY(std::unique_ptr<ledger::Node> node,
          ledger::Node::open(dir, node_options(chain_id, true)));
  return std::shared_ptr<EmbeddedLedger>(
      new EmbeddedLedger(std::shared_ptr<ledger::Node>(std::move(node))));
}

Result<std::shared_ptr<EmbeddedLedger>> EmbeddedLedger::open(const std::filesystem::path& dir,
                                                             Access access) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec) || !std::filesystem::exists(dir / "CURRENT", ec)) {
    return Error(ErrorCode::kNotFound,
                 "no ledger here (create one with: plx ledger init " + dir.string() + ")",
                 dir.string());
  }
  // No chain id: the node opens the existing ledger under the one recorded at its creation.
  ledger::NodeOptions options = node_options("", false);
  options.read_only = access == Access::kRead;
  PLX_TRY(std::unique_ptr<ledger::Node> node, ledger::Node::open(dir, options));
  return std::shared_ptr<EmbeddedLedger>(
      new EmbeddedLedger(std::shared_ptr<ledger::Node>(std::move(node))));
}

Result<ledger::BlockHeader> EmbeddedLedger::latest_header() const {
  return reader_->latest_header();
}

Result<std::uint64_t> EmbeddedLedger::next_nonce(std::string_view did) const {
  return node_->next_nonce(did);
}

Result<Committed> EmbeddedLedger::commit(const ledger::SignedTransaction& stx) {
  PLX_TRY(ledger::TxId id, node_->submit(stx));
  PLX_TRY(ledger::BlockHeader h, node_->produce_block());
  PLX_TRY(std::optional<ledger::TxReceipt> receipt, node_->outcome(id));
  // This process owns the node and submitted only `stx`, so the block just made holds it.
  if (!receipt.has_value() || receipt->height != h.height) {
    return Error(ErrorCode::kInternal,
                 "the transaction is not in block " + std::to_string(h.height), "tx");
  }
  return Committed{stx, id, std::move(receipt->outcome), h.height, h.time};
}

Result<TempDir> TempDir::make(std::string_view prefix) {
  std::error_code ec;
  auto base = std::filesystem::temp_directory_path(ec);
  if (ec) return Error(ErrorCode::kIo, "no temporary directory: " + ec.message());
  std::string templ = (base / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) {
    return Error(ErrorCode::kIo, "cannot create a temporary directory", templ);
  }
  return TempDir(templ);
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void Tally::check(bool good, const std::string& what) {
  if (good) {
    ++ok;
  } else {
    ++failures;
    std::cout << "  !! UNEXPECTED: " << what << "\n";
  }
}

Result<LedgerPtr> init_ledger(const std::filesystem::path& dir, std::string_view chain_id) {
  return EmbeddedLedger::create(dir, chain_id);
}

Result<LedgerPtr> open_ledger(const std::filesystem::path& dir, EmbeddedLedger::Access access) {
  return EmbeddedLedger::open(dir, access);
}

Json method_json(std::string_view fragment_id, const crypto::PublicKey& key) {
  return Json{{"id", std::string(fragment_id)},
              {"type", "Multikey"},
              {"publicKeyMultibase", key.multikey()}};
}

Json genesis_document(const crypto::PublicKey& key) {
  return Json{{"@context", Json::array({"https://www.w3.org/ns/did/v1",
                                        "https://w3id.org/security/multikey/v1"})},
              {"verificationMethod", Json::array({method_json("#key-1", key)})},
              {"authentication", Json::array({"#key-1"})},
              {"assertionMethod", Json::array({"#key-1"})},
              {"capabilityInvocation", Json::array({"#key-1"})}};
}

Json committed_to_json(const Committed& c) {
  return Json{{"txId", ledger::to_hex(c.tx_id)},
              {"height", c.height},
              {"outcome", c.outcome.to_string()}};
}

Result<Committed> commit(EmbeddedLedger& ledger, ledger::Transaction tx,
                         const crypto::PrivateKey& key) {
  PLX_TRY(ledger::SignedTransaction stx, ledger::sign_transaction(std::move(tx), key));
  return ledger.commit(stx);
}

Result<CreatedPlx> create_plx(EmbeddedLedger& node, crypto::KeyType type) {
  if (type != crypto::KeyType::kEd25519 && type != crypto::KeyType::kSecp256k1) {
    return Error(ErrorCode::kUnsupported,
                 "ledger transactions are signed with Ed25519 or secp256k1 keys", "--type");
  }
  PLX_TRY(crypto::PrivateKey key, crypto::PrivateKey::generate(type));
  Json genesis = genesis_document(key.public_key());
  PLX_TRY(std::string did, ledger::derive_did_plx_from_json(genesis));
  std::string kid = did + "#key-1";

  ledger::Transaction tx;
  tx.chain_id = node.chain_id();
  tx.signer = kid;
  PLX_TRY(tx.signer_public_key, ledger::multikey_bytes(key.public_key()));
  tx.nonce = 0;
  tx.op = ledger::OpCode::kCreateDid;
  PLX_TRY(auto payload,
          ledger::CreateDidPayload::for_signer(json_dump(genesis), tx.signer_public_key));
  tx.payload = payload.encode();
  PLX_TRY(Committed c, commit(node, std::move(tx), key));
  return CreatedPlx{std::move(did), std::move(kid), std::move(key), std::move(genesis),
                    std::move(c)};
}

Result<std::string> did_of_kid(std::string_view kid) {
  auto url = did::DidUrl::parse(kid);
  if (!url.has_value()) return url.error().within("kid");
  if (!url->fragment().has_value()) {
    return Error(ErrorCode::kInvalidArgument,
                 "the key file's kid must name a verification method (did:plx:...#key-N)", "kid");
  }
  return url->did().to_string();
}

namespace {

Result<Committed> signed_op(EmbeddedLedger& node, std::string_view kid,
                            const crypto::PrivateKey& key, ledger::OpCode op, Bytes payload) {
  PLX_TRY(std::string signer_did, did_of_kid(kid));
  ledger::Transaction tx;
  tx.chain_id = node.chain_id();
  tx.signer = std::string(kid);
  PLX_TRY(tx.signer_public_key, ledger::multikey_bytes(key.public_key()));
  PLX_TRY(tx.nonce, node.next_nonce(signer_did));
  tx.op = op;
  tx.payload = std::move(payload);
  return commit(node, std::move(tx), key);
}

}  // namespace

Result<Committed> update_plx(EmbeddedLedger& node, std::string_view did,
                             std::vector<ledger::PatchOp> ops, std::string_view kid,
                             const crypto::PrivateKey& key) {
  ledger::UpdateDidPayload payload{std::string(did), std::move(ops)};
  // Eighths of the Ed25519 keys it adds spare the ledger their prime-order checks.
  PLX_RETURN_IF_ERROR(payload.add_published_key_eighths());
  return signed_op(node, kid, key, ledger::OpCode::kUpdateDid, payload.encode());
}

Result<Committed> deactivate_plx(EmbeddedLedger& node, std::string_view did, std::string_view kid,
                                 const crypto::PrivateKey& key) {
  ledger::DeactivateDidPayload payload{std::string(did)};
  return signed_op(node, kid, key, ledger::OpCode::kDeactivateDid, payload.encode());
}

Result<Committed> create_status_list(EmbeddedLedger& node, std::string_view kid,
                                     const crypto::PrivateKey& key, std::string_view list_id,
                                     std::uint32_t size_bits, std::string_view purpose) {
  ledger::CreateStatusListPayload payload{std::string(list_id), size_bits, std::string(purpose)};
  return signed_op(node, kid, key, ledger::OpCode::kCreateStatusList, payload.encode());
}

Result<Committed> set_status_bits(EmbeddedLedger& node, std::string_view kid,
                                  const crypto::PrivateKey& key, std::string_view list_id,
                                  const std::vector<std::uint32_t>& indexes, bool value) {
  PLX_TRY(std::string issuer, did_of_kid(kid));
  ledger::UpdateStatusPayload payload{std::move(issuer), std::string(list_id), {}};
  for (std::uint32_t i : indexes) payload.changes.push_back(ledger::StatusChange{i, value});
  return signed_op(node, kid, key, ledger::OpCode::kUpdateStatus, payload.encode());
}

std::string next_key_id(const did::Document& doc, const std::vector<std::string>& taken) {
  for (unsigned n = 1;; ++n) {
    std::string id = "#key-" + std::to_string(n);
    bool used = doc.find_verification_method(id) != nullptr;
    for (const auto& t : taken) used = used || t == id;
    if (!used) return id;
  }
}

did::MultiResolver make_resolver(const EmbeddedLedger& ledger) {
  did::MultiResolver r = did::make_local_resolver();
  // "plx" is a valid method name and not registered by make_local_resolver.
  PLX_CHECK(r.add("plx", std::make_shared<ledger::PlxResolver>(
                             ledger.reader(), ledger::PlxResolverOptions{ledger.chain_id()}))
                .has_value());
  return r;
}

Result<did::ResolutionResult> resolve_did_or_url(const did::Resolver& resolver,
                                                 std::string_view text,
                                                 did::ResolutionOptions options) {
  if (did::Did::parse(text).has_value()) return resolver.resolve(text, options);
  auto url = did::DidUrl::parse(text);
  // Not a DID URL either: let the resolver say invalidDid.
  if (!url.has_value()) return resolver.resolve(text, options);
  if (!url->path().empty() || url->fragment().has_value()) {
    return did::ResolutionResult::failure(
        did::resolution_error::kInvalidDid,
        "give a DID, optionally with ?versionId= or ?versionTime= (a path or fragment is "
        "dereferenced, not resolved)");
  }
  if (!options.extra.is_object()) options.extra = Json::object();
  for (const auto& p : url->query_params()) {
    if (options.extra.contains(p.name)) {
      return did::ResolutionResult::failure(ledger::kResolutionErrorInvalidOptions,
                                            "DID parameter " + p.name + " given twice");
    }
    options.extra[p.name] = p.value;
  }
  return resolver.resolve(url->did().to_string(), options);
}

}  // namespace plx::cli
