// Every operation of the state machine and every rejection reason. Each block also runs through
// Block-STM on 4 threads and must give the same outcomes and writes as the serial executor.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <random>

#include "ed25519_testing.hpp"
#include "fixture.hpp"
#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/did/document_json.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using test::Identity;
using testing::HasError;
using testing::IsOk;

constexpr auto kAuth = relationship_bit(did::Relationship::kAuthentication);
constexpr auto kCapInv = relationship_bit(did::Relationship::kCapabilityInvocation);

class Ledger {
 public:
  // Runs a block serially and in parallel, checks they agree, applies it; returns the outcomes.
  std::vector<TxOutcome> run(std::vector<SignedTransaction> block) {
    BlockContext ctx{std::string(test::kChain), ++height_, 1700000000 + static_cast<std::int64_t>(height_)};
    BlockResult serial = execute_serial(block, ctx, state_);
    BlockResult parallel = execute_parallel(block, ctx, state_, pool_);
    EXPECT_EQ(serial.outcomes, parallel.outcomes);
    EXPECT_EQ(serial.writes, parallel.writes);
    last_writes_ = serial.writes;
    state_.apply(serial.writes);
    test::expect_leaves_name_records(serial.writes, state_);
    return serial.outcomes;
  }
  TxOutcome run1(SignedTransaction tx) { return run({std::move(tx)}).at(0); }

  std::optional<DidRecord> record(const std::string& did) const {
    auto raw = state_.get(keys::did_record(did));
    if (!raw) return std::nullopt;
    return DidRecord::decode(*raw).value();
  }
  did::Document document(const std::string& did) const {
    return document_from_stored(record(did)->document, did).value();
  }
  std::uint64_t nonce(const std::string& did) const {
    auto raw = state_.get(keys::nonce(did));
    return raw ? DidLeaf::decode(*raw).value().next_nonce : 0;
  }
  const MemoryState& state() const { return state_; }
  const WriteSet& last_writes() const { return last_writes_; }
  // What the last block wrote under `key`, nullptr if it did not write it.
  const std::optional<Bytes>* last_write(const Bytes& key) const {
    auto it = std::lower_bound(last_writes_.begin(), last_writes_.end(), key,
                               [](const auto& kv, const Bytes& k) { return kv.first < k; });
    return it != last_writes_.end() && it->first == key ? &it->second : nullptr;
  }
  std::uint64_t height() const { return height_; }

 private:
  MemoryState state_;
  ThreadPool pool_{4};
  std::uint64_t height_ = 0;
  WriteSet last_writes_;
};

#define EXPECT_OUTCOME(outcome, expected_code)                                     \
  do {                                                                             \
    const TxOutcome o_ = (outcome);                                                \
    EXPECT_EQ(o_.code, expected_code) << o_.to_string();                           \
  } while (0)

class StateMachine : public ::testing::Test {
 protected:
  std::mt19937_64 rng{42};
  Ledger ledger;
  Identity alice = test::make_identity(rng);
  Identity bob = test::make_identity(rng);
  Identity carol = test::make_identity(rng, crypto::KeyType::kSecp256k1);
};

TEST_F(StateMachine, CreateWritesRecordVersionAndNonce) {
  EXPECT_OUTCOME(ledger.run1(test::create_tx(alice)), OutcomeCode::kApplied);
  ASSERT_EQ(ledger.last_writes().size(), 2u);  // the record and the nonce
  auto rec = ledger.record(alice.did);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->version_id, 1u);
  EXPECT_EQ(rec->created, 1700000001);
  EXPECT_EQ(rec->updated, 1700000001);
  EXPECT_EQ(rec->created_height, 1u);
  EXPECT_FALSE(rec->deactivated);
  EXPECT_FALSE(rec->previous.has_value());
  // Version 1 is the current record: no version record yet (one is written once superseded).
  EXPECT_EQ(ledger.last_write(keys::did_version(alice.did, 1)), nullptr);
  EXPECT_EQ(ledger.nonce(alice.did), 1u);
  const did::Document doc = ledger.document(alice.did);
  EXPECT_EQ(doc.id.to_string(), alice.did);
  EXPECT_EQ(doc.verification_method.at(0).id, alice.key_id);
  EXPECT_EQ(doc.verification_method.at(0).controller.to_string(), alice.did);
  // The stored document is canonical JSON (JCS).
  EXPECT_EQ(*jcs_canonicalize_text(rec->document), rec->document);
  // secp256k1 keys work the same way.
  EXPECT_OUTCOME(ledger.run1(test::create_tx(carol)), OutcomeCode::kApplied);
}

