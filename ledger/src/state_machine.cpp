#include "plx/ledger/state_machine.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/did/did_url.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/state_keys.hpp"

namespace plx::ledger {
namespace {

using did::Relationship;

TxOutcome reject(OutcomeCode code, std::string_view reason) {
  return TxOutcome::reject(code, reason);
}
TxOutcome malformed(std::string_view what, const Error& e) {
  std::string r(what);
  r += ": ";
  r += e.message;
  if (!e.where.empty()) r += " (at " + e.where + ")";
  return reject(OutcomeCode::kMalformed, r);
}

// What an execution returns once a read has met a dependency (View::blocked): the engine throws
// this execution away, outcome included, and runs the transaction again later.
TxOutcome blocked_outcome() { return TxOutcome{}; }

// The outcome that stops the operation, or nothing to go on.
using Stop = std::optional<TxOutcome>;

#define PLX_SM_STOP(expr)               \
  do {                                  \
    if (Stop plx_stop_ = (expr)) return *plx_stop_; \
  } while (0)

// The DID of the signing verification method: tx.signer must be an absolute did:plx DID URL with
// a fragment and nothing else.
Result<std::string> signer_did(const Transaction& tx) {
  PLX_TRY(did::DidUrl url, did::DidUrl::parse(tx.signer));
  if (!url.fragment() || !url.path().empty() || url.query()) {
    return Error(ErrorCode::kMalformed, "the signer is a verification method: did:plx:...#key",
                 "signer");
  }
  if (url.did().method() != kPlxMethod) {
    return Error(ErrorCode::kMalformed, "the signer is not a did:plx DID", "signer");
  }
  return url.did().to_string();
}

struct Loaded {
  DidRecord record;
  Bytes raw;  // the stored bytes of `record`, which the next version's `previous` hashes
  bool found = false;
};

// Reads and decodes the record of `did`. Stop on a dependency or an undecodable record.
Stop load_record(View& view, std::string_view did, Loaded& out) {
  auto raw = view.read(keys::did_record(did));
  if (view.blocked()) return blocked_outcome();
  if (!raw) return std::nullopt;
  auto rec = DidRecord::decode(*raw);
  if (!rec) return malformed("stored record of " + std::string(did), rec.error());
  out.record = std::move(*rec);
  out.raw = std::move(*raw);
  out.found = true;
  return std::nullopt;
}

// Whether `doc` lists tx.signer under capabilityInvocation with exactly tx.signer_public_key.
// The common case compares Multikey text; other forms of key material are decoded and compared
// as keys.
std::optional<std::string> key_refusal(const did::Document& doc, const Transaction& tx) {
  if (!doc.is_authorized(Relationship::kCapabilityInvocation, tx.signer)) {
    return tx.signer + " is not a capabilityInvocation method of " + doc.id.to_string();
  }
  const did::VerificationMethod* vm = doc.find_verification_method(tx.signer);
  if (vm == nullptr) return tx.signer + " is not a verification method of " + doc.id.to_string();
  if (vm->public_key_multibase &&
      *vm->public_key_multibase == "z" + base58btc_encode(tx.signer_public_key)) {
    return std::nullopt;
  }
  auto key = did::verification_method_public_key(*vm);
  if (!key) return tx.signer + " has unusable key material: " + key.error().message;
  auto mk = multikey_bytes(*key);
  if (!mk || *mk != tx.signer_public_key) {
    return "signer_public_key is not the key of " + tx.signer;
  }
  return std::nullopt;
}

// ---- parsed stored documents ----

// A stored document, parsed, and the answer of key_refusal for the last signer checked
// against it.
struct ParsedDoc {
  std::string did;  // whose stored text this is (a text is relative to its DID)
  did::Document doc;
  std::string checked_signer;
  Bytes checked_key;
  std::optional<std::string> refusal;
};

// Every update, deactivation and status change parses the current document of a DID (and maybe
// of its controller), and an issuer's document is read by each of its revocations. Parsing is a
// pure function of the stored text and its DID, so each thread keeps the documents it parsed,
// keyed by the exact text, with the DID checked on a hit (two DIDs may store the same relative
// text): a hit returns what parsing that text again would return. A text is kept the second
// time it is parsed (a 64-bit hash remembers the first), so that documents read once, the common
// case of uniform updates, cost no copy into the cache. The cache is emptied when it grows past
// kDocCacheSize, and when an executor starts a block (new_document_cache_epoch), so that a
// block's execution time never depends on what earlier executions parsed.
constexpr std::size_t kDocCacheSize = 1024;
constexpr std::size_t kSeenSlots = 4096;  // hashes of texts parsed once, direct-mapped
std::atomic<std::uint64_t> g_doc_epoch{0};

struct DocCache {
  std::uint64_t epoch = 0;
  std::unordered_map<std::string, std::shared_ptr<ParsedDoc>> docs;
  std::vector<std::size_t> seen = std::vector<std::size_t>(kSeenSlots, 0);
};

Result<std::shared_ptr<ParsedDoc>> parsed_document(std::string_view did, const std::string& text) {
  thread_local DocCache cache;
  const std::uint64_t epoch = g_doc_epoch.load(std::memory_order_relaxed);
  if (cache.epoch != epoch) {
    cache.docs.clear();
    std::fill(cache.seen.begin(), cache.seen.end(), 0);
    cache.epoch = epoch;
  }
  auto it = cache.docs.find(text);
  if (it != cache.docs.end() && it->second->did == did) return it->second;
  PLX_TRY(did::Document doc, document_from_stored(text, did));
  auto parsed = std::make_shared<ParsedDoc>(
      ParsedDoc{std::string(did), std::move(doc), {}, {}, std::nullopt});
  if (it != cache.docs.end()) return parsed;  // the same text under another DID: that one stays
  const std::size_t h = std::hash<std::string>{}(text) | 1;  // 0 marks an empty slot
  std::size_t& slot = cache.seen[h % kSeenSlots];
  if (slot == h) {
    if (cache.docs.size() >= kDocCacheSize) cache.docs.clear();
    cache.docs.emplace(text, parsed);
  } else {
    slot = h;
  }
  return parsed;
}

// key_refusal, remembered per document for the last (signer, key) pair.
std::optional<std::string> key_refusal(ParsedDoc& p, const Transaction& tx) {
  if (p.checked_signer != tx.signer || p.checked_key != tx.signer_public_key) {
    p.refusal = key_refusal(p.doc, tx);
    p.checked_signer = tx.signer;
    p.checked_key = tx.signer_public_key;
  }
  return p.refusal;
}

// The DID's leaf (state_keys.hpp), which exists with its record: a caller that found the record
// finds the leaf.
Stop load_leaf(View& view, std::string_view did, DidLeaf& leaf) {
  auto raw = view.read(keys::nonce(did));
  if (view.blocked()) return blocked_outcome();
  if (!raw) {
    return malformed("stored leaf of " + std::string(did),
                     Error(ErrorCode::kMalformed, "the DID has a record but no leaf"));
  }
  auto decoded = DidLeaf::decode(*raw);
  if (!decoded) return malformed("stored leaf of " + std::string(did), decoded.error());
  leaf = *decoded;
  return std::nullopt;
}

// Step 5 for a signer whose record was found: its leaf, with the nonce the transaction must carry.
Stop check_nonce(View& view, const Transaction& tx, std::string_view did, DidLeaf& leaf) {
  PLX_SM_STOP(load_leaf(view, did, leaf));
  if (tx.nonce != leaf.next_nonce) {
    return reject(OutcomeCode::kBadNonce, "nonce " + std::to_string(tx.nonce) + ", expected " +
                                              std::to_string(leaf.next_nonce) + " for " +
                                              std::string(did));
  }
  return std::nullopt;
}

// ---- published keys ----

// The Ed25519 keys a payload's eighths prove (operations.hpp: CreateDidPayload::key_eighths,
// UpdateDidPayload::key_eighths). A method publishing one of them as a Multikey skips the
// prime-order check's multiplication by L; each eighth must prove a key the payload publishes.
class ProvenKeys {
 public:
  // Stops with kMalformed for an eighth that proves no key (small order, not a point).
  Stop add(std::span<const Bytes> eighths) {
    for (std::size_t i = 0; i < eighths.size(); ++i) {
      auto key = crypto::ed25519_key_of_eighth(eighths[i]);
      if (!key) return malformed("payload: key eighth " + std::to_string(i), key.error());
      keys_.push_back(Entry{std::move(*key), false});
    }
    return std::nullopt;
  }

