// What plx does with did:plx on an embedded ledger, apart from argument parsing, so that the
// `plx did ... --method plx`, `plx ledger ...` commands and `plx demo` share one path:
// open a ledger directory, build and sign the create / update / deactivate transactions, commit
// them in a block and report the outcome, and resolve with the proof checked.
// (docs/did-plx-method.md §5 describes the operations.)
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/resolver.hpp"
#include "plx/ledger/store.hpp"
#include "plx/ledger/state_tree.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::cli {

inline constexpr std::string_view kDefaultChainId = "plx-local";

// A transaction committed in its own block.
struct Committed {
  ledger::SignedTransaction signed_tx;
  ledger::TxId tx_id{};
  ledger::TxOutcome outcome;
  std::uint64_t height = 0;
  std::int64_t time = 0;
};

// An embedded ledger directory as the CLI uses it: one transaction per block, committed at once.
// It follows the node's block path (docs/did-plx-method.md §4): signature pre-check and state
// machine (ledger/executor.hpp), the state tree update, and header + block + state + tree nodes
// in ONE RocksDB write batch (Store::commit_block).
// NOTE: this stands in for lclient's ledger::Node (not in the tree yet when this was written);
// once Node lands, open()/commit() should delegate to Node::open / submit + produce_block.
class EmbeddedLedger {
 public:
  // Creates a ledger in `dir` (new or empty). Errors: kAlreadyExists when `dir` is not empty;
  // kInvalidArgument for a chain id that is empty, longer than 64 bytes or not printable ASCII;
  // kIo from RocksDB.
  [[nodiscard]] static Result<std::shared_ptr<EmbeddedLedger>> create(
      const std::filesystem::path& dir, std::string_view chain_id);
  // Opens an existing ledger. Errors: kNotFound when `dir` holds none; kIo; kMalformed.
  [[nodiscard]] static Result<std::shared_ptr<EmbeddedLedger>> open(
      const std::filesystem::path& dir);

  [[nodiscard]] const std::string& chain_id() const noexcept { return chain_id_; }
  // The last committed header; kNotFound before the first block.
  [[nodiscard]] Result<ledger::BlockHeader> latest_header() const;
  // The next nonce of `did` (0 for a DID that has sent nothing).
  [[nodiscard]] Result<std::uint64_t> next_nonce(std::string_view did) const;
  // Executes `stx` in a new block (time: now, never before the parent's) and commits it.
  // The outcome may be a rejection; errors are storage failures only.
  [[nodiscard]] Result<Committed> commit(const ledger::SignedTransaction& stx);
  // Reads with proofs (ledger::StoreReader), sharing this ledger.
  [[nodiscard]] std::shared_ptr<const ledger::LedgerReader> reader() const;

 private:
  EmbeddedLedger(std::unique_ptr<ledger::Store> store, std::string chain_id);
  std::shared_ptr<ledger::Store> store_;
  std::unique_ptr<ledger::StateTree> tree_;
  std::string chain_id_;
  std::shared_ptr<const ledger::LedgerReader> reader_;
};

using LedgerPtr = std::shared_ptr<EmbeddedLedger>;

// EmbeddedLedger::create / open.
[[nodiscard]] Result<LedgerPtr> init_ledger(const std::filesystem::path& dir,
                                            std::string_view chain_id);
[[nodiscard]] Result<LedgerPtr> open_ledger(const std::filesystem::path& dir);

// The genesis document for one key (docs/did-plx-method.md §3.2): the key as "#key-1"
// (Multikey), listed under authentication, assertionMethod and capabilityInvocation.
[[nodiscard]] Json genesis_document(const crypto::PublicKey& key);

// {"txId", "height", "outcome": "applied" | "<code>: <reason>"}.
[[nodiscard]] Json committed_to_json(const Committed& c);

// Signs `tx` with `key` and commits it in a block. Errors: signing errors (the tx is validated
// first: kMalformed / kOutOfRange), storage errors.
[[nodiscard]] Result<Committed> commit(EmbeddedLedger& ledger, ledger::Transaction tx,
                                       const crypto::PrivateKey& key);

struct CreatedPlx {
  std::string did;
  std::string kid;  // did + "#key-1"
  crypto::PrivateKey key;
  Json genesis;
  Committed committed;
};
// A fresh key of `type` (Ed25519 or secp256k1), its genesis document and the create, committed.
// The outcome may be a rejection (the caller reports it).
[[nodiscard]] Result<CreatedPlx> create_plx(EmbeddedLedger& ledger, crypto::KeyType type);

// Signs an update (or deactivation) as `kid` with `key`: the nonce is the next one of the DID
// that `kid` belongs to (the DID itself or its controller).
[[nodiscard]] Result<Committed> update_plx(EmbeddedLedger& ledger, std::string_view did,
                                           std::vector<ledger::PatchOp> ops,
                                           std::string_view kid, const crypto::PrivateKey& key);
[[nodiscard]] Result<Committed> deactivate_plx(EmbeddedLedger& ledger, std::string_view did,
                                               std::string_view kid,
                                               const crypto::PrivateKey& key);

// A verification method (Multikey, relative id) for an add_verification_method patch.
[[nodiscard]] Json method_json(std::string_view fragment_id, const crypto::PublicKey& key);
// The first "#key-N" (N >= 1) that `doc` does not use and `taken` does not list.
[[nodiscard]] std::string next_key_id(const did::Document& doc,
                                      const std::vector<std::string>& taken = {});

// A resolver for did:plx over `node` (proofs checked), plus did:key and did:jwk.
[[nodiscard]] did::MultiResolver make_resolver(const EmbeddedLedger& ledger);

// Resolves a DID or a DID URL whose query holds versionId / versionTime (moved into the
// options, since MultiResolver takes bare DIDs).
[[nodiscard]] Result<did::ResolutionResult> resolve_did_or_url(const did::Resolver& resolver,
                                                               std::string_view text,
                                                               did::ResolutionOptions options);

// ---- Command entry points (commands_ledger.cpp, demo_ledger.cpp) ----

// plx did create --method plx --ledger DIR --type T --out FILE [--force]; returns the exit code.
[[nodiscard]] int run_create_plx(const std::string& ledger_dir, std::string_view type_name,
                                 const std::string& out, bool force);
// Adds `plx did update` and `plx did deactivate` to the did command.
void register_did_plx(CLI::App& did);
// The did:plx walk-through of `plx demo`; returns the exit code.
[[nodiscard]] int run_ledger_demo();

}  // namespace plx::cli
