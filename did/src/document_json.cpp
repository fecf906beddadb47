// JSON syntax of DID documents (DID Core §6.2 JSON, §6.3 JSON-LD) <-> the data model (§5).
#include "plx/did/document_json.hpp"

#include <map>

#include "jwk_util.hpp"

namespace plx::did {

using namespace std::string_view_literals;  // "id"sv: compared by length first, no strlen

namespace {

// A JSON pointer that is spelled out only when an error names it: reading a valid document
// builds none. A Ptr refers to its parent and to its key, so it lives no longer than the
// expression or scope that made them (pass p.member(k) as an argument; do not keep it).
class Ptr {
 public:
  explicit Ptr(std::string_view root) : root_(root) {}
  [[nodiscard]] Ptr member(std::string_view key) const { return Ptr(this, key, 0, true); }
  [[nodiscard]] Ptr index(std::size_t i) const { return Ptr(this, {}, i, false); }
  [[nodiscard]] std::string str() const {
    if (parent_ == nullptr) return std::string(root_);
    std::string out = parent_->str();
    out += '/';
    out += is_member_ ? json_pointer_escape(key_) : std::to_string(index_);
    return out;
  }

 private:
  Ptr(const Ptr* parent, std::string_view key, std::size_t index, bool is_member)
      : parent_(parent), key_(key), index_(index), is_member_(is_member) {}
  const Ptr* parent_ = nullptr;
  std::string_view root_;  // when parent_ is null
  std::string_view key_;
  std::size_t index_ = 0;
  bool is_member_ = false;
};

Error malformed(const Ptr& pointer, std::string message) {
  return Error(ErrorCode::kMalformed, std::move(message), pointer.str());
}

// An error from the DID/DID URL parser, re-anchored at a JSON pointer. The character position
// stays in the message so the caller can still find the bad character inside the string.
Error syntax_at(const Ptr& pointer, std::string_view what, const Error& inner) {
  std::string msg(what);
  msg += ": ";
  msg += inner.message;
  if (!inner.where.empty()) {
    msg += " (at ";
    msg += inner.where;
    msg += ")";
  }
  return Error(inner.code, std::move(msg), pointer.str());
}

Result<Did> did_member(const Json& value, const Ptr& pointer, std::string_view what) {
  if (!value.is_string()) return malformed(pointer, std::string(what) + " must be a string");
  auto did = Did::parse(value.get_ref<const std::string&>());
  if (!did.has_value()) return syntax_at(pointer, std::string(what) + " is not a DID", did.error());
  return did;
}

Result<std::string> did_url_ref_member(const Json& value, const Did& base, const Ptr& pointer,
                                       std::string_view what) {
  if (!value.is_string()) return malformed(pointer, std::string(what) + " must be a string");
  const auto& s = value.get_ref<const std::string&>();
  auto url = DidUrl::resolve(s, base);
  if (!url.has_value()) {
    return syntax_at(pointer, std::string(what) + " is not a DID URL (absolute or relative)",
                     url.error());
  }
  return s;
}

// RFC 3986 §3.1 scheme ":" or a same-document/relative reference starting with '#', '?' or '/':
// the forms a service id takes in practice. Deeper URI checks belong to whoever dereferences it.
bool looks_like_uri_reference(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == '#' || s.front() == '?' || s.front() == '/') return true;
  const auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_alpha(s.front())) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return true;
    if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

Result<VerificationMethod> method_from_json(const Json& json, const Did& base, const Ptr& w);

Result<MethodEntry> method_entry_from_json(const Json& value, const Did& base, const Ptr& pointer) {
  if (value.is_string()) {
    PLX_TRY(auto ref, did_url_ref_member(value, base, pointer, "a verification method reference"));
    return MethodEntry::reference(std::move(ref));
  }
  if (value.is_object()) {
    PLX_TRY(auto m, method_from_json(value, base, pointer));
    return MethodEntry::embed(std::move(m));
  }
  return malformed(pointer,
                   "a verification relationship entry must be a DID URL string or an embedded "
                   "verification method object (DID Core §5.3)");
}

// Methods with the same id must be the same method; otherwise "which key does this id name"
// has two answers.
struct SeenMethod {
  const VerificationMethod* method;
  std::string_view member;  // where it was read: member/index
  std::size_t index;
};

Status check_unique_method(std::map<std::string, SeenMethod>& seen, const VerificationMethod& m,
                           const Did& base, std::string_view member, std::size_t index) {
  auto url = DidUrl::resolve(m.id, base);
  std::string key = url.has_value() ? url->to_string() : m.id;
  auto [it, inserted] = seen.emplace(std::move(key), SeenMethod{&m, member, index});
  if (!inserted && !(*it->second.method == m)) {
    const Ptr root("");
    const SeenMethod& first = it->second;
    return malformed(root.member(member).index(index).member("id"),
                     "verification method id " + it->first +
                         " is already used by a different method at " +
                         root.member(first.member).index(first.index).str());
  }
  return ok_status();
}

Json method_entry_to_json(const MethodEntry& e) {
  if (const auto* m = e.embedded()) return verification_method_to_json(*m);
  return Json(e.id());
}

}  // namespace

