// Eighths of Ed25519 public keys (ed25519_eighth.hpp). Computing one uses libsodium's scalar
// multiplication, which refuses points outside the prime-order subgroup; checking one uses our
// group arithmetic (ed25519_group.hpp).
#include "plx/crypto/ed25519_eighth.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "ed25519_group.hpp"

namespace plx::crypto {
namespace {

namespace ed = internal::ed25519;

// 8^-1 mod L, little-endian: 8 * kInverseOf8 = 1 + 3L.
constexpr std::array<std::uint8_t, 32> kInverseOf8 = {
    0x79, 0x2f, 0xdc, 0xe2, 0x29, 0xe5, 0x06, 0x61, 0xd0, 0xda, 0x1c, 0x7d, 0xb3, 0x9d, 0xd3, 0x07,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06};

Error not_a_subgroup_key(std::string message) {
  return Error(ErrorCode::kMalformed, std::move(message), "public_key");
}

}  // namespace

Result<Bytes> ed25519_eighth(ByteSpan public_key) {
  if (public_key.size() != 32) return not_a_subgroup_key("an Ed25519 public key is 32 bytes");
  ed::Point a;
  if (!ed::decode_vartime(&a, public_key.data())) {
    return not_a_subgroup_key("not the canonical encoding of an edwards25519 point");
  }
  if (ed::has_small_order_vartime(a)) return not_a_subgroup_key("a point of small order");
  Bytes out(kEd25519EighthSize);
  // libsodium refuses a point outside the prime-order subgroup (and a small-order one): the only
  // case left here.
  if (crypto_scalarmult_ed25519_noclamp(out.data(), kInverseOf8.data(), public_key.data()) != 0) {
    return not_a_subgroup_key(
        "the point lies outside the prime-order subgroup, so it has no eighth");
  }
  return out;
}

bool ed25519_is_eighth(ByteSpan public_key, ByteSpan eighth) noexcept {
  if (public_key.size() != 32 || eighth.size() != kEd25519EighthSize) return false;
  ed::Point a, c;
  if (!ed::decode_vartime(&a, public_key.data()) || !ed::decode_vartime(&c, eighth.data())) {
    return false;
  }
  return !ed::is_identity_vartime(a) && ed::is_eighth_vartime(c, a);
}

Result<Bytes> ed25519_key_of_eighth(ByteSpan eighth) {
  if (eighth.size() != kEd25519EighthSize) {
    return Error(ErrorCode::kMalformed, "an eighth of an Ed25519 key is 32 bytes", "eighth");
  }
  ed::Point c;
  if (!ed::decode_vartime(&c, eighth.data())) {
    return Error(ErrorCode::kMalformed, "not the canonical encoding of an edwards25519 point",
                 "eighth");
  }
  const ed::Point a = ed::dbl_xyz(ed::dbl_xyz(ed::dbl_xyz(c)));
  if (ed::is_identity_vartime(a)) {
    return Error(ErrorCode::kMalformed, "a point of small order is an eighth of no key", "eighth");
  }
  Bytes out(32);
  ed::encode(out.data(), a);
  return out;
}

}  // namespace plx::crypto
