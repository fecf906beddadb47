// Block-STM and the serial reference engine. See block_stm.hpp for the contract; the scheduler
// follows Algorithms 4-5 of the Block-STM paper (Gelashvili et al., PPoPP'23), with one
// difference in bookkeeping: try_incarnate() leaves the active-task count to its callers, so that
// finish_validation() cannot decrement it twice.
#include "plx/ledger/block_stm.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "lanes.hpp"
#include "plx/core/result.hpp"
#include "write_runs.hpp"

namespace plx::ledger {
namespace {

using internal::merge_runs;
using internal::sorted_writes;
using internal::WriteRun;

// ---------------------------------------------------------------------------------------------
// Serial reference.

// The block's writes so far: the key table the lane executor uses too, so that the reference
// and the lanes pay the same for keeping a block's writes.
struct SerialSlot {
  Bytes key;
  std::size_t hash;
  std::optional<Bytes> value;
};

class SerialView final : public View {
 public:
  using Overlay = internal::KeyTable<SerialSlot>;
  SerialView(Overlay& overlay, const StateReader& base) : overlay_(overlay), base_(base) {}

  std::optional<Bytes> read(ByteSpan key) override {
    if (const SerialSlot* s = overlay_.find(key, BytesHash{}(key))) return s->value;
    return base_.get(key);
  }
  void write(ByteSpan key, std::optional<Bytes> value) override {
    const std::size_t hash = BytesHash{}(key);
    if (SerialSlot* s = overlay_.find(key, hash)) {
      s->value = std::move(value);
    } else {
      overlay_.add(SerialSlot{Bytes(key.begin(), key.end()), hash, std::move(value)});
    }
  }

 private:
  Overlay& overlay_;
  const StateReader& base_;
};

// ---------------------------------------------------------------------------------------------
// Multi-version memory.

enum class Origin : std::uint8_t { kStorage, kTx, kEstimate };

struct ReadRecord {
  Bytes key;
  Origin origin;
  TxIndex tx;
  std::uint32_t incarnation;
};

struct Lookup {
  Origin origin = Origin::kStorage;
  TxIndex tx = 0;
  std::uint32_t incarnation = 0;
};

class MVMemory {
 public:
  static constexpr std::size_t kShards = 256;

  MVMemory() : shards_(kShards) {}

  // The entry of the highest transaction below `reader` (copied into *value when there is one
  // and it is not an ESTIMATE), or kStorage when no lower transaction wrote the key. Records
  // that `reader` looked at the key, so that a later write of it by a lower transaction knows
  // whether a higher one may have read around it (write()).
  Lookup read(ByteSpan key, TxIndex reader, std::optional<Bytes>* value) {
    Shard& s = shard(key);
    std::lock_guard lk(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) {
      it = s.map.emplace(Bytes(key.begin(), key.end()), Versions{}).first;
    }
    Versions& v = it->second;
    v.note_reader(reader);
    const Entry* e = v.below(reader);
    if (e == nullptr) return {};
    if (e->estimate) return {Origin::kEstimate, e->tx, 0};
    if (value != nullptr) *value = e->value;
    return {Origin::kTx, e->tx, e->incarnation};
  }

  // Publishes tx's value of `key`. Returns whether a transaction above `tx` has read the key
  // (it may have read a lower version or the committed state, and must then be validated
  // again).
  bool write(ByteSpan key, TxIndex tx, std::uint32_t incarnation, std::optional<Bytes> value) {
    Shard& s = shard(key);
    std::lock_guard lk(s.mu);
    Versions& v = find_or_add(s, key);
    Entry& e = v.at(tx);
    e.incarnation = incarnation;
    e.estimate = false;
    e.value = std::move(value);
    return v.read_above(tx);
  }

  // An ESTIMATE for `tx` on `key`: an existing entry is flagged, or a new one made (hints).
  void mark_estimate(ByteSpan key, TxIndex tx) {
    Shard& s = shard(key);
    std::lock_guard lk(s.mu);
    find_or_add(s, key).at(tx).estimate = true;
  }

  void remove(ByteSpan key, TxIndex tx) {
    Shard& s = shard(key);
    std::lock_guard lk(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) return;
    it->second.erase(tx);
  }

