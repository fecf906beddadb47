// Fp inversion: safegcd (safegcd_internal.hpp) on the Montgomery representative, then one
// Montgomery multiplication by R^3 to land back in Montgomery form:
// (aR)^-1 · R^3 · R^-1 = a^-1 · R.
#include "bls12_381/fp_internal.hpp"
#include "bls12_381/safegcd_internal.hpp"

namespace plx::zkp::bls12_381 {

namespace {
// R^3 mod p, R = 2^384.
constexpr Fp::Limbs kR3 = {0xed48ac6bd94ca1e0ULL, 0x315f831e03a7adf8ULL, 0x9a53352a615e29ddULL,
                           0x34c04e5e921e1761ULL, 0x2512d43565724728ULL, 0x0aa6346091755d4dULL};
using Gcd = internal::SafeGcd<internal::FpModulus>;
}  // namespace

Fp Fp::inverse() const noexcept {
  const Limbs raw = Gcd::invert<false>(l_);
  Fp r;
  internal::fp_mul(r.l_.data(), raw.data(), kR3.data());
  return r;
}

Fp Fp::inverse_vartime() const noexcept {
  const Limbs raw = Gcd::invert<true>(l_);
  Fp r;
  internal::fp_mul(r.l_.data(), raw.data(), kR3.data());
  return r;
}

}  // namespace plx::zkp::bls12_381
