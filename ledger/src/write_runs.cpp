#include "write_runs.hpp"

#include <algorithm>
#include <cstddef>

namespace plx::ledger::internal {

// Sorts through a permutation rather than moving the pairs inside std::sort: cheaper for large
// values, and it avoids a g++ 12 -Wmaybe-uninitialized false positive on optional<vector>.
WriteSet sorted_writes(WriteRun w) {
  std::vector<std::size_t> order(w.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return BytesLess{}(w[a].first, w[b].first); });
  WriteSet out;
  out.reserve(w.size());
  for (std::size_t i : order) out.push_back(std::move(w[i]));
  return out;
}

// A linear scan over the runs' heads per output element: the engines merge one run per worker,
// a handful, where a heap would cost more than it saves.
WriteSet merge_runs(std::vector<WriteRun>& runs) {
  std::size_t total = 0;
  for (const auto& r : runs) total += r.size();
  WriteSet out;
  out.reserve(total);
  std::vector<std::size_t> at(runs.size(), 0);
  const BytesLess less;
  for (;;) {
    std::size_t best = runs.size();
    for (std::size_t k = 0; k < runs.size(); ++k) {
      if (at[k] == runs[k].size()) continue;
      if (best == runs.size() || less(runs[k][at[k]].first, runs[best][at[best]].first)) best = k;
    }
    if (best == runs.size()) break;
    out.push_back(std::move(runs[best][at[best]++]));
  }
  for (auto& r : runs) r.clear();
  return out;
}

}  // namespace plx::ledger::internal
