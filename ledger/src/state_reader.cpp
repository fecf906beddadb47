#include "plx/ledger/state_reader.hpp"

#include "plx/ledger_client/state_keys.hpp"

namespace plx::ledger {

StateReader::~StateReader() = default;

std::optional<Bytes> MemoryState::get(ByteSpan key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void MemoryState::apply(const WriteSet& writes) {
  for (const auto& [key, value] : writes) {
    if (keys::is_write_once(key)) continue;  // not state (state_keys.hpp)
    if (value) {
      entries_.insert_or_assign(key, *value);
    } else if (auto it = entries_.find(ByteSpan(key)); it != entries_.end()) {
      entries_.erase(it);
    }
  }
}

}  // namespace plx::ledger