// The execution stage takes the signature verdicts as given: a create carrying an eighth whose
// signer key is no Multikey at all (empty, or an unknown codec) is malformed, not a crash.
TEST(StateMachineEighth, EighthWithoutAnEd25519SignerKeyIsMalformedWhateverTheKeyBytes) {
  for (const Bytes& key : {Bytes{}, Bytes{0x80}, Bytes{0x12, 0x00, 0x01}}) {
    SignedTransaction stx;
    stx.tx.chain_id = "plx-test";
    stx.tx.signer = "did:plx:x#key-1";
    stx.tx.signer_public_key = key;
    stx.tx.op = OpCode::kCreateDid;
    stx.tx.payload = CreateDidPayload{"{}", Bytes(32, 7)}.encode();
    const std::uint8_t ok = 1;
    MemoryState state;
    const BlockResult r = execute_checked_serial(std::span(&stx, 1), std::span(&ok, 1),
                                                 BlockContext{"plx-test", 1, 1700000001}, state);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_EQ(r.outcomes[0].code, OutcomeCode::kMalformed) << hex_encode(key);
    EXPECT_TRUE(r.writes.empty());
  }
}

// Eighths of the other Ed25519 keys a genesis document publishes (CreateDidPayload::key_eighths)
// spare execution their multiplications by L: the create applies with them exactly as without
// them. Each must prove a key the document publishes as a Multikey, once.
TEST(StateMachineEighth, CreateWithEighthsOfTheDocumentsOtherKeys) {
  std::mt19937_64 rng(7);
  crypto::PrivateKey k1 = test::seeded_key(rng);
  crypto::PrivateKey k2 = test::seeded_key(rng);
  crypto::PrivateKey k3 = test::seeded_key(rng);
  crypto::PrivateKey k4 = test::seeded_key(rng, crypto::KeyType::kSecp256k1);
  crypto::PrivateKey stranger = test::seeded_key(rng);
  const std::string genesis =
      R"({"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],)"
      R"("verificationMethod":[)" +
      test::multikey_method("#key-1", k1.public_key()) + "," +
      test::multikey_method("#key-2", k2.public_key()) + "," +
      test::multikey_method("#key-4", k4.public_key()) + R"(],"assertionMethod":[)" +
      test::multikey_method("#key-3", k3.public_key()) + R"(],"capabilityInvocation":["#key-1"]})";
  const std::string did = derive_did_plx(genesis).value();
  const Bytes signer_mk = multikey_bytes(k1.public_key()).value();
  const CreateDidPayload full = CreateDidPayload::for_signer(genesis, signer_mk).value();
  ASSERT_EQ(full.key_eighths.size(), 2u);  // key-2 and key-3; key-4 is secp256k1
  const auto eighth_of = [](const crypto::PrivateKey& k) {
    return crypto::ed25519_eighth(k.public_key().raw()).value();
  };
  const auto create = [&](Ledger& l, std::vector<Bytes> others) {
    CreateDidPayload p{genesis, full.signer_key_eighth, std::move(others)};
    return l.run1(test::sign_as(k1, did + "#key-1", 0, OpCode::kCreateDid, p.encode()));
  };
  Ledger with, without;
  EXPECT_OUTCOME(create(with, full.key_eighths), OutcomeCode::kApplied);
  EXPECT_OUTCOME(create(without, {}), OutcomeCode::kApplied);
  EXPECT_EQ(with.record(did)->document, without.record(did)->document);
  EXPECT_EQ(with.document(did).verification_method.size(), 3u);
  // One proven, one taken the long way: also applied.
  {
    Ledger l;
    EXPECT_OUTCOME(create(l, {eighth_of(k3)}), OutcomeCode::kApplied);
  }
  // An eighth of a key the document does not publish, of the signer's key (which needs no second
  // one), twice the same key's (shifted by a point of order 2), of small order, or no point:
  // malformed, nothing written.
  Bytes order_two(32, 0xff);
  order_two[0] = 0xec;
  order_two[31] = 0x7f;  // (0, -1)
  Bytes shifted(32);
  ASSERT_EQ(crypto_core_ed25519_add(shifted.data(), eighth_of(k2).data(), order_two.data()), 0);
  Bytes not_a_point(32, 0xff);  // y = 2^255 - 1 >= p
  for (const std::vector<Bytes>& bad :
       {std::vector<Bytes>{eighth_of(k2), eighth_of(stranger)}, std::vector<Bytes>{eighth_of(k1)},
        std::vector<Bytes>{eighth_of(k2), shifted}, std::vector<Bytes>{order_two},
        std::vector<Bytes>{not_a_point}}) {
    Ledger l;
    EXPECT_OUTCOME(create(l, bad), OutcomeCode::kMalformed);
    EXPECT_TRUE(l.last_writes().empty());
  }
  // A key with a torsion component has no eighth, and the eighth of its prime-order part proves
  // another key: malformed with it, and without it (the long check refuses the key).
  Bytes mixed(32);
  ASSERT_EQ(crypto_core_ed25519_add(mixed.data(), k2.public_key().raw().data(), order_two.data()),
            0);
  const std::string mixed_mb =
      "z" + base58btc_encode(multicodec_wrap(Multicodec::kEd25519Pub, mixed));
  const std::string mixed_genesis = R"({"verificationMethod":[)" +
                                    test::multikey_method("#key-1", k1.public_key()) +
                                    R"(,{"id":"#m","type":"Multikey","publicKeyMultibase":")" +
                                    mixed_mb + R"("}],"capabilityInvocation":["#key-1"]})";
  const std::string mixed_did = derive_did_plx(mixed_genesis).value();
  EXPECT_THAT(CreateDidPayload::for_signer(mixed_genesis, signer_mk),
              HasError(ErrorCode::kMalformed));
  for (const std::vector<Bytes>& others :
       {std::vector<Bytes>{eighth_of(k2)}, std::vector<Bytes>{}}) {
    Ledger l;
    CreateDidPayload p{mixed_genesis, full.signer_key_eighth, others};
    EXPECT_OUTCOME(
        l.run1(test::sign_as(k1, mixed_did + "#key-1", 0, OpCode::kCreateDid, p.encode())),
        OutcomeCode::kMalformed);
    EXPECT_TRUE(l.last_writes().empty());
  }
}

