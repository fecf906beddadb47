// Data Integrity eddsa-jcs-2022 against shared/vectors/vc-di-eddsa (every intermediate value of
// the spec's test vector, byte for byte), proof sets and chains, proof options, tamper loops.
#include <functional>

#include "../vc_test_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/vc/data_integrity.hpp"
#include "test_support.hpp"

namespace plx::vc::di {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

std::string text(const std::string& rel) {
  std::string t = testing::read_file(testing::vectors_dir() / "vc-di-eddsa" / "TestVectors" / rel);
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  return t;
}
Json json(const std::string& rel) { return testing::read_json_vector("vc-di-eddsa/TestVectors/" + rel); }

crypto::PrivateKey vector_key(const Json& pair) {
  return crypto::PrivateKey::from_multikey(pair["privateKeyMultibase"].get<std::string>()).value();
}

TEST(Vectors, JcsIntermediatesAndSignature) {
  Json unsigned_doc = json("unsigned.json");
  Json config = json("eddsa-jcs-2022/proofConfigJCS.json");
  auto im = jcs_intermediates(unsigned_doc, config);
  ASSERT_THAT(im, IsOk());
  EXPECT_EQ(im->canonical_document, text("eddsa-jcs-2022/canonDocJCS.txt"));
  EXPECT_EQ(im->canonical_proof_config, text("eddsa-jcs-2022/proofCanonJCS.txt"));
  auto dh = crypto::sha256(as_bytes(im->canonical_document));
  auto ph = crypto::sha256(as_bytes(im->canonical_proof_config));
  EXPECT_EQ(hex_encode(dh), text("eddsa-jcs-2022/docHashJCS.txt"));
  EXPECT_EQ(hex_encode(ph), text("eddsa-jcs-2022/proofHashJCS.txt"));
  EXPECT_EQ(hex_encode(im->hash_data), text("eddsa-jcs-2022/combinedHashJCS.txt"));
  auto key = vector_key(json("keyPair.json"));
  EXPECT_EQ(key.public_key().multikey(), json("keyPair.json")["publicKeyMultibase"]);
  auto sig = crypto::sign(key, im->hash_data).value();
  EXPECT_EQ(hex_encode(sig), text("eddsa-jcs-2022/sigHexJCS.txt"));
  EXPECT_EQ("z" + base58btc_encode(sig), text("eddsa-jcs-2022/sigBTC58JCS.txt"));
}

TEST(Vectors, AddProofReproducesTheSignedDocument) {
  auto signer = crypto::make_signer(vector_key(json("keyPair.json"))).value();
  Json signed_doc = json("eddsa-jcs-2022/signedJCS.json");
  ProofOptions o;
  o.verification_method = signed_doc["proof"]["verificationMethod"].get<std::string>();
  o.created = parse_xsd_datetime("2023-02-24T23:36:38Z").value();
  auto out = add_proof(json("unsigned.json"), *signer, o);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(*out, signed_doc);
}

TEST(Vectors, SignedDocumentVerifies) {
  auto resolver = did::make_local_resolver();
  auto v = verify(json("eddsa-jcs-2022/signedJCS.json"), resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(v->verification_method, json("eddsa-jcs-2022/signedJCS.json")["proof"]["verificationMethod"]);
}

TEST(Vectors, RdfcProofsAreUnsupportedNotInvalid) {
  auto resolver = did::make_local_resolver();
  EXPECT_THAT(verify(json("eddsa-rdfc-2022/signedDataInt.json"), resolver), HasError(ErrorCode::kUnsupported));
  EXPECT_THAT(verify(json("proof-set-chain/signedProofChain2.json"), resolver), HasError(ErrorCode::kUnsupported));
}

// Every leaf string or number of the signed vector, changed, breaks the signature; so does
// every character of proofValue.
TEST(Vectors, TamperLoop) {
  auto resolver = did::make_local_resolver();
  Json doc = json("eddsa-jcs-2022/signedJCS.json");
  std::size_t n = 0;
  // Member by member on copies.
  std::vector<std::string> pointers;
  std::function<void(const Json&, const std::string&)> collect = [&](const Json& node, const std::string& ptr) {
    if (node.is_object()) {
      for (const auto& [k, v] : node.items()) collect(v, ptr + "/" + json_pointer_escape(k));
    } else if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) collect(node[i], ptr + "/" + std::to_string(i));
    } else {
      pointers.push_back(ptr);
    }
  };
  collect(doc, "");
  for (const auto& p : pointers) {
    Json copy = doc;
    Json& leaf = copy[Json::json_pointer(p)];
    if (leaf.is_string()) {
      std::string s = leaf.get<std::string>();
      s[s.size() / 2] = s[s.size() / 2] == 'a' ? 'b' : 'a';
      leaf = s;
    } else {
      leaf = 12345;
    }
    auto v = verify(copy, resolver);
    EXPECT_TRUE(!v.has_value() || !v->valid()) << p;
    ++n;
  }
  EXPECT_GT(n, 15u);
  std::string pv = doc["proof"]["proofValue"].get<std::string>();
  for (std::size_t i = 1; i < pv.size(); ++i) {
    Json copy = doc;
    std::string t = pv;
    t[i] = t[i] == '2' ? '3' : '2';
    copy["proof"]["proofValue"] = t;
    auto v = verify(copy, resolver);
    EXPECT_TRUE(!v.has_value() || !v->valid()) << i;
  }
  // Adding a member to the document or to the proof breaks it too.
  Json extra = doc;
  extra["credentialSubject"]["extra"] = true;
  EXPECT_TRUE(verify(extra, resolver)->failed_check("signature"));
  extra = doc;
  extra["proof"]["domain"] = "example.com";
  EXPECT_TRUE(verify(extra, resolver)->failed_check("signature"));
}