  // Whether `vm` publishes, as a Multikey, an Ed25519 key an eighth proved (then marked used).
  bool proves(const did::VerificationMethod& vm) {
    if (keys_.empty() || vm.type != did::kTypeMultikey || vm.public_key_jwk ||
        !vm.public_key_multibase) {
      return false;
    }
    const auto raw = multikey_ed25519_raw(*vm.public_key_multibase);
    if (!raw) return false;
    for (Entry& e : keys_) {
      if (e.key == *raw) {
        e.used = true;
        return true;
      }
    }
    return false;
  }

  // Stops with kMalformed when some eighth proved no key the payload published.
  Stop all_used(std::string_view what) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (!keys_[i].used) {
        return reject(OutcomeCode::kMalformed, "payload: key eighth " + std::to_string(i) +
                                                   " proves no Ed25519 key " + std::string(what));
      }
    }
    return std::nullopt;
  }

 private:
  struct Entry {
    Bytes key;
    bool used;
  };
  std::vector<Entry> keys_;  // a few: a linear search beats hashing
};

// The key of a method that a document is to publish must be usable: proven by an eighth, or
// parsed in full (for Ed25519, the multiplication by L).
Stop check_method_key(const did::VerificationMethod& vm, ProvenKeys& proven,
                      const std::string& what) {
  if (proven.proves(vm)) return std::nullopt;
  if (auto key = did::verification_method_public_key(vm); !key) return malformed(what, key.error());
  return std::nullopt;
}

