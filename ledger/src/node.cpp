// The embedded node (node.hpp).
#include "plx/ledger/node.hpp"

#include <algorithm>
#include <future>
#include <string>

#include "plx/crypto/ed25519_batch.hpp"
#include "plx/ledger/executor.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "write_runs.hpp"

namespace plx::ledger {

Node::Node(NodeOptions options, std::unique_ptr<Store> store)
    : options_(std::move(options)), store_(std::move(store)) {
  tree_ = std::make_unique<StateTree>(*store_);
  pool_ = std::make_unique<ThreadPool>(std::max(1u, options_.threads));
  admit_pool_ = std::make_unique<ThreadPool>(std::max(1u, options_.threads));
  last_block_at_ = std::chrono::steady_clock::now();
}

Node::~Node() = default;

Result<std::unique_ptr<Node>> Node::open(const std::filesystem::path& dir,
                                         const NodeOptions& options) {
  const bool given = !options.chain_id.empty();
  if (given && !is_valid_chain_id(options.chain_id)) {
    return Error(ErrorCode::kInvalidArgument, "chain id must be 1..64 printable ASCII bytes",
                 "chain_id");
  }
  const bool exists = std::filesystem::exists(dir / "CURRENT");
  if (!exists && (!options.create_if_missing || options.read_only)) {
    return Error(ErrorCode::kNotFound, "no ledger in " + dir.string(), "dir");
  }
  if (!exists && !given) {
    // Without a chain id there is nothing to create a ledger with: only an existing one opens.
    return Error(ErrorCode::kInvalidArgument,
                 "no ledger in " + dir.string() + ", and creating one needs a chain id",
                 "chain_id");
  }
  PLX_TRY(auto store, Store::open(dir, StoreOptions{options.create_if_missing && given,
                                                    options.sync, options.read_only}));
  PLX_TRY(auto recorded, store->chain_id());
  NodeOptions opened = options;
  if (!recorded) {
    if (!given || options.read_only) {
      return Error(ErrorCode::kNotFound,
                   dir.string() + " holds no initialized ledger" +
                       (options.read_only ? "" : " (creating one needs a chain id)"),
                   "chain_id");
    }
    PLX_RETURN_IF_ERROR(store->init_chain(options.chain_id));
  } else if (!given) {
    opened.chain_id = *recorded;
  } else if (*recorded != options.chain_id) {
    return Error(ErrorCode::kInvalidArgument,
                 "the ledger belongs to chain '" + *recorded + "', not '" + options.chain_id + "'",
                 "chain_id");
  }
  std::unique_ptr<Node> node(new Node(std::move(opened), std::move(store)));
  PLX_RETURN_IF_ERROR(node->load_tip(node->store_->latest_height()));
  return node;
}

Status Node::load_tip(std::uint64_t h) {
  PLX_TRY(NodeRef root, store_->root_at(h));
  std::optional<BlockHeader> last;
  if (h > 0) {
    PLX_TRY(BlockHeader hdr, store_->header(h));
    // Consistency: the header commits to the tree root stored with it in the same batch.
    if (hdr.state_root != root.hash) {
      return Error(ErrorCode::kInternal,
                   "the last header's state_root is not the stored state tree root", "state_root");
    }
    last = std::move(hdr);
  }
  std::lock_guard<std::mutex> lock(state_mu_);
  root_ = root;
  last_header_ = std::move(last);
  return ok_status();
}

Result<std::uint64_t> Node::refresh() {
  if (!options_.read_only) return latest_height();
  std::lock_guard<std::mutex> lock(produce_mu_);  // one refresh at a time
  PLX_TRY(std::uint64_t h, store_->catch_up());
  PLX_RETURN_IF_ERROR(load_tip(h));
  return h;
}

std::int64_t Node::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status Node::writable() const {
  if (options_.read_only) {
    return Error(ErrorCode::kUnsupported, "this node is read-only: it cannot take transactions",
                 "node");
  }
  return ok_status();
}

Status Node::admission_checks(const SignedTransaction& tx) const {
  PLX_RETURN_IF_ERROR(tx.tx.validate());
  if (tx.signature.size() != kTxSignatureLength) {
    return Error(ErrorCode::kMalformed, "signature must be 64 bytes", "signature");
  }
  if (tx.tx.chain_id != options_.chain_id) {
    return Error(ErrorCode::kInvalidArgument,
                 "transaction for chain '" + tx.tx.chain_id + "', this ledger is '" +
                     options_.chain_id + "'",
                 "chain_id");
  }
  return ok_status();
}

Result<TxId> Node::enqueue(const TxId& id, const SignedTransaction& tx) {
  std::lock_guard<std::mutex> lock(pool_mu_);
  if (pending_.size() >= options_.max_pending) {
    return Error(ErrorCode::kOutOfRange, "the pending pool is full", "pending");
  }
  if (!pending_ids_.insert(id).second) {
    return Error(ErrorCode::kAlreadyExists, "the transaction is already pending", "tx");
  }
  pending_.emplace_back(id, tx);
  return id;
}

Result<TxId> Node::submit(const SignedTransaction& tx) {
  PLX_RETURN_IF_ERROR(writable());
  PLX_RETURN_IF_ERROR(admission_checks(tx));
  PLX_RETURN_IF_ERROR(verify_signature(tx));
  return enqueue(tx.id(), tx);
}

std::vector<Result<TxId>> Node::submit_all(std::span<const SignedTransaction> txs) {
  // A read-only node refuses them all before any signature is checked.
  if (Status w = writable(); !w.has_value()) {
    return std::vector<Result<TxId>>(txs.size(), std::move(w).error());
  }
  // Everything but the queueing runs on the workers, ids included, so that the serial part
  // that follows (one lock of pool_mu_ per transaction) stays short.
  std::vector<Status> checked(txs.size(), ok_status());
  std::vector<TxId> ids(txs.size());
  // One group of Ed25519 checks per job, as in check_signatures.
  admit_pool_->parallel_for(
      txs.size(), crypto::kEd25519BatchGroupSize, [&](std::size_t b, std::size_t e) {
        std::vector<std::uint8_t> sig_ok(e - b);
        PLX_CHECK(verify_signatures(txs.subspan(b, e - b), sig_ok).has_value());
        for (std::size_t i = b; i < e; ++i) {
          checked[i] = admission_checks(txs[i]);
          if (!checked[i].has_value()) continue;
          // A refused signature is checked again alone for submit()'s exact error (rare: honest
          // clients do not send them).
          if (sig_ok[i - b] == 0) {
            checked[i] = verify_signature(txs[i]);
            if (!checked[i].has_value()) continue;
          }
          ids[i] = txs[i].id();
        }
      });
  std::vector<Result<TxId>> out;
  out.reserve(txs.size());
  for (std::size_t i = 0; i < txs.size(); ++i) {
    if (checked[i].has_value()) {
      out.push_back(enqueue(ids[i], txs[i]));
    } else {
      out.push_back(std::move(checked[i]).error());
    }
  }
  return out;
}

Result<TxId> Node::submit_encoded(ByteSpan encoded) {
  PLX_TRY(SignedTransaction tx, SignedTransaction::decode(encoded));
  return submit(tx);
}

std::size_t Node::pending() const {
  std::lock_guard<std::mutex> lock(pool_mu_);
  return pending_.size();
}

namespace {

// The state after a block whose write batch is still being written: the block's writes over the
// stored state of its parent, which is what the store holds once the batch is in. Write-once keys
// (version records) are not state: the store keeps them by hash only and Store::get never
// returns them, so they read through to the store here too.
class UnwrittenBlockState final : public StateReader {
 public:
  UnwrittenBlockState(const WriteSet& writes, const StateReader& parent)
      : writes_(writes), parent_(parent) {}
  std::optional<Bytes> get(ByteSpan key) const override {
    if (keys::is_write_once(key)) return parent_.get(key);
    const std::optional<Bytes>* written = internal::find_write(writes_, key);
    return written != nullptr ? *written : parent_.get(key);
  }

