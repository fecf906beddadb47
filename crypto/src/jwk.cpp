// JWK import/export (RFC 7517, RFC 7518 §6.2, RFC 8037 §2, RFC 8812 §3.1) and thumbprints
// (RFC 7638).
//
// Import is strict on purpose: a JWK is an identifier as much as a key (did:jwk, thumbprints,
// "kid" matching), so each key has exactly one accepted spelling. Coordinates must be canonical
// base64url of exactly the field size (RFC 7518 §6.2.1.2/§6.2.1.3 say "MUST be the full size"),
// and EC points go through PublicKey::from_raw, which checks that they are on the curve, so an
// invalid-curve point never reaches a verifier or a key agreement.
//
// The private member "d" never passes through a std::string that we own: export writes the text
// straight into SecretBytes with libsodium's constant-time base64 encoder, and import decodes
// "d" straight into SecretBytes and wipes the copy that nlohmann holds before it is freed.
#include "plx/crypto/jwk.hpp"

#include <sodium.h>

#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"

#include "internal.hpp"

namespace plx::crypto {

// A member value quoted for an error message. Values of kty/crv/alg/use are public, but they are
// attacker-chosen, so the quote is bounded and non-printable bytes are replaced.
std::string internal::printable_quote(std::string_view s) {
  constexpr std::size_t kMax = 32;
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
    const char c = s[i];
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (s.size() > kMax) out += "...";
  out += '"';
  return out;
}

namespace {

using internal::printable_quote;

constexpr int kB64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

// One row per key type we import: the JOSE kty/crv names and the coordinate size. For every
// curve here the private scalar/seed ("d") has the same size as a coordinate (RFC 7518 §6.2.2.1:
// ceil(log2(n)/8) octets, which equals the field size for secp256k1, P-256 and P-384; RFC 8037 §2:
// 32 bytes for Ed25519 and X25519).
struct Curve {
  KeyType type;
  std::string_view kty;
  std::string_view crv;
  std::size_t size;
  bool has_y;
};

constexpr std::array<Curve, 5> kCurves = {{
    {KeyType::kEd25519, "OKP", "Ed25519", 32, false},
    {KeyType::kX25519, "OKP", "X25519", 32, false},
    {KeyType::kSecp256k1, "EC", "secp256k1", 32, true},
    {KeyType::kP256, "EC", "P-256", 32, true},
    {KeyType::kP384, "EC", "P-384", 48, true},
}};

const Curve& curve_for(KeyType type) {
  for (const Curve& c : kCurves) {
    if (c.type == type) return c;
  }
  // Every KeyType has a row; reaching here means the enum grew without this table.
  PLX_CHECK(false && "KeyType missing from the JWK curve table");
  return kCurves[0];
}

// Length of unpadded base64url text for n bytes: ceil(4n/3).
constexpr std::size_t b64_len(std::size_t n) { return (n * 4 + 2) / 3; }

std::string pointer(std::string_view member) { return "/" + json_pointer_escape(member); }


// The string value of a required member. The error never quotes the value (it may be "d").
Result<const std::string*> required_string(const Json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end()) {
    return Error(ErrorCode::kMalformed, std::string("missing member \"") + name + "\"",
                 pointer(name));
  }
  if (!it->is_string()) {
    return Error(ErrorCode::kMalformed, std::string("member \"") + name + "\" must be a string",
                 pointer(name));
  }
  return &it->get_ref<const std::string&>();
}

// Finds the supported curve named by kty/crv. Anything else is kUnsupported (well-formed, but not
// a key type we implement), except a missing or non-string kty/crv, which is kMalformed.
Result<const Curve*> resolve_curve(const Json& jwk) {
  if (!jwk.is_object()) return Error(ErrorCode::kMalformed, "a JWK must be a JSON object");
  PLX_TRY(const std::string* kty, required_string(jwk, "kty"));
  if (*kty != "OKP" && *kty != "EC") {
    return Error(ErrorCode::kUnsupported, "unsupported kty " + printable_quote(*kty), "/kty");
  }
  PLX_TRY(const std::string* crv, required_string(jwk, "crv"));
  for (const Curve& c : kCurves) {
    if (c.kty == *kty && c.crv == *crv) return &c;
  }
  std::string message = "unsupported crv " + printable_quote(*crv) + " for kty " + *kty;
  // "P-256K" was the draft name; RFC 8812 §3.1 registered "secp256k1". We accept one name only,
  // so that a key has one JWK (and one thumbprint).
  if (*crv == "P-256K") message += " (RFC 8812 names this curve \"secp256k1\")";
  return Error(ErrorCode::kUnsupported, std::move(message), "/crv");
}

// A public coordinate: canonical base64url of exactly `size` bytes.
Result<Bytes> decode_coordinate(const Json& jwk, const char* name, std::size_t size) {
  PLX_TRY(const std::string* text, required_string(jwk, name));
  auto bytes = base64url_decode(*text);
  if (!bytes.has_value()) {
    const Error& e = bytes.error();
    return Error(ErrorCode::kMalformed,
                 "not canonical base64url: " + e.message + (e.where.empty() ? "" : " at " + e.where),
                 pointer(name));
  }
  if (bytes->size() != size) {
    return Error(ErrorCode::kMalformed,
                 "expected " + std::to_string(size) + " bytes, got " + std::to_string(bytes->size()),
                 pointer(name));
  }
  return bytes;
}

Result<PublicKey> public_from_curve(const Json& jwk, const Curve& c) {
  PLX_TRY(Bytes x, decode_coordinate(jwk, "x", c.size));
  if (!c.has_y) {
    auto key = PublicKey::from_raw(c.type, x);
    if (!key.has_value()) {
      Error e = std::move(key).error();
      e.where = "/x";
      return e;
    }
    return key;
  }
  PLX_TRY(Bytes y, decode_coordinate(jwk, "y", c.size));
  // SEC1 §2.3.4 uncompressed form; from_raw rejects points off the curve (invalid-curve attacks).
  Bytes point;
  point.reserve(1 + 2 * c.size);
  point.push_back(0x04);
  append(point, x);
  append(point, y);
  auto key = PublicKey::from_raw(c.type, point);
  if (!key.has_value()) {
    // The pair is what fails; we name "/y" by convention (given x, no valid y matches).
    Error e = std::move(key).error();
    e.message = "(x, y) is not a valid " + std::string(c.crv) + " point: " + e.message;
    e.where = "/y";
    return e;
  }
  return key;
}

// The public members of a key in lexicographic order (crv, kty, x[, y]), which is the order that
// RFC 7638 §3.2 hashes and the order json_dump writes.
struct PublicMembers {
  const Curve* curve;
  std::string x;
  std::string y;  // empty for OKP
};

PublicMembers public_members(const PublicKey& key) {
  const Curve& c = curve_for(key.type());
  if (!c.has_y) return {&c, base64url_encode(key.raw()), {}};
  const Bytes u = key.uncompressed();
  PLX_CHECK(u.size() == 1 + 2 * c.size && u[0] == 0x04);
  const ByteSpan all(u);
  return {&c, base64url_encode(all.subspan(1, c.size)), base64url_encode(all.subspan(1 + c.size))};
}

// Decodes "d" straight into SecretBytes. Errors never quote the value.
Result<SecretBytes> decode_private(const Json& jwk, const Curve& c) {
  PLX_TRY(const std::string* text, required_string(jwk, "d"));
  // The length check first: the length is public, and it lets the decoder below fail only on
  // content (an invalid character or non-zero unused bits).
  if (text->size() != b64_len(c.size)) {
    return Error(ErrorCode::kMalformed,
                 "expected the base64url of " + std::to_string(c.size) + " bytes", "/d");
  }
  SecretBytes d(c.size);
  std::size_t len = 0;
  // libsodium's decoder is constant-time in the content and strict: with no "ignore" set and no
  // end pointer it rejects padding, whitespace, '+' '/' and non-zero unused trailing bits.
  const int rc = sodium_base642bin(d.expose_secret_mut().data(), d.size(), text->data(),
                                   text->size(), nullptr, &len, nullptr, kB64Variant);
  if (rc != 0 || len != c.size) {
    return Error(ErrorCode::kMalformed, "not canonical base64url", "/d");
  }
  return d;
}

// Wipes the "d" string that nlohmann holds once private_key_from_jwk returns, on every path.
class WipeMemberOnExit {
 public:
  WipeMemberOnExit(Json& obj, const char* name) : obj_(obj), name_(name) {}
  WipeMemberOnExit(const WipeMemberOnExit&) = delete;
  WipeMemberOnExit& operator=(const WipeMemberOnExit&) = delete;
  ~WipeMemberOnExit() {
    if (!obj_.is_object()) return;
    const auto it = obj_.find(name_);
    if (it == obj_.end() || !it->is_string()) return;
    auto& s = it->get_ref<std::string&>();
    if (!s.empty()) sodium_memzero(s.data(), s.size());
  }

