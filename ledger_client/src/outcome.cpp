#include "plx/ledger_client/outcome.hpp"

namespace plx::ledger {

std::string_view outcome_code_name(OutcomeCode code) noexcept {
  switch (code) {
    case OutcomeCode::kApplied: return "applied";
    case OutcomeCode::kBadSignature: return "bad_signature";
    case OutcomeCode::kBadNonce: return "bad_nonce";
    case OutcomeCode::kUnauthorized: return "unauthorized";
    case OutcomeCode::kDeactivated: return "deactivated";
    case OutcomeCode::kNotFound: return "not_found";
    case OutcomeCode::kAlreadyExists: return "already_exists";
    case OutcomeCode::kMalformed: return "malformed";
    case OutcomeCode::kWrongChain: return "wrong_chain";
    case OutcomeCode::kOutOfRange: return "out_of_range";
  }
  return "unknown";
}

TxOutcome TxOutcome::reject(OutcomeCode code, std::string_view reason) {
  if (reason.size() > kMaxOutcomeReasonLength) {
    std::size_t cut = kMaxOutcomeReasonLength;
    // Back up over UTF-8 continuation bytes so the stored reason stays valid text.
    while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason = reason.substr(0, cut);
  }
  return TxOutcome{code, std::string(reason)};
}

void TxOutcome::encode_to(Writer& w) const {
  w.u8(static_cast<std::uint8_t>(code)).string(reason);
}

Bytes TxOutcome::encode() const {
  Writer w(2 + reason.size());
  encode_to(w);
  return std::move(w).take();
}

Result<TxOutcome> TxOutcome::decode_from(Reader& r) {
  const std::size_t at = r.offset();
  PLX_TRY(std::uint8_t c, r.u8("outcome code"));
  if (c > static_cast<std::uint8_t>(OutcomeCode::kOutOfRange)) {
    return Error(ErrorCode::kUnsupported, "unknown outcome code " + std::to_string(c),
                 "outcome code at offset " + std::to_string(at));
  }
  PLX_TRY(std::string reason, r.string("outcome reason", kMaxOutcomeReasonLength));
  const auto code = static_cast<OutcomeCode>(c);
  if (code == OutcomeCode::kApplied && !reason.empty()) {
    return Error(ErrorCode::kMalformed, "an applied outcome carries no reason",
                 "outcome reason at offset " + std::to_string(at + 1));
  }
  return TxOutcome{code, std::move(reason)};
}

Result<TxOutcome> TxOutcome::decode(ByteSpan data) {
  Reader r(data);
  PLX_TRY(TxOutcome o, decode_from(r));
  PLX_RETURN_IF_ERROR(r.expect_end("outcome"));
  return o;
}

std::string TxOutcome::to_string() const {
  if (code == OutcomeCode::kApplied) return "applied";
  return std::string(outcome_code_name(code)) + ": " + reason;
}

}  // namespace plx::ledger