  // The value of the highest writer of each key in shards [begin, end), appended to `out`.
  // Only called once every worker has stopped executing.
  void final_writes(std::size_t begin, std::size_t end, WriteRun& out) {
    for (std::size_t i = begin; i < end; ++i) {
      for (auto& [key, v] : shards_[i].map) {
        if (v.entries.empty()) continue;
        Entry& last = v.entries.back();
        PLX_CHECK(!last.estimate);  // every aborted incarnation has been executed again
        out.emplace_back(key, std::move(last.value));
      }
    }
  }

  // Frees shards [begin, end) (the engine releases its memory on all workers, not on one).
  void clear(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      decltype(Shard::map) gone;
      gone.swap(shards_[i].map);
    }
  }

 private:
  struct Entry {
    TxIndex tx;
    std::uint32_t incarnation;
    bool estimate;
    std::optional<Bytes> value;
  };
  // The entries of one key, sorted by transaction. A vector rather than a tree: most keys have
  // one or two writers, and hints enter the writers of a hot key in block order (appends).
  struct Versions {
    std::vector<Entry> entries;
    TxIndex max_reader = 0;
    bool read = false;

    void note_reader(TxIndex reader) {
      read = true;
      max_reader = std::max(max_reader, reader);
    }
    [[nodiscard]] bool read_above(TxIndex tx) const { return read && max_reader > tx; }
    // The entry of the highest transaction below `reader`, or null.
    const Entry* below(TxIndex reader) const {
      auto it = std::lower_bound(entries.begin(), entries.end(), reader,
                                 [](const Entry& e, TxIndex t) { return e.tx < t; });
      return it == entries.begin() ? nullptr : &*(it - 1);
    }
    // tx's entry, made (not an ESTIMATE, no value) when missing.
    Entry& at(TxIndex tx) {
      if (entries.empty() || entries.back().tx < tx) {
        return entries.emplace_back(Entry{tx, 0, false, std::nullopt});
      }
      auto it = std::lower_bound(entries.begin(), entries.end(), tx,
                                 [](const Entry& e, TxIndex t) { return e.tx < t; });
      if (it != entries.end() && it->tx == tx) return *it;
      return *entries.insert(it, Entry{tx, 0, false, std::nullopt});
    }
    void erase(TxIndex tx) {
      auto it = std::lower_bound(entries.begin(), entries.end(), tx,
                                 [](const Entry& e, TxIndex t) { return e.tx < t; });
      if (it != entries.end() && it->tx == tx) entries.erase(it);
    }
  };
  // Its own cache line, so that two workers locking neighbouring shards do not share one.
  struct alignas(64) Shard {
    std::mutex mu;
    std::unordered_map<Bytes, Versions, BytesHash, BytesEqual> map;
  };

  Versions& find_or_add(Shard& s, ByteSpan key) {
    auto it = s.map.find(key);
    if (it == s.map.end()) it = s.map.emplace(Bytes(key.begin(), key.end()), Versions{}).first;
    return it->second;
  }

  Shard& shard(ByteSpan key) {
    // A different mix from the map's own hash, so one shard's keys still spread in its map.
    std::uint64_t h = 1469598103934665603ull;
    for (std::uint8_t b : key) h = (h ^ b) * 1099511628211ull;
    return shards_[(h ^ (h >> 29)) & (kShards - 1)];
  }

  std::vector<Shard> shards_;
};

// ---------------------------------------------------------------------------------------------
// Per-transaction state and the collaborative scheduler.

enum class TxStatus : std::uint8_t { kReady, kExecuting, kExecuted, kAborting };

// Aligned so that the slots of neighbouring transactions, which two workers usually handle at
// the same time, do not share a cache line.
struct alignas(64) TxSlot {
  std::mutex mu;  // guards incarnation, status, dependents and reads
  std::uint32_t incarnation = 0;
  TxStatus status = TxStatus::kReady;
  std::vector<TxIndex> dependents;
  std::shared_ptr<const std::vector<ReadRecord>> reads;
  // Owned by whichever thread currently executes or aborts this transaction (the handover is
  // ordered by `mu`): the keys of the last published write set (or of the hints), sorted.
  std::vector<Bytes> write_keys;
};

struct Task {
  enum Kind : std::uint8_t { kNone, kExecute, kValidate } kind = kNone;
  TxIndex tx = 0;
  std::uint32_t incarnation = 0;
};

class Scheduler {
 public:
  Scheduler(std::size_t n, TxSlot* slots) : n_(n), slots_(slots) {}

  [[nodiscard]] bool done() const noexcept { return done_.load(std::memory_order_acquire); }

  Task next_task() {
    if (validation_idx_.load() < execution_idx_.load()) return next_version_to_validate();
    return next_version_to_execute();
  }

