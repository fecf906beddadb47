// Block-STM against the serial reference on synthetic transactions with arbitrary read/write
// patterns: read-then-write counters, reads of keys written later in the block, deletes, reads
// of absent keys, write sets that change between incarnations, and a hot key touched by 0%, 1%,
// 10%, 50% or 100% of the block. Every value written depends on every value read before it, so
// a stale read anywhere shows up in the final state or the outcomes.
//
// The seed is printed; PLX_TEST_SEED=<n> replays a failure.
#include "plx/ledger/block_stm.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace plx::ledger {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 33);
}

std::uint64_t fold(std::uint64_t acc, const std::optional<Bytes>& v) {
  if (!v) return mix(acc, 0xabad1dea);
  for (std::uint8_t b : *v) acc = mix(acc, b);
  return mix(acc, v->size());
}

Bytes key_bytes(const std::string& k) { return to_bytes(k); }

Bytes value_of(std::uint64_t x, std::size_t extra) {
  Bytes b(8 + extra % 5);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(x >> ((i % 8) * 8));
  return b;
}

enum class OpKind { kRead, kWrite, kIncrement, kDelete, kConditional };
struct Op {
  OpKind kind;
  std::string key;
  std::string key2;  // kConditional: written when `key` is absent, deleted otherwise
};
using Program = std::vector<Op>;

std::string random_key(std::mt19937_64& rng, std::size_t key_space) {
  // A third of the keys are never in the committed state: reads of absent keys.
  return "k/" + std::to_string(rng() % key_space);
}

// Reads a third of the time; blind writes, read-modify-writes, deletes and conditional writes
// the rest.
OpKind random_kind(std::mt19937_64& rng) {
  const unsigned r = static_cast<unsigned>(rng() % 100);
  return r < 35   ? OpKind::kRead
         : r < 60 ? OpKind::kWrite
         : r < 80 ? OpKind::kIncrement
         : r < 90 ? OpKind::kDelete
                  : OpKind::kConditional;
}

std::vector<Program> random_block(std::mt19937_64& rng, std::size_t n, unsigned hot_percent,
                                  std::size_t key_space) {
  std::vector<Program> block(n);
  for (auto& prog : block) {
    const std::size_t ops = 1 + rng() % 6;
    for (std::size_t o = 0; o < ops; ++o) {
      Op op;
      op.kind = random_kind(rng);
      op.key = random_key(rng, key_space);
      op.key2 = random_key(rng, key_space);
      prog.push_back(op);
    }
    if (rng() % 100 < hot_percent) {
      // Read-modify-write of the one hot key, at a random position in the program.
      const auto pos = static_cast<std::ptrdiff_t>(rng() % (prog.size() + 1));
      prog.insert(prog.begin() + pos, Op{OpKind::kIncrement, "hot", ""});
    }
  }
  return block;
}

// Interprets a program. Returns early when the view reports a dependency (Block-STM only), as
// the ledger's state machine does.
TxFn interpreter(const std::vector<Program>& block, bool bail_out_when_blocked) {
  return [&block, bail_out_when_blocked](TxIndex i, View& view) -> TxOutcome {
    std::uint64_t acc = mix(0, i);
    const Program& prog = block[i];
    for (std::size_t o = 0; o < prog.size(); ++o) {
      const Op& op = prog[o];
      const Bytes k = key_bytes(op.key);
      switch (op.kind) {
        case OpKind::kRead:
          acc = fold(acc, view.read(k));
          break;
        case OpKind::kWrite:
          view.write(k, value_of(acc, o));
          break;
        case OpKind::kIncrement: {
          auto v = view.read(k);
          acc = fold(acc, v);
          std::uint64_t counter = 0;
          if (v && v->size() >= 8) {
            for (int b = 0; b < 8; ++b) counter |= std::uint64_t{(*v)[b]} << (8 * b);
          }
          view.write(k, value_of(counter + 1, 0));
          break;
        }
        case OpKind::kDelete:
          view.write(k, std::nullopt);
          break;
        case OpKind::kConditional: {
          auto v = view.read(k);
          acc = fold(acc, v);
          if (!v) {
            view.write(key_bytes(op.key2), value_of(acc, o));
          } else {
            view.write(key_bytes(op.key2), std::nullopt);
          }
          break;
        }
      }
      if (bail_out_when_blocked && view.blocked()) return TxOutcome::reject(OutcomeCode::kMalformed, "blocked");
    }
    if (acc % 5 == 0) {
      return TxOutcome::reject(OutcomeCode::kMalformed, "acc " + std::to_string(acc));
    }
    return TxOutcome{};
  };
}