// The same for the keys an update adds (UpdateDidPayload::key_eighths).
TEST_F(StateMachine, UpdateWithEighthsOfTheKeysItAdds) {
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());
  crypto::PrivateKey k2 = test::seeded_key(rng);
  crypto::PrivateKey k3 = test::seeded_key(rng);
  const auto update = [&](std::uint64_t nonce, std::vector<PatchOp> ops,
                          std::optional<std::vector<Bytes>> eighths) {
    UpdateDidPayload p{alice.did, std::move(ops)};
    if (eighths) {
      p.key_eighths = std::move(*eighths);
    } else {
      EXPECT_THAT(p.add_published_key_eighths(), IsOk());
    }
    return ledger.run1(
        test::sign_as(alice.key, alice.key_id, nonce, OpCode::kUpdateDid, p.encode()));
  };
  const auto add = [&](const char* id, const crypto::PrivateKey& k) {
    return PatchOp::add_verification_method(test::multikey_method(id, k.public_key()), kAuth);
  };
  const auto eighth_of = [](const crypto::PrivateKey& k) {
    return crypto::ed25519_eighth(k.public_key().raw()).value();
  };
  // An eighth of another key, or eighths with no key added: malformed, nothing written.
  EXPECT_OUTCOME(update(1, {add("#key-2", k2)}, std::vector<Bytes>{eighth_of(k3)}),
                 OutcomeCode::kMalformed);
  EXPECT_TRUE(ledger.last_writes().empty());
  EXPECT_OUTCOME(
      update(1,
             {PatchOp::add_service(
                 R"({"id":"#hub","type":"LinkedDomains","serviceEndpoint":"https://a"})")},
             std::vector<Bytes>{eighth_of(k2)}),
      OutcomeCode::kMalformed);
  EXPECT_TRUE(ledger.last_writes().empty());
  // With the eighth, applied; without one, applied too (the long check).
  EXPECT_OUTCOME(update(1, {add("#key-2", k2)}, std::nullopt), OutcomeCode::kApplied);
  EXPECT_OUTCOME(update(2, {add("#key-3", k3)}, std::vector<Bytes>{}), OutcomeCode::kApplied);
  const did::Document doc = ledger.document(alice.did);
  ASSERT_EQ(doc.verification_method.size(), 3u);
  EXPECT_EQ(doc.verification_method[1].public_key_multibase, k2.public_key().multikey());
  EXPECT_EQ(doc.verification_method[2].public_key_multibase, k3.public_key().multikey());
}

TEST_F(StateMachine, CreateRejections) {
  // Bad signature: flip a bit; nothing is written.
  SignedTransaction bad = test::create_tx(alice);
  bad.signature[3] ^= 1;
  EXPECT_OUTCOME(ledger.run1(bad), OutcomeCode::kBadSignature);
  EXPECT_TRUE(ledger.last_writes().empty());
  // Another chain.
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, alice.key_id, 0, OpCode::kCreateDid,
                                           CreateDidPayload{alice.genesis, {}}.encode(), "other")),
                 OutcomeCode::kWrongChain);
  // The payload's eighth of the key: another key's fails the signature check (nothing written);
  // a secp256k1 key takes none. Without one, alice's key is checked by a multiplication by L.
  const Bytes bobs_eighth =
      CreateDidPayload::for_signer("{}", multikey_bytes(bob.key.public_key()).value())
          .value()
          .signer_key_eighth;
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, alice.key_id, 0, OpCode::kCreateDid,
                                           CreateDidPayload{alice.genesis, bobs_eighth}.encode())),
                 OutcomeCode::kBadSignature);
  EXPECT_TRUE(ledger.last_writes().empty());
  EXPECT_OUTCOME(ledger.run1(test::sign_as(carol.key, carol.key_id, 0, OpCode::kCreateDid,
                                           CreateDidPayload{carol.genesis, bobs_eighth}.encode())),
                 OutcomeCode::kMalformed);
  EXPECT_TRUE(ledger.last_writes().empty());
  // Payload / document problems.
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, alice.key_id, 0, OpCode::kCreateDid,
                                           Bytes{1, 2, 3})),
                 OutcomeCode::kMalformed);
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, alice.key_id, 0, OpCode::kCreateDid,
                                           CreateDidPayload{"{not json", {}}.encode())),
                 OutcomeCode::kMalformed);
  const std::string with_id = R"({"id":"did:plx:x"})";
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, "did:plx:x#key-1", 0, OpCode::kCreateDid,
                                           CreateDidPayload{with_id, {}}.encode())),
                 OutcomeCode::kMalformed);
  // A document that violates the model (a method with no type).
  const std::string no_type =
      R"({"verificationMethod":[{"id":"#key-1","publicKeyMultibase":")" +
      alice.key.public_key().multikey() + R"("}],"capabilityInvocation":["#key-1"]})";
  const std::string no_type_did = *derive_did_plx(no_type);
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, no_type_did + "#key-1", 0, OpCode::kCreateDid,
                                           CreateDidPayload{no_type, {}}.encode())),
                 OutcomeCode::kMalformed);
  // Signed as a DID other than the one the document derives.
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, bob.key_id, 0, OpCode::kCreateDid,
                                           CreateDidPayload{alice.genesis, {}}.encode())),
                 OutcomeCode::kUnauthorized);
  // The key is listed only under authentication, not capabilityInvocation.
  const std::string auth_only =
      R"({"verificationMethod":[)" + test::multikey_method("#key-1", alice.key.public_key()) +
      R"(],"authentication":["#key-1"]})";
  const std::string auth_only_did = *derive_did_plx(auth_only);
  EXPECT_OUTCOME(
      ledger.run1(test::sign_as(alice.key, auth_only_did + "#key-1", 0, OpCode::kCreateDid,
                                CreateDidPayload{auth_only, {}}.encode())),
      OutcomeCode::kUnauthorized);
  // Signed (validly) by a key other than the one the document lists for #key-1.
  EXPECT_OUTCOME(ledger.run1(test::sign_as(bob.key, alice.key_id, 0, OpCode::kCreateDid,
                                           CreateDidPayload{alice.genesis, {}}.encode())),
                 OutcomeCode::kUnauthorized);
  // A create has nonce 0.
  EXPECT_OUTCOME(ledger.run1(test::create_tx(alice, 1)), OutcomeCode::kBadNonce);
  EXPECT_EQ(ledger.height(), 12u);  // twelve refused blocks so far
  EXPECT_FALSE(ledger.record(alice.did));
  // Twice: the second, in the same block, finds the first.
  auto outcomes = ledger.run({test::create_tx(alice), test::create_tx(alice)});
  EXPECT_OUTCOME(outcomes[0], OutcomeCode::kApplied);
  EXPECT_OUTCOME(outcomes[1], OutcomeCode::kAlreadyExists);
}