  // Suspends `tx` (which met an ESTIMATE of `blocking`) until `blocking` finishes executing.
  // False when `blocking` has already finished: the caller runs `tx` again at once.
  bool add_dependency(TxIndex tx, TxIndex blocking) {
    {
      // Lock order: lower index first (blocking < tx), the only place two slots are held.
      std::lock_guard lb(slots_[blocking].mu);
      if (slots_[blocking].status == TxStatus::kExecuted) return false;
      std::lock_guard lt(slots_[tx].mu);
      PLX_DCHECK(slots_[tx].status == TxStatus::kExecuting);
      slots_[tx].status = TxStatus::kAborting;
      slots_[blocking].dependents.push_back(tx);
    }
    num_active_.fetch_sub(1);
    return true;
  }

  Task finish_execution(TxIndex tx, std::uint32_t incarnation, bool wrote_new_key) {
    std::vector<TxIndex> deps;
    {
      std::lock_guard lk(slots_[tx].mu);
      PLX_DCHECK(slots_[tx].status == TxStatus::kExecuting);
      slots_[tx].status = TxStatus::kExecuted;
      deps.swap(slots_[tx].dependents);
    }
    if (!deps.empty()) {
      TxIndex lowest = deps.front();
      for (TxIndex d : deps) {
        set_ready(d);
        lowest = std::min(lowest, d);
      }
      decrease(execution_idx_, lowest);
    }
    if (validation_idx_.load() > tx) {
      // Validation has passed this index already: validate it now. If it wrote a key its
      // previous incarnation did not, later transactions may have read around it: revalidate
      // them all (a new wave).
      if (!wrote_new_key) return Task{Task::kValidate, tx, incarnation};
      decrease(validation_idx_, tx);
    }
    num_active_.fetch_sub(1);
    return {};
  }

  // Whether this validation wins the abort of incarnation `incarnation` (only one may).
  bool try_validation_abort(TxIndex tx, std::uint32_t incarnation) {
    std::lock_guard lk(slots_[tx].mu);
    if (slots_[tx].incarnation == incarnation && slots_[tx].status == TxStatus::kExecuted) {
      slots_[tx].status = TxStatus::kAborting;
      return true;
    }
    return false;
  }

  Task finish_validation(TxIndex tx, bool aborted) {
    if (aborted) {
      set_ready(tx);
      decrease(validation_idx_, std::uint64_t{tx} + 1);
      if (execution_idx_.load() > tx) {
        Task t = try_incarnate(tx);
        if (t.kind != Task::kNone) return t;
      }
    }
    num_active_.fetch_sub(1);
    return {};
  }

 private:
  void set_ready(TxIndex tx) {
    std::lock_guard lk(slots_[tx].mu);
    PLX_DCHECK(slots_[tx].status == TxStatus::kAborting);
    ++slots_[tx].incarnation;
    slots_[tx].status = TxStatus::kReady;
  }

  void decrease(std::atomic<std::uint64_t>& index, std::uint64_t target) {
    std::uint64_t cur = index.load();
    while (target < cur && !index.compare_exchange_weak(cur, target)) {
    }
    decrease_count_.fetch_add(1);
  }

  // Claims `tx` for execution if it is ready. Does not touch the active-task count.
  Task try_incarnate(std::uint64_t idx) {
    if (idx >= n_) return {};
    TxSlot& s = slots_[idx];
    std::lock_guard lk(s.mu);
    if (s.status != TxStatus::kReady) return {};
    s.status = TxStatus::kExecuting;
    return Task{Task::kExecute, static_cast<TxIndex>(idx), s.incarnation};
  }

  Task next_version_to_execute() {
    if (execution_idx_.load() >= n_) {
      check_done();
      return {};
    }
    num_active_.fetch_add(1);
    Task t = try_incarnate(execution_idx_.fetch_add(1));
    if (t.kind == Task::kNone) num_active_.fetch_sub(1);
    return t;
  }

  Task next_version_to_validate() {
    if (validation_idx_.load() >= n_) {
      check_done();
      return {};
    }
    num_active_.fetch_add(1);
    const std::uint64_t idx = validation_idx_.fetch_add(1);
    if (idx < n_) {
      std::lock_guard lk(slots_[idx].mu);
      if (slots_[idx].status == TxStatus::kExecuted) {
        return Task{Task::kValidate, static_cast<TxIndex>(idx), slots_[idx].incarnation};
      }
    }
    num_active_.fetch_sub(1);
    return {};
  }

