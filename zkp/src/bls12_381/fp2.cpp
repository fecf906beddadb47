// Fp2 = Fp[u]/(u^2 + 1).
#include "plx/zkp/bls12_381/fp2.hpp"

#include "bls12_381/fp_internal.hpp"

namespace plx::zkp::bls12_381 {

using internal::u64;

namespace {

// x^e in Fp2 for a fixed public exponent (little-endian limbs); constant time in x.
Fp2 pow_fixed2(const Fp2& x, const std::array<u64, 6>& e) noexcept {
  Fp2 acc = Fp2::one();
  bool started = false;
  for (std::size_t i = 6; i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      if (started) acc = acc.square();
      if ((e[i] >> b) & 1) {
        acc = started ? acc * x : x;
        started = true;
      }
    }
  }
  return acc;
}

constexpr std::array<u64, 6> kPMinus3Over4 = {0xee7fbfffffffeaaaULL, 0x07aaffffac54ffffULL,
                                              0xd9cc34a83dac3d89ULL, 0xd91dd2e13ce144afULL,
                                              0x92c6e9ed90d2eb35ULL, 0x0680447a8e5ff9a6ULL};
constexpr std::array<u64, 6> kPMinus1Over2Fp2 = {0xdcff7fffffffd555ULL, 0x0f55ffff58a9ffffULL,
                                              0xb39869507b587b12ULL, 0xb23ba5c279c2895fULL,
                                              0x258dd3db21a5d66bULL, 0x0d0088f51cbff34dULL};

}  // namespace

Fp2 Fp2::operator+(const Fp2& b) const noexcept { return {c0 + b.c0, c1 + b.c1}; }
Fp2 Fp2::operator-(const Fp2& b) const noexcept { return {c0 - b.c0, c1 - b.c1}; }
Fp2 Fp2::operator-() const noexcept { return {-c0, -c1}; }

Fp2 Fp2::operator*(const Fp2& b) const noexcept {
  // Karatsuba: three Fp multiplications.
  const Fp v0 = c0 * b.c0;
  const Fp v1 = c1 * b.c1;
  const Fp s = (c0 + c1) * (b.c0 + b.c1);
  return {v0 - v1, s - v0 - v1};
}

Fp2 Fp2::operator*(const Fp& b) const noexcept { return {c0 * b, c1 * b}; }

Fp2 Fp2::square() const noexcept {
  // (a + bu)^2 = (a + b)(a - b) + 2ab·u.
  const Fp ab = c0 * c1;
  return {(c0 + c1) * (c0 - c1), ab.dbl()};
}

Fp2 Fp2::dbl() const noexcept { return {c0.dbl(), c1.dbl()}; }

Fp2 Fp2::mul_by_nonresidue() const noexcept {
  // (a + bu)(1 + u) = (a - b) + (a + b)u.
  return {c0 - c1, c0 + c1};
}

Fp2 Fp2::inverse() const noexcept {
  // 1/(a + bu) = (a - bu)/(a^2 + b^2); the norm is zero only for zero, whose inverse is zero.
  const Fp t = (c0.square() + c1.square()).inverse();
  return {c0 * t, -(c1 * t)};
}

Fp2 Fp2::inverse_vartime() const noexcept {
  const Fp t = (c0.square() + c1.square()).inverse_vartime();
  return {c0 * t, -(c1 * t)};
}

ct::Choice Fp2::sqrt(Fp2* out) const noexcept {
  // Adj and Rodríguez-Henríquez, "Square root computation over even extension fields"
  // (eprint 2012/685), Algorithm 9 for q = p^2 with p ≡ 3 (mod 4). Both branches are computed
  // and the result is selected, so the time does not depend on the input.
  const Fp2 a1 = pow_fixed2(*this, kPMinus3Over4);  // a^((p-3)/4)
  const Fp2 x0 = a1 * *this;                        // a^((p+1)/4)
  const Fp2 alpha = a1 * x0;                        // a^((p-1)/2)
  const Fp2 minus_one = -Fp2::one();
  // alpha == -1: the root is u·x0.
  const Fp2 root_neg = {-x0.c1, x0.c0};
  // Otherwise: (1 + alpha)^((p-1)/2)·x0.
  const Fp2 b = pow_fixed2(alpha + Fp2::one(), kPMinus1Over2Fp2);
  const Fp2 root_pos = b * x0;
  const Fp2 root = select(alpha.equals(minus_one), root_neg, root_pos);
  *out = root;
  return root.square().equals(*this);
}

ct::Choice Fp2::is_square() const noexcept {
  // a is a square in Fp2 iff its norm a0^2 + a1^2 is a square in Fp.
  return (c0.square() + c1.square()).is_square();
}

ct::Choice Fp2::is_zero() const noexcept { return c0.is_zero() & c1.is_zero(); }
ct::Choice Fp2::equals(const Fp2& b) const noexcept { return c0.equals(b.c0) & c1.equals(b.c1); }

ct::Choice Fp2::sgn0() const noexcept {
  // RFC 9380 §4.1, m = 2: sign_0 OR (zero_0 AND sign_1).
  return c0.sgn0() | (c0.is_zero() & c1.sgn0());
}

ct::Choice Fp2::lexicographically_largest() const noexcept {
  return c1.lexicographically_largest() | (c1.is_zero() & c0.lexicographically_largest());
}

Fp2 Fp2::select(ct::Choice c, const Fp2& a, const Fp2& b) noexcept {
  return {Fp::select(c, a.c0, b.c0), Fp::select(c, a.c1, b.c1)};
}

}  // namespace plx::zkp::bls12_381
