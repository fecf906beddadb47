// RFC 9901 (SD-JWT): disclosures, issuance, presentation, processing and verification.
#include "plx/vc/sd_jwt.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/crypto/jws.hpp"

namespace plx::vc::sd_jwt {
namespace {

const std::string kSd = "_sd";
const std::string kEllipsis = "...";

std::string random_b64url(std::size_t n) {
  Bytes b(n);
  randombytes_buf(b.data(), b.size());  // RFC 9901 §9.3: 128 bits of CSPRNG output per salt
  return base64url_encode(b);
}

std::string make_disclosure(const std::optional<std::string>& name, const Json& value) {
  Json arr = Json::array({random_b64url(16)});
  if (name) arr.push_back(*name);
  arr.push_back(value);
  return base64url_encode(as_bytes(json_dump(arr)));
}

// RFC 6901 pointer into reference tokens. Errors: kInvalidArgument.
Result<std::vector<std::string>> split_pointer(std::string_view p) {
  std::vector<std::string> out;
  if (p.empty()) return out;
  if (p[0] != '/') return Error(ErrorCode::kInvalidArgument, "a JSON pointer starts with '/'", std::string(p));
  std::string cur;
  for (std::size_t i = 1; i <= p.size(); ++i) {
    if (i == p.size() || p[i] == '/') {
      out.push_back(cur);
      cur.clear();
    } else if (p[i] == '~') {
      if (i + 1 >= p.size() || (p[i + 1] != '0' && p[i + 1] != '1')) {
        return Error(ErrorCode::kInvalidArgument, "bad '~' escape in a JSON pointer", std::string(p));
      }
      cur += p[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      cur += p[i];
    }
  }
  return out;
}

Result<std::size_t> array_index(const std::string& tok, std::size_t size, std::string_view where) {
  if (tok.empty() || tok.size() > 9 || (tok.size() > 1 && tok[0] == '0') ||
      !std::all_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Error(ErrorCode::kInvalidArgument, "not an array index", std::string(where));
  }
  std::size_t i = std::stoul(tok);
  if (i >= size) return Error(ErrorCode::kInvalidArgument, "array index out of range", std::string(where));
  return i;
}

// Inserts `digest` into the sorted "_sd" array of `obj` (sorting hides the original order,
// RFC 9901 §4.2.4.1), creating it with `decoys` decoy digests the first time (§4.2.5).
void add_sd_digest(Json& obj, const std::string& digest, std::size_t decoys) {
  if (!obj.contains(kSd)) {
    obj[std::string(kSd)] = Json::array();
    for (std::size_t i = 0; i < decoys; ++i) {
      add_sd_digest(obj, disclosure_digest(random_b64url(16)), 0);
    }
  }
  Json& arr = obj[std::string(kSd)];
  auto pos = arr.begin();
  while (pos != arr.end() && pos->get<std::string>() < digest) ++pos;
  arr.insert(pos, digest);
}

bool is_prefix_pointer(const std::string& a, const std::string& b) {
  // a is b or an ancestor of b (on reference-token boundaries).
  return b.size() >= a.size() && b.compare(0, a.size(), a) == 0 &&
         (b.size() == a.size() || b[a.size()] == '/');
}

struct Processor {
  std::vector<DecodedDisclosure> decoded;
  std::map<std::string, std::size_t> by_digest;
  std::vector<bool> used;
  std::set<std::string> seen_digests;
  std::vector<std::string>* paths = nullptr;  // where each disclosure landed (for present())

  Status seen(const std::string& digest, const std::string& where) {
    if (!seen_digests.insert(digest).second) {
      return Error(ErrorCode::kMalformed, "the digest " + digest + " appears more than once", where);
    }
    return ok_status();
  }

  Status walk(Json& node, const std::string& where, bool top) {
    if (node.is_object()) return walk_object(node, where, top);
    if (node.is_array()) return walk_array(node, where);
    return ok_status();
  }

  Status walk_object(Json& node, const std::string& where, bool top) {
    if (node.contains(kEllipsis)) {
      return Error(ErrorCode::kMalformed, "\"...\" may only be the one member of an array element",
                   where + "/...");
    }
    if (!top && node.contains("_sd_alg")) {
      return Error(ErrorCode::kMalformed, "_sd_alg may only appear at the top level", where + "/_sd_alg");
    }
    std::vector<std::string> keys;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() != kSd) keys.push_back(it.key());
    }
    for (const auto& k : keys) {
      PLX_RETURN_IF_ERROR(walk(node[k], where + "/" + json_pointer_escape(k), false));
    }
    if (!node.contains(kSd)) return ok_status();
    Json sd = std::move(node[std::string(kSd)]);
    node.erase(std::string(kSd));
    std::string sd_where = where + "/_sd";
    if (!sd.is_array()) return Error(ErrorCode::kMalformed, "_sd must be an array", sd_where);
    for (std::size_t i = 0; i < sd.size(); ++i) {
      std::string w = sd_where + "/" + std::to_string(i);
      if (!sd[i].is_string()) return Error(ErrorCode::kMalformed, "an _sd entry must be a string", w);
      const auto& digest = sd[i].get_ref<const std::string&>();
      PLX_RETURN_IF_ERROR(seen(digest, w));
      auto it = by_digest.find(digest);
      if (it == by_digest.end()) continue;  // undisclosed or decoy
      auto& d = decoded[it->second];
      if (!d.name) {
        return Error(ErrorCode::kMalformed,
                     "an array-element disclosure is referenced from an object's _sd", w);
      }
      if (node.contains(*d.name)) {
        return Error(ErrorCode::kMalformed, "the disclosed claim '" + *d.name + "' already exists", w);
      }
      used[it->second] = true;
      Json value = d.value;
      std::string vw = where + "/" + json_pointer_escape(*d.name);
      if (paths) (*paths)[it->second] = vw;
      PLX_RETURN_IF_ERROR(walk(value, vw, false));
      node[*d.name] = std::move(value);
    }
    return ok_status();
  }

