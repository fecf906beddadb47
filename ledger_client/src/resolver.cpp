// The did:plx resolver driver: docs/did-plx-method.md §5.2 (Read) and §6.2 (materialisation).
#include "plx/ledger_client/resolver.hpp"

#include <charconv>
#include <limits>
#include <variant>

#include "plx/core/encoding.hpp"
#include "plx/did/did.hpp"
#include "plx/did/did_url.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger_client/datetime.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/state_keys.hpp"

namespace plx::ledger {

Result<std::optional<BlockHeader>> LedgerReader::header_at_or_before(
    std::int64_t unix_seconds) const {
  auto latest = latest_header();
  if (!latest.has_value()) {
    if (latest.error().code == ErrorCode::kNotFound) return std::optional<BlockHeader>();
    return std::move(latest).error();
  }
  if (latest->time <= unix_seconds) return std::optional<BlockHeader>(*std::move(latest));
  // Invariant of the search: header(lo).time <= t (once lo is known to qualify) and
  // header(hi).time > t. Block times never decrease, so the qualifying heights are a prefix.
  // Heights start at 1 (height 0 is the empty state before any block).
  PLX_TRY(BlockHeader first, header(1));
  if (first.time > unix_seconds) return std::optional<BlockHeader>();
  std::uint64_t lo = 1;
  std::uint64_t hi = latest->height;
  BlockHeader best = std::move(first);
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    PLX_TRY(BlockHeader h, header(mid));
    if (h.height != mid) {
      return Error(ErrorCode::kInternal,
                   "asked for the header at height " + std::to_string(mid) + ", got height " +
                       std::to_string(h.height),
                   "LedgerReader::header");
    }
    if (h.time <= unix_seconds) {
      lo = mid;
      best = std::move(h);
    } else {
      hi = mid;
    }
  }
  return std::optional<BlockHeader>(std::move(best));
}

Result<std::optional<Bytes>> read_verified(const LedgerReader& reader, const BlockHeader& header,
                                           ByteSpan key) {
  PLX_TRY(ProvenValue pv, reader.get(key, header.height));
  std::optional<ByteSpan> value;
  if (pv.value.has_value()) value = ByteSpan(*pv.value);
  std::optional<ByteSpan> leaf;
  if (pv.leaf.has_value()) leaf = ByteSpan(*pv.leaf);
  auto verified = verify_state_read(pv.proof, header.state_root, key, value, leaf);
  if (!verified.has_value()) {
    return Error(ErrorCode::kVerificationFailed,
                 std::string(pv.value.has_value() ? "inclusion" : "non-inclusion") +
                     " proof does not verify against the state root of block " +
                     std::to_string(header.height) + ": " + verified.error().message,
                 "state proof");
  }
  return std::move(pv.value);
}

namespace {

namespace re = did::resolution_error;

std::string describe(const Error& e) {
  std::string s = e.message;
  if (!e.where.empty()) s += " (at " + e.where + ")";
  return s;
}

did::ResolutionResult fail(std::string_view error, std::string message) {
  return did::ResolutionResult::failure(error, std::move(message));
}

// What the request asks for, once the DID URL and the options are merged.
struct Request {
  did::Did did;
  std::optional<std::uint64_t> version_id;
  std::optional<std::int64_t> version_time;
};

// A decimal versionId >= 1 with no sign, no leading zeros and no other characters, so that each
// version has one spelling (the one didDocumentMetadata.versionId shows).
std::optional<std::uint64_t> parse_version_id(std::string_view s) {
  if (s.empty() || s.size() > 20 || s[0] == '0') return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v == 0) return std::nullopt;
  return v;
}

