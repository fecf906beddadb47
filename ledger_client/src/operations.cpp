#include "plx/ledger_client/operations.hpp"

#include <algorithm>

#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger {

using namespace std::string_view_literals;  // "id"sv: compared by length first, no strlen
namespace {

Error malformed(std::string message, std::string where) {
  return Error(ErrorCode::kMalformed, std::move(message), std::move(where));
}

Result<std::uint8_t> read_mask(Reader& r, std::string_view field) {
  const std::size_t at = r.offset();
  PLX_TRY(std::uint8_t m, r.u8(field));
  if (m > kAllRelationshipBits) return r.error_at(field, "unknown relationship bits", at);
  return m;
}

Result<std::size_t> read_count(Reader& r, std::string_view field, std::size_t min,
                               std::size_t max) {
  const std::size_t at = r.offset();
  PLX_TRY(std::uint64_t n, r.varint(field));
  if (n < min || n > max) {
    return r.error_at(field,
                      "count " + std::to_string(n) + " outside " + std::to_string(min) + ".." +
                          std::to_string(max),
                      at);
  }
  return static_cast<std::size_t>(n);
}

// The shape every payload encoding shares: a Writer sized for the payload, filled by `fill`.
template <class Fill>
Bytes encode_with(std::size_t capacity, Fill&& fill) {
  Writer w(capacity);
  fill(w);
  return std::move(w).take();
}

// The shape every payload decoding shares: `read(r, payload)` reads the fields in order from
// all of `data`; a byte left over is kMalformed naming `what`.
template <class T, class Read>
Result<T> decode_all(ByteSpan data, std::string_view what, Read&& read) {
  Reader r(data);
  T payload;
  PLX_RETURN_IF_ERROR(read(r, payload));
  PLX_RETURN_IF_ERROR(r.expect_end(what));
  return payload;
}

PatchOp make_patch(PatchKind kind, std::string json, std::string id, RelationshipMask rel) {
  PatchOp p;
  p.kind = kind;
  p.json = std::move(json);
  p.id = std::move(id);
  p.relationships = rel;
  return p;
}

void absolutize_string(Json& j, std::string_view did) {
  if (j.is_string()) j = absolute_id(j.get_ref<const std::string&>(), did);
}

// Makes a method object's id absolute and gives it a controller.
void complete_method(Json& m, std::string_view did) {
  if (!m.is_object()) return;
  if (auto it = m.find("id"sv); it != m.end()) absolutize_string(*it, did);
  if (!m.contains("controller"sv)) m["controller"] = std::string(did);
}

}  // namespace

std::string absolute_id(std::string_view reference, std::string_view did) {
  if (!reference.empty() && reference.front() == '#') {
    std::string out(did);
    out += reference;
    return out;
  }
  return std::string(reference);
}

Result<std::string> derive_did_plx_from_json(const Json& genesis, std::string* canonical) {
  if (!genesis.is_object()) return malformed("a genesis document is a JSON object", "");
  if (genesis.contains("id"sv)) {
    return malformed("a genesis document has no \"id\": the DID is derived from it", "/id");
  }
  PLX_TRY(std::string text, jcs_canonicalize(genesis));
  std::string did = did_plx_of_canonical(text);
  if (canonical != nullptr) *canonical = std::move(text);
  return did;
}

std::string did_plx_of_canonical(std::string_view canonical) {
  return "did:plx:" + base58btc_encode(crypto::sha256(as_bytes(canonical)));
}

Result<std::string> derive_did_plx(std::string_view genesis_json) {
  PLX_TRY(Json j, json_parse(genesis_json));
  return derive_did_plx_from_json(j);
}

Result<Json> materialize_member(const Json& member, std::string_view did, bool is_method) {
  if (!member.is_object()) {
    return malformed(is_method ? "a verification method is a JSON object"
                               : "a service is a JSON object",
                     "");
  }
  Json m = member;
  if (is_method) {
    complete_method(m, did);
  } else if (auto it = m.find("id"sv); it != m.end()) {
    absolutize_string(*it, did);
  }
  return m;
}

