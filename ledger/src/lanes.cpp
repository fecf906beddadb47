#include "lanes.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <numeric>
#include <optional>
#include <string_view>
#include <utility>

#include "plx/core/result.hpp"
#include "write_runs.hpp"

namespace plx::ledger::internal {
namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), std::uint32_t{0});
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }
  [[nodiscard]] std::uint32_t size_of_root(std::uint32_t root) const { return size_[root]; }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
};

// What a worker's overlay knows about one key.
struct Slot {
  Bytes key;
  std::size_t hash;            // BytesHash of `key`
  std::optional<Bytes> value;  // the last write, when `written`
  std::uint32_t lane;          // the lane that touched the key first on this worker
  bool written;                // by `lane` (a write by any other lane is a conflict)
  bool shared;                 // read by another lane too: a later write is a conflict
};
using Overlay = KeyTable<Slot>;

class LaneView final : public View {
 public:
  LaneView(Overlay& overlay, const StateReader& base, std::uint32_t lane, bool& conflict)
      : overlay_(overlay), base_(base), lane_(lane), conflict_(conflict) {}

  std::optional<Bytes> read(ByteSpan key) override {
    const std::size_t hash = BytesHash{}(key);
    Slot* s = overlay_.find(key, hash);
    if (s == nullptr) {
      overlay_.add(Slot{Bytes(key.begin(), key.end()), hash, std::nullopt, lane_, false, false});
      return base_.get(key);
    }
    if (s->lane != lane_) {
      if (s->written) {
        conflict_ = true;
        return std::nullopt;
      }
      s->shared = true;
    }
    return s->written ? s->value : base_.get(key);
  }

  void write(ByteSpan key, std::optional<Bytes> value) override {
    const std::size_t hash = BytesHash{}(key);
    Slot* s = overlay_.find(key, hash);
    if (s == nullptr) {
      overlay_.add(Slot{Bytes(key.begin(), key.end()), hash, std::move(value), lane_, true, false});
      return;
    }
    if (s->lane != lane_ || s->shared) {
      conflict_ = true;
      return;
    }
    s->value = std::move(value);
    s->written = true;
  }

 private:
  Overlay& overlay_;
  const StateReader& base_;
  std::uint32_t lane_;
  bool& conflict_;
};

}  // namespace

LanePlan plan_lanes(std::size_t n, const WriteHintFn& hints, ThreadPool& pool) {
  PLX_CHECK(n < 0xffffffffu);
  // Keys are compared by a 64-bit hash: two keys that collide only put their transactions in one
  // lane, which costs parallelism, never correctness. The hashes are computed on all workers,
  // chunk by chunk into each chunk's own list (no key is kept); the union pass runs on one, over
  // a flat open-addressing table. Chunks are taken as workers come, so the first worker does not
  // wait for one that is still waking. A static half per worker, each pushing to vectors that
  // shared a cache line with the other's, took 0.95 ms of a 10,000-revocation block on two
  // workers against 1.0 ms on one; this, 0.63-0.74 ms.
  struct Share {
    std::vector<std::uint64_t> hashes;
    std::vector<std::size_t> first;  // this chunk's transactions' starts in `hashes`
  };
  constexpr std::size_t kChunk = 256;
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<Share> shares(chunks);
  pool.parallel_for(chunks, 1, [&](std::size_t cb, std::size_t ce) {
    for (std::size_t c = cb; c < ce; ++c) {
      // Filled in a local and moved in once: chunks' Shares sit side by side, and pushing to
      // vectors that share a cache line would bounce it between the cores on every key.
      Share s;
      const std::size_t b = c * kChunk, e = std::min(n, b + kChunk);
      s.first.reserve(e - b + 1);
      s.hashes.reserve(3 * (e - b));  // the nonce and two keys for most operations
      const std::function<void(ByteSpan)> sink = [&s](ByteSpan key) {
        // 0 marks an empty slot of the table below.
        s.hashes.push_back(std::hash<std::string_view>{}(as_string_view(key)) | 1);
      };
      for (std::size_t i = b; i < e; ++i) {
        s.first.push_back(s.hashes.size());
        hints(static_cast<TxIndex>(i), sink);
      }
      s.first.push_back(s.hashes.size());
      shares[c] = std::move(s);
    }
  });
  std::size_t total = 0;
  for (const Share& s : shares) total += s.hashes.size();
  UnionFind uf(n);
  {
    std::size_t cap = 16;
    while (cap < 2 * total) cap *= 2;
    std::vector<std::uint64_t> table(cap, 0);
    std::vector<std::uint32_t> writer(cap);
    // The first transaction to hint a key owns its slot; every later one joins its lane.
    const auto add = [&](std::uint32_t tx, std::uint64_t h) {
      std::size_t at = (h ^ (h >> 32)) & (cap - 1);
      while (table[at] != 0 && table[at] != h) at = (at + 1) & (cap - 1);
      if (table[at] == 0) {
        table[at] = h;
        writer[at] = tx;
      } else {
        uf.unite(tx, writer[at]);
      }
    };
    for (std::size_t c = 0; c < chunks; ++c) {
      const Share& s = shares[c];
      for (std::size_t j = 0; j + 1 < s.first.size(); ++j) {
        const auto tx = static_cast<std::uint32_t>(c * kChunk + j);
        for (std::size_t k = s.first[j]; k < s.first[j + 1]; ++k) add(tx, s.hashes[k]);
      }
    }
  }
  // Lanes in order of their first transaction, then largest first (stable: ties keep that order).
  constexpr std::uint32_t kNone = 0xffffffffu;
  std::vector<std::uint32_t> lane_of_root(n, kNone);
  std::vector<std::uint32_t> roots;
  std::vector<std::uint32_t> root_of(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t r = uf.find(static_cast<std::uint32_t>(i));
    root_of[i] = r;
    if (lane_of_root[r] == kNone) {
      lane_of_root[r] = 0;
      roots.push_back(r);
    }
  }
  std::stable_sort(roots.begin(), roots.end(), [&](std::uint32_t a, std::uint32_t b) {
    return uf.size_of_root(a) > uf.size_of_root(b);
  });
  LanePlan plan;
  plan.begin.resize(roots.size() + 1, 0);
  for (std::size_t l = 0; l < roots.size(); ++l) {
    lane_of_root[roots[l]] = static_cast<std::uint32_t>(l);
    plan.begin[l + 1] = plan.begin[l] + uf.size_of_root(roots[l]);
  }
  plan.largest = roots.empty() ? 0 : uf.size_of_root(roots.front());
  plan.txs.resize(n);
  std::vector<std::uint32_t> cursor(plan.begin.begin(), plan.begin.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    plan.txs[cursor[lane_of_root[root_of[i]]]++] = static_cast<TxIndex>(i);
  }
  return plan;
}

