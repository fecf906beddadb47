// The outcome of one transaction in a block: applied, or rejected with a reason.
//
// Every transaction in a block gets exactly one TxOutcome, in block order; the block stores them
// and the header commits to them (outcomes_root), so the outcome of a transaction is as much a
// part of consensus as the state it wrote. A rejected transaction writes nothing (its nonce is
// not consumed either). `reason` is a short, deterministic English sentence built only from the
// transaction and the state it read (never from clocks, addresses or thread ids), so two replicas
// executing the same block produce byte-identical outcomes.
//
// Encoding (codec.hpp; docs/ledger-formats.md "Outcome"): u8 code | string reason (<= 256 bytes).
// Thread-safety: value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger_client/codec.hpp"

namespace plx::ledger {

// Stable numbers: they are part of the block encoding.
enum class OutcomeCode : std::uint8_t {
  kApplied = 0,
  kBadSignature = 1,   // the signature does not verify under signer_public_key
  kBadNonce = 2,       // nonce != the signer DID's next nonce
  kUnauthorized = 3,   // the key is not a capabilityInvocation key of the DID (or its controller)
  kDeactivated = 4,    // the DID (or the status list's issuer) is deactivated
  kNotFound = 5,       // the DID, status list or method/service to remove does not exist
  kAlreadyExists = 6,  // the DID, status list or method/service to add exists already
  kMalformed = 7,      // payload or document does not decode or violates the data model
  kWrongChain = 8,     // chain_id is not this ledger's
  kOutOfRange = 9,     // a status index at or beyond the list size, or a size outside the limits
};

// "applied", "bad_signature", ...; "unknown" for a value outside the enum.
[[nodiscard]] std::string_view outcome_code_name(OutcomeCode code) noexcept;

inline constexpr std::size_t kMaxOutcomeReasonLength = 256;

struct TxOutcome {
  OutcomeCode code = OutcomeCode::kApplied;
  std::string reason;  // empty for kApplied

  [[nodiscard]] bool applied() const noexcept { return code == OutcomeCode::kApplied; }
  // A rejection; the reason is cut to kMaxOutcomeReasonLength bytes (at a UTF-8 boundary).
  [[nodiscard]] static TxOutcome reject(OutcomeCode code, std::string_view reason);

  void encode_to(Writer& w) const;
  [[nodiscard]] Bytes encode() const;
  // Errors: kMalformed (truncation, trailing bytes, a reason over 256 bytes, a non-empty reason
  // on kApplied), kUnsupported (an unknown code).
  [[nodiscard]] static Result<TxOutcome> decode_from(Reader& r);
  [[nodiscard]] static Result<TxOutcome> decode(ByteSpan data);

  // "applied" or "<code name>: <reason>".
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const TxOutcome&, const TxOutcome&) = default;
};

}  // namespace plx::ledger
