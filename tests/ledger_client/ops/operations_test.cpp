// Operation payloads, did:plx derivation, state keys and values, and outcomes: round trips,
// every rejection of the decoders, and tamper loops (truncation at every length).
#include "plx/ledger_client/operations.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/key.hpp"
#include "plx/ledger_client/outcome.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/ledger_client/state_proof.hpp"
#include "plx/ledger_client/transaction.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using plx::testing::HasError;
using plx::testing::IsOk;

MATCHER_P2(HasErrorAt, code, where,
           "fails with " + std::string(plx::to_string(code)) + " at " + where) {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "error: " << arg.error().to_string();
  return arg.error().code == code && arg.error().where == where;
}

constexpr std::string_view kKey1 = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

std::string genesis_text() {
  return R"({"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],)"
         R"("verificationMethod":[{"id":"#key-1","type":"Multikey","publicKeyMultibase":")" +
         std::string(kKey1) +
         R"("}],"authentication":["#key-1"],"capabilityInvocation":["#key-1"],)"
         R"("service":[{"id":"#hub","type":"LinkedDomains","serviceEndpoint":"https://example.com"}]})";
}

template <class T>
void expect_truncations_fail(const T& value) {
  const Bytes enc = value.encode();
  for (std::size_t len = 0; len < enc.size(); ++len) {
    EXPECT_FALSE(T::decode(ByteSpan(enc).first(len)).has_value()) << "length " << len;
  }
  Bytes longer = enc;
  longer.push_back(0);
  EXPECT_THAT(T::decode(longer), HasError(ErrorCode::kMalformed));
  auto back = T::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, value);
}

TEST(DidPlx, DerivationIsSha256OfJcs) {
  auto did = derive_did_plx(genesis_text());
  ASSERT_THAT(did, IsOk());
  auto jcs = jcs_canonicalize_text(genesis_text());
  ASSERT_THAT(jcs, IsOk());
  EXPECT_EQ(*did, "did:plx:" + base58btc_encode(crypto::sha256(as_bytes(*jcs))));
  EXPECT_EQ(did_plx_of_canonical(*jcs), *did);
  // Member order and whitespace do not change the DID (JCS), any content change does.
  auto reordered = json_parse(genesis_text());
  ASSERT_THAT(reordered, IsOk());
  EXPECT_EQ(*derive_did_plx(" " + json_dump(*reordered) + " "), *did);
  (*reordered)["alsoKnownAs"] = Json::array({"https://example.com"});
  EXPECT_NE(*derive_did_plx_from_json(*reordered), *did);
}

