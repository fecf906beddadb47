// BBS generators (draft-irtf-cfrg-bbs-signatures §4.1.1 create_generators, and P1 of §7.2/§7.3),
// derived once per ciphersuite and cached (bbs internals, not public API).
//
// Deriving a generator costs one hash_to_curve (about 50 µs), so a signature over 100 messages
// would spend more time deriving its generators than signing. The cache keeps, per ciphersuite,
// the longest list derived so far and extends it when a larger count is asked for: the draft's
// derivation is a hash chain that does not depend on the count, so the generators for n messages
// are a prefix of those for m > n. With the points it keeps their compressed encodings (hashed
// into every domain) and a fixed-base multiplication table over P1, Q1, H_1..H_n.
//
// Thread-safety: generators() may be called from any thread; a Generators object is immutable
// and is kept alive by the shared_ptr it is handed out in, even when the cache moves on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "bbs/suite.hpp"
#include "plx/zkp/bls12_381/g1.hpp"

namespace plx::zkp::bbs::internal {

using bls12_381::G1;
using bls12_381::G1Affine;

class Generators {
 public:
  // bases = P1, Q1, H_1, ..., H_n.
  explicit Generators(std::vector<G1Affine> bases);

  // n: the most messages these generators serve.
  [[nodiscard]] std::size_t message_capacity() const noexcept { return bases_.size() - 2; }
  [[nodiscard]] std::span<const G1Affine> bases() const noexcept { return bases_; }
  [[nodiscard]] const G1Affine& p1() const noexcept { return bases_[0]; }
  [[nodiscard]] const G1Affine& q1() const noexcept { return bases_[1]; }
  // H_i for i in [1, n] (1-based, as in the draft).
  [[nodiscard]] const G1Affine& h(std::size_t i) const noexcept { return bases_[1 + i]; }
  // The compressed encoding of bases()[k].
  [[nodiscard]] const std::array<std::uint8_t, 48>& compressed(std::size_t k) const noexcept {
    return compressed_[k];
  }

  // Σ scalars[k]·bases()[first + k]. REQUIRES: first + scalars.size() <= bases().size().
  // msm is constant time in the scalars; msm_vartime is for public scalars.
  [[nodiscard]] G1 msm(std::span<const Fr> scalars, std::size_t first = 0) const;
  [[nodiscard]] G1 msm_vartime(std::span<const Fr> scalars, std::size_t first = 0) const;
  // Σ scalars[k]·bases()[indexes[k]] over a subset of the bases (the subset is public).
  // REQUIRES: equal lengths, every index < bases().size().
  [[nodiscard]] G1 msm_at(std::span<const std::size_t> indexes, std::span<const Fr> scalars) const;
  [[nodiscard]] G1 msm_at_vartime(std::span<const std::size_t> indexes,
                                  std::span<const Fr> scalars) const;

 private:
  [[nodiscard]] std::vector<G1Affine> gather(std::span<const std::size_t> indexes) const;

  std::vector<G1Affine> bases_;
  std::vector<std::array<std::uint8_t, 48>> compressed_;
  std::unique_ptr<bls12_381::G1FixedBases> table_;  // null above kMaxTableBases
};

// Fixed-base tables take memory per base; beyond this many bases the generators are used by the
// variable-base MSM instead (still cached).
inline constexpr std::size_t kMaxTableBases = 1026;

// Generators serving at least `message_count` messages (message_capacity() may be larger).
// REQUIRES: message_count <= kMaxMessages.
[[nodiscard]] std::shared_ptr<const Generators> generators(const Suite& s, std::size_t message_count);

// create_generators(count, api_id) with the given generator_seed, uncached: `count` points.
// With s.generator_seed it yields Q1, H_1, ...; with s.p1_seed and count 1 it yields P1.
[[nodiscard]] std::vector<G1Affine> create_generators(const Suite& s, ByteSpan generator_seed,
                                                      std::size_t count);

}  // namespace plx::zkp::bbs::internal
