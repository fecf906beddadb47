// ed25519_eighth / ed25519_is_eighth against libsodium (the independent reference for the point
// arithmetic) and against PublicKey::from_raw, whose rule (canonical, not of small order,
// torsion-free) an eighth must prove exactly.
#include "plx/crypto/ed25519_eighth.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <vector>

#include "ed25519_testing.hpp"
#include "plx/crypto/key.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::ed25519::add;
using ::plx::testing::ed25519::base_times;
using ::plx::testing::ed25519::kIdentity;
using ::plx::testing::ed25519::Point;
using ::plx::testing::ed25519::Scalar;
using ::plx::testing::ed25519::times;
using ::plx::testing::ed25519::torsion_point;
using ::plx::testing::ed25519::y_above_p;
using Rng = ::plx::testing::ed25519::SeededRandom;

Point to_point(const Bytes& b) {
  Point p{};
  EXPECT_EQ(b.size(), p.size());
  std::copy_n(b.begin(), std::min(b.size(), p.size()), p.begin());
  return p;
}

// The eight points of order dividing 8, T0 = identity.
std::vector<Point> small_order_points() {
  std::vector<Point> out;
  for (int j = 0; j < 8; ++j) out.push_back(times(torsion_point(), j));
  return out;
}

TEST(Ed25519Eighth, HonestKeysHaveAnEighthThatLibsodiumMultipliesBack) {
  Rng rng(0xe1);
  Scalar eight{};
  eight[0] = 8;
  for (int i = 0; i < 64; ++i) {
    const Point a = base_times(rng.scalar());
    auto c = ed25519_eighth(a);
    ASSERT_THAT(c, IsOk());
    ASSERT_EQ(c->size(), kEd25519EighthSize);
    Point back{};
    ASSERT_EQ(crypto_scalarmult_ed25519_noclamp(back.data(), eight.data(), c->data()), 0);
    EXPECT_EQ(back, a) << i;
    EXPECT_TRUE(ed25519_is_eighth(a, *c)) << i;
    // C plus any point of order dividing 8 is an eighth too.
    for (const Point& t : small_order_points()) {
      EXPECT_TRUE(ed25519_is_eighth(a, add(to_point(*c), t))) << i;
    }
  }
}

TEST(Ed25519Eighth, KeysWithATorsionComponentHaveNone) {
  Rng rng(0xe2);
  const auto torsion = small_order_points();
  for (int i = 0; i < 16; ++i) {
    const Point honest = base_times(rng.scalar());
    const Point honest_eighth = to_point(ed25519_eighth(honest).value());
    const Point other = base_times(rng.scalar());
    for (std::size_t j = 1; j < torsion.size(); ++j) {
      const Point mixed = add(honest, torsion[j]);
      EXPECT_THAT(ed25519_eighth(mixed), HasError(ErrorCode::kMalformed)) << i << "," << j;
      // The candidates closest to an answer: the honest part's eighths, any small-order shift.
      for (const Point& t : torsion) {
        EXPECT_FALSE(ed25519_is_eighth(mixed, add(honest_eighth, t))) << i << "," << j;
      }
      EXPECT_FALSE(ed25519_is_eighth(mixed, other));
    }
  }
}