  // Done when both indices have passed the block, no task is in flight, and no index was
  // lowered while we looked (decrease_count_ catches a decrease racing with the check).
  void check_done() {
    const std::uint64_t observed = decrease_count_.load();
    if (std::min(execution_idx_.load(), validation_idx_.load()) >= n_ &&
        num_active_.load() == 0 && observed == decrease_count_.load()) {
      done_.store(true, std::memory_order_release);
    }
  }

  const std::size_t n_;
  TxSlot* slots_;
  // Each counter on its own cache line: every task touches several of them.
  alignas(64) std::atomic<std::uint64_t> execution_idx_{0};
  alignas(64) std::atomic<std::uint64_t> validation_idx_{0};
  alignas(64) std::atomic<std::uint64_t> decrease_count_{0};
  alignas(64) std::atomic<std::int64_t> num_active_{0};
  alignas(64) std::atomic<bool> done_{false};
};

// ---------------------------------------------------------------------------------------------
// The view of one incarnation.

class StmView final : public View {
 public:
  StmView(MVMemory& mv, const StateReader& base, TxIndex tx) : mv_(mv), base_(base), tx_(tx) {}

  std::optional<Bytes> read(ByteSpan key) override {
    if (blocked_) return std::nullopt;
    if (Local* l = find(key)) return l->value;
    std::optional<Bytes> value;
    const Lookup lk = mv_.read(key, tx_, &value);
    switch (lk.origin) {
      case Origin::kEstimate:
        blocked_ = true;
        blocking_ = lk.tx;
        return std::nullopt;
      case Origin::kStorage:
        value = base_.get(key);
        break;
      case Origin::kTx:
        break;
    }
    reads_.push_back(ReadRecord{Bytes(key.begin(), key.end()), lk.origin, lk.tx, lk.incarnation});
    local_.push_back(Local{Bytes(key.begin(), key.end()), value, false});
    return value;
  }

  void write(ByteSpan key, std::optional<Bytes> value) override {
    if (blocked_) return;
    if (Local* l = find(key)) {
      l->value = std::move(value);
      l->written = true;
    } else {
      local_.push_back(Local{Bytes(key.begin(), key.end()), std::move(value), true});
    }
  }

  bool blocked() const noexcept override { return blocked_; }
  TxIndex blocking() const noexcept { return blocking_; }

  std::vector<ReadRecord> take_reads() { return std::move(reads_); }
  // The writes, sorted by key.
  WriteRun take_writes() {
    WriteRun w;
    for (Local& l : local_) {
      if (l.written) w.emplace_back(std::move(l.key), std::move(l.value));
    }
    return sorted_writes(std::move(w));
  }

 private:
  struct Local {
    Bytes key;
    std::optional<Bytes> value;
    bool written;
  };
  // Linear: transactions touch a handful of keys. A transaction with thousands would want a
  // hash map here; the result would be the same.
  Local* find(ByteSpan key) {
    for (Local& l : local_) {
      if (BytesEqual{}(l.key, key)) return &l;
    }
    return nullptr;
  }

  MVMemory& mv_;
  const StateReader& base_;
  TxIndex tx_;
  bool blocked_ = false;
  TxIndex blocking_ = 0;
  std::vector<ReadRecord> reads_;
  std::vector<Local> local_;
};

// ---------------------------------------------------------------------------------------------
// The engine.

// Aligned so that workers' counters sit on separate cache lines.
struct alignas(64) WorkerStats {
  std::uint64_t executions = 0, dependencies = 0, validations = 0, aborts = 0;
};

class BlockStm {
 public:
  BlockStm(std::size_t n, const TxFn& fn, const StateReader& base)
      : n_(n), fn_(fn), base_(base), slots_(new TxSlot[n]), outcomes_(n), sched_(n, slots_.get()) {}

  // Enters the hints of transactions [begin, end) as ESTIMATEs (each worker takes a range).
  void pre_mark(std::span<const std::vector<Bytes>> hints, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      std::vector<Bytes> keys = hints[i];
      std::sort(keys.begin(), keys.end(), BytesLess{});
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (const Bytes& k : keys) mv_.mark_estimate(k, static_cast<TxIndex>(i));
      slots_[i].write_keys = std::move(keys);
    }
  }

  void work(WorkerStats& st) {
    Task t{};
    while (!sched_.done()) {
      if (t.kind == Task::kExecute) {
        t = execute(t, st);
      } else if (t.kind == Task::kValidate) {
        t = validate(t, st);
      } else {
        t = sched_.next_task();
        if (t.kind == Task::kNone) std::this_thread::yield();
      }
    }
  }

