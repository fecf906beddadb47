// JSON syntax of DID documents: the application/did+json and application/did+ld+json
// representations (W3C DID Core 1.0 §6.2, §6.3), kept apart from the data model in document.hpp.
//
// Reading checks what DID Core requires of each property and reports the first problem as
// kMalformed with `where` = the JSON pointer of the offending member ("/verificationMethod/1/
// controller"); for an invalid DID or DID URL the message also gives the character position.
// Unknown members and "@context" are kept, so document_to_json(document_from_json(j)) == j for
// every conforming document j, with one normalization: an empty set of the model's own members
// ("verificationMethod": [], "authentication": [], "service": [], "alsoKnownAs": [], ...) is
// written as an absent member, since DID Core gives both the same meaning. Nothing here fetches
// or interprets JSON-LD contexts.
//
// Functions are pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/did/document.hpp"

namespace plx::did {

// Errors: kMalformed naming the JSON pointer. Checks (DID Core §5): the document is an object;
// "id" is a DID; "controller" is a DID or a non-empty set of DIDs; "alsoKnownAs" a set of strings;
// every verification method has an id (DID URL, absolute or relative), a type, a controller (DID)
// and at most one of publicKeyMultibase (string) / publicKeyJwk (object); relationship entries are
// DID URL references or embedded methods; services have an id, a type (string or set of strings)
// and a serviceEndpoint (string, map or non-empty set of those); once resolved against the
// document id, one method id names one method (the same method may appear twice, e.g. under
// verificationMethod and embedded in a relationship, but two different methods with one id are
// rejected: "which key is authorized" would be ambiguous), and service ids are unique.
[[nodiscard]] Result<Document> document_from_json(const Json& json);
// json_parse (strict: duplicate members are rejected) then document_from_json.
[[nodiscard]] Result<Document> document_parse(std::string_view text);

[[nodiscard]] Json document_to_json(const Document& document);
// Compact JSON text of document_to_json.
[[nodiscard]] std::string document_serialize(const Document& document);

// The pieces, for callers that hold a single method or service (e.g. DID URL dereferencing).
// `base` resolves relative ids; `where` prefixes error pointers.
[[nodiscard]] Result<VerificationMethod> verification_method_from_json(const Json& json,
                                                                       const Did& base,
                                                                       std::string_view where = "");
[[nodiscard]] Json verification_method_to_json(const VerificationMethod& method);
[[nodiscard]] Result<Service> service_from_json(const Json& json, std::string_view where = "");
[[nodiscard]] Json service_to_json(const Service& service);

}  // namespace plx::did
