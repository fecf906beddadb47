// The deterministic ledger encoding (docs/ledger-formats.md §1).
#include "plx/ledger_client/codec.hpp"

#include <string>

namespace plx::ledger {

Error Reader::error_at(std::string_view field, std::string message, std::size_t offset) const {
  return Error(ErrorCode::kMalformed, std::string(field) + ": " + std::move(message),
               std::string(field) + " at offset " + std::to_string(offset));
}

Result<ByteSpan> Reader::fixed(std::string_view field, std::size_t n) {
  if (remaining() < n) {
    return error_at(field,
                    "truncated: needs " + std::to_string(n) + " bytes, " +
                        std::to_string(remaining()) + " left",
                    pos_);
  }
  ByteSpan s = data_.subspan(pos_, n);
  pos_ += n;
  return s;
}

Result<std::uint8_t> Reader::u8(std::string_view field) {
  PLX_TRY(ByteSpan s, fixed(field, 1));
  return s[0];
}

Result<std::uint32_t> Reader::u32(std::string_view field) {
  PLX_TRY(ByteSpan s, fixed(field, 4));
  std::uint32_t v = 0;
  for (std::uint8_t b : s) v = (v << 8) | b;
  return v;
}

Result<std::uint64_t> Reader::u64(std::string_view field) {
  PLX_TRY(ByteSpan s, fixed(field, 8));
  std::uint64_t v = 0;
  for (std::uint8_t b : s) v = (v << 8) | b;
  return v;
}

Result<std::int64_t> Reader::i64(std::string_view field) {
  PLX_TRY(std::uint64_t v, u64(field));
  return static_cast<std::int64_t>(v);
}

Result<std::uint64_t> Reader::varint(std::string_view field) {
  const std::size_t start = pos_;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (pos_ >= data_.size()) return error_at(field, "truncated varint", start);
    const std::uint8_t b = data_[pos_++];
    // The 10th group holds bit 63 only; anything above would overflow 64 bits.
    if (i == 9 && b > 0x01) return error_at(field, "varint exceeds 64 bits", start);
    v |= std::uint64_t{b & 0x7fu} << (7 * i);
    if ((b & 0x80) == 0) {
      // A final zero group after others is a longer spelling of a shorter varint.
      if (b == 0 && i != 0) return error_at(field, "non-minimal varint", start);
      return v;
    }
  }
  return error_at(field, "varint longer than 10 bytes", start);
}

Result<ByteSpan> Reader::bytes_view(std::string_view field, std::size_t max_len) {
  const std::size_t start = pos_;
  PLX_TRY(std::uint64_t len, varint(field));
  if (len > max_len || len > kMaxEncodedLength) {
    return error_at(field,
                    "length " + std::to_string(len) + " exceeds the maximum " +
                        std::to_string(max_len),
                    start);
  }
  return fixed(field, static_cast<std::size_t>(len));
}

Result<Bytes> Reader::bytes(std::string_view field, std::size_t max_len) {
  PLX_TRY(ByteSpan s, bytes_view(field, max_len));
  return Bytes(s.begin(), s.end());
}

Result<std::string> Reader::string(std::string_view field, std::size_t max_len) {
  PLX_TRY(ByteSpan s, bytes_view(field, max_len));
  return std::string(as_string_view(s));
}

Status Reader::expect_end(std::string_view what) const {
  if (!at_end()) {
    return error_at(what, std::to_string(remaining()) + " trailing bytes", pos_);
  }
  return ok_status();
}

}  // namespace plx::ledger
