// RFC 9380 hash_to_field (§5.2) and the hash_to_curve / encode_to_curve constructions (§3) for
// the BLS12-381 suites of §8.8, over either expander.
#include "plx/zkp/bls12_381/hash_to_curve.hpp"

#include <array>

namespace plx::zkp::bls12_381 {
namespace {

// L = ceil((ceil(log2(p)) + k) / 8) = ceil((381 + 128) / 8) = 64 (§8.8).
constexpr std::size_t kL = 64;

Result<Bytes> expand_for_field(ExpandMessage kind, ByteSpan msg, ByteSpan dst, std::size_t len) {
  return expand_message(kind, msg, dst, len);
}

}  // namespace

Result<std::vector<Fp>> hash_to_field_fp(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                                         std::size_t count) {
  std::vector<Fp> out;
  if (count == 0) return out;
  PLX_TRY(const Bytes bytes, expand_for_field(kind, msg, dst, count * kL));
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(Fp::from_bytes_wide(ByteSpan(bytes).subspan(i * kL, kL)));
  }
  return out;
}

Result<std::vector<Fp2>> hash_to_field_fp2(ExpandMessage kind, ByteSpan msg, ByteSpan dst,
                                           std::size_t count) {
  std::vector<Fp2> out;
  if (count == 0) return out;
  PLX_TRY(const Bytes bytes, expand_for_field(kind, msg, dst, count * 2 * kL));
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    // elm_offset = L * (j + i * m): c0 (j = 0) first, then c1.
    out.push_back(Fp2{Fp::from_bytes_wide(ByteSpan(bytes).subspan(2 * i * kL, kL)),
                      Fp::from_bytes_wide(ByteSpan(bytes).subspan((2 * i + 1) * kL, kL))});
  }
  return out;
}

// §3: hash_to_curve = clear_cofactor(map(u0) + map(u1)); encode_to_curve = clear_cofactor(map(u)).
// The sum is taken on the isogenous curve, before the isogeny (§6.6.3). The G1 and G2 drivers
// differ only in the field and the maps they are handed.
namespace {

template <class F>
using FieldFn = Result<std::vector<F>> (*)(ExpandMessage, ByteSpan, ByteSpan, std::size_t);

template <class Point, class F>
Result<Point> hash_to(ByteSpan msg, ByteSpan dst, ExpandMessage kind, FieldFn<F> field,
                      Point (*map_sum)(const F&, const F&) noexcept) {
  PLX_TRY(const auto u, field(kind, msg, dst, 2));
  return clear_cofactor(map_sum(u[0], u[1]));
}

template <class Point, class F>
Result<Point> encode_to(ByteSpan msg, ByteSpan dst, ExpandMessage kind, FieldFn<F> field,
                        Point (*map)(const F&) noexcept) {
  PLX_TRY(const auto u, field(kind, msg, dst, 1));
  return clear_cofactor(map(u[0]));
}

}  // namespace

Result<G1> hash_to_g1(ByteSpan msg, ByteSpan dst, ExpandMessage kind) {
  return hash_to<G1, Fp>(msg, dst, kind, hash_to_field_fp, detail::map_to_curve_sum_g1);
}

Result<G1> encode_to_g1(ByteSpan msg, ByteSpan dst, ExpandMessage kind) {
  return encode_to<G1, Fp>(msg, dst, kind, hash_to_field_fp, map_to_curve_g1);
}

Result<G2> hash_to_g2(ByteSpan msg, ByteSpan dst, ExpandMessage kind) {
  return hash_to<G2, Fp2>(msg, dst, kind, hash_to_field_fp2, detail::map_to_curve_sum_g2);
}

Result<G2> encode_to_g2(ByteSpan msg, ByteSpan dst, ExpandMessage kind) {
  return encode_to<G2, Fp2>(msg, dst, kind, hash_to_field_fp2, map_to_curve_g2);
}

}  // namespace plx::zkp::bls12_381
