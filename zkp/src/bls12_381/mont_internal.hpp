// Generic N×64-bit Montgomery arithmetic shared by Fp (N = 6) and Fr (N = 4).
//
// The modulus comes in as a traits type with constexpr limbs, so every loop has a compile-time
// trip count and the compiler unrolls it with the modulus as immediates. Both moduli have a top
// limb below 2^63 - 1, which allows the "no-carry" CIOS variant (Constantine,
// docs/crypto-optimizations.md): the extra carry word of textbook CIOS is always zero and drops
// out. All functions here are constant time: no branch and no memory index depends on a value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace plx::zkp::bls12_381::internal {

__extension__ typedef unsigned __int128 u128;
using u64 = std::uint64_t;

// (hi, lo) = a * b + c + d; never overflows 128 bits.
inline __attribute__((always_inline)) u64 mac(u64 a, u64 b, u64 c, u64 d, u64* hi) noexcept {
  const u128 t = static_cast<u128>(a) * b + c + d;
  *hi = static_cast<u64>(t >> 64);
  return static_cast<u64>(t);
}

inline __attribute__((always_inline)) u64 addc(u64 a, u64 b, u64 carry_in, u64* carry_out) noexcept {
  const u128 t = static_cast<u128>(a) + b + carry_in;
  *carry_out = static_cast<u64>(t >> 64);
  return static_cast<u64>(t);
}

// a - b - borrow_in; *borrow_out is 0 or 1.
inline __attribute__((always_inline)) u64 subb(u64 a, u64 b, u64 borrow_in, u64* borrow_out) noexcept {
  const u128 t = static_cast<u128>(a) - b - borrow_in;
  *borrow_out = static_cast<u64>(t >> 64) & 1;
  return static_cast<u64>(t);
}

// M must provide: static constexpr std::size_t N; static constexpr std::array<u64, N> kMod;
// static constexpr u64 kInv (= -mod^-1 mod 2^64).
template <class M>
struct Mont {
  static constexpr std::size_t N = M::N;
  using L = std::array<u64, N>;

  // out = t - mod if t >= mod else t, where t < 2·mod is given as N limbs plus a top carry bit.
  static inline __attribute__((always_inline)) void final_sub(u64 out[N], const u64 t[N], u64 top) noexcept {
    u64 s[N];
    u64 borrow = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) s[i] = subb(t[i], M::kMod[i], borrow, &borrow);
    // Keep t when the subtraction borrowed beyond the top carry bit.
    u64 dummy;
    (void)subb(top, 0, borrow, &dummy);
    const u64 keep = 0 - dummy;  // all ones: t < mod
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) out[i] = (t[i] & keep) | (s[i] & ~keep);
  }

  // CIOS Montgomery multiplication, no-carry variant: out = a·b·2^(-64N) mod m.
  // REQUIRES: a·b < m·2^(64N) and a + m < 2^(64N) (every intermediate t stays below a + m), which
  // a, b < m satisfy and, for Fp (m < 2^381), so do a, b < 2m. out may alias a or b.
  static inline void mul(u64 out[N], const u64 a[N], const u64 b[N]) noexcept {
    u64 t[N] = {};
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) {
      u64 A;
      t[0] = mac(a[0], b[i], t[0], 0, &A);
      const u64 m = t[0] * M::kInv;
      u64 C;
      (void)mac(m, M::kMod[0], t[0], 0, &C);
#pragma GCC unroll 8
      for (std::size_t j = 1; j < N; ++j) {
        t[j] = mac(a[j], b[i], t[j], A, &A);
        t[j - 1] = mac(m, M::kMod[j], t[j], C, &C);
      }
      t[N - 1] = C + A;
    }
    final_sub(out, t, 0);
  }

  // The full 2N-limb product (schoolbook, no reduction); any a, b < 2^(64N).
  static inline void mul_wide(u64 out[2 * N], const u64 a[N], const u64 b[N]) noexcept {
    u64 t[2 * N] = {};
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) {
      u64 c = 0;
#pragma GCC unroll 8
      for (std::size_t j = 0; j < N; ++j) t[i + j] = mac(a[j], b[i], t[i + j], c, &c);
      t[i + N] = c;
    }
