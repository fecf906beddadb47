// Shared helpers of the BBS tests: ciphersuites, fixture paths, hex.
#pragma once

#include <string>
#include <vector>

#include "bbs/core.hpp"
#include "plx/core/encoding.hpp"
#include "plx/zkp/bbs.hpp"
#include "test_support.hpp"

namespace plx::zkp::bbs::testing {

using ::plx::testing::unhex;
using internal::Fr;

struct SuiteInfo {
  Ciphersuite cs;
  std::string dir;   // "bbs/bls12-381-sha-256"
  std::string name;  // "Sha256" (for test names)
};

inline void PrintTo(const SuiteInfo& s, std::ostream* os) { *os << s.name; }

inline const std::vector<SuiteInfo>& suites() {
  static const std::vector<SuiteInfo> kSuites = {
      {Ciphersuite::kBls12381Sha256, "bbs/bls12-381-sha-256", "Sha256"},
      {Ciphersuite::kBls12381Shake256, "bbs/bls12-381-shake-256", "Shake256"},
  };
  return kSuites;
}

inline std::string hex(ByteSpan b) { return hex_encode(b); }
inline std::string hex(const Fr& f) { return hex_encode(f.to_bytes()); }
inline std::string hex(const internal::G1Affine& p) { return hex_encode(p.to_compressed()); }

inline Fr scalar(std::string_view h) {
  auto f = Fr::from_bytes(unhex(h));
  EXPECT_TRUE(f.has_value()) << h;
  return f.has_value() ? *f : Fr::zero();
}

inline std::vector<Bytes> hex_list(const Json& arr) {
  std::vector<Bytes> out;
  for (const auto& v : arr) out.push_back(unhex(v.get<std::string>()));
  return out;
}

}  // namespace plx::zkp::bbs::testing
