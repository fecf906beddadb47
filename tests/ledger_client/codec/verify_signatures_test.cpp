// verify_signatures (a block's signatures at once, Ed25519 ones batched) against verify_signature
// (one at a time), docs/ledger-formats.md §2.
//
// What must hold (transaction.hpp's contract):
//  - verdicts[i] == verify_signature(txs[i]).has_value() for every i, whatever the mix of
//    algorithms, signers and broken inputs, and equal to what the test knows it broke;
//  - a verdicts span of the wrong size is refused with kInvalidArgument and not one byte written;
//  - Ed25519 follows RFC 8032 §5.1.7 with the cofactored equation: a signature whose R carries a
//    small-order component (which only the key's owner can make) is accepted by both functions,
//    alone and inside batches, although libsodium's cofactorless check refuses it;
//  - a signer key that is of small order or non-canonical is refused by both; one of mixed order
//    is refused by both for a create, the one operation whose key execution does not compare
//    with a key already stored, and its signatures are accepted otherwise.
//
// Random inputs come from std::mt19937_64 seeded by test_seed() (printed as PLX_TEST_SEED and
// recorded as the "seed" property): PLX_TEST_SEED=<n> replays a failure. The batch weights are
// the implementation's own randomness, so batch properties are checked over several batches.
//
// Names carry a Vs prefix: the release preset compiles this file in one unit with the other
// tests of this binary (UNITY_BUILD), all inside plx::ledger's anonymous namespace.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ed25519_testing.hpp"
#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/crypto/ed25519_batch.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/ledger_client/operations.hpp"
#include "plx/ledger_client/transaction.hpp"
#include "test_support.hpp"

namespace plx::ledger {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::unhex;

namespace ed = ::plx::testing::ed25519;
using VsPoint = ed::Point;
using VsScalar = ed::Scalar;
using VsRandom = ed::SeededRandom;

// The order n of secp256k1 (SEC 2 §2.4.1), big-endian.
constexpr std::string_view kVsSecp256k1Order =
    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

// ------------------------------------------------------------ keys and transactions

// A key from the test's randomness, so that a failing seed rebuilds the same keys. A secp256k1
// draw >= n (probability about 2^-128) is drawn again.
crypto::PrivateKey vs_key(crypto::KeyType type, VsRandom& rng) {
  for (;;) {
    auto k = crypto::PrivateKey::from_raw(type, rng.bytes(32));
    if (k) return std::move(k).value();
  }
}

Transaction vs_transaction(const crypto::PrivateKey& key, std::size_t signer, std::uint64_t nonce,
                           VsRandom& rng) {
  Transaction tx;
  tx.chain_id = "plx-vs-test";
  tx.signer = "did:plx:vs" + std::to_string(signer) + "#key-1";
  tx.signer_public_key = multikey_bytes(key.public_key()).value();
  tx.nonce = nonce;
  tx.op = static_cast<OpCode>(1 + rng.below(5));
  // A create's payload that happened to carry an eighth of the key would be a claim about the key
  // (CreateDidPayload): random bytes never make a true one, so they are drawn again; the claims
  // have tests of their own (CreateKeyEighth below).
  const auto claims_an_eighth = [](const Transaction& t) {
    auto eighth = create_did_signer_key_eighth(t.payload);
    return t.op == OpCode::kCreateDid && eighth && !eighth->empty();
  };
  do {
    tx.payload = rng.bytes(1 + rng.below(160));
  } while (claims_an_eighth(tx));
  return tx;
}

SignedTransaction vs_sign(Transaction tx, const crypto::PrivateKey& key) {
  auto stx = sign_transaction(std::move(tx), key);
  EXPECT_THAT(stx, IsOk());
  return stx ? std::move(stx).value() : SignedTransaction{};
}

std::string vs_describe(const SignedTransaction& stx) {
  return "tx=" + hex_encode(stx.tx.encode()) + " signature=" + hex_encode(stx.signature);
}

// verify_signatures over `txs`, with the verdict buffer prefilled with 0xAA so that an index
// left unwritten shows; every verdict must be exactly 0 or 1.
std::vector<std::uint8_t> vs_batch_verdicts(std::span<const SignedTransaction> txs) {
  std::vector<std::uint8_t> v(txs.size(), 0xAA);
  EXPECT_THAT(verify_signatures(txs, v), IsOk());
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_TRUE(v[i] == 0 || v[i] == 1) << "verdict " << i << " is " << int{v[i]};
  }
  return v;
}