std::optional<EngineResult> run_lanes(const LanePlan& plan, std::size_t n, const TxFn& fn,
                                      const StateReader& base, ThreadPool& pool) {
  PLX_CHECK(plan.txs.size() == n);
  const unsigned workers = pool.size();
  // Each worker makes, fills and frees its own overlay, so that its memory comes from and goes
  // back to that worker's allocator arena.
  std::vector<std::unique_ptr<Overlay>> overlays(workers);
  std::vector<TxOutcome> outcomes(n);
  std::atomic<std::size_t> next_lane{0};
  std::atomic<bool> conflict{false};
  pool.run([&](unsigned w) {
    overlays[w] = std::make_unique<Overlay>();
    bool mine = false;
    for (;;) {
      const std::size_t l = next_lane.fetch_add(1, std::memory_order_relaxed);
      if (l >= plan.count() || conflict.load(std::memory_order_relaxed)) return;
      const auto lane = static_cast<std::uint32_t>(l);
      for (std::uint32_t j = plan.begin[l]; j < plan.begin[l + 1]; ++j) {
        const TxIndex tx = plan.txs[j];
        LaneView view(*overlays[w], base, lane, mine);
        outcomes[tx] = fn(tx, view);
        if (mine) {
          conflict.store(true, std::memory_order_relaxed);
          return;
        }
      }
    }
  });
  // Lanes on different workers: a key in two overlays that either of them wrote was seen by two
  // lanes, one of which wrote it.
  if (!conflict.load() && workers > 1) {
    pool.run([&](unsigned w) {
      for (const Slot& slot : overlays[w]->slots()) {
        for (unsigned v = 0; v < workers; ++v) {
          if (v == w) continue;
          const Slot* other = std::as_const(*overlays[v]).find(slot.key, slot.hash);
          if (other != nullptr && (slot.written || other->written)) {
            conflict.store(true, std::memory_order_relaxed);
            return;
          }
        }
        if (conflict.load(std::memory_order_relaxed)) return;
      }
    });
  }
  std::optional<EngineResult> result;
  std::vector<WriteRun> runs(workers);
  const bool ok = !conflict.load();
  pool.run([&](unsigned w) {
    if (ok) {
      // The keys and values move out; nothing is copied.
      WriteRun run;
      std::vector<Slot>& slots = overlays[w]->slots();
      run.reserve(slots.size());
      for (Slot& slot : slots) {
        if (slot.written) run.emplace_back(std::move(slot.key), std::move(slot.value));
      }
      runs[w] = sorted_writes(std::move(run));
    }
    overlays[w].reset();
  });
  if (!ok) return result;
  result.emplace();
  result->outcomes = std::move(outcomes);
  result->writes = merge_runs(runs, &pool);
  result->stats.executions = n;
  result->stats.lanes = static_cast<std::uint32_t>(plan.count());
  return result;
}

}  // namespace plx::ledger::internal
