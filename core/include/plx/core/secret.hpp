// SecretBytes and SecretArray<N>: containers for key material.
//
// Bytes live in memory that is wiped with sodium_memzero whenever it is released (destruction,
// clear, resize, reallocation). They cannot be printed, streamed, formatted or implicitly viewed
// as a span: read them through expose_secret(), a name meant to be grepped in review (Tink's
// access-token idea, in light form). Equality is constant-time (sodium_memcmp). Move-only.
// Never copy secret bytes into a std::string: its small-string buffer escapes the allocator.
// Thread-safety: like std::vector.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "plx/core/bytes.hpp"

namespace plx {

namespace internal {
void secure_wipe(void* p, std::size_t n) noexcept;
bool secure_equal(const void* a, const void* b, std::size_t n) noexcept;

template <class T>
struct ZeroizingAllocator {
  using value_type = T;
  ZeroizingAllocator() noexcept = default;
  template <class U>
  ZeroizingAllocator(const ZeroizingAllocator<U>&) noexcept {}  // NOLINT
  T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  template <class U>
  bool operator==(const ZeroizingAllocator<U>&) const noexcept { return true; }
};
}  // namespace internal

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size) : b_(size, 0) {}
  explicit SecretBytes(ByteSpan data) : b_(data.begin(), data.end()) {}
  SecretBytes(SecretBytes&&) noexcept = default;
  SecretBytes& operator=(SecretBytes&&) noexcept = default;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { clear(); }

  // An explicit copy, so that duplicating a secret is visible in review.
  [[nodiscard]] SecretBytes clone() const { return SecretBytes(expose_secret()); }

  [[nodiscard]] std::size_t size() const noexcept { return b_.size(); }
  [[nodiscard]] bool empty() const noexcept { return b_.empty(); }
  // Wipes the current contents before releasing them.
  void clear() noexcept {
    if (!b_.empty()) internal::secure_wipe(b_.data(), b_.size());
    b_.clear();
  }
  // Growing keeps the old bytes (the old buffer is wiped when it is released).
  void resize(std::size_t n) {
    if (n < b_.size()) internal::secure_wipe(b_.data() + n, b_.size() - n);
    b_.resize(n, 0);
  }
  void append(ByteSpan data) { b_.insert(b_.end(), data.begin(), data.end()); }

  [[nodiscard]] ByteSpan expose_secret() const noexcept { return {b_.data(), b_.size()}; }
  [[nodiscard]] std::span<std::uint8_t> expose_secret_mut() noexcept { return {b_.data(), b_.size()}; }

  // Constant-time in the contents (not in the lengths, which are public).
  friend bool operator==(const SecretBytes& a, const SecretBytes& b) noexcept {
    return a.size() == b.size() && internal::secure_equal(a.b_.data(), b.b_.data(), a.size());
  }

 private:
  std::vector<std::uint8_t, internal::ZeroizingAllocator<std::uint8_t>> b_;
};

template <std::size_t N>
class SecretArray {
 public:
  SecretArray() noexcept { a_.fill(0); }
  explicit SecretArray(ByteSpan data) noexcept {
    a_.fill(0);
    for (std::size_t i = 0; i < N && i < data.size(); ++i) a_[i] = data[i];
  }
  SecretArray(const SecretArray&) = delete;
  SecretArray& operator=(const SecretArray&) = delete;
  SecretArray(SecretArray&& o) noexcept : a_(o.a_) { internal::secure_wipe(o.a_.data(), N); }
  SecretArray& operator=(SecretArray&& o) noexcept {
    a_ = o.a_;
    internal::secure_wipe(o.a_.data(), N);
    return *this;
  }
  ~SecretArray() { internal::secure_wipe(a_.data(), N); }

  static constexpr std::size_t size() noexcept { return N; }
  [[nodiscard]] ByteSpan expose_secret() const noexcept { return {a_.data(), N}; }
  [[nodiscard]] std::span<std::uint8_t, N> expose_secret_mut() noexcept { return std::span<std::uint8_t, N>(a_); }
  [[nodiscard]] SecretArray clone() const noexcept { return SecretArray(expose_secret()); }

  friend bool operator==(const SecretArray& a, const SecretArray& b) noexcept {
    return internal::secure_equal(a.a_.data(), b.a_.data(), N);
  }

 private:
  std::array<std::uint8_t, N> a_;
};

}  // namespace plx