// ------------------------------------------------------------ ways to break a signed transaction

enum class VsBreak {
  kSignatureBit,     // one bit of the signature flipped
  kPayloadBit,       // one bit of the payload flipped after signing
  kNonce,            // nonce changed after signing
  kSignature63,      // last signature byte dropped
  kSignature65,      // one byte appended to the signature
  kSignatureEmpty,   // no signature at all
  kUnsupportedKey,   // a P-256 Multikey: not a ledger signing algorithm
  kMalformedKey,     // the key bytes behind a right multicodec have the wrong length/form
  kBadVarintKey,     // a non-minimal multicodec varint
  kOtherSignersKey,  // signer_public_key of another signer of the same algorithm
  kEs256kHighS,      // ES256K only: s replaced by n - s (BIP 62 refuses high S)
  kEd25519SPlusL,    // Ed25519 only: S + L, same residue, refused by S < L (RFC 8032 §5.1.7)
};
constexpr int kVsBreaks = 12;

const char* vs_break_name(VsBreak b) {
  switch (b) {
    case VsBreak::kSignatureBit:
      return "signature bit";
    case VsBreak::kPayloadBit:
      return "payload bit";
    case VsBreak::kNonce:
      return "nonce";
    case VsBreak::kSignature63:
      return "63-byte signature";
    case VsBreak::kSignature65:
      return "65-byte signature";
    case VsBreak::kSignatureEmpty:
      return "empty signature";
    case VsBreak::kUnsupportedKey:
      return "P-256 multikey";
    case VsBreak::kMalformedKey:
      return "malformed multikey";
    case VsBreak::kBadVarintKey:
      return "non-minimal multicodec varint";
    case VsBreak::kOtherSignersKey:
      return "another signer's key";
    case VsBreak::kEs256kHighS:
      return "high-S ES256K";
    case VsBreak::kEd25519SPlusL:
      return "Ed25519 S + L";
  }
  return "?";
}

bool vs_applies(VsBreak b, crypto::KeyType type) {
  if (b == VsBreak::kEs256kHighS) return type == crypto::KeyType::kSecp256k1;
  if (b == VsBreak::kEd25519SPlusL) return type == crypto::KeyType::kEd25519;
  return true;
}

