// did:key: creation and resolution (W3C CCG did:key spec, "Document Creation Algorithm",
// "Signature Method Creation Algorithm", "Encryption Method Creation Algorithm").
#include "plx/did/methods/key.hpp"

#include <cstdio>

#include "driver_util.hpp"
#include "plx/core/encoding.hpp"
#include "plx/core/multiformats.hpp"
#include "plx/crypto/jwk.hpp"
#include "plx/zkp/bbs.hpp"
#include "plx/zkp/bls12_381/g1.hpp"
#include "plx/zkp/bls12_381/g2.hpp"

namespace plx::did::key {

namespace {

constexpr std::size_t kMaxMultibaseLength = 2048;

Error invalid(std::string message) {
  return Error(ErrorCode::kMalformed, std::move(message), "method-specific-id");
}

std::string hex_code(std::uint64_t code) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(code));
  return buf;
}

// What a multicodec means to did:key.
enum class Kind { kKey, kBlsG1, kBlsG2, kBlsG1G2 };
struct CodecInfo {
  Multicodec code;
  const char* name;
  std::size_t length;  // exact raw key length did:key requires
  Kind kind;
  crypto::KeyType key_type;  // for kKey
};
constexpr CodecInfo kCodecs[] = {
    {Multicodec::kEd25519Pub, "Ed25519", 32, Kind::kKey, crypto::KeyType::kEd25519},
    {Multicodec::kX25519Pub, "X25519", 32, Kind::kKey, crypto::KeyType::kX25519},
    {Multicodec::kSecp256k1Pub, "secp256k1", 33, Kind::kKey, crypto::KeyType::kSecp256k1},
    {Multicodec::kP256Pub, "P-256", 33, Kind::kKey, crypto::KeyType::kP256},
    {Multicodec::kP384Pub, "P-384", 49, Kind::kKey, crypto::KeyType::kP384},
    {Multicodec::kBls12381G1Pub, "BLS12-381 G1", 48, Kind::kBlsG1, crypto::KeyType::kEd25519},
    {Multicodec::kBls12381G2Pub, "BLS12-381 G2", 96, Kind::kBlsG2, crypto::KeyType::kEd25519},
    {Multicodec::kBls12381G1G2Pub, "BLS12-381 G1+G2", 144, Kind::kBlsG1G2,
     crypto::KeyType::kEd25519},
};

const CodecInfo* find_codec(std::uint64_t code) {
  for (const auto& c : kCodecs) {
    if (static_cast<std::uint64_t>(c.code) == code) return &c;
  }
  return nullptr;
}

// BLS12-381 keys must be compressed points on the curve, in the prime-order subgroup and not the
// identity (draft-irtf-cfrg-bbs-signatures §4.2.4.5 octets_to_pubkey for G2; the same checks for
// G1 keys), so that a did:key never names a key no verifier could use.
Status check_bls_g1(ByteSpan raw, std::string_view what) {
  auto p = zkp::bls12_381::G1Affine::from_compressed(raw);
  if (!p.has_value()) return invalid("invalid " + std::string(what) + ": " + p.error().message);
  if (p->infinity) return invalid("invalid " + std::string(what) + ": the identity point");
  return ok_status();
}
Status check_bls_g2(ByteSpan raw, std::string_view what) {
  auto p = zkp::bls12_381::G2Affine::from_compressed(raw);
  if (!p.has_value()) return invalid("invalid " + std::string(what) + ": " + p.error().message);
  if (p->infinity) return invalid("invalid " + std::string(what) + ": the identity point");
  return ok_status();
}
Status check_bls(Kind kind, ByteSpan raw) {
  switch (kind) {
    case Kind::kBlsG1:
      return check_bls_g1(raw, "BLS12-381 G1 public key");
    case Kind::kBlsG2:
      return check_bls_g2(raw, "BLS12-381 G2 public key");
    case Kind::kBlsG1G2:
      PLX_RETURN_IF_ERROR(check_bls_g1(raw.first(48), "BLS12-381 G1 half of the G1+G2 key"));
      return check_bls_g2(raw.subspan(48), "BLS12-381 G2 half of the G1+G2 key");
    case Kind::kKey:
      break;
  }
  return ok_status();
}

struct DecodedKey {
  const CodecInfo* info;
  Bytes raw;
};