  // The outcomes and the write set; every worker collects and sorts the final values of a
  // share of the shards, and the sorted runs are merged. Then the memory is released on all
  // workers too, so that neither step is a serial tail after the parallel execution.
  EngineResult finish(ThreadPool& pool) {
    EngineResult r;
    r.outcomes = std::move(outcomes_);
    std::vector<WriteRun> runs(pool.size());
    const std::size_t per = (MVMemory::kShards + pool.size() - 1) / pool.size();
    pool.run([&](unsigned w) {
      const std::size_t b = std::min(MVMemory::kShards, w * per);
      const std::size_t e = std::min(MVMemory::kShards, b + per);
      WriteRun run;
      mv_.final_writes(b, e, run);
      runs[w] = sorted_writes(std::move(run));
    });
    r.writes = merge_runs(runs, &pool);
    release(pool);
    return r;
  }

  // Frees the multi-version memory and the slots' read and write sets on all workers.
  void release(ThreadPool& pool) {
    const std::size_t per = (MVMemory::kShards + pool.size() - 1) / pool.size();
    pool.run([&](unsigned w) {
      const std::size_t b = std::min(MVMemory::kShards, w * per);
      mv_.clear(b, std::min(MVMemory::kShards, b + per));
      for (std::size_t i = w; i < n_; i += pool.size()) {
        slots_[i].reads.reset();
        std::vector<Bytes>().swap(slots_[i].write_keys);
      }
    });
  }

 private:
  Task execute(Task t, WorkerStats& st) {
    for (;;) {
      StmView view(mv_, base_, t.tx);
      TxOutcome out = fn_(t.tx, view);
      ++st.executions;
      if (view.blocked()) {
        if (sched_.add_dependency(t.tx, view.blocking())) {
          ++st.dependencies;
          return {};
        }
        continue;  // the blocking transaction finished meanwhile: run again
      }
      outcomes_[t.tx] = std::move(out);
      const bool wrote_new = record(t.tx, t.incarnation, view);
      return sched_.finish_execution(t.tx, t.incarnation, wrote_new);
    }
  }

  // Publishes the incarnation's writes and read set; removes the entries of keys the previous
  // incarnation wrote and this one did not. Returns whether it wrote a key the previous one did
  // not AND that a higher transaction has read: only then may a higher transaction have read
  // around this write (the committed value or a lower version), so that all of them must be
  // validated again. A new key that nobody above has read cannot have been read around: whoever
  // reads it later sees this write. (Keys written by both incarnations are covered by the abort
  // that started this one, which marked them ESTIMATE and revalidates every higher transaction.)
  bool record(TxIndex tx, std::uint32_t incarnation, StmView& view) {
    TxSlot& slot = slots_[tx];
    auto writes = view.take_writes();
    std::vector<Bytes> keys;
    keys.reserve(writes.size());
    bool wrote_new = false;
    const std::vector<Bytes>& prev = slot.write_keys;
    const BytesLess less;
    std::size_t i = 0;
    for (auto& [k, v] : writes) {
      while (i < prev.size() && less(prev[i], k)) mv_.remove(prev[i++], tx);
      const bool is_new = i == prev.size() || less(k, prev[i]);
      if (!is_new) ++i;
      const bool read_above = mv_.write(k, tx, incarnation, std::move(v));
      wrote_new |= is_new && read_above;
      keys.push_back(std::move(k));
    }
    while (i < prev.size()) mv_.remove(prev[i++], tx);
    slot.write_keys = std::move(keys);
    auto reads = std::make_shared<const std::vector<ReadRecord>>(view.take_reads());
    std::lock_guard lk(slot.mu);
    slot.reads = std::move(reads);
    return wrote_new;
  }

  Task validate(Task t, WorkerStats& st) {
    ++st.validations;
    TxSlot& slot = slots_[t.tx];
    std::shared_ptr<const std::vector<ReadRecord>> reads;
    {
      std::lock_guard lk(slot.mu);
      reads = slot.reads;
    }
    bool valid = true;
    for (const ReadRecord& r : *reads) {
      const Lookup now = mv_.read(r.key, t.tx, nullptr);
      if (now.origin != r.origin ||
          (r.origin == Origin::kTx && (now.tx != r.tx || now.incarnation != r.incarnation))) {
        valid = false;
        break;
      }
    }
    const bool aborted = !valid && sched_.try_validation_abort(t.tx, t.incarnation);
    if (aborted) {
      ++st.aborts;
      // Later readers of these keys now wait for the next incarnation instead of reading
      // values that are probably about to change.
      for (const Bytes& k : slot.write_keys) mv_.mark_estimate(k, t.tx);
    }
    return sched_.finish_validation(t.tx, aborted);
  }