void vs_flip_bit(Bytes& b, VsRandom& rng) {
  const std::size_t bit = rng.below(b.size() * 8);
  b[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
}

// s -> n - s on the big-endian s half of an ES256K r || s signature.
void vs_negate_s(Bytes& sig) {
  const Bytes n = unhex(kVsSecp256k1Order);
  unsigned borrow = 0;
  for (std::size_t i = 32; i-- > 0;) {
    const unsigned sub = unsigned{sig[32 + i]} + borrow;
    borrow = n[i] < sub ? 1u : 0u;
    sig[32 + i] = static_cast<std::uint8_t>(unsigned{n[i]} + (borrow << 8) - sub);
  }
  EXPECT_EQ(borrow, 0u);
}

void vs_break(SignedTransaction& stx, VsBreak b, const Bytes& other_key, VsRandom& rng) {
  const bool ed = stx.tx.signer_public_key.size() == 34;  // 0xed 0x01 || 32 bytes
  switch (b) {
    case VsBreak::kSignatureBit:
      vs_flip_bit(stx.signature, rng);
      break;
    case VsBreak::kPayloadBit:
      vs_flip_bit(stx.tx.payload, rng);
      break;
    case VsBreak::kNonce:
      stx.tx.nonce += 1 + rng.below(1000);
      break;
    case VsBreak::kSignature63:
      stx.signature.pop_back();
      break;
    case VsBreak::kSignature65:
      stx.signature.push_back(static_cast<std::uint8_t>(rng.below(256)));
      break;
    case VsBreak::kSignatureEmpty:
      stx.signature.clear();
      break;
    case VsBreak::kUnsupportedKey:
      stx.tx.signer_public_key = multicodec_wrap(Multicodec::kP256Pub, Bytes(33, 0x02));
      break;
    case VsBreak::kMalformedKey:
      if (ed) {
        stx.tx.signer_public_key.pop_back();  // 31-byte Ed25519 key
      } else {
        stx.tx.signer_public_key[2] = 0x04;  // not a compressed SEC1 prefix
      }
      break;
    case VsBreak::kBadVarintKey: {
      // The multicodec code respelled with a redundant continuation byte: 0xed 0x01 becomes
      // 0xed 0x81 0x00, 0xe7 0x01 becomes 0xe7 0x81 0x00.
      Bytes k = stx.tx.signer_public_key;
      k[1] = 0x81;
      k.insert(k.begin() + 2, 0x00);
      stx.tx.signer_public_key = k;
      break;
    }
    case VsBreak::kOtherSignersKey:
      stx.tx.signer_public_key = other_key;
      break;
    case VsBreak::kEs256kHighS:
      vs_negate_s(stx.signature);
      break;
    case VsBreak::kEd25519SPlusL:
      ed::add_order_to_s(stx.signature);
      break;
  }
}

// ------------------------------------------------------------ 1. a block-like mix

// 300 transactions from 5 Ed25519 and 3 secp256k1 signers, 6 of each breakage at random positions
// (of a matching algorithm). Over 128 Ed25519 ones, so the batch checks more than one group.
TEST(VsVerifySignatures, BlockMixVerdictsMatchOneAtATimeAndGroundTruth) {
  VsRandom rng(0x5101);
  std::vector<crypto::PrivateKey> keys;
  for (int i = 0; i < 5; ++i) keys.push_back(vs_key(crypto::KeyType::kEd25519, rng));
  for (int i = 0; i < 3; ++i) keys.push_back(vs_key(crypto::KeyType::kSecp256k1, rng));

  constexpr std::size_t kN = 300;
  std::vector<SignedTransaction> txs;
  std::vector<std::size_t> signer_of;
  std::size_t ed_count = 0;
  for (std::size_t i = 0; i < kN; ++i) {
    // Ed25519 twice as likely, so that the Ed25519 batch spans groups.
    const std::size_t s = rng.below(3) < 2 ? rng.below(5) : 5 + rng.below(3);
    signer_of.push_back(s);
    ed_count += s < 5 ? 1 : 0;
    txs.push_back(vs_sign(vs_transaction(keys[s], s, i, rng), keys[s]));
  }
  ASSERT_GT(ed_count, 150u);
  ASSERT_GT(kN - ed_count, 40u);
  for (const SignedTransaction& stx : txs) ASSERT_THAT(verify_signature(stx), IsOk());

  std::vector<std::uint8_t> expect(kN, 1);
  std::vector<std::string> broken_by(kN, "honest");
  constexpr int kPerBreak = 6;
  for (int b = 0; b < kVsBreaks; ++b) {
    const auto kind = static_cast<VsBreak>(b);
    for (int j = 0; j < kPerBreak; ++j) {
      std::size_t at = kN;
      for (int tries = 0; tries < 10000 && at == kN; ++tries) {
        const std::size_t i = rng.below(kN);
        if (expect[i] == 1 && vs_applies(kind, keys[signer_of[i]].type())) at = i;
      }
      ASSERT_LT(at, kN) << vs_break_name(kind);
      const std::size_t s = signer_of[at];
      const std::size_t other = s < 5 ? (s + 1) % 5 : 5 + (s - 5 + 1) % 3;
      vs_break(txs[at], kind, multikey_bytes(keys[other].public_key()).value(), rng);
      expect[at] = 0;
      broken_by[at] = vs_break_name(kind);
    }
  }
  ASSERT_EQ(std::count(expect.begin(), expect.end(), 0), kVsBreaks * kPerBreak);

  const std::vector<std::uint8_t> v = vs_batch_verdicts(txs);
  for (std::size_t i = 0; i < kN; ++i) {
    SCOPED_TRACE("index " + std::to_string(i) + " (" + broken_by[i] + "): " + vs_describe(txs[i]));
    EXPECT_EQ(v[i], expect[i]);
    EXPECT_EQ(verify_signature(txs[i]).has_value(), expect[i] == 1);
  }

  // The same block in windows at random offsets: the Ed25519 groups start at other
  // transactions, and the verdicts must not move.
  for (int round = 0; round < 6; ++round) {
    const std::size_t from = rng.below(kN);
    const std::size_t len = 1 + rng.below(kN - from);
    const std::vector<std::uint8_t> w =
        vs_batch_verdicts(std::span<const SignedTransaction>(txs).subspan(from, len));
    for (std::size_t i = 0; i < len; ++i) {
      EXPECT_EQ(w[i], expect[from + i])
          << "window [" << from << ", " << from + len << ") index " << from + i << " ("
          << broken_by[from + i] << "): " << vs_describe(txs[from + i]);
    }
  }
}

// ------------------------------------------------------------ 2. the verdicts span

TEST(VsVerifySignatures, WrongVerdictCountRefusedWithoutWriting) {
  VsRandom rng(0x5102);
  const crypto::PrivateKey ed = vs_key(crypto::KeyType::kEd25519, rng);
  const crypto::PrivateKey k1 = vs_key(crypto::KeyType::kSecp256k1, rng);
  std::vector<SignedTransaction> txs;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const crypto::PrivateKey& key = i % 2 == 0 ? ed : k1;
    txs.push_back(vs_sign(vs_transaction(key, i % 2, i, rng), key));
  }
  for (std::size_t n : {txs.size() - 1, txs.size() + 1, std::size_t{0}}) {
    std::vector<std::uint8_t> out(n, 0xAA);
    EXPECT_THAT(verify_signatures(txs, out), HasError(ErrorCode::kInvalidArgument)) << n;
    EXPECT_EQ(out, std::vector<std::uint8_t>(n, 0xAA)) << n;
  }
  std::vector<std::uint8_t> one(1, 0xAA);
  EXPECT_THAT(verify_signatures({}, one), HasError(ErrorCode::kInvalidArgument));
  EXPECT_EQ(one[0], 0xAA);
  // Nothing to check: fine.
  EXPECT_THAT(verify_signatures({}, {}), IsOk());
  // And the right size: every one verifies.
  EXPECT_EQ(vs_batch_verdicts(txs), std::vector<std::uint8_t>(txs.size(), 1));
}

