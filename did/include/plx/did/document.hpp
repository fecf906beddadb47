// plx::did::Document: the DID document data model (W3C DID Core 1.0 §5 "Core Properties").
//
// This header is the validated data model only; JSON syntax lives in document_json.hpp
// (document_from_json / document_to_json), as DID Core §4 separates the data model from its
// representations (§6). The model keeps "@context" and unknown members as JSON so that a document
// read and written again is unchanged.
//
// Ids inside the document (verification methods, references in relationships) are kept as
// written, which may be relative to the document's id ("#key-1", DID Core §3.2.2); the lookup
// helpers resolve them before comparing, so "#key-1" and "did:example:123#key-1" find the same
// method.
//
// Value type: copyable; const methods are safe to call concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/crypto/key.hpp"
#include "plx/did/did.hpp"
#include "plx/did/did_url.hpp"
#include "plx/did/service.hpp"
#include "plx/did/verification_method.hpp"

namespace plx::did {

// A verification method authorized for a relationship, with its key decoded.
struct AuthorizedKey {
  DidUrl id;  // absolute
  std::string type;
  crypto::PublicKey key;
};

// The result of Document::authorized_keys: usable keys, and the methods listed for the
// relationship that could not be used, each with the reason (kUnsupported key type, kMalformed
// material, kNotFound reference, a key that cannot serve the relationship).
struct AuthorizedKeys {
  std::vector<AuthorizedKey> keys;
  std::vector<Error> skipped;
};

struct Document {
  explicit Document(Did subject) : id(std::move(subject)) {}

  // "@context", exactly as written; null when absent (the application/did+json representation).
  Json context;
  // DID Core §5.1.1.
  Did id;
  // DID Core §5.1.3: a set of URIs.
  std::vector<std::string> also_known_as;
  // DID Core §5.1.2: a DID or a set of DIDs. `controller_is_set` remembers which was written.
  std::vector<Did> controller;
  bool controller_is_set = false;
  // DID Core §5.2.
  std::vector<VerificationMethod> verification_method;
  // DID Core §5.3.1-§5.3.5. Access by enum with relationship().
  std::vector<MethodEntry> authentication;
  std::vector<MethodEntry> assertion_method;
  std::vector<MethodEntry> key_agreement;
  std::vector<MethodEntry> capability_invocation;
  std::vector<MethodEntry> capability_delegation;
  // DID Core §5.4.
  std::vector<Service> service;
  // Members this model does not name, as a JSON object.
  Json extra = Json::object();

  [[nodiscard]] const std::vector<MethodEntry>& relationship(Relationship r) const noexcept;
  [[nodiscard]] std::vector<MethodEntry>& relationship(Relationship r) noexcept;

  // The verification method with this id: an absolute DID URL or a reference relative to `id`
  // ("#key-1"). Searches `verification_method` and methods embedded in relationships.
  // Returns nullptr when there is none, or when `id_or_ref` is not a DID URL reference.
  [[nodiscard]] const VerificationMethod* find_verification_method(
      std::string_view id_or_ref) const;

  // The service with this id (absolute or relative, as above); nullptr when there is none.
  [[nodiscard]] const Service* find_service(std::string_view id_or_ref) const;

  // Whether the method `method_id` (absolute or relative) is listed under `r`, by reference or
  // embedded. Does not look at the key.
  [[nodiscard]] bool is_authorized(Relationship r, std::string_view method_id) const;

  // The key of method `method_id`, if the document authorizes it for `r`: the check a verifier
  // makes before trusting a signature (DID Core §5.3).
  // Errors: kMalformed (`method_id` is not a DID URL reference; bad key material); kNotFound (no
  // such method in this document, or a reference to a method outside it); kPermissionDenied (the
  // method exists but is not listed under `r`); kUnsupported (a key type Parallax does not handle,
  // or one that cannot serve `r`: an X25519 key cannot sign, an Ed25519 key cannot agree keys).
  [[nodiscard]] Result<crypto::PublicKey> authorized_key(Relationship r,
                                                         std::string_view method_id) const;

  // Every method listed under `r`, in document order, with its key decoded; methods that cannot
  // be used are reported in `skipped` rather than failing the whole call.
  [[nodiscard]] AuthorizedKeys authorized_keys(Relationship r) const;

  friend bool operator==(const Document&, const Document&) = default;
};

}  // namespace plx::did
