// Signatures, JWS and hashing: the costs every credential verification is built from. The JWS
// benchmarks run next to the raw signature ones so their ratio (JOSE overhead) is read in one run.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/crypto/ed25519_batch.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"

namespace {

using plx::crypto::KeyType;

const std::string kMessage(256, 'm');

plx::crypto::PrivateKey key_of(KeyType t) { return plx::crypto::PrivateKey::generate(t).value(); }

void BM_Sign(benchmark::State& state, KeyType t) {
  auto key = key_of(t);
  for (auto _ : state) {
    auto sig = plx::crypto::sign(key, plx::as_bytes(kMessage));
    benchmark::DoNotOptimize(sig);
  }
}

void BM_Verify(benchmark::State& state, KeyType t) {
  auto key = key_of(t);
  auto sig = plx::crypto::sign(key, plx::as_bytes(kMessage)).value();
  for (auto _ : state) {
    auto ok = plx::crypto::verify(key.public_key(), plx::as_bytes(kMessage), sig);
    if (!ok.has_value()) state.SkipWithError("did not verify");
  }
}

// Ed25519 verification three ways on 100-byte messages, per signature: libsodium through verify()
// (cofactorless), the cofactored single check, and ed25519_verify_batch over Arg(0) signatures
// by distinct keys. items_per_second of the batch reads directly against the single ones.
struct Ed25519Signed {
  plx::crypto::PrivateKey key = key_of(KeyType::kEd25519);
  std::string message;
  plx::Bytes signature;
  explicit Ed25519Signed(std::size_t i) : message(100, static_cast<char>('a' + i % 26)) {
    signature = plx::crypto::sign(key, plx::as_bytes(message)).value();
  }
  plx::crypto::Ed25519Check check() const {
    return {key.public_key().raw(), plx::as_bytes(message), signature};
  }
};

void BM_Ed25519VerifyLibsodium(benchmark::State& state) {
  const Ed25519Signed s(0);
  for (auto _ : state) {
    auto ok = plx::crypto::verify(s.key.public_key(), plx::as_bytes(s.message), s.signature);
    if (!ok.has_value()) state.SkipWithError("did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Ed25519VerifyCofactored(benchmark::State& state) {
  const Ed25519Signed s(0);
  const plx::crypto::Ed25519Check check = s.check();
  for (auto _ : state) {
    if (!plx::crypto::ed25519_verify_cofactored(check)) state.SkipWithError("did not verify");
  }
  state.SetItemsProcessed(state.iterations());
}

// Parsing an Ed25519 public key, which checks that it lies in the prime-order subgroup ([L]A is
// the identity): the ledger pays this once per new signer key, as much as a verification.
void BM_Ed25519PublicKeyFromRaw(benchmark::State& state) {
  const plx::Bytes raw = key_of(KeyType::kEd25519).public_key().raw();
  for (auto _ : state) {
    auto key = plx::crypto::PublicKey::from_raw(KeyType::kEd25519, raw);
    if (!key.has_value()) state.SkipWithError("key refused");
    benchmark::DoNotOptimize(key);
  }
  state.SetItemsProcessed(state.iterations());
}

// The same proof from an eighth of the key (ed25519_eighth.hpp), as the ledger checks the keys a
// create's document or an update publishes when the payload carries their eighths: the key that
// an eighth proves (a decoding, three doublings, an inversion), then a byte comparison.
void BM_Ed25519KeyOfEighth(benchmark::State& state) {
  const plx::Bytes raw = key_of(KeyType::kEd25519).public_key().raw();
  const plx::Bytes eighth = plx::crypto::ed25519_eighth(raw).value();
  for (auto _ : state) {
    auto key = plx::crypto::ed25519_key_of_eighth(eighth);
    if (!key.has_value() || *key != raw) state.SkipWithError("eighth refused");
    benchmark::DoNotOptimize(key);
  }
  state.SetItemsProcessed(state.iterations());
}

// range(0) signatures by range(1) signers in turn (0: a signer each). A batch decodes and
// multiplies each distinct key once, so an issuer's many signatures cost less than distinct ones.
void BM_Ed25519VerifyBatch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto signers = state.range(1) == 0 ? n : static_cast<std::size_t>(state.range(1));
  std::vector<plx::crypto::PrivateKey> keys;
  for (std::size_t i = 0; i < signers; ++i) keys.push_back(key_of(KeyType::kEd25519));
  std::vector<std::string> messages;
  std::vector<plx::Bytes> signatures;
  for (std::size_t i = 0; i < n; ++i) {
    messages.emplace_back(100, static_cast<char>('a' + i % 26));
    signatures.push_back(plx::crypto::sign(keys[i % signers], plx::as_bytes(messages[i])).value());
  }
  std::vector<plx::crypto::Ed25519Check> checks;
  for (std::size_t i = 0; i < n; ++i) {
    checks.push_back(
        {keys[i % signers].public_key().raw(), plx::as_bytes(messages[i]), signatures[i]});
  }
  std::vector<std::uint8_t> verdicts(n);
  for (auto _ : state) {
    if (!plx::crypto::ed25519_verify_batch(checks, verdicts)) state.SkipWithError("size mismatch");
    benchmark::DoNotOptimize(verdicts.data());
  }
  for (std::uint8_t v : verdicts) {
    if (v != 1) state.SkipWithError("did not verify");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_JwsVerify(benchmark::State& state, KeyType t) {
  auto key = key_of(t);
  auto jws = plx::crypto::jws_sign(key, plx::as_bytes(kMessage)).value();
  for (auto _ : state) {
    auto ok = plx::crypto::jws_verify(jws, key.public_key());
    if (!ok.has_value()) state.SkipWithError("did not verify");
  }
}

void BM_Sha256(benchmark::State& state) {
  std::string data(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(plx::crypto::sha256(plx::as_bytes(data)));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Sha256Hasher(benchmark::State& state) {
  std::string data(static_cast<std::size_t>(state.range(0)), 'x');
  plx::crypto::Hasher h(plx::crypto::HashAlgorithm::kSha256);
  for (auto _ : state) benchmark::DoNotOptimize(h.update(plx::as_bytes(data)).finish());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

const std::string& credential_json() {
  static const std::string doc =
      R"({"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],)"
      R"("issuer":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","validFrom":)"
      R"("2024-01-01T00:00:00Z","credentialSubject":{"id":"did:example:abc","age":42,"score":)"
      R"(0.125,"name":"Alice","degree":{"type":"BachelorDegree","name":"Bachelor of Science"}}})";
  return doc;
}

void BM_Jcs(benchmark::State& state) {
  auto j = plx::json_parse(credential_json()).value();
  for (auto _ : state) benchmark::DoNotOptimize(plx::jcs_canonicalize(j));
}

// json_parse (strict, ours) against nlohmann's own DOM parser on the same credential.
void BM_JsonParse(benchmark::State& state) {
  const std::string& doc = credential_json();
  for (auto _ : state) benchmark::DoNotOptimize(plx::json_parse(doc));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(doc.size()));
}

void BM_JsonParseNlohmann(benchmark::State& state) {
  const std::string& doc = credential_json();
  for (auto _ : state) benchmark::DoNotOptimize(plx::Json::parse(doc, nullptr, false));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(doc.size()));
}

BENCHMARK_CAPTURE(BM_Sign, Ed25519, KeyType::kEd25519);
BENCHMARK_CAPTURE(BM_Sign, ES256K, KeyType::kSecp256k1);
BENCHMARK_CAPTURE(BM_Sign, ES256, KeyType::kP256);
BENCHMARK_CAPTURE(BM_Sign, ES384, KeyType::kP384);
BENCHMARK_CAPTURE(BM_Verify, Ed25519, KeyType::kEd25519);
BENCHMARK_CAPTURE(BM_Verify, ES256K, KeyType::kSecp256k1);
BENCHMARK_CAPTURE(BM_Verify, ES256, KeyType::kP256);
BENCHMARK_CAPTURE(BM_Verify, ES384, KeyType::kP384);
BENCHMARK(BM_Ed25519VerifyLibsodium);
BENCHMARK(BM_Ed25519VerifyCofactored);
BENCHMARK(BM_Ed25519PublicKeyFromRaw);
BENCHMARK(BM_Ed25519KeyOfEighth);
BENCHMARK(BM_Ed25519VerifyBatch)->ArgsProduct({{1, 4, 8, 16, 64, 128, 256, 1024}, {0}});
BENCHMARK(BM_Ed25519VerifyBatch)->ArgsProduct({{128, 1024}, {1, 16}});
BENCHMARK_CAPTURE(BM_JwsVerify, EdDSA, KeyType::kEd25519);
BENCHMARK_CAPTURE(BM_JwsVerify, ES256K, KeyType::kSecp256k1);
BENCHMARK_CAPTURE(BM_JwsVerify, ES256, KeyType::kP256);
BENCHMARK(BM_Sha256)->Arg(64)->Arg(4096);
BENCHMARK(BM_Sha256Hasher)->Arg(64)->Arg(4096);
BENCHMARK(BM_Jcs);
BENCHMARK(BM_JsonParse);
BENCHMARK(BM_JsonParseNlohmann);

}  // namespace

BENCHMARK_MAIN();
