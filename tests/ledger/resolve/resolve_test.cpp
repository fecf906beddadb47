// End to end: did:plx created, updated and deactivated on a real RocksDB ledger in a temporary
// directory (Store + StateTree + the executor, committed one block at a time exactly as the node
// does, with block times the test chooses), resolved through StoreReader + PlxResolver with
// every state proof checked (docs/did-plx-method.md §5). Tampered answers (a flipped value byte,
// a proof of another height, a header with another state root, a hidden value) give no document.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <optional>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "plx/crypto/key.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger/executor.hpp"
#include "plx/ledger/state_tree.hpp"
#include "plx/ledger/store.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger/node_reader.hpp"
#include "plx/ledger_client/datetime.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/ledger_client/transaction.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using ::plx::testing::IsOk;
namespace re = did::resolution_error;

constexpr std::string_view kChain = "resolve-test";

class TempDir {
 public:
  TempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "plx-resolve-XXXXXX").string();
    PLX_CHECK(::mkdtemp(t.data()) != nullptr);
    path_ = t;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Json method(std::string_view id, const crypto::PublicKey& key) {
  return Json{{"id", std::string(id)}, {"type", "Multikey"}, {"publicKeyMultibase", key.multikey()}};
}

// A reader that passes everything through, except what a test chooses to break.
class BreakingReader final : public LedgerReader {
 public:
  explicit BreakingReader(std::shared_ptr<const LedgerReader> inner) : inner_(std::move(inner)) {}
  std::function<void(BlockHeader&)> break_header;
  std::function<void(ProvenValue&)> break_value;
  std::function<void(std::optional<Bytes>&)> break_older;  // what value_by_hash serves
  std::optional<std::uint64_t> read_height;  // serve get() from this height instead

  Result<BlockHeader> latest_header() const override {
    PLX_TRY(BlockHeader h, inner_->latest_header());
    if (break_header) break_header(h);
    return h;
  }
  Result<BlockHeader> header(std::uint64_t height) const override {
    PLX_TRY(BlockHeader h, inner_->header(height));
    if (break_header) break_header(h);
    return h;
  }
  Result<ProvenValue> get(ByteSpan key, std::uint64_t height) const override {
    PLX_TRY(ProvenValue pv, inner_->get(key, read_height.value_or(height)));
    if (break_value) break_value(pv);
    return pv;
  }
  Result<std::optional<Bytes>> value_by_hash(const Hash& hash) const override {
    PLX_TRY(std::optional<Bytes> v, inner_->value_by_hash(hash));
    if (break_older) break_older(v);
    return v;
  }

 private:
  std::shared_ptr<const LedgerReader> inner_;
};

// The node's block path, in miniature: execute (signature pre-check + state machine), update the
// state tree, commit header + block + state + tree in one batch. Block times come from the test.
class TestLedger {
 public:
  explicit TestLedger(const std::filesystem::path& dir) {
    auto s = Store::open(dir);
    PLX_CHECK(s.has_value());
    store_ = std::shared_ptr<Store>(*std::move(s));
    PLX_CHECK(store_->init_chain(kChain).has_value());
    tree_ = std::make_unique<StateTree>(*store_);
  }
  void reopen(const std::filesystem::path& dir) {
    tree_.reset();
    store_.reset();
    auto s = Store::open(dir);
    PLX_CHECK(s.has_value());
    store_ = std::shared_ptr<Store>(*std::move(s));
    tree_ = std::make_unique<StateTree>(*store_);
  }
  const std::shared_ptr<Store>& store() const { return store_; }

