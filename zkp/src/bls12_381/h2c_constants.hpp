// Private to the hash-to-curve files: compile-time field constants written as the hexadecimal
// integers RFC 9380 prints (§8.8, Appendix E), converted to Montgomery form by the compiler.
//
// Writing the constants as the RFC's hex keeps them checkable by eye against the document; the
// conversion (x · 2^384 mod p, by 384 modular doublings) runs in consteval code, so a typo that
// makes a value >= p or not hex fails the build instead of producing a wrong point at run time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "plx/zkp/bls12_381/fp.hpp"
#include "plx/zkp/bls12_381/fp2.hpp"

namespace plx::zkp::bls12_381::h2c {

using Limbs6 = std::array<std::uint64_t, 6>;

inline constexpr Limbs6 kP = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
                              0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};

// Parses "0x..." (or bare) big-endian hex of at most 96 digits into little-endian limbs.
template <std::size_t N>
consteval std::array<std::uint64_t, N> parse_hex(const char* s) {
  std::array<std::uint64_t, N> out{};
  std::size_t len = 0;
  while (s[len] != '\0') ++len;
  std::size_t start = 0;
  if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) start = 2;
  if (len == start || len - start > 16 * N) throw "hex constant empty or too long";
  std::size_t bit = 0;
  for (std::size_t i = len; i-- > start;) {
    const char c = s[i];
    std::uint64_t d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<std::uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<std::uint64_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<std::uint64_t>(c - 'A' + 10);
    } else {
      throw "not a hex digit";
    }
    out[bit / 64] |= d << (bit % 64);
    bit += 4;
  }
  return out;
}

consteval bool geq_p(const Limbs6& a) {
  for (std::size_t i = 6; i-- > 0;) {
    if (a[i] != kP[i]) return a[i] > kP[i];
  }
  return true;
}

consteval Limbs6 sub_p(const Limbs6& a) {
  Limbs6 r{};
  std::uint64_t borrow = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::uint64_t t = a[i] - kP[i] - borrow;
    borrow = (a[i] < kP[i] || (a[i] == kP[i] && borrow)) ? 1 : 0;
    r[i] = t;
  }
  return r;
}

// x · 2^384 mod p for a canonical x < p.
consteval Limbs6 to_montgomery(Limbs6 x) {
  if (geq_p(x)) throw "constant is not below p";
  for (int i = 0; i < 384; ++i) {
    // p < 2^381, so 2x < 2^382 never overflows six limbs.
    for (std::size_t j = 6; j-- > 1;) x[j] = (x[j] << 1) | (x[j - 1] >> 63);
    x[0] <<= 1;
    if (geq_p(x)) x = sub_p(x);
  }
  return x;
}

// An Fp constant from the RFC's hex.
consteval Fp fp(const char* hex) { return Fp::from_montgomery(to_montgomery(parse_hex<6>(hex))); }
// An Fp2 constant c0 + c1·I.
consteval Fp2 fp2(const char* c0, const char* c1) { return Fp2{fp(c0), fp(c1)}; }

}  // namespace plx::zkp::bls12_381::h2c
