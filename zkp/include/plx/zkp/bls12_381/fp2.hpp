// Fp2 = Fp[u]/(u^2 + 1), the field of G2's coordinates.
#pragma once

#include "plx/zkp/bls12_381/fp.hpp"

namespace plx::zkp::bls12_381 {

struct Fp2 {
  Fp c0, c1;  // c0 + c1·u

  [[nodiscard]] static Fp2 zero() noexcept { return {}; }
  [[nodiscard]] static Fp2 one() noexcept { return {Fp::one(), Fp::zero()}; }

  [[nodiscard]] Fp2 operator+(const Fp2& b) const noexcept;
  [[nodiscard]] Fp2 operator-(const Fp2& b) const noexcept;
  [[nodiscard]] Fp2 operator-() const noexcept;
  [[nodiscard]] Fp2 operator*(const Fp2& b) const noexcept;
  Fp2& operator+=(const Fp2& b) noexcept { return *this = *this + b; }
  Fp2& operator-=(const Fp2& b) noexcept { return *this = *this - b; }
  Fp2& operator*=(const Fp2& b) noexcept { return *this = *this * b; }
  [[nodiscard]] Fp2 operator*(const Fp& b) const noexcept;
  [[nodiscard]] Fp2 square() const noexcept;
  [[nodiscard]] Fp2 dbl() const noexcept;
  [[nodiscard]] Fp2 conjugate() const noexcept { return {c0, -c1}; }
  [[nodiscard]] Fp2 mul_by_nonresidue() const noexcept;  // · (1 + u), the Fp6 non-residue
  [[nodiscard]] Fp2 frobenius() const noexcept { return conjugate(); }  // x^p
  [[nodiscard]] Fp2 inverse() const noexcept;  // zero -> zero
  [[nodiscard]] Fp2 inverse_vartime() const noexcept;
  // Sets *out to a square root and returns true-choice when one exists (constant time).
  [[nodiscard]] ct::Choice sqrt(Fp2* out) const noexcept;
  [[nodiscard]] ct::Choice is_square() const noexcept;

  [[nodiscard]] ct::Choice is_zero() const noexcept;
  [[nodiscard]] ct::Choice equals(const Fp2& b) const noexcept;
  [[nodiscard]] ct::Choice sgn0() const noexcept;  // RFC 9380 §4.1, m = 2
  // ZCash flag: c1 is largest, or c1 == 0 and c0 is largest.
  [[nodiscard]] ct::Choice lexicographically_largest() const noexcept;
  [[nodiscard]] static Fp2 select(ct::Choice c, const Fp2& a, const Fp2& b) noexcept;
  void cmov(ct::Choice c, const Fp2& b) noexcept { *this = select(c, b, *this); }
  friend bool operator==(const Fp2& a, const Fp2& b) noexcept { return a.c0 == b.c0 && a.c1 == b.c1; }
};

}  // namespace plx::zkp::bls12_381
