// Hashes over OpenSSL 3 EVP: SHA-256, SHA-384, SHA-512 (FIPS 180-4), SHAKE-128 and SHAKE-256
// (FIPS 202). SHAKE-128 is here for RFC 9380's expand_message_xof test vectors.
//
// One-shot functions for the common case, and Hasher for streaming: a Hasher keeps its EVP
// context and reset() reuses it, which saves the fetch and allocation that dominate short
// inputs (BBS hashes thousands of small strings). A Hasher is not thread-safe; use one per thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"

namespace plx::crypto {

enum class HashAlgorithm { kSha256, kSha384, kSha512, kShake256, kShake128 };

using Sha256Digest = std::array<std::uint8_t, 32>;
using Sha384Digest = std::array<std::uint8_t, 48>;
using Sha512Digest = std::array<std::uint8_t, 64>;

[[nodiscard]] Sha256Digest sha256(ByteSpan data);
[[nodiscard]] Sha384Digest sha384(ByteSpan data);
[[nodiscard]] Sha512Digest sha512(ByteSpan data);
// SHAKE-256 with `out_len` bytes of output.
[[nodiscard]] Bytes shake256(ByteSpan data, std::size_t out_len);
// Digest length in bytes (SHAKE-128/256: 0, the output length is the caller's).
[[nodiscard]] std::size_t digest_size(HashAlgorithm alg) noexcept;
// True for the extendable-output functions (SHAKE-128, SHAKE-256).
[[nodiscard]] bool is_xof(HashAlgorithm alg) noexcept;

class Hasher {
 public:
  explicit Hasher(HashAlgorithm alg);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  HashAlgorithm algorithm() const noexcept { return alg_; }
  Hasher& update(ByteSpan data);
  // Writes the digest to `out` and resets. For SHA-2, REQUIRES out.size() == digest_size();
  // for SHAKE-128/256 any length is squeezed. Returns kInvalidArgument on a wrong size.
  [[nodiscard]] Status finish(std::span<std::uint8_t> out);
  [[nodiscard]] Bytes finish(std::size_t xof_len = 0);  // xof_len: SHAKE only
  void reset();

 private:
  struct Impl;
  HashAlgorithm alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plx::crypto
