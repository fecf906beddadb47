// W3C Bitstring Status List v1.0 and IETF Token Status List encodings (see status.hpp).
#include "plx/vc/status.hpp"

#include <zlib.h>

#include "plx/core/encoding.hpp"

namespace plx::vc::status {
namespace {

// window_bits: 15 + 16 = GZIP (RFC 1952, Bitstring Status List §3.3), 15 = zlib (RFC 1950,
// Token Status List §4.1).
Result<Bytes> inflate_with(ByteSpan data, int window_bits, std::size_t max_out, const char* what) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return Error(ErrorCode::kInternal, "zlib inflateInit2 failed");
  Bytes out;
  std::uint8_t buf[16384];
  zs.next_in = const_cast<Bytef*>(data.data());
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = buf;
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Error(ErrorCode::kMalformed, std::string("not valid ") + what + " data");
    }
    out.insert(out.end(), buf, buf + (sizeof buf - zs.avail_out));
    if (out.size() > max_out) {
      inflateEnd(&zs);
      return Error(ErrorCode::kOutOfRange, "the status list inflates past the size limit");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Error(ErrorCode::kMalformed, std::string("truncated ") + what + " data");
    }
  }
  bool trailing = zs.avail_in != 0;
  inflateEnd(&zs);
  if (trailing) return Error(ErrorCode::kMalformed, std::string("bytes after the end of the ") + what + " stream");
  return out;
}

Result<Bytes> deflate_with(ByteSpan data, int window_bits) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Error(ErrorCode::kInternal, "zlib deflateInit2 failed");
  }
  Bytes out(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = const_cast<Bytef*>(data.data());
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  std::size_t n = out.size() - zs.avail_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Error(ErrorCode::kInternal, "zlib deflate did not finish");
  out.resize(n);
  return out;
}

}  // namespace

Result<Bytes> gzip_decompress(ByteSpan data, std::size_t max_out) { return inflate_with(data, 15 + 16, max_out, "GZIP"); }
Result<Bytes> gzip_compress(ByteSpan data) { return deflate_with(data, 15 + 16); }
Result<Bytes> zlib_decompress(ByteSpan data, std::size_t max_out) { return inflate_with(data, 15, max_out, "zlib"); }
Result<Bytes> zlib_compress(ByteSpan data) { return deflate_with(data, 15); }

Result<std::string> encode_bitstring(ByteSpan bits) {
  if (bits.size() * 8 < kBitstringMinBits) {
    return Error(ErrorCode::kInvalidArgument, "a bitstring status list holds at least 131072 entries", "bits");
  }
  PLX_TRY(Bytes z, gzip_compress(bits));
  return "u" + base64url_encode(z);
}

Result<Bytes> decode_bitstring(std::string_view encoded) {
  // Bitstring Status List §3.3 (Bitstring Expansion): multibase base64url ('u'), then GZIP.
  if (encoded.empty() || encoded[0] != 'u') {
    return Error(ErrorCode::kMalformed, "encodedList must be multibase base64url (prefix 'u')", "encodedList");
  }
  auto raw = base64url_decode(encoded.substr(1));
  if (!raw.has_value()) return raw.error().within("encodedList");
  auto bits = gzip_decompress(*raw);
  if (!bits.has_value()) return bits.error().within("encodedList");
  if (bits->size() * 8 < kBitstringMinBits) {
    return Error(ErrorCode::kOutOfRange, "the bitstring is shorter than the 131072-entry minimum", "encodedList");
  }
  return std::move(*bits);
}

Result<std::uint32_t> bitstring_get(ByteSpan bits, std::uint64_t index, unsigned size) {
  if (size == 0 || size > 32) return Error(ErrorCode::kOutOfRange, "statusSize must be 1..32", "statusSize");
  std::uint64_t first = index * size;
  if (index > (UINT64_MAX / size) || first + size > bits.size() * 8ull) {
    return Error(ErrorCode::kOutOfRange, "statusListIndex is past the end of the list", "statusListIndex");
  }
  std::uint32_t v = 0;
  for (unsigned k = 0; k < size; ++k) {
    std::uint64_t b = first + k;
    // §3.4: index 0 is the left-most bit, i.e. the most significant bit of byte 0.
    v = (v << 1) | ((bits[b / 8] >> (7 - b % 8)) & 1u);
  }
  return v;
}

