// plx ledger init | info, and the did:plx commands: plx did create --method plx, plx did update,
// plx did deactivate (plx did resolve --ledger is in commands_did.cpp).
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "did_keys.hpp"
#include "io.hpp"
#include "key_file.hpp"
#include "ledger_tools.hpp"
#include "plx/did/document_json.hpp"
#include "plx/ledger_client/datetime.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/vc/ledger_status.hpp"

namespace plx::cli {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

Json header_json(const ledger::BlockHeader& h) {
  Json j = {{"chainId", h.chain_id},
            {"height", h.height},
            {"hash", ledger::to_hex(h.hash())},
            {"prevHash", ledger::to_hex(h.prev_hash)},
            {"txCount", h.tx_count},
            {"txRoot", ledger::to_hex(h.tx_root)},
            {"outcomesRoot", ledger::to_hex(h.outcomes_root)},
            {"stateRoot", ledger::to_hex(h.state_root)}};
  auto t = ledger::format_xml_datetime(h.time);
  j["time"] = t.has_value() ? Json(*t) : Json(h.time);
  return j;
}

// Prints the committed transaction and returns the exit code: 0 if applied, 1 if rejected.
int finish(Json out, const Committed& c) {
  out.update(committed_to_json(c));
  print_json(out);
  if (!c.outcome.applied()) {
    std::cerr << "plx: the ledger rejected the transaction: " << c.outcome.to_string() << "\n";
    return kExitError;
  }
  return kExitOk;
}

// ---- plx ledger init / info ----

struct InitArgs {
  std::string dir;
  std::string chain_id = std::string(kDefaultChainId);
};

int run_init(const InitArgs& a) {
  auto node = init_ledger(a.dir, a.chain_id);
  if (!node.has_value()) return report(node.error());
  print_json(Json{{"ledger", a.dir}, {"chainId", (*node)->chain_id()}});
  return kExitOk;
}

int run_info(const std::string& dir) {
  auto node = open_ledger(dir, EmbeddedLedger::Access::kRead);
  if (!node.has_value()) return report(node.error());
  Json out = {{"ledger", dir}, {"chainId", (*node)->chain_id()}};
  auto latest = (*node)->latest_header();
  if (latest.has_value()) {
    out["latest"] = header_json(*latest);
  } else if (latest.error().code == ErrorCode::kNotFound) {
    out["latest"] = nullptr;
  } else {
    return report(latest.error());
  }
  print_json(out);
  return kExitOk;
}

// ---- plx did update / deactivate ----

struct UpdateArgs {
  std::string did;
  std::string ledger;
  std::string key;
  std::vector<std::string> add_key;
  std::string purposes = "authentication,assertionMethod";
  std::vector<std::string> remove_key;
  std::vector<std::string> add_service;
  std::vector<std::string> remove_service;
  std::vector<std::string> controller;
  bool clear_controller = false;
};

Result<ledger::RelationshipMask> parse_purposes(std::string_view list) {
  ledger::RelationshipMask mask = 0;
  for (const auto& name : split(list, ',')) {
    auto r = did::relationship_from_name(name);
    if (!r.has_value()) {
      return Error(ErrorCode::kInvalidArgument,
                   "unknown verification relationship '" + name +
                       "' (use authentication, assertionMethod, keyAgreement, "
                       "capabilityInvocation, capabilityDelegation)",
                   "--purpose");
    }
    mask |= ledger::relationship_bit(*r);
  }
  return mask;
}

// "#key-2", "key-2" or the absolute id -> the relative form the ledger's patches use.
std::string relative_id(const std::string& did, std::string_view id) {
  if (id.rfind(did + "#", 0) == 0) return std::string(id.substr(did.size()));
  if (!id.empty() && id[0] == '#') return std::string(id);
  return "#" + std::string(id);
}

// The key file written for an added key: next to --key, named after the method id.
std::filesystem::path new_key_path(const std::filesystem::path& signer_key_file,
                                   std::string_view fragment) {
  auto stem = signer_key_file.stem().string();
  return signer_key_file.parent_path() / (stem + "." + std::string(fragment.substr(1)) + ".jwk");
}

int run_update(const UpdateArgs& a) {
  if (a.add_key.empty() && a.remove_key.empty() && a.add_service.empty() &&
      a.remove_service.empty() && a.controller.empty() && !a.clear_controller) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "nothing to change: give --add-key, --remove-key, --add-service, "
                        "--remove-service, --controller or --clear-controller"));
  }
  auto node = open_ledger(a.ledger);
  if (!node.has_value()) return report(node.error());
  auto signer = load_key_file(a.key);
  if (!signer.has_value()) return report(signer.error());
  if (signer->kid.empty()) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "the key file has no \"kid\" naming its verification method", a.key));
  }

  // The current document, proof checked, to pick fresh key ids.
  did::MultiResolver resolver = make_resolver(**node);
  auto current = resolver.resolve(a.did);
  if (!current.has_value()) return report(current.error());
  if (!current->ok()) {
    return report(Error(ErrorCode::kNotFound,
                        current->did_resolution_metadata.error + ": " +
                            current->did_resolution_metadata.error_message,
                        a.did));
  }

  auto mask = parse_purposes(a.purposes);
  if (!mask.has_value()) return report(mask.error());
  std::vector<ledger::PatchOp> ops;
  Json new_keys = Json::array();
  std::vector<std::filesystem::path> written;
  std::vector<std::string> taken;
  auto discard_written = [&written] {
    for (const auto& p : written) {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  };
  for (const auto& type_name : a.add_key) {
    auto type = key_type_from_cli(type_name);
    if (!type.has_value()) return report(type.error());
    if (*type != crypto::KeyType::kEd25519 && *type != crypto::KeyType::kSecp256k1 &&
        (*mask & ledger::relationship_bit(did::Relationship::kCapabilityInvocation)) != 0) {
      discard_written();
      return report(Error(ErrorCode::kUnsupported,
                          "ledger transactions are signed with Ed25519 or secp256k1: a " +
                              type_name + " key cannot serve capabilityInvocation",
                          "--add-key"));
    }
    auto key = crypto::PrivateKey::generate(*type);
    if (!key.has_value()) return report(key.error());
    std::string id = next_key_id(*current->did_document, taken);
    taken.push_back(id);
    // The private key is saved before the transaction, so a committed key is never lost.
    auto path = new_key_path(a.key, id);
    auto saved = save_key_file(path, *key, a.did + id, false);
    if (!saved.has_value()) {
      discard_written();
      return report(saved.error());
    }
    written.push_back(path);
    ops.push_back(
        ledger::PatchOp::add_verification_method(json_dump(method_json(id, key->public_key())), *mask));
    new_keys.push_back(Json{{"id", a.did + id},
                            {"keyType", std::string(crypto::key_type_name(*type))},
                            {"keyFile", path.string()}});
  }
  for (const auto& id : a.remove_key) {
    ops.push_back(ledger::PatchOp::remove_verification_method(relative_id(a.did, id)));
  }
  for (const auto& spec : a.add_service) {
    auto parts = split(spec, ',');
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty()) {
      discard_written();
      return report(Error(ErrorCode::kInvalidArgument,
                          "a service is ID,TYPE,ENDPOINT (e.g. hub,LinkedDomains,https://x.example)",
                          "--add-service"));
    }
    ops.push_back(ledger::PatchOp::add_service(
        json_dump(Json{{"id", relative_id(a.did, parts[0])},
                       {"type", parts[1]},
                       {"serviceEndpoint", parts[2]}})));
  }
  for (const auto& id : a.remove_service) {
    ops.push_back(ledger::PatchOp::remove_service(relative_id(a.did, id)));
  }
  if (!a.controller.empty() || a.clear_controller) {
    ops.push_back(ledger::PatchOp::set_controller(a.controller));
  }

  auto c = update_plx(**node, a.did, std::move(ops), signer->kid, signer->key);
  if (!c.has_value()) {
    discard_written();
    return report(c.error());
  }
  if (!c->outcome.applied()) discard_written();
  Json out = {{"did", a.did}, {"signer", signer->kid}};
  if (c->outcome.applied() && !new_keys.empty()) out["newKeys"] = new_keys;
  if (c->outcome.applied()) {
    auto after = resolver.resolve(a.did);
    if (after.has_value() && after->ok()) {
      out["versionId"] = after->did_document_metadata.version_id.value_or("");
    }
  }
  return finish(std::move(out), *c);
}

