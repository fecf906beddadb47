// DID resolution results (DID Core §7.1) and the method registry.
#include "plx/did/resolver.hpp"

#include "plx/did/document_json.hpp"
#include "plx/did/methods/jwk.hpp"
#include "plx/did/methods/key.hpp"

namespace plx::did {

namespace {

Error malformed(std::string pointer, std::string message) {
  return Error(ErrorCode::kMalformed, std::move(message), std::move(pointer));
}

Result<std::optional<std::string>> optional_string(const Json& obj, const char* key,
                                                   const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return malformed(where + "/" + key, std::string(key) + " must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<ResolutionMetadata> resolution_metadata_from_json(const Json& j, const std::string& where) {
  ResolutionMetadata m;
  if (j.is_null()) return m;
  if (!j.is_object()) return malformed(where, "didResolutionMetadata must be an object");
  for (const auto& [k, v] : j.items()) {
    if (k == "contentType" || k == "error" || k == "errorMessage") {
      if (!v.is_string()) return malformed(where + "/" + k, k + " must be a string");
      auto& field = k == "contentType" ? m.content_type : k == "error" ? m.error : m.error_message;
      field = v.get<std::string>();
    } else {
      m.extra[k] = v;
    }
  }
  return m;
}

Result<DocumentMetadata> document_metadata_from_json(const Json& j, const std::string& where) {
  DocumentMetadata m;
  if (j.is_null()) return m;
  if (!j.is_object()) return malformed(where, "didDocumentMetadata must be an object");
  PLX_TRY(m.created, optional_string(j, "created", where));
  PLX_TRY(m.updated, optional_string(j, "updated", where));
  PLX_TRY(m.next_update, optional_string(j, "nextUpdate", where));
  PLX_TRY(m.version_id, optional_string(j, "versionId", where));
  PLX_TRY(m.next_version_id, optional_string(j, "nextVersionId", where));
  PLX_TRY(m.canonical_id, optional_string(j, "canonicalId", where));
  for (const auto& [k, v] : j.items()) {
    if (k == "created" || k == "updated" || k == "nextUpdate" || k == "versionId" ||
        k == "nextVersionId" || k == "canonicalId") {
      continue;
    }
    if (k == "deactivated") {
      if (!v.is_boolean())
        return malformed(where + "/deactivated", "deactivated must be a boolean");
      m.deactivated = v.get<bool>();
    } else if (k == "equivalentId") {
      if (!v.is_array()) return malformed(where + "/equivalentId", "equivalentId must be a set");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) {
          return malformed(where + "/equivalentId/" + std::to_string(i),
                           "equivalentId entries must be strings");
        }
        m.equivalent_id.push_back(v[i].get<std::string>());
      }
    } else {
      m.extra[k] = v;
    }
  }
  return m;
}

}  // namespace

ResolutionResult ResolutionResult::failure(std::string_view error, std::string message) {
  ResolutionResult r;
  r.did_resolution_metadata.error = std::string(error);
  r.did_resolution_metadata.error_message = std::move(message);
  return r;
}

ResolutionResult ResolutionResult::success(Document document, std::string content_type,
                                           DocumentMetadata metadata) {
  ResolutionResult r;
  r.did_document = std::move(document);
  r.did_resolution_metadata.content_type = std::move(content_type);
  r.did_document_metadata = std::move(metadata);
  return r;
}

Json resolution_metadata_to_json(const ResolutionMetadata& m) {
  Json j = m.extra.is_object() ? m.extra : Json::object();
  if (!m.content_type.empty()) j["contentType"] = m.content_type;
  if (!m.error.empty()) j["error"] = m.error;
  if (!m.error_message.empty()) j["errorMessage"] = m.error_message;
  return j;
}

