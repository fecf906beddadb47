#include "bbs/suite.hpp"

#include <array>

#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"

namespace plx::zkp::bbs::internal {
namespace {

Bytes concat(ByteSpan a, std::string_view b) {
  Bytes out(a.begin(), a.end());
  append(out, as_bytes(b));
  return out;
}

Suite make_suite(Ciphersuite cs, std::string_view id, ExpandMessage kind) {
  Suite s;
  s.cs = cs;
  s.ciphersuite_id = id;
  s.expand = kind;
  s.api_id = concat(as_bytes(id), "H2G_HM2S_");
  s.h2s_dst = concat(s.api_id, "H2S_");
  s.map_dst = concat(s.api_id, "MAP_MSG_TO_SCALAR_AS_HASH_");
  s.keygen_dst = concat(s.api_id, "KEYGEN_DST_");
  s.mock_dst = concat(s.api_id, "MOCK_RANDOM_SCALARS_DST_");
  s.seed_dst = concat(s.api_id, "SIG_GENERATOR_SEED_");
  s.generator_dst = concat(s.api_id, "SIG_GENERATOR_DST_");
  s.generator_seed = concat(s.api_id, "MESSAGE_GENERATOR_SEED");
  s.p1_seed = concat(s.api_id, "BP_MESSAGE_GENERATOR_SEED");
  return s;
}

}  // namespace

const Suite& suite(Ciphersuite cs) noexcept {
  static const Suite kSha = make_suite(Ciphersuite::kBls12381Sha256,
                                       "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_",
                                       ExpandMessage::kXmdSha256);
  static const Suite kShake = make_suite(Ciphersuite::kBls12381Shake256,
                                         "BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_",
                                         ExpandMessage::kXofShake256);
  return cs == Ciphersuite::kBls12381Shake256 ? kShake : kSha;
}

Bytes expand(const Suite& s, ByteSpan msg, ByteSpan dst, std::size_t len) {
  auto out = bls12_381::expand_message(s.expand, msg, dst, len);
  // Every caller passes a fixed length in (0, 65535] and a non-empty DST; a failure here is a bug.
  PLX_CHECK(out.has_value());
  return *std::move(out);
}

Fr hash_to_scalar(const Suite& s, ByteSpan msg, ByteSpan dst) {
  Bytes uniform = expand(s, msg, dst, kExpandLen);
  Fr out = Fr::from_bytes_wide(uniform);
  plx::internal::secure_wipe(uniform.data(), uniform.size());
  return out;
}

std::vector<Fr> messages_to_scalars(const Suite& s, std::span<const Bytes> messages) {
  std::vector<Fr> out;
  out.reserve(messages.size());
  for (const Bytes& m : messages) out.push_back(hash_to_scalar(s, m, s.map_dst));
  return out;
}

void append_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace plx::zkp::bbs::internal
