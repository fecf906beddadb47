// The tower Fp6 = Fp2[v]/(v^3 - (1 + u)) and Fp12 = Fp6[w]/(w^2 - v), where the pairing lands.
#pragma once

#include <array>

#include "plx/zkp/bls12_381/fp2.hpp"

namespace plx::zkp::bls12_381 {

struct Fp6 {
  Fp2 c0, c1, c2;  // c0 + c1·v + c2·v^2

  [[nodiscard]] static Fp6 zero() noexcept { return {}; }
  [[nodiscard]] static Fp6 one() noexcept { return {Fp2::one(), Fp2::zero(), Fp2::zero()}; }
  [[nodiscard]] Fp6 operator+(const Fp6& b) const noexcept;
  [[nodiscard]] Fp6 operator-(const Fp6& b) const noexcept;
  [[nodiscard]] Fp6 operator-() const noexcept;
  [[nodiscard]] Fp6 operator*(const Fp6& b) const noexcept;
  [[nodiscard]] Fp6 square() const noexcept;
  [[nodiscard]] Fp6 mul_by_nonresidue() const noexcept;  // · v
  [[nodiscard]] Fp6 inverse() const noexcept;
  [[nodiscard]] Fp6 frobenius(int power) const noexcept;  // x^(p^power), power in 1..3
  friend bool operator==(const Fp6& a, const Fp6& b) noexcept {
    return a.c0 == b.c0 && a.c1 == b.c1 && a.c2 == b.c2;
  }
};

struct Fp12 {
  Fp6 c0, c1;  // c0 + c1·w

  [[nodiscard]] static Fp12 one() noexcept { return {Fp6::one(), Fp6::zero()}; }
  [[nodiscard]] Fp12 operator*(const Fp12& b) const noexcept;
  Fp12& operator*=(const Fp12& b) noexcept { return *this = *this * b; }
  [[nodiscard]] Fp12 square() const noexcept;
  [[nodiscard]] Fp12 cyclotomic_square() const noexcept;  // REQUIRES: in the cyclotomic subgroup
  [[nodiscard]] Fp12 conjugate() const noexcept { return {c0, -c1}; }
  [[nodiscard]] Fp12 inverse() const noexcept;
  [[nodiscard]] Fp12 frobenius(int power) const noexcept;  // x^(p^power), power in 1..3
  // x^e for a public exponent (big-endian bytes).
  [[nodiscard]] Fp12 pow_vartime(ByteSpan e_be) const noexcept;
  [[nodiscard]] bool is_one() const noexcept;
  // 576 bytes: the twelve Fp coefficients, c0.c0.c0 first (the order of the pairing vectors).
  [[nodiscard]] std::array<std::uint8_t, 576> to_bytes() const noexcept;
  friend bool operator==(const Fp12& a, const Fp12& b) noexcept { return a.c0 == b.c0 && a.c1 == b.c1; }
};

}  // namespace plx::zkp::bls12_381
