// The optimal ate pairing e: G1 × G2 -> GT ⊂ Fp12*, with multi-pairings that share one final
// exponentiation and precomputed Miller-loop lines for G2 points that are used again and again
// (BBS's generator BP2 and a cached issuer public key).
#pragma once

#include <span>
#include <vector>

#include "plx/zkp/bls12_381/fp12.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"

namespace plx::zkp::bls12_381 {

// The Miller-loop line coefficients of one G2 point, computed once.
class G2Prepared {
 public:
  explicit G2Prepared(const G2Affine& q);
  [[nodiscard]] bool is_identity() const noexcept { return infinity_; }
  // Layout is the implementation's.
  struct Line {
    Fp2 a, b, c;
  };
  const std::vector<Line>& lines() const noexcept { return lines_; }

 private:
  std::vector<Line> lines_;
  bool infinity_ = false;
};

// f = Π Miller(p_i, q_i) (before the final exponentiation). Pairs with an identity on either
// side contribute 1. REQUIRES: equal lengths.
[[nodiscard]] Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q);
[[nodiscard]] Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Prepared* const> q);
[[nodiscard]] Fp12 final_exponentiation(const Fp12& f) noexcept;
[[nodiscard]] Fp12 pairing(const G1Affine& p, const G2Affine& q);
// Π e(p_i, q_i) == 1, with one shared final exponentiation.
[[nodiscard]] bool pairing_product_is_one(std::span<const G1Affine> p, std::span<const G2Affine> q);
[[nodiscard]] bool pairing_product_is_one(std::span<const G1Affine> p,
                                          std::span<const G2Prepared* const> q);

}  // namespace plx::zkp::bls12_381
