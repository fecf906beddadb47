#include "plx/core/ct.hpp"

namespace plx::ct {

Choice equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
  if (a.size() != b.size()) return Choice::from_bit(0);  // lengths are public
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < a.size(); ++i) acc |= static_cast<std::uint64_t>(a[i] ^ b[i]);
  return is_zero(barrier(acc));
}

void conditional_copy(Choice c, std::span<std::uint8_t> dst,
                      std::span<const std::uint8_t> src) noexcept {
  const auto m = static_cast<std::uint8_t>(c.mask() & 0xff);
  for (std::size_t i = 0; i < dst.size() && i < src.size(); ++i) {
    dst[i] = static_cast<std::uint8_t>(dst[i] ^ (m & (dst[i] ^ src[i])));
  }
}

}  // namespace plx::ct