// ---- create ----

// Every key the genesis document publishes must be usable, as add_verification_method requires
// of a key an update adds (docs/did-plx-method.md §5.1): a document never stores key material
// that no verifier can use, and every Ed25519 key it stores lies in the prime-order subgroup,
// which the stateless check of later operations relies on (transaction.hpp). The signer's own
// Multikey method is not checked again: the stateless check of a create checked that key fully,
// and execution runs only on transactions that passed it.
Stop check_document_keys(const did::Document& doc, const Transaction& tx, ProvenKeys& proven) {
  const std::string signer_text = "z" + base58btc_encode(tx.signer_public_key);
  const auto check = [&](const did::VerificationMethod& vm) -> Stop {
    if (vm.type == did::kTypeMultikey && !vm.public_key_jwk &&
        vm.public_key_multibase == signer_text) {
      return std::nullopt;
    }
    return check_method_key(vm, proven, "genesis document: key of " + vm.id);
  };
  for (const did::VerificationMethod& vm : doc.verification_method) PLX_SM_STOP(check(vm));
  for (Relationship r : did::kAllRelationships) {
    for (const did::MethodEntry& e : doc.relationship(r)) {
      if (const did::VerificationMethod* vm = e.embedded()) PLX_SM_STOP(check(*vm));
    }
  }
  return std::nullopt;
}

TxOutcome create_did(const Transaction& tx, const BlockContext& ctx, View& view) {
  auto p = CreateDidPayload::decode(tx.payload);
  if (!p) return malformed("payload", p.error());
  // An eighth proves an Ed25519 key's subgroup (operations.hpp); other keys have no cofactor.
  // The key is read as Multikey bytes, not by its first byte: apply_transaction takes any tx.
  const auto signer_codec = multicodec_unwrap(tx.signer_public_key);
  if (!p->signer_key_eighth.empty() &&
      (!signer_codec ||
       signer_codec->code != static_cast<std::uint64_t>(Multicodec::kEd25519Pub))) {
    return reject(OutcomeCode::kMalformed,
                  "payload: a signer_key_eighth is only for an Ed25519 signer_public_key");
  }
  auto genesis = json_parse(p->document);
  if (!genesis) return malformed("genesis document", genesis.error());
  // The canonical genesis text is also the document's stored form (relative_document).
  std::string text;
  auto did = derive_did_plx_from_json(*genesis, &text);
  if (!did) return malformed("genesis document", did.error());
  auto signer = signer_did(tx);
  if (!signer) return malformed("signer", signer.error());
  if (*signer != *did) {
    return reject(OutcomeCode::kUnauthorized,
                  "a create is signed by a key of the DID it creates, " + *did);
  }
  auto parsed_did = did::Did::parse(*did);
  if (!parsed_did) return malformed("derived DID", parsed_did.error());
  did::Document doc(*parsed_did);
  auto full = materialize_genesis(std::move(*genesis), *did, &doc);
  if (!full) return malformed("genesis document", full.error());
  ProvenKeys proven;
  PLX_SM_STOP(proven.add(p->key_eighths));
  PLX_SM_STOP(check_document_keys(doc, tx, proven));
  PLX_SM_STOP(proven.all_used("that the genesis document publishes besides the signer's"));

  Loaded existing;
  PLX_SM_STOP(load_record(view, *did, existing));
  if (existing.found) return reject(OutcomeCode::kAlreadyExists, *did + " exists already");
  if (auto why = key_refusal(doc, tx)) return reject(OutcomeCode::kUnauthorized, *why);
  if (tx.nonce != 0) {
    return reject(OutcomeCode::kBadNonce,
                  "nonce " + std::to_string(tx.nonce) + ", expected 0 for a create");
  }
  DidRecord rec{std::move(text), 1,     ctx.time,     ctx.time, ctx.height,
                ctx.height,      false, std::nullopt, {}};
  Bytes encoded = rec.encode();
  const DidLeaf leaf{1, state_value_hash(encoded)};
  view.write(keys::did_record(*did), std::move(encoded));
  view.write(keys::nonce(*did), leaf.encode());
  return TxOutcome{};
}

