// RFC 9380 map_to_curve and clear_cofactor for G2 (§8.8.2): simplified SWU onto the curve
// E2': y^2 = x^3 + 240·I·x + 1012·(1 + I), the 3-isogeny E2' -> E' (Appendix E.3), and the
// ψ-based cofactor clearing of Budroni–Pintore (Appendix G.3), equal to multiplication by h_eff.
//
// Constant time in u, as on G1.
#include <array>

#include "bls12_381/h2c_constants.hpp"
#include "bls12_381/h2c_internal.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using h2c::fp2;

// The constants stay one per line, as RFC 9380 prints them.
// clang-format off

#define PLX_H2C_P_MINUS(low) \
  "0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffff" low

// §8.8.2: A' = 240·I, B' = 1012·(1 + I), Z = -(2 + I).
constexpr Fp2 kIsoA = fp2("0x0", "0xf0");
constexpr Fp2 kIsoB = fp2("0x3f4", "0x3f4");
constexpr Fp2 kSswuZ = fp2(PLX_H2C_P_MINUS("aaa9"), PLX_H2C_P_MINUS("aaaa"));

// Appendix F.2.1.1 (the generic sqrt_ratio) for q = p^2: c1 = 3 (2^3 exactly divides q - 1),
// c2 = (q - 1) / 2^c1, c3 = (c2 - 1) / 2, c4 = 7, c5 = 4, c6 = Z^c2, c7 = Z^((c2 + 1) / 2).
// c3, c6 and c7 were computed offline; a wrong value breaks the SqrtRatio.Fp2Contract test
// (y^2 * v == u or Z * u) and every G2 vector.
constexpr std::array<std::uint64_t, 12> kC3 = h2c::parse_hex<12>(
    "0x2a437a4b8c35fc74bd278eaa22f25e9e2dc90e50e7046b466e59e49349e8bd050a62cfd16ddca6ef53149330978ef011"
    "d68619c86185c7b292e85a87091a04966bf91ed3e71b743162c338362113cfd7ced6b1d76382eab26aa00001c718e3");
constexpr Fp2 kC6 = fp2(
    "0x6af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09",
    "0x6af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09");
constexpr Fp2 kC7 = fp2(
    "0x13dc0969311e2ba565924cb0b6f7bb9857f157e17f0c8db4e484fcb27b8be0b36dfa0340c422fb7efe9d9a3234336d5e",
    "0x71d42ac9c54001a21acf9187d469d919a830a2c969128d22659dc2f8263f1ca73c5b0e02c05ec381b8684a676a81381");

// Appendix E.3: the 3-isogeny E2' -> E'. x_den and y_den are monic (leading 1 not stored).
constexpr std::array<Fp2, 4> kXNum = {
    fp2("0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6",
        "0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6"),
    fp2("0x0",
        "0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a"),
    fp2("0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e",
        "0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d"),
    fp2("0x171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1",
        "0x0"),
};
constexpr std::array<Fp2, 2> kXDen = {
    fp2("0x0", PLX_H2C_P_MINUS("aa63")),
    fp2("0xc", PLX_H2C_P_MINUS("aa9f")),
};
constexpr std::array<Fp2, 4> kYNum = {
    fp2("0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706",
        "0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706"),
    fp2("0x0",
        "0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be"),
    fp2("0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c",
        "0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f"),
    fp2("0x124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10",
        "0x0"),
};
constexpr std::array<Fp2, 3> kYDen = {
    fp2(PLX_H2C_P_MINUS("a8fb"), PLX_H2C_P_MINUS("a8fb")),
    fp2("0x0", PLX_H2C_P_MINUS("a9d3")),
    fp2("0x12", PLX_H2C_P_MINUS("aa99")),
};

#undef PLX_H2C_P_MINUS

// clang-format on

struct G2Sswu {
  static constexpr Fp2 kA = kIsoA;
  static constexpr Fp2 kB = kIsoB;
  static constexpr Fp2 kZ = kSswuZ;
  static ct::Choice sqrt_ratio(const Fp2& u, const Fp2& v, Fp2* y) noexcept {
    return detail::sqrt_ratio(u, v, y);
  }
};

}  // namespace