  // One block holding `stx`, at `time`. Returns its outcome.
  Result<TxOutcome> commit(const SignedTransaction& stx, std::int64_t time) {
    const std::uint64_t parent = store_->latest_height();
    BlockHeader h;
    h.chain_id = std::string(kChain);
    h.height = parent + 1;
    h.time = time;
    h.tx_count = 1;
    if (parent > 0) {
      PLX_TRY(BlockHeader p, store_->header(parent));
      h.prev_hash = p.hash();
    }
    std::vector<SignedTransaction> txs{stx};
    BlockResult r = execute_serial(txs, BlockContext{h.chain_id, h.height, h.time}, *store_);
    std::vector<TxId> ids{stx.id()};
    h.tx_root = merkle_root(std::span<const Hash>(ids));
    Bytes oc = r.outcomes[0].encode();
    std::vector<ByteSpan> leaves{ByteSpan(oc)};
    h.outcomes_root = merkle_root(std::span<const ByteSpan>(leaves));
    PLX_TRY(NodeRef base, store_->root_at(parent));
    std::vector<TreeUpdate> updates = tree_updates(r.writes);
    PLX_TRY(TreeBatch batch, tree_->apply(base, h.height, updates));
    h.state_root = batch.root.hash;
    PLX_RETURN_IF_ERROR(store_->commit_block(
        BlockCommit{h, txs, ids, r.outcomes, &r.writes, &batch}));
    tree_->commit(batch);
    return r.outcomes[0];
  }

 private:
  std::shared_ptr<Store> store_;
  std::unique_ptr<StateTree> tree_;
};

class ResolveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = std::make_unique<TestLedger>(dir_.path() / "ledger");
    reader_ = std::make_shared<StoreReader>(ledger_->store(), *ledger_->store());
    resolver_ = std::make_unique<PlxResolver>(reader_);
  }

  std::uint64_t height() const { return ledger_->store()->latest_height(); }

  // Signs and commits in its own block, 60 s after the previous one; returns the outcome.
  TxOutcome commit(Transaction tx, const crypto::PrivateKey& key) {
    auto stx = sign_transaction(std::move(tx), key);
    EXPECT_THAT(stx, IsOk());
    time_ += 60;
    auto outcome = ledger_->commit(*stx, time_);
    EXPECT_THAT(outcome, IsOk());
    return outcome.has_value() ? *outcome : TxOutcome::reject(OutcomeCode::kMalformed, "?");
  }

  Transaction tx_for(std::string_view kid, const crypto::PrivateKey& key, OpCode op, Bytes payload,
                     std::uint64_t nonce) {
    Transaction tx;
    tx.chain_id = std::string(kChain);
    tx.signer = std::string(kid);
    tx.signer_public_key = *multikey_bytes(key.public_key());
    tx.nonce = nonce;
    tx.op = op;
    tx.payload = std::move(payload);
    return tx;
  }

  // Creates a DID for a fresh Ed25519 key #key-1.
  std::string create(crypto::PrivateKey& key_out) {
    key_out = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
    Json genesis = {{"@context", Json::array({"https://www.w3.org/ns/did/v1",
                                              "https://w3id.org/security/multikey/v1"})},
                    {"verificationMethod", Json::array({method("#key-1", key_out.public_key())})},
                    {"authentication", Json::array({"#key-1"})},
                    {"capabilityInvocation", Json::array({"#key-1"})}};
    std::string did = *derive_did_plx_from_json(genesis);
    auto outcome = commit(tx_for(did + "#key-1", key_out, OpCode::kCreateDid,
                                 CreateDidPayload{json_dump(genesis), {}}.encode(), 0),
                          key_out);
    EXPECT_TRUE(outcome.applied()) << outcome.to_string();
    return did;
  }

  did::ResolutionResult resolve(std::string_view text, did::ResolutionOptions o = {}) {
    auto r = resolver_->resolve(text, o);
    EXPECT_THAT(r, IsOk());
    return r.has_value() ? *r : did::ResolutionResult{};
  }

  TempDir dir_;
  std::unique_ptr<TestLedger> ledger_;
  std::shared_ptr<StoreReader> reader_;
  std::unique_ptr<PlxResolver> resolver_;
  std::int64_t time_ = 1764091800;  // 2025-11-25T17:30:00Z
};

