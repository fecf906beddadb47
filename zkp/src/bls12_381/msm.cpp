// Multi-scalar multiplication on G1: Σ k_i·P_i.
//
//  - msm (constant time in the scalars): Straus' interleaving over GLV halves. Each point gets a
//    table of 1..16 times P_i and −σ(P_i) (normalised to affine with one constant-time inversion
//    for all tables), and every 5-bit signed window of every half scalar adds one entry, found by
//    scanning its whole table, into an accumulator whose doublings all points share.
//  - msm_vartime: the same interleaving with width-5 NAF digits (which skip zeros) for small n;
//    Pippenger's bucket method with signed digits over the 2n GLV half scalars for large n, the
//    buckets summed in affine form with batched inversions.
//  - G1FixedBases: per base and per 5-bit window j, the multiples d·2^(5j)·B (d = 1..16) in affine
//    form, so a product needs no doublings at all: it is the sum of 52 table entries per base,
//    which is added up pairwise in affine coordinates with one batched inversion per level of the
//    pairing tree (about 6 multiplications per addition instead of 11 for a mixed addition).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "bls12_381/curve_internal.hpp"
#include "bls12_381/g1_internal.hpp"
#include "plx/core/secret.hpp"
#include "plx/zkp/bls12_381/g1.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using internal::Aff;
using internal::Jac;
using J1 = Jac<Fp>;
using A1 = Aff<Fp>;

constexpr unsigned kW = 5;            // window width of the constant-time and fixed-base paths
constexpr std::size_t kWindows = 26;  // 26·5 = 130 bits cover a 128-bit GLV half plus its sign
constexpr std::size_t kTable = 16;    // |Booth digit| <= 2^(kW−1)

// Below this many points (after dropping zero scalars and identity points) the interleaved
// wNAF method beats Pippenger: measured (thread CPU time) Straus/Pippenger 3.3/3.9 ms at n = 32,
// 5.45/5.48 at n = 48, 7.5/6.5 at n = 64, 15.5/11.3 at n = 128.
constexpr std::size_t kPippengerThreshold = 48;

// Batch-affine addition (Montgomery's trick): each pair (a, b) is added in two halves around
// one inversion shared by all pairs. A pair's kind: 0 adds, 1 doubles (b = a), 2 cancels
// (b = −a; or y = 0, which no G1 point has).
std::uint8_t pair_kind(const A1& a, const A1& b, Fp& den) noexcept {
  if (!(a.x == b.x)) {
    den = b.x - a.x;
    return 0;
  }
  if (a.y == b.y && !a.y.is_zero().declassify()) {
    den = a.y.dbl();
    return 1;
  }
  den = Fp::one();  // dropped by the caller, but kept invertible for the shared inversion
  return 2;
}

// a + b, given 1/den of pair_kind. REQUIRES: kind 0 or 1.
A1 pair_sum(const A1& a, const A1& b, std::uint8_t kind, const Fp& den_inv) noexcept {
  Fp lambda;
  if (kind == 0) {
    lambda = (b.y - a.y) * den_inv;
  } else {
    const Fp xx = a.x.square();
    lambda = (xx.dbl() + xx) * den_inv;
  }
  const Fp x3 = lambda.square() - a.x - b.x;
  return A1{x3, lambda * (a.x - x3) - a.y};
}

J1 aff_to_jac(const G1Affine& p) noexcept {
  return p.infinity ? internal::jac_identity<Fp>() : J1{p.x, p.y, Fp::one()};
}

// ------------------------------------------------------------------------------------------
// Straus / interleaved wNAF, variable time.

