// Valgrind constant-time test for BBS (the method of libsecp256k1's ctime_tests): the secrets are
// marked undefined with VALGRIND_MAKE_MEM_UNDEFINED, and memcheck then reports every conditional
// branch and every memory address that depends on them ("Conditional jump or move depends on
// uninitialised value(s)", "Use of uninitialised value of size 8"). Values that become public on
// purpose (the public key, the signature, the proof, "is the key valid") pass through the BBS
// declassify hook, which this program points at VALGRIND_MAKE_MEM_DEFINED.
//
// Covered: KeyGen (key material), the secret-key range check, SkToPk, Sign (secret key) and
// ProofGen (the random scalars and the undisclosed messages). Run it under
//   valgrind --error-exitcode=42 --track-origins=yes ctime_bbs
// (ctest label "ctime"). Outside valgrind the macros do nothing and it checks the results.
#include <valgrind/memcheck.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "bbs/core.hpp"
#include "bbs/ct_hook.hpp"
#include "bbs/suite.hpp"

namespace bbs = plx::zkp::bbs;
namespace internal = plx::zkp::bbs::internal;
using internal::Fr;

namespace {

void declassify_hook(const void* p, std::size_t n) noexcept { VALGRIND_MAKE_MEM_DEFINED(p, n); }

template <class T>
void secret(T& v) {
  VALGRIND_MAKE_MEM_UNDEFINED(&v, sizeof v);
}
void secret(void* p, std::size_t n) { VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
template <class T>
void public_(T& v) {
  VALGRIND_MAKE_MEM_DEFINED(&v, sizeof v);
}

int failures = 0;
void check(bool ok, const char* what, bbs::Ciphersuite cs) {
  if (!ok) {
    std::fprintf(stderr, "ctime_bbs: %s failed (%s)\n", what, bbs::ciphersuite_name(cs).data());
    ++failures;
  }
}

void run(bbs::Ciphersuite cs) {
  const internal::Suite& s = internal::suite(cs);

  // KeyGen: key material and key_info secret.
  std::uint8_t key_material[32];
  for (std::size_t i = 0; i < sizeof key_material; ++i) {
    key_material[i] = static_cast<std::uint8_t>(7 * i + 1);
  }
  std::uint8_t key_info[8] = {'k', 'e', 'y', '-', 'i', 'n', 'f', 'o'};
  secret(key_material, sizeof key_material);
  secret(key_info, sizeof key_info);
  auto sk_result = internal::keygen(s, key_material, key_info, s.keygen_dst);
  check(sk_result.has_value(), "KeyGen", cs);
  if (!sk_result.has_value()) return;
  Fr sk = *sk_result;
  secret(sk);

  // The secret key's range check (KeyPair::from_secret_key).
  std::array<std::uint8_t, 32> sk_bytes = sk.to_bytes();
  secret(sk_bytes);
  auto sk_again = internal::secret_key_from_bytes(sk_bytes);
  check(sk_again.has_value(), "secret key range check", cs);

  // SkToPk.
  const auto pk_bytes = internal::sk_to_pk(sk);
  auto pk = bbs::PublicKey::from_bytes(pk_bytes);
  check(pk.has_value(), "SkToPk", cs);
  if (!pk.has_value()) return;

  // Sign: secret key secret; messages public (the signer's inputs, not its secret).
  std::vector<plx::Bytes> msgs;
  for (int i = 0; i < 6; ++i) msgs.push_back(plx::Bytes(static_cast<std::size_t>(i) * 5, 0x30));
  const plx::Bytes header = plx::to_bytes("ctime header");
  const auto scalars = internal::messages_to_scalars(s, msgs);
  auto sig = internal::core_sign(s, sk, pk_bytes, header, scalars);
  check(sig.has_value(), "Sign", cs);
  if (!sig.has_value()) return;
  auto sig_bytes = *sig;
  public_(sig_bytes);  // declassified inside; this only makes the intent explicit
  check(internal::core_verify(s, *pk, sig_bytes, header, scalars).has_value(), "Verify", cs);

  // ProofGen: random scalars and the undisclosed messages secret.
  const std::vector<std::size_t> disclosed = {1, 4};
  const std::size_t U = msgs.size() - disclosed.size();
  auto random = internal::seeded_random_scalars(s, plx::to_bytes("ctime seed"), s.mock_dst, U + 5);
  check(random.has_value(), "mocked scalars", cs);
  if (!random.has_value()) return;
  std::vector<Fr> rs = *random;
  secret(rs.data(), rs.size() * sizeof(Fr));
  std::vector<Fr> prover_scalars = scalars;
  for (std::size_t i = 0; i < prover_scalars.size(); ++i) {
    if (i != 1 && i != 4) secret(prover_scalars[i]);
  }
  const plx::Bytes ph = plx::to_bytes("ctime presentation header");
  auto proof = internal::core_proof_gen(s, *pk, sig_bytes, header, ph, prover_scalars, disclosed, rs);
  check(proof.has_value(), "ProofGen", cs);
  if (!proof.has_value()) return;
  const std::vector<Fr> disclosed_scalars = {scalars[1], scalars[4]};
  check(internal::core_proof_verify(s, *pk, *proof, header, ph, disclosed_scalars, disclosed)
            .has_value(),
        "ProofVerify", cs);
}

}  // namespace

int main() {
  internal::set_declassify_hook(&declassify_hook);
  run(bbs::Ciphersuite::kBls12381Sha256);
  run(bbs::Ciphersuite::kBls12381Shake256);
  if (failures != 0) return 1;
  std::printf("ctime_bbs: KeyGen, SkToPk, Sign, ProofGen ran on secrets marked undefined "
              "(both ciphersuites)%s\n",
              RUNNING_ON_VALGRIND ? " under valgrind" : " (not under valgrind: no checking)");
  return 0;
}