 private:
  const WriteSet& writes_;
  const StateReader& parent_;
};

}  // namespace

struct Node::PreparedBlock {
  std::vector<TxId> ids;
  std::vector<SignedTransaction> txs;
  BlockHeader header;
  BlockResult result;
  std::vector<TreeUpdate> updates;
  TreeBatch batch;
};

// The blocks of one produce() call that left the pool but are not yet published, oldest first.
// If the call ends early (an error), their transactions go back to their places in the pool,
// whose entries they never left (only this class and publish() touch the front of the pool, under
// produce_mu_; submitters only append).
class Node::TakenBlocks {
 public:
  explicit TakenBlocks(Node& node) : node_(node) {}
  TakenBlocks(const TakenBlocks&) = delete;
  TakenBlocks& operator=(const TakenBlocks&) = delete;
  ~TakenBlocks() {
    if (blocks_.empty()) return;
    std::lock_guard<std::mutex> lock(node_.pool_mu_);
    std::size_t at = 0;
    for (PreparedBlock* b : blocks_) {
      for (auto& tx : b->txs) node_.pending_[at++].second = std::move(tx);
    }
  }
  void add(PreparedBlock& b) { blocks_.push_back(&b); }
  void published_oldest() { blocks_.erase(blocks_.begin()); }
  // Pool entries taken so far, from the front.
  [[nodiscard]] std::size_t taken() const {
    std::size_t n = 0;
    for (const PreparedBlock* b : blocks_) n += b->txs.size();
    return n;
  }

