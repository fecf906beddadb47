// PlxResolver over a hand-built LedgerReader (no node, no RocksDB): request parsing, the DID
// resolution error names, metadata, the versionTime header search, and that nothing is returned
// unless the state proof verifies (docs/did-plx-method.md §5.2). The end-to-end tests over a real
// node are in tests/ledger/resolve/.
#include "plx/ledger_client/resolver.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "plx/core/encoding.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger_client/datetime.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using ::plx::testing::IsOk;
namespace re = did::resolution_error;

// A ledger whose state holds at most one key at every height: then the state tree is a single
// leaf, its root is that leaf's hash and every proof has no siblings (state_proof.hpp), which
// lets the test build real proofs without the node's tree. A DID record is committed by its
// DID's leaf (state_keys.hpp): a block given a record holds that leaf, naming the record.
class OneKeyLedger final : public LedgerReader {
 public:
  struct Block {
    std::int64_t time;
    std::optional<std::pair<Bytes, Bytes>> entry;  // the one key and its value
    std::optional<std::pair<Bytes, Bytes>> leaf;   // the one leaf and its value
  };
  explicit OneKeyLedger(std::string chain = "test") : chain_(std::move(chain)) {}

  void add_block(std::int64_t time, std::optional<std::pair<Bytes, Bytes>> entry) {
    std::optional<std::pair<Bytes, Bytes>> leaf = entry;
    if (entry.has_value() && keys::is_did_record(entry->first)) {
      leaf.emplace(keys::committing_leaf(entry->first),
                   DidLeaf{1, state_value_hash(entry->second)}.encode());
    }
    blocks_.push_back(Block{time, std::move(entry), std::move(leaf)});
  }
  void set_tamper(std::function<void(ProvenValue&)> f) { tamper_ = std::move(f); }
  // Serves `bytes` for value_by_hash(hash).
  void add_value(const Hash& hash, Bytes bytes) { values_.emplace_back(hash, std::move(bytes)); }
  mutable int header_calls = 0;

  Result<BlockHeader> latest_header() const override {
    if (blocks_.empty()) return Error(ErrorCode::kNotFound, "no block yet");
    return header(blocks_.size());
  }
  Result<BlockHeader> header(std::uint64_t height) const override {
    ++header_calls;
    if (height == 0 || height > blocks_.size()) return Error(ErrorCode::kNotFound, "no block");
    const Block& b = blocks_[height - 1];
    BlockHeader h;
    h.chain_id = chain_;
    h.height = height;
    h.time = b.time;
    h.state_root = b.leaf.has_value() ? state_leaf_hash(state_key_hash(b.leaf->first),
                                                        state_value_hash(b.leaf->second))
                                      : kZeroHash;
    return h;
  }
  Result<ProvenValue> get(ByteSpan key, std::uint64_t height) const override {
    if (height == 0 || height > blocks_.size()) return Error(ErrorCode::kNotFound, "no block");
    const Block& b = blocks_[height - 1];
    ProvenValue pv;
    if (b.entry.has_value()) {
      pv.proof.leaf =
          StateProofLeaf{state_key_hash(b.leaf->first), state_value_hash(b.leaf->second)};
      if (std::equal(key.begin(), key.end(), b.entry->first.begin(), b.entry->first.end())) {
        pv.value = b.entry->second;
        if (b.leaf->first != b.entry->first) pv.leaf = b.leaf->second;
      }
    }
    if (tamper_) tamper_(pv);
    return pv;
  }
  Result<std::optional<Bytes>> value_by_hash(const Hash& hash) const override {
    for (const auto& [h, bytes] : values_) {
      if (h == hash) return std::optional<Bytes>(bytes);
    }
    return std::optional<Bytes>();
  }

 private:
  std::string chain_;
  std::vector<Block> blocks_;
  std::vector<std::pair<Hash, Bytes>> values_;
  std::function<void(ProvenValue&)> tamper_;
};

