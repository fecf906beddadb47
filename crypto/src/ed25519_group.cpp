#include "ed25519_group.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace plx::crypto::internal::ed25519 {
namespace {

// d = -121665/121666, 2d and sqrt(-1) mod p (RFC 8032 §5.1), in 51-bit limbs.
constexpr Fe kD = {
    {929955233495203, 466365720129213, 1662059464998953, 2033849074728123, 1442794654840575}};
constexpr Fe kD2 = {
    {1859910466990425, 932731440258426, 1072319116312658, 1815898335770999, 633789495995903}};
constexpr Fe kSqrtM1 = {
    {1718705420411056, 234908883556509, 2233514472574048, 2117202627021982, 765476049583133}};
// B = (x, 4/5) with x even (RFC 8032 §5.1).
constexpr Point kBase = {
    {{1738742601995546, 1146398526822698, 2070867633025821, 562264141797630, 587772402128613}},
    {{1801439850948184, 1351079888211148, 450359962737049, 900719925474099, 1801439850948198}},
    {{1, 0, 0, 0, 0}},
    {{1841354044333475, 16398895984059, 755974180946558, 900171276175154, 1821297809914039}}};

// p + q or p - q (add-2008-hwcd-3 with a = -1, k = 2d), from q's Y+X, Y-X and 2dT and from
// d = Z1 * 2 Z2 (2 Z1 when q has Z = 1). -q = (-x, y): its Y+X and Y-X trade places and its T
// changes sign, which moves C from one side of D to the other.
inline Point add_parts(const Point& p, const Fe& ypx, const Fe& ymx, const Fe& t2d, const Fe& d,
                       bool subtract) {
  const Fe a = fe_mul(fe_sub(p.Y, p.X), subtract ? ypx : ymx);
  const Fe b = fe_mul(fe_add(p.Y, p.X), subtract ? ymx : ypx);
  const Fe c = fe_mul(p.T, t2d);
  const Fe e = fe_sub(b, a), h = fe_add(b, a);
  const Fe f = subtract ? fe_add(d, c) : fe_sub(d, c);
  const Fe g = subtract ? fe_sub(d, c) : fe_add(d, c);
  return {fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// Signed sliding-window form of a scalar < 2^255: out[i] is 0 or odd with |out[i]| <= max, and
// sum out[i] 2^i equals the scalar. (The width-w NAF of Hankerson-Menezes-Vanstone §3.3.1,
// built as ref10's `slide` does, by merging later bits into each nonzero position.)
void sliding_window(std::int16_t out[256], const std::uint8_t s[32], int max) {
  for (int i = 0; i < 256; ++i) out[i] = static_cast<std::int16_t>((s[i >> 3] >> (i & 7)) & 1);
  for (int i = 0; i < 256; ++i) {
    if (out[i] == 0) continue;
    for (int b = 1; b <= 7 && i + b < 256; ++b) {
      if (out[i + b] == 0) continue;
      const int shifted = out[i + b] * (1 << b);
      if (out[i] + shifted <= max) {
        out[i] = static_cast<std::int16_t>(out[i] + shifted);
        out[i + b] = 0;
      } else if (out[i] - shifted >= -max) {
        out[i] = static_cast<std::int16_t>(out[i] - shifted);
        for (int k = i + b; k < 256; ++k) {
          if (out[k] == 0) {
            out[k] = 1;
            break;
          }
          out[k] = 0;
        }
      } else {
        break;
      }
    }
  }
}

constexpr int kBaseWindowMax = 127;  // odd multiples 1B..127B: 64 precomputed points
constexpr int kVarWindowMax = 15;    // odd multiples 1P..15P: 8 points computed per call

// Odd multiples P, 3P, ..., (2n-1)P.
template <std::size_t N>
std::array<Cached, N> odd_multiples(const Point& p) {
  std::array<Cached, N> t;
  const Cached p2 = to_cached(dbl(p));
  Point acc = p;
  t[0] = to_cached(acc);
  for (std::size_t i = 1; i < N; ++i) {
    acc = add(acc, p2);
    t[i] = to_cached(acc);
  }
  return t;
}

const std::array<Cached, 64>& base_table() {
  static const std::array<Cached, 64> table = odd_multiples<64>(kBase);
  return table;
}

// Adds or subtracts table[|digit| / 2] for an odd nonzero digit.
inline Point add_digit(const Point& acc, const Cached* table, int digit) {
  return digit > 0 ? add(acc, table[digit / 2]) : sub(acc, table[(-digit) / 2]);
}

// Window width for Pippenger over n points: about log2(n) - 1, the minimum of
// (windows x (n + buckets)) for the sizes a block's batches have.
int pippenger_window(std::size_t n) {
  if (n < 16) return 3;
  if (n < 64) return 4;
  if (n < 192) return 5;
  if (n < 512) return 6;
  if (n < 2048) return 7;
  return 8;
}

// Signed radix-2^c digits of a scalar < 2^253, each in [-2^(c-1), 2^(c-1)], `windows` of them.
void signed_digits(std::int16_t* out, const std::uint8_t s[32], int c, int windows) {
  const int half = 1 << (c - 1);
  int carry = 0;
  for (int j = 0; j < windows; ++j) {
    const int bit = j * c;
    int v = 0;
    for (int k = 0; k < c; ++k) {
      const int b = bit + k;
      if (b < 256) v |= ((s[b >> 3] >> (b & 7)) & 1) << k;
    }
    v += carry;
    carry = v >= half ? 1 : 0;
    out[j] = static_cast<std::int16_t>(v - (carry << c));
  }
}

}  // namespace

Cached to_cached(const Point& p) {
  return {fe_add(p.Y, p.X), fe_sub(p.Y, p.X), fe_add(p.Z, p.Z), fe_mul(p.T, kD2)};
}

AffineCached to_affine_cached(const Point& p) {
  return {fe_add(p.Y, p.X), fe_sub(p.Y, p.X), fe_mul(p.T, kD2)};
}

Point add(const Point& p, const Cached& q) {
  return add_parts(p, q.YpX, q.YmX, q.T2d, fe_mul(p.Z, q.Z2), false);
}

Point sub(const Point& p, const Cached& q) {
  return add_parts(p, q.YpX, q.YmX, q.T2d, fe_mul(p.Z, q.Z2), true);
}

Point add(const Point& p, const AffineCached& q) {
  return add_parts(p, q.YpX, q.YmX, q.T2d, fe_add(p.Z, p.Z), false);
}

Point sub(const Point& p, const AffineCached& q) {
  return add_parts(p, q.YpX, q.YmX, q.T2d, fe_add(p.Z, p.Z), true);
}

namespace {

// dbl-2008-hwcd with a = -1, signs folded as in ref10's ge_p2_dbl. The formula never reads T; the
// result's T costs one multiplication, which only an addition needs.
template <bool kWithT>
inline Point double_point(const Point& p) {
  const Fe xx = fe_sq(p.X);
  const Fe yy = fe_sq(p.Y);
  const Fe zz = fe_sq(p.Z);
  const Fe zz2 = fe_add(zz, zz);
  const Fe h = fe_add(xx, yy);                      // x^2 + y^2
  const Fe g = fe_sub(yy, xx);                      // y^2 - x^2
  const Fe e = fe_sub(fe_sq(fe_add(p.X, p.Y)), h);  // 2xy
  const Fe f = fe_sub(zz2, g);
  return {fe_mul(e, f), fe_mul(h, g), fe_mul(g, f), kWithT ? fe_mul(e, h) : kFeZero};
}

}  // namespace

Point dbl(const Point& p) { return double_point<true>(p); }

Point dbl_xyz(const Point& p) { return double_point<false>(p); }

Point neg(const Point& p) { return {fe_neg(p.X), p.Y, p.Z, fe_neg(p.T)}; }

bool is_identity_vartime(const Point& p) {
  return fe_is_zero_vartime(p.X) && fe_equal_vartime(p.Y, p.Z);
}

bool has_small_order_vartime(const Point& p) {
  return is_identity_vartime(dbl_xyz(dbl_xyz(dbl_xyz(p))));
}

bool is_eighth_vartime(const Point& c, const Point& a) {
  // [8]c - a: the last doubling keeps T for the subtraction.
  const Point c8 = dbl(dbl_xyz(dbl_xyz(c)));
  return is_identity_vartime(sub(c8, to_affine_cached(a)));
}

void encode(std::uint8_t out[32], const Point& p) {
  const Fe zi = fe_invert(p.Z);
  fe_to_bytes(out, fe_mul(p.Y, zi));
  out[31] = static_cast<std::uint8_t>(out[31] | (fe_is_negative(fe_mul(p.X, zi)) << 7));
}

bool decode_vartime(Point* out, const std::uint8_t in[32]) {
  const Fe y = fe_from_bytes(in);
  // Canonical y: the 255-bit value read must already be below p.
  std::uint8_t check[32];
  fe_to_bytes(check, y);
  for (int i = 0; i < 31; ++i) {
    if (check[i] != in[i]) return false;
  }
  if (check[31] != (in[31] & 0x7f)) return false;
  const unsigned sign = in[31] >> 7;

  // x^2 = (y^2 - 1) / (d y^2 + 1); candidate x = u v^3 (u v^7)^((p-5)/8) (RFC 8032 §5.1.3).
  const Fe yy = fe_sq(y);
  const Fe u = fe_sub(yy, kFeOne);
  const Fe v = fe_add(fe_mul(yy, kD), kFeOne);
  const Fe v3 = fe_mul(fe_sq(v), v);
  const Fe v7 = fe_mul(fe_sq(v3), v);
  Fe x = fe_mul(fe_mul(u, v3), fe_pow22523(fe_mul(u, v7)));
  const Fe vxx = fe_mul(v, fe_sq(x));
  if (!fe_equal_vartime(vxx, u)) {
    if (!fe_equal_vartime(vxx, fe_neg(u))) return false;
    x = fe_mul(x, kSqrtM1);
  }
  const bool x_zero = fe_is_zero_vartime(x);
  if (x_zero && sign == 1) return false;  // "negative zero" is not a canonical encoding
  if (fe_is_negative(x) != sign) x = fe_neg(x);
  *out = {fe_carry(x.v), y, kFeOne, fe_mul(x, y)};
  return true;
}

const Point& base_point() { return kBase; }

bool is_torsion_free_vartime(const Point& p) {
  // L's signed digits are computed once. About 253 doublings and 25 additions: 10% less than
  // libsodium's constant-time crypto_core_ed25519_is_valid_point, which public keys do not need.
  static const auto digits = [] {
    std::array<std::int16_t, 256> d{};
    sliding_window(d.data(), kOrderL.data(), kVarWindowMax);
    return d;
  }();
  const auto table = odd_multiples<8>(p);
  Point r = kIdentity;
  for (int i = 255; i >= 0; --i) {
    const int dg = digits[static_cast<std::size_t>(i)];
    if (dg != 0) {
      r = add_digit(dbl(r), table.data(), dg);
    } else {
      r = dbl_xyz(r);  // L's top 127 digits are all zero but one: most doublings add nothing
    }
  }
  return is_identity_vartime(r);
}

Point double_scalar_mul_base_vartime(const std::uint8_t a[32], const Point& p,
                                     const std::uint8_t b[32]) {
  std::int16_t na[256], nb[256];
  sliding_window(na, a, kBaseWindowMax);
  sliding_window(nb, b, kVarWindowMax);
  const auto& bt = base_table();
  const auto pt = odd_multiples<8>(p);

  int i = 255;
  while (i >= 0 && na[i] == 0 && nb[i] == 0) --i;
  Point r = kIdentity;
  for (; i >= 0; --i) {
    // The result leaves with its T (i == 0); inside, only a doubling before an addition needs it.
    r = (na[i] != 0 || nb[i] != 0 || i == 0) ? dbl(r) : dbl_xyz(r);
    if (na[i] != 0) r = add_digit(r, bt.data(), na[i]);
    if (nb[i] != 0) r = add_digit(r, pt.data(), nb[i]);
  }
  return r;
}

Point multi_scalar_mul_vartime(std::span<const AffineCached> points,
                               std::span<const std::uint8_t> scalars) {
  const std::size_t n = points.size();
  if (n == 0) return kIdentity;
  const int c = pippenger_window(n);
  const int windows = (253 + c - 1) / c + 1;  // one more for the last carry
  std::vector<std::int16_t> digits(n * static_cast<std::size_t>(windows));
  for (std::size_t i = 0; i < n; ++i) {
    signed_digits(&digits[i * static_cast<std::size_t>(windows)], &scalars[32 * i], c, windows);
  }

  const std::size_t nbuckets = std::size_t{1} << (c - 1);
  std::vector<Point> buckets(nbuckets);
  std::vector<std::uint8_t> used(nbuckets);
  Point acc = kIdentity;
  bool acc_empty = true;
  for (int j = windows - 1; j >= 0; --j) {
    if (!acc_empty) {
      for (int k = 1; k < c; ++k) acc = dbl_xyz(acc);
      acc = dbl(acc);  // the window's sum is added next
    }
    std::fill(used.begin(), used.end(), std::uint8_t{0});
    std::size_t top = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const int dgt = digits[i * static_cast<std::size_t>(windows) + static_cast<std::size_t>(j)];
      if (dgt == 0) continue;
      const std::size_t bi = static_cast<std::size_t>(dgt > 0 ? dgt : -dgt) - 1;
      Point& bucket = buckets[bi];
      if (!used[bi]) {
        bucket = dgt > 0 ? add(kIdentity, points[i]) : sub(kIdentity, points[i]);
        used[bi] = 1;
      } else {
        bucket = dgt > 0 ? add(bucket, points[i]) : sub(bucket, points[i]);
      }
      top = std::max(top, bi + 1);
    }
    if (top == 0) continue;
    // sum_b (b+1) bucket[b] as a running sum from the top: 2 additions per bucket.
    Point running = kIdentity, total = kIdentity;
    for (std::size_t b = top; b-- > 0;) {
      if (used[b]) running = add(running, to_cached(buckets[b]));
      total = add(total, to_cached(running));
    }
    acc = add(acc, to_cached(total));
    acc_empty = false;
  }
  return acc;
}

}  // namespace plx::crypto::internal::ed25519
