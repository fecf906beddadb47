// Sign/verify per algorithm: known answers, Tink-style tamper loops (every bit of the signature
// and of the message, every truncation), key/algorithm binding, the ES256K low-S rule, and the
// strict DER parser.
#include "plx/crypto/signature.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <string>

#include "plx/core/encoding.hpp"
#include "crypto_test_keys.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using testkeys::order_hex;

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::unhex;

constexpr Algorithm kAllAlgorithms[] = {Algorithm::kEdDSA, Algorithm::kES256K, Algorithm::kES256,
                                        Algorithm::kES384};


// Big-endian a - b for equal widths (REQUIRES a >= b).
Bytes sub(const Bytes& a, ByteSpan b) {
  Bytes out(a.size());
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int v = a[i] - b[i] - borrow;
    borrow = v < 0;
    out[i] = static_cast<std::uint8_t>(v & 0xff);
  }
  return out;
}
bool greater(ByteSpan a, ByteSpan b) {
  return std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end());
}
// (r, s) -> (r, n - s): the other valid signature of the same message (ECDSA malleability).
Bytes flip_s(KeyType t, ByteSpan sig) {
  const std::size_t w = sig.size() / 2;
  Bytes out(sig.begin(), sig.begin() + static_cast<std::ptrdiff_t>(w));
  append(out, sub(unhex(order_hex(t)), sig.subspan(w)));
  return out;
}

// ---------------------------------------------------------------- names

TEST(AlgorithmTest, Names) {
  for (Algorithm a : kAllAlgorithms) {
    auto parsed = algorithm_from_name(algorithm_name(a));
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(*parsed, a);
    auto back = algorithm_for(key_type_for(a));
    ASSERT_THAT(back, IsOk());
    EXPECT_EQ(*back, a);
  }
  EXPECT_EQ(signature_size(Algorithm::kEdDSA), 64u);
  EXPECT_EQ(signature_size(Algorithm::kES256K), 64u);
  EXPECT_EQ(signature_size(Algorithm::kES256), 64u);
  EXPECT_EQ(signature_size(Algorithm::kES384), 96u);
  for (std::string_view bad :
       {"none", "None", "HS256", "RS256", "PS256", "ES512", "es256", "ES256k", "Ed25519", "EdDSA ",
        "ECDH-ES", ""}) {
    EXPECT_THAT(algorithm_from_name(bad), HasError(ErrorCode::kUnsupported)) << bad;
  }
  EXPECT_THAT(algorithm_for(KeyType::kX25519), HasError(ErrorCode::kUnsupported));
}

// ---------------------------------------------------------------- known answers

TEST(SignatureTest, Ed25519Rfc8032Vectors) {
  // RFC 8032 §7.1 TEST 1 (empty message) and TEST 2 (one byte).
  struct V {
    const char* seed;
    const char* msg;
    const char* sig;
  };
  const V vectors[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701c"
       "f9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0"
       "f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
  };
  for (const V& v : vectors) {
    auto k = PrivateKey::from_raw(KeyType::kEd25519, unhex(v.seed));
    ASSERT_THAT(k, IsOk());
    auto sig = sign(*k, unhex(v.msg));
    ASSERT_THAT(sig, IsOk());
    EXPECT_EQ(hex_encode(*sig), v.sig);
    EXPECT_THAT(verify(k->public_key(), unhex(v.msg), *sig), IsOk());
  }
}