G1 straus_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  constexpr std::size_t kOdd = 8;
  constexpr std::size_t kNaf = 136;
  const std::size_t n = points.size();
  std::vector<J1> tj(kOdd * n);
  std::vector<std::array<std::int8_t, kNaf>> naf(2 * n);
  std::size_t len = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const J1 p = aff_to_jac(points[i]);
    const J1 p2 = internal::dbl(p);
    tj[kOdd * i] = p;
    for (std::size_t j = 1; j < kOdd; ++j) tj[kOdd * i + j] = internal::add_vartime(tj[kOdd * i + j - 1], p2);
    const internal::GlvSplit s = internal::glv_split(scalars[i].to_canonical());
    naf[2 * i].fill(0);
    naf[2 * i + 1].fill(0);
    len = std::max(len, internal::wnaf(s.k1.data(), 2, kW, naf[2 * i].data(), kNaf));
    len = std::max(len, internal::wnaf(s.k2.data(), 2, kW, naf[2 * i + 1].data(), kNaf));
  }
  std::vector<A1> t1(kOdd * n);
  std::vector<A1> t2(kOdd * n);
  const std::unique_ptr<bool[]> inf(new bool[kOdd * n]);
  internal::jac_batch_to_aff_vartime<Fp>(tj, t1, inf.get());
  const Fp& beta = internal::g1_beta();
  for (std::size_t i = 0; i < kOdd * n; ++i) t2[i] = A1{t1[i].x * beta, -t1[i].y};
  J1 acc = internal::jac_identity<Fp>();
  auto add_digit = [&acc](const A1* table, int v) {
    if (v > 0) acc = internal::add_mixed_vartime(acc, table[v / 2]);
    if (v < 0) {
      const A1& e = table[-v / 2];
      acc = internal::add_mixed_vartime(acc, A1{e.x, -e.y});
    }
  };
  for (std::size_t b = len; b-- > 0;) {
    acc = internal::dbl(acc);
    for (std::size_t i = 0; i < n; ++i) {
      add_digit(&t1[kOdd * i], naf[2 * i][b]);
      add_digit(&t2[kOdd * i], naf[2 * i + 1][b]);
    }
  }
  return internal::from_jac(acc);
}

// ------------------------------------------------------------------------------------------
// Pippenger, variable time.

unsigned pippenger_window(std::size_t npoints) noexcept {
  unsigned lg = 0;
  while ((std::size_t{1} << (lg + 1)) <= npoints) ++lg;
  if (lg > 12) return lg - 3;
  if (lg > 4) return lg - 2;
  return 3;
}

