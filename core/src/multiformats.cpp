// Multiformats: unsigned-varint, multibase and the multicodec key codes used by did:key and
// Multikey. Specs: https://github.com/multiformats/unsigned-varint (README, "Practical maximum
// of 9 bytes" and "Minimal encoding"), https://github.com/multiformats/multibase (multibase.csv),
// https://github.com/multiformats/multicodec (table.csv).
#include "plx/core/multiformats.hpp"

#include <charconv>
#include <string>

#include "encoding_internal.hpp"
#include "plx/core/encoding.hpp"

namespace plx {
namespace {

// unsigned-varint: 7 payload bits per byte, so 9 bytes carry 63 bits.
constexpr std::size_t kVarintMaxBytes = 9;
constexpr std::uint64_t kVarintMaxValue = (std::uint64_t{1} << 63) - 1;

Error malformed_at(std::string message, std::size_t offset) {
  return Error(ErrorCode::kMalformed, std::move(message), "offset " + std::to_string(offset));
}

}  // namespace

void varint_append(std::uint64_t value, Bytes& out) {
  // A 10-byte encoding would be rejected by every conforming decoder (ours included), so
  // producing one is a caller bug, not bad input.
  PLX_CHECK(value <= kVarintMaxValue);
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

Bytes varint_encode(std::uint64_t value) {
  Bytes out;
  varint_append(value, out);
  return out;
}

Result<VarintView> varint_decode(ByteSpan data) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kVarintMaxBytes; ++i) {
    if (i >= data.size()) {
      return malformed_at(i == 0 ? "empty varint" : "truncated varint", data.size());
    }
    const std::uint8_t b = data[i];
    value |= std::uint64_t{b & 0x7fu} << (7 * i);
    if ((b & 0x80) == 0) {
      // The spec requires the minimal encoding: a last byte of 0 after others (0x80 0x00) is
      // a second spelling of a shorter varint.
      if (b == 0 && i != 0) return malformed_at("non-minimal varint encoding", i);
      return VarintView{value, i + 1};
    }
  }
  // The ninth byte still had its continuation bit: the value needs 64+ bits or 10+ bytes.
  return malformed_at("varint longer than 9 bytes (value above 2^63-1)", kVarintMaxBytes - 1);
}

std::string multibase_encode(Multibase base, ByteSpan data) {
  std::string out(1, static_cast<char>(base));
  switch (base) {
    case Multibase::kBase16:
      out += hex_encode(data);
      break;
    case Multibase::kBase58Btc:
      out += base58btc_encode(data);
      break;
    case Multibase::kBase64:
      out += internal::base64_nopad_encode(data);
      break;
    case Multibase::kBase64Url:
      out += base64url_encode(data);
      break;
  }
  return out;
}

Result<MultibaseValue> multibase_decode(std::string_view text) {
  if (text.empty()) return Error(ErrorCode::kMalformed, "empty multibase string", "offset 0");
  const std::string_view body = text.substr(1);
  // Body offsets are shifted by one so that `where` names the character in the whole text.
  auto shift = [](Error e) {
    constexpr std::string_view kPrefix = "offset ";
    if (e.where.starts_with(kPrefix)) {
      std::size_t n = 0;
      const char* first = e.where.data() + kPrefix.size();
      const auto [ptr, ec] = std::from_chars(first, e.where.data() + e.where.size(), n);
      if (ec == std::errc()) e.where = "offset " + std::to_string(n + 1);
    }
    return e;
  };
  Result<Bytes> data = Error(ErrorCode::kInternal, "unreachable");
  Multibase base{};
  switch (text.front()) {
    case 'f':
      // 'f' is lowercase base16; 'F' is a different base. hex_decode accepts both cases, so
      // uppercase digits are refused here to keep one spelling per byte string.
      for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] >= 'A' && body[i] <= 'F') {
          return malformed_at("uppercase digit in lowercase base16 ('f')", i + 1);
        }
      }
      base = Multibase::kBase16;
      data = hex_decode(body);
      break;
    case 'z':
      base = Multibase::kBase58Btc;
      data = base58btc_decode(body);
      break;
    case 'm':
      base = Multibase::kBase64;
      data = internal::base64_nopad_decode(body);
      break;
    case 'u':
      base = Multibase::kBase64Url;
      data = base64url_decode(body);
      break;
    default:
      return Error(ErrorCode::kUnsupported, "unsupported multibase prefix", "offset 0");
  }
  if (!data.has_value()) return shift(std::move(data).error());
  return MultibaseValue{base, *std::move(data)};
}

std::optional<std::string_view> multicodec_name(std::uint64_t code) {
  // Names as in multicodec table.csv.
  switch (static_cast<Multicodec>(code)) {
    case Multicodec::kX25519Pub:
      return "x25519-pub";
    case Multicodec::kEd25519Pub:
      return "ed25519-pub";
    case Multicodec::kSecp256k1Pub:
      return "secp256k1-pub";
    case Multicodec::kBls12381G1Pub:
      return "bls12_381-g1-pub";
    case Multicodec::kBls12381G2Pub:
      return "bls12_381-g2-pub";
    case Multicodec::kBls12381G1G2Pub:
      return "bls12_381-g1g2-pub";
    case Multicodec::kP256Pub:
      return "p256-pub";
    case Multicodec::kP384Pub:
      return "p384-pub";
    case Multicodec::kP521Pub:
      return "p521-pub";
    case Multicodec::kRsaPub:
      return "rsa-pub";
    case Multicodec::kEd25519Priv:
      return "ed25519-priv";
    case Multicodec::kSecp256k1Priv:
      return "secp256k1-priv";
    case Multicodec::kX25519Priv:
      return "x25519-priv";
    case Multicodec::kP256Priv:
      return "p256-priv";
    case Multicodec::kP384Priv:
      return "p384-priv";
    case Multicodec::kBls12381G2Priv:
      return "bls12_381-g2-priv";
  }
  return std::nullopt;
}

Bytes multicodec_wrap(Multicodec code, ByteSpan data) {
  Bytes out;
  out.reserve(3 + data.size());
  varint_append(static_cast<std::uint64_t>(code), out);
  append(out, data);
  return out;
}

Result<MulticodecValue> multicodec_unwrap(ByteSpan data) {
  auto v = varint_decode(data);
  if (!v.has_value()) return std::move(v).error();
  return MulticodecValue{v->value,
                         Bytes(data.begin() + static_cast<std::ptrdiff_t>(v->length), data.end())};
}

}  // namespace plx
