// Constant-time helpers (the vocabulary of libsecp256k1 and blst).
//
// ct::Choice is a mask, 0 or all ones, that never converts to bool implicitly: branching on a
// secret must be a visible act (declassify()). The barrier stops the compiler from turning a
// mask back into a branch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace plx::ct {

// An optimisation barrier: the compiler cannot know the value that comes out.
[[nodiscard]] inline std::uint64_t barrier(std::uint64_t v) noexcept {
  __asm__("" : "+r"(v) : :);
  return v;
}

class Choice {
 public:
  // From a 0/1 bit (REQUIRES: bit is 0 or 1).
  [[nodiscard]] static Choice from_bit(std::uint64_t bit) noexcept {
    return Choice(barrier(0 - (bit & 1)));
  }
  [[nodiscard]] static Choice from_mask(std::uint64_t mask) noexcept { return Choice(barrier(mask)); }
  [[nodiscard]] std::uint64_t mask() const noexcept { return m_; }
  [[nodiscard]] Choice operator&(Choice o) const noexcept { return Choice(m_ & o.m_); }
  [[nodiscard]] Choice operator|(Choice o) const noexcept { return Choice(m_ | o.m_); }
  [[nodiscard]] Choice operator!() const noexcept { return Choice(~m_); }
  // The one way to branch on a Choice: say that its value is public from here on.
  [[nodiscard]] bool declassify() const noexcept { return barrier(m_) != 0; }

 private:
  explicit Choice(std::uint64_t m) noexcept : m_(m) {}
  std::uint64_t m_;
};

// Choice of v == 0.
[[nodiscard]] inline Choice is_zero(std::uint64_t v) noexcept {
  // (v | -v) has its top bit set iff v != 0.
  return Choice::from_bit(((v | (0 - v)) >> 63) ^ 1);
}
[[nodiscard]] inline Choice equal(std::uint64_t a, std::uint64_t b) noexcept { return is_zero(a ^ b); }

// c ? a : b without a branch.
[[nodiscard]] inline std::uint64_t select(Choice c, std::uint64_t a, std::uint64_t b) noexcept {
  return b ^ (c.mask() & (a ^ b));
}

// Byte strings equal? Constant-time in the contents; the lengths are public.
[[nodiscard]] Choice equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

// dst = c ? src : dst, byte-wise. REQUIRES: same length.
void conditional_copy(Choice c, std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) noexcept;

// Marks a value as public from here on; a no-op at run time, a marker for the valgrind ctime tests
// (tests/ctime) and for review.
template <class T>
[[nodiscard]] inline T declassify(T v) noexcept {
  return v;
}

}  // namespace plx::ct