struct Fixture {
  std::string did;
  Json genesis;
  DidRecord record;
};

Fixture make_did(bool deactivated = false) {
  auto key = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  Json genesis = {{"@context", Json::array({"https://www.w3.org/ns/did/v1"})},
                  {"verificationMethod",
                   Json::array({Json{{"id", "#key-1"},
                                     {"type", "Multikey"},
                                     {"publicKeyMultibase", key->public_key().multikey()}}})},
                  {"capabilityInvocation", Json::array({"#key-1"})}};
  std::string did = *derive_did_plx_from_json(genesis);
  auto full = materialize_genesis(genesis, did);
  EXPECT_THAT(full, IsOk());
  DidRecord r;
  r.document = *jcs_canonicalize(genesis);  // the stored form of version 1 (§6.2)
  r.version_id = deactivated ? 2 : 1;
  r.created = 1764091800;  // 2025-11-25T17:30:00Z
  r.updated = deactivated ? 1764091860 : r.created;
  r.created_height = 1;
  r.updated_height = deactivated ? 2 : 1;
  r.deactivated = deactivated;
  if (deactivated) r.previous = Hash{};  // a version 2 names version 1 (not served here)
  return Fixture{did, genesis, r};
}

std::shared_ptr<OneKeyLedger> ledger_with(const Fixture& f) {
  auto l = std::make_shared<OneKeyLedger>();
  l->add_block(1764091800, std::make_pair(keys::did_record(f.did), f.record.encode()));
  return l;
}

did::ResolutionResult must_resolve(const did::Resolver& r, std::string_view text,
                                   did::ResolutionOptions options = {}) {
  auto res = r.resolve(text, options);
  EXPECT_THAT(res, IsOk());
  return res.has_value() ? *res : did::ResolutionResult{};
}

TEST(PlxResolver, ResolvesWithMetadataAndProofDetails) {
  Fixture f = make_did();
  auto ledger = ledger_with(f);
  PlxResolver resolver(ledger);
  auto r = must_resolve(resolver, f.did);
  ASSERT_TRUE(r.ok()) << r.did_resolution_metadata.error_message;
  EXPECT_EQ(r.did_document->id.to_string(), f.did);
  ASSERT_EQ(r.did_document->verification_method.size(), 1u);
  EXPECT_EQ(r.did_document->verification_method[0].id, f.did + "#key-1");
  EXPECT_EQ(r.did_resolution_metadata.content_type, did::kMediaTypeDidLdJson);
  EXPECT_EQ(r.did_document_metadata.version_id, "1");
  EXPECT_EQ(r.did_document_metadata.created, "2025-11-25T17:30:00Z");
  EXPECT_EQ(r.did_document_metadata.updated, "2025-11-25T17:30:00Z");
  EXPECT_FALSE(r.did_document_metadata.deactivated.has_value());
  EXPECT_FALSE(r.did_document_metadata.next_version_id.has_value());
  const Json& proof = r.did_resolution_metadata.extra["proof"];
  EXPECT_EQ(proof["height"], 1);
  EXPECT_EQ(proof["verified"], true);
  EXPECT_EQ(proof["chainId"], "test");
  EXPECT_EQ(proof["stateRoot"], to_hex(ledger->header(1)->state_root));
  EXPECT_EQ(proof["key"], hex_encode(keys::did_record(f.did)));
  EXPECT_EQ(proof["leafKey"], hex_encode(keys::nonce(f.did)));
  // The JSON form carries the same.
  Json j = did::resolution_result_to_json(r);
  EXPECT_EQ(j["didDocumentMetadata"]["versionId"], "1");
  EXPECT_EQ(j["didDocument"]["id"], f.did);
}

TEST(PlxResolver, DeactivatedDidResolvesWithTheFlag) {
  Fixture f = make_did(/*deactivated=*/true);
  PlxResolver resolver(ledger_with(f));
  auto r = must_resolve(resolver, f.did);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.did_document_metadata.deactivated, true);
  EXPECT_EQ(r.did_document_metadata.version_id, "2");
  EXPECT_EQ(r.did_document_metadata.updated, "2025-11-25T17:31:00Z");
}

