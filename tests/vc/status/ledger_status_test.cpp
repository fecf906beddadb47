// The ledger-anchored status checker (vc/ledger_status.hpp) against an in-memory ledger whose
// state proofs come from a sparse Merkle tree built by the documented rules
// (ledger_client/state_proof.hpp: leaf compression, empty = zero hash), so every proof is
// checked by the real verify_state_proof. The same checker over a real embedded node is tested
// in tests/vc/ledger/.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/ledger_client/state_proof.hpp"
#include "plx/vc/ledger_status.hpp"
#include "plx/vc/verify.hpp"

namespace plx::vc {
namespace {

using ledger::Hash;
using State = std::map<Bytes, Bytes>;

struct Leaf {
  Hash path;
  Hash value_hash;
};

Hash subtree_root(const std::vector<Leaf>& leaves, std::size_t depth) {
  if (leaves.empty()) return ledger::kZeroHash;
  if (leaves.size() == 1) return ledger::state_leaf_hash(leaves[0].path, leaves[0].value_hash);
  std::vector<Leaf> left, right;
  for (const auto& l : leaves) (ledger::path_bit(l.path, depth) ? right : left).push_back(l);
  return ledger::state_internal_hash(subtree_root(left, depth + 1), subtree_root(right, depth + 1));
}

void prove(const std::vector<Leaf>& leaves, const Hash& path, std::size_t depth,
           ledger::StateProof& proof) {
  if (leaves.empty()) return;
  if (leaves.size() == 1) {
    proof.leaf = ledger::StateProofLeaf{leaves[0].path, leaves[0].value_hash};
    return;
  }
  std::vector<Leaf> left, right;
  for (const auto& l : leaves) (ledger::path_bit(l.path, depth) ? right : left).push_back(l);
  const bool go_right = ledger::path_bit(path, depth) != 0;
  proof.siblings.push_back(subtree_root(go_right ? left : right, depth + 1));
  prove(go_right ? right : left, path, depth + 1, proof);
}

std::vector<Leaf> leaves_of(const State& s) {
  std::vector<Leaf> out;
  for (const auto& [k, v] : s) out.push_back(Leaf{ledger::state_key_hash(k), ledger::state_value_hash(v)});
  return out;
}

// A ledger in memory: one state per committed block.
class MemoryLedger : public ledger::LedgerReader {
 public:
  void commit(const State& state) {
    states_.push_back(state);
    ledger::BlockHeader h;
    h.chain_id = chain_id;
    h.height = states_.size();
    h.time = 1'700'000'000 + static_cast<std::int64_t>(h.height);
    h.state_root = subtree_root(leaves_of(state), 0);
    headers_.push_back(h);
  }
  Result<ledger::BlockHeader> latest_header() const override {
    if (fail_io) return Error(ErrorCode::kIo, "disk on fire", "ledger");
    if (headers_.empty()) return Error(ErrorCode::kNotFound, "no block", "height");
    return headers_.back();
  }
  Result<ledger::BlockHeader> header(std::uint64_t height) const override {
    if (height == 0 || height > headers_.size()) return Error(ErrorCode::kNotFound, "no block", "height");
    return headers_[height - 1];
  }
  Result<ledger::ProvenValue> get(ByteSpan key, std::uint64_t height) const override {
    if (height == 0 || height > states_.size()) return Error(ErrorCode::kNotFound, "no block", "height");
    const State& s = states_[height - 1];
    ledger::ProvenValue out;
    auto it = s.find(Bytes(key.begin(), key.end()));
    if (it != s.end()) out.value = it->second;
    prove(leaves_of(s), ledger::state_key_hash(key), 0, out.proof);
    if (tamper_value && out.value.has_value() && !out.value->empty()) (*out.value)[0] ^= 0x80;
    if (hide_values) out.value.reset();  // claims absence with the inclusion proof
    return out;
  }
  // Status lists never follow hash links: holding no values by hash makes a read that did fail.
  Result<std::optional<Bytes>> value_by_hash(const ledger::Hash&) const override {
    return std::optional<Bytes>();
  }

