// Ledger-anchored credential status: a did:plx issuer's status list on the Parallax ledger
// (docs/did-plx-method.md §7 "Status lists"), read with its state proof checked.
//
// A credential points at one bit of a list with a credentialStatus entry:
//   {"type": "PlxStatusListEntry",
//    "statusPurpose": "revocation" | "suspension",
//    "statusListIssuer": "did:plx:...",       // the DID that created the list (the list's owner)
//    "statusListId": "revocation-1",          // [A-Za-z0-9._-]{1,64}
//    "statusListIndex": "42"}                 // decimal string, as BitstringStatusListEntry
// ("id" is optional, as in VCDM 2.0 §4.10). The ledger stores the list under the issuer's DID
// (ledger_client/state_keys.hpp: "s/<issuer>/<list>/m" and one key per 8192-bit chunk), and only
// that DID's capabilityInvocation keys can create or change it, so a list found under
// statusListIssuer is that issuer's list.
//
// Checking an entry: the entry's statusListIssuer must be the credential's issuer; the latest
// header is read, then the list's metadata and the chunk that holds the index, each with a state
// proof verified against that header's state_root (read_verified); the purpose must be the
// list's, the index below its size. An absent chunk (proven absent) is all zeros. Nothing a
// reader returns is trusted without its proof; what the reader is still trusted for is which
// header is the latest (freshness), as for did:plx resolution.
//
// Thread-safety: as the reader's const methods.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/resolver.hpp"
#include "plx/vc/verify.hpp"

namespace plx::vc {

inline constexpr std::string_view kPlxStatusListEntryType = "PlxStatusListEntry";

// A parsed PlxStatusListEntry.
struct PlxStatusEntry {
  std::string purpose;  // "revocation" or "suspension"
  std::string issuer;   // statusListIssuer
  std::string list_id;
  std::uint32_t index = 0;

  // The credentialStatus object for this entry.
  [[nodiscard]] Json to_json() const;
};

// Reads a PlxStatusListEntry. Errors: kMalformed naming the member (wrong type, a missing
// member, a purpose other than revocation/suspension, an issuer that is not a did:plx, a bad list
// id, an index that is not a canonical decimal below 2^26).
[[nodiscard]] Result<PlxStatusEntry> plx_status_entry_from_json(const Json& entry);

// One bit of a ledger status list, read with its proofs checked.
struct LedgerStatusRead {
  ledger::BlockHeader header;   // the header both proofs were verified against
  std::uint32_t size_bits = 0;  // the list's size
  std::string purpose;          // the list's purpose
  bool bit = false;
};

// Reads bit `index` of list `list_id` of `issuer` at the latest header of `reader`.
// `expected_chain_id`, when not empty, must be the header's chain id.
// Errors: kNotFound (the ledger has no block yet; the list does not exist, proven absent),
// kOutOfRange (index >= the list's size), kVerificationFailed (a proof that does not verify
// against the header: the reader is faulty or lying; a header of another chain), kMalformed
// (a stored value that does not decode), kIo and other reader errors as they come.
[[nodiscard]] Result<LedgerStatusRead> read_ledger_status(const ledger::LedgerReader& reader,
                                                          std::string_view issuer,
                                                          std::string_view list_id,
                                                          std::uint32_t index,
                                                          std::string_view expected_chain_id = {});

struct LedgerStatusOptions {
  std::string chain_id;  // when set, headers of another chain are refused
};

// The StatusChecker for "PlxStatusListEntry" (register it in VerifyContext::status_checkers
// under kPlxStatusListEntryType).
class LedgerStatusChecker final : public StatusChecker {
 public:
  // REQUIRES: reader != nullptr (PLX_CHECK).
  explicit LedgerStatusChecker(std::shared_ptr<const ledger::LedgerReader> reader,
                               LedgerStatusOptions options = {});
  // Errors ("could not check"): kMalformed entry; kVerificationFailed when the list belongs to
  // another issuer than the credential's, when the entry's purpose is not the list's, or when a
  // proof does not verify; kNotFound, kOutOfRange, kIo as read_ledger_status. A set bit is an
  // outcome with set = true and a message naming the list, the index and the proof-checked
  // height.
  [[nodiscard]] Result<StatusOutcome> check(const Json& entry,
                                            std::string_view issuer) const override;

 private:
  std::shared_ptr<const ledger::LedgerReader> reader_;
  LedgerStatusOptions options_;
};

}  // namespace plx::vc
