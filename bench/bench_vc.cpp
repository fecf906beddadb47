// VC-JWT (application/vc+jwt, EdDSA) verification against raw Ed25519 verification, in the same
// run. Target (issue 5): VC-JWT verifies/s per core >= 85% of raw Ed25519 verifies/s.
//
//   RawEd25519Verify         crypto::verify over the same signing input and signature
//   VcJwtVerify/cached       vc::verify_jose with a resolver that caches DID documents (what a
//                            verifier that sees the same issuer again does)
//   VcJwtVerify/uncached     vc::verify_jose resolving did:key from scratch every time
//   VcVerifyPolicy/cached    vc::verify: proof + data model + validity period checks
// Run: bench_vc --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <map>
#include <mutex>

#include "plx/crypto/jws.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/methods/key.hpp"
#include "plx/did/resolver.hpp"
#include "plx/vc/jose.hpp"
#include "plx/vc/verify.hpp"

namespace {

using namespace plx;

class CachingResolver final : public did::Resolver {
 public:
  explicit CachingResolver(const did::Resolver& inner) : inner_(inner) {}
  using did::Resolver::resolve;
  Result<did::ResolutionResult> resolve(std::string_view d, const did::ResolutionOptions& o) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(d);
    if (it != cache_.end()) return it->second;
    PLX_TRY(auto r, inner_.resolve(d, o));
    cache_.emplace(std::string(d), r);
    return r;
  }

 private:
  const did::Resolver& inner_;
  mutable std::mutex mu_;
  mutable std::map<std::string, did::ResolutionResult, std::less<>> cache_;
};

struct Setup {
  crypto::PublicKey pub;
  std::string jwt;
  crypto::ParsedJws parsed;
  did::MultiResolver local = did::make_local_resolver();
};

Setup& setup() {
  static Setup* s = [] {
    auto key = crypto::PrivateKey::generate(crypto::KeyType::kEd25519).value();
    auto pub = key.public_key();
    std::string d = did::key::create(pub).to_string();
    auto signer = crypto::make_signer(std::move(key)).value();
    Json c = Json::parse(R"({"@context":["https://www.w3.org/ns/credentials/v2",
      "https://www.w3.org/ns/credentials/examples/v2"],"id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
      "type":["VerifiableCredential","AlumniCredential"],"name":"Alumni Credential",
      "validFrom":"2023-01-01T00:00:00Z",
      "credentialSubject":{"id":"did:example:abcdefgh","alumniOf":"The School of Examples"}})");
    c["issuer"] = d;
    std::string jwt = vc::issue_vc_jwt(c, *signer, d + "#" + pub.multikey()).value();
    auto parsed = crypto::jws_parse(jwt).value();
    return new Setup{pub, jwt, parsed};
  }();
  return *s;
}

void BM_RawEd25519Verify(benchmark::State& state) {
  auto& s = setup();
  std::string input = s.parsed.signing_input();
  for (auto _ : state) {
    auto ok = crypto::verify(s.pub, as_bytes(input), s.parsed.signature);
    benchmark::DoNotOptimize(ok.has_value());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_VcJwtVerify(benchmark::State& state) {
  auto& s = setup();
  CachingResolver cached(s.local);
  const did::Resolver& r = state.range(0) ? static_cast<const did::Resolver&>(cached) : s.local;
  for (auto _ : state) {
    auto v = vc::verify_jose(s.jwt, r);
    if (!v.has_value() || !v->valid()) state.SkipWithError("did not verify");
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) ? "cached" : "uncached");
}

void BM_VcVerifyPolicy(benchmark::State& state) {
  auto& s = setup();
  CachingResolver cached(s.local);
  vc::VerifyContext ctx{&cached, nullptr, nullptr, {}};
  vc::Policy policy;
  for (auto _ : state) {
    auto v = vc::verify(s.jwt, ctx, policy);
    if (!v.has_value() || !v->valid()) state.SkipWithError("did not verify");
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RawEd25519Verify);
BENCHMARK(BM_VcJwtVerify)->Arg(1)->Arg(0);
BENCHMARK(BM_VcVerifyPolicy);

}  // namespace

BENCHMARK_MAIN();
