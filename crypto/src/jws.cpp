// JWS Compact Serialization (RFC 7515 §7.1): sign, parse and verify.
//
// What verification binds, and why:
// - The algorithm comes from the key, never from the token. The header's "alg" must equal the one
//   algorithm of the key's type (signature.hpp), which closes "alg":"none" (RFC 7515 §A.5,
//   RFC 8725 §2.1), HMAC-with-a-public-key confusion and cross-curve substitution (RFC 8725 §3.1).
// - Every part must be canonical base64url and the header a JSON object without duplicate
//   members (RFC 7515 §5.2 steps 2-4), so one signature has one textual form.
// - "crit" (RFC 7515 §4.1.11) is enforced: an extension the caller does not process fails.
// - The signature covers the exact octets ASCII(BASE64URL(header) || '.' || BASE64URL(payload))
//   as received (§5.2 step 8); nothing is re-serialized.
#include "plx/crypto/jws.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "plx/core/encoding.hpp"

#include "internal.hpp"

namespace plx::crypto {
namespace {

using internal::printable_quote;

// Header Parameter names defined by RFC 7515 §4.1, RFC 7516 §4.1 and RFC 7518 §4.6-4.8.
// RFC 7515 §4.1.11: "crit" MUST NOT list names defined by these specifications, since every
// recipient must already understand them.
constexpr std::array<std::string_view, 20> kRegisteredHeaderNames = {
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty",
    "crit", "enc", "zip", "epk", "apu", "apv", "iv",  "tag",      "p2s", "p2c",
};

bool is_registered(std::string_view name) {
  for (std::string_view r : kRegisteredHeaderNames) {
    if (r == name) return true;
  }
  return false;
}


Result<Bytes> decode_part(std::string_view text, const char* part) {
  auto bytes = base64url_decode(text);
  if (!bytes.has_value()) {
    const Error& e = bytes.error();
    return Error(ErrorCode::kMalformed, std::string(part) + " is not canonical base64url: " + e.message,
                 e.where.empty() ? std::string(part) : std::string(part) + "/" + e.where);
  }
  return bytes;
}

// RFC 7515 §4.1.11. `understood` is null when signing: then only the structure is checked.
// Errors use `code_for_bad` for structural problems (kMalformed when verifying a token,
// kInvalidArgument when the caller passed the header to sign).
Status check_crit(const Json& header, const std::set<std::string, std::less<>>* understood,
                  ErrorCode code_for_bad) {
  const auto it = header.find("crit");
  if (it == header.end()) return ok_status();
  const std::string where = "header/crit";
  if (!it->is_array() || it->empty()) {
    return Error(code_for_bad, "\"crit\" must be a non-empty array of names", where);
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& v = (*it)[i];
    const std::string at = where + "/" + std::to_string(i);
    if (!v.is_string()) return Error(code_for_bad, "\"crit\" values must be strings", at);
    const auto& name = v.get_ref<const std::string&>();
    if (name.empty()) return Error(code_for_bad, "\"crit\" names must not be empty", at);
    if (!seen.insert(name).second) {
      return Error(code_for_bad, "duplicate name " + printable_quote(name) + " in \"crit\"", at);
    }
    if (is_registered(name)) {
      return Error(code_for_bad,
                   "\"crit\" must not list the registered header parameter " + printable_quote(name), at);
    }
    if (!header.contains(name)) {
      return Error(code_for_bad,
                   "\"crit\" lists " + printable_quote(name) + ", which is not in the header", at);
    }
    // "b64" (RFC 7797) is processed here, whatever the caller understands.
    if (understood != nullptr && name != "b64" && understood->find(name) == understood->end()) {
      // Well-formed, but an extension this caller does not process: the JWS must be rejected.
      return Error(ErrorCode::kUnsupported,
                   "critical header parameter " + printable_quote(name) + " is not understood", at);
    }
  }
  return ok_status();
}

// RFC 7797 §3, §6: "b64" is a boolean and, when present, must be listed in "crit" (so that a
// verifier that does not know it rejects the JWS instead of checking the wrong octets).
// Returns whether the payload is base64url-encoded (true when "b64" is absent).
Result<bool> payload_is_encoded(const Json& header, ErrorCode code_for_bad) {
  const auto b64 = header.find("b64");
  if (b64 == header.end()) return true;
  if (!b64->is_boolean()) return Error(code_for_bad, "\"b64\" must be a boolean", "header/b64");
  const auto crit = header.find("crit");
  if (crit == header.end() || !crit->is_array() ||
      std::find(crit->begin(), crit->end(), Json("b64")) == crit->end()) {
    return Error(code_for_bad, "\"b64\" must be listed in \"crit\" (RFC 7797 §6)", "header/crit");
  }
  return b64->get<bool>();
}

// Builds the compact form: the header is {"alg":...} followed by the caller's members (in
// json_dump's order), serialized compactly, so that a key and payload always give the same text.
Result<std::string> sign_compact(Algorithm alg, ByteSpan payload, const JwsSignOptions& options,
                                 const auto& sign_fn) {
  if (!options.header.is_object()) {
    return Error(ErrorCode::kInvalidArgument, "the JWS header must be a JSON object", "header");
  }
  if (options.header.contains("alg")) {
    return Error(ErrorCode::kInvalidArgument, "\"alg\" is set from the key; do not pass it",
                 "header/alg");
  }
  PLX_RETURN_IF_ERROR(check_crit(options.header, nullptr, ErrorCode::kInvalidArgument));
  PLX_TRY(const bool encoded, payload_is_encoded(options.header, ErrorCode::kInvalidArgument));
  // RFC 7797 §5.2: an unencoded payload in the compact form cannot contain '.', which would
  // split it. (The JWS-detached form, with an empty middle part, is not produced here.)
  if (!encoded && std::find(payload.begin(), payload.end(), '.') != payload.end()) {
    return Error(ErrorCode::kInvalidArgument,
                 "an unencoded (\"b64\": false) compact payload must not contain '.'", "payload");
  }

  std::string header_text = "{\"alg\":\"";
  header_text += algorithm_name(alg);
  header_text += '"';
  for (auto it = options.header.begin(); it != options.header.end(); ++it) {
    header_text += ',';
    header_text += json_dump(Json(it.key()));
    header_text += ':';
    header_text += json_dump(it.value());
  }
  header_text += '}';

  std::string compact = base64url_encode(as_bytes(header_text));
  compact += '.';
  if (encoded) {
    compact += base64url_encode(payload);
  } else {
    compact += as_string_view(payload);  // RFC 7797 §3: the payload octets themselves
  }
  PLX_TRY(Bytes signature, sign_fn(as_bytes(compact)));
  if (signature.size() != signature_size(alg)) {
    // A Signer that returns another length (e.g. DER for ECDSA) would produce tokens that no
    // verifier, this one included, accepts.
    return Error(ErrorCode::kInternal,
                 "the signer returned " + std::to_string(signature.size()) + " bytes, expected " +
                     std::to_string(signature_size(alg)) + " for " +
                     std::string(algorithm_name(alg)));
  }
  compact += '.';
  compact += base64url_encode(signature);
  return compact;
}

}  // namespace

Result<std::string> jws_sign(const Signer& signer, ByteSpan payload, const JwsSignOptions& options) {
  return sign_compact(signer.algorithm(), payload, options,
                      [&signer](ByteSpan input) { return signer.sign(input); });
}

Result<std::string> jws_sign(const PrivateKey& key, ByteSpan payload, const JwsSignOptions& options) {
  if (!can_sign(key.type())) {
    return Error(ErrorCode::kUnsupported,
                 std::string(key_type_name(key.type())) + " keys cannot sign");
  }
  PLX_TRY(Algorithm alg, algorithm_for(key.type()));
  return sign_compact(alg, payload, options, [&key](ByteSpan input) { return sign(key, input); });
}

Result<ParsedJws> jws_parse(std::string_view compact) {
  // RFC 7515 §7.1: exactly three parts. Counting first also rejects the JSON serialization and
  // JWE's five parts with a clear message.
  const std::size_t first = compact.find('.');
  const std::size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      compact.find('.', second + 1) != std::string_view::npos) {
    std::size_t dots = 0;
    for (char c : compact) dots += c == '.' ? 1 : 0;
    return Error(ErrorCode::kMalformed,
                 "a compact JWS has 3 parts separated by '.', found " + std::to_string(dots + 1));
  }

