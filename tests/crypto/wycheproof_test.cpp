// Project Wycheproof vectors (C2SP/wycheproof testvectors_v1, see
// shared/vectors/wycheproof/README.md), run in full: every test of every group of each file,
// with the count of tests run checked against the file's numberOfTests.
//
// Expectations: "valid" must be accepted, "invalid" rejected, "acceptable" may go either way
// (for X25519, a produced secret must still equal `shared`). A public key that does not parse
// counts as a rejection, which only satisfies invalid/acceptable tests. The one project rule on
// top: ES256K rejects high-S by default, so for the two plain secp256k1 files the tcIds listed in
// derived_high_s_valid_tcids.json must be rejected by default and accepted with allow_high_s.
#include <cstdio>
#include <set>
#include <string>

#include "plx/core/encoding.hpp"
#include "plx/crypto/key.hpp"
#include "plx/crypto/signature.hpp"
#include "crypto_test_keys.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

struct Tally {
  int run = 0;
  int passed = 0;
  int accepted = 0;
  int rejected = 0;
  void report(const std::string& file) const {
    std::printf("[wycheproof] %-45s run %4d  passed %4d  (accepted %d, rejected %d)\n",
                file.c_str(), run, passed, accepted, rejected);
    ::testing::Test::RecordProperty("run", run);
    ::testing::Test::RecordProperty("passed", passed);
  }
};

// The result a test demands: accept, reject, or either.
enum class Want { kAccept, kReject, kEither };

Want want_of(const std::string& result) {
  if (result == "valid") return Want::kAccept;
  if (result == "invalid") return Want::kReject;
  EXPECT_EQ(result, "acceptable");
  return Want::kEither;
}

bool meets(Want want, bool accepted) {
  switch (want) {
    case Want::kAccept:
      return accepted;
    case Want::kReject:
      return !accepted;
    case Want::kEither:
      return true;
  }
  return false;
}

std::string describe(const Json& t) {
  std::string flags;
  for (const auto& f : t["flags"]) flags += f.get<std::string>() + " ";
  return "tcId " + std::to_string(t["tcId"].get<int>()) + " (" + t["result"].get<std::string>() +
         "; " + t["comment"].get<std::string>() + "; " + flags + ")";
}