// Keys each program writes, with some noise: hints may be wrong without changing the result.
std::vector<std::vector<Bytes>> noisy_hints(const std::vector<Program>& block, std::mt19937_64& rng,
                                            std::size_t key_space) {
  std::vector<std::vector<Bytes>> hints(block.size());
  for (std::size_t i = 0; i < block.size(); ++i) {
    for (const Op& op : block[i]) {
      if (rng() % 10 == 0) continue;  // a missing hint
      if (op.kind == OpKind::kConditional) {
        hints[i].push_back(key_bytes(op.key2));
      } else if (op.kind != OpKind::kRead) {
        hints[i].push_back(key_bytes(op.key));
      }
    }
    if (rng() % 10 == 0) hints[i].push_back(key_bytes(random_key(rng, key_space)));  // spurious
  }
  return hints;
}

MemoryState initial_state(std::mt19937_64& rng, std::size_t key_space) {
  MemoryState s;
  // Sorted by a map rather than std::sort, on which GCC 12 warns (maybe-uninitialized, a false
  // positive on the moved std::optional) depending on what else the unity build inlines.
  std::map<Bytes, Bytes, BytesLess> sorted;
  for (std::size_t k = 0; k < key_space; ++k) {
    if (rng() % 3 != 0) sorted.emplace(key_bytes("k/" + std::to_string(k)), value_of(rng(), k));
  }
  WriteSet w(sorted.begin(), sorted.end());
  s.apply(w);
  return s;
}

std::string describe(const TxOutcome& o) { return o.to_string(); }

void expect_same(const EngineResult& serial, const EngineResult& par, const std::string& what) {
  ASSERT_EQ(serial.outcomes.size(), par.outcomes.size()) << what;
  for (std::size_t i = 0; i < serial.outcomes.size(); ++i) {
    ASSERT_EQ(serial.outcomes[i], par.outcomes[i])
        << what << ": tx " << i << " serial " << describe(serial.outcomes[i]) << " parallel "
        << describe(par.outcomes[i]);
  }
  ASSERT_EQ(serial.writes.size(), par.writes.size()) << what;
  for (std::size_t i = 0; i < serial.writes.size(); ++i) {
    ASSERT_EQ(serial.writes[i], par.writes[i]) << what << ": write #" << i << " key "
                                               << to_string(serial.writes[i].first);
  }
}

struct Config {
  unsigned hot_percent;
  unsigned threads;
};

class BlockStmProperty : public ::testing::TestWithParam<Config> {};

