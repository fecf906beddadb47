// The ledger's state layout: which key holds what, and the binary form of each value.
//
// Keys are byte strings; their first two bytes name the kind, so the kinds never collide:
//   "d/" + did                                 DidRecord: the DID's current document and metadata
//   "v/" + did + "/" + be64(version_id)        DidRecord as it was at that version, written once by
//                                              the transaction that supersedes it (kept out of
//                                              the state tree: see is_write_once)
//   "n/" + did                                 DidLeaf: the DID's next nonce and the hash of its
//                                              current record; absent = no record and nonce 0
//   "s/" + issuer did + "/" + list_id + "/m"   StatusListMeta
//   "s/" + issuer did + "/" + list_id + "/c/" + be32(chunk)
//                                              one chunk of the list's bitstring; absent = all 0
// A DID never contains '/' (DID Core §3.1) and a list id is [A-Za-z0-9._-]{1,64}, so the
// separators are unambiguous. Big-endian numbers keep a DID's versions and a list's chunks in
// numeric order under a prefix scan.
//
// One state-tree leaf per DID: "n/" + did. Its value names the hash of the DID's current record,
// so the tree commits to the record without a leaf of its own ("d/" keys are not tree leaves:
// is_tree_leaf), and a DID operation, which changes both the record and a nonce, rewrites one
// path of the tree instead of two. The record and the nonce exist together: a create writes
// both, and nothing deletes either.
//
// Status lists are split into chunks of kStatusChunkBits bits (1 KiB) stored under separate
// keys, so revocations in different parts of a list, or in different lists, do not write the
// same key and execute in parallel. Bit i of a list is bit (7 - i % 8) of byte (i / 8) of the
// bitstring, the W3C Bitstring Status List order (index 0 is the most significant bit of the
// first byte); chunk c holds bits [c * kStatusChunkBits, (c + 1) * kStatusChunkBits).
//
// Values use codec.hpp (docs/ledger-formats.md "State values"). Every decoder rejects
// truncation, trailing bytes, unknown versions and out-of-range fields with kMalformed.
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/result.hpp"
#include "plx/ledger_client/hash.hpp"
#include "plx/ledger_client/state_proof.hpp"

namespace plx::ledger {

inline constexpr std::uint32_t kStatusChunkBits = 8192;
inline constexpr std::uint32_t kStatusChunkBytes = kStatusChunkBits / 8;
// List sizes: at least one bit, at most 2^26 bits (8 MiB, 8192 chunks).
inline constexpr std::uint32_t kMaxStatusListBits = 1u << 26;
inline constexpr std::size_t kMaxListIdLength = 64;

namespace keys {
[[nodiscard]] Bytes did_record(std::string_view did);
[[nodiscard]] Bytes did_version(std::string_view did, std::uint64_t version_id);
// The prefix of every did_version key of `did` ("v/" + did + "/").
[[nodiscard]] Bytes did_version_prefix(std::string_view did);
[[nodiscard]] Bytes nonce(std::string_view did);
// True for a key whose value never changes once written: a did_version key. A transaction that
// supersedes version N of a DID (an update or a deactivation) writes version N's record under
// did_version(did, N); a version is superseded once, so the key is written once. That write is
// how execution hands every superseded record to the store, including a version made and
// replaced within one block, but it is not state: it stays out of the state tree (tree_updates)
// and out of the latest values execution reads. The store keeps its value in `values` only, by
// hash (store.hpp), where a resolver finds it by following DidRecord::previous from the proven
// current record (docs/did-plx-method.md §5.2).
[[nodiscard]] bool is_write_once(ByteSpan key) noexcept;
// True for a did_record key ("d/" followed by at least one byte). The store keeps the current
// record only under this key, in its latest state (store.hpp).
[[nodiscard]] bool is_did_record(ByteSpan key) noexcept;
// False for the keys that are not leaves of the state tree: did_version keys (is_write_once) and
// did_record keys, which their DID's leaf, nonce(did), commits to by hash (DidLeaf::record).
[[nodiscard]] bool is_tree_leaf(ByteSpan key) noexcept;
// The key of the tree leaf that commits to `key`'s value: nonce(did) for a did_record key, `key`
// itself for every other key (a did_version key is committed by no leaf: callers that prove one
// follow DidRecord::previous instead).
[[nodiscard]] Bytes committing_leaf(ByteSpan key);
[[nodiscard]] Bytes status_meta(std::string_view issuer, std::string_view list_id);
[[nodiscard]] Bytes status_chunk(std::string_view issuer, std::string_view list_id,
                                 std::uint32_t chunk);
// The same keys written into `out` (replacing what it held), for hot paths that reuse one buffer
// instead of allocating a key each time.
void did_record_into(Bytes& out, std::string_view did);
void did_version_into(Bytes& out, std::string_view did, std::uint64_t version_id);
void nonce_into(Bytes& out, std::string_view did);
void status_meta_into(Bytes& out, std::string_view issuer, std::string_view list_id);
void status_chunk_into(Bytes& out, std::string_view issuer, std::string_view list_id,
                       std::uint32_t chunk);
}  // namespace keys

// [A-Za-z0-9._-]{1,64}. Errors: kMalformed naming the first bad character.
[[nodiscard]] Status check_list_id(std::string_view list_id);

// "d/" and "v/" values.
struct DidRecord {
  // The DID document in its stored form, JCS (RFC 8785) text: relative_document of the full
  // document (operations.hpp), which document_from_stored restores. Version 1 holds the genesis
  // document, whose SHA-256 is the DID's suffix.
  std::string document;
  std::uint64_t version_id = 0;  // 1 for the create, +1 per update or deactivation
  std::int64_t created = 0;      // block time (unix seconds) of the create
  std::int64_t updated = 0;      // block time of the latest change
  std::uint64_t created_height = 0;
  std::uint64_t updated_height = 0;
  bool deactivated = false;
  // state_value_hash of the record of version_id - 1: absent exactly for version 1. The current
  // record, proven by the state tree, thus commits to every earlier version (a hash chain).
  std::optional<Hash> previous;
  // Shortcuts down the chain, so that reaching an old version of a DID with many versions takes a
  // bounded number of steps instead of one per version: checkpoints[k - 1] is the
  // state_value_hash of the record of version did_checkpoint_version(version_id, k), present for
  // each level k in 1..did_checkpoint_count(version_id). Below 32^5 versions, a resolver reaches
  // any older version in at most 31 steps per level plus 31 single steps.
  std::vector<Hash> checkpoints;

