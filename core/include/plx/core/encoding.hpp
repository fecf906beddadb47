// Strict text encodings of bytes: hex (RFC 4648 §8), base64url without padding (RFC 4648 §5, as
// JOSE uses it, RFC 7515 §2), padded base64 (RFC 4648 §4) and base58btc (the Bitcoin alphabet).
//
// Decoders accept exactly one spelling of each byte string, so that a signature or key cannot be
// re-encoded into a second valid form: base64url rejects '=' padding, whitespace, characters
// outside the alphabet, a length of 4k+1, and non-zero unused trailing bits; base64 requires
// canonical padding. Errors are kMalformed with `where` = "offset N" naming the first bad character.
// All functions are variable-time in their input; do not pass secrets through them unless the
// input is already public (encoding a private JWK is the one place that does; see crypto/jwk).
#pragma once

#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx {

// Lowercase hex.
[[nodiscard]] std::string hex_encode(ByteSpan data);
// Accepts upper and lower case digits; rejects odd length and any non-hex character.
[[nodiscard]] Result<Bytes> hex_decode(std::string_view text);

[[nodiscard]] std::string base64url_encode(ByteSpan data);
[[nodiscard]] Result<Bytes> base64url_decode(std::string_view text);

[[nodiscard]] std::string base64_encode(ByteSpan data);
[[nodiscard]] Result<Bytes> base64_decode(std::string_view text);

// Leading zero bytes map to leading '1's, as in Bitcoin. Decoding rejects characters outside the
// alphabet (0, O, I, l) and the empty string decodes to empty bytes.
[[nodiscard]] std::string base58btc_encode(ByteSpan data);
[[nodiscard]] Result<Bytes> base58btc_decode(std::string_view text);

}  // namespace plx
