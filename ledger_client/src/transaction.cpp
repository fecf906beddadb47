// Transaction encoding, signing and the stateless signature check (docs/ledger-formats.md §2).
#include "plx/ledger_client/transaction.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "plx/core/multiformats.hpp"
#include "plx/crypto/ed25519_batch.hpp"
#include "plx/crypto/ed25519_eighth.hpp"
#include "plx/ledger_client/operations.hpp"

namespace plx::ledger {
namespace {

// Identifiers in a transaction are printable ASCII with no spaces: DID URLs and chain ids are
// ASCII by their grammars (W3C DID Core §3.1 percent-encodes everything else), and a single
// spelling per byte keeps the encoding canonical.
Status check_ascii_field(std::string_view field, std::string_view value, std::size_t max_len) {
  if (value.empty()) return Error(ErrorCode::kMalformed, "must not be empty", std::string(field));
  if (value.size() > max_len) {
    return Error(ErrorCode::kMalformed,
                 "longer than " + std::to_string(max_len) + " bytes (" +
                     std::to_string(value.size()) + ")",
                 std::string(field));
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x21 || c > 0x7e) {
      return Error(ErrorCode::kMalformed,
                   "byte " + std::to_string(i) + " is not printable ASCII", std::string(field));
    }
  }
  return ok_status();
}

Status check_signer_key(ByteSpan key) {
  if (key.size() > kMaxSignerKeyLength) {
    return Error(ErrorCode::kMalformed, "longer than any supported Multikey", "signer_public_key");
  }
  auto mc = multicodec_unwrap(key);
  if (!mc) return mc.error().within("signer_public_key");
  if (mc->code == static_cast<std::uint64_t>(Multicodec::kEd25519Pub)) {
    if (mc->data.size() != 32) {
      return Error(ErrorCode::kMalformed, "an Ed25519 key is 32 bytes", "signer_public_key");
    }
    return ok_status();
  }
  if (mc->code == static_cast<std::uint64_t>(Multicodec::kSecp256k1Pub)) {
    // Multikey carries secp256k1 keys compressed only, so one key has one encoding.
    if (mc->data.size() != 33 || (mc->data[0] != 0x02 && mc->data[0] != 0x03)) {
      return Error(ErrorCode::kMalformed, "a secp256k1 key is a 33-byte compressed SEC1 point",
                   "signer_public_key");
    }
    return ok_status();
  }
  return Error(ErrorCode::kUnsupported,
               "multicodec " + std::to_string(mc->code) +
                   " is not ed25519-pub (237) or secp256k1-pub (231)",
               "signer_public_key");
}

bool known_op(std::uint8_t op) {
  return op >= static_cast<std::uint8_t>(OpCode::kCreateDid) &&
         op <= static_cast<std::uint8_t>(OpCode::kUpdateStatus);
}

}  // namespace

std::string_view op_name(OpCode op) noexcept {
  switch (op) {
    case OpCode::kCreateDid:
      return "create_did";
    case OpCode::kUpdateDid:
      return "update_did";
    case OpCode::kDeactivateDid:
      return "deactivate_did";
    case OpCode::kCreateStatusList:
      return "create_status_list";
    case OpCode::kUpdateStatus:
      return "update_status";
  }
  return "unknown";
}

void Transaction::encode_to(Writer& w) const {
  w.u8(kTxVersion)
      .string(chain_id)
      .string(signer)
      .bytes(signer_public_key)
      .u64(nonce)
      .u8(static_cast<std::uint8_t>(op))
      .bytes(payload);
}

Bytes Transaction::encode() const {
  Writer w(32 + chain_id.size() + signer.size() + signer_public_key.size() + payload.size());
  encode_to(w);
  return std::move(w).take();
}

