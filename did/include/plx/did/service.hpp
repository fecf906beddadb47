// Services of a DID document (W3C DID Core 1.0 §5.4 "Services").
//
// Value type; thread-safety as for std::string.
#pragma once

#include <string>
#include <vector>

#include "plx/core/json.hpp"

namespace plx::did {

struct Service {
  // DID Core §5.4: "a URI"; in practice a DID URL, often relative ("#linked-domain").
  std::string id;
  // "a string or a set of strings". `type_is_set` remembers which, so output matches input.
  std::vector<std::string> type;
  bool type_is_set = false;
  // "a string, a map, or a set composed of one or more strings and/or maps", as JSON.
  Json service_endpoint;
  // Every other member.
  Json extra = Json::object();

  friend bool operator==(const Service&, const Service&) = default;
};

// The endpoint URIs: the string itself, or the string members of a set. Maps are left out (their
// meaning is defined by the service type).
[[nodiscard]] std::vector<std::string> service_endpoint_uris(const Service& service);

}  // namespace plx::did