TEST_F(ResolveTest, CreateUpdateDeactivateAndEveryVersion) {
  crypto::PrivateKey key = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  const std::string did = create(key);
  const std::string kid = did + "#key-1";

  auto v1 = resolve(did);
  ASSERT_TRUE(v1.ok()) << v1.did_resolution_metadata.error_message;
  EXPECT_EQ(v1.did_document->id.to_string(), did);
  EXPECT_EQ(v1.did_document_metadata.version_id, "1");
  EXPECT_EQ(v1.did_document_metadata.created, v1.did_document_metadata.updated);
  ASSERT_EQ(v1.did_document->verification_method.size(), 1u);
  EXPECT_EQ(v1.did_document->verification_method[0].id, kid);
  EXPECT_EQ(v1.did_document->verification_method[0].controller.to_string(), did);
  EXPECT_EQ(v1.did_resolution_metadata.extra["proof"]["height"], height());
  EXPECT_EQ(v1.did_resolution_metadata.extra["proof"]["chainId"], kChain);

  // Update: a second key and a service.
  auto key2 = *crypto::PrivateKey::generate(crypto::KeyType::kSecp256k1);
  UpdateDidPayload up{did, {}};
  up.ops.push_back(PatchOp::add_verification_method(
      json_dump(method("#key-2", key2.public_key())),
      relationship_bit(did::Relationship::kAssertionMethod)));
  up.ops.push_back(PatchOp::add_service(json_dump(
      Json{{"id", "#hub"}, {"type", "LinkedDomains"}, {"serviceEndpoint", "https://x.example"}})));
  auto applied = commit(tx_for(kid, key, OpCode::kUpdateDid, up.encode(), 1), key);
  ASSERT_TRUE(applied.applied()) << applied.to_string();

  auto v2 = resolve(did);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2.did_document_metadata.version_id, "2");
  EXPECT_EQ(v2.did_document_metadata.created, v1.did_document_metadata.created);
  EXPECT_EQ(v2.did_document->verification_method.size(), 2u);
  ASSERT_EQ(v2.did_document->service.size(), 1u);
  EXPECT_NE(v2.did_document->find_verification_method("#key-2"), nullptr);
  EXPECT_TRUE(v2.did_document->is_authorized(did::Relationship::kAssertionMethod, "#key-2"));

  // ?versionId=1 gives the original back, reached from the proven record by one hash link, and
  // points at version 2.
  auto old = resolve(did + "?versionId=1");
  ASSERT_TRUE(old.ok()) << old.did_resolution_metadata.error_message;
  EXPECT_EQ(*old.did_document, *v1.did_document);
  EXPECT_EQ(old.did_document_metadata.version_id, "1");
  EXPECT_EQ(old.did_document_metadata.next_version_id, "2");
  EXPECT_EQ(old.did_document_metadata.updated, v1.did_document_metadata.updated);
  EXPECT_EQ(old.did_resolution_metadata.extra["proof"]["key"],
            v2.did_resolution_metadata.extra["proof"]["key"]);  // the d/ record is proven
  EXPECT_EQ(old.did_resolution_metadata.extra["proof"]["previousLinks"], 1);
  EXPECT_EQ(v2.did_resolution_metadata.extra["proof"]["previousLinks"], 0);
  EXPECT_EQ(resolve(did + "?versionId=3").did_resolution_metadata.error, re::kNotFound);

  // Deactivate: resolves, flagged; later versions stay readable; no update is accepted after.
  DeactivateDidPayload de{did};
  auto deact = commit(tx_for(kid, key, OpCode::kDeactivateDid, de.encode(), 2), key);
  ASSERT_TRUE(deact.applied()) << deact.to_string();
  auto v3 = resolve(did);
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3.did_document_metadata.deactivated, true);
  EXPECT_EQ(v3.did_document_metadata.version_id, "3");
  auto v2again = resolve(did + "?versionId=2");
  ASSERT_TRUE(v2again.ok());
  EXPECT_EQ(*v2again.did_document, *v2.did_document);
  EXPECT_FALSE(v2again.did_document_metadata.deactivated.has_value());
  EXPECT_EQ(v2again.did_document_metadata.next_version_id, "3");
  UpdateDidPayload late{did, {PatchOp::remove_service("#hub")}};
  auto refused = commit(tx_for(kid, key, OpCode::kUpdateDid, late.encode(), 3), key);
  EXPECT_EQ(refused.code, OutcomeCode::kDeactivated) << refused.to_string();
  EXPECT_EQ(resolve(did).did_document_metadata.version_id, "3");
}

