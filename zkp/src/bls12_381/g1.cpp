// G1 of BLS12-381: E(Fp): y^2 = x^3 + 4, the order-r subgroup.
//
// Scalar multiplication uses the GLV endomorphism σ(x, y) = (β·x, y), β a primitive cube root of
// unity in Fp chosen so that σ acts on G1 as [−z] with z = u² (u = −0xd201000000010000). Then
// k = k1 + k2·z (k1 < z, k2 < 2^128) gives k·P = k1·P + k2·(−σ(P)): two half-length scalars that
// share their doublings. The subgroup check is Scott's test (eprint 2021/1130, §6):
// P ∈ G1 iff σ(P) = [−u²]P, checked here as [u²]P == −σ(P) with two sparse multiplications by |u|.
#include "plx/zkp/bls12_381/g1.hpp"

#include <array>
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bls12_381/curve_internal.hpp"
#include "bls12_381/g1_internal.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using internal::Aff;
using internal::Jac;
using J1 = Jac<Fp>;
using A1 = Aff<Fp>;

// 4 in Montgomery form (the curve constant b).
constexpr Fp kB = Fp::from_montgomery({0xaa270000000cfff3ULL, 0x53cc0032fc34000aULL,
                                       0x478fe97a6b0a807fULL, 0xb1d37ebee6ba24d7ULL,
                                       0x8ec9733bbf78ab2fULL, 0x09d645513d83de7eULL});
// β = 0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe, a cube
// root of unity with σ(P) = [−u²]P on G1 (the other root gives [u² − 1]); Montgomery form.
constexpr Fp kBeta = Fp::from_montgomery({0x30f1361b798a64e8ULL, 0xf3b8ddab7ece5a2aULL,
                                          0x16a8ca3ac61577f7ULL, 0xc26a2ff874fd029bULL,
                                          0x3636b76660701c6eULL, 0x051ba4ab241b6160ULL});
// The generator of draft-irtf-cfrg-pairing-friendly-curves §4.2.1 (Montgomery form).
constexpr Fp kGenX = Fp::from_montgomery({0x5cb38790fd530c16ULL, 0x7817fc679976fff5ULL,
                                          0x154f95c7143ba1c1ULL, 0xf0ae6acdf3d0e747ULL,
                                          0xedce6ecc21dbf440ULL, 0x120177419e0bfb75ULL});
constexpr Fp kGenY = Fp::from_montgomery({0xbaac93d50ce72271ULL, 0x8c22631a7918fd8eULL,
                                          0xdd595f13570725ceULL, 0x51ac582950405194ULL,
                                          0x0e1c8c3fad0059c0ULL, 0x0bbc3efc5008a26aULL});

using internal::kCompressedFlag;
using internal::kInfinityFlag;
using internal::kSortFlag;

J1 to_j(const G1& p) noexcept { return J1{p.x(), p.y(), p.z()}; }
G1 from_j(const J1& j) noexcept { return G1(j.x, j.y, j.z); }

// −σ(P) = (β·X, −Y, Z): acts as [u²] on G1.
J1 neg_sigma(const J1& p) noexcept { return J1{p.x * kBeta, -p.y, p.z}; }

bool on_curve_affine(const Fp& x, const Fp& y) noexcept { return y.square() == x.square() * x + kB; }

// Scott's test, see the file comment. REQUIRES: p on the curve.
bool in_subgroup_vartime(const J1& p) noexcept {
  if (p.z.is_zero().declassify()) return true;
  const J1 zp = internal::mul_abs_u_vartime(internal::mul_abs_u_vartime(p));  // [u²]P
  return internal::jac_equal(zp, neg_sigma(p));
}

Error encoding_error(std::string msg, std::string where) {
  return Error(ErrorCode::kInvalidArgument, "G1 point: " + std::move(msg), std::move(where));
}

