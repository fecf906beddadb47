#include "plx/core/secret.hpp"

#include <sodium.h>

namespace plx::internal {

void secure_wipe(void* p, std::size_t n) noexcept {
  if (p != nullptr && n != 0) sodium_memzero(p, n);
}

bool secure_equal(const void* a, const void* b, std::size_t n) noexcept {
  if (n == 0) return true;
  return sodium_memcmp(a, b, n) == 0;
}

}  // namespace plx::internal
