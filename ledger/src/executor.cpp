#include "plx/ledger/executor.hpp"

#include "plx/core/result.hpp"
#include "plx/crypto/ed25519_batch.hpp"

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
  // Each chunk is one group of Ed25519 checks: smaller chunks would give up part of the batch
  // gain, larger ones hardly add to it (bench_crypto) and balance the workers worse.
  pool.parallel_for(txs.size(), crypto::kEd25519BatchGroupSize, [&](std::size_t b, std::size_t e) {
    PLX_CHECK(
        verify_signatures(txs.subspan(b, e - b), std::span(ok).subspan(b, e - b)).has_value());
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
  ParallelOptions par;
  par.serial_fallback_percent = options.serial_fallback_percent;
  par.lanes = options.lanes;
  if (options.use_write_hints) {
    par.hint_fn = [txs, sig_ok](TxIndex i, const std::function<void(ByteSpan)>& sink) {
      // A transaction with a bad signature writes nothing.
      if (sig_ok[i] != 0) for_each_predicted_write(txs[i].tx, sink);
    };
  }
  return to_block(run_parallel(txs.size(), block_fn(txs, sig_ok, ctx), state, pool, par));
}

BlockResult execute_serial(std::span<const SignedTransaction> txs, const BlockContext& ctx,
                           const StateReader& state) {
  // The reference checks one signature at a time, so the property test also compares the
  // parallel executor's batched verdicts with single verification.
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