// An older version is reached from the proven record through value_by_hash, and each record the
// reader serves must hash to what the next version names and be the version before it.
TEST(PlxResolver, OlderVersionsFollowCheckedHashLinks) {
  Fixture f = make_did();
  DidRecord v1 = f.record;
  DidRecord v2 = v1;
  v2.version_id = 2;
  v2.updated = v1.updated + 60;
  v2.previous = state_value_hash(v1.encode());
  DidRecord v3 = v2;
  v3.version_id = 3;
  v3.updated = v2.updated + 60;
  v3.previous = state_value_hash(v2.encode());
  auto build = [&](const Bytes& served_for_v1, const Bytes& served_for_v2) {
    auto l = std::make_shared<OneKeyLedger>();
    l->add_block(1764091800, std::make_pair(keys::did_record(f.did), v3.encode()));
    l->add_value(*v2.previous, served_for_v1);
    l->add_value(*v3.previous, served_for_v2);
    return l;
  };
  {
    PlxResolver resolver(build(v1.encode(), v2.encode()));
    for (std::uint64_t v = 1; v <= 3; ++v) {
      auto r = must_resolve(resolver, f.did + "?versionId=" + std::to_string(v));
      ASSERT_TRUE(r.ok()) << v << ": " << r.did_resolution_metadata.error_message;
      EXPECT_EQ(r.did_document_metadata.version_id, std::to_string(v));
      EXPECT_EQ(r.did_resolution_metadata.extra["proof"]["previousLinks"], 3 - v);
      EXPECT_EQ(r.did_resolution_metadata.extra["proof"]["key"],
                hex_encode(keys::did_record(f.did)));
    }
    EXPECT_EQ(must_resolve(resolver, f.did + "?versionId=1").did_document_metadata.updated,
              "2025-11-25T17:30:00Z");
  }
  // Served under the right hash but not the right bytes, or the right bytes of the wrong
  // version, or nothing: no document.
  DidRecord claims_v5 = v1;
  claims_v5.version_id = 5;
  claims_v5.previous = Hash{};
  const std::vector<std::pair<Bytes, Bytes>> lies = {
      {v1.encode(), v1.encode()},  // version 1's record where version 2's belongs
      {v2.encode(), v2.encode()},
      {claims_v5.encode(), v2.encode()},
      {Bytes{}, v2.encode()},
  };
  for (std::size_t i = 0; i < lies.size(); ++i) {
    auto l = build(lies[i].first, lies[i].second);
    PlxResolver resolver(l);
    auto r = must_resolve(resolver, f.did + "?versionId=1");
    EXPECT_EQ(r.did_resolution_metadata.error, re::kInternalError) << i;
    EXPECT_FALSE(r.did_document.has_value()) << i;
    EXPECT_TRUE(must_resolve(resolver, f.did).ok()) << i;  // the current version is unaffected
  }
  // A chain that skips a version (the proven record names version 1 as its previous), and a
  // record the reader does not have: the same, each with its reason.
  const auto expect_refused = [&](const DidRecord& current, std::optional<Bytes> served,
                                  std::uint64_t version, std::string_view reason) {
    auto l = std::make_shared<OneKeyLedger>();
    l->add_block(1764091800, std::make_pair(keys::did_record(f.did), current.encode()));
    if (served) l->add_value(*current.previous, *served);
    PlxResolver resolver(l);
    auto r = must_resolve(resolver, f.did + "?versionId=" + std::to_string(version));
    EXPECT_EQ(r.did_resolution_metadata.error, re::kInternalError);
    EXPECT_NE(r.did_resolution_metadata.error_message.find(reason), std::string::npos)
        << r.did_resolution_metadata.error_message;
  };
  DidRecord skips = v3;
  skips.previous = state_value_hash(v1.encode());
  expect_refused(skips, v1.encode(), 1, "is not that version");
  expect_refused(v3, std::nullopt, 2, "does not hold the record of versionId 2");
}

