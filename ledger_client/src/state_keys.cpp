#include "plx/ledger_client/state_keys.hpp"

#include "plx/ledger_client/codec.hpp"
#include "plx/ledger_client/state_proof.hpp"

namespace plx::ledger {
namespace {

constexpr std::uint8_t kFormat = 1;
// Format 2 added DidRecord::previous and checkpoints; format 1 records (no hash chain) are
// refused.
// 3: the document in its stored, relative form (relative_document); 2 held the full document.
constexpr std::uint8_t kRecordFormat = 3;
constexpr std::size_t kMaxDocumentLength = std::size_t{1} << 20;
constexpr std::string_view kRecordKind = "d/";   // did_record keys
constexpr std::string_view kVersionKind = "v/";  // did_version keys: write-once

// Replaces `out` with prefix || a, keeping its buffer.
void prefixed_into(Bytes& out, std::string_view prefix, std::string_view a) {
  out.clear();
  append(out, as_bytes(prefix));
  append(out, as_bytes(a));
}

// A key built by `into` in a fresh buffer with room for the suffixes.
template <class Into>
Bytes fresh(std::size_t size_hint, Into&& into) {
  Bytes k;
  k.reserve(size_hint + 16);
  into(k);
  return k;
}

void put_be(Bytes& out, std::uint64_t v, int bytes) {
  for (int s = (bytes - 1) * 8; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

// "v/" did "/": every did_version key of `did` starts with it.
void version_prefix_into(Bytes& out, std::string_view did) {
  prefixed_into(out, kVersionKind, did);
  out.push_back('/');
}

// "s/" issuer "/" list_id: the keys of one status list share it.
void status_list_into(Bytes& out, std::string_view issuer, std::string_view list_id) {
  prefixed_into(out, "s/", issuer);
  out.push_back('/');
  append(out, as_bytes(list_id));
}

Status check_format(Reader& r, std::string_view what, std::uint8_t format = kFormat) {
  const std::size_t at = r.offset();
  PLX_TRY(std::uint8_t f, r.u8(what));
  if (f != format) {
    return Error(ErrorCode::kMalformed, std::string(what) + ": unknown format " + std::to_string(f),
                 "offset " + std::to_string(at));
  }
  return {};
}

}  // namespace

namespace keys {

void did_record_into(Bytes& out, std::string_view did) { prefixed_into(out, kRecordKind, did); }

void did_version_into(Bytes& out, std::string_view did, std::uint64_t version_id) {
  version_prefix_into(out, did);
  put_be(out, version_id, 8);
}

void nonce_into(Bytes& out, std::string_view did) { prefixed_into(out, "n/", did); }

void status_meta_into(Bytes& out, std::string_view issuer, std::string_view list_id) {
  status_list_into(out, issuer, list_id);
  append(out, as_bytes("/m"));
}

void status_chunk_into(Bytes& out, std::string_view issuer, std::string_view list_id,
                       std::uint32_t chunk) {
  status_list_into(out, issuer, list_id);
  append(out, as_bytes("/c/"));
  put_be(out, chunk, 4);
}

Bytes did_record(std::string_view did) {
  return fresh(did.size(), [&](Bytes& k) { did_record_into(k, did); });
}

Bytes did_version_prefix(std::string_view did) {
  return fresh(did.size(), [&](Bytes& k) { version_prefix_into(k, did); });
}

Bytes did_version(std::string_view did, std::uint64_t version_id) {
  return fresh(did.size(), [&](Bytes& k) { did_version_into(k, did, version_id); });
}

Bytes nonce(std::string_view did) {
  return fresh(did.size(), [&](Bytes& k) { nonce_into(k, did); });
}

bool is_write_once(ByteSpan key) noexcept {
  return key.size() > kVersionKind.size() &&
         as_string_view(key).substr(0, kVersionKind.size()) == kVersionKind;
}

bool is_did_record(ByteSpan key) noexcept {
  return key.size() > kRecordKind.size() &&
         as_string_view(key).substr(0, kRecordKind.size()) == kRecordKind;
}

bool is_tree_leaf(ByteSpan key) noexcept { return !is_write_once(key) && !is_did_record(key); }

Bytes committing_leaf(ByteSpan key) {
  if (is_did_record(key)) return nonce(as_string_view(key).substr(kRecordKind.size()));
  return Bytes(key.begin(), key.end());
}

Bytes status_meta(std::string_view issuer, std::string_view list_id) {
  return fresh(issuer.size() + list_id.size(),
               [&](Bytes& k) { status_meta_into(k, issuer, list_id); });
}

Bytes status_chunk(std::string_view issuer, std::string_view list_id, std::uint32_t chunk) {
  return fresh(issuer.size() + list_id.size(),
               [&](Bytes& k) { status_chunk_into(k, issuer, list_id, chunk); });
}

}  // namespace keys

Status check_list_id(std::string_view list_id) {
  if (list_id.empty() || list_id.size() > kMaxListIdLength) {
    return Error(ErrorCode::kMalformed, "a status list id has 1 to 64 characters", "list_id");
  }
  for (std::size_t i = 0; i < list_id.size(); ++i) {
    const char c = list_id[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return Error(ErrorCode::kMalformed, "a status list id may only use A-Z a-z 0-9 . _ -",
                   "list_id character " + std::to_string(i));
    }
  }
  return {};
}

Bytes DidRecord::encode() const {
  Writer w(document.size() + 96);
  w.u8(kRecordFormat).string(document).u64(version_id).i64(created).i64(updated);
  w.u64(created_height).u64(updated_height).u8(deactivated ? 1 : 0);
  if (previous) w.fixed(*previous);
  for (const Hash& c : checkpoints) w.fixed(c);
  return std::move(w).take();
}

Result<DidRecord> DidRecord::decode(ByteSpan data) {
  Reader r(data);
  PLX_RETURN_IF_ERROR(check_format(r, "did record format", kRecordFormat));
  DidRecord rec;
  PLX_TRY(rec.document, r.string("did record document", kMaxDocumentLength));
  PLX_TRY(rec.version_id, r.u64("did record version_id"));
  PLX_TRY(rec.created, r.i64("did record created"));
  PLX_TRY(rec.updated, r.i64("did record updated"));
  PLX_TRY(rec.created_height, r.u64("did record created_height"));
  PLX_TRY(rec.updated_height, r.u64("did record updated_height"));
  const std::size_t at = r.offset();
  PLX_TRY(std::uint8_t d, r.u8("did record deactivated"));
  if (d > 1) return r.error_at("did record deactivated", "must be 0 or 1", at);
  rec.deactivated = d == 1;
  if (rec.version_id == 0) return r.error_at("did record version_id", "must be at least 1", 0);
  if (rec.version_id > 1) {
    PLX_TRY(rec.previous, r.array<32>("did record previous"));
  }
  const unsigned levels = did_checkpoint_count(rec.version_id);
  rec.checkpoints.reserve(levels);
  for (unsigned k = 0; k < levels; ++k) {
    PLX_TRY(Hash c, r.array<32>("did record checkpoint"));
    rec.checkpoints.push_back(c);
  }
  PLX_RETURN_IF_ERROR(r.expect_end("did record"));
  return rec;
}

namespace {
std::uint64_t checkpoint_span(unsigned k) noexcept {
  std::uint64_t span = 1;
  for (unsigned i = 0; i < k; ++i) span *= kDidCheckpointBase;
  return span;
}
}  // namespace

std::uint64_t did_checkpoint_version(std::uint64_t v, unsigned k) noexcept {
  if (v == 0) return 0;
  const std::uint64_t span = checkpoint_span(k);
  return (v - 1) / span * span;
}

unsigned did_checkpoint_count(std::uint64_t v) noexcept {
  unsigned n = 0;
  while (n < kDidCheckpointLevels && v > 0 && v - 1 >= checkpoint_span(n + 1)) ++n;
  return n;
}

void DidRecord::link_after(const DidRecord& prior, ByteSpan prior_encoded) {
  PLX_CHECK(prior.checkpoints.size() == did_checkpoint_count(prior.version_id));
  version_id = prior.version_id + 1;
  const Hash prior_hash = state_value_hash(prior_encoded);
  previous = prior_hash;
  // Level k of version v + 1 points at the latest multiple of 32^k below v + 1: v itself when v
  // is one, else the same version that level k of v points at.
  const unsigned levels = did_checkpoint_count(version_id);
  checkpoints.resize(levels);
  for (unsigned k = 1; k <= levels; ++k) {
    checkpoints[k - 1] =
        prior.version_id % checkpoint_span(k) == 0 ? prior_hash : prior.checkpoints[k - 1];
  }
}

Bytes DidLeaf::encode() const {
  Writer w(40);
  w.u64(next_nonce).fixed(record);
  return std::move(w).take();
}

Result<DidLeaf> DidLeaf::decode(ByteSpan data) {
  Reader r(data);
  DidLeaf leaf;
  PLX_TRY(leaf.next_nonce, r.u64("did_leaf.next_nonce"));
  PLX_TRY(leaf.record, r.array<32>("did_leaf.record"));
  PLX_RETURN_IF_ERROR(r.expect_end("did_leaf"));
  return leaf;
}

Status verify_state_read(const StateProof& proof, const Hash& state_root, ByteSpan key,
                         std::optional<ByteSpan> value, std::optional<ByteSpan> leaf_value) {
  if (keys::is_write_once(key)) {
    return Error(ErrorCode::kInvalidArgument,
                 "a DID version record is proven through DidRecord::previous, not by a leaf",
                 "key");
  }
  if (!keys::is_did_record(key)) return verify_state_proof(proof, state_root, key, value);
  const Bytes leaf_key = keys::committing_leaf(key);
  PLX_RETURN_IF_ERROR(verify_state_proof(proof, state_root, leaf_key, leaf_value));
  if (!leaf_value.has_value()) {
    if (value.has_value()) {
      return Error(ErrorCode::kVerificationFailed,
                   "a record is given, but the proof shows the DID has no leaf", "value");
    }
    return {};
  }
  PLX_TRY(DidLeaf leaf, DidLeaf::decode(*leaf_value));
  if (!value.has_value()) {
    return Error(ErrorCode::kVerificationFailed,
                 "no record is given, but the DID's proven leaf names one", "value");
  }
  if (state_value_hash(*value) != leaf.record) {
    return Error(ErrorCode::kVerificationFailed,
                 "the record's hash is not the one the DID's proven leaf names", "value");
  }
  return {};
}

bool is_status_purpose(std::string_view purpose) noexcept {
  return purpose == "revocation" || purpose == "suspension";
}

Bytes StatusListMeta::encode() const {
  Writer w(32);
  w.u8(kFormat).u32(size_bits).string(purpose).u32(chunk_bits);
  return std::move(w).take();
}

Result<StatusListMeta> StatusListMeta::decode(ByteSpan data) {
  Reader r(data);
  PLX_RETURN_IF_ERROR(check_format(r, "status list format"));
  StatusListMeta m;
  PLX_TRY(m.size_bits, r.u32("status list size_bits"));
  PLX_TRY(m.purpose, r.string("status list purpose", 32));
  const std::size_t at = r.offset();
  PLX_TRY(m.chunk_bits, r.u32("status list chunk_bits"));
  PLX_RETURN_IF_ERROR(r.expect_end("status list metadata"));
  if (m.size_bits == 0 || m.size_bits > kMaxStatusListBits) {
    return r.error_at("status list size_bits", "out of range", 1);
  }
  if (!is_status_purpose(m.purpose)) {
    return r.error_at("status list purpose", "unknown purpose", 5);
  }
  if (m.chunk_bits != kStatusChunkBits) {
    return r.error_at("status list chunk_bits", "must be 8192", at);
  }
  return m;
}

std::size_t StatusListMeta::chunk_length(std::uint32_t c) const noexcept {
  const std::uint64_t first = std::uint64_t{c} * chunk_bits;
  if (first >= size_bits) return 0;
  const std::uint64_t bits = std::min<std::uint64_t>(chunk_bits, size_bits - first);
  return static_cast<std::size_t>((bits + 7) / 8);
}

bool chunk_bit(ByteSpan chunk, std::uint32_t i) noexcept {
  return (chunk[i / 8] >> (7 - i % 8)) & 1;
}

void set_chunk_bit(Bytes& chunk, std::uint32_t i, bool value) noexcept {
  const auto mask = static_cast<std::uint8_t>(1u << (7 - i % 8));
  if (value) {
    chunk[i / 8] |= mask;
  } else {
    chunk[i / 8] &= static_cast<std::uint8_t>(~mask);
  }
}

}  // namespace plx::ledger