// Sums every segment s = pts[off[s], off[s + 1]) of finite affine points, all segments one
// pairing level at a time with one batched inversion per level (about 6 multiplications per
// addition instead of 11 for a mixed addition into a Jacobian bucket). Writes segment s's sum to
// sums[s] and empty[s] = 1 when it is the identity. Variable time. Consumes pts and off.
void sum_segments_vartime(std::vector<A1>& pts, std::vector<std::size_t>& off,
                          std::vector<A1>& sums, std::vector<std::uint8_t>& empty) {
  const std::size_t nseg = off.size() - 1;
  // Reused across windows and calls (page faults on fresh buffers cost more than the work in
  // the VMs this runs in); the data is public.
  thread_local std::vector<A1> next;
  thread_local std::vector<std::size_t> next_off;
  thread_local std::vector<Fp> den, prefix;
  thread_local std::vector<A1> res;
  thread_local std::vector<std::uint8_t> kind;  // 0 add, 1 double, 2 cancels
  next_off.resize(nseg + 1);
  next.reserve(off[nseg]);
  for (;;) {
    std::size_t npairs = 0;
    for (std::size_t sg = 0; sg < nseg; ++sg) npairs += (off[sg + 1] - off[sg]) / 2;
    if (npairs == 0) break;
    den.resize(npairs);
    prefix.resize(npairs);
    kind.resize(npairs);
    res.resize(npairs);
    std::size_t k = 0;
    for (std::size_t sg = 0; sg < nseg; ++sg) {
      for (std::size_t i = off[sg]; i + 1 < off[sg + 1]; i += 2, ++k) {
        kind[k] = pair_kind(pts[i], pts[i + 1], den[k]);
      }
    }
    Fp acc = Fp::one();
    for (k = 0; k < npairs; ++k) {
      prefix[k] = acc;
      acc = acc * den[k];
    }
    Fp inv = acc.inverse_vartime();
    // Walk the pairs backwards, segment by segment, to pair each inverse with its inputs.
    k = npairs;
    for (std::size_t sg = nseg; sg-- > 0;) {
      const std::size_t len = off[sg + 1] - off[sg];
      for (std::size_t q = len / 2; q-- > 0;) {
        --k;
        const Fp di = inv * prefix[k];
        inv = inv * den[k];
        const std::size_t i = off[sg] + 2 * q;
        if (kind[k] != 2) res[k] = pair_sum(pts[i], pts[i + 1], kind[k], di);
      }
    }
    next.clear();
    k = 0;
    for (std::size_t sg = 0; sg < nseg; ++sg) {
      next_off[sg] = next.size();
      const std::size_t len = off[sg + 1] - off[sg];
      for (std::size_t q = 0; q < len / 2; ++q, ++k) {
        if (kind[k] != 2) next.push_back(res[k]);
      }
      if ((len & 1) != 0) next.push_back(pts[off[sg + 1] - 1]);
    }
    next_off[nseg] = next.size();
    pts.swap(next);
    off.swap(next_off);
  }
  sums.resize(nseg);
  empty.resize(nseg);
  for (std::size_t sg = 0; sg < nseg; ++sg) {
    empty[sg] = off[sg + 1] == off[sg] ? 1 : 0;
    if (empty[sg] == 0) sums[sg] = pts[off[sg]];
  }
}

G1 pippenger_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  const std::size_t n = points.size();
  // The 2n GLV points P_i, −σ(P_i) and their 128-bit scalars.
  std::vector<A1> pts(2 * n);
  std::vector<std::array<std::uint64_t, 2>> ks(2 * n);
  const Fp& beta = internal::g1_beta();
  for (std::size_t i = 0; i < n; ++i) {
    pts[2 * i] = A1{points[i].x, points[i].y};
    pts[2 * i + 1] = A1{points[i].x * beta, -points[i].y};
    const internal::GlvSplit s = internal::glv_split(scalars[i].to_canonical());
    ks[2 * i] = s.k1;
    ks[2 * i + 1] = s.k2;
  }
  const unsigned c = pippenger_window(2 * n);
  // Half scalars are below 2^128; Booth digits need the top window's sign bit (bit nwin·c − 1)
  // to be zero, so nwin·c >= 129.
  const std::size_t nwin = (129 + c - 1) / c;
  const std::size_t nbuckets = std::size_t{1} << (c - 1);
  // Per window: the points sorted by bucket (a counting sort on |digit|, negated for a negative
  // digit), every bucket summed in affine form by sum_segments_vartime, then Σ (b+1)·bucket[b]
  // by running sums.
  std::vector<std::uint32_t> digit(2 * n);
  std::vector<std::uint8_t> negative(2 * n);
  std::vector<std::size_t> off(nbuckets + 1);
  std::vector<std::size_t> pos(nbuckets);
  thread_local std::vector<A1> sorted;
  std::vector<A1> sums;
  std::vector<std::uint8_t> empty;
  J1 result = internal::jac_identity<Fp>();
  for (std::size_t w = nwin; w-- > 0;) {
    for (unsigned j = 0; j < c; ++j) result = internal::dbl(result);
    off.assign(nbuckets + 1, 0);
    for (std::size_t i = 0; i < 2 * n; ++i) {
      const auto d = internal::booth_digit(ks[i].data(), 2, w, c);
      digit[i] = static_cast<std::uint32_t>(d.abs);
      negative[i] = d.neg.declassify() ? 1 : 0;
      if (d.abs != 0) ++off[d.abs];
    }
    for (std::size_t b = 0; b < nbuckets; ++b) off[b + 1] += off[b];
    std::copy(off.begin(), off.end() - 1, pos.begin());
    sorted.resize(off[nbuckets]);
    for (std::size_t i = 0; i < 2 * n; ++i) {
      if (digit[i] == 0) continue;
      sorted[pos[digit[i] - 1]++] = negative[i] != 0 ? A1{pts[i].x, -pts[i].y} : pts[i];
    }
    sum_segments_vartime(sorted, off, sums, empty);
    J1 running = internal::jac_identity<Fp>();
    J1 sum = internal::jac_identity<Fp>();
    for (std::size_t b = nbuckets; b-- > 0;) {
      if (empty[b] == 0) running = internal::add_mixed_vartime(running, sums[b]);
      sum = internal::add_vartime(sum, running);
    }
    result = internal::add_vartime(result, sum);
  }
  return internal::from_jac(result);
}

