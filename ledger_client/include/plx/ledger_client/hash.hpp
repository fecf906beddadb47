// The ledger's 32-byte hash type and the SHA-256 helpers used for ids, headers and Merkle trees.
//
// Every hash in the ledger is SHA-256 (FIPS 180-4): transaction ids, header hashes, the
// transaction/outcome Merkle roots and the state tree. Domain separation between those uses is a
// leading tag byte or string defined where each is computed (docs/ledger-formats.md).
// Thread-safety: free functions; safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx::ledger {

using Hash = std::array<std::uint8_t, 32>;
inline constexpr Hash kZeroHash{};

// SHA-256 of the bytes.
[[nodiscard]] Hash sha256(ByteSpan data);
// SHA-256 of a || b (a Merkle node over two 32-byte children, with no tag).
[[nodiscard]] Hash sha256_concat(ByteSpan a, ByteSpan b);

// Lowercase hex of the 32 bytes.
[[nodiscard]] std::string to_hex(const Hash& h);
// Parses 64 hex digits; kMalformed otherwise.
[[nodiscard]] Result<Hash> hash_from_hex(std::string_view hex);

}  // namespace plx::ledger