TEST_P(BlockStmProperty, MatchesSerialOnRandomBlocks) {
  const Config cfg = GetParam();
  const std::uint64_t seed = plx::testing::test_seed();
  SCOPED_TRACE("seed " + std::to_string(seed) + " (replay with PLX_TEST_SEED=" +
               std::to_string(seed) + ")");
  std::mt19937_64 rng(seed ^ (cfg.hot_percent * 1000003ull) ^ cfg.threads);
  ThreadPool pool(cfg.threads);
  constexpr std::size_t kKeySpace = 300;
  MemoryState state = initial_state(rng, kKeySpace);
  std::uint64_t aborts = 0, dependencies = 0;
  for (int blockno = 0; blockno < 6; ++blockno) {
    const std::size_t n = 1 + rng() % 400;
    const auto block = random_block(rng, n, cfg.hot_percent, kKeySpace);
    const std::string what = "block " + std::to_string(blockno) + " (" + std::to_string(n) +
                             " txs, hot " + std::to_string(cfg.hot_percent) + "%, " +
                             std::to_string(cfg.threads) + " threads, seed " +
                             std::to_string(seed) + ")";
    const EngineResult serial = run_serial(n, interpreter(block, true), state);
    // Without hints, with the early return and without it.
    expect_same(serial, run_block_stm(n, interpreter(block, true), state, pool), what + " plain");
    const EngineResult no_bail = run_block_stm(n, interpreter(block, false), state, pool);
    expect_same(serial, no_bail, what + " no early return");
    // With (noisy) hints, Block-STM forced even on a dependency chain.
    const auto hints = noisy_hints(block, rng, kKeySpace);
    const EngineResult hinted = run_block_stm(n, interpreter(block, true), state, pool,
                                              BlockStmOptions{.write_hints = hints});
    expect_same(serial, hinted, what + " hinted");
    // And through run_parallel: serial fallback allowed, with and without lanes, and lanes
    // without the fallback.
    expect_same(serial,
                run_parallel(n, interpreter(block, true), state, pool,
                             ParallelOptions{.write_hints = hints}),
                what + " run_parallel");
    expect_same(serial,
                run_parallel(n, interpreter(block, true), state, pool,
                             ParallelOptions{.write_hints = hints, .lanes = false}),
                what + " run_parallel, no lanes");
    expect_same(serial,
                run_parallel(n, interpreter(block, true), state, pool,
                             ParallelOptions{.write_hints = hints, .serial_fallback_percent = 0}),
                what + " run_parallel, never serial");
    aborts += no_bail.stats.aborts;
    dependencies += no_bail.stats.dependencies + hinted.stats.dependencies;
    state.apply(serial.writes);
  }
  RecordProperty("aborts", std::to_string(aborts));
  RecordProperty("dependencies", std::to_string(dependencies));
}

