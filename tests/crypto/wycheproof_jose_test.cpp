// Project Wycheproof JOSE vectors (/work/shared/vectors/wycheproof/testvectors_v1):
//   json_web_signature_test.json      every test; ES256 groups with P-256 keys honour "result",
//                                     every other test must not be accepted
//   json_web_key_test.json            keyset/JWK checks; EC public key import outcomes
//   x25519_jwk_test.json              JWK import + X25519 agreement, per valid/invalid/acceptable
//   ecdh_secp256r1_webcrypto_test.json, ecdh_secp256k1_webcrypto_test.json
//                                     public (and private) JWK import; invalid-curve points rejected
// The files hold hundreds of cases each, so each file is one test that loops with the tcId in
// every failure message and checks totals at the end (so that a silently skipped group fails).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plx/core/encoding.hpp"
#include "plx/core/json.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/crypto/jws.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "crypto_test_keys.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

std::string tc(const Json& t) { return "tcId " + std::to_string(t.at("tcId").get<int>()); }

// The verifier a relying party would run with a JWK it holds: import it, check that its
// use/key_ops/alg allow verification with the key's algorithm, then verify (alg bound to the key).
// Returns whether the JWS was accepted; `supported` says whether the key could be used at all.
struct Outcome {
  bool accepted = false;
  bool key_supported = false;
  std::string why;
};

Outcome verify_with_jwk(const Json& jws, const Json& jwk) {
  Outcome o;
  if (!jws.is_string()) {
    // JSON serialization: not a compact JWS.
    o.why = "not compact";
    EXPECT_FALSE(jws_parse(json_dump(jws)).has_value());
    return o;
  }
  auto key = public_key_from_jwk(jwk);
  if (!key.has_value()) {
    o.why = "key: " + key.error().to_string();
    return o;
  }
  auto alg = algorithm_for(key->type());
  if (!alg.has_value()) {
    o.why = "key cannot verify";
    return o;
  }
  o.key_supported = true;
  if (auto permitted = jwk_permits_verify(jwk, *alg); !permitted.has_value()) {
    o.why = "jwk: " + permitted.error().to_string();
    return o;
  }
  auto verified = jws_verify(jws.get<std::string>(), *key);
  if (!verified.has_value()) {
    o.why = "jws: " + verified.error().to_string();
    // Every refusal carries one of the three codes of a rejected JWS, never kInternal.
    const ErrorCode c = verified.error().code;
    EXPECT_TRUE(c == ErrorCode::kMalformed || c == ErrorCode::kVerificationFailed ||
                c == ErrorCode::kUnsupported)
        << o.why;
    return o;
  }
  o.accepted = true;
  return o;
}

// Keys of every type, used to show that a token with an algorithm outside our set is accepted by
// none of them.
const std::vector<PublicKey>& keys_of_every_type() {
  static const std::vector<PublicKey> keys = [] {
    std::vector<PublicKey> k;
    for (KeyType t : {KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kP256, KeyType::kP384,
                      KeyType::kX25519}) {
      auto p = PrivateKey::generate(t);
      if (p.has_value()) k.push_back(p->public_key());
    }
    return k;
  }();
  return keys;
}

