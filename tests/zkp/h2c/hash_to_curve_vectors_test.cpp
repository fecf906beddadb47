// The four BLS12-381 suites of RFC 9380 §8.8 against the RFC's vectors (Appendix J,
// ../shared/vectors/h2c/BLS12381G*_XMD-SHA-256_SSWU_{RO,NU}_.json): every intermediate value the
// files give — u (hash_to_field), Q0/Q1 or Q (map_to_curve) — and the final point P, exactly.
#include <cctype>
#include <string>
#include <type_traits>
#include <vector>

#include "plx/core/encoding.hpp"
#include "plx/zkp/bls12_381/hash_to_curve.hpp"
#include "test_support.hpp"

namespace plx::zkp::bls12_381 {
namespace {

using ::plx::testing::read_json_vector;

// "0x..." -> Fp, failing the test on anything that is not a canonical field element.
Fp fp_of(const std::string& hex0x) {
  std::string h = hex0x.substr(0, 2) == "0x" ? hex0x.substr(2) : hex0x;
  if (h.size() > 96) {
    ADD_FAILURE() << "field element too long: " << hex0x;
    return Fp();
  }
  h = std::string(96 - h.size(), '0') + h;
  const auto bytes = hex_decode(h);
  if (!bytes.has_value()) {
    ADD_FAILURE() << "bad hex " << hex0x;
    return Fp();
  }
  auto f = Fp::from_bytes(*bytes);
  if (!f.has_value()) {
    ADD_FAILURE() << "not a field element: " << hex0x;
    return Fp();
  }
  return *f;
}

// "0x<c0>,0x<c1>" -> Fp2.
Fp2 fp2_of(const std::string& s) {
  const auto comma = s.find(',');
  if (comma == std::string::npos) {
    ADD_FAILURE() << "expected c0,c1: " << s;
    return Fp2();
  }
  return Fp2{fp_of(s.substr(0, comma)), fp_of(s.substr(comma + 1))};
}

std::string hex_of(const Fp& f) { return "0x" + hex_encode(f.to_bytes()); }
std::string hex_of(const Fp2& f) { return hex_of(f.c0) + "," + hex_of(f.c1); }

// Compare through canonical hex so a failure prints both values readably.
template <class F>
std::string norm(const std::string& s);
template <>
std::string norm<Fp>(const std::string& s) {
  return hex_of(fp_of(s));
}
template <>
std::string norm<Fp2>(const std::string& s) {
  return hex_of(fp2_of(s));
}

struct SuiteFile {
  const char* file;
  const char* suite;
  bool g2;
  bool ro;
};

constexpr SuiteFile kSuites[] = {
    {"BLS12381G1_XMD-SHA-256_SSWU_RO_.json", "BLS12381G1_XMD:SHA-256_SSWU_RO_", false, true},
    {"BLS12381G1_XMD-SHA-256_SSWU_NU_.json", "BLS12381G1_XMD:SHA-256_SSWU_NU_", false, false},
    {"BLS12381G2_XMD-SHA-256_SSWU_RO_.json", "BLS12381G2_XMD:SHA-256_SSWU_RO_", true, true},
    {"BLS12381G2_XMD-SHA-256_SSWU_NU_.json", "BLS12381G2_XMD:SHA-256_SSWU_NU_", true, false},
};

// EXPECT_EQ that also says whether it held, so each vector can be counted as passed or not.
bool check_eq(const std::string& got, const std::string& want, const std::string& what) {
  EXPECT_EQ(got, want) << what;
  return got == want;
}

template <class F, class Affine>
bool check_point(const Affine& got, const Json& want, const std::string& what) {
  EXPECT_FALSE(got.infinity) << what;
  if (got.infinity) return false;
  const bool x = check_eq(hex_of(got.x), norm<F>(want["x"].get<std::string>()), what + ".x");
  const bool y = check_eq(hex_of(got.y), norm<F>(want["y"].get<std::string>()), what + ".y");
  return x && y;
}

template <class F, class Point>
bool check_vector(const SuiteFile& f, const Json& v, ByteSpan dst) {
  const std::string msg = v["msg"].get<std::string>();
  const std::size_t count = f.ro ? 2 : 1;
  EXPECT_EQ(v["u"].size(), count);
  if (v["u"].size() != count) return false;
  std::vector<F> u;
  if constexpr (std::is_same_v<F, Fp>) {
    u = hash_to_field_fp(ExpandMessage::kXmdSha256, as_bytes(msg), dst, count).value();
  } else {
    u = hash_to_field_fp2(ExpandMessage::kXmdSha256, as_bytes(msg), dst, count).value();
  }
  EXPECT_EQ(u.size(), count);
  if (u.size() != count) return false;
  bool ok = true;
  Point sum;
  for (std::size_t j = 0; j < count; ++j) {
    const std::string idx = std::to_string(j);
    ok &= check_eq(hex_of(u[j]), norm<F>(v["u"][j].get<std::string>()), "u[" + idx + "]");
    Point q;
    if constexpr (std::is_same_v<F, Fp>) {
      q = map_to_curve_g1(u[j]);
    } else {
      q = map_to_curve_g2(u[j]);
    }
    EXPECT_TRUE(q.is_on_curve());
    ok &= q.is_on_curve();
    const std::string qname = f.ro ? "Q" + idx : "Q";
    ok &= check_point<F>(q.to_affine(), v[qname], qname);
    sum += q;
  }
  Point p;
  if constexpr (std::is_same_v<F, Fp>) {
    p = f.ro ? hash_to_g1(as_bytes(msg), dst).value() : encode_to_g1(as_bytes(msg), dst).value();
  } else {
    p = f.ro ? hash_to_g2(as_bytes(msg), dst).value() : encode_to_g2(as_bytes(msg), dst).value();
  }
  EXPECT_TRUE(p == clear_cofactor(sum));
  EXPECT_TRUE(p.is_in_subgroup_vartime());
  ok &= p == clear_cofactor(sum) && p.is_in_subgroup_vartime();
  ok &= check_point<F>(p.to_affine(), v["P"], "P");
  return ok;
}

class SuiteVectors : public ::testing::TestWithParam<SuiteFile> {};

TEST_P(SuiteVectors, IntermediatesAndOutputMatch) {
  const SuiteFile& f = GetParam();
  const Json doc = read_json_vector(std::string("h2c/") + f.file);
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc["ciphersuite"], f.suite);
  ASSERT_EQ(doc["randomOracle"].get<bool>(), f.ro);
  ASSERT_EQ(doc["L"], "0x40");
  const Bytes dst = to_bytes(doc["dst"].get<std::string>());
  const Json& vectors = doc["vectors"];
  ASSERT_TRUE(vectors.is_array());
  int passed = 0;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    const Json& v = vectors[i];
    SCOPED_TRACE(std::string(f.file) + " #" + std::to_string(i) + " msg \"" +
                 v["msg"].get<std::string>().substr(0, 24) + "\"");
    const bool ok = f.g2 ? check_vector<Fp2, G2>(f, v, dst) : check_vector<Fp, G1>(f, v, dst);
    passed += ok ? 1 : 0;
  }
  EXPECT_EQ(vectors.size(), 5u);
  EXPECT_EQ(passed, static_cast<int>(vectors.size()));
  std::printf("%s: %d/%zu vectors (u, Q, P)\n", f.file, passed, vectors.size());
}

INSTANTIATE_TEST_SUITE_P(Rfc9380, SuiteVectors, ::testing::ValuesIn(kSuites),
                         [](const auto& param_info) {
                           std::string n = param_info.param.file;
                           n = n.substr(0, n.find(".json"));
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace plx::zkp::bls12_381
