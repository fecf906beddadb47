// VCDM 2.0 / 1.1 data-model validation (see data_model.hpp for the rules and spec sections).
#include "plx/vc/data_model.hpp"

#include <map>
#include <set>

namespace plx::vc {
namespace {

// Terms the credentials v2 context defines (all @protected there, VCDM 2.0 §4.3 / Appendix B.1).
const std::set<std::string, std::less<>>& v2_terms() {
  static const std::set<std::string, std::less<>> kTerms = {
      "VerifiableCredential", "VerifiablePresentation", "EnvelopedVerifiableCredential",
      "EnvelopedVerifiablePresentation", "JsonSchemaCredential", "JsonSchema",
      "BitstringStatusListCredential", "BitstringStatusList", "BitstringStatusListEntry",
      "DataIntegrityProof", "id", "type", "...", "_sd", "_sd_alg", "aud", "cnf", "exp", "iat",
      "iss", "jku", "kid", "nbf", "sub", "x5u", "issuer", "credentialSubject", "validFrom",
      "validUntil", "credentialStatus", "credentialSchema", "evidence", "termsOfUse",
      "refreshService", "holder", "verifiableCredential", "proof", "name", "description",
      "relatedResource", "confidenceMethod", "renderMethod", "digestSRI", "digestMultibase",
      "mediaType"};
  return kTerms;
}

struct ContextInfo {
  bool vocab = true;  // an @vocab applies (v2 has one: issuer-dependent#)
  std::map<std::string, std::string, std::less<>> terms;  // term -> IRI
  std::set<std::string, std::less<>> protected_terms;
};

class Checker {
 public:
  explicit Checker(std::vector<Issue>& issues) : issues_(issues) {}
  void issue(std::string pointer, std::string reason) {
    issues_.push_back({std::move(pointer), std::move(reason)});
  }
  std::size_t count() const { return issues_.size(); }

