#include "ledger_tools.hpp"

#include <algorithm>
#include <chrono>
#include <span>
#include <system_error>

#include "plx/core/encoding.hpp"
#include "plx/did/did_url.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger/executor.hpp"
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

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

EmbeddedLedger::EmbeddedLedger(std::unique_ptr<ledger::Store> store, std::string chain_id)
    : store_(std::move(store)), chain_id_(std::move(chain_id)) {
  tree_ = std::make_unique<ledger::StateTree>(*store_);
  reader_ = std::make_shared<ledger::StoreReader>(store_, *store_);
}

Result<std::shared_ptr<EmbeddedLedger>> EmbeddedLedger::create(const std::filesystem::path& dir,
                                                               std::string_view chain_id) {
  PLX_RETURN_IF_ERROR(check_chain_id(chain_id));
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    return Error(ErrorCode::kAlreadyExists,
                 "the directory is not empty; a ledger is created in a new or empty directory",
                 dir.string());
  }
  ledger::StoreOptions o;
  o.create_if_missing = true;
  PLX_TRY(std::unique_ptr<ledger::Store> store, ledger::Store::open(dir, o));
  PLX_RETURN_IF_ERROR(store->init_chain(chain_id));
  return std::shared_ptr<EmbeddedLedger>(new EmbeddedLedger(std::move(store), std::string(chain_id)));
}

Result<std::shared_ptr<EmbeddedLedger>> EmbeddedLedger::open(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error(ErrorCode::kNotFound,
                 "no ledger here (create one with: plx ledger init " + dir.string() + ")",
                 dir.string());
  }
  ledger::StoreOptions o;
  o.create_if_missing = false;
  PLX_TRY(std::unique_ptr<ledger::Store> store, ledger::Store::open(dir, o));
  PLX_TRY(std::optional<std::string> chain, store->chain_id());
  if (!chain.has_value()) {
    return Error(ErrorCode::kNotFound, "the directory holds no initialized ledger", dir.string());
  }
  return std::shared_ptr<EmbeddedLedger>(new EmbeddedLedger(std::move(store), *std::move(chain)));
}

Result<ledger::BlockHeader> EmbeddedLedger::latest_header() const {
  return reader_->latest_header();
}

Result<std::uint64_t> EmbeddedLedger::next_nonce(std::string_view did) const {
  auto v = store_->get(ledger::keys::nonce(did));
  if (!v.has_value()) return std::uint64_t{0};
  return ledger::decode_nonce(*v);
}

Result<Committed> EmbeddedLedger::commit(const ledger::SignedTransaction& stx) {
  const std::uint64_t parent = store_->latest_height();
  ledger::BlockHeader h;
  h.chain_id = chain_id_;
  h.height = parent + 1;
  h.time = unix_now();
  h.tx_count = 1;
  if (parent > 0) {
    PLX_TRY(ledger::BlockHeader p, store_->header(parent));
    h.prev_hash = p.hash();
    h.time = std::max(h.time, p.time);  // block times never decrease
  }
  std::vector<ledger::SignedTransaction> txs{stx};
  ledger::BlockResult r =
      ledger::execute_serial(txs, ledger::BlockContext{h.chain_id, h.height, h.time}, *store_);
  std::vector<ledger::TxId> ids{stx.id()};
  h.tx_root = ledger::merkle_root(std::span<const ledger::Hash>(ids));
  const Bytes outcome = r.outcomes.at(0).encode();
  std::vector<ByteSpan> leaves{ByteSpan(outcome)};
  h.outcomes_root = ledger::merkle_root(std::span<const ByteSpan>(leaves));
  PLX_TRY(ledger::NodeRef base, store_->root_at(parent));
  std::vector<ledger::TreeUpdate> updates = ledger::tree_updates(r.writes);
  PLX_TRY(ledger::TreeBatch batch, tree_->apply(base, h.height, updates));
  h.state_root = batch.root.hash;
  auto stored = store_->commit_block(ledger::BlockCommit{h, txs, ids, r.outcomes, &r.writes, &batch});
  if (!stored.has_value()) {
    tree_->clear_cache();
    return std::move(stored).error();
  }
  tree_->commit(batch);
  return Committed{stx, ids[0], r.outcomes[0], h.height, h.time};
}

std::shared_ptr<const ledger::LedgerReader> EmbeddedLedger::reader() const { return reader_; }

Result<LedgerPtr> init_ledger(const std::filesystem::path& dir, std::string_view chain_id) {
  return EmbeddedLedger::create(dir, chain_id);
}

Result<LedgerPtr> open_ledger(const std::filesystem::path& dir) {
  return EmbeddedLedger::open(dir);
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
  tx.payload = ledger::CreateDidPayload{json_dump(genesis)}.encode();
  PLX_TRY(Committed c, commit(node, std::move(tx), key));
  return CreatedPlx{std::move(did), std::move(kid), std::move(key), std::move(genesis),
                    std::move(c)};
}

namespace {

// The DID a verification method id belongs to ("did:plx:X#key-1" -> "did:plx:X").
Result<std::string> did_of(std::string_view kid) {
  auto url = did::DidUrl::parse(kid);
  if (!url.has_value()) return url.error().within("kid");
  if (!url->fragment().has_value()) {
    return Error(ErrorCode::kInvalidArgument,
                 "the key file's kid must name a verification method (did:plx:...#key-N)", "kid");
  }
  return url->did().to_string();
}

Result<Committed> signed_op(EmbeddedLedger& node, std::string_view kid,
                            const crypto::PrivateKey& key, ledger::OpCode op, Bytes payload) {
  PLX_TRY(std::string signer_did, did_of(kid));
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
  return signed_op(node, kid, key, ledger::OpCode::kUpdateDid, payload.encode());
}

Result<Committed> deactivate_plx(EmbeddedLedger& node, std::string_view did, std::string_view kid,
                                 const crypto::PrivateKey& key) {
  ledger::DeactivateDidPayload payload{std::string(did)};
  return signed_op(node, kid, key, ledger::OpCode::kDeactivateDid, payload.encode());
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