// ------------------------------------------------------------ Ed25519 arithmetic (libsodium)

// The secret scalar a of an Ed25519 key (RFC 8032 §5.1.5): SHA-512 of the 32-byte seed, its
// first half pruned (clamped), reduced mod L so that libsodium's scalar arithmetic takes it.
VsScalar vs_secret_scalar(const crypto::PrivateKey& key) {
  const ByteSpan seed = key.secret().expose_secret();
  EXPECT_EQ(seed.size(), crypto_sign_SEEDBYTES);
  std::array<std::uint8_t, crypto_hash_sha512_BYTES> h{};
  crypto_hash_sha512(h.data(), seed.data(), seed.size());
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
  std::array<std::uint8_t, crypto_core_ed25519_NONREDUCEDSCALARBYTES> wide{};
  std::copy(h.begin(), h.begin() + 32, wide.begin());
  VsScalar a{};
  crypto_core_ed25519_scalar_reduce(a.data(), wide.data());
  sodium_memzero(h.data(), h.size());
  sodium_memzero(wide.data(), wide.size());
  return a;
}

// Signs tx with R' = rB + T (T of small order) and S = r + k a for k = H(R' || A || input).
SignedTransaction vs_sign_with_torsion_in_r(Transaction tx, const crypto::PrivateKey& key,
                                            const VsScalar& a, const VsPoint& torsion,
                                            VsRandom& rng) {
  const Bytes input = tx.signing_input();
  const VsScalar r = rng.scalar();
  const VsPoint r_point = ed::add(ed::base_times(r), torsion);
  const VsScalar k = ed::challenge(r_point, key.public_key().raw(), input);
  return SignedTransaction{std::move(tx), ed::signature(r_point, ed::mul_add(r, k, a))};
}

