// Transactions (docs/ledger-formats.md §2): round trips, every decoding rejection, signing with
// Ed25519 and ES256K, and tamper loops over the signed encoding.
#include "plx/ledger_client/transaction.hpp"

#include <random>

#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using plx::testing::HasError;
using plx::testing::IsOk;
using plx::testing::unhex;

crypto::PrivateKey fixed_key(crypto::KeyType type, std::uint8_t fill) {
  Bytes secret(32, fill);
  auto k = crypto::PrivateKey::from_raw(type, secret);
  PLX_CHECK(k.has_value());
  return std::move(k).value();
}

Transaction sample_tx(const crypto::PrivateKey& key) {
  Transaction tx;
  tx.chain_id = "plx-test";
  tx.signer = "did:plx:3mJr7AoUXx2Wqd#key-1";
  tx.signer_public_key = *multikey_bytes(key.public_key());
  tx.nonce = 7;
  tx.op = OpCode::kUpdateDid;
  tx.payload = to_bytes("{\"patch\":[]}");
  return tx;
}

class SignedTx : public ::testing::TestWithParam<crypto::KeyType> {};

TEST_P(SignedTx, SignVerifyRoundTrip) {
  auto key = fixed_key(GetParam(), 0x11);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  EXPECT_EQ(stx->signature.size(), kTxSignatureLength);
  EXPECT_THAT(verify_signature(*stx), IsOk());
  Bytes enc = stx->encode();
  auto back = SignedTransaction::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, *stx);
  EXPECT_EQ(back->encode(), enc);
  EXPECT_EQ(back->id(), sha256(enc));
  EXPECT_THAT(verify_signature(*back), IsOk());
}

TEST_P(SignedTx, FlipEveryBitIsRejectedOrFailsVerification) {
  auto key = fixed_key(GetParam(), 0x22);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  const Bytes enc = stx->encode();
  for (std::size_t i = 0; i < enc.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes t = enc;
      t[i] ^= static_cast<std::uint8_t>(1u << bit);
      auto d = SignedTransaction::decode(t);
      if (!d) continue;  // refused by the decoder: fine
      EXPECT_FALSE(verify_signature(*d).has_value()) << "byte " << i << " bit " << bit;
      EXPECT_NE(d->id(), stx->id());
    }
  }
}

TEST_P(SignedTx, TruncationAtEveryLengthIsRejected) {
  auto key = fixed_key(GetParam(), 0x33);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  const Bytes enc = stx->encode();
  for (std::size_t n = 0; n < enc.size(); ++n) {
    EXPECT_THAT(SignedTransaction::decode(ByteSpan(enc).first(n)),
                HasError(ErrorCode::kMalformed))
        << n;
  }
}

TEST_P(SignedTx, WrongKeyFailsVerification) {
  auto key = fixed_key(GetParam(), 0x44);
  auto other = fixed_key(GetParam(), 0x45);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  stx->tx.signer_public_key = *multikey_bytes(other.public_key());
  EXPECT_THAT(verify_signature(*stx), HasError(ErrorCode::kVerificationFailed));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, SignedTx,
                         ::testing::Values(crypto::KeyType::kEd25519,
                                           crypto::KeyType::kSecp256k1),
                         [](const auto& p) {
                           return std::string(p.param == crypto::KeyType::kEd25519
                                                  ? "Ed25519"
                                                  : "ES256K");
                         });

TEST(Transaction, KnownEncodingLayout) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x01);
  Transaction tx = sample_tx(key);
  tx.payload = unhex("cafe");
  Bytes enc = tx.encode();
  // version | len chain_id | chain_id | len signer | signer | len key | 0xed01 | key |
  // nonce (8 bytes BE) | op | len payload | payload
  std::string expect = "01";
  expect += "08" + hex_encode(as_bytes("plx-test"));
  expect += "1c" + hex_encode(as_bytes(tx.signer));
  expect += "22ed01" + hex_encode(key.public_key().raw());
  expect += "0000000000000007";
  expect += "02";
  expect += "02cafe";
  EXPECT_EQ(hex_encode(enc), expect);
  Bytes si = tx.signing_input();
  EXPECT_EQ(hex_encode(si), hex_encode(as_bytes("plx-tx-v1")) + expect);
  auto back = Transaction::decode(enc);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, tx);
}

TEST(Transaction, SignatureDoesNotCoverAnotherDomain) {
  // A signature over the bare encoding (no "plx-tx-v1" prefix) must not verify.
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x05);
  Transaction tx = sample_tx(key);
  auto sig = crypto::sign(key, tx.encode());
  ASSERT_THAT(sig, IsOk());
  SignedTransaction stx{tx, *sig};
  EXPECT_THAT(verify_signature(stx), HasError(ErrorCode::kVerificationFailed));
}