Status Transaction::validate() const {
  PLX_RETURN_IF_ERROR(check_ascii_field("chain_id", chain_id, kMaxChainIdLength));
  PLX_RETURN_IF_ERROR(check_ascii_field("signer", signer, kMaxSignerLength));
  PLX_RETURN_IF_ERROR(check_signer_key(signer_public_key));
  if (!known_op(static_cast<std::uint8_t>(op))) {
    return Error(ErrorCode::kUnsupported,
                 "unknown op code " + std::to_string(static_cast<unsigned>(op)), "op");
  }
  if (payload.size() > kMaxPayloadLength) {
    return Error(ErrorCode::kMalformed,
                 "payload of " + std::to_string(payload.size()) + " bytes exceeds " +
                     std::to_string(kMaxPayloadLength),
                 "payload");
  }
  return ok_status();
}

Bytes Transaction::signing_input() const {
  Writer w(kTxSigningDomain.size() + 32 + chain_id.size() + signer.size() +
           signer_public_key.size() + payload.size());
  w.fixed(as_bytes(kTxSigningDomain));
  encode_to(w);
  return std::move(w).take();
}

namespace {

Result<Transaction> read_transaction(Reader& r) {
  PLX_TRY(std::uint8_t version, r.u8("version"));
  if (version != kTxVersion) {
    return Error(ErrorCode::kUnsupported,
                 "unknown transaction version " + std::to_string(version), "version at offset 0");
  }
  Transaction tx;
  PLX_TRY(tx.chain_id, r.string("chain_id", kMaxChainIdLength));
  PLX_TRY(tx.signer, r.string("signer", kMaxSignerLength));
  PLX_TRY(tx.signer_public_key, r.bytes("signer_public_key", kMaxSignerKeyLength));
  PLX_TRY(tx.nonce, r.u64("nonce"));
  const std::size_t op_offset = r.offset();
  PLX_TRY(std::uint8_t op, r.u8("op"));
  if (!known_op(op)) {
    return Error(ErrorCode::kUnsupported, "unknown op code " + std::to_string(op),
                 "op at offset " + std::to_string(op_offset));
  }
  tx.op = static_cast<OpCode>(op);
  PLX_TRY(tx.payload, r.bytes("payload", kMaxPayloadLength));
  PLX_RETURN_IF_ERROR(tx.validate());
  return tx;
}

}  // namespace

Result<Transaction> Transaction::decode(ByteSpan data) {
  Reader r(data);
  PLX_TRY(Transaction tx, read_transaction(r));
  PLX_RETURN_IF_ERROR(r.expect_end("transaction"));
  return tx;
}

Bytes SignedTransaction::encode() const {
  Writer w(40 + tx.chain_id.size() + tx.signer.size() + tx.signer_public_key.size() +
           tx.payload.size() + signature.size());
  tx.encode_to(w);
  w.bytes(signature);
  return std::move(w).take();
}

Result<SignedTransaction> SignedTransaction::decode(ByteSpan data) {
  if (data.size() > kMaxSignedTxLength) {
    return Error(ErrorCode::kMalformed,
                 "longer than the largest transaction (" + std::to_string(data.size()) + " > " +
                     std::to_string(kMaxSignedTxLength) + " bytes)",
                 "signed_transaction");
  }
  Reader r(data);
  SignedTransaction stx;
  PLX_TRY(stx.tx, read_transaction(r));
  const std::size_t sig_offset = r.offset();
  PLX_TRY(stx.signature, r.bytes("signature", kTxSignatureLength));
  if (stx.signature.size() != kTxSignatureLength) {
    return r.error_at("signature", "must be exactly 64 bytes", sig_offset);
  }
  PLX_RETURN_IF_ERROR(r.expect_end("signed_transaction"));
  return stx;
}

TxId SignedTransaction::id() const { return sha256(encode()); }