// ------------------------------------------------------------------------------------------
// Sums of many affine points by a pairing tree with batched inversions.

constexpr std::size_t kTreeCutoff = 32;

// The fixed-base sums handle thousands of affine points per call (2·26 per base). Fresh
// zero-filled vectors per call and per tree level cost more than the arithmetic (profiled: memset
// and page faults were half of ProofVerify at L = 100), so the buffers live per thread and only
// grow. Buffers that held secret-dependent points (the constant-time path) are wiped after use.
template <class T>
T* grow(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

struct TreeScratch {
  std::vector<A1> next;
  std::vector<Fp> den, prefix;
  std::vector<std::uint8_t> kind;
  std::vector<ct::Choice> next_inf, is_dbl, zero_den;
};
TreeScratch& tree_scratch() {
  thread_local TreeScratch s;
  return s;
}

// Variable time. Sums pts[0..n); consumes pts (which is swapped with scratch buffers).
J1 sum_affine_vartime(std::vector<A1>& pts, std::size_t n) {
  TreeScratch& sc = tree_scratch();
  // A level of m points costs one inversion plus about 3m multiplications, and saves about 2.5m
  // over mixed additions: below a few dozen points the inversion no longer pays for itself.
  while (n > kTreeCutoff) {
    const std::size_t pairs = n / 2;
    Fp* den = grow(sc.den, pairs);
    Fp* prefix = grow(sc.prefix, pairs);
    std::uint8_t* kind = grow(sc.kind, pairs);  // 0 add, 1 double, 2 cancels
    A1* out = grow(sc.next, pairs + 1);
    // Denominators x_b − x_a, or 2·y_a for a doubling; a pair that cancels gets den = 1 and is
    // dropped below.
    for (std::size_t k = 0; k < pairs; ++k) {
      kind[k] = pair_kind(pts[2 * k], pts[2 * k + 1], den[k]);
    }
    Fp acc = Fp::one();
    for (std::size_t k = 0; k < pairs; ++k) {
      prefix[k] = acc;
      acc = acc * den[k];
    }
    Fp inv = acc.inverse_vartime();
    for (std::size_t k = pairs; k-- > 0;) {
      const Fp di = inv * prefix[k];
      inv = inv * den[k];
      if (kind[k] != 2) out[k] = pair_sum(pts[2 * k], pts[2 * k + 1], kind[k], di);
    }
    // Compact: drop the cancelled pairs, carry an odd last point.
    std::size_t m = 0;
    for (std::size_t k = 0; k < pairs; ++k) {
      if (kind[k] != 2) out[m++] = out[k];
    }
    if ((n & 1) != 0) out[m++] = pts[n - 1];
    pts.swap(sc.next);
    n = m;
  }
  J1 acc = internal::jac_identity<Fp>();
  for (std::size_t i = 0; i < n; ++i) acc = internal::add_mixed_vartime(acc, pts[i]);
  return acc;
}

// Constant time: the tree's shape depends only on the count; special cases (an identity input,
// a doubling, a pair that cancels) are all computed and chosen with masks. inf[i] marks
// identity entries. Sums pts[0..n); consumes pts and inf (swapped with scratch buffers, which
// are wiped before returning).
J1 sum_affine(std::vector<A1>& pts, std::vector<ct::Choice>& inf, std::size_t n) {
  TreeScratch& sc = tree_scratch();
  const std::size_t n0 = n;
  while (n > kTreeCutoff) {
    const std::size_t pairs = n / 2;
    const std::size_t m = pairs + (n & 1);
    Fp* den = grow(sc.den, pairs);
    Fp* prefix = grow(sc.prefix, pairs);
    A1* next = grow(sc.next, m);
    if (sc.next_inf.size() < m) sc.next_inf.resize(m, ct::Choice::from_bit(0));
    if (sc.is_dbl.size() < pairs) sc.is_dbl.resize(pairs, ct::Choice::from_bit(0));
    if (sc.zero_den.size() < pairs) sc.zero_den.resize(pairs, ct::Choice::from_bit(0));
    ct::Choice* next_inf = sc.next_inf.data();
    ct::Choice* is_dbl = sc.is_dbl.data();
    ct::Choice* zero_den = sc.zero_den.data();
    for (std::size_t k = 0; k < pairs; ++k) {
      const A1& a = pts[2 * k];
      const A1& b = pts[2 * k + 1];
      const ct::Choice same_x = a.x.equals(b.x);
      is_dbl[k] = same_x & a.y.equals(b.y);
      Fp d = internal::raw_select(is_dbl[k], a.y.dbl(), b.x - a.x);
      // Zero only when the pair cancels (same x, opposite y) or an input is the identity with
      // a coincidence of coordinates; replaced by 1 so the product stays invertible.
      zero_den[k] = d.is_zero();
      den[k] = internal::raw_select(zero_den[k], Fp::one(), d);
    }
    Fp acc = Fp::one();
    for (std::size_t k = 0; k < pairs; ++k) {
      prefix[k] = acc;
      acc = acc * den[k];
    }
    Fp inv = acc.inverse();
    for (std::size_t k = pairs; k-- > 0;) {
      const Fp di = inv * prefix[k];
      inv = inv * den[k];
      const A1& a = pts[2 * k];
      const A1& b = pts[2 * k + 1];
      const ct::Choice ai = inf[2 * k];
      const ct::Choice bi = inf[2 * k + 1];
      const Fp xx = a.x.square();
      const Fp num = internal::raw_select(is_dbl[k], xx.dbl() + xx, b.y - a.y);
      const Fp lambda = num * di;
      const Fp x3 = lambda.square() - a.x - b.x;
      A1 r{x3, lambda * (a.x - x3) - a.y};
      // Both finite with a zero denominator: P + (−P) (or a doubling of a point with y = 0,
      // which G1 does not have): the identity. An identity input yields the other input.
      const ct::Choice only_a_inf = ai & (!bi);
      const ct::Choice only_b_inf = bi & (!ai);
      r.x = internal::raw_select(only_a_inf, b.x, r.x);
      r.y = internal::raw_select(only_a_inf, b.y, r.y);
      r.x = internal::raw_select(only_b_inf, a.x, r.x);
      r.y = internal::raw_select(only_b_inf, a.y, r.y);
      const ct::Choice r_inf = (ai & bi) | ((!ai) & (!bi) & zero_den[k]);
      next[k] = r;
      next_inf[k] = r_inf;
    }
    if ((n & 1) != 0) {
      next[pairs] = pts[n - 1];
      next_inf[pairs] = inf[n - 1];
    }
    pts.swap(sc.next);
    inf.swap(sc.next_inf);
    n = m;
  }
  J1 acc = internal::jac_identity<Fp>();
  for (std::size_t i = 0; i < n; ++i) acc = internal::add_mixed(acc, pts[i], inf[i]);
  // Every buffer that held points of this sum (either side of the ping-pong) is wiped.
  plx::internal::secure_wipe(pts.data(), std::min(pts.size(), n0) * sizeof(A1));
  plx::internal::secure_wipe(sc.next.data(), std::min(sc.next.size(), n0) * sizeof(A1));
  plx::internal::secure_wipe(inf.data(), std::min(inf.size(), n0) * sizeof(ct::Choice));
  plx::internal::secure_wipe(sc.next_inf.data(),
                             std::min(sc.next_inf.size(), n0) * sizeof(ct::Choice));
  return acc;
}

}  // namespace