// Test-side DER encoder of r||s (X.690 minimal INTEGERs, short-form lengths: enough for
// P-256/P-384/secp256k1), to check that whatever ecdsa_der_to_raw accepts is the one DER form.
Bytes der_of_raw(ByteSpan raw) {
  auto integer = [](ByteSpan v) {
    std::size_t i = 0;
    while (i + 1 < v.size() && v[i] == 0) ++i;
    Bytes out = {0x02};
    Bytes body;
    if (v[i] & 0x80) body.push_back(0);
    body.insert(body.end(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
    out.push_back(static_cast<std::uint8_t>(body.size()));
    append(out, body);
    return out;
  };
  const std::size_t w = raw.size() / 2;
  Bytes content = integer(raw.first(w));
  append(content, integer(raw.subspan(w)));
  Bytes out = {0x30, static_cast<std::uint8_t>(content.size())};
  append(out, content);
  return out;
}

// ---------------------------------------------------------------- ECDSA

struct EcdsaFile {
  const char* name;
  KeyType type;
  const char* curve;  // the group's publicKey.curve
  const char* sha;    // the group's sha
  bool der;           // signatures are ASN.1 DER (else P1363 r||s)
  bool bitcoin;       // low-S enforced by the file itself
};

constexpr EcdsaFile kEcdsaFiles[] = {
    {"ecdsa_secp256k1_sha256_p1363_test.json", KeyType::kSecp256k1, "secp256k1", "SHA-256", false,
     false},
    {"ecdsa_secp256k1_sha256_test.json", KeyType::kSecp256k1, "secp256k1", "SHA-256", true, false},
    {"ecdsa_secp256k1_sha256_bitcoin_test.json", KeyType::kSecp256k1, "secp256k1", "SHA-256", true,
     true},
    {"ecdsa_secp256r1_sha256_p1363_test.json", KeyType::kP256, "secp256r1", "SHA-256", false,
     false},
    {"ecdsa_secp256r1_sha256_test.json", KeyType::kP256, "secp256r1", "SHA-256", true, false},
    {"ecdsa_secp384r1_sha384_p1363_test.json", KeyType::kP384, "secp384r1", "SHA-384", false,
     false},
    {"ecdsa_secp384r1_sha384_test.json", KeyType::kP384, "secp384r1", "SHA-384", true, false},
};

std::set<int> high_s_valid_tcids(const std::string& file) {
  const Json j = read_json_vector("wycheproof/derived_high_s_valid_tcids.json");
  std::set<int> ids;
  if (!j.contains("files") || !j["files"].contains(file)) {
    ADD_FAILURE() << "no high-S list for " << file;
    return ids;
  }
  for (const auto& id : j["files"][file]["valid_high_s_tcIds"]) ids.insert(id.get<int>());
  EXPECT_EQ(ids.size(), j["files"][file]["valid_high_s_count"].get<std::size_t>());
  return ids;
}

class WycheproofEcdsaTest : public ::testing::TestWithParam<EcdsaFile> {};

TEST_P(WycheproofEcdsaTest, AllVectors) {
  const EcdsaFile& f = GetParam();
  const Json doc = read_json_vector(std::string(testkeys::kWycheproofDir) + f.name);
  ASSERT_TRUE(doc.is_object()) << f.name;
  ASSERT_EQ(doc["algorithm"], "ECDSA");
  // For secp256k1, the ES256K rule turns the high-S "valid" vectors of the plain files into
  // must-reject-by-default. Other curves accept high-S, so their list is only cross-checked.
  const std::set<int> high_s = high_s_valid_tcids(f.name);
  const bool low_s_rule = f.type == KeyType::kSecp256k1 && !f.bitcoin;

  Tally tally;
  int high_s_seen = 0;
  for (const Json& group : doc["testGroups"]) {
    ASSERT_EQ(group["publicKey"]["curve"], f.curve);
    ASSERT_EQ(group["sha"], f.sha);
    auto key = PublicKey::from_raw(f.type, unhex(group["publicKey"]["uncompressed"].get<std::string>()));
    for (const Json& t : group["tests"]) {
      ++tally.run;
      SCOPED_TRACE(describe(t));
      const int id = t["tcId"].get<int>();
      const Bytes msg = unhex(t["msg"].get<std::string>());
      const Bytes sig_in = unhex(t["sig"].get<std::string>());
      Want want = want_of(t["result"].get<std::string>());
      const bool is_high_s = high_s.count(id) != 0;
      if (is_high_s) {
        ++high_s_seen;
        EXPECT_EQ(want, Want::kAccept) << "the high-S list names only valid vectors";
      }
      Want want_lenient = want;  // expectation with allow_high_s (ES256K only)
      if (low_s_rule && is_high_s) want = Want::kReject;

      std::optional<Bytes> raw;
      if (f.der) {
        auto r = ecdsa_der_to_raw(f.type, sig_in);
        if (r.has_value()) {
          raw = *r;
          // Anything the strict parser accepts must be the unique DER encoding of r||s.
          EXPECT_EQ(hex_encode(der_of_raw(*raw)), hex_encode(sig_in)) << "accepted non-DER";
        } else {
          EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
        }
      } else {
        raw = sig_in;
      }

      bool accepted = false;
      if (key.has_value() && raw.has_value()) {
        auto st = verify(*key, msg, *raw);
        if (!st.has_value()) {
          EXPECT_EQ(st.error().code, ErrorCode::kVerificationFailed);
        }
        accepted = st.has_value();
      }
      bool ok = meets(want, accepted);
      EXPECT_TRUE(ok) << f.name << ": " << (accepted ? "accepted" : "rejected");

      if (low_s_rule) {
        bool lenient = false;
        if (key.has_value() && raw.has_value()) {
          lenient = verify(*key, msg, *raw, {.allow_high_s = true}).has_value();
        }
        const bool ok_lenient = meets(want_lenient, lenient);
        EXPECT_TRUE(ok_lenient) << f.name << " with allow_high_s: "
                                << (lenient ? "accepted" : "rejected");
        ok = ok && ok_lenient;
      }
      tally.passed += ok ? 1 : 0;
      (accepted ? tally.accepted : tally.rejected)++;
    }
  }
  EXPECT_EQ(high_s_seen, static_cast<int>(high_s.size()));
  tally.report(f.name);
  EXPECT_EQ(tally.run, doc["numberOfTests"].get<int>());
  EXPECT_EQ(tally.passed, tally.run);
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofEcdsaTest, ::testing::ValuesIn(kEcdsaFiles),
                         [](const auto& param_info) {
                           std::string n = param_info.param.name;
                           n = n.substr(0, n.find(".json"));
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

// ---------------------------------------------------------------- Ed25519

TEST(WycheproofEd25519Test, AllVectors) {
  const std::string name = "ed25519_test.json";
  const Json doc = read_json_vector(std::string(testkeys::kWycheproofDir) + name);
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc["algorithm"], "EDDSA");
  Tally tally;
  for (const Json& group : doc["testGroups"]) {
    ASSERT_EQ(group["publicKey"]["curve"], "edwards25519");
    auto key = PublicKey::from_raw(KeyType::kEd25519, unhex(group["publicKey"]["pk"].get<std::string>()));
    for (const Json& t : group["tests"]) {
      ++tally.run;
      SCOPED_TRACE(describe(t));
      const Want want = want_of(t["result"].get<std::string>());
      if (want == Want::kAccept) {
        EXPECT_TRUE(key.has_value()) << "key of a valid vector refused";
      }
      bool accepted = false;
      if (key.has_value()) {
        accepted = verify(*key, unhex(t["msg"].get<std::string>()),
                          unhex(t["sig"].get<std::string>()))
                       .has_value();
      }
      const bool ok = meets(want, accepted);
      EXPECT_TRUE(ok) << (accepted ? "accepted" : "rejected");
      tally.passed += ok ? 1 : 0;
      (accepted ? tally.accepted : tally.rejected)++;
    }
  }
  tally.report(name);
  EXPECT_EQ(tally.run, doc["numberOfTests"].get<int>());
  EXPECT_EQ(tally.passed, tally.run);
}

// ---------------------------------------------------------------- X25519

TEST(WycheproofX25519Test, AllVectors) {
  const std::string name = "x25519_test.json";
  const Json doc = read_json_vector(std::string(testkeys::kWycheproofDir) + name);
  ASSERT_TRUE(doc.is_object());
  ASSERT_EQ(doc["algorithm"], "XDH");
  Tally tally;
  int zero_refused = 0;
  for (const Json& group : doc["testGroups"]) {
    ASSERT_EQ(group["curve"], "curve25519");
    for (const Json& t : group["tests"]) {
      ++tally.run;
      SCOPED_TRACE(describe(t));
      const Want want = want_of(t["result"].get<std::string>());
      auto priv = PrivateKey::from_raw(KeyType::kX25519, unhex(t["private"].get<std::string>()));
      auto pub = PublicKey::from_raw(KeyType::kX25519, unhex(t["public"].get<std::string>()));
      EXPECT_TRUE(priv.has_value()) << "every 32-byte string is an X25519 private key";
      bool produced = false;
      bool correct = true;
      if (priv.has_value() && pub.has_value()) {
        auto shared = x25519_agree(*priv, *pub);
        if (shared.has_value()) {
          produced = true;
          correct = hex_encode(shared->expose_secret()) == t["shared"].get<std::string>();
          EXPECT_TRUE(correct) << "wrong shared secret";
        } else {
          EXPECT_EQ(shared.error().code, ErrorCode::kVerificationFailed);
          // The only refusal we expect: the all-zero secret of a low-order point.
          EXPECT_EQ(t["shared"].get<std::string>(), std::string(64, '0'));
          ++zero_refused;
        }
      }
      const bool ok = correct && meets(want, produced);
      EXPECT_TRUE(ok) << (produced ? "produced" : "refused");
      tally.passed += ok ? 1 : 0;
      (produced ? tally.accepted : tally.rejected)++;
    }
  }
  tally.report(name);
  std::printf("[wycheproof] x25519: %d all-zero secrets refused\n", zero_refused);
  EXPECT_EQ(tally.run, doc["numberOfTests"].get<int>());
  EXPECT_EQ(tally.passed, tally.run);
}

}  // namespace
}  // namespace plx::crypto
