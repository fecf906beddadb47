// The ledger's state machine: what each operation does to state, and why it may be refused.
//
// apply_transaction() runs one transaction whose signature has already been checked (the
// signature pre-check is stateless and runs in parallel ahead of execution; executor.hpp), and
// relies on it: a create's signer key was checked there for prime order, so a genesis document's
// method with exactly that key is not checked again (every other key it publishes is). It
// reads and writes state only through a View (block_stm.hpp), so the serial and Block-STM
// executors run it unchanged. It is deterministic: no clocks (block time and height come from
// BlockContext), no randomness, no iteration over unordered containers.
//
// Checks, in this order (the first failure is the outcome; a refused transaction writes
// nothing and does not consume its nonce):
//   1. chain_id equals the block's                       -> kWrongChain
//   2. the payload decodes (a create carries a key eighth only with an Ed25519 signer key); DIDs,
//      list ids and purposes are well formed; every key a genesis document or an added
//      verification method publishes is usable, and every further key eighth of the payload
//      proves one of those keys, once -> kMalformed
//   3. the DIDs involved exist (kNotFound / kAlreadyExists for a create) and are not
//      deactivated (kDeactivated)
//   4. authorization (kUnauthorized): the signer (a DID URL, tx.signer) is a verification method
//      listed under capabilityInvocation of the DID's current document with exactly
//      tx.signer_public_key; for update/deactivate, the method may instead belong to a DID listed
//      as the document's controller (that controller must exist and not be deactivated);
//      a create is signed by a key of the genesis document itself; status operations only by
//      the issuer's own keys
//   5. nonce (kBadNonce): tx.nonce equals the next nonce of the signer's DID (0 for a create)
//   6. the operation itself: patch targets exist / do not exist (kNotFound / kAlreadyExists),
//      the resulting document is valid and still controllable (kMalformed), status indices are
//      inside the list (kOutOfRange)
// Writes of an applied transaction (state_keys.hpp): create -> d/, v/<1>, n/ = 1; update and
// deactivate -> d/, v/<version>, n/<signer> + 1; create list -> s/../m, n/ + 1; status update ->
// the touched chunks, n/ + 1.
// Thread-safety: safe to call concurrently with different views; the only state is each
// thread's own cache of parsed documents (new_document_cache_epoch).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "plx/ledger/block_stm.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {

struct BlockContext {
  std::string chain_id;
  std::uint64_t height = 0;
  std::int64_t time = 0;  // unix seconds, set by the block producer
};

// Executes `tx` against `view` (see the header comment). Never fails: every problem with the
// transaction is its outcome. Once a read meets a dependency (View::blocked, Block-STM), it
// returns at once; that outcome is discarded with the rest of the execution, and the engine
// runs the transaction again later.
[[nodiscard]] TxOutcome apply_transaction(const Transaction& tx, const BlockContext& ctx,
                                          View& view);

// apply_transaction keeps, per thread, the DID documents it has parsed, keyed by their exact
// stored text (a hit gives what parsing again would give, so results never depend on it). This
// empties those caches: the executors call it when they start a block, so that how fast a block
// executes does not depend on which blocks ran before on the same threads.
void new_document_cache_epoch() noexcept;

// The keys `tx` writes if it applies, computed from the transaction alone (no state), for
// Block-STM's write hints and the lane plan. An undecodable payload gives the nonce key only.
[[nodiscard]] std::vector<Bytes> predicted_writes(const Transaction& tx);

// The same keys, each passed to `sink` (and freed after the call) instead of collected.
void for_each_predicted_write(const Transaction& tx, const std::function<void(ByteSpan key)>& sink);

}  // namespace plx::ledger