TEST_F(StateMachine, UpdateRotatesKeysAndServices) {
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());
  const Bytes v1 = *ledger.state().get(keys::did_record(alice.did));
  crypto::PrivateKey key2 = test::seeded_key(rng);
  const std::string key2_id = alice.did + "#key-2";
  EXPECT_OUTCOME(
      ledger.run1(test::update_tx(
          alice, 1, alice.did,
          {PatchOp::add_verification_method(test::multikey_method("#key-2", key2.public_key()),
                                            kAuth | kCapInv),
           PatchOp::add_service(
               R"({"id":"#hub","type":"LinkedDomains","serviceEndpoint":"https://a.example"})")})),
      OutcomeCode::kApplied);
  auto rec = ledger.record(alice.did);
  EXPECT_EQ(rec->version_id, 2u);
  EXPECT_EQ(rec->created, 1700000001);
  EXPECT_EQ(rec->updated, 1700000002);
  // History is kept by hash: version 2 names version 1's record, which the update handed to the
  // store under version 1's write-once key, as it was stored; version 2 has none yet.
  ASSERT_EQ(rec->previous, state_value_hash(v1));
  const std::optional<Bytes>* superseded = ledger.last_write(keys::did_version(alice.did, 1));
  ASSERT_NE(superseded, nullptr);
  EXPECT_EQ(*superseded, v1);
  EXPECT_EQ(ledger.last_write(keys::did_version(alice.did, 2)), nullptr);
  EXPECT_FALSE(ledger.state().get(keys::did_version(alice.did, 1)).has_value());  // not state
  EXPECT_EQ(ledger.nonce(alice.did), 2u);
  did::Document doc = ledger.document(alice.did);
  EXPECT_TRUE(doc.is_authorized(did::Relationship::kCapabilityInvocation, key2_id));
  EXPECT_NE(doc.find_service("#hub"), nullptr);

  // The new key removes the old one (rotation) and the service.
  Identity alice2{key2.clone(), alice.genesis, alice.did, key2_id};
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice2, 2, alice.did,
                                             {PatchOp::remove_verification_method("#key-1"),
                                              PatchOp::remove_service("#hub")})),
                 OutcomeCode::kApplied);
  doc = ledger.document(alice.did);
  EXPECT_EQ(doc.find_verification_method("#key-1"), nullptr);
  EXPECT_FALSE(doc.is_authorized(did::Relationship::kAuthentication, alice.key_id));
  EXPECT_EQ(doc.find_service("#hub"), nullptr);
  // The old key is no longer authorized.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 3, alice.did,
                                             {PatchOp::remove_service("#none")})),
                 OutcomeCode::kUnauthorized);
  // set_relationships: key-2 keeps only capabilityInvocation.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice2, 3, alice.did,
                                             {PatchOp::set_relationships("#key-2", kCapInv)})),
                 OutcomeCode::kApplied);
  doc = ledger.document(alice.did);
  EXPECT_FALSE(doc.is_authorized(did::Relationship::kAuthentication, key2_id));
  EXPECT_TRUE(doc.is_authorized(did::Relationship::kCapabilityInvocation, key2_id));
  EXPECT_EQ(ledger.record(alice.did)->version_id, 4u);
}

