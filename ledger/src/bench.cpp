#include "plx/ledger/bench.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <span>
#include <thread>
#include <utility>

#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/key.hpp"
#include "plx/ledger/executor.hpp"
#include "plx/ledger/node.hpp"
#include "plx/ledger/state_tree.hpp"
#include "plx/ledger/store.hpp"
#include "plx/ledger/thread_pool.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kBenchChain = "plx-bench";
constexpr std::int64_t kBaseTime = 1'700'000'000;  // the setup block's time

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// `rate` as a share of `threads` x `per_thread` (0 when per_thread was not measured): issue 4's
// end-to-end targets compare against cores x a one-thread signature rate.
double share_of(double rate, double per_thread, unsigned threads) {
  return per_thread > 0 ? rate / (per_thread * threads) : 0.0;
}

// A small deterministic generator (splitmix64) for workload shapes.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
};

struct Identity {
  std::unique_ptr<crypto::PrivateKey> key;
  Bytes multikey;
  Bytes key_eighth;                // sent with its create (CreateDidPayload)
  std::vector<Bytes> key_eighths;  // of the genesis document's other keys, sent with it too
  std::string genesis;
  std::string did;
  std::string key_id;
  std::uint64_t nonce = 0;
  bool has_service = false;
};

// The key of identity `index`'s method #key-(k+1), from the seed.
crypto::PrivateKey derived_key(std::uint64_t seed, std::size_t index, unsigned k) {
  Bytes material(k == 0 ? 16 : 17);  // #key-1 keeps the derivation of single-key runs
  for (int b = 0; b < 8; ++b) {
    material[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(seed >> (8 * b));
    material[8 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(index >> (8 * b));
  }
  if (k != 0) material[16] = static_cast<std::uint8_t>(k);
  auto key = crypto::PrivateKey::from_raw(crypto::KeyType::kEd25519, crypto::sha256(material));
  PLX_CHECK(key.has_value());
  return std::move(*key);
}

// Keys and genesis documents for `n` identities, in parallel: `keys` Ed25519 keys each, #key-1
// the signer, the others assertion methods.
std::vector<Identity> make_identities(std::size_t n, std::uint64_t seed, std::size_t first,
                                      unsigned keys, ThreadPool& pool) {
  std::vector<Identity> ids(n);
  pool.parallel_for(n, 64, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      crypto::PrivateKey key = derived_key(seed, first + i, 0);
      Identity& id = ids[i];
      id.multikey = multikey_bytes(key.public_key()).value();
      std::string methods = R"({"id":"#key-1","type":"Multikey","publicKeyMultibase":")" +
                            key.public_key().multikey() + R"("})";
      std::string assertion;
      for (unsigned k = 1; k < keys; ++k) {
        const crypto::PrivateKey other = derived_key(seed, first + i, k);
        const std::string kid = "#key-" + std::to_string(k + 1);
        methods += R"(,{"id":")" + kid + R"(","type":"Multikey","publicKeyMultibase":")" +
                   other.public_key().multikey() + R"("})";
        assertion += (k == 1 ? "\"" : ",\"") + kid + "\"";
        id.key_eighths.push_back(crypto::ed25519_eighth(other.public_key().raw()).value());
      }
      id.genesis =
          R"({"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],)"
          R"("verificationMethod":[)" +
          methods + R"(],"authentication":["#key-1"],)" +
          (assertion.empty() ? "" : R"("assertionMethod":[)" + assertion + "],") +
          R"("capabilityInvocation":["#key-1"]})";
      id.did = derive_did_plx(id.genesis).value();
      id.key_id = id.did + "#key-1";
      id.key_eighth = crypto::ed25519_eighth(key.public_key().raw()).value();
      id.key = std::make_unique<crypto::PrivateKey>(std::move(key));
    }
  });
  return ids;
}

struct Pending {
  Transaction tx;
  const crypto::PrivateKey* key;
};

Pending make_tx(Identity& id, OpCode op, Bytes payload, bool is_create = false) {
  Transaction tx;
  tx.chain_id = std::string(kBenchChain);
  tx.signer = id.key_id;
  tx.signer_public_key = id.multikey;
  tx.nonce = is_create ? 0 : id.nonce;
  tx.op = op;
  tx.payload = std::move(payload);
  if (!is_create) ++id.nonce;
  else id.nonce = 1;
  return Pending{std::move(tx), id.key.get()};
}

Pending create(Identity& id, bool key_eighths = true) {
  CreateDidPayload p{id.genesis, id.key_eighth};
  if (key_eighths) p.key_eighths = id.key_eighths;
  return make_tx(id, OpCode::kCreateDid, p.encode(), true);
}