// A DID with many versions: every older version is reached through the checkpoints in a bounded
// number of links, not one per version.
TEST(PlxResolver, CheckpointsBoundTheWalkToOldVersions) {
  Fixture f = make_did();
  std::vector<DidRecord> chain{f.record};
  auto l = std::make_shared<OneKeyLedger>();
  constexpr std::uint64_t kVersions = 2100;
  for (std::uint64_t v = 2; v <= kVersions; ++v) {
    const DidRecord& prior = chain.back();
    const Bytes prior_enc = prior.encode();
    l->add_value(state_value_hash(prior_enc), prior_enc);
    DidRecord next = prior;
    next.updated = prior.updated + 1;
    next.link_after(prior, prior_enc);
    chain.push_back(std::move(next));
  }
  l->add_block(1764091800, std::make_pair(keys::did_record(f.did), chain.back().encode()));
  PlxResolver resolver(l);
  std::uint64_t most = 0;
  for (std::uint64_t v : {1ull, 2ull, 31ull, 32ull, 33ull, 1023ull, 1024ull, 1025ull, 2047ull,
                          2048ull, 2049ull, 2099ull, 2100ull}) {
    auto r = must_resolve(resolver, f.did + "?versionId=" + std::to_string(v));
    ASSERT_TRUE(r.ok()) << v << ": " << r.did_resolution_metadata.error_message;
    EXPECT_EQ(r.did_document_metadata.version_id, std::to_string(v));
    EXPECT_EQ(r.did_document_metadata.updated, *format_xml_datetime(chain[v - 1].updated));
    most = std::max<std::uint64_t>(most, r.did_resolution_metadata.extra["proof"]["previousLinks"]);
  }
  // From 2100: one level-2 link to 2048, one to 1024, then level 1 and single steps: 31 + 31 at
  // most below 1024, where a plain chain takes up to 2099.
  EXPECT_LE(most, 2u + 31u + 31u);
  EXPECT_EQ(must_resolve(resolver, f.did + "?versionId=1024")
                .did_resolution_metadata.extra["proof"]["previousLinks"],
            2);  // 2100 -> 2048 -> 1024
}

TEST(PlxResolver, DidLevelErrors) {
  Fixture f = make_did();
  PlxResolver resolver(ledger_with(f));
  struct Case {
    std::string text;
    std::string_view error;
  };
  const std::string other = "did:plx:" + base58btc_encode(Bytes(32, 7));
  for (const Case& c : {
           Case{"not a did", re::kInvalidDid},
           Case{"did:plx:", re::kInvalidDid},
           Case{"did:plx:0OIl", re::kInvalidDid},                        // not base58btc
           Case{"did:plx:" + base58btc_encode(Bytes(31, 1)), re::kInvalidDid},  // 31 bytes
           Case{"did:plx:" + base58btc_encode(Bytes(33, 1)), re::kInvalidDid},  // 33 bytes
           Case{f.did + "#key-1", re::kInvalidDid},                      // a fragment
           Case{f.did + "/path", re::kInvalidDid},                       // a path
           Case{"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", re::kMethodNotSupported},
           Case{other, re::kNotFound},                                   // proven absent
           Case{f.did + "?versionId=2", re::kNotFound},                  // beyond the latest
           Case{f.did + "?versionId=0", kResolutionErrorInvalidOptions},
           Case{f.did + "?versionId=01", kResolutionErrorInvalidOptions},
           Case{f.did + "?versionId=x", kResolutionErrorInvalidOptions},
           Case{f.did + "?versionId=99999999999999999999999", kResolutionErrorInvalidOptions},
           Case{f.did + "?versionTime=yesterday", kResolutionErrorInvalidOptions},
           Case{f.did + "?versionId=1&versionTime=2026-01-01T00:00:00Z",
                kResolutionErrorInvalidOptions},
           Case{f.did + "?versionId=1&versionId=1", kResolutionErrorInvalidOptions},
           Case{f.did + "?service=hub", kResolutionErrorInvalidOptions},
           Case{f.did + "?versionTime=2025-11-25T17:29:59Z", re::kNotFound},  // before block 1
       }) {
    auto r = must_resolve(resolver, c.text);
    EXPECT_EQ(r.did_resolution_metadata.error, c.error) << c.text << ": "
                                                        << r.did_resolution_metadata.error_message;
    EXPECT_FALSE(r.did_document.has_value()) << c.text;
    EXPECT_FALSE(r.did_resolution_metadata.error_message.empty()) << c.text;
  }
  did::ResolutionOptions bad_accept;
  bad_accept.accept = "text/html";
  EXPECT_EQ(must_resolve(resolver, f.did, bad_accept).did_resolution_metadata.error,
            re::kRepresentationNotSupported);
  did::ResolutionOptions json_accept;
  json_accept.accept = did::kMediaTypeDidJson;
  EXPECT_EQ(must_resolve(resolver, f.did, json_accept).did_resolution_metadata.content_type,
            did::kMediaTypeDidJson);
}

