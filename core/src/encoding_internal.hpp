// Internal to plx::core: the base64 variants that only other core sources need.
//
// Multibase 'm' is RFC 4648 §4 base64 *without* padding (multibase spec, "base64" row of
// multibase.csv), a spelling that is neither base64_encode (padded) nor base64url_encode
// (other alphabet), so it lives here rather than in the public encoding.hpp.
#pragma once

#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx::internal {

// Standard alphabet (RFC 4648 §4), no '=' padding.
[[nodiscard]] std::string base64_nopad_encode(ByteSpan data);
// Strict: rejects '=', whitespace, characters outside the standard alphabet, a length of 4k+1
// and non-zero unused trailing bits. Errors are kMalformed with where = "offset N".
[[nodiscard]] Result<Bytes> base64_nopad_decode(std::string_view text);

}  // namespace plx::internal