std::vector<Config> all_configs() {
  std::vector<Config> out;
  for (unsigned hot : {0u, 1u, 10u, 50u, 100u}) {
    for (unsigned threads : {1u, 2u, 4u, 8u}) out.push_back({hot, threads});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(HotKeyAndThreads, BlockStmProperty, ::testing::ValuesIn(all_configs()),
                         [](const auto& param_info) {
                           return "hot" + std::to_string(param_info.param.hot_percent) + "_threads" +
                                  std::to_string(param_info.param.threads);
                         });

// Every ordering of a small, fully conflicting block: each permutation is a different block,
// and each must match serial execution of that same order.
TEST(BlockStm, EveryOrderingOfASmallConflictingBlock) {
  std::vector<Program> base_block = {
      {{OpKind::kIncrement, "hot", ""}, {OpKind::kConditional, "a", "b"}},
      {{OpKind::kRead, "b", ""}, {OpKind::kWrite, "a", ""}},
      {{OpKind::kDelete, "a", ""}, {OpKind::kIncrement, "hot", ""}},
      {{OpKind::kConditional, "b", "c"}, {OpKind::kRead, "hot", ""}},
      {{OpKind::kRead, "c", ""}, {OpKind::kIncrement, "hot", ""}, {OpKind::kWrite, "b", ""}},
  };
  std::vector<int> order(base_block.size());
  std::iota(order.begin(), order.end(), 0);
  ThreadPool pool(4);
  MemoryState empty;
  int permutations = 0;
  do {
    std::vector<Program> block;
    for (int i : order) block.push_back(base_block[static_cast<std::size_t>(i)]);
    const EngineResult serial = run_serial(block.size(), interpreter(block, true), empty);
    for (int rep = 0; rep < 5; ++rep) {
      expect_same(serial, run_block_stm(block.size(), interpreter(block, rep % 2 == 0), empty, pool),
                  "permutation " + std::to_string(permutations));
    }
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 120);
}

TEST(BlockStm, EmptyBlockAndReadsOfOwnWrites) {
  ThreadPool pool(2);
  MemoryState empty;
  const TxFn nothing = [](TxIndex, View&) { return TxOutcome{}; };
  EXPECT_TRUE(run_block_stm(0, nothing, empty, pool).outcomes.empty());
  // A transaction reads its own write; a later one deletes it; the block's net effect on "x" is
  // a delete and on "y" the value the first one read back.
  const TxFn fn = [](TxIndex i, View& v) -> TxOutcome {
    if (i == 0) {
      v.write(key_bytes("x"), to_bytes("1"));
      auto back = v.read(key_bytes("x"));
      v.write(key_bytes("y"), back);
      return TxOutcome{};
    }
    if (!v.read(key_bytes("x"))) return TxOutcome::reject(OutcomeCode::kNotFound, "no x");
    v.write(key_bytes("x"), std::nullopt);
    return TxOutcome{};
  };
  for (unsigned t : {1u, 2u, 8u}) {
    ThreadPool p(t);
    const EngineResult r = run_block_stm(2, fn, empty, p);
    ASSERT_EQ(r.outcomes.size(), 2u);
    EXPECT_TRUE(r.outcomes[0].applied());
    EXPECT_TRUE(r.outcomes[1].applied()) << r.outcomes[1].to_string();
    const WriteSet expected = {{key_bytes("x"), std::nullopt}, {key_bytes("y"), to_bytes("1")}};
    EXPECT_EQ(r.writes, expected);
    expect_same(run_serial(2, fn, empty), r, "own writes");
  }
}

// Every engine hands back its writes sorted by key bytes. Keys that agree on their first 16
// bytes, keys that are prefixes of others, and zero bytes at the end are where a sort that looks
// at key prefixes first must still fall back to the whole keys.
TEST(BlockStm, WritesAreSortedByKeyBytesWhateverTheKeysShare) {
  const std::string shared = "d/did:plx:zSamePrefix";  // 21 bytes in common
  std::vector<std::string> keys = {shared + "/b",
                                   shared + "/a",
                                   shared,
                                   shared + std::string(1, '\0'),
                                   shared + std::string(2, '\0'),
                                   shared + "\xff",
                                   "d/",
                                   "d",
                                   std::string(1, '\0'),
                                   std::string(16, '\0'),
                                   std::string(17, '\0'),
                                   shared.substr(0, 16),
                                   shared.substr(0, 15) + "\x01"};
  std::mt19937_64 rng(plx::testing::test_seed());
  std::shuffle(keys.begin(), keys.end(), rng);
  const auto n = keys.size();
  const TxFn fn = [&](TxIndex i, View& v) -> TxOutcome {
    v.write(key_bytes(keys[i]), to_bytes(std::to_string(i)));
    return TxOutcome{};
  };
  std::vector<std::vector<Bytes>> hints(n);
  for (std::size_t i = 0; i < n; ++i) hints[i] = {key_bytes(keys[i])};
  MemoryState empty;
  const EngineResult serial = run_serial(n, fn, empty);
  ASSERT_EQ(serial.writes.size(), n);
  for (std::size_t i = 1; i < n; ++i) {
    EXPECT_TRUE(BytesLess{}(serial.writes[i - 1].first, serial.writes[i].first)) << "write " << i;
  }
  for (unsigned t : {1u, 2u, 3u}) {
    ThreadPool pool(t);
    const std::string on = std::to_string(t) + " threads";
    expect_same(serial, run_block_stm(n, fn, empty, pool), "Block-STM, " + on);
    const EngineResult lanes = run_parallel(
        n, fn, empty, pool, ParallelOptions{.write_hints = hints, .serial_fallback_percent = 0});
    EXPECT_GT(lanes.stats.lanes, 1u) << on;
    expect_same(serial, lanes, "lanes, " + on);
  }
}

TEST(BlockStm, SerialFallbackOnlyWhenHintsShowAChain) {
  ThreadPool pool(2);
  MemoryState empty;
  const TxFn inc = [](TxIndex, View& v) -> TxOutcome {
    auto c = v.read(key_bytes("hot"));
    v.write(key_bytes("hot"), Bytes{static_cast<std::uint8_t>(c ? (*c)[0] + 1 : 1)});
    return TxOutcome{};
  };
  std::vector<std::vector<Bytes>> chain(100, std::vector<Bytes>{key_bytes("hot")});
  const EngineResult r = run_parallel(100, inc, empty, pool, ParallelOptions{.write_hints = chain});
  EXPECT_TRUE(r.stats.serial_fallback);
  const EngineResult no_lanes =
      run_parallel(100, inc, empty, pool, ParallelOptions{.write_hints = chain, .lanes = false});
  EXPECT_TRUE(no_lanes.stats.serial_fallback);
  const EngineResult forced = run_parallel(
      100, inc, empty, pool, ParallelOptions{.write_hints = chain, .serial_fallback_percent = 0});
  EXPECT_FALSE(forced.stats.serial_fallback);
  EXPECT_EQ(forced.stats.lanes, 0u);  // one lane: Block-STM
  expect_same(r, no_lanes, "hot chain, no lanes");
  expect_same(r, forced, "hot chain");
  ASSERT_EQ(forced.writes.size(), 1u);
  EXPECT_EQ(forced.writes[0].second, Bytes{100});
}

// Blocks made of groups: each program works on the keys of one group ("g<G>/<j>") and reads
// keys that nobody writes ("ro/<j>"), so that exact hints split the block into one lane per
// group (or fewer, when groups are joined by a shared writer). With `cross_percent`, a program
// also reads or writes a key of another group: then a lane may touch another lane's keys, and
// the lane executor must notice and hand the block to Block-STM.
std::vector<Program> grouped_block(std::mt19937_64& rng, std::size_t n, std::size_t groups,
                                   unsigned cross_percent) {
  const auto group_key = [&](std::size_t g) {
    return "g" + std::to_string(g) + "/" + std::to_string(rng() % 6);
  };
  std::vector<Program> block(n);
  for (auto& prog : block) {
    const std::size_t g = rng() % groups;
    const std::size_t ops = 1 + rng() % 5;
    for (std::size_t o = 0; o < ops; ++o) {
      Op op;
      op.kind = random_kind(rng);
      op.key = group_key(g);
      op.key2 = group_key(g);
      prog.push_back(op);
    }
    if (rng() % 3 == 0) prog.push_back(Op{OpKind::kRead, "ro/" + std::to_string(rng() % 4), ""});
    if (rng() % 100 < cross_percent) {
      const std::size_t other = (g + 1 + rng() % (groups - 1)) % groups;
      prog.push_back(Op{rng() % 2 == 0 ? OpKind::kRead : OpKind::kIncrement, group_key(other), ""});
    }
  }
  return block;
}

// Every key of its own group that a program touches (reads too: a program that only reads a
// key must share the writer's lane, and a hint for a key that is not written only costs
// scheduling). The cross-group accesses are left out: hints that miss.
std::vector<std::vector<Bytes>> group_hints(const std::vector<Program>& block) {
  std::vector<std::vector<Bytes>> hints(block.size());
  for (std::size_t i = 0; i < block.size(); ++i) {
    const std::string group = block[i].front().key.substr(0, block[i].front().key.find('/') + 1);
    for (const Op& op : block[i]) {
      for (const std::string* k : {&op.key, &op.key2}) {
        if (op.kind != OpKind::kConditional && k == &op.key2) continue;
        if (k->rfind(group, 0) == 0) hints[i].push_back(key_bytes(*k));
      }
    }
  }
  return hints;
}

class LaneProperty : public ::testing::TestWithParam<unsigned> {};

TEST_P(LaneProperty, LanesMatchSerialAndGiveWayOnUnhintedConflicts) {
  const unsigned threads = GetParam();
  const std::uint64_t seed = plx::testing::test_seed();
  SCOPED_TRACE("seed " + std::to_string(seed) +
               " (replay with PLX_TEST_SEED=" + std::to_string(seed) + ")");
  std::mt19937_64 rng(seed ^ (threads * 7919ull));
  ThreadPool pool(threads);
  MemoryState state;
  int ran_as_lanes = 0, abandoned = 0;
  for (int blockno = 0; blockno < 24; ++blockno) {
    const std::size_t n = 2 + rng() % 300;
    const std::size_t groups = 2 + rng() % 12;
    const unsigned cross = blockno % 3 == 0 ? 0u : (blockno % 3 == 1 ? 2u : 20u);
    const auto block = grouped_block(rng, n, groups, cross);
    const auto hints = group_hints(block);
    const std::string what = "block " + std::to_string(blockno) + " (" + std::to_string(n) +
                             " txs, " + std::to_string(groups) + " groups, cross " +
                             std::to_string(cross) + "%, " + std::to_string(threads) + " threads)";
    const EngineResult serial = run_serial(n, interpreter(block, true), state);
    const EngineResult lanes =
        run_parallel(n, interpreter(block, true), state, pool,
                     ParallelOptions{.write_hints = hints, .serial_fallback_percent = 0});
    expect_same(serial, lanes, what);
    if (cross == 0) {
      // Complete hints and no access outside the group: the lanes are independent, and the lane
      // executor must run them (two groups at least, unless every program drew the same one).
      EXPECT_FALSE(lanes.stats.lanes_abandoned) << what;
      const bool one_group = std::all_of(block.begin(), block.end(), [&](const Program& p) {
        return p.front().key.substr(0, 3) == block.front().front().key.substr(0, 3);
      });
      if (!one_group) {
        EXPECT_GE(lanes.stats.lanes, 2u) << what;
      }
    }
    ran_as_lanes += lanes.stats.lanes > 0 ? 1 : 0;
    abandoned += lanes.stats.lanes_abandoned ? 1 : 0;
    state.apply(serial.writes);
  }
  // Both paths ran: lanes kept, and lanes given up for Block-STM.
  EXPECT_GT(ran_as_lanes, 0);
  EXPECT_GT(abandoned, 0);
  RecordProperty("lane_blocks", std::to_string(ran_as_lanes));
  RecordProperty("abandoned", std::to_string(abandoned));
}

INSTANTIATE_TEST_SUITE_P(Threads, LaneProperty, ::testing::Values(1u, 2u, 4u, 8u),
                         [](const auto& param_info) {
                           return "threads" + std::to_string(param_info.param);
                         });

// Each way a lane can touch another lane's key, one at a time, on one worker and on several:
// read after the other's write, write after the other's read, write after the other's write,
// and a write to a key that two lanes read. All must give the serial result.
TEST(Lanes, EveryKindOfCrossLaneAccessFallsBackToTheSerialResult) {
  struct Case {
    std::string name;
    std::vector<Program> block;
  };
  const auto inc = [](std::string k) { return Op{OpKind::kIncrement, std::move(k), ""}; };
  const auto rd = [](std::string k) { return Op{OpKind::kRead, std::move(k), ""}; };
  const std::vector<Case> cases = {
      {"read after another lane's write", {{inc("a")}, {inc("b")}, {inc("b"), rd("a")}}},
      {"write after another lane's read", {{inc("a"), rd("b")}, {inc("b")}}},
      {"write after another lane's write", {{inc("a"), inc("x")}, {inc("b"), inc("x")}}},
      {"write to a key two lanes read",
       {{inc("a"), rd("x")}, {inc("b"), rd("x")}, {inc("c"), inc("x")}}},
  };
  MemoryState empty;
  for (const Case& c : cases) {
    // Hints name only the first key of each program, so the lanes are a, b (and c).
    std::vector<std::vector<Bytes>> hints;
    for (const Program& p : c.block) hints.push_back({key_bytes(p.front().key)});
    const EngineResult serial = run_serial(c.block.size(), interpreter(c.block, true), empty);
    for (unsigned t : {1u, 2u, 3u}) {
      ThreadPool pool(t);
      for (int rep = 0; rep < 20; ++rep) {
        const EngineResult r =
            run_parallel(c.block.size(), interpreter(c.block, true), empty, pool,
                         ParallelOptions{.write_hints = hints, .serial_fallback_percent = 0});
        expect_same(serial, r, c.name + ", " + std::to_string(t) + " threads");
        EXPECT_TRUE(r.stats.lanes_abandoned) << c.name << ", " << t << " threads";
        EXPECT_EQ(r.stats.lanes, 0u);
      }
    }
  }
}

TEST(ThreadPool, ParallelForCoversEveryIndexOnce) {
  for (unsigned t : {1u, 3u, 16u}) {
    ThreadPool pool(t);
    std::vector<std::atomic<int>> seen(1000);
    pool.parallel_for(seen.size(), 7, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) seen[i].fetch_add(1);
    });
    for (auto& s : seen) EXPECT_EQ(s.load(), 1);
    pool.parallel_for(0, 7, [&](std::size_t, std::size_t) { ADD_FAILURE(); });
  }
}

}  // namespace
}  // namespace plx::ledger
