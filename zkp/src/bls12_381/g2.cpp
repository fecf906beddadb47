// G2 of BLS12-381: the order-r subgroup of the sextic twist E'(Fp2): y^2 = x^3 + 4(1 + u).
//
// ψ = untwist ∘ Frobenius ∘ twist acts on E' as ψ(x, y) = (x̄·cx, ȳ·cy) with
// cx = 1/(1+u)^((p−1)/3) and cy = 1/(1+u)^((p−1)/2) (x̄ the Fp2 conjugate). On G2, ψ acts as
// multiplication by the BLS parameter u = −0xd201000000010000 (tests check ψ(P) == [u]P on G2
// and that the relation fails for points outside it).
//  - Subgroup check (Scott, eprint 2021/1130, §4): P ∈ G2 iff ψ(P) == [u]P, checked here as
//    [|u|]P == −ψ(P): one 64-bit multiplication instead of a 255-bit one.
//  - Constant-time multiplication (GLS, 4 dimensions): k = d0 + d1·|u| + d2·|u|² + d3·|u|³ with
//    64-bit digits, and [|u|] = −ψ, so k·P = Σ d_i·(−ψ)^i(P): 4 scalars sharing 64 doublings.
#include "plx/zkp/bls12_381/g2.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bls12_381/curve_internal.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using internal::Aff;
using internal::Jac;
using J2 = Jac<Fp2>;
using A2 = Aff<Fp2>;

constexpr Fp mont(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d,
                  std::uint64_t e, std::uint64_t f) {
  return Fp::from_montgomery({a, b, c, d, e, f});
}

// b' = 4(1 + u): both coefficients are 4 (Montgomery form).
constexpr Fp kFour = mont(0xaa270000000cfff3ULL, 0x53cc0032fc34000aULL, 0x478fe97a6b0a807fULL,
                          0xb1d37ebee6ba24d7ULL, 0x8ec9733bbf78ab2fULL, 0x09d645513d83de7eULL);
constexpr Fp2 kB2{kFour, kFour};

// The generator of draft-irtf-cfrg-pairing-friendly-curves §4.2.1 (Montgomery form).
constexpr Fp2 kGenX{mont(0xf5f28fa202940a10ULL, 0xb3f5fb2687b4961aULL, 0xa1a893b53e2ae580ULL,
                         0x9894999d1a3caee9ULL, 0x6f67b7631863366bULL, 0x058191924350bcd7ULL),
                    mont(0xa5a9c0759e23f606ULL, 0xaaa0c59dbccd60c3ULL, 0x3bb17e18e2867806ULL,
                         0x1b1ab6cc8541b367ULL, 0xc2b6ed0ef2158547ULL, 0x11922a097360edf3ULL)};
constexpr Fp2 kGenY{mont(0x4c730af860494c4aULL, 0x597cfa1f5e369c5aULL, 0xe7e6856caa0a635aULL,
                         0xbbefb5e96e0d495fULL, 0x07d3a975f0ef25a2ULL, 0x0083fd8e7e80dae5ULL),
                    mont(0xadc0fc92df64b05dULL, 0x18aa270a2b1461dcULL, 0x86adac6a3be4eba0ULL,
                         0x79495c4ec93da33aULL, 0xe7175850a43ccaedULL, 0x0b2bc2a163de1bf2ULL)};

// ψ constants: cx = 1/(1+u)^((p−1)/3) has c0 = 0, c1 =
// 0x1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaad;
// cy = 1/(1+u)^((p−1)/2) = 0x135203e6...bdea2 + 0x06af0e04...3cc09·u (Montgomery form below).
constexpr Fp kPsiCx1 = mont(0x890dc9e4867545c3ULL, 0x2af322533285a5d5ULL, 0x50880866309b7e2cULL,
                            0xa20d1b8c7e881024ULL, 0x14e4f04fe2db9068ULL, 0x14e56d3f1564853aULL);
constexpr Fp2 kPsiCy{mont(0x3e2f585da55c9ad1ULL, 0x4294213d86c18183ULL, 0x382844c88b623732ULL,
                          0x92ad2afd19103e18ULL, 0x1d794e4fac7cf0b9ULL, 0x0bd592fc7d825ec8ULL),
                     mont(0x7bcfa7a25aa30fdaULL, 0xdc17dec12a927e7cULL, 0x2f088dd86b4ebef1ULL,
                          0xd1ca2087da74d4a7ULL, 0x2da2596696cebc1dULL, 0x0e2b7eedbbfd87d2ULL)};

