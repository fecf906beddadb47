// json_parse and JCS on arbitrary bytes: never crash, and canonical output is a fixed point.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plx/core/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto j = plx::json_parse(text);
  if (!j.has_value()) return 0;
  auto c1 = plx::jcs_canonicalize(*j);
  if (!c1.has_value()) return 0;
  auto c2 = plx::jcs_canonicalize_text(*c1);
  if (!c2.has_value() || *c2 != *c1) std::abort();
  return 0;
}
