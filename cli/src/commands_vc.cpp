// plx vc issue | present | verify | validate: Verifiable Credentials from the command line.
#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "io.hpp"
#include "key_file.hpp"
#include "ledger_tools.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/did/resolver.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/vc/data_integrity.hpp"
#include "plx/vc/data_model.hpp"
#include "plx/vc/jose.hpp"
#include "plx/vc/ledger_status.hpp"
#include "plx/vc/sd_jwt.hpp"
#include "plx/vc/verify.hpp"

namespace plx::cli {
namespace {

struct IssueArgs {
  std::string format;
  std::string key;
  std::vector<std::string> sd;
  std::string holder_key;
  std::size_t decoys = 0;
  std::string status_list;  // a ledger status list of the issuer (did:plx)
  std::int64_t status_index = -1;
  std::string status_purpose = "revocation";
};

struct PresentArgs {
  std::vector<std::string> disclose;
  std::string holder_key;
  std::string aud;
  std::string nonce;
};

struct VerifyArgs {
  std::string policy;
  std::string ledger;
};

Result<Json> read_stdin_json() {
  PLX_TRY(Bytes in, read_stdin());
  auto j = json_parse(as_string_view(in));
  if (!j.has_value()) return j.error().within("stdin");
  return std::move(*j);
}

std::string issuer_of_kid(const std::string& kid) { return kid.substr(0, kid.find('#')); }

// Adds the ledger status entry (vc/ledger_status.hpp) for --status-list / --status-index.
Status add_ledger_status(Json& cred, const std::string& issuer, const IssueArgs& a) {
  if (a.status_list.empty() != (a.status_index < 0)) {
    return Error(ErrorCode::kInvalidArgument, "give --status-list and --status-index together",
                 "--status-list");
  }
  if (a.status_list.empty()) return ok_status();
  if (a.status_index >= static_cast<std::int64_t>(ledger::kMaxStatusListBits)) {
    return Error(ErrorCode::kOutOfRange, "a status index is below 2^26", "--status-index");
  }
  vc::PlxStatusEntry e{a.status_purpose, issuer, a.status_list,
                       static_cast<std::uint32_t>(a.status_index)};
  Json entry = e.to_json();
  // The same checks a verifier makes, so that a credential is never issued with an entry that
  // no verifier can read (a did:key issuer, a bad list id or purpose).
  auto checked = vc::plx_status_entry_from_json(entry);
  if (!checked.has_value()) {
    return Error(ErrorCode::kInvalidArgument,
                 checked.error().message + (checked.error().where.ends_with("Issuer")
                                                ? " (the issuer's key file names " + issuer + ")"
                                                : std::string()),
                 checked.error().where);
  }
  if (!cred.contains("credentialStatus")) {
    cred["credentialStatus"] = std::move(entry);
  } else if (cred["credentialStatus"].is_array()) {
    cred["credentialStatus"].push_back(std::move(entry));
  } else {
    cred["credentialStatus"] = Json::array({cred["credentialStatus"], std::move(entry)});
  }
  return ok_status();
}

bool is_presentation(const Json& doc) {
  auto it = doc.find("type");
  if (it == doc.end()) return false;
  if (it->is_string()) return *it == "VerifiablePresentation";
  return it->is_array() && std::find(it->begin(), it->end(), Json("VerifiablePresentation")) != it->end();
}

int run_issue(const IssueArgs& a) {
  auto kf = load_key_file(a.key);
  if (!kf.has_value()) return report(kf.error());
  if (kf->kid.empty()) {
    return report(Error(ErrorCode::kInvalidArgument, "the key file has no kid (make it with plx did create)", a.key));
  }
  auto doc = read_stdin_json();
  if (!doc.has_value()) return report(doc.error());
  Json cred = std::move(*doc);
  std::string issuer_did = issuer_of_kid(kf->kid);
  bool sd_jwt_vc = cred.is_object() && cred.contains("vct");
  if (cred.is_object() && !cred.contains("issuer") && !sd_jwt_vc) cred["issuer"] = issuer_did;
  if (sd_jwt_vc && !cred.contains("iss")) cred["iss"] = issuer_did;
  if (cred.is_object()) {
    if (auto st = add_ledger_status(cred, issuer_did, a); !st.has_value()) return report(st.error());
  }
  if (!sd_jwt_vc) {
    auto v = vc::validate_credential(cred);
    if (!v.ok()) {
      print_json(Json{{"conforming", false}, {"errors", vc::issues_to_json(v.issues)}});
      return report(Error(ErrorCode::kInvalidArgument, "the credential does not conform to VCDM 2.0", v.issues[0].pointer));
    }
  }
  auto signer = crypto::make_signer(std::move(kf->key));
  if (!signer.has_value()) return report(signer.error());
  if (a.format == "vc+jwt") {
    if (!a.sd.empty()) return report(Error(ErrorCode::kInvalidArgument, "--sd needs --format sd-jwt", "--sd"));
    auto jwt = vc::issue_vc_jwt(cred, **signer, kf->kid);
    if (!jwt.has_value()) return report(jwt.error());
    std::cout << *jwt << "\n";
    return kExitOk;
  }
  if (a.format == "sd-jwt") {
    vc::sd_jwt::IssueOptions o;
    // SD-JWT VC (dc+sd-jwt) for vct claims; a VCDM 2.0 credential secured with SD-JWT is
    // vc+sd-jwt (VC-JOSE-COSE §3.2).
    o.typ = sd_jwt_vc ? std::string(vc::sd_jwt::kTypSdJwtVc) : std::string(vc::sd_jwt::kTypSdJwtVcLegacy);
    o.kid = kf->kid;
    o.sd = a.sd;
    o.decoys = a.decoys;
    if (!a.holder_key.empty()) {
      auto hk = load_key_file(a.holder_key);
      if (!hk.has_value()) return report(hk.error());
      o.holder_jwk = crypto::public_key_to_jwk(hk->key.public_key());
    }
    auto out = vc::sd_jwt::issue(cred, **signer, o);
    if (!out.has_value()) return report(out.error());
    std::cout << *out << "\n";
    return kExitOk;
  }
  if (a.format == "eddsa-jcs-2022") {
    if (!a.sd.empty()) return report(Error(ErrorCode::kInvalidArgument, "--sd needs --format sd-jwt", "--sd"));
    vc::di::ProofOptions o;
    o.verification_method = kf->kid;
    auto out = vc::di::add_proof(cred, **signer, o);
    if (!out.has_value()) return report(out.error());
    print_json(*out);
    return kExitOk;
  }
  return report(Error(ErrorCode::kInvalidArgument, "--format must be vc+jwt, sd-jwt or eddsa-jcs-2022", "--format"));
}

int run_present(const PresentArgs& a) {
  auto in = read_stdin();
  if (!in.has_value()) return report(in.error());
  std::unique_ptr<crypto::Signer> signer;
  if (!a.holder_key.empty()) {
    auto hk = load_key_file(a.holder_key);
    if (!hk.has_value()) return report(hk.error());
    auto s = crypto::make_signer(std::move(hk->key));
    if (!s.has_value()) return report(s.error());
    signer = std::move(*s);
    if (a.aud.empty() || a.nonce.empty()) {
      return report(Error(ErrorCode::kInvalidArgument, "key binding needs --aud and --nonce", "--holder-key"));
    }
  }
  vc::sd_jwt::HolderBinding b{signer.get(), a.aud, a.nonce, std::nullopt};
  auto out = vc::sd_jwt::present(as_string_view(*in), a.disclose, b);
  if (!out.has_value()) return report(out.error());
  std::cout << *out << "\n";
  return kExitOk;
}

int run_verify(const VerifyArgs& a) {
  vc::Policy policy;
  if (!a.policy.empty()) {
    auto text = read_text_file(a.policy);
    if (!text.has_value()) return report(text.error());
    auto j = json_parse(*text);
    if (!j.has_value()) return report(j.error().within(a.policy));
    auto p = vc::policy_from_json(*j);
    if (!p.has_value()) return report(p.error().within(a.policy));
    policy = *p;
  }
  auto in = read_stdin();
  if (!in.has_value()) return report(in.error());
  // With --ledger: did:plx issuers resolve from the ledger and PlxStatusListEntry statuses are
  // read from it, each with its state proof checked.
  LedgerPtr ledger;
  if (!a.ledger.empty()) {
    auto opened = open_ledger(a.ledger, EmbeddedLedger::Access::kRead);
    if (!opened.has_value()) return report(opened.error());
    ledger = *std::move(opened);
  }
  did::MultiResolver resolver = ledger ? make_resolver(*ledger) : did::make_local_resolver();
  std::unique_ptr<vc::LedgerStatusChecker> ledger_status;
  vc::VerifyContext ctx{&resolver, nullptr, nullptr, {}};
  if (ledger) {
    ledger_status = std::make_unique<vc::LedgerStatusChecker>(
        ledger->reader(), vc::LedgerStatusOptions{ledger->chain_id()});
    ctx.status_checkers[std::string(vc::kPlxStatusListEntryType)] = ledger_status.get();
  }
  auto v = vc::verify(as_string_view(*in), ctx, policy);
  if (!v.has_value()) {
    print_json(Json{{"valid", false}, {"checked", false}, {"error", v.error().to_string()}});
    return report(v.error());
  }
  Json out = v->to_json();
  out["checked"] = true;
  print_json(out);
  if (!v->valid()) {
    std::cerr << "plx: not valid: " << v->failed[0].check << ": " << v->failed[0].reason << "\n";
    return kExitNotVerified;
  }
  return kExitOk;
}

int run_validate() {
  auto doc = read_stdin_json();
  if (!doc.has_value()) return report(doc.error());
  std::vector<vc::Issue> issues = is_presentation(*doc) ? vc::validate_presentation(*doc).issues
                                                        : vc::validate_credential(*doc).issues;
  print_json(Json{{"conforming", issues.empty()}, {"errors", vc::issues_to_json(issues)}});
  if (!issues.empty()) {
    for (const auto& i : issues) std::cerr << "plx: " << (i.pointer.empty() ? "(root)" : i.pointer) << ": " << i.reason << "\n";
    return kExitNotVerified;
  }
  return kExitOk;
}

}  // namespace

void register_vc(CLI::App& app) {
  auto* vc = app.add_subcommand("vc", "Issue, present, verify and validate Verifiable Credentials");
  vc->require_subcommand(1);

  auto ia = std::make_shared<IssueArgs>();
  auto* issue = vc->add_subcommand("issue", "Secure the credential on stdin; prints the secured credential");
  issue->add_option("--format", ia->format, "vc+jwt, sd-jwt or eddsa-jcs-2022")->required();
  issue->add_option("--key", ia->key, "Issuer key file (from plx did create --out)")->required();
  issue->add_option("--sd", ia->sd, "sd-jwt: JSON pointer of a selectively disclosable claim (repeatable)");
  issue->add_option("--holder-key", ia->holder_key, "sd-jwt: holder key file whose public key goes into cnf");
  issue->add_option("--decoys", ia->decoys, "sd-jwt: decoy digests per _sd array");
  issue->add_option("--status-list", ia->status_list,
                    "Ledger status list id of the (did:plx) issuer: adds a PlxStatusListEntry");
  issue->add_option("--status-index", ia->status_index, "The credential's index in --status-list");
  issue->add_option("--status-purpose", ia->status_purpose, "revocation or suspension")
      ->capture_default_str();
  issue->callback([ia] { g_exit_code = run_issue(*ia); });

  auto pa = std::make_shared<PresentArgs>();
  auto* present = vc->add_subcommand("present", "Present an SD-JWT from stdin with only the chosen claims");
  present->add_option("--disclose", pa->disclose, "JSON pointer of a claim to disclose (repeatable)");
  present->add_option("--holder-key", pa->holder_key, "Holder key file: adds a Key Binding JWT");
  present->add_option("--aud", pa->aud, "Key Binding JWT audience (the verifier)");
  present->add_option("--nonce", pa->nonce, "Key Binding JWT nonce (from the verifier)");
  present->callback([pa] { g_exit_code = run_present(*pa); });

  auto va = std::make_shared<VerifyArgs>();
  auto* verify = vc->add_subcommand(
      "verify", "Verify a credential or presentation (any format); exit 0 valid, 2 invalid, 1 could not check");
  verify->add_option("--policy", va->policy, "Policy file (JSON: now, clockSkewSeconds, requireStatus, ...)");
  verify->add_option("--ledger", va->ledger,
                     "Ledger directory: resolves did:plx issuers and checks ledger status entries");
  verify->callback([va] { g_exit_code = run_verify(*va); });

  auto* validate = vc->add_subcommand("validate", "Check a credential against VCDM 2.0 (no proof); exit 0 conforming, 2 not");
  validate->callback([] { g_exit_code = run_validate(); });
}

}  // namespace plx::cli
