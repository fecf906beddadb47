// ct:: helpers: masks, branch-free select, constant-time byte comparison and copy.
#include "plx/core/ct.hpp"

#include <random>
#include <type_traits>

#include "plx/core/bytes.hpp"
#include "test_support.hpp"

namespace plx {
namespace {

// A Choice must be declassified to branch on it.
static_assert(!std::is_convertible_v<ct::Choice, bool>);
static_assert(!std::is_constructible_v<bool, ct::Choice>);

constexpr std::uint64_t kAll = ~std::uint64_t{0};

TEST(Ct, ChoiceMasks) {
  EXPECT_EQ(ct::Choice::from_bit(1).mask(), kAll);
  EXPECT_EQ(ct::Choice::from_bit(0).mask(), 0u);
  EXPECT_EQ(ct::Choice::from_mask(kAll).mask(), kAll);
  const auto t = ct::Choice::from_bit(1);
  const auto f = ct::Choice::from_bit(0);
  EXPECT_TRUE(t.declassify());
  EXPECT_FALSE(f.declassify());
  EXPECT_EQ((t & f).mask(), 0u);
  EXPECT_EQ((t | f).mask(), kAll);
  EXPECT_EQ((!t).mask(), 0u);
  EXPECT_EQ((!f).mask(), kAll);
}

TEST(Ct, IsZeroEqualAndSelect) {
  EXPECT_TRUE(ct::is_zero(0).declassify());
  for (std::uint64_t v : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{1} << 63, kAll}) {
    EXPECT_FALSE(ct::is_zero(v).declassify()) << v;
  }
  EXPECT_TRUE(ct::equal(std::uint64_t{42}, std::uint64_t{42}).declassify());
  EXPECT_FALSE(ct::equal(std::uint64_t{42}, std::uint64_t{43}).declassify());
  EXPECT_FALSE(ct::equal(std::uint64_t{0}, kAll).declassify());
  EXPECT_EQ(ct::select(ct::Choice::from_bit(1), 7, 9), 7u);
  EXPECT_EQ(ct::select(ct::Choice::from_bit(0), 7, 9), 9u);

  std::mt19937_64 rng(testing::test_seed());
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t a = rng();
    const std::uint64_t b = i % 2 == 0 ? a : rng();
    EXPECT_EQ(ct::equal(a, b).declassify(), a == b);
    EXPECT_EQ(ct::select(ct::equal(a, b), a, ~a), a == b ? a : ~a);
  }
}

TEST(Ct, EqualBytes) {
  const Bytes a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_TRUE(ct::equal(a, a).declassify());
  EXPECT_TRUE(ct::equal(ByteSpan(), ByteSpan()).declassify());
  EXPECT_FALSE(ct::equal(a, ByteSpan(a).first(8)).declassify());  // lengths differ
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes b = a;
      b[i] = static_cast<std::uint8_t>(b[i] ^ (1 << bit));
      EXPECT_FALSE(ct::equal(a, b).declassify()) << i << "/" << bit;
    }
  }
}

TEST(Ct, ConditionalCopy) {
  const Bytes src = {0xaa, 0xbb, 0xcc};
  Bytes dst = {1, 2, 3};
  ct::conditional_copy(ct::Choice::from_bit(0), dst, src);
  EXPECT_EQ(dst, (Bytes{1, 2, 3}));
  ct::conditional_copy(ct::Choice::from_bit(1), dst, src);
  EXPECT_EQ(dst, src);
}

TEST(Ct, DeclassifyIsIdentity) {
  EXPECT_EQ(ct::declassify(123), 123);
  EXPECT_EQ(ct::barrier(0xdeadbeef), 0xdeadbeefu);
}

}  // namespace
}  // namespace plx
