// The BBS core operations of draft-irtf-cfrg-bbs-signatures §3.4 and §3.6 on scalars and points,
// with the serialization of §4.2 (bbs internals, not public API).
//
// The public API (plx/zkp/bbs.hpp) maps messages to scalars, draws random scalars from the OS and
// calls these. Tests include this header (zkp/src is on their include path) to drive ProofGen
// with the fixtures' mocked random scalars (§A "Mocked random scalars"); nothing public exposes
// that: random scalars are never a parameter of plx/zkp/bbs.hpp.
//
// Constant time: keygen, sk_to_pk, core_sign and core_proof_gen are constant time in the secret
// key, the random scalars, the signature (A, e) being proved and the undisclosed messages; values
// become public only through declassify() (bbs/ct_hook.hpp). Verification is variable time (it
// only sees public data).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "bbs/generators.hpp"
#include "bbs/suite.hpp"
#include "plx/core/result.hpp"
#include "plx/zkp/bbs.hpp"
#include "plx/zkp/bls12_381/g2.hpp"
#include "plx/zkp/bls12_381/pairing.hpp"

namespace plx::zkp::bbs {

struct PublicKey::Impl {
  std::array<std::uint8_t, kPublicKeySize> bytes;
  bls12_381::G2Affine point;
  bls12_381::G2Prepared prepared;
};

namespace internal {

using bls12_381::G2Affine;

// ---- serialization (§4.2.4) -------------------------------------------------------------------

struct Signature {
  G1Affine a;
  Fr e;
};
// octets_to_signature. Errors (kMalformed, where "signature"): length, A invalid / not in G1 /
// identity, e = 0 or e >= r.
[[nodiscard]] Result<Signature> octets_to_signature(ByteSpan bytes);
[[nodiscard]] std::array<std::uint8_t, kSignatureSize> signature_to_octets(const Signature& s);

struct Proof {
  G1Affine abar, bbar, d;
  Fr e_hat, r1_hat, r3_hat;
  std::vector<Fr> m_hat;  // U commitments
  Fr challenge;
};
// octets_to_proof. Errors (kMalformed, where "proof"): length below 272 or not 272 + 32·U, U above
// kMaxMessages, a point invalid / not in G1 / identity, a scalar 0 or >= r.
[[nodiscard]] Result<Proof> octets_to_proof(ByteSpan bytes);
[[nodiscard]] Bytes proof_to_octets(const Proof& p);

// octets_to_pubkey (§4.2.4.5). Errors (kMalformed, where "public_key").
[[nodiscard]] Result<G2Affine> octets_to_pubkey(ByteSpan bytes);

// ---- keys (§3.4.1, §3.4.2 of the key section) ---------------------------------------------------

// KeyGen. Errors (kInvalidArgument): key_material < 32 bytes, key_info > 65535 bytes, empty
// key_dst, SK = 0.
[[nodiscard]] Result<Fr> keygen(const Suite& s, ByteSpan key_material, ByteSpan key_info,
                                ByteSpan key_dst);
// SkToPk: point_to_octets_g2(SK · BP2). The output is declassified.
[[nodiscard]] std::array<std::uint8_t, kPublicKeySize> sk_to_pk(const Fr& sk);
// A 32-byte big-endian secret key as a scalar, checked 0 < SK < r in constant time (only the
// verdict is declassified). Errors (kInvalidArgument, where "secret_key").
[[nodiscard]] Result<Fr> secret_key_from_bytes(ByteSpan bytes);

// ---- core operations (§3.6) ----------------------------------------------------------------------

// calculate_domain (§4.5) for L messages. REQUIRES: gens serve L messages.
[[nodiscard]] Fr calculate_domain(const Suite& s, ByteSpan pk, const Generators& gens,
                                  std::size_t L, ByteSpan header);

struct SignTrace {
  G1Affine b;
  Fr domain;
};
// CoreSign. Errors: kInvalidArgument (too many messages), kInternal (SK + e = 0).
[[nodiscard]] Result<std::array<std::uint8_t, kSignatureSize>> core_sign(
    const Suite& s, const Fr& sk, ByteSpan pk, ByteSpan header, std::span<const Fr> messages,
    SignTrace* trace = nullptr);

// CoreVerify. Errors: as bbs::verify.
[[nodiscard]] Status core_verify(const Suite& s, const PublicKey& pk, ByteSpan signature,
                                 ByteSpan header, std::span<const Fr> messages);

struct ProofTrace {
  G1Affine abar, bbar, d, t1, t2;
  Fr domain, challenge;
};
// Checks ProofGen's disclosed indexes against L (strictly ascending, each < L).
// Errors: kInvalidArgument (where "disclosed_indexes").
[[nodiscard]] Status check_disclosed_indexes(std::span<const std::size_t> indexes, std::size_t L);

// CoreProofGen with the given random scalars (r1, r2, e~, r1~, r3~, m~_j1..m~_jU), U = L - R.
// Errors: as bbs::prove; kInvalidArgument (where "random_scalars") for a count other than U + 5.
[[nodiscard]] Result<Bytes> core_proof_gen(const Suite& s, const PublicKey& pk, ByteSpan signature,
                                           ByteSpan header, ByteSpan ph,
                                           std::span<const Fr> messages,
                                           std::span<const std::size_t> disclosed_indexes,
                                           std::span<const Fr> random_scalars,
                                           ProofTrace* trace = nullptr);

// CoreProofVerify. Errors: as bbs::verify_proof.
[[nodiscard]] Status core_proof_verify(const Suite& s, const PublicKey& pk, ByteSpan proof,
                                       ByteSpan header, ByteSpan ph,
                                       std::span<const Fr> disclosed_messages,
                                       std::span<const std::size_t> disclosed_indexes,
                                       ProofTrace* trace = nullptr);

// ---- randomness ----------------------------------------------------------------------------------

// calculate_random_scalars (§4.3): `count` uniform scalars in [1, r) from the OS CSPRNG.
[[nodiscard]] std::vector<Fr> calculate_random_scalars(std::size_t count);
// seeded_random_scalars(SEED, DST, count) (draft appendix "Mocked Random Scalars"): for the
// fixtures only. Errors: kInvalidArgument when 48·count > 65535.
[[nodiscard]] Result<std::vector<Fr>> seeded_random_scalars(const Suite& s, ByteSpan seed,
                                                            ByteSpan dst, std::size_t count);

}  // namespace internal
}  // namespace plx::zkp::bbs