// Builds the request, or a DID-level failure.
std::variant<Request, did::ResolutionResult> parse_request(std::string_view text,
                                                          const did::ResolutionOptions& options) {
  std::optional<std::string> version_id_text;
  std::optional<std::string> version_time_text;
  std::optional<did::Did> parsed;
  if (auto d = did::Did::parse(text); d.has_value()) {
    parsed = *std::move(d);
  } else {
    auto url = did::DidUrl::parse(text);
    if (!url.has_value()) return fail(re::kInvalidDid, describe(d.error()));
    if (!url->path().empty() || url->fragment().has_value()) {
      return fail(re::kInvalidDid,
                  "a DID URL with a path or fragment is dereferenced, not resolved: give the DID");
    }
    for (const auto& p : url->query_params()) {
      std::optional<std::string>* slot = p.name == did::kParamVersionId     ? &version_id_text
                                         : p.name == did::kParamVersionTime ? &version_time_text
                                                                            : nullptr;
      if (slot == nullptr) {
        return fail(kResolutionErrorInvalidOptions,
                    "did:plx resolution understands the DID parameters versionId and "
                    "versionTime, not \"" + p.name + "\"");
      }
      if (slot->has_value()) {
        return fail(kResolutionErrorInvalidOptions, "DID parameter " + p.name + " given twice");
      }
      *slot = p.value;
    }
    parsed = url->did();
  }
  if (parsed->method() != "plx") {
    return fail(re::kMethodNotSupported,
                "this driver resolves did:plx, not did:" + std::string(parsed->method()));
  }
  // §3.1: base58btc of exactly 32 bytes, in its one canonical spelling.
  const std::string_view msid = parsed->method_specific_id();
  auto raw = base58btc_decode(msid);
  if (!raw.has_value()) {
    return fail(re::kInvalidDid, "the did:plx identifier is not base58btc: " +
                                     describe(raw.error()));
  }
  if (raw->size() != 32) {
    return fail(re::kInvalidDid, "the did:plx identifier must encode a 32-byte SHA-256 digest, "
                                 "not " + std::to_string(raw->size()) + " bytes");
  }
  if (base58btc_encode(*raw) != msid) {
    return fail(re::kInvalidDid, "the did:plx identifier is not in canonical base58btc form");
  }

  // Options given out of band (DID Core §7.1.1) may carry the same parameters.
  if (options.extra.is_object()) {
    for (const auto& [name, value] : options.extra.items()) {
      if (name != did::kParamVersionId && name != did::kParamVersionTime) continue;
      std::optional<std::string>& slot =
          name == did::kParamVersionId ? version_id_text : version_time_text;
      std::string v;
      if (value.is_string()) {
        v = value.get<std::string>();
      } else if (name == did::kParamVersionId && value.is_number_unsigned()) {
        v = std::to_string(value.get<std::uint64_t>());
      } else if (name == did::kParamVersionId && value.is_number_integer()) {
        // A signed JSON integer; a negative one becomes text that parse_version_id refuses.
        v = std::to_string(value.get<std::int64_t>());
      } else {
        return fail(kResolutionErrorInvalidOptions,
                    name + " must be a string" +
                        (name == did::kParamVersionId ? " or a positive integer" : ""));
      }
      if (slot.has_value() && *slot != v) {
        return fail(kResolutionErrorInvalidOptions,
                    name + " is given both in the DID URL and in the options, differently");
      }
      slot = std::move(v);
    }
  }

  Request req{*std::move(parsed), std::nullopt, std::nullopt};
  if (version_id_text.has_value() && version_time_text.has_value()) {
    return fail(kResolutionErrorInvalidOptions,
                "give versionId or versionTime, not both: they can name different versions");
  }
  if (version_id_text.has_value()) {
    req.version_id = parse_version_id(*version_id_text);
    if (!req.version_id.has_value()) {
      return fail(kResolutionErrorInvalidOptions,
                  "versionId must be a decimal integer >= 1 without leading zeros, not \"" +
                      *version_id_text + "\"");
    }
  }
  if (version_time_text.has_value()) {
    auto t = parse_xml_datetime(*version_time_text);
    if (!t.has_value()) {
      return fail(kResolutionErrorInvalidOptions,
                  "versionTime must be an XML datetime such as 2026-01-01T00:00:00Z: " +
                      describe(t.error()));
    }
    req.version_time = *t;
  }
  return req;
}

// The header to read at, checked against the configured chain. A nullopt header (no block yet,
// or none at or before versionTime) means the DID did not exist: notFound.
Result<std::optional<BlockHeader>> pick_header(const LedgerReader& reader, const Request& req) {
  if (req.version_time.has_value()) return reader.header_at_or_before(*req.version_time);
  auto latest = reader.latest_header();
  if (!latest.has_value()) {
    if (latest.error().code == ErrorCode::kNotFound) return std::optional<BlockHeader>();
    return std::move(latest).error();
  }
  return std::optional<BlockHeader>(*std::move(latest));
}

// The record holds the document in its stored, relative form (§6.2), which materialises into a
// valid DID document of the DID that was asked for. Version 1 holds the genesis document itself,
// so its text must hash to the DID: a record under another DID's key would be a node bug, and the
// proof alone would not catch it (the proof binds the key, not the content). Later versions are
// materialised against the DID asked for, so their ids cannot name another DID.
Result<did::Document> stored_document(const did::Did& did, const DidRecord& record) {
  const std::string name = did.to_string();
  if (record.version_id == 1) {
    if (did_plx_of_canonical(record.document) != name) {
      return Error(ErrorCode::kMalformed,
                   "the stored genesis document is not the one " + name + " is derived from", "");
    }
  }
  return document_from_stored(record.document, name);
}

Json proof_metadata(const BlockHeader& header, ByteSpan key) {
  return Json{{"chainId", header.chain_id},
              {"height", header.height},
              {"headerHash", to_hex(header.hash())},
              {"stateRoot", to_hex(header.state_root)},
              {"key", hex_encode(key)},
              // The leaf the proof is of: a DID's record is committed by its DID's leaf.
              {"leafKey", hex_encode(keys::committing_leaf(key))},
              {"verified", true}};
}

}  // namespace

PlxResolver::PlxResolver(std::shared_ptr<const LedgerReader> reader, PlxResolverOptions options)
    : reader_(std::move(reader)), options_(std::move(options)) {
  PLX_CHECK(reader_ != nullptr);
}

