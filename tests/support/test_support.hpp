// Shared test helpers: Result matchers (Tink's IsOk / StatusIs) and the vectors directory.
#pragma once

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plx/core/bytes.hpp"
#include "plx/core/json.hpp"
#include "plx/core/result.hpp"

namespace plx::testing {

// ../shared/vectors, or $PLX_VECTORS_DIR. A missing directory fails the calling test (never skips).
std::filesystem::path vectors_dir();
// The file's bytes as text; fails the test (ADD_FAILURE) and returns "" if it cannot be read.
std::string read_file(const std::filesystem::path& p);
// Parsed JSON of a vector file (relative to vectors_dir()); fails the test on error.
Json read_json_vector(const std::string& relative);
// Bytes from a hex string, failing the test on bad hex.
Bytes unhex(std::string_view hex);
// The seed for randomized tests: $PLX_TEST_SEED or a fresh one; always printed.
std::uint64_t test_seed();

MATCHER(IsOk, "is OK") {
  if (arg.has_value()) return true;
  *result_listener << "error: " << arg.error().to_string();
  return false;
}

MATCHER_P(HasError, code, "fails with " + std::string(plx::to_string(code))) {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "error: " << arg.error().to_string();
  return arg.error().code == code;
}

}  // namespace plx::testing