TEST(Transaction, RejectsTrailingBytes) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x06);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  Bytes enc = stx->encode();
  enc.push_back(0);
  auto d = SignedTransaction::decode(enc);
  ASSERT_THAT(d, HasError(ErrorCode::kMalformed));
  EXPECT_NE(d.error().message.find("trailing"), std::string::npos);
  Bytes tenc = stx->tx.encode();
  tenc.push_back(1);
  EXPECT_THAT(Transaction::decode(tenc), HasError(ErrorCode::kMalformed));
}

TEST(Transaction, RejectsUnknownVersion) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x07);
  Bytes enc = sample_tx(key).encode();
  for (std::uint8_t v : {0, 2, 255}) {
    enc[0] = v;
    auto d = Transaction::decode(enc);
    ASSERT_THAT(d, HasError(ErrorCode::kUnsupported));
    EXPECT_NE(d.error().message.find("version"), std::string::npos);
  }
}

TEST(Transaction, RejectsUnknownOpCode) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x08);
  Transaction tx = sample_tx(key);
  Bytes enc = tx.encode();
  const std::size_t op_at = enc.size() - tx.payload.size() - 1 - 1;  // op, len, payload
  ASSERT_EQ(enc[op_at], 2);
  for (std::uint8_t op : {0, 6, 200}) {
    enc[op_at] = op;
    EXPECT_THAT(Transaction::decode(enc), HasError(ErrorCode::kUnsupported)) << int(op);
  }
}

TEST(Transaction, RejectsNonMinimalLength) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x09);
  Transaction tx = sample_tx(key);
  Bytes enc = tx.encode();
  // Respell chain_id's length 0x08 as 0x88 0x00.
  Bytes bad(enc.begin(), enc.begin() + 1);
  bad.push_back(0x88);
  bad.push_back(0x00);
  bad.insert(bad.end(), enc.begin() + 2, enc.end());
  auto d = Transaction::decode(bad);
  ASSERT_THAT(d, HasError(ErrorCode::kMalformed));
  EXPECT_NE(d.error().message.find("non-minimal"), std::string::npos);
}

TEST(Transaction, RejectsOverLongFields) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x0a);
  {
    Transaction tx = sample_tx(key);
    tx.chain_id = std::string(kMaxChainIdLength + 1, 'c');
    EXPECT_THAT(tx.validate(), HasError(ErrorCode::kMalformed));
    EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
  }
  {
    Transaction tx = sample_tx(key);
    tx.signer = std::string(kMaxSignerLength + 1, 's');
    EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
  }
  {
    Transaction tx = sample_tx(key);
    tx.payload = Bytes(kMaxPayloadLength + 1, 0);
    EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
    tx.payload.pop_back();
    EXPECT_THAT(Transaction::decode(tx.encode()), IsOk());  // exactly the maximum is fine
  }
}

TEST(Transaction, RejectsBadStrings) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x0b);
  for (std::string bad : {std::string(), std::string("with space"), std::string("tab\t"),
                          std::string("\xc3\xa9"), std::string("nul\0x", 5)}) {
    Transaction tx = sample_tx(key);
    tx.chain_id = bad;
    EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
    tx = sample_tx(key);
    tx.signer = bad;
    EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
  }
}

TEST(Transaction, RejectsBadSignerKeys) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x0c);
  auto k1 = fixed_key(crypto::KeyType::kSecp256k1, 0x0c);
  Transaction tx = sample_tx(key);
  // Wrong length for Ed25519.
  tx.signer_public_key = multicodec_wrap(Multicodec::kEd25519Pub, Bytes(31, 1));
  EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
  // Uncompressed secp256k1 is not the Multikey form.
  tx.signer_public_key = multicodec_wrap(Multicodec::kSecp256k1Pub, k1.public_key().uncompressed());
  EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
  // P-256 and X25519 do not sign ledger transactions.
  tx.signer_public_key = multicodec_wrap(Multicodec::kP256Pub, Bytes(33, 2));
  EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kUnsupported));
  tx.signer_public_key = multicodec_wrap(Multicodec::kX25519Pub, Bytes(32, 2));
  EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kUnsupported));
  // A non-minimal multicodec varint.
  tx.signer_public_key = unhex("ed8100");
  tx.signer_public_key.resize(35, 1);
  EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
  tx.signer_public_key.clear();
  EXPECT_THAT(Transaction::decode(tx.encode()), HasError(ErrorCode::kMalformed));
}

TEST(Transaction, InvalidPointFailsAtVerification) {
  // Structurally fine (32 bytes behind 0xed) but not a valid Ed25519 point: the decoder accepts
  // it (it only checks structure), the signature check refuses it.
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x0d);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  Bytes bad_point(32, 0xff);
  stx->tx.signer_public_key = multicodec_wrap(Multicodec::kEd25519Pub, bad_point);
  auto d = SignedTransaction::decode(stx->encode());
  ASSERT_THAT(d, IsOk());
  auto st = verify_signature(*d);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kMalformed);
}