 private:
  Json& obj_;
  const char* name_;
};

void append_text(SecretBytes& out, std::string_view text) { out.append(as_bytes(text)); }

}  // namespace

Json public_key_to_jwk(const PublicKey& key) {
  PublicMembers m = public_members(key);
  Json jwk = Json::object();
  jwk["kty"] = std::string(m.curve->kty);
  jwk["crv"] = std::string(m.curve->crv);
  jwk["x"] = std::move(m.x);
  if (m.curve->has_y) jwk["y"] = std::move(m.y);
  return jwk;
}

Result<PublicKey> public_key_from_jwk(const Json& jwk) {
  PLX_TRY(const Curve* curve, resolve_curve(jwk));
  return public_from_curve(jwk, *curve);
}

SecretBytes private_key_to_jwk(const PrivateKey& key) {
  const PublicMembers m = public_members(key.public_key());
  const ByteSpan d = key.secret().expose_secret();
  PLX_CHECK(d.size() == m.curve->size);

  // sodium_bin2base64 writes a NUL after the text; the buffer is sized for it.
  SecretBytes d_b64(sodium_base64_encoded_len(d.size(), kB64Variant));
  sodium_bin2base64(reinterpret_cast<char*>(d_b64.expose_secret_mut().data()), d_b64.size(),
                    d.data(), d.size(), kB64Variant);
  const std::size_t d_chars = d_b64.size() - 1;
  PLX_CHECK(d_chars == b64_len(d.size()));

  // Members in lexicographic order, as public_key_to_jwk's json_dump would write them. SecretBytes
  // wipes every buffer it outgrows, so appending piecewise leaves no copy of "d" behind.
  SecretBytes out;
  append_text(out, "{\"crv\":\"");
  append_text(out, m.curve->crv);
  append_text(out, "\",\"d\":\"");
  out.append(d_b64.expose_secret().first(d_chars));
  append_text(out, "\",\"kty\":\"");
  append_text(out, m.curve->kty);
  append_text(out, "\",\"x\":\"");
  append_text(out, m.x);
  if (m.curve->has_y) {
    append_text(out, "\",\"y\":\"");
    append_text(out, m.y);
  }
  append_text(out, "\"}");
  return out;
}

