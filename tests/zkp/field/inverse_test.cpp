// Fp and Fr inversion (constant-time safegcd with hddivsteps, safegcd_internal.hpp) against
// Fermat's little theorem, x^-1 = x^(m-2), computed with the field's own multiplication.
//
// The safegcd runs on the Montgomery representative xR mod m, so the edge cases are built on
// that representative: Fp::from_montgomery sets it directly, and for Fr the element v·R^-1 has
// representative v. Cases: 0 (inverse 0), 1, 2, small integers, m - k, (m ± 1)/2, every power of
// two below m and 2^k mod m beyond, values with long runs of trailing zero bits, all-ones runs,
// and the inputs needing the most hddivsteps that a search found (the proven bounds the
// implementation runs are 878 steps for Fp and 590 for Fr; these reach g = 0 after 795 and 536,
// and an implementation stopping before step 791, or 532, returns a wrong inverse for them). The
// constant-time and the _vartime variant must agree everywhere.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "field_test_util.hpp"
#include "plx/zkp/bls12_381/fp.hpp"
#include "plx/zkp/bls12_381/fr.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using testing::random_fp;
using testing::random_fr;

constexpr Fp::Limbs kP = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
                          0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
constexpr Fr::Limbs kR = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL, 0x3339d80809a1d805ULL,
                          0x73eda753299d7d48ULL};

// Inputs (as the safegcd sees them) that a hill-climbing search over bit flips, started from
// random and structured values, found to need the most hddivsteps before g = 0. The second case
// of each test, the negation, has representative m - x: another input, checked for good measure.
constexpr const char* kFpHardest =  // 795 hddivsteps against p
    "192b23322b5bb736a38bc4e4b1e3bf76e69537a92235e66c"
    "645c16b3b9cc591e0f219da3a8a47e03b497688af46df378";
constexpr const char* kFrHardest =  // 536 hddivsteps against r
    "69194217c6aa18e66698b2500011fab4730ad39926277b4aab793a972b463cef";

// Limb helpers on canonical integers (little-endian 64-bit limbs).
template <std::size_t N>
std::array<std::uint64_t, N> sub_small(const std::array<std::uint64_t, N>& a, std::uint64_t k) {
  std::array<std::uint64_t, N> r = a;
  std::uint64_t borrow = k;
  for (std::size_t i = 0; i < N && borrow != 0; ++i) {
    const std::uint64_t before = r[i];
    r[i] -= borrow;
    borrow = before < borrow ? 1 : 0;
  }
  return r;
}
template <std::size_t N>
std::array<std::uint64_t, N> shr1(const std::array<std::uint64_t, N>& a) {
  std::array<std::uint64_t, N> r{};
  for (std::size_t i = 0; i < N; ++i) {
    r[i] = a[i] >> 1;
    if (i + 1 < N) r[i] |= a[i + 1] << 63;
  }
  return r;
}
// Big-endian hex (exactly 16·N digits or fewer) to limbs.
template <std::size_t N>
std::array<std::uint64_t, N> limbs_from_hex(const std::string& hex) {
  std::array<std::uint64_t, N> r{};
  std::size_t bit = 0;
  for (std::size_t i = hex.size(); i-- > 0; bit += 4) {
    const char c = hex[i];
    const std::uint64_t d =
        c <= '9' ? static_cast<std::uint64_t>(c - '0') : static_cast<std::uint64_t>(c - 'a' + 10);
    r[bit / 64] |= d << (bit % 64);
  }
  return r;
}
template <std::size_t N>
bool less(const std::array<std::uint64_t, N>& a, const std::array<std::uint64_t, N>& b) {
  for (std::size_t i = N; i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return false;
}

// x^e by square-and-multiply from the top bit (variable time; test reference only).
template <class F, std::size_t N>
F pow(const F& x, const std::array<std::uint64_t, N>& e) {
  F r = F::one();
  for (std::size_t i = N; i-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      r = r.square();
      if ((e[i] >> bit) & 1) r = r * x;
    }
  }
  return r;
}

// Structured representatives below m: the list the safegcd edge cases run over.
template <std::size_t N>
std::vector<std::array<std::uint64_t, N>> structured_inputs(const std::array<std::uint64_t, N>& m,
                                                            std::mt19937_64& rng) {
  using L = std::array<std::uint64_t, N>;
  std::vector<L> out;
  for (std::uint64_t k = 0; k <= 64; ++k) out.push_back(L{k});             // 0, 1, 2, ... 64
  for (std::uint64_t k = 1; k <= 64; ++k) out.push_back(sub_small(m, k));  // m - k
  const L half = shr1(m);                                                  // (m - 1)/2
  out.push_back(half);
  L half_up = half;
  ++half_up[0];  // (m + 1)/2: the low limb of (m - 1)/2 is not all ones for p or r, so no carry
  out.push_back(half_up);
  // Every power of two below m, and runs of ones 2^k - 1.
  for (std::size_t k = 0; k < 64 * N; ++k) {
    L pow2{};
    pow2[k / 64] = std::uint64_t{1} << (k % 64);
    if (less(pow2, m)) out.push_back(pow2);
    L ones{};
    for (std::size_t j = 0; j < k; ++j) ones[j / 64] |= std::uint64_t{1} << (j % 64);
    if (less(ones, m)) out.push_back(ones);
  }
  // Random values with their low t bits cleared (long runs of halvings at the start).
  for (std::size_t t = 1; t < 64 * N - 8; t += 7) {
    for (int rep = 0; rep < 3; ++rep) {
      L v{};
      for (auto& w : v) w = rng();
      v[N - 1] &= m[N - 1] >> 1;  // below m
      for (std::size_t j = 0; j < t; ++j) v[j / 64] &= ~(std::uint64_t{1} << (j % 64));
      out.push_back(v);
    }
  }
  return out;
}