Result<DecodedKey> decode(const Did& did) {
  if (did.method() != kMethod) {
    return Error(ErrorCode::kInvalidArgument, "not a did:key", did.to_string());
  }
  const std::string_view mb = did.method_specific_id();
  if (mb.find(':') != std::string_view::npos) {
    return invalid(
        "a did:key has exactly one method-specific-id segment (the multibase key); "
        "found ':'");
  }
  // Base58 decoding is quadratic in the input; no public key did:key can carry (the largest,
  // RSA-4096, is about 720 characters) comes near this bound, so longer input is refused before
  // decoding rather than spending time on it.
  if (mb.size() > kMaxMultibaseLength) {
    return invalid("the method-specific-id is " + std::to_string(mb.size()) +
                   " characters, longer than any did:key public key (" +
                   std::to_string(kMaxMultibaseLength) + ")");
  }
  if (mb.front() != 'z') {
    return invalid(std::string("the key must be multibase base58btc, starting with 'z'; found '") +
                   mb.front() + "'");
  }
  auto bytes = base58btc_decode(mb.substr(1));
  if (!bytes.has_value()) return invalid("bad base58btc: " + internal::describe(bytes.error()));
  auto wrapped = multicodec_unwrap(*bytes);
  if (!wrapped.has_value()) {
    return invalid("bad multicodec prefix: " + internal::describe(wrapped.error()));
  }
  const std::uint64_t code = wrapped->code;
  const CodecInfo* info = find_codec(code);
  if (info == nullptr) {
    if (code == static_cast<std::uint64_t>(Multicodec::kP521Pub) ||
        code == static_cast<std::uint64_t>(Multicodec::kRsaPub)) {
      return Error(
          ErrorCode::kUnsupported,
          std::string(code == static_cast<std::uint64_t>(Multicodec::kRsaPub) ? "RSA" : "P-521") +
              " keys (multicodec " + hex_code(code) +
              ") are not supported by Parallax: it does not sign or verify with them",
          "method-specific-id");
    }
    // The multicodec table puts private keys at 0x1300-0x13ff (ed25519-priv, ...).
    const auto name = multicodec_name(code);
    if ((code >= 0x1300 && code <= 0x13ff) || (name.has_value() && name->ends_with("-priv"))) {
      return invalid("multicodec " + hex_code(code) +
                     " is a private key; a did:key must hold a "
                     "public key");
    }
    return invalid("unknown public key multicodec " + hex_code(code));
  }
  if (wrapped->data.size() != info->length) {
    std::string msg =
        std::string(info->name) + " public key must be " + std::to_string(info->length) + " bytes";
    if (info->kind == Kind::kKey && info->length != 32) msg += " (SEC1 compressed point)";
    msg += ", got " + std::to_string(wrapped->data.size());
    return invalid(std::move(msg));
  }
  if (info->kind != Kind::kKey) PLX_RETURN_IF_ERROR(check_bls(info->kind, wrapped->data));
  return DecodedKey{info, std::move(wrapped->data)};
}

Result<crypto::PublicKey> to_public_key(const DecodedKey& k) {
  auto key = crypto::PublicKey::from_raw(k.info->key_type, k.raw);
  if (!key.has_value()) {
    return invalid(std::string("invalid ") + k.info->name +
                   " public key: " + internal::describe(key.error()));
  }
  return key;
}

std::string fragment_id(const Did& did, std::string_view multibase) {
  return did.to_string() + "#" + std::string(multibase);
}

VerificationMethod key_method(const Did& did, const crypto::PublicKey& key, Format format) {
  const std::string mb = key.multikey();
  VerificationMethod m{.id = fragment_id(did, mb), .type = "", .controller = did};
  if (format == Format::kJsonWebKey2020) {
    m.type = std::string(kTypeJsonWebKey2020);
    m.public_key_jwk = crypto::public_key_to_jwk(key);
  } else {
    m.type = std::string(kTypeMultikey);
    m.public_key_multibase = mb;
  }
  return m;
}

// BLS keys have no crypto::PublicKey yet, so they are carried as Multikey in either format.
VerificationMethod bls_method(const Did& did, Multicodec code, ByteSpan raw) {
  const std::string mb = multibase_encode(Multibase::kBase58Btc, multicodec_wrap(code, raw));
  VerificationMethod m{
      .id = fragment_id(did, mb), .type = std::string(kTypeMultikey), .controller = did};
  m.public_key_multibase = mb;
  return m;
}

void add_signing(Document& doc, const std::string& id) {
  for (Relationship r :
       {Relationship::kAuthentication, Relationship::kAssertionMethod,
        Relationship::kCapabilityInvocation, Relationship::kCapabilityDelegation}) {
    doc.relationship(r).push_back(MethodEntry::reference(id));
  }
}

}  // namespace

Did create(const crypto::PublicKey& key) {
  auto did = Did::from_parts(kMethod, key.multikey());
  // A multikey is 'z' + base58btc, all idchars, so this cannot fail.
  PLX_CHECK(did.has_value());
  return *std::move(did);
}

Did create(const zkp::bbs::PublicKey& key) {
  const std::string mb =
      multibase_encode(Multibase::kBase58Btc, multicodec_wrap(Multicodec::kBls12381G2Pub, key.bytes()));
  auto did = Did::from_parts(kMethod, mb);
  PLX_CHECK(did.has_value());
  return *std::move(did);
}