Result<PrivateKey> private_key_from_jwk(ByteSpan jwk_text) {
  auto parsed = json_parse(as_string_view(jwk_text));
  if (!parsed.has_value()) {
    // The parser's message can quote the text near the error, which may be "d": keep only where.
    return Error(ErrorCode::kMalformed, "the private JWK is not valid JSON", parsed.error().where);
  }
  Json& jwk = *parsed;
  const WipeMemberOnExit wipe(jwk, "d");

  PLX_TRY(const Curve* curve, resolve_curve(jwk));
  PLX_TRY(PublicKey claimed, public_from_curve(jwk, *curve));
  PLX_TRY(SecretBytes d, decode_private(jwk, *curve));
  auto key = PrivateKey::from_raw(curve->type, d.expose_secret());
  if (!key.has_value()) {
    Error e = std::move(key).error();
    e.where = "/d";
    return e;
  }
  // A JWK whose "d" and "x"/"y" disagree would sign as one key and be published as another.
  if (!(key->public_key() == claimed)) {
    return Error(ErrorCode::kMalformed, "\"d\" does not belong to the public key (x, y) of the JWK",
                 "/d");
  }
  return key;
}

Status jwk_permits_verify(const Json& jwk, Algorithm alg) {
  if (!jwk.is_object()) return Error(ErrorCode::kMalformed, "a JWK must be a JSON object");

  // RFC 7517 §4.2: "sig" is the one public key use that covers verification. Other values
  // ("enc", or ones we do not know) do not allow it.
  if (const auto it = jwk.find("use"); it != jwk.end()) {
    if (!it->is_string()) {
      return Error(ErrorCode::kMalformed, "member \"use\" must be a string", "/use");
    }
    const auto& use = it->get_ref<const std::string&>();
    if (use != "sig") {
      return Error(ErrorCode::kPermissionDenied,
                   "use " + printable_quote(use) + " does not allow verifying signatures", "/use");
    }
  }

  // RFC 7517 §4.3: an array of distinct strings; "verify" is the operation we perform.
  if (const auto it = jwk.find("key_ops"); it != jwk.end()) {
    if (!it->is_array()) {
      return Error(ErrorCode::kMalformed, "member \"key_ops\" must be an array", "/key_ops");
    }
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const Json& op = (*it)[i];
      const std::string where = "/key_ops/" + std::to_string(i);
      if (!op.is_string()) {
        return Error(ErrorCode::kMalformed, "key_ops values must be strings", where);
      }
      if (!seen.insert(op.get_ref<const std::string&>()).second) {
        return Error(ErrorCode::kMalformed, "duplicate key_ops value", where);
      }
    }
    if (seen.count("verify") == 0) {
      return Error(ErrorCode::kPermissionDenied, "key_ops does not include \"verify\"", "/key_ops");
    }
  }

  // RFC 7517 §4.4: a key restricted to one algorithm must not verify under another (Wycheproof's
  // "mismatchedAlgAndCurve": a P-256 key labelled ES521).
  if (const auto it = jwk.find("alg"); it != jwk.end()) {
    if (!it->is_string()) {
      return Error(ErrorCode::kMalformed, "member \"alg\" must be a string", "/alg");
    }
    const auto& key_alg = it->get_ref<const std::string&>();
    if (key_alg != algorithm_name(alg)) {
      return Error(ErrorCode::kPermissionDenied,
                   "the key is restricted to alg " + printable_quote(key_alg) + ", not " +
                       std::string(algorithm_name(alg)),
                   "/alg");
    }
  }
  return ok_status();
}