  // u8 format (3) | string document (<= 1 MiB) | u64 version_id | i64 created | i64 updated
  // | u64 created_height | u64 updated_height | u8 deactivated (0 or 1)
  // | fixed32 previous (present if and only if version_id > 1)
  // | did_checkpoint_count(version_id) x fixed32 checkpoint (level 1 first)
  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<DidRecord> decode(ByteSpan data);
  // Makes this record the successor of `prior` (version_id = prior.version_id + 1), whose stored
  // bytes are `prior_encoded`: sets version_id, previous and checkpoints, nothing else.
  // REQUIRES prior is well formed, as decode() returns it (PLX_CHECK on its checkpoint count).
  void link_after(const DidRecord& prior, ByteSpan prior_encoded);
  friend bool operator==(const DidRecord&, const DidRecord&) = default;
};

// Checkpoint levels of DidRecord::checkpoints: level k (1-based) points at the latest version
// before v that is a multiple of kDidCheckpointBase^k.
inline constexpr std::uint64_t kDidCheckpointBase = 32;
inline constexpr unsigned kDidCheckpointLevels = 4;  // multiples of 32, 1024, 32768, 1048576
// kDidCheckpointBase^k * floor((v - 1) / kDidCheckpointBase^k): the version that level k of
// version v's record points at (0 when there is none). REQUIRES 1 <= k <= kDidCheckpointLevels.
[[nodiscard]] std::uint64_t did_checkpoint_version(std::uint64_t v, unsigned k) noexcept;
// The number of levels version v's record carries: the k with v - 1 >= kDidCheckpointBase^k.
[[nodiscard]] unsigned did_checkpoint_count(std::uint64_t v) noexcept;

// "n/" values: a DID's leaf of the state tree.
struct DidLeaf {
  std::uint64_t next_nonce = 0;  // the nonce the DID's next transaction must carry
  Hash record{};                 // state_value_hash of the DID's current "d/" record

  // u64 next_nonce | fixed32 record (40 bytes)
  [[nodiscard]] Bytes encode() const;
  // Errors: kMalformed (wrong length).
  [[nodiscard]] static Result<DidLeaf> decode(ByteSpan data);
  friend bool operator==(const DidLeaf&, const DidLeaf&) = default;
};

// Checks a read of `key` against a state root: `proof` proves the value of committing_leaf(key),
// which is `leaf_value` for a did_record key and `value` itself for any other key. A did_record
// value is then the record that the leaf names (DidLeaf::record); an absent record goes with an
// absent leaf. Returns ok, or kVerificationFailed / kMalformed saying what does not match
// (kInvalidArgument for a did_version key, which no leaf proves).
[[nodiscard]] Status verify_state_read(const StateProof& proof, const Hash& state_root,
                                       ByteSpan key, std::optional<ByteSpan> value,
                                       std::optional<ByteSpan> leaf_value);

// "s/.../m" values.
struct StatusListMeta {
  std::uint32_t size_bits = 0;
  std::string purpose;  // "revocation" or "suspension"
  std::uint32_t chunk_bits = kStatusChunkBits;

  // u8 format (1) | u32 size_bits | string purpose | u32 chunk_bits
  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<StatusListMeta> decode(ByteSpan data);
  // Number of chunks; the last one may be shorter.
  [[nodiscard]] std::uint32_t chunk_count() const noexcept {
    return (size_bits + chunk_bits - 1) / chunk_bits;
  }
  // Byte length of chunk c: kStatusChunkBytes, or what remains for the last chunk.
  [[nodiscard]] std::size_t chunk_length(std::uint32_t c) const noexcept;
  friend bool operator==(const StatusListMeta&, const StatusListMeta&) = default;
};

// "revocation" and "suspension" (W3C Bitstring Status List statusPurpose values that a ledger
// list can serve).
[[nodiscard]] bool is_status_purpose(std::string_view purpose) noexcept;

// Bit `index % kStatusChunkBits` of a chunk (REQUIRES the byte is within `chunk`).
[[nodiscard]] bool chunk_bit(ByteSpan chunk, std::uint32_t index_in_chunk) noexcept;
void set_chunk_bit(Bytes& chunk, std::uint32_t index_in_chunk, bool value) noexcept;

}  // namespace plx::ledger
