// plx demo: the main job, as a new user would walk through it: DIDs, keys and signatures
// (did:key, did:jwk); a did:plx on an embedded ledger (demo_ledger.cpp); and issuer -> holder ->
// verifier with a revocation list on that ledger (demo_vc.cpp).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "did_keys.hpp"
#include "io.hpp"
#include "ledger_tools.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/signature.hpp"
#include "plx/did/resolver.hpp"

namespace plx::cli {
namespace {

std::string shorten(const std::string& s, std::size_t keep = 48) {
  return s.size() <= keep ? s : s.substr(0, keep - 3) + "...";
}

// Flips one bit in the signature part of a compact JWS.
std::string tamper(const std::string& jws) {
  std::string t = jws;
  auto dot = t.rfind('.');
  char& c = t[dot + 1];
  c = (c == 'A') ? 'B' : 'A';
  return t;
}

int run_demo() {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  did::MultiResolver resolver = did::make_local_resolver();
  std::cout << "Parallax demo: create DIDs, resolve them, sign with their keys, verify\n"
            << "(no network and no server: did:key and did:jwk resolve from the DID itself)\n\n";

  int created = 0, verified = 0, rejected = 0, failures = 0;
  const std::string message = "Parallax says hello";
  for (std::string_view method : {"key", "jwk"}) {
    for (std::string_view type_name : {"ed25519", "secp256k1", "p256", "p384"}) {
      auto type = key_type_from_cli(type_name);
      auto nd = create_did(method, *type);
      if (!nd.has_value()) return report(nd.error());
      ++created;
      auto alg = crypto::algorithm_for(*type);
      std::cout << "did:" << method << " / " << crypto::key_type_name(*type) << " ("
                << crypto::algorithm_name(*alg) << ")\n"
                << "  DID       " << shorten(nd->did.to_string(), 72) << "\n";

      auto resolved = resolver.resolve(nd->did.to_string());
      if (!resolved.has_value() || !resolved->ok()) {
        std::cout << "  resolve   FAILED\n";
        ++failures;
        continue;
      }
      const auto& doc = *resolved->did_document;
      std::cout << "  resolved  " << doc.verification_method.size() << " verification method(s); "
                << doc.assertion_method.size() << " for assertionMethod, "
                << doc.key_agreement.size() << " for keyAgreement\n";

      crypto::JwsSignOptions opts;
      opts.header["kid"] = nd->kid;
      auto jws = crypto::jws_sign(nd->key, as_bytes(message), opts);
      if (!jws.has_value()) return report(jws.error());
      std::cout << "  signed    JWS " << shorten(*jws, 60) << "\n";

      auto good = verify_jws_with_did(resolver, nd->did.to_string(), *jws,
                                      did::Relationship::kAssertionMethod);
      bool ok = good.has_value() && good->verified && to_string(good->payload) == message;
      std::cout << "  verify    " << (ok ? "verified" : "NOT VERIFIED") << " with "
                << shorten(good.has_value() ? good->kid : "?", 60) << "\n";
      ok ? ++verified : ++failures;

      auto bad = verify_jws_with_did(resolver, nd->did.to_string(), tamper(*jws),
                                     did::Relationship::kAssertionMethod);
      bool refused = bad.has_value() && !bad->verified;
      std::cout << "  tampered  " << (refused ? "rejected, as it must be" : "ACCEPTED (bug!)")
                << "\n\n";
      refused ? ++rejected : ++failures;
    }
  }

  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("Summary: %d DIDs created and resolved, %d signatures verified, "
              "%d tampered signatures rejected, %d failures (%.1f ms)\n",
              created, verified, rejected, failures, ms);
  std::cout << "\n";
  // The did:plx part: a DID on an embedded ledger (demo_ledger.cpp).
  const int ledger_rc = run_ledger_demo();
  // Credentials: issue, present, verify, revoke on the ledger, verify again (demo_vc.cpp).
  const int vc_rc = run_vc_demo();
  return failures == 0 && ledger_rc == kExitOk && vc_rc == kExitOk ? kExitOk : kExitError;
}

}  // namespace

void register_demo(CLI::App& app) {
  auto* demo = app.add_subcommand("demo", "Walk through DIDs, signatures, did:plx on a ledger, and credentials revoked on it");
  demo->callback([] { g_exit_code = run_demo(); });
}

}  // namespace plx::cli