  Status walk_array(Json& node, const std::string& where) {
    Json out = Json::array();
    for (std::size_t i = 0; i < node.size(); ++i) {
      Json& e = node[i];
      std::string w = where + "/" + std::to_string(i);
      std::string ow = where + "/" + std::to_string(out.size());
      if (e.is_object() && e.contains(kEllipsis)) {
        if (e.size() != 1 || !e[std::string(kEllipsis)].is_string()) {
          return Error(ErrorCode::kMalformed,
                       "an array digest must be an object with exactly one string member \"...\"", w);
        }
        const auto digest = e[std::string(kEllipsis)].get<std::string>();
        PLX_RETURN_IF_ERROR(seen(digest, w));
        auto it = by_digest.find(digest);
        if (it == by_digest.end()) continue;  // undisclosed element or decoy: removed (§7.1 3.3)
        auto& d = decoded[it->second];
        if (d.name) {
          return Error(ErrorCode::kMalformed,
                       "an object-property disclosure is referenced from an array element", w);
        }
        used[it->second] = true;
        Json value = d.value;
        if (paths) (*paths)[it->second] = ow;
        PLX_RETURN_IF_ERROR(walk(value, ow, false));
        out.push_back(std::move(value));
        continue;
      }
      PLX_RETURN_IF_ERROR(walk(e, ow, false));
      out.push_back(std::move(e));
    }
    node = std::move(out);
    return ok_status();
  }
};

Result<Json> process_impl(const Json& payload, const std::vector<std::string>& disclosures,
                          std::vector<std::string>* paths) {
  if (!payload.is_object()) return Error(ErrorCode::kMalformed, "the SD-JWT payload must be an object", "payload");
  if (payload.contains("_sd_alg")) {
    if (!payload["_sd_alg"].is_string()) return Error(ErrorCode::kMalformed, "_sd_alg must be a string", "/_sd_alg");
    if (payload["_sd_alg"] != "sha-256") {
      return Error(ErrorCode::kUnsupported, "only _sd_alg sha-256 is supported", "/_sd_alg");
    }
  }
  Processor p;
  p.used.assign(disclosures.size(), false);
  if (paths) paths->assign(disclosures.size(), std::string());
  p.paths = paths;
  for (std::size_t i = 0; i < disclosures.size(); ++i) {
    auto d = decode_disclosure(disclosures[i]);
    if (!d.has_value()) return d.error().within("disclosure " + std::to_string(i));
    if (!p.by_digest.emplace(d->digest, i).second) {
      return Error(ErrorCode::kMalformed, "the same disclosure is given twice", "disclosure " + std::to_string(i));
    }
    p.decoded.push_back(std::move(*d));
  }
  Json out = payload;
  out.erase("_sd_alg");
  PLX_RETURN_IF_ERROR(p.walk(out, "", true));
  for (std::size_t i = 0; i < p.used.size(); ++i) {
    if (!p.used[i]) {
      return Error(ErrorCode::kMalformed, "no digest in the SD-JWT references this disclosure",
                   "disclosure " + std::to_string(i));
    }
  }
  return out;
}

Result<Json> payload_of(std::string_view jwt) {
  PLX_TRY(crypto::ParsedJws parsed, crypto::jws_parse(jwt));
  auto j = json_parse(as_string_view(parsed.payload));
  if (!j.has_value()) return j.error().within("payload");
  if (!j->is_object()) return Error(ErrorCode::kMalformed, "the JWT payload must be an object", "payload");
  return std::move(*j);
}

std::string sd_hash_of(std::string_view presented) {
  auto h = crypto::sha256(as_bytes(presented));
  return base64url_encode(h);
}

}  // namespace

