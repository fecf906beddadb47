// plx did create | resolve
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "did_keys.hpp"
#include "io.hpp"
#include "key_file.hpp"
#include "ledger_tools.hpp"
#include "plx/did/methods/key.hpp"
#include "plx/did/resolver.hpp"

namespace plx::cli {
namespace {

struct CreateArgs {
  std::string method = "key";
  std::string type = "ed25519";
  std::string out;
  bool print_secret = false;
  bool force = false;
  std::string ledger;  // did:plx: the ledger directory
};

// A BBS key (BLS12-381 G2): did:key only, saved as a private OKP/BLS12381G2 JWK.
int run_create_bbs(const CreateArgs& a) {
  auto created = create_bbs_did(a.method);
  if (!created.has_value()) return report(created.error());
  Json out = {{"did", created->did.to_string()},
              {"verificationMethod", created->kid},
              {"keyType", "BLS12381G2"}};
  if (!a.out.empty()) {
    auto saved = save_bbs_key_file(a.out, created->key, created->kid, a.force);
    if (!saved.has_value()) return report(saved.error());
    out["keyFile"] = a.out;
  }
  print_json(out);
  if (a.print_secret) {
    SecretBytes text = bbs_key_file_text(created->key, created->kid);
    std::cout.write(reinterpret_cast<const char*>(text.expose_secret().data()),
                    static_cast<std::streamsize>(text.size()));
    std::cout.flush();
  }
  return kExitOk;
}

int run_create(const CreateArgs& a) {
  if (a.method == "plx") {
    if (a.print_secret) {
      return report(Error(ErrorCode::kInvalidArgument,
                          "--print-secret is not offered for did:plx: its key controls the DID "
                          "on the ledger; give --out FILE"));
    }
    return run_create_plx(a.ledger, a.type, a.out, a.force);
  }
  if (!a.ledger.empty()) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "--ledger is for --method plx; did:" + a.method + " needs no ledger"));
  }
  if (a.out.empty() && !a.print_secret) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "give --out FILE for the private key (or --print-secret to print it)"));
  }
  if (a.type == "bls12381g2") return run_create_bbs(a);
  auto type = key_type_from_cli(a.type);
  if (!type.has_value()) return report(type.error());
  auto created = create_did(a.method, *type);
  if (!created.has_value()) return report(created.error());

  Json out = {{"did", created->did.to_string()},
              {"verificationMethod", created->kid},
              {"keyType", std::string(crypto::key_type_name(*type))}};
  if (!a.out.empty()) {
    auto saved = save_key_file(a.out, created->key, created->kid, a.force);
    if (!saved.has_value()) return report(saved.error());
    out["keyFile"] = a.out;
  }
  print_json(out);
  if (a.print_secret) {
    // Asked for explicitly: the private JWK goes to stdout after the summary.
    SecretBytes text = key_file_text(created->key, created->kid);
    std::cout.write(reinterpret_cast<const char*>(text.expose_secret().data()),
                    static_cast<std::streamsize>(text.size()));
    std::cout.flush();
  }
  return kExitOk;
}

struct ResolveArgs {
  std::string did;
  std::string format;
  std::string accept;
  std::string ledger;  // did:plx: the ledger directory
};

int run_resolve(const ResolveArgs& a) {
  did::MultiResolver resolver = did::make_local_resolver();
  if (!a.ledger.empty()) {
    auto node = open_ledger(a.ledger, EmbeddedLedger::Access::kRead);
    if (!node.has_value()) return report(node.error());
    resolver = make_resolver(**node);
  } else if (a.did.rfind("did:plx:", 0) == 0) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "did:plx is resolved from a ledger: give --ledger DIR"));
  }
  did::ResolutionOptions options;
  options.accept = a.accept;
  if (!a.format.empty()) options.extra["publicKeyFormat"] = a.format;
  // A DID URL's ?versionId= / ?versionTime= become resolution options (DID Core §3.2.1).
  auto result = resolve_did_or_url(resolver, a.did, options);
  if (!result.has_value()) return report(result.error());
  print_json(did::resolution_result_to_json(*result));
  if (!result->ok()) {
    const auto& md = result->did_resolution_metadata;
    std::cerr << "plx: " << md.error << ": " << md.error_message << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void register_did(CLI::App& app) {
  auto* did = app.add_subcommand("did", "Create and resolve DIDs (did:key, did:jwk)");
  did->require_subcommand(1);

  auto create_args = std::make_shared<CreateArgs>();
  auto* create = did->add_subcommand(
      "create", "Create a key and its DID; prints the DID as JSON, writes the private JWK to --out");
  create->add_option("--method", create_args->method, "DID method")
      ->check(CLI::IsMember({"key", "jwk", "plx"}))
      ->capture_default_str();
  create->add_option("--type", create_args->type, "Key type")
      ->check(CLI::IsMember({"ed25519", "secp256k1", "p256", "p384", "bls12381g2"}))
      ->capture_default_str();
  create->add_option("--out", create_args->out, "File for the private JWK (created with mode 0600)");
  create->add_flag("--print-secret", create_args->print_secret,
                   "Also print the private JWK on stdout (it is secret!)");
  create->add_flag("--force", create_args->force, "Replace an existing --out file");
  create->add_option("--ledger", create_args->ledger,
                     "did:plx: the ledger directory to create it on (plx ledger init DIR)");
  create->callback([create_args] { g_exit_code = run_create(*create_args); });

  auto resolve_args = std::make_shared<ResolveArgs>();
  auto* resolve = did->add_subcommand("resolve", "Resolve a DID; prints the DID resolution result");
  resolve->add_option("DID", resolve_args->did, "The DID to resolve")->required();
  resolve->add_option("--format", resolve_args->format,
                      "did:key verification method form: Multikey (default) or JsonWebKey2020");
  resolve->add_option("--accept", resolve_args->accept,
                      "Media type: application/did+ld+json (default) or application/did+json");
  resolve->add_option("--ledger", resolve_args->ledger,
                      "did:plx: the ledger directory (the state proof is checked); the DID may "
                      "carry ?versionId=N or ?versionTime=T");
  resolve->callback([resolve_args] { g_exit_code = run_resolve(*resolve_args); });
  register_did_plx(*did);
}

}  // namespace plx::cli