Json document_metadata_to_json(const DocumentMetadata& m) {
  Json j = m.extra.is_object() ? m.extra : Json::object();
  if (m.created) j["created"] = *m.created;
  if (m.updated) j["updated"] = *m.updated;
  if (m.deactivated) j["deactivated"] = *m.deactivated;
  if (m.next_update) j["nextUpdate"] = *m.next_update;
  if (m.version_id) j["versionId"] = *m.version_id;
  if (m.next_version_id) j["nextVersionId"] = *m.next_version_id;
  if (!m.equivalent_id.empty()) j["equivalentId"] = m.equivalent_id;
  if (m.canonical_id) j["canonicalId"] = *m.canonical_id;
  return j;
}

Json resolution_result_to_json(const ResolutionResult& r) {
  Json j = Json::object();
  j["didDocument"] = r.did_document.has_value() ? document_to_json(*r.did_document) : Json();
  j["didResolutionMetadata"] = resolution_metadata_to_json(r.did_resolution_metadata);
  j["didDocumentMetadata"] = document_metadata_to_json(r.did_document_metadata);
  return j;
}

Result<ResolutionResult> resolution_result_from_json(const Json& j) {
  if (!j.is_object()) return malformed("", "a resolution result must be a JSON object");
  ResolutionResult r;
  if (auto it = j.find("didDocument"); it != j.end() && !it->is_null()) {
    auto doc = document_from_json(*it);
    if (!doc.has_value()) return doc.error().within("/didDocument");
    r.did_document = *std::move(doc);
  }
  if (auto it = j.find("didResolutionMetadata"); it != j.end()) {
    PLX_TRY(r.did_resolution_metadata,
            resolution_metadata_from_json(*it, "/didResolutionMetadata"));
  }
  if (auto it = j.find("didDocumentMetadata"); it != j.end()) {
    PLX_TRY(r.did_document_metadata, document_metadata_from_json(*it, "/didDocumentMetadata"));
  }
  return r;
}

std::optional<std::string> negotiate_content_type(std::string_view accept) {
  if (accept.empty()) return std::string(kMediaTypeDidLdJson);
  if (accept == kMediaTypeDidJson || accept == kMediaTypeDidLdJson) return std::string(accept);
  return std::nullopt;
}

Status MultiResolver::add(std::string method, std::shared_ptr<const Resolver> driver) {
  if (driver == nullptr) return Error(ErrorCode::kInvalidArgument, "null driver", method);
  // A method name is valid exactly when "did:<method>:x" is a valid DID.
  if (auto probe = Did::from_parts(method, "x"); !probe.has_value() || probe->method() != method) {
    return Error(ErrorCode::kInvalidArgument,
                 "not a DID method name (lowercase letters and digits only)", method);
  }
  auto [it, inserted] = drivers_.emplace(std::move(method), std::move(driver));
  if (!inserted) {
    return Error(ErrorCode::kAlreadyExists, "a driver is already registered", it->first);
  }
  return ok_status();
}

std::vector<std::string> MultiResolver::methods() const {
  std::vector<std::string> out;
  for (const auto& [name, driver] : drivers_) out.push_back(name);
  return out;
}

Result<ResolutionResult> MultiResolver::resolve(std::string_view did,
                                                const ResolutionOptions& options) const {
  auto parsed = Did::parse(did);
  if (!parsed.has_value()) {
    return ResolutionResult::failure(resolution_error::kInvalidDid,
                                     parsed.error().message + " (at " + parsed.error().where + ")");
  }
  auto it = drivers_.find(parsed->method());
  if (it == drivers_.end()) {
    return ResolutionResult::failure(
        resolution_error::kMethodNotSupported,
        "no driver for DID method \"" + std::string(parsed->method()) + "\"");
  }
  return it->second->resolve(did, options);
}

MultiResolver make_local_resolver() {
  MultiResolver r;
  // Both names are valid and distinct, so add() cannot fail; PLX_CHECK documents that.
  PLX_CHECK(r.add("key", std::make_shared<DidKeyResolver>()).has_value());
  PLX_CHECK(r.add("jwk", std::make_shared<DidJwkResolver>()).has_value());
  return r;
}

}  // namespace plx::did