// ---- authorization of update / deactivate ----

struct Target {
  std::string did;
  Loaded loaded;
  std::shared_ptr<ParsedDoc> doc;  // the parsed current document (shared with the cache)
  std::string signer;
  DidLeaf signer_leaf;
  DidLeaf target_leaf;  // when a controller signs: the target's own leaf, rewritten with its record
};

// Steps 3-5 for an operation on an existing DID.
Stop authorize_on_did(const Transaction& tx, std::string_view target_did, View& view,
                      Target& t) {
  auto parsed = did::Did::parse(target_did);
  if (!parsed) return malformed("did", parsed.error());
  if (parsed->method() != kPlxMethod) {
    return reject(OutcomeCode::kMalformed, std::string(target_did) + " is not a did:plx DID");
  }
  t.did = std::string(target_did);
  auto signer = signer_did(tx);
  if (!signer) return malformed("signer", signer.error());
  t.signer = *signer;
  PLX_SM_STOP(load_record(view, t.did, t.loaded));
  if (!t.loaded.found) return reject(OutcomeCode::kNotFound, t.did + " is not on this ledger");
  if (t.loaded.record.deactivated) {
    return reject(OutcomeCode::kDeactivated, t.did + " is deactivated");
  }
  auto doc = parsed_document(t.did, t.loaded.record.document);
  if (!doc) return malformed("stored document of " + t.did, doc.error());
  t.doc = std::move(*doc);
  if (t.signer == t.did) {
    if (auto why = key_refusal(*t.doc, tx)) return reject(OutcomeCode::kUnauthorized, *why);
  } else {
    bool is_controller = false;
    for (const did::Did& c : t.doc->doc.controller) is_controller |= c.to_string() == t.signer;
    if (!is_controller) {
      return reject(OutcomeCode::kUnauthorized,
                    t.signer + " is neither " + t.did + " nor one of its controllers");
    }
    Loaded ctrl;
    PLX_SM_STOP(load_record(view, t.signer, ctrl));
    if (!ctrl.found) {
      return reject(OutcomeCode::kUnauthorized, "controller " + t.signer + " is not on this ledger");
    }
    if (ctrl.record.deactivated) {
      return reject(OutcomeCode::kDeactivated, "controller " + t.signer + " is deactivated");
    }
    auto cdoc = parsed_document(t.signer, ctrl.record.document);
    if (!cdoc) return malformed("stored document of " + t.signer, cdoc.error());
    if (auto why = key_refusal(**cdoc, tx)) return reject(OutcomeCode::kUnauthorized, *why);
    PLX_SM_STOP(load_leaf(view, t.did, t.target_leaf));
  }
  return check_nonce(view, tx, t.signer, t.signer_leaf);
}