  const std::size_t n_;
  const TxFn& fn_;
  const StateReader& base_;
  MVMemory mv_;
  std::unique_ptr<TxSlot[]> slots_;
  std::vector<TxOutcome> outcomes_;
  Scheduler sched_;
};

}  // namespace

EngineResult run_serial(std::size_t n, const TxFn& fn, const StateReader& base) {
  SerialView::Overlay overlay;
  EngineResult r;
  r.outcomes.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    SerialView view(overlay, base);
    r.outcomes.push_back(fn(static_cast<TxIndex>(i), view));
  }
  r.stats.executions = n;
  WriteRun w;
  w.reserve(overlay.size());
  for (SerialSlot& s : overlay.slots()) w.emplace_back(std::move(s.key), std::move(s.value));
  r.writes = sorted_writes(std::move(w));
  return r;
}

EngineResult run_block_stm(std::size_t n, const TxFn& fn, const StateReader& base,
                           ThreadPool& pool, const BlockStmOptions& options) {
  PLX_CHECK(n < 0xffffffffu);
  PLX_CHECK(options.write_hints.empty() || options.write_hints.size() == n);
  if (n == 0) return {};
  BlockStm engine(n, fn, base);
  if (!options.write_hints.empty()) {
    pool.parallel_for(n, 256, [&](std::size_t b, std::size_t e) {
      engine.pre_mark(options.write_hints, b, e);
    });
  }
  std::vector<WorkerStats> stats(pool.size());
  pool.run([&](unsigned w) { engine.work(stats[w]); });
  EngineResult r = engine.finish(pool);
  for (const WorkerStats& s : stats) {
    r.stats.executions += s.executions;
    r.stats.dependencies += s.dependencies;
    r.stats.validations += s.validations;
    r.stats.aborts += s.aborts;
  }
  return r;
}

EngineResult run_parallel(std::size_t n, const TxFn& fn, const StateReader& base, ThreadPool& pool,
                          const ParallelOptions& options) {
  PLX_CHECK(n < 0xffffffffu);
  PLX_CHECK(options.write_hints.empty() || options.write_hints.size() == n);
  const std::span<const std::vector<Bytes>> given = options.write_hints;
  WriteHintFn hint_fn = options.hint_fn;
  if (!given.empty()) {
    hint_fn = [given](TxIndex tx, const std::function<void(ByteSpan)>& sink) {
      for (const Bytes& key : given[tx]) sink(key);
    };
  }
  if (!hint_fn || n < 2) return run_block_stm(n, fn, base, pool, BlockStmOptions{given});
  // Block-STM takes its hints as lists of keys; made from hint_fn only when it runs.
  const auto block_stm = [&] {
    if (!given.empty()) return run_block_stm(n, fn, base, pool, BlockStmOptions{given});
    std::vector<std::vector<Bytes>> made(n);
    pool.parallel_for(n, 256, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i) {
        hint_fn(static_cast<TxIndex>(i),
                [&](ByteSpan key) { made[i].emplace_back(key.begin(), key.end()); });
      }
    });
    return run_block_stm(n, fn, base, pool, BlockStmOptions{made});
  };
  const std::size_t percent = options.serial_fallback_percent;
  if (percent == 0 && !options.lanes) return block_stm();  // nothing for a plan to decide
  // One planning pass decides everything before any engine exists, so that a block run serially
  // pays for no multi-version memory or estimate marks (under full contention that setup cost a
  // quarter of the serial time). The largest lane is the longest possible dependency chain.
  const internal::LanePlan plan = internal::plan_lanes(n, hint_fn, pool);
  if (percent > 0 && plan.largest * 100 >= percent * n) {
    EngineResult r = run_serial(n, fn, base);
    r.stats.serial_fallback = true;
    return r;
  }
  const bool try_lanes = options.lanes && plan.count() >= 2;
  if (try_lanes) {
    if (auto r = internal::run_lanes(plan, n, fn, base, pool)) return std::move(*r);
  }
  EngineResult r = block_stm();
  r.stats.lanes_abandoned = try_lanes;
  return r;
}

}  // namespace plx::ledger
