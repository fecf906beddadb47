// The embedded node: create/reopen, submit, produce blocks, reads with proofs at any height,
// outcomes, nonces, chain-id and consistency checks on open.
#include "plx/ledger/node.hpp"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "plx/crypto/hash.hpp"
#include "plx/ledger/node_reader.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

// The leaf value a read carries (a DID record's key: its DID's leaf), for verify_state_read.
std::optional<ByteSpan> leaf_of(const NodeRead& r) {
  if (!r.leaf.has_value()) return std::nullopt;
  return ByteSpan(*r.leaf);
}

using plx::testing::HasError;
using plx::testing::IsOk;

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("plx-node-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

struct Id {
  crypto::PrivateKey key;
  std::string genesis, did;
};

Id make_id(std::uint8_t fill) {
  auto key = crypto::PrivateKey::from_raw(crypto::KeyType::kEd25519, Bytes(32, fill)).value();
  std::string genesis =
      R"({"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],)"
      R"("verificationMethod":[{"id":"#key-1","type":"Multikey","publicKeyMultibase":")" +
      key.public_key().multikey() +
      R"("}],"authentication":["#key-1"],"capabilityInvocation":["#key-1"]})";
  std::string did = derive_did_plx(genesis).value();
  return Id{std::move(key), genesis, did};
}

SignedTransaction create_tx(const Id& id, const std::string& chain) {
  Transaction tx;
  tx.chain_id = chain;
  tx.signer = id.did + "#key-1";
  tx.nonce = 0;
  tx.op = OpCode::kCreateDid;
  tx.payload = CreateDidPayload::for_signer(id.genesis, multikey_bytes(id.key.public_key()).value())
                   .value()
                   .encode();
  return sign_transaction(std::move(tx), id.key).value();
}

// Adds the service `service_id`.
SignedTransaction update_tx(const Id& id, const std::string& chain, std::uint64_t nonce,
                            const std::string& service_id = "#svc") {
  Transaction tx;
  tx.chain_id = chain;
  tx.signer = id.did + "#key-1";
  tx.nonce = nonce;
  tx.op = OpCode::kUpdateDid;
  tx.payload =
      UpdateDidPayload{id.did,
                       {PatchOp::add_service(
                           R"({"id":")" + service_id +
                           R"(","type":"LinkedDomains","serviceEndpoint":"https://a.example"})")}}
          .encode();
  return sign_transaction(std::move(tx), id.key).value();
}