TEST_F(StateMachine, UpdateRejections) {
  ASSERT_TRUE(ledger.run({test::create_tx(alice), test::create_tx(bob)})[1].applied());
  const auto noop_service = PatchOp::add_service(
      R"({"id":"#s","type":"LinkedDomains","serviceEndpoint":"https://s.example"})");
  // Nonces: too high, too low (replay), right.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 5, alice.did, {noop_service})),
                 OutcomeCode::kBadNonce);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 0, alice.did, {noop_service})),
                 OutcomeCode::kBadNonce);
  const SignedTransaction ok = test::update_tx(alice, 1, alice.did, {noop_service});
  EXPECT_OUTCOME(ledger.run1(ok), OutcomeCode::kApplied);
  EXPECT_OUTCOME(ledger.run1(ok), OutcomeCode::kBadNonce);  // replay
  // Unknown DID; not a did:plx; a malformed DID.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, "did:plx:nobody", {noop_service})),
                 OutcomeCode::kNotFound);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, "did:key:z6Mkx", {noop_service})),
                 OutcomeCode::kMalformed);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, "did:plx:", {noop_service})),
                 OutcomeCode::kMalformed);
  // Bob's key on Alice's DID (Bob is not a controller).
  EXPECT_OUTCOME(ledger.run1(test::update_tx(bob, 1, alice.did, {noop_service})),
                 OutcomeCode::kUnauthorized);
  // Patch failures.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did, {noop_service})),
                 OutcomeCode::kAlreadyExists);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::remove_verification_method("#nope")})),
                 OutcomeCode::kNotFound);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::remove_service("#nope")})),
                 OutcomeCode::kNotFound);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::set_relationships("#nope", kAuth)})),
                 OutcomeCode::kNotFound);
  EXPECT_OUTCOME(
      ledger.run1(test::update_tx(
          alice, 2, alice.did,
          {PatchOp::add_verification_method(test::multikey_method("#key-1", bob.key.public_key()),
                                            kAuth)})),
      OutcomeCode::kAlreadyExists);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(
                     alice, 2, alice.did,
                     {PatchOp::add_verification_method(R"({"id":"#k9","type":"Multikey"})", 0)})),
                 OutcomeCode::kMalformed);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::add_service(R"({"id":"#s2"})")})),
                 OutcomeCode::kMalformed);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::set_controller({"not a did"})})),
                 OutcomeCode::kMalformed);
  // Removing the only capabilityInvocation key with no controller would lock the DID.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::remove_verification_method("#key-1")})),
                 OutcomeCode::kMalformed);
  // A malformed payload.
  EXPECT_OUTCOME(ledger.run1(test::sign_as(alice.key, alice.key_id, 2, OpCode::kUpdateDid,
                                           Bytes{0})),
                 OutcomeCode::kMalformed);
  // None of the rejected updates consumed a nonce or changed the document.
  EXPECT_EQ(ledger.nonce(alice.did), 2u);
  EXPECT_EQ(ledger.record(alice.did)->version_id, 2u);
}

