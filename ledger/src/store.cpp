// The RocksDB store (docs/ledger-formats.md §7).
#include "plx/ledger/store.hpp"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <numeric>
#include <string>
#include <thread>
#include <utility>

#include "plx/ledger_client/state_keys.hpp"
#include "write_runs.hpp"

namespace plx::ledger {
namespace {

enum Cf : std::size_t {
  kMeta = 0,
  kHeaders,
  kBlocks,
  kOutcomes,
  kTxIndex,
  kState,
  kValues,
  kTree,
  kRoots,
  kCfCount
};
const char* const kCfNames[kCfCount] = {"default",  // rocksdb::kDefaultColumnFamilyName
                                        "headers", "blocks", "outcomes", "tx_index",
                                        "state", "values", "tree", "roots"};

// 2: values by hash instead of a per-key history (format 1 had a "history" column family).
// 3: DID version keys are no longer state-tree leaves; records carry the previous version's hash.
// 4: a DID's current record is no longer in `values`; a version goes there once superseded.
// 5: one tree leaf per DID: "n/" values name the record's hash, and "d/" keys are not leaves.
// 6: DID records hold their documents in the stored, relative form (record format 3).
constexpr std::uint8_t kFormat = 6;

rocksdb::Slice slice(ByteSpan b) {
  return rocksdb::Slice(reinterpret_cast<const char*>(b.data()), b.size());
}
std::array<std::uint8_t, 8> be64(std::uint64_t v) {
  std::array<std::uint8_t, 8> out{};
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
  return out;
}
std::uint64_t read_be64(ByteSpan b) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | b[i];
  return v;
}

Error io_error(const rocksdb::Status& s, std::string_view what) {
  return Error(ErrorCode::kIo, std::string(what) + ": " + s.ToString(), "store");
}

// RocksDB's informational log (the LOG file), written with stdio. RocksDB's own file logger
// keeps a failed write as an error state and asserts on its next line, and Debian builds RocksDB
// with assertions: on a full disk, a log line would abort the node. Here a line that cannot be
// written is dropped.
class InfoLog final : public rocksdb::Logger {
 public:
  // Without a file, every line is dropped (a read-only store writes nothing).
  InfoLog() : file_(nullptr) {}
  explicit InfoLog(const std::filesystem::path& file) : file_(std::fopen(file.c_str(), "a")) {}
  ~InfoLog() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  InfoLog(const InfoLog&) = delete;
  InfoLog& operator=(const InfoLog&) = delete;

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (file_ == nullptr) return;
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
        1000000;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y/%m/%d-%H:%M:%S", &tm);
    std::va_list copy;
    va_copy(copy, ap);
    char small[512];
    const int n = std::vsnprintf(small, sizeof small, format, ap);
    std::string line;
    if (n < 0) {
      line = format;
    } else if (static_cast<std::size_t>(n) < sizeof small) {
      line.assign(small, static_cast<std::size_t>(n));
    } else {
      line.resize(static_cast<std::size_t>(n) + 1);
      std::vsnprintf(line.data(), line.size(), format, copy);
      line.resize(static_cast<std::size_t>(n));
    }
    va_end(copy);
    if (line.empty() || line.back() != '\n') line += '\n';
    // One write per line, so that lines of concurrent threads do not interleave.
    std::fprintf(file_, "%s.%06lld %s", stamp, static_cast<long long>(us), line.c_str());
    std::fflush(file_);
  }

 private:
  std::FILE* file_;
};

}  // namespace