std::string disclosure_digest(std::string_view disclosure) {
  auto h = crypto::sha256(as_bytes(disclosure));
  return base64url_encode(h);
}

Result<DecodedDisclosure> decode_disclosure(std::string_view disclosure) {
  auto raw = base64url_decode(disclosure);
  if (!raw.has_value()) return Error(ErrorCode::kMalformed, "a disclosure must be base64url: " + raw.error().message);
  auto j = json_parse(as_string_view(*raw));
  if (!j.has_value()) return Error(ErrorCode::kMalformed, "a disclosure must be JSON: " + j.error().message);
  if (!j->is_array() || (j->size() != 2 && j->size() != 3)) {
    return Error(ErrorCode::kMalformed, "a disclosure must be a JSON array of 2 or 3 elements");
  }
  if (!(*j)[0].is_string()) return Error(ErrorCode::kMalformed, "the salt must be a string", "0");
  DecodedDisclosure d;
  d.encoded = std::string(disclosure);
  d.digest = disclosure_digest(disclosure);
  d.salt = (*j)[0].get<std::string>();
  if (j->size() == 3) {
    if (!(*j)[1].is_string()) return Error(ErrorCode::kMalformed, "the claim name must be a string", "1");
    std::string name = (*j)[1].get<std::string>();
    if (name == kSd || name == kEllipsis) {
      return Error(ErrorCode::kMalformed, "a disclosure may not name the claim \"" + name + "\"", "1");
    }
    d.name = std::move(name);
    d.value = (*j)[2];
  } else {
    d.value = (*j)[1];
  }
  return d;
}

