// Fp2 = Fp[u]/(u^2 + 1).
#include "plx/zkp/bls12_381/fp2.hpp"

#include "bls12_381/fp_internal.hpp"

namespace plx::zkp::bls12_381 {

using internal::u64;

namespace {

// (p-3)/4 and (p+1)/2 (= 1/2 mod p, canonical), little-endian limbs.
constexpr std::array<u64, 6> kPMinus3Over4 = {0xee7fbfffffffeaaaULL, 0x07aaffffac54ffffULL,
                                              0xd9cc34a83dac3d89ULL, 0xd91dd2e13ce144afULL,
                                              0x92c6e9ed90d2eb35ULL, 0x0680447a8e5ff9a6ULL};
constexpr Fp::Limbs kHalf = {0xdcff7fffffffd556ULL, 0x0f55ffff58a9ffffULL, 0xb39869507b587b12ULL,
                             0xb23ba5c279c2895fULL, 0x258dd3db21a5d66bULL, 0x0d0088f51cbff34dULL};

}  // namespace

Fp2 Fp2::operator+(const Fp2& b) const noexcept { return {c0 + b.c0, c1 + b.c1}; }
Fp2 Fp2::operator-(const Fp2& b) const noexcept { return {c0 - b.c0, c1 - b.c1}; }
Fp2 Fp2::operator-() const noexcept { return {-c0, -c1}; }

Fp2 Fp2::operator*(const Fp2& b) const noexcept {
  // Karatsuba on double-width products, two reductions instead of three (fp_internal.hpp).
  internal::Fp2W w;
  internal::fp2_mul_wide(w, c0, c1, b.c0, b.c1);
  return {internal::fp_from_wide(w.c0), internal::fp_from_wide(w.c1)};
}

Fp2 Fp2::operator*(const Fp& b) const noexcept { return {c0 * b, c1 * b}; }

Fp2 Fp2::square() const noexcept {
  // (a + bu)^2 = (a + b)(a - b) + 2ab·u. The factors stay unreduced (below 2p): the Montgomery
  // multiplication accepts them because their product is below 4p^2 < p·2^384.
  u64 s[6], d[6], a2[6];
  internal::add_nored(s, c0.montgomery().data(), c1.montgomery().data());
  internal::sub_nored(d, c0.montgomery().data(), c1.montgomery().data());
  internal::add_nored(a2, c0.montgomery().data(), c0.montgomery().data());
  Fp::Limbs r0, r1;
  internal::fp_mul(r0.data(), s, d);
  internal::fp_mul(r1.data(), a2, c1.montgomery().data());
  return {Fp::from_montgomery(r0), Fp::from_montgomery(r1)};
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
  // The norm method ("complex" square root; Scott, "Tricks of the trade", eprint 2020/1497 §3,
  // and Adj–Rodríguez-Henríquez eprint 2012/685 §5.3) with p ≡ 3 (mod 4): two exponentiations in
  // Fp instead of two in Fp2, which costs about a fifth. For a = a0 + a1·u and x = x0 + x1·u,
  // x^2 = a means x0^2 - x1^2 = a0 and 2·x0·x1 = a1, so x0^2 + x1^2 = ±n with n^2 = a0^2 + a1^2.
  const Fp n = [&] {
    Fp r;
    (void)(c0.square() + c1.square()).sqrt(&r);  // when the norm is not a square, neither is a
    return r;
  }();
  const Fp half = Fp::from_canonical(kHalf);
  // t = (a0 + n)/2 is x0^2 for one of the roots; t = 0 only when a1 = 0 and n = -a0, and then
  // (a0 - n)/2 = a0 is the right choice.
  Fp t = (c0 + n) * half;
  t.cmov(t.is_zero(), c0);
  // One exponentiation gives both sqrt(t) and 1/sqrt(t): s = t^((p-3)/4), s·t = t^((p+1)/4) and
  // s^2·t = t^((p-1)/2) = ±1 (Euler).
  const Fp s = internal::pow_fixed(t, kPMinus3Over4);
  const Fp st = s * t;
  const Fp a1_half_s = c1 * half * s;
  // t a square (s^2·t = 1): x0 = s·t, x1 = a1/(2·x0) = a1·s/2.
  // t not a square (s^2·t = -1): then x1^2 = -t, so x1 = s·t (its square is -t) and
  // x0 = a1/(2·x1) = -a1·s/2 since 1/(s·t) = -s. This is u times the first form.
  const Fp2 root_sq = {st, a1_half_s};
  const Fp2 root_nsq = {-a1_half_s, st};
  const ct::Choice t_is_square = (s.square() * t).equals(Fp::one()) | t.is_zero();
  const Fp2 root = select(t_is_square, root_sq, root_nsq);
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
