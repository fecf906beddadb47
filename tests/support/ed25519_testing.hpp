// Test-only Ed25519 building blocks over libsodium's point and scalar API, shared by the tests
// that craft signatures on purpose (small-order components, S + L, mixed-order keys):
// tests/crypto/ed25519_batch_test.cpp and tests/ledger_client/codec/verify_signatures_test.cpp.
// libsodium is the independent reference here: the code under test (crypto/src/ed25519_*) is ours.
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

#include "plx/core/bytes.hpp"
#include "plx/core/encoding.hpp"
#include "test_support.hpp"

namespace plx::testing::ed25519 {

using Point = std::array<std::uint8_t, crypto_core_ed25519_BYTES>;         // an encoding
using Scalar = std::array<std::uint8_t, crypto_core_ed25519_SCALARBYTES>;  // little-endian

// L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1), little-endian.
inline constexpr Scalar kOrderL = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                   0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                   0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};

// The neutral element (x, y) = (0, 1), canonical encoding.
inline constexpr Point kIdentity = {1};

// Randomness for a test, from test_seed() (printed as PLX_TEST_SEED, recorded as the "seed"
// property) mixed with a per-test salt, so that PLX_TEST_SEED=<n> replays a failure.
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t salt) : gen_(test_seed() ^ salt) {
    ::testing::Test::RecordProperty("seed", std::to_string(test_seed()));
  }
  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(gen_);
  }
  Bytes bytes(std::size_t n) {
    Bytes out(n);
    for (auto& b : out) b = static_cast<std::uint8_t>(gen_());
    return out;
  }
  // A uniform scalar mod L (a 512-bit draw reduced, as RFC 8032 §5.1.6 derives r).
  Scalar scalar() {
    const Bytes wide = bytes(crypto_core_ed25519_NONREDUCEDSCALARBYTES);
    Scalar s{};
    crypto_core_ed25519_scalar_reduce(s.data(), wide.data());
    return s;
  }

 private:
  std::mt19937_64 gen_;
};

inline Point add(const Point& p, const Point& q) {
  Point r{};
  EXPECT_EQ(crypto_core_ed25519_add(r.data(), p.data(), q.data()), 0)
      << "libsodium refused " << hex_encode(p) << " + " << hex_encode(q);
  return r;
}

// [j]P by repeated addition, so that small-order P works (scalarmult refuses those).
inline Point times(const Point& p, int j) {
  Point r = kIdentity;
  for (int i = 0; i < j; ++i) r = add(r, p);
  return r;
}

inline Point base_times(const Scalar& s) {
  Point r{};
  EXPECT_EQ(crypto_scalarmult_ed25519_base_noclamp(r.data(), s.data()), 0);
  return r;
}

// r + k a mod L.
inline Scalar mul_add(const Scalar& r, const Scalar& k, const Scalar& a) {
  Scalar ka{}, out{};
  crypto_core_ed25519_scalar_mul(ka.data(), k.data(), a.data());
  crypto_core_ed25519_scalar_add(out.data(), r.data(), ka.data());
  return out;
}

// k = SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 step 2), over the encodings as given.
inline Scalar challenge(ByteSpan r, ByteSpan a, ByteSpan msg) {
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r.data(), r.size());
  crypto_hash_sha512_update(&st, a.data(), a.size());
  crypto_hash_sha512_update(&st, msg.data(), msg.size());
  std::array<std::uint8_t, crypto_hash_sha512_BYTES> h{};
  crypto_hash_sha512_final(&st, h.data());
  Scalar k{};
  crypto_core_ed25519_scalar_reduce(k.data(), h.data());
  return k;
}

// R || S, the 64-byte signature.
inline Bytes signature(const Point& r, const Scalar& s) {
  Bytes sig(r.begin(), r.end());
  sig.insert(sig.end(), s.begin(), s.end());
  return sig;
}

// S + L on the little-endian S half of an R || S signature: S < L < 2^253, so the sum fits in
// 32 bytes and is the same residue mod L, which only the range check of RFC 8032 §5.1.7 step 1
// can reject.
inline void add_order_to_s(Bytes& sig) {
  ASSERT_EQ(sig.size(), 64u);
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned t = unsigned{sig[32 + i]} + kOrderL[i] + carry;
    sig[32 + i] = static_cast<std::uint8_t>(t);
    carry = t >> 8;
  }
  EXPECT_EQ(carry, 0u);
}

// A point of order 8: an entry of libsodium's small-order blocklist (ed25519_ref10.c,
// ge25519_has_small_order). Tests that rely on its order assert it.
inline Point torsion_point() {
  Point t{};
  const Bytes b = unhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
  std::copy(b.begin(), b.end(), t.begin());
  return t;
}

// An encoding of y = p + k (p = 2^255 - 19), sign bit `sign`: y >= p, so never canonical.
inline Point y_above_p(int k, bool sign) {
  Point e{};
  e.fill(0xff);
  e[0] = static_cast<std::uint8_t>(0xed + k);  // p's low byte is 0xed; k <= 18 keeps no carry
  e[31] = sign ? 0xff : 0x7f;
  return e;
}

}  // namespace plx::testing::ed25519