// Alternately adds and removes one service, so documents stay small however often updated.
Pending update(Identity& id) {
  PatchOp op = id.has_service
                   ? PatchOp::remove_service("#svc")
                   : PatchOp::add_service(
                         R"({"id":"#svc","type":"LinkedDomains","serviceEndpoint":"https://svc.example"})");
  id.has_service = !id.has_service;
  return make_tx(id, OpCode::kUpdateDid, UpdateDidPayload{id.did, {std::move(op)}}.encode());
}

std::vector<TxId> ids_of(std::span<const SignedTransaction> txs, ThreadPool& pool) {
  std::vector<TxId> ids(txs.size());
  pool.parallel_for(txs.size(), 256, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) ids[i] = txs[i].id();
  });
  return ids;
}

struct Workload {
  std::vector<SignedTransaction> setup;
  std::vector<std::vector<SignedTransaction>> blocks;
  std::vector<std::vector<TxId>> ids;  // per block, computed with the transactions
};

std::vector<SignedTransaction> sign_all(std::vector<Pending>& pending, ThreadPool& pool,
                                        const LedgerBenchOptions& o, std::string_view stage) {
  std::vector<SignedTransaction> out(pending.size());
  const std::size_t chunk = 4096;
  for (std::size_t base = 0; base < pending.size(); base += chunk) {
    const std::size_t end = std::min(pending.size(), base + chunk);
    pool.parallel_for(end - base, 32, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = base + b; i < base + e; ++i) {
        auto s = sign_transaction(std::move(pending[i].tx), *pending[i].key);
        PLX_CHECK(s.has_value());
        out[i] = std::move(*s);
      }
    });
    if (o.progress) o.progress(stage, end, pending.size());
  }
  return out;
}

std::vector<std::vector<SignedTransaction>> split(std::vector<SignedTransaction> all,
                                                  std::size_t block_size) {
  std::vector<std::vector<SignedTransaction>> blocks;
  for (std::size_t b = 0; b < all.size(); b += block_size) {
    const std::size_t e = std::min(all.size(), b + block_size);
    blocks.emplace_back(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(b)),
                        std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(e)));
  }
  return blocks;
}

Workload generate(const std::string& name, const LedgerBenchOptions& o, ThreadPool& pool) {
  Rng rng{o.seed * 0x2545f4914f6cdd1dull + name.size()};
  const std::size_t n = o.txs;
  const std::size_t blocks = n / o.block_size;
  std::vector<Pending> setup, body;
  std::vector<Identity> ids;
  const std::string stage = "generating " + name;
  if (name == "did") {
    const std::size_t initial = std::min<std::size_t>(o.block_size, 10'000) + 1;
    const std::size_t creates_per_block = o.block_size / 2;
    ids = make_identities(initial + creates_per_block * blocks, o.seed, 0, o.did_keys, pool);
    for (std::size_t i = 0; i < initial; ++i) setup.push_back(create(ids[i], o.key_eighths));
    std::size_t created = initial;
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t existing = created;  // only DIDs of earlier blocks are updated
      for (std::size_t t = 0; t < o.block_size; ++t) {
        if (rng.chance(o.conflict)) {
          body.push_back(update(ids[0]));  // the hot DID
        } else if (t % 2 == 0 && created < ids.size()) {
          body.push_back(create(ids[created++], o.key_eighths));
        } else {
          body.push_back(update(ids[1 + rng.below(existing - 1)]));
        }
      }
    }
  } else if (name == "hot") {
    ids = make_identities(1, o.seed, 0, 1, pool);
    setup.push_back(create(ids[0]));
    for (std::size_t t = 0; t < blocks * o.block_size; ++t) body.push_back(update(ids[0]));
  } else {  // status
    constexpr std::size_t kIssuers = 16;
    constexpr std::uint32_t kBits = 1u << 20;
    ids = make_identities(kIssuers, o.seed, 1u << 30, 1, pool);
    for (auto& id : ids) setup.push_back(create(id));
    for (auto& id : ids) {
      setup.push_back(make_tx(id, OpCode::kCreateStatusList,
                              CreateStatusListPayload{"rev", kBits, "revocation"}.encode()));
    }
    for (std::size_t t = 0; t < blocks * o.block_size; ++t) {
      const bool hot = rng.chance(o.conflict);
      Identity& id = hot ? ids[0] : ids[rng.below(kIssuers)];
      const auto index = static_cast<std::uint32_t>(hot ? rng.below(kStatusChunkBits)
                                                        : rng.below(kBits));
      body.push_back(make_tx(id, OpCode::kUpdateStatus,
                             UpdateStatusPayload{id.did, "rev", {{index, true}}}.encode()));
    }
  }
  Workload w;
  w.setup = sign_all(setup, pool, o, stage + " (setup)");
  w.blocks = split(sign_all(body, pool, o, stage), o.block_size);
  for (const auto& block : w.blocks) w.ids.push_back(ids_of(block, pool));
  return w;
}

