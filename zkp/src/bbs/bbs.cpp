// The public BBS API (plx/zkp/bbs.hpp) over the core operations (bbs/core.hpp).
#include "plx/zkp/bbs.hpp"

#include <sodium.h>

#include "bbs/core.hpp"
#include "bbs/suite.hpp"

namespace plx::zkp::bbs {

using internal::Fr;

std::string_view ciphersuite_name(Ciphersuite cs) noexcept {
  return cs == Ciphersuite::kBls12381Shake256 ? "BLS12-381-SHAKE-256" : "BLS12-381-SHA-256";
}

std::string_view ciphersuite_id(Ciphersuite cs) noexcept {
  return internal::suite(cs).ciphersuite_id;
}

Result<Ciphersuite> ciphersuite_from_name(std::string_view name) {
  if (name == "BLS12-381-SHA-256") return Ciphersuite::kBls12381Sha256;
  if (name == "BLS12-381-SHAKE-256") return Ciphersuite::kBls12381Shake256;
  return Error(ErrorCode::kUnsupported,
               "unknown BBS ciphersuite '" + std::string(name) +
                   "' (use BLS12-381-SHA-256 or BLS12-381-SHAKE-256)",
               "ciphersuite");
}

// ---- PublicKey ----------------------------------------------------------------------------------

Result<PublicKey> PublicKey::from_bytes(ByteSpan bytes) {
  PLX_TRY(auto w, internal::octets_to_pubkey(bytes));
  std::array<std::uint8_t, kPublicKeySize> raw{};
  std::copy(bytes.begin(), bytes.end(), raw.begin());
  return PublicKey(std::make_shared<const Impl>(Impl{raw, w, bls12_381::G2Prepared(w)}));
}

const std::array<std::uint8_t, kPublicKeySize>& PublicKey::bytes() const noexcept {
  return impl_->bytes;
}

// ---- KeyPair ------------------------------------------------------------------------------------

namespace {

Result<KeyPair> key_pair_from_scalar(Fr sk, auto make) {
  const auto pk_bytes = internal::sk_to_pk(sk);
  auto sk_bytes = sk.to_bytes();
  SecretArray<kSecretKeySize> secret(sk_bytes);
  plx::internal::secure_wipe(sk_bytes.data(), sk_bytes.size());
  sk.wipe();
  // SkToPk's output is a valid, non-identity G2 point (SK is in [1, r)); decoding it again keeps
  // one path to a PublicKey, the checked one.
  auto pk = PublicKey::from_bytes(pk_bytes);
  if (!pk.has_value()) {
    return Error(ErrorCode::kInternal, "SkToPk produced an invalid public key: " +
                                           pk.error().message);
  }
  return make(std::move(secret), *std::move(pk));
}

}  // namespace

Result<KeyPair> KeyPair::generate(Ciphersuite cs) {
  SecretArray<32> material;
  if (sodium_init() < 0) return Error(ErrorCode::kInternal, "libsodium failed to initialise");
  randombytes_buf(material.expose_secret_mut().data(), material.size());
  return from_key_material(cs, material.expose_secret());
}

Result<KeyPair> KeyPair::from_key_material(Ciphersuite cs, ByteSpan key_material, ByteSpan key_info,
                                           std::optional<ByteSpan> key_dst) {
  const internal::Suite& s = internal::suite(cs);
  PLX_TRY(Fr sk, internal::keygen(s, key_material, key_info,
                                  key_dst.has_value() ? *key_dst : ByteSpan(s.keygen_dst)));
  return key_pair_from_scalar(sk, [](SecretArray<kSecretKeySize> secret, PublicKey pk) {
    return KeyPair(std::move(secret), std::move(pk));
  });
}

Result<KeyPair> KeyPair::from_secret_key(ByteSpan secret_key) {
  PLX_TRY(Fr sk, internal::secret_key_from_bytes(secret_key));
  return key_pair_from_scalar(sk, [](SecretArray<kSecretKeySize> secret, PublicKey pk) {
    return KeyPair(std::move(secret), std::move(pk));
  });
}

// ---- operations ---------------------------------------------------------------------------------

namespace {

Status check_count(std::size_t n, std::string_view where) {
  if (n > kMaxMessages) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(kMaxMessages) + " messages, got " + std::to_string(n),
                 std::string(where));
  }
  return ok_status();
}

}  // namespace

Result<Bytes> sign(Ciphersuite cs, const KeyPair& key, ByteSpan header,
                   std::span<const Bytes> messages) {
  PLX_RETURN_IF_ERROR(check_count(messages.size(), "messages"));
  const internal::Suite& s = internal::suite(cs);
  const auto scalars = internal::messages_to_scalars(s, messages);
  // The stored key was checked to be in [1, r) when the KeyPair was made, so the wide reduction
  // is the identity on it, and constant time (no range check to branch on).
  Fr sk = Fr::from_bytes_wide(key.secret_key().expose_secret());
  auto sig = internal::core_sign(s, sk, key.public_key().bytes(), header, scalars);
  sk.wipe();
  if (!sig.has_value()) return std::move(sig).error();
  return Bytes(sig->begin(), sig->end());
}

Status verify(Ciphersuite cs, const PublicKey& pk, ByteSpan signature, ByteSpan header,
              std::span<const Bytes> messages) {
  PLX_RETURN_IF_ERROR(check_count(messages.size(), "messages"));
  const internal::Suite& s = internal::suite(cs);
  return internal::core_verify(s, pk, signature, header, internal::messages_to_scalars(s, messages));
}

Result<Bytes> prove(Ciphersuite cs, const PublicKey& pk, ByteSpan signature, ByteSpan header,
                    ByteSpan presentation_header, std::span<const Bytes> messages,
                    std::span<const std::size_t> disclosed_indexes) {
  PLX_RETURN_IF_ERROR(check_count(messages.size(), "messages"));
  PLX_RETURN_IF_ERROR(internal::check_disclosed_indexes(disclosed_indexes, messages.size()));
  const internal::Suite& s = internal::suite(cs);
  auto scalars = internal::messages_to_scalars(s, messages);
  auto random = internal::calculate_random_scalars(messages.size() - disclosed_indexes.size() + 5);
  auto proof = internal::core_proof_gen(s, pk, signature, header, presentation_header, scalars,
                                        disclosed_indexes, random);
  for (Fr& r : random) r.wipe();
  for (Fr& m : scalars) m.wipe();
  return proof;
}

Status verify_proof(Ciphersuite cs, const PublicKey& pk, ByteSpan proof, ByteSpan header,
                    ByteSpan presentation_header, std::span<const Bytes> disclosed_messages,
                    std::span<const std::size_t> disclosed_indexes) {
  PLX_RETURN_IF_ERROR(check_count(disclosed_messages.size(), "disclosed_messages"));
  const internal::Suite& s = internal::suite(cs);
  return internal::core_proof_verify(s, pk, proof, header, presentation_header,
                                     internal::messages_to_scalars(s, disclosed_messages),
                                     disclosed_indexes);
}

}  // namespace plx::zkp::bbs
