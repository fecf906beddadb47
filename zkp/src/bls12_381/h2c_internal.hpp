// Private to the hash-to-curve files: the generic pieces shared by the G1 (Fp) and G2 (Fp2)
// maps — a fixed-exponent power, the straight-line simplified SWU of RFC 9380 §6.6.2 and the
// isogeny evaluation of §6.6.3 in projective form.
//
// Everything here is constant time in the field elements: the only branches are on the public,
// compile-time exponents and polynomial degrees.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "plx/core/ct.hpp"

namespace plx::zkp::bls12_381::h2c {

// x^e for a public exponent e (little-endian limbs), by left-to-right sliding windows of up to
// five bits over a table of the odd powers x, x^3, ..., x^31. Which squarings and table entries
// are used depends only on e, never on x.
template <class F, std::size_t K>
[[nodiscard]] F pow_public(const F& x, const std::array<std::uint64_t, K>& e) noexcept {
  constexpr int kWindow = 5;
  auto bit = [&e](int i) -> unsigned {
    return static_cast<unsigned>(
        (e[static_cast<std::size_t>(i) / 64] >> (static_cast<unsigned>(i) % 64)) & 1);
  };
  int top = static_cast<int>(K * 64) - 1;
  while (top >= 0 && bit(top) == 0) --top;
  if (top < 0) return F::one();

  std::array<F, 16> odd;  // odd[i] = x^(2i + 1)
  odd[0] = x;
  const F x2 = x.square();
  for (std::size_t i = 1; i < odd.size(); ++i) odd[i] = odd[i - 1] * x2;

  F acc = F::one();
  bool started = false;
  int i = top;
  while (i >= 0) {
    if (bit(i) == 0) {
      acc = acc.square();
      --i;
      continue;
    }
    // The longest window [j, i] of at most kWindow bits that ends in a set bit.
    int j = i - kWindow + 1 < 0 ? 0 : i - kWindow + 1;
    while (bit(j) == 0) ++j;
    unsigned value = 0;
    for (int b = i; b >= j; --b) value = (value << 1) | bit(b);
    if (started) {
      for (int b = i; b >= j; --b) acc = acc.square();
      acc = acc * odd[value >> 1];
    } else {
      acc = odd[value >> 1];
      started = true;
    }
    i = j - 1;
  }
  return acc;
}

// The x coordinate as a fraction and the y coordinate of a point on E' (SSWU output).
template <class F>
struct FracPoint {
  F xn, xd, y;
};

// RFC 9380 §6.6.2, the straight-line map_to_curve_simple_swu (the variant that defers the
// division x = x / tv4 to the caller, which keeps xn / xd as a fraction). C supplies the field
// type F, the curve constants kA, kB, kZ of E', and sqrt_ratio.
template <class C, class F>
[[nodiscard]] FracPoint<F> sswu(const F& u) noexcept {
  F tv1 = u.square();                             // 1. tv1 = u^2
  tv1 = C::kZ * tv1;                              // 2. tv1 = Z * tv1
  F tv2 = tv1.square();                           // 3. tv2 = tv1^2
  tv2 = tv2 + tv1;                                // 4. tv2 = tv2 + tv1
  F tv3 = tv2 + F::one();                         // 5. tv3 = tv2 + 1
  tv3 = C::kB * tv3;                              // 6. tv3 = B * tv3
  F tv4 = F::select(tv2.is_zero(), C::kZ, -tv2);  // 7. tv4 = CMOV(Z, -tv2, tv2 != 0)
  tv4 = C::kA * tv4;                              // 8. tv4 = A * tv4
  tv2 = tv3.square();                             // 9. tv2 = tv3^2
  F tv6 = tv4.square();                           // 10. tv6 = tv4^2
  F tv5 = C::kA * tv6;                            // 11. tv5 = A * tv6
  tv2 = tv2 + tv5;                                // 12. tv2 = tv2 + tv5
  tv2 = tv2 * tv3;                                // 13. tv2 = tv2 * tv3
  tv6 = tv6 * tv4;                                // 14. tv6 = tv6 * tv4
  tv5 = C::kB * tv6;                              // 15. tv5 = B * tv6
  tv2 = tv2 + tv5;                                // 16. tv2 = tv2 + tv5
  F x = tv1 * tv3;                                // 17. x = tv1 * tv3
  F y1;
  const ct::Choice is_gx1_square = C::sqrt_ratio(tv2, tv6, &y1);  // 18.
  F y = tv1 * u;                                                  // 19. y = tv1 * u
  y = y * y1;                                                     // 20. y = y * y1
  x = F::select(is_gx1_square, tv3, x);  // 21. x = CMOV(x, tv3, is_gx1_square)
  y = F::select(is_gx1_square, y1, y);   // 22. y = CMOV(y, y1, is_gx1_square)
  const ct::Choice su = u.sgn0();
  const ct::Choice sy = y.sgn0();
  const ct::Choice e1 = (su & sy) | (!su & !sy);  // 23. e1 = sgn0(u) == sgn0(y)
  y = F::select(e1, y, -y);                       // 24. y = CMOV(-y, y, e1)
  return {x, tv4, y};                             // 25. x = x / tv4, left to the caller
}

template <class F>
struct Jacobian {
  F x, y, z;  // (x / z^2, y / z^3); z = 0 is the identity
};

// A rational map of the §6.6.3 form, x = x_num(x') / x_den(x'), y = y' * y_num(x') / y_den(x'),
// with x_den and y_den monic (their leading 1 is not stored in kXDen / kYDen) and y_den of the
// highest degree D. Evaluated on a fractional point x' = xn / xd, y' = yn / yd without any
// inversion: every polynomial is homogenised to degree D over the shared monomials
// m_j = xn^j * xd^(D - j), so each coefficient costs one multiplication, and the common factor
// xd^D cancels in both quotients. Returns the Jacobian form of the image,
// (n_x d_x d_y^2, n_y d_y^2 d_x^3, d_x d_y) (RFC 9380 Appendix G.1); a kernel point (x_den or
// y_den zero) comes out with z = 0, the identity, as §6.6.3 requires.
template <class F, std::size_t NXN, std::size_t NXD, std::size_t NYN, std::size_t NYD>
[[nodiscard]] Jacobian<F> iso_map(const std::array<F, NXN>& k_xnum,
                                  const std::array<F, NXD>& k_xden,
                                  const std::array<F, NYN>& k_ynum,
                                  const std::array<F, NYD>& k_yden, const F& xn, const F& xd,
                                  const F& yn, const F& yd) noexcept {
  constexpr std::size_t D = NYD;  // degree of the monic y_den
  static_assert(NXN <= D + 1 && NXD < D && NYN <= D + 1, "y_den must have the highest degree");
  std::array<F, D + 1> xn_pow;
  std::array<F, D + 1> xd_pow;
  xn_pow[0] = F::one();
  xd_pow[0] = F::one();
  xn_pow[1] = xn;
  xd_pow[1] = xd;
  for (std::size_t j = 2; j <= D; ++j) {
    xn_pow[j] = xn_pow[j - 1] * xn;
    xd_pow[j] = xd_pow[j - 1] * xd;
  }
  std::array<F, D + 1> m;
  m[0] = xd_pow[D];
  m[D] = xn_pow[D];
  for (std::size_t j = 1; j < D; ++j) m[j] = xn_pow[j] * xd_pow[D - j];

  auto dot = [&m](const auto& k, std::size_t n) {
    F acc = k[0] * m[0];
    for (std::size_t i = 1; i < n; ++i) acc = acc + k[i] * m[i];
    return acc;
  };
  const F x_num = dot(k_xnum, NXN);
  const F x_den = dot(k_xden, NXD) + m[NXD];  // + the leading 1 · x'^NXD
  const F y_num = dot(k_ynum, NYN) * yn;
  const F y_den = (dot(k_yden, NYD) + m[NYD]) * yd;

  const F y_den2 = y_den.square();
  const F z = x_den * y_den;
  return {x_num * z * y_den, y_num * y_den2 * x_den.square() * x_den, z};
}

// P + Q on a short Weierstrass curve y^2 = x^3 + a x + b in Jacobian coordinates, complete for the
// inputs it gets here (finite points, possibly equal or opposite): add-2007-bl and dbl-2007-bl
// (Bernstein–Lange, Explicit-Formulas Database) are both computed, and the doubling is selected
// when the addition degenerates (H = r = 0, i.e. P = Q). P = -Q gives H = 0, r != 0 and so z = 0,
// the identity, from the addition formula itself. Constant time.
template <class F>
[[nodiscard]] Jacobian<F> add_on_isogenous(const Jacobian<F>& p, const Jacobian<F>& q,
                                           const F& a) noexcept {
  // add-2007-bl
  const F z1z1 = p.z.square();
  const F z2z2 = q.z.square();
  const F u1 = p.x * z2z2;
  const F u2 = q.x * z1z1;
  const F s1 = p.y * q.z * z2z2;
  const F s2 = q.y * p.z * z1z1;
  const F h = u2 - u1;
  const F i = h.dbl().square();
  const F j = h * i;
  const F r = (s2 - s1).dbl();
  const F v = u1 * i;
  const F x3 = r.square() - j - v.dbl();
  const F y3 = r * (v - x3) - (s1 * j).dbl();
  const F z3 = ((p.z + q.z).square() - z1z1 - z2z2) * h;
  // dbl-2007-bl, with the a * Z^4 term of a curve with a != 0
  const F xx = p.x.square();
  const F yy = p.y.square();
  const F yyyy = yy.square();
  const F s = ((p.x + yy).square() - xx - yyyy).dbl();
  const F mm = xx.dbl() + xx + a * z1z1.square();
  const F t = mm.square() - s.dbl();
  const F dx = t;
  const F dy = mm * (s - t) - yyyy.dbl().dbl().dbl();
  const F dz = (p.y + p.z).square() - yy - z1z1;
  const ct::Choice same = h.is_zero() & r.is_zero();
  return {F::select(same, dx, x3), F::select(same, dy, y3), F::select(same, dz, z3)};
}

// map_to_curve(u0) + map_to_curve(u1) the way §6.6.3 suggests, for either group: both SWU points
// (C: the constants and sqrt_ratio of sswu) are added on the isogenous curve, then `iso`
// (a callable (xn, xd, yn, yd) -> Jacobian<F>) maps the sum once, the isogeny being a group
// homomorphism. Constant time.
template <class C, class F, class Iso>
[[nodiscard]] Jacobian<F> map_sum(const F& u0, const F& u1, Iso iso) noexcept {
  // (xn / xd, y) in Jacobian form is (xn xd, y xd^3, xd).
  auto to_jacobian = [](const FracPoint<F>& p) {
    const F xd2 = p.xd.square();
    return Jacobian<F>{p.xn * p.xd, p.y * xd2 * p.xd, p.xd};
  };
  const Jacobian<F> sum =
      add_on_isogenous(to_jacobian(sswu<C>(u0)), to_jacobian(sswu<C>(u1)), C::kA);
  // Jacobian (X, Y, Z) is the fraction (X / Z^2, Y / Z^3).
  const F z2 = sum.z.square();
  return iso(sum.x, z2, sum.y, z2 * sum.z);
}

// [|x|]P for |x| = 0xd201000000010000, the BLS parameter without its sign (x is negative), on G1
// or G2 (the cofactor clearings of §8.8.1 and Appendix G.3). Bits 63, 62, 60, 57, 48 and 16 are
// set: double-and-add along that fixed public pattern, with the constant-time group operations.
template <class Point>
[[nodiscard]] Point mul_by_abs_x(const Point& p) noexcept {
  Point acc = p;
  for (int bit = 62; bit >= 0; --bit) {
    acc = acc.dbl();
    if (bit == 62 || bit == 60 || bit == 57 || bit == 48 || bit == 16) acc = acc + p;
  }
  return acc;
}

}  // namespace plx::zkp::bls12_381::h2c