TEST(PlxResolver, EmptyLedgerIsNotFound) {
  PlxResolver resolver(std::make_shared<OneKeyLedger>());
  auto r = must_resolve(resolver, make_did().did);
  EXPECT_EQ(r.did_resolution_metadata.error, re::kNotFound);
}

TEST(PlxResolver, OptionsCarryVersionParameters) {
  Fixture f = make_did();
  PlxResolver resolver(ledger_with(f));
  did::ResolutionOptions o;
  o.extra["versionId"] = 1;
  EXPECT_TRUE(must_resolve(resolver, f.did, o).ok());
  o.extra["versionId"] = "1";
  EXPECT_TRUE(must_resolve(resolver, f.did, o).ok());
  EXPECT_TRUE(must_resolve(resolver, f.did + "?versionId=1", o).ok());  // same in both places
  o.extra["versionId"] = 2;
  EXPECT_EQ(must_resolve(resolver, f.did + "?versionId=1", o).did_resolution_metadata.error,
            kResolutionErrorInvalidOptions);  // differently in both places
  o.extra["versionId"] = -1;
  EXPECT_EQ(must_resolve(resolver, f.did, o).did_resolution_metadata.error,
            kResolutionErrorInvalidOptions);
  o.extra["versionId"] = true;
  EXPECT_EQ(must_resolve(resolver, f.did, o).did_resolution_metadata.error,
            kResolutionErrorInvalidOptions);
  did::ResolutionOptions t;
  t.extra["versionTime"] = "2025-11-25T18:30:00+01:00";  // = block 1's time
  EXPECT_TRUE(must_resolve(resolver, f.did, t).ok());
  t.extra["versionTime"] = "2025-11-25T18:29:59+01:00";
  EXPECT_EQ(must_resolve(resolver, f.did, t).did_resolution_metadata.error, re::kNotFound);
}

TEST(PlxResolver, ConfiguredChainMustMatch) {
  Fixture f = make_did();
  PlxResolver right(ledger_with(f), PlxResolverOptions{"test"});
  EXPECT_TRUE(must_resolve(right, f.did).ok());
  PlxResolver wrong(ledger_with(f), PlxResolverOptions{"main"});
  auto r = must_resolve(wrong, f.did);
  EXPECT_EQ(r.did_resolution_metadata.error, re::kInternalError);
  EXPECT_FALSE(r.did_document.has_value());
}

