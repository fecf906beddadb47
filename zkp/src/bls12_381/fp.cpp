// Fp arithmetic on the portable Montgomery kernel (mont_internal.hpp) with run-time dispatch to
// the MULX/ADX kernel (fp_adx.cpp). Inversion: constant-time safegcd (fp_inverse.cpp).
#include "plx/zkp/bls12_381/fp.hpp"

#include <string>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "bls12_381/fp_internal.hpp"

namespace plx::zkp::bls12_381 {

using internal::FpMont;
using internal::u64;

namespace internal {
bool g_fp_use_adx = detail::adx_available();
}  // namespace internal

namespace detail {

void mul_mont_portable(std::uint64_t out[6], const std::uint64_t a[6],
                       const std::uint64_t b[6]) noexcept {
  FpMont::mul(out, a, b);
}
void sqr_mont_portable(std::uint64_t out[6], const std::uint64_t a[6]) noexcept {
  FpMont::sqr(out, a);
}
void mul_384_portable(std::uint64_t out[12], const std::uint64_t a[6],
                      const std::uint64_t b[6]) noexcept {
  FpMont::mul_wide(out, a, b);
}
void redc_portable(std::uint64_t out[6], const std::uint64_t t[12]) noexcept {
  FpMont::redc(out, t);
}

bool adx_available() noexcept {
#if defined(__x86_64__)
  // Both MULX (BMI2) and ADCX/ADOX (ADX) are needed by the kernel: CPUID leaf 7, sub-leaf 0,
  // EBX bits 8 and 19. Read directly because clang's __builtin_cpu_supports knows no "adx".
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  return ((ebx >> 8) & 1u) != 0 && ((ebx >> 19) & 1u) != 0;
#else
  return false;
#endif
}

}  // namespace detail

namespace {

// 2^376·R mod p: Montgomery form of 2^376, the weight of one 47-byte chunk in from_bytes_wide.
constexpr Fp::Limbs kTwo376 = {0xe560b11f341c24c2ULL, 0x528d5ee669e6e904ULL, 0x2518ab2058a061f1ULL,
                               0xe1755b1a8d5586e2ULL, 0x6419716145ccb2a3ULL, 0x04bdc9c7fbe7c653ULL};
constexpr std::array<u64, 6> kPMinus1Over2 = {0xdcff7fffffffd555ULL, 0x0f55ffff58a9ffffULL,
                                              0xb39869507b587b12ULL, 0xb23ba5c279c2895fULL,
                                              0x258dd3db21a5d66bULL, 0x0d0088f51cbff34dULL};
constexpr std::array<u64, 6> kPPlus1Over4 = {0xee7fbfffffffeaabULL, 0x07aaffffac54ffffULL,
                                             0xd9cc34a83dac3d89ULL, 0xd91dd2e13ce144afULL,
                                             0x92c6e9ed90d2eb35ULL, 0x0680447a8e5ff9a6ULL};

Fp::Limbs to_limbs(const u64 x[6]) noexcept { return {x[0], x[1], x[2], x[3], x[4], x[5]}; }

}  // namespace

Fp Fp::one() noexcept { return Fp(internal::kFpR); }

Fp Fp::from_u64(std::uint64_t v) noexcept { return from_canonical({v, 0, 0, 0, 0, 0}); }

Fp Fp::from_canonical(const Limbs& v) noexcept {
  Fp r;
  internal::fp_mul(r.l_.data(), v.data(), internal::kFpR2.data());
  return r;
}

Result<Fp> Fp::from_bytes(ByteSpan be48) {
  if (be48.size() != 48) {
    return Error(ErrorCode::kInvalidArgument,
                 "Fp element must be 48 bytes, got " + std::to_string(be48.size()), "fp");
  }
  const Limbs v = internal::limbs_from_be<6>(be48.data());
  if (FpMont::lt_mod(v.data()) == 0) {
    return Error(ErrorCode::kInvalidArgument, "Fp element is not canonical (>= p)", "fp");
  }
  return from_canonical(v);
}

Fp Fp::from_bytes_wide(ByteSpan be) noexcept {
  // Horner over 47-byte chunks (376 bits < p, so each chunk is already canonical):
  // acc = acc·2^376 + chunk, most significant chunk first. Any length works.
  Fp acc;
  const Fp shift = from_montgomery(kTwo376);
  std::size_t pos = 0;
  std::size_t first = be.size() % 47;
  if (first == 0 && !be.empty()) first = 47;
  std::size_t take = first;
  while (pos < be.size()) {
    std::uint8_t buf[48] = {};
    for (std::size_t k = 0; k < take; ++k) buf[48 - take + k] = be[pos + k];
    const Fp chunk = from_canonical(internal::limbs_from_be<6>(buf));
    acc = acc * shift + chunk;
    pos += take;
    take = 47;
  }
  return acc;
}

Fp::Limbs Fp::to_canonical() const noexcept {
  const u64 one[6] = {1, 0, 0, 0, 0, 0};
  u64 out[6];
  internal::fp_mul(out, l_.data(), one);
  return to_limbs(out);
}

std::array<std::uint8_t, 48> Fp::to_bytes() const noexcept {
  std::array<std::uint8_t, 48> out{};
  internal::limbs_to_be<6>(to_canonical(), out.data());
  return out;
}

Fp Fp::operator*(const Fp& b) const noexcept {
  Fp r;
  internal::fp_mul(r.l_.data(), l_.data(), b.l_.data());
  return r;
}
Fp Fp::square() const noexcept {
  Fp r;
  internal::fp_sqr(r.l_.data(), l_.data());
  return r;
}

ct::Choice Fp::sqrt(Fp* out) const noexcept {
  // p ≡ 3 (mod 4): a^((p+1)/4) is a square root of a whenever one exists (RFC 9380 §I.1).
  const Fp s = internal::pow_fixed(*this, kPPlus1Over4);
  *out = s;
  return s.square().equals(*this);
}

ct::Choice Fp::is_square() const noexcept {
  // Euler's criterion: a^((p-1)/2) is 1 for non-zero squares, 0 for 0, -1 otherwise.
  const Fp l = internal::pow_fixed(*this, kPMinus1Over2);
  return l.equals(one()) | l.is_zero();
}

ct::Choice Fp::is_zero() const noexcept {
  u64 any = 0;
  for (u64 w : l_) any |= w;
  return ct::is_zero(any);
}

ct::Choice Fp::equals(const Fp& b) const noexcept {
  u64 diff = 0;
  for (std::size_t i = 0; i < 6; ++i) diff |= l_[i] ^ b.l_[i];
  return ct::is_zero(diff);
}

ct::Choice Fp::sgn0() const noexcept { return ct::Choice::from_bit(to_canonical()[0] & 1); }

ct::Choice Fp::lexicographically_largest() const noexcept {
  // value > (p-1)/2  <=>  (p-1)/2 - value borrows.
  const Limbs v = to_canonical();
  u64 borrow = 0;
  for (std::size_t i = 0; i < 6; ++i) (void)internal::subb(kPMinus1Over2[i], v[i], borrow, &borrow);
  return ct::Choice::from_bit(borrow);
}

void batch_inverse_vartime(std::span<Fp> xs) {
  // Montgomery's trick: prefix products, one inversion, then walk back. Zeros are skipped.
  if (xs.empty()) return;
  std::vector<Fp> prefix(xs.size());
  Fp acc = Fp::one();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    prefix[i] = acc;
    if (!(xs[i] == Fp::zero())) acc *= xs[i];
  }
  Fp inv = acc.inverse_vartime();
  for (std::size_t i = xs.size(); i-- > 0;) {
    if (xs[i] == Fp::zero()) continue;
    const Fp xi = xs[i];
    xs[i] = inv * prefix[i];
    inv *= xi;
  }
}

}  // namespace plx::zkp::bls12_381
