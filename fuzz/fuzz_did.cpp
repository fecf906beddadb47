// DID and DID URL parsing (printing a parsed value gives back the input), DID documents, and
// did:key / did:jwk resolution of arbitrary identifiers.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plx/did/did.hpp"
#include "plx/did/did_url.hpp"
#include "plx/did/document_json.hpp"
#include "plx/did/resolver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = plx::did::Did::parse(text); d.has_value() && d->to_string() != text) std::abort();
  if (auto u = plx::did::DidUrl::parse(text); u.has_value() && u->to_string() != text) std::abort();
  (void)plx::did::document_parse(text);
  static const plx::did::MultiResolver resolver = plx::did::make_local_resolver();
  (void)resolver.resolve(text);
  return 0;
}
