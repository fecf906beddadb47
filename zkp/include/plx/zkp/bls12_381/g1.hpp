// G1: the order-r subgroup of E(Fp): y^2 = x^3 + 4.
//
// G1 holds a point in Jacobian coordinates (X/Z^2, Y/Z^3; identity: Z = 0); G1Affine in affine
// coordinates with an explicit identity flag. Arithmetic is constant time unless the name ends in
// _vartime. Serialization follows the ZCash format the IETF drafts use (draft-irtf-cfrg-pairing-
// friendly-curves, Appendix C): 48 bytes compressed, 96 uncompressed, three flag bits in the
// first byte.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/zkp/bls12_381/fp.hpp"
#include "plx/zkp/bls12_381/fr.hpp"

namespace plx::zkp::bls12_381 {

struct G1Affine {
  Fp x, y;
  bool infinity = true;

  [[nodiscard]] static G1Affine identity() noexcept { return {}; }
  [[nodiscard]] static G1Affine generator() noexcept;
  // On the curve only (no subgroup check): Error when (x, y) is not on E. For test vectors
  // (EIP-2537) that use raw coordinates.
  [[nodiscard]] static Result<G1Affine> from_coordinates(const Fp& x, const Fp& y);

  [[nodiscard]] bool is_on_curve() const noexcept;
  [[nodiscard]] bool is_in_subgroup_vartime() const noexcept;  // public points

  [[nodiscard]] std::array<std::uint8_t, 48> to_compressed() const noexcept;
  [[nodiscard]] std::array<std::uint8_t, 96> to_uncompressed() const noexcept;
  // Parse with every check: length, flag bits, canonical coordinates, on the curve, in G1.
  // The identity is accepted (callers that must reject it, as BBS does, check infinity).
  // Error (kInvalidArgument) names the check that failed.
  [[nodiscard]] static Result<G1Affine> from_compressed(ByteSpan bytes);
  [[nodiscard]] static Result<G1Affine> from_uncompressed(ByteSpan bytes);

  friend bool operator==(const G1Affine& a, const G1Affine& b) noexcept {
    return a.infinity == b.infinity && (a.infinity || (a.x == b.x && a.y == b.y));
  }
};

class G1 {
 public:
  G1() noexcept : x_(Fp::one()), y_(Fp::one()), z_(Fp::zero()) {}  // identity
  G1(const G1Affine& p) noexcept;  // NOLINT(google-explicit-constructor): lossless

  [[nodiscard]] static G1 identity() noexcept { return G1(); }
  [[nodiscard]] static G1 generator() noexcept { return G1(G1Affine::generator()); }

  [[nodiscard]] G1Affine to_affine() const noexcept;
  // Normalises many points with one inversion (Montgomery's trick). Constant time, like
  // to_affine: usable on points computed from secrets. REQUIRES: equal lengths.
  static void batch_to_affine(std::span<const G1> in, std::span<G1Affine> out);

  [[nodiscard]] G1 operator+(const G1& b) const noexcept;
  [[nodiscard]] G1 operator+(const G1Affine& b) const noexcept;  // mixed addition
  [[nodiscard]] G1 operator-(const G1& b) const noexcept { return *this + (-b); }
  [[nodiscard]] G1 operator-() const noexcept;
  G1& operator+=(const G1& b) noexcept { return *this = *this + b; }
  G1& operator+=(const G1Affine& b) noexcept { return *this = *this + b; }
  [[nodiscard]] G1 dbl() const noexcept;

  // k·P for a secret k: constant time (GLV split, fixed windows). REQUIRES: P in G1.
  [[nodiscard]] G1 mul(const Fr& k) const noexcept;
  // k·P for a public k (wNAF + GLV). REQUIRES: P in G1.
  [[nodiscard]] G1 mul_vartime(const Fr& k) const noexcept;
  // k·P for any integer k (big-endian, any length) and any point on the curve, in or out of the
  // subgroup (plain double-and-add; for test vectors and cofactor work).
  [[nodiscard]] G1 mul_bytes_vartime(ByteSpan k_be) const noexcept;

  [[nodiscard]] ct::Choice is_identity() const noexcept;
  [[nodiscard]] bool is_on_curve() const noexcept;
  [[nodiscard]] bool is_in_subgroup_vartime() const noexcept;
  [[nodiscard]] static G1 select(ct::Choice c, const G1& a, const G1& b) noexcept;
  // Projective equality (public values).
  friend bool operator==(const G1& a, const G1& b) noexcept;

  const Fp& x() const noexcept { return x_; }
  const Fp& y() const noexcept { return y_; }
  const Fp& z() const noexcept { return z_; }
  G1(const Fp& x, const Fp& y, const Fp& z) noexcept : x_(x), y_(y), z_(z) {}

 private:
  Fp x_, y_, z_;
};

// Σ scalars[i]·points[i]. REQUIRES: equal lengths; points in G1.
// msm: constant time in the scalars (secret blinding factors in ProofGen).
// msm_vartime: public scalars; Straus/wNAF for small n, Pippenger for large n.
[[nodiscard]] G1 msm(std::span<const G1Affine> points, std::span<const Fr> scalars);
[[nodiscard]] G1 msm_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars);

namespace detail {
// The two algorithms msm_vartime chooses between by size, exposed so that tests can run both on
// every size and the bench can find the crossover. Same contract as msm_vartime.
[[nodiscard]] G1 msm_straus_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars);
[[nodiscard]] G1 msm_pippenger_vartime(std::span<const G1Affine> points,
                                       std::span<const Fr> scalars);
}  // namespace detail

// Precomputed tables for bases that never change (BBS's P1 and message generators), built
// once; multiplication by them then costs roughly half a variable-base MSM.
class G1FixedBases {
 public:
  explicit G1FixedBases(std::span<const G1Affine> bases);
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  // Σ scalars[i]·bases[first + i]. REQUIRES: first + scalars.size() <= size().
  [[nodiscard]] G1 msm(std::span<const Fr> scalars, std::size_t first = 0) const;  // constant time
  [[nodiscard]] G1 msm_vartime(std::span<const Fr> scalars, std::size_t first = 0) const;
  // Σ scalars[k]·bases[indexes[k]], over any subset of the bases (which bases are used is
  // public; the constant-time form hides only the scalars). REQUIRES: equal lengths, every
  // index < size().
  [[nodiscard]] G1 msm_at(std::span<const std::size_t> indexes, std::span<const Fr> scalars) const;
  [[nodiscard]] G1 msm_at_vartime(std::span<const std::size_t> indexes,
                                  std::span<const Fr> scalars) const;

 private:
  std::size_t count_ = 0;
  // Affine (x, y) of d·2^(5j)·B_i at ((i·26 + j)·16 + d − 1) (see msm.cpp); an identity base
  // (whose multiples are all the identity) is flagged in base_is_identity_ instead.
  std::vector<std::array<Fp, 2>> table_;
  std::vector<std::uint8_t> base_is_identity_;
};

}  // namespace plx::zkp::bls12_381