  std::string chain_id = "plx-test";
  bool fail_io = false;
  bool tamper_value = false;
  bool hide_values = false;

 private:
  std::vector<State> states_;
  std::vector<ledger::BlockHeader> headers_;
};

const std::string& issuer_did() {
  static const std::string d = ledger::derive_did_plx(R"({"note":"issuer"})").value();
  return d;
}
const std::string& other_did() {
  static const std::string d = ledger::derive_did_plx(R"({"note":"someone else"})").value();
  return d;
}

// A 20,000-bit revocation list (3 chunks) with bits 5 and 9000 set, chunk 2 never written.
State issuer_state() {
  State s;
  ledger::StatusListMeta meta{20000, "revocation", ledger::kStatusChunkBits};
  s[ledger::keys::status_meta(issuer_did(), "rev-1")] = meta.encode();
  Bytes c0(meta.chunk_length(0), 0), c1(meta.chunk_length(1), 0);
  ledger::set_chunk_bit(c0, 5, true);
  ledger::set_chunk_bit(c1, 9000 - ledger::kStatusChunkBits, true);
  s[ledger::keys::status_chunk(issuer_did(), "rev-1", 0)] = c0;
  s[ledger::keys::status_chunk(issuer_did(), "rev-1", 1)] = c1;
  ledger::StatusListMeta susp{100, "suspension", ledger::kStatusChunkBits};
  s[ledger::keys::status_meta(issuer_did(), "susp")] = susp.encode();
  s[ledger::keys::nonce(issuer_did())] = ledger::DidLeaf{3, ledger::Hash{}}.encode();
  return s;
}

Json entry(std::uint32_t index, std::string list = "rev-1", std::string purpose = "revocation") {
  return PlxStatusEntry{std::move(purpose), issuer_did(), std::move(list), index}.to_json();
}

class LedgerStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = std::make_shared<MemoryLedger>();
    ledger_->commit(State{});
    ledger_->commit(issuer_state());
  }
  LedgerStatusChecker checker() const { return LedgerStatusChecker(ledger_); }
  std::shared_ptr<MemoryLedger> ledger_;
};

TEST_F(LedgerStatusTest, ReadsBitsWithProofs) {
  for (std::uint32_t i : {0u, 4u, 6u, 8191u, 8192u, 8999u, 9001u, 16384u, 19999u}) {
    auto r = checker().check(entry(i), issuer_did());
    ASSERT_TRUE(r.has_value()) << i << ": " << r.error().to_string();
    EXPECT_FALSE(r->set) << i;
    EXPECT_EQ(r->value, 0u);
  }
  for (std::uint32_t i : {5u, 9000u}) {
    auto r = checker().check(entry(i), issuer_did());
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    EXPECT_TRUE(r->set) << i;
    EXPECT_EQ(r->purpose, "revocation");
    EXPECT_NE(r->message.find("revoked"), std::string::npos) << r->message;
    EXPECT_NE(r->message.find("proof checked at block 2"), std::string::npos) << r->message;
  }
  auto read = read_ledger_status(*ledger_, issuer_did(), "rev-1", 9000);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->size_bits, 20000u);
  EXPECT_EQ(read->header.height, 2u);
  EXPECT_TRUE(read->bit);
}