bool accepted_by_any_key(const Json& jws) {
  if (!jws.is_string()) return false;
  for (const PublicKey& k : keys_of_every_type()) {
    if (jws_verify(jws.get<std::string>(), k).has_value()) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

TEST(WycheproofJose, JsonWebSignature) {
  const Json v = read_json_vector(std::string(testkeys::kWycheproofDir) + "json_web_signature_test.json");
  ASSERT_TRUE(v.contains("testGroups"));
  int total = 0, supported_valid = 0, supported_invalid = 0;
  int unsupported_valid = 0, unsupported_invalid = 0, acceptable = 0;
  std::map<std::string, int> unsupported_valid_by_group;
  for (const Json& g : v.at("testGroups")) {
    const std::string group = g.value("comment", "?");
    const bool has_key = g.contains("public") && g.at("public").is_object();
    for (const Json& t : g.at("tests")) {
      ++total;
      SCOPED_TRACE(group + " " + tc(t) + " " + t.value("comment", ""));
      const std::string result = t.at("result").get<std::string>();
      if (result == "acceptable") ++acceptable;
      Outcome o;
      if (has_key) o = verify_with_jwk(t.at("jws"), g.at("public"));
      if (o.key_supported) {
        // ES256 with a P-256 key: our algorithm set. Honour the result.
        EXPECT_EQ(g.at("public").at("crv"), "P-256");
        if (result == "valid") {
          ++supported_valid;
          EXPECT_TRUE(o.accepted) << o.why;
        } else if (result == "invalid") {
          ++supported_invalid;
          EXPECT_FALSE(o.accepted) << "an invalid JWS was accepted";
        }
        continue;
      }
      // HMAC, RSA, P-521 and keyless groups: never accepted, with their key or any of ours.
      EXPECT_FALSE(o.accepted);
      EXPECT_FALSE(accepted_by_any_key(t.at("jws"))) << "accepted by a key of another type";
      if (result == "valid") {
        ++unsupported_valid;
        ++unsupported_valid_by_group[group];
      } else if (result == "invalid") {
        ++unsupported_invalid;
      }
    }
  }
  EXPECT_EQ(total, v.at("numberOfTests").get<int>());
  // The es256 and SpecialCaseEs256 groups each hold one valid token; the rest of the two groups
  // and the two "ec_key_for_encryption" tests (use:"enc", key_ops:["encrypt"]) are invalid.
  EXPECT_EQ(supported_valid, 2);
  EXPECT_EQ(supported_invalid, 14 + 23 + 2);
  std::string by_group;
  for (const auto& [name, n] : unsupported_valid_by_group) {
    by_group += " " + name + "=" + std::to_string(n);
  }
  std::printf(
      "[ wycheproof ] json_web_signature_test.json: %d tests; supported (ES256/P-256): %d valid "
      "accepted, %d invalid rejected; unsupported: %d invalid rejected, %d valid not accepted "
      "(unsupported alg/key:%s); %d acceptable\n",
      total, supported_valid, supported_invalid, unsupported_invalid, unsupported_valid,
      by_group.c_str(), acceptable);
}

// Keysets: pick the key by "kid" (a kid matching several keys is ambiguous and refused), then
// verify as above. Also checks the import outcome of each EC key against what it should be.
TEST(WycheproofJose, JsonWebKey) {
  const Json v = read_json_vector(std::string(testkeys::kWycheproofDir) + "json_web_key_test.json");
  int total = 0, accepted_valid = 0, rejected_valid = 0, rejected_invalid = 0, ec_checked = 0;
  // Expected public_key_from_jwk / jwk_permits_verify results for the EC groups, by tcId.
  const std::map<int, std::pair<std::optional<ErrorCode>, std::optional<ErrorCode>>> ec_expect = {
      {19, {std::nullopt, ErrorCode::kPermissionDenied}},  // alg ES521 on a P-256 key
      {20, {std::nullopt, ErrorCode::kPermissionDenied}},  // alg ES224
      {21, {std::nullopt, ErrorCode::kPermissionDenied}},  // use "enc"
      {22, {ErrorCode::kMalformed, std::nullopt}},         // point off the curve
      {23, {ErrorCode::kMalformed, std::nullopt}},         // P-256 coordinates labelled P-384
      {24, {ErrorCode::kUnsupported, std::nullopt}},       // kty RSA with EC members
  };
  for (const Json& g : v.at("testGroups")) {
    const std::string group = g.value("comment", "?");
    for (const Json& t : g.at("tests")) {
      ++total;
      const int id = t.at("tcId").get<int>();
      SCOPED_TRACE(group + " " + tc(t) + " " + t.value("comment", ""));
      const std::string result = t.at("result").get<std::string>();

      Outcome o;
      if (g.contains("public")) {
        auto parsed = jws_parse(t.at("jws").get<std::string>());
        std::vector<const Json*> candidates;
        if (parsed.has_value()) {
          const Json kid = parsed->header.value("kid", Json());
          for (const Json& k : g.at("public").at("keys")) {
            if (k.value("kid", Json()) == kid) candidates.push_back(&k);
          }
        }
        if (candidates.size() == 1) o = verify_with_jwk(t.at("jws"), *candidates.front());
        if (auto it = ec_expect.find(id); it != ec_expect.end()) {
          ASSERT_EQ(candidates.size(), 1u);
          const Json& jwk = *candidates.front();
          auto key = public_key_from_jwk(jwk);
          if (it->second.first) {
            EXPECT_THAT(key, HasError(*it->second.first));
          } else {
            ASSERT_THAT(key, IsOk());
            EXPECT_THAT(jwk_permits_verify(jwk, *algorithm_for(key->type())),
                        HasError(*it->second.second));
            // Without the JWK checks the signature itself would verify: the checks matter.
            EXPECT_THAT(jws_verify(t.at("jws").get<std::string>(), *key), IsOk());
          }
          ++ec_checked;
        }
      }
      // Groups with only a private (symmetric) keyset have no public key to verify with.
      if (result == "valid") {
        o.accepted ? ++accepted_valid : ++rejected_valid;
      } else {
        EXPECT_FALSE(o.accepted) << "an invalid JWS was accepted";
        EXPECT_FALSE(accepted_by_any_key(t.at("jws")));
        ++rejected_invalid;
      }
    }
  }
  EXPECT_EQ(total, v.at("numberOfTests").get<int>());
  EXPECT_EQ(ec_checked, 6);
  // Every valid test here is HS256/RS256, outside our algorithm set.
  EXPECT_EQ(accepted_valid, 0);
  std::printf(
      "[ wycheproof ] json_web_key_test.json: %d tests; %d invalid rejected; %d valid not accepted "
      "(HS*/RS256, unsupported); %d EC key import outcomes checked\n",
      total, rejected_invalid, rejected_valid, ec_checked);
}

// X25519 with JWK-encoded keys. valid: both JWKs import and the shared secret matches; invalid:
// no shared secret (all 13 public keys are not X25519 JWKs: 10 must fail to import, 3 are valid
// keys of other curves); acceptable: either, but a result must match.
TEST(WycheproofJose, X25519Jwk) {
  const Json v = read_json_vector(std::string(testkeys::kWycheproofDir) + "x25519_jwk_test.json");
  int total = 0, valid = 0, invalid = 0, acceptable_ok = 0, acceptable_rejected = 0;
  int acceptable_zero = 0, invalid_import = 0, invalid_other_curve = 0;
  for (const Json& g : v.at("testGroups")) {
    for (const Json& t : g.at("tests")) {
      ++total;
      SCOPED_TRACE(tc(t) + " " + t.value("comment", ""));
      const std::string result = t.at("result").get<std::string>();

      auto pub = public_key_from_jwk(t.at("public"));
      const std::string priv_text = json_dump(t.at("private"));
      auto priv = private_key_from_jwk(as_bytes(priv_text));
      std::optional<Bytes> shared;
      std::string why;
      if (!pub.has_value()) {
        why = "public: " + pub.error().to_string();
      } else if (!priv.has_value()) {
        why = "private: " + priv.error().to_string();
      } else if (pub->type() != KeyType::kX25519) {
        why = "public key is not X25519";
      } else {
        auto z = x25519_agree(*priv, *pub);
        if (z.has_value()) {
          shared = Bytes(z->expose_secret().begin(), z->expose_secret().end());
        } else {
          why = "agree: " + z.error().to_string();
        }
      }
      const Bytes expected = unhex(t.at("shared").get<std::string>());

      if (result == "valid") {
        ++valid;
        ASSERT_TRUE(shared.has_value()) << why;
        EXPECT_EQ(*shared, expected);
      } else if (result == "invalid") {
        ++invalid;
        EXPECT_FALSE(shared.has_value());
        // Valid P-256/P-384/secp256k1 JWKs (tcId 519, 520, 522) import, as keys of their own
        // curve, which x25519_agree refuses; everything else (P-521, X448, bad or missing kty,
        // crv or x) must not import at all.
        if (pub.has_value()) {
          EXPECT_NE(pub->type(), KeyType::kX25519) << "an invalid public JWK imported as X25519";
          EXPECT_THAT(x25519_agree(*priv, *pub), HasError(ErrorCode::kInvalidArgument));
          ++invalid_other_curve;
        } else {
          ++invalid_import;
        }
      } else {
        if (shared.has_value()) {
          ++acceptable_ok;
          EXPECT_EQ(*shared, expected);
        } else {
          // Either outcome is allowed (twist, low-order and non-canonical public keys).
          ++acceptable_rejected;
          bool zero = false;
          for (const Json& f : t.at("flags")) zero = zero || f == "ZeroSharedSecret";
          if (zero) ++acceptable_zero;
        }
      }
    }
  }
  EXPECT_EQ(total, v.at("numberOfTests").get<int>());
  EXPECT_EQ(invalid, 13);
  EXPECT_EQ(invalid_import, 10);
  std::printf(
      "[ wycheproof ] x25519_jwk_test.json: %d tests; %d valid agreed; %d invalid rejected (%d "
      "public JWKs refused at import, %d keys of another curve refused by x25519_agree); "
      "acceptable: %d agreed, %d rejected (%d of them with a zero shared secret)\n",
      total, valid, invalid, invalid_import, invalid_other_curve, acceptable_ok,
      acceptable_rejected, acceptable_zero);
}

// ECDH with WebCrypto JWKs, import part only (we do not implement EC Diffie-Hellman): every
// public key of a valid case imports on the private key's curve, and the private JWK imports with
// "d" matching its x/y; every invalid case is refused at import or has a public key on a curve
// other than the private key's. Off-curve points must fail import itself.
struct EcdhCounts {
  int total = 0, valid = 0, invalid_import = 0, invalid_curve_mismatch = 0, unsupported = 0;
};

EcdhCounts run_ecdh_webcrypto(const Json& v, KeyType curve, const char* rename_from,
                              const char* rename_to) {
  EcdhCounts n;
  const auto renamed = [&](Json jwk) {
    if (rename_from != nullptr && jwk.value("crv", "") == rename_from) jwk["crv"] = rename_to;
    return jwk;
  };
  for (const Json& g : v.at("testGroups")) {
    for (const Json& t : g.at("tests")) {
      ++n.total;
      SCOPED_TRACE(tc(t) + " " + t.value("comment", ""));
      const std::string result = t.at("result").get<std::string>();
      const Json pub_jwk = renamed(t.at("public"));
      const Json priv_jwk = renamed(t.at("private"));
      auto pub = public_key_from_jwk(pub_jwk);
      const std::string priv_text = json_dump(priv_jwk);
      auto priv = private_key_from_jwk(as_bytes(priv_text));

      const auto& flags = t.at("flags");
      const auto has_flag = [&](const char* f) {
        for (const Json& x : flags) {
          if (x == f) return true;
        }
        return false;
      };
      if (pub_jwk.value("crv", "") == "P-256K") {
        // Pre-RFC 8812 name: refused as unsupported, which is a rejection.
        EXPECT_THAT(pub, HasError(ErrorCode::kUnsupported));
        ++n.unsupported;
        if (result != "valid") ++n.invalid_import;
        continue;
      }
      if (result == "valid") {
        ++n.valid;
        EXPECT_THAT(pub, IsOk());
        EXPECT_THAT(priv, IsOk());
        if (!pub.has_value() || !priv.has_value()) continue;
        EXPECT_EQ(pub->type(), curve);
        EXPECT_EQ(priv->type(), curve);
        // Export/import round trip of both keys.
        EXPECT_EQ(public_key_from_jwk(public_key_to_jwk(*pub)).value_or(priv->public_key()), *pub);
        continue;
      }
      // invalid
      if (has_flag("InvalidCurveAttack") || has_flag("ModifiedPublicPoint")) {
        EXPECT_THAT(pub, HasError(ErrorCode::kMalformed)) << "an off-curve point was imported";
      }
      if (!pub.has_value()) {
        ++n.invalid_import;
      } else {
        // A valid point of another curve: ECDH must refuse the pair; the types tell them apart.
        EXPECT_NE(pub->type(), curve) << "invalid case imported on the private key's curve";
        ++n.invalid_curve_mismatch;
      }
    }
  }
  return n;
}

TEST(WycheproofJose, EcdhSecp256r1WebcryptoJwkImport) {
  const Json v = read_json_vector(std::string(testkeys::kWycheproofDir) + "ecdh_secp256r1_webcrypto_test.json");
  const EcdhCounts n = run_ecdh_webcrypto(v, KeyType::kP256, nullptr, nullptr);
  EXPECT_EQ(n.total, v.at("numberOfTests").get<int>());
  EXPECT_EQ(n.valid, 330);
  std::printf(
      "[ wycheproof ] ecdh_secp256r1_webcrypto_test.json: %d tests; %d valid imported; invalid: "
      "%d refused at import (%d as unsupported P-256K), %d on another curve\n",
      n.total, n.valid, n.invalid_import, n.unsupported, n.invalid_curve_mismatch);
}

// The secp256k1 file uses crv "P-256K": as published, every key is refused as unsupported. Then,
// with "P-256K" renamed to the RFC 8812 "secp256k1", the same cases run in full.
TEST(WycheproofJose, EcdhSecp256k1WebcryptoJwkImport) {
  const Json v = read_json_vector(std::string(testkeys::kWycheproofDir) + "ecdh_secp256k1_webcrypto_test.json");
  const EcdhCounts as_published = run_ecdh_webcrypto(v, KeyType::kSecp256k1, nullptr, nullptr);
  EXPECT_EQ(as_published.total, v.at("numberOfTests").get<int>());
  EXPECT_EQ(as_published.valid, 0);
  EXPECT_GE(as_published.unsupported, 473);

  const EcdhCounts renamed = run_ecdh_webcrypto(v, KeyType::kSecp256k1, "P-256K", "secp256k1");
  EXPECT_EQ(renamed.valid, 473);
  EXPECT_EQ(renamed.unsupported, 0);
  std::printf(
      "[ wycheproof ] ecdh_secp256k1_webcrypto_test.json: %d tests; as published: %d refused as "
      "unsupported (crv P-256K); renamed to secp256k1: %d valid imported, invalid: %d refused at "
      "import, %d on another curve\n",
      as_published.total, as_published.unsupported, renamed.valid, renamed.invalid_import,
      renamed.invalid_curve_mismatch);
}

}  // namespace
}  // namespace plx::crypto
