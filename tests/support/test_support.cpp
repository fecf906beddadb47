#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "plx/core/encoding.hpp"

namespace plx::testing {

std::filesystem::path vectors_dir() {
  const char* env = std::getenv("PLX_VECTORS_DIR");
  std::filesystem::path p = env && *env ? env : PLX_VECTORS_DIR;
  if (!std::filesystem::is_directory(p)) {
    ADD_FAILURE() << "test vectors directory missing: " << p
                  << " (set PLX_VECTORS_DIR or place shared/ beside the project)";
  }
  return p;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << p;
    return {};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Json read_json_vector(const std::string& relative) {
  auto text = read_file(vectors_dir() / relative);
  auto j = json_parse(text);
  if (!j.has_value()) {
    ADD_FAILURE() << relative << ": " << j.error().to_string();
    return Json();
  }
  return *std::move(j);
}

Bytes unhex(std::string_view hex) {
  auto b = hex_decode(hex);
  if (!b.has_value()) {
    ADD_FAILURE() << "bad hex in test data: " << hex;
    return {};
  }
  return *std::move(b);
}

std::uint64_t test_seed() {
  static const std::uint64_t seed = [] {
    const char* env = std::getenv("PLX_TEST_SEED");
    std::uint64_t s = env && *env ? std::strtoull(env, nullptr, 0) : std::random_device{}();
    std::printf("PLX_TEST_SEED=%llu\n", static_cast<unsigned long long>(s));
    return s;
  }();
  return seed;
}

}  // namespace plx::testing