  ParsedJws out;
  out.header_b64 = std::string(compact.substr(0, first));
  out.payload_b64 = std::string(compact.substr(first + 1, second - first - 1));
  const std::string_view signature_b64 = compact.substr(second + 1);

  PLX_TRY(Bytes header_bytes, decode_part(out.header_b64, "header"));
  auto header = json_parse(as_string_view(header_bytes));
  if (!header.has_value()) {
    // Includes duplicate member names (RFC 7515 §5.2 step 4 says reject them).
    return Error(ErrorCode::kMalformed, "header is not valid JSON: " + header.error().message,
                 header.error().where.empty() ? "header" : "header/" + header.error().where);
  }
  if (!header->is_object()) {
    return Error(ErrorCode::kMalformed, "header must be a JSON object", "header");
  }
  const auto alg = header->find("alg");
  if (alg == header->end()) {
    return Error(ErrorCode::kMalformed, "header has no \"alg\"", "header/alg");
  }
  if (!alg->is_string()) {
    return Error(ErrorCode::kMalformed, "header \"alg\" must be a string", "header/alg");
  }
  out.header = *std::move(header);

  PLX_TRY(const bool encoded, payload_is_encoded(out.header, ErrorCode::kMalformed));
  if (encoded) {
    PLX_TRY(out.payload, decode_part(out.payload_b64, "payload"));
  } else {
    out.payload = to_bytes(out.payload_b64);
  }
  PLX_TRY(out.signature, decode_part(signature_b64, "signature"));
  return out;
}

