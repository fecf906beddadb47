// PublicKey / PrivateKey factories: known answers (RFC 8032, RFC 7748, SEC 2 / FIPS 186-4
// generators, did:key vectors), round trips through every form, and the rejections the
// validation policy in key.cpp promises.
#include "plx/crypto/key.hpp"

#include <sodium.h>

#include <string>
#include <vector>

#include "crypto_test_keys.hpp"
#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "test_support.hpp"

namespace plx::crypto {
namespace {

using testkeys::order_hex;

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::plx::testing::read_json_vector;
using ::plx::testing::unhex;

constexpr KeyType kEcTypes[] = {KeyType::kSecp256k1, KeyType::kP256, KeyType::kP384};

std::string generator_hex(KeyType t) {
  switch (t) {
    case KeyType::kSecp256k1:
      return "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    case KeyType::kP256:
      return "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    case KeyType::kP384:
      return "03aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a54"
             "5e3872760ab7";
    default:
      return "";
  }
}
std::size_t width(KeyType t) { return t == KeyType::kP384 ? 48 : 32; }

// Big-endian a + delta (delta may be negative), same width, wrapping.
Bytes add_small(Bytes a, int delta) {
  int carry = delta;
  for (std::size_t i = a.size(); i-- > 0 && carry != 0;) {
    int v = a[i] + carry;
    carry = v < 0 ? -1 : (v > 255 ? 1 : 0);
    a[i] = static_cast<std::uint8_t>(v & 0xff);
  }
  return a;
}

// ---------------------------------------------------------------- names

TEST(KeyTypeTest, NamesRoundTrip) {
  for (KeyType t : testkeys::kAllKeyTypes) {
    auto parsed = key_type_from_name(key_type_name(t));
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(*parsed, t);
  }
  EXPECT_EQ(key_type_name(KeyType::kP256), "P-256");
  EXPECT_EQ(key_type_name(KeyType::kSecp256k1), "secp256k1");
  for (std::string_view bad : {"P-256K", "p-256", "ed25519", "P-521", "", "Ed448", "X448"}) {
    EXPECT_THAT(key_type_from_name(bad), HasError(ErrorCode::kUnsupported)) << bad;
  }
}

TEST(KeyTypeTest, MulticodecsAndSigning) {
  EXPECT_EQ(public_multicodec(KeyType::kEd25519), Multicodec::kEd25519Pub);
  EXPECT_EQ(public_multicodec(KeyType::kSecp256k1), Multicodec::kSecp256k1Pub);
  EXPECT_EQ(public_multicodec(KeyType::kP256), Multicodec::kP256Pub);
  EXPECT_EQ(public_multicodec(KeyType::kP384), Multicodec::kP384Pub);
  EXPECT_EQ(public_multicodec(KeyType::kX25519), Multicodec::kX25519Pub);
  for (KeyType t : testkeys::kAllKeyTypes) EXPECT_EQ(can_sign(t), t != KeyType::kX25519);
}

// ---------------------------------------------------------------- known answers

TEST(KeyTest, Ed25519Rfc8032Test1) {
  // RFC 8032 §7.1 TEST 1.
  auto k = PrivateKey::from_raw(
      KeyType::kEd25519, unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(hex_encode(k->public_key().raw()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(k->public_key().uncompressed(), k->public_key().raw());
}

TEST(KeyTest, X25519Rfc7748Section6_1) {
  auto alice = PrivateKey::from_raw(
      KeyType::kX25519, unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  auto bob = PrivateKey::from_raw(
      KeyType::kX25519, unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  ASSERT_THAT(alice, IsOk());
  ASSERT_THAT(bob, IsOk());
  EXPECT_EQ(hex_encode(alice->public_key().raw()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(hex_encode(bob->public_key().raw()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  auto ab = x25519_agree(*alice, bob->public_key());
  auto ba = x25519_agree(*bob, alice->public_key());
  ASSERT_THAT(ab, IsOk());
  ASSERT_THAT(ba, IsOk());
  EXPECT_EQ(hex_encode(ab->expose_secret()),
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_TRUE(*ab == *ba);
}

class EcKeyTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(EcKeyTest, ScalarOneIsGeneratorAndNMinusOneIsItsNegation) {
  const KeyType t = GetParam();
  Bytes one(width(t), 0);
  one.back() = 1;
  auto k1 = PrivateKey::from_raw(t, one);
  ASSERT_THAT(k1, IsOk());
  EXPECT_EQ(hex_encode(k1->public_key().raw()), generator_hex(t));

  auto kn1 = PrivateKey::from_raw(t, add_small(unhex(order_hex(t)), -1));
  ASSERT_THAT(kn1, IsOk());
  Bytes neg_g = unhex(generator_hex(t));
  neg_g[0] ^= 0x01;  // same x, the other y: prefix 02 <-> 03
  EXPECT_EQ(kn1->public_key().raw(), neg_g);
}

TEST_P(EcKeyTest, ScalarsOutOfRangeAreRejected) {
  const KeyType t = GetParam();
  const Bytes n = unhex(order_hex(t));
  const std::vector<Bytes> bad = {Bytes(width(t), 0), n, add_small(n, 1), Bytes(width(t), 0xff)};
  for (const Bytes& s : bad) {
    EXPECT_THAT(PrivateKey::from_raw(t, s), HasError(ErrorCode::kMalformed)) << hex_encode(s);
  }
  // The message never carries the scalar.
  auto r = PrivateKey::from_raw(t, n);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message.find(hex_encode(n)), std::string::npos);
  EXPECT_EQ(r.error().message.find(order_hex(t)), std::string::npos);
}

TEST_P(EcKeyTest, WrongLengths) {
  const KeyType t = GetParam();
  const std::size_t w = width(t);
  for (std::size_t len : {std::size_t{0}, w - 1, w + 1, 2 * w}) {
    Bytes s(len, 0x01);
    EXPECT_THAT(PrivateKey::from_raw(t, s), HasError(ErrorCode::kMalformed)) << len;
  }
  const Bytes g = unhex(generator_hex(t));
  for (std::size_t len : {std::size_t{0}, std::size_t{1}, w, w + 2, 2 * w, 2 * w + 2}) {
    Bytes p(len, 0x02);
    EXPECT_THAT(PublicKey::from_raw(t, p), HasError(ErrorCode::kMalformed)) << len;
  }
  EXPECT_THAT(PublicKey::from_raw(t, g), IsOk());
}

TEST_P(EcKeyTest, InvalidPointsAreRejected) {
  const KeyType t = GetParam();
  const std::size_t w = width(t);
  auto g = PublicKey::from_raw(t, unhex(generator_hex(t)));
  ASSERT_THAT(g, IsOk());
  const Bytes full = g->uncompressed();
  ASSERT_EQ(full.size(), 1 + 2 * w);
  ASSERT_EQ(full[0], 0x04);

  std::vector<std::pair<std::string, Bytes>> bad;
  // y flipped in its last bit: (x, y^1) is not on the curve (y^2 changes).
  Bytes off = full;
  off.back() ^= 0x01;
  bad.emplace_back("y off the curve", off);
  // Hybrid encodings (SEC1 0x06/0x07) of a valid point.
  Bytes hybrid = full;
  hybrid[0] = static_cast<std::uint8_t>(0x06 | (full.back() & 1));
  bad.emplace_back("hybrid", hybrid);
  hybrid[0] ^= 0x01;
  bad.emplace_back("hybrid, wrong parity", hybrid);
  // Bad prefixes.
  Bytes comp = unhex(generator_hex(t));
  for (std::uint8_t prefix : {0x00, 0x01, 0x04, 0x05, 0xff}) {
    Bytes c = comp;
    c[0] = prefix;
    bad.emplace_back("compressed prefix " + std::to_string(prefix), c);
  }
  Bytes u = full;
  u[0] = 0x02;
  bad.emplace_back("uncompressed with prefix 02", u);
  // (0, 0), which some libraries use for the point at infinity (b != 0 on all three curves).
  bad.emplace_back("zeros uncompressed", [&] {
    Bytes z(1 + 2 * w, 0);
    z[0] = 0x04;
    return z;
  }());
  // An x with no point: (x^3 + ax + b) is a non-residue (computed offline).
  Bytes nox(1 + w, 0);
  nox[0] = 0x02;
  nox.back() = t == KeyType::kSecp256k1 ? 0x00 : 0x01;
  bad.emplace_back("x without y", nox);
  // x = p - ... : an x coordinate >= p.
  Bytes bigx(1 + w, 0xff);
  bigx[0] = 0x02;
  bad.emplace_back("x >= p", bigx);

  for (const auto& [what, bytes] : bad) {
    EXPECT_THAT(PublicKey::from_raw(t, bytes), HasError(ErrorCode::kMalformed)) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(All, EcKeyTest, ::testing::ValuesIn(kEcTypes),
                         [](const auto& param_info) { return testkeys::key_type_label(param_info.param); });

TEST(KeyTest, Ed25519InvalidPublicKeys) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"identity", "0100000000000000000000000000000000000000000000000000000000000000"},
      {"zero (order 4)", "0000000000000000000000000000000000000000000000000000000000000000"},
      {"order 2", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      {"order 8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"},
      // y = 2 has no x on the curve (computed offline).
      {"not on curve", "0200000000000000000000000000000000000000000000000000000000000000"},
      // y = p + 1 (non-canonical encoding of the identity's y = 1).
      {"non-canonical y", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      {"y = 2^255 - 1", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
      // [12345]B + T8: on the curve, not small order, but not in the prime-order subgroup.
      {"mixed order", "40a4cf5c611d737a2f1c6fcca84d9cabfed80987f186a5a6c57e629bff1af27f"},
  };
  for (const auto& [what, hex] : bad) {
    EXPECT_THAT(PublicKey::from_raw(KeyType::kEd25519, unhex(hex)), HasError(ErrorCode::kMalformed))
        << what;
  }
  // [12345]B itself is fine, and so is the base point.
  EXPECT_THAT(PublicKey::from_raw(KeyType::kEd25519,
                                  unhex("ef4f62f8479733ad879cfaced3c89a9c39dd4fc795ef2efa1c3eafe4d7"
                                        "29a081")),
              IsOk());
  EXPECT_THAT(PublicKey::from_raw(KeyType::kEd25519,
                                  unhex("58666666666666666666666666666666666666666666666666666666666"
                                        "66666")),
              IsOk());
}

// from_raw's Ed25519 check is our own variable-time code; libsodium's constant-time
// crypto_core_ed25519_is_valid_point is the reference it must agree with, on honest keys, on
// each of them plus every multiple of an order-8 point (mixed order), and on random 32 bytes.
TEST(KeyTest, Ed25519ValidationAgreesWithLibsodium) {
  ASSERT_GE(sodium_init(), 0);
  const Bytes t8 = unhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
  std::size_t accepted = 0, refused = 0;
  auto check = [&](const std::uint8_t* p) {
    const bool ours = PublicKey::from_raw(KeyType::kEd25519, ByteSpan(p, 32)).has_value();
    const bool theirs = crypto_core_ed25519_is_valid_point(p) == 1;
    EXPECT_EQ(ours, theirs) << hex_encode(ByteSpan(p, 32));
    (ours ? accepted : refused) += 1;
  };
  for (int i = 0; i < 64; ++i) {
    std::uint8_t pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    check(pk);
    std::uint8_t mixed[32], t[32];
    std::copy(t8.begin(), t8.end(), t);
    for (int j = 1; j < 8; ++j) {  // pk + [j]T8, then the next multiple of T8
      ASSERT_EQ(crypto_core_ed25519_add(mixed, pk, t), 0);
      check(mixed);
      ASSERT_EQ(crypto_core_ed25519_add(t, t, t8.data()), 0);
    }
    std::uint8_t noise[32];
    randombytes_buf(noise, sizeof noise);
    check(noise);
  }
  // 64 honest keys accepted; 448 mixed-order points refused; the random strings split.
  EXPECT_GE(accepted, 64u);
  EXPECT_GE(refused, 448u);
}

TEST(KeyTest, OkpWrongLengths) {
  for (KeyType t : {KeyType::kEd25519, KeyType::kX25519}) {
    for (std::size_t len : {0u, 31u, 33u, 64u}) {
      EXPECT_THAT(PublicKey::from_raw(t, Bytes(len, 9)), HasError(ErrorCode::kMalformed))
          << testkeys::key_type_label(t) << " " << len;
      EXPECT_THAT(PrivateKey::from_raw(t, Bytes(len, 9)), HasError(ErrorCode::kMalformed))
          << testkeys::key_type_label(t) << " " << len;
    }
  }
}

// ---------------------------------------------------------------- round trips

class KeyRoundTripTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(KeyRoundTripTest, EveryForm) {
  const KeyType t = GetParam();
  for (int i = 0; i < 8; ++i) {
    auto k = PrivateKey::generate(t);
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(k->type(), t);
    const PublicKey& pub = k->public_key();
    EXPECT_EQ(pub.type(), t);
    EXPECT_EQ(pub.raw().size(), t == KeyType::kP384 ? 49u : (t == KeyType::kEd25519 ||
                                                             t == KeyType::kX25519
                                                                 ? 32u
                                                                 : 33u));

    auto from_raw = PublicKey::from_raw(t, pub.raw());
    ASSERT_THAT(from_raw, IsOk());
    EXPECT_EQ(*from_raw, pub);

    const Bytes full = pub.uncompressed();
    auto from_full = PublicKey::from_raw(t, full);
    ASSERT_THAT(from_full, IsOk());
    EXPECT_EQ(*from_full, pub);
    EXPECT_EQ(from_full->raw(), pub.raw());  // canonical output is compressed

    const std::string mk = pub.multikey();
    EXPECT_EQ(mk.front(), 'z');
    auto from_mk = PublicKey::from_multikey(mk);
    ASSERT_THAT(from_mk, IsOk());
    EXPECT_EQ(*from_mk, pub);

    auto again = PrivateKey::from_raw(t, k->secret().expose_secret());
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again->public_key(), pub);
    EXPECT_TRUE(again->secret() == k->secret());

    PrivateKey c = k->clone();
    EXPECT_TRUE(c.secret() == k->secret());
    EXPECT_EQ(c.public_key(), pub);
  }
}

TEST_P(KeyRoundTripTest, MultikeyPrefixes) {
  const KeyType t = GetParam();
  auto k = PrivateKey::generate(t);
  ASSERT_THAT(k, IsOk());
  // The well-known did:key prefixes that the multicodec varints produce in base58btc.
  const std::string mk = k->public_key().multikey();
  switch (t) {
    case KeyType::kEd25519:
      EXPECT_EQ(mk.substr(0, 4), "z6Mk");
      break;
    case KeyType::kSecp256k1:
      EXPECT_EQ(mk.substr(0, 4), "zQ3s");
      break;
    case KeyType::kP256:
      EXPECT_EQ(mk.substr(0, 4), "zDna");
      break;
    case KeyType::kP384:
      EXPECT_EQ(mk.substr(0, 4), "z82L");
      break;
    case KeyType::kX25519:
      EXPECT_EQ(mk.substr(0, 4), "z6LS");
      break;
  }
}

TEST_P(KeyRoundTripTest, GeneratedKeysDiffer) {
  auto a = PrivateKey::generate(GetParam());
  auto b = PrivateKey::generate(GetParam());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_FALSE(a->secret() == b->secret());
  EXPECT_NE(a->public_key(), b->public_key());
}

INSTANTIATE_TEST_SUITE_P(All, KeyRoundTripTest, ::testing::ValuesIn(testkeys::kAllKeyTypes),
                         [](const auto& param_info) { return testkeys::key_type_label(param_info.param); });

// ---------------------------------------------------------------- Multikey errors

TEST(MultikeyTest, Rejections) {
  auto k = PrivateKey::generate(KeyType::kP256);
  ASSERT_THAT(k, IsOk());
  const PublicKey& pub = k->public_key();

  // Not base58btc.
  EXPECT_THAT(PublicKey::from_multikey(""), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(PublicKey::from_multikey(
                  multibase_encode(Multibase::kBase64Url,
                                   multicodec_wrap(Multicodec::kP256Pub, pub.raw()))),
              HasError(ErrorCode::kMalformed));
  EXPECT_THAT(PublicKey::from_multikey("z0OIl"), HasError(ErrorCode::kMalformed));
  EXPECT_THAT(PublicKey::from_multikey("z"), HasError(ErrorCode::kMalformed));

  // A P-256 point carried uncompressed: same key, second identifier -> refused.
  EXPECT_THAT(PublicKey::from_multikey(multibase_encode(
                  Multibase::kBase58Btc, multicodec_wrap(Multicodec::kP256Pub, pub.uncompressed()))),
              HasError(ErrorCode::kMalformed));
  // Right codec, wrong key bytes.
  EXPECT_THAT(PublicKey::from_multikey(multibase_encode(
                  Multibase::kBase58Btc, multicodec_wrap(Multicodec::kP384Pub, pub.raw()))),
              HasError(ErrorCode::kMalformed));
  // Codecs we do not handle, including private-key codecs.
  for (Multicodec c : {Multicodec::kP521Pub, Multicodec::kBls12381G2Pub, Multicodec::kRsaPub,
                       Multicodec::kEd25519Priv, Multicodec::kSecp256k1Priv}) {
    EXPECT_THAT(PublicKey::from_multikey(
                    multibase_encode(Multibase::kBase58Btc, multicodec_wrap(c, pub.raw()))),
                HasError(ErrorCode::kUnsupported))
        << static_cast<std::uint64_t>(c);
  }
}

// ---------------------------------------------------------------- did:key vectors

std::string did_suffix(const std::string& did) { return did.substr(std::string("did:key:").size()); }

Bytes b58(const std::string& s) {
  auto b = base58btc_decode(s);
  EXPECT_THAT(b, IsOk()) << s;
  return b.has_value() ? *b : Bytes{};
}
Bytes b64u(const std::string& s) {
  auto b = base64url_decode(s);
  EXPECT_THAT(b, IsOk()) << s;
  return b.has_value() ? *b : Bytes{};
}

TEST(DidKeyVectorsTest, Ed25519AndDerivedX25519) {
  const Json v = read_json_vector("did-key/test-vectors/ed25519-x25519.json");
  ASSERT_TRUE(v.is_object());
  int checked = 0;
  for (const auto& [did, entry] : v.items()) {
    SCOPED_TRACE(did);
    auto k = PrivateKey::from_raw(KeyType::kEd25519, unhex(entry["seed"].get<std::string>()));
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(k->public_key().multikey(), did_suffix(did));
    auto parsed = PublicKey::from_multikey(did_suffix(did));
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(*parsed, k->public_key());
    const Json& vkp = entry["verificationKeyPair"];
    if (vkp.contains("publicKeyBase58")) {
      EXPECT_EQ(k->public_key().raw(), b58(vkp["publicKeyBase58"].get<std::string>()));
    }

    // The keyAgreement key is the X25519 image of the Ed25519 key (did:key §"Encryption Method
    // Creation Algorithm"); the public and private conversions must agree with each other.
    const Json& kak = entry["keyAgreementKeyPair"];
    auto xpub = x25519_from_ed25519(k->public_key());
    auto xpriv = x25519_from_ed25519(*k);
    ASSERT_THAT(xpub, IsOk());
    ASSERT_THAT(xpriv, IsOk());
    EXPECT_EQ(xpriv->public_key(), *xpub);
    // The id is "#<multikey>", sometimes prefixed by the DID.
    const std::string kak_id = kak["id"].get<std::string>();
    EXPECT_EQ(kak_id.substr(kak_id.find('#') + 1), xpub->multikey());
    if (kak.contains("publicKeyBase58")) {
      EXPECT_EQ(xpub->raw(), b58(kak["publicKeyBase58"].get<std::string>()));
    }
    if (kak.contains("privateKeyBase58")) {
      EXPECT_EQ(hex_encode(xpriv->secret().expose_secret()),
                hex_encode(b58(kak["privateKeyBase58"].get<std::string>())));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST(DidKeyVectorsTest, Secp256k1) {
  const Json v = read_json_vector("did-key/test-vectors/secp256k1.json");
  ASSERT_TRUE(v.is_object());
  int checked = 0;
  for (const auto& [did, entry] : v.items()) {
    SCOPED_TRACE(did);
    const Json& vkp = entry["verificationKeyPair"];
    Bytes secret;
    if (vkp.contains("privateKeyBase58")) {
      secret = b58(vkp["privateKeyBase58"].get<std::string>());
    } else {
      secret = b64u(vkp["privateKeyJwk"]["d"].get<std::string>());
    }
    auto k = PrivateKey::from_raw(KeyType::kSecp256k1, secret);
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(k->public_key().multikey(), did_suffix(did));
    if (vkp.contains("publicKeyBase58")) {
      EXPECT_EQ(k->public_key().raw(), b58(vkp["publicKeyBase58"].get<std::string>()));
    }
    auto parsed = PublicKey::from_multikey(did_suffix(did));
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(*parsed, k->public_key());
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(DidKeyVectorsTest, NistCurves) {
  const Json v = read_json_vector("did-key/test-vectors/nist-curves.json");
  ASSERT_TRUE(v.is_object());
  int p256 = 0, p384 = 0, p521 = 0;
  for (const auto& [did, entry] : v.items()) {
    SCOPED_TRACE(did);
    auto parsed = PublicKey::from_multikey(did_suffix(did));
    const Json& vm = entry["verificationMethod"];
    if (!vm.contains("publicKeyJwk")) {
      EXPECT_THAT(parsed, IsOk());  // a P-256 DID given without a JWK
      continue;
    }
    const std::string crv = vm["publicKeyJwk"]["crv"].get<std::string>();
    if (crv == "P-521") {
      EXPECT_THAT(parsed, HasError(ErrorCode::kUnsupported));
      ++p521;
      continue;
    }
    ASSERT_THAT(parsed, IsOk());
    auto type = key_type_from_name(crv);
    ASSERT_THAT(type, IsOk());
    EXPECT_EQ(parsed->type(), *type);
    Bytes full = {0x04};
    append(full, b64u(vm["publicKeyJwk"]["x"].get<std::string>()));
    append(full, b64u(vm["publicKeyJwk"]["y"].get<std::string>()));
    EXPECT_EQ(parsed->uncompressed(), full);
    auto k = PrivateKey::from_raw(*type, b64u(vm["privateKeyJwk"]["d"].get<std::string>()));
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(k->public_key(), *parsed);
    (*type == KeyType::kP256 ? p256 : p384)++;
  }
  EXPECT_EQ(p256, 2);
  EXPECT_EQ(p384, 2);
  EXPECT_EQ(p521, 2);
}

TEST(DidKeyVectorsTest, X25519) {
  const Json v = read_json_vector("did-key/test-vectors/x25519.json");
  ASSERT_TRUE(v.is_object() && v.contains("didDocument"));
  int checked = 0;
  for (const auto& [did, doc] : v["didDocument"].items()) {
    SCOPED_TRACE(did);
    auto parsed = PublicKey::from_multikey(did_suffix(did));
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(parsed->type(), KeyType::kX25519);
    const Json& vm = doc.at("verificationMethod").at(0);
    if (vm.contains("publicKeyBase58")) {
      EXPECT_EQ(parsed->raw(), b58(vm.at("publicKeyBase58").get<std::string>()));
    } else {
      EXPECT_EQ(parsed->raw(), b64u(vm.at("publicKeyJwk").at("x").get<std::string>()));
    }
    EXPECT_EQ(parsed->multikey(), did_suffix(did));
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

// ---------------------------------------------------------------- X25519

TEST(X25519Test, AgreementIsSymmetric) {
  for (int i = 0; i < 16; ++i) {
    auto a = PrivateKey::generate(KeyType::kX25519);
    auto b = PrivateKey::generate(KeyType::kX25519);
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    auto ab = x25519_agree(*a, b->public_key());
    auto ba = x25519_agree(*b, a->public_key());
    ASSERT_THAT(ab, IsOk());
    ASSERT_THAT(ba, IsOk());
    EXPECT_TRUE(*ab == *ba);
  }
}

TEST(X25519Test, LowOrderPublicKeysGiveNoSecret) {
  auto a = PrivateKey::generate(KeyType::kX25519);
  ASSERT_THAT(a, IsOk());
  for (const char* hex : {
           "0000000000000000000000000000000000000000000000000000000000000000",  // 0
           "0100000000000000000000000000000000000000000000000000000000000000",  // 1
           "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",  // order 8
           "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",  // order 8
           "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1
           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p (= 0)
       }) {
    auto pub = PublicKey::from_raw(KeyType::kX25519, unhex(hex));
    ASSERT_THAT(pub, IsOk()) << hex;  // any 32 bytes parse (RFC 7748 §5) ...
    EXPECT_THAT(x25519_agree(*a, *pub), HasError(ErrorCode::kVerificationFailed)) << hex;  // ...
  }
}

TEST(X25519Test, WrongKeyTypes) {
  auto ed = PrivateKey::generate(KeyType::kEd25519);
  auto x = PrivateKey::generate(KeyType::kX25519);
  auto k1 = PrivateKey::generate(KeyType::kSecp256k1);
  ASSERT_THAT(ed, IsOk());
  ASSERT_THAT(x, IsOk());
  ASSERT_THAT(k1, IsOk());
  EXPECT_THAT(x25519_agree(*ed, x->public_key()), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(x25519_agree(*x, ed->public_key()), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(x25519_from_ed25519(x->public_key()), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(x25519_from_ed25519(*k1), HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(x25519_from_ed25519(k1->public_key()), HasError(ErrorCode::kInvalidArgument));
}

TEST(X25519Test, ConvertedKeysAgree) {
  // Two Ed25519 identities derive X25519 keys (as did:key keyAgreement does) and agree.
  auto a = PrivateKey::generate(KeyType::kEd25519);
  auto b = PrivateKey::generate(KeyType::kEd25519);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  auto xa = x25519_from_ed25519(*a);
  auto xb_pub = x25519_from_ed25519(b->public_key());
  auto xb = x25519_from_ed25519(*b);
  auto xa_pub = x25519_from_ed25519(a->public_key());
  ASSERT_THAT(xa, IsOk());
  ASSERT_THAT(xb, IsOk());
  ASSERT_THAT(xa_pub, IsOk());
  ASSERT_THAT(xb_pub, IsOk());
  auto s1 = x25519_agree(*xa, *xb_pub);
  auto s2 = x25519_agree(*xb, *xa_pub);
  ASSERT_THAT(s1, IsOk());
  ASSERT_THAT(s2, IsOk());
  EXPECT_TRUE(*s1 == *s2);
}

}  // namespace
}  // namespace plx::crypto

namespace plx::crypto {
namespace {

// Multikey secretKeyMultibase: the W3C Data Integrity test vectors publish key pairs in this form
// (vc-di-eddsa keyPair.json uses the older member name privateKeyMultibase).
struct SecretMultikeyVector {
  const char* file;
  const char* member;
  KeyType type;
};

class SecretMultikeyKat : public ::testing::TestWithParam<SecretMultikeyVector> {};

TEST_P(SecretMultikeyKat, DerivesThePublishedPublicKeyAndRoundTrips) {
  const auto& v = GetParam();
  const Json pair = plx::testing::read_json_vector(v.file);
  const std::string secret = pair.at(v.member).get<std::string>();
  auto key = PrivateKey::from_multikey(secret);
  ASSERT_TRUE(key.has_value()) << key.error().to_string();
  EXPECT_EQ(key->type(), v.type);
  EXPECT_EQ(key->public_key().multikey(), pair.at("publicKeyMultibase").get<std::string>());
  SecretBytes text = key->secret_multikey();
  EXPECT_EQ(as_string_view(text.expose_secret()), secret);
}

INSTANTIATE_TEST_SUITE_P(
    DataIntegrityVectors, SecretMultikeyKat,
    ::testing::Values(
        SecretMultikeyVector{"vc-di-eddsa/TestVectors/keyPair.json", "privateKeyMultibase",
                             KeyType::kEd25519},
        SecretMultikeyVector{"vc-di-ecdsa/TestVectors/p256KeyPair.json", "secretKeyMultibase",
                             KeyType::kP256},
        SecretMultikeyVector{"vc-di-ecdsa/TestVectors/p384KeyPair.json", "secretKeyMultibase",
                             KeyType::kP384}),
    [](const ::testing::TestParamInfo<SecretMultikeyVector>& p) {
      std::string name(key_type_name(p.param.type));
      std::erase(name, '-');
      return name;
    });

TEST(SecretMultikey, RoundTripsEveryKeyType) {
  for (KeyType t : {KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kP256, KeyType::kP384,
                    KeyType::kX25519}) {
    auto key = PrivateKey::generate(t);
    ASSERT_TRUE(key.has_value());
    SecretBytes text = key->secret_multikey();
    auto back = PrivateKey::from_multikey(as_string_view(text.expose_secret()));
    ASSERT_TRUE(back.has_value()) << key_type_name(t) << ": " << back.error().to_string();
    EXPECT_EQ(back->type(), t);
    EXPECT_TRUE(back->secret() == key->secret());
    EXPECT_EQ(back->public_key(), key->public_key());
  }
}

TEST(SecretMultikey, RejectsPublicKeysWrongPrefixesAndTruncation) {
  auto key = PrivateKey::generate(KeyType::kEd25519);
  ASSERT_TRUE(key.has_value());
  // A public Multikey is not a secret one.
  EXPECT_THAT(PrivateKey::from_multikey(key->public_key().multikey()),
              plx::testing::HasError(ErrorCode::kUnsupported));
  SecretBytes text = key->secret_multikey();
  const std::string s(as_string_view(text.expose_secret()));
  EXPECT_THAT(PrivateKey::from_multikey("u" + s.substr(1)),
              plx::testing::HasError(ErrorCode::kMalformed));
  EXPECT_THAT(PrivateKey::from_multikey(""), plx::testing::HasError(ErrorCode::kMalformed));
  EXPECT_THAT(PrivateKey::from_multikey(s + "0"), plx::testing::HasError(ErrorCode::kMalformed));
  for (std::size_t n = 1; n < s.size(); ++n) {
    auto r = PrivateKey::from_multikey(s.substr(0, n));
    ASSERT_FALSE(r.has_value()) << "truncated to " << n;
    // Never quote the secret text in an error.
    EXPECT_EQ(r.error().message.find(s.substr(1, 8)), std::string::npos);
  }
}

}  // namespace
}  // namespace plx::crypto
