// Fixed keys and curve constants shared by the crypto test files, so failures reproduce.
#pragma once

#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plx/core/bytes.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/hash.hpp"
#include "plx/crypto/key.hpp"
#include "test_support.hpp"

namespace plx::crypto::testkeys {

// Every key type, and a GoogleTest-safe name for one (alphanumerics of key_type_name).
inline constexpr KeyType kAllKeyTypes[] = {KeyType::kEd25519, KeyType::kSecp256k1, KeyType::kP256,
                                           KeyType::kP384, KeyType::kX25519};
inline std::string key_type_label(KeyType t) {
  std::string s;
  for (char c : key_type_name(t)) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) s += c;
  }
  return s;
}
inline std::string key_type_param_name(const ::testing::TestParamInfo<KeyType>& info) {
  return key_type_label(info.param);
}

// The Wycheproof files, relative to the shared vectors folder.
inline constexpr const char* kWycheproofDir = "wycheproof/testvectors_v1/";

// Ed25519 is RFC 8037 A.1, P-256 is RFC 7515 A.3, X25519 is RFC 7748 §6.1 Alice; the others are
// hashes of a label (below n with overwhelming probability, and the leading 0x01 of P-384 makes
// sure).
inline Bytes fixed_secret(KeyType type) {
  switch (type) {
    case KeyType::kEd25519:
      return plx::testing::unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    case KeyType::kP256:
      return *base64url_decode("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI");
    case KeyType::kX25519:
      return plx::testing::unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    case KeyType::kSecp256k1: {
      const auto d = sha256(as_bytes("parallax test secp256k1"));
      return Bytes(d.begin(), d.end());
    }
    case KeyType::kP384: {
      const auto d = sha384(as_bytes("parallax test P-384"));
      Bytes b(d.begin(), d.end());
      b[0] = 0x01;
      return b;
    }
  }
  return {};
}

inline PrivateKey fixed_key(KeyType type) {
  auto key = PrivateKey::from_raw(type, fixed_secret(type));
  EXPECT_TRUE(key.has_value()) << key_type_name(type);
  return std::move(key).value();
}

// Group orders n, big-endian hex (SEC 2 §2.4.1, FIPS 186-4 §D.1.2.3-4); "" for the Edwards and
// Montgomery keys.
inline std::string order_hex(KeyType t) {
  switch (t) {
    case KeyType::kSecp256k1:
      return "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    case KeyType::kP256:
      return "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    case KeyType::kP384:
      return "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196a"
             "ccc52973";
    default:
      return "";
  }
}

}  // namespace plx::crypto::testkeys