namespace {

// The places materialize_genesis completes and relative_document undoes, visited in document
// order: each verification method (listed, or embedded in a relationship) as method(m, where)
// and each relationship reference and service id as reference(s, where), where `where()`
// spells out the JSON pointer of the member (only for an error). The first error stops the walk.
template <class Method, class Reference>
Status for_each_reference(Json& doc, Method&& method, Reference&& reference) {
  const auto at = [](std::string_view member, std::size_t i) {
    return "/" + std::string(member) + "/" + std::to_string(i);
  };
  if (auto it = doc.find("verificationMethod"sv); it != doc.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      Json& m = (*it)[i];
      if (m.is_object()) {
        PLX_RETURN_IF_ERROR(method(m, [&] { return at("verificationMethod", i); }));
      }
    }
  }
  for (did::Relationship r : did::kAllRelationships) {
    const std::string_view name = did::relationship_name(r);
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_array()) continue;
    for (std::size_t i = 0; i < it->size(); ++i) {
      Json& e = (*it)[i];
      const auto where = [&] { return at(name, i); };
      if (e.is_string()) {
        PLX_RETURN_IF_ERROR(reference(e, where));
      } else if (e.is_object()) {
        PLX_RETURN_IF_ERROR(method(e, where));
      }
    }
  }
  if (auto it = doc.find("service"sv); it != doc.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      Json& svc = (*it)[i];
      if (!svc.is_object()) continue;
      if (auto id = svc.find("id"sv); id != svc.end() && id->is_string()) {
        PLX_RETURN_IF_ERROR(reference(*id, [&] { return at("service", i) + "/id"; }));
      }
    }
  }
  return ok_status();
}

// materialize_genesis without the document model's check.
Status complete_genesis(Json& doc, std::string_view did) {
  if (!doc.is_object()) return malformed("a genesis document is a JSON object", "");
  if (doc.contains("id"sv)) return malformed("a genesis document has no \"id\"", "/id");
  doc["id"] = std::string(did);
  return for_each_reference(
      doc,
      [&](Json& m, const auto&) {
        complete_method(m, did);
        return ok_status();
      },
      [&](Json& ref, const auto&) {
        absolutize_string(ref, did);
        return ok_status();
      });
}

// relative_document's change to one reference: did + "#x" becomes "#x". False for a reference
// that starts with "#" already: materialize_genesis would make it absolute, so it has no stored
// form.
bool relativize(Json& j, std::string_view did) {
  if (!j.is_string()) return true;
  const std::string& s = j.get_ref<const std::string&>();
  if (!s.empty() && s.front() == '#') return false;
  if (s.size() > did.size() && s[did.size()] == '#' && s.starts_with(did)) {
    j = s.substr(did.size());
  }
  return true;
}

// complete_genesis, then the model of the completed document: the did module's document model
// decides validity (DID Core §5).
Result<did::Document> completed_model(Json& doc, std::string_view did) {
  PLX_RETURN_IF_ERROR(complete_genesis(doc, did));
  return did::document_from_json(doc);
}

// The eighths after a create_did document or an update_did's ops: all that is left, in whole
// 32-byte eighths, at most kMaxKeyEighths of them.
Result<std::vector<ByteSpan>> read_key_eighths(Reader& r, std::string_view what) {
  std::vector<ByteSpan> out;
  if (r.at_end()) return out;
  const std::size_t n = r.remaining() / crypto::kEd25519EighthSize;
  if (r.remaining() % crypto::kEd25519EighthSize != 0 || n > kMaxKeyEighths) {
    return r.error_at(what,
                      "what follows is up to " + std::to_string(kMaxKeyEighths) + " eighths of " +
                          std::to_string(crypto::kEd25519EighthSize) + " bytes each, not " +
                          std::to_string(r.remaining()) + " bytes",
                      r.offset());
  }
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    PLX_TRY(ByteSpan e, r.fixed(what, crypto::kEd25519EighthSize));
    out.push_back(e);
  }
  return out;
}

// The eighths of the Ed25519 Multikey keys a method object (JSON) publishes: its own
// publicKeyMultibase. Nothing for a method that is not such a key.
Status add_method_key_eighth(const Json& method, std::vector<Bytes>& out, std::size_t limit,
                             std::vector<Bytes>& seen, std::string_view what) {
  if (!method.is_object()) return ok_status();
  const auto type = method.find("type"sv);
  const auto mb = method.find("publicKeyMultibase"sv);
  if (type == method.end() || !type->is_string() ||
      type->get_ref<const std::string&>() != did::kTypeMultikey || mb == method.end() ||
      !mb->is_string() || method.contains("publicKeyJwk"sv)) {
    return ok_status();
  }
  auto raw = multikey_ed25519_raw(mb->get_ref<const std::string&>());
  if (!raw || std::find(seen.begin(), seen.end(), *raw) != seen.end()) return ok_status();
  auto eighth = crypto::ed25519_eighth(*raw);
  if (!eighth) return eighth.error().within(what);
  if (out.size() >= limit) {
    return Error(ErrorCode::kOutOfRange,
                 "more than " + std::to_string(limit) + " Ed25519 keys to prove with eighths",
                 std::string(what));
  }
  seen.push_back(std::move(*raw));
  out.push_back(std::move(*eighth));
  return ok_status();
}

}  // namespace