// A fresh directory for a store, under o.storage_dir or the temporary directory, removed with
// this object: declare it before the store that lives in it, so that the store closes first.
class ScratchDir {
 public:
  // Errors: kIo (no temporary directory).
  static Result<ScratchDir> make(const LedgerBenchOptions& o, const std::string& label) {
    std::error_code ec;
    const std::filesystem::path base = o.storage_dir.empty()
                                           ? std::filesystem::temp_directory_path(ec)
                                           : std::filesystem::path(o.storage_dir);
    if (ec) return Error(ErrorCode::kIo, "no temporary directory: " + ec.message(), "storage");
    ScratchDir d;
    d.path_ = base / ("plx-bench-" + label + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(d.path_, ec);
    return d;
  }
  ScratchDir() = default;
  ScratchDir(ScratchDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  ScratchDir& operator=(ScratchDir&& other) noexcept {
    std::swap(path_, other.path_);
    return *this;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;  // empty: nothing to remove
};

// The commitment of a block, in two timed stages: the Merkle commit (tree updates and the new
// nodes) and, with storage on, the storage commit (header roots and Store::commit_block). With
// storage the tree reads its nodes from the store, as the node's does; without it, from memory.
class Commitment {
 public:
  // Errors: kIo (the temporary directory or the store cannot be created).
  static Result<std::unique_ptr<Commitment>> open(const LedgerBenchOptions& o,
                                                  const std::string& workload) {
    std::unique_ptr<Commitment> c(new Commitment());
    if (o.storage) {
      PLX_TRY(c->dir_, ScratchDir::make(o, "ledger-" + workload));
      PLX_TRY(c->store_, Store::open(c->dir_.path(), StoreOptions{true, o.sync}));
      PLX_RETURN_IF_ERROR(c->store_->init_chain(kBenchChain));
      PLX_RETURN_IF_ERROR(c->store_->settle());
      c->tree_ = std::make_unique<StateTree>(*c->store_);
    } else {
      c->tree_ = std::make_unique<StateTree>(c->memory_);
    }
    return c;
  }
  Commitment(const Commitment&) = delete;
  Commitment& operator=(const Commitment&) = delete;

  // The Merkle stage: the tree batch of the block's writes.
  Result<TreeBatch> merkle(const WriteSet& writes, ThreadPool& pool) {
    updates_ = tree_updates(writes, &pool);
    return tree_->apply(root_, height_ + 1, updates_, &pool);
  }

  // The storage stage (the node's produce_block after its tree apply): the header's roots, then
  // one commit_block, while the tree caches the batch, as the node does.
  // RocksDB's flushes and compactions run only inside this stage, which waits for them (settle):
  // left running, they took a core from the stages measured next, and were charged to them.
  Status store(std::span<const SignedTransaction> txs, std::span<const TxId> ids,
               const BlockResult& result, TreeBatch& batch, std::int64_t time) {
    ++height_;
    if (store_) {
      BlockHeader hdr;
      hdr.chain_id = std::string(kBenchChain);
      hdr.height = height_;
      hdr.prev_hash = prev_hash_;
      hdr.time = time;
      hdr.tx_count = static_cast<std::uint32_t>(txs.size());
      hdr.tx_root = merkle_root(ids);
      std::vector<Bytes> enc;
      enc.reserve(result.outcomes.size());
      for (const auto& out : result.outcomes) enc.push_back(out.encode());
      std::vector<ByteSpan> spans(enc.begin(), enc.end());
      hdr.outcomes_root = merkle_root(std::span<const ByteSpan>(spans));
      hdr.state_root = batch.root.hash;
      // The tree caches the batch while the store writes it, as the node does (a failed write
      // drops the cache).
      std::future<void> cached = std::async(std::launch::async, [&] { tree_->commit(batch); });
      Status written = store_->commit_block(
          BlockCommit{hdr, txs, ids, result.outcomes, &result.writes, &batch, updates_});
      cached.get();
      if (!written) {
        tree_->clear_cache();
        return written;
      }
      PLX_RETURN_IF_ERROR(store_->settle());
      prev_hash_ = hdr.hash();
    } else {
      for (auto& [k, v] : batch.nodes) memory_.put(std::move(k), std::move(v));
    }
    root_ = batch.root;
    if (!store_) tree_->commit(batch);
    return ok_status();
  }

  [[nodiscard]] const NodeRef& root() const noexcept { return root_; }

  // The size of the store's files (0 without storage).
  std::uint64_t bytes() const {
    std::uint64_t total = 0;
    std::error_code ec;
    if (dir_.path().empty()) return 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.path(), ec)) {
      if (e.is_regular_file(ec)) total += e.file_size(ec);
    }
    return total;
  }

 private:
  Commitment() = default;
  // Destroyed in reverse order: the tree, then the store (closing RocksDB), then its directory.
  ScratchDir dir_;
  std::unique_ptr<Store> store_;
  MemoryTreeStore memory_;
  std::unique_ptr<StateTree> tree_;
  std::vector<TreeUpdate> updates_;  // the last merkle()'s, reused by store()
  NodeRef root_;
  std::uint64_t height_ = 0;
  Hash prev_hash_{};
};

// The node pipeline: the workload through a real Node (node.hpp) on its own store, with the
// node's defaults (fsync per block unless --no-sync). A feeder thread submits one block's
// transactions at a time (submit_all: admission checks, signatures on the node's admission
// workers) while this thread produces blocks as soon as one is pending, with produce_blocks:
// back to back while full blocks wait, the write of each overlapping the execution of the next.
// So the signature checks of later blocks overlap the production of earlier ones. The feeder
// stays at most three blocks ahead of the block being written (blocks stay pending until they
// are committed; with fewer, the feeder stalled for the whole production of a block, and the
// producer found no second block to overlap). Returns transactions per
// second from the first submission to the last commit. The node's final state root must equal
// `expected_root` (the stage-by-stage run of the same blocks at the same block times), or
// kInternal.
Result<double> node_pipeline(const std::string& name, const Workload& w,
                             const LedgerBenchOptions& o, const Hash& expected_root) {
  PLX_TRY(const ScratchDir scratch, ScratchDir::make(o, "node-" + name));
  const std::filesystem::path& dir = scratch.path();
  // Block times as in measure(): the setup block at kBaseTime, block h at kBaseTime + h.
  auto calls = std::make_shared<std::int64_t>(0);
  NodeOptions opts;
  opts.chain_id = std::string(kBenchChain);
  opts.threads = o.threads;
  opts.sync = o.sync;
  opts.max_pending = 5 * std::max(o.block_size, w.setup.size());
  opts.clock = [calls] {
    const std::int64_t k = (*calls)++;
    return kBaseTime + (k == 0 ? 0 : k + 1);
  };
  const auto submit_block = [](Node& node, std::span<const SignedTransaction> txs) -> Status {
    for (auto& r : node.submit_all(txs)) PLX_RETURN_IF_ERROR(r);
    return ok_status();
  };
  {
    // The setup block can be larger than the others: a node whose blocks take it all at once.
    opts.max_block_txs = w.setup.size();
    PLX_TRY(auto node, Node::open(dir, opts));
    PLX_RETURN_IF_ERROR(submit_block(*node, w.setup));
    PLX_TRY(auto header, node->produce_block());
    (void)header;
  }
  opts.max_block_txs = o.block_size;
  PLX_TRY(auto node, Node::open(dir, opts));
  std::atomic<bool> stop{false};
  Status feed = ok_status();
  const auto t0 = Clock::now();
  std::thread feeder([&] {
    for (const auto& block : w.blocks) {
      while (node->pending() >= 4 * o.block_size && !stop.load()) {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
      if (stop.load()) return;
      feed = submit_block(*node, block);
      if (!feed) {
        stop.store(true);
        return;
      }
    }
  });
  Status produced = ok_status();
  for (std::size_t b = 0; b < w.blocks.size() && !stop.load();) {
    if (node->pending() < w.blocks[b].size()) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
      continue;
    }
    auto headers = node->produce_blocks(w.blocks.size() - b);
    if (!headers) {
      produced = std::move(headers).error();
      stop.store(true);
      break;
    }
    b += headers->size();
    if (o.progress) o.progress("node pipeline " + name, b, w.blocks.size());
  }
  feeder.join();
  const double seconds = seconds_since(t0);
  PLX_RETURN_IF_ERROR(feed);
  PLX_RETURN_IF_ERROR(produced);
  if (node->state_root() != expected_root) {
    return Error(ErrorCode::kInternal, "node pipeline of " + name +
                                           ": its state root differs "
                                           "from the stage-by-stage run of the same blocks");
  }
  std::size_t n = 0;
  for (const auto& block : w.blocks) n += block.size();
  return static_cast<double>(n) / seconds;
}

// The per-block times of one curve point, turned into its medians at the end of the workload.
struct CurveTimes {
  std::vector<double> sig, exec, ratio, merkle, e2e;
};

Result<WorkloadFigures> measure(const std::string& name, const LedgerBenchOptions& o,
                                ThreadPool& one, ThreadPool& many,
                                std::span<const std::unique_ptr<ThreadPool>> curve_pools) {
  Workload w = generate(name, o, many);
  WorkloadFigures f;
  f.name = name;
  f.storage_measured = o.storage;
  MemoryState state;
  PLX_TRY(auto commitment, Commitment::open(o, name));
  std::uint64_t height = 0;
  {
    const BlockContext ctx{std::string(kBenchChain), ++height, kBaseTime};
    BlockResult r = execute_parallel(w.setup, ctx, state, many);
    for (const auto& out : r.outcomes) {
      if (!out.applied()) {
        return Error(ErrorCode::kInternal, "bench setup transaction refused: " + out.to_string());
      }
    }
    PLX_TRY(TreeBatch batch, commitment->merkle(r.writes, many));
    const auto ids = ids_of(w.setup, many);
    PLX_RETURN_IF_ERROR(commitment->store(w.setup, ids, r, batch, ctx.time));
    state.apply(r.writes);
  }
  std::vector<double> single, sig1, sign, ser, par, ratio, stm, stm_ratio, merkle, storage,
      exec_commit, e2e;
  std::size_t applied = 0, writes = 0, nodes = 0, node_bytes = 0;
  double storage_seconds = 0, exec_commit_seconds = 0;
  std::vector<CurveTimes> curve(curve_pools.size());
  // This block's thread-dependent stage times at each curve point, before its storage commit.
  std::vector<double> curve_block_seconds(curve_pools.size());
  for (std::size_t b = 0; b < w.blocks.size(); ++b) {
    const auto& block = w.blocks[b];
    const double n = static_cast<double>(block.size());
    const BlockContext ctx{std::string(kBenchChain), ++height,
                           kBaseTime + static_cast<std::int64_t>(height)};
    auto t = Clock::now();
    std::vector<std::uint8_t> ok_single(block.size());
    for (std::size_t i = 0; i < block.size(); ++i) {
      ok_single[i] = verify_signature(block[i]).has_value() ? 1 : 0;
    }
    const double t_single = seconds_since(t);
    t = Clock::now();
    const auto ok1 = check_signatures(block, one);
    const double t_sig1 = seconds_since(t);
    t = Clock::now();
    const auto okn = check_signatures(block, many);
    const double t_sign = seconds_since(t);
    if (ok1 != okn || ok1 != ok_single) {
      return Error(ErrorCode::kInternal,
                   "signature verdicts differ between single, batched and threaded checks");
    }
    t = Clock::now();
    BlockResult serial = execute_checked_serial(block, okn, ctx, state);
    const double t_ser = seconds_since(t);
    t = Clock::now();
    BlockResult parallel = execute_checked_parallel(block, okn, ctx, state, many);
    const double t_par = seconds_since(t);
    t = Clock::now();
    BlockResult forced = execute_checked_parallel(
        block, okn, ctx, state, many, ExecuteOptions{.serial_fallback_percent = 0, .lanes = false});
    const double t_stm = seconds_since(t);
    if (serial.outcomes != parallel.outcomes || serial.writes != parallel.writes ||
        serial.outcomes != forced.outcomes || serial.writes != forced.writes) {
      return Error(ErrorCode::kInternal,
                   "block " + std::to_string(b) + " of " + name + ": parallel != serial");
    }
    t = Clock::now();
    PLX_TRY(TreeBatch batch, commitment->merkle(parallel.writes, many));
    const double t_merkle = seconds_since(t);
    // The curve, on the same block against the same state: every result must equal the serial
    // one, and every tree batch the one above (a result that depends on the thread count is a
    // bug the run reports rather than a figure).
    for (std::size_t c = 0; c < curve_pools.size(); ++c) {
      ThreadPool& pool = *curve_pools[c];
      t = Clock::now();
      const auto ok_c = check_signatures(block, pool);
      const double t_sig_c = seconds_since(t);
      t = Clock::now();
      BlockResult r_c = execute_checked_parallel(block, ok_c, ctx, state, pool);
      const double t_exec_c = seconds_since(t);
      t = Clock::now();
      PLX_TRY(TreeBatch batch_c, commitment->merkle(r_c.writes, pool));
      const double t_merkle_c = seconds_since(t);
      if (ok_c != okn || r_c.outcomes != serial.outcomes || r_c.writes != serial.writes ||
          batch_c.root.hash != batch.root.hash) {
        return Error(ErrorCode::kInternal, "block " + std::to_string(b) + " of " + name + " on " +
                                               std::to_string(pool.size()) +
                                               " threads: result != serial");
      }
      curve[c].sig.push_back(n / t_sig_c);
      curve[c].exec.push_back(n / t_exec_c);
      curve[c].ratio.push_back(t_ser / t_exec_c);
      curve[c].merkle.push_back(n / t_merkle_c);
      curve_block_seconds[c] = t_sig_c + t_exec_c + t_merkle_c;
    }
    // merkle() keeps the updates of its last call for store(): those of the block's writes,
    // whichever pool computed them.
    writes += parallel.writes.size();
    nodes += batch.nodes.size();
    for (const auto& [k, v] : batch.nodes) node_bytes += k.size() + v.size();
    t = Clock::now();
    PLX_RETURN_IF_ERROR(commitment->store(block, w.ids[b], parallel, batch, ctx.time));
    const double t_store = seconds_since(t);
    state.apply(parallel.writes);

    for (const auto& out : parallel.outcomes) applied += out.applied() ? 1 : 0;
    f.executions += forced.stats.executions;
    f.aborts += forced.stats.aborts;
    f.dependencies += forced.stats.dependencies;
    f.fallback_blocks += parallel.stats.serial_fallback ? 1 : 0;
    f.lane_blocks += parallel.stats.lanes > 0 ? 1 : 0;
    f.lanes_abandoned += parallel.stats.lanes_abandoned ? 1 : 0;
    single.push_back(n / t_single);
    sig1.push_back(n / t_sig1);
    sign.push_back(n / t_sign);
    ser.push_back(n / t_ser);
    par.push_back(n / t_par);
    ratio.push_back(t_ser / t_par);
    stm.push_back(n / t_stm);
    stm_ratio.push_back(t_ser / t_stm);
    merkle.push_back(n / t_merkle);
    const double t_storage = o.storage ? t_store : 0.0;
    storage_seconds += t_store;
    storage.push_back(n / t_store);
    exec_commit.push_back(n / (t_par + t_merkle + t_storage));
    exec_commit_seconds += t_par + t_merkle + t_storage;
    e2e.push_back(n / (t_sign + t_par + t_merkle + t_storage));
    for (std::size_t c = 0; c < curve.size(); ++c) {
      curve[c].e2e.push_back(n / (curve_block_seconds[c] + t_storage));
    }
    if (o.progress) o.progress("measuring " + name, b + 1, w.blocks.size());
  }
  f.blocks = w.blocks.size();
  f.txs = f.blocks * o.block_size;
  f.applied_fraction = f.txs ? static_cast<double>(applied) / static_cast<double>(f.txs) : 0;
  f.sig_tps_single = median(single);
  f.sig_tps_1 = median(sig1);
  f.sig_tps_n = median(sign);
  f.exec_tps_serial = median(ser);
  f.exec_tps_parallel = median(par);
  f.parallel_over_serial = median(ratio);
  f.exec_tps_block_stm = median(stm);
  f.block_stm_over_serial = median(stm_ratio);
  f.merkle_tps = median(merkle);
  if (o.storage) {
    f.storage_tps = median(storage);
    f.storage_tps_overall = storage_seconds > 0 ? static_cast<double>(f.txs) / storage_seconds : 0;
  }
  const double nb = static_cast<double>(std::max<std::size_t>(1, f.blocks));
  f.writes_per_block = static_cast<double>(writes) / nb;
  f.tree_nodes_per_block = static_cast<double>(nodes) / nb;
  f.tree_bytes_per_block = static_cast<double>(node_bytes) / nb;
  f.store_bytes = commitment->bytes();
  f.exec_commit_tps = median(exec_commit);
  f.exec_commit_tps_overall =
      exec_commit_seconds > 0 ? static_cast<double>(f.txs) / exec_commit_seconds : 0;
  f.end_to_end_tps = median(e2e);
  for (std::size_t c = 0; c < curve.size(); ++c) {
    f.curve.push_back(CurvePoint{curve_pools[c]->size(), median(curve[c].sig),
                                 median(curve[c].exec), median(curve[c].ratio),
                                 median(curve[c].merkle), median(curve[c].e2e)});
  }
  if (o.storage) {
    const Hash root = commitment->root().hash;
    commitment.reset();  // its store's files go before the node's are written
    PLX_TRY(f.node_pipeline_tps, node_pipeline(name, w, o, root));
  }
  return f;
}

}  // namespace

