// Ledger-anchored credential status (ledger_status.hpp; docs/did-plx-method.md §7).
#include "plx/vc/ledger_status.hpp"

#include <algorithm>

#include "plx/did/did.hpp"
#include "plx/ledger_client/state_keys.hpp"

namespace plx::vc {
namespace {

constexpr const char* kWhere = "credentialStatus";

std::string member(std::string_view name) { return std::string(kWhere) + "/" + std::string(name); }

std::string list_name(std::string_view issuer, std::string_view list_id) {
  return std::string(issuer) + "/" + std::string(list_id);
}

}  // namespace

Json PlxStatusEntry::to_json() const {
  return Json{{"type", std::string(kPlxStatusListEntryType)},
              {"statusPurpose", purpose},
              {"statusListIssuer", issuer},
              {"statusListId", list_id},
              {"statusListIndex", std::to_string(index)}};
}

Result<PlxStatusEntry> plx_status_entry_from_json(const Json& entry) {
  if (!entry.is_object()) {
    return Error(ErrorCode::kMalformed, "a credentialStatus entry must be an object", kWhere);
  }
  PLX_TRY(std::string type, json_get_string(entry, "type", kWhere));
  if (type != kPlxStatusListEntryType) {
    return Error(ErrorCode::kMalformed, "type must be PlxStatusListEntry", member("type"));
  }
  PlxStatusEntry out;
  PLX_TRY(out.purpose, json_get_string(entry, "statusPurpose", kWhere));
  if (!ledger::is_status_purpose(out.purpose)) {
    return Error(ErrorCode::kMalformed, "statusPurpose must be revocation or suspension",
                 member("statusPurpose"));
  }
  PLX_TRY(out.issuer, json_get_string(entry, "statusListIssuer", kWhere));
  auto did = did::Did::parse(out.issuer);
  if (!did.has_value() || did->method() != "plx") {
    return Error(ErrorCode::kMalformed, "statusListIssuer must be a did:plx",
                 member("statusListIssuer"));
  }
  PLX_TRY(out.list_id, json_get_string(entry, "statusListId", kWhere));
  if (auto ok = ledger::check_list_id(out.list_id); !ok.has_value()) {
    return Error(ErrorCode::kMalformed, ok.error().message, member("statusListId"));
  }
  PLX_TRY(std::string idx, json_get_string(entry, "statusListIndex", kWhere));
  // A canonical decimal (no sign, no leading zero) below the largest list size, so that one
  // index has one spelling and the value fits in 32 bits.
  const bool digits = !idx.empty() && idx.size() <= 8 &&
                      std::all_of(idx.begin(), idx.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                      (idx.size() == 1 || idx[0] != '0');
  if (!digits || std::stoul(idx) >= ledger::kMaxStatusListBits) {
    return Error(ErrorCode::kMalformed,
                 "statusListIndex must be a decimal integer string below 2^26",
                 member("statusListIndex"));
  }
  out.index = static_cast<std::uint32_t>(std::stoul(idx));
  return out;
}

Result<LedgerStatusRead> read_ledger_status(const ledger::LedgerReader& reader,
                                            std::string_view issuer, std::string_view list_id,
                                            std::uint32_t index,
                                            std::string_view expected_chain_id) {
  auto latest = reader.latest_header();
  if (!latest.has_value()) {
    if (latest.error().code == ErrorCode::kNotFound) {
      return Error(ErrorCode::kNotFound, "the ledger has no block yet", "ledger");
    }
    return std::move(latest).error();
  }
  LedgerStatusRead out;
  out.header = *std::move(latest);
  if (!expected_chain_id.empty() && out.header.chain_id != expected_chain_id) {
    return Error(ErrorCode::kVerificationFailed,
                 "the ledger serves chain '" + out.header.chain_id + "', not '" +
                     std::string(expected_chain_id) + "'",
                 "ledger");
  }
  const std::string height = std::to_string(out.header.height);
  PLX_TRY(std::optional<Bytes> meta_bytes,
          ledger::read_verified(reader, out.header, ledger::keys::status_meta(issuer, list_id)));
  if (!meta_bytes.has_value()) {
    return Error(ErrorCode::kNotFound,
                 "status list " + list_name(issuer, list_id) + " does not exist at block " + height +
                     " (non-inclusion proof verified)",
                 member("statusListId"));
  }
  auto meta = ledger::StatusListMeta::decode(*meta_bytes);
  if (!meta.has_value()) return meta.error().within("status list metadata");
  if (meta->chunk_bits == 0 || meta->chunk_bits % 8 != 0) {
    return Error(ErrorCode::kMalformed, "the status list's chunk size is not a whole number of bytes",
                 "status list metadata");
  }
  if (index >= meta->size_bits) {
    return Error(ErrorCode::kOutOfRange,
                 "statusListIndex " + std::to_string(index) + " is beyond status list " +
                     list_name(issuer, list_id) + " of " + std::to_string(meta->size_bits) + " bits",
                 member("statusListIndex"));
  }
  out.size_bits = meta->size_bits;
  out.purpose = meta->purpose;
  const std::uint32_t chunk = index / meta->chunk_bits;
  const std::uint32_t in_chunk = index % meta->chunk_bits;
  PLX_TRY(std::optional<Bytes> chunk_bytes,
          ledger::read_verified(reader, out.header,
                                ledger::keys::status_chunk(issuer, list_id, chunk)));
  if (chunk_bytes.has_value()) {
    // The state machine writes chunks of exactly chunk_length(c) bytes; a shorter one is damage.
    if (chunk_bytes->size() != meta->chunk_length(chunk)) {
      return Error(ErrorCode::kMalformed,
                   "chunk " + std::to_string(chunk) + " of the status list has " +
                       std::to_string(chunk_bytes->size()) + " bytes, not " +
                       std::to_string(meta->chunk_length(chunk)),
                   "status list chunk");
    }
    out.bit = ledger::chunk_bit(*chunk_bytes, in_chunk);
  }  // else: proven absent, every bit of the chunk is 0 (state_keys.hpp)
  return out;
}

LedgerStatusChecker::LedgerStatusChecker(std::shared_ptr<const ledger::LedgerReader> reader,
                                         LedgerStatusOptions options)
    : reader_(std::move(reader)), options_(std::move(options)) {
  PLX_CHECK(reader_ != nullptr);
}

Result<StatusOutcome> LedgerStatusChecker::check(const Json& entry,
                                                 std::string_view issuer) const {
  PLX_TRY(PlxStatusEntry e, plx_status_entry_from_json(entry));
  if (e.issuer != issuer) {
    return Error(ErrorCode::kVerificationFailed,
                 "the status list belongs to " + e.issuer + ", not to the credential's issuer " +
                     std::string(issuer),
                 member("statusListIssuer"));
  }
  PLX_TRY(LedgerStatusRead r,
          read_ledger_status(*reader_, e.issuer, e.list_id, e.index, options_.chain_id));
  if (r.purpose != e.purpose) {
    return Error(ErrorCode::kVerificationFailed,
                 "the entry's statusPurpose is " + e.purpose + " but status list " +
                     list_name(e.issuer, e.list_id) + " is a " + r.purpose + " list",
                 member("statusPurpose"));
  }
  StatusOutcome out;
  out.purpose = e.purpose;
  out.value = r.bit ? 1 : 0;
  out.set = r.bit;
  const std::string where = "ledger status list " + e.list_id + " index " +
                            std::to_string(e.index) + ", proof checked at block " +
                            std::to_string(r.header.height);
  if (r.bit) {
    out.message = (e.purpose == "revocation" ? "revoked by the issuer (" : "suspended by the issuer (") +
                  where + ")";
  } else {
    out.message = e.purpose + " bit is 0 (" + where + ")";
  }
  return out;
}

}  // namespace plx::vc
