// BLS12-381 primitives: field arithmetic, the pairing pieces, group operations, hashing and MSM.
// Run with --benchmark_repetitions=5 --benchmark_report_aggregates_only=true and read the
// medians; blst figures for the same machine are in docs / the zkp issue.
#include <benchmark/benchmark.h>

#include <array>
#include <random>
#include <vector>

#include "plx/zkp/bls12_381/fp.hpp"
#include "plx/zkp/bls12_381/fp12.hpp"
#include "plx/zkp/bls12_381/fr.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"
#include "plx/zkp/bls12_381/pairing.hpp"

namespace {

using namespace plx::zkp::bls12_381;

std::mt19937_64& rng() {
  static std::mt19937_64 r(42);
  return r;
}

Fp rand_fp() {
  std::array<std::uint8_t, 64> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng()());
  return Fp::from_bytes_wide(b);
}
Fr rand_fr() {
  std::array<std::uint8_t, 64> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng()());
  return Fr::from_bytes_wide(b);
}
Fp2 rand_fp2() { return {rand_fp(), rand_fp()}; }
Fp6 rand_fp6() { return {rand_fp2(), rand_fp2(), rand_fp2()}; }
Fp12 rand_fp12() { return {rand_fp6(), rand_fp6()}; }
G1Affine rand_g1() { return G1::generator().mul(rand_fr()).to_affine(); }
G2Affine rand_g2() { return G2::generator().mul(rand_fr()).to_affine(); }

// --- Fp, Fr --------------------------------------------------------------------------------

