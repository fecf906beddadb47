// The base field Fp of BLS12-381, p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624
// 1eabfffeb153ffffb9feffffffffaaab (381 bits).
//
// Elements are kept in Montgomery form (a·2^384 mod p) on six little-endian 64-bit limbs, always
// fully reduced. Every function is constant time in the values unless its name ends in _vartime;
// the _vartime ones are for public data only (verification, parsing public points).
#pragma once

#include <array>
#include <cstdint>

#include "plx/core/bytes.hpp"
#include "plx/core/ct.hpp"
#include "plx/core/result.hpp"
#include "plx/zkp/bls12_381/limb_arith.hpp"

namespace plx::zkp::bls12_381 {

class Fp {
 public:
  using Limbs = std::array<std::uint64_t, 6>;

  constexpr Fp() noexcept = default;  // zero

  [[nodiscard]] static Fp zero() noexcept { return Fp(); }
  [[nodiscard]] static Fp one() noexcept;
  [[nodiscard]] static Fp from_u64(std::uint64_t v) noexcept;
  // From Montgomery-form limbs (REQUIRES: < p). For constants computed offline.
  [[nodiscard]] static constexpr Fp from_montgomery(const Limbs& m) noexcept { return Fp(m); }
  // From the canonical integer (REQUIRES: < p); converts to Montgomery form.
  [[nodiscard]] static Fp from_canonical(const Limbs& v) noexcept;

  // 48 big-endian bytes. Error (kInvalidArgument) when the length is not 48 or the value >= p.
  [[nodiscard]] static Result<Fp> from_bytes(ByteSpan be48);
  // Any big-endian integer of at most 64 bytes, reduced mod p: hash_to_field (RFC 9380 §5.2).
  [[nodiscard]] static Fp from_bytes_wide(ByteSpan be) noexcept;
  [[nodiscard]] std::array<std::uint8_t, 48> to_bytes() const noexcept;  // canonical, big-endian
  [[nodiscard]] Limbs to_canonical() const noexcept;
  [[nodiscard]] const Limbs& montgomery() const noexcept { return l_; }

  [[nodiscard]] Fp operator+(const Fp& b) const noexcept;
  [[nodiscard]] Fp operator-(const Fp& b) const noexcept;
  [[nodiscard]] Fp operator-() const noexcept;
  [[nodiscard]] Fp operator*(const Fp& b) const noexcept;
  Fp& operator+=(const Fp& b) noexcept { return *this = *this + b; }
  Fp& operator-=(const Fp& b) noexcept { return *this = *this - b; }
  Fp& operator*=(const Fp& b) noexcept { return *this = *this * b; }
  [[nodiscard]] Fp square() const noexcept;
  [[nodiscard]] Fp dbl() const noexcept;

  // Multiplicative inverse; the inverse of zero is zero (RFC 9380 inv0).
  [[nodiscard]] Fp inverse() const noexcept;
  [[nodiscard]] Fp inverse_vartime() const noexcept;
  // Square root (p ≡ 3 mod 4): sets *out and returns true-choice when one exists; otherwise
  // *out holds an unspecified value and the choice is false.
  [[nodiscard]] ct::Choice sqrt(Fp* out) const noexcept;
  [[nodiscard]] ct::Choice is_square() const noexcept;

  [[nodiscard]] ct::Choice is_zero() const noexcept;
  [[nodiscard]] ct::Choice equals(const Fp& b) const noexcept;
  // RFC 9380 §4.1 sgn0: the parity of the canonical value.
  [[nodiscard]] ct::Choice sgn0() const noexcept;
  // The ZCash serialization's "sort" flag: the canonical value is > (p-1)/2.
  [[nodiscard]] ct::Choice lexicographically_largest() const noexcept;

  // c ? a : b, and *this = c ? b : *this, without branches.
  [[nodiscard]] static Fp select(ct::Choice c, const Fp& a, const Fp& b) noexcept;
  void cmov(ct::Choice c, const Fp& b) noexcept { *this = select(c, b, *this); }

  // Equality of public values (branches).
  friend bool operator==(const Fp& a, const Fp& b) noexcept { return a.l_ == b.l_; }

 private:
  constexpr explicit Fp(const Limbs& l) noexcept : l_(l) {}
  Limbs l_{};
};

// Inverts every element of xs in place with one field inversion (Montgomery's trick); zeros stay
// zero. Variable time in which entries are zero; use on public data.
void batch_inverse_vartime(std::span<Fp> xs);

namespace detail {
// p, little-endian limbs (for the inline add/sub/neg below).
inline constexpr std::array<std::uint64_t, 6> kFpModulus = {
    0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
    0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
// The two Montgomery-multiplication kernels, both exposed so a test can run them against each
// other: portable C++ (unsigned __int128) and x86-64 MULX/ADCX/ADOX. Fp::operator* picks the
// fastest one the CPU supports, once, at start-up.
void mul_mont_portable(std::uint64_t out[6], const std::uint64_t a[6], const std::uint64_t b[6]) noexcept;
void sqr_mont_portable(std::uint64_t out[6], const std::uint64_t a[6]) noexcept;
// The lazy-reduction pair the tower uses: the full 768-bit product of two 384-bit values, and
// the Montgomery reduction out = t·2^-384 mod p (fully reduced) of a 768-bit t < p·2^384.
// mul_mont_* also accept a, b < 2^384 with a·b < p·2^384 (unreduced sums of two elements).
void mul_384_portable(std::uint64_t out[12], const std::uint64_t a[6], const std::uint64_t b[6]) noexcept;
void redc_portable(std::uint64_t out[6], const std::uint64_t t[12]) noexcept;
// REQUIRES: adx_available(). Only defined on x86-64.
void mul_mont_adx(std::uint64_t out[6], const std::uint64_t a[6], const std::uint64_t b[6]) noexcept;
void sqr_mont_adx(std::uint64_t out[6], const std::uint64_t a[6]) noexcept;
void mul_384_adx(std::uint64_t out[12], const std::uint64_t a[6], const std::uint64_t b[6]) noexcept;
void redc_adx(std::uint64_t out[6], const std::uint64_t t[12]) noexcept;
[[nodiscard]] bool adx_available() noexcept;
}  // namespace detail

// Inline so every zkp source (curves, MSM, hash-to-curve) gets them without a call
// (limb_arith.hpp says why).
inline Fp Fp::operator+(const Fp& b) const noexcept {
  Fp r;
  detail::mod_add<6>(r.l_.data(), l_.data(), b.l_.data(), detail::kFpModulus);
  return r;
}
inline Fp Fp::operator-(const Fp& b) const noexcept {
  Fp r;
  detail::mod_sub<6>(r.l_.data(), l_.data(), b.l_.data(), detail::kFpModulus);
  return r;
}
inline Fp Fp::operator-() const noexcept {
  Fp r;
  detail::mod_neg<6>(r.l_.data(), l_.data(), detail::kFpModulus);
  return r;
}
inline Fp Fp::dbl() const noexcept { return *this + *this; }
inline Fp Fp::select(ct::Choice c, const Fp& a, const Fp& b) noexcept {
  Fp r;
  detail::limbs_select<6>(r.l_.data(), c.mask(), a.l_.data(), b.l_.data());
  return r;
}

}  // namespace plx::zkp::bls12_381
