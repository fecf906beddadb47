// Inline modular add/sub/neg/select on N little-endian 64-bit limbs, for Fp (N = 6) and Fr (N = 4).
//
// These run millions of times per pairing or MSM from every zkp source file, and each is only a
// dozen instructions: as out-of-line calls they cost several times their own work (call, spills,
// reloads), so they live here where every translation unit can inline them. Everything is
// constant time: one carry chain, the reduction chosen by a mask, no branch and no memory index
// depending on a value. The multiplication kernels stay in the .cpp files (they are large, and
// the ADX one is chosen at run time).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace plx::zkp::bls12_381::detail {

// r = a + b + c (c is 0 or 1); returns the carry out. _addcarry_u64 compiles to a single ADC in
// a chain, where the __int128 form costs a SETC/MOVZX round trip per limb.
[[gnu::always_inline]] inline unsigned char limb_addc(unsigned char c, std::uint64_t a, std::uint64_t b,
                                                      std::uint64_t* r) noexcept {
#if defined(__x86_64__)
  unsigned long long out;
  c = _addcarry_u64(c, a, b, &out);
  *r = out;
  return c;
#else
  __extension__ typedef unsigned __int128 u128;
  const u128 t = static_cast<u128>(a) + b + c;
  *r = static_cast<std::uint64_t>(t);
  return static_cast<unsigned char>(t >> 64);
#endif
}

// r = a - b - c (c is 0 or 1); returns the borrow out.
[[gnu::always_inline]] inline unsigned char limb_subb(unsigned char c, std::uint64_t a, std::uint64_t b,
                                                      std::uint64_t* r) noexcept {
#if defined(__x86_64__)
  unsigned long long out;
  c = _subborrow_u64(c, a, b, &out);
  *r = out;
  return c;
#else
  __extension__ typedef unsigned __int128 u128;
  const u128 t = static_cast<u128>(a) - b - c;
  *r = static_cast<std::uint64_t>(t);
  return static_cast<unsigned char>((t >> 64) & 1);
#endif
}

// out = a + b mod m. REQUIRES: a, b < m (so a + b < 2m: one conditional subtraction suffices).
template <std::size_t N>
[[gnu::always_inline]] inline void mod_add(std::uint64_t out[N], const std::uint64_t a[N],
                                           const std::uint64_t b[N],
                                           const std::array<std::uint64_t, N>& m) noexcept {
  std::uint64_t t[N], s[N];
  unsigned char c = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) c = limb_addc(c, a[i], b[i], &t[i]);
  unsigned char br = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) br = limb_subb(br, t[i], m[i], &s[i]);
  // t - m borrowed past the carry bit <=> t < m: keep t.
  std::uint64_t top;
  (void)limb_subb(br, c, 0, &top);  // top = c - br: all ones exactly when t < m
  const std::uint64_t keep = top;   // 0 or ~0
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) out[i] = (t[i] & keep) | (s[i] & ~keep);
}

// out = a - b mod m. REQUIRES: a, b < m.
template <std::size_t N>
[[gnu::always_inline]] inline void mod_sub(std::uint64_t out[N], const std::uint64_t a[N],
                                           const std::uint64_t b[N],
                                           const std::array<std::uint64_t, N>& m) noexcept {
  std::uint64_t t[N];
  unsigned char br = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) br = limb_subb(br, a[i], b[i], &t[i]);
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(br);  // add m back when a < b
  unsigned char c = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) c = limb_addc(c, t[i], m[i] & mask, &out[i]);
}

// out = -a mod m; zero stays zero (m - 0 = m is not canonical).
template <std::size_t N>
[[gnu::always_inline]] inline void mod_neg(std::uint64_t out[N], const std::uint64_t a[N],
                                           const std::array<std::uint64_t, N>& m) noexcept {
  std::uint64_t any = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) any |= a[i];
  const std::uint64_t nz = 0 - ((any | (0 - any)) >> 63);  // all ones when a != 0
  unsigned char br = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) {
    std::uint64_t d;
    br = limb_subb(br, m[i], a[i], &d);
    out[i] = d & nz;
  }
}

// out = mask ? a : b, mask 0 or all ones.
template <std::size_t N>
[[gnu::always_inline]] inline void limbs_select(std::uint64_t out[N], std::uint64_t mask,
                                                const std::uint64_t a[N], const std::uint64_t b[N]) noexcept {
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) out[i] = b[i] ^ (mask & (a[i] ^ b[i]));
}

}  // namespace plx::zkp::bls12_381::detail
