// The ledger's operations: payload types with their binary encodings, and did:plx derivation.
//
// A Transaction (transaction.hpp) carries an OpCode and a payload; this header defines what each
// payload holds and how it is encoded (codec.hpp primitives; docs/ledger-formats.md
// "Operation payloads"). Decoders check structure and ranges only (lengths, counts, enum values,
// bits that must be 0 or 1) and return kMalformed naming the field and offset; whether an
// operation is allowed is decided at execution (ledger/state_machine.hpp), which records the
// reason in the transaction's outcome.
//
// did:plx (docs/did-plx-method.md): the identifier is did:plx:<base58btc(SHA-256(JCS(genesis)))>,
// where the genesis document is the DID document as submitted in CreateDid: a JSON object with no
// top-level "id", verification method ids relative ("#key-1") and their "controller" omitted.
// Anyone can recompute the suffix from the genesis document, so the identifier is
// self-certifying. Resolution returns the materialized document (materialize_genesis): "id"
// added, relative ids made absolute, each method's controller set to the DID. The ledger stores
// documents in the genesis form (relative_document), so a DID is not repeated in every id.
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/did/document.hpp"
#include "plx/did/verification_method.hpp"
#include "plx/ledger_client/codec.hpp"

namespace plx::ledger {

inline constexpr std::string_view kPlxMethod = "plx";
inline constexpr std::size_t kMaxDidLength = 512;
inline constexpr std::size_t kMaxPatchOps = 64;
inline constexpr std::size_t kMaxControllers = 16;
inline constexpr std::size_t kMaxStatusChanges = 4096;
// Eighths of published Ed25519 keys one payload may carry (CreateDidPayload, UpdateDidPayload).
inline constexpr std::size_t kMaxKeyEighths = 64;
static_assert(kMaxPatchOps <= kMaxKeyEighths, "an update can prove every key its ops add");

// did:plx:<base58btc(SHA-256(JCS(genesis)))>. Errors: kMalformed when the text is not JSON, not
// an object, or has a top-level "id" (the identifier cannot be inside what it hashes).
[[nodiscard]] Result<std::string> derive_did_plx(std::string_view genesis_json);
// The same from parsed JSON (a separate name: a std::string converts to both arguments). When
// `canonical` is not null it receives JCS(genesis), the text the identifier hashes.
[[nodiscard]] Result<std::string> derive_did_plx_from_json(const Json& genesis,
                                                           std::string* canonical = nullptr);
// did:plx:<base58btc(SHA-256(canonical))>: the DID of a genesis document whose JCS text is
// `canonical` (also a DID's first stored record). Any text gives a DID; nothing is checked.
[[nodiscard]] std::string did_plx_of_canonical(std::string_view canonical);

// `reference` made absolute against `did` when it is a fragment reference ("#key-1"); returned
// unchanged otherwise.
[[nodiscard]] std::string absolute_id(std::string_view reference, std::string_view did);

// The full DID document of a genesis document: "id" = did; method ids, relationship references
// and service ids that start with "#" made absolute; a method without "controller" gets `did`.
// The result must satisfy the did module's document model (did::document_from_json).
// Errors: kMalformed (not an object, a top-level "id", or any document-model violation, with the
// JSON pointer of the member). When `document` is not null it receives the parsed model.
[[nodiscard]] Result<Json> materialize_genesis(Json genesis, std::string_view did,
                                               did::Document* document = nullptr);
// The stored form of a full document (docs/did-plx-method.md §6.2), the inverse of
// materialize_genesis: "id" removed, method ids, relationship references and service ids of the
// form did + "#..." made relative ("#..."), and a method's "controller" removed where it is `did`.
// For every genesis document g of the DID `did`, relative_document(materialize_genesis(g, did))
// is g (a genesis document cannot contain the DID derived from its own hash), so a DID's first
// record holds its genesis document. Errors: kMalformed with the JSON pointer of the member when
// `full` is not an object, its "id" is not `did`, or it could not be restored by
// materialize_genesis: a reference in one of those places already starts with "#", or a method
// has no "controller".
[[nodiscard]] Result<Json> relative_document(Json full, std::string_view did);
// The document model of a stored document text (DidRecord::document) of the DID `did`:
// json_parse, then materialize_genesis. When `full` is not null it receives the full document.
// Errors: kMalformed (not JSON, or not a valid stored document of `did`).
[[nodiscard]] Result<did::Document> document_from_stored(std::string_view text,
                                                         std::string_view did,
                                                         Json* full = nullptr);
// A verification method or service given in an update, completed the same way.
[[nodiscard]] Result<Json> materialize_member(const Json& member, std::string_view did,
                                              bool is_method);

// Relationship sets as bits: bit i is did::kAllRelationships[i] (authentication = bit 0, ...,
// capabilityDelegation = bit 4).
using RelationshipMask = std::uint8_t;
inline constexpr RelationshipMask kAllRelationshipBits = 0x1f;
[[nodiscard]] constexpr RelationshipMask relationship_bit(did::Relationship r) noexcept {
  return static_cast<RelationshipMask>(1u << static_cast<unsigned>(r));
}

// OpCode 1. Encoding: string document (<= 64 KiB), then, for an Ed25519 signer, optionally the
// 32 raw bytes of an eighth of the signer key (crypto/ed25519_eighth.hpp), then, only after that
// one, up to kMaxKeyEighths - 1 more eighths of 32 bytes: of the other Ed25519 keys the document
// publishes as Multikey methods. Nothing else may follow the document. The signature checks
// require a create's Ed25519 key to lie in the prime-order subgroup, and execution every other
// Ed25519 key the document publishes: with an eighth that costs a point decoding and three
// doublings (and, in execution, an inversion), without one a scalar multiplication by L
// (docs/ledger-formats.md §2).
struct CreateDidPayload {
  std::string document;              // the genesis document, JSON text
  Bytes signer_key_eighth;           // empty, or kEd25519EighthSize bytes
  std::vector<Bytes> key_eighths{};  // of the document's other keys; only with signer_key_eighth