Result<Json> materialize_genesis(Json genesis, std::string_view did, did::Document* document) {
  PLX_TRY(did::Document model, completed_model(genesis, did));
  if (document != nullptr) *document = std::move(model);
  return genesis;
}

Result<Json> relative_document(Json full, std::string_view did) {
  if (!full.is_object()) return malformed("a DID document is a JSON object", "");
  auto id = full.find("id"sv);
  if (id == full.end() || !id->is_string() || id->get_ref<const std::string&>() != did) {
    return malformed("the document's id is not " + std::string(did), "/id");
  }
  full.erase(id);
  PLX_RETURN_IF_ERROR(for_each_reference(
      full,
      [&](Json& m, const auto& where) -> Status {
        if (auto it = m.find("id"sv); it != m.end() && !relativize(*it, did)) {
          return malformed("a relative method id has no stored form", where() + "/id");
        }
        auto c = m.find("controller"sv);
        if (c == m.end()) {
          return malformed("a verification method without a controller has no stored form",
                           where() + "/controller");
        }
        if (c->is_string() && c->get_ref<const std::string&>() == did) m.erase(c);
        return ok_status();
      },
      [&](Json& ref, const auto& where) -> Status {
        if (!relativize(ref, did)) {
          return malformed("a relative reference has no stored form", where());
        }
        return ok_status();
      }));
  return full;
}

Result<did::Document> document_from_stored(std::string_view text, std::string_view did,
                                           Json* full) {
  PLX_TRY(Json doc, json_parse(text));
  PLX_TRY(did::Document model, completed_model(doc, did));
  if (full != nullptr) *full = std::move(doc);
  return model;
}

// ---- payloads ----

Bytes CreateDidPayload::encode() const {
  return encode_with(document.size() + 4 + signer_key_eighth.size() + 32 * key_eighths.size(),
                     [&](Writer& w) {
                       w.string(document).fixed(signer_key_eighth);
                       for (const Bytes& e : key_eighths) w.fixed(e);
                     });
}

Result<CreateDidPayload> CreateDidPayload::decode(ByteSpan data) {
  return decode_all<CreateDidPayload>(data, "create_did payload",
                                      [](Reader& r, CreateDidPayload& p) -> Status {
    PLX_TRY(p.document, r.string("create_did document", kMaxPayloadLength));
    PLX_TRY(std::vector<ByteSpan> eighths, read_key_eighths(r, "create_did key eighths"));
    if (!eighths.empty()) p.signer_key_eighth.assign(eighths[0].begin(), eighths[0].end());
    for (std::size_t i = 1; i < eighths.size(); ++i) {
      p.key_eighths.emplace_back(eighths[i].begin(), eighths[i].end());
    }
    return ok_status();
  });
}

Result<ByteSpan> create_did_signer_key_eighth(ByteSpan payload) {
  Reader r(payload);
  if (auto document = r.bytes_view("create_did document", kMaxPayloadLength); !document) {
    return document.error();
  }
  PLX_TRY(std::vector<ByteSpan> eighths, read_key_eighths(r, "create_did key eighths"));
  PLX_RETURN_IF_ERROR(r.expect_end("create_did payload"));
  return eighths.empty() ? ByteSpan() : eighths[0];
}

std::optional<Bytes> multikey_ed25519_raw(std::string_view public_key_multibase) {
  if (public_key_multibase.empty() || public_key_multibase.front() != 'z') return std::nullopt;
  auto mb = multibase_decode(public_key_multibase);
  if (!mb) return std::nullopt;
  auto mc = multicodec_unwrap(mb->data);
  if (!mc || mc->code != static_cast<std::uint64_t>(Multicodec::kEd25519Pub) ||
      mc->data.size() != 32) {
    return std::nullopt;
  }
  return std::move(mc->data);
}

