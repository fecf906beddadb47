// plx::Result<T>: a value or an Error, with the std::expected surface so it can become an alias
// once the toolchain ships std::expected. plx::Status is Result<void>.
//
// Results are [[nodiscard]]: a verification result that is silently dropped is a bug.
// `value()` aborts on error (it never throws); check `has_value()` or use PLX_TRY first.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "plx/core/error.hpp"

namespace plx {

namespace internal {
[[noreturn]] void result_value_on_error(const Error& e) noexcept;
}  // namespace internal

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, Error>, "Result<Error> is ambiguous");

 public:
  using value_type = T;

  Result(const T& v) : v_(std::in_place_index<0>, v) {}              // NOLINT: implicit by design
  Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}        // NOLINT
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}      // NOLINT
  template <class U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
             !std::is_same_v<std::remove_cvref_t<U>, Error> &&
             !std::is_same_v<std::remove_cvref_t<U>, Result>)
  Result(U&& u) : v_(std::in_place_index<0>, T(std::forward<U>(u))) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { check(); return std::get<0>(v_); }
  const T& value() const& { check(); return std::get<0>(v_); }
  T&& value() && { check(); return std::get<0>(std::move(v_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !has_value().
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void check() const {
    if (!has_value()) internal::result_value_on_error(std::get<1>(v_));
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Error e) : e_(std::move(e)) {}  // NOLINT
  [[nodiscard]] bool has_value() const noexcept { return !e_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (e_) internal::result_value_on_error(*e_);
  }
  const Error& error() const& { return *e_; }
  Error&& error() && { return std::move(*e_); }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

}  // namespace plx

#define PLX_CONCAT_INNER_(a, b) a##b
#define PLX_CONCAT_(a, b) PLX_CONCAT_INNER_(a, b)

// PLX_TRY(auto x, expr): evaluates expr (a Result); on error returns the Error from the
// enclosing function, else binds the value to the declaration on the left.
#define PLX_TRY(lhs, expr) PLX_TRY_IMPL_(PLX_CONCAT_(plx_try_tmp_, __LINE__), lhs, expr)
#define PLX_TRY_IMPL_(tmp, lhs, expr)              \
  auto tmp = (expr);                               \
  if (!tmp.has_value()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()

// PLX_RETURN_IF_ERROR(expr): evaluates expr (a Result or Status); on error returns it.
#define PLX_RETURN_IF_ERROR(expr)                                        \
  do {                                                                   \
    auto plx_status_tmp_ = (expr);                                       \
    if (!plx_status_tmp_.has_value()) return std::move(plx_status_tmp_).error(); \
  } while (0)

// Broken internal invariants (never user input): abort with a message. Always on.
#define PLX_CHECK(cond)                                                              \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: PLX_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
#ifndef NDEBUG
#define PLX_DCHECK(cond) PLX_CHECK(cond)
#else
#define PLX_DCHECK(cond) \
  do {                   \
  } while (0)
#endif
