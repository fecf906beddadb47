// Fr arithmetic: the generic Montgomery kernel on four limbs (r's top limb < 2^63, so the no-carry
// CIOS applies). Inversion by constant-time safegcd.
#include "plx/zkp/bls12_381/fr.hpp"

#include <sodium.h>

#include <string>

#include "bls12_381/mont_internal.hpp"
#include "bls12_381/safegcd_internal.hpp"

namespace plx::zkp::bls12_381 {

using internal::u64;

namespace {

struct FrModulus {
  static constexpr std::size_t N = 4;
  static constexpr std::array<u64, 4> kMod = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL,
                                              0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};
  static constexpr u64 kInv = 0xfffffffeffffffffULL;
  // hddivsteps that bring g to 0 for every odd f <= B and 0 <= g <= f, B =
  // 0x101c840faed222b9ef3bfe933011b277f84ee3d3f6dc8b496d8cd75b8315afec2 > 2^256 > r: the Coq
  // theorem hddivsteps590 of sipa/safegcd-bounds (coq/hddivsteps/hddivsteps590_proof.v), the
  // bound libsecp256k1's modinv64 runs on (safegcd_internal.hpp).
  static constexpr int kDivsteps = 590;
};
using FrMont = internal::Mont<FrModulus>;

constexpr Fr::Limbs kR = {0x00000001fffffffeULL, 0x5884b7fa00034802ULL, 0x998c4fefecbc4ff5ULL,
                          0x1824b159acc5056fULL};
constexpr Fr::Limbs kR2 = {0xc999e990f3f29c6dULL, 0x2b6cedcb87925c23ULL, 0x05d314967254398fULL,
                           0x0748d9d99f59ff11ULL};
// 2^248·R mod r: Montgomery form of 2^248, the weight of one 31-byte chunk.
constexpr Fr::Limbs kTwo248 = {0x90c999e8fdf3f29dULL, 0x9e41521b8486a12fULL, 0x86700a2133fa4344ULL,
                               0x4298bfee9a84c8efULL};
// R^3 mod r, R = 2^256: (aR)^-1 · R^3 · R^-1 = a^-1 · R.
constexpr Fr::Limbs kR3 = {0xc62c1807439b73afULL, 0x1b3e0d188cf06990ULL, 0x73d13c71c7b5f418ULL,
                           0x6e2a5bb9c8db33e9ULL};
using FrGcd = internal::SafeGcd<FrModulus>;

}  // namespace

Fr Fr::one() noexcept { return Fr(kR); }
Fr Fr::from_u64(std::uint64_t v) noexcept { return from_canonical({v, 0, 0, 0}); }

Fr Fr::from_canonical(const Limbs& v) noexcept {
  Fr r;
  FrMont::mul(r.l_.data(), v.data(), kR2.data());
  return r;
}

Result<Fr> Fr::from_bytes(ByteSpan be32) {
  if (be32.size() != 32) {
    return Error(ErrorCode::kInvalidArgument,
                 "Fr scalar must be 32 bytes, got " + std::to_string(be32.size()), "fr");
  }
  const Limbs v = internal::limbs_from_be<4>(be32.data());
  if (FrMont::lt_mod(v.data()) == 0) {
    return Error(ErrorCode::kInvalidArgument, "Fr scalar is not canonical (>= r)", "fr");
  }
  return from_canonical(v);
}

Fr Fr::from_bytes_wide(ByteSpan be) noexcept {
  // Horner over 31-byte chunks (248 bits < r): acc = acc·2^248 + chunk, most significant first.
  Fr acc;
  const Fr shift(kTwo248);
  std::size_t pos = 0;
  std::size_t take = be.size() % 31;
  if (take == 0 && !be.empty()) take = 31;
  while (pos < be.size()) {
    std::uint8_t buf[32] = {};
    for (std::size_t k = 0; k < take; ++k) buf[32 - take + k] = be[pos + k];
    Fr chunk = from_canonical(internal::limbs_from_be<4>(buf));
    acc = acc * shift + chunk;
    chunk.wipe();
    sodium_memzero(buf, sizeof buf);
    pos += take;
    take = 31;
  }
  return acc;
}

Fr::Limbs Fr::to_canonical() const noexcept {
  const u64 one[4] = {1, 0, 0, 0};
  Limbs out;
  FrMont::mul(out.data(), l_.data(), one);
  return out;
}

std::array<std::uint8_t, 32> Fr::to_bytes() const noexcept {
  std::array<std::uint8_t, 32> out{};
  internal::limbs_to_be<4>(to_canonical(), out.data());
  return out;
}

Fr Fr::random() noexcept {
  for (;;) {
    std::uint8_t buf[64];
    randombytes_buf(buf, sizeof buf);
    Fr r = from_bytes_wide(ByteSpan(buf, sizeof buf));
    sodium_memzero(buf, sizeof buf);
    // Zero has probability ~2^-255; the redraw branch reveals only that event.
    if (!r.is_zero().declassify()) return r;
  }
}

Fr Fr::operator*(const Fr& b) const noexcept {
  Fr r;
  FrMont::mul(r.l_.data(), l_.data(), b.l_.data());
  return r;
}
Fr Fr::square() const noexcept {
  Fr r;
  FrMont::sqr(r.l_.data(), l_.data());
  return r;
}

Fr Fr::inverse() const noexcept {
  // Constant-time safegcd on the Montgomery representative (safegcd_internal.hpp).
  const Limbs raw = FrGcd::invert<false>(l_);
  Fr r;
  FrMont::mul(r.l_.data(), raw.data(), kR3.data());
  return r;
}

Fr Fr::inverse_vartime() const noexcept {
  const Limbs raw = FrGcd::invert<true>(l_);
  Fr r;
  FrMont::mul(r.l_.data(), raw.data(), kR3.data());
  return r;
}

ct::Choice Fr::is_zero() const noexcept {
  u64 any = 0;
  for (u64 w : l_) any |= w;
  return ct::is_zero(any);
}

ct::Choice Fr::equals(const Fr& b) const noexcept {
  u64 diff = 0;
  for (std::size_t i = 0; i < 4; ++i) diff |= l_[i] ^ b.l_[i];
  return ct::is_zero(diff);
}

void Fr::wipe() noexcept { sodium_memzero(l_.data(), sizeof(l_)); }

}  // namespace plx::zkp::bls12_381
