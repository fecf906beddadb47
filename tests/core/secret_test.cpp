// SecretBytes and SecretArray: wiping, constant-time equality, move-only semantics.
#include "plx/core/secret.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "test_support.hpp"

namespace plx {
namespace {

// The type-level promises of secret.hpp: move-only, no implicit view as bytes.
static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
static_assert(std::is_nothrow_move_assignable_v<SecretBytes>);
static_assert(!std::is_convertible_v<SecretBytes, ByteSpan>);
static_assert(!std::is_convertible_v<const SecretBytes&, ByteSpan>);
static_assert(!std::is_copy_constructible_v<SecretArray<32>>);
static_assert(std::is_nothrow_move_constructible_v<SecretArray<32>>);
static_assert(!std::is_convertible_v<SecretArray<32>, ByteSpan>);
static_assert(SecretArray<32>::size() == 32);

bool all_zero(ByteSpan b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

const Bytes kKey = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

TEST(SecretBytes, HoldsAndExposesItsBytes) {
  SecretBytes s(kKey);
  EXPECT_EQ(s.size(), kKey.size());
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(std::ranges::equal(s.expose_secret(), kKey));
  s.expose_secret_mut()[0] = 0xff;
  EXPECT_EQ(s.expose_secret()[0], 0xff);
  SecretBytes z(5);
  EXPECT_EQ(z.size(), 5u);
  EXPECT_TRUE(all_zero(z.expose_secret()));
  EXPECT_TRUE(SecretBytes().empty());
}

TEST(SecretBytes, EqualityComparesContentsAndLengths) {
  const SecretBytes a(kKey);
  const SecretBytes b(kKey);
  EXPECT_TRUE(a == b);
  for (std::size_t i = 0; i < kKey.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes k = kKey;
      k[i] = static_cast<std::uint8_t>(k[i] ^ (1 << bit));
      EXPECT_FALSE(a == SecretBytes(k)) << i << "/" << bit;
    }
  }
  EXPECT_FALSE(a == SecretBytes(ByteSpan(kKey).first(15)));  // a prefix is not equal
  EXPECT_TRUE(SecretBytes() == SecretBytes());
  EXPECT_FALSE(SecretBytes() == SecretBytes(1));
}

TEST(SecretBytes, CloneIsAnIndependentCopy) {
  SecretBytes a(kKey);
  SecretBytes c = a.clone();
  EXPECT_TRUE(a == c);
  EXPECT_NE(a.expose_secret().data(), c.expose_secret().data());
  c.expose_secret_mut()[3] ^= 1;
  EXPECT_FALSE(a == c);
  EXPECT_TRUE(std::ranges::equal(a.expose_secret(), kKey));
}

TEST(SecretBytes, MoveTransfersTheBufferAndEmptiesTheSource) {
  SecretBytes a(kKey);
  const std::uint8_t* buf = a.expose_secret().data();
  SecretBytes b(std::move(a));
  EXPECT_EQ(b.expose_secret().data(), buf);  // moved, not copied (no stray copy to wipe)
  EXPECT_TRUE(a.empty());                    // NOLINT(bugprone-use-after-move): checked on purpose
  EXPECT_TRUE(std::ranges::equal(b.expose_secret(), kKey));

  SecretBytes c(3);
  c = std::move(b);
  EXPECT_EQ(c.expose_secret().data(), buf);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(std::ranges::equal(c.expose_secret(), kKey));
}

TEST(SecretBytes, ClearAndShrinkWipeTheReleasedBytes) {
  SecretBytes s(kKey);
  // libstdc++ keeps the capacity on shrink and clear, so the released bytes are still this
  // vector's storage and can be inspected without touching freed memory.
  std::uint8_t* buf = s.expose_secret_mut().data();
  s.resize(4);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_TRUE(std::ranges::equal(s.expose_secret(), ByteSpan(kKey).first(4)));
  EXPECT_TRUE(all_zero(ByteSpan(buf + 4, kKey.size() - 4)));
  s.clear();
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(all_zero(ByteSpan(buf, kKey.size())));
}

TEST(SecretBytes, GrowKeepsThePrefixAndZeroFills) {
  SecretBytes s(ByteSpan(kKey).first(3));
  s.resize(40);  // forces a reallocation; the old buffer goes through the wiping allocator
  ASSERT_EQ(s.size(), 40u);
  EXPECT_TRUE(std::ranges::equal(s.expose_secret().first(3), ByteSpan(kKey).first(3)));
  EXPECT_TRUE(all_zero(s.expose_secret().subspan(3)));
  s.append(kKey);
  EXPECT_EQ(s.size(), 40u + kKey.size());
  EXPECT_TRUE(std::ranges::equal(s.expose_secret().last(kKey.size()), kKey));
}

TEST(SecretBytes, SecureWipeZeroes) {
  Bytes b = kKey;
  internal::secure_wipe(b.data(), b.size());
  EXPECT_TRUE(all_zero(b));
  internal::secure_wipe(nullptr, 0);  // allowed
  EXPECT_TRUE(internal::secure_equal(kKey.data(), kKey.data(), kKey.size()));
  EXPECT_TRUE(internal::secure_equal(nullptr, nullptr, 0));
}

TEST(SecretArray, FixedSizeSemantics) {
  SecretArray<16> a(kKey);
  EXPECT_TRUE(std::ranges::equal(a.expose_secret(), kKey));
  SecretArray<16> c = a.clone();
  EXPECT_TRUE(a == c);
  c.expose_secret_mut()[15] ^= 0x80;
  EXPECT_FALSE(a == c);
  // A short input is zero-padded, a long one truncated.
  SecretArray<4> shortk(ByteSpan(kKey).first(2));
  EXPECT_EQ(shortk.expose_secret()[1], 2);
  EXPECT_EQ(shortk.expose_secret()[2], 0);
  SecretArray<4> longk(kKey);
  EXPECT_EQ(longk.expose_secret()[3], 4);
  EXPECT_TRUE(all_zero(SecretArray<8>().expose_secret()));
}

TEST(SecretArray, MoveWipesTheSource) {
  SecretArray<16> a(kKey);
  SecretArray<16> b(std::move(a));
  EXPECT_TRUE(std::ranges::equal(b.expose_secret(), kKey));
  EXPECT_TRUE(all_zero(a.expose_secret()));  // NOLINT(bugprone-use-after-move)
  SecretArray<16> c;
  c = std::move(b);
  EXPECT_TRUE(std::ranges::equal(c.expose_secret(), kKey));
  EXPECT_TRUE(all_zero(b.expose_secret()));  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace plx