template <class F, std::size_t N>
F fermat_inverse(const F& a, const std::array<std::uint64_t, N>& m) {
  return pow(a, sub_small(m, 2));
}

// The element of Fr whose Montgomery representative is v: v·R^-1, with R = 2^256 mod r built by
// doubling and R^-1 by Fermat.
Fr fr_with_representative(const Fr::Limbs& v) {
  static const Fr r_inv = [] {
    Fr two_256 = Fr::one();
    for (int i = 0; i < 256; ++i) two_256 = two_256 + two_256;
    return fermat_inverse(two_256, kR);
  }();
  return Fr::from_canonical(v) * r_inv;
}

// What the typed tests below need of each field.
template <class F>
struct FieldCase;
template <>
struct FieldCase<Fp> {
  static constexpr const Fp::Limbs& kMod = kP;
  static constexpr const char* kHardest = kFpHardest;
  static Fp with_representative(const Fp::Limbs& v) { return Fp::from_montgomery(v); }
  static Fp random(std::mt19937_64& rng) { return random_fp(rng); }
};
template <>
struct FieldCase<Fr> {
  static constexpr const Fr::Limbs& kMod = kR;
  static constexpr const char* kHardest = kFrHardest;
  static Fr with_representative(const Fr::Limbs& v) { return fr_with_representative(v); }
  static Fr random(std::mt19937_64& rng) { return random_fr(rng); }
};

template <class F>
void expect_inverse(const F& a) {
  const F inv = a.inverse();
  EXPECT_EQ(inv, fermat_inverse(a, FieldCase<F>::kMod))
      << ::testing::PrintToString(a.to_canonical());
  EXPECT_EQ(a.inverse_vartime(), inv) << ::testing::PrintToString(a.to_canonical());
  if (!a.is_zero().declassify()) {
    EXPECT_EQ(a * inv, F::one());
  }
}

template <class F>
class Inverse : public ::testing::Test {};
using Fields = ::testing::Types<Fp, Fr>;
TYPED_TEST_SUITE(Inverse, Fields);

TYPED_TEST(Inverse, MatchesFermatOnRandomValues) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 300; ++i) expect_inverse(FieldCase<TypeParam>::random(rng));
}

TYPED_TEST(Inverse, ZeroIsZeroAndKnownValues) {
  using F = TypeParam;
  EXPECT_EQ(F::zero().inverse(), F::zero());
  EXPECT_EQ(F::zero().inverse_vartime(), F::zero());
  EXPECT_EQ(F::one().inverse(), F::one());
  const F minus_one = -F::one();
  EXPECT_EQ(minus_one.inverse(), minus_one);
  EXPECT_EQ(minus_one.inverse_vartime(), minus_one);
  // 2^-1 = (m + 1)/2.
  auto half_up = shr1(FieldCase<F>::kMod);
  ++half_up[0];  // the low limb of (m - 1)/2 is not all ones for p or r, so no carry
  EXPECT_EQ(F::from_u64(2).inverse().to_canonical(), half_up);
  EXPECT_EQ(F::from_u64(2).inverse_vartime().to_canonical(), half_up);
}

TYPED_TEST(Inverse, StructuredGcdInputs) {
  using F = TypeParam;
  constexpr std::size_t kBits = 64 * std::tuple_size_v<typename F::Limbs>;
  std::mt19937_64 rng(::plx::testing::test_seed());
  const auto inputs = structured_inputs(FieldCase<F>::kMod, rng);
  ASSERT_GT(inputs.size(), 2 * kBits + 100);
  for (const auto& v : inputs) expect_inverse(FieldCase<F>::with_representative(v));
  // 2^k mod m past the top bit, for the doubling chain that wraps around m.
  F x = F::one();
  for (std::size_t k = 0; k < 2 * kBits; ++k, x = x + x) {
    expect_inverse(FieldCase<F>::with_representative(x.to_canonical()));
  }
}

TYPED_TEST(Inverse, HardestInputsFound) {
  using F = TypeParam;
  const auto hardest = limbs_from_hex<std::tuple_size_v<typename F::Limbs>>(FieldCase<F>::kHardest);
  ASSERT_TRUE(less(hardest, FieldCase<F>::kMod));
  expect_inverse(FieldCase<F>::with_representative(hardest));
  expect_inverse(-FieldCase<F>::with_representative(hardest));
}

TYPED_TEST(Inverse, ConstantTimeAndVartimeAgree) {
  using F = TypeParam;
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (int i = 0; i < 20000; ++i) {
    typename F::Limbs v{};
    for (auto& w : v) w = rng();
    v.back() &= FieldCase<F>::kMod.back() >> 1;  // below m: any representative
    const F a = FieldCase<F>::with_representative(v);
    const F inv = a.inverse();
    ASSERT_EQ(a.inverse_vartime(), inv) << ::testing::PrintToString(v);
    ASSERT_EQ(a * inv, F::one()) << ::testing::PrintToString(v);
  }
}

TEST(FrInverse, RepresentativeHelperSetsTheRepresentative) {
  // The element with representative 1 is R^-1, whose product with R = 2^256 is one.
  Fr two_256 = Fr::one();
  for (int i = 0; i < 256; ++i) two_256 = two_256 + two_256;
  EXPECT_EQ(fr_with_representative(Fr::Limbs{1}) * two_256, Fr::one());
  EXPECT_EQ(fr_with_representative(Fr::Limbs{0}), Fr::zero());
}

}  // namespace
}  // namespace plx::zkp::bls12_381
