#include "plx/ledger/node_reader.hpp"

#include <algorithm>
#include <string>

#include "plx/ledger_client/state_keys.hpp"

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
  ProvenValue out;
  auto read =
      store_.read_at(key, height);  // not a PLX_TRY local: g++ 12 false -Wmaybe-uninitialized
  if (!read) return std::move(read).error();
  out.value = std::move(read->value);
  out.leaf = std::move(read->leaf);
  out.proof = std::move(read->proof);
  return out;
}

Result<std::optional<Bytes>> StoreReader::value_by_hash(const Hash& hash) const {
  return store_.value(hash);
}

NodeReader::NodeReader(std::shared_ptr<const Node> node) : node_(std::move(node)) {
  PLX_CHECK(node_ != nullptr);
}

NodeReader::NodeReader(std::shared_ptr<Node> node, std::chrono::milliseconds refresh_every)
    : node_(node),
      follow_(std::move(node)),
      // Clamped so that the tick arithmetic below cannot overflow.
      refresh_every_(std::clamp(refresh_every, std::chrono::milliseconds::zero(),
                                std::chrono::milliseconds(std::chrono::hours(24 * 365 * 100)))) {
  PLX_CHECK(node_ != nullptr);
  const auto due = std::chrono::steady_clock::now() - refresh_every_;
  last_refresh_.store(due.time_since_epoch().count(), std::memory_order_relaxed);
}

Result<BlockHeader> NodeReader::latest_header() const {
  if (follow_) {
    // Concurrent resolutions may both refresh when one is due; Node::refresh takes them one at a
    // time, and a second finds nothing new.
    using Clock = std::chrono::steady_clock;
    const Clock::rep now = Clock::now().time_since_epoch().count();
    if (Clock::duration(now - last_refresh_.load(std::memory_order_relaxed)) >= refresh_every_) {
      PLX_TRY(std::uint64_t refreshed, follow_->refresh());
      (void)refreshed;
      last_refresh_.store(now, std::memory_order_relaxed);
    }
  }
  const std::uint64_t height = node_->latest_height();
  if (height == 0) return Error(ErrorCode::kNotFound, "the ledger has no block yet");
  return node_->header(height);
}

Result<BlockHeader> NodeReader::header(std::uint64_t height) const {
  if (height == 0) return Error(ErrorCode::kNotFound, "block heights start at 1", "height");
  return node_->header(height);
}

Result<ProvenValue> NodeReader::get(ByteSpan key, std::uint64_t height) const {
  if (height == 0) return Error(ErrorCode::kNotFound, "block heights start at 1", "height");
  PLX_TRY(NodeRead read, node_->get(key, height));
  return ProvenValue{std::move(read.value), std::move(read.proof), std::move(read.leaf)};
}

Result<std::optional<Bytes>> NodeReader::value_by_hash(const Hash& hash) const {
  return node_->value(hash);
}

Result<std::optional<BlockHeader>> NodeReader::header_at_or_before(
    std::int64_t unix_seconds) const {
  return node_->header_at_or_before(unix_seconds);
}

}  // namespace plx::ledger
