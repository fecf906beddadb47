// The property test of the issue: random blocks of signed DID and status-list transactions
// (creates, updates, deactivations, status changes, plus faults: bad signatures, wrong nonces,
// wrong chains, unauthorized keys), with 0%, 1%, 10%, 50% and 100% of transactions touching one
// hot DID, executed serially and by Block-STM on 1, 2, 4 and 8 threads (more threads than this
// machine's cores): identical outcomes, identical write sets and identical state roots.
//
// The seed is printed; PLX_TEST_SEED=<n> replays a failure.
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "fixture.hpp"
#include "plx/ledger/state_tree.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using test::Identity;

// The state tree beside the state: the root after each applied block.
class Committed {
 public:
  Committed() : tree_(store_) {}
  Hash apply(const WriteSet& writes) {
    state_.apply(writes);
    auto updates = tree_updates(writes);
    auto batch = tree_.apply(root_, ++version_, updates);
    EXPECT_TRUE(batch.has_value()) << (batch ? "" : batch.error().to_string());
    for (auto& [k, v] : batch->nodes) store_.put(k, v);
    root_ = batch->root;
    tree_.commit(*batch);
    return root_.hash;
  }
  const MemoryState& state() const { return state_; }

 private:
  MemoryState state_;
  MemoryTreeStore store_;
  StateTree tree_;
  NodeRef root_;
  std::uint64_t version_ = 0;
};

struct Actor {
  Identity id;
  std::uint64_t nonce = 0;  // next nonce, assuming everything applies
  int services = 0;
  std::vector<std::size_t> controls;  // actors that named this one their controller (may be stale)
};

class Generator {
 public:
  Generator(std::uint64_t seed, unsigned hot_percent) : rng_(seed), hot_percent_(hot_percent) {
    for (int i = 0; i < 24; ++i) actors_.push_back(Actor{test::make_identity(rng_), 0, 0, {}});
    actors_.push_back(Actor{test::make_identity(rng_, crypto::KeyType::kSecp256k1), 0, 0, {}});
  }

  // Block 0: every actor created, each with a status list and a controller.
  std::vector<SignedTransaction> genesis_block() {
    std::vector<SignedTransaction> b;
    for (Actor& a : actors_) b.push_back(test::create_tx(a.id, a.nonce++));
    for (Actor& a : actors_) b.push_back(test::create_list_tx(a.id, a.nonce++, "l", 3 * kStatusChunkBits));
    // Each actor names the next its controller, so that controllers' updates (which write the
    // target's leaf as well as their own) apply from the first random block on.
    for (std::size_t i = 0; i < actors_.size(); ++i) {
      Actor& a = actors_[i];
      const std::size_t next = (i + 1) % actors_.size();
      actors_[next].controls.push_back(i);
      b.push_back(test::update_tx(a.id, a.nonce++, a.id.did,
                                  {PatchOp::set_controller({actors_[next].id.did})}));
    }
    return b;
  }

  std::vector<SignedTransaction> random_block(std::size_t n) {
    std::vector<SignedTransaction> b;
    for (std::size_t i = 0; i < n; ++i) b.push_back(random_tx());
    return b;
  }

  // After a block: nonces as the ledger has them (rejected transactions did not consume one).
  void resync(const MemoryState& state) {
    for (Actor& a : actors_) {
      auto raw = state.get(keys::nonce(a.id.did));
      a.nonce = raw ? DidLeaf::decode(*raw).value().next_nonce : 0;
    }
  }

 private:
  std::uint64_t pick(std::uint64_t n) { return rng_() % n; }

  SignedTransaction random_tx() {
    const bool hot = pick(100) < hot_percent_;
    Actor& a = hot ? actors_[0] : actors_[1 + pick(actors_.size() - 1)];
    const unsigned fault = static_cast<unsigned>(pick(100));
    std::uint64_t nonce = a.nonce;
    if (fault < 4) nonce += 1 + pick(2);  // bad nonce
    SignedTransaction tx = op_for(a, nonce, hot);
    if (fault >= 4 && fault < 8) tx.signature[pick(tx.signature.size())] ^= 0x10;  // bad signature
    if (fault >= 8 && fault < 10) {  // wrong chain (re-signed, so only the chain is wrong)
      tx = test::sign_as(a.id.key, a.id.key_id, tx.tx.nonce, tx.tx.op, tx.tx.payload, "elsewhere");
    }
    if (fault >= 10 && fault < 13) {  // someone else's key on this actor's DID
      Actor& other = actors_[pick(actors_.size())];
      tx = test::sign_as(other.id.key, a.id.key_id, tx.tx.nonce, tx.tx.op, tx.tx.payload);
    }
    if (fault >= 13) ++a.nonce;  // expected to apply (mostly)
    return tx;
  }

