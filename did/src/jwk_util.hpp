// Small JWK checks shared by the document model and did:jwk. Internal to plx::did.
#pragma once

#include <optional>
#include <string_view>

#include "plx/core/json.hpp"

namespace plx::did::internal {

// The first member of `jwk` that holds private key material (RFC 7518 §6.2.2, §6.3.2, §6.4;
// RFC 8037 §2): "d" (EC, OKP, RSA), "p", "q", "dp", "dq", "qi", "oth" (RSA), "k" (oct).
// nullopt when there is none or `jwk` is not an object.
[[nodiscard]] inline std::optional<std::string_view> jwk_private_member(const Json& jwk) {
  if (!jwk.is_object()) return std::nullopt;
  static constexpr std::string_view kPrivate[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
  for (std::string_view m : kPrivate) {
    if (jwk.contains(m)) return m;
  }
  return std::nullopt;
}

}  // namespace plx::did::internal