TEST(DidPlx, DerivationRejects) {
  EXPECT_THAT(derive_did_plx("not json"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(derive_did_plx("[1]"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(derive_did_plx(R"({"id":"did:plx:x"})"), HasError(ErrorCode::kMalformed));
}

TEST(DidPlx, MaterializeMakesIdsAbsolute) {
  auto g = json_parse(genesis_text());
  ASSERT_THAT(g, IsOk());
  const std::string did = *derive_did_plx_from_json(*g);
  did::Document model(*did::Did::parse(did));
  auto full = materialize_genesis(*g, did, &model);
  ASSERT_THAT(full, IsOk());
  EXPECT_EQ((*full)["id"], did);
  EXPECT_EQ((*full)["verificationMethod"][0]["id"], did + "#key-1");
  EXPECT_EQ((*full)["verificationMethod"][0]["controller"], did);
  EXPECT_EQ((*full)["capabilityInvocation"][0], did + "#key-1");
  EXPECT_EQ((*full)["service"][0]["id"], did + "#hub");
  EXPECT_TRUE(model.is_authorized(did::Relationship::kCapabilityInvocation, "#key-1"));
  EXPECT_EQ(absolute_id("#x", "did:plx:a"), "did:plx:a#x");
  EXPECT_EQ(absolute_id("did:plx:b#x", "did:plx:a"), "did:plx:b#x");
}

TEST(DidPlx, MaterializeRejectsInvalidDocuments) {
  const std::string did = "did:plx:abc";
  EXPECT_THAT(materialize_genesis(Json::array(), did), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(materialize_genesis(Json{{"id", did}}, did), HasError(ErrorCode::kMalformed));
  // A method without a type violates the document model.
  auto bad = json_parse(R"({"verificationMethod":[{"id":"#k","publicKeyMultibase":"z6Mk"}]})");
  ASSERT_THAT(bad, IsOk());
  EXPECT_THAT(materialize_genesis(*bad, did), HasError(ErrorCode::kMalformed));
  // A service with no serviceEndpoint; a controller that is not a DID.
  auto svc = json_parse(R"({"service":[{"id":"#s","type":"LinkedDomains"}]})");
  ASSERT_THAT(svc, IsOk());
  EXPECT_THAT(materialize_genesis(*svc, did), HasError(ErrorCode::kMalformed));
  auto ctl = json_parse(R"({"controller":"not-a-did"})");
  ASSERT_THAT(ctl, IsOk());
  EXPECT_THAT(materialize_genesis(*ctl, did), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(materialize_member(Json::array(), did, true), HasError(ErrorCode::kMalformed));
}

// The stored form is the genesis form: relative_document undoes materialize_genesis, so a DID's
// first record holds its genesis document, and its SHA-256 is the DID's suffix.
TEST(DidPlx, StoredFormOfTheFirstVersionIsTheGenesisDocument) {
  // Embedded methods, a method of another controller, an absolute reference to another DID, a
  // service, and a string outside the places materialisation touches that names the DID.
  const std::string other = "did:plx:" + base58btc_encode(Bytes(32, 7));
  auto g = json_parse(genesis_text());
  ASSERT_THAT(g, IsOk());
  (*g)["assertionMethod"] = Json::array(
      {Json{{"id", "#emb"}, {"type", "Multikey"}, {"publicKeyMultibase", kKey1}}, other + "#k"});
  (*g)["verificationMethod"].push_back(Json{{"id", "#delegate"},
                                            {"type", "Multikey"},
                                            {"controller", other},
                                            {"publicKeyMultibase", kKey1}});
  std::string canonical;
  const std::string did = *derive_did_plx_from_json(*g, &canonical);
  EXPECT_EQ(*jcs_canonicalize(*g), canonical);
  auto full = materialize_genesis(*g, did);
  ASSERT_THAT(full, IsOk());
  auto stored = relative_document(*full, did);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(*stored, *g);
  EXPECT_EQ(*jcs_canonicalize(*stored), canonical);
  Json back;
  auto model = document_from_stored(canonical, did, &back);
  ASSERT_THAT(model, IsOk());
  EXPECT_EQ(back, *full);
  EXPECT_EQ(model->id.to_string(), did);
  EXPECT_EQ(model->verification_method.at(1).controller.to_string(), other);
  // The full document of a later version (ids absolute, controllers given) round-trips too.
  Json later = *full;
  later["service"].push_back(
      Json{{"id", did + "#second"}, {"type", "LinkedDomains"}, {"serviceEndpoint", did}});
  auto later_stored = relative_document(later, did);
  ASSERT_THAT(later_stored, IsOk());
  EXPECT_EQ((*later_stored)["service"][1]["id"], "#second");
  EXPECT_EQ((*later_stored)["service"][1]["serviceEndpoint"], did);  // not a reference
  Json later_back;
  ASSERT_THAT(document_from_stored(json_dump(*later_stored), did, &later_back), IsOk());
  EXPECT_EQ(later_back, later);
}

TEST(DidPlx, StoredFormRejectsWhatWouldNotRoundTrip) {
  auto g = json_parse(genesis_text());
  ASSERT_THAT(g, IsOk());
  const std::string did = *derive_did_plx_from_json(*g);
  const Json full = *materialize_genesis(*g, did);
  EXPECT_THAT(relative_document(Json::array(), did), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(relative_document(*g, did), HasErrorAt(ErrorCode::kMalformed, "/id"));
  EXPECT_THAT(relative_document(full, "did:plx:other"), HasErrorAt(ErrorCode::kMalformed, "/id"));
  // A reference that is relative already would be read back as absolute.
  Json rel_ref = full;
  rel_ref["authentication"][0] = "#key-1";
  EXPECT_THAT(relative_document(rel_ref, did),
              HasErrorAt(ErrorCode::kMalformed, "/authentication/0"));
  Json rel_service = full;
  rel_service["service"][0]["id"] = "#hub";
  EXPECT_THAT(relative_document(rel_service, did),
              HasErrorAt(ErrorCode::kMalformed, "/service/0/id"));
  Json rel_method = full;
  rel_method["verificationMethod"][0]["id"] = "#key-1";
  EXPECT_THAT(relative_document(rel_method, did),
              HasErrorAt(ErrorCode::kMalformed, "/verificationMethod/0/id"));
  // A method without a controller would be read back with one.
  Json no_controller = full;
  no_controller["verificationMethod"][0].erase("controller");
  EXPECT_THAT(relative_document(no_controller, did),
              HasErrorAt(ErrorCode::kMalformed, "/verificationMethod/0/controller"));
  // Reading: not JSON, an "id" (a stored document has none), an invalid document.
  EXPECT_THAT(document_from_stored("{", did), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(document_from_stored(json_dump(full), did), HasErrorAt(ErrorCode::kMalformed, "/id"));
  EXPECT_THAT(document_from_stored(R"({"controller":"not-a-did"})", did),
              HasError(ErrorCode::kMalformed));
}

// The eighths after a create's document: nothing, or whole 32-byte eighths, the signer key's
// first, then those of the other Ed25519 Multikey keys the document publishes.
TEST(Payloads, CreateDidKeyEighth) {
  auto key = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  ASSERT_THAT(key, IsOk());
  const Bytes multikey = multikey_bytes(key->public_key()).value();
  auto p = CreateDidPayload::for_signer(genesis_text(), multikey);
  ASSERT_THAT(p, IsOk());
  ASSERT_EQ(p->signer_key_eighth.size(), crypto::kEd25519EighthSize);
  EXPECT_TRUE(crypto::ed25519_is_eighth(key->public_key().raw(), p->signer_key_eighth));
  // genesis_text() publishes kKey1, which is not the signer's: its eighth follows.
  const Bytes key1 = multikey_ed25519_raw(kKey1).value();
  ASSERT_EQ(p->key_eighths.size(), 1u);
  EXPECT_EQ(crypto::ed25519_key_of_eighth(p->key_eighths[0]).value(), key1);
  const Bytes enc = p->encode();
  auto back = CreateDidPayload::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, *p);
  auto in_place = create_did_signer_key_eighth(enc);
  ASSERT_THAT(in_place, IsOk());
  EXPECT_EQ(Bytes(in_place->begin(), in_place->end()), p->signer_key_eighth);
  // Without any, the payload ends with the document.
  const Bytes bare = CreateDidPayload{genesis_text(), {}}.encode();
  EXPECT_EQ(Bytes(enc.begin(), enc.end() - 64), bare);
  ASSERT_THAT(create_did_signer_key_eighth(bare), IsOk());
  EXPECT_TRUE(create_did_signer_key_eighth(bare)->empty());
  // The signer's alone: one eighth.
  const Bytes signer_only = CreateDidPayload{genesis_text(), p->signer_key_eighth}.encode();
  EXPECT_EQ(Bytes(enc.begin(), enc.end() - 32), signer_only);
  EXPECT_TRUE(CreateDidPayload::decode(signer_only)->key_eighths.empty());
  // A signer key that the document itself lists, as a Multikey, gets no second eighth.
  const std::string own_key = key->public_key().multikey();
  const std::string own =
      R"({"verificationMethod":[{"id":"#a","type":"Multikey","publicKeyMultibase":")" + own_key +
      R"("}],"authentication":[{"id":"#b","type":"Multikey","publicKeyMultibase":")" +
      std::string(kKey1) + R"("},{"id":"#c","type":"Multikey","publicKeyMultibase":")" +
      std::string(kKey1) + R"("}],"capabilityInvocation":["#a"]})";
  auto p_own = CreateDidPayload::for_signer(own, multikey);
  ASSERT_THAT(p_own, IsOk());
  ASSERT_EQ(p_own->key_eighths.size(), 1u);  // kKey1 once, embedded twice
  EXPECT_EQ(crypto::ed25519_key_of_eighth(p_own->key_eighths[0]).value(), key1);
  // Anything but whole eighths after the document is refused, by both readers, and so are
  // more than kMaxKeyEighths.
  for (const std::size_t extra :
       std::vector<std::size_t>{1, 31, 33, 63, 65, 32 * (kMaxKeyEighths + 1)}) {
    Bytes odd = bare;
    odd.resize(bare.size() + extra, 0x42);
    EXPECT_THAT(CreateDidPayload::decode(odd), HasError(ErrorCode::kMalformed)) << extra;
    EXPECT_THAT(create_did_signer_key_eighth(odd), HasError(ErrorCode::kMalformed)) << extra;
  }
  Bytes most = bare;
  most.resize(bare.size() + 32 * kMaxKeyEighths, 0x42);
  ASSERT_THAT(CreateDidPayload::decode(most), IsOk());
  EXPECT_EQ(CreateDidPayload::decode(most)->key_eighths.size(), kMaxKeyEighths - 1);
  EXPECT_THAT(create_did_signer_key_eighth(ByteSpan(bare).first(bare.size() - 1)),
              HasError(ErrorCode::kMalformed));
  // A secp256k1 key has no cofactor: no eighth. Bytes that are no Multikey: refused.
  auto k1 = crypto::PrivateKey::generate(crypto::KeyType::kSecp256k1);
  ASSERT_THAT(k1, IsOk());
  auto p1 = CreateDidPayload::for_signer("{}", multikey_bytes(k1->public_key()).value());
  ASSERT_THAT(p1, IsOk());
  EXPECT_TRUE(p1->signer_key_eighth.empty());
  EXPECT_THAT(CreateDidPayload::for_signer("{}", Bytes{0xed}), HasError(ErrorCode::kMalformed));
  // An Ed25519 key outside the prime-order subgroup has none: the key plus a point of order 2.
  Bytes order_two(32, 0);
  order_two[0] = 0xec;
  std::fill(order_two.begin() + 1, order_two.end() - 1, 0xff);
  order_two[31] = 0x7f;  // y = -1: (0, -1), the point of order 2
  Bytes mixed(32);
  ASSERT_EQ(crypto_core_ed25519_add(mixed.data(), key->public_key().raw().data(), order_two.data()),
            0);
  auto no_eighth =
      CreateDidPayload::for_signer("{}", multicodec_wrap(Multicodec::kEd25519Pub, mixed));
  EXPECT_THAT(no_eighth, HasError(ErrorCode::kMalformed));
}

// for_signer proves up to kMaxKeyEighths - 1 keys besides the signer's, and refuses a document
// that publishes more rather than build a payload that does not decode.
TEST(Payloads, CreateDidKeyEighthsUpToTheLimit) {
  auto signer = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  ASSERT_THAT(signer, IsOk());
  const Bytes multikey = multikey_bytes(signer->public_key()).value();
  const auto document = [](std::size_t keys) {
    std::string methods;
    for (std::size_t i = 0; i < keys; ++i) {
      const auto k = crypto::PrivateKey::generate(crypto::KeyType::kEd25519).value();
      methods += std::string(i ? "," : "") + R"({"id":"#k)" + std::to_string(i) +
                 R"(","type":"Multikey","publicKeyMultibase":")" + k.public_key().multikey() +
                 R"("})";
    }
    return R"({"verificationMethod":[)" + methods + "]}";
  };
  auto most = CreateDidPayload::for_signer(document(kMaxKeyEighths - 1), multikey);
  ASSERT_THAT(most, IsOk());
  EXPECT_EQ(most->key_eighths.size(), kMaxKeyEighths - 1);
  ASSERT_THAT(CreateDidPayload::decode(most->encode()), IsOk());
  EXPECT_THAT(CreateDidPayload::for_signer(document(kMaxKeyEighths), multikey),
              HasError(ErrorCode::kOutOfRange));
  // Not JSON: no eighths but the signer's (execution reports the document).
  auto not_json = CreateDidPayload::for_signer("{", multikey);
  ASSERT_THAT(not_json, IsOk());
  EXPECT_EQ(not_json->signer_key_eighth.size(), crypto::kEd25519EighthSize);
  EXPECT_TRUE(not_json->key_eighths.empty());
}

// An update may end with eighths of the Ed25519 Multikey keys its add_verification_method ops
// publish (add_published_key_eighths), each key once; nothing but whole eighths may follow.
TEST(Payloads, UpdateDidKeyEighths) {
  auto k2 = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  auto k3 = crypto::PrivateKey::generate(crypto::KeyType::kSecp256k1);
  ASSERT_THAT(k2, IsOk());
  ASSERT_THAT(k3, IsOk());
  const auto method = [](std::string_view id, const std::string& mb) {
    return R"({"id":")" + std::string(id) + R"(","type":"Multikey","publicKeyMultibase":")" + mb +
           R"("})";
  };
  UpdateDidPayload u{
      "did:plx:x",
      {PatchOp::add_verification_method(method("#k2", k2->public_key().multikey()), 1),
       PatchOp::add_service(R"({"id":"#s","type":"T","serviceEndpoint":"u"})"),
       PatchOp::add_verification_method(method("#k3", k3->public_key().multikey()), 1),
       PatchOp::add_verification_method(method("#k4", std::string(kKey1)), 1),
       PatchOp::add_verification_method(method("#k5", std::string(kKey1)), 2),
       PatchOp::add_verification_method("not json", 1)}};
  const Bytes bare = u.encode();
  ASSERT_THAT(u.add_published_key_eighths(), IsOk());
  ASSERT_EQ(u.key_eighths.size(), 2u);  // k2 and kKey1 once; secp256k1 and bad JSON: none
  EXPECT_EQ(crypto::ed25519_key_of_eighth(u.key_eighths[0]).value(), k2->public_key().raw());
  EXPECT_EQ(crypto::ed25519_key_of_eighth(u.key_eighths[1]).value(),
            multikey_ed25519_raw(kKey1).value());
  const Bytes enc = u.encode();
  EXPECT_EQ(Bytes(enc.begin(), enc.end() - 64), bare);
  auto back = UpdateDidPayload::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, u);
  for (const std::size_t extra : std::vector<std::size_t>{1, 31, 33, 32 * (kMaxKeyEighths + 1)}) {
    Bytes odd = bare;
    odd.resize(bare.size() + extra, 0x42);
    EXPECT_THAT(UpdateDidPayload::decode(odd), HasError(ErrorCode::kMalformed)) << extra;
  }
  // A key outside the prime-order subgroup cannot be proven: refused before it is sent.
  Bytes order_two(32, 0xff);
  order_two[0] = 0xec;
  order_two[31] = 0x7f;  // (0, -1)
  Bytes mixed(32);
  ASSERT_EQ(crypto_core_ed25519_add(mixed.data(), k2->public_key().raw().data(), order_two.data()),
            0);
  UpdateDidPayload bad{
      "did:plx:x",
      {PatchOp::add_verification_method(
          method("#m", "z" + base58btc_encode(multicodec_wrap(Multicodec::kEd25519Pub, mixed))),
          1)}};
  EXPECT_THAT(bad.add_published_key_eighths(), HasError(ErrorCode::kMalformed));
}