Result<LedgerBenchReport> run_ledger_bench(const LedgerBenchOptions& options) {
  if (options.threads == 0 || options.threads > ThreadPool::kMaxThreads) {
    return Error(ErrorCode::kInvalidArgument, "threads must be 1..256", "threads");
  }
  for (std::size_t i = 0; i < options.curve.size(); ++i) {
    if (options.curve[i] == 0 || options.curve[i] > ThreadPool::kMaxThreads) {
      return Error(ErrorCode::kInvalidArgument, "every curve thread count must be 1..256",
                   "curve[" + std::to_string(i) + "]");
    }
  }
  if (!(options.conflict >= 0.0 && options.conflict <= 1.0)) {
    return Error(ErrorCode::kInvalidArgument, "conflict is a fraction in [0, 1]", "conflict");
  }
  if (options.block_size < 2 || options.txs < options.block_size) {
    return Error(ErrorCode::kInvalidArgument, "txs must be at least one block (block_size >= 2)",
                 "txs");
  }
  if (options.did_keys == 0 || options.did_keys > 16) {
    return Error(ErrorCode::kInvalidArgument, "did_keys is 1..16", "did_keys");
  }
  for (const auto& w : options.workloads) {
    if (w != "did" && w != "hot" && w != "status") {
      return Error(ErrorCode::kInvalidArgument, "unknown workload " + w + " (did, hot, status)",
                   "workloads");
    }
  }
  LedgerBenchReport report;
  report.options = options;
  report.options.progress = nullptr;
  report.hardware_threads = std::thread::hardware_concurrency();
  if (!options.storage) {
    report.storage_note = "storage commit not measured (--no-storage): tree nodes kept in memory";
  } else {
    report.storage_note =
        std::string("storage: RocksDB ledger::Store in ") +
        (options.storage_dir.empty() ? std::filesystem::temp_directory_path().string()
                                     : options.storage_dir) +
        ", one WriteBatch per block through Store::commit_block (header, txs, tx index, "
        "outcomes, state, values, tree nodes), " +
        (options.sync ? "fsync'd per block as the node does by default"
                      : "NOT fsync'd (--no-sync; the node fsyncs by default)") +
        "; RocksDB's flushes and compactions run inside the storage stage, which waits for them";
  }
  ThreadPool one(1);
  ThreadPool many(options.threads);
  std::vector<std::unique_ptr<ThreadPool>> curve_pools;
  for (unsigned t : options.curve) curve_pools.push_back(std::make_unique<ThreadPool>(t));
  for (const auto& w : options.workloads) {
    PLX_TRY(WorkloadFigures f, measure(w, options, one, many, curve_pools));
    report.workloads.push_back(std::move(f));
  }
  return report;
}