// ------------------------------------------------------------------------------------------
// msm

G1 msm(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  PLX_CHECK(points.size() == scalars.size());
  const std::size_t n = points.size();
  if (n == 0) return G1::identity();
  // Tables of 1..16·P_i in Jacobian form, then affine with one constant-time inversion. The
  // points are public in every caller, but their tables are built without branches anyway.
  std::vector<J1> tj(kTable * n);
  std::vector<ct::Choice> p_inf(n, ct::Choice::from_bit(0));
  for (std::size_t i = 0; i < n; ++i) {
    const ct::Choice pi = ct::Choice::from_bit(points[i].infinity ? 1 : 0);
    p_inf[i] = pi;
    const A1 pa{internal::raw_select(pi, Fp::zero(), points[i].x),
                 internal::raw_select(pi, Fp::zero(), points[i].y)};
    J1* t = &tj[kTable * i];
    t[0] = J1{pa.x, pa.y, internal::raw_select(pi, Fp::zero(), Fp::one())};
    t[1] = internal::dbl(t[0]);
    for (std::size_t j = 2; j < kTable; ++j) t[j] = internal::add_mixed(t[j - 1], pa, pi);
  }
  std::vector<A1> t1(kTable * n);
  std::vector<ct::Choice> t_inf(kTable * n, ct::Choice::from_bit(0));
  internal::jac_batch_to_aff<Fp>(tj, t1, t_inf.data());
  std::vector<A1> t2(kTable * n);
  const Fp& beta = internal::g1_beta();
  for (std::size_t i = 0; i < kTable * n; ++i) t2[i] = A1{t1[i].x * beta, -t1[i].y};
  std::vector<internal::GlvSplit> splits(n);
  for (std::size_t i = 0; i < n; ++i) splits[i] = internal::glv_split(scalars[i].to_canonical());

  J1 acc = internal::jac_identity<Fp>();
  for (std::size_t w = kWindows; w-- > 0;) {
    if (w != kWindows - 1) {
      for (unsigned j = 0; j < kW; ++j) acc = internal::dbl(acc);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto d1 = internal::booth_digit(splits[i].k1.data(), 2, w, kW);
      A1 e = internal::aff_lookup(&t1[kTable * i], kTable, d1.abs);
      e.y = internal::raw_select(d1.neg, -e.y, e.y);
      acc = internal::add_mixed(acc, e, ct::is_zero(d1.abs) | p_inf[i]);
      const auto d2 = internal::booth_digit(splits[i].k2.data(), 2, w, kW);
      e = internal::aff_lookup(&t2[kTable * i], kTable, d2.abs);
      e.y = internal::raw_select(d2.neg, -e.y, e.y);
      acc = internal::add_mixed(acc, e, ct::is_zero(d2.abs) | p_inf[i]);
    }
  }
  for (auto& s : splits) s = internal::GlvSplit{};
  return internal::from_jac(acc);
}