using internal::kCompressedFlag;
using internal::kInfinityFlag;
using internal::kSortFlag;

J2 to_j(const G2& p) noexcept { return J2{p.x(), p.y(), p.z()}; }
G2 from_j(const J2& j) noexcept { return G2(j.x, j.y, j.z); }

// x̄·cx with cx = c·u: (x0 − x1·u)·c·u = x1·c + x0·c·u.
Fp2 psi_x(const Fp2& x) noexcept { return Fp2{x.c1 * kPsiCx1, x.c0 * kPsiCx1}; }
Fp2 psi_y(const Fp2& y) noexcept { return y.conjugate() * kPsiCy; }

// ψ in Jacobian coordinates: conjugation is a field automorphism, so (X̄·cx, Ȳ·cy, Z̄) represents
// (x̄·cx, ȳ·cy) when (X, Y, Z) represents (x, y).
J2 psi_j(const J2& p) noexcept { return J2{psi_x(p.x), psi_y(p.y), p.z.conjugate()}; }
J2 neg_psi_j(const J2& p) noexcept { return J2{psi_x(p.x), -psi_y(p.y), p.z.conjugate()}; }

bool on_curve_affine(const Fp2& x, const Fp2& y) noexcept {
  return y.square() == x.square() * x + kB2;
}

// REQUIRES: p on the curve.
bool in_subgroup_vartime(const J2& p) noexcept {
  if (p.z.is_zero().declassify()) return true;
  return internal::jac_equal(internal::mul_abs_u_vartime(p), neg_psi_j(p));
}

Error encoding_error(std::string msg, std::string where) {
  return Error(ErrorCode::kInvalidArgument, "G2 point: " + std::move(msg), std::move(where));
}

// An Fp2 element written c1 then c0, each 48 bytes big-endian; the flag bits of the first byte
// cleared when asked.
Result<Fp2> parse_fp2(const std::uint8_t* p, bool clear_flags, const char* name) {
  std::array<std::uint8_t, 48> buf;
  std::memcpy(buf.data(), p, 48);
  if (clear_flags) buf[0] &= 0x1f;
  auto c1 = Fp::from_bytes(buf);
  if (!c1.has_value()) {
    return encoding_error(std::string(name) + ".c1 is not a canonical field element (>= p)",
                          std::string(name) + ".c1");
  }
  std::memcpy(buf.data(), p + 48, 48);
  auto c0 = Fp::from_bytes(buf);
  if (!c0.has_value()) {
    return encoding_error(std::string(name) + ".c0 is not a canonical field element (>= p)",
                          std::string(name) + ".c0");
  }
  return Fp2{*c0, *c1};
}

