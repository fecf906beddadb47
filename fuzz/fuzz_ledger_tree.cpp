// The state tree's stored forms (docs/ledger-formats.md §6): a node read back from the store and
// a child reference. Both have one encoding per value, so whatever decodes must re-encode to
// exactly the input, and nothing crashes on a damaged store.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "plx/ledger/state_tree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plx::ledger;
  const plx::ByteSpan bytes(data, size);
  if (auto node = decode_tree_node(bytes)) {
    const plx::Bytes again = encode_tree_node(*node);
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) std::abort();
  }
  if (auto ref = NodeRef::decode(bytes)) {
    const plx::Bytes again = ref->encode();
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) std::abort();
  }
  return 0;
}