namespace {
// Drops zero scalars and identity points (they contribute nothing; the algorithms below assume
// finite points), then runs algo, or a single multiplication when one term is left.
template <class Algo>
G1 msm_filtered_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars, Algo algo) {
  PLX_CHECK(points.size() == scalars.size());
  std::vector<G1Affine> p;
  std::vector<Fr> k;
  p.reserve(points.size());
  k.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].infinity || scalars[i].is_zero().declassify()) continue;
    p.push_back(points[i]);
    k.push_back(scalars[i]);
  }
  if (p.empty()) return G1::identity();
  if (p.size() == 1) return G1(p[0]).mul_vartime(k[0]);
  return algo(p, k);
}
}  // namespace

G1 msm_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  return msm_filtered_vartime(points, scalars, [](std::span<const G1Affine> p, std::span<const Fr> k) {
    return p.size() < kPippengerThreshold ? straus_vartime(p, k) : pippenger_vartime(p, k);
  });
}

namespace detail {
G1 msm_straus_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  return msm_filtered_vartime(points, scalars, straus_vartime);
}
G1 msm_pippenger_vartime(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  return msm_filtered_vartime(points, scalars, pippenger_vartime);
}
}  // namespace detail

// ------------------------------------------------------------------------------------------
// G1FixedBases
//
// table_ layout: base i, window j, entry d−1 at index (i·kWindows + j)·kTable + (d − 1), holding
// the affine d·2^(5j)·B_i. The second GLV half reads the same entries through −σ (x·β, −y): 2^128·B is not
// needed, since k·B = k1·B + k2·(−σ(B)) and −σ commutes with the multiples.

