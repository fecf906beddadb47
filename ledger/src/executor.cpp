#include "plx/ledger/executor.hpp"

#include "plx/core/result.hpp"

namespace plx::ledger {
namespace {

constexpr std::string_view kBadSignatureReason =
    "the signature does not verify under signer_public_key";

TxFn block_fn(std::span<const SignedTransaction> txs, std::span<const std::uint8_t> sig_ok,
              const BlockContext& ctx) {
  return [txs, sig_ok, &ctx](TxIndex i, View& view) -> TxOutcome {
    if (sig_ok[i] == 0) return TxOutcome::reject(OutcomeCode::kBadSignature, kBadSignatureReason);
    return apply_transaction(txs[i].tx, ctx, view);
  };
}

BlockResult to_block(EngineResult r) {
  return BlockResult{std::move(r.outcomes), std::move(r.writes), r.stats};
}

}  // namespace

std::vector<std::uint8_t> check_signatures(std::span<const SignedTransaction> txs,
                                           ThreadPool& pool) {
  std::vector<std::uint8_t> ok(txs.size(), 0);
  pool.parallel_for(txs.size(), 64, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) ok[i] = verify_signature(txs[i]).has_value() ? 1 : 0;
  });
  return ok;
}

BlockResult execute_checked_serial(std::span<const SignedTransaction> txs,
                                   std::span<const std::uint8_t> sig_ok, const BlockContext& ctx,
                                   const StateReader& state) {
  PLX_CHECK(sig_ok.size() == txs.size());
  new_document_cache_epoch();
  return to_block(run_serial(txs.size(), block_fn(txs, sig_ok, ctx), state));
}

BlockResult execute_checked_parallel(std::span<const SignedTransaction> txs,
                                     std::span<const std::uint8_t> sig_ok,
                                     const BlockContext& ctx, const StateReader& state,
                                     ThreadPool& pool, const ExecuteOptions& options) {
  PLX_CHECK(sig_ok.size() == txs.size());
  new_document_cache_epoch();
  std::vector<std::vector<Bytes>> hints;
  ParallelOptions par;
  par.serial_fallback_percent = options.serial_fallback_percent;
  par.lanes = options.lanes;
  // Worker w fills and later frees the same share of the hints, so that each allocation goes back
  // to the allocator arena of the thread that made it (freeing into another thread's arena takes
  // its lock, and the two workers would contend on every free).
  const std::size_t n = txs.size();
  const unsigned workers = pool.size();
  const auto share_of = [&](unsigned w, auto&& body) {
    for (std::size_t i = n * w / workers; i < n * (w + 1) / workers; ++i) body(i);
  };
  if (options.use_write_hints) {
    hints.resize(n);
    pool.run([&](unsigned w) {
      share_of(w, [&](std::size_t i) {
        // A transaction with a bad signature writes nothing.
        if (sig_ok[i] != 0) hints[i] = predicted_writes(txs[i].tx);
      });
    });
    par.write_hints = hints;
  }
  BlockResult r = to_block(run_parallel(n, block_fn(txs, sig_ok, ctx), state, pool, par));
  if (!hints.empty()) {
    pool.run([&](unsigned w) {
      share_of(w, [&](std::size_t i) { std::vector<Bytes>().swap(hints[i]); });
    });
  }
  return r;
}

BlockResult execute_serial(std::span<const SignedTransaction> txs, const BlockContext& ctx,
                           const StateReader& state) {
  std::vector<std::uint8_t> ok(txs.size());
  for (std::size_t i = 0; i < txs.size(); ++i) ok[i] = verify_signature(txs[i]).has_value() ? 1 : 0;
  return execute_checked_serial(txs, ok, ctx, state);
}

BlockResult execute_parallel(std::span<const SignedTransaction> txs, const BlockContext& ctx,
                             const StateReader& state, ThreadPool& pool,
                             const ExecuteOptions& options) {
  const std::vector<std::uint8_t> ok = check_signatures(txs, pool);
  return execute_checked_parallel(txs, ok, ctx, state, pool, options);
}

}  // namespace plx::ledger