 private:
  std::vector<Issue>& issues_;
};

std::string ptr(std::string_view base, std::string_view key) {
  return std::string(base) + "/" + json_pointer_escape(key);
}
std::string ptr(std::string_view base, std::size_t i) {
  return std::string(base) + "/" + std::to_string(i);
}

bool is_term_iri(std::string_view v) {
  // An absolute IRI, a compact IRI (prefix:suffix is an absolute IRI syntactically) or a keyword.
  return is_absolute_url(v) || (!v.empty() && v[0] == '@');
}

// @context (VCDM 2.0 §4.3; 1.1 §4.1). Returns what the inline contexts define.
ContextInfo check_context(const Json& doc, Checker& c, DataModelVersion& version, bool allow_v1) {
  ContextInfo info;
  auto it = doc.find("@context");
  if (it == doc.end()) {
    c.issue("/@context", "missing: @context is required");
    return info;
  }
  std::vector<const Json*> entries;
  if (it->is_array()) {
    for (const auto& e : *it) entries.push_back(&e);
  } else {
    entries.push_back(&*it);
  }
  if (entries.empty()) {
    c.issue("/@context", "must not be empty");
    return info;
  }
  const Json& first = *entries[0];
  if (first.is_string() && first.get_ref<const std::string&>() == kContextV2) {
    version = DataModelVersion::kV2_0;
  } else if (allow_v1 && first.is_string() && first.get_ref<const std::string&>() == kContextV1) {
    version = DataModelVersion::kV1_1;
    info.vocab = false;  // the 1.1 context has no @vocab
  } else {
    c.issue(it->is_array() ? "/@context/0" : "/@context",
            "the first @context entry must be " + std::string(kContextV2));
  }
  for (const auto& t : v2_terms()) info.protected_terms.insert(t);
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const Json& e = *entries[i];
    std::string p = ptr("/@context", i);
    if (e.is_string()) {
      const auto& s = e.get_ref<const std::string&>();
      if (!is_absolute_url(s)) c.issue(p, "a context reference must be a URL");
      if (s == kContextV2 || s == kContextV1) c.issue(p, "the base context may only come first");
      continue;
    }
    if (!e.is_object()) {
      c.issue(p, "a context entry must be a URL or an object");
      continue;
    }
    bool is_protected = e.contains("@protected") && e["@protected"] == true;
    for (const auto& [term, def] : e.items()) {
      std::string tp = ptr(p, term);
      if (term == "@vocab") {
        if (def.is_null()) {
          info.vocab = false;
        } else if (!def.is_string() || !is_term_iri(def.get_ref<const std::string&>())) {
          c.issue(tp, "@vocab must be an IRI or null");
        } else {
          info.vocab = true;
        }
        continue;
      }
      if (!term.empty() && term[0] == '@') continue;  // @protected, @version, @base, ...
      std::string iri;
      if (def.is_string()) {
        iri = def.get<std::string>();
      } else if (def.is_object() && def.contains("@id") && def["@id"].is_string()) {
        iri = def["@id"].get<std::string>();
      } else if (def.is_null()) {
        iri.clear();
      } else if (def.is_object()) {
        iri = "@vocab-relative";
      } else {
        c.issue(tp, "a term definition must be an IRI string, an object or null");
        continue;
      }
      if (!iri.empty() && iri != "@vocab-relative" && !is_term_iri(iri)) {
        c.issue(tp, "the term maps to something that is not a URL");
        continue;
      }
      auto prev = info.terms.find(term);
      bool was_protected = info.protected_terms.count(term) > 0;
      if (was_protected && (prev == info.terms.end() || prev->second != iri)) {
        // JSON-LD 1.1 §4.1.11: a protected term may not be redefined differently.
        c.issue(tp, "redefines the protected term '" + term + "'");
        continue;
      }
      info.terms[term] = iri;
      if (is_protected) info.protected_terms.insert(term);
    }
  }
  return info;
}

std::vector<std::string> check_types(const Json& obj, std::string_view base, bool required,
                                     const ContextInfo& ctx, Checker& c) {
  std::vector<std::string> out;
  auto it = obj.find("type");
  std::string p = ptr(base, "type");
  if (it == obj.end()) {
    if (required) c.issue(p, "missing: type is required");
    return out;
  }
  auto one = [&](const Json& t, const std::string& tp) {
    if (!t.is_string()) {
      c.issue(tp, "a type must be a string");
      return;
    }
    const auto& s = t.get_ref<const std::string&>();
    bool defined = v2_terms().count(s) > 0 || ctx.terms.count(s) > 0 || ctx.vocab ||
                   (s.find(':') != std::string::npos && is_absolute_url(s));
    if (!defined) c.issue(tp, "the type '" + s + "' is not defined by any @context");
    out.push_back(s);
  };
  if (it->is_array()) {
    if (it->empty()) c.issue(p, "type must not be empty");
    for (std::size_t i = 0; i < it->size(); ++i) one((*it)[i], ptr(p, i));
  } else {
    one(*it, p);
  }
  return out;
}

bool has_type(const std::vector<std::string>& types, std::string_view t) {
  for (const auto& x : types) {
    if (x == t) return true;
  }
  return false;
}

// An optional "id" that must be one URL (§4.4).
std::optional<std::string> check_id(const Json& obj, std::string_view base, Checker& c) {
  auto it = obj.find("id");
  if (it == obj.end()) return std::nullopt;
  std::string p = ptr(base, "id");
  if (!it->is_string()) {
    c.issue(p, "id must be a single URL string");
    return std::nullopt;
  }
  if (!is_absolute_url(it->get_ref<const std::string&>())) c.issue(p, "id must be a URL");
  return it->get<std::string>();
}

// name/description (§4.6): a string, a language value object, or an array of those.
void check_language_value(const Json& v, const std::string& p, Checker& c) {
  auto one = [&](const Json& x, const std::string& xp) {
    if (x.is_string()) return;
    if (!x.is_object() || !x.contains("@value") || !x["@value"].is_string()) {
      c.issue(xp, "must be a string or a value object with a string @value");
      return;
    }
    for (const auto& [k, val] : x.items()) {
      if (k == "@value") continue;
      if (k == "@language" || k == "@direction") {
        if (!val.is_string()) c.issue(ptr(xp, k), "must be a string");
        if (k == "@direction" && val.is_string() && val != "ltr" && val != "rtl") {
          c.issue(ptr(xp, k), "must be \"ltr\" or \"rtl\"");
        }
        continue;
      }
      c.issue(ptr(xp, k), "a language value object may hold only @value, @language, @direction");
    }
  };
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) one(v[i], ptr(p, i));
  } else {
    one(v, p);
  }
}

void check_names(const Json& obj, std::string_view base, Checker& c) {
  for (const char* k : {"name", "description"}) {
    auto it = obj.find(k);
    if (it != obj.end()) check_language_value(*it, ptr(base, k), c);
  }
}

// credentialStatus, credentialSchema, refreshService, termsOfUse, evidence (§4.10-§5.6): each
// entry an object with a type; an id, if present, one URL.
std::vector<Json> check_typed_objects(const Json& doc, const char* key, bool id_required,
                                      const ContextInfo& ctx, Checker& c) {
  std::vector<Json> out;
  auto it = doc.find(key);
  if (it == doc.end()) return out;
  std::string p = ptr("", key);
  auto one = [&](const Json& x, const std::string& xp) {
    if (!x.is_object()) {
      c.issue(xp, "must be an object");
      return;
    }
    check_types(x, xp, true, ctx, c);
    auto id = check_id(x, xp, c);
    if (id_required && !id && !x.contains("id")) c.issue(ptr(xp, "id"), "missing: id is required");
    out.push_back(x);
  };
  if (it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) one((*it)[i], ptr(p, i));
  } else {
    one(*it, p);
  }
  return out;
}

