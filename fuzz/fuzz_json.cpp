// json_parse and JCS on arbitrary bytes: never crash, whatever json_parse accepts nlohmann's own
// parser accepts with the same value (a differential check of the two lexers), and canonical
// output is a fixed point.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plx/core/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto j = plx::json_parse(text);
  if (!j.has_value()) return 0;
  const auto reference = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (reference.is_discarded() || reference != *j) std::abort();
  auto c1 = plx::jcs_canonicalize(*j);
  if (!c1.has_value()) return 0;
  auto c2 = plx::jcs_canonicalize_text(*c1);
  if (!c2.has_value() || *c2 != *c1) std::abort();
  return 0;
}
