// Strict hex, base64, base64url and base58btc (RFC 4648 §§4, 5, 8; Bitcoin base58).
//
// Every decoder accepts exactly one spelling of a byte string. Signatures and keys travel in
// these encodings, and a second valid spelling of the same bytes lets an attacker change a
// signed document's text without changing what it verifies to (signature malleability), or
// defeat a cache or replay check keyed on the text.
#include "plx/core/encoding.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "encoding_internal.hpp"

namespace plx {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kBase58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::uint8_t kInvalid = 0xff;

// Reverse lookup table for an alphabet of up to 255 symbols.
template <std::size_t N>
constexpr std::array<std::uint8_t, 256> make_reverse(const char (&alphabet)[N]) {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return t;
}

constexpr auto kBase64StdRev = make_reverse(kBase64Std);
constexpr auto kBase64UrlRev = make_reverse(kBase64Url);
constexpr auto kBase58Rev = make_reverse(kBase58);

Error malformed_at(std::string message, std::size_t offset) {
  return Error(ErrorCode::kMalformed, std::move(message), "offset " + std::to_string(offset));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string base64_encode_with(ByteSpan data, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                            std::uint32_t{data[i + 2]};
    out += alphabet[(v >> 18) & 0x3f];
    out += alphabet[(v >> 12) & 0x3f];
    out += alphabet[(v >> 6) & 0x3f];
    out += alphabet[v & 0x3f];
  }
  const std::size_t rest = data.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16;
    out += alphabet[(v >> 18) & 0x3f];
    out += alphabet[(v >> 12) & 0x3f];
    if (pad) out += "==";
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
    out += alphabet[(v >> 18) & 0x3f];
    out += alphabet[(v >> 12) & 0x3f];
    out += alphabet[(v >> 6) & 0x3f];
    if (pad) out += '=';
  }
  return out;
}

// Decodes base64 text that carries no padding (the padded decoder reuses it on the text before
// its '=' characters, so offsets stay those of the whole text).
Result<Bytes> base64_decode_unpadded(std::string_view text,
                                     const std::array<std::uint8_t, 256>& rev) {
  // 4k+1 characters carry 6 bits beyond whole bytes: no byte string encodes to that.
  const bool impossible_length = text.size() % 4 == 1;
  Bytes out(text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1));
  std::uint8_t* o = out.data();
  std::size_t i = 0;
  auto sextet = [&](std::size_t k) {
    return std::uint32_t{rev[static_cast<unsigned char>(text[k])]};
  };
  // One pass: decode whole quanta while OR-ing every table entry into `seen`; kInvalid has a
  // bit no sextet has, so one test after the loop says whether any character was bad, and only
  // then is the text scanned again for the first bad one (the error names it, even when the
  // length is also wrong).
  std::uint32_t seen = 0;
  if (!impossible_length) {
    for (; i + 4 <= text.size(); i += 4, o += 3) {
      const std::uint32_t a = sextet(i), b = sextet(i + 1), c = sextet(i + 2), d = sextet(i + 3);
      seen |= a | b | c | d;
      const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
      o[0] = static_cast<std::uint8_t>(v >> 16);
      o[1] = static_cast<std::uint8_t>(v >> 8);
      o[2] = static_cast<std::uint8_t>(v);
    }
    for (std::size_t k = i; k < text.size(); ++k) seen |= sextet(k);
  }
  if (impossible_length || (seen & kInvalid & ~0x3Fu) != 0) {
    for (std::size_t k = 0; k < text.size(); ++k) {
      const char ch = text[k];
      if (rev[static_cast<unsigned char>(ch)] == kInvalid) {
        if (ch == '=') return malformed_at("padding '=' is not allowed here", k);
        return malformed_at("character outside the base64 alphabet", k);
      }
    }
    return malformed_at("impossible base64 length (4k+1)", text.size() - 1);
  }
  const std::size_t rest = text.size() - i;
  // RFC 4648 §3.5: the unused low bits of the last character must be zero, otherwise several
  // texts decode to the same bytes.
  if (rest == 2) {
    const std::uint32_t v = (sextet(i) << 18) | (sextet(i + 1) << 12);
    if ((sextet(i + 1) & 0x0f) != 0) return malformed_at("non-zero trailing bits", i + 1);
    o[0] = static_cast<std::uint8_t>(v >> 16);
  } else if (rest == 3) {
    const std::uint32_t v = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6);
    if ((sextet(i + 2) & 0x03) != 0) return malformed_at("non-zero trailing bits", i + 2);
    o[0] = static_cast<std::uint8_t>(v >> 16);
    o[1] = static_cast<std::uint8_t>(v >> 8);
  }
  return out;
}

}  // namespace

std::string hex_encode(ByteSpan data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (const std::uint8_t b : data) {
    out += kHexDigits[b >> 4];
    out += kHexDigits[b & 0x0f];
  }
  return out;
}