// Proof sets and chains with the four keys of proof-set-chain/multiKeyPairs.json, made with
// eddsa-jcs-2022 (the published set/chain vectors use eddsa-rdfc-2022).
TEST(SetsAndChains, SetThenChain) {
  auto resolver = did::make_local_resolver();
  Json keys = json("proof-set-chain/multiKeyPairs.json");
  Json doc = json("proof-set-chain/unsigned.json");
  auto vm = [&](const char* k) {
    std::string mk = keys[k]["publicKeyMultibase"].get<std::string>();
    return "did:key:" + mk + "#" + mk;
  };
  auto s1 = crypto::make_signer(vector_key(keys["keyPair1"])).value();
  auto s2 = crypto::make_signer(vector_key(keys["keyPair2"])).value();
  auto s3 = crypto::make_signer(vector_key(keys["keyPair3"])).value();
  ProofOptions o;
  o.verification_method = vm("keyPair1");
  o.id = "urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544";
  doc = add_proof(doc, *s1, o).value();
  o.verification_method = vm("keyPair2");
  o.id = "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54";
  doc = add_proof(doc, *s2, o).value();
  ASSERT_TRUE(doc["proof"].is_array());
  auto v = verify(doc, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  o.verification_method = vm("keyPair3");
  o.id = "urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23";
  o.previous_proof = {"urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544",
                      "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54"};
  Json chained = add_proof(doc, *s3, o).value();
  v = verify(chained, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  EXPECT_EQ(chained["proof"].size(), 3u);
  // Dropping a proof the chain names breaks the chain.
  Json broken = chained;
  broken["proof"].erase(0);
  v = verify(broken, resolver);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->failed_check("proof/1/proof_options"));
  // Changing an earlier proof breaks the chained signature over it (and its own).
  broken = chained;
  broken["proof"][1]["created"] = "2024-01-01T00:00:00Z";
  v = verify(broken, resolver);
  EXPECT_TRUE(v->failed_check("proof/1/signature"));
  EXPECT_TRUE(v->failed_check("proof/2/signature"));
  o.previous_proof = {"urn:uuid:missing"};
  EXPECT_THAT(add_proof(doc, *s3, o), HasError(ErrorCode::kNotFound));
}

TEST(ProofOptions, PurposeDomainChallengeExpiry) {
  auto resolver = did::make_local_resolver();
  auto p = testutil::make_party();
  Json doc = json("unsigned.json");
  doc["issuer"] = p.did;
  ProofOptions o;
  o.verification_method = p.kid;
  o.domain = "verifier.example";
  o.challenge = "c-123";
  o.expires = unix_now() + 3600;
  Json s = add_proof(doc, *p.signer, o).value();
  VerifyOptions vo{.expected_domain = "verifier.example", .expected_challenge = "c-123"};
  auto v = verify(s, resolver, vo);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->valid()) << v->to_json().dump();
  vo.expected_domain = "other.example";
  EXPECT_TRUE(verify(s, resolver, vo)->failed_check("proof_options"));
  vo = {.expected_challenge = "nope"};
  EXPECT_TRUE(verify(s, resolver, vo)->failed_check("proof_options"));
  vo = {.expected_proof_purpose = "authentication"};
  EXPECT_TRUE(verify(s, resolver, vo)->failed_check("proof_options"));
  vo = {.now = unix_now() + 7200};
  EXPECT_TRUE(verify(s, resolver, vo)->failed_check("proof_options"));
  // A key of another DID than the issuer's.
  auto q = testutil::make_party();
  o.verification_method = q.kid;
  Json s2 = add_proof(doc, *q.signer, o).value();
  EXPECT_TRUE(verify(s2, resolver)->failed_check("issuer_matches"));
  // Refusals.
  auto ec = testutil::make_party(crypto::KeyType::kP256);
  EXPECT_THAT(add_proof(doc, *ec.signer, o), HasError(ErrorCode::kInvalidArgument));
  o.verification_method.clear();
  EXPECT_THAT(add_proof(doc, *p.signer, o), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(verify(doc, resolver), HasError(ErrorCode::kMalformed));
  Json badpv = s;
  badpv["proof"]["proofValue"] = "u" + badpv["proof"]["proofValue"].get<std::string>().substr(1);
  EXPECT_THAT(verify(badpv, resolver), HasError(ErrorCode::kMalformed));
}

}  // namespace
}  // namespace plx::vc::di