// ------------------------------------------------------------ 3. the cofactored rule

// Why the ledger accepts these: with R' = rB + T and S = r + k a, [S]B - [k]A - R' = -T, a
// nonzero point of order 8. libsodium (and crypto::verify, which serves JOSE) checks the
// cofactorless equation [S]B = R + [k]A and refuses; RFC 8032 §5.1.7 step 3 states the check as
// the cofactored [8][S]B = [8]R + [8][k]A, which holds since [8]T = O, and names the cofactorless
// one a permitted shortcut. The ledger takes the cofactored rule because a batch (a random linear
// combination of the equations) cannot reproduce the cofactorless verdict exactly: with it, two
// nodes batching a block differently could disagree. Accepting costs no security: making S
// needs a (S = r + k a with k bound to R'), so only the key's owner can produce such a signature,
// and a and R' still must decode as canonical non-small-order points (step 1).
TEST(VsVerifySignatures, TorsionInRAcceptedByTheLedgerUnlikeLibsodium) {
  ASSERT_GE(sodium_init(), 0);
  VsRandom rng(0x5103);
  const VsPoint t = ed::torsion_point();
  for (int j = 1; j < 8; ++j) EXPECT_NE(ed::times(t, j), ed::kIdentity) << j;
  ASSERT_EQ(ed::times(t, 8), ed::kIdentity);

  std::vector<crypto::PrivateKey> keys;
  std::vector<VsScalar> secrets;
  for (int i = 0; i < 3; ++i) {
    keys.push_back(vs_key(crypto::KeyType::kEd25519, rng));
    secrets.push_back(vs_secret_scalar(keys.back()));
    // The expansion is right: A = [a]B is the key's public key.
    const VsPoint pub = ed::base_times(secrets.back());
    ASSERT_EQ(Bytes(pub.begin(), pub.end()), keys.back().public_key().raw());
  }

  std::vector<SignedTransaction> crafted;
  for (int i = 0; i < 21; ++i) {
    const std::size_t s = static_cast<std::size_t>(i) % keys.size();
    // Every nonzero multiple of T, not only T itself.
    crafted.push_back(vs_sign_with_torsion_in_r(
        vs_transaction(keys[s], s, 1000 + static_cast<std::uint64_t>(i), rng), keys[s], secrets[s],
        ed::times(t, 1 + i % 7), rng));
    const SignedTransaction& stx = crafted.back();
    SCOPED_TRACE(vs_describe(stx));
    const Bytes input = stx.tx.signing_input();
    EXPECT_NE(crypto_sign_verify_detached(stx.signature.data(), input.data(), input.size(),
                                          keys[s].public_key().raw().data()),
              0);
    EXPECT_THAT(crypto::verify(keys[s].public_key(), input, stx.signature),
                HasError(ErrorCode::kVerificationFailed));
    EXPECT_TRUE(
        crypto::ed25519_verify_cofactored({keys[s].public_key().raw(), input, stx.signature}));
    // The same transaction over the wire, then the ledger's two checks.
    auto wire = SignedTransaction::decode(stx.encode());
    ASSERT_THAT(wire, IsOk());
    EXPECT_THAT(verify_signature(*wire), IsOk());
    EXPECT_EQ(vs_batch_verdicts(std::span(&*wire, 1)), std::vector<std::uint8_t>{1});
  }
  EXPECT_EQ(vs_batch_verdicts(crafted), std::vector<std::uint8_t>(crafted.size(), 1));

  // Among 200 honest Ed25519 transactions (two groups of the batch), at random positions. A batch
  // that dropped the factor 8 would refuse each crafted one with probability about 7/8.
  std::vector<SignedTransaction> honest;
  for (std::size_t i = 0; i < 200; ++i) {
    const std::size_t s = i % keys.size();
    honest.push_back(vs_sign(vs_transaction(keys[s], s, i, rng), keys[s]));
  }
  for (int round = 0; round < 8; ++round) {
    std::vector<SignedTransaction> block = honest;
    std::vector<std::uint8_t> expect(block.size(), 1);
    for (int k = 0; k < 4; ++k) {
      const std::size_t at = rng.below(block.size() + 1);
      block.insert(block.begin() + static_cast<std::ptrdiff_t>(at),
                   crafted[rng.below(crafted.size())]);
      expect.insert(expect.begin() + static_cast<std::ptrdiff_t>(at), 1);
    }
    // Every other round one honest transaction is broken too, so its group fails and is checked
    // again one by one: the crafted ones must pass that path as well.
    std::string note = "all valid";
    if (round % 2 == 1) {
      const std::size_t at = rng.below(block.size());
      block[at].signature[40] ^= 0x01;
      expect[at] = 0;
      note = "index " + std::to_string(at) + " broken";
    }
    const std::vector<std::uint8_t> v = vs_batch_verdicts(block);
    EXPECT_EQ(v, expect) << "round " << round << ", " << note;
    for (std::size_t i = 0; i < block.size(); ++i) {
      EXPECT_EQ(verify_signature(block[i]).has_value(), expect[i] == 1)
          << "round " << round << " index " << i << ": " << vs_describe(block[i]);
    }
  }
}