Status bitstring_set(Bytes& bits, std::uint64_t index, std::uint32_t value, unsigned size) {
  if (size == 0 || size > 32) return Error(ErrorCode::kOutOfRange, "statusSize must be 1..32", "statusSize");
  if (size < 32 && value >> size) return Error(ErrorCode::kOutOfRange, "value wider than statusSize", "value");
  std::uint64_t first = index * size;
  if (index > (UINT64_MAX / size) || first + size > bits.size() * 8ull) {
    return Error(ErrorCode::kOutOfRange, "index past the end of the list", "index");
  }
  for (unsigned k = 0; k < size; ++k) {
    std::uint64_t b = first + k;
    std::uint8_t mask = static_cast<std::uint8_t>(1u << (7 - b % 8));
    bool on = (value >> (size - 1 - k)) & 1u;
    bits[b / 8] = static_cast<std::uint8_t>(on ? (bits[b / 8] | mask) : (bits[b / 8] & ~mask));
  }
  return ok_status();
}

Result<std::uint8_t> TokenStatusList::get(std::uint64_t index) const {
  if (index >= size()) return Error(ErrorCode::kOutOfRange, "idx is past the end of the status list", "idx");
  std::uint64_t bit = index * bits;
  // Token Status List §4.1: entries fill each byte from the least significant bit.
  return static_cast<std::uint8_t>((bytes[bit / 8] >> (bit % 8)) & ((1u << bits) - 1u));
}

Status TokenStatusList::set(std::uint64_t index, std::uint8_t value) {
  if (index >= size()) return Error(ErrorCode::kOutOfRange, "idx is past the end of the status list", "idx");
  if (value >> bits) return Error(ErrorCode::kOutOfRange, "value wider than bits", "value");
  std::uint64_t bit = index * bits;
  std::uint8_t mask = static_cast<std::uint8_t>(((1u << bits) - 1u) << (bit % 8));
  bytes[bit / 8] = static_cast<std::uint8_t>((bytes[bit / 8] & ~mask) | (value << (bit % 8)));
  return ok_status();
}

Result<TokenStatusList> token_status_list_from_json(const Json& j) {
  if (!j.is_object()) return Error(ErrorCode::kMalformed, "status_list must be an object", "status_list");
  if (!j.contains("bits") || !j["bits"].is_number_unsigned()) {
    return Error(ErrorCode::kMalformed, "bits must be 1, 2, 4 or 8", "status_list/bits");
  }
  auto bits = j["bits"].get<std::uint64_t>();
  if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
    return Error(ErrorCode::kMalformed, "bits must be 1, 2, 4 or 8", "status_list/bits");
  }
  if (!j.contains("lst") || !j["lst"].is_string()) return Error(ErrorCode::kMalformed, "lst must be a string", "status_list/lst");
  auto raw = base64url_decode(j["lst"].get<std::string>());
  if (!raw.has_value()) return raw.error().within("status_list/lst");
  auto bytes = zlib_decompress(*raw);
  if (!bytes.has_value()) return bytes.error().within("status_list/lst");
  TokenStatusList out;
  out.bits = static_cast<unsigned>(bits);
  out.bytes = std::move(*bytes);
  return out;
}

Result<Json> token_status_list_to_json(const TokenStatusList& list) {
  if (list.bits != 1 && list.bits != 2 && list.bits != 4 && list.bits != 8) {
    return Error(ErrorCode::kInvalidArgument, "bits must be 1, 2, 4 or 8", "bits");
  }
  PLX_TRY(Bytes z, zlib_compress(list.bytes));
  return Json{{"bits", list.bits}, {"lst", base64url_encode(z)}};
}

Result<std::string> MemoryStatusListSource::fetch(std::string_view url) const {
  auto it = docs_.find(url);
  if (it == docs_.end()) return Error(ErrorCode::kNotFound, "no status list at " + std::string(url), "url");
  return it->second;
}

}  // namespace plx::vc::status
