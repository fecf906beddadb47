// Test identities and signed transactions for the executor tests. Keys come from a seeded
// generator so that a failing random test replays exactly with PLX_TEST_SEED.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "plx/crypto/key.hpp"
#include "plx/ledger/executor.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/state_keys.hpp"
#include "plx/ledger_client/transaction.hpp"

namespace plx::ledger::test {

inline constexpr std::string_view kChain = "plx-test";

struct Identity {
  crypto::PrivateKey key;
  std::string genesis;
  std::string did;
  std::string key_id;  // did#key-1
};

inline crypto::PrivateKey seeded_key(std::mt19937_64& rng,
                                     crypto::KeyType type = crypto::KeyType::kEd25519) {
  for (;;) {
    Bytes seed(32);
    for (auto& b : seed) b = static_cast<std::uint8_t>(rng());
    if (auto k = crypto::PrivateKey::from_raw(type, seed)) return std::move(*k);
  }
}

inline std::string multikey_method(const std::string& id, const crypto::PublicKey& pk) {
  return R"({"id":")" + id + R"(","type":"Multikey","publicKeyMultibase":")" + pk.multikey() +
         R"("})";
}

// A genesis document with #key-1 under authentication and capabilityInvocation.
inline Identity make_identity(std::mt19937_64& rng,
                              crypto::KeyType type = crypto::KeyType::kEd25519) {
  crypto::PrivateKey key = seeded_key(rng, type);
  std::string genesis =
      R"({"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1"],)"
      R"("verificationMethod":[)" + multikey_method("#key-1", key.public_key()) +
      R"(],"authentication":["#key-1"],"capabilityInvocation":["#key-1"]})";
  std::string did = derive_did_plx(genesis).value();
  return Identity{std::move(key), genesis, did, did + "#key-1"};
}

inline SignedTransaction sign_as(const crypto::PrivateKey& key, const std::string& signer,
                                 std::uint64_t nonce, OpCode op, Bytes payload,
                                 std::string_view chain = kChain) {
  Transaction tx;
  tx.chain_id = std::string(chain);
  tx.signer = signer;
  tx.signer_public_key = multikey_bytes(key.public_key()).value();
  tx.nonce = nonce;
  tx.op = op;
  tx.payload = std::move(payload);
  auto s = sign_transaction(std::move(tx), key);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().to_string());
  return std::move(s).value();
}

inline SignedTransaction create_tx(const Identity& id, std::uint64_t nonce = 0) {
  const Bytes multikey = multikey_bytes(id.key.public_key()).value();
  return sign_as(id.key, id.key_id, nonce, OpCode::kCreateDid,
                 CreateDidPayload::for_signer(id.genesis, multikey).value().encode());
}

inline SignedTransaction update_tx(const Identity& signer, std::uint64_t nonce,
                                   const std::string& target, std::vector<PatchOp> ops) {
  return sign_as(signer.key, signer.key_id, nonce, OpCode::kUpdateDid,
                 UpdateDidPayload{target, std::move(ops)}.encode());
}

inline SignedTransaction deactivate_tx(const Identity& signer, std::uint64_t nonce,
                                       const std::string& target) {
  return sign_as(signer.key, signer.key_id, nonce, OpCode::kDeactivateDid,
                 DeactivateDidPayload{target}.encode());
}

inline SignedTransaction create_list_tx(const Identity& issuer, std::uint64_t nonce,
                                        const std::string& list_id, std::uint32_t bits,
                                        std::string purpose = "revocation") {
  return sign_as(issuer.key, issuer.key_id, nonce, OpCode::kCreateStatusList,
                 CreateStatusListPayload{list_id, bits, std::move(purpose)}.encode());
}

inline SignedTransaction status_tx(const Identity& signer, std::uint64_t nonce,
                                   const std::string& issuer, const std::string& list_id,
                                   std::vector<StatusChange> changes) {
  return sign_as(signer.key, signer.key_id, nonce, OpCode::kUpdateStatus,
                 UpdateStatusPayload{issuer, list_id, std::move(changes)}.encode());
}

// One leaf per DID (state_keys.hpp), checked on a block's writes once `state` has them: every
// DID leaf written names the hash of the DID's record in `state`, and every record written comes
// with its DID's leaf.
inline void expect_leaves_name_records(const WriteSet& writes, const StateReader& state) {
  const auto written = [&](const Bytes& key) {
    return std::any_of(writes.begin(), writes.end(), [&](const auto& w) { return w.first == key; });
  };
  for (const auto& [key, value] : writes) {
    const std::string_view k = as_string_view(key);
    if (keys::is_did_record(key)) {
      EXPECT_TRUE(written(keys::nonce(k.substr(2)))) << "a record without its leaf: " << k;
    } else if (k.substr(0, 2) == "n/") {
      ASSERT_TRUE(value.has_value()) << k;
      auto leaf = DidLeaf::decode(*value);
      ASSERT_TRUE(leaf.has_value()) << k;
      auto record = state.get(keys::did_record(k.substr(2)));
      ASSERT_TRUE(record.has_value()) << "a leaf without a record: " << k;
      EXPECT_EQ(leaf->record, state_value_hash(*record)) << k;
    }
  }
}

}  // namespace plx::ledger::test