// Whatever the reader changes in its answer, no document comes back: every bit of the value,
// every bit of the proof's leaf, an added sibling, a hidden value, and a value for an absent key.
TEST(PlxResolver, NothingIsReturnedUnlessTheProofVerifies) {
  Fixture f = make_did();
  auto ledger = ledger_with(f);
  PlxResolver resolver(ledger);
  const std::size_t value_bits = f.record.encode().size() * 8;
  for (std::size_t bit = 0; bit < value_bits; ++bit) {
    ledger->set_tamper([bit](ProvenValue& pv) {
      if (pv.value) (*pv.value)[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    });
    auto r = must_resolve(resolver, f.did);
    ASSERT_EQ(r.did_resolution_metadata.error, re::kInternalError) << "value bit " << bit;
    ASSERT_FALSE(r.did_document.has_value());
  }
  for (std::size_t bit = 0; bit < 512; ++bit) {
    ledger->set_tamper([bit](ProvenValue& pv) {
      auto& h = bit < 256 ? pv.proof.leaf->key_hash : pv.proof.leaf->value_hash;
      h[(bit % 256) / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    });
    auto r = must_resolve(resolver, f.did);
    ASSERT_EQ(r.did_resolution_metadata.error, re::kInternalError) << "leaf bit " << bit;
  }
  ledger->set_tamper([](ProvenValue& pv) { pv.proof.siblings.push_back(Hash{1}); });
  EXPECT_EQ(must_resolve(resolver, f.did).did_resolution_metadata.error, re::kInternalError);
  // Hiding the DID: "absent" with the proof of its own leaf is not a non-inclusion proof.
  ledger->set_tamper([](ProvenValue& pv) { pv.value.reset(); });
  auto hidden = must_resolve(resolver, f.did);
  EXPECT_EQ(hidden.did_resolution_metadata.error, re::kInternalError);
  // Inventing a DID: a value for a key whose proof shows another key.
  const std::string other = "did:plx:" + base58btc_encode(Bytes(32, 9));
  ledger->set_tamper([&](ProvenValue& pv) { pv.value = f.record.encode(); });
  EXPECT_EQ(must_resolve(resolver, other).did_resolution_metadata.error, re::kInternalError);
  ledger->set_tamper(nullptr);
  EXPECT_TRUE(must_resolve(resolver, f.did).ok());
}

TEST(PlxResolver, RefusesARecordOfAnotherDid) {
  // A node bug that stores one DID's record under another's key: the proof verifies (it binds
  // the bytes to the key), the document check does not.
  Fixture a = make_did();
  Fixture b = make_did();
  auto l = std::make_shared<OneKeyLedger>();
  l->add_block(1764091800, std::make_pair(keys::did_record(b.did), a.record.encode()));
  PlxResolver resolver(l);
  auto r = must_resolve(resolver, b.did);
  EXPECT_EQ(r.did_resolution_metadata.error, re::kInternalError);
  EXPECT_FALSE(r.did_document.has_value());
}

TEST(LedgerReader, HeaderAtOrBeforeSearchesBlockTimes) {
  OneKeyLedger l;
  auto none = l.header_at_or_before(100);  // empty ledger
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
  // Times with repeats (several blocks in one second), as block times only never decrease.
  const std::vector<std::int64_t> times = {10, 20, 20, 20, 35, 50, 50, 90, 91, 200};
  for (auto t : times) l.add_block(t, std::nullopt);
  for (std::int64_t t = 0; t <= 210; ++t) {
    std::uint64_t want = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      if (times[i] <= t) want = i + 1;
    }
    l.header_calls = 0;
    auto h = l.header_at_or_before(t);
    ASSERT_THAT(h, IsOk());
    if (want == 0) {
      EXPECT_FALSE(h->has_value()) << t;
    } else {
      ASSERT_TRUE(h->has_value()) << t;
      EXPECT_EQ((*h)->height, want) << t;
      EXPECT_LE((*h)->time, t);
    }
    EXPECT_LE(l.header_calls, 8) << "binary search, not a scan";
  }
}

}  // namespace
}  // namespace plx::ledger