struct DeactivateArgs {
  std::string did;
  std::string ledger;
  std::string key;
};

int run_deactivate(const DeactivateArgs& a) {
  auto node = open_ledger(a.ledger);
  if (!node.has_value()) return report(node.error());
  auto signer = load_key_file(a.key);
  if (!signer.has_value()) return report(signer.error());
  if (signer->kid.empty()) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "the key file has no \"kid\" naming its verification method", a.key));
  }
  auto c = deactivate_plx(**node, a.did, signer->kid, signer->key);
  if (!c.has_value()) return report(c.error());
  return finish(Json{{"did", a.did}, {"signer", signer->kid}, {"deactivated", c->outcome.applied()}},
                *c);
}

// ---- plx ledger status-list create | set | clear | get ----

struct StatusListArgs {
  std::string ledger;
  std::string key;
  std::string issuer;  // get: the list's issuer (or --key)
  std::string list;
  std::uint32_t size = 131072;  // W3C Bitstring Status List's minimum, for herd privacy
  std::string purpose = "revocation";
  std::vector<std::uint32_t> index;
};

Result<KeyFile> signer_key(const std::string& path) {
  PLX_TRY(KeyFile kf, load_key_file(path));
  if (kf.kid.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "the key file has no \"kid\" naming its verification method", path);
  }
  return kf;
}

