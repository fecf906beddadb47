// The DID resolution interface (W3C DID Core 1.0 §7.1 "DID Resolution"; W3C DID Resolution
// §4 "DID Resolution" for the result shape), and a small registry that dispatches by method.
//
// The interface lives here, in plx::did, so that vc/ and wallet/ verify against any resolver
// without linking resolver/ (which holds did:web over HTTPS, did:plx over the ledger, caching and
// the Universal Resolver binding).
//
// Two layers of failure, as the spec separates them:
//  - DID-level outcomes (the DID is invalid, not found, its method or the requested
//    representation is not supported) are a *successful* Result whose
//    did_resolution_metadata.error is set ("invalidDid", "notFound", ...) and whose did_document
//    is empty. The caller can show the spec's error name to the user.
//  - A Result error means resolution could not run at all (kIo, kInternal, ...).
//
// Thread-safety: Resolver::resolve is const and every implementation must allow concurrent
// calls. MultiResolver is safe for concurrent resolve() once registration is done; add() must not
// race with resolve().
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/did/document.hpp"

namespace plx::did {

// Media types of DID documents (DID Core §6.2, §6.3).
inline constexpr std::string_view kMediaTypeDidJson = "application/did+json";
inline constexpr std::string_view kMediaTypeDidLdJson = "application/did+ld+json";

// Error names for ResolutionMetadata::error: DID Core §7.1.2 (invalidDid, notFound,
// representationNotSupported), DID Resolution (methodNotSupported, internalError), and the
// did:key method's own (unsupportedPublicKeyType).
namespace resolution_error {
inline constexpr std::string_view kInvalidDid = "invalidDid";
inline constexpr std::string_view kNotFound = "notFound";
inline constexpr std::string_view kMethodNotSupported = "methodNotSupported";
inline constexpr std::string_view kRepresentationNotSupported = "representationNotSupported";
inline constexpr std::string_view kInternalError = "internalError";
inline constexpr std::string_view kUnsupportedPublicKeyType = "unsupportedPublicKeyType";
}  // namespace resolution_error

// DID Core §7.1.1 resolution options.
struct ResolutionOptions {
  // The media type the caller wants (kMediaTypeDidJson or kMediaTypeDidLdJson). Empty: the
  // driver's default. Anything else gives "representationNotSupported".
  std::string accept;
  // Further options a driver may understand (e.g. "versionId", "versionTime"), as a JSON object.
  Json extra = Json::object();
};

// DID Core §7.1.2 DID resolution metadata.
struct ResolutionMetadata {
  // The media type of the document's representation; empty when resolution failed.
  std::string content_type;
  // Empty on success, else an error name (see resolution_error).
  std::string error;
  // A human-readable reason for `error` (serialized as "errorMessage", as the Universal Resolver
  // does). Never holds secrets.
  std::string error_message;
  // Other members, as a JSON object.
  Json extra = Json::object();

  friend bool operator==(const ResolutionMetadata&, const ResolutionMetadata&) = default;
};

// DID Core §7.1.3 DID document metadata.
struct DocumentMetadata {
  // Datetimes are XML datetime strings normalized to UTC, e.g. "2020-01-01T00:00:00Z".
  std::optional<std::string> created;
  std::optional<std::string> updated;
  std::optional<bool> deactivated;
  std::optional<std::string> next_update;
  std::optional<std::string> version_id;
  std::optional<std::string> next_version_id;
  std::vector<std::string> equivalent_id;
  std::optional<std::string> canonical_id;
  Json extra = Json::object();

  friend bool operator==(const DocumentMetadata&, const DocumentMetadata&) = default;
};

struct ResolutionResult {
  std::optional<Document> did_document;
  ResolutionMetadata did_resolution_metadata;
  DocumentMetadata did_document_metadata;

  // True when resolution produced a document (no error in the metadata).
  [[nodiscard]] bool ok() const noexcept {
    return did_resolution_metadata.error.empty() && did_document.has_value();
  }
  // A result carrying a DID-level error: no document, empty document metadata.
  [[nodiscard]] static ResolutionResult failure(std::string_view error, std::string message);
  [[nodiscard]] static ResolutionResult success(Document document, std::string content_type,
                                                DocumentMetadata metadata = {});
};

// The DID Resolution result in JSON: {"didDocument": ... | null, "didResolutionMetadata": {...},
// "didDocumentMetadata": {...}}.
[[nodiscard]] Json resolution_result_to_json(const ResolutionResult& result);
[[nodiscard]] Json resolution_metadata_to_json(const ResolutionMetadata& metadata);
[[nodiscard]] Json document_metadata_to_json(const DocumentMetadata& metadata);
// Reads that shape back (e.g. from a remote resolver). Errors: kMalformed naming the pointer.
[[nodiscard]] Result<ResolutionResult> resolution_result_from_json(const Json& json);

// The content type to answer with for `accept`: kMediaTypeDidLdJson for an empty accept (our
// documents carry "@context"), the accepted type when it is one of the two DID media types, and
// nullopt otherwise (the caller reports "representationNotSupported").
[[nodiscard]] std::optional<std::string> negotiate_content_type(std::string_view accept);

class Resolver {
 public:
  virtual ~Resolver() = default;

  // Resolves `did` (text, since "this is not a DID" is itself a resolution outcome).
  // Returns an error only when resolution could not run; see the header comment.
  [[nodiscard]] virtual Result<ResolutionResult> resolve(
      std::string_view did, const ResolutionOptions& options) const = 0;
  [[nodiscard]] Result<ResolutionResult> resolve(std::string_view did) const {
    return resolve(did, ResolutionOptions{});
  }
};

// Dispatches to one driver per method name. A syntactically invalid DID (or a DID URL) gives
// "invalidDid"; a method with no driver gives "methodNotSupported".
class MultiResolver final : public Resolver {
 public:
  // Registers `driver` for `method` ("key", "jwk"). Errors: kInvalidArgument for a name that is
  // not a DID method name (1*(%x61-7A / DIGIT)) or a null driver; kAlreadyExists when the method
  // already has one.
  [[nodiscard]] Status add(std::string method, std::shared_ptr<const Resolver> driver);
  // The registered method names, sorted.
  [[nodiscard]] std::vector<std::string> methods() const;

  using Resolver::resolve;
  [[nodiscard]] Result<ResolutionResult> resolve(std::string_view did,
                                                 const ResolutionOptions& options) const override;

 private:
  std::map<std::string, std::shared_ptr<const Resolver>, std::less<>> drivers_;
};

// A MultiResolver with the methods that resolve without I/O: did:key (Multikey output) and
// did:jwk. (did:web and did:plx drivers live in the resolver module.)
[[nodiscard]] MultiResolver make_local_resolver();

}  // namespace plx::did