TEST(SignatureTest, Es256kIsDeterministicAndLowS) {
  auto k = PrivateKey::from_raw(
      KeyType::kSecp256k1, unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
  ASSERT_THAT(k, IsOk());
  const Bytes n = unhex(order_hex(KeyType::kSecp256k1));
  const Bytes half = [&] {  // floor(n / 2)
    Bytes h(n.size());
    int carry = 0;
    for (std::size_t i = 0; i < n.size(); ++i) {
      const int v = carry * 256 + n[i];
      h[i] = static_cast<std::uint8_t>(v / 2);
      carry = v % 2;
    }
    return h;
  }();
  for (int i = 0; i < 64; ++i) {
    const std::string msg = "message " + std::to_string(i);
    auto a = sign(*k, as_bytes(msg));
    auto b = sign(*k, as_bytes(msg));
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    EXPECT_EQ(*a, *b);  // RFC 6979
    EXPECT_FALSE(greater(ByteSpan(*a).subspan(32), half)) << msg;
  }
}

// ---------------------------------------------------------------- per algorithm

class SignatureAlgTest : public ::testing::TestWithParam<Algorithm> {
 protected:
  void SetUp() override {
    auto k = PrivateKey::generate(key_type_for(GetParam()));
    ASSERT_THAT(k, IsOk());
    key_.emplace(std::move(*k));
  }
  const PrivateKey& key() const { return *key_; }
  std::optional<PrivateKey> key_;
};

TEST_P(SignatureAlgTest, RoundTrip) {
  std::mt19937_64 rng(::plx::testing::test_seed());
  for (std::size_t len : {0u, 1u, 31u, 32u, 33u, 64u, 200u, 5000u}) {
    Bytes msg(len);
    for (auto& b : msg) b = static_cast<std::uint8_t>(rng());
    auto sig = sign(key(), msg);
    ASSERT_THAT(sig, IsOk());
    EXPECT_EQ(sig->size(), signature_size(GetParam()));
    EXPECT_THAT(verify(key().public_key(), msg, *sig), IsOk()) << len;
  }
}

TEST_P(SignatureAlgTest, SignerInterface) {
  auto signer = make_signer(key().clone());
  ASSERT_THAT(signer, IsOk());
  EXPECT_EQ((*signer)->algorithm(), GetParam());
  EXPECT_EQ((*signer)->public_key(), key().public_key());
  auto sig = (*signer)->sign(as_bytes("via the interface"));
  ASSERT_THAT(sig, IsOk());
  EXPECT_THAT(verify(key().public_key(), as_bytes("via the interface"), *sig), IsOk());
}

TEST_P(SignatureAlgTest, TamperLoops) {
  const Bytes msg = to_bytes("tamper with me");
  auto sig = sign(key(), msg);
  ASSERT_THAT(sig, IsOk());
  ASSERT_THAT(verify(key().public_key(), msg, *sig), IsOk());
  // Every bit of the signature.
  for (std::size_t i = 0; i < sig->size() * 8; ++i) {
    Bytes bad = *sig;
    bad[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    EXPECT_THAT(verify(key().public_key(), msg, bad), HasError(ErrorCode::kVerificationFailed))
        << "signature bit " << i;
  }
  // Every bit of the message.
  for (std::size_t i = 0; i < msg.size() * 8; ++i) {
    Bytes bad = msg;
    bad[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    EXPECT_THAT(verify(key().public_key(), bad, *sig), HasError(ErrorCode::kVerificationFailed))
        << "message bit " << i;
  }
  // Every truncation, and one byte too many.
  for (std::size_t len = 0; len < sig->size(); ++len) {
    EXPECT_THAT(verify(key().public_key(), msg, ByteSpan(*sig).first(len)),
                HasError(ErrorCode::kVerificationFailed))
        << "truncated to " << len;
  }
  Bytes longer = *sig;
  longer.push_back(0);
  EXPECT_THAT(verify(key().public_key(), msg, longer), HasError(ErrorCode::kVerificationFailed));
  // Truncated or extended message.
  EXPECT_THAT(verify(key().public_key(), ByteSpan(msg).first(msg.size() - 1), *sig),
              HasError(ErrorCode::kVerificationFailed));
  Bytes msg2 = msg;
  msg2.push_back(0);
  EXPECT_THAT(verify(key().public_key(), msg2, *sig), HasError(ErrorCode::kVerificationFailed));
}

TEST_P(SignatureAlgTest, WrongKeyFails) {
  auto other = PrivateKey::generate(key().type());
  ASSERT_THAT(other, IsOk());
  auto sig = sign(key(), as_bytes("m"));
  ASSERT_THAT(sig, IsOk());
  EXPECT_THAT(verify(other->public_key(), as_bytes("m"), *sig),
              HasError(ErrorCode::kVerificationFailed));
}

TEST_P(SignatureAlgTest, DegenerateSignatures) {
  const std::size_t n = signature_size(GetParam());
  const Bytes msg = to_bytes("m");
  EXPECT_THAT(verify(key().public_key(), msg, Bytes(n, 0x00)),
              HasError(ErrorCode::kVerificationFailed));
  EXPECT_THAT(verify(key().public_key(), msg, Bytes(n, 0xff)),
              HasError(ErrorCode::kVerificationFailed));
  if (GetParam() == Algorithm::kEdDSA) return;
  // r or s zero, r or s equal to n, with the other half taken from a real signature.
  auto sig = sign(key(), msg);
  ASSERT_THAT(sig, IsOk());
  const std::size_t w = n / 2;
  const Bytes order = unhex(order_hex(key().type()));
  for (int which = 0; which < 2; ++which) {
    Bytes zero = *sig;
    std::fill(zero.begin() + static_cast<std::ptrdiff_t>(which * w),
              zero.begin() + static_cast<std::ptrdiff_t>((which + 1) * w), 0);
    EXPECT_THAT(verify(key().public_key(), msg, zero), HasError(ErrorCode::kVerificationFailed))
        << "zero half " << which;
    Bytes at_n = *sig;
    std::copy(order.begin(), order.end(), at_n.begin() + static_cast<std::ptrdiff_t>(which * w));
    EXPECT_THAT(verify(key().public_key(), msg, at_n), HasError(ErrorCode::kVerificationFailed))
        << "n in half " << which;
    // r + n / s + n would only fit for values below 2^w - n; not expressible in w bytes here.
  }
}

// ECDSA only: EdDSA has no s <-> n - s symmetry (RFC 8032 requires S < L).
class EcdsaAlgTest : public SignatureAlgTest {};

TEST_P(EcdsaAlgTest, MalleatedSOnlyPassesWhereAllowed) {
  const KeyType t = key().type();
  for (int i = 0; i < 8; ++i) {
    const std::string msg = "malleate " + std::to_string(i);
    auto sig = sign(key(), as_bytes(msg));
    ASSERT_THAT(sig, IsOk());
    const Bytes twin = flip_s(t, *sig);
    if (t == KeyType::kSecp256k1) {
      // Our ES256K signatures are low-S, so the twin is high-S: refused by default (BIP 62 rule),
      // accepted when the caller opts in.
      EXPECT_THAT(verify(key().public_key(), as_bytes(msg), twin),
                  HasError(ErrorCode::kVerificationFailed));
      EXPECT_THAT(verify(key().public_key(), as_bytes(msg), twin, {.allow_high_s = true}), IsOk());
      EXPECT_THAT(verify(key().public_key(), as_bytes(msg), *sig, {.allow_high_s = true}), IsOk());
    } else {
      // FIPS 186-4: both forms verify for P-256 and P-384, whatever the options say.
      EXPECT_THAT(verify(key().public_key(), as_bytes(msg), twin), IsOk());
      EXPECT_THAT(verify(key().public_key(), as_bytes(msg), twin, {.allow_high_s = true}), IsOk());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ecdsa, EcdsaAlgTest,
                         ::testing::Values(Algorithm::kES256K, Algorithm::kES256,
                                           Algorithm::kES384),
                         [](const auto& param_info) {
                           return std::string(algorithm_name(param_info.param));
                         });

TEST_P(SignatureAlgTest, SignatureMismatchedAcrossCurves) {
  // A signature from one algorithm never verifies under a key of another type.
  const Bytes msg = to_bytes("cross");
  auto sig = sign(key(), msg);
  ASSERT_THAT(sig, IsOk());
  for (Algorithm other : kAllAlgorithms) {
    if (other == GetParam()) continue;
    auto k = PrivateKey::generate(key_type_for(other));
    ASSERT_THAT(k, IsOk());
    EXPECT_THAT(verify(k->public_key(), msg, *sig), HasError(ErrorCode::kVerificationFailed));
  }
}

INSTANTIATE_TEST_SUITE_P(All, SignatureAlgTest, ::testing::ValuesIn(kAllAlgorithms),
                         [](const auto& param_info) { return std::string(algorithm_name(param_info.param)); });

TEST(SignatureTest, X25519KeysDoNotSign) {
  auto k = PrivateKey::generate(KeyType::kX25519);
  ASSERT_THAT(k, IsOk());
  EXPECT_THAT(sign(*k, as_bytes("m")), HasError(ErrorCode::kUnsupported));
  EXPECT_THAT(verify(k->public_key(), as_bytes("m"), Bytes(64, 1)),
              HasError(ErrorCode::kUnsupported));
  EXPECT_THAT(make_signer(std::move(*k)), HasError(ErrorCode::kUnsupported));
}

// ---------------------------------------------------------------- DER

TEST(EcdsaDerTest, ConvertsMinimalEncodings) {
  // r = 1, s = 0x80 (needs a sign octet).
  auto raw = ecdsa_der_to_raw(KeyType::kP256, unhex("3007020101020200" "80"));
  ASSERT_THAT(raw, IsOk());
  Bytes want(64, 0);
  want[31] = 1;
  want[63] = 0x80;
  EXPECT_EQ(*raw, want);

  // Full-width r with its top bit set (33 content octets) and s of 32 octets.
  const std::string r = "ff" + std::string(62, '1');
  const std::string s = "7f" + std::string(62, '2');
  auto raw2 = ecdsa_der_to_raw(KeyType::kSecp256k1,
                               unhex("3045022100" + r + "0220" + s));
  ASSERT_THAT(raw2, IsOk());
  EXPECT_EQ(hex_encode(*raw2), r + s);

  // P-384: 48-byte integers.
  const std::string r3 = "80" + std::string(94, 'a');
  const std::string s3 = "01" + std::string(94, 'b');
  auto raw3 = ecdsa_der_to_raw(KeyType::kP384, unhex("3065023100" + r3 + "0230" + s3));
  ASSERT_THAT(raw3, IsOk());
  EXPECT_EQ(hex_encode(*raw3), r3 + s3);
}

TEST(EcdsaDerTest, RejectsNonDer) {
  const std::string r32 = "11" + std::string(62, '1');
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"empty", ""},
      {"wrong outer tag", "3106020101020101"},
      {"wrong integer tag", "3006030101020101"},
      {"indefinite length", "3080020101020101" "0000"},
      {"long-form outer length below 128", "308106020101020101"},
      {"long-form integer length", "30070281010102 0101"},
      {"length with a leading zero octet", "30820006020101020101"},
      {"outer length too long", "3007020101020101"},
      {"outer length too short", "3005020101020101"},
      {"trailing byte", "300602010102010100"},
      {"trailing element in the sequence", "3009020101020101020101"},
      {"missing s", "3003020101"},
      {"empty integer", "30050200020101"},
      {"negative r", "3006020181020101"},
      {"negative s", "30060201010201ff"},
      {"zero r", "3006020100020101"},
      {"zero s", "3006020101020100"},
      {"non-minimal leading zero", "300702020001020101"},
      {"two leading zeros", "30080203000080020101"},
      {"r one octet too wide", "3026022101" + r32 + "020101"},
      {"truncated", "30060201010201"},
      {"only a tag", "30"},
  };
  for (const auto& [what, hex] : bad) {
    std::string clean;
    for (char c : hex) {
      if (c != ' ') clean.push_back(c);
    }
    EXPECT_THAT(ecdsa_der_to_raw(KeyType::kP256, unhex(clean)), HasError(ErrorCode::kMalformed))
        << what;
  }
  EXPECT_THAT(ecdsa_der_to_raw(KeyType::kEd25519, unhex("3006020101020101")),
              HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(ecdsa_der_to_raw(KeyType::kX25519, unhex("3006020101020101")),
              HasError(ErrorCode::kInvalidArgument));
}

TEST(EcdsaDerTest, TruncationsAndBitFlipsNeverCrash) {
  // A valid encoding, cut at every length, and with every bit flipped: each either fails or
  // yields 64 bytes (some flips inside r or s still give valid DER).
  const Bytes der = unhex("3045022100" + std::string("ff") + std::string(62, '1') + "0220" +
                          std::string("7f") + std::string(62, '2'));
  for (std::size_t len = 0; len < der.size(); ++len) {
    EXPECT_THAT(ecdsa_der_to_raw(KeyType::kP256, ByteSpan(der).first(len)),
                HasError(ErrorCode::kMalformed))
        << len;
  }
  for (std::size_t i = 0; i < der.size() * 8; ++i) {
    Bytes bad = der;
    bad[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    auto r = ecdsa_der_to_raw(KeyType::kP256, bad);
    if (r.has_value()) {
      EXPECT_EQ(r->size(), 64u);
      EXPECT_GE(i, 5u * 8) << "a header bit flip must not parse";
    }
  }
}

}  // namespace
}  // namespace plx::crypto