#pragma GCC unroll 16
    for (std::size_t i = 0; i < 2 * N; ++i) out[i] = t[i];
  }

  // Montgomery reduction of a 2N-limb value T < m·2^(64N): out = T·2^(-64N) mod m.
  static inline void redc(u64 out[N], const u64 T[2 * N]) noexcept {
    u64 t[2 * N];
#pragma GCC unroll 16
    for (std::size_t i = 0; i < 2 * N; ++i) t[i] = T[i];
    u64 hi_carry = 0;  // carry into t[i + N] from the previous round
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) {
      const u64 m = t[i] * M::kInv;
      u64 c = 0;
#pragma GCC unroll 8
      for (std::size_t j = 0; j < N; ++j) t[i + j] = mac(m, M::kMod[j], t[i + j], c, &c);
      t[i + N] = addc(t[i + N], c, hi_carry, &hi_carry);
    }
    final_sub(out, t + N, hi_carry);
  }

  // Dedicated squaring: the full 2N-limb square (cross products once, doubled), then REDC.
  static inline void sqr(u64 out[N], const u64 a[N]) noexcept {
    u64 T[2 * N] = {};
    // Off-diagonal products a[i]·a[j], i < j.
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N - 1; ++i) {
      u64 c = 0;
#pragma GCC unroll 8
      for (std::size_t j = i + 1; j < N; ++j) T[i + j] = mac(a[i], a[j], T[i + j], c, &c);
      T[i + N] = c;
    }
    // Double them.
    T[2 * N - 1] = T[2 * N - 2] >> 63;
#pragma GCC unroll 16
    for (std::size_t k = 2 * N - 2; k > 1; --k) T[k] = (T[k] << 1) | (T[k - 1] >> 63);
    T[1] <<= 1;
    // Add the diagonal a[i]^2.
    u64 c = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) {
      u64 hi;
      const u64 lo = mac(a[i], a[i], 0, 0, &hi);
      T[2 * i] = addc(T[2 * i], lo, c, &c);
      T[2 * i + 1] = addc(T[2 * i + 1], hi, c, &c);
    }
    redc(out, T);
  }

  // out = a + b mod m. REQUIRES: a, b < m (so a + b < 2m fits N limbs plus a carry).
  static inline void add(u64 out[N], const u64 a[N], const u64 b[N]) noexcept {
    u64 t[N];
    u64 c = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) t[i] = addc(a[i], b[i], c, &c);
    final_sub(out, t, c);
  }

  // out = a - b mod m.
  static inline void sub(u64 out[N], const u64 a[N], const u64 b[N]) noexcept {
    u64 t[N];
    u64 borrow = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) t[i] = subb(a[i], b[i], borrow, &borrow);
    const u64 mask = 0 - borrow;
    u64 c = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) out[i] = addc(t[i], M::kMod[i] & mask, c, &c);
  }

  // out = -a mod m (zero stays zero).
  static inline void neg(u64 out[N], const u64 a[N]) noexcept {
    u64 any = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) any |= a[i];
    const u64 nz = 0 - ((any | (0 - any)) >> 63);  // all ones when a != 0
    u64 borrow = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) out[i] = subb(M::kMod[i], a[i], borrow, &borrow) & nz;
  }

  // 1 when a < m (canonical), else 0: the borrow of a - m.
  static inline u64 lt_mod(const u64 a[N]) noexcept {
    u64 borrow = 0;
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) (void)subb(a[i], M::kMod[i], borrow, &borrow);
    return borrow;
  }
};

// Big-endian bytes <-> little-endian limbs.
template <std::size_t N>
inline std::array<u64, N> limbs_from_be(const std::uint8_t* be) noexcept {
  std::array<u64, N> l{};
  for (std::size_t i = 0; i < N; ++i) {
    u64 w = 0;
    for (std::size_t k = 0; k < 8; ++k) w = (w << 8) | be[(N - 1 - i) * 8 + k];
    l[i] = w;
  }
  return l;
}

template <std::size_t N>
inline void limbs_to_be(const std::array<u64, N>& l, std::uint8_t* be) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    const u64 w = l[N - 1 - i];
    for (std::size_t k = 0; k < 8; ++k) be[i * 8 + k] = static_cast<std::uint8_t>(w >> (56 - 8 * k));
  }
}

}  // namespace plx::zkp::bls12_381::internal