void BM_FpMul(benchmark::State& state) {
  Fp a = rand_fp();
  const Fp b = rand_fp();
  for (auto _ : state) {
    a = a * b;  // a dependent chain: latency, as in a real computation
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpMul);

void BM_FpAdd(benchmark::State& state) {
  Fp a = rand_fp();
  const Fp b = rand_fp();
  for (auto _ : state) {
    a = a + b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpAdd);

void BM_FpSub(benchmark::State& state) {
  Fp a = rand_fp();
  const Fp b = rand_fp();
  for (auto _ : state) {
    a = a - b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpSub);

void BM_FpSelect(benchmark::State& state) {
  Fp a = rand_fp();
  const Fp b = rand_fp();
  std::uint64_t bit = 0;
  for (auto _ : state) {
    a = Fp::select(plx::ct::Choice::from_bit(bit), a, b);
    bit ^= 1;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpSelect);

void BM_FpMulPortable(benchmark::State& state) {
  std::uint64_t a[6], b[6];
  for (int i = 0; i < 6; ++i) {
    a[i] = rand_fp().montgomery()[static_cast<std::size_t>(i)];
  }
  const Fp bb = rand_fp();
  for (int i = 0; i < 6; ++i) b[i] = bb.montgomery()[static_cast<std::size_t>(i)];
  const Fp aa = rand_fp();
  for (int i = 0; i < 6; ++i) a[i] = aa.montgomery()[static_cast<std::size_t>(i)];
  for (auto _ : state) {
    detail::mul_mont_portable(a, a, b);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpMulPortable);

void BM_FpMulAdx(benchmark::State& state) {
  if (!detail::adx_available()) {
    state.SkipWithError("no ADX on this CPU");
    return;
  }
  std::uint64_t a[6], b[6];
  const Fp aa = rand_fp(), bb = rand_fp();
  for (int i = 0; i < 6; ++i) {
    a[i] = aa.montgomery()[static_cast<std::size_t>(i)];
    b[i] = bb.montgomery()[static_cast<std::size_t>(i)];
  }
  for (auto _ : state) {
#if defined(__x86_64__)
    detail::mul_mont_adx(a, a, b);
#endif
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpMulAdx);

void BM_FpSqr(benchmark::State& state) {
  Fp a = rand_fp();
  for (auto _ : state) {
    a = a.square();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FpSqr);

// Chained inversions (each input is the previous inverse): the constant-time safegcd and the
// _vartime one, which stops once g = 0 (safegcd_internal.hpp).
template <class F, F (*kRand)(), F (F::*kInverse)() const noexcept>
void BM_Inverse(benchmark::State& state) {
  F a = kRand();
  for (auto _ : state) {
    a = (a.*kInverse)();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK_TEMPLATE(BM_Inverse, Fp, rand_fp, &Fp::inverse)
    ->Name("BM_FpInverse")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Inverse, Fp, rand_fp, &Fp::inverse_vartime)
    ->Name("BM_FpInverseVartime")
    ->Unit(benchmark::kMicrosecond);

void BM_FpSqrt(benchmark::State& state) {
  Fp a = rand_fp().square();
  for (auto _ : state) {
    Fp s;
    auto c = a.sqrt(&s);
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_FpSqrt)->Unit(benchmark::kMicrosecond);

void BM_FrMul(benchmark::State& state) {
  Fr a = rand_fr();
  const Fr b = rand_fr();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FrMul);

BENCHMARK_TEMPLATE(BM_Inverse, Fr, rand_fr, &Fr::inverse)
    ->Name("BM_FrInverse")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Inverse, Fr, rand_fr, &Fr::inverse_vartime)
    ->Name("BM_FrInverseVartime")
    ->Unit(benchmark::kMicrosecond);

// --- Fp2, Fp12 ------------------------------------------------------------------------------

void BM_Fp2Mul(benchmark::State& state) {
  Fp2 a = rand_fp2();
  const Fp2 b = rand_fp2();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fp2Mul);

void BM_Fp2Sqr(benchmark::State& state) {
  Fp2 a = rand_fp2();
  for (auto _ : state) {
    a = a.square();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fp2Sqr);

void BM_Fp12Mul(benchmark::State& state) {
  Fp12 a = rand_fp12();
  const Fp12 b = rand_fp12();
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fp12Mul)->Unit(benchmark::kMicrosecond);

void BM_Fp12Sqr(benchmark::State& state) {
  Fp12 a = rand_fp12();
  for (auto _ : state) {
    a = a.square();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fp12Sqr)->Unit(benchmark::kMicrosecond);

void BM_Fp12CyclotomicSqr(benchmark::State& state) {
  const Fp12 f = rand_fp12();
  Fp12 a = f.conjugate() * f.inverse();
  a = a.frobenius(2) * a;
  for (auto _ : state) {
    a = a.cyclotomic_square();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fp12CyclotomicSqr)->Unit(benchmark::kMicrosecond);

void BM_Fp12Inverse(benchmark::State& state) {
  Fp12 a = rand_fp12();
  for (auto _ : state) {
    a = a.inverse();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Fp12Inverse)->Unit(benchmark::kMicrosecond);

// --- Pairing --------------------------------------------------------------------------------

void BM_MillerLoop(benchmark::State& state) {
  const G1Affine p = rand_g1();
  const G2Affine q = rand_g2();
  for (auto _ : state) {
    auto f = miller_loop(std::span<const G1Affine>(&p, 1), std::span<const G2Affine>(&q, 1));
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_MillerLoop)->Unit(benchmark::kMicrosecond);

void BM_MillerLoopPrepared(benchmark::State& state) {
  const G1Affine p = rand_g1();
  const G2Prepared q(rand_g2());
  const G2Prepared* qs[] = {&q};
  for (auto _ : state) {
    auto f = miller_loop(std::span<const G1Affine>(&p, 1), qs);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_MillerLoopPrepared)->Unit(benchmark::kMicrosecond);

void BM_G2Prepare(benchmark::State& state) {
  const G2Affine q = rand_g2();
  for (auto _ : state) {
    G2Prepared pq(q);
    benchmark::DoNotOptimize(pq);
  }
}
BENCHMARK(BM_G2Prepare)->Unit(benchmark::kMicrosecond);

void BM_FinalExponentiation(benchmark::State& state) {
  const G1Affine p = rand_g1();
  const G2Affine q = rand_g2();
  const Fp12 f = miller_loop(std::span<const G1Affine>(&p, 1), std::span<const G2Affine>(&q, 1));
  for (auto _ : state) {
    auto e = final_exponentiation(f);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_FinalExponentiation)->Unit(benchmark::kMicrosecond);

void BM_Pairing(benchmark::State& state) {
  const G1Affine p = rand_g1();
  const G2Affine q = rand_g2();
  for (auto _ : state) {
    auto e = pairing(p, q);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_Pairing)->Unit(benchmark::kMicrosecond);

void BM_PairingProduct2(benchmark::State& state) {
  const Fr a = rand_fr();
  const G1Affine ps[] = {G1::generator().mul(a).to_affine(), (-G1::generator()).to_affine()};
  const G2Affine qs[] = {G2Affine::generator(), G2::generator().mul(a).to_affine()};
  for (auto _ : state) {
    bool ok = pairing_product_is_one(ps, qs);
    if (!ok) state.SkipWithError("product is not one");
  }
}
BENCHMARK(BM_PairingProduct2)->Unit(benchmark::kMicrosecond);

void BM_PairingProduct2Prepared(benchmark::State& state) {
  const Fr a = rand_fr();
  const G1Affine ps[] = {G1::generator().mul(a).to_affine(), (-G1::generator()).to_affine()};
  const G2Prepared q0(G2Affine::generator()), q1(G2::generator().mul(a).to_affine());
  const G2Prepared* qs[] = {&q0, &q1};
  for (auto _ : state) {
    bool ok = pairing_product_is_one(ps, qs);
    if (!ok) state.SkipWithError("product is not one");
  }
}
BENCHMARK(BM_PairingProduct2Prepared)->Unit(benchmark::kMicrosecond);

// --- Groups, hashing, MSM -------------------------------------------------------------------

void BM_G1Mul(benchmark::State& state) {
  const G1 p = rand_g1();
  const Fr k = rand_fr();
  for (auto _ : state) {
    auto r = p.mul(k);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G1Mul)->Unit(benchmark::kMicrosecond);

void BM_G1MulVartime(benchmark::State& state) {
  const G1 p = rand_g1();
  const Fr k = rand_fr();
  for (auto _ : state) {
    auto r = p.mul_vartime(k);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G1MulVartime)->Unit(benchmark::kMicrosecond);

void BM_G2Mul(benchmark::State& state) {
  const G2 p = rand_g2();
  const Fr k = rand_fr();
  for (auto _ : state) {
    auto r = p.mul(k);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G2Mul)->Unit(benchmark::kMicrosecond);

void BM_HashToG1(benchmark::State& state) {
  const std::string msg(32, 'm');
  const std::string dst = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
  for (auto _ : state) {
    auto r = hash_to_g1(plx::as_bytes(msg), plx::as_bytes(dst));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_HashToG1)->Unit(benchmark::kMicrosecond);

void BM_G1DecompressChecked(benchmark::State& state) {
  const auto c = rand_g1().to_compressed();
  for (auto _ : state) {
    auto r = G1Affine::from_compressed(c);
    if (!r.has_value()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G1DecompressChecked)->Unit(benchmark::kMicrosecond);

void BM_G2DecompressChecked(benchmark::State& state) {
  const auto c = rand_g2().to_compressed();
  for (auto _ : state) {
    auto r = G2Affine::from_compressed(c);
    if (!r.has_value()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G2DecompressChecked)->Unit(benchmark::kMicrosecond);

void BM_G1MsmVartime(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<G1> pts;
  std::vector<Fr> ks;
  G1 acc = rand_g1();
  for (std::size_t i = 0; i < n; ++i) {
    acc = acc.dbl() + G1::generator();  // cheap distinct points
    pts.push_back(acc);
    ks.push_back(rand_fr());
  }
  std::vector<G1Affine> aff(n);
  G1::batch_to_affine(pts, aff);
  for (auto _ : state) {
    auto r = msm_vartime(aff, ks);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G1MsmVartime)->Arg(16)->Arg(128)->Arg(1024)->Unit(benchmark::kMicrosecond);

void BM_G1FixedBasesMsm(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<G1> pts;
  std::vector<Fr> ks;
  G1 acc = rand_g1();
  for (std::size_t i = 0; i < n; ++i) {
    acc = acc.dbl() + G1::generator();
    pts.push_back(acc);
    ks.push_back(rand_fr());
  }
  std::vector<G1Affine> aff(n);
  G1::batch_to_affine(pts, aff);
  const G1FixedBases fb(aff);
  for (auto _ : state) {
    auto r = fb.msm(ks);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_G1FixedBasesMsm)->Arg(12)->Arg(102)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
