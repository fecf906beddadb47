#include "bbs/generators.hpp"

#include <algorithm>
#include <mutex>

#include "plx/zkp/bls12_381/hash_to_curve.hpp"

namespace plx::zkp::bbs::internal {
namespace {

// The state of one ciphersuite's generator hash chain (§4.1.1 steps 1-4), so that extending the
// list continues where the last extension stopped.
struct Chain {
  Bytes v;                        // the last v of the chain
  std::uint64_t next_index = 1;   // i of the next generator
  std::vector<G1Affine> derived;  // Q1, H_1, ... so far
};

void start_chain(const Suite& s, ByteSpan seed, Chain& c) {
  c.v = expand(s, seed, s.seed_dst, kExpandLen);
  c.next_index = 1;
  c.derived.clear();
}

void extend_chain(const Suite& s, Chain& c, std::size_t count) {
  if (c.derived.size() >= count) return;
  std::vector<G1> fresh;
  fresh.reserve(count - c.derived.size());
  Bytes input;
  while (c.derived.size() + fresh.size() < count) {
    input.assign(c.v.begin(), c.v.end());
    append_u64(input, c.next_index++);
    c.v = expand(s, input, s.seed_dst, kExpandLen);
    // The suite's generator DST is a non-empty constant, so hashing cannot fail.
    fresh.push_back(bls12_381::hash_to_g1(c.v, s.generator_dst, s.expand).value());
  }
  std::vector<G1Affine> affine(fresh.size());
  G1::batch_to_affine(fresh, affine);
  c.derived.insert(c.derived.end(), affine.begin(), affine.end());
}

struct SuiteCache {
  std::mutex mu;
  bool started = false;
  G1Affine p1;
  Chain chain;
  std::shared_ptr<const Generators> current;
};

SuiteCache& cache_for(Ciphersuite cs) {
  static SuiteCache sha;
  static SuiteCache shake;
  return cs == Ciphersuite::kBls12381Shake256 ? shake : sha;
}

}  // namespace

Generators::Generators(std::vector<G1Affine> bases) : bases_(std::move(bases)) {
  compressed_.reserve(bases_.size());
  for (const auto& b : bases_) compressed_.push_back(b.to_compressed());
  if (bases_.size() <= kMaxTableBases) {
    table_ = std::make_unique<bls12_381::G1FixedBases>(bases_);
  }
}

G1 Generators::msm(std::span<const Fr> scalars, std::size_t first) const {
  if (table_) return table_->msm(scalars, first);
  return bls12_381::msm(std::span(bases_).subspan(first, scalars.size()), scalars);
}

G1 Generators::msm_vartime(std::span<const Fr> scalars, std::size_t first) const {
  if (table_) return table_->msm_vartime(scalars, first);
  return bls12_381::msm_vartime(std::span(bases_).subspan(first, scalars.size()), scalars);
}

std::vector<G1Affine> Generators::gather(std::span<const std::size_t> indexes) const {
  std::vector<G1Affine> pts;
  pts.reserve(indexes.size());
  for (const std::size_t i : indexes) pts.push_back(bases_.at(i));
  return pts;
}

G1 Generators::msm_at(std::span<const std::size_t> indexes, std::span<const Fr> scalars) const {
  if (table_) return table_->msm_at(indexes, scalars);
  return bls12_381::msm(gather(indexes), scalars);
}

G1 Generators::msm_at_vartime(std::span<const std::size_t> indexes,
                              std::span<const Fr> scalars) const {
  if (table_) return table_->msm_at_vartime(indexes, scalars);
  return bls12_381::msm_vartime(gather(indexes), scalars);
}

std::vector<G1Affine> create_generators(const Suite& s, ByteSpan generator_seed,
                                        std::size_t count) {
  Chain c;
  start_chain(s, generator_seed, c);
  extend_chain(s, c, count);
  return std::move(c.derived);
}

std::shared_ptr<const Generators> generators(const Suite& s, std::size_t message_count) {
  SuiteCache& cache = cache_for(s.cs);
  std::lock_guard<std::mutex> lock(cache.mu);
  if (cache.current && cache.current->message_capacity() >= message_count) return cache.current;
  if (!cache.started) {
    cache.p1 = create_generators(s, s.p1_seed, 1).front();
    start_chain(s, s.generator_seed, cache.chain);
    cache.started = true;
  }
  // Grow geometrically (from 16 messages up), so that a caller walking up through the counts
  // rebuilds the table O(log n) times; never beyond kMaxMessages unless asked.
  std::size_t have = cache.current ? cache.current->message_capacity() : 0;
  std::size_t want = std::max<std::size_t>(message_count, std::max<std::size_t>(16, 2 * have));
  want = std::max(message_count, std::min(want, kMaxMessages));
  extend_chain(s, cache.chain, want + 1);  // Q1 and H_1..H_want

  std::vector<G1Affine> bases;
  bases.reserve(want + 2);
  bases.push_back(cache.p1);
  bases.insert(bases.end(), cache.chain.derived.begin(), cache.chain.derived.begin() + static_cast<std::ptrdiff_t>(want + 1));
  cache.current = std::make_shared<const Generators>(std::move(bases));
  return cache.current;
}

}  // namespace plx::zkp::bbs::internal
