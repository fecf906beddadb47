// Character classes and scanners for DID and DID URL syntax (DID Core §3.1, §3.2; RFC 3986 §2,
// §3.3-§3.5). Internal to plx::did.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plx/core/result.hpp"

namespace plx::did::internal {

[[nodiscard]] constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_hexdig(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// method-char = %x61-7A / DIGIT
[[nodiscard]] constexpr bool is_method_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || is_digit(c);
}
// idchar without pct-encoded (handled by the scanner).
[[nodiscard]] constexpr bool is_idchar(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_';
}
// RFC 3986 unreserved.
[[nodiscard]] constexpr bool is_unreserved(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
// RFC 3986 sub-delims.
[[nodiscard]] constexpr bool is_sub_delim(char c) noexcept {
  return c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
         c == '+' || c == ',' || c == ';' || c == '=';
}
// pchar without pct-encoded.
[[nodiscard]] constexpr bool is_pchar(char c) noexcept {
  return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@';
}

// A kMalformed error at character `pos`.
[[nodiscard]] Error syntax_error(std::size_t pos, std::string message);

// Where a DID sits at the start of a string.
struct DidSpan {
  std::size_t method_end;  // index of the ':' after the method name
  std::size_t did_end;     // one past the last character of the DID
};

// Scans "did:" method-name ":" method-specific-id at the start of `s`. With `url_tail`, stops at
// the first '/', '?' or '#' (the rest is the DID URL's path/query/fragment); without it, the DID
// must fill `s`. Errors carry positions relative to `s` plus `offset`.
[[nodiscard]] Result<DidSpan> scan_did(std::string_view s, bool url_tail, std::size_t offset = 0);

enum class UrlPart { kPath, kQuery, kFragment };
// Checks that `s` (which starts at `offset` in the input) only holds characters allowed in the
// given RFC 3986 component, with well-formed pct-encoding. For kPath, `s` must be path-abempty
// (empty or starting with '/').
[[nodiscard]] Status check_url_part(std::string_view s, UrlPart part, std::size_t offset);

}  // namespace plx::did::internal