// A key outside the prime-order subgroup never controls a DID (docs/ledger-formats.md §2): no
// document may publish one, and the stateless check refuses one that signs a create. For other
// operations that check lets its signatures through (the cofactored equation accepts what the
// holder of `a` signs under aB + T), and execution refuses the key, which no document stores.
TEST_F(StateMachine, MixedOrderKeysNeverControlADid) {
  namespace ed = ::plx::testing::ed25519;
  ed::SeededRandom ed_rng(0x3a11);
  const ed::Scalar a = ed_rng.scalar();
  const ed::Point mixed = ed::add(ed::base_times(a), ed::torsion_point());
  const Bytes mixed_multikey = multicodec_wrap(Multicodec::kEd25519Pub, mixed);
  const std::string mixed_text = "z" + base58btc_encode(mixed_multikey);
  const auto sign_mixed = [&](const std::string& signer, std::uint64_t nonce, OpCode op,
                              Bytes payload) {
    Transaction tx;
    tx.chain_id = std::string(test::kChain);
    tx.signer = signer;
    tx.signer_public_key = mixed_multikey;
    tx.nonce = nonce;
    tx.op = op;
    tx.payload = std::move(payload);
    const Bytes input = tx.signing_input();
    const ed::Scalar r = ed_rng.scalar();
    const ed::Point r_point = ed::base_times(r);
    const ed::Scalar s = ed::mul_add(r, ed::challenge(r_point, mixed, input), a);
    return SignedTransaction{std::move(tx), ed::signature(r_point, s)};
  };
  const auto method = [](const std::string& id, const std::string& multibase) {
    return R"({"id":")" + id + R"(","type":"Multikey","publicKeyMultibase":")" + multibase +
           R"("})";
  };
  const auto service = PatchOp::add_service(
      R"({"id":"#s","type":"LinkedDomains","serviceEndpoint":"https://s.example"})");
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());

  // An update of Alice's DID under the mixed key, claiming her #key-1: the signature passes the
  // stateless check, the key is not the one her document stores.
  const SignedTransaction update = sign_mixed(alice.key_id, 1, OpCode::kUpdateDid,
                                              UpdateDidPayload{alice.did, {service}}.encode());
  EXPECT_TRUE(verify_signature(update).has_value());
  EXPECT_OUTCOME(ledger.run1(update), OutcomeCode::kUnauthorized);

  // A genesis document whose only key is the mixed one, signed with it: refused by the stateless
  // check of a create.
  const std::string own = R"({"verificationMethod":[)" + method("#key-1", mixed_text) +
                          R"(],"capabilityInvocation":["#key-1"]})";
  const SignedTransaction own_create = sign_mixed(
      *derive_did_plx(own) + "#key-1", 0, OpCode::kCreateDid, CreateDidPayload{own, {}}.encode());
  EXPECT_FALSE(verify_signature(own_create).has_value());
  EXPECT_OUTCOME(ledger.run1(own_create), OutcomeCode::kBadSignature);

  // An honest key creates a document that also publishes an unusable key, as a method or
  // embedded in a relationship (mixed order; small order: the identity): malformed.
  const std::string honest = method("#key-1", bob.key.public_key().multikey());
  const std::string identity_text =
      "z" + base58btc_encode(multicodec_wrap(Multicodec::kEd25519Pub, ed::kIdentity));
  const auto create_with = [&](const std::string& genesis) {
    return ledger.run1(test::sign_as(bob.key, *derive_did_plx(genesis) + "#key-1", 0,
                                     OpCode::kCreateDid, CreateDidPayload{genesis, {}}.encode()));
  };
  // The second key as a listed method, then embedded in a relationship.
  const auto listed = [&](const std::string& second) {
    return R"({"verificationMethod":[)" + honest + "," + method("#key-2", second) +
           R"(],"capabilityInvocation":["#key-1"],"authentication":["#key-2"]})";
  };
  const auto embedded = [&](const std::string& second) {
    return R"({"verificationMethod":[)" + honest +
           R"(],"capabilityInvocation":["#key-1"],"assertionMethod":[)" + method("#key-2", second) +
           "]}";
  };
  const std::string good = carol.key.public_key().multikey();
  for (const auto& [second, expected] : {std::pair{mixed_text, OutcomeCode::kMalformed},
                                         std::pair{identity_text, OutcomeCode::kMalformed},
                                         std::pair{good, OutcomeCode::kApplied}}) {
    SCOPED_TRACE(second);
    EXPECT_OUTCOME(create_with(listed(second)), expected);
    EXPECT_OUTCOME(create_with(embedded(second)), expected);
  }

  // Nor can an update add the mixed key.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(
                     alice, 1, alice.did,
                     {PatchOp::add_verification_method(method("#key-2", mixed_text), kCapInv)})),
                 OutcomeCode::kMalformed);
  EXPECT_EQ(ledger.nonce(alice.did), 1u);
  EXPECT_EQ(ledger.record(alice.did)->version_id, 1u);
}

TEST_F(StateMachine, ControllerMayUpdateAndDeactivate) {
  ASSERT_TRUE(ledger.run({test::create_tx(alice), test::create_tx(bob)})[1].applied());
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 1, alice.did,
                                             {PatchOp::set_controller({bob.did})})),
                 OutcomeCode::kApplied);
  // Bob (controller) updates Alice's DID with his own key and his own nonce.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(
                     bob, 1, alice.did,
                     {PatchOp::add_service(
                         R"({"id":"#c","type":"LinkedDomains","serviceEndpoint":"https://c.example"})")})),
                 OutcomeCode::kApplied);
  EXPECT_EQ(ledger.nonce(bob.did), 2u);
  EXPECT_EQ(ledger.nonce(alice.did), 2u);
  // The one block wrote both leaves: Bob's nonce moved, Alice's leaf names her new record.
  EXPECT_NE(ledger.last_write(keys::nonce(alice.did)), nullptr);
  EXPECT_NE(ledger.last_write(keys::nonce(bob.did)), nullptr);
  // Now Alice may remove her own key: the controller keeps the DID controllable.
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::remove_verification_method("#key-1")})),
                 OutcomeCode::kApplied);
  // A deactivated controller can no longer act.
  EXPECT_OUTCOME(ledger.run1(test::deactivate_tx(bob, 2, bob.did)), OutcomeCode::kApplied);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(bob, 3, alice.did,
                                             {PatchOp::remove_service("#c")})),
                 OutcomeCode::kDeactivated);
}

