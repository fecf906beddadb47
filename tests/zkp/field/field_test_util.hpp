// Helpers for the field tests: seeded random elements and a bit-serial reference multiplier
// (double-and-add on canonical integers, no Montgomery) to check the kernels against.
#pragma once

#include <array>
#include <cstdint>
#include <random>

#include "plx/zkp/bls12_381/fp.hpp"
#include "plx/zkp/bls12_381/fp2.hpp"
#include "plx/zkp/bls12_381/fr.hpp"

namespace plx::zkp::bls12_381::testing {

inline Fp random_fp(std::mt19937_64& rng) {
  std::array<std::uint8_t, 64> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return Fp::from_bytes_wide(b);
}
inline Fr random_fr(std::mt19937_64& rng) {
  std::array<std::uint8_t, 64> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return Fr::from_bytes_wide(b);
}
inline Fp2 random_fp2(std::mt19937_64& rng) { return {random_fp(rng), random_fp(rng)}; }

// Canonical-integer arithmetic mod m on N limbs, written the slow obvious way.
template <std::size_t N>
struct RefField {
  std::array<std::uint64_t, N> m;

  static bool geq(const std::array<std::uint64_t, N>& a, const std::array<std::uint64_t, N>& b) {
    for (std::size_t i = N; i-- > 0;) {
      if (a[i] != b[i]) return a[i] > b[i];
    }
    return true;
  }
  // a + b mod m for a, b < m (m < 2^(64N-1), so no overflow).
  std::array<std::uint64_t, N> add(const std::array<std::uint64_t, N>& a,
                                   const std::array<std::uint64_t, N>& b) const {
    std::array<std::uint64_t, N> r{};
    std::uint64_t c = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const std::uint64_t s = a[i] + c;
      const std::uint64_t c1 = s < c ? 1 : 0;
      r[i] = s + b[i];
      c = c1 + (r[i] < s ? 1 : 0);
    }
    if (geq(r, m)) {
      std::uint64_t br = 0;
      for (std::size_t i = 0; i < N; ++i) {
        const std::uint64_t d = r[i] - m[i] - br;
        br = (r[i] < m[i] || (r[i] == m[i] && br)) ? 1 : 0;
        r[i] = d;
      }
    }
    return r;
  }
  std::array<std::uint64_t, N> mul(const std::array<std::uint64_t, N>& a,
                                   const std::array<std::uint64_t, N>& b) const {
    std::array<std::uint64_t, N> r{};
    for (std::size_t i = N; i-- > 0;) {
      for (int bit = 63; bit >= 0; --bit) {
        r = add(r, r);
        if ((b[i] >> bit) & 1) r = add(r, a);
      }
    }
    return r;
  }
};

}  // namespace plx::zkp::bls12_381::testing