G1FixedBases::G1FixedBases(std::span<const G1Affine> bases) : count_(bases.size()) {
  table_.resize(count_ * kWindows * kTable);
  base_is_identity_.resize(count_);
  std::vector<J1> tj(kWindows * kTable);
  std::vector<A1> ta(kWindows * kTable);
  const std::unique_ptr<bool[]> inf(new bool[kWindows * kTable]);
  for (std::size_t i = 0; i < count_; ++i) {
    base_is_identity_[i] = bases[i].infinity ? 1 : 0;
    if (bases[i].infinity) continue;  // its entries stay (0, 0) and are never used
    J1 q = aff_to_jac(bases[i]);
    for (std::size_t j = 0; j < kWindows; ++j) {
      J1* t = &tj[j * kTable];
      t[0] = q;
      t[1] = internal::dbl(q);
      for (std::size_t d = 2; d < kTable; ++d) t[d] = internal::add_vartime(t[d - 1], q);
      q = internal::dbl(t[kTable - 1]);  // 32·q = 2^5·q
    }
    // d·2^(5j) < r, so no entry of a finite base is the identity.
    internal::jac_batch_to_aff_vartime<Fp>(tj, ta, inf.get());
    for (std::size_t e = 0; e < kWindows * kTable; ++e) {
      table_[i * kWindows * kTable + e] = {ta[e].x, ta[e].y};
    }
  }
}

namespace {
std::vector<std::size_t> consecutive(std::size_t first, std::size_t n) {
  std::vector<std::size_t> idx(n);
  for (std::size_t k = 0; k < n; ++k) idx[k] = first + k;
  return idx;
}
}  // namespace

G1 G1FixedBases::msm(std::span<const Fr> scalars, std::size_t first) const {
  PLX_CHECK(first <= count_ && scalars.size() <= count_ - first);
  return msm_at(consecutive(first, scalars.size()), scalars);
}

G1 G1FixedBases::msm_vartime(std::span<const Fr> scalars, std::size_t first) const {
  PLX_CHECK(first <= count_ && scalars.size() <= count_ - first);
  return msm_at_vartime(consecutive(first, scalars.size()), scalars);
}

