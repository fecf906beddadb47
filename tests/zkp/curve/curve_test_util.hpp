// Helpers shared by the curve tests: seeded random scalars, field elements and points (in and
// out of the prime-order subgroups), and the group order r as bytes.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include "plx/core/bytes.hpp"
#include "plx/core/encoding.hpp"
#include "plx/zkp/bls12_381/fp.hpp"
#include "plx/zkp/bls12_381/fp2.hpp"
#include "plx/zkp/bls12_381/fr.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381::testing {

// r, big-endian.
inline Bytes order_r() {
  return plx::testing::unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
}

class Rng {
 public:
  explicit Rng(std::uint64_t salt) : gen_(plx::testing::test_seed() ^ (salt * 0x9e3779b97f4a7c15ULL)) {}
  std::uint64_t u64() { return gen_(); }
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(gen_());
    return b;
  }
  Fr scalar() { return Fr::from_bytes_wide(bytes(64)); }
  // Scalars that stress the edges too: 0, 1, r − 1, small values, and a few random ones.
  Fr edgy_scalar(std::size_t i) {
    switch (i % 8) {
      case 0: return Fr::zero();
      case 1: return Fr::one();
      case 2: return -Fr::one();
      case 3: return Fr::from_u64(gen_() & 0xff);
      default: return scalar();
    }
  }
  Fp fp() { return Fp::from_bytes_wide(bytes(64)); }
  Fp2 fp2() { return Fp2{fp(), fp()}; }

  G1 g1() { return G1::generator().mul_vartime(scalar()); }
  G2 g2() { return G2::generator().mul_vartime(scalar()); }

  // A point of E(Fp) from a random x, without cofactor clearing: almost surely outside G1.
  G1Affine g1_any() {
    for (;;) {
      const Fp x = fp();
      Fp y;
      const Fp rhs = x.square() * x + Fp::from_u64(4);
      if (rhs.sqrt(&y).declassify()) return G1Affine{x, y, false};
    }
  }
  G2Affine g2_any() {
    const Fp2 b{Fp::from_u64(4), Fp::from_u64(4)};
    for (;;) {
      const Fp2 x = fp2();
      Fp2 y;
      const Fp2 rhs = x.square() * x + b;
      if (rhs.sqrt(&y).declassify()) return G2Affine{x, y, false};
    }
  }

 private:
  std::mt19937_64 gen_;
};

// k·P by repeated addition (the definition), for small k.
template <class P>
P mul_by_additions(const P& p, unsigned k) {
  P acc = P::identity();
  for (unsigned i = 0; i < k; ++i) acc = acc + p;
  return acc;
}

inline Bytes be_u64(std::uint64_t v) {
  Bytes b(8);
  for (int i = 7; i >= 0; --i) {
    b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
  return b;
}

}  // namespace plx::zkp::bls12_381::testing