 private:
  Node& node_;
  std::vector<PreparedBlock*> blocks_;
};

void Node::take(PreparedBlock& b, std::size_t offset) {
  // The transactions move out of the pool (copying them cost 2% of a DID block).
  std::lock_guard<std::mutex> lock(pool_mu_);
  const std::size_t available = pending_.size() > offset ? pending_.size() - offset : 0;
  const std::size_t n = std::min(available, options_.max_block_txs);
  b.ids.reserve(n);
  b.txs.reserve(n);
  for (std::size_t i = offset; i < offset + n; ++i) {
    b.ids.push_back(pending_[i].first);
    b.txs.push_back(std::move(pending_[i].second));
  }
}

Status Node::prepare(PreparedBlock& b, const std::optional<BlockHeader>& parent,
                     const NodeRef& base, const StateReader& state) {
  BlockHeader& hdr = b.header;
  hdr.chain_id = options_.chain_id;
  hdr.height = (parent ? parent->height : 0) + 1;
  hdr.prev_hash = parent ? parent->hash() : kZeroHash;
  hdr.time = std::max(now(), parent ? parent->time : std::int64_t{0});
  hdr.tx_count = static_cast<std::uint32_t>(b.txs.size());

  BlockContext ctx{options_.chain_id, hdr.height, hdr.time};
  // Every pending transaction's signature was checked at admission.
  const std::vector<std::uint8_t> verified(b.txs.size(), 1);
  b.result = execute_checked_parallel(b.txs, verified, ctx, state, *pool_);
  if (b.result.outcomes.size() != b.txs.size()) {
    return Error(ErrorCode::kInternal, "executor returned the wrong number of outcomes", "block");
  }
  b.updates = tree_updates(b.result.writes, pool_.get());
  PLX_TRY(b.batch, tree_->apply(base, hdr.height, b.updates, pool_.get()));

  hdr.tx_root = merkle_root(std::span<const Hash>(b.ids));
  {
    std::vector<Bytes> enc;
    enc.reserve(b.result.outcomes.size());
    for (const auto& o : b.result.outcomes) enc.push_back(o.encode());
    std::vector<ByteSpan> spans(enc.begin(), enc.end());
    hdr.outcomes_root = merkle_root(std::span<const ByteSpan>(spans));
  }
  hdr.state_root = b.batch.root.hash;
  return ok_status();
}

void Node::publish(const PreparedBlock& b) {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    root_ = b.batch.root;
    last_header_ = b.header;
  }
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    for (std::size_t i = 0; i < b.ids.size(); ++i) {
      pending_ids_.erase(pending_.front().first);
      pending_.pop_front();
    }
  }
  last_block_at_ = std::chrono::steady_clock::now();
}

Result<std::vector<BlockHeader>> Node::produce(std::size_t max_blocks, bool allow_empty) {
  PLX_RETURN_IF_ERROR(writable());
  std::lock_guard<std::mutex> produce(produce_mu_);
  std::vector<BlockHeader> produced;
  if (max_blocks == 0) return produced;
  // Declared before `taken`, which gives their transactions back when it is destroyed.
  auto cur = std::make_unique<PreparedBlock>();
  std::unique_ptr<PreparedBlock> next;
  TakenBlocks taken(*this);
  take(*cur, 0);
  if (cur->txs.empty() && !allow_empty) return produced;
  taken.add(*cur);
  {
    NodeRef base;
    std::optional<BlockHeader> parent;
    {
      std::lock_guard<std::mutex> lock(state_mu_);
      base = root_;
      parent = last_header_;
    }
    PLX_RETURN_IF_ERROR(prepare(*cur, parent, base, *store_));
  }
  for (;;) {
    PreparedBlock& b = *cur;
    const auto write = [this, &b] {
      return store_->commit_block(BlockCommit{b.header, b.txs, b.ids, b.result.outcomes,
                                              &b.result.writes, &b.batch, b.updates});
    };
    next.reset();
    const bool backlog =
        produced.size() + 1 < max_blocks && pending() >= taken.taken() + options_.max_block_txs;
    // Block k is written on a thread of its own while the tree caches its nodes and, with a
    // backlog, block k + 1 is prepared. The future's destructor waits for the write, so no way
    // out of this scope leaves it running.
    std::future<Status> written = std::async(std::launch::async, write);
    if (backlog) {
      next = std::make_unique<PreparedBlock>();
      take(*next, taken.taken());
      taken.add(*next);
    }
    // Block k + 1's tree update reads k's nodes: the tree holds them from now (commit() only
    // caches; the store reads b.batch.nodes, which it leaves alone). If k's write fails, the
    // cache is dropped, as it holds nodes the store does not.
    tree_->commit(b.batch);
    Status prepared = ok_status();
    if (backlog) {
      const UnwrittenBlockState state(b.result.writes, *store_);
      prepared = prepare(*next, b.header, b.batch.root, state);
    }
    Status status = written.get();
    if (!prepared || !status) tree_->clear_cache();
    if (!prepared) {
      // Block k stands or falls by its own write; block k + 1 goes back to the pool.
      if (status) {
        publish(b);
        taken.published_oldest();
      }
      return std::move(prepared).error();
    }
    if (!status) return std::move(status).error();
    publish(b);
    taken.published_oldest();
    produced.push_back(b.header);
    if (!next) break;
    cur = std::move(next);
  }
  return produced;
}

