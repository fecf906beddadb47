// Curve parameters, scalar range checks and the shared library contexts (see internal.hpp).
#include <sodium.h>

#include <array>

#include "internal.hpp"
#include "plx/core/secret.hpp"

namespace plx::crypto::internal {
namespace {

// Group orders n, big-endian.
// secp256k1: SEC 2 v2 §2.4.1.
constexpr std::array<std::uint8_t, 32> kSecp256k1Order = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
// P-256: FIPS 186-4 §D.1.2.3.
constexpr std::array<std::uint8_t, 32> kP256Order = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
// P-384: FIPS 186-4 §D.1.2.4.
constexpr std::array<std::uint8_t, 48> kP384Order = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

const EcCurve kSecp256k1{KeyType::kSecp256k1, 32, kSecp256k1Order, "secp256k1", "SHA2-256"};
const EcCurve kP256{KeyType::kP256, 32, kP256Order, "prime256v1", "SHA2-256"};
const EcCurve kP384{KeyType::kP384, 48, kP384Order, "secp384r1", "SHA2-384"};

}  // namespace

const EcCurve* ec_curve(KeyType type) noexcept {
  switch (type) {
    case KeyType::kSecp256k1:
      return &kSecp256k1;
    case KeyType::kP256:
      return &kP256;
    case KeyType::kP384:
      return &kP384;
    case KeyType::kEd25519:
    case KeyType::kX25519:
      return nullptr;
  }
  return nullptr;
}

ct::Choice scalar_in_range(ByteSpan scalar, ByteSpan order) noexcept {
  PLX_CHECK(scalar.size() == order.size());
  // scalar - n computed byte by byte from the least significant end; the final borrow is 1
  // exactly when scalar < n. Every byte is visited and no branch depends on the scalar.
  std::uint32_t borrow = 0;
  std::uint32_t any = 0;
  for (std::size_t i = scalar.size(); i-- > 0;) {
    const std::uint32_t d = std::uint32_t{scalar[i]} - std::uint32_t{order[i]} - borrow;
    borrow = (d >> 8) & 1;  // d wrapped below zero: bits 8..31 are all ones
    any |= scalar[i];
  }
  const ct::Choice below_n = ct::Choice::from_bit(borrow);
  const ct::Choice nonzero = !ct::is_zero(any);
  return below_n & nonzero;
}

bool scalar_in_range_vartime(ByteSpan scalar, ByteSpan order) noexcept {
  if (scalar.size() != order.size()) return false;
  bool nonzero = false;
  for (std::uint8_t b : scalar) nonzero = nonzero || b != 0;
  if (!nonzero) return false;
  for (std::size_t i = 0; i < scalar.size(); ++i) {
    if (scalar[i] != order[i]) return scalar[i] < order[i];
  }
  return false;  // equal to n
}

void ensure_sodium() noexcept {
  static const bool ok = sodium_init() >= 0;  // 1 means "already initialised", also fine
  PLX_CHECK(ok);
}

const secp256k1_context* secp256k1_ctx() noexcept {
  static secp256k1_context* const ctx = [] {
    ensure_sodium();
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    PLX_CHECK(c != nullptr);
    SecretArray<32> seed;
    randombytes_buf(seed.expose_secret_mut().data(), seed.size());
    PLX_CHECK(secp256k1_context_randomize(c, seed.expose_secret().data()) == 1);
    return c;  // never destroyed: other static destructors may still sign or verify
  }();
  return ctx;
}

}  // namespace plx::crypto::internal
