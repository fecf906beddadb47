// DID document data model and JSON syntax (W3C DID Core 1.0 §5, §6.2, §6.3).
#include "plx/did/document.hpp"

#include <random>
#include <set>

#include "did_test_util.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/did/document_json.hpp"
#include "test_support.hpp"

namespace plx::did {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

// Keys taken from the shared vectors (did-key/ed25519-x25519.json seed 0, jose/did_jwk P-256,
// did-core spruce secp256k1, did-key/bls12381.json G2).
constexpr const char* kEd25519Multikey = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
constexpr const char* kEd25519Base58 = "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS";
constexpr const char* kX25519Multikey = "z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW";
constexpr const char* kBlsG2Multikey =
    "zUC7K4ndUaGZgV7Cp2yJy6JtMoUHY6u7tkcSYUvPrEidqBmLCTLmi6d5WvwnUqejscAkERJ3bfjEiSYtdPkRSE8kSa11"
    "hFBr4sTgnbZ95SJj19PN2jdvJjyzpSZgxkyyxNnBNnY";

Json p256_jwk() {
  return Json{{"crv", "P-256"},
              {"kty", "EC"},
              {"x", "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0"},
              {"y", "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}};
}
Json secp256k1_jwk() {
  return Json{{"kty", "EC"},
              {"crv", "secp256k1"},
              {"x", "h0wVx_2iDlOcblulc8E5iEw1EYh5n1RYtLQfeSTyNc0"},
              {"y", "O2EATIGbu6DezKFptj5scAIRntgfecanVNXxat1rnwE"}};
}

Json method(const char* id, const char* type, const char* material, Json value) {
  return Json{{"id", id}, {"type", type}, {"controller", "did:example:123"}, {material, value}};
}

// A document that uses every part of the model.
Json full_document() {
  return Json{
      {"@context",
       Json::array({"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
                    Json{{"@vocab", "https://example.org#"}}})},
      {"id", "did:example:123"},
      {"alsoKnownAs", Json::array({"https://example.org/alice"})},
      {"controller", Json::array({"did:example:123", "did:example:ctl"})},
      {"verificationMethod",
       Json::array(
           {method("#key-1", "Multikey", "publicKeyMultibase", kEd25519Multikey),
            method("did:example:123#key-2", "JsonWebKey2020", "publicKeyJwk", p256_jwk()),
            method("did:example:123#legacy", "Ed25519VerificationKey2018", "publicKeyBase58",
                   kEd25519Base58),
            method("#x25519", "Multikey", "publicKeyMultibase", kX25519Multikey),
            method("#bls", "Multikey", "publicKeyMultibase", kBlsG2Multikey),
            method("#k1", "EcdsaSecp256k1VerificationKey2019", "publicKeyJwk", secp256k1_jwk())})},
      {"authentication",
       Json::array({"#key-1", method("#embedded", "JsonWebKey", "publicKeyJwk", secp256k1_jwk()),
                    "did:example:ctl#their-key"})},
      {"assertionMethod",
       Json::array({"did:example:123#key-2", "#legacy", "#bls", "#x25519", "#missing"})},
      {"keyAgreement", Json::array({"#x25519", "#key-1"})},
      {"capabilityInvocation", Json::array({"#key-1"})},
      {"service",
       Json::array(
           {Json{{"id", "#linked-domain"},
                 {"type", "LinkedDomains"},
                 {"serviceEndpoint", "https://bar.example.com"}},
            Json{{"id", "did:example:123#hub"},
                 {"type", Json::array({"Hub", "Other"})},
                 {"serviceEndpoint",
                  Json::array({Json{{"origins", Json::array({"https://a"})}}, "https://b"})},
                 {"priority", 1}}})},
      {"customProperty", Json{{"nested", Json::array({1, 2.5, nullptr, true})}}},
  };
}

crypto::PublicKey multikey(const char* mb) { return crypto::PublicKey::from_multikey(mb).value(); }

// ---- JSON round trip ----

TEST(DocumentJson, FullDocumentRoundTrips) {
  const Json j = full_document();
  auto doc = document_from_json(j);
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(document_to_json(*doc), j);
  // And the model round-trips through JSON too.
  auto again = document_from_json(document_to_json(*doc));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, *doc);
  // Through text as well.
  auto parsed = document_parse(document_serialize(*doc));
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(*parsed, *doc);
}

TEST(DocumentJson, ModelFields) {
  auto doc = document_from_json(full_document()).value();
  EXPECT_EQ(doc.id.to_string(), "did:example:123");
  ASSERT_EQ(doc.controller.size(), 2u);
  EXPECT_TRUE(doc.controller_is_set);
  EXPECT_EQ(doc.controller[1].to_string(), "did:example:ctl");
  EXPECT_EQ(doc.also_known_as, std::vector<std::string>{"https://example.org/alice"});
  ASSERT_EQ(doc.verification_method.size(), 6u);
  EXPECT_EQ(doc.verification_method[0].public_key_multibase, kEd25519Multikey);
  EXPECT_EQ(doc.verification_method[1].public_key_jwk, p256_jwk());
  EXPECT_EQ(doc.verification_method[2].extra["publicKeyBase58"], kEd25519Base58);
  ASSERT_EQ(doc.authentication.size(), 3u);
  EXPECT_TRUE(doc.authentication[0].is_reference());
  ASSERT_NE(doc.authentication[1].embedded(), nullptr);
  EXPECT_EQ(doc.authentication[1].id(), "#embedded");
  ASSERT_EQ(doc.service.size(), 2u);
  EXPECT_TRUE(doc.service[1].type_is_set);
  EXPECT_EQ(doc.service[1].extra["priority"], 1);
  EXPECT_EQ(service_endpoint_uris(doc.service[0]),
            std::vector<std::string>{"https://bar.example.com"});
  EXPECT_EQ(service_endpoint_uris(doc.service[1]), std::vector<std::string>{"https://b"});
  EXPECT_EQ(doc.extra["customProperty"]["nested"][1], 2.5);
  EXPECT_EQ(doc.context[2]["@vocab"], "https://example.org#");
}

TEST(DocumentJson, SingleControllerAndMinimalDocument) {
  const Json j = {{"id", "did:example:1"}, {"controller", "did:example:2"}};
  auto doc = document_from_json(j);
  ASSERT_THAT(doc, IsOk());
  EXPECT_FALSE(doc->controller_is_set);
  EXPECT_TRUE(doc->context.is_null());
  EXPECT_EQ(document_to_json(*doc), j);
  EXPECT_EQ(document_to_json(Document(Did::parse("did:example:1").value())),
            Json({{"id", "did:example:1"}}));
}

TEST(DocumentJson, StrictTextParsing) {
  // Duplicate members are rejected by the strict JSON parser (RFC 8259 §4).
  EXPECT_THAT(document_parse(R"({"id":"did:example:1","id":"did:example:2"})"),
              HasError(ErrorCode::kMalformed));
  EXPECT_THAT(document_parse("{"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(document_parse(R"({"id":"did:example:1"})"), IsOk());
}

// ---- invalid documents name the JSON pointer ----

struct BadDoc {
  const char* name;
  Json json;
  const char* pointer;
  const char* message_part;
};
void PrintTo(const BadDoc& b, std::ostream* os) { *os << b.json.dump(); }

Json with(const char* key, Json value) {
  Json j = {{"id", "did:example:123"}};
  j[key] = std::move(value);
  return j;
}
Json vm(Json extra) {
  Json m = {{"id", "#k"},
            {"type", "Multikey"},
            {"controller", "did:example:123"},
            {"publicKeyMultibase", kEd25519Multikey}};
  for (const auto& [k, v] : extra.items()) {
    if (v.is_null()) {
      m.erase(k);
    } else {
      m[k] = v;
    }
  }
  return m;
}

class InvalidDocument : public ::testing::TestWithParam<BadDoc> {};

TEST_P(InvalidDocument, NamesThePointer) {
  const auto& c = GetParam();
  auto doc = document_from_json(c.json);
  ASSERT_THAT(doc, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(doc.error().where, c.pointer) << doc.error().message;
  EXPECT_THAT(doc.error().message, ::testing::HasSubstr(c.message_part));
}

Json private_jwk() {
  Json j = p256_jwk();
  j["d"] = "AAAA";
  return j;
}

INSTANTIATE_TEST_SUITE_P(
    DidCore, InvalidDocument,
    ::testing::Values(
        BadDoc{"NotAnObject", Json::array(), "", "JSON object"},
        BadDoc{"MissingId", Json{{"controller", "did:example:1"}}, "/id", "needs an \"id\""},
        BadDoc{"IdNotString", Json{{"id", 5}}, "/id", "must be a string"},
        BadDoc{"IdNotDid", Json{{"id", "did:example"}}, "/id", "character 11"},
        BadDoc{"IdIsDidUrl", Json{{"id", "did:example:1#x"}}, "/id", "character 13"},
        BadDoc{"ControllerBad", with("controller", Json::array({"did:example:1", "nope"})),
               "/controller/1", "not a DID"},
        BadDoc{"ControllerEmptySet", with("controller", Json::array()), "/controller", "non-empty"},
        BadDoc{"AlsoKnownAsNotSet", with("alsoKnownAs", "https://x"), "/alsoKnownAs", "set"},
        BadDoc{"AlsoKnownAsEntry", with("alsoKnownAs", Json::array({1})), "/alsoKnownAs/0",
               "string"},
        BadDoc{"VmNotSet", with("verificationMethod", vm({})), "/verificationMethod", "set"},
        BadDoc{"VmNotObject", with("verificationMethod", Json::array({"#k"})),
               "/verificationMethod/0", "JSON object"},
        BadDoc{"VmNoController",
               with("verificationMethod", Json::array({vm({{"controller", nullptr}})})),
               "/verificationMethod/0/controller", "controller"},
        BadDoc{"VmEmptyController",
               with("verificationMethod", Json::array({vm({{"controller", ""}})})),
               "/verificationMethod/0/controller", "not a DID"},
        BadDoc{"VmNoType", with("verificationMethod", Json::array({vm({{"type", nullptr}})})),
               "/verificationMethod/0/type", "type"},
        BadDoc{"VmBareId", with("verificationMethod", Json::array({vm({{"id", "key-1"}})})),
               "/verificationMethod/0/id", "not a DID URL"},
        BadDoc{"VmBadIdChar", with("verificationMethod", Json::array({vm({{"id", "#a b"}})})),
               "/verificationMethod/0/id", "character 2"},
        BadDoc{"VmBothMaterials",
               with("verificationMethod", Json::array({vm({{"publicKeyJwk", p256_jwk()}})})),
               "/verificationMethod/0/publicKeyJwk", "both"},
        BadDoc{"VmJwkNotObject",
               with("verificationMethod",
                    Json::array({vm({{"publicKeyMultibase", nullptr}, {"publicKeyJwk", "x"}})})),
               "/verificationMethod/0/publicKeyJwk", "object"},
        BadDoc{"VmPrivateJwk",
               with("verificationMethod", Json::array({vm({{"publicKeyMultibase", nullptr},
                                                           {"type", "JsonWebKey2020"},
                                                           {"publicKeyJwk", private_jwk()}})})),
               "/verificationMethod/0/publicKeyJwk/d", "private"},
        BadDoc{"RelationshipNotSet", with("assertionMethod", "#k"), "/assertionMethod", "set"},
        BadDoc{"RelationshipEntryNumber", with("authentication", Json::array({"#k", 7})),
               "/authentication/1", "DID URL string or an embedded"},
        BadDoc{"RelationshipBadRef", with("keyAgreement", Json::array({"k"})), "/keyAgreement/0",
               "not a DID URL"},
        BadDoc{"EmbeddedBad", with("capabilityDelegation", Json::array({vm({{"type", 3}})})),
               "/capabilityDelegation/0/type", "type"},
        BadDoc{"ServiceNotSet", with("service", Json::object()), "/service", "set"},
        BadDoc{"ServiceNoEndpoint",
               with("service", Json::array({Json{{"id", "#s"}, {"type", "T"}}})),
               "/service/0/serviceEndpoint", "serviceEndpoint"},
        BadDoc{"ServiceEndpointNumber",
               with("service",
                    Json::array({Json{{"id", "#s"}, {"type", "T"}, {"serviceEndpoint", 1}}})),
               "/service/0/serviceEndpoint", "string, a map"},
        BadDoc{"ServiceEndpointEmptySet",
               with("service", Json::array({Json{{"id", "#s"},
                                                 {"type", "T"},
                                                 {"serviceEndpoint", Json::array()}}})),
               "/service/0/serviceEndpoint", "at least one"},
        BadDoc{"ServiceEndpointSetOfNumbers",
               with("service", Json::array({Json{{"id", "#s"},
                                                 {"type", "T"},
                                                 {"serviceEndpoint", Json::array({"a:b", 2})}}})),
               "/service/0/serviceEndpoint/1", "strings and maps"},
        BadDoc{"ServiceTypeNumber",
               with("service", Json::array({Json{{"id", "#s"},
                                                 {"type", Json::array({"T", 2})},
                                                 {"serviceEndpoint", "https://x"}}})),
               "/service/0/type/1", "string"},
        BadDoc{"ServiceIdNotUri",
               with("service",
                    Json::array({Json{
                        {"id", "no scheme"}, {"type", "T"}, {"serviceEndpoint", "https://x"}}})),
               "/service/0/id", "URI"},
        BadDoc{"DuplicateMethodIds",
               with("verificationMethod",
                    Json::array({vm({}), vm({{"id", "did:example:123#k"},
                                             {"publicKeyMultibase", kX25519Multikey}})})),
               "/verificationMethod/1/id",
               "already used by a different method at /verificationMethod/0"},
        BadDoc{
            "DuplicateEmbeddedId",
            Json{{"id", "did:example:123"},
                 {"verificationMethod", Json::array({vm({})})},
                 {"authentication", Json::array({vm({{"publicKeyMultibase", kX25519Multikey}})})}},
            "/authentication/0/id", "already used"},
        BadDoc{"DuplicateServiceIds",
               with("service",
                    Json::array({Json{{"id", "#s"}, {"type", "T"}, {"serviceEndpoint", "a:b"}},
                                 Json{{"id", "did:example:123#s"},
                                      {"type", "U"},
                                      {"serviceEndpoint", "a:c"}}})),
               "/service/1/id", "already used"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DocumentJson, IdenticalDuplicateMethodIsAccepted) {
  // The same method listed twice (in verificationMethod and embedded) is not ambiguous.
  const Json j = {{"id", "did:example:123"},
                  {"verificationMethod", Json::array({vm({})})},
                  {"authentication", Json::array({vm({})})}};
  EXPECT_THAT(document_from_json(j), IsOk());
}

// ---- DID Core test-suite documents (shared/vectors/did-core/did-*.json) ----

struct RepresentationCase {
  std::string name;
  std::string text;
  std::string expected_error_pointer;  // empty: must parse and round-trip
  std::string load_error;
};
void PrintTo(const RepresentationCase& c, std::ostream* os) { *os << c.name; }

std::vector<RepresentationCase> did_core_documents() {
  std::vector<RepresentationCase> out;
  std::error_code ec;
  const auto dir = testing::vectors_root() / "did-core";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string f = e.path().filename().string();
    if (f.starts_with("did-") && f.ends_with(".json")) files.push_back(e.path());
  }
  if (ec || files.empty()) {
    out.push_back({"vectors_unreadable", "", "", "no did-*.json under " + dir.string()});
    return out;
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string stem = path.stem().string();
    auto j = testing::load_vector("did-core/" + path.filename().string());
    if (!j.has_value()) {
      out.push_back({testing::test_name(stem), "", "", j.error().to_string()});
      continue;
    }
    const Json& dids = (*j)["dids"];
    for (std::size_t i = 0; i < dids.size(); ++i) {
      const Json& entry = (*j)[dids[i].get<std::string>()];
      for (const char* ct : {"application/did+json", "application/did+ld+json"}) {
        if (!entry.contains(ct) || !entry[ct].contains("representation")) continue;
        RepresentationCase c;
        c.name = testing::test_name(stem + "_" + std::to_string(i) + "_" +
                                    (std::string(ct).ends_with("ld+json") ? "ldjson" : "json"));
        c.text = entry[ct]["representation"].get<std::string>();
        // did:ion's submission gives its verification method "controller": "", which DID Core
        // §5.2 does not allow ("MUST be a string that conforms to ... DID Syntax").
        if (stem == "did-ion") c.expected_error_pointer = "/verificationMethod/0/controller";
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

class DidCoreDocument : public ::testing::TestWithParam<RepresentationCase> {};

TEST_P(DidCoreDocument, RoundTrips) {
  const auto& c = GetParam();
  ASSERT_TRUE(c.load_error.empty()) << c.load_error;
  auto json = json_parse(c.text);
  ASSERT_THAT(json, IsOk());
  auto doc = document_from_json(*json);
  if (!c.expected_error_pointer.empty()) {
    ASSERT_THAT(doc, HasError(ErrorCode::kMalformed));
    EXPECT_EQ(doc.error().where, c.expected_error_pointer);
    return;
  }
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(document_to_json(*doc), *json);
  // Every relationship entry that names a method of this document finds it. Documents that
  // still use the pre-DID-Core "publicKey" property (kept in `extra`, not a DID Core 1.0 member)
  // define their methods there, so the lookup cannot see them.
  if (doc->extra.contains("publicKey")) return;
  for (Relationship r : kAllRelationships) {
    for (const auto& e : doc->relationship(r)) {
      auto url = DidUrl::resolve(e.id(), doc->id).value();
      if (url.did() != doc->id) continue;
      EXPECT_NE(doc->find_verification_method(e.id()), nullptr) << e.id();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, DidCoreDocument, ::testing::ValuesIn(did_core_documents()),
                         [](const auto& p) { return p.param.name; });

// ---- lookups and relationships ----

class DocumentLookup : public ::testing::Test {
 protected:
  Document doc_ = document_from_json(full_document()).value();
};

TEST_F(DocumentLookup, FindByRelativeOrAbsoluteId) {
  const VerificationMethod* a = doc_.find_verification_method("#key-1");
  const VerificationMethod* b = doc_.find_verification_method("did:example:123#key-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a->type, "Multikey");
  // Stored absolute, found relative.
  EXPECT_EQ(doc_.find_verification_method("#key-2"), &doc_.verification_method[1]);
  // Embedded in a relationship.
  const VerificationMethod* e = doc_.find_verification_method("#embedded");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e, doc_.authentication[1].embedded());
  EXPECT_EQ(doc_.find_verification_method("#nope"), nullptr);
  EXPECT_EQ(doc_.find_verification_method("key-1"), nullptr);  // not a DID URL reference
  EXPECT_EQ(doc_.find_verification_method("did:example:other#key-1"), nullptr);
}

TEST_F(DocumentLookup, FindService) {
  ASSERT_NE(doc_.find_service("#hub"), nullptr);
  EXPECT_EQ(doc_.find_service("#hub"), doc_.find_service("did:example:123#hub"));
  EXPECT_EQ(doc_.find_service("did:example:123#linked-domain"), &doc_.service[0]);
  EXPECT_EQ(doc_.find_service("#nothing"), nullptr);
}

TEST_F(DocumentLookup, IsAuthorized) {
  EXPECT_TRUE(doc_.is_authorized(Relationship::kAuthentication, "#key-1"));
  EXPECT_TRUE(doc_.is_authorized(Relationship::kAuthentication, "did:example:123#embedded"));
  EXPECT_FALSE(doc_.is_authorized(Relationship::kAssertionMethod, "#key-1"));
  EXPECT_TRUE(doc_.is_authorized(Relationship::kAssertionMethod, "#key-2"));
  EXPECT_FALSE(doc_.is_authorized(Relationship::kCapabilityDelegation, "#key-1"));
  EXPECT_FALSE(doc_.is_authorized(Relationship::kAuthentication, "garbage"));
}

TEST_F(DocumentLookup, AuthorizedKey) {
  auto k = doc_.authorized_key(Relationship::kAuthentication, "did:example:123#key-1");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(*k, multikey(kEd25519Multikey));
  auto p = doc_.authorized_key(Relationship::kAssertionMethod, "#key-2");
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(*p, crypto::public_key_from_jwk(p256_jwk()).value());
  auto legacy = doc_.authorized_key(Relationship::kAssertionMethod, "#legacy");
  ASSERT_THAT(legacy, IsOk());
  EXPECT_EQ(*legacy, multikey(kEd25519Multikey));
  auto embedded = doc_.authorized_key(Relationship::kAuthentication, "#embedded");
  ASSERT_THAT(embedded, IsOk());
  EXPECT_EQ(embedded->type(), crypto::KeyType::kSecp256k1);
  auto x = doc_.authorized_key(Relationship::kKeyAgreement, "#x25519");
  ASSERT_THAT(x, IsOk());
  EXPECT_EQ(x->type(), crypto::KeyType::kX25519);
}

TEST_F(DocumentLookup, AuthorizedKeyErrors) {
  // Exists, but not listed for the relationship.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAssertionMethod, "#key-1"),
              HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(doc_.authorized_key(Relationship::kCapabilityInvocation, "#k1"),
              HasError(ErrorCode::kPermissionDenied));
  // No such method.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAuthentication, "#nope"),
              HasError(ErrorCode::kNotFound));
  // Listed, but defined in another DID's document.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAuthentication, "did:example:ctl#their-key"),
              HasError(ErrorCode::kNotFound));
  // Listed, but not defined anywhere.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAssertionMethod, "#missing"),
              HasError(ErrorCode::kNotFound));
  // Not a DID URL at all.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAuthentication, "key-1"),
              HasError(ErrorCode::kMalformed));
  // Keys that cannot serve the relationship.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAssertionMethod, "#x25519"),
              HasError(ErrorCode::kUnsupported));
  EXPECT_THAT(doc_.authorized_key(Relationship::kKeyAgreement, "#key-1"),
              HasError(ErrorCode::kUnsupported));
  // BLS12-381 has no crypto::PublicKey yet.
  EXPECT_THAT(doc_.authorized_key(Relationship::kAssertionMethod, "#bls"),
              HasError(ErrorCode::kUnsupported));
}

TEST_F(DocumentLookup, AuthorizedKeysListsUsableAndSkipped) {
  auto auth = doc_.authorized_keys(Relationship::kAuthentication);
  ASSERT_EQ(auth.keys.size(), 2u);
  EXPECT_EQ(auth.keys[0].id.to_string(), "did:example:123#key-1");
  EXPECT_EQ(auth.keys[0].type, "Multikey");
  EXPECT_EQ(auth.keys[1].id.to_string(), "did:example:123#embedded");
  ASSERT_EQ(auth.skipped.size(), 1u);
  EXPECT_EQ(auth.skipped[0].code, ErrorCode::kNotFound);
  EXPECT_EQ(auth.skipped[0].where, "did:example:ctl#their-key");

  auto assertion = doc_.authorized_keys(Relationship::kAssertionMethod);
  ASSERT_EQ(assertion.keys.size(), 2u);  // key-2 (P-256) and legacy (Ed25519)
  EXPECT_EQ(assertion.keys[0].key.type(), crypto::KeyType::kP256);
  EXPECT_EQ(assertion.keys[1].key.type(), crypto::KeyType::kEd25519);
  ASSERT_EQ(assertion.skipped.size(), 3u);  // bls, x25519, missing
  EXPECT_EQ(assertion.skipped[0].code, ErrorCode::kUnsupported);
  EXPECT_EQ(assertion.skipped[1].code, ErrorCode::kUnsupported);
  EXPECT_EQ(assertion.skipped[2].code, ErrorCode::kNotFound);

  auto agreement = doc_.authorized_keys(Relationship::kKeyAgreement);
  ASSERT_EQ(agreement.keys.size(), 1u);
  EXPECT_EQ(agreement.keys[0].key.type(), crypto::KeyType::kX25519);
  EXPECT_EQ(agreement.skipped.size(), 1u);

  EXPECT_TRUE(doc_.authorized_keys(Relationship::kCapabilityDelegation).keys.empty());
}

// ---- structure-aware fuzzing: replace one node of a valid document with something else ----

void collect_pointers(const Json& j, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      collect_pointers(v, at + "/" + json_pointer_escape(k), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      collect_pointers(j[i], at + "/" + std::to_string(i), out);
  }
}

Json random_value(std::mt19937_64& rng) {
  static const Json pool[] = {nullptr,
                              true,
                              0,
                              -1,
                              1.5,
                              "",
                              "x",
                              "#key-1",
                              "#x25519",
                              "did:example:123",
                              "did:example:123#key-2",
                              "did:example:other#k",
                              "did:bad",
                              "#a b",
                              "/path",
                              "?q=1",
                              kEd25519Multikey,
                              kX25519Multikey,
                              "zzzz",
                              "Multikey",
                              "JsonWebKey2020",
                              Json::array(),
                              Json::object(),
                              Json::array({"did:example:1", 2}),
                              Json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}},
                              p256_jwk(),
                              private_jwk()};
  return pool[rng() % std::size(pool)];
}

TEST(DocumentFuzz, MutatedDocumentsNeverCrash) {
  const std::uint64_t seed = ::plx::testing::test_seed();
  std::mt19937_64 rng(seed);
  const Json base = full_document();
  std::vector<std::string> pointers;
  collect_pointers(base, "", pointers);
  int accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    Json j = base;
    for (int e = 1 + static_cast<int>(rng() % 2); e > 0; --e) {
      const std::string& p = pointers[rng() % pointers.size()];
      const Json::json_pointer ptr(p);
      if (!j.contains(ptr)) continue;
      if (rng() % 4 == 0 && !p.empty()) {
        // Remove the member or element instead of replacing it.
        const std::string parent = p.substr(0, p.rfind('/'));
        const std::string last = p.substr(p.rfind('/') + 1);
        Json& container = j[Json::json_pointer(parent)];
        if (container.is_object()) {
          container.erase(last);
        } else if (container.is_array()) {
          container.erase(std::stoul(last));
        }
      } else {
        j[ptr] = random_value(rng);
      }
    }
    auto doc = document_from_json(j);
    if (!doc.has_value()) {
      ASSERT_EQ(doc.error().code, ErrorCode::kMalformed) << "seed " << seed;
      continue;
    }
    ++accepted;
    // Whatever is accepted writes back and reads back as the same model, and every lookup runs.
    auto again = document_from_json(document_to_json(*doc));
    ASSERT_THAT(again, IsOk()) << "seed " << seed << ": " << j.dump();
    ASSERT_EQ(*again, *doc) << "seed " << seed;
    for (Relationship r : kAllRelationships) {
      (void)doc->authorized_keys(r);
      for (const auto& e : doc->relationship(r)) {
        (void)doc->authorized_key(r, e.id());
        (void)doc->find_verification_method(e.id());
      }
    }
    for (const auto& m : doc->verification_method) (void)verification_method_public_key(m);
  }
  EXPECT_GT(accepted, 100);
}

TEST(RelationshipNames, RoundTrip) {
  std::set<std::string_view> names;
  for (Relationship r : kAllRelationships) {
    names.insert(relationship_name(r));
    EXPECT_EQ(relationship_from_name(relationship_name(r)), r);
  }
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(relationship_from_name("verificationMethod"), std::nullopt);
}

// ---- verification material ----

VerificationMethod make_method(const char* type) {
  return VerificationMethod{
      .id = "#k", .type = type, .controller = Did::parse("did:example:123").value()};
}

TEST(VerificationMaterial, MultikeyAndJwk) {
  auto m = make_method("Multikey");
  m.public_key_multibase = kEd25519Multikey;
  EXPECT_EQ(verification_method_public_key(m).value(), multikey(kEd25519Multikey));
  auto j = make_method("JsonWebKey2020");
  j.public_key_jwk = p256_jwk();
  EXPECT_EQ(verification_method_public_key(j).value().type(), crypto::KeyType::kP256);
  auto k = make_method("JsonWebKey");
  k.public_key_jwk = secp256k1_jwk();
  EXPECT_EQ(verification_method_public_key(k).value().type(), crypto::KeyType::kSecp256k1);
}

TEST(VerificationMaterial, Errors) {
  auto m = make_method("Multikey");
  EXPECT_THAT(verification_method_public_key(m), HasError(ErrorCode::kMalformed));
  m.public_key_jwk = p256_jwk();
  EXPECT_THAT(verification_method_public_key(m), HasError(ErrorCode::kMalformed));
  m.public_key_multibase = kEd25519Multikey;
  auto both = verification_method_public_key(m);
  ASSERT_THAT(both, HasError(ErrorCode::kMalformed));
  EXPECT_THAT(both.error().message, ::testing::HasSubstr("both"));

  auto j = make_method("JsonWebKey2020");
  EXPECT_THAT(verification_method_public_key(j), HasError(ErrorCode::kMalformed));
  j.public_key_jwk = private_jwk();
  auto priv = verification_method_public_key(j);
  ASSERT_THAT(priv, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(priv.error().where, "publicKeyJwk/d");
  j.public_key_jwk = Json{{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}};
  EXPECT_THAT(verification_method_public_key(j), HasError(ErrorCode::kUnsupported));

  // A legacy type whose name fixes the key type must hold that key type.
  auto legacy = make_method("Ed25519VerificationKey2018");
  legacy.public_key_jwk = secp256k1_jwk();
  EXPECT_THAT(verification_method_public_key(legacy), HasError(ErrorCode::kMalformed));
  auto legacy_b58 = make_method("Ed25519VerificationKey2018");
  legacy_b58.extra["publicKeyBase58"] = "0OIl";  // not base58
  EXPECT_THAT(verification_method_public_key(legacy_b58), HasError(ErrorCode::kMalformed));

  auto unknown = make_method("EcdsaSecp256k1RecoveryMethod2020");
  unknown.extra["blockchainAccountId"] = "eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a";
  EXPECT_THAT(verification_method_public_key(unknown), HasError(ErrorCode::kUnsupported));

  auto bls = make_method("Multikey");
  bls.public_key_multibase = kBlsG2Multikey;
  EXPECT_THAT(verification_method_public_key(bls), HasError(ErrorCode::kUnsupported));

  auto bad = make_method("Multikey");
  bad.public_key_multibase = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW";  // truncated
  auto r = verification_method_public_key(bad);
  EXPECT_FALSE(r.has_value());
}

}  // namespace
}  // namespace plx::did