TEST_F(StateMachine, ControllerNotOnLedgerIsUnauthorized) {
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 1, alice.did,
                                             {PatchOp::set_controller({bob.did})})),
                 OutcomeCode::kApplied);
  EXPECT_OUTCOME(ledger.run1(test::deactivate_tx(bob, 0, alice.did)), OutcomeCode::kUnauthorized);
}

TEST_F(StateMachine, DeactivateIsFinal) {
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());
  EXPECT_OUTCOME(ledger.run1(test::deactivate_tx(bob, 0, alice.did)), OutcomeCode::kUnauthorized);
  EXPECT_OUTCOME(ledger.run1(test::deactivate_tx(alice, 1, alice.did)), OutcomeCode::kApplied);
  auto rec = ledger.record(alice.did);
  EXPECT_TRUE(rec->deactivated);
  EXPECT_EQ(rec->version_id, 2u);
  EXPECT_OUTCOME(ledger.run1(test::deactivate_tx(alice, 2, alice.did)), OutcomeCode::kDeactivated);
  EXPECT_OUTCOME(ledger.run1(test::update_tx(alice, 2, alice.did,
                                             {PatchOp::remove_service("#x")})),
                 OutcomeCode::kDeactivated);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 2, "l", 100)), OutcomeCode::kDeactivated);
  EXPECT_OUTCOME(ledger.run1(test::create_tx(alice)), OutcomeCode::kAlreadyExists);
}

TEST_F(StateMachine, StatusListsSetAndClearBitsInChunks) {
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 1, "rev-1", 3 * kStatusChunkBits + 5)),
                 OutcomeCode::kApplied);
  auto meta = StatusListMeta::decode(*ledger.state().get(keys::status_meta(alice.did, "rev-1")));
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->size_bits, 3 * kStatusChunkBits + 5);
  EXPECT_EQ(meta->purpose, "revocation");
  const std::uint32_t last = 3 * kStatusChunkBits + 4;
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 2, alice.did, "rev-1",
                                             {{0, true}, {9, true}, {last, true}})),
                 OutcomeCode::kApplied);
  auto c0 = ledger.state().get(keys::status_chunk(alice.did, "rev-1", 0));
  ASSERT_TRUE(c0);
  EXPECT_EQ(c0->size(), kStatusChunkBytes);
  EXPECT_EQ((*c0)[0], 0x80);
  EXPECT_EQ((*c0)[1], 0x40);
  EXPECT_FALSE(ledger.state().get(keys::status_chunk(alice.did, "rev-1", 1)));  // untouched
  auto c3 = ledger.state().get(keys::status_chunk(alice.did, "rev-1", 3));
  ASSERT_TRUE(c3);
  EXPECT_EQ(c3->size(), 1u);  // the short last chunk
  EXPECT_TRUE(chunk_bit(*c3, 4));
  // Clear bit 0 (unsuspend/unrevoke); bit 9 stays.
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 3, alice.did, "rev-1", {{0, false}})),
                 OutcomeCode::kApplied);
  c0 = ledger.state().get(keys::status_chunk(alice.did, "rev-1", 0));
  EXPECT_EQ((*c0)[0], 0x00);
  EXPECT_EQ((*c0)[1], 0x40);
  EXPECT_EQ(ledger.nonce(alice.did), 4u);
}

// Stored documents are relative to their DID, so two DIDs can store the same text. Execution
// caches parsed documents by text: a DID must never be given the other DID's parse (whose ids
// name the other DID, so its own key would be refused).
TEST_F(StateMachine, TwoDidsWithTheSameStoredTextKeepTheirOwnDocuments) {
  ASSERT_TRUE(ledger.run1(test::create_tx(alice)).applied());
  ASSERT_TRUE(ledger.run1(test::create_tx(bob)).applied());
  // Bob takes Alice's key as his #key-1: his document is now hers, relative to his DID.
  EXPECT_OUTCOME(
      ledger.run1(test::update_tx(
          bob, 1, bob.did,
          {PatchOp::remove_verification_method("#key-1"),
           PatchOp::add_verification_method(test::multikey_method("#key-1", alice.key.public_key()),
                                            kAuth | kCapInv)})),
      OutcomeCode::kApplied);
  ASSERT_EQ(ledger.record(bob.did)->document, ledger.record(alice.did)->document);
  EXPECT_EQ(ledger.document(bob.did).verification_method.at(0).id, bob.did + "#key-1");
  Identity bob_with_alices_key{alice.key.clone(), bob.genesis, bob.did, bob.did + "#key-1"};
  // Alice's text is parsed twice (and so cached) before Bob's same text is read.
  auto out = ledger.run({test::create_list_tx(alice, 1, "l1", 8),
                         test::status_tx(alice, 2, alice.did, "l1", {{0, true}}),
                         test::create_list_tx(bob_with_alices_key, 2, "l2", 8),
                         test::status_tx(bob_with_alices_key, 3, bob.did, "l2", {{1, true}})});
  for (const TxOutcome& o : out) EXPECT_OUTCOME(o, OutcomeCode::kApplied);
}