Result<crypto::PublicKey> signer_public_key(const Transaction& tx) {
  // Decoding checks the point (for Ed25519 the prime-order-subgroup check costs about as much as
  // the verification itself), and the answer depends only on the bytes. The signature checks
  // call this for secp256k1 keys, which issuers revoking credentials reuse for many
  // transactions, and for a create's Ed25519 key (check_key below), so each thread keeps the keys
  // it validated last: no lock on the signature-checking workers, bounded memory. Looked up by
  // string_view, so that a hit copies no key bytes.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using Memory = std::unordered_map<std::string, crypto::PublicKey, KeyHash, std::equal_to<>>;
  thread_local Memory validated;
  const std::string_view bytes = as_string_view(tx.signer_public_key);
  if (auto it = validated.find(bytes); it != validated.end()) return it->second;
  PLX_RETURN_IF_ERROR(check_signer_key(tx.signer_public_key));
  PLX_TRY(MulticodecValue mc, multicodec_unwrap(tx.signer_public_key));
  const auto type = mc.code == static_cast<std::uint64_t>(Multicodec::kEd25519Pub)
                        ? crypto::KeyType::kEd25519
                        : crypto::KeyType::kSecp256k1;
  auto key = crypto::PublicKey::from_raw(type, mc.data);
  if (!key) return key.error().within("signer_public_key");
  if (validated.size() >= 1024) validated.clear();
  validated.emplace(std::string(bytes), *key);
  return key;
}

Result<Bytes> multikey_bytes(const crypto::PublicKey& key) {
  switch (key.type()) {
    case crypto::KeyType::kEd25519:
      return multicodec_wrap(Multicodec::kEd25519Pub, key.raw());
    case crypto::KeyType::kSecp256k1:
      return multicodec_wrap(Multicodec::kSecp256k1Pub, key.raw());
    default:
      return Error(ErrorCode::kUnsupported,
                   std::string("ledger transactions are signed with Ed25519 or secp256k1, not ") +
                       std::string(crypto::key_type_name(key.type())),
                   "key");
  }
}

Result<SignedTransaction> sign_transaction(Transaction tx, const crypto::Signer& signer) {
  if (signer.algorithm() != crypto::Algorithm::kEdDSA &&
      signer.algorithm() != crypto::Algorithm::kES256K) {
    return Error(ErrorCode::kUnsupported,
                 std::string("ledger transactions are signed with EdDSA or ES256K, not ") +
                     std::string(crypto::algorithm_name(signer.algorithm())),
                 "signer");
  }
  PLX_TRY(Bytes mk, multikey_bytes(signer.public_key()));
  if (tx.signer_public_key.empty()) tx.signer_public_key = mk;
  if (tx.signer_public_key != mk) {
    return Error(ErrorCode::kInvalidArgument,
                 "the signing key is not the transaction's signer_public_key", "signer_public_key");
  }
  PLX_RETURN_IF_ERROR(tx.validate());
  PLX_TRY(Bytes sig, signer.sign(tx.signing_input()));
  if (sig.size() != kTxSignatureLength) {
    return Error(ErrorCode::kInternal, "signer returned a signature of the wrong length",
                 "signature");
  }
  return SignedTransaction{std::move(tx), std::move(sig)};
}

Result<SignedTransaction> sign_transaction(Transaction tx, const crypto::PrivateKey& key) {
  PLX_TRY(auto signer, crypto::make_signer(key.clone()));
  return sign_transaction(std::move(tx), *signer);
}

namespace {

// The key that the stateless check verifies a signature under: for Ed25519 the raw 32 bytes
// (a view into tx.signer_public_key), which the cofactored verifier decodes itself, refusing
// non-canonical and small-order points; for secp256k1 the parsed key. A create's Ed25519 key is
// also checked for prime order (check_create_key), which execution relies on
// (docs/ledger-formats.md §2). Any other operation's key is not: execution authorizes only a
// key equal to one a DID document stores, and every stored Ed25519 key passed that check when
// the create or update that wrote it applied, so a key outside the subgroup fails there. This
// spares an update the check's scalar multiplication by L, which costs about as much as the
// verification itself, for a key seen only once in a long while.
struct CheckKey {
  ByteSpan ed25519;                        // set for Ed25519
  ByteSpan ed25519_eighth;                 // a create's eighth of it, checked with the signature
  std::optional<crypto::PublicKey> other;  // set for secp256k1
};

// A create's Ed25519 key must lie in the prime-order subgroup: proven by the eighth its payload
// carries, which is returned for the signature check to test where it decodes the key anyway
// (Ed25519Check::key_eighth: one point decoding and three doublings), or else checked here by
// signer_public_key (a multiplication by L), and an empty span returned. A payload that does not
// decode is execution's to report as malformed: the key is then checked the long way, as one
// without an eighth.
Result<ByteSpan> check_create_key(const Transaction& tx) {
  auto eighth = create_did_signer_key_eighth(tx.payload);
  if (eighth && !eighth->empty()) return *eighth;
  auto checked = signer_public_key(tx);
  if (!checked) return checked.error();
  return ByteSpan{};
}

Result<CheckKey> check_key(const Transaction& tx) {
  PLX_RETURN_IF_ERROR(check_signer_key(tx.signer_public_key));
  const ByteSpan key = tx.signer_public_key;
  if (key[0] == 0xed) {  // ed25519-pub (check_signer_key allows it or secp256k1-pub 0xe7 only)
    CheckKey out{key.last(32), {}, std::nullopt};
    if (tx.op == OpCode::kCreateDid) {
      PLX_TRY(out.ed25519_eighth, check_create_key(tx));
    }
    return out;
  }
  PLX_TRY(crypto::PublicKey k, signer_public_key(tx));
  return CheckKey{{}, {}, std::move(k)};
}

}  // namespace