Result<zkp::bbs::PublicKey> bbs_public_key(const Did& did) {
  PLX_TRY(auto decoded, decode(did));
  if (decoded.info->kind != Kind::kBlsG2) {
    return Error(ErrorCode::kUnsupported,
                 std::string("a BBS public key is a BLS12-381 G2 key (multicodec 0xeb); this "
                             "did:key holds a ") +
                     decoded.info->name + " key",
                 "method-specific-id");
  }
  auto key = zkp::bbs::PublicKey::from_bytes(decoded.raw);
  if (!key.has_value()) return invalid("invalid BLS12-381 G2 public key: " + key.error().message);
  return key;
}

Result<crypto::PublicKey> public_key(const Did& did) {
  PLX_TRY(auto decoded, decode(did));
  if (decoded.info->kind != Kind::kKey) {
    return Error(ErrorCode::kUnsupported,
                 std::string(decoded.info->name) +
                     " keys have no crypto::PublicKey form yet (they arrive with the BBS module)",
                 "method-specific-id");
  }
  return to_public_key(decoded);
}

Result<Document> resolve_document(const Did& did, const Options& options) {
  PLX_TRY(auto decoded, decode(did));
  Document doc(did);
  switch (decoded.info->kind) {
    case Kind::kKey: {
      PLX_TRY(auto key, to_public_key(decoded));
      // The multikey of a key decoded from this DID re-encodes to the same text: base58btc and
      // minimal varints have one spelling, and from_raw keeps compressed points as given.
      VerificationMethod m = key_method(did, key, options.format);
      if (key.type() == crypto::KeyType::kX25519) {
        doc.key_agreement.push_back(MethodEntry::reference(m.id));
        doc.verification_method.push_back(std::move(m));
        break;
      }
      add_signing(doc, m.id);
      doc.verification_method.push_back(std::move(m));
      if (key.type() == crypto::KeyType::kEd25519 && options.enable_encryption_key_derivation) {
        auto x = crypto::x25519_from_ed25519(key);
        if (!x.has_value()) {
          return invalid("the Ed25519 key has no X25519 form: " + internal::describe(x.error()));
        }
        VerificationMethod km = key_method(did, *x, options.format);
        doc.key_agreement.push_back(MethodEntry::reference(km.id));
        doc.verification_method.push_back(std::move(km));
      }
      break;
    }
    case Kind::kBlsG1:
    case Kind::kBlsG2: {
      VerificationMethod m = bls_method(did, decoded.info->code, decoded.raw);
      add_signing(doc, m.id);
      doc.verification_method.push_back(std::move(m));
      break;
    }
    case Kind::kBlsG1G2: {
      // multicodec 0xee is a G1 key followed by a G2 key of the same secret; each becomes a
      // method of its own, with the id its single-key multikey gives it.
      const ByteSpan raw(decoded.raw);
      VerificationMethod g1 = bls_method(did, Multicodec::kBls12381G1Pub, raw.first(48));
      VerificationMethod g2 = bls_method(did, Multicodec::kBls12381G2Pub, raw.subspan(48));
      add_signing(doc, g1.id);
      add_signing(doc, g2.id);
      doc.verification_method.push_back(std::move(g1));
      doc.verification_method.push_back(std::move(g2));
      break;
    }
  }
  bool any_multikey = false;
  bool any_jwk = false;
  for (const auto& m : doc.verification_method) {
    any_multikey |= m.public_key_multibase.has_value();
    any_jwk |= m.public_key_jwk.has_value();
  }
  doc.context = Json::array({std::string(kContextDidV1)});
  if (any_multikey) doc.context.push_back(std::string(kContextMultikeyV1));
  if (any_jwk) doc.context.push_back(std::string(kContextJws2020V1));
  return doc;
}

}  // namespace plx::did::key

namespace plx::did {

Result<ResolutionResult> DidKeyResolver::resolve(std::string_view did,
                                                 const ResolutionOptions& options) const {
  return internal::resolve_locally(
      did, options, key::kMethod, [&](const Did& d) -> Result<Document> {
        key::Options opts = defaults_;
        if (options.extra.is_object()) {
          if (auto it = options.extra.find("publicKeyFormat"); it != options.extra.end()) {
            if (it->is_string() && *it == std::string(kTypeMultikey)) {
              opts.format = key::Format::kMultikey;
            } else if (it->is_string() && *it == std::string(kTypeJsonWebKey2020)) {
              opts.format = key::Format::kJsonWebKey2020;
            } else {
              // did:key spec: an unknown publicKeyFormat is an unsupportedPublicKeyType error.
              return Error(ErrorCode::kUnsupported,
                           "publicKeyFormat must be \"Multikey\" or \"JsonWebKey2020\"",
                           "publicKeyFormat");
            }
          }
          if (auto it = options.extra.find("enableEncryptionKeyDerivation");
              it != options.extra.end() && it->is_boolean()) {
            opts.enable_encryption_key_derivation = it->get<bool>();
          }
        }
        return key::resolve_document(d, opts);
      });
}

}  // namespace plx::did
