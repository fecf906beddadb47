// G2: the order-r subgroup of the sextic twist E'(Fp2): y^2 = x^3 + 4(1 + u).
// The same conventions as g1.hpp; 96 bytes compressed, 192 uncompressed (c1 before c0).
#pragma once

#include <array>
#include <span>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/zkp/bls12_381/fp2.hpp"
#include "plx/zkp/bls12_381/fr.hpp"

namespace plx::zkp::bls12_381 {

struct G2Affine {
  Fp2 x, y;
  bool infinity = true;

  [[nodiscard]] static G2Affine identity() noexcept { return {}; }
  [[nodiscard]] static G2Affine generator() noexcept;
  [[nodiscard]] static Result<G2Affine> from_coordinates(const Fp2& x, const Fp2& y);

  [[nodiscard]] bool is_on_curve() const noexcept;
  [[nodiscard]] bool is_in_subgroup_vartime() const noexcept;

  [[nodiscard]] std::array<std::uint8_t, 96> to_compressed() const noexcept;
  [[nodiscard]] std::array<std::uint8_t, 192> to_uncompressed() const noexcept;
  [[nodiscard]] static Result<G2Affine> from_compressed(ByteSpan bytes);
  [[nodiscard]] static Result<G2Affine> from_uncompressed(ByteSpan bytes);

  friend bool operator==(const G2Affine& a, const G2Affine& b) noexcept {
    return a.infinity == b.infinity && (a.infinity || (a.x == b.x && a.y == b.y));
  }
};

class G2 {
 public:
  G2() noexcept : x_(Fp2::one()), y_(Fp2::one()), z_(Fp2::zero()) {}
  G2(const G2Affine& p) noexcept;  // NOLINT(google-explicit-constructor)

  [[nodiscard]] static G2 identity() noexcept { return G2(); }
  [[nodiscard]] static G2 generator() noexcept { return G2(G2Affine::generator()); }

  [[nodiscard]] G2Affine to_affine() const noexcept;
  // Normalises many points with one inversion; constant time (see G1::batch_to_affine).
  static void batch_to_affine(std::span<const G2> in, std::span<G2Affine> out);

  [[nodiscard]] G2 operator+(const G2& b) const noexcept;
  [[nodiscard]] G2 operator+(const G2Affine& b) const noexcept;
  [[nodiscard]] G2 operator-(const G2& b) const noexcept { return *this + (-b); }
  [[nodiscard]] G2 operator-() const noexcept;
  G2& operator+=(const G2& b) noexcept { return *this = *this + b; }
  [[nodiscard]] G2 dbl() const noexcept;

  [[nodiscard]] G2 mul(const Fr& k) const noexcept;          // secret k, constant time
  [[nodiscard]] G2 mul_vartime(const Fr& k) const noexcept;  // public k
  [[nodiscard]] G2 mul_bytes_vartime(ByteSpan k_be) const noexcept;  // any k, any curve point
  // ψ, the untwist-Frobenius-twist endomorphism (subgroup checks, cofactor clearing).
  [[nodiscard]] G2 psi() const noexcept;

  [[nodiscard]] ct::Choice is_identity() const noexcept;
  [[nodiscard]] bool is_on_curve() const noexcept;
  [[nodiscard]] bool is_in_subgroup_vartime() const noexcept;
  [[nodiscard]] static G2 select(ct::Choice c, const G2& a, const G2& b) noexcept;
  friend bool operator==(const G2& a, const G2& b) noexcept;

  const Fp2& x() const noexcept { return x_; }
  const Fp2& y() const noexcept { return y_; }
  const Fp2& z() const noexcept { return z_; }
  G2(const Fp2& x, const Fp2& y, const Fp2& z) noexcept : x_(x), y_(y), z_(z) {}

 private:
  Fp2 x_, y_, z_;
};

}  // namespace plx::zkp::bls12_381
