// The strict decoders: anything they accept must re-encode to exactly the input (one spelling
// per byte string), and nothing crashes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto b = plx::base64url_decode(text); b.has_value() && plx::base64url_encode(*b) != text) {
    std::abort();
  }
  if (auto b = plx::base64_decode(text); b.has_value() && plx::base64_encode(*b) != text) {
    std::abort();
  }
  if (auto b = plx::base58btc_decode(text); b.has_value() && plx::base58btc_encode(*b) != text) {
    std::abort();
  }
  if (auto b = plx::hex_decode(text); b.has_value() && b->size() * 2 != text.size()) std::abort();
  if (auto m = plx::multibase_decode(text); m.has_value() && m->base != plx::Multibase::kBase16 &&
                                            plx::multibase_encode(m->base, m->data) != text) {
    std::abort();
  }
  plx::ByteSpan bytes(data, size);
  if (auto v = plx::varint_decode(bytes); v.has_value()) {
    auto again = plx::varint_encode(v->value);
    if (again.size() != v->length || !std::equal(again.begin(), again.end(), data)) std::abort();
  }
  (void)plx::multicodec_unwrap(bytes);
  return 0;
}