// multikey_ed25519_raw reads exactly the Ed25519 Multikeys.
TEST(Payloads, MultikeyEd25519Raw) {
  auto ed = crypto::PrivateKey::generate(crypto::KeyType::kEd25519);
  auto k1 = crypto::PrivateKey::generate(crypto::KeyType::kSecp256k1);
  ASSERT_THAT(ed, IsOk());
  ASSERT_THAT(k1, IsOk());
  EXPECT_EQ(multikey_ed25519_raw(ed->public_key().multikey()), ed->public_key().raw());
  EXPECT_FALSE(multikey_ed25519_raw(k1->public_key().multikey()));
  EXPECT_FALSE(multikey_ed25519_raw(""));
  EXPECT_FALSE(multikey_ed25519_raw("u" + ed->public_key().multikey().substr(1)));
  EXPECT_FALSE(multikey_ed25519_raw(ed->public_key().multikey() + "1"));  // 33 bytes
  EXPECT_FALSE(multikey_ed25519_raw("z0OIl"));                            // not base58btc
}

TEST(Payloads, RoundTripAndTruncation) {
  expect_truncations_fail(CreateDidPayload{genesis_text(), {}});
  UpdateDidPayload u;
  u.did = "did:plx:abc";
  u.ops = {PatchOp::add_verification_method(R"({"id":"#k2"})", 0x11),
           PatchOp::remove_verification_method("#k1"),
           PatchOp::add_service(R"({"id":"#s"})"),
           PatchOp::remove_service("#s0"),
           PatchOp::set_controller({"did:plx:c1", "did:plx:c2"}),
           PatchOp::set_controller({}),
           PatchOp::set_relationships("#k2", 0x1f)};
  expect_truncations_fail(u);
  expect_truncations_fail(DeactivateDidPayload{"did:plx:abc"});
  expect_truncations_fail(CreateStatusListPayload{"list-1", 131072, "revocation"});
  expect_truncations_fail(UpdateStatusPayload{"did:plx:abc", "list-1", {{5, true}, {7, false}}});
}

TEST(Payloads, DecodersRejectOutOfRangeFields) {
  // Unknown patch kind.
  Writer w;
  w.string("did:plx:a").varint(1).u8(9);
  EXPECT_THAT(UpdateDidPayload::decode(w.data()), HasError(ErrorCode::kMalformed));
  // No ops, and too many.
  Writer w0;
  w0.string("did:plx:a").varint(0);
  EXPECT_THAT(UpdateDidPayload::decode(w0.data()), HasError(ErrorCode::kMalformed));
  Writer w65;
  w65.string("did:plx:a").varint(65);
  EXPECT_THAT(UpdateDidPayload::decode(w65.data()), HasError(ErrorCode::kMalformed));
  // A relationship mask with unknown bits.
  Writer wm;
  wm.string("did:plx:a").varint(1).u8(6).string("#k").u8(0x20);
  EXPECT_THAT(UpdateDidPayload::decode(wm.data()), HasError(ErrorCode::kMalformed));
  // Too many controllers.
  Writer wc;
  wc.string("did:plx:a").varint(1).u8(5).varint(17);
  EXPECT_THAT(UpdateDidPayload::decode(wc.data()), HasError(ErrorCode::kMalformed));
  // A status value other than 0/1; zero changes.
  Writer ws;
  ws.string("did:plx:a").string("l").varint(1).u32(3).u8(2);
  EXPECT_THAT(UpdateStatusPayload::decode(ws.data()), HasError(ErrorCode::kMalformed));
  Writer ws0;
  ws0.string("did:plx:a").string("l").varint(0);
  EXPECT_THAT(UpdateStatusPayload::decode(ws0.data()), HasError(ErrorCode::kMalformed));
  // A list id over 64 bytes.
  Writer wl;
  wl.string(std::string(65, 'a')).u32(8).string("revocation");
  EXPECT_THAT(CreateStatusListPayload::decode(wl.data()), HasError(ErrorCode::kMalformed));
}

TEST(StateKeys, LayoutIsPrefixedAndOrdered) {
  EXPECT_EQ(to_string(keys::did_record("did:plx:a")), "d/did:plx:a");
  EXPECT_EQ(to_string(keys::nonce("did:plx:a")), "n/did:plx:a");
  const Bytes v1 = keys::did_version("did:plx:a", 1);
  const Bytes v256 = keys::did_version("did:plx:a", 256);
  EXPECT_EQ(Bytes(v1.begin(), v1.begin() + 12), keys::did_version_prefix("did:plx:a"));
  EXPECT_LT(v1, v256);  // big-endian: numeric order
  EXPECT_EQ(v1.size(), 12u + 8u);
  EXPECT_EQ(to_string(keys::status_meta("did:plx:a", "l1")), "s/did:plx:a/l1/m");
  const Bytes c = keys::status_chunk("did:plx:a", "l1", 0x01020304);
  EXPECT_EQ(to_string(ByteSpan(c).first(17)), "s/did:plx:a/l1/c/");
  EXPECT_EQ(Bytes(c.end() - 4, c.end()), (Bytes{1, 2, 3, 4}));
}

TEST(StateKeys, IntoVariantsReplaceTheBufferWithTheSameKey) {
  Bytes buf = to_bytes("left over from an earlier, longer key");
  keys::did_record_into(buf, "did:plx:a");
  EXPECT_EQ(buf, keys::did_record("did:plx:a"));
  keys::did_version_into(buf, "did:plx:a", 300);
  EXPECT_EQ(buf, keys::did_version("did:plx:a", 300));
  keys::nonce_into(buf, "did:plx:b");
  EXPECT_EQ(buf, keys::nonce("did:plx:b"));
  keys::status_meta_into(buf, "did:plx:a", "l1");
  EXPECT_EQ(buf, keys::status_meta("did:plx:a", "l1"));
  keys::status_chunk_into(buf, "did:plx:a", "l1", 7);
  EXPECT_EQ(buf, keys::status_chunk("did:plx:a", "l1", 7));
}

TEST(StateKeys, KindsOfKeys) {
  EXPECT_TRUE(keys::is_did_record(keys::did_record("did:plx:abc")));
  EXPECT_FALSE(keys::is_did_record(to_bytes("d/")));  // the kind alone names no DID
  EXPECT_FALSE(keys::is_did_record(keys::did_version("did:plx:abc", 5)));
  EXPECT_FALSE(keys::is_did_record(keys::nonce("did:plx:abc")));
  EXPECT_FALSE(keys::is_did_record(keys::status_meta("did:plx:abc", "l1")));
  EXPECT_FALSE(keys::is_did_record(Bytes{}));
  EXPECT_TRUE(keys::is_write_once(keys::did_version("did:plx:abc", 5)));
  EXPECT_FALSE(keys::is_write_once(keys::did_record("did:plx:abc")));
  EXPECT_FALSE(keys::is_write_once(to_bytes("v/")));
  // One leaf per DID: records and versions are not leaves; a record's leaf is its DID's.
  EXPECT_FALSE(keys::is_tree_leaf(keys::did_record("did:plx:abc")));
  EXPECT_FALSE(keys::is_tree_leaf(keys::did_version("did:plx:abc", 5)));
  EXPECT_TRUE(keys::is_tree_leaf(keys::nonce("did:plx:abc")));
  EXPECT_TRUE(keys::is_tree_leaf(keys::status_chunk("did:plx:abc", "l1", 0)));
  EXPECT_EQ(keys::committing_leaf(keys::did_record("did:plx:abc")), keys::nonce("did:plx:abc"));
  const Bytes meta = keys::status_meta("did:plx:abc", "l1");
  EXPECT_EQ(keys::committing_leaf(meta), meta);
}

// verify_state_read over a one-leaf tree (the root is the leaf's hash, the proof has no
// siblings): a record is proven by its DID's leaf and the hash that leaf names.
TEST(StateKeys, VerifyStateReadFollowsTheDidLeaf) {
  const std::string did = "did:plx:abc";
  const Bytes record = to_bytes("the record"), other = to_bytes("another record");
  const Bytes leaf_key = keys::nonce(did), record_key = keys::did_record(did);
  const Bytes leaf = DidLeaf{3, state_value_hash(record)}.encode();
  const Hash root = state_leaf_hash(state_key_hash(leaf_key), state_value_hash(leaf));
  StateProof proof;
  proof.leaf = StateProofLeaf{state_key_hash(leaf_key), state_value_hash(leaf)};
  const auto read = [&](ByteSpan key, std::optional<ByteSpan> value,
                        std::optional<ByteSpan> leaf_value, const Hash& r = Hash{}) {
    return verify_state_read(proof, r == Hash{} ? root : r, key, value, leaf_value);
  };
  EXPECT_THAT(read(record_key, ByteSpan(record), ByteSpan(leaf)), IsOk());
  EXPECT_THAT(read(leaf_key, ByteSpan(leaf), std::nullopt), IsOk());  // the leaf itself
  EXPECT_THAT(read(record_key, ByteSpan(other), ByteSpan(leaf)),
              HasError(ErrorCode::kVerificationFailed));
  EXPECT_THAT(read(record_key, std::nullopt, ByteSpan(leaf)),
              HasError(ErrorCode::kVerificationFailed));
  EXPECT_FALSE(read(record_key, ByteSpan(record), std::nullopt).has_value());
  EXPECT_FALSE(read(record_key, ByteSpan(record), ByteSpan(record)).has_value());
  // A leaf that is not a DidLeaf, under a root that commits to it.
  const Bytes bad_leaf(39, 0);
  proof.leaf = StateProofLeaf{state_key_hash(leaf_key), state_value_hash(bad_leaf)};
  EXPECT_THAT(read(record_key, ByteSpan(record), ByteSpan(bad_leaf),
                   state_leaf_hash(state_key_hash(leaf_key), state_value_hash(bad_leaf))),
              HasError(ErrorCode::kMalformed));
  // The empty tree proves the DID absent, and no record may come with that.
  proof.leaf.reset();
  EXPECT_THAT(verify_state_read(proof, kZeroHash, record_key, std::nullopt, std::nullopt), IsOk());
  EXPECT_THAT(verify_state_read(proof, kZeroHash, record_key, ByteSpan(record), std::nullopt),
              HasError(ErrorCode::kVerificationFailed));
  // Version records are proven through DidRecord::previous, never by a leaf.
  EXPECT_THAT(
      verify_state_read(proof, kZeroHash, keys::did_version(did, 1), std::nullopt, std::nullopt),
      HasError(ErrorCode::kInvalidArgument));
}

TEST(StateKeys, ListIds) {
  EXPECT_THAT(check_list_id("revocations-2024_v1.0"), IsOk());
  EXPECT_THAT(check_list_id(""), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(check_list_id("a/b"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(check_list_id(std::string(65, 'x')), HasError(ErrorCode::kMalformed));
}

TEST(StateValues, DidRecordRoundTripAndRejects) {
  Hash previous{};
  for (std::size_t i = 0; i < previous.size(); ++i) previous[i] = static_cast<std::uint8_t>(i + 1);
  DidRecord r{R"({"id":"did:plx:a"})", 3, 1700000000, 1700000100, 5, 9, true, previous, {}};
  expect_truncations_fail(r);
  Bytes bad = r.encode();
  ASSERT_EQ(bad[bad.size() - 33], 1);  // the deactivated flag, before the previous hash
  bad[bad.size() - 33] = 2;            // must be 0 or 1
  EXPECT_THAT(DidRecord::decode(bad), HasError(ErrorCode::kMalformed));
  bad = r.encode();
  bad[0] = 1;  // format 1 records had no hash chain
  EXPECT_THAT(DidRecord::decode(bad), HasError(ErrorCode::kMalformed));
  DidRecord zero = r;
  zero.version_id = 0;
  EXPECT_THAT(DidRecord::decode(zero.encode()), HasError(ErrorCode::kMalformed));
  // Version 1 names no previous version; every later one does.
  DidRecord first{
      R"({"id":"did:plx:a"})", 1, 1700000000, 1700000000, 5, 5, false, std::nullopt, {}};
  expect_truncations_fail(first);
  DidRecord first_with = first;
  first_with.previous = previous;
  EXPECT_THAT(DidRecord::decode(first_with.encode()), HasError(ErrorCode::kMalformed));
  DidRecord later_without = r;
  later_without.previous.reset();
  EXPECT_THAT(DidRecord::decode(later_without.encode()), HasError(ErrorCode::kMalformed));
}

TEST(StateValues, DidRecordCheckpointLevels) {
  EXPECT_EQ(did_checkpoint_count(1), 0u);
  EXPECT_EQ(did_checkpoint_count(32), 0u);
  EXPECT_EQ(did_checkpoint_count(33), 1u);
  EXPECT_EQ(did_checkpoint_count(1024), 1u);
  EXPECT_EQ(did_checkpoint_count(1025), 2u);
  EXPECT_EQ(did_checkpoint_count(32769), 3u);
  EXPECT_EQ(did_checkpoint_count(1048577), 4u);
  EXPECT_EQ(did_checkpoint_count(UINT64_MAX), kDidCheckpointLevels);
  EXPECT_EQ(did_checkpoint_version(33, 1), 32u);
  EXPECT_EQ(did_checkpoint_version(64, 1), 32u);
  EXPECT_EQ(did_checkpoint_version(65, 1), 64u);
  EXPECT_EQ(did_checkpoint_version(2049, 2), 2048u);
  EXPECT_EQ(did_checkpoint_version(2048, 2), 1024u);
  // The encoding carries exactly the levels the version implies.
  DidRecord r{R"({"id":"did:plx:a"})", 1025, 1700000000, 1700000100, 5, 9, false, Hash{1},
              {Hash{2}, Hash{3}}};
  expect_truncations_fail(r);
  DidRecord missing = r;
  missing.checkpoints.pop_back();
  EXPECT_THAT(DidRecord::decode(missing.encode()), HasError(ErrorCode::kMalformed));
  DidRecord extra = r;
  extra.checkpoints.push_back(Hash{4});
  EXPECT_THAT(DidRecord::decode(extra.encode()), HasError(ErrorCode::kMalformed));
}

// Every record of a long chain built by link_after points, at every level, at the record of
// exactly the version did_checkpoint_version names.
TEST(StateValues, DidRecordLinksPointAtTheirVersions) {
  std::vector<Hash> hash_of(1);  // hash_of[v]: the hash of version v's record
  DidRecord rec{R"({"id":"did:plx:a"})", 1, 1700000000, 1700000000, 1, 1, false, std::nullopt, {}};
  Bytes enc = rec.encode();
  hash_of.push_back(state_value_hash(enc));
  for (std::uint64_t v = 2; v <= 2100; ++v) {
    DidRecord next;
    next.document = rec.document;
    next.link_after(rec, enc);
    ASSERT_EQ(next.version_id, v);
    ASSERT_EQ(next.previous, hash_of[v - 1]);
    ASSERT_EQ(next.checkpoints.size(), did_checkpoint_count(v));
    for (unsigned k = 1; k <= next.checkpoints.size(); ++k) {
      ASSERT_EQ(next.checkpoints[k - 1], hash_of[did_checkpoint_version(v, k)]) << v << " " << k;
    }
    rec = std::move(next);
    enc = rec.encode();
    auto back = DidRecord::decode(enc);
    ASSERT_THAT(back, IsOk());
    ASSERT_EQ(*back, rec);
    hash_of.push_back(state_value_hash(enc));
  }
}

TEST(StateValues, NonceAndStatusMeta) {
  DidLeaf leaf{0x0102030405060708ull, state_value_hash(as_bytes("record"))};
  const Bytes enc = leaf.encode();
  ASSERT_EQ(enc.size(), 40u);
  EXPECT_EQ(enc[0], 0x01);  // big-endian nonce first
  EXPECT_EQ(*DidLeaf::decode(enc), leaf);
  for (std::size_t n : {0u, 8u, 39u, 41u}) {
    Bytes other(enc.begin(),
                enc.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(n, 40)));
    other.resize(n);
    EXPECT_THAT(DidLeaf::decode(other), HasError(ErrorCode::kMalformed)) << n;
  }
  StatusListMeta m{20000, "revocation", kStatusChunkBits};
  expect_truncations_fail(m);
  EXPECT_EQ(m.chunk_count(), 3u);
  EXPECT_EQ(m.chunk_length(0), kStatusChunkBytes);
  EXPECT_EQ(m.chunk_length(2), (20000u - 2 * 8192u + 7) / 8);
  EXPECT_EQ(m.chunk_length(3), 0u);
  EXPECT_THAT(StatusListMeta::decode(StatusListMeta{0, "revocation", kStatusChunkBits}.encode()),
              HasError(ErrorCode::kMalformed));
  EXPECT_THAT(StatusListMeta::decode(StatusListMeta{8, "fun", kStatusChunkBits}.encode()),
              HasError(ErrorCode::kMalformed));
  EXPECT_THAT(StatusListMeta::decode(StatusListMeta{8, "suspension", 16}.encode()),
              HasError(ErrorCode::kMalformed));
}

TEST(StateValues, ChunkBitsAreMsbFirst) {
  Bytes chunk(2, 0);
  set_chunk_bit(chunk, 0, true);
  set_chunk_bit(chunk, 9, true);
  EXPECT_EQ(chunk, (Bytes{0x80, 0x40}));
  EXPECT_TRUE(chunk_bit(chunk, 0));
  EXPECT_FALSE(chunk_bit(chunk, 1));
  EXPECT_TRUE(chunk_bit(chunk, 9));
  set_chunk_bit(chunk, 0, false);
  EXPECT_EQ(chunk, (Bytes{0x00, 0x40}));
}

TEST(Outcome, EncodingAndRejects) {
  expect_truncations_fail(TxOutcome{});
  expect_truncations_fail(TxOutcome::reject(OutcomeCode::kBadNonce, "nonce 3, expected 2"));
  EXPECT_EQ(TxOutcome{}.encode(), (Bytes{0, 0}));
  Writer w;
  w.u8(10).string("");
  EXPECT_THAT(TxOutcome::decode(w.data()), HasError(ErrorCode::kUnsupported));
  Writer wa;
  wa.u8(0).string("why");
  EXPECT_THAT(TxOutcome::decode(wa.data()), HasError(ErrorCode::kMalformed));
  // Reasons are capped at 256 bytes, at a UTF-8 boundary.
  std::string long_reason(255, 'a');
  long_reason += "\xc3\xa9tail";
  const TxOutcome o = TxOutcome::reject(OutcomeCode::kMalformed, long_reason);
  EXPECT_EQ(o.reason.size(), 255u);
  EXPECT_THAT(TxOutcome::decode(o.encode()), IsOk());
  EXPECT_EQ(o.to_string().substr(0, 11), "malformed: ");
  EXPECT_EQ(outcome_code_name(OutcomeCode::kWrongChain), "wrong_chain");
  EXPECT_EQ(outcome_code_name(static_cast<OutcomeCode>(99)), "unknown");
}

}  // namespace
}  // namespace plx::ledger
