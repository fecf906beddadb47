// The did:plx resolver driver (docs/did-plx-method.md §5.2) and the read interface it needs.
//
// LedgerReader is what a resolver asks of a ledger: headers, and state values *with their
// proofs*. The embedded node implements it (plx/ledger/node_reader.hpp); a remote client can
// implement it over HTTP later. The driver never trusts the reader: every value it uses is
// checked against the state_root of the header it was read at (verify_state_proof), and a value
// whose proof does not verify is never returned (the result is "internalError", with no
// document). What the reader is still trusted for is *which* header is the latest one (freshness
// and chain selection); a replicated ledger will add quorum-signed headers for that
// (did-plx-method.md §8).
//
// PlxResolver is a did::Resolver for the "plx" method. It accepts a DID, or a DID URL whose only
// component is a query with the DID parameters versionId / versionTime (DID Core §3.2.1); the
// same parameters are also read from ResolutionOptions::extra ("versionId": string or number,
// "versionTime": XML datetime string). Outcomes (DID Core §7.1.2, DID Resolution "Errors"):
//   invalidDid                 not a did:plx (bad base58btc, not 32 bytes, non-canonical), or a
//                              DID URL with a path or fragment
//   methodNotSupported         another method
//   invalidOptions             versionId not a decimal integer >= 1, versionTime not an XML
//                              datetime, both given, or an unknown DID parameter
//   representationNotSupported an accept other than the two DID media types
//   notFound                   proven absent at the header used; versionId beyond the latest; no
//                              block at or before versionTime
//   internalError              a proof that does not verify, a header of another chain or
//                              height, a stored record that does not decode, an older version
//                              the ledger lacks or whose bytes do not match the hash the next
//                              version names (no document)
// A deactivated DID resolves successfully with "deactivated": true (DID Core §7.1.3).
// The result's didResolutionMetadata carries "proof": {"chainId", "height", "headerHash",
// "stateRoot", "key", "verified": true, "previousLinks"} for the state read the document came
// from: "key" is the DID's record key, proven against stateRoot; an older versionId is reached
// from that record by "previousLinks" verified hash links (DidRecord::previous).
//
// Errors (Result error, "could not run"): whatever the reader returns other than kNotFound
// (kIo from storage, ...).
// Thread-safety: resolve() is const and safe to call concurrently if the reader's methods are.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/did/document.hpp"
#include "plx/did/resolver.hpp"
#include "plx/ledger_client/hash.hpp"
#include "plx/ledger_client/header.hpp"
#include "plx/ledger_client/state_proof.hpp"

namespace plx::ledger {

// A state value as of a header, with the proof that ties it to that header's state_root
// (verify_state_read): the proof of the key's leaf (keys::committing_leaf), an inclusion proof
// when the leaf is present, a non-inclusion proof when it is absent. For a DID's record the leaf
// is its DID's, whose value `leaf` holds and names the record's hash.
struct ProvenValue {
  std::optional<Bytes> value;
  StateProof proof;
  std::optional<Bytes> leaf;  // a DID record's key only: its DID's leaf value (DidLeaf)
};

class LedgerReader {
 public:
  virtual ~LedgerReader() = default;

  // The header of the most recent committed block. Errors: kNotFound when the ledger has no
  // block yet; kIo when storage fails.
  [[nodiscard]] virtual Result<BlockHeader> latest_header() const = 0;
  // The header at `height`. Errors: kNotFound above the latest height; kIo.
  [[nodiscard]] virtual Result<BlockHeader> header(std::uint64_t height) const = 0;
  // The value of `key` in the state committed by the block at `height`, with its proof.
  // Errors: kNotFound above the latest height (not for an absent key: that is a ProvenValue
  // with no value); kIo.
  [[nodiscard]] virtual Result<ProvenValue> get(ByteSpan key, std::uint64_t height) const = 0;
  // The value whose SHA-256 (state_value_hash) is `hash`, nullopt when the ledger holds none.
  // Unproven by itself: the caller checks the hash of what it gets, and trusts it only as far as
  // the proven value that named the hash. This is how older DID versions are read
  // (DidRecord::previous). Errors: kIo.
  [[nodiscard]] virtual Result<std::optional<Bytes>> value_by_hash(const Hash& hash) const = 0;

  // The header of the last block whose time is <= unix_seconds, or nullopt when the first block
  // is later than that. The default implementation binary-searches header(h), which is correct
  // because block times never decrease (did-plx-method.md §4.1); a reader with a time index may
  // do better. Errors: as latest_header/header, except that an empty ledger gives nullopt.
  [[nodiscard]] virtual Result<std::optional<BlockHeader>> header_at_or_before(
      std::int64_t unix_seconds) const;
};

struct PlxResolverOptions {
  // When set, a header whose chain_id differs is refused (internalError). Empty: accept the
  // chain the reader serves (an embedded node has exactly one).
  std::string chain_id;
};

class PlxResolver final : public did::Resolver {
 public:
  // REQUIRES: reader != nullptr (PLX_CHECK).
  explicit PlxResolver(std::shared_ptr<const LedgerReader> reader,
                       PlxResolverOptions options = {});

  using did::Resolver::resolve;
  [[nodiscard]] Result<did::ResolutionResult> resolve(
      std::string_view did_or_url, const did::ResolutionOptions& options) const override;

 private:
  std::shared_ptr<const LedgerReader> reader_;
  PlxResolverOptions options_;
};

// Resolution error name this driver uses besides did::resolution_error's (DID Resolution
// "Errors": invalidOptions).
inline constexpr std::string_view kResolutionErrorInvalidOptions = "invalidOptions";

// Reads `key` at `header` through `reader` and checks the proof against header.state_root.
// Returns the value (nullopt: proven absent).
// Errors: kVerificationFailed when the proof does not verify (the reader is faulty or lying);
// the reader's errors otherwise.
[[nodiscard]] Result<std::optional<Bytes>> read_verified(const LedgerReader& reader,
                                                          const BlockHeader& header,
                                                          ByteSpan key);

}  // namespace plx::ledger