Result<BlockHeader> Node::produce_block() {
  PLX_TRY(std::vector<BlockHeader> one, produce(1, /*allow_empty=*/true));
  return std::move(one.front());
}

Result<std::vector<BlockHeader>> Node::produce_blocks(std::size_t max_blocks) {
  return produce(max_blocks, /*allow_empty=*/false);
}

Result<std::optional<BlockHeader>> Node::produce_if_due() {
  const std::size_t n = pending();
  if (n == 0) return std::optional<BlockHeader>();
  const bool full = n >= options_.max_block_txs;
  const bool late = std::chrono::steady_clock::now() - last_block_at_ >= options_.block_interval;
  if (!full && !late) return std::optional<BlockHeader>();
  // Every full block of a backlog, back to back; or, when only the interval is up, one block of
  // what is pending. (produce_blocks takes whatever is pending for its first block.)
  PLX_TRY(std::vector<BlockHeader> made, produce_blocks(full ? n / options_.max_block_txs : 1));
  if (made.empty()) return std::optional<BlockHeader>();  // another caller took them first
  return std::optional<BlockHeader>(std::move(made.back()));
}

std::uint64_t Node::latest_height() const { return store_->latest_height(); }

Hash Node::state_root() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return root_.hash;
}

Result<BlockHeader> Node::header(std::uint64_t height) const { return store_->header(height); }

Result<std::optional<BlockHeader>> Node::header_at_or_before(std::int64_t time) const {
  // Block times never decrease, so a binary search over heights finds the last one <= time.
  std::uint64_t lo = 1, hi = store_->latest_height();
  std::optional<BlockHeader> best;
  while (lo <= hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    PLX_TRY(BlockHeader h, store_->header(mid));
    if (h.time <= time) {
      best = h;
      lo = mid + 1;
    } else {
      if (mid == 0) break;
      hi = mid - 1;
    }
  }
  return best;
}

Result<std::vector<SignedTransaction>> Node::block_transactions(std::uint64_t h) const {
  return store_->block_transactions(h);
}

Result<std::vector<TxOutcome>> Node::block_outcomes(std::uint64_t h) const {
  return store_->block_outcomes(h);
}

Result<NodeRead> Node::get(ByteSpan key, std::optional<std::uint64_t> height) const {
  const std::uint64_t h = height.value_or(store_->latest_height());
  if (h == 0 || h > store_->latest_height()) {
    return Error(ErrorCode::kNotFound, "no block at height " + std::to_string(h), "height");
  }
  NodeRead out;
  out.height = h;
  PLX_TRY(out.header, store_->header(h));
  auto read = store_->read_at(key, h);  // not a PLX_TRY local: g++ 12 false -Wmaybe-uninitialized
  if (!read) return std::move(read).error();
  out.value = std::move(read->value);
  out.leaf = std::move(read->leaf);
  out.proof = std::move(read->proof);
  return out;
}

Result<std::optional<Bytes>> Node::value(const Hash& hash) const { return store_->value(hash); }

Result<std::optional<TxReceipt>> Node::outcome(const TxId& id) const {
  PLX_TRY(std::optional<TxLocation> loc, store_->tx_location(id));
  if (!loc) return std::optional<TxReceipt>();
  PLX_TRY(std::vector<TxOutcome> outs, store_->block_outcomes(loc->height));
  if (loc->index >= outs.size()) {
    return Error(ErrorCode::kInternal, "tx index beyond the block's outcomes", "tx_index");
  }
  return std::optional<TxReceipt>(TxReceipt{loc->height, loc->index, outs[loc->index]});
}

Result<std::uint64_t> Node::next_nonce(std::string_view did) const {
  std::optional<Bytes> v = store_->get(keys::nonce(did));
  if (!v) return std::uint64_t{0};
  PLX_TRY(DidLeaf leaf, DidLeaf::decode(*v));
  return leaf.next_nonce;
}

}  // namespace plx::ledger