// ------------------------------------------------------------ 4. bad Ed25519 signer keys

struct VsBadKey {
  VsPoint key;
  const char* what;
};

// A small-order key admits forgeries without any secret (R = rB, S = r satisfies the cofactored
// equation whatever k is, since [8][k]A = O); a non-canonical encoding is a second spelling of
// some point: both are refused before any equation, with kMalformed, in both functions. A
// mixed-order key aB + T admits signatures that the cofactored equation accepts, made with the
// secret a: a create signed with one is refused (kMalformed: a create's key must lie in the
// prime-order subgroup), while for any other operation the signature is accepted, because
// execution then refuses a key that no DID document stores (tests/ledger/exec).
TEST(VsVerifySignatures, SmallOrderOrNonCanonicalSignerKeyRefusedMixedOrderOnlyForCreate) {
  ASSERT_GE(sodium_init(), 0);
  VsRandom rng(0x5104);
  const VsPoint t = ed::torsion_point();
  std::vector<VsBadKey> bad;
  for (int j = 0; j < 8; ++j) bad.push_back({ed::times(t, j), "small order"});
  VsPoint neg_zero_identity = ed::kIdentity;  // x = 0 with the sign bit set
  neg_zero_identity[31] = 0x80;
  bad.push_back({neg_zero_identity, "identity, negative zero"});
  bad.push_back({ed::y_above_p(1, false), "identity, y = p + 1"});
  bad.push_back({ed::y_above_p(0, false), "order 4, y = p"});
  bad.push_back({ed::y_above_p(0, true), "order 4, y = p, sign set"});
  for (int k : {3, 4, 9}) {
    bad.push_back({ed::y_above_p(k, false), "y = p + k"});
    bad.push_back({ed::y_above_p(k, true), "y = p + k, sign set"});
  }
  const std::size_t mixed_from = bad.size();
  std::vector<VsScalar> mixed_secret;
  for (int j = 1; j < 8; j += 2) {
    const VsScalar a = rng.scalar();
    bad.push_back({ed::add(ed::base_times(a), ed::times(t, j)), "mixed order aB + jT"});
    mixed_secret.push_back(a);
  }

  const crypto::PrivateKey honest_key = vs_key(crypto::KeyType::kEd25519, rng);
  std::vector<SignedTransaction> block;
  std::vector<std::uint8_t> expect;
  for (std::size_t e = 0; e < bad.size(); ++e) {
    SCOPED_TRACE(std::string(bad[e].what) + ": " + hex_encode(bad[e].key));
    // libsodium's own verdict on the key, next to the ledger's (which decodes keys itself).
    EXPECT_EQ(crypto_core_ed25519_is_valid_point(bad[e].key.data()), 0);
    const bool mixed = e >= mixed_from;
    // A mixed-order key signs once as a create and once as an update; the others sign any op.
    for (int variant = 0; variant < (mixed ? 2 : 1); ++variant) {
      Transaction tx = vs_transaction(honest_key, e, e, rng);
      if (mixed) tx.op = variant == 0 ? OpCode::kCreateDid : OpCode::kUpdateDid;
      tx.signer_public_key = multicodec_wrap(Multicodec::kEd25519Pub, bad[e].key);
      const Bytes input = tx.signing_input();
      const VsScalar r = rng.scalar();
      const VsPoint r_point = ed::base_times(r);
      VsScalar s = r;  // the forgery for a small-order key, and a plain wrong S for the others
      if (mixed) {
        // An honest-looking signature under A' = aB + T: [8]([S]B - R - [k]A') = -[8k]T = O.
        s = ed::mul_add(r, ed::challenge(r_point, bad[e].key, input), mixed_secret[e - mixed_from]);
        EXPECT_TRUE(
            crypto::ed25519_verify_cofactored({bad[e].key, input, ed::signature(r_point, s)}))
            << "the equation alone accepts it";
      }
      SignedTransaction stx{tx, ed::signature(r_point, s)};
      // Structurally valid, so it can arrive over the wire.
      auto wire = SignedTransaction::decode(stx.encode());
      ASSERT_THAT(wire, IsOk());
      const bool accepted = mixed && tx.op != OpCode::kCreateDid;
      if (accepted) {
        EXPECT_THAT(verify_signature(*wire), IsOk());
      } else {
        EXPECT_THAT(verify_signature(*wire), HasError(ErrorCode::kMalformed));
      }
      const std::uint8_t verdict = accepted ? 1 : 0;
      EXPECT_EQ(vs_batch_verdicts(std::span(&*wire, 1)), std::vector<std::uint8_t>{verdict});
      block.push_back(*wire);
      expect.push_back(verdict);
      // Between honest ones, which keep their verdicts.
      for (int h = 0; h < 9; ++h) {
        block.push_back(vs_sign(vs_transaction(honest_key, 7, block.size(), rng), honest_key));
        expect.push_back(1);
      }
    }
  }
  ASSERT_GT(block.size(), 128u);
  const std::vector<std::uint8_t> v = vs_batch_verdicts(block);
  EXPECT_EQ(v, expect);
  for (std::size_t i = 0; i < block.size(); ++i) {
    EXPECT_EQ(verify_signature(block[i]).has_value(), expect[i] == 1)
        << "index " << i << ": " << vs_describe(block[i]);
  }
}

}  // namespace
}  // namespace plx::ledger

