#include "plx/ledger/node_reader.hpp"

#include <string>

namespace plx::ledger {

Result<BlockHeader> StoreReader::latest_header() const {
  const std::uint64_t height = store_.latest_height();
  if (height == 0) return Error(ErrorCode::kNotFound, "the ledger has no block yet");
  return store_.header(height);
}

Result<BlockHeader> StoreReader::header(std::uint64_t height) const {
  if (height == 0) return Error(ErrorCode::kNotFound, "block heights start at 1", "height");
  return store_.header(height);
}

Result<ProvenValue> StoreReader::get(ByteSpan key, std::uint64_t height) const {
  if (height == 0 || height > store_.latest_height()) {
    return Error(ErrorCode::kNotFound, "no block at height " + std::to_string(height), "height");
  }
  PLX_TRY(NodeRef root, store_.root_at(height));
  ProvenValue out;
  // Assigned through a declared member rather than a PLX_TRY local: g++ 12 reports a false
  // -Wmaybe-uninitialized on a moved std::optional<Bytes> temporary.
  PLX_TRY(out.value, store_.get_at(key, height));
  PLX_TRY(out.proof, tree_.prove(root, state_key_hash(key)));
  return out;
}

}  // namespace plx::ledger