Result<ParsedJws> jws_verify(std::string_view compact, const PublicKey& key,
                             const JwsVerifyOptions& options) {
  PLX_TRY(ParsedJws jws, jws_parse(compact));
  // jws_parse guarantees a string "alg".
  const auto& alg_name = jws.header.find("alg")->get_ref<const std::string&>();

  // An algorithm we do not implement is "could not check", apart from a mismatch below.
  auto alg = algorithm_from_name(alg_name);
  if (!alg.has_value()) {
    return Error(ErrorCode::kUnsupported, "alg " + printable_quote(alg_name) + " is not supported",
                 "header/alg");
  }
  // The key decides the algorithm (RFC 8725 §3.1). X25519 keys have none, so nothing matches.
  auto key_alg = algorithm_for(key.type());
  if (!key_alg.has_value() || *key_alg != *alg) {
    return Error(ErrorCode::kVerificationFailed,
                 "alg " + std::string(algorithm_name(*alg)) + " does not match key type " +
                     std::string(key_type_name(key.type())),
                 "header/alg");
  }

  PLX_RETURN_IF_ERROR(check_crit(jws.header, &options.understood_crit, ErrorCode::kMalformed));

  // The exact received octets up to the second '.', never a re-encoding. With "b64": false the
  // middle part is the payload itself, and RFC 7797 §3 signs exactly these octets too.
  const std::string_view signing_input =
      compact.substr(0, jws.header_b64.size() + 1 + jws.payload_b64.size());
  PLX_RETURN_IF_ERROR(verify(key, as_bytes(signing_input), jws.signature, options.signature));
  return jws;
}

}  // namespace plx::crypto