TEST(Node, LifecycleWithProofsAtEveryHeight) {
  TempDir dir;
  NodeOptions opts;
  opts.chain_id = "plx-node-test";
  opts.clock = [] { return std::int64_t{1700000000}; };
  Id alice = make_id(1);
  Hash root1{};
  TxId first_id{};
  {
    auto node = Node::open(dir.path, opts);
    ASSERT_THAT(node, IsOk());
    EXPECT_EQ((*node)->latest_height(), 0u);
    EXPECT_THAT((*node)->get(keys::did_record(alice.did)), HasError(ErrorCode::kNotFound));
    auto id = (*node)->submit(create_tx(alice, opts.chain_id));
    ASSERT_THAT(id, IsOk());
    EXPECT_THAT((*node)->submit(create_tx(alice, opts.chain_id)),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT((*node)->submit(create_tx(alice, "other-chain")),
                HasError(ErrorCode::kInvalidArgument));
    auto h1 = (*node)->produce_block();
    ASSERT_THAT(h1, IsOk());
    EXPECT_EQ(h1->height, 1u);
    EXPECT_EQ(h1->tx_count, 1u);
    EXPECT_EQ((*node)->pending(), 0u);
    auto rc = (*node)->outcome(*id);
    ASSERT_THAT(rc, IsOk());
    ASSERT_TRUE(rc->has_value());
    EXPECT_TRUE((*rc)->outcome.applied()) << (*rc)->outcome.to_string();
    first_id = *id;
    TxId unknown = *id;
    unknown[31] ^= 1;  // same first bytes (the tx index's hash bucket), another id
    auto none = (*node)->outcome(unknown);
    ASSERT_THAT(none, IsOk());
    EXPECT_FALSE(none->has_value());
    EXPECT_EQ(*(*node)->next_nonce(alice.did), 1u);
    root1 = h1->state_root;

    ASSERT_THAT((*node)->submit(update_tx(alice, opts.chain_id, 1)), IsOk());
    ASSERT_THAT((*node)->submit(update_tx(alice, opts.chain_id, 7)), IsOk());  // bad nonce
    auto h2 = (*node)->produce_block();
    ASSERT_THAT(h2, IsOk());
    EXPECT_THAT(check_link(*h1, *h2), IsOk());
    auto outs = (*node)->block_outcomes(2);
    ASSERT_THAT(outs, IsOk());
    ASSERT_EQ(outs->size(), 2u);
    EXPECT_TRUE((*outs)[0].applied());
    EXPECT_EQ((*outs)[1].code, OutcomeCode::kBadNonce);

    // Reads with proofs, now and at height 1.
    const Bytes key = keys::did_record(alice.did);
    for (std::uint64_t h : {1u, 2u}) {
      auto r = (*node)->get(key, h);
      ASSERT_THAT(r, IsOk());
      ASSERT_TRUE(r->value.has_value());
      EXPECT_THAT(
          verify_state_read(r->proof, r->header.state_root, key, ByteSpan(*r->value), leaf_of(*r)),
          IsOk());
      auto rec = DidRecord::decode(*r->value);
      ASSERT_THAT(rec, IsOk());
      EXPECT_EQ(rec->version_id, h);
      // The proof is of the DID's leaf, which names the record: the record of another height,
      // a leaf left out, or the leaf read as if it were the record's own all fail.
      ASSERT_TRUE(r->leaf.has_value());
      EXPECT_EQ(DidLeaf::decode(*r->leaf)->next_nonce, h);
      auto other = (*node)->get(key, 3 - h);
      ASSERT_THAT(other, IsOk());
      EXPECT_THAT(verify_state_read(r->proof, r->header.state_root, key, ByteSpan(*other->value),
                                    leaf_of(*r)),
                  HasError(ErrorCode::kVerificationFailed));
      EXPECT_FALSE(
          verify_state_read(r->proof, r->header.state_root, key, ByteSpan(*r->value), std::nullopt)
              .has_value());
      EXPECT_FALSE(
          verify_state_proof(r->proof, r->header.state_root, key, ByteSpan(*r->value)).has_value());
      EXPECT_THAT(verify_state_read(r->proof, r->header.state_root, keys::nonce(alice.did),
                                    ByteSpan(*r->leaf), std::nullopt),
                  IsOk());
    }
    // Absent key: a non-inclusion proof.
    const Bytes missing = keys::did_record("did:plx:nobody");
    auto r = (*node)->get(missing);
    ASSERT_THAT(r, IsOk());
    EXPECT_FALSE(r->value.has_value());
    EXPECT_THAT(
        verify_state_read(r->proof, r->header.state_root, missing, std::nullopt, leaf_of(*r)),
        IsOk());
    EXPECT_FALSE(r->leaf.has_value());  // no DID, no leaf
    // That proof shows nothing about a DID that exists: neither its record nor its leaf absent.
    EXPECT_FALSE(verify_state_read(r->proof, r->header.state_root, key, std::nullopt, std::nullopt)
                     .has_value());
    EXPECT_FALSE(
        verify_state_proof(r->proof, r->header.state_root, keys::nonce(alice.did), std::nullopt)
            .has_value());
    EXPECT_THAT((*node)->get(key, 3), HasError(ErrorCode::kNotFound));
    auto at = (*node)->header_at_or_before(1700000000);
    ASSERT_THAT(at, IsOk());
    ASSERT_TRUE(at->has_value());
    EXPECT_EQ((*at)->height, 2u);
    auto before = (*node)->header_at_or_before(10);
    ASSERT_THAT(before, IsOk());
    EXPECT_FALSE(before->has_value());
    auto txs = (*node)->block_transactions(2);
    ASSERT_THAT(txs, IsOk());
    EXPECT_EQ(txs->size(), 2u);
  }
  // Reopen: same chain id works and sees the same state; another chain id is refused.
  {
    NodeOptions other = opts;
    other.chain_id = "another";
    EXPECT_THAT(Node::open(dir.path, other), HasError(ErrorCode::kInvalidArgument));
    {
      // No chain id: the existing ledger opens under the one recorded at its creation.
      NodeOptions unnamed = opts;
      unnamed.chain_id.clear();
      unnamed.create_if_missing = false;
      auto found = Node::open(dir.path, unnamed);
      ASSERT_THAT(found, IsOk());
      EXPECT_EQ((*found)->chain_id(), "plx-node-test");
      EXPECT_EQ((*found)->latest_height(), 2u);
      EXPECT_THAT((*found)->submit(update_tx(alice, "another", 2)),
                  HasError(ErrorCode::kInvalidArgument));
    }
    auto node = Node::open(dir.path, opts);
    ASSERT_THAT(node, IsOk());
    EXPECT_EQ((*node)->latest_height(), 2u);
    EXPECT_EQ((*node)->state_root(), (*node)->header(2)->state_root);
    EXPECT_EQ((*node)->header(1)->state_root, root1);
    EXPECT_EQ(*(*node)->next_nonce(alice.did), 2u);
    auto rc = (*node)->outcome(first_id);
    ASSERT_THAT(rc, IsOk());
    ASSERT_TRUE(rc->has_value());
    EXPECT_TRUE((*rc)->outcome.applied());
    // Empty block.
    auto h3 = (*node)->produce_block();
    ASSERT_THAT(h3, IsOk());
    EXPECT_EQ(h3->state_root, (*node)->header(2)->state_root);
  }
}

TEST(Node, OpenRefusesBadOptions) {
  TempDir dir;
  NodeOptions opts;
  // No ledger and no chain id to create one with; nothing is created.
  EXPECT_THAT(Node::open(dir.path, opts), HasError(ErrorCode::kInvalidArgument));
  EXPECT_FALSE(std::filesystem::exists(dir.path / "CURRENT"));
  opts.create_if_missing = false;
  EXPECT_THAT(Node::open(dir.path, opts), HasError(ErrorCode::kNotFound));
  opts.create_if_missing = true;
  opts.chain_id = "has space";
  EXPECT_THAT(Node::open(dir.path, opts), HasError(ErrorCode::kInvalidArgument));
  opts.chain_id = "ok";
  opts.create_if_missing = false;
  EXPECT_THAT(Node::open(dir.path, opts), HasError(ErrorCode::kNotFound));
}

// Signatures are checked at admission: a bad one is refused to its submitter and never reaches
// the pool or a block; submit_all keeps the given order and refuses only the bad entries.
TEST(Node, SubmitChecksSignaturesAndSubmitAllKeepsOrder) {
  TempDir dir;
  NodeOptions opts;
  opts.chain_id = "plx-node-test";
  opts.threads = 2;
  opts.clock = [] { return std::int64_t{1700000000}; };
  auto node = Node::open(dir.path, opts);
  ASSERT_THAT(node, IsOk());
  Id alice = make_id(1), bob = make_id(2), carol = make_id(3);

  SignedTransaction forged = create_tx(alice, opts.chain_id);
  forged.signature[5] ^= 0x40;
  EXPECT_THAT((*node)->submit(forged), HasError(ErrorCode::kVerificationFailed));
  // Signed by bob's key while naming alice's: the key does not match the signature.
  SignedTransaction swapped = create_tx(alice, opts.chain_id);
  swapped.signature = create_tx(bob, opts.chain_id).signature;
  EXPECT_THAT((*node)->submit(swapped), HasError(ErrorCode::kVerificationFailed));
  EXPECT_EQ((*node)->pending(), 0u);
  EXPECT_TRUE((*node)->submit_all({}).empty());

  const std::vector<SignedTransaction> batch = {
      create_tx(alice, opts.chain_id),
      forged,
      create_tx(bob, opts.chain_id),
      create_tx(alice, opts.chain_id),  // the same id as the first: already pending
      create_tx(carol, "other-chain"),
      update_tx(alice, opts.chain_id, 1),
      create_tx(carol, opts.chain_id)};
  auto results = (*node)->submit_all(batch);
  ASSERT_EQ(results.size(), batch.size());
  EXPECT_THAT(results[0], IsOk());
  EXPECT_THAT(results[1], HasError(ErrorCode::kVerificationFailed));
  EXPECT_THAT(results[2], IsOk());
  EXPECT_THAT(results[3], HasError(ErrorCode::kAlreadyExists));
  EXPECT_THAT(results[4], HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(results[5], IsOk());
  EXPECT_THAT(results[6], IsOk());
  EXPECT_EQ((*node)->pending(), 4u);

  auto h = (*node)->produce_block();
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ(h->tx_count, 4u);
  auto txs = (*node)->block_transactions(1);
  ASSERT_THAT(txs, IsOk());
  ASSERT_EQ(txs->size(), 4u);
  for (std::size_t i = 0, j = 0; i < batch.size(); ++i) {
    if (!results[i]) continue;
    EXPECT_EQ((*txs)[j].id(), *results[i]) << "block position " << j;
    ++j;
  }
  auto outs = (*node)->block_outcomes(1);
  ASSERT_THAT(outs, IsOk());
  // alice's update follows her create in the block, so every admitted transaction applies.
  for (const TxOutcome& o : *outs) EXPECT_TRUE(o.applied()) << o.to_string();
  EXPECT_EQ(*(*node)->next_nonce(alice.did), 2u);
}

// DID versions are write-once keys: not state (no leaf in the tree, nothing for get() or
// get_at()), but every superseded version's record is in the store's values, chained from the
// current record by DidRecord::previous, also versions that a later update in the same block
// replaced. The current record is stored once, under its key: get_at() reads it there while it is
// current and from the values once superseded.
TEST(Node, VersionRecordsAreChainedFromTheCurrentRecord) {
  TempDir dir;
  NodeOptions opts;
  opts.chain_id = "plx-node-test";
  opts.clock = [] { return std::int64_t{1700000000}; };
  auto opened = Node::open(dir.path, opts);
  ASSERT_THAT(opened, IsOk());
  std::shared_ptr<Node> node = *std::move(opened);
  Id alice = make_id(1);
  ASSERT_THAT(node->submit(create_tx(alice, opts.chain_id)), IsOk());
  ASSERT_THAT(node->produce_block(), IsOk());
  // Versions 2, 3 and 4 in one block: only version 4 is the record's final value.
  for (std::uint64_t n = 1; n <= 3; ++n) {
    ASSERT_THAT(node->submit(update_tx(alice, opts.chain_id, n, "#s" + std::to_string(n))), IsOk());
  }
  ASSERT_THAT(node->produce_block(), IsOk());

  EXPECT_TRUE(keys::is_write_once(keys::did_version(alice.did, 1)));
  EXPECT_FALSE(keys::is_write_once(keys::did_record(alice.did)));
  EXPECT_FALSE(keys::is_write_once(keys::nonce(alice.did)));
  EXPECT_FALSE(keys::is_write_once(Bytes{}));
  EXPECT_FALSE(keys::is_write_once(as_bytes("v/")));  // the kind alone names no version
  EXPECT_FALSE(keys::is_write_once(as_bytes("d/v/")));

  const Store& store = node->store();
  for (std::uint64_t v = 1; v <= 4; ++v) {
    EXPECT_FALSE(store.get(keys::did_version(alice.did, v)).has_value()) << v;
    auto at = node->get(keys::did_version(alice.did, v));
    ASSERT_THAT(at, IsOk());
    EXPECT_FALSE(at->value.has_value()) << v;  // proven absent: not a leaf of the state tree
  }
  auto raw = store.get(keys::did_record(alice.did));
  ASSERT_TRUE(raw.has_value());
  auto rec = DidRecord::decode(*raw);
  ASSERT_THAT(rec, IsOk());
  EXPECT_EQ(rec->version_id, 4u);
  std::vector<std::string> docs{rec->document};
  while (rec->version_id > 1) {
    ASSERT_TRUE(rec->previous.has_value()) << rec->version_id;
    auto older = node->value(*rec->previous);
    ASSERT_THAT(older, IsOk());
    ASSERT_TRUE(older->has_value()) << "version " << rec->version_id - 1 << " is missing";
    EXPECT_EQ(state_value_hash(**older), *rec->previous);
    auto prev = DidRecord::decode(**older);
    ASSERT_THAT(prev, IsOk());
    EXPECT_EQ(prev->version_id + 1, rec->version_id);
    docs.push_back(prev->document);
    rec = std::move(prev);
  }
  EXPECT_FALSE(rec->previous.has_value());
  EXPECT_EQ(rec->created_height, 1u);
  // The current record is not among the values (stored once, under its key) ...
  auto current = node->value(state_value_hash(*raw));
  ASSERT_THAT(current, IsOk());
  EXPECT_FALSE(current->has_value());
  // ... and reads at each height find the version then current: version 1 after block 1 (from
  // the values, since block 2 superseded it) and version 4 after block 2 (under its key).
  for (std::uint64_t h : {1u, 2u}) {
    auto at = node->get(keys::did_record(alice.did), h);
    ASSERT_THAT(at, IsOk());
    ASSERT_TRUE(at->value.has_value()) << h;
    EXPECT_EQ(DidRecord::decode(*at->value)->version_id, h == 1 ? 1u : 4u);
  }
  auto unknown = node->value(Hash{});  // a hash of nothing stored: no value, not an error
  ASSERT_THAT(unknown, IsOk());
  EXPECT_FALSE(unknown->has_value());
  // Each version added one service: four different documents.
  std::sort(docs.begin(), docs.end());
  EXPECT_EQ(std::unique(docs.begin(), docs.end()), docs.end());
  EXPECT_EQ(docs.size(), 4u);

  // The resolver follows the same links, each checked.
  PlxResolver resolver(std::make_shared<NodeReader>(node));
  for (std::uint64_t v = 1; v <= 4; ++v) {
    auto r = resolver.resolve(alice.did + "?versionId=" + std::to_string(v));
    ASSERT_THAT(r, IsOk());
    ASSERT_TRUE(r->ok()) << v << ": " << r->did_resolution_metadata.error_message;
    EXPECT_EQ(r->did_document_metadata.version_id, std::to_string(v));
    EXPECT_EQ(r->did_document->service.size(), v - 1);
    EXPECT_EQ(r->did_resolution_metadata.extra["proof"]["previousLinks"], 4 - v);
  }

  // 40 more versions, 20 per block: past version 32, records carry a checkpoint, which the
  // resolver takes.
  for (int b = 0; b < 2; ++b) {
    for (int i = 0; i < 20; ++i) {
      const std::uint64_t n = 4 + static_cast<std::uint64_t>(b * 20 + i);
      ASSERT_THAT(node->submit(update_tx(alice, opts.chain_id, n, "#t" + std::to_string(n))),
                  IsOk());
    }
    ASSERT_THAT(node->produce_block(), IsOk());
  }
  for (std::uint64_t v : {1u, 2u, 31u, 32u, 33u, 43u, 44u}) {
    auto r = resolver.resolve(alice.did + "?versionId=" + std::to_string(v));
    ASSERT_THAT(r, IsOk());
    ASSERT_TRUE(r->ok()) << v << ": " << r->did_resolution_metadata.error_message;
    EXPECT_EQ(r->did_document_metadata.version_id, std::to_string(v));
    EXPECT_EQ(r->did_document->service.size(), v - 1);
  }
  auto at32 = resolver.resolve(alice.did + "?versionId=32");
  ASSERT_THAT(at32, IsOk());
  EXPECT_EQ(at32->did_resolution_metadata.extra["proof"]["previousLinks"], 1);  // 44 -> 32
}

// A read-only node beside the one writing the ledger (in this process; another process works the
// same way, since a read-only open takes no lock): it sees the blocks committed before it opened,
// with proofs, then those committed since whenever it refreshes, and refuses to take
// transactions.
// A writer's options and those of a read-only node beside it (which takes the recorded chain id).
std::pair<NodeOptions, NodeOptions> writer_and_reader_options() {
  NodeOptions opts;
  opts.chain_id = "plx-node-test";
  opts.clock = [] { return std::int64_t{1700000000}; };
  NodeOptions ro = opts;
  ro.chain_id.clear();
  ro.read_only = true;
  return {opts, ro};
}

// Two blocks on `writer`: the create of `id`, then its first update. Returns the second header.
BlockHeader create_then_update(Node& writer, const Id& id, const std::string& chain) {
  EXPECT_THAT(writer.submit(create_tx(id, chain)), IsOk());
  EXPECT_THAT(writer.produce_block(), IsOk());
  EXPECT_THAT(writer.submit(update_tx(id, chain, 1)), IsOk());
  auto h = writer.produce_block();
  EXPECT_THAT(h, IsOk());
  return h ? *h : BlockHeader{};
}

// `node` is at header `h` (height and state root), and its read of `id`'s record there is proven
// against h's state root.
void expect_proven_record_at(Node& node, const Id& id, const BlockHeader& h) {
  EXPECT_EQ(node.latest_height(), h.height);
  EXPECT_EQ(node.state_root(), h.state_root);
  const Bytes key = keys::did_record(id.did);
  auto r = node.get(key);
  ASSERT_THAT(r, IsOk());
  ASSERT_TRUE(r->value.has_value());
  EXPECT_THAT(verify_state_read(r->proof, h.state_root, key, ByteSpan(*r->value), leaf_of(*r)),
              IsOk());
}

// get_at() looks for a DID's current record under its key once the record's hash finds nothing
// in `values`. A block that commits between those two reads supersedes the record: the key then
// holds the newer version, and the one read for has gone to `values`, where get_at looks again.
TEST(Node, ReadFindsTheRecordThatABlockSupersedesBetweenItsReads) {
  TempDir dir;
  const NodeOptions opts = writer_and_reader_options().first;
  auto opened = Node::open(dir.path, opts);
  ASSERT_THAT(opened, IsOk());
  std::shared_ptr<Node> node = *std::move(opened);
  Id alice = make_id(1);
  const BlockHeader h2 = create_then_update(*node, alice, opts.chain_id);  // version 2, current
  bool superseded = false;
  node->store().run_once_between_value_reads_for_testing([&] {
    EXPECT_THAT(node->submit(update_tx(alice, opts.chain_id, 2, "#later")), IsOk());
    EXPECT_THAT(node->produce_block(), IsOk());
    superseded = true;
  });
  const Bytes key = keys::did_record(alice.did);
  auto r = node->get(key, h2.height);
  ASSERT_TRUE(superseded);  // the block committed inside the read, between its two lookups
  ASSERT_THAT(r, IsOk());
  ASSERT_TRUE(r->value.has_value());
  EXPECT_EQ(node->latest_height(), 3u);
  auto rec = DidRecord::decode(*r->value);
  ASSERT_THAT(rec, IsOk());
  EXPECT_EQ(rec->version_id, 2u);
  EXPECT_THAT(verify_state_read(r->proof, h2.state_root, key, ByteSpan(*r->value), leaf_of(*r)),
              IsOk());
  // The same read now, without a block in between, gives the same record.
  auto again = node->get(key, h2.height);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->value, r->value);
}

// A refresh that fails (here: the ledger directory was deleted under the reader) reports it, and
// the reader keeps the blocks it had: same height, same root, its reads still proven.
TEST(Node, ReadOnlyNodeKeepsItsHeightWhenARefreshFails) {
  TempDir dir;
  const auto [opts, ro] = writer_and_reader_options();
  Id alice = make_id(5);
  BlockHeader h2;
  {
    auto writer = Node::open(dir.path, opts);
    ASSERT_THAT(writer, IsOk());
    h2 = create_then_update(**writer, alice, opts.chain_id);
    ASSERT_EQ(h2.height, 2u);
  }
  auto reader = Node::open(dir.path, ro);
  ASSERT_THAT(reader, IsOk());
  ASSERT_EQ((*reader)->latest_height(), 2u);
  std::error_code ec;
  std::filesystem::remove_all(dir.path, ec);
  ASSERT_FALSE(ec) << ec.message();
  auto refreshed = (*reader)->refresh();
  EXPECT_THAT(refreshed, HasError(ErrorCode::kIo));
  expect_proven_record_at(**reader, alice, h2);
}

TEST(Node, ReadOnlyNodeReadsBesideTheWriter) {
  TempDir dir;
  const auto [opts, ro] = writer_and_reader_options();
  EXPECT_THAT(Node::open(dir.path, ro), HasError(ErrorCode::kNotFound));
  EXPECT_THAT(Store::open(dir.path, StoreOptions{.read_only = true}),
              HasError(ErrorCode::kNotFound));
  EXPECT_FALSE(std::filesystem::exists(dir.path)) << "a read-only open created the directory";

  Id alice = make_id(3), bob = make_id(4);
  auto writer = Node::open(dir.path, opts);
  ASSERT_THAT(writer, IsOk());
  const BlockHeader h2 = create_then_update(**writer, alice, opts.chain_id);
  ASSERT_EQ(h2.height, 2u);

  {
    auto reader = Node::open(dir.path, ro);
    ASSERT_THAT(reader, IsOk());
    EXPECT_EQ((*reader)->chain_id(), opts.chain_id);
    expect_proven_record_at(**reader, alice, h2);
    const Bytes key = keys::did_record(alice.did);
    EXPECT_EQ(*(*reader)->next_nonce(alice.did), 2u);

    EXPECT_THAT((*reader)->submit(update_tx(alice, opts.chain_id, 2)),
                HasError(ErrorCode::kUnsupported));
    const std::vector<SignedTransaction> two = {update_tx(alice, opts.chain_id, 2),
                                                update_tx(alice, opts.chain_id, 3)};
    for (auto& res : (*reader)->submit_all(two)) {
      EXPECT_THAT(res, HasError(ErrorCode::kUnsupported));
    }
    EXPECT_EQ((*reader)->pending(), 0u);
    EXPECT_THAT((*reader)->produce_block(), HasError(ErrorCode::kUnsupported));
    EXPECT_THAT((*reader)->produce_blocks(2), HasError(ErrorCode::kUnsupported));

    // The writer goes on; the reader keeps the state it opened, until it refreshes.
    ASSERT_THAT((*writer)->submit(create_tx(bob, opts.chain_id)), IsOk());
    auto h3 = (*writer)->produce_block();
    ASSERT_THAT(h3, IsOk());
    EXPECT_EQ((*reader)->latest_height(), 2u);
    EXPECT_EQ((*reader)->state_root(), h2.state_root);
    EXPECT_EQ(*(*reader)->next_nonce(bob.did), 0u);
    EXPECT_THAT((*reader)->get(keys::did_record(bob.did), 3), HasError(ErrorCode::kNotFound));

    const auto expect_bob_at = [&](const BlockHeader& hdr, std::uint64_t nonce) {
      EXPECT_EQ((*reader)->latest_height(), hdr.height);
      EXPECT_EQ((*reader)->state_root(), hdr.state_root);
      EXPECT_EQ(*(*reader)->next_nonce(bob.did), nonce);
      const Bytes bob_key = keys::did_record(bob.did);
      auto read = (*reader)->get(bob_key);
      ASSERT_THAT(read, IsOk());
      ASSERT_TRUE(read->value.has_value());
      EXPECT_EQ(read->header.state_root, hdr.state_root);
      EXPECT_THAT(verify_state_read(read->proof, hdr.state_root, bob_key, ByteSpan(*read->value),
                                    leaf_of(*read)),
                  IsOk());
      // An earlier height still proves against its own header.
      auto old = (*reader)->get(key, 2);
      ASSERT_THAT(old, IsOk());
      ASSERT_TRUE(old->value.has_value());
      EXPECT_THAT(
          verify_state_read(old->proof, h2.state_root, key, ByteSpan(*old->value), leaf_of(*old)),
          IsOk());
    };
    auto refreshed = (*reader)->refresh();
    ASSERT_THAT(refreshed, IsOk());
    EXPECT_EQ(*refreshed, 3u);
    expect_bob_at(*h3, 1);
    EXPECT_THAT((*reader)->submit(update_tx(bob, opts.chain_id, 1)),
                HasError(ErrorCode::kUnsupported));

    // Across a restart of the writer, which replays its log into a table file at open and then
    // deletes that log: the reader follows the new files.
    writer->reset();
    writer = Node::open(dir.path, opts);
    ASSERT_THAT(writer, IsOk());
    ASSERT_THAT((*writer)->submit(update_tx(bob, opts.chain_id, 1)), IsOk());
    auto h4 = (*writer)->produce_block();
    ASSERT_THAT(h4, IsOk());
    refreshed = (*reader)->refresh();
    ASSERT_THAT(refreshed, IsOk());
    EXPECT_EQ(*refreshed, 4u);
    expect_bob_at(*h4, 2);
    // Nothing new: the same height again.
    refreshed = (*reader)->refresh();
    ASSERT_THAT(refreshed, IsOk());
    EXPECT_EQ(*refreshed, 4u);
    // A writer's refresh has nothing to take in.
    auto own = (*writer)->refresh();
    ASSERT_THAT(own, IsOk());
    EXPECT_EQ(*own, 4u);
  }
  auto reopened = Node::open(dir.path, ro);
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ((*reopened)->latest_height(), 4u);
  EXPECT_EQ(*(*reopened)->next_nonce(bob.did), 2u);
  EXPECT_EQ((*reopened)->state_root(), (*writer)->state_root());
  auto bob_read = (*reopened)->get(keys::did_record(bob.did));
  ASSERT_THAT(bob_read, IsOk());
  EXPECT_TRUE(bob_read->value.has_value());

  NodeOptions other = ro;
  other.chain_id = "another";
  EXPECT_THAT(Node::open(dir.path, other), HasError(ErrorCode::kInvalidArgument));

  // With the writer closed, a read-only open and its reads leave every file as it was.
  writer->reset();
  reopened->reset();
  const auto files = [&] {
    std::vector<std::tuple<std::string, std::uintmax_t, std::filesystem::file_time_type>> out;
    for (const auto& e : std::filesystem::directory_iterator(dir.path)) {
      out.emplace_back(e.path().filename().string(), e.file_size(), e.last_write_time());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto before = files();
  {
    auto reader = Node::open(dir.path, ro);
    ASSERT_THAT(reader, IsOk());
    EXPECT_THAT((*reader)->get(keys::did_record(bob.did)), IsOk());
  }
  EXPECT_EQ(files(), before);
}

TEST(Node, FollowingReaderResolvesTheWritersNewBlocks) {
  TempDir dir;
  const auto [opts, ro] = writer_and_reader_options();
  Id alice = make_id(5);
  auto writer = Node::open(dir.path, opts);
  ASSERT_THAT(writer, IsOk());
  ASSERT_THAT((*writer)->submit(create_tx(alice, opts.chain_id)), IsOk());
  ASSERT_THAT((*writer)->produce_block(), IsOk());

  auto opened = Node::open(dir.path, ro);
  ASSERT_THAT(opened, IsOk());
  std::shared_ptr<Node> reader = std::move(*opened);
  PlxResolver following(std::make_shared<NodeReader>(reader, std::chrono::milliseconds(0)));
  PlxResolver hourly(std::make_shared<NodeReader>(reader, std::chrono::hours(1)));
  PlxResolver plain(std::make_shared<NodeReader>(std::shared_ptr<const Node>(reader)));
  PlxResolver negative(std::make_shared<NodeReader>(reader, std::chrono::milliseconds(-5)));
  // An interval too long to add to a clock reading is capped: no overflow, simply never due.
  PlxResolver never(std::make_shared<NodeReader>(reader, std::chrono::milliseconds::max()));
  const auto version_of = [&](PlxResolver& resolver) -> std::string {
    auto r = resolver.resolve(alice.did);
    if (!r.has_value()) return "error: " + r.error().message;
    if (!r->ok()) return "failed: " + r->did_resolution_metadata.error_message;
    return r->did_document_metadata.version_id.value_or("none");
  };
  EXPECT_EQ(version_of(hourly), "1");  // its first answer refreshes, and finds nothing new
  EXPECT_EQ(version_of(never), "1");

  ASSERT_THAT((*writer)->submit(update_tx(alice, opts.chain_id, 1, "#f1")), IsOk());
  ASSERT_THAT((*writer)->produce_block(), IsOk());
  // Without a refresh the node still answers from block 1.
  EXPECT_EQ(version_of(plain), "1");
  EXPECT_EQ(version_of(hourly), "1");  // not due for an hour
  EXPECT_EQ(reader->latest_height(), 1u);
  // The following reader takes in block 2 first, for every resolver over the node.
  EXPECT_EQ(version_of(following), "2");
  EXPECT_EQ(reader->latest_height(), 2u);
  EXPECT_EQ(version_of(plain), "2");

  ASSERT_THAT((*writer)->submit(update_tx(alice, opts.chain_id, 2, "#f2")), IsOk());
  ASSERT_THAT((*writer)->produce_block(), IsOk());
  EXPECT_EQ(version_of(following), "3");
  EXPECT_EQ(version_of(following), "3");  // nothing new: the same answer
  // A negative interval is taken as 0: it refreshes every time.
  ASSERT_THAT((*writer)->submit(update_tx(alice, opts.chain_id, 3, "#f3")), IsOk());
  ASSERT_THAT((*writer)->produce_block(), IsOk());
  EXPECT_EQ(version_of(negative), "4");
  EXPECT_EQ(version_of(never), "4");  // the node refreshed for `negative`

  // Over a writing node, following is the plain reader: its blocks are its own.
  std::shared_ptr<Node> own_node = std::move(*writer);
  PlxResolver own(std::make_shared<NodeReader>(own_node, std::chrono::milliseconds(0)));
  EXPECT_EQ(version_of(own), "4");
}

// Blocks by size and by time: a backlog goes out as its full blocks, the rest waits for the
// interval, and nothing pending or nothing due makes no block.
TEST(Node, ProduceIfDueMakesFullBlocksThenWaitsForTheInterval) {
  const std::string chain = "plx-node-test";
  TempDir dir;
  NodeOptions o;
  o.chain_id = chain;
  o.max_block_txs = 3;
  o.block_interval = std::chrono::hours(1);
  o.clock = [] { return std::int64_t{1700000000}; };
  auto node = Node::open(dir.path, o);
  ASSERT_THAT(node, IsOk());
  auto none = (*node)->produce_if_due();
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value()) << "nothing pending";

  std::vector<Id> ids;
  for (std::uint8_t i = 0; i < 8; ++i) ids.push_back(make_id(static_cast<std::uint8_t>(90 + i)));
  for (const Id& id : ids) ASSERT_THAT((*node)->submit(create_tx(id, chain)), IsOk());
  // 8 pending, blocks of 3: two full blocks now, 2 left for later.
  auto made = (*node)->produce_if_due();
  ASSERT_THAT(made, IsOk());
  ASSERT_TRUE(made->has_value());
  EXPECT_EQ((*made)->height, 2u);
  EXPECT_EQ((*node)->latest_height(), 2u);
  EXPECT_EQ((*node)->pending(), 2u);
  for (std::uint64_t h : {1u, 2u}) {
    auto txs = (*node)->block_transactions(h);
    ASSERT_THAT(txs, IsOk());
    EXPECT_EQ(txs->size(), 3u) << "block " << h;
  }
  EXPECT_EQ((*node)->state_root(), (*made)->state_root);
  // Neither full nor late: nothing.
  auto early = (*node)->produce_if_due();
  ASSERT_THAT(early, IsOk());
  EXPECT_FALSE(early->has_value());
  EXPECT_EQ((*node)->pending(), 2u);

  // The same ledger reopened with no wait (the pool lives in memory, so the two left over are
  // submitted again): they go out as one block.
  node->reset();
  o.block_interval = std::chrono::milliseconds(0);
  node = Node::open(dir.path, o);
  ASSERT_THAT(node, IsOk());
  for (std::size_t i = 6; i < 8; ++i)
    ASSERT_THAT((*node)->submit(create_tx(ids[i], chain)), IsOk());
  auto late = (*node)->produce_if_due();
  ASSERT_THAT(late, IsOk());
  ASSERT_TRUE(late->has_value());
  EXPECT_EQ((*late)->height, 3u);
  EXPECT_EQ((*node)->pending(), 0u);
  auto outcomes = (*node)->block_outcomes(3);
  ASSERT_THAT(outcomes, IsOk());
  ASSERT_EQ(outcomes->size(), 2u);
  for (const TxOutcome& out : *outcomes) EXPECT_TRUE(out.applied()) << out.to_string();
  auto idle = (*node)->produce_if_due();
  ASSERT_THAT(idle, IsOk());
  EXPECT_FALSE(idle->has_value()) << "nothing pending";
  EXPECT_EQ((*node)->latest_height(), 3u);
}

// ---- blocks produced back to back ----

// produce_blocks overlaps the write of block k with the execution of block k + 1 over k's
// unwritten writes: its blocks must be exactly those of one produce_block() at a time. The
// blocks chain (updates of DIDs created one block earlier, and updates carrying the nonce that
// the previous block's update made next), so any read that missed the unwritten block would
// change an outcome, a nonce or a root.
TEST(Node, ProduceBlocksEqualsOneBlockAtATime) {
  std::vector<Id> ids;
  for (std::uint8_t i = 0; i < 9; ++i) ids.push_back(make_id(static_cast<std::uint8_t>(60 + i)));
  const std::string chain = "plx-node-test";
  std::vector<SignedTransaction> txs;
  for (std::size_t i = 0; i < 6; ++i) txs.push_back(create_tx(ids[i], chain));     // block 1
  for (std::size_t i = 0; i < 3; ++i) txs.push_back(update_tx(ids[i], chain, 1));  // block 2
  for (std::size_t i = 6; i < 8; ++i) txs.push_back(create_tx(ids[i], chain));
  txs.push_back(update_tx(ids[0], chain, 1, "#dup"));  // refused: this block used nonce 1
  for (std::size_t i = 0; i < 3; ++i) txs.push_back(update_tx(ids[i], chain, 2, "#b3"));  // 3
  for (std::size_t i = 6; i < 8; ++i) txs.push_back(update_tx(ids[i], chain, 1));
  txs.push_back(create_tx(ids[8], chain));
  txs.push_back(update_tx(ids[3], chain, 1));  // a partial fourth block
  txs.push_back(update_tx(ids[4], chain, 1));

  const auto options = [&chain] {
    NodeOptions o;
    o.chain_id = chain;
    o.max_block_txs = 6;
    auto t = std::make_shared<std::int64_t>(1700000000);
    o.clock = [t] { return (*t)++; };
    return o;
  };
  TempDir one_dir, many_dir;
  one_dir.path += "-one";
  many_dir.path += "-many";
  auto one = Node::open(one_dir.path, options());
  auto many = Node::open(many_dir.path, options());
  ASSERT_THAT(one, IsOk());
  ASSERT_THAT(many, IsOk());
  for (auto* node : {&*one, &*many}) {
    for (const auto& r : (*node)->submit_all(txs)) ASSERT_THAT(r, IsOk());
  }
  std::vector<BlockHeader> expected;
  for (int b = 0; b < 4; ++b) {
    auto h = (*one)->produce_block();
    ASSERT_THAT(h, IsOk());
    expected.push_back(*h);
  }

  EXPECT_THAT((*many)->produce_blocks(0), IsOk());
  EXPECT_EQ((*many)->latest_height(), 0u);
  // Three full blocks, back to back; the partial fourth waits for a call of its own.
  auto first = (*many)->produce_blocks(10);
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*many)->pending(), 2u);
  auto rest = (*many)->produce_blocks(10);
  ASSERT_THAT(rest, IsOk());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*many)->pending(), 0u);
  auto none = (*many)->produce_blocks(10);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ((*many)->latest_height(), 4u);

  first->push_back(rest->front());
  for (std::size_t b = 0; b < 4; ++b) {
    SCOPED_TRACE(b + 1);
    EXPECT_EQ((*first)[b].height, b + 1);
    EXPECT_EQ((*first)[b].hash(), expected[b].hash());
    auto outs = (*many)->block_outcomes(b + 1);
    ASSERT_THAT(outs, IsOk());
    EXPECT_EQ(*outs, *(*one)->block_outcomes(b + 1));
  }
  EXPECT_EQ((*many)->state_root(), (*one)->state_root());
  EXPECT_FALSE((*(*many)->block_outcomes(2))[5].applied());
  for (const Id& id : ids) {
    EXPECT_EQ(*(*many)->next_nonce(id.did), *(*one)->next_nonce(id.did));
  }
  EXPECT_EQ(*(*many)->next_nonce(ids[0].did), 3u);
  // The proofs of the pipelined node's state verify against its headers at every height.
  for (std::uint64_t h = 1; h <= 4; ++h) {
    const Bytes key = keys::did_record(ids[0].did);
    auto read = (*many)->get(key, h);
    ASSERT_THAT(read, IsOk());
    ASSERT_TRUE(read->value.has_value());
    EXPECT_THAT(verify_state_read(read->proof, read->header.state_root, key, ByteSpan(*read->value),
                                  leaf_of(*read)),
                IsOk());
  }
}

