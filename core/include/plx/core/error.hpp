// plx::Error and plx::ErrorCode: the one error vocabulary of Parallax.
//
// An Error says what went wrong (`code`, `message`) and where (`where`: a field name, a JSON
// pointer, a byte or character offset). Messages never contain secret bytes. ErrorCode numbers
// are stable: the C ABI mirrors them one to one as `plx_status`.
// Thread-safety: a value type; safe to copy between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace plx {

enum class ErrorCode : std::int32_t {
  kOk = 0,
  kInvalidArgument = 1,     // the caller passed something the API does not accept
  kMalformed = 2,           // input bytes or text that do not parse
  kUnsupported = 3,         // well-formed, but an algorithm/method/feature we do not implement
  kNotFound = 4,            // a key, DID or record that does not exist
  kVerificationFailed = 5,  // a signature, proof or MAC that does not verify
  kRevoked = 6,             // a credential whose status says revoked/suspended
  kIo = 7,                  // file system or network failure
  kInternal = 8,            // a broken invariant in Parallax itself
  kAlreadyExists = 9,
  kPermissionDenied = 10,
  kOutOfRange = 11,         // a number or length outside the allowed range
};

// The stable lower_snake name of a code ("malformed", "verification_failed", ...).
[[nodiscard]] std::string_view to_string(ErrorCode code) noexcept;

// Where an Error was made, with the std::source_location surface (file_name(), line()). Not
// std::source_location itself: clang 14 with libstdc++ 12 cannot compile <source_location>, and
// users of the SDK build our headers with their own compiler. __builtin_FILE/__builtin_LINE work
// in g++ and clang alike, and as default arguments they name the caller.
class SourceLocation {
 public:
  static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                          std::uint_least32_t line = __builtin_LINE()) noexcept {
    return SourceLocation(file, line);
  }
  constexpr SourceLocation() noexcept = default;
  [[nodiscard]] constexpr const char* file_name() const noexcept { return file_; }
  [[nodiscard]] constexpr std::uint_least32_t line() const noexcept { return line_; }

 private:
  constexpr SourceLocation(const char* f, std::uint_least32_t l) noexcept : file_(f), line_(l) {}
  const char* file_ = "";
  std::uint_least32_t line_ = 0;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string where;
  SourceLocation location;

  Error() = default;
  Error(ErrorCode c, std::string msg, std::string at = {},
        SourceLocation loc = SourceLocation::current())
      : code(c), message(std::move(msg)), where(std::move(at)), location(loc) {}

  // "malformed: bad character (at: offset 3)". Suitable for users; contains no secrets.
  [[nodiscard]] std::string to_string() const;

  // A copy whose `where` is prefixed by `outer` ("proof" + "/signature" -> "proof/signature").
  [[nodiscard]] Error within(std::string_view outer) const;
};

}  // namespace plx
