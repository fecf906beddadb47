// The optimal ate pairing on BLS12-381.
//
// Miller loop over |x| = 0xd201000000010000 (63 doublings, 5 additions), with T in homogeneous
// projective coordinates on the twist E': y^2 = x^3 + 4(1+u) so no step inverts (Costello, Lange
// and Naehrig, "Faster pairing computations on curves with high-degree twists", PKC 2010, §4-5).
// E' is an M-type twist: ψ(x', y') = (x'/w^2, y'/w^3) maps it into E(Fp12). The line through
// ψ(T) (and ψ(Q)) evaluated at P, multiplied by w^3 and by an Fp2 factor (both vanish in the
// final exponentiation, since (w^3)^(p^6-1) = -1 and p^2+1 is even), is
//     a + (b·xP)·v + (c·yP)·v·w,
// a sparse Fp12 element with three non-zero Fp2 slots, multiplied in with fp12_mul_by_014.
// Because x < 0, the loop result is conjugated (f_{-|x|,Q} = 1/f_{|x|,Q} up to factors killed by
// the final exponentiation, and 1/f = conj(f) there).
//
// Final exponentiation: (p^12-1)/r = (p^6-1)(p^2+1) · (p^4-p^2+1)/r. The easy part uses one
// inversion and a Frobenius; the hard part uses 3·(p^4-p^2+1)/r = 3 + (x-1)^2·((x^3-x) +
// (x^2-1)p + x p^2 + p^3) (Hayashida, Hayasaka and Teruya, eprint 2020/875), five cyclotomic
// exponentiations by x — the same power blst, zkcrypto and RELIC use, so results agree.
#include "plx/zkp/bls12_381/pairing.hpp"

#include <vector>

#include "bls12_381/fp12_internal.hpp"
#include "plx/core/result.hpp"

namespace plx::zkp::bls12_381 {

namespace {

constexpr std::uint64_t kAbsX = 0xd201000000010000ULL;

// 3·b' for the twist: 3·4·(1 + u) = 12 + 12u.
Fp2 three_b_twist() noexcept {
  const Fp twelve = Fp::from_u64(12);
  return {twelve, twelve};
}

struct Proj {
  Fp2 x, y, z;
};

// T <- 2T, and the tangent line at T (coefficients before scaling by P).
inline G2Prepared::Line doubling_step(Proj& t, const Fp2& three_b) noexcept {
  const Fp2 xx = t.x.square();
  const Fp2 b = t.y.square();
  const Fp2 c = t.z.square();
  const Fp2 e = three_b * c;  // 3b'Z^2
  const Fp2 f = e.dbl() + e;   // 9b'Z^2
  const Fp2 h = (t.y + t.z).square() - (b + c);  // 2YZ
  G2Prepared::Line line{e - b, xx.dbl() + xx, -h};
  // 2T, scaled by 4 to avoid halvings: X = 2XY(B - F), Y = (B + F)^2 - 12E^2, Z = 4BH.
  const Fp2 xy = t.x * t.y;
  const Fp2 bf = b + f;
  const Fp2 ee = e.square();
  t.x = (xy * (b - f)).dbl();
  t.y = bf.square() - (ee.dbl() + ee).dbl().dbl();
  t.z = (b * h).dbl().dbl();
  return line;
}

// T <- T + Q (Q affine), and the line through T and Q.
inline G2Prepared::Line addition_step(Proj& t, const Fp2& qx, const Fp2& qy) noexcept {
  const Fp2 theta = t.y - qy * t.z;
  const Fp2 lambda = t.x - qx * t.z;
  const Fp2 c = theta.square();
  const Fp2 d = lambda.square();
  const Fp2 e = lambda * d;
  const Fp2 f = t.z * c;
  const Fp2 g = t.x * d;
  const Fp2 h = e + f - g.dbl();
  G2Prepared::Line line{theta * qx - lambda * qy, -theta, lambda};
  t.x = lambda * h;
  t.y = theta * (g - h) - t.y * e;
  t.z = t.z * e;
  return line;
}

inline Fp12 apply_line(const Fp12& f, const G2Prepared::Line& l, const Fp& px, const Fp& py) noexcept {
  return internal::fp12_mul_by_014(f, l.a, l.b * px, l.c * py);
}

}  // namespace

G2Prepared::G2Prepared(const G2Affine& q) {
  if (q.infinity) {
    infinity_ = true;
    return;
  }
  const Fp2 three_b = three_b_twist();
  lines_.reserve(68);
  Proj t{q.x, q.y, Fp2::one()};
  for (int bit = 62; bit >= 0; --bit) {
    lines_.push_back(doubling_step(t, three_b));
    if ((kAbsX >> bit) & 1) lines_.push_back(addition_step(t, q.x, q.y));
  }
}

Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  PLX_CHECK(p.size() == q.size());
  struct Pair {
    Proj t;
    Fp2 qx, qy;
    Fp px, py;
  };
  std::vector<Pair> pairs;
  pairs.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i].infinity || q[i].infinity) continue;
    pairs.push_back({{q[i].x, q[i].y, Fp2::one()}, q[i].x, q[i].y, p[i].x, p[i].y});
  }
  Fp12 f = Fp12::one();
  if (pairs.empty()) return f;
  const Fp2 three_b = three_b_twist();
  bool first = true;
  for (int bit = 62; bit >= 0; --bit) {
    if (!first) f = f.square();  // the squarings are shared by every pair
    first = false;
    for (auto& pr : pairs) f = apply_line(f, doubling_step(pr.t, three_b), pr.px, pr.py);
    if ((kAbsX >> bit) & 1) {
      for (auto& pr : pairs) f = apply_line(f, addition_step(pr.t, pr.qx, pr.qy), pr.px, pr.py);
    }
  }
  return f.conjugate();  // x < 0
}

Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Prepared* const> q) {
  PLX_CHECK(p.size() == q.size());
  std::vector<std::size_t> live;
  live.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    PLX_CHECK(q[i] != nullptr);
    if (p[i].infinity || q[i]->is_identity()) continue;
    live.push_back(i);
  }
  Fp12 f = Fp12::one();
  if (live.empty()) return f;
  std::size_t k = 0;  // index into each point's line list
  bool first = true;
  for (int bit = 62; bit >= 0; --bit) {
    if (!first) f = f.square();
    first = false;
    for (std::size_t i : live) f = apply_line(f, q[i]->lines()[k], p[i].x, p[i].y);
    ++k;
    if ((kAbsX >> bit) & 1) {
      for (std::size_t i : live) f = apply_line(f, q[i]->lines()[k], p[i].x, p[i].y);
      ++k;
    }
  }
  return f.conjugate();
}