TEST_F(ResolveTest, VersionTimeReadsTheStateOfThatBlock) {
  crypto::PrivateKey key = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  const std::string did = create(key);  // block 1 at 17:31:00Z
  UpdateDidPayload up{did, {PatchOp::add_service(json_dump(Json{
                               {"id", "#hub"}, {"type", "X"}, {"serviceEndpoint", "https://e"}}))}};
  ASSERT_TRUE(commit(tx_for(did + "#key-1", key, OpCode::kUpdateDid, up.encode(), 1), key).applied());
  // block 2 at 17:32:00Z
  struct Case {
    const char* when;
    const char* version;  // nullptr: notFound
    std::uint64_t height;
  };
  for (const Case& c : {Case{"2025-11-25T17:30:59Z", nullptr, 0},
                        Case{"2025-11-25T17:31:00Z", "1", 1},
                        Case{"2025-11-25T18:31:30+01:00", "1", 1},
                        Case{"2025-11-25T17:31:59.999Z", "1", 1},
                        Case{"2025-11-25T17:32:00Z", "2", 2},
                        Case{"2030-01-01T00:00:00Z", "2", 2}}) {
    auto r = resolve(did + "?versionTime=" + c.when);
    if (c.version == nullptr) {
      EXPECT_EQ(r.did_resolution_metadata.error, re::kNotFound) << c.when;
      continue;
    }
    ASSERT_TRUE(r.ok()) << c.when << ": " << r.did_resolution_metadata.error_message;
    EXPECT_EQ(r.did_document_metadata.version_id, c.version) << c.when;
    EXPECT_EQ(r.did_resolution_metadata.extra["proof"]["height"], c.height) << c.when;
    EXPECT_EQ(r.did_document_metadata.created, "2025-11-25T17:31:00Z");
  }
  // The version in force at a time is the same document as that versionId.
  auto at1 = resolve(did + "?versionTime=2025-11-25T17:31:30Z");
  auto v1 = resolve(did + "?versionId=1");
  ASSERT_TRUE(at1.ok() && v1.ok());
  EXPECT_EQ(*at1.did_document, *v1.did_document);
}

TEST_F(ResolveTest, UnknownDidIsProvenAbsent) {
  crypto::PrivateKey key = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  create(key);
  crypto::PrivateKey other = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  Json g = {{"verificationMethod", Json::array({method("#key-1", other.public_key())})},
            {"capabilityInvocation", Json::array({"#key-1"})}};
  auto r = resolve(*derive_did_plx_from_json(g));
  EXPECT_EQ(r.did_resolution_metadata.error, re::kNotFound);
  EXPECT_NE(r.did_resolution_metadata.error_message.find("non-inclusion proof verified"),
            std::string::npos);
}