namespace {

Result<VerificationMethod> method_from_json(const Json& json, const Did& base, const Ptr& w) {
  if (!json.is_object()) return malformed(w, "a verification method must be a JSON object");
  auto id_it = json.find("id"sv);
  if (id_it == json.end()) {
    return malformed(w.member("id"), "a verification method needs an \"id\"");
  }
  PLX_TRY(std::string id,
          did_url_ref_member(*id_it, base, w.member("id"), "verification method id"));
  auto type_it = json.find("type"sv);
  if (type_it == json.end() || !type_it->is_string() ||
      type_it->get_ref<const std::string&>().empty()) {
    return malformed(w.member("type"),
                     "a verification method needs a \"type\" (a non-empty string)");
  }
  auto ctl_it = json.find("controller"sv);
  if (ctl_it == json.end()) {
    return malformed(w.member("controller"),
                     "a verification method needs a \"controller\" (DID Core §5.2)");
  }
  PLX_TRY(Did controller,
          did_member(*ctl_it, w.member("controller"), "verification method controller"));

  VerificationMethod m{.id = std::move(id),
                       .type = type_it->get<std::string>(),
                       .controller = std::move(controller)};
  for (const auto& [k, v] : json.items()) {
    if (k == "id"sv || k == "type"sv || k == "controller"sv) continue;
    if (k == "publicKeyMultibase"sv) {
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
        return malformed(w.member(k), "publicKeyMultibase must be a non-empty string");
      }
      m.public_key_multibase = v.get<std::string>();
    } else if (k == "publicKeyJwk"sv) {
      if (!v.is_object()) return malformed(w.member(k), "publicKeyJwk must be an object");
      // DID Core §5.2.1: "private keys MUST NOT be present in a DID document".
      if (auto priv = internal::jwk_private_member(v)) {
        return malformed(w.member(k).member(*priv),
                         "publicKeyJwk holds private key material; a DID document must only "
                         "contain public keys (DID Core §5.2.1)");
      }
      m.public_key_jwk = v;
    } else {
      m.extra[k] = v;
    }
  }
  if (m.public_key_multibase.has_value() && m.public_key_jwk.has_value()) {
    return malformed(w.member("publicKeyJwk"),
                     "a verification method must not carry both publicKeyMultibase and "
                     "publicKeyJwk (DID Core §5.2.1)");
  }
  return m;
}

}  // namespace

Result<VerificationMethod> verification_method_from_json(const Json& json, const Did& base,
                                                         std::string_view where) {
  return method_from_json(json, base, Ptr(where));
}

Json verification_method_to_json(const VerificationMethod& m) {
  Json j = m.extra.is_object() ? m.extra : Json::object();
  j["id"] = m.id;
  j["type"] = m.type;
  j["controller"] = m.controller.to_string();
  if (m.public_key_multibase.has_value()) j["publicKeyMultibase"] = *m.public_key_multibase;
  if (m.public_key_jwk.has_value()) j["publicKeyJwk"] = *m.public_key_jwk;
  return j;
}