Result<std::string> issue(const Json& claims, const crypto::Signer& signer,
                          const IssueOptions& options) {
  if (!claims.is_object()) return Error(ErrorCode::kInvalidArgument, "claims must be a JSON object", "claims");
  for (const char* reserved : {"_sd", "...", "_sd_alg"}) {
    if (claims.contains(reserved)) {
      return Error(ErrorCode::kInvalidArgument, "the claims already use the reserved name", reserved);
    }
  }
  bool is_vc = options.typ == kTypSdJwtVc || options.typ == kTypSdJwtVcLegacy;
  struct Target {
    std::vector<std::string> tokens;
    std::string pointer;
  };
  std::vector<Target> targets;
  for (const auto& p : options.sd) {
    PLX_TRY(auto toks, split_pointer(p));
    if (toks.empty()) return Error(ErrorCode::kInvalidArgument, "the root cannot be disclosable", p);
    if (toks.size() == 1) {
      static const std::set<std::string> kFixed = {"cnf"};
      // SD-JWT VC §3.2.2.2: these registered claims must stay visible.
      static const std::set<std::string> kFixedVc = {"iss", "nbf", "exp", "cnf", "vct", "status"};
      if (kFixed.count(toks[0]) || (is_vc && kFixedVc.count(toks[0]))) {
        return Error(ErrorCode::kInvalidArgument, "this claim may not be selectively disclosable", p);
      }
    }
    targets.push_back({std::move(toks), p});
  }
  // Deepest first, so a value is made disclosable after everything inside it (§4.2.6).
  std::stable_sort(targets.begin(), targets.end(),
                   [](const Target& a, const Target& b) { return a.tokens.size() > b.tokens.size(); });
  Json work = claims;
  std::vector<std::string> disclosures;
  for (const auto& t : targets) {
    Json* parent = &work;
    for (std::size_t i = 0; i + 1 < t.tokens.size(); ++i) {
      const auto& tok = t.tokens[i];
      if (parent->is_object()) {
        if (!parent->contains(tok)) return Error(ErrorCode::kInvalidArgument, "the pointer names nothing", t.pointer);
        parent = &(*parent)[tok];
      } else if (parent->is_array()) {
        PLX_TRY(std::size_t idx, array_index(tok, parent->size(), t.pointer));
        parent = &(*parent)[idx];
      } else {
        return Error(ErrorCode::kInvalidArgument, "the pointer names nothing", t.pointer);
      }
    }
    const auto& last = t.tokens.back();
    if (parent->is_object()) {
      if (!parent->contains(last) || last == kSd || last == kEllipsis) {
        return Error(ErrorCode::kInvalidArgument, "the pointer names nothing disclosable", t.pointer);
      }
      std::string d = make_disclosure(last, (*parent)[last]);
      parent->erase(last);
      add_sd_digest(*parent, disclosure_digest(d), options.decoys);
      disclosures.push_back(std::move(d));
    } else if (parent->is_array()) {
      PLX_TRY(std::size_t idx, array_index(last, parent->size(), t.pointer));
      Json& e = (*parent)[idx];
      if (e.is_object() && e.contains(kEllipsis) && e.size() == 1) {
        return Error(ErrorCode::kInvalidArgument, "the element is already disclosable", t.pointer);
      }
      std::string d = make_disclosure(std::nullopt, e);
      e = Json{{std::string(kEllipsis), disclosure_digest(d)}};
      disclosures.push_back(std::move(d));
    } else {
      return Error(ErrorCode::kInvalidArgument, "the pointer names nothing", t.pointer);
    }
  }
  work["_sd_alg"] = "sha-256";
  if (options.holder_jwk) {
    for (const char* priv : {"d", "p", "q", "dp", "dq", "qi", "k"}) {
      if (options.holder_jwk->contains(priv)) {
        return Error(ErrorCode::kInvalidArgument, "the holder JWK must be public", "cnf/jwk");
      }
    }
    work["cnf"] = Json{{"jwk", *options.holder_jwk}};
  } else if (options.holder_kid) {
    work["cnf"] = Json{{"kid", *options.holder_kid}};
  }
  Json header = {{"typ", options.typ}};
  if (!options.kid.empty()) header["kid"] = options.kid;
  crypto::JwsSignOptions so;
  so.header = std::move(header);
  std::string payload = json_dump(work);
  PLX_TRY(std::string jwt, crypto::jws_sign(signer, as_bytes(payload), so));
  // Shuffle the disclosures' order so it does not follow the claims (§9.7 unlinkability of order).
  for (std::size_t i = disclosures.size(); i > 1; --i) {
    std::size_t j = randombytes_uniform(static_cast<std::uint32_t>(i));
    std::swap(disclosures[i - 1], disclosures[j]);
  }
  std::string out = jwt + "~";
  for (const auto& d : disclosures) out += d + "~";
  return out;
}

