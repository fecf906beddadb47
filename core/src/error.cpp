#include "plx/core/error.hpp"

#include <cstdio>
#include <cstdlib>

#include "plx/core/result.hpp"

namespace plx {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kMalformed: return "malformed";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kVerificationFailed: return "verification_failed";
    case ErrorCode::kRevoked: return "revoked";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kOutOfRange: return "out_of_range";
  }
  return "unknown";
}

std::string Error::to_string() const {
  std::string s(plx::to_string(code));
  s += ": ";
  s += message;
  if (!where.empty()) {
    s += " (at ";
    s += where;
    s += ")";
  }
  return s;
}

Error Error::within(std::string_view outer) const {
  Error e = *this;
  if (outer.empty()) return e;
  if (e.where.empty()) {
    e.where = std::string(outer);
  } else {
    std::string w(outer);
    if (e.where.front() != '/' && w.back() != '/') w += '/';
    e.where = w + e.where;
  }
  return e;
}

namespace internal {
void result_value_on_error(const Error& e) noexcept {
  std::fprintf(stderr, "plx: Result::value() called on an error: %s (%s:%u)\n",
               e.to_string().c_str(), e.location.file_name(),
               static_cast<unsigned>(e.location.line()));
  std::abort();
}
}  // namespace internal

}  // namespace plx