  SignedTransaction op_for(Actor& a, std::uint64_t nonce, bool hot) {
    const unsigned kind = static_cast<unsigned>(pick(100));
    if (hot || kind < 45) {
      // Status changes: the hot actor's all fall in chunk 0 (one hot key), others spread.
      std::vector<StatusChange> changes;
      const std::size_t count = 1 + pick(3);
      for (std::size_t c = 0; c < count; ++c) {
        const auto index = static_cast<std::uint32_t>(hot ? pick(kStatusChunkBits)
                                                          : pick(3 * kStatusChunkBits + 3));
        changes.push_back({index, pick(4) != 0});  // index beyond the list: kOutOfRange
      }
      if (hot && pick(2) == 0) {
        return test::update_tx(a.id, nonce, a.id.did, {next_service(a)});
      }
      return test::status_tx(a.id, nonce, a.id.did, "l", changes);
    }
    if (kind < 80) {
      // Add a service, or remove one that may or may not exist.
      if (a.services > 0 && pick(3) == 0) {
        return test::update_tx(a.id, nonce, a.id.did,
                               {PatchOp::remove_service("#s" + std::to_string(pick(a.services + 1)))});
      }
      return test::update_tx(a.id, nonce, a.id.did, {next_service(a)});
    }
    if (kind < 88) {
      return test::create_list_tx(a.id, nonce, "l" + std::to_string(pick(4)), 64);
    }
    if (kind < 92) {
      // A brand-new identity (sometimes created twice in one block).
      if (!fresh_.empty() && pick(3) == 0) return test::create_tx(fresh_.back());
      fresh_.push_back(test::make_identity(rng_));
      return test::create_tx(fresh_.back());
    }
    if (kind < 94) return test::deactivate_tx(a.id, nonce, a.id.did);
    // Controllers: an update of a DID that named this actor its controller (it writes two
    // leaves), naming another actor this DID's controller, or an update of another actor's DID
    // that is unauthorized unless that actor named this one.
    const std::size_t o = pick(actors_.size());
    const std::size_t self = static_cast<std::size_t>(&a - actors_.data());
    if (!a.controls.empty() && pick(2) == 0) {
      const Actor& target = actors_[a.controls[pick(a.controls.size())]];
      // A service id of the controller's own numbering: it never clashes with the target's.
      const std::string id = "#by" + std::to_string(self) + "-" + std::to_string(a.services++);
      return test::update_tx(
          a.id, nonce, target.id.did,
          {PatchOp::add_service(
              R"({"id":")" + id +
              R"(","type":"LinkedDomains","serviceEndpoint":"https://c.example"})")});
    }
    if (o != self && pick(2) == 0) {
      actors_[o].controls.push_back(self);
      return test::update_tx(a.id, nonce, a.id.did, {PatchOp::set_controller({actors_[o].id.did})});
    }
    return test::update_tx(a.id, nonce, actors_[o].id.did, {next_service(a)});
  }

  PatchOp next_service(Actor& a) {
    return PatchOp::add_service(R"({"id":"#s)" + std::to_string(a.services++) +
                                R"(","type":"LinkedDomains","serviceEndpoint":"https://x.example"})");
  }

  std::mt19937_64 rng_;
  unsigned hot_percent_;
  std::vector<Actor> actors_;
  std::vector<Identity> fresh_;
};

class ExecutorProperty : public ::testing::TestWithParam<unsigned> {};

TEST_P(ExecutorProperty, ParallelEqualsSerial) {
  const unsigned hot = GetParam();
  const std::uint64_t seed = plx::testing::test_seed();
  SCOPED_TRACE("seed " + std::to_string(seed) + " (replay with PLX_TEST_SEED=" +
               std::to_string(seed) + "), hot " + std::to_string(hot) + "%");
  Generator gen(seed ^ hot, hot);
  Committed serial_chain;
  std::map<unsigned, ThreadPool*> pools;
  ThreadPool p1(1), p2(2), p4(4), p8(8);
  pools = {{1, &p1}, {2, &p2}, {4, &p4}, {8, &p8}};
  std::map<unsigned, Committed> parallel_chains;
  std::map<OutcomeCode, int> seen;
  std::map<unsigned, Hash> roots;
  for (int height = 1; height <= 4; ++height) {
    const auto block = height == 1 ? gen.genesis_block() : gen.random_block(120);
    const BlockContext ctx{std::string(test::kChain), static_cast<std::uint64_t>(height),
                           1700000000 + height};
    const BlockResult serial = execute_serial(block, ctx, serial_chain.state());
    for (const auto& o : serial.outcomes) ++seen[o.code];
    for (auto& [threads, pool] : pools) {
      const std::string what = "height " + std::to_string(height) + ", " +
                               std::to_string(threads) + " threads";
      Committed& chain = parallel_chains[threads];
      // Block-STM forced (no lanes, no serial fallback), with hints; without hints; and the
      // node's default (lanes or serial when the hints allow).
      const BlockResult par =
          execute_parallel(block, ctx, chain.state(), *pool,
                           ExecuteOptions{.serial_fallback_percent = 0, .lanes = false});
      const BlockResult node_default = execute_parallel(block, ctx, chain.state(), *pool);
      const BlockResult plain = execute_parallel(
          block, ctx, chain.state(), *pool,
          ExecuteOptions{.use_write_hints = false, .serial_fallback_percent = 0});
      ASSERT_EQ(serial.outcomes.size(), par.outcomes.size()) << what;
      for (std::size_t i = 0; i < serial.outcomes.size(); ++i) {
        ASSERT_EQ(serial.outcomes[i], par.outcomes[i])
            << what << " tx " << i << ": serial " << serial.outcomes[i].to_string()
            << ", parallel " << par.outcomes[i].to_string();
        ASSERT_EQ(serial.outcomes[i], plain.outcomes[i]) << what << " (no hints) tx " << i;
        ASSERT_EQ(serial.outcomes[i], node_default.outcomes[i]) << what << " (default) tx " << i;
      }
      ASSERT_EQ(serial.writes, par.writes) << what;
      ASSERT_EQ(serial.writes, plain.writes) << what << " (no hints)";
      ASSERT_EQ(serial.writes, node_default.writes) << what << " (default)";
      roots[threads] = chain.apply(par.writes);
    }
    const Hash root = serial_chain.apply(serial.writes);
    test::expect_leaves_name_records(serial.writes, serial_chain.state());
    for (const auto& [threads, r] : roots) {
      // Each chain's root comes from its own tree, built from its own write sets.
      EXPECT_EQ(r, root) << threads << " threads, height " << height;
    }
    gen.resync(serial_chain.state());
  }
  // The blocks exercised the rejections, not only the happy path.
  EXPECT_GT(seen[OutcomeCode::kApplied], 100);
  EXPECT_GT(seen[OutcomeCode::kBadSignature], 0);
  EXPECT_GT(seen[OutcomeCode::kBadNonce], 0);
  EXPECT_GT(seen[OutcomeCode::kUnauthorized], 0);
}