Status verify_signature(const SignedTransaction& stx) {
  if (stx.signature.size() != kTxSignatureLength) {
    return Error(ErrorCode::kVerificationFailed, "signature must be 64 bytes", "signature");
  }
  PLX_TRY(CheckKey key, check_key(stx.tx));
  if (!key.other) {
    const Bytes input = stx.tx.signing_input();
    if (!crypto::ed25519_verify_cofactored(
            {key.ed25519, input, stx.signature, key.ed25519_eighth})) {
      if (!key.ed25519_eighth.empty() &&
          !crypto::ed25519_is_eighth(key.ed25519, key.ed25519_eighth)) {
        return Error(ErrorCode::kMalformed,
                     "the payload's signer_key_eighth is not an eighth of signer_public_key, or "
                     "the key is the neutral point",
                     "payload");
      }
      if (!crypto::ed25519_key_decodes(key.ed25519)) {
        return Error(ErrorCode::kMalformed,
                     "Ed25519 public key is not the canonical encoding of a point of large order",
                     "signer_public_key");
      }
      return Error(ErrorCode::kVerificationFailed, "Ed25519 signature does not verify",
                   "signature");
    }
    return ok_status();
  }
  auto st = crypto::verify(*key.other, stx.tx.signing_input(), stx.signature);
  if (!st) return st.error().within("signature");
  return ok_status();
}

Status verify_signatures(std::span<const SignedTransaction> txs, std::span<std::uint8_t> verdicts) {
  if (verdicts.size() != txs.size()) {
    return Error(ErrorCode::kInvalidArgument, "one verdict per transaction is needed", "verdicts");
  }
  // The Ed25519 ones are gathered for one batch. Their keys and eighths are views into the
  // transactions, their messages into `ed_inputs`, which is reserved up front so that it never
  // reallocates while the checks point into it.
  std::vector<std::size_t> ed_index;
  std::vector<Bytes> ed_inputs;
  std::vector<crypto::Ed25519Check> checks;
  ed_index.reserve(txs.size());
  ed_inputs.reserve(txs.size());
  checks.reserve(txs.size());
  for (std::size_t i = 0; i < txs.size(); ++i) {
    verdicts[i] = 0;
    if (txs[i].signature.size() != kTxSignatureLength) continue;
    auto key = check_key(txs[i].tx);
    if (!key) continue;
    if (!key->other) {
      ed_index.push_back(i);
      ed_inputs.push_back(txs[i].tx.signing_input());
      checks.push_back({key->ed25519, ed_inputs.back(), txs[i].signature, key->ed25519_eighth});
    } else {
      verdicts[i] =
          crypto::verify(*key->other, txs[i].tx.signing_input(), txs[i].signature) ? 1 : 0;
    }
  }
  std::vector<std::uint8_t> ok(checks.size());
  PLX_CHECK(crypto::ed25519_verify_batch(checks, ok));
  for (std::size_t j = 0; j < ed_index.size(); ++j) verdicts[ed_index[j]] = ok[j];
  return ok_status();
}

}  // namespace plx::ledger
