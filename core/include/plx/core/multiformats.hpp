// Multiformats: unsigned varints, multibase prefixes and multicodec key codes, as used by
// did:key and Multikey (https://github.com/multiformats/multibase, .../multicodec table.csv).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx {

// ---- unsigned varint (multiformats/unsigned-varint) ----
// At most 9 bytes (63 bits). Decoding rejects over-long (non-minimal) encodings such as
// 0x80 0x00, truncated input and values above 2^63-1 (all kMalformed, where = "offset N").
// REQUIRES: value <= 2^63-1 for the encoders (checked with PLX_CHECK: a larger value could only
// be written as 10 bytes, which no conforming decoder accepts).
void varint_append(std::uint64_t value, Bytes& out);
[[nodiscard]] Bytes varint_encode(std::uint64_t value);
struct VarintView {
  std::uint64_t value;
  std::size_t length;  // bytes consumed
};
[[nodiscard]] Result<VarintView> varint_decode(ByteSpan data);

// ---- multibase ----
enum class Multibase : char {
  kBase16 = 'f',      // lowercase hex
  kBase58Btc = 'z',
  kBase64 = 'm',      // RFC 4648 base64, no padding
  kBase64Url = 'u',   // no padding
};
[[nodiscard]] std::string multibase_encode(Multibase base, ByteSpan data);
struct MultibaseValue {
  Multibase base;
  Bytes data;
};
// Rejects an empty string, an unknown prefix (kUnsupported) and a body that does not decode
// strictly in its base (kMalformed).
[[nodiscard]] Result<MultibaseValue> multibase_decode(std::string_view text);

// ---- multicodec ----
enum class Multicodec : std::uint64_t {
  kX25519Pub = 0xec,
  kEd25519Pub = 0xed,
  kSecp256k1Pub = 0xe7,
  kBls12381G1Pub = 0xea,
  kBls12381G2Pub = 0xeb,
  kBls12381G1G2Pub = 0xee,
  kP256Pub = 0x1200,
  kP384Pub = 0x1201,
  kP521Pub = 0x1202,
  kRsaPub = 0x1205,
  kEd25519Priv = 0x1300,
  kSecp256k1Priv = 0x1301,
  kX25519Priv = 0x1302,
  kP256Priv = 0x1306,
  kP384Priv = 0x1307,
  kBls12381G2Priv = 0x130a,
};
// "ed25519-pub", ... ; std::nullopt for a code not in the enum above.
[[nodiscard]] std::optional<std::string_view> multicodec_name(std::uint64_t code);
// varint(code) || data.
[[nodiscard]] Bytes multicodec_wrap(Multicodec code, ByteSpan data);
struct MulticodecValue {
  std::uint64_t code;  // may be a code outside the enum; callers decide what they support
  Bytes data;
};
[[nodiscard]] Result<MulticodecValue> multicodec_unwrap(ByteSpan data);

}  // namespace plx