std::optional<UnixSeconds> check_date(const Json& doc, const char* key, Checker& c) {
  auto it = doc.find(key);
  if (it == doc.end()) return std::nullopt;
  std::string p = ptr("", key);
  if (!it->is_string()) {
    c.issue(p, "must be a dateTimeStamp string");
    return std::nullopt;
  }
  auto t = parse_xsd_datetime(it->get_ref<const std::string&>(), true);
  if (!t.has_value()) {
    c.issue(p, t.error().message);
    return std::nullopt;
  }
  return *t;
}

void validate_credential_into(const Json& doc, const std::string& base,
                              const ValidateOptions& options, Credential& cred, Checker& c) {
  (void)base;
  ContextInfo ctx = check_context(doc, c, cred.version, options.allow_v1_1);
  cred.json = doc;
  cred.id = check_id(doc, "", c);
  cred.types = check_types(doc, "", true, ctx, c);
  if (doc.contains("type") && !has_type(cred.types, "VerifiableCredential")) {
    c.issue("/type", "must include VerifiableCredential");
  }
  check_names(doc, "", c);
  // issuer (§4.7).
  auto iss = doc.find("issuer");
  if (iss == doc.end()) {
    if (options.require_issuer) c.issue("/issuer", "missing: issuer is required");
  } else if (iss->is_string()) {
    cred.issuer = iss->get<std::string>();
    if (!is_absolute_url(cred.issuer)) c.issue("/issuer", "issuer must be a URL");
  } else if (iss->is_object()) {
    auto id = check_id(*iss, "/issuer", c);
    if (id) cred.issuer = *id;
    if (!iss->contains("id") && options.require_issuer) {
      c.issue("/issuer/id", "missing: an issuer object needs an id");
    }
    check_names(*iss, "/issuer", c);
  } else {
    c.issue("/issuer", "issuer must be a URL or an object with an id");
  }
  // credentialSubject (§4.8).
  auto cs = doc.find("credentialSubject");
  if (cs == doc.end()) {
    c.issue("/credentialSubject", "missing: credentialSubject is required");
  } else {
    auto one = [&](const Json& s, const std::string& sp) {
      if (!s.is_object()) {
        c.issue(sp, "a credential subject must be an object");
        return;
      }
      if (s.empty()) c.issue(sp, "a credential subject must make at least one claim");
      check_id(s, sp, c);
      cred.subjects.push_back(s);
    };
    if (cs->is_array()) {
      if (cs->empty()) c.issue("/credentialSubject", "must not be empty");
      for (std::size_t i = 0; i < cs->size(); ++i) one((*cs)[i], ptr("/credentialSubject", i));
    } else {
      one(*cs, "/credentialSubject");
    }
  }
  // Validity (§4.9; 1.1 §4.6-§4.7).
  if (cred.version == DataModelVersion::kV2_0) {
    cred.valid_from = check_date(doc, "validFrom", c);
    cred.valid_until = check_date(doc, "validUntil", c);
  } else {
    cred.valid_from = check_date(doc, "issuanceDate", c);
    cred.valid_until = check_date(doc, "expirationDate", c);
    if (!doc.contains("issuanceDate") && options.require_issuer) {
      c.issue("/issuanceDate", "missing: a VCDM 1.1 credential needs issuanceDate");
    }
  }
  if (cred.valid_from && cred.valid_until && *cred.valid_until < *cred.valid_from) {
    c.issue("/validUntil", "validUntil is before validFrom");
  }
  cred.status = check_typed_objects(doc, "credentialStatus", false, ctx, c);
  check_typed_objects(doc, "credentialSchema", true, ctx, c);
  check_typed_objects(doc, "refreshService", false, ctx, c);
  check_typed_objects(doc, "termsOfUse", false, ctx, c);
  check_typed_objects(doc, "evidence", false, ctx, c);
  // An embedded proof must at least name its type (Data Integrity §2.1).
  if (auto pr = doc.find("proof"); pr != doc.end()) {
    auto one = [&](const Json& x, const std::string& xp) {
      if (!x.is_object()) {
        c.issue(xp, "a proof must be an object");
      } else if (!x.contains("type")) {
        c.issue(ptr(xp, "type"), "missing: a proof needs a type");
      }
    };
    if (pr->is_array()) {
      for (std::size_t i = 0; i < pr->size(); ++i) one((*pr)[i], ptr("/proof", i));
    } else {
      one(*pr, "/proof");
    }
  }
}

