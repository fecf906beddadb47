#include "plx/ledger_client/hash.hpp"

#include <algorithm>

#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"

namespace plx::ledger {

Hash sha256(ByteSpan data) { return crypto::sha256(data); }

Hash sha256_concat(ByteSpan a, ByteSpan b) {
  crypto::Hasher h(crypto::HashAlgorithm::kSha256);
  h.update(a).update(b);
  Hash out{};
  PLX_CHECK(h.finish(std::span<std::uint8_t>(out)).has_value());
  return out;
}

std::string to_hex(const Hash& h) { return hex_encode(h); }

Result<Hash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) {
    return Error(ErrorCode::kMalformed, "a hash is 64 hex digits, got " + std::to_string(hex.size()),
                 "hash");
  }
  PLX_TRY(Bytes b, hex_decode(hex));
  Hash out{};
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

}  // namespace plx::ledger