// ---- a block whose commit fails ----

// Runs in a child process (the death test below) and exits 0 only if every check holds: it caps
// the size any file of the process may reach (RLIMIT_FSIZE) just above RocksDB's write-ahead
// log, so that the next block's log write fails with EFBIG, as on a full disk. Back to back, the
// 40 transactions after block 1 make two full blocks for produce_blocks: the second is executed
// over the first's writes while the first's write fails, and both must go back to the pool.
[[noreturn]] void fail_a_commit(const std::filesystem::path& dir, bool back_to_back) {
  // _Exit skips destructors, the test's TempDir included (whose name differs in this process).
  const auto check = [&dir](bool ok, const char* what) {
    if (!ok) {
      std::fprintf(stderr, "check failed: %s\n", what);
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      std::_Exit(1);
    }
  };
  NodeOptions opts;
  opts.chain_id = "plx-node-test";
  opts.clock = [] { return std::int64_t{1700000000}; };
  if (back_to_back) opts.max_block_txs = 20;
  const auto produce = [back_to_back](Node& node) -> Status {
    if (!back_to_back) {
      PLX_TRY(auto header, node.produce_block());
      (void)header;
      return ok_status();
    }
    PLX_TRY(auto headers, node.produce_blocks(5));
    if (headers.size() != 2) return Error(ErrorCode::kInternal, "not two blocks");
    return ok_status();
  };
  std::vector<Id> ids;
  for (std::uint8_t i = 0; i < 40; ++i) ids.push_back(make_id(static_cast<std::uint8_t>(10 + i)));
  std::vector<SignedTransaction> block;
  for (std::size_t i = 2; i < ids.size(); ++i) block.push_back(create_tx(ids[i], opts.chain_id));
  block.push_back(update_tx(ids[0], opts.chain_id, 1));
  block.push_back(update_tx(ids[1], opts.chain_id, 1));
  Hash root1{};
  {
    auto node = Node::open(dir, opts);
    check(node.has_value(), "open");
    check((*node)->submit(create_tx(ids[0], opts.chain_id)).has_value(), "submit create 0");
    check((*node)->submit(create_tx(ids[1], opts.chain_id)).has_value(), "submit create 1");
    check((*node)->produce_block().has_value(), "block 1");
    root1 = (*node)->state_root();
    for (const auto& r : (*node)->submit_all(block)) check(r.has_value(), "submit block 2");

    std::uintmax_t wal = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".log") wal = std::max(wal, e.file_size());
    }
    check(wal > 0, "a write-ahead log exists");
    std::signal(SIGXFSZ, SIG_IGN);  // EFBIG from write() instead of the signal
    const rlimit capped{static_cast<rlim_t>(wal + 512), RLIM_INFINITY};
    check(::setrlimit(RLIMIT_FSIZE, &capped) == 0, "setrlimit");

    for (int attempt = 0; attempt < 2; ++attempt) {
      auto h = produce(**node);
      check(!h.has_value() && h.error().code == ErrorCode::kIo, "the commit fails with kIo");
      check((*node)->pending() == block.size(), "the block's transactions are pending again");
      check((*node)->latest_height() == 1, "the height is that of the last block");
      check((*node)->state_root() == root1, "the state root is that of the last block");
      check(!(*node)->header(2).has_value(), "no header 2");
      check(*(*node)->next_nonce(ids[0].did) == 1, "no write of block 2 is visible");
    }
    const rlimit open_ended{RLIM_INFINITY, RLIM_INFINITY};
    check(::setrlimit(RLIMIT_FSIZE, &open_ended) == 0, "setrlimit back");
    // Space again, but the store stays closed to writes until it is reopened.
    auto h = produce(**node);
    check(!h.has_value() && h.error().code == ErrorCode::kIo &&
              h.error().message.find("reopen the ledger") != std::string::npos,
          "later commits are refused until the ledger is reopened");
    check((*node)->pending() == block.size(), "still pending");
  }
  // The log ends in a torn record of block 2: the reopened ledger is at block 1, whole, and
  // commits the same transactions as block 2.
  auto node = Node::open(dir, opts);
  check(node.has_value(), "reopen");
  check((*node)->latest_height() == 1, "reopened at block 1");
  check((*node)->state_root() == root1, "reopened with block 1's root");
  for (const auto& r : (*node)->submit_all(block)) check(r.has_value(), "resubmit block 2");
  check(produce(**node).has_value(), "the blocks commit after the reopen");
  std::size_t applied = 0;
  for (std::uint64_t h = 2; h <= (*node)->latest_height(); ++h) {
    auto outs = (*node)->block_outcomes(h);
    check(outs.has_value(), "the outcomes of the blocks after block 1");
    for (const auto& o : *outs) applied += o.applied() ? 1 : 0;
  }
  check((*node)->latest_height() == (back_to_back ? 3u : 2u), "the height after the reopen");
  check(applied == block.size(), "every transaction after block 1 applies");
  node->reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::fprintf(stderr, "the failed commit left nothing behind\n");
  std::_Exit(0);
}

TEST(Node, FailedCommitLeavesNothingBehind) {
  // A child process of its own (re-executed, not forked: RocksDB's background threads would not
  // survive a fork), since the file size cap applies to the whole process.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  TempDir dir;
  EXPECT_EXIT(fail_a_commit(dir.path, false), ::testing::ExitedWithCode(0),
              "the failed commit left nothing behind");
}

TEST(Node, FailedCommitOfBlocksBackToBackLeavesNothingBehind) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  TempDir dir;
  EXPECT_EXIT(fail_a_commit(dir.path, true), ::testing::ExitedWithCode(0),
              "the failed commit left nothing behind");
}

}  // namespace
}  // namespace plx::ledger