std::string summarize(const std::vector<Issue>& issues) {
  std::string m = "not a conforming document: ";
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (i) m += "; ";
    m += (issues[i].pointer.empty() ? std::string("(root)") : issues[i].pointer) + ": " +
         issues[i].reason;
  }
  return m;
}

}  // namespace

bool is_absolute_url(std::string_view s) {
  // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then ":".
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  auto alpha = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); };
  if (!alpha(s[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char ch = s[i];
    if (!alpha(ch) && !(ch >= '0' && ch <= '9') && ch != '+' && ch != '-' && ch != '.') return false;
  }
  if (colon + 1 >= s.size()) return false;
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (u <= 0x20 || u == 0x7f || ch == '<' || ch == '>' || ch == '"' || ch == '{' || ch == '}' ||
        ch == '|' || ch == '\\' || ch == '^' || ch == '`') {
      return false;
    }
  }
  return true;
}

Validation<Credential> validate_credential(const Json& doc, const ValidateOptions& options) {
  Validation<Credential> out;
  Checker c(out.issues);
  if (!doc.is_object()) {
    c.issue("", "a credential must be a JSON object");
    return out;
  }
  Credential cred;
  validate_credential_into(doc, "", options, cred, c);
  if (out.issues.empty()) out.value = std::move(cred);
  return out;
}

Validation<Presentation> validate_presentation(const Json& doc, const ValidateOptions& options) {
  Validation<Presentation> out;
  Checker c(out.issues);
  if (!doc.is_object()) {
    c.issue("", "a presentation must be a JSON object");
    return out;
  }
  Presentation pres;
  pres.json = doc;
  ContextInfo ctx = check_context(doc, c, pres.version, options.allow_v1_1);
  pres.id = check_id(doc, "", c);
  pres.types = check_types(doc, "", true, ctx, c);
  if (doc.contains("type") && !has_type(pres.types, "VerifiablePresentation")) {
    c.issue("/type", "must include VerifiablePresentation");
  }
  check_names(doc, "", c);
  if (auto h = doc.find("holder"); h != doc.end()) {
    if (h->is_string()) {
      if (!is_absolute_url(h->get_ref<const std::string&>())) c.issue("/holder", "holder must be a URL");
      pres.holder = h->get<std::string>();
    } else if (h->is_object()) {
      auto id = check_id(*h, "/holder", c);
      if (!h->contains("id")) c.issue("/holder/id", "missing: a holder object needs an id");
      pres.holder = id;
    } else {
      c.issue("/holder", "holder must be a URL or an object with an id");
    }
  }
  if (auto vcs = doc.find("verifiableCredential"); vcs != doc.end()) {
    std::vector<const Json*> list;
    if (vcs->is_array()) {
      for (const auto& v : *vcs) list.push_back(&v);
    } else {
      list.push_back(&*vcs);
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& v = *list[i];
      std::string vp = vcs->is_array() ? ptr("/verifiableCredential", i) : "/verifiableCredential";
      if (!v.is_object()) {
        // §4.13: verifiableCredential holds objects; a bare JWT string belongs in an
        // EnvelopedVerifiableCredential.
        c.issue(vp, "a verifiable credential must be an object (use EnvelopedVerifiableCredential)");
        continue;
      }
      if (v.contains("type") && v["type"] == "EnvelopedVerifiableCredential") {
        auto id = v.find("id");
        if (id == v.end() || !id->is_string() ||
            id->get_ref<const std::string&>().rfind("data:", 0) != 0) {
          c.issue(ptr(vp, "id"), "an EnvelopedVerifiableCredential id must be a data: URL");
          continue;
        }
        pres.enveloped.push_back(id->get<std::string>());
        continue;
      }
      auto inner = validate_credential(v, options);
      for (auto& is : inner.issues) c.issue(vp + is.pointer, is.reason);
      if (inner.value) pres.credentials.push_back(std::move(*inner.value));
    }
  }
  if (out.issues.empty()) out.value = std::move(pres);
  return out;
}

Result<Credential> credential_from_json(const Json& doc, const ValidateOptions& options) {
  auto v = validate_credential(doc, options);
  if (!v.ok()) return Error(ErrorCode::kMalformed, summarize(v.issues), v.issues[0].pointer);
  return std::move(*v.value);
}

Result<Presentation> presentation_from_json(const Json& doc, const ValidateOptions& options) {
  auto v = validate_presentation(doc, options);
  if (!v.ok()) return Error(ErrorCode::kMalformed, summarize(v.issues), v.issues[0].pointer);
  return std::move(*v.value);
}

Json issues_to_json(const std::vector<Issue>& issues) {
  Json out = Json::array();
  for (const auto& i : issues) out.push_back({{"pointer", i.pointer}, {"reason", i.reason}});
  return out;
}

}  // namespace plx::vc