namespace {

// g^x for g in the cyclotomic subgroup (x < 0: the inverse there is the conjugate).
inline Fp12 cyc_exp_x(const Fp12& g) noexcept {
  return internal::fp12_cyclotomic_exp_abs_x(g).conjugate();
}

}  // namespace

Fp12 final_exponentiation(const Fp12& f) noexcept {
  // Easy part: f^((p^6-1)(p^2+1)). After it, the value is in the cyclotomic subgroup.
  Fp12 t = f.conjugate() * f.inverse();
  t = t.frobenius(2) * t;
  // Hard part, as 3·(p^4-p^2+1)/r (see the file comment).
  const Fp12 a = [&] {
    Fp12 y = cyc_exp_x(t) * t.conjugate();  // t^(x-1)
    return cyc_exp_x(y) * y.conjugate();     // t^((x-1)^2)
  }();
  const Fp12 a1 = cyc_exp_x(a);                    // a^x
  const Fp12 a2 = cyc_exp_x(a1) * a.conjugate();   // a^(x^2-1)
  const Fp12 a3 = cyc_exp_x(a2);                   // a^(x^3-x)
  const Fp12 t3 = t.cyclotomic_square() * t;       // t^3
  return a3 * t3 * a2.frobenius(1) * a1.frobenius(2) * a.frobenius(3);
}

Fp12 pairing(const G1Affine& p, const G2Affine& q) {
  return final_exponentiation(miller_loop(std::span<const G1Affine>(&p, 1),
                                          std::span<const G2Affine>(&q, 1)));
}

bool pairing_product_is_one(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  return final_exponentiation(miller_loop(p, q)).is_one();
}

bool pairing_product_is_one(std::span<const G1Affine> p, std::span<const G2Prepared* const> q) {
  return final_exponentiation(miller_loop(p, q)).is_one();
}

}  // namespace plx::zkp::bls12_381