Result<CreateDidPayload> CreateDidPayload::for_signer(std::string document,
                                                      ByteSpan signer_public_key) {
  CreateDidPayload p{std::move(document), {}};
  PLX_TRY(MulticodecValue mc, multicodec_unwrap(signer_public_key));
  if (mc.code != static_cast<std::uint64_t>(Multicodec::kEd25519Pub)) return p;
  auto eighth = crypto::ed25519_eighth(mc.data);
  if (!eighth) return eighth.error().within("signer_public_key");
  p.signer_key_eighth = std::move(*eighth);
  // The document's other Ed25519 keys, as execution will read them: a document that does not
  // parse gets none (execution reports it).
  auto doc = json_parse(p.document);
  if (!doc || !doc->is_object()) return p;
  std::vector<Bytes> seen{mc.data};
  const auto methods = [&](const Json& list, std::string_view where) -> Status {
    if (!list.is_array()) return ok_status();
    for (const Json& m : list) {
      PLX_RETURN_IF_ERROR(add_method_key_eighth(m, p.key_eighths, kMaxKeyEighths - 1, seen, where));
    }
    return ok_status();
  };
  if (auto vm = doc->find("verificationMethod"sv); vm != doc->end()) {
    PLX_RETURN_IF_ERROR(methods(*vm, "verificationMethod"));
  }
  for (did::Relationship r : did::kAllRelationships) {
    if (auto rel = doc->find(did::relationship_name(r)); rel != doc->end()) {
      PLX_RETURN_IF_ERROR(methods(*rel, did::relationship_name(r)));
    }
  }
  return p;
}

PatchOp PatchOp::add_verification_method(std::string method_json, RelationshipMask rel) {
  return make_patch(PatchKind::kAddVerificationMethod, std::move(method_json), {}, rel);
}
PatchOp PatchOp::remove_verification_method(std::string id) {
  return make_patch(PatchKind::kRemoveVerificationMethod, {}, std::move(id), 0);
}
PatchOp PatchOp::add_service(std::string service_json) {
  return make_patch(PatchKind::kAddService, std::move(service_json), {}, 0);
}
PatchOp PatchOp::remove_service(std::string id) {
  return make_patch(PatchKind::kRemoveService, {}, std::move(id), 0);
}
PatchOp PatchOp::set_controller(std::vector<std::string> controllers) {
  PatchOp p = make_patch(PatchKind::kSetController, {}, {}, 0);
  p.controllers = std::move(controllers);
  return p;
}
PatchOp PatchOp::set_relationships(std::string id, RelationshipMask rel) {
  return make_patch(PatchKind::kSetRelationships, {}, std::move(id), rel);
}

Bytes UpdateDidPayload::encode() const {
  return encode_with(256, [&](Writer& w) {
    w.string(did).varint(ops.size());
    for (const PatchOp& op : ops) {
      w.u8(static_cast<std::uint8_t>(op.kind));
      switch (op.kind) {
        case PatchKind::kAddVerificationMethod:
          w.string(op.json).u8(op.relationships);
          break;
        case PatchKind::kAddService:
          w.string(op.json);
          break;
        case PatchKind::kRemoveVerificationMethod:
        case PatchKind::kRemoveService:
          w.string(op.id);
          break;
        case PatchKind::kSetController:
          w.varint(op.controllers.size());
          for (const auto& c : op.controllers) w.string(c);
          break;
        case PatchKind::kSetRelationships:
          w.string(op.id).u8(op.relationships);
          break;
      }
    }
    for (const Bytes& e : key_eighths) w.fixed(e);
  });
}

Status UpdateDidPayload::add_published_key_eighths() {
  key_eighths.clear();
  std::vector<Bytes> seen;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != PatchKind::kAddVerificationMethod) continue;
    auto method = json_parse(ops[i].json);
    if (!method) continue;
    PLX_RETURN_IF_ERROR(add_method_key_eighth(*method, key_eighths, kMaxKeyEighths, seen,
                                              "ops/" + std::to_string(i)));
  }
  return ok_status();
}

