// The ledger's binary decoders (docs/ledger-formats.md): transactions, headers, outcomes,
// operation payloads, state values and state proofs. Each format has one encoding per value, so
// anything a decoder accepts must re-encode to exactly the input; and nothing crashes, whatever
// a peer sends.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "plx/core/json.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/ledger_client/state_proof.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace {

template <typename T>
void round_trip(plx::ByteSpan data) {
  auto v = T::decode(data);
  if (!v.has_value()) return;
  const plx::Bytes again = v->encode();
  if (!std::equal(again.begin(), again.end(), data.begin(), data.end())) std::abort();
}

template <class... Ts>
void round_trip_all(plx::ByteSpan data) {
  (round_trip<Ts>(data), ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plx::ledger;
  const plx::ByteSpan bytes(data, size);
  round_trip_all<Transaction, SignedTransaction, BlockHeader, TxOutcome, CreateDidPayload,
                 UpdateDidPayload, DeactivateDidPayload, CreateStatusListPayload,
                 UpdateStatusPayload, DidRecord, DidLeaf, StatusListMeta, StateProof>(bytes);
  // A decoded proof checked against some root, for a key and value taken from the input: it
  // may verify or not, but must not crash.
  if (auto proof = StateProof::decode(bytes.first(std::min<std::size_t>(size, size / 2 + 1)))) {
    const plx::ByteSpan rest = bytes.subspan(std::min<std::size_t>(size, size / 2 + 1));
    (void)verify_state_proof(*proof, kZeroHash, rest, std::nullopt);
    (void)verify_state_proof(*proof, kZeroHash, rest, std::optional<plx::ByteSpan>(rest));
    // The same input as a DID record's read: the leaf is the rest, the record the whole input.
    const plx::Bytes record_key = keys::did_record("did:plx:fuzz");
    (void)verify_state_read(*proof, kZeroHash, record_key, bytes,
                            std::optional<plx::ByteSpan>(rest));
    (void)verify_state_read(*proof, kZeroHash, record_key, std::nullopt, std::nullopt);
  }
  // The input as a stored DID document (DidRecord::document, docs/did-plx-method.md §6.2):
  // whatever materialises has a stored form, and that form materialises to the same document.
  const std::string did = "did:plx:fuzz";
  plx::Json full;
  if (document_from_stored(std::string_view(reinterpret_cast<const char*>(data), size), did,
                           &full)) {
    auto stored = relative_document(full, did);
    if (!stored) std::abort();
    plx::Json again;
    if (!document_from_stored(plx::json_dump(*stored), did, &again) || again != full) std::abort();
  }
  return 0;
}