TEST_F(LedgerStatusTest, PreciseErrors) {
  auto missing = checker().check(entry(1, "nope"), issuer_did());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("non-inclusion proof verified"), std::string::npos);

  auto beyond = checker().check(entry(20000), issuer_did());
  ASSERT_FALSE(beyond.has_value());
  EXPECT_EQ(beyond.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(beyond.error().where, "credentialStatus/statusListIndex");

  auto other = checker().check(entry(5), other_did());
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(other.error().where, "credentialStatus/statusListIssuer");

  auto purpose = checker().check(entry(5, "rev-1", "suspension"), issuer_did());
  ASSERT_FALSE(purpose.has_value());
  EXPECT_EQ(purpose.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(purpose.error().where, "credentialStatus/statusPurpose");

  auto susp = checker().check(entry(3, "susp", "suspension"), issuer_did());
  ASSERT_TRUE(susp.has_value());
  EXPECT_FALSE(susp->set);
}

TEST_F(LedgerStatusTest, RefusesWhatTheProofDoesNotShow) {
  ledger_->tamper_value = true;
  auto r = checker().check(entry(5), issuer_did());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kVerificationFailed);
  ledger_->tamper_value = false;
  // A reader that hides a set chunk (or the list) behind its own inclusion proof.
  ledger_->hide_values = true;
  auto hidden = checker().check(entry(5), issuer_did());
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code, ErrorCode::kVerificationFailed);
}

TEST_F(LedgerStatusTest, FailsClosedWhenTheLedgerCannotBeRead) {
  ledger_->fail_io = true;
  auto r = checker().check(entry(5), issuer_did());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);

  auto empty = std::make_shared<MemoryLedger>();
  auto none = LedgerStatusChecker(empty).check(entry(5), issuer_did());
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);

  ledger_->fail_io = false;
  auto chain = LedgerStatusChecker(ledger_, LedgerStatusOptions{"another-chain"}).check(entry(5), issuer_did());
  ASSERT_FALSE(chain.has_value());
  EXPECT_EQ(chain.error().code, ErrorCode::kVerificationFailed);
}

TEST_F(LedgerStatusTest, MalformedEntries) {
  const Json good = entry(7);
  ASSERT_TRUE(plx_status_entry_from_json(good).has_value());
  auto with = [&](const char* k, Json v) {
    Json e = good;
    if (v.is_null()) e.erase(k); else e[k] = std::move(v);
    return e;
  };
  const std::vector<std::pair<Json, std::string>> bad = {
      {Json::array(), "credentialStatus"},
      {with("type", "BitstringStatusListEntry"), "credentialStatus/type"},
      {with("statusPurpose", "message"), "credentialStatus/statusPurpose"},
      {with("statusPurpose", nullptr), "credentialStatus/statusPurpose"},
      {with("statusListIssuer", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"), "credentialStatus/statusListIssuer"},
      {with("statusListIssuer", 5), "credentialStatus/statusListIssuer"},
      {with("statusListId", "a/b"), "credentialStatus/statusListId"},
      {with("statusListId", ""), "credentialStatus/statusListId"},
      {with("statusListIndex", "07"), "credentialStatus/statusListIndex"},
      {with("statusListIndex", "-1"), "credentialStatus/statusListIndex"},
      {with("statusListIndex", 7), "credentialStatus/statusListIndex"},
      {with("statusListIndex", "67108864"), "credentialStatus/statusListIndex"},
      {with("statusListIndex", "123456789"), "credentialStatus/statusListIndex"},
  };
  for (const auto& [e, where] : bad) {
    auto r = checker().check(e, issuer_did());
    ASSERT_FALSE(r.has_value()) << e.dump();
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed) << e.dump();
    EXPECT_EQ(r.error().where, where) << e.dump() << " " << r.error().to_string();
  }
}

TEST_F(LedgerStatusTest, EntryRoundTrip) {
  PlxStatusEntry e{"suspension", issuer_did(), "x.y-z_1", 67108863};
  auto back = plx_status_entry_from_json(e.to_json());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->purpose, e.purpose);
  EXPECT_EQ(back->issuer, e.issuer);
  EXPECT_EQ(back->list_id, e.list_id);
  EXPECT_EQ(back->index, e.index);
  EXPECT_EQ(e.to_json().value("statusListIndex", ""), "67108863");
}

}  // namespace
}  // namespace plx::vc