namespace {

Status read_update_did(Reader& r, UpdateDidPayload& p) {
  PLX_TRY(p.did, r.string("update_did did", kMaxDidLength));
  PLX_TRY(std::size_t n, read_count(r, "update_did op count", 1, kMaxPatchOps));
  p.ops.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string field = "update_did op " + std::to_string(i);
    const std::size_t at = r.offset();
    PLX_TRY(std::uint8_t kind, r.u8(field));
    PatchOp op;
    switch (kind) {
      case 1: {
        PLX_TRY(op.json, r.string(field + " method", kMaxPayloadLength));
        PLX_TRY(op.relationships, read_mask(r, field + " relationships"));
        break;
      }
      case 2:
      case 4: {
        PLX_TRY(op.id, r.string(field + " id", kMaxDidLength));
        break;
      }
      case 3: {
        PLX_TRY(op.json, r.string(field + " service", kMaxPayloadLength));
        break;
      }
      case 5: {
        PLX_TRY(std::size_t c, read_count(r, field + " controller count", 0, kMaxControllers));
        for (std::size_t k = 0; k < c; ++k) {
          PLX_TRY(std::string d, r.string(field + " controller", kMaxDidLength));
          op.controllers.push_back(std::move(d));
        }
        break;
      }
      case 6: {
        PLX_TRY(op.id, r.string(field + " id", kMaxDidLength));
        PLX_TRY(op.relationships, read_mask(r, field + " relationships"));
        break;
      }
      default:
        return r.error_at(field, "unknown patch kind " + std::to_string(kind), at);
    }
    op.kind = static_cast<PatchKind>(kind);
    p.ops.push_back(std::move(op));
  }
  PLX_TRY(std::vector<ByteSpan> eighths, read_key_eighths(r, "update_did key eighths"));
  for (ByteSpan e : eighths) p.key_eighths.emplace_back(e.begin(), e.end());
  return ok_status();
}

}  // namespace

Result<UpdateDidPayload> UpdateDidPayload::decode(ByteSpan data) {
  return decode_all<UpdateDidPayload>(data, "update_did payload", read_update_did);
}

Bytes DeactivateDidPayload::encode() const {
  return encode_with(did.size() + 2, [&](Writer& w) { w.string(did); });
}

Result<DeactivateDidPayload> DeactivateDidPayload::decode(ByteSpan data) {
  return decode_all<DeactivateDidPayload>(data, "deactivate_did payload",
                                          [](Reader& r, DeactivateDidPayload& p) -> Status {
    PLX_TRY(p.did, r.string("deactivate_did did", kMaxDidLength));
    return ok_status();
  });
}

Bytes CreateStatusListPayload::encode() const {
  return encode_with(list_id.size() + purpose.size() + 8, [&](Writer& w) {
    w.string(list_id).u32(size_bits).string(purpose);
  });
}

Result<CreateStatusListPayload> CreateStatusListPayload::decode(ByteSpan data) {
  return decode_all<CreateStatusListPayload>(data, "create_status_list payload",
                                             [](Reader& r, CreateStatusListPayload& p) -> Status {
    PLX_TRY(p.list_id, r.string("create_status_list list_id", 64));
    PLX_TRY(p.size_bits, r.u32("create_status_list size_bits"));
    PLX_TRY(p.purpose, r.string("create_status_list purpose", 32));
    return ok_status();
  });
}

Bytes UpdateStatusPayload::encode() const {
  return encode_with(issuer.size() + list_id.size() + 8 + changes.size() * 5, [&](Writer& w) {
    w.string(issuer).string(list_id).varint(changes.size());
    for (const StatusChange& c : changes) w.u32(c.index).u8(c.value ? 1 : 0);
  });
}

Result<UpdateStatusPayload> UpdateStatusPayload::decode(ByteSpan data) {
  return decode_all<UpdateStatusPayload>(data, "update_status payload",
                                         [](Reader& r, UpdateStatusPayload& p) -> Status {
    PLX_TRY(p.issuer, r.string("update_status issuer", kMaxDidLength));
    PLX_TRY(p.list_id, r.string("update_status list_id", 64));
    PLX_TRY(std::size_t n, read_count(r, "update_status change count", 1, kMaxStatusChanges));
    p.changes.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      StatusChange c;
      PLX_TRY(c.index, r.u32("update_status index"));
      const std::size_t at = r.offset();
      PLX_TRY(std::uint8_t v, r.u8("update_status value"));
      if (v > 1) return r.error_at("update_status value", "must be 0 or 1", at);
      c.value = v == 1;
      p.changes.push_back(c);
    }
    return ok_status();
  });
}

}  // namespace plx::ledger