// A 48-byte big-endian field element with the flag bits cleared.
Result<Fp> parse_coordinate(const std::uint8_t* p, bool clear_flags, const char* name) {
  std::array<std::uint8_t, 48> buf;
  std::memcpy(buf.data(), p, 48);
  if (clear_flags) buf[0] &= 0x1f;
  auto f = Fp::from_bytes(buf);
  if (!f.has_value()) {
    return encoding_error(std::string(name) + " coordinate is not a canonical field element (>= p)",
                          name);
  }
  return *f;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// G1Affine

G1Affine G1Affine::generator() noexcept { return G1Affine{kGenX, kGenY, false}; }

Result<G1Affine> G1Affine::from_coordinates(const Fp& x, const Fp& y) {
  if (!on_curve_affine(x, y)) return encoding_error("(x, y) is not on the curve y^2 = x^3 + 4", "");
  return G1Affine{x, y, false};
}

bool G1Affine::is_on_curve() const noexcept { return infinity || on_curve_affine(x, y); }

bool G1Affine::is_in_subgroup_vartime() const noexcept {
  if (infinity) return true;
  return is_on_curve() && in_subgroup_vartime(J1{x, y, Fp::one()});
}

std::array<std::uint8_t, 48> G1Affine::to_compressed() const noexcept {
  // Branch-free in the point (see G1::to_affine): the identity's x is 0, and its flags are chosen
  // by mask.
  std::array<std::uint8_t, 48> out = x.to_bytes();
  const std::uint64_t inf = ct::Choice::from_bit(infinity ? 1 : 0).mask();
  const std::uint64_t sort = y.lexicographically_largest().mask() & ~inf;
  const std::uint64_t flags =
      kCompressedFlag | (inf & kInfinityFlag) | (sort & kSortFlag);
  out[0] = static_cast<std::uint8_t>((out[0] & ~inf) | flags);
  for (std::size_t i = 1; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(out[i] & ~inf);
  return out;
}

std::array<std::uint8_t, 96> G1Affine::to_uncompressed() const noexcept {
  std::array<std::uint8_t, 96> out{};
  if (infinity) {
    out[0] = kInfinityFlag;
    return out;
  }
  const auto xb = x.to_bytes();
  const auto yb = y.to_bytes();
  std::memcpy(out.data(), xb.data(), 48);
  std::memcpy(out.data() + 48, yb.data(), 48);
  return out;
}

Result<G1Affine> G1Affine::from_compressed(ByteSpan bytes) {
  if (bytes.size() != 48) {
    return encoding_error("a compressed encoding is 48 bytes, got " + std::to_string(bytes.size()),
                          "length");
  }
  const internal::FlagCheck fc = internal::check_encoding_flags(bytes, true);
  if (fc.error != nullptr) return encoding_error(fc.error, fc.where);
  if (fc.identity) return G1Affine::identity();
  const std::uint8_t flags = bytes[0];
  PLX_TRY(const Fp x, parse_coordinate(bytes.data(), true, "x"));
  Fp y;
  const Fp rhs = x.square() * x + kB;
  if (!rhs.sqrt(&y).declassify()) {
    return encoding_error("x is not the x-coordinate of a point on the curve", "x");
  }
  const bool want_largest = (flags & kSortFlag) != 0;
  if (y.lexicographically_largest().declassify() != want_largest) y = -y;
  G1Affine p{x, y, false};
  if (!in_subgroup_vartime(J1{x, y, Fp::one()})) {
    return encoding_error("the point is not in the prime-order subgroup G1", "");
  }
  return p;
}

Result<G1Affine> G1Affine::from_uncompressed(ByteSpan bytes) {
  if (bytes.size() != 96) {
    return encoding_error(
        "an uncompressed encoding is 96 bytes, got " + std::to_string(bytes.size()), "length");
  }
  const internal::FlagCheck fc = internal::check_encoding_flags(bytes, false);
  if (fc.error != nullptr) return encoding_error(fc.error, fc.where);
  if (fc.identity) return G1Affine::identity();
  PLX_TRY(const Fp x, parse_coordinate(bytes.data(), true, "x"));
  PLX_TRY(const Fp y, parse_coordinate(bytes.data() + 48, false, "y"));
  if (!on_curve_affine(x, y)) return encoding_error("the point is not on the curve", "");
  if (!in_subgroup_vartime(J1{x, y, Fp::one()})) {
    return encoding_error("the point is not in the prime-order subgroup G1", "");
  }
  return G1Affine{x, y, false};
}

// ---------------------------------------------------------------------------------------------
// G1

G1::G1(const G1Affine& p) noexcept
    : x_(Fp::select(ct::Choice::from_bit(p.infinity ? 1 : 0), Fp::one(), p.x)),
      y_(Fp::select(ct::Choice::from_bit(p.infinity ? 1 : 0), Fp::one(), p.y)),
      z_(Fp::select(ct::Choice::from_bit(p.infinity ? 1 : 0), Fp::zero(), Fp::one())) {}

G1Affine G1::to_affine() const noexcept {
  // Branch-free, so that points computed from secrets (a BBS signature before it is released)
  // can be normalised under the valgrind ctime test: the identity has Z = 0, whose "inverse" is
  // 0, giving x = y = 0, which is exactly G1Affine::identity()'s representation.
  const A1 a = internal::jac_to_aff(to_j(*this));
  return G1Affine{a.x, a.y, (is_identity().mask() & 1) != 0};
}

void G1::batch_to_affine(std::span<const G1> in, std::span<G1Affine> out) {
  PLX_CHECK(in.size() == out.size());
  internal::points_to_affine<Fp, G1, G1Affine>(in, out);
}

G1 G1::operator+(const G1& b) const noexcept { return from_j(internal::add(to_j(*this), to_j(b))); }

G1 G1::operator+(const G1Affine& b) const noexcept {
  return from_j(internal::add_mixed(to_j(*this), A1{b.x, b.y},
                                    ct::Choice::from_bit(b.infinity ? 1 : 0)));
}

G1 G1::operator-() const noexcept { return G1(x_, -y_, z_); }

G1 G1::dbl() const noexcept { return from_j(internal::dbl(to_j(*this))); }

G1 G1::mul(const Fr& k) const noexcept {
  // Fixed signed windows of 5 bits over both 128-bit halves: 26 windows cover bits 0..129, so
  // the top digit is never negative. Tables hold 1..16 times P and −σ(P) in affine form (one
  // constant-time inversion for the 16 entries; a mixed addition then costs 12 multiplications
  // instead of 17); each digit's entry is found by scanning the whole table (aff_lookup), so
  // memory access is independent of k.
  constexpr unsigned kW = 5;
  constexpr std::size_t kWindows = 26;
  constexpr std::size_t kTable = 16;
  const internal::GlvSplit s = internal::glv_split(k.to_canonical());
  const J1 p = to_j(*this);
  const ct::Choice p_inf = p.z.is_zero();
  std::array<J1, kTable> tj;
  tj[0] = p;
  tj[1] = internal::dbl(p);
  for (std::size_t i = 2; i < kTable; ++i) tj[i] = internal::add(tj[i - 1], p);
  std::array<A1, kTable> t1;
  std::array<A1, kTable> t2;
  std::vector<ct::Choice> t_inf(kTable, ct::Choice::from_bit(0));
  internal::jac_batch_to_aff<Fp>(tj, t1, t_inf.data());  // all identity iff P is
  for (std::size_t i = 0; i < kTable; ++i) t2[i] = A1{t1[i].x * kBeta, -t1[i].y};
  J1 acc = internal::jac_identity<Fp>();
  auto add_digit = [&acc, p_inf](const std::array<A1, kTable>& t, internal::BoothDigit d) {
    A1 e = internal::aff_lookup(t.data(), kTable, d.abs);
    e.y = internal::raw_select(d.neg, -e.y, e.y);
    acc = internal::add_mixed(acc, e, ct::is_zero(d.abs) | p_inf);
  };
  for (std::size_t i = kWindows; i-- > 0;) {
    if (i != kWindows - 1) {
      for (unsigned j = 0; j < kW; ++j) acc = internal::dbl(acc);
    }
    add_digit(t1, internal::booth_digit(s.k1.data(), 2, i, kW));
    add_digit(t2, internal::booth_digit(s.k2.data(), 2, i, kW));
  }
  return from_j(acc);
}

G1 G1::mul_vartime(const Fr& k) const noexcept {
  const J1 p = to_j(*this);
  if (p.z.is_zero().declassify()) return G1::identity();
  constexpr unsigned kW = 5;
  constexpr std::size_t kOdd = 8;  // P, 3P, ..., 15P
  const internal::GlvSplit s = internal::glv_split(k.to_canonical());
  std::array<std::int8_t, 136> n1{}, n2{};
  const std::size_t l1 = internal::wnaf(s.k1.data(), 2, kW, n1.data(), n1.size());
  const std::size_t l2 = internal::wnaf(s.k2.data(), 2, kW, n2.data(), n2.size());
  std::array<J1, kOdd> tj;
  tj[0] = p;
  const J1 p2 = internal::dbl(p);
  for (std::size_t i = 1; i < kOdd; ++i) tj[i] = internal::add_vartime(tj[i - 1], p2);
  std::array<A1, kOdd> t1;
  std::array<A1, kOdd> t2;
  bool inf[kOdd];
  internal::jac_batch_to_aff_vartime<Fp>(tj, t1, inf);
  for (std::size_t i = 0; i < kOdd; ++i) t2[i] = A1{t1[i].x * kBeta, -t1[i].y};
  J1 acc = internal::jac_identity<Fp>();
  for (std::size_t i = std::max(l1, l2); i-- > 0;) {
    acc = internal::dbl(acc);
    if (n1[i] > 0) acc = internal::add_mixed_vartime(acc, t1[static_cast<std::size_t>(n1[i] / 2)]);
    if (n1[i] < 0) {
      const A1& e = t1[static_cast<std::size_t>(-n1[i] / 2)];
      acc = internal::add_mixed_vartime(acc, A1{e.x, -e.y});
    }
    if (n2[i] > 0) acc = internal::add_mixed_vartime(acc, t2[static_cast<std::size_t>(n2[i] / 2)]);
    if (n2[i] < 0) {
      const A1& e = t2[static_cast<std::size_t>(-n2[i] / 2)];
      acc = internal::add_mixed_vartime(acc, A1{e.x, -e.y});
    }
  }
  return from_j(acc);
}

G1 G1::mul_bytes_vartime(ByteSpan k_be) const noexcept {
  return from_j(internal::mul_bytes_vartime(to_j(*this), k_be));
}

ct::Choice G1::is_identity() const noexcept { return z_.is_zero(); }

bool G1::is_on_curve() const noexcept { return internal::jac_on_curve(to_j(*this), kB); }

bool G1::is_in_subgroup_vartime() const noexcept {
  return is_on_curve() && in_subgroup_vartime(to_j(*this));
}

G1 G1::select(ct::Choice c, const G1& a, const G1& b) noexcept {
  return from_j(internal::jac_select(c, to_j(a), to_j(b)));
}

bool operator==(const G1& a, const G1& b) noexcept {
  return internal::jac_equal(J1{a.x(), a.y(), a.z()}, J1{b.x(), b.y(), b.z()});
}

namespace internal {
// For msm.cpp: the endomorphism constant, shared rather than repeated.
const Fp& g1_beta() noexcept { return kBeta; }
}  // namespace internal

}  // namespace plx::zkp::bls12_381