void write_new_version(View& view, const BlockContext& ctx, Target& t, std::string document,
                       bool deactivated) {
  const DidRecord& prior = t.loaded.record;
  DidRecord rec;
  rec.document = std::move(document);
  rec.created = prior.created;
  rec.created_height = prior.created_height;
  rec.updated = ctx.time;
  rec.updated_height = ctx.height;
  rec.deactivated = deactivated;
  rec.link_after(prior, t.loaded.raw);  // version_id, previous, checkpoints
  // The version this one supersedes goes to the store's history under its write-once key: the
  // store keeps a DID's current record in its latest state only (store.hpp).
  view.write(keys::did_version(t.did, prior.version_id), t.loaded.raw);
  Bytes encoded = rec.encode();
  const Hash record_hash = state_value_hash(encoded);
  view.write(keys::did_record(t.did), std::move(encoded));
  // The signer's nonce and the target's record: one leaf when the DID signs for itself.
  if (t.signer == t.did) {
    view.write(keys::nonce(t.did), DidLeaf{t.signer_leaf.next_nonce + 1, record_hash}.encode());
  } else {
    view.write(keys::nonce(t.signer),
               DidLeaf{t.signer_leaf.next_nonce + 1, t.signer_leaf.record}.encode());
    view.write(keys::nonce(t.did), DidLeaf{t.target_leaf.next_nonce, record_hash}.encode());
  }
}

// ---- update ----

bool same_id(std::string_view a, std::string_view b, std::string_view did) {
  return absolute_id(a, did) == absolute_id(b, did);
}

void drop_from_relationships(did::Document& doc, std::string_view id, std::string_view did) {
  for (Relationship r : did::kAllRelationships) {
    auto& entries = doc.relationship(r);
    std::erase_if(entries, [&](const did::MethodEntry& e) { return same_id(e.id(), id, did); });
  }
}

Stop apply_patch(did::Document& doc, const PatchOp& op, std::size_t index, ProvenKeys& proven) {
  const std::string did = doc.id.to_string();
  const std::string at = "op " + std::to_string(index) + ": ";
  switch (op.kind) {
    case PatchKind::kAddVerificationMethod: {
      auto j = json_parse(op.json);
      if (!j) return malformed(at + "verification method", j.error());
      auto full = materialize_member(*j, did, true);
      if (!full) return malformed(at + "verification method", full.error());
      auto vm = did::verification_method_from_json(*full, doc.id);
      if (!vm) return malformed(at + "verification method", vm.error());
      if (doc.find_verification_method(absolute_id(vm->id, did)) != nullptr) {
        return reject(OutcomeCode::kAlreadyExists, at + "method " + vm->id + " exists already");
      }
      // A key that cannot be used is refused now rather than discovered at the next update.
      PLX_SM_STOP(check_method_key(*vm, proven, at + "verification method key"));
      const std::string id = absolute_id(vm->id, did);
      doc.verification_method.push_back(std::move(*vm));
      for (Relationship r : did::kAllRelationships) {
        if (op.relationships & relationship_bit(r)) {
          doc.relationship(r).push_back(did::MethodEntry::reference(id));
        }
      }
      return std::nullopt;
    }
    case PatchKind::kRemoveVerificationMethod: {
      auto& vms = doc.verification_method;
      auto it = std::find_if(vms.begin(), vms.end(), [&](const did::VerificationMethod& m) {
        return same_id(m.id, op.id, did);
      });
      bool embedded = false;
      for (Relationship r : did::kAllRelationships) {
        for (const auto& e : doc.relationship(r)) embedded |= !e.is_reference() && same_id(e.id(), op.id, did);
      }
      if (it == vms.end() && !embedded) {
        return reject(OutcomeCode::kNotFound, at + "no verification method " + op.id);
      }
      if (it != vms.end()) vms.erase(it);
      drop_from_relationships(doc, op.id, did);
      return std::nullopt;
    }
    case PatchKind::kAddService: {
      auto j = json_parse(op.json);
      if (!j) return malformed(at + "service", j.error());
      auto full = materialize_member(*j, did, false);
      if (!full) return malformed(at + "service", full.error());
      auto svc = did::service_from_json(*full);
      if (!svc) return malformed(at + "service", svc.error());
      if (doc.find_service(absolute_id(svc->id, did)) != nullptr) {
        return reject(OutcomeCode::kAlreadyExists, at + "service " + svc->id + " exists already");
      }
      doc.service.push_back(std::move(*svc));
      return std::nullopt;
    }
    case PatchKind::kRemoveService: {
      const auto before = doc.service.size();
      std::erase_if(doc.service, [&](const did::Service& s) { return same_id(s.id, op.id, did); });
      if (doc.service.size() == before) {
        return reject(OutcomeCode::kNotFound, at + "no service " + op.id);
      }
      return std::nullopt;
    }
    case PatchKind::kSetController: {
      std::vector<did::Did> controllers;
      for (const std::string& c : op.controllers) {
        auto d = did::Did::parse(c);
        if (!d) return malformed(at + "controller", d.error());
        if (std::find(controllers.begin(), controllers.end(), *d) != controllers.end()) {
          return reject(OutcomeCode::kMalformed, at + "controller " + c + " listed twice");
        }
        controllers.push_back(std::move(*d));
      }
      doc.controller = std::move(controllers);
      doc.controller_is_set = doc.controller.size() > 1;
      return std::nullopt;
    }
    case PatchKind::kSetRelationships: {
      if (doc.find_verification_method(absolute_id(op.id, did)) == nullptr) {
        return reject(OutcomeCode::kNotFound, at + "no verification method " + op.id);
      }
      const std::string id = absolute_id(op.id, did);
      for (Relationship r : did::kAllRelationships) {
        auto& entries = doc.relationship(r);
        // An embedded method cannot be re-referenced elsewhere without duplicating it.
        for (const auto& e : entries) {
          if (!e.is_reference() && same_id(e.id(), id, did)) {
            return reject(OutcomeCode::kMalformed,
                          at + op.id + " is embedded in a relationship; add it as a method");
          }
        }
        std::erase_if(entries, [&](const did::MethodEntry& e) { return same_id(e.id(), id, did); });
        if (op.relationships & relationship_bit(r)) entries.push_back(did::MethodEntry::reference(id));
      }
      return std::nullopt;
    }
  }
  return reject(OutcomeCode::kMalformed, at + "unknown patch kind");
}