namespace plx::ledger {
namespace {

// ------------------------------------------------------------ 5. a create's key eighth

// A create whose payload carries an eighth of its Ed25519 key (CreateDidPayload) has the key's
// subgroup proven by it: a true eighth, or one shifted by any small-order point, passes; an eighth
// of another key, or any candidate for a mixed-order key, fails, in both functions. For another
// operation the payload is not read.
TEST(VsVerifySignatures, CreateKeyEighthProvesTheSubgroupOrFailsTheCreate) {
  ASSERT_GE(sodium_init(), 0);
  VsRandom rng(0x5105);
  const VsPoint t = ed::torsion_point();
  struct Case {
    VsPoint key;
    VsScalar secret;
    VsPoint eighth;
    OpCode op;
    bool accepted;
    const char* what;
  };
  std::vector<Case> cases;
  for (int i = 0; i < 4; ++i) {
    const VsScalar a = rng.scalar();
    const VsPoint key = ed::base_times(a);
    VsPoint eighth{};
    const Bytes e = crypto::ed25519_eighth(key).value();
    std::copy(e.begin(), e.end(), eighth.begin());
    const VsPoint other = ed::base_times(rng.scalar());
    VsPoint other_eighth{};
    const Bytes oe = crypto::ed25519_eighth(other).value();
    std::copy(oe.begin(), oe.end(), other_eighth.begin());
    cases.push_back({key, a, eighth, OpCode::kCreateDid, true, "its eighth"});
    cases.push_back({key, a, ed::add(eighth, ed::times(t, 1 + 2 * i)), OpCode::kCreateDid, true,
                     "its eighth plus a small-order point"});
    cases.push_back({key, a, other_eighth, OpCode::kCreateDid, false, "another key's eighth"});
    cases.push_back({key, a, key, OpCode::kCreateDid, false, "the key itself"});
    cases.push_back({key, a, other_eighth, OpCode::kUpdateDid, true, "an update: not read"});
    // aB + jT has no eighth; the closest candidates are aB's eighths.
    const VsPoint mixed = ed::add(key, ed::times(t, 1 + 2 * i));
    for (int j = 0; j < 8; j += 3) {
      cases.push_back({mixed, a, ed::add(eighth, ed::times(t, j)), OpCode::kCreateDid, false,
                       "a mixed-order key"});
    }
  }
  const crypto::PrivateKey honest_key = vs_key(crypto::KeyType::kEd25519, rng);
  std::vector<SignedTransaction> block;
  std::vector<std::uint8_t> expect;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.what) + ": " + hex_encode(c.key));
    Transaction tx = vs_transaction(honest_key, block.size(), 0, rng);
    tx.op = c.op;
    tx.signer_public_key = multicodec_wrap(Multicodec::kEd25519Pub, c.key);
    tx.payload = CreateDidPayload{"{}", Bytes(c.eighth.begin(), c.eighth.end())}.encode();
    const Bytes input = tx.signing_input();
    const VsScalar r = rng.scalar();
    const VsPoint r_point = ed::base_times(r);
    // Signed with the secret of the key's prime-order part: the cofactored equation holds.
    const VsScalar s = ed::mul_add(r, ed::challenge(r_point, c.key, input), c.secret);
    SignedTransaction stx{tx, ed::signature(r_point, s)};
    ASSERT_TRUE(crypto::ed25519_verify_cofactored({c.key, input, stx.signature}));
    if (c.accepted) {
      EXPECT_THAT(verify_signature(stx), IsOk());
    } else {
      EXPECT_THAT(verify_signature(stx), HasError(ErrorCode::kMalformed));
    }
    block.push_back(stx);
    expect.push_back(c.accepted ? 1 : 0);
    for (int h = 0; h < 5; ++h) {
      block.push_back(vs_sign(vs_transaction(honest_key, 7, block.size(), rng), honest_key));
      expect.push_back(1);
    }
  }
  ASSERT_GT(block.size(), 128u);
  EXPECT_EQ(vs_batch_verdicts(block), expect);
}

}  // namespace
}  // namespace plx::ledger
