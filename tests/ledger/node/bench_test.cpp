// The ledger benchmark end to end at a tiny size: every stage runs (the store settles after each
// block and the next commit lets its background work run again), every parallel block is
// compared with the serial one inside the run, the node pipeline's final state root is compared
// with the stage-by-stage run's (a difference fails the run), and the figures it reports are
// consistent with each other.
#include "plx/ledger/bench.hpp"

#include <unistd.h>

#include <filesystem>

#include "test_support.hpp"

namespace plx::ledger {
namespace {

using plx::testing::HasError;

TEST(LedgerBench, SmallRunMeasuresEveryStage) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("plx-bench-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  LedgerBenchOptions o;
  o.txs = 600;
  o.block_size = 200;
  o.threads = 2;
  o.storage_dir = dir.string();
  auto r = run_ledger_bench(o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->workloads.size(), 3u);
  for (const WorkloadFigures& f : r->workloads) {
    SCOPED_TRACE(f.name);
    EXPECT_EQ(f.blocks, 3u);
    EXPECT_EQ(f.txs, 600u);
    EXPECT_DOUBLE_EQ(f.applied_fraction, 1.0);
    for (double v :
         {f.sig_tps_single, f.sig_tps_1, f.sig_tps_n, f.exec_tps_serial, f.exec_tps_parallel,
          f.merkle_tps, f.storage_tps, f.storage_tps_overall, f.exec_commit_tps,
          f.exec_commit_tps_overall, f.end_to_end_tps, f.node_pipeline_tps}) {
      EXPECT_GT(v, 0.0);
    }
    // Composed rates are slower than each of their parts.
    EXPECT_LT(f.exec_commit_tps, f.storage_tps);
    EXPECT_LT(f.exec_commit_tps_overall, f.storage_tps_overall);
    EXPECT_LT(f.end_to_end_tps, f.exec_commit_tps);
    EXPECT_GT(f.store_bytes, 0u);
    EXPECT_LE(f.fallback_blocks + f.lane_blocks + f.lanes_abandoned, f.blocks);
  }
  // hot: every transaction on one DID, so every block runs serially.
  EXPECT_EQ(r->workloads[1].fallback_blocks, 3u);
  // status: 16 issuers' lists, so the lanes run.
  EXPECT_EQ(r->workloads[2].lane_blocks, 3u);
  // The stores (the stage run's and the node's) are removed at the end.
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);

  o.workloads = {"nope"};
  EXPECT_THAT(run_ledger_bench(o), HasError(ErrorCode::kInvalidArgument));
}

// The scaling curve: one point per requested thread count, in order (more threads than cores
// included), each with every stage measured, and end to end slower than each of its parts.
// Every curve point's results are checked against the serial ones inside the run.
TEST(LedgerBench, CurveMeasuresEachThreadCount) {
  LedgerBenchOptions o;
  o.txs = 400;
  o.block_size = 200;
  o.threads = 2;
  o.storage = false;
  o.workloads = {"did", "status"};
  o.curve = {1, 3, 8};
  auto r = run_ledger_bench(o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  for (const WorkloadFigures& f : r->workloads) {
    SCOPED_TRACE(f.name);
    ASSERT_EQ(f.curve.size(), 3u);
    for (std::size_t i = 0; i < f.curve.size(); ++i) {
      const CurvePoint& p = f.curve[i];
      EXPECT_EQ(p.threads, o.curve[i]);
      for (double v : {p.sig_tps, p.exec_tps, p.exec_over_serial, p.merkle_tps}) EXPECT_GT(v, 0);
      EXPECT_LT(p.end_to_end_tps, std::min({p.sig_tps, p.exec_tps, p.merkle_tps}));
    }
  }
  const Json j = ledger_bench_to_json(*r);
  ASSERT_EQ(j["workloads"][0]["curve"].size(), 3u);
  EXPECT_EQ(j["workloads"][0]["curve"][1]["threads"], 3);
  const WorkloadFigures& did = r->workloads[0];
  EXPECT_DOUBLE_EQ(
      j["workloads"][0]["curve"][1]["end_to_end_over_threads_x_single_verify"].get<double>(),
      did.curve[1].end_to_end_tps / (did.sig_tps_single * 3));
  EXPECT_NE(ledger_bench_to_text(*r).find("scaling"), std::string::npos);

  o.curve = {4, 0};
  const auto zero = run_ledger_bench(o);
  EXPECT_THAT(zero, HasError(ErrorCode::kInvalidArgument));
  if (!zero.has_value()) {
    EXPECT_EQ(zero.error().where, "curve[1]");
  }
  o.curve = {257};
  EXPECT_THAT(run_ledger_bench(o), HasError(ErrorCode::kInvalidArgument));
}

// --did-keys: documents with several Ed25519 keys, whose creates carry all their eighths or only
// the signer's; every transaction applies either way (the node pipeline included), and the
// options are echoed in the JSON report.
TEST(LedgerBench, DidDocumentsWithSeveralKeys) {
  LedgerBenchOptions o;
  o.txs = 400;
  o.block_size = 200;
  o.threads = 2;
  o.workloads = {"did"};
  o.did_keys = 3;
  for (bool eighths : {true, false}) {
    SCOPED_TRACE(eighths);
    o.key_eighths = eighths;
    auto r = run_ledger_bench(o);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->workloads.size(), 1u);
    EXPECT_DOUBLE_EQ(r->workloads[0].applied_fraction, 1.0);
    EXPECT_GT(r->workloads[0].node_pipeline_tps, 0.0);
    const Json j = ledger_bench_to_json(*r);
    EXPECT_EQ(j.at("did_keys"), 3);
    EXPECT_EQ(j.at("key_eighths"), eighths);
    EXPECT_NE(ledger_bench_to_text(*r).find("publish 3 Ed25519 keys"), std::string::npos);
  }
  for (unsigned bad : {0u, 17u}) {
    o.did_keys = bad;
    EXPECT_THAT(run_ledger_bench(o), HasError(ErrorCode::kInvalidArgument)) << bad;
  }
}

}  // namespace
}  // namespace plx::ledger