TxOutcome update_did(const Transaction& tx, const BlockContext& ctx, View& view) {
  auto p = UpdateDidPayload::decode(tx.payload);
  if (!p) return malformed("payload", p.error());
  Target t;
  PLX_SM_STOP(authorize_on_did(tx, p->did, view, t));
  // A copy when the parse is cached (the cached one must stay that of the stored text).
  did::Document doc = t.doc.use_count() == 1 ? std::move(t.doc->doc) : t.doc->doc;
  ProvenKeys proven;
  PLX_SM_STOP(proven.add(p->key_eighths));
  for (std::size_t i = 0; i < p->ops.size(); ++i) {
    PLX_SM_STOP(apply_patch(doc, p->ops[i], i, proven));
  }
  PLX_SM_STOP(proven.all_used("that the update adds"));
  // The document model decides whether the result is a valid DID document (unique ids,
  // resolvable references, ...).
  Json j = did::document_to_json(doc);
  auto check = did::document_from_json(j);
  if (!check) return malformed("updated document", check.error());
  for (const auto& e : check->capability_invocation) {
    if (e.is_reference() && check->find_verification_method(e.id()) == nullptr) {
      return reject(OutcomeCode::kMalformed,
                    "updated document: capabilityInvocation references a missing method " + e.id());
    }
  }
  if (check->capability_invocation.empty() && check->controller.empty()) {
    return reject(OutcomeCode::kMalformed,
                  "updated document would have no capabilityInvocation method and no "
                  "controller: nobody could update or deactivate it (deactivate it instead)");
  }
  auto stored = relative_document(std::move(j), t.did);
  if (!stored) return malformed("updated document", stored.error());
  auto text = jcs_canonicalize(*stored);
  if (!text) return malformed("updated document", text.error());
  write_new_version(view, ctx, t, std::move(*text), false);
  return TxOutcome{};
}

TxOutcome deactivate_did(const Transaction& tx, const BlockContext& ctx, View& view) {
  auto p = DeactivateDidPayload::decode(tx.payload);
  if (!p) return malformed("payload", p.error());
  Target t;
  PLX_SM_STOP(authorize_on_did(tx, p->did, view, t));
  std::string document = t.loaded.record.document;
  write_new_version(view, ctx, t, std::move(document), true);
  return TxOutcome{};
}

// ---- status lists ----