Result<Parsed> parse(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  Parsed out;
  if (!text.empty() && text.front() == '{') {
    // RFC 9901 §8: JWS JSON Serialization, flattened or general.
    PLX_TRY(Json j, json_parse(text));
    if (!j.contains("payload") || !j["payload"].is_string()) {
      return Error(ErrorCode::kMalformed, "a JSON-serialized SD-JWT needs a payload string", "/payload");
    }
    std::vector<Json> sigs;
    if (j.contains("signatures")) {
      if (!j["signatures"].is_array() || j["signatures"].empty()) {
        return Error(ErrorCode::kMalformed, "signatures must be a non-empty array", "/signatures");
      }
      for (const auto& s : j["signatures"]) sigs.push_back(s);
    } else {
      sigs.push_back(j);
    }
    for (std::size_t i = 0; i < sigs.size(); ++i) {
      const Json& s = sigs[i];
      if (!s.is_object() || !s.contains("protected") || !s["protected"].is_string() ||
          !s.contains("signature") || !s["signature"].is_string()) {
        return Error(ErrorCode::kMalformed, "each signature needs protected and signature strings",
                     "/signatures/" + std::to_string(i));
      }
      std::string compact = s["protected"].get<std::string>() + "." + j["payload"].get<std::string>() +
                            "." + s["signature"].get<std::string>();
      if (i == 0) {
        out.issuer_jwt = compact;
      } else {
        out.extra_signatures.push_back(compact);
      }
    }
    // §8.1: disclosures and kb_jwt travel in the (first) unprotected header.
    const Json& first = sigs[0];
    if (first.contains("header")) {
      const Json& h = first["header"];
      if (!h.is_object()) return Error(ErrorCode::kMalformed, "header must be an object", "/header");
      if (h.contains("disclosures")) {
        if (!h["disclosures"].is_array()) return Error(ErrorCode::kMalformed, "disclosures must be an array", "/header/disclosures");
        for (const auto& d : h["disclosures"]) {
          if (!d.is_string()) return Error(ErrorCode::kMalformed, "a disclosure must be a string", "/header/disclosures");
          out.disclosures.push_back(d.get<std::string>());
        }
      }
      if (h.contains("kb_jwt")) {
        if (!h["kb_jwt"].is_string()) return Error(ErrorCode::kMalformed, "kb_jwt must be a string", "/header/kb_jwt");
        out.kb_jwt = h["kb_jwt"].get<std::string>();
      }
    }
    out.presented_without_kb = out.issuer_jwt + "~";
    for (const auto& d : out.disclosures) out.presented_without_kb += d + "~";
    return out;
  }
  std::size_t last = text.rfind('~');
  if (last == std::string_view::npos) {
    return Error(ErrorCode::kMalformed, "an SD-JWT is <JWT>~<disclosures>~ and has no '~'", "offset 0");
  }
  out.presented_without_kb = std::string(text.substr(0, last + 1));
  std::string_view kb = text.substr(last + 1);
  if (!kb.empty()) out.kb_jwt = std::string(kb);
  std::string_view rest = text.substr(0, last);
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    std::size_t t = rest.find('~', pos);
    std::string_view part = rest.substr(pos, t == std::string_view::npos ? std::string_view::npos : t - pos);
    if (part.empty()) {
      return Error(ErrorCode::kMalformed, first ? "the issuer-signed JWT is empty" : "an empty disclosure",
                   "offset " + std::to_string(pos));
    }
    if (first) {
      out.issuer_jwt = std::string(part);
      first = false;
    } else {
      out.disclosures.emplace_back(part);
    }
    if (t == std::string_view::npos) break;
    pos = t + 1;
  }
  return out;
}

Result<Json> process(const Json& payload, const std::vector<std::string>& disclosures) {
  return process_impl(payload, disclosures, nullptr);
}

Result<std::string> present(std::string_view sd_jwt, const std::vector<std::string>& disclose,
                            const HolderBinding& binding) {
  PLX_TRY(Parsed parsed, parse(sd_jwt));
  if (parsed.kb_jwt) {
    return Error(ErrorCode::kInvalidArgument, "the input already carries a Key Binding JWT", "kb_jwt");
  }
  PLX_TRY(Json payload, payload_of(parsed.issuer_jwt));
  std::vector<std::string> paths;
  PLX_TRY(Json full, process_impl(payload, parsed.disclosures, &paths));
  std::vector<bool> keep(parsed.disclosures.size(), false);
  for (const auto& p : disclose) {
    PLX_TRY(auto toks, split_pointer(p));
    (void)toks;
    Json::json_pointer jp;
    try {
      jp = Json::json_pointer(p);
    } catch (const Json::exception&) {
      return Error(ErrorCode::kInvalidArgument, "not a JSON pointer", p);
    }
    if (p.empty() || !full.contains(jp)) {
      return Error(ErrorCode::kInvalidArgument, "the pointer selects nothing in the credential", p);
    }
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (is_prefix_pointer(paths[i], p) || is_prefix_pointer(p, paths[i])) keep[i] = true;
    }
  }
  std::string out = parsed.issuer_jwt + "~";
  for (std::size_t i = 0; i < parsed.disclosures.size(); ++i) {
    if (keep[i]) out += parsed.disclosures[i] + "~";
  }
  if (binding.signer != nullptr) {
    Json kb = {{"iat", binding.iat.value_or(unix_now())},
               {"aud", binding.aud},
               {"nonce", binding.nonce},
               {"sd_hash", sd_hash_of(out)}};
    crypto::JwsSignOptions so;
    so.header = Json{{"typ", kTypKbJwt}};
    std::string text = json_dump(kb);
    PLX_TRY(std::string jwt, crypto::jws_sign(*binding.signer, as_bytes(text), so));
    out += jwt;
  }
  return out;
}