  // The payload for a create signed by `signer_public_key` (Multikey bytes): with the key's
  // eighth when it is an Ed25519 key, and then the eighths of the other Ed25519 Multikey keys
  // the document publishes, each once (a document that is not JSON gets none: execution
  // reports it). Errors: kMalformed for an Ed25519 key outside the prime-order subgroup (which
  // no create may use), or Multikey bytes that do not decode; kOutOfRange for a document that
  // publishes more than kMaxKeyEighths - 1 Ed25519 keys besides the signer's.
  [[nodiscard]] static Result<CreateDidPayload> for_signer(std::string document,
                                                           ByteSpan signer_public_key);

  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<CreateDidPayload> decode(ByteSpan data);
  friend bool operator==(const CreateDidPayload&, const CreateDidPayload&) = default;
};

// The raw 32-byte key that a Multikey publicKeyMultibase names when it is an Ed25519 key,
// decoded as crypto::PublicKey::from_multikey decodes it ('z', base58btc, the ed25519-pub
// multicodec, 32 bytes) but without checking the point; nullopt for anything else.
[[nodiscard]] std::optional<Bytes> multikey_ed25519_raw(std::string_view public_key_multibase);

// The signer_key_eighth of an encoded create_did payload, read in place (empty when absent),
// without copying the document. Errors: kMalformed where CreateDidPayload::decode fails.
[[nodiscard]] Result<ByteSpan> create_did_signer_key_eighth(ByteSpan payload);

enum class PatchKind : std::uint8_t {
  kAddVerificationMethod = 1,     // json (a method) + relationships
  kRemoveVerificationMethod = 2,  // id; also removes it from every relationship
  kAddService = 3,                // json (a service)
  kRemoveService = 4,             // id
  kSetController = 5,             // controllers (empty: remove "controller")
  kSetRelationships = 6,          // id + relationships: exactly those relationships reference it
};

struct PatchOp {
  PatchKind kind = PatchKind::kAddVerificationMethod;
  std::string json;
  std::string id;
  std::vector<std::string> controllers;
  RelationshipMask relationships = 0;

  [[nodiscard]] static PatchOp add_verification_method(std::string method_json,
                                                       RelationshipMask rel);
  [[nodiscard]] static PatchOp remove_verification_method(std::string id);
  [[nodiscard]] static PatchOp add_service(std::string service_json);
  [[nodiscard]] static PatchOp remove_service(std::string id);
  [[nodiscard]] static PatchOp set_controller(std::vector<std::string> controllers);
  [[nodiscard]] static PatchOp set_relationships(std::string id, RelationshipMask rel);
  friend bool operator==(const PatchOp&, const PatchOp&) = default;
};

// OpCode 2. Encoding: string did (<= 512) | varint op count (1..64) | ops, each u8 kind then:
//   1: string json | u8 relationships     2: string id     3: string json     4: string id
//   5: varint count (0..16) | string did each (<= 512)     6: string id | u8 relationships
// then optionally up to kMaxKeyEighths eighths of 32 bytes each: of the Ed25519 keys that the
// kind 1 ops add as Multikey methods, which execution then checks with the eighths instead of a
// multiplication by L. Relationship masks above 0x1f are rejected.
struct UpdateDidPayload {
  std::string did;
  std::vector<PatchOp> ops;
  std::vector<Bytes> key_eighths{};

  // Sets key_eighths to the eighths of the Ed25519 Multikey keys that the add_verification_method
  // ops publish, in op order, each once. An op whose method does not parse, or whose key is not
  // an Ed25519 Multikey, is skipped (execution reports what is wrong with it). Errors:
  // kMalformed for an Ed25519 key outside the prime-order subgroup (no update may publish one).
  // An update has at most kMaxPatchOps ops, so its eighths always fit.
  Status add_published_key_eighths();

  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<UpdateDidPayload> decode(ByteSpan data);
  friend bool operator==(const UpdateDidPayload&, const UpdateDidPayload&) = default;
};

// OpCode 3. Encoding: string did (<= 512).
struct DeactivateDidPayload {
  std::string did;

  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<DeactivateDidPayload> decode(ByteSpan data);
  friend bool operator==(const DeactivateDidPayload&, const DeactivateDidPayload&) = default;
};

// OpCode 4. The issuer is the signer's DID. Encoding: string list_id (<= 64) | u32 size_bits
// | string purpose (<= 32).
struct CreateStatusListPayload {
  std::string list_id;
  std::uint32_t size_bits = 0;
  std::string purpose;

  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<CreateStatusListPayload> decode(ByteSpan data);
  friend bool operator==(const CreateStatusListPayload&, const CreateStatusListPayload&) = default;
};

struct StatusChange {
  std::uint32_t index = 0;
  bool value = false;
  friend bool operator==(const StatusChange&, const StatusChange&) = default;
};

// OpCode 5. Changes apply in order (a later change of the same index wins). Encoding:
// string issuer (<= 512) | string list_id (<= 64) | varint count (1..4096)
// | (u32 index | u8 value (0 or 1)) each.
struct UpdateStatusPayload {
  std::string issuer;
  std::string list_id;
  std::vector<StatusChange> changes;

  [[nodiscard]] Bytes encode() const;
  [[nodiscard]] static Result<UpdateStatusPayload> decode(ByteSpan data);
  friend bool operator==(const UpdateStatusPayload&, const UpdateStatusPayload&) = default;
};

}  // namespace plx::ledger
