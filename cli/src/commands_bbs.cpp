// plx bbs keygen | sign | verify | proof-gen | proof-verify
//
// Each command reads one JSON object on stdin and writes one JSON object on stdout; byte strings
// are hex (lowercase on output), indexes are JSON integers. Field names follow the draft:
// key_material, key_info, key_dst, secret_key, public_key, header, presentation_header, messages,
// signature, proof, disclosed_indexes, disclosed_messages. Unknown members are refused, so a typo
// ("message") is an error rather than a silently empty list. Exit codes (io.hpp): 0 done or
// verified, 2 checked and not verified, 1 bad input.
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

#include "commands.hpp"
#include "io.hpp"
#include "plx/core/encoding.hpp"
#include "plx/zkp/bbs.hpp"

namespace plx::cli {
namespace {

namespace bbs = plx::zkp::bbs;

struct Args {
  std::string ciphersuite = "BLS12-381-SHA-256";
};

// The stdin object, with only the members `allowed`.
Result<Json> read_input(const std::set<std::string>& allowed) {
  PLX_TRY(Bytes in, read_stdin());
  // Empty input is the empty object, so `plx bbs keygen < /dev/null` draws a random key; every
  // other command then reports the member it misses.
  const bool blank = std::all_of(in.begin(), in.end(), [](std::uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
  Json j = Json::object();
  if (!blank) {
    PLX_TRY(j, json_parse(as_string_view(in)));
  }
  if (!j.is_object()) return Error(ErrorCode::kMalformed, "stdin must be one JSON object", "stdin");
  for (const auto& [key, value] : j.items()) {
    if (!allowed.count(key)) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      return Error(ErrorCode::kInvalidArgument, "unknown member \"" + key + "\" (expected " + names + ")",
                   "stdin/" + key);
    }
  }
  return j;
}

Result<Bytes> hex_field(const Json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) return Error(ErrorCode::kInvalidArgument, "missing member \"" + key + "\"", key);
  if (!it->is_string()) return Error(ErrorCode::kMalformed, "must be a hex string", key);
  auto b = hex_decode(it->get<std::string>());
  if (!b.has_value()) return Error(ErrorCode::kMalformed, "bad hex: " + b.error().message, key);
  return *std::move(b);
}

Result<Bytes> optional_hex_field(const Json& j, const std::string& key) {
  if (!j.contains(key)) return Bytes{};
  return hex_field(j, key);
}

Result<std::vector<Bytes>> hex_list(const Json& j, const std::string& key, bool required = true) {
  auto it = j.find(key);
  if (it == j.end()) {
    if (required) return Error(ErrorCode::kInvalidArgument, "missing member \"" + key + "\"", key);
    return std::vector<Bytes>{};
  }
  if (!it->is_array()) return Error(ErrorCode::kMalformed, "must be an array of hex strings", key);
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& v = (*it)[i];
    const std::string where = key + "/" + std::to_string(i);
    if (!v.is_string()) return Error(ErrorCode::kMalformed, "must be a hex string", where);
    auto b = hex_decode(v.get<std::string>());
    if (!b.has_value()) return Error(ErrorCode::kMalformed, "bad hex: " + b.error().message, where);
    out.push_back(*std::move(b));
  }
  return out;
}

Result<std::vector<std::size_t>> index_list(const Json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end()) return Error(ErrorCode::kInvalidArgument, "missing member \"" + key + "\"", key);
  if (!it->is_array()) return Error(ErrorCode::kMalformed, "must be an array of integers", key);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& v = (*it)[i];
    if (!v.is_number_unsigned()) {
      return Error(ErrorCode::kMalformed, "must be a non-negative integer",
                   key + "/" + std::to_string(i));
    }
    out.push_back(v.get<std::size_t>());
  }
  return out;
}

Json hex_array(std::span<const Bytes> list) {
  Json a = Json::array();
  for (const auto& b : list) a.push_back(hex_encode(b));
  return a;
}

// For the two verify commands: an Error from the library is "not verified" (exit 2) when it is
// about the signature or proof (it decoded badly or did not verify), and bad input (exit 1) when
// the arguments themselves are inconsistent (kInvalidArgument).
int verdict(const Status& st) {
  if (st.has_value()) {
    print_json(Json{{"verified", true}});
    return kExitOk;
  }
  if (st.error().code == ErrorCode::kInvalidArgument) return report(st.error());
  print_json(Json{{"verified", false}, {"reason", st.error().to_string()}});
  std::cerr << "plx: not verified: " << st.error().to_string() << "\n";
  return kExitNotVerified;
}

