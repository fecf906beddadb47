// G1 internals shared between g1.cpp and msm.cpp (not part of the public API).
#pragma once

#include "bls12_381/curve_internal.hpp"
#include "plx/zkp/bls12_381/g1.hpp"

namespace plx::zkp::bls12_381::internal {

// β, the cube root of unity with σ(x, y) = (β·x, y) acting as [−u²] on G1 (see g1.cpp).
[[nodiscard]] const Fp& g1_beta() noexcept;

[[nodiscard]] inline Jac<Fp> to_jac(const G1& p) noexcept { return Jac<Fp>{p.x(), p.y(), p.z()}; }
[[nodiscard]] inline G1 from_jac(const Jac<Fp>& j) noexcept { return G1(j.x, j.y, j.z); }

}  // namespace plx::zkp::bls12_381::internal
