// Helpers for the did tests: vector loading that is safe at parameter-generation time (before
// GoogleTest runs, where ADD_FAILURE cannot be used). A load failure becomes a test case of its
// own that fails, so a missing vectors directory is never silently skipped.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "plx/core/json.hpp"

namespace plx::did::testing {

inline std::filesystem::path vectors_root() {
  const char* env = std::getenv("PLX_VECTORS_DIR");
  return env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                        : std::filesystem::path(PLX_VECTORS_DIR);
}

// Parses a vector file (relative to the vectors root) or says why it could not.
inline Result<Json> load_vector(const std::string& relative) {
  const auto path = vectors_root() / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot read vector file " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  auto j = json_parse(ss.str());
  if (!j.has_value()) return j.error().within(relative);
  return j;
}

// A GoogleTest-safe name: letters, digits and '_' only.
inline std::string test_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += ok ? c : '_';
  }
  return out.empty() ? "empty" : out;
}

// The name of a did:key vector: its multibase prefix (enough to tell them apart) made safe.
inline std::string short_did_name(std::string_view did, std::size_t keep = 24) {
  std::string_view s = did.substr(0, std::min(did.size(), keep));
  return test_name(s);
}

}  // namespace plx::did::testing