Result<bbs::PublicKey> public_key_field(const Json& j) {
  PLX_TRY(Bytes pk, hex_field(j, "public_key"));
  return bbs::PublicKey::from_bytes(pk);
}

Result<int> keygen(bbs::Ciphersuite cs) {
  PLX_TRY(Json j, read_input({"key_material", "key_info", "key_dst"}));
  std::optional<bbs::KeyPair> kp;
  if (j.contains("key_material")) {
    // The key material is a secret: decode it into SecretBytes and wipe the JSON text's copy.
    auto it = j.find("key_material");
    if (!it->is_string()) return Error(ErrorCode::kMalformed, "must be a hex string", "key_material");
    std::string& text = it->get_ref<std::string&>();
    auto raw = hex_decode(text);
    plx::internal::secure_wipe(text.data(), text.size());
    if (!raw.has_value()) return Error(ErrorCode::kMalformed, "bad hex", "key_material");
    SecretBytes material(*raw);
    plx::internal::secure_wipe(raw->data(), raw->size());
    PLX_TRY(Bytes info, optional_hex_field(j, "key_info"));
    std::optional<ByteSpan> dst;
    Bytes dst_bytes;
    if (j.contains("key_dst")) {
      PLX_TRY(dst_bytes, hex_field(j, "key_dst"));
      dst = ByteSpan(dst_bytes);
    }
    PLX_TRY(auto made, bbs::KeyPair::from_key_material(cs, material.expose_secret(), info, dst));
    kp.emplace(std::move(made));
  } else {
    if (j.contains("key_info") || j.contains("key_dst")) {
      return Error(ErrorCode::kInvalidArgument, "key_info and key_dst need key_material",
                   "key_material");
    }
    PLX_TRY(auto made, bbs::KeyPair::generate(cs));
    kp.emplace(std::move(made));
  }
  print_json(Json{{"ciphersuite", std::string(bbs::ciphersuite_name(cs))},
                  {"secret_key", hex_encode(kp->secret_key().expose_secret())},
                  {"public_key", hex_encode(kp->public_key().bytes())}});
  return kExitOk;
}

Result<int> sign(bbs::Ciphersuite cs) {
  PLX_TRY(Json j, read_input({"secret_key", "public_key", "header", "messages"}));
  auto it = j.find("secret_key");
  if (it == j.end()) return Error(ErrorCode::kInvalidArgument, "missing member \"secret_key\"", "secret_key");
  if (!it->is_string()) return Error(ErrorCode::kMalformed, "must be a hex string", "secret_key");
  std::string& text = it->get_ref<std::string&>();
  auto raw = hex_decode(text);
  plx::internal::secure_wipe(text.data(), text.size());
  if (!raw.has_value()) return Error(ErrorCode::kMalformed, "bad hex", "secret_key");
  SecretBytes sk(*raw);
  plx::internal::secure_wipe(raw->data(), raw->size());
  PLX_TRY(auto kp, bbs::KeyPair::from_secret_key(sk.expose_secret()));
  if (j.contains("public_key")) {
    PLX_TRY(Bytes pk, hex_field(j, "public_key"));
    if (ByteSpan(pk).size() != bbs::kPublicKeySize ||
        !std::equal(pk.begin(), pk.end(), kp.public_key().bytes().begin())) {
      return Error(ErrorCode::kInvalidArgument, "public_key is not the secret key's public key",
                   "public_key");
    }
  }
  PLX_TRY(Bytes header, optional_hex_field(j, "header"));
  PLX_TRY(auto msgs, hex_list(j, "messages"));
  PLX_TRY(Bytes sig, bbs::sign(cs, kp, header, msgs));
  print_json(Json{{"signature", hex_encode(sig)}});
  return kExitOk;
}

// What the two verify commands share: the public key, the signature or proof (member
// `blob_key`), the header and a message list (member `messages_key`); the parsed object stays
// available for the members only proof-verify has.
struct VerifyInput {
  Json json;
  bbs::PublicKey pk;
  Bytes blob;
  Bytes header;
  std::vector<Bytes> messages;
};

Result<VerifyInput> read_verify_input(const std::set<std::string>& allowed,
                                      const std::string& blob_key,
                                      const std::string& messages_key) {
  PLX_TRY(Json j, read_input(allowed));
  PLX_TRY(auto pk, public_key_field(j));
  PLX_TRY(Bytes blob, hex_field(j, blob_key));
  PLX_TRY(Bytes header, optional_hex_field(j, "header"));
  PLX_TRY(auto msgs, hex_list(j, messages_key));
  return VerifyInput{std::move(j), std::move(pk), std::move(blob), std::move(header),
                     std::move(msgs)};
}