Result<did::ResolutionResult> PlxResolver::resolve(std::string_view text,
                                                   const did::ResolutionOptions& options) const {
  auto parsed = parse_request(text, options);
  if (auto* failure = std::get_if<did::ResolutionResult>(&parsed)) return std::move(*failure);
  Request req = std::get<Request>(std::move(parsed));

  auto content_type = did::negotiate_content_type(options.accept);
  if (!content_type.has_value()) {
    return fail(re::kRepresentationNotSupported,
                "cannot produce \"" + options.accept + "\"; supported: " +
                    std::string(did::kMediaTypeDidLdJson) + ", " +
                    std::string(did::kMediaTypeDidJson));
  }

  PLX_TRY(std::optional<BlockHeader> header, pick_header(*reader_, req));
  if (!header.has_value()) {
    return fail(re::kNotFound, req.version_time.has_value()
                                   ? "the ledger has no block at or before that versionTime"
                                   : "the ledger has no block yet");
  }
  if (!options_.chain_id.empty() && header->chain_id != options_.chain_id) {
    return fail(re::kInternalError, "the ledger serves chain \"" + header->chain_id +
                                        "\", not the configured \"" + options_.chain_id + "\"");
  }

  // The current record at that header, proven (§5.2 steps 2-3).
  const Bytes current_key = keys::did_record(req.did.to_string());
  auto current_bytes = read_verified(*reader_, *header, current_key);
  if (!current_bytes.has_value()) {
    if (current_bytes.error().code == ErrorCode::kVerificationFailed) {
      return fail(re::kInternalError, "refusing the ledger's answer: " +
                                          describe(current_bytes.error()));
    }
    return std::move(current_bytes).error();
  }
  if (!current_bytes->has_value()) {
    return fail(re::kNotFound, req.did.to_string() + " does not exist at block " +
                                   std::to_string(header->height) +
                                   " (non-inclusion proof verified)");
  }
  auto current = DidRecord::decode(**current_bytes);
  if (!current.has_value()) {
    return fail(re::kInternalError,
                "the ledger's record for this DID does not decode: " + describe(current.error()));
  }

  // §5.2 step 4: an older version is reached through the hash chain of the proven current
  // record: each record names the state_value_hash of the one before it, and of checkpoint
  // versions further back (DidRecord::checkpoints).
  DidRecord record = *current;
  std::uint64_t links = 0;
  if (req.version_id.has_value() && *req.version_id != current->version_id) {
    if (*req.version_id > current->version_id) {
      return fail(re::kNotFound, "versionId " + std::to_string(*req.version_id) +
                                     " does not exist; the latest is " +
                                     std::to_string(current->version_id));
    }
    while (record.version_id > *req.version_id) {
      // The longest checkpoint that does not overshoot, else the previous version. A decoded
      // record above version 1 always has `previous` and did_checkpoint_count(v) checkpoints.
      const std::uint64_t v = record.version_id;
      std::uint64_t want = v - 1;
      const Hash* hash = &*record.previous;
      for (unsigned k = static_cast<unsigned>(record.checkpoints.size()); k >= 1; --k) {
        const std::uint64_t c = did_checkpoint_version(v, k);
        if (c >= *req.version_id) {
          want = c;
          hash = &record.checkpoints[k - 1];
          break;
        }
      }
      const std::string older_name = "versionId " + std::to_string(want);
      PLX_TRY(std::optional<Bytes> bytes, reader_->value_by_hash(*hash));
      if (!bytes.has_value()) {
        return fail(re::kInternalError, "the ledger does not hold the record of " + older_name +
                                            " (" + to_hex(*hash) + ")");
      }
      if (state_value_hash(*bytes) != *hash) {
        return fail(re::kInternalError, "refusing the ledger's answer: the record it gave for " +
                                            older_name + " is not the one a later version names");
      }
      auto older = DidRecord::decode(*bytes);
      if (!older.has_value() || older->version_id != want) {
        return fail(re::kInternalError,
                    "the ledger's record of " + older_name + " is not that version: " +
                        (older.has_value() ? "it says " + std::to_string(older->version_id)
                                           : describe(older.error())));
      }
      record = *std::move(older);
      ++links;
    }
  }

  auto doc = stored_document(req.did, record);
  if (!doc.has_value()) {
    return fail(re::kInternalError,
                "the stored document is not a valid DID document: " + describe(doc.error()));
  }

  did::DocumentMetadata md;
  auto created = format_xml_datetime(record.created);
  auto updated = format_xml_datetime(record.updated);
  if (!created.has_value() || !updated.has_value()) {
    return fail(re::kInternalError, "the record's block times are out of range");
  }
  md.created = *std::move(created);
  md.updated = *std::move(updated);
  md.version_id = std::to_string(record.version_id);
  if (record.version_id < current->version_id) {
    md.next_version_id = std::to_string(record.version_id + 1);
  }
  if (record.deactivated) md.deactivated = true;

  did::ResolutionResult result =
      did::ResolutionResult::success(*std::move(doc), *std::move(content_type), std::move(md));
  Json proof = proof_metadata(*header, current_key);
  // The number of hash links followed from the proven record to the version returned.
  proof["previousLinks"] = links;
  result.did_resolution_metadata.extra["proof"] = std::move(proof);
  return result;
}

}  // namespace plx::ledger
