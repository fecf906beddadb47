// Byte vocabulary: Bytes (owned) and ByteSpan (borrowed, read-only). Every byte input of a
// public API is a ByteSpan.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plx {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

// The octets of a string, as bytes (no encoding is applied).
[[nodiscard]] inline ByteSpan as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
[[nodiscard]] inline Bytes to_bytes(std::string_view s) {
  auto b = as_bytes(s);
  return Bytes(b.begin(), b.end());
}
// The bytes as a string of the same octets (for payloads that are text, never for secrets).
[[nodiscard]] inline std::string_view as_string_view(ByteSpan b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
[[nodiscard]] inline std::string to_string(ByteSpan b) { return std::string(as_string_view(b)); }

// Appends `b` to `out`.
inline void append(Bytes& out, ByteSpan b) { out.insert(out.end(), b.begin(), b.end()); }

}  // namespace plx