Result<int> verify(bbs::Ciphersuite cs) {
  PLX_TRY(auto in, read_verify_input({"public_key", "signature", "header", "messages"},
                                     "signature", "messages"));
  return verdict(bbs::verify(cs, in.pk, in.blob, in.header, in.messages));
}

Result<int> proof_gen(bbs::Ciphersuite cs) {
  PLX_TRY(Json j, read_input({"public_key", "signature", "header", "presentation_header",
                              "messages", "disclosed_indexes"}));
  PLX_TRY(auto pk, public_key_field(j));
  PLX_TRY(Bytes sig, hex_field(j, "signature"));
  PLX_TRY(Bytes header, optional_hex_field(j, "header"));
  PLX_TRY(Bytes ph, optional_hex_field(j, "presentation_header"));
  PLX_TRY(auto msgs, hex_list(j, "messages"));
  PLX_TRY(auto idx, index_list(j, "disclosed_indexes"));
  PLX_TRY(Bytes proof, bbs::prove(cs, pk, sig, header, ph, msgs, idx));
  std::vector<Bytes> disclosed;
  for (std::size_t i : idx) disclosed.push_back(msgs[i]);
  // The output carries what proof-verify needs besides the public key and headers.
  print_json(Json{{"proof", hex_encode(proof)},
                  {"disclosed_indexes", idx},
                  {"disclosed_messages", hex_array(disclosed)}});
  return kExitOk;
}

Result<int> proof_verify(bbs::Ciphersuite cs) {
  PLX_TRY(auto in, read_verify_input({"public_key", "proof", "header", "presentation_header",
                                      "disclosed_messages", "disclosed_indexes"},
                                     "proof", "disclosed_messages"));
  PLX_TRY(Bytes ph, optional_hex_field(in.json, "presentation_header"));
  PLX_TRY(auto idx, index_list(in.json, "disclosed_indexes"));
  return verdict(bbs::verify_proof(cs, in.pk, in.blob, in.header, ph, in.messages, idx));
}

int run(const Args& a, Result<int> (*command)(bbs::Ciphersuite)) {
  auto cs = bbs::ciphersuite_from_name(a.ciphersuite);
  if (!cs.has_value()) return report(cs.error().within("--ciphersuite"));
  auto rc = command(*cs);
  if (!rc.has_value()) return report(rc.error());
  return *rc;
}

}  // namespace

void register_bbs(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "bbs",
      "BBS signatures and selective-disclosure proofs (draft-irtf-cfrg-bbs-signatures); JSON on "
      "stdin and stdout, bytes as hex");
  cmd->require_subcommand(1);
  auto args = std::make_shared<Args>();
  cmd->add_option("--ciphersuite", args->ciphersuite, "BLS12-381-SHA-256 or BLS12-381-SHAKE-256")
      ->check(CLI::IsMember({"BLS12-381-SHA-256", "BLS12-381-SHAKE-256"}))
      ->capture_default_str();

  struct Sub {
    const char* name;
    const char* help;
    Result<int> (*fn)(bbs::Ciphersuite);
  };
  const Sub subs[] = {
      {"keygen",
       "{key_material?, key_info?, key_dst?} -> {secret_key, public_key}; without key_material "
       "the key is random",
       keygen},
      {"sign", "{secret_key, public_key?, header?, messages} -> {signature}", sign},
      {"verify",
       "{public_key, signature, header?, messages} -> {verified}; exit 0 verified, 2 not", verify},
      {"proof-gen",
       "{public_key, signature, header?, presentation_header?, messages, disclosed_indexes} -> "
       "{proof, disclosed_indexes, disclosed_messages}",
       proof_gen},
      {"proof-verify",
       "{public_key, proof, header?, presentation_header?, disclosed_messages, "
       "disclosed_indexes} -> {verified}; exit 0 verified, 2 not",
       proof_verify},
  };
  for (const Sub& s : subs) {
    auto* sub = cmd->add_subcommand(s.name, s.help);
    // --ciphersuite is accepted after the subcommand too (plx bbs sign --ciphersuite ...).
    sub->add_option("--ciphersuite", args->ciphersuite, "BLS12-381-SHA-256 or BLS12-381-SHAKE-256")
        ->check(CLI::IsMember({"BLS12-381-SHA-256", "BLS12-381-SHAKE-256"}));
    auto fn = s.fn;
    sub->callback([args, fn] { g_exit_code = run(*args, fn); });
  }
}

}  // namespace plx::cli
