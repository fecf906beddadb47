// Scalar recoding for the curve code: the GLV (G1) and GLS (G2) endomorphism splits, done in
// constant time with Barrett division by public constants, and width-w NAF for public scalars.
#include <array>
#include <cstddef>
#include <cstdint>

#include "bls12_381/curve_internal.hpp"

namespace plx::zkp::bls12_381::internal {
namespace {

__extension__ typedef unsigned __int128 u128;

// out = a·b (schoolbook; sizes are public, the loop shape never depends on the values).
template <std::size_t NA, std::size_t NB>
std::array<std::uint64_t, NA + NB> mp_mul(const std::array<std::uint64_t, NA>& a,
                                          const std::array<std::uint64_t, NB>& b) noexcept {
  std::array<std::uint64_t, NA + NB> out{};
  for (std::size_t i = 0; i < NA; ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < NB; ++j) {
      const u128 t = static_cast<u128>(a[i]) * b[j] + out[i + j] + carry;
      out[i + j] = static_cast<std::uint64_t>(t);
      carry = static_cast<std::uint64_t>(t >> 64);
    }
    out[i + NB] = carry;
  }
  return out;
}

// out = a − b over N limbs; returns the borrow (0 or 1).
template <std::size_t N>
std::uint64_t mp_sub(std::array<std::uint64_t, N>& out, const std::array<std::uint64_t, N>& a,
                     const std::array<std::uint64_t, N>& b) noexcept {
  std::uint64_t borrow = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const u128 t = static_cast<u128>(a[i]) - b[i] - borrow;
    out[i] = static_cast<std::uint64_t>(t);
    borrow = static_cast<std::uint64_t>(t >> 64) & 1;
  }
  return borrow;
}

// a += c (a single limb, carried through).
template <std::size_t N>
void mp_add_small(std::array<std::uint64_t, N>& a, std::uint64_t c) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    const u128 t = static_cast<u128>(a[i]) + c;
    a[i] = static_cast<std::uint64_t>(t);
    c = static_cast<std::uint64_t>(t >> 64);
  }
}

// Barrett division of a 4-limb x by a public divisor d (ND limbs), with mu = floor(2^256 / d)
// (NM limbs): q = floor(x·mu / 2^256) is at most one below the true quotient, and the
// remainder is then fixed by two conditional subtractions chosen with masks (no branch on x).
template <std::size_t ND, std::size_t NM>
void barrett_divmod(const std::array<std::uint64_t, 4>& x, const std::array<std::uint64_t, ND>& d,
                    const std::array<std::uint64_t, NM>& mu, std::array<std::uint64_t, 4>* q_out,
                    std::array<std::uint64_t, 4>* r_out) noexcept {
  const auto prod = mp_mul(x, mu);
  std::array<std::uint64_t, 4> q{};
  for (std::size_t i = 0; i < 4 && 4 + i < prod.size(); ++i) q[i] = prod[4 + i];
  const auto qd = mp_mul(q, d);
  std::array<std::uint64_t, 4> qd4{};
  for (std::size_t i = 0; i < 4; ++i) qd4[i] = qd[i];
  std::array<std::uint64_t, 4> r{};
  (void)mp_sub(r, x, qd4);  // exact: q·d <= x
  std::array<std::uint64_t, 4> d4{};
  for (std::size_t i = 0; i < ND; ++i) d4[i] = d[i];
  for (int round = 0; round < 2; ++round) {
    std::array<std::uint64_t, 4> t{};
    const std::uint64_t borrow = mp_sub(t, r, d4);
    const ct::Choice ge = ct::is_zero(borrow);  // r >= d
    for (std::size_t i = 0; i < 4; ++i) r[i] = ct::select(ge, t[i], r[i]);
    mp_add_small(q, ge.mask() & 1);
  }
  *q_out = q;
  *r_out = r;
}

// z = u² = 0xac45a4010001a4020000000100000000 and floor(2^256 / z).
constexpr std::array<std::uint64_t, 2> kZ = {0x0000000100000000ULL, 0xac45a4010001a402ULL};
constexpr std::array<std::uint64_t, 3> kMuZ = {0x63f6e522f6cfee2eULL, 0x7c6becf1e01faaddULL,
                                               0x0000000000000001ULL};
// |u| and floor(2^256 / |u|).
constexpr std::array<std::uint64_t, 1> kU = {kAbsU};
constexpr std::array<std::uint64_t, 4> kMuU = {0x92078a5e8573b29cULL, 0x33cfcc0d3e76ec28ULL,
                                               0x381204ca56cd56b5ULL, 0x0000000000000001ULL};

}  // namespace

GlvSplit glv_split(const std::array<std::uint64_t, 4>& k) noexcept {
  std::array<std::uint64_t, 4> q{}, r{};
  barrett_divmod(k, kZ, kMuZ, &q, &r);
  return GlvSplit{{r[0], r[1]}, {q[0], q[1]}};
}

std::array<std::uint64_t, 4> gls_split(const std::array<std::uint64_t, 4>& k) noexcept {
  std::array<std::uint64_t, 4> out{};
  std::array<std::uint64_t, 4> x = k;
  for (std::size_t i = 0; i < 3; ++i) {
    std::array<std::uint64_t, 4> q{}, r{};
    barrett_divmod(x, kU, kMuU, &q, &r);
    out[i] = r[0];
    x = q;
  }
  out[3] = x[0];  // k < r < |u|^4, so the last quotient is below |u|
  return out;
}

std::size_t wnaf(const std::uint64_t* k, std::size_t nlimbs, unsigned w, std::int8_t* out,
                 std::size_t out_len) noexcept {
  // One spare limb: subtracting a negative digit can carry past the top.
  std::array<std::uint64_t, 6> v{};
  for (std::size_t i = 0; i < nlimbs && i < 5; ++i) v[i] = k[i];
  const std::uint64_t mask = (std::uint64_t{1} << w) - 1;
  const std::int64_t half = std::int64_t{1} << (w - 1);
  std::size_t len = 0;
  auto nonzero = [&v] {
    for (const auto limb : v)
      if (limb != 0) return true;
    return false;
  };
  while (nonzero() && len < out_len) {
    std::int64_t d = 0;
    if ((v[0] & 1) != 0) {
      d = static_cast<std::int64_t>(v[0] & mask);
      if (d >= half) d -= std::int64_t{1} << w;
      if (d > 0) {
        v[0] -= static_cast<std::uint64_t>(d);  // the low bits are d itself: no borrow
      } else {
        std::array<std::uint64_t, 6> tmp = v;
        mp_add_small(tmp, static_cast<std::uint64_t>(-d));
        v = tmp;
      }
    }
    out[len++] = static_cast<std::int8_t>(d);
    for (std::size_t i = 0; i + 1 < v.size(); ++i) v[i] = (v[i] >> 1) | (v[i + 1] << 63);
    v[v.size() - 1] >>= 1;
  }
  return len;
}

}  // namespace plx::zkp::bls12_381::internal