Result<Bytes> hex_decode(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (hex_value(text[i]) < 0) return malformed_at("character is not a hex digit", i);
  }
  if (text.size() % 2 != 0) return malformed_at("odd number of hex digits", text.size());
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>((hex_value(text[i]) << 4) | hex_value(text[i + 1])));
  }
  return out;
}

std::string base64url_encode(ByteSpan data) { return base64_encode_with(data, kBase64Url, false); }

Result<Bytes> base64url_decode(std::string_view text) {
  return base64_decode_unpadded(text, kBase64UrlRev);
}

std::string base64_encode(ByteSpan data) { return base64_encode_with(data, kBase64Std, true); }

Result<Bytes> base64_decode(std::string_view text) {
  // RFC 4648 §4 padded form: whole quanta only, with one or two '=' exactly where the last
  // quantum is short.
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') {
    pad = 1;
    if (text.size() >= 2 && text[text.size() - 2] == '=') pad = 2;
  }
  const std::string_view body = text.substr(0, text.size() - pad);
  // A '=' inside the body (e.g. "a===" or "ab=c") is reported by the alphabet check, at its offset.
  PLX_TRY(Bytes out, base64_decode_unpadded(body, kBase64StdRev));
  // With the body valid (never 4k+1) and at most two '=', a total length of 4k means the padding
  // is exactly what the short last quantum needs: "AA==", "AAA=", or none.
  if (text.size() % 4 != 0) {
    return malformed_at("padded base64 length is not a multiple of 4", text.size());
  }
  return out;
}

std::string base58btc_encode(ByteSpan data) {
  // Base conversion in limbs of 58^5 (< 2^30), fed three input bytes at a time: each step is one
  // pass of 64-bit multiply-adds over the limbs, where a digit-by-digit conversion makes one pass
  // per input byte over every digit (a DID's 34-byte key took ~15x more inner steps).
  constexpr std::uint64_t kLimb = 58ull * 58 * 58 * 58 * 58;
  constexpr int kLimbDigits = 5;
  std::size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  std::vector<std::uint32_t> limbs;  // little-endian limbs of the value so far
  limbs.reserve((data.size() - zeros) * 138 / 100 / kLimbDigits + 2);
  for (std::size_t i = zeros; i < data.size();) {
    const std::size_t take = std::min<std::size_t>(3, data.size() - i);
    std::uint64_t carry = 0;
    for (std::size_t k = 0; k < take; ++k) carry = (carry << 8) | data[i + k];
    const std::uint64_t scale = 1ull << (8 * take);
    i += take;
    for (std::uint32_t& limb : limbs) {
      const std::uint64_t t = limb * scale + carry;  // < 2^30 * 2^24 + 2^30
      limb = static_cast<std::uint32_t>(t % kLimb);
      carry = t / kLimb;
    }
    while (carry != 0) {
      limbs.push_back(static_cast<std::uint32_t>(carry % kLimb));
      carry /= kLimb;
    }
  }
  std::string out(zeros, '1');
  if (limbs.empty()) return out;
  out.reserve(zeros + limbs.size() * kLimbDigits);
  char group[kLimbDigits];
  for (std::size_t l = limbs.size(); l-- > 0;) {
    std::uint32_t v = limbs[l];
    for (int d = kLimbDigits - 1; d >= 0; --d) {
      group[d] = kBase58[v % 58];
      v /= 58;
    }
    int first = 0;
    if (l + 1 == limbs.size()) {
      while (first < kLimbDigits - 1 && group[first] == kBase58[0]) ++first;  // no leading '1's
    }
    out.append(group + first, group + kLimbDigits);
  }
  return out;
}

Result<Bytes> base58btc_decode(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (kBase58Rev[static_cast<unsigned char>(text[i])] == kInvalid) {
      return malformed_at("character outside the base58btc alphabet", i);
    }
  }
  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  // log(58)/log(256) < 0.733.
  const std::size_t cap = (text.size() - ones) * 733 / 1000 + 1;
  std::vector<std::uint8_t> bytes(cap, 0);  // big-endian, value in the low `used` bytes
  std::size_t used = 0;
  for (std::size_t i = ones; i < text.size(); ++i) {
    std::uint32_t carry = kBase58Rev[static_cast<unsigned char>(text[i])];
    std::size_t j = 0;
    for (auto it = bytes.rbegin(); (carry != 0 || j < used) && it != bytes.rend(); ++it, ++j) {
      carry += 58u * *it;
      *it = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    used = j;
  }
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.end() - static_cast<std::ptrdiff_t>(used), bytes.end());
  return out;
}

namespace internal {

std::string base64_nopad_encode(ByteSpan data) {
  return base64_encode_with(data, kBase64Std, false);
}

Result<Bytes> base64_nopad_decode(std::string_view text) {
  return base64_decode_unpadded(text, kBase64StdRev);
}

}  // namespace internal
}  // namespace plx