Json ledger_bench_to_json(const LedgerBenchReport& r) {
  Json j;
  j["txs_per_workload"] = r.options.txs;
  j["threads"] = r.options.threads;
  j["conflict"] = r.options.conflict;
  j["block_size"] = r.options.block_size;
  j["did_keys"] = r.options.did_keys;
  j["key_eighths"] = r.options.key_eighths;
  j["hardware_threads"] = r.hardware_threads;
  j["statistic"] = "median over blocks";
  j["storage_note"] = r.storage_note;
  j["storage_sync"] = r.options.storage && r.options.sync;
  j["workloads"] = Json::array();
  for (const auto& f : r.workloads) {
    Json w;
    w["name"] = f.name;
    w["txs"] = f.txs;
    w["blocks"] = f.blocks;
    w["applied_fraction"] = f.applied_fraction;
    w["sig_check_tps_single_1_thread"] = f.sig_tps_single;
    w["sig_check_tps_1_thread"] = f.sig_tps_1;
    w["sig_check_tps_n_threads"] = f.sig_tps_n;
    w["exec_tps_serial"] = f.exec_tps_serial;
    w["exec_tps_parallel"] = f.exec_tps_parallel;
    w["parallel_over_serial"] = f.parallel_over_serial;
    w["exec_tps_block_stm"] = f.exec_tps_block_stm;
    w["block_stm_over_serial"] = f.block_stm_over_serial;
    w["merkle_commit_tps"] = f.merkle_tps;
    w["storage_commit_tps"] = f.storage_measured ? Json(f.storage_tps) : Json(nullptr);
    w["storage_commit_tps_overall"] =
        f.storage_measured ? Json(f.storage_tps_overall) : Json(nullptr);
    w["state_writes_per_block"] = f.writes_per_block;
    w["tree_nodes_per_block"] = f.tree_nodes_per_block;
    w["tree_bytes_per_block"] = f.tree_bytes_per_block;
    w["store_bytes"] = f.store_bytes;
    w["exec_plus_commit_tps"] = f.exec_commit_tps;
    w["exec_plus_commit_tps_overall"] = f.exec_commit_tps_overall;
    w["end_to_end_tps"] = f.end_to_end_tps;
    const unsigned n = r.options.threads;
    w["end_to_end_over_threads_x_sig_1"] = share_of(f.end_to_end_tps, f.sig_tps_1, n);
    w["node_pipeline_tps"] = f.storage_measured ? Json(f.node_pipeline_tps) : Json(nullptr);
    w["node_pipeline_over_threads_x_sig_1"] =
        f.storage_measured ? Json(share_of(f.node_pipeline_tps, f.sig_tps_1, n)) : Json(nullptr);
    // The issue's end-to-end target: against cores x the one-at-a-time verification rate.
    w["end_to_end_over_threads_x_single_verify"] = share_of(f.end_to_end_tps, f.sig_tps_single, n);
    w["node_pipeline_over_threads_x_single_verify"] =
        f.storage_measured ? Json(share_of(f.node_pipeline_tps, f.sig_tps_single, n))
                           : Json(nullptr);
    w["executions"] = f.executions;
    w["aborts"] = f.aborts;
    w["dependency_waits"] = f.dependencies;
    w["serial_fallback_blocks"] = f.fallback_blocks;
    w["lane_blocks"] = f.lane_blocks;
    w["lanes_abandoned_blocks"] = f.lanes_abandoned;
    w["curve"] = Json::array();
    for (const CurvePoint& p : f.curve) {
      Json q;
      q["threads"] = p.threads;
      q["sig_check_tps"] = p.sig_tps;
      q["exec_tps_parallel"] = p.exec_tps;
      q["parallel_over_serial"] = p.exec_over_serial;
      q["merkle_commit_tps"] = p.merkle_tps;
      q["end_to_end_tps"] = p.end_to_end_tps;
      q["end_to_end_over_threads_x_single_verify"] =
          share_of(p.end_to_end_tps, f.sig_tps_single, p.threads);
      w["curve"].push_back(std::move(q));
    }
    j["workloads"].push_back(std::move(w));
  }
  return j;
}

