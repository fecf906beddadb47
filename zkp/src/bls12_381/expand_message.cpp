// RFC 9380 §5.3: expand_message_xmd and expand_message_xof, the byte-string expanders under
// hash_to_field, plus the §5.3.3 rule for domain separation tags longer than 255 bytes.
//
// Everything here is a function of the message and the DST only; nothing is secret about the
// lengths, so the length checks branch freely. The message itself is only hashed.
#include <array>
#include <cstdint>
#include <string>

#include "plx/crypto/hash.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"

namespace plx::zkp::bls12_381 {
namespace detail {
namespace {

constexpr std::size_t kMaxLenInBytes = 65535;  // I2OSP(len_in_bytes, 2) must fit
constexpr std::size_t kMaxDstLen = 255;        // I2OSP(len(DST), 1) must fit
constexpr std::string_view kOversizePrefix = "H2C-OVERSIZE-DST-";

// r_in_bytes of §5.3.1: the input block size of H, which the zero prefix Z_pad must fill so that
// b_0's first compression sees no attacker-chosen bytes.
std::size_t block_size(crypto::HashAlgorithm h) noexcept {
  switch (h) {
    case crypto::HashAlgorithm::kSha256:
      return 64;
    case crypto::HashAlgorithm::kSha384:
    case crypto::HashAlgorithm::kSha512:
      return 128;
    case crypto::HashAlgorithm::kShake256:
    case crypto::HashAlgorithm::kShake128:
      return 0;
  }
  return 0;
}

Status check_len(std::size_t len_in_bytes) {
  if (len_in_bytes == 0) {
    return Error(ErrorCode::kInvalidArgument, "expand_message: len_in_bytes must be at least 1",
                 "len_in_bytes");
  }
  if (len_in_bytes > kMaxLenInBytes) {
    return Error(ErrorCode::kInvalidArgument,
                 "expand_message: len_in_bytes " + std::to_string(len_in_bytes) +
                     " exceeds 65535 (RFC 9380 §5.3)",
                 "len_in_bytes");
  }
  return ok_status();
}

}  // namespace

Result<Bytes> expand_message_xmd(crypto::HashAlgorithm hash, ByteSpan msg, ByteSpan dst,
                                 std::size_t len_in_bytes) {
  if (crypto::is_xof(hash)) {
    return Error(ErrorCode::kInvalidArgument,
                 "expand_message_xmd needs a fixed-output hash, not an XOF", "hash");
  }
  PLX_RETURN_IF_ERROR(check_len(len_in_bytes));
  const std::size_t b_in_bytes = crypto::digest_size(hash);
  const std::size_t ell = (len_in_bytes + b_in_bytes - 1) / b_in_bytes;
  if (ell > 255) {  // §5.3.1 step 2: the block counter is one byte
    return Error(ErrorCode::kInvalidArgument,
                 "expand_message_xmd: len_in_bytes " + std::to_string(len_in_bytes) + " needs " +
                     std::to_string(ell) + " hash blocks, more than 255",
                 "len_in_bytes");
  }

  crypto::Hasher h(hash);
  // §5.3.3: a long DST is replaced by its hash; the expansion then uses the short one.
  Bytes short_dst;
  if (dst.size() > kMaxDstLen) {
    h.update(as_bytes(kOversizePrefix)).update(dst);
    short_dst = h.finish();
    dst = short_dst;
  }
  const std::array<std::uint8_t, 1> dst_len{static_cast<std::uint8_t>(dst.size())};

  // b_0 = H(Z_pad || msg || I2OSP(len_in_bytes, 2) || I2OSP(0, 1) || DST_prime)
  static constexpr std::array<std::uint8_t, 128> kZeros{};
  const std::array<std::uint8_t, 3> lib_and_zero{static_cast<std::uint8_t>(len_in_bytes >> 8),
                                                 static_cast<std::uint8_t>(len_in_bytes & 0xff), 0};
  h.update(ByteSpan(kZeros).first(block_size(hash)))
      .update(msg)
      .update(lib_and_zero)
      .update(dst)
      .update(dst_len);
  std::array<std::uint8_t, 64> b0{};
  const std::span<std::uint8_t> b0_span = std::span(b0).first(b_in_bytes);
  PLX_CHECK(h.finish(b0_span).has_value());

  // b_1 = H(b_0 || I2OSP(1, 1) || DST_prime); b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) ||
  // DST_prime)
  Bytes out(ell * b_in_bytes);
  std::array<std::uint8_t, 64> chain{};
  const std::span<std::uint8_t> chain_span = std::span(chain).first(b_in_bytes);
  for (std::size_t i = 1; i <= ell; ++i) {
    for (std::size_t j = 0; j < b_in_bytes; ++j) {
      // For i = 1 the previous block is taken as zero, so strxor(b_0, 0) = b_0.
      chain[j] = static_cast<std::uint8_t>(b0[j] ^ (i == 1 ? 0 : out[(i - 2) * b_in_bytes + j]));
    }
    const std::array<std::uint8_t, 1> counter{static_cast<std::uint8_t>(i)};
    h.update(chain_span).update(counter).update(dst).update(dst_len);
    PLX_CHECK(h.finish(std::span(out).subspan((i - 1) * b_in_bytes, b_in_bytes)).has_value());
  }
  out.resize(len_in_bytes);
  return out;
}

Result<Bytes> expand_message_xof(crypto::HashAlgorithm xof, ByteSpan msg, ByteSpan dst,
                                 std::size_t len_in_bytes, std::size_t k_bits) {
  if (!crypto::is_xof(xof)) {
    return Error(ErrorCode::kInvalidArgument,
                 "expand_message_xof needs an extendable-output function (SHAKE)", "xof");
  }
  if (k_bits == 0) {
    return Error(ErrorCode::kInvalidArgument, "expand_message_xof: k must be positive", "k");
  }
  PLX_RETURN_IF_ERROR(check_len(len_in_bytes));

  crypto::Hasher h(xof);
  Bytes short_dst;
  if (dst.size() > kMaxDstLen) {
    // §5.3.3: DST = H("H2C-OVERSIZE-DST-" || DST, ceil(2 * k / 8)).
    h.update(as_bytes(kOversizePrefix)).update(dst);
    short_dst = h.finish((2 * k_bits + 7) / 8);
    if (short_dst.size() > kMaxDstLen) {
      return Error(ErrorCode::kInvalidArgument,
                   "expand_message_xof: k = " + std::to_string(k_bits) +
                       " makes the hashed DST longer than 255 bytes",
                   "k");
    }
    dst = short_dst;
  }
  // msg_prime = msg || I2OSP(len_in_bytes, 2) || DST || I2OSP(len(DST), 1)
  const std::array<std::uint8_t, 2> lib{static_cast<std::uint8_t>(len_in_bytes >> 8),
                                        static_cast<std::uint8_t>(len_in_bytes & 0xff)};
  const std::array<std::uint8_t, 1> dst_len{static_cast<std::uint8_t>(dst.size())};
  h.update(msg).update(lib).update(dst).update(dst_len);
  return h.finish(len_in_bytes);
}

}  // namespace detail

Result<Bytes> expand_message(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                             std::size_t len_in_bytes) {
  // RFC 9380 §3.1: "DST MUST have nonzero length". An empty tag would make every user of the
  // suite share one random oracle; the generic expanders below stay usable for the empty-DST
  // test vectors of other specifications, the suite-level entry points refuse it.
  if (dst.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "the domain separation tag is empty; RFC 9380 §3.1 requires a non-empty DST",
                 "dst");
  }
  switch (kind) {
    case ExpandMessage::kXmdSha256:
      return detail::expand_message_xmd(crypto::HashAlgorithm::kSha256, msg, dst, len_in_bytes);
    case ExpandMessage::kXofShake256:
      // k = 128: the security level of every BLS12-381 suite (RFC 9380 §8.8, BBS draft §6.2).
      return detail::expand_message_xof(crypto::HashAlgorithm::kShake256, msg, dst, len_in_bytes,
                                        128);
  }
  return Error(ErrorCode::kInvalidArgument, "unknown ExpandMessage variant", "kind");
}

}  // namespace plx::zkp::bls12_381