struct Store::Impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  rocksdb::WriteOptions write_options;
  std::atomic<std::uint64_t> height{0};
  // Reused by every commit_block (whose calls never overlap): a block's batch is megabytes, and
  // a fresh buffer each time pays a page fault for every 4 KiB of it before the copy.
  rocksdb::WriteBatch batch;
  std::size_t batch_capacity = 0;  // bytes reserved in `batch`
  bool paused = false;             // by settle(), until the next commit_block
  std::function<void()> between_value_reads;  // run_once_between_value_reads_for_testing
  bool read_only = false;
  // Set by a failed commit write. The log may end in a partial record of that block, and
  // RocksDB itself refuses writes until reopened (it returns the first error again); the store
  // says so plainly rather than relying on it.
  std::optional<std::string> write_error;

  std::filesystem::path dir;            // the ledger's
  std::filesystem::path secondary_dir;  // a read-only store's (open())

  ~Impl() {
    if (db) {
      if (paused) (void)db->ContinueBackgroundWork();
      for (auto* h : cfs) {
        if (h != nullptr) (void)db->DestroyColumnFamilyHandle(h);
      }
      (void)db->Close();
      db.reset();
    }
    if (!secondary_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(secondary_dir, ec);
    }
  }

  // Reads meta/height into `height`. Errors: kMalformed, kIo.
  Status load_height() {
    PLX_TRY(auto h, raw_get(kMeta, as_bytes("height")));
    if (h) {
      if (h->size() != 8) return Error(ErrorCode::kMalformed, "height is 8 bytes", "meta/height");
      height = read_be64(as_bytes(*h));
    }
    return ok_status();
  }

  Result<std::optional<std::string>> raw_get(Cf cf, ByteSpan key) const {
    std::string v;
    auto s = db->Get(rocksdb::ReadOptions(), cfs[cf], slice(key), &v);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return io_error(s, "read");
    return std::optional<std::string>(std::move(v));
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& dir,
                                           const StoreOptions& options) {
  rocksdb::Options db_opts;
  db_opts.create_if_missing = options.create_if_missing;
  db_opts.create_missing_column_families = options.create_if_missing;
  // Flushes and compactions: two jobs on a 2-core machine, up to 8 (half the cores) on a larger
  // one. Two jobs means one flush thread for seven column families and one compaction at a
  // time; on 16 cores, DID storage ran at half its median block rate over a whole run. An
  // L0->L1 compaction, which holds up later ones when it lags, is split among up to a quarter
  // of the cores.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  db_opts.max_background_jobs = std::clamp(cores / 2, 2, 8);
  db_opts.max_subcompactions = static_cast<std::uint32_t>(std::clamp(cores / 4, 1, 4));
  // Blocks arrive as large batches: bigger memtables mean fewer flushes per block.
  // Not much bigger than a few blocks, though: a memtable is a skip list, and each insert into a
  // bigger one walks more levels of cache misses (at 256 MiB a DID block's storage took 15%
  // longer).
  db_opts.write_buffer_size = 64 << 20;
  db_opts.max_write_buffer_number = 4;
  db_opts.compression = rocksdb::kNoCompression;  // hashes and keys do not compress
  // The hashed memtable of the tx index (below) cannot take concurrent inserts; a store has one
  // writer anyway (commit_block calls never overlap).
  db_opts.allow_concurrent_memtable_write = false;

  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_opts(db_opts);
  cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (std::size_t i = 0; i < kCfCount; ++i) {
    rocksdb::ColumnFamilyOptions o = cf_opts;
    if (i == kTree) {
      // A block's nodes share the be64(version) prefix and are written in key order: with an
      // insert hint per prefix, each memtable insert starts where the previous one ended instead
      // of searching the skip list from the top.
      o.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
    }
    if (i == kState || i == kValues) {
      // A block's state writes come in key order and its new values in hash order (commit_block),
      // so each insert into the skip list starts from where the previous one ended: one hint for
      // the whole column family (an empty prefix). A hashed memtable, as the tx index has, took a
      // probe per insert but rebuilt every memtable as a skip list when flushing it: 0.4-0.9 s
      // per flush of a DID workload's state or values, all on the storage stage. With the
      // hinted skip list the whole-run storage rate of 600,000 DID operations went from 28-30k
      // to 45-46k/s, of 1,000,000 from 25.9k to 29.7k/s (where compactions weigh more), hot key
      // 83k to 102k/s, status within its spread, for a median block 10-20% slower.
      o.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
    }
    if (i == kState) {
      // Execution reads state by key, and most keys it asks for are not in a given memtable (a
      // DID updated now was last written many blocks ago; a create's keys are new): a whole-key
      // Bloom filter per memtable (1.3 MB for 64 MiB, some 40 bits per key) answers those with a
      // few bit probes instead of a skip-list search of ~20 levels of cache misses, which took a
      // sixth of a DID block's execution in the node.
      o.memtable_prefix_bloom_size_ratio = 0.02;
      o.memtable_whole_key_filtering = true;
    }
    if (i == kTxIndex) {
      // Tens of thousands of scattered ids per block, and the store only ever reads them by exact
      // key (it never iterates): a hashed memtable puts each insert in its place with one probe,
      // where the default skip list over the whole memtable walks ~20 levels of cache misses.
      // That made up most of a status block's storage time. Ids are uniform, so their first 8
      // bytes spread them; with a million buckets nearly every id starts a bucket of its own, and
      // a linked list per bucket (HashLinkList) costs less to start than a skip list. Sorting a
      // block's ids to insert them with a hint instead cost status and hot-key blocks 10-40%:
      // the ids are small, and the flush's rebuild is cheap next to the inserts it saves.
      o.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
      o.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(1 << 20));
    }
    descs.emplace_back(kCfNames[i], o);
  }
  auto impl = std::make_unique<Impl>();
  impl->read_only = options.read_only;
  impl->dir = dir;
  std::error_code ec;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    if (!std::filesystem::exists(dir / "CURRENT", ec)) {
      return Error(ErrorCode::kNotFound, "no ledger in " + dir.string(), "dir");
    }
    db_opts.create_if_missing = false;
    db_opts.create_missing_column_families = false;
    db_opts.info_log = std::make_shared<InfoLog>();
    // Every table file is opened now and stays open: the writer's compactions delete files this
    // view still reads, and an open descriptor keeps a deleted file readable.
    db_opts.max_open_files = -1;
    // A RocksDB secondary instance: like a read-only open it takes no lock and writes nothing in
    // `dir`, and it replays the log of the blocks not yet flushed; unlike one it can catch up
    // with the writer later (catch_up()). It needs a directory of its own, which RocksDB would
    // keep its log in: ours goes to InfoLog above, so the directory stays empty and goes with
    // the store.
    static std::atomic<std::uint64_t> readers{0};
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    if (ec) return Error(ErrorCode::kIo, "no temporary directory: " + ec.message(), "dir");
    impl->secondary_dir = tmp / ("plx-reader-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(readers.fetch_add(1)));
    std::filesystem::create_directories(impl->secondary_dir, ec);
    if (ec) {
      return Error(ErrorCode::kIo,
                   "cannot create " + impl->secondary_dir.string() + ": " + ec.message(), "dir");
    }
    s = rocksdb::DB::OpenAsSecondary(rocksdb::DBOptions(db_opts), dir.string(),
                                     impl->secondary_dir.string(), descs, &impl->cfs, &raw);
  } else {
    if (options.create_if_missing) std::filesystem::create_directories(dir, ec);
    if (std::filesystem::is_directory(dir, ec)) {
      db_opts.info_log = std::make_shared<InfoLog>(dir / "LOG");
    }
    s = rocksdb::DB::Open(rocksdb::DBOptions(db_opts), dir.string(), descs, &impl->cfs, &raw);
  }
  if (!s.ok()) return io_error(s, "open " + dir.string());
  impl->db.reset(raw);
  impl->write_options.sync = options.sync;

  PLX_TRY(auto fmt, impl->raw_get(kMeta, as_bytes("format")));
  if (fmt && (fmt->size() != 1 || static_cast<std::uint8_t>((*fmt)[0]) != kFormat)) {
    return Error(ErrorCode::kUnsupported, "unknown store format", "meta/format");
  }
  PLX_RETURN_IF_ERROR(impl->load_height());
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<std::uint64_t> Store::catch_up() {
  if (!impl_->read_only) return latest_height();
  // RocksDB's catch-up finds nothing new, and says nothing, when the ledger was deleted under
  // this view (its open files keep answering reads): say so. The writer replaces CURRENT by a
  // rename, so it is never missing while the ledger exists.
  std::error_code ec;
  if (!std::filesystem::exists(impl_->dir / "CURRENT", ec)) {
    return Error(ErrorCode::kIo,
                 "the ledger in " + impl_->dir.string() +
                     " is gone (no CURRENT file): this view keeps height " +
                     std::to_string(latest_height()),
                 "dir");
  }
  // The writer commits each block in one write batch, with its height: a catch-up replays whole
  // batches, so the height read after it names a block that is all there.
  auto s = impl_->db->TryCatchUpWithPrimary();
  if (!s.ok()) return io_error(s, "catch up with the writer");
  PLX_RETURN_IF_ERROR(impl_->load_height());
  return latest_height();
}