namespace {

// §7.3: the Key Binding JWT. Records "holder_binding" in the verdict; errors = could not check.
Status check_key_binding(const Parsed& parsed, const Json& processed, const did::Resolver& resolver,
                         const VerifyOptions& options, Verdict& v) {
  if (!parsed.kb_jwt) {
    if (options.require_key_binding) v.fail("holder_binding", "a Key Binding JWT is required");
    return ok_status();
  }
  auto kb = crypto::jws_parse(*parsed.kb_jwt);
  if (!kb.has_value()) {
    v.fail("holder_binding", "the Key Binding JWT does not parse: " + kb.error().message);
    return ok_status();
  }
  if (kb->header.value("typ", Json()) != std::string(kTypKbJwt)) {
    v.fail("holder_binding", "the Key Binding JWT's typ must be kb+jwt");
    return ok_status();
  }
  const Json* cnf = processed.contains("cnf") ? &processed["cnf"] : nullptr;
  std::optional<crypto::PublicKey> holder;
  if (cnf && cnf->is_object() && cnf->contains("jwk")) {
    auto k = crypto::public_key_from_jwk((*cnf)["jwk"]);
    if (!k.has_value()) {
      v.fail("holder_binding", "cnf.jwk is not a usable key: " + k.error().message);
      return ok_status();
    }
    holder = *k;
  } else if (cnf && cnf->is_object() && cnf->contains("kid") && (*cnf)["kid"].is_string()) {
    PLX_TRY(KeyLookup k, find_key(resolver, (*cnf)["kid"].get<std::string>(),
                                  did::Relationship::kAuthentication));
    if (!k.authorized) {
      v.fail("holder_binding", k.reason);
      return ok_status();
    }
    holder = k.key;
  } else {
    v.fail("holder_binding", "the SD-JWT has a Key Binding JWT but no cnf key to check it with");
    return ok_status();
  }
  crypto::JwsVerifyOptions jo;
  jo.signature = options.signature;
  auto sig = crypto::jws_verify(*parsed.kb_jwt, *holder, jo);
  if (!sig.has_value()) {
    v.fail("holder_binding", "the Key Binding JWT signature: " + sig.error().message);
    return ok_status();
  }
  auto claims = json_parse(as_string_view(sig->payload));
  if (!claims.has_value() || !claims->is_object()) {
    v.fail("holder_binding", "the Key Binding JWT payload is not a JSON object");
    return ok_status();
  }
  const Json& c = *claims;
  UnixSeconds now = options.now.value_or(unix_now());
  if (!c.contains("iat") || !c["iat"].is_number_integer()) {
    v.fail("holder_binding", "the Key Binding JWT has no integer iat");
  } else {
    auto iat = c["iat"].get<std::int64_t>();
    if (iat > now + options.clock_skew_s) v.fail("holder_binding", "the Key Binding JWT's iat is in the future");
    if (iat < now - options.kb_max_age_s - options.clock_skew_s) {
      v.fail("holder_binding", "the Key Binding JWT is too old");
    }
  }
  if (!c.contains("sd_hash") || c["sd_hash"] != sd_hash_of(parsed.presented_without_kb)) {
    v.fail("holder_binding", "sd_hash does not match the presented SD-JWT");
  }
  if (!options.expected_aud.empty() && c.value("aud", Json()) != options.expected_aud) {
    v.fail("holder_binding", "aud is not this verifier (expected " + options.expected_aud + ")");
  }
  if (!options.expected_nonce.empty() && c.value("nonce", Json()) != options.expected_nonce) {
    v.fail("holder_binding", "nonce does not match the expected nonce");
  }
  if (!c.contains("aud") || !c.contains("nonce")) v.fail("holder_binding", "aud and nonce are required");
  if (!v.failed_check("holder_binding")) v.pass("holder_binding");
  return ok_status();
}

}  // namespace