namespace detail {

// Appendix F.2.1.1 with c1 = 3, so the loop of steps 17-26 runs for i = 3 and i = 2.
ct::Choice sqrt_ratio(const Fp2& u, const Fp2& v, Fp2* y) noexcept {
  Fp2 tv1 = kC6;             // 1. tv1 = c6
  Fp2 tv2 = v.square() * v;  // 2. tv2 = v^c4, c4 = 7
  tv2 = tv2.square() * v;
  Fp2 tv3 = tv2.square();                           // 3. tv3 = tv2^2
  tv3 = tv3 * v;                                    // 4. tv3 = tv3 * v
  Fp2 tv5 = u * tv3;                                // 5. tv5 = u * tv3
  tv5 = h2c::pow_public(tv5, kC3);                  // 6. tv5 = tv5^c3
  tv5 = tv5 * tv2;                                  // 7. tv5 = tv5 * tv2
  tv2 = tv5 * v;                                    // 8. tv2 = tv5 * v
  tv3 = tv5 * u;                                    // 9. tv3 = tv5 * u
  Fp2 tv4 = tv3 * tv2;                              // 10. tv4 = tv3 * tv2
  tv5 = tv4.square().square();                      // 11. tv5 = tv4^c5, c5 = 4
  const ct::Choice is_qr = tv5.equals(Fp2::one());  // 12. isQR = tv5 == 1
  tv2 = tv3 * kC7;                                  // 13. tv2 = tv3 * c7
  tv5 = tv4 * tv1;                                  // 14. tv5 = tv4 * tv1
  tv3 = Fp2::select(is_qr, tv3, tv2);               // 15. tv3 = CMOV(tv2, tv3, isQR)
  tv4 = Fp2::select(is_qr, tv4, tv5);               // 16. tv4 = CMOV(tv5, tv4, isQR)
  for (int i = 3; i >= 2; --i) {                    // 17. for i in (c1, c1 - 1, ..., 2):
    tv5 = tv4;                                      // 18-20. tv5 = tv4^(2^(i - 2))
    for (int s = 0; s < i - 2; ++s) tv5 = tv5.square();
    const ct::Choice e1 = tv5.equals(Fp2::one());  // 21. e1 = tv5 == 1
    tv2 = tv3 * tv1;                               // 22. tv2 = tv3 * tv1
    tv1 = tv1.square();                            // 23. tv1 = tv1 * tv1
    tv5 = tv4 * tv1;                               // 24. tv5 = tv4 * tv1
    tv3 = Fp2::select(e1, tv3, tv2);               // 25. tv3 = CMOV(tv2, tv3, e1)
    tv4 = Fp2::select(e1, tv4, tv5);               // 26. tv4 = CMOV(tv5, tv4, e1)
  }
  *y = tv3;
  return is_qr;
}

SswuFp2 sswu_g2(const Fp2& u) noexcept {
  const auto r = h2c::sswu<G2Sswu>(u);
  return {r.xn, r.xd, r.y};
}

// The isogeny on the SWU output (xn / xd, y): h2c::iso_map evaluates it without inversions.
G2 iso_map_g2(const SswuFp2& p) noexcept {
  const auto j = h2c::iso_map(kXNum, kXDen, kYNum, kYDen, p.xn, p.xd, p.y, Fp2::one());
  return G2(j.x, j.y, j.z);
}

G2 map_to_curve_sum_g2(const Fp2& u0, const Fp2& u1) noexcept {
  const auto j = h2c::map_sum<G2Sswu>(u0, u1, [](const Fp2& xn, const Fp2& xd, const Fp2& yn,
                                                 const Fp2& yd) {
    return h2c::iso_map(kXNum, kXDen, kYNum, kYDen, xn, xd, yn, yd);
  });
  return G2(j.x, j.y, j.z);
}

}  // namespace detail

G2 map_to_curve_g2(const Fp2& u) noexcept { return detail::iso_map_g2(detail::sswu_g2(u)); }

// Appendix G.3, clear_cofactor_bls12381_g2 with c1 = x = -|x|:
//   h_eff·P = (x^2 - x - 1)·P + (x - 1)·ψ(P) + ψ^2(2P).
G2 clear_cofactor(const G2& p) noexcept {
  const G2 t1 = -h2c::mul_by_abs_x(p);  // 1. t1 = c1 * P
  G2 t2 = p.psi();                 // 2. t2 = psi(P)
  G2 t3 = p.dbl();                 // 3. t3 = 2 * P
  t3 = t3.psi().psi();             // 4. t3 = psi2(t3)
  t3 = t3 - t2;                    // 5. t3 = t3 - t2
  t2 = t1 + t2;                    // 6. t2 = t1 + t2
  t2 = -h2c::mul_by_abs_x(t2);          // 7. t2 = c1 * t2
  t3 = t3 + t2;                    // 8. t3 = t3 + t2
  t3 = t3 - t1;                    // 9. t3 = t3 - t1
  return t3 - p;                   // 10. Q = t3 - P
}

}  // namespace plx::zkp::bls12_381