Result<std::optional<std::string>> Store::chain_id() const {
  return impl_->raw_get(kMeta, as_bytes("chain_id"));
}

Status Store::init_chain(std::string_view chain_id) {
  if (impl_->read_only) {
    return Error(ErrorCode::kUnsupported, "the ledger is open read-only", "store");
  }
  rocksdb::WriteBatch wb;
  const char fmt = static_cast<char>(kFormat);
  wb.Put(impl_->cfs[kMeta], "format", rocksdb::Slice(&fmt, 1));
  wb.Put(impl_->cfs[kMeta], "chain_id", rocksdb::Slice(chain_id.data(), chain_id.size()));
  auto b = be64(0);
  wb.Put(impl_->cfs[kMeta], "height", slice(b));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = impl_->db->Write(wo, &wb);
  if (!s.ok()) return io_error(s, "init");
  return ok_status();
}

std::uint64_t Store::latest_height() const noexcept { return impl_->height.load(); }

Status Store::commit_block(const BlockCommit& block) {
  const std::uint64_t h = block.header.height;
  if (h != latest_height() + 1) {
    return Error(ErrorCode::kInvalidArgument,
                 "block " + std::to_string(h) + " does not follow " +
                     std::to_string(latest_height()),
                 "height");
  }
  if (block.tx_ids.size() != block.txs.size() || block.outcomes.size() != block.txs.size() ||
      block.writes == nullptr || block.tree == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "incomplete block commit", "block");
  }
  if (!block.updates.empty()) {
    std::size_t stateful = 0;
    for (const auto& [key, value] : *block.writes) stateful += keys::is_tree_leaf(key) ? 1 : 0;
    if (block.updates.size() != stateful) {
      return Error(ErrorCode::kInvalidArgument, "updates do not match the writes", "updates");
    }
  }
  if (impl_->read_only) {
    return Error(ErrorCode::kUnsupported, "the ledger is open read-only", "store");
  }
  if (impl_->write_error) {
    return Error(ErrorCode::kIo,
                 "an earlier block's write failed (" + *impl_->write_error +
                     "): reopen the ledger to write again",
                 "store");
  }
  if (impl_->paused) {
    auto s = impl_->db->ContinueBackgroundWork();
    if (!s.ok()) return io_error(s, "resume background work");
    impl_->paused = false;
  }
  auto& cfs = impl_->cfs;
  const auto hk = be64(h);
  const WriteSet& writes = *block.writes;
  // The distinct new values by hash that a historical read may need (get_at, value()): every
  // version record (write-once keys: a DID version that a transaction superseded) and every new
  // value of a stateful key except a DID's current record, which `state` holds and get_at reads
  // there (store.hpp). The tree updates, when given, carry the stateful keys' value hashes.
  std::vector<std::pair<Hash, std::size_t>> values;  // (value hash, index in writes)
  values.reserve(writes.size());
  if (!block.updates.empty()) {
    for (const TreeUpdate& u : block.updates) {
      if (u.write_index >= writes.size() || !u.value_hash != !writes[u.write_index].second ||
          !keys::is_tree_leaf(writes[u.write_index].first)) {
        return Error(ErrorCode::kInvalidArgument, "updates do not match the writes", "updates");
      }
      if (u.value_hash) values.emplace_back(*u.value_hash, u.write_index);
    }
  }
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const ByteSpan key = writes[i].first;
    // Version records, and without `updates` every value but a current DID record.
    if (writes[i].second &&
        (keys::is_write_once(key) || (block.updates.empty() && !keys::is_did_record(key)))) {
      values.emplace_back(state_value_hash(*writes[i].second), i);
    }
  }
  std::sort(values.begin(), values.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  values.erase(std::unique(values.begin(), values.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               values.end());
  // Tree nodes in key order (they come out of the tree bottom-up), for the memtable hint.
  const auto& nodes = block.tree->nodes;
  std::vector<std::uint32_t> node_order(nodes.size());
  std::iota(node_order.begin(), node_order.end(), 0u);
  std::sort(node_order.begin(), node_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return nodes[a].first < nodes[b].first; });

  // Reserving the batch's size up front saves re-copying a growing buffer of tens of MB (the
  // reused batch keeps its buffer, so this only grows it when a block is the largest yet).
  std::size_t reserve = 1024;
  for (const auto& tx : block.txs) reserve += tx.tx.payload.size() + tx.tx.signer.size() + 256;
  reserve += block.tx_ids.size() * 64 + block.outcomes.size() * 16;
  for (const auto& [key, value] : writes) reserve += key.size() + (value ? value->size() : 0) + 16;
  for (const auto& [hash, i] : values) reserve += 48 + writes[i].second->size();
  for (const auto& [k, v] : nodes) reserve += k.size() + v.size() + 16;
  if (reserve > impl_->batch_capacity) {
    impl_->batch_capacity = reserve + reserve / 4;
    impl_->batch = rocksdb::WriteBatch(impl_->batch_capacity);
  }
  rocksdb::WriteBatch& wb = impl_->batch;
  wb.Clear();  // keeps the buffer
  {
    Bytes hdr = block.header.encode();
    wb.Put(cfs[kHeaders], slice(hk), slice(hdr));
  }
  {
    Writer w(reserve / 2);
    w.varint(block.txs.size());
    for (const auto& tx : block.txs) w.bytes(tx.encode());
    wb.Put(cfs[kBlocks], slice(hk), slice(w.data()));
  }
  {
    Writer w(block.outcomes.size() * 8 + 16);
    w.varint(block.outcomes.size());
    for (const auto& o : block.outcomes) o.encode_to(w);
    wb.Put(cfs[kOutcomes], slice(hk), slice(w.data()));
  }
  for (std::size_t i = 0; i < block.tx_ids.size(); ++i) {
    std::array<std::uint8_t, 12> loc{};
    const auto hb = be64(h);
    std::copy(hb.begin(), hb.end(), loc.begin());
    const auto idx = static_cast<std::uint32_t>(i);
    for (int k = 0; k < 4; ++k) loc[8 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(idx >> (24 - 8 * k));
    wb.Put(cfs[kTxIndex], slice(block.tx_ids[i]), slice(loc));
  }
  for (const auto& [key, value] : writes) {
    if (keys::is_write_once(key)) continue;  // in `values` only (store.hpp)
    if (value) {
      wb.Put(cfs[kState], slice(key), slice(*value));
    } else {
      wb.Delete(cfs[kState], slice(key));
    }
  }
  for (const auto& [hash, i] : values) wb.Put(cfs[kValues], slice(hash), slice(*writes[i].second));
  for (std::uint32_t i : node_order) wb.Put(cfs[kTree], slice(nodes[i].first), slice(nodes[i].second));
  {
    Bytes root = block.tree->root.encode();
    wb.Put(cfs[kRoots], slice(hk), slice(root));
  }
  wb.Put(cfs[kMeta], "height", slice(hk));
  auto s = impl_->db->Write(impl_->write_options, &wb);
  if (!s.ok()) {
    impl_->write_error = s.ToString();
    return io_error(s, "commit block " + std::to_string(h));
  }
  impl_->height = h;
  return ok_status();
}

Status Store::settle() {
  // Nothing has run since the last settle(), or nothing ever runs (read-only).
  if (impl_->paused || impl_->read_only) return ok_status();
  rocksdb::DB& db = *impl_->db;
  const auto busy = [&db] {
    for (const char* p : {"rocksdb.num-running-flushes", "rocksdb.num-running-compactions",
                          "rocksdb.mem-table-flush-pending", "rocksdb.compaction-pending"}) {
      // Properties over all column families: the aggregated form sums them.
      std::uint64_t v = 0;
      if (db.GetAggregatedIntProperty(p, &v) && v != 0) return true;
    }
    return false;
  };
  while (busy()) {
    // A failed flush or compaction stops background work, and what was pending stays pending.
    std::uint64_t errors = 0;
    if (db.GetAggregatedIntProperty("rocksdb.background-errors", &errors) && errors != 0) {
      return Error(ErrorCode::kIo, "background flush or compaction failed", "store");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  // Waits for a job that started after the last poll, and keeps new ones from starting.
  auto s = db.PauseBackgroundWork();
  if (!s.ok()) return io_error(s, "pause background work");
  impl_->paused = true;
  return ok_status();
}

std::optional<Bytes> Store::get(ByteSpan key) const {
  // StateReader has no error channel: executing on a state that cannot be read would produce a
  // wrong block, so a failed read stops here.
  const auto fail = [](const std::string& what) {
    std::fprintf(stderr, "plx ledger store: read failed: %s\n", what.c_str());
    std::abort();
  };
  if (keys::is_write_once(key)) return std::nullopt;  // not state (state_keys.hpp)
  std::string v;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->cfs[kState], slice(key), &v);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) fail(s.ToString());
  return Bytes(v.begin(), v.end());
}

Result<std::optional<Bytes>> Store::get_at(ByteSpan key, std::uint64_t height) const {
  // Not a PLX_TRY local: g++ 12 reports a false -Wmaybe-uninitialized on a moved ReadAt.
  auto read = read_at(key, height);
  if (!read) return std::move(read).error();
  return std::move(read->value);
}

Result<Store::ReadAt> Store::read_at(ByteSpan key, std::uint64_t height) const {
  if (height > latest_height()) {
    return Error(ErrorCode::kOutOfRange,
                 "height " + std::to_string(height) + " is above the latest block " +
                     std::to_string(latest_height()),
                 "height");
  }
  ReadAt out;
  if (height == 0) return out;
  PLX_TRY(NodeRef root, root_at(height));
  // An uncached walker: only the nodes on the leaf's path are read.
  const StateTree tree(*this);
  const Bytes leaf_key = keys::committing_leaf(key);
  const Hash leaf_hash = state_key_hash(leaf_key);
  PLX_TRY(out.proof, tree.prove(root, leaf_hash));
  if (!out.proof.leaf || out.proof.leaf->key_hash != leaf_hash) return out;  // no such leaf
  PLX_TRY(std::optional<Bytes> v, value_of(leaf_key, out.proof.leaf->value_hash, height));
  if (!keys::is_did_record(key)) {
    out.value = std::move(v);
    return out;
  }
  // A DID's record: its leaf names the record's hash.
  auto did_leaf = DidLeaf::decode(*v);
  if (!did_leaf) {
    return Error(ErrorCode::kInternal, "stored DID leaf: " + did_leaf.error().message, "values");
  }
  out.leaf = std::move(v);
  PLX_TRY(out.value, value_of(key, did_leaf->record, height));
  return out;
}

Result<std::optional<Bytes>> Store::value_of(ByteSpan key, const Hash& hash,
                                             std::uint64_t height) const {
  PLX_TRY(auto v, impl_->raw_get(kValues, hash));
  if (!v) {
    // A value the key still holds may be kept under the key only (a DID's current record:
    // store.hpp). If a block committed since the read above replaced it, that block put it in
    // `values`, which is read again.
    if (impl_->between_value_reads) std::exchange(impl_->between_value_reads, nullptr)();
    PLX_TRY(auto current, impl_->raw_get(kState, key));
    if (current && state_value_hash(as_bytes(*current)) == hash) {
      v = std::move(current);
    } else {
      PLX_TRY(v, impl_->raw_get(kValues, hash));
    }
  }
  if (!v) {
    return Error(
        ErrorCode::kInternal,
        "no value stored for hash " + to_hex(hash) + " at height " + std::to_string(height),
        "values");
  }
  return std::optional<Bytes>(Bytes(v->begin(), v->end()));
}

void Store::run_once_between_value_reads_for_testing(std::function<void()> hook) const {
  impl_->between_value_reads = std::move(hook);
}

Result<std::optional<Bytes>> Store::value(const Hash& hash) const {
  PLX_TRY(auto v, impl_->raw_get(kValues, hash));
  if (!v) return std::optional<Bytes>();
  return std::optional<Bytes>(Bytes(v->begin(), v->end()));
}

Result<std::optional<Bytes>> Store::read_tree_node(ByteSpan node_key) const {
  PLX_TRY(auto v, impl_->raw_get(kTree, node_key));
  if (!v) return std::optional<Bytes>();
  return std::optional<Bytes>(Bytes(v->begin(), v->end()));
}

Result<NodeRef> Store::root_at(std::uint64_t height) const {
  if (height == 0) return NodeRef{};
  if (height > latest_height()) {
    return Error(ErrorCode::kNotFound, "no block at height " + std::to_string(height), "height");
  }
  PLX_TRY(auto v, impl_->raw_get(kRoots, be64(height)));
  if (!v) return Error(ErrorCode::kNotFound, "no root at height " + std::to_string(height), "roots");
  return NodeRef::decode(as_bytes(*v));
}

Result<BlockHeader> Store::header(std::uint64_t height) const {
  if (height == 0 || height > latest_height()) {
    return Error(ErrorCode::kNotFound, "no block at height " + std::to_string(height), "height");
  }
  PLX_TRY(auto v, impl_->raw_get(kHeaders, be64(height)));
  if (!v) return Error(ErrorCode::kNotFound, "no header at height " + std::to_string(height), "headers");
  return BlockHeader::decode(as_bytes(*v));
}

Result<std::vector<SignedTransaction>> Store::block_transactions(std::uint64_t height) const {
  if (height == 0 || height > latest_height()) {
    return Error(ErrorCode::kNotFound, "no block at height " + std::to_string(height), "height");
  }
  PLX_TRY(auto v, impl_->raw_get(kBlocks, be64(height)));
  if (!v) return Error(ErrorCode::kNotFound, "no block body", "blocks");
  Reader r(as_bytes(*v));
  PLX_TRY(std::uint64_t n, r.varint("block.count"));
  std::vector<SignedTransaction> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    PLX_TRY(ByteSpan enc, r.bytes_view("block.tx", kMaxSignedTxLength));
    PLX_TRY(SignedTransaction tx, SignedTransaction::decode(enc));
    out.push_back(std::move(tx));
  }
  PLX_RETURN_IF_ERROR(r.expect_end("block"));
  return out;
}

