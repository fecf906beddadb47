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
#include "plx/ledger/node.hpp"
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

// An embedded ledger directory as the CLI uses it: a thin wrapper over ledger::Node
// (ledger/node.hpp) that commits each transaction in its own block at once (submit, then
// produce_block, then the recorded outcome). Reads go through ledger::NodeReader, so every
// value the CLI shows is checked against a header's state root by the reader's user.
class EmbeddedLedger {
 public:
  // Creates a ledger in `dir` (new or empty). Errors: kAlreadyExists when `dir` is not empty;
  // kInvalidArgument for a chain id that is empty, longer than 64 bytes or not printable ASCII;
  // kIo from RocksDB.
  [[nodiscard]] static Result<std::shared_ptr<EmbeddedLedger>> create(
      const std::filesystem::path& dir, std::string_view chain_id);
  // How a command opens a ledger: to commit (one process at a time: RocksDB locks the
  // directory), or to read beside whatever process writes it (Node's read_only: nothing written,
  // no lock; commit() then returns kUnsupported).
  enum class Access { kWrite, kRead };
  // Opens an existing ledger under its recorded chain id. Errors: kNotFound when `dir` holds
  // none; kIo (another process holds it open for writing, for kWrite); kInternal for a damaged
  // store (Node::open).
  [[nodiscard]] static Result<std::shared_ptr<EmbeddedLedger>> open(
      const std::filesystem::path& dir, Access access = Access::kWrite);

  [[nodiscard]] const std::string& chain_id() const noexcept { return node_->chain_id(); }
  // The last committed header; kNotFound before the first block.
  [[nodiscard]] Result<ledger::BlockHeader> latest_header() const;
  // The next nonce of `did` (0 for a DID that has sent nothing).
  [[nodiscard]] Result<std::uint64_t> next_nonce(std::string_view did) const;
  // Submits `stx` and produces a block holding it (time: now, never before the parent's).
  // The outcome may be a rejection. Errors: kMalformed / kInvalidArgument when the node refuses
  // the transaction (does not decode, another chain), kIo from storage.
  [[nodiscard]] Result<Committed> commit(const ledger::SignedTransaction& stx);
  // Reads with proofs (ledger::NodeReader), sharing this ledger's node.
  [[nodiscard]] std::shared_ptr<const ledger::LedgerReader> reader() const { return reader_; }

 private:
  explicit EmbeddedLedger(std::shared_ptr<ledger::Node> node);
  std::shared_ptr<ledger::Node> node_;
  std::shared_ptr<const ledger::LedgerReader> reader_;
};

using LedgerPtr = std::shared_ptr<EmbeddedLedger>;

// A temporary directory (under the system's temporary directory) removed with everything in
// it when this object goes, whatever happens: the demos' ledgers live there.
class TempDir {
 public:
  // Errors: kIo when no directory can be created.
  [[nodiscard]] static Result<TempDir> make(std::string_view prefix = "plx-demo");
  TempDir(TempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir();
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  explicit TempDir(std::filesystem::path p) : path_(std::move(p)) {}
  std::filesystem::path path_;
};

// What the demos count: each step that went as the specification says it must, and each that
// did not (printed at once as "!! UNEXPECTED: <what>").
struct Tally {
  int ok = 0;
  int failures = 0;
  void check(bool good, const std::string& what);
};

// EmbeddedLedger::create / open.
[[nodiscard]] Result<LedgerPtr> init_ledger(const std::filesystem::path& dir,
                                            std::string_view chain_id);
[[nodiscard]] Result<LedgerPtr> open_ledger(
    const std::filesystem::path& dir,
    EmbeddedLedger::Access access = EmbeddedLedger::Access::kWrite);

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

// Status lists (docs/did-plx-method.md §6): the issuer is the DID that `kid` belongs to.
// create: a list of `size_bits` bits for `purpose` (revocation or suspension).
[[nodiscard]] Result<Committed> create_status_list(EmbeddedLedger& ledger, std::string_view kid,
                                                   const crypto::PrivateKey& key,
                                                   std::string_view list_id,
                                                   std::uint32_t size_bits,
                                                   std::string_view purpose);
// set (value true) or clear (false) the bits at `indexes`, in one transaction.
[[nodiscard]] Result<Committed> set_status_bits(EmbeddedLedger& ledger, std::string_view kid,
                                                const crypto::PrivateKey& key,
                                                std::string_view list_id,
                                                const std::vector<std::uint32_t>& indexes,
                                                bool value);
// The DID a verification method id belongs to ("did:plx:X#key-1" -> "did:plx:X").
// Errors: kMalformed (not a DID URL), kInvalidArgument (no fragment).
[[nodiscard]] Result<std::string> did_of_kid(std::string_view kid);

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
// The credential walk-through of `plx demo` (demo_vc.cpp): issue with a ledger status entry,
// present, verify, revoke, verify again; returns the exit code.
[[nodiscard]] int run_vc_demo();

}  // namespace plx::cli