std::string ledger_bench_to_text(const LedgerBenchReport& r) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "plx bench ledger: %zu txs per workload, blocks of %zu, %u threads (%u hardware), "
                "conflict %.3f; medians over blocks\n",
                r.options.txs, r.options.block_size, r.options.threads, r.hardware_threads,
                r.options.conflict);
  out += line;
  if (r.options.did_keys > 1) {
    std::snprintf(line, sizeof line,
                  "did documents publish %u Ed25519 keys; creates carry the eighths of %s\n",
                  r.options.did_keys, r.options.key_eighths ? "all" : "the signer's only");
    out += line;
  }
  std::snprintf(line, sizeof line,
                "%-8s %10s %10s %10s %10s %7s %10s %7s %10s %10s %10s %10s %8s %7s %6s %6s\n",
                "workload", "sig 1t/s", "sig Nt/s", "exec 1t/s", "exec Nt/s", "N/1", "stm Nt/s",
                "stm/1", "merkle/s", "store/s", "exec+cmt/s", "e2e tx/s", "applied", "aborts",
                "serial", "lanes");
  out += line;
  for (const auto& f : r.workloads) {
    std::snprintf(
        line, sizeof line,
        "%-8s %10.0f %10.0f %10.0f %10.0f %7.2f %10.0f %7.2f %10.0f %10s %10.0f %10.0f "
        "%7.1f%% %7llu %6llu %6llu\n",
        f.name.c_str(), f.sig_tps_1, f.sig_tps_n, f.exec_tps_serial, f.exec_tps_parallel,
        f.parallel_over_serial, f.exec_tps_block_stm, f.block_stm_over_serial, f.merkle_tps,
        f.storage_measured ? std::to_string(static_cast<long long>(f.storage_tps)).c_str() : "-",
        f.exec_commit_tps, f.end_to_end_tps, 100 * f.applied_fraction,
        static_cast<unsigned long long>(f.aborts),
        static_cast<unsigned long long>(f.fallback_blocks),
        static_cast<unsigned long long>(f.lane_blocks));
    out += line;
  }
  for (const auto& f : r.workloads) {
    std::snprintf(
        line, sizeof line,
        "%-8s per block: %.0f state writes, %.0f tree nodes (%.1f MB); store %.1f MB at "
        "the end, storage %.0f tx/s over the whole run (exec + commit + storage %.0f tx/s); "
        "node pipeline %s tx/s; signatures one at a time %.0f/s (batched %.2fx)\n",
        f.name.c_str(), f.writes_per_block, f.tree_nodes_per_block, f.tree_bytes_per_block / 1e6,
        static_cast<double>(f.store_bytes) / 1e6, f.storage_tps_overall, f.exec_commit_tps_overall,
        f.storage_measured ? std::to_string(static_cast<long long>(f.node_pipeline_tps)).c_str()
                           : "-",
        f.sig_tps_single, share_of(f.sig_tps_1, f.sig_tps_single, 1));
    out += line;
  }
  for (const auto& f : r.workloads) {
    if (f.curve.empty()) continue;
    std::snprintf(line, sizeof line, "%-8s scaling: %8s %10s %10s %7s %10s %10s %8s\n",
                  f.name.c_str(), "threads", "sig/s", "exec/s", "N/1", "merkle/s", "e2e tx/s",
                  "e2e/(Nxv)");
    out += line;
    for (const CurvePoint& p : f.curve) {
      std::snprintf(line, sizeof line,
                    "%-8s          %8u %10.0f %10.0f %7.2f %10.0f %10.0f %8.2f\n", "", p.threads,
                    p.sig_tps, p.exec_tps, p.exec_over_serial, p.merkle_tps, p.end_to_end_tps,
                    share_of(p.end_to_end_tps, f.sig_tps_single, p.threads));
      out += line;
    }
  }
  out += r.storage_note + "\n";
  return out;
}

}  // namespace plx::ledger