// Blocks large enough (thousands of written keys) that the engines merge their workers' write
// runs in key ranges on several workers: the write sets still equal the serial executor's, key
// for key, for lanes, forced Block-STM and Block-STM without hints.
TEST(ExecutorLargeBlock, ParallelEqualsSerialWhenRunsAreMergedInRanges) {
  std::mt19937_64 rng(plx::testing::test_seed());
  std::vector<test::Identity> ids;
  for (int i = 0; i < 1600; ++i) ids.push_back(test::make_identity(rng));
  std::vector<SignedTransaction> creates, updates;
  for (const auto& id : ids) creates.push_back(test::create_tx(id));
  // Then an update of every other DID, and a run on one DID (a long lane beside short ones).
  for (std::size_t i = 0; i < ids.size(); i += 2) {
    updates.push_back(test::update_tx(ids[i], 1, ids[i].did, {PatchOp::set_controller({})}));
  }
  for (std::uint64_t n = 2; n < 40; ++n) {
    updates.push_back(test::update_tx(ids[0], n, ids[0].did, {PatchOp::set_controller({})}));
  }
  MemoryState serial_state;
  ThreadPool p2(2), p3(3), p8(8);
  std::uint64_t height = 0;
  for (const auto* block : {&creates, &updates}) {
    const BlockContext ctx{std::string(test::kChain), ++height, 1700000000};
    const BlockResult serial = execute_serial(*block, ctx, serial_state);
    std::size_t applied = 0;
    for (const auto& o : serial.outcomes) applied += o.applied() ? 1 : 0;
    EXPECT_EQ(applied, block->size()) << "height " << height;
    EXPECT_GT(serial.writes.size(), 2400u);
    for (ThreadPool* pool : {&p2, &p3, &p8}) {
      const std::string what =
          "height " + std::to_string(height) + ", " + std::to_string(pool->size()) + " threads";
      const BlockResult lanes = execute_parallel(*block, ctx, serial_state, *pool);
      const BlockResult stm =
          execute_parallel(*block, ctx, serial_state, *pool,
                           ExecuteOptions{.serial_fallback_percent = 0, .lanes = false});
      const BlockResult plain =
          execute_parallel(*block, ctx, serial_state, *pool,
                           ExecuteOptions{.use_write_hints = false, .serial_fallback_percent = 0});
      EXPECT_EQ(lanes.outcomes, serial.outcomes) << what;
      EXPECT_EQ(stm.outcomes, serial.outcomes) << what;
      EXPECT_EQ(plain.outcomes, serial.outcomes) << what;
      EXPECT_EQ(lanes.writes, serial.writes) << what << " (lanes)";
      EXPECT_EQ(stm.writes, serial.writes) << what << " (Block-STM)";
      EXPECT_EQ(plain.writes, serial.writes) << what << " (Block-STM, no hints)";
    }
    serial_state.apply(serial.writes);
    test::expect_leaves_name_records(serial.writes, serial_state);
  }
}

INSTANTIATE_TEST_SUITE_P(HotDid, ExecutorProperty, ::testing::Values(0u, 1u, 10u, 50u, 100u),
                         [](const auto& param_info) {
                           return "hot" + std::to_string(param_info.param);
                         });

}  // namespace
}  // namespace plx::ledger
