// The scalar field Fr of BLS12-381, r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
// (255 bits): secret keys, BBS scalars, blinding factors.
//
// Montgomery form on four little-endian 64-bit limbs, fully reduced. Constant time unless the
// name ends in _vartime.
#pragma once

#include <array>
#include <cstdint>

#include "plx/core/bytes.hpp"
#include "plx/core/ct.hpp"
#include "plx/core/result.hpp"
#include "plx/zkp/bls12_381/limb_arith.hpp"

namespace plx::zkp::bls12_381 {

class Fr {
 public:
  using Limbs = std::array<std::uint64_t, 4>;

  constexpr Fr() noexcept = default;  // zero

  [[nodiscard]] static Fr zero() noexcept { return Fr(); }
  [[nodiscard]] static Fr one() noexcept;
  [[nodiscard]] static Fr from_u64(std::uint64_t v) noexcept;
  [[nodiscard]] static Fr from_canonical(const Limbs& v) noexcept;  // REQUIRES: v < r

  // 32 big-endian bytes. Error (kInvalidArgument) when the length is not 32 or the value >= r.
  [[nodiscard]] static Result<Fr> from_bytes(ByteSpan be32);
  // Any big-endian integer of at most 64 bytes, reduced mod r (BBS hash_to_scalar reduces 48).
  [[nodiscard]] static Fr from_bytes_wide(ByteSpan be) noexcept;
  [[nodiscard]] std::array<std::uint8_t, 32> to_bytes() const noexcept;  // canonical, big-endian
  [[nodiscard]] Limbs to_canonical() const noexcept;

  // Uniform in [1, r) from the operating system's CSPRNG (64 random bytes reduced mod r,
  // redrawn on zero).
  [[nodiscard]] static Fr random() noexcept;

  [[nodiscard]] Fr operator+(const Fr& b) const noexcept;
  [[nodiscard]] Fr operator-(const Fr& b) const noexcept;
  [[nodiscard]] Fr operator-() const noexcept;
  [[nodiscard]] Fr operator*(const Fr& b) const noexcept;
  Fr& operator+=(const Fr& b) noexcept { return *this = *this + b; }
  Fr& operator-=(const Fr& b) noexcept { return *this = *this - b; }
  Fr& operator*=(const Fr& b) noexcept { return *this = *this * b; }
  [[nodiscard]] Fr square() const noexcept;
  // Inverse; the inverse of zero is zero.
  [[nodiscard]] Fr inverse() const noexcept;
  [[nodiscard]] Fr inverse_vartime() const noexcept;

  [[nodiscard]] ct::Choice is_zero() const noexcept;
  [[nodiscard]] ct::Choice equals(const Fr& b) const noexcept;
  [[nodiscard]] static Fr select(ct::Choice c, const Fr& a, const Fr& b) noexcept;
  friend bool operator==(const Fr& a, const Fr& b) noexcept { return a.l_ == b.l_; }

  // Overwrites the value with zero in a way the compiler keeps (for secrets going out of scope).
  void wipe() noexcept;

 private:
  constexpr explicit Fr(const Limbs& l) noexcept : l_(l) {}
  Limbs l_{};
};

namespace detail {
// r, little-endian limbs (for the inline add/sub/neg below).
inline constexpr std::array<std::uint64_t, 4> kFrModulus = {
    0xffffffff00000001ULL, 0x53bda402fffe5bfeULL, 0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};
}  // namespace detail

// Inline for the same reason as Fp's (limb_arith.hpp).
inline Fr Fr::operator+(const Fr& b) const noexcept {
  Fr r;
  detail::mod_add<4>(r.l_.data(), l_.data(), b.l_.data(), detail::kFrModulus);
  return r;
}
inline Fr Fr::operator-(const Fr& b) const noexcept {
  Fr r;
  detail::mod_sub<4>(r.l_.data(), l_.data(), b.l_.data(), detail::kFrModulus);
  return r;
}
inline Fr Fr::operator-() const noexcept {
  Fr r;
  detail::mod_neg<4>(r.l_.data(), l_.data(), detail::kFrModulus);
  return r;
}
inline Fr Fr::select(ct::Choice c, const Fr& a, const Fr& b) noexcept {
  Fr r;
  detail::limbs_select<4>(r.l_.data(), c.mask(), a.l_.data(), b.l_.data());
  return r;
}

}  // namespace plx::zkp::bls12_381