// signer_public_key remembers the keys a thread validated: a remembered key must come back
// unchanged, a key that failed must fail again (failures are not remembered), and a key that was
// pushed out of the bounded memory must still validate.
TEST(Transaction, SignerKeyMemoryKeepsAnswersExact) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x21);
  Transaction tx = sample_tx(key);
  for (int i = 0; i < 2; ++i) {
    auto k = signer_public_key(tx);
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(*multikey_bytes(*k), tx.signer_public_key);
  }
  Transaction bad = tx;
  bad.signer_public_key = multicodec_wrap(Multicodec::kEd25519Pub, Bytes(32, 0xff));
  for (int i = 0; i < 2; ++i) EXPECT_THAT(signer_public_key(bad), HasError(ErrorCode::kMalformed));
  // One byte away from a remembered key is a different key, checked on its own.
  Transaction near = tx;
  near.signer_public_key.back() ^= 1;
  auto n = signer_public_key(near);
  if (n.has_value()) {
    EXPECT_EQ(*multikey_bytes(*n), near.signer_public_key);
  }
  // More distinct keys than the memory holds, then the first one again.
  for (int i = 0; i < 1100; ++i) {
    Transaction other = tx;
    other.signer_public_key = *multikey_bytes(
        crypto::PrivateKey::generate(crypto::KeyType::kEd25519).value().public_key());
    ASSERT_THAT(signer_public_key(other), IsOk());
  }
  auto again = signer_public_key(tx);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*multikey_bytes(*again), tx.signer_public_key);
  EXPECT_THAT(signer_public_key(bad), HasError(ErrorCode::kMalformed));
}

TEST(Transaction, RejectsWrongSignatureLength) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x0e);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  for (std::size_t n : {0u, 63u, 65u, 96u}) {
    SignedTransaction s = *stx;
    s.signature.resize(n, 0);
    EXPECT_THAT(SignedTransaction::decode(s.encode()), HasError(ErrorCode::kMalformed)) << n;
    EXPECT_THAT(verify_signature(s), HasError(ErrorCode::kVerificationFailed)) << n;
  }
}

TEST(Transaction, SignRefusesMismatchedOrUnsupportedKeys) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x0f);
  auto other = fixed_key(crypto::KeyType::kEd25519, 0x10);
  EXPECT_THAT(sign_transaction(sample_tx(other), key), HasError(ErrorCode::kInvalidArgument));
  auto p256 = crypto::PrivateKey::generate(crypto::KeyType::kP256);
  ASSERT_THAT(p256, IsOk());
  Transaction tx = sample_tx(key);
  tx.signer_public_key.clear();
  EXPECT_THAT(sign_transaction(tx, *p256), HasError(ErrorCode::kUnsupported));
  // An empty signer_public_key is filled from the key.
  auto filled = sign_transaction(tx, key);
  ASSERT_THAT(filled, IsOk());
  EXPECT_EQ(filled->tx.signer_public_key, *multikey_bytes(key.public_key()));
  // An invalid transaction is not signed.
  tx.chain_id.clear();
  EXPECT_THAT(sign_transaction(tx, key), HasError(ErrorCode::kMalformed));
}

TEST(Transaction, Es256kHighSIsRejected) {
  // ES256K signatures are low-S; the other (high-S) form of the same signature must fail, so
  // that nobody can mint a second id for the same transaction.
  auto key = fixed_key(crypto::KeyType::kSecp256k1, 0x12);
  auto stx = sign_transaction(sample_tx(key), key);
  ASSERT_THAT(stx, IsOk());
  // s' = n - s
  const Bytes n = unhex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  SignedTransaction hs = *stx;
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = n[static_cast<std::size_t>(i)] - stx->signature[32 + static_cast<std::size_t>(i)] - borrow;
    borrow = d < 0;
    hs.signature[32 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
  }
  EXPECT_THAT(verify_signature(hs), HasError(ErrorCode::kVerificationFailed));
}

TEST(Transaction, DistinctTransactionsHaveDistinctIds) {
  auto key = fixed_key(crypto::KeyType::kEd25519, 0x13);
  auto a = sign_transaction(sample_tx(key), key);
  Transaction t2 = sample_tx(key);
  t2.nonce = 8;
  auto b = sign_transaction(t2, key);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_NE(a->id(), b->id());
  EXPECT_EQ(op_name(OpCode::kCreateStatusList), "create_status_list");
}

TEST(Transaction, ChainIdRule) {
  EXPECT_TRUE(is_valid_chain_id("plx-main"));
  EXPECT_TRUE(is_valid_chain_id(std::string(kMaxChainIdLength, 'a')));
  EXPECT_FALSE(is_valid_chain_id(""));
  EXPECT_FALSE(is_valid_chain_id(std::string(kMaxChainIdLength + 1, 'a')));
  EXPECT_FALSE(is_valid_chain_id("with space"));
  EXPECT_FALSE(is_valid_chain_id(std::string("nul\0", 4)));
  EXPECT_FALSE(is_valid_chain_id("caf\xc3\xa9"));
}

}  // namespace
}  // namespace plx::ledger