void write_fp2(std::uint8_t* out, const Fp2& v) noexcept {
  const auto c1 = v.c1.to_bytes();
  const auto c0 = v.c0.to_bytes();
  std::memcpy(out, c1.data(), 48);
  std::memcpy(out + 48, c0.data(), 48);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// G2Affine

G2Affine G2Affine::generator() noexcept { return G2Affine{kGenX, kGenY, false}; }

Result<G2Affine> G2Affine::from_coordinates(const Fp2& x, const Fp2& y) {
  if (!on_curve_affine(x, y)) {
    return encoding_error("(x, y) is not on the curve y^2 = x^3 + 4(1 + u)", "");
  }
  return G2Affine{x, y, false};
}

bool G2Affine::is_on_curve() const noexcept { return infinity || on_curve_affine(x, y); }

bool G2Affine::is_in_subgroup_vartime() const noexcept {
  if (infinity) return true;
  return is_on_curve() && in_subgroup_vartime(J2{x, y, Fp2::one()});
}

std::array<std::uint8_t, 96> G2Affine::to_compressed() const noexcept {
  // Branch-free in the point (see G1Affine::to_compressed).
  std::array<std::uint8_t, 96> out{};
  write_fp2(out.data(), x);
  const std::uint64_t inf = ct::Choice::from_bit(infinity ? 1 : 0).mask();
  const std::uint64_t sort = y.lexicographically_largest().mask() & ~inf;
  const std::uint64_t flags =
      kCompressedFlag | (inf & kInfinityFlag) | (sort & kSortFlag);
  out[0] = static_cast<std::uint8_t>((out[0] & ~inf) | flags);
  for (std::size_t i = 1; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(out[i] & ~inf);
  return out;
}

std::array<std::uint8_t, 192> G2Affine::to_uncompressed() const noexcept {
  std::array<std::uint8_t, 192> out{};
  if (infinity) {
    out[0] = kInfinityFlag;
    return out;
  }
  write_fp2(out.data(), x);
  write_fp2(out.data() + 96, y);
  return out;
}

Result<G2Affine> G2Affine::from_compressed(ByteSpan bytes) {
  if (bytes.size() != 96) {
    return encoding_error("a compressed encoding is 96 bytes, got " + std::to_string(bytes.size()),
                          "length");
  }
  const internal::FlagCheck fc = internal::check_encoding_flags(bytes, true);
  if (fc.error != nullptr) return encoding_error(fc.error, fc.where);
  if (fc.identity) return G2Affine::identity();
  const std::uint8_t flags = bytes[0];
  PLX_TRY(const Fp2 x, parse_fp2(bytes.data(), true, "x"));
  Fp2 y;
  const Fp2 rhs = x.square() * x + kB2;
  if (!rhs.sqrt(&y).declassify()) {
    return encoding_error("x is not the x-coordinate of a point on the curve", "x");
  }
  const bool want_largest = (flags & kSortFlag) != 0;
  if (y.lexicographically_largest().declassify() != want_largest) y = -y;
  if (!in_subgroup_vartime(J2{x, y, Fp2::one()})) {
    return encoding_error("the point is not in the prime-order subgroup G2", "");
  }
  return G2Affine{x, y, false};
}

Result<G2Affine> G2Affine::from_uncompressed(ByteSpan bytes) {
  if (bytes.size() != 192) {
    return encoding_error(
        "an uncompressed encoding is 192 bytes, got " + std::to_string(bytes.size()), "length");
  }
  const internal::FlagCheck fc = internal::check_encoding_flags(bytes, false);
  if (fc.error != nullptr) return encoding_error(fc.error, fc.where);
  if (fc.identity) return G2Affine::identity();
  PLX_TRY(const Fp2 x, parse_fp2(bytes.data(), true, "x"));
  PLX_TRY(const Fp2 y, parse_fp2(bytes.data() + 96, false, "y"));
  if (!on_curve_affine(x, y)) return encoding_error("the point is not on the curve", "");
  if (!in_subgroup_vartime(J2{x, y, Fp2::one()})) {
    return encoding_error("the point is not in the prime-order subgroup G2", "");
  }
  return G2Affine{x, y, false};
}

// ---------------------------------------------------------------------------------------------
// G2

G2::G2(const G2Affine& p) noexcept
    : x_(Fp2::select(ct::Choice::from_bit(p.infinity ? 1 : 0), Fp2::one(), p.x)),
      y_(Fp2::select(ct::Choice::from_bit(p.infinity ? 1 : 0), Fp2::one(), p.y)),
      z_(Fp2::select(ct::Choice::from_bit(p.infinity ? 1 : 0), Fp2::zero(), Fp2::one())) {}

G2Affine G2::to_affine() const noexcept {
  // Branch-free (see G1::to_affine): the identity comes out as (0, 0) with the flag set.
  const A2 a = internal::jac_to_aff(to_j(*this));
  return G2Affine{a.x, a.y, (is_identity().mask() & 1) != 0};
}

void G2::batch_to_affine(std::span<const G2> in, std::span<G2Affine> out) {
  PLX_CHECK(in.size() == out.size());
  internal::points_to_affine<Fp2, G2, G2Affine>(in, out);
}

G2 G2::operator+(const G2& b) const noexcept { return from_j(internal::add(to_j(*this), to_j(b))); }

G2 G2::operator+(const G2Affine& b) const noexcept {
  return from_j(internal::add_mixed(to_j(*this), A2{b.x, b.y},
                                    ct::Choice::from_bit(b.infinity ? 1 : 0)));
}

G2 G2::operator-() const noexcept { return G2(x_, -y_, z_); }

G2 G2::dbl() const noexcept { return from_j(internal::dbl(to_j(*this))); }

G2 G2::psi() const noexcept { return from_j(psi_j(to_j(*this))); }

G2 G2::mul(const Fr& k) const noexcept {
  // Four 64-bit GLS digits, signed 5-bit windows: 13 windows cover bits 0..64 (top digit >= 0).
  // Table i holds 1..16 times (−ψ)^i(P) in affine form (one constant-time inversion for the 16
  // base entries; mixed additions then save about a third of each addition); lookups scan whole
  // tables.
  constexpr unsigned kW = 5;
  constexpr std::size_t kWindows = 13;
  constexpr std::size_t kTable = 16;
  const std::array<std::uint64_t, 4> d = internal::gls_split(k.to_canonical());
  const J2 p = to_j(*this);
  const ct::Choice p_inf = p.z.is_zero();
  std::array<J2, kTable> tj;
  tj[0] = p;
  tj[1] = internal::dbl(p);
  for (std::size_t i = 2; i < kTable; ++i) tj[i] = internal::add(tj[i - 1], p);
  std::array<std::array<A2, kTable>, 4> t;
  std::vector<ct::Choice> t_inf(kTable, ct::Choice::from_bit(0));
  internal::jac_batch_to_aff<Fp2>(tj, t[0], t_inf.data());  // all identity iff P is
  for (std::size_t j = 1; j < 4; ++j) {
    for (std::size_t i = 0; i < kTable; ++i) {
      t[j][i] = A2{psi_x(t[j - 1][i].x), -psi_y(t[j - 1][i].y)};  // −ψ on affine points
    }
  }
  J2 acc = internal::jac_identity<Fp2>();
  for (std::size_t i = kWindows; i-- > 0;) {
    if (i != kWindows - 1) {
      for (unsigned b = 0; b < kW; ++b) acc = internal::dbl(acc);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      const auto dig = internal::booth_digit(&d[j], 1, i, kW);
      A2 e = internal::aff_lookup(t[j].data(), kTable, dig.abs);
      e.y = internal::raw_select(dig.neg, -e.y, e.y);
      acc = internal::add_mixed(acc, e, ct::is_zero(dig.abs) | p_inf);
    }
  }
  return from_j(acc);
}

G2 G2::mul_vartime(const Fr& k) const noexcept {
  const J2 p = to_j(*this);
  if (p.z.is_zero().declassify()) return G2::identity();
  constexpr unsigned kW = 5;
  constexpr std::size_t kOdd = 8;
  const std::array<std::uint64_t, 4> d = internal::gls_split(k.to_canonical());
  std::array<std::array<std::int8_t, 72>, 4> naf{};
  std::size_t len = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    len = std::max(len, internal::wnaf(&d[j], 1, kW, naf[j].data(), naf[j].size()));
  }
  std::array<J2, kOdd> tj;
  tj[0] = p;
  const J2 p2 = internal::dbl(p);
  for (std::size_t i = 1; i < kOdd; ++i) tj[i] = internal::add_vartime(tj[i - 1], p2);
  std::array<std::array<A2, kOdd>, 4> t;
  bool inf[kOdd];
  internal::jac_batch_to_aff_vartime<Fp2>(tj, t[0], inf);
  for (std::size_t j = 1; j < 4; ++j) {
    for (std::size_t i = 0; i < kOdd; ++i) {
      t[j][i] = A2{psi_x(t[j - 1][i].x), -psi_y(t[j - 1][i].y)};  // −ψ on affine points
    }
  }
  J2 acc = internal::jac_identity<Fp2>();
  for (std::size_t i = len; i-- > 0;) {
    acc = internal::dbl(acc);
    for (std::size_t j = 0; j < 4; ++j) {
      const int v = naf[j][i];
      if (v > 0) acc = internal::add_mixed_vartime(acc, t[j][static_cast<std::size_t>(v / 2)]);
      if (v < 0) {
        const A2& e = t[j][static_cast<std::size_t>(-v / 2)];
        acc = internal::add_mixed_vartime(acc, A2{e.x, -e.y});
      }
    }
  }
  return from_j(acc);
}

G2 G2::mul_bytes_vartime(ByteSpan k_be) const noexcept {
  return from_j(internal::mul_bytes_vartime(to_j(*this), k_be));
}

ct::Choice G2::is_identity() const noexcept { return z_.is_zero(); }

bool G2::is_on_curve() const noexcept { return internal::jac_on_curve(to_j(*this), kB2); }

bool G2::is_in_subgroup_vartime() const noexcept {
  return is_on_curve() && in_subgroup_vartime(to_j(*this));
}

G2 G2::select(ct::Choice c, const G2& a, const G2& b) noexcept {
  return from_j(internal::jac_select(c, to_j(a), to_j(b)));
}

bool operator==(const G2& a, const G2& b) noexcept {
  return internal::jac_equal(J2{a.x(), a.y(), a.z()}, J2{b.x(), b.y(), b.z()});
}

}  // namespace plx::zkp::bls12_381