Result<Verdict> verify(std::string_view text, const did::Resolver& resolver,
                       const VerifyOptions& options) {
  PLX_TRY(Parsed parsed, parse(text));
  PLX_TRY(crypto::ParsedJws jws, crypto::jws_parse(parsed.issuer_jwt));
  auto payload_r = json_parse(as_string_view(jws.payload));
  if (!payload_r.has_value() || !payload_r->is_object()) {
    return Error(ErrorCode::kMalformed, "the issuer-signed JWT payload is not a JSON object", "payload");
  }
  const Json& payload = *payload_r;
  Verdict v;
  v.format = "sd-jwt";
  std::string typ = jws.header.value("typ", std::string());
  if (!options.accepted_typ.empty() &&
      std::find(options.accepted_typ.begin(), options.accepted_typ.end(), typ) == options.accepted_typ.end()) {
    v.fail("header", "typ '" + typ + "' is not accepted here");
  } else {
    v.pass("header");
  }
  std::string iss = payload.contains("iss") && payload["iss"].is_string() ? payload["iss"].get<std::string>() : "";
  if (iss.empty() && payload.contains("issuer")) {
    const Json& is = payload["issuer"];
    if (is.is_string()) iss = is.get<std::string>();
    if (is.is_object() && is.contains("id") && is["id"].is_string()) iss = is["id"].get<std::string>();
  }
  v.issuer = iss;
  std::string kid = jws.header.contains("kid") && jws.header["kid"].is_string()
                        ? jws.header["kid"].get<std::string>() : "";
  std::optional<crypto::PublicKey> key;
  if (options.issuer_key) {
    key = *options.issuer_key;
    v.verification_method = kid.empty() ? "(given key)" : kid;
    v.pass("key_authorized");
  } else if (kid.rfind("did:", 0) == 0) {
    PLX_TRY(KeyLookup k, find_key(resolver, kid, did::Relationship::kAssertionMethod));
    key = k.key;
    v.verification_method = k.method_id;
    if (k.authorized) v.pass("key_authorized"); else v.fail("key_authorized", k.reason);
    if (!iss.empty() && iss != k.controller_did) {
      v.fail("issuer_matches", "the key " + k.method_id + " does not belong to " + iss);
    } else {
      v.pass("issuer_matches");
    }
  } else if (options.issuer_keys != nullptr && !iss.empty()) {
    PLX_TRY(key, find_issuer_jwk(*options.issuer_keys, iss, kid));
    v.verification_method = iss + "#" + kid;
    v.pass("key_authorized");
  } else {
    return Error(ErrorCode::kNotFound,
                 "no issuer key: kid is not a DID URL and no issuer metadata was given for iss", "header/kid");
  }
  crypto::JwsVerifyOptions jo;
  jo.signature = options.signature;
  auto sig = crypto::jws_verify(parsed.issuer_jwt, *key, jo);
  bool sig_ok = sig.has_value();
  for (const auto& extra : parsed.extra_signatures) {
    if (!sig_ok) sig_ok = crypto::jws_verify(extra, *key, jo).has_value();
  }
  if (sig_ok) v.pass("signature"); else v.fail("signature", sig.error().message);
  auto processed = process(payload, parsed.disclosures);
  if (!processed.has_value()) {
    v.fail("disclosures", processed.error().to_string());
    v.document = payload;
    if (parsed.kb_jwt || options.require_key_binding) v.fail("holder_binding", "not checked: the disclosures are invalid");
    return v;
  }
  v.pass("disclosures");
  v.document = *processed;
  PLX_RETURN_IF_ERROR(check_key_binding(parsed, *processed, resolver, options, v));
  return v;
}

}  // namespace plx::vc::sd_jwt
