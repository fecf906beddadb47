// libFuzzer target for BBS decoding (draft-irtf-cfrg-bbs-signatures §4.2.4): public keys (G2),
// signatures (G1 point + scalar), proofs (three G1 points + scalars), and verify_proof on fuzzed
// proofs against a fixed key. Nothing may crash, leak or hang; whatever decodes must re-encode to
// the same bytes.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "plx/zkp/bbs.hpp"

namespace bbs = plx::zkp::bbs;

namespace {

struct Fixed {
  bbs::KeyPair key;
  std::vector<plx::Bytes> messages;
  plx::Bytes signature;
};

const Fixed& fixed() {
  static const Fixed f = [] {
    std::vector<std::uint8_t> km(32, 0x17);
    auto key = bbs::KeyPair::from_key_material(bbs::Ciphersuite::kBls12381Sha256, km).value();
    std::vector<plx::Bytes> msgs = {plx::to_bytes("a"), plx::to_bytes("b"), plx::to_bytes("c")};
    auto sig = bbs::sign(bbs::Ciphersuite::kBls12381Sha256, key, {}, msgs).value();
    return Fixed{std::move(key), std::move(msgs), std::move(sig)};
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t selector = data[0];
  const plx::ByteSpan in(data + 1, size - 1);
  const auto cs = (selector & 0x80) ? bbs::Ciphersuite::kBls12381Shake256
                                    : bbs::Ciphersuite::kBls12381Sha256;
  const Fixed& f = fixed();
  switch (selector & 0x3) {
    case 0: {  // public key
      auto pk = bbs::PublicKey::from_bytes(in);
      if (pk.has_value() && !std::equal(in.begin(), in.end(), pk->bytes().begin())) std::abort();
      break;
    }
    case 1: {  // signature against the fixed key and messages
      auto st = bbs::verify(cs, f.key.public_key(), in, {}, f.messages);
      (void)st.has_value();
      break;
    }
    case 2: {  // proof, disclosing message 1 of 3 (U = 2 for a well-formed proof)
      const std::vector<std::size_t> idx = {1};
      const std::vector<plx::Bytes> disclosed = {f.messages[1]};
      auto st = bbs::verify_proof(cs, f.key.public_key(), in, {}, {}, disclosed, idx);
      (void)st.has_value();
      break;
    }
    default: {  // proof with no disclosed message; the index list comes from the input's tail
      std::vector<std::size_t> idx;
      std::vector<plx::Bytes> disclosed;
      if (!in.empty()) {
        for (std::size_t k = 0; k < (in.back() & 0x7); ++k) {
          idx.push_back(k * 2);
          disclosed.push_back(plx::Bytes{static_cast<std::uint8_t>(k)});
        }
      }
      auto st = bbs::verify_proof(cs, f.key.public_key(), in, {}, plx::to_bytes("ph"), disclosed, idx);
      (void)st.has_value();
      break;
    }
  }
  return 0;
}