TEST_F(StateMachine, StatusListRejections) {
  ASSERT_TRUE(ledger.run({test::create_tx(alice), test::create_tx(bob)})[1].applied());
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 1, "l", 0)), OutcomeCode::kOutOfRange);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 1, "l", kMaxStatusListBits + 1)),
                 OutcomeCode::kOutOfRange);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 1, "l", 8, "fun")),
                 OutcomeCode::kMalformed);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 1, "a/b", 8)), OutcomeCode::kMalformed);
  Identity ghost = test::make_identity(rng);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(ghost, 0, "l", 8)), OutcomeCode::kNotFound);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 7, "l", 8)), OutcomeCode::kBadNonce);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 1, "l", 100)), OutcomeCode::kApplied);
  EXPECT_OUTCOME(ledger.run1(test::create_list_tx(alice, 2, "l", 100)),
                 OutcomeCode::kAlreadyExists);
  // Updates.
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 2, alice.did, "l", {{100, true}})),
                 OutcomeCode::kOutOfRange);
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 2, alice.did, "nope", {{1, true}})),
                 OutcomeCode::kNotFound);
  EXPECT_OUTCOME(ledger.run1(test::status_tx(bob, 1, alice.did, "l", {{1, true}})),
                 OutcomeCode::kUnauthorized);
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 2, alice.did, "bad/id", {{1, true}})),
                 OutcomeCode::kMalformed);
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 9, alice.did, "l", {{1, true}})),
                 OutcomeCode::kBadNonce);
  EXPECT_OUTCOME(ledger.run1(test::status_tx(ghost, 0, ghost.did, "l", {{1, true}})),
                 OutcomeCode::kNotFound);
  // A rejected change list is all-or-nothing: a valid index next to a bad one writes nothing.
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 2, alice.did, "l", {{1, true}, {100, true}})),
                 OutcomeCode::kOutOfRange);
  EXPECT_TRUE(ledger.last_writes().empty());
  EXPECT_OUTCOME(ledger.run1(test::status_tx(alice, 2, alice.did, "l", {{1, true}, {1, false}})),
                 OutcomeCode::kApplied);
  EXPECT_FALSE(chunk_bit(*ledger.state().get(keys::status_chunk(alice.did, "l", 0)), 1));
}

TEST(StateMachineHints, PredictedWritesCoverAppliedWrites) {
  std::mt19937_64 rng(7);
  Ledger ledger;
  Identity a = test::make_identity(rng);
  std::vector<SignedTransaction> txs = {
      test::create_tx(a), test::create_list_tx(a, 1, "l", 20000),
      test::status_tx(a, 2, a.did, "l", {{3, true}, {19999, true}}),
      test::update_tx(a, 3, a.did, {PatchOp::set_controller({})}), test::deactivate_tx(a, 4, a.did)};
  for (const auto& tx : txs) {
    ASSERT_TRUE(ledger.run1(tx).applied());
    auto predicted = predicted_writes(tx.tx);
    for (const auto& [k, v] : ledger.last_writes()) {
      // Version records are the one write whose key needs state (the version number).
      if (k[0] == 'v' && tx.tx.op != OpCode::kCreateDid) continue;
      EXPECT_NE(std::find(predicted.begin(), predicted.end(), k), predicted.end())
          << op_name(tx.tx.op) << " " << to_string(k);
    }
  }
  // The status hint reads the payload in place, one key per chunk touched, in order; a change
  // list cut short still names the chunks of the changes before the cut.
  const Transaction& status = txs[2].tx;
  EXPECT_EQ(predicted_writes(status),
            (std::vector<Bytes>{keys::nonce(a.did), keys::status_chunk(a.did, "l", 0),
                                keys::status_chunk(a.did, "l", 2)}));
  Transaction cut = status;
  cut.payload.resize(cut.payload.size() - 5);  // the last (u32 index, u8 value)
  EXPECT_EQ(predicted_writes(cut),
            (std::vector<Bytes>{keys::nonce(a.did), keys::status_chunk(a.did, "l", 0)}));
  // An undecodable payload (the transaction will be rejected as malformed) declares only the
  // signer's nonce, the one key every transaction writes.
  for (SignedTransaction tx : txs) {
    if (tx.tx.op == OpCode::kCreateDid) continue;  // its keys come from the signer, not the payload
    tx.tx.payload = Bytes{0xff, 0xff, 0xff};
    EXPECT_EQ(predicted_writes(tx.tx), std::vector<Bytes>{keys::nonce(a.did)}) << op_name(tx.tx.op);
  }
  // A controller's operation also rewrites the target's leaf, which names the new record.
  Identity b = test::make_identity(rng);
  EXPECT_EQ(predicted_writes(test::update_tx(b, 0, a.did, {}).tx),
            (std::vector<Bytes>{keys::nonce(b.did), keys::did_record(a.did), keys::nonce(a.did)}));
}

}  // namespace
}  // namespace plx::ledger