namespace {

Result<Service> service_from(const Json& json, const Ptr& w) {
  if (!json.is_object()) return malformed(w, "a service must be a JSON object");
  Service s;
  auto id_it = json.find("id"sv);
  if (id_it == json.end() || !id_it->is_string() ||
      !looks_like_uri_reference(id_it->get_ref<const std::string&>())) {
    return malformed(w.member("id"),
                     "a service needs an \"id\" that is a URI (DID Core "
                     "§5.4)");
  }
  s.id = id_it->get<std::string>();

  auto type_it = json.find("type"sv);
  if (type_it == json.end()) {
    return malformed(w.member("type"), "a service needs a \"type\" (DID Core §5.4)");
  }
  if (type_it->is_string()) {
    s.type.push_back(type_it->get<std::string>());
  } else if (type_it->is_array() && !type_it->empty()) {
    s.type_is_set = true;
    for (std::size_t i = 0; i < type_it->size(); ++i) {
      const Json& t = (*type_it)[i];
      if (!t.is_string()) {
        return malformed(w.member("type").index(i), "a service type must be a string");
      }
      s.type.push_back(t.get<std::string>());
    }
  } else {
    return malformed(w.member("type"),
                     "a service type must be a string or a non-empty set of strings");
  }

  auto ep_it = json.find("serviceEndpoint"sv);
  if (ep_it == json.end()) {
    return malformed(w.member("serviceEndpoint"),
                     "a service needs a \"serviceEndpoint\" (DID Core §5.4)");
  }
  const Json& ep = *ep_it;
  if (ep.is_array()) {
    if (ep.empty()) {
      return malformed(w.member("serviceEndpoint"),
                       "a serviceEndpoint set must hold at least one string or map");
    }
    for (std::size_t i = 0; i < ep.size(); ++i) {
      if (!ep[i].is_string() && !ep[i].is_object()) {
        return malformed(w.member("serviceEndpoint").index(i),
                         "a serviceEndpoint set holds only strings and maps");
      }
    }
  } else if (!ep.is_string() && !ep.is_object()) {
    return malformed(w.member("serviceEndpoint"),
                     "a serviceEndpoint must be a string, a map, or a set of those");
  }
  s.service_endpoint = ep;

  for (const auto& [k, v] : json.items()) {
    if (k == "id"sv || k == "type"sv || k == "serviceEndpoint"sv) continue;
    s.extra[k] = v;
  }
  return s;
}

}  // namespace

Result<Service> service_from_json(const Json& json, std::string_view where) {
  return service_from(json, Ptr(where));
}

Json service_to_json(const Service& s) {
  Json j = s.extra.is_object() ? s.extra : Json::object();
  j["id"] = s.id;
  if (s.type_is_set || s.type.size() != 1) {
    j["type"] = s.type;
  } else {
    j["type"] = s.type.front();
  }
  j["serviceEndpoint"] = s.service_endpoint;
  return j;
}