Result<std::vector<TxOutcome>> Store::block_outcomes(std::uint64_t height) const {
  if (height == 0 || height > latest_height()) {
    return Error(ErrorCode::kNotFound, "no block at height " + std::to_string(height), "height");
  }
  PLX_TRY(auto v, impl_->raw_get(kOutcomes, be64(height)));
  if (!v) return Error(ErrorCode::kNotFound, "no block outcomes", "outcomes");
  Reader r(as_bytes(*v));
  PLX_TRY(std::uint64_t n, r.varint("outcomes.count"));
  std::vector<TxOutcome> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    PLX_TRY(TxOutcome o, TxOutcome::decode_from(r));
    out.push_back(std::move(o));
  }
  PLX_RETURN_IF_ERROR(r.expect_end("outcomes"));
  return out;
}

Result<std::optional<TxLocation>> Store::tx_location(const TxId& id) const {
  PLX_TRY(auto v, impl_->raw_get(kTxIndex, id));
  if (!v) return std::optional<TxLocation>();
  Reader r(as_bytes(*v));
  TxLocation loc;
  PLX_TRY(loc.height, r.u64("tx_index.height"));
  PLX_TRY(loc.index, r.u32("tx_index.index"));
  PLX_RETURN_IF_ERROR(r.expect_end("tx_index"));
  if (loc.height > latest_height()) return std::optional<TxLocation>();
  return std::optional<TxLocation>(loc);
}

}  // namespace plx::ledger