std::string jwk_thumbprint(const PublicKey& key) {
  // Every value is a fixed name or base64url text, so no JSON escaping is needed and the text is
  // the RFC 7638 §3.2 form by construction: required members, lexicographic order, no spaces.
  const PublicMembers m = public_members(key);
  std::string canonical = "{\"crv\":\"";
  canonical += m.curve->crv;
  canonical += "\",\"kty\":\"";
  canonical += m.curve->kty;
  canonical += "\",\"x\":\"";
  canonical += m.x;
  if (m.curve->has_y) {
    canonical += "\",\"y\":\"";
    canonical += m.y;
  }
  canonical += "\"}";
  const Sha256Digest digest = sha256(as_bytes(canonical));
  return base64url_encode(digest);
}

Result<std::string> jwk_thumbprint_input(const Json& jwk) {
  if (!jwk.is_object()) return Error(ErrorCode::kMalformed, "a JWK must be a JSON object");
  PLX_TRY(const std::string* kty, required_string(jwk, "kty"));
  // RFC 7638 §3.2 (EC, RSA, oct) and RFC 8037 §2 (OKP): the required members, already sorted.
  static constexpr std::array<const char*, 4> kEc = {"crv", "kty", "x", "y"};
  static constexpr std::array<const char*, 3> kOkp = {"crv", "kty", "x"};
  static constexpr std::array<const char*, 3> kRsa = {"e", "kty", "n"};
  static constexpr std::array<const char*, 2> kOct = {"k", "kty"};
  std::span<const char* const> members;
  if (*kty == "EC") {
    members = kEc;
  } else if (*kty == "OKP") {
    members = kOkp;
  } else if (*kty == "RSA") {
    members = kRsa;
  } else if (*kty == "oct") {
    members = kOct;
  } else {
    return Error(ErrorCode::kUnsupported, "no thumbprint members defined for kty " + printable_quote(*kty),
                 "/kty");
  }
  Json required = Json::object();
  for (const char* name : members) {
    PLX_TRY(const std::string* value, required_string(jwk, name));
    required[name] = *value;
  }
  // JCS (RFC 8785) is exactly the §3.3 form: no whitespace, members sorted, minimal escapes.
  return jcs_canonicalize(required);
}

Result<std::string> jwk_thumbprint(const Json& jwk) {
  PLX_TRY(std::string canonical, jwk_thumbprint_input(jwk));
  const Sha256Digest digest = sha256(as_bytes(canonical));
  return base64url_encode(digest);
}

}  // namespace plx::crypto