int run_status_create(const StatusListArgs& a) {
  auto node = open_ledger(a.ledger);
  if (!node.has_value()) return report(node.error());
  auto signer = signer_key(a.key);
  if (!signer.has_value()) return report(signer.error());
  auto c = create_status_list(**node, signer->kid, signer->key, a.list, a.size, a.purpose);
  if (!c.has_value()) return report(c.error());
  auto issuer = did_of_kid(signer->kid);
  if (!issuer.has_value()) return report(issuer.error());
  return finish(Json{{"issuer", *issuer}, {"list", a.list}, {"size", a.size},
                     {"purpose", a.purpose}},
                *c);
}

int run_status_change(const StatusListArgs& a, bool value) {
  if (a.index.empty()) {
    return report(Error(ErrorCode::kInvalidArgument, "give at least one --index", "--index"));
  }
  auto node = open_ledger(a.ledger);
  if (!node.has_value()) return report(node.error());
  auto signer = signer_key(a.key);
  if (!signer.has_value()) return report(signer.error());
  auto issuer = did_of_kid(signer->kid);
  if (!issuer.has_value()) return report(issuer.error());
  auto c = set_status_bits(**node, signer->kid, signer->key, a.list, a.index, value);
  if (!c.has_value()) return report(c.error());
  return finish(Json{{"issuer", *issuer}, {"list", a.list}, {"indexes", a.index}, {"bit", value}},
                *c);
}

int run_status_get(const StatusListArgs& a) {
  if (a.index.size() != 1) {
    return report(Error(ErrorCode::kInvalidArgument, "give exactly one --index", "--index"));
  }
  std::string issuer = a.issuer;
  if (issuer.empty() == a.key.empty()) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "name the list's issuer with --issuer DID or --key FILE (one of them)",
                        "--issuer"));
  }
  if (issuer.empty()) {
    auto kf = signer_key(a.key);
    if (!kf.has_value()) return report(kf.error());
    auto d = did_of_kid(kf->kid);
    if (!d.has_value()) return report(d.error());
    issuer = *d;
  }
  auto node = open_ledger(a.ledger, EmbeddedLedger::Access::kRead);
  if (!node.has_value()) return report(node.error());
  auto r = vc::read_ledger_status(*(*node)->reader(), issuer, a.list, a.index[0],
                                  (*node)->chain_id());
  if (!r.has_value()) return report(r.error());
  print_json(Json{{"issuer", issuer},
                  {"list", a.list},
                  {"index", a.index[0]},
                  {"purpose", r->purpose},
                  {"size", r->size_bits},
                  {"bit", r->bit},
                  {"proof",
                   Json{{"height", r->header.height},
                        {"headerHash", ledger::to_hex(r->header.hash())},
                        {"stateRoot", ledger::to_hex(r->header.state_root)},
                        {"verified", true}}}});
  return kExitOk;
}

void register_status_list(CLI::App& ledger) {
  auto* sl = ledger.add_subcommand(
      "status-list", "Status lists of a did:plx issuer on the ledger (revocation, suspension)");
  sl->require_subcommand(1);
  auto common = [](CLI::App* c, StatusListArgs& a, bool key_required) {
    c->add_option("--ledger", a.ledger, "Ledger directory")->required();
    auto* k = c->add_option("--key", a.key,
                            "Key file of the issuer's capabilityInvocation key (its DID owns the "
                            "list)");
    if (key_required) k->required();
    c->add_option("--list", a.list, "List id ([A-Za-z0-9._-]{1,64})")->required();
  };
  auto ca = std::make_shared<StatusListArgs>();
  auto* create = sl->add_subcommand("create", "Create a status list of --size bits (one block)");
  common(create, *ca, true);
  create->add_option("--size", ca->size, "Number of bits (1 to 2^26)")->capture_default_str();
  create->add_option("--purpose", ca->purpose, "revocation or suspension")->capture_default_str();
  create->callback([ca] { g_exit_code = run_status_create(*ca); });

  for (bool value : {true, false}) {
    auto xa = std::make_shared<StatusListArgs>();
    auto* x = sl->add_subcommand(value ? "set" : "clear",
                                 value ? "Set bits (revoke or suspend; one block)"
                                       : "Clear bits (e.g. lift a suspension; one block)");
    common(x, *xa, true);
    x->add_option("--index", xa->index, "Index of a bit (repeatable)")->required();
    x->callback([xa, value] { g_exit_code = run_status_change(*xa, value); });
  }

  auto ga = std::make_shared<StatusListArgs>();
  auto* get = sl->add_subcommand(
      "get", "Read one bit with its state proof checked against the latest header");
  common(get, *ga, false);
  get->add_option("--issuer", ga->issuer, "The list's issuer DID (instead of --key)");
  get->add_option("--index", ga->index, "Index of the bit")->required();
  get->callback([ga] { g_exit_code = run_status_get(*ga); });
}

}  // namespace