// Steps 3-5 for the issuer of a status list (the signer's own DID).
Stop authorize_issuer(const Transaction& tx, const std::string& issuer, View& view, DidLeaf& leaf) {
  Loaded rec;
  PLX_SM_STOP(load_record(view, issuer, rec));
  if (!rec.found) return reject(OutcomeCode::kNotFound, "issuer " + issuer + " is not on this ledger");
  if (rec.record.deactivated) {
    return reject(OutcomeCode::kDeactivated, "issuer " + issuer + " is deactivated");
  }
  auto doc = parsed_document(issuer, rec.record.document);
  if (!doc) return malformed("stored document of " + issuer, doc.error());
  if (auto why = key_refusal(**doc, tx)) return reject(OutcomeCode::kUnauthorized, *why);
  return check_nonce(view, tx, issuer, leaf);
}

TxOutcome create_status_list(const Transaction& tx, View& view) {
  auto p = CreateStatusListPayload::decode(tx.payload);
  if (!p) return malformed("payload", p.error());
  if (auto s = check_list_id(p->list_id); !s) return malformed("list_id", s.error());
  if (!is_status_purpose(p->purpose)) {
    return reject(OutcomeCode::kMalformed, "purpose must be \"revocation\" or \"suspension\"");
  }
  if (p->size_bits == 0 || p->size_bits > kMaxStatusListBits) {
    return reject(OutcomeCode::kOutOfRange, "size_bits " + std::to_string(p->size_bits) +
                                                " outside 1.." + std::to_string(kMaxStatusListBits));
  }
  auto issuer = signer_did(tx);
  if (!issuer) return malformed("signer", issuer.error());
  DidLeaf leaf;
  PLX_SM_STOP(authorize_issuer(tx, *issuer, view, leaf));
  const Bytes meta_key = keys::status_meta(*issuer, p->list_id);
  auto existing = view.read(meta_key);
  if (view.blocked()) return blocked_outcome();
  if (existing) {
    return reject(OutcomeCode::kAlreadyExists, "status list " + p->list_id + " of " + *issuer +
                                                   " exists already");
  }
  view.write(meta_key, StatusListMeta{p->size_bits, p->purpose, kStatusChunkBits}.encode());
  view.write(keys::nonce(*issuer), DidLeaf{leaf.next_nonce + 1, leaf.record}.encode());
  return TxOutcome{};
}

TxOutcome update_status(const Transaction& tx, View& view) {
  auto p = UpdateStatusPayload::decode(tx.payload);
  if (!p) return malformed("payload", p.error());
  if (auto s = check_list_id(p->list_id); !s) return malformed("list_id", s.error());
  if (auto d = did::Did::parse(p->issuer); !d) return malformed("issuer", d.error());
  auto signer = signer_did(tx);
  if (!signer) return malformed("signer", signer.error());
  if (*signer != p->issuer) {
    return reject(OutcomeCode::kUnauthorized,
                  "only keys of the issuer " + p->issuer + " may change its status lists");
  }
  DidLeaf leaf;
  PLX_SM_STOP(authorize_issuer(tx, p->issuer, view, leaf));
  auto raw_meta = view.read(keys::status_meta(p->issuer, p->list_id));
  if (view.blocked()) return blocked_outcome();
  if (!raw_meta) {
    return reject(OutcomeCode::kNotFound,
                  "no status list " + p->list_id + " of " + p->issuer);
  }
  auto meta = StatusListMeta::decode(*raw_meta);
  if (!meta) return malformed("stored status list metadata", meta.error());
  for (const StatusChange& c : p->changes) {
    if (c.index >= meta->size_bits) {
      return reject(OutcomeCode::kOutOfRange, "index " + std::to_string(c.index) +
                                                  " is outside the list of " +
                                                  std::to_string(meta->size_bits) + " bits");
    }
  }
  // Chunks in index order (std::map), each read once and written once.
  std::map<std::uint32_t, Bytes> chunks;
  for (const StatusChange& c : p->changes) {
    const std::uint32_t ci = c.index / meta->chunk_bits;
    auto it = chunks.find(ci);
    if (it == chunks.end()) {
      auto raw = view.read(keys::status_chunk(p->issuer, p->list_id, ci));
      if (view.blocked()) return blocked_outcome();
      Bytes chunk = raw ? std::move(*raw) : Bytes(meta->chunk_length(ci), 0);
      if (chunk.size() != meta->chunk_length(ci)) {
        return reject(OutcomeCode::kMalformed, "stored status chunk has the wrong length");
      }
      it = chunks.emplace(ci, std::move(chunk)).first;
    }
    set_chunk_bit(it->second, c.index % meta->chunk_bits, c.value);
  }
  for (auto& [ci, chunk] : chunks) {
    view.write(keys::status_chunk(p->issuer, p->list_id, ci), std::move(chunk));
  }
  view.write(keys::nonce(p->issuer), DidLeaf{leaf.next_nonce + 1, leaf.record}.encode());
  return TxOutcome{};
}

