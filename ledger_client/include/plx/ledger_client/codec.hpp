// Deterministic binary encoding primitives for every ledger structure (transactions, headers,
// proofs, state values, outcomes). docs/ledger-formats.md §1 is the normative description.
//
// The encoding has exactly one spelling per value, so that hashes and signatures over encodings
// are well defined and a replica cannot be fed a second form of the same transaction:
//   - u8; u32, u64 and i64 as fixed-width big-endian (i64 as the two's-complement u64);
//   - varint: unsigned LEB128 (7 bits per byte, least significant group first), minimal: the last
//     byte of a multi-byte varint is never 0; at most 10 bytes, and the 10th may only be 0x01;
//   - bytes / string: varint length, then the octets. Every read names a maximum length.
//   - fixed: N raw octets whose length is implied by the field (hashes, keys).
//
// Writer appends to an owned buffer and never fails. Reader walks a borrowed span; every read
// returns kMalformed (truncation, non-minimal varint, length above the field's maximum) with
// `where` = "<field> at offset N". The Reader does not check for trailing bytes by itself:
// decoders call expect_end() once the structure is read.
// Thread-safety: value types with no shared state; use one per thread.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx::ledger {

// The largest varint length prefix a Reader accepts anywhere, as a guard against a length that
// would only be caught after a huge allocation. Fields set tighter bounds.
inline constexpr std::size_t kMaxEncodedLength = std::size_t{64} << 20;

class Writer {
 public:
  Writer() = default;
  explicit Writer(std::size_t reserve) { out_.reserve(reserve); }

  Writer& u8(std::uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  Writer& u32(std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
    return *this;
  }
  Writer& u64(std::uint64_t v) {
    for (int s = 56; s >= 0; s -= 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
    return *this;
  }
  Writer& i64(std::int64_t v) { return u64(static_cast<std::uint64_t>(v)); }
  Writer& varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<std::uint8_t>(v));
    return *this;
  }
  // varint(length) || data.
  Writer& bytes(ByteSpan data) {
    varint(data.size());
    out_.insert(out_.end(), data.begin(), data.end());
    return *this;
  }
  Writer& string(std::string_view s) { return bytes(as_bytes(s)); }
  // The octets with no length (the field's length is fixed by the format).
  Writer& fixed(ByteSpan data) {
    out_.insert(out_.end(), data.begin(), data.end());
    return *this;
  }

  [[nodiscard]] const Bytes& data() const noexcept { return out_; }
  [[nodiscard]] std::size_t size() const noexcept { return out_.size(); }
  [[nodiscard]] Bytes take() && { return std::move(out_); }

 private:
  Bytes out_;
};

class Reader {
 public:
  explicit Reader(ByteSpan data) noexcept : data_(data) {}

  // Each read consumes its field or, on error, returns kMalformed naming `field` and the offset
  // (the Reader is then left at an unspecified position: stop reading).
  [[nodiscard]] Result<std::uint8_t> u8(std::string_view field);
  [[nodiscard]] Result<std::uint32_t> u32(std::string_view field);
  [[nodiscard]] Result<std::uint64_t> u64(std::string_view field);
  [[nodiscard]] Result<std::int64_t> i64(std::string_view field);
  // Minimal LEB128; kMalformed for a non-minimal form, more than 64 bits or truncation.
  [[nodiscard]] Result<std::uint64_t> varint(std::string_view field);
  // varint length then data; kMalformed if the length exceeds `max_len` or the input.
  [[nodiscard]] Result<Bytes> bytes(std::string_view field, std::size_t max_len);
  // As bytes(), borrowing from the input (valid while the input is).
  [[nodiscard]] Result<ByteSpan> bytes_view(std::string_view field, std::size_t max_len);
  [[nodiscard]] Result<std::string> string(std::string_view field, std::size_t max_len);
  // Exactly n raw octets.
  [[nodiscard]] Result<ByteSpan> fixed(std::string_view field, std::size_t n);
  template <std::size_t N>
  [[nodiscard]] Result<std::array<std::uint8_t, N>> array(std::string_view field) {
    PLX_TRY(ByteSpan s, fixed(field, N));
    std::array<std::uint8_t, N> a{};
    std::copy(s.begin(), s.end(), a.begin());
    return a;
  }

  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }
  // kMalformed ("N trailing bytes after <what>") unless every byte was consumed.
  [[nodiscard]] Status expect_end(std::string_view what) const;

  // An Error for the current offset, for decoders that reject a value they just read.
  [[nodiscard]] Error error_at(std::string_view field, std::string message,
                               std::size_t offset) const;

 private:
  ByteSpan data_;
  std::size_t pos_ = 0;
};

}  // namespace plx::ledger