int run_create_plx(const std::string& ledger_dir, std::string_view type_name,
                   const std::string& out, bool force) {
  if (ledger_dir.empty()) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "did:plx lives on a ledger: give --ledger DIR (create one with plx "
                        "ledger init DIR)"));
  }
  if (out.empty()) {
    return report(Error(ErrorCode::kInvalidArgument,
                        "give --out FILE for the private key: it controls the DID"));
  }
  auto type = key_type_from_cli(type_name);
  if (!type.has_value()) return report(type.error());
  if (*type != crypto::KeyType::kEd25519 && *type != crypto::KeyType::kSecp256k1) {
    return report(Error(ErrorCode::kUnsupported,
                        "did:plx keys are Ed25519 or secp256k1 (ledger transactions are signed "
                        "with EdDSA or ES256K)",
                        "--type"));
  }
  std::error_code ec;
  if (!force && std::filesystem::exists(out, ec)) {
    return report(Error(ErrorCode::kAlreadyExists, "refusing to overwrite the key file", out));
  }
  auto node = open_ledger(ledger_dir);
  if (!node.has_value()) return report(node.error());
  auto created = create_plx(**node, *type);
  if (!created.has_value()) return report(created.error());
  if (!created->committed.outcome.applied()) {
    return finish(Json{{"did", created->did}}, created->committed);
  }
  auto saved = save_key_file(out, created->key, created->kid, force);
  if (!saved.has_value()) return report(saved.error());
  return finish(Json{{"did", created->did},
                     {"verificationMethod", created->kid},
                     {"keyType", std::string(crypto::key_type_name(*type))},
                     {"keyFile", out}},
                created->committed);
}

void register_ledger(CLI::App& app) {
  auto* ledger = app.add_subcommand("ledger", "The embedded did:plx ledger");
  ledger->require_subcommand(1);

  auto init_args = std::make_shared<InitArgs>();
  auto* init = ledger->add_subcommand("init", "Create an empty ledger in DIR");
  init->add_option("DIR", init_args->dir, "New or empty directory")->required();
  init->add_option("--chain-id", init_args->chain_id,
                   "Chain id every transaction must name (<= 64 printable ASCII bytes)")
      ->capture_default_str();
  init->callback([init_args] { g_exit_code = run_init(*init_args); });

  auto info_dir = std::make_shared<std::string>();
  auto* info = ledger->add_subcommand("info", "Print the ledger's chain id and latest header");
  info->add_option("DIR", *info_dir, "Ledger directory")->required();
  info->callback([info_dir] { g_exit_code = run_info(*info_dir); });

  register_status_list(*ledger);
}

void register_did_plx(CLI::App& did) {
  auto up = std::make_shared<UpdateArgs>();
  auto* update = did.add_subcommand(
      "update", "Update a did:plx: add/remove keys and services, set controllers (one block)");
  update->add_option("DID", up->did, "The did:plx to update")->required();
  update->add_option("--ledger", up->ledger, "Ledger directory")->required();
  update->add_option("--key", up->key, "Key file of a capabilityInvocation key (its kid signs)")
      ->required();
  update->add_option("--add-key", up->add_key,
                     "Add a new key of this type (ed25519, secp256k1, p256, p384); its private "
                     "JWK is written next to --key as <name>.key-N.jwk");
  update->add_option("--purpose", up->purposes,
                     "Relationships of added keys, comma separated")
      ->capture_default_str();
  update->add_option("--remove-key", up->remove_key, "Remove a verification method (key-N)");
  update->add_option("--add-service", up->add_service, "Add a service: ID,TYPE,ENDPOINT");
  update->add_option("--remove-service", up->remove_service, "Remove a service by id");
  update->add_option("--controller", up->controller,
                     "Set the document's controller DIDs (repeat for several)");
  update->add_flag("--clear-controller", up->clear_controller, "Remove the controller property");
  update->callback([up] { g_exit_code = run_update(*up); });

  auto de = std::make_shared<DeactivateArgs>();
  auto* deactivate =
      did.add_subcommand("deactivate", "Deactivate a did:plx (final; it still resolves)");
  deactivate->add_option("DID", de->did, "The did:plx to deactivate")->required();
  deactivate->add_option("--ledger", de->ledger, "Ledger directory")->required();
  deactivate->add_option("--key", de->key, "Key file of a capabilityInvocation key")->required();
  deactivate->callback([de] { g_exit_code = run_deactivate(*de); });
}

}  // namespace plx::cli