// The DID part of tx.signer, without parsing (for hints only).
std::string_view signer_prefix(const Transaction& tx) {
  std::string_view s = tx.signer;
  return s.substr(0, s.find('#'));
}

}  // namespace

void new_document_cache_epoch() noexcept { g_doc_epoch.fetch_add(1, std::memory_order_relaxed); }

TxOutcome apply_transaction(const Transaction& tx, const BlockContext& ctx, View& view) {
  if (tx.chain_id != ctx.chain_id) {
    return reject(OutcomeCode::kWrongChain,
                  "chain_id " + tx.chain_id + " is not this ledger's (" + ctx.chain_id + ")");
  }
  switch (tx.op) {
    case OpCode::kCreateDid: return create_did(tx, ctx, view);
    case OpCode::kUpdateDid: return update_did(tx, ctx, view);
    case OpCode::kDeactivateDid: return deactivate_did(tx, ctx, view);
    case OpCode::kCreateStatusList: return create_status_list(tx, view);
    case OpCode::kUpdateStatus: return update_status(tx, view);
  }
  return reject(OutcomeCode::kMalformed, "unknown operation " +
                                             std::to_string(static_cast<unsigned>(tx.op)));
}

void for_each_predicted_write(const Transaction& tx, const std::function<void(ByteSpan)>& sink) {
  // Lane planning calls this for every transaction of a block before any of them runs, on the
  // block's critical path: the payload's leading fields are read in place (nothing is decoded
  // into strings) and each key is built in one reused buffer, so a hint allocates nothing. The
  // sink must consume the key before returning. A payload that does not parse gives fewer hints,
  // which costs parallelism, never correctness: the executors check what really ran.
  thread_local Bytes key;
  const std::string_view signer = signer_prefix(tx);
  const auto emit = [&sink] { sink(key); };
  keys::nonce_into(key, signer);
  emit();
  Reader r(tx.payload);
  const auto text = [&r](std::size_t max_len) -> std::optional<std::string_view> {
    auto s = r.bytes_view("hint", max_len);
    if (!s) return std::nullopt;
    return as_string_view(*s);
  };
  switch (tx.op) {
    case OpCode::kCreateDid:
      keys::did_record_into(key, signer);
      emit();
      break;
    case OpCode::kUpdateDid:  // both payloads begin with the DID
    case OpCode::kDeactivateDid:
      if (auto did = text(kMaxDidLength)) {
        keys::did_record_into(key, *did);
        emit();
        // A controller's operation also rewrites the target's leaf (its record hash).
        if (*did != signer) {
          keys::nonce_into(key, *did);
          emit();
        }
      }
      break;
    case OpCode::kCreateStatusList:
      if (auto list_id = text(kMaxListIdLength)) {
        keys::status_meta_into(key, signer, *list_id);
        emit();
      }
      break;
    case OpCode::kUpdateStatus: {
      // issuer, list_id, varint count, then count x (u32 index, u8 value).
      const auto issuer = text(kMaxDidLength);
      const auto list_id = issuer ? text(kMaxListIdLength) : std::nullopt;
      auto count = r.varint("hint");
      if (!list_id || !count || *count > kMaxStatusChanges) break;
      std::uint32_t last = 0xffffffffu;
      for (std::uint64_t i = 0; i < *count; ++i) {
        auto index = r.u32("hint");
        if (!index || !r.u8("hint")) break;
        const std::uint32_t ci = *index / kStatusChunkBits;
        if (ci != last) {
          keys::status_chunk_into(key, *issuer, *list_id, ci);
          emit();
        }
        last = ci;
      }
      break;
    }
  }
}

std::vector<Bytes> predicted_writes(const Transaction& tx) {
  std::vector<Bytes> keys;
  keys.reserve(3);  // the nonce and two more for every operation but multi-chunk status updates
  for_each_predicted_write(tx, [&](ByteSpan key) { keys.emplace_back(key.begin(), key.end()); });
  return keys;
}

}  // namespace plx::ledger
