// plx bench ledger: the ledger benchmark (issue 4 "Speed"). The measuring is in the ledger
// library (plx/ledger/bench.hpp); this file parses options, draws the progress bar on stderr and
// prints the table or the JSON object.
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "io.hpp"
#include "plx/ledger/bench.hpp"

namespace plx::cli {
namespace {

struct BenchLedgerArgs {
  std::size_t txs = 1'000'000;
  unsigned threads = 2;
  double conflict = 0.01;
  std::size_t block_size = 10'000;
  std::string workloads = "did,hot,status";
  std::uint64_t seed = 1;
  bool json = false;
  bool quiet = false;
  bool no_storage = false;
  bool no_sync = false;
  std::string storage_dir;
  std::vector<unsigned> curve;
  unsigned did_keys = 1;
  bool no_key_eighths = false;
};

// "[=====>     ]  45% measuring did" on stderr, redrawn in place.
void draw_progress(std::string_view stage, std::size_t done, std::size_t total) {
  constexpr int kWidth = 30;
  const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '=');
  if (filled < kWidth) bar += '>';
  bar.resize(kWidth, ' ');
  std::cerr << "\r[" << bar << "] " << static_cast<int>(frac * 100) << "% " << stage
            << "          " << std::flush;
  if (done == total) std::cerr << "\n";
}

int run_bench_ledger(const BenchLedgerArgs& a) {
  ledger::LedgerBenchOptions o;
  o.txs = a.txs;
  o.threads = a.threads;
  o.conflict = a.conflict;
  o.block_size = a.block_size;
  o.seed = a.seed;
  o.storage = !a.no_storage;
  o.sync = !a.no_sync;
  o.storage_dir = a.storage_dir;
  o.curve = a.curve;
  o.did_keys = a.did_keys;
  o.key_eighths = !a.no_key_eighths;
  o.workloads.clear();
  std::stringstream ss(a.workloads);
  for (std::string w; std::getline(ss, w, ',');) {
    if (!w.empty()) o.workloads.push_back(w);
  }
  if (!a.quiet) o.progress = draw_progress;
  auto result = ledger::run_ledger_bench(o);
  if (!result.has_value()) return report(result.error());
  if (a.json) {
    std::cout << json_dump(ledger::ledger_bench_to_json(*result)) << "\n";
  } else {
    std::cout << ledger::ledger_bench_to_text(*result);
  }
  return kExitOk;
}

}  // namespace

void register_bench_ledger(CLI::App& app) {
  CLI::App* bench = nullptr;
  try {
    bench = app.get_subcommand("bench");
  } catch (const CLI::OptionNotFound&) {
    bench = app.add_subcommand("bench", "Benchmarks");
    bench->require_subcommand(1);
  }
  auto args = std::make_shared<BenchLedgerArgs>();
  CLI::App* cmd = bench->add_subcommand(
      "ledger",
      "Ledger throughput: signature pre-check, serial vs Block-STM execution, Merkle commit, "
      "RocksDB storage commit, end-to-end TPS (medians over blocks)");
  cmd->add_option("--txs", args->txs, "Transactions per workload (default 1000000)");
  cmd->add_option("--threads", args->threads, "Worker threads N (1..256, default 2)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--curve", args->curve,
                  "Also measure signature checks, parallel execution, Merkle commit and end to "
                  "end at each of these thread counts, e.g. 1,2,4,8,16 (the scaling curve)")
      ->delimiter(',')
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--conflict", args->conflict,
                  "Fraction of transactions on one hot key, 0..1 (default 0.01)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--block-size", args->block_size, "Transactions per block (default 10000)");
  cmd->add_option("--workloads", args->workloads, "Comma-separated: did,hot,status");
  cmd->add_option("--seed", args->seed, "Seed of the generated keys and workloads");
  cmd->add_option("--did-keys", args->did_keys,
                  "Ed25519 keys each did-workload genesis document publishes (1..16, default 1)")
      ->check(CLI::Range(1u, 16u));
  cmd->add_flag("--no-key-eighths", args->no_key_eighths,
                "did creates carry only the signer key's eighth: execution checks the "
                "documents' other keys by a multiplication by L each");
  cmd->add_flag("--no-sync", args->no_sync,
                "Do not fsync each block's write batch (the node fsyncs by default)");
  cmd->add_flag("--no-storage", args->no_storage,
                "Skip the RocksDB storage stage (tree nodes stay in memory)");
  cmd->add_option("--storage-dir", args->storage_dir,
                  "Where the temporary stores go (default: the system temporary directory)");
  cmd->add_flag("--json", args->json, "Print one JSON object instead of the table");
  cmd->add_flag("--quiet", args->quiet, "No progress bar");
  cmd->callback([args] { g_exit_code = run_bench_ledger(*args); });
}

}  // namespace plx::cli