TEST(Ed25519Eighth, SmallOrderAndMalformedKeysAreRefused) {
  const auto torsion = small_order_points();
  for (const Point& t : torsion) {
    EXPECT_THAT(ed25519_eighth(t), HasError(ErrorCode::kMalformed));
    // [8]t' is the identity for every small-order t': only the identity could match, and the
    // identity is refused.
    for (const Point& u : torsion) EXPECT_FALSE(ed25519_is_eighth(t, u));
  }
  Rng rng(0xe3);
  const Point a = base_times(rng.scalar());
  const Bytes c = ed25519_eighth(a).value();
  EXPECT_THAT(ed25519_eighth(ByteSpan(a).first(31)), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(ed25519_eighth(y_above_p(1, false)), HasError(ErrorCode::kMalformed));
  EXPECT_FALSE(ed25519_is_eighth(ByteSpan(a).first(31), c));
  EXPECT_FALSE(ed25519_is_eighth(a, ByteSpan(c).first(31)));
  Bytes longer = c;
  longer.push_back(0);
  EXPECT_FALSE(ed25519_is_eighth(a, longer));
  EXPECT_FALSE(ed25519_is_eighth(a, y_above_p(2, false)));
  EXPECT_FALSE(ed25519_is_eighth(y_above_p(3, true), c));
  EXPECT_FALSE(ed25519_is_eighth(a, a));  // A is not its own eighth ([8]A != A)
  EXPECT_FALSE(ed25519_is_eighth(kIdentity, kIdentity));
}

// An eighth is a proof of exactly what PublicKey::from_raw checks with a multiplication by L:
// over honest, mixed-order, small-order and random 32-byte keys, from_raw accepts a key iff it
// has an eighth that checks.
TEST(Ed25519Eighth, ProvesExactlyWhatFromRawAccepts) {
  Rng rng(0xe4);
  const auto torsion = small_order_points();
  std::vector<Bytes> keys;
  for (int i = 0; i < 16; ++i) {
    const Point honest = base_times(rng.scalar());
    keys.emplace_back(honest.begin(), honest.end());
    const Point mixed = add(honest, torsion[1 + rng.below(7)]);
    keys.emplace_back(mixed.begin(), mixed.end());
  }
  for (const Point& t : torsion) keys.emplace_back(t.begin(), t.end());
  for (int i = 0; i < 64; ++i) keys.push_back(rng.bytes(32));
  int accepted = 0;
  for (const Bytes& k : keys) {
    const bool from_raw = PublicKey::from_raw(KeyType::kEd25519, k).has_value();
    auto c = ed25519_eighth(k);
    const bool proven = c.has_value() && ed25519_is_eighth(k, *c);
    EXPECT_EQ(from_raw, proven) << hex_encode(k);
    accepted += from_raw ? 1 : 0;
  }
  EXPECT_GE(accepted, 16);  // the honest keys, and random strings that are subgroup points
}

// ed25519_key_of_eighth gives back the key of every eighth, whatever its small-order shift, and
// agrees with libsodium's point addition (an independent [8]C: C + C, twice more); small-order and
// malformed encodings prove no key.
TEST(Ed25519Eighth, KeyOfEighthIsTheKeyItProves) {
  Rng rng(0xe5);
  for (int i = 0; i < 64; ++i) {
    const Point a = base_times(rng.scalar());
    const Point c = to_point(ed25519_eighth(a).value());
    for (const Point& t : small_order_points()) {
      const Point shifted = add(c, t);
      auto key = ed25519_key_of_eighth(shifted);
      ASSERT_THAT(key, IsOk()) << i;
      EXPECT_EQ(to_point(*key), a) << i;
      Point c2{}, c4{}, c8{};
      ASSERT_EQ(crypto_core_ed25519_add(c2.data(), shifted.data(), shifted.data()), 0);
      ASSERT_EQ(crypto_core_ed25519_add(c4.data(), c2.data(), c2.data()), 0);
      ASSERT_EQ(crypto_core_ed25519_add(c8.data(), c4.data(), c4.data()), 0);
      EXPECT_EQ(c8, a) << i;
      EXPECT_TRUE(ed25519_is_eighth(*key, shifted)) << i;
    }
    // Any point is an eighth of the key it proves, including one with a torsion component: the
    // key is [8] of it, in the subgroup.
    const Point mixed = add(a, torsion_point());
    auto key = ed25519_key_of_eighth(mixed);
    ASSERT_THAT(key, IsOk());
    EXPECT_TRUE(ed25519_is_eighth(*key, mixed));
    EXPECT_NE(to_point(*key), mixed);
  }
  for (const Point& t : small_order_points()) {
    EXPECT_THAT(ed25519_key_of_eighth(t), HasError(ErrorCode::kMalformed));
  }
  const Point a = base_times(rng.scalar());
  const Bytes c = ed25519_eighth(a).value();
  EXPECT_THAT(ed25519_key_of_eighth(ByteSpan(c).first(31)), HasError(ErrorCode::kMalformed));
  Bytes longer = c;
  longer.push_back(0);
  EXPECT_THAT(ed25519_key_of_eighth(longer), HasError(ErrorCode::kMalformed));
  for (int k = 0; k < 19; ++k) {
    EXPECT_THAT(ed25519_key_of_eighth(y_above_p(k, k % 2 == 1)), HasError(ErrorCode::kMalformed))
        << k;
  }
}

}  // namespace
}  // namespace plx::crypto
