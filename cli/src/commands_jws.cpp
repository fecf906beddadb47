// plx jws sign | verify
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "did_keys.hpp"
#include "io.hpp"
#include "key_file.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/did/resolver.hpp"

namespace plx::cli {
namespace {

struct SignArgs {
  std::string key;
  std::string typ;
  bool compact = false;
};

int run_sign(const SignArgs& a) {
  auto kf = load_key_file(a.key);
  if (!kf.has_value()) return report(kf.error());
  auto payload = read_stdin();
  if (!payload.has_value()) return report(payload.error());
  crypto::JwsSignOptions options;
  if (!kf->kid.empty()) options.header["kid"] = kf->kid;
  if (!a.typ.empty()) options.header["typ"] = a.typ;
  auto jws = crypto::jws_sign(kf->key, *payload, options);
  if (!jws.has_value()) return report(jws.error());
  if (a.compact) {
    std::cout << *jws << "\n";
  } else {
    auto alg = crypto::algorithm_for(kf->key.type());
    print_json(Json{{"jws", *jws},
                    {"kid", kf->kid},
                    {"alg", alg.has_value() ? std::string(crypto::algorithm_name(*alg)) : ""}});
  }
  return kExitOk;
}

struct VerifyArgs {
  std::string did;
  std::string purpose = "assertionMethod";
  bool allow_high_s = false;
};

// The input is the {"jws": ...} object that `plx jws sign` prints, or a bare compact JWS.
Result<std::string> jws_from_input(const Bytes& in) {
  std::string text = to_string(in);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (!text.empty() && text.front() == '{') {
    PLX_TRY(Json j, json_parse(text));
    PLX_TRY(std::string jws, json_get_string(j, "jws"));
    return jws;
  }
  return text;
}

bool is_valid_utf8(const std::string& text) {
  try {
    (void)Json(text).dump(-1, ' ', false, Json::error_handler_t::strict);
    return true;
  } catch (const Json::exception&) {
    return false;
  }
}

int run_verify(const VerifyArgs& a) {
  auto purpose = did::relationship_from_name(a.purpose);
  if (!purpose) {
    return report(Error(ErrorCode::kInvalidArgument, "unknown relationship '" + a.purpose + "'",
                        "--purpose"));
  }
  auto in = read_stdin();
  if (!in.has_value()) return report(in.error());
  auto jws = jws_from_input(*in);
  if (!jws.has_value()) return report(jws.error().within("stdin"));

  did::MultiResolver resolver = did::make_local_resolver();
  crypto::JwsVerifyOptions options;
  options.signature.allow_high_s = a.allow_high_s;
  auto check = verify_jws_with_did(resolver, a.did, *jws, *purpose, options);
  if (!check.has_value()) return report(check.error());

  Json out = {{"verified", check->verified}, {"did", a.did}, {"kid", check->kid},
              {"alg", check->alg}};
  if (check->verified) {
    std::string text = to_string(check->payload);
    if (is_valid_utf8(text)) {
      out["payload"] = text;
    } else {
      out["payloadBase64url"] = base64url_encode(check->payload);
    }
  } else {
    out["reason"] = check->reason;
    std::cerr << "plx: not verified: " << check->reason << "\n";
  }
  print_json(out);
  return check->verified ? kExitOk : kExitNotVerified;
}

}  // namespace

void register_jws(CLI::App& app) {
  auto* jws = app.add_subcommand("jws", "Sign and verify JWS compact serializations (RFC 7515)");
  jws->require_subcommand(1);

  auto sign_args = std::make_shared<SignArgs>();
  auto* sign = jws->add_subcommand(
      "sign", "Sign the payload on stdin; prints {\"jws\": compact, \"kid\": ..., \"alg\": ...}");
  sign->add_option("--key", sign_args->key, "Private key file (from plx did create --out)")
      ->required();
  sign->add_option("--typ", sign_args->typ, "Protected header \"typ\"");
  sign->add_flag("--compact", sign_args->compact, "Print only the compact JWS");
  sign->callback([sign_args] { g_exit_code = run_sign(*sign_args); });

  auto verify_args = std::make_shared<VerifyArgs>();
  auto* verify = jws->add_subcommand(
      "verify", "Verify the JWS on stdin against a DID; exit 0 valid, 2 invalid, 1 error");
  verify->add_option("--did", verify_args->did, "The signer's DID")->required();
  verify->add_option("--purpose", verify_args->purpose,
                     "Verification relationship the key must have")
      ->capture_default_str();
  verify->add_flag("--allow-high-s", verify_args->allow_high_s,
                   "ES256K: accept high-S signatures (RFC 8812 allows them; rejected by default)");
  verify->callback([verify_args] { g_exit_code = run_verify(*verify_args); });
}

}  // namespace plx::cli
