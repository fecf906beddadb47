// Ed25519 verification under RFC 8032's cofactored equation, one signature at a time or many at
// once, with the same verdict either way.
//
// Why a second Ed25519 verifier next to signature.hpp's: libsodium checks the cofactorless
// equation [S]B = R + [k]A, which a batch check cannot reproduce exactly. A random linear
// combination of cofactorless equations misses a failure that is a small-order point with
// probability up to 1/2, so two nodes batching differently could disagree about a block. The
// cofactored equation [8][S]B = [8]R + [8][k]A (RFC 8032 §5.1.7 step 3, which names it the check
// and the cofactorless one an allowed shortcut) has no such gap: a batch accepts exactly the
// signatures that pass one by one, except with probability at most 2^-128 per batch (ZIP-215 makes
// the same choice for consensus).
//
// Decoding is libsodium's, so the two verifiers differ only on the equation: A and R must be
// canonical encodings (y < p, no "negative zero" x) of points not of small order, and S < L
// (RFC 8032 §5.1.7 step 1). A signature that libsodium accepts is accepted here; the converse
// fails only for a signature crafted with a small-order component in A or R, which only the key's
// owner can make, so unforgeability is unaffected.
//
// All inputs are public (keys, messages, signatures): the code is variable-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "plx/core/bytes.hpp"

namespace plx::crypto {

// How many signatures one multi-scalar multiplication covers: larger groups cost less per
// signature (Pippenger), up to about this size, but more to redo when one in them is bad.
// Callers that split work among threads give each a multiple of it.
inline constexpr std::size_t kEd25519BatchGroupSize = 128;

// One signature to check. The spans are borrowed and must outlive the call.
struct Ed25519Check {
  ByteSpan public_key;  // 32 bytes, RFC 8032 §5.1.5
  ByteSpan message;
  ByteSpan signature;  // 64 bytes: R || S
  // Empty, or an eighth C of the key (ed25519_eighth.hpp): the check then also requires
  // ed25519_is_eighth(public_key, key_eighth), which proves the key torsion-free. Checked here
  // rather than apart because the verifier decodes the key's point anyway, which spares the
  // eighth's check one of its two point decodings.
  ByteSpan key_eighth{};
};

// True iff the signature passes RFC 8032 §5.1.7 with the cofactored equation and the decoding
// rules above, and the key_eighth, if given, is an eighth of the key. False for any bad input: a
// key or signature of the wrong length, a non-canonical or small-order A or R, S >= L, an
// equation that does not hold, or a key_eighth that is not 32 bytes, not a canonical point
// encoding or not an eighth of A. Never throws.
[[nodiscard]] bool ed25519_verify_cofactored(const Ed25519Check& check) noexcept;

// True iff `public_key` is what ed25519_verify_cofactored requires of A: 32 bytes, the canonical
// encoding of a curve point not of small order. The point may lie outside the prime-order
// subgroup (crypto::PublicKey::from_raw refuses that too). False for anything else; never throws.
[[nodiscard]] bool ed25519_key_decodes(ByteSpan public_key) noexcept;

// Checks every item: verdicts[i] = 1 if items[i] passes ed25519_verify_cofactored, else 0. Items
// are checked together in groups of up to kEd25519BatchGroupSize by one multi-scalar multiplication
// with fresh random 128-bit weights (fewer than 8 are checked one by one, which is cheaper); a
// group that fails is checked again one by one, so one bad signature costs its group one extra
// pass. Returns false, writing nothing, if verdicts.size() != items.size(); true otherwise
// (whatever the verdicts). Thread-safe. Throws only std::bad_alloc (its buffers grow with the
// input).
[[nodiscard]] bool ed25519_verify_batch(std::span<const Ed25519Check> items,
                                        std::span<std::uint8_t> verdicts);

// True iff every item passes (true for an empty span). Cheaper than ed25519_verify_batch when
// all are expected to pass and a per-item verdict is not needed. Throws only std::bad_alloc.
[[nodiscard]] bool ed25519_verify_batch_all(std::span<const Ed25519Check> items);

}  // namespace plx::crypto