G1 G1FixedBases::msm_at(std::span<const std::size_t> indexes, std::span<const Fr> scalars) const {
  PLX_CHECK(indexes.size() == scalars.size());
  for (const std::size_t i : indexes) PLX_CHECK(i < count_);
  const std::size_t n = scalars.size();
  if (n == 0) return G1::identity();
  const Fp& beta = internal::g1_beta();
  // Every window of every half contributes one (possibly identity) entry: 2·26 per scalar.
  thread_local std::vector<A1> pts;
  thread_local std::vector<ct::Choice> inf;
  const std::size_t total = 2 * kWindows * n;
  grow(pts, total);
  if (inf.size() < total) inf.resize(total, ct::Choice::from_bit(0));
  std::size_t at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    internal::GlvSplit s = internal::glv_split(scalars[i].to_canonical());
    const std::array<Fp, 2>* base = &table_[indexes[i] * kWindows * kTable];
    const ct::Choice base_inf = ct::Choice::from_bit(base_is_identity_[indexes[i]]);
    for (std::size_t j = 0; j < kWindows; ++j) {
      const std::array<Fp, 2>* t = base + j * kTable;
      // Both halves read window j of the same table: one pass fetches both entries.
      const internal::BoothDigit d[2] = {internal::booth_digit(s.k1.data(), 2, j, kW),
                                         internal::booth_digit(s.k2.data(), 2, j, kW)};
      std::array<Fp, 2> e[2];
      internal::raw_lookup2(t, kTable, d[0].abs, d[1].abs, &e[0], &e[1]);
      for (int half = 0; half < 2; ++half) {
        Fp x = e[half][0];
        Fp y = e[half][1];
        if (half == 1) {  // −σ: (β·x, −y)
          x = x * beta;
          y = -y;
        }
        y = internal::raw_select(d[half].neg, -y, y);
        pts[at] = A1{x, y};
        inf[at] = ct::is_zero(d[half].abs) | base_inf;
        ++at;
      }
    }
    s = internal::GlvSplit{};
  }
  return internal::from_jac(sum_affine(pts, inf, total));
}

G1 G1FixedBases::msm_at_vartime(std::span<const std::size_t> indexes,
                                 std::span<const Fr> scalars) const {
  PLX_CHECK(indexes.size() == scalars.size());
  for (const std::size_t i : indexes) PLX_CHECK(i < count_);
  const std::size_t n = scalars.size();
  const Fp& beta = internal::g1_beta();
  // First the digits, prefetching each entry (a table of ~100 bases is megabytes, and the
  // entries are scattered), then the gather.
  struct Pick {
    const std::array<Fp, 2>* entry;
    bool sigma;
    bool neg;
  };
  thread_local std::vector<Pick> picks;
  picks.clear();
  picks.reserve(2 * kWindows * n);
  for (std::size_t i = 0; i < n; ++i) {
    if (base_is_identity_[indexes[i]] != 0) continue;
    const internal::GlvSplit s = internal::glv_split(scalars[i].to_canonical());
    const std::array<Fp, 2>* base = &table_[indexes[i] * kWindows * kTable];
    for (std::size_t j = 0; j < kWindows; ++j) {
      const std::array<Fp, 2>* t = base + j * kTable;
      for (int half = 0; half < 2; ++half) {
        const auto d = internal::booth_digit(half == 0 ? s.k1.data() : s.k2.data(), 2, j, kW);
        if (d.abs == 0) continue;
        const std::array<Fp, 2>* e = &t[d.abs - 1];
        __builtin_prefetch(e);
        __builtin_prefetch(reinterpret_cast<const char*>(e) + 64);
        picks.push_back(Pick{e, half == 1, d.neg.declassify()});
      }
    }
  }
  thread_local std::vector<A1> pts;
  grow(pts, picks.size());
  for (std::size_t k = 0; k < picks.size(); ++k) {
    Fp x = (*picks[k].entry)[0];
    Fp y = (*picks[k].entry)[1];
    if (picks[k].sigma) {  // −σ: (β·x, −y)
      x = x * beta;
      y = -y;
    }
    if (picks[k].neg) y = -y;
    pts[k] = A1{x, y};
  }
  return internal::from_jac(sum_affine_vartime(pts, picks.size()));
}

}  // namespace plx::zkp::bls12_381