Result<Document> document_from_json(const Json& json) {
  const Ptr root("");
  if (!json.is_object()) return malformed(root, "a DID document must be a JSON object");
  auto id_it = json.find("id"sv);
  if (id_it == json.end()) {
    return malformed(root.member("id"), "a DID document needs an \"id\" (DID Core §5.1.1)");
  }
  PLX_TRY(Did subject, did_member(*id_it, root.member("id"), "the document id"));
  Document doc(std::move(subject));

  for (const auto& [k, v] : json.items()) {
    if (k == "id"sv) continue;
    const Ptr p = root.member(k);
    if (k == "@context"sv) {
      doc.context = v;
    } else if (k == "alsoKnownAs"sv) {
      if (!v.is_array()) return malformed(p, "alsoKnownAs must be a set of URIs (DID Core §5.1.3)");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
          return malformed(p.index(i), "an alsoKnownAs entry must be a string");
        doc.also_known_as.push_back(v[i].get<std::string>());
      }
    } else if (k == "controller"sv) {
      if (v.is_string()) {
        PLX_TRY(Did c, did_member(v, p, "controller"));
        doc.controller.push_back(std::move(c));
      } else if (v.is_array() && !v.empty()) {
        doc.controller_is_set = true;
        for (std::size_t i = 0; i < v.size(); ++i) {
          PLX_TRY(Did c, did_member(v[i], p.index(i), "controller"));
          doc.controller.push_back(std::move(c));
        }
      } else {
        return malformed(p,
                         "controller must be a DID or a non-empty set of DIDs (DID Core §5.1.2)");
      }
    } else if (k == "verificationMethod"sv) {
      if (!v.is_array()) return malformed(p, "verificationMethod must be a set (DID Core §5.2)");
      for (std::size_t i = 0; i < v.size(); ++i) {
        PLX_TRY(auto m, method_from_json(v[i], doc.id, p.index(i)));
        doc.verification_method.push_back(std::move(m));
      }
    } else if (auto rel = relationship_from_name(k)) {
      if (!v.is_array()) {
        return malformed(p, k + " must be a set of verification methods (DID Core §5.3)");
      }
      auto& entries = doc.relationship(*rel);
      for (std::size_t i = 0; i < v.size(); ++i) {
        PLX_TRY(auto e, method_entry_from_json(v[i], doc.id, p.index(i)));
        entries.push_back(std::move(e));
      }
    } else if (k == "service"sv) {
      if (!v.is_array()) return malformed(p, "service must be a set of services (DID Core §5.4)");
      for (std::size_t i = 0; i < v.size(); ++i) {
        PLX_TRY(auto s, service_from(v[i], p.index(i)));
        doc.service.push_back(std::move(s));
      }
    } else {
      doc.extra[k] = v;
    }
  }

  // Uniqueness, once every member is read (pointers name the second occurrence).
  std::map<std::string, SeenMethod> seen;
  for (std::size_t i = 0; i < doc.verification_method.size(); ++i) {
    PLX_RETURN_IF_ERROR(
        check_unique_method(seen, doc.verification_method[i], doc.id, "verificationMethod", i));
  }
  for (Relationship r : kAllRelationships) {
    const auto& entries = doc.relationship(r);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (const auto* m = entries[i].embedded()) {
        PLX_RETURN_IF_ERROR(check_unique_method(seen, *m, doc.id, relationship_name(r), i));
      }
    }
  }
  std::map<std::string, std::size_t> service_ids;
  for (std::size_t i = 0; i < doc.service.size(); ++i) {
    auto url = DidUrl::resolve(doc.service[i].id, doc.id);
    const std::string key = url.has_value() ? url->to_string() : doc.service[i].id;
    auto [it, inserted] = service_ids.emplace(key, i);
    if (!inserted) {
      return malformed(
          root.member("service").index(i).member("id"),
          "service id " + key + " is already used by /service/" + std::to_string(it->second));
    }
  }
  return doc;
}

Result<Document> document_parse(std::string_view text) {
  PLX_TRY(Json json, json_parse(text));
  return document_from_json(json);
}

Json document_to_json(const Document& doc) {
  Json j = doc.extra.is_object() ? doc.extra : Json::object();
  if (!doc.context.is_null()) j["@context"] = doc.context;
  j["id"] = doc.id.to_string();
  if (!doc.also_known_as.empty()) j["alsoKnownAs"] = doc.also_known_as;
  if (!doc.controller.empty()) {
    if (doc.controller_is_set || doc.controller.size() != 1) {
      Json arr = Json::array();
      for (const auto& c : doc.controller) arr.push_back(c.to_string());
      j["controller"] = std::move(arr);
    } else {
      j["controller"] = doc.controller.front().to_string();
    }
  }
  if (!doc.verification_method.empty()) {
    Json arr = Json::array();
    for (const auto& m : doc.verification_method) arr.push_back(verification_method_to_json(m));
    j["verificationMethod"] = std::move(arr);
  }
  for (Relationship r : kAllRelationships) {
    const auto& entries = doc.relationship(r);
    if (entries.empty()) continue;
    Json arr = Json::array();
    for (const auto& e : entries) arr.push_back(method_entry_to_json(e));
    j[std::string(relationship_name(r))] = std::move(arr);
  }
  if (!doc.service.empty()) {
    Json arr = Json::array();
    for (const auto& s : doc.service) arr.push_back(service_to_json(s));
    j["service"] = std::move(arr);
  }
  return j;
}

std::string document_serialize(const Document& doc) { return json_dump(document_to_json(doc)); }

}  // namespace plx::did