TEST_F(ResolveTest, TamperedAnswersGiveNoDocument) {
  crypto::PrivateKey key = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  const std::string did = create(key);
  UpdateDidPayload up{did, {PatchOp::add_service(json_dump(Json{
                               {"id", "#hub"}, {"type", "X"}, {"serviceEndpoint", "https://e"}}))}};
  ASSERT_TRUE(commit(tx_for(did + "#key-1", key, OpCode::kUpdateDid, up.encode(), 1), key).applied());
  auto breaking = std::make_shared<BreakingReader>(reader_);
  PlxResolver resolver(breaking);
  auto expect_refused = [&](const char* what, std::string_view text) {
    auto r = resolver.resolve(text);
    ASSERT_THAT(r, IsOk()) << what;
    EXPECT_EQ(r->did_resolution_metadata.error, re::kInternalError) << what;
    EXPECT_FALSE(r->did_document.has_value()) << what;
  };
  ASSERT_TRUE(resolver.resolve(did)->ok());

  // Every byte of the record, one at a time.
  const std::size_t n = (*ledger_->store()->get_at(keys::did_record(did), height()))->size();
  for (std::size_t i = 0; i < n; ++i) {
    breaking->break_value = [i](ProvenValue& pv) {
      if (pv.value) (*pv.value)[i] ^= 0x80;
    };
    expect_refused("flipped value byte", did);
  }
  breaking->break_value = [](ProvenValue& pv) {
    if (!pv.proof.siblings.empty()) pv.proof.siblings.back()[0] ^= 1;
    else pv.proof.siblings.push_back(Hash{1});
  };
  expect_refused("flipped sibling", did);
  breaking->break_value = nullptr;

  // A wrong root: the header claims another state.
  breaking->break_header = [](BlockHeader& h) { h.state_root[5] ^= 0x10; };
  expect_refused("wrong state root", did);
  breaking->break_header = nullptr;

  // A stale answer: the record (and proof) of the older block, offered for the latest header.
  breaking->read_height = height() - 1;
  expect_refused("proof of another height", did);
  breaking->read_height.reset();

  // A hidden DID: "absent", with the inclusion proof's leaf.
  breaking->break_value = [](ProvenValue& pv) { pv.value.reset(); };
  expect_refused("hidden value", did);
  breaking->break_value = nullptr;

  // An older version: every byte of its record, then the record withheld.
  ASSERT_TRUE(resolver.resolve(did + "?versionId=1")->ok());
  const auto current =
      DidRecord::decode(**ledger_->store()->get_at(keys::did_record(did), height()));
  ASSERT_TRUE(current.has_value() && current->previous.has_value());
  const std::size_t n1 = (*ledger_->store()->value(*current->previous))->size();
  for (std::size_t i = 0; i < n1; ++i) {
    breaking->break_older = [i](std::optional<Bytes>& v) {
      if (v) (*v)[i] ^= 0x80;
    };
    expect_refused("flipped byte of an older version", did + "?versionId=1");
  }
  breaking->break_older = [](std::optional<Bytes>& v) { v.reset(); };
  expect_refused("withheld older version", did + "?versionId=1");
  breaking->break_older = nullptr;
  EXPECT_TRUE(resolver.resolve(did)->ok());
  EXPECT_TRUE(resolver.resolve(did + "?versionId=1")->ok());
}

TEST_F(ResolveTest, WorksThroughMultiResolverAndAcrossRestart) {
  crypto::PrivateKey key = *crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  const std::string did = create(key);
  did::MultiResolver multi = did::make_local_resolver();
  ASSERT_THAT(multi.add("plx", std::make_shared<PlxResolver>(reader_)), IsOk());
  auto r = multi.resolve(did);
  ASSERT_THAT(r, IsOk());
  ASSERT_TRUE(r->ok());
  did::ResolutionOptions o;
  o.extra["versionId"] = "1";
  EXPECT_TRUE(multi.resolve(did, o)->ok());

  // Reopen the directory: the same document, proven against the same root.
  const Json before = did::resolution_result_to_json(*r);
  multi = did::MultiResolver();
  resolver_.reset();
  reader_.reset();
  ledger_->reopen(dir_.path() / "ledger");
  PlxResolver again(std::make_shared<StoreReader>(ledger_->store(), *ledger_->store()));
  auto r2 = again.resolve(did);
  ASSERT_THAT(r2, IsOk());
  EXPECT_EQ(did::resolution_result_to_json(*r2), before);
  // A writable store has nothing to catch up with: its own height, unchanged.
  const std::uint64_t height = ledger_->store()->latest_height();
  EXPECT_GT(height, 0u);
  auto caught_up = ledger_->store()->catch_up();
  ASSERT_THAT(caught_up, IsOk());
  EXPECT_EQ(*caught_up, height);
  EXPECT_EQ(ledger_->store()->latest_height(), height);
}

}  // namespace
}  // namespace plx::ledger
