// The part every local resolver driver shares: DID syntax, method check, content negotiation and
// the mapping from a method's error codes to DID resolution error names. Internal to plx::did.
#pragma once

#include <string>
#include <string_view>

#include "plx/did/resolver.hpp"

namespace plx::did::internal {

[[nodiscard]] inline std::string describe(const Error& e) {
  std::string s = e.message;
  if (!e.where.empty()) s += " (at " + e.where + ")";
  return s;
}

// `expand(const Did&) -> Result<Document>`: kMalformed/kInvalidArgument become invalidDid,
// kUnsupported becomes unsupportedPublicKeyType, any other error means resolution could not run
// and is returned as an error.
template <class Expand>
Result<ResolutionResult> resolve_locally(std::string_view text, const ResolutionOptions& options,
                                         std::string_view method, Expand&& expand) {
  auto did = Did::parse(text);
  if (!did.has_value()) {
    return ResolutionResult::failure(resolution_error::kInvalidDid, describe(did.error()));
  }
  if (did->method() != method) {
    return ResolutionResult::failure(resolution_error::kMethodNotSupported,
                                     "this driver resolves did:" + std::string(method) +
                                         ", not did:" + std::string(did->method()));
  }
  auto content_type = negotiate_content_type(options.accept);
  if (!content_type.has_value()) {
    return ResolutionResult::failure(resolution_error::kRepresentationNotSupported,
                                     "cannot produce \"" + options.accept +
                                         "\"; supported: " + std::string(kMediaTypeDidLdJson) +
                                         ", " + std::string(kMediaTypeDidJson));
  }
  Result<Document> doc = expand(*did);
  if (!doc.has_value()) {
    switch (doc.error().code) {
      case ErrorCode::kMalformed:
      case ErrorCode::kInvalidArgument:
        return ResolutionResult::failure(resolution_error::kInvalidDid, describe(doc.error()));
      case ErrorCode::kUnsupported:
        return ResolutionResult::failure(resolution_error::kUnsupportedPublicKeyType,
                                         describe(doc.error()));
      default:
        return std::move(doc).error();
    }
  }
  return ResolutionResult::success(*std::move(doc), *std::move(content_type));
}

}  // namespace plx::did::internal
