#include "bbs/core.hpp"

#include <string>

#include "bbs/ct_hook.hpp"
#include "plx/core/ct.hpp"
#include "plx/core/secret.hpp"

namespace plx::zkp::bbs::internal {
namespace {

using bls12_381::G2;
using bls12_381::G2Prepared;

constexpr std::size_t kPointSize = 48;

// r, big-endian (draft §7.2: the order of G1 and G2).
constexpr std::array<std::uint8_t, 32> kOrderBe = {
    0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
    0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

Error malformed(std::string message, std::string where) {
  return Error(ErrorCode::kMalformed, std::move(message), std::move(where));
}

// BP2, the G2 generator, with its Miller-loop lines computed once.
const G2Prepared& bp2_prepared() {
  static const G2Prepared kBp2(G2Affine::generator());
  return kBp2;
}

G1Affine negate(const G1Affine& p) {
  G1Affine out = p;
  out.y = -p.y;
  return out;
}

void append_point(Bytes& out, const G1Affine& p) { append(out, p.to_compressed()); }
void append_scalar(Bytes& out, const Fr& s) { append(out, s.to_bytes()); }

// Parses a compressed G1 point that must not be the identity (octets_to_signature step 2,
// octets_to_proof step 7).
Result<G1Affine> parse_g1(ByteSpan bytes, std::string_view name, std::string_view where,
                          std::size_t offset) {
  auto p = G1Affine::from_compressed(bytes);
  if (!p.has_value()) {
    return malformed(std::string(name) + " (bytes " + std::to_string(offset) + ".." +
                         std::to_string(offset + kPointSize - 1) +
                         ") is not a valid G1 point: " + p.error().message,
                     std::string(where));
  }
  if (p->infinity) {
    return malformed(std::string(name) + " is the identity point", std::string(where));
  }
  return *p;
}

// A scalar that must be in [1, r) (octets_to_signature step 4, octets_to_proof step 15).
Result<Fr> parse_nonzero_scalar(ByteSpan bytes, std::string_view name, std::string_view where,
                                std::size_t offset) {
  auto s = Fr::from_bytes(bytes);
  if (!s.has_value()) {
    return malformed(std::string(name) + " (bytes " + std::to_string(offset) + ".." +
                         std::to_string(offset + kScalarSize - 1) +
                         ") is not below the group order r",
                     std::string(where));
  }
  if (s->is_zero().declassify()) {
    return malformed(std::string(name) + " is zero", std::string(where));
  }
  return *s;
}

// ProofChallengeCalculate (§3.6.4 / §4.6): hash_to_scalar of R, (i_k, msg_ik)..., Abar, Bbar, D,
// T1, T2, domain, I2OSP(length(ph), 8), ph. Points are affine and public.
Fr challenge(const Suite& s, const G1Affine& abar, const G1Affine& bbar, const G1Affine& d,
             const G1Affine& t1, const G1Affine& t2, std::span<const std::size_t> idx,
             std::span<const Fr> disclosed, const Fr& domain, ByteSpan ph) {
  Bytes in;
  in.reserve(8 + idx.size() * 40 + 5 * kPointSize + kScalarSize + 8 + ph.size());
  append_u64(in, idx.size());
  for (std::size_t k = 0; k < idx.size(); ++k) {
    append_u64(in, idx[k]);
    append_scalar(in, disclosed[k]);
  }
  append_point(in, abar);
  append_point(in, bbar);
  append_point(in, d);
  append_point(in, t1);
  append_point(in, t2);
  append_scalar(in, domain);
  append_u64(in, ph.size());
  append(in, ph);
  return hash_to_scalar(s, in, s.h2s_dst);
}

std::string count_text(std::size_t n, std::string_view what) {
  return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

}  // namespace

// ---- serialization ----------------------------------------------------------------------------

Result<Signature> octets_to_signature(ByteSpan bytes) {
  if (bytes.size() != kSignatureSize) {
    return malformed("a BBS signature is " + std::to_string(kSignatureSize) +
                         " bytes (A: 48, e: 32), got " + std::to_string(bytes.size()),
                     "signature");
  }
  PLX_TRY(G1Affine a, parse_g1(bytes.first(kPointSize), "A", "signature", 0));
  PLX_TRY(Fr e, parse_nonzero_scalar(bytes.subspan(kPointSize), "e", "signature", kPointSize));
  return Signature{a, e};
}

std::array<std::uint8_t, kSignatureSize> signature_to_octets(const Signature& s) {
  std::array<std::uint8_t, kSignatureSize> out{};
  const auto a = s.a.to_compressed();
  const auto e = s.e.to_bytes();
  std::copy(a.begin(), a.end(), out.begin());
  std::copy(e.begin(), e.end(), out.begin() + kPointSize);
  return out;
}

Result<Proof> octets_to_proof(ByteSpan bytes) {
  if (bytes.size() < kProofMinSize) {
    return malformed("a BBS proof is at least " + std::to_string(kProofMinSize) + " bytes, got " +
                         std::to_string(bytes.size()),
                     "proof");
  }
  if ((bytes.size() - kProofMinSize) % kScalarSize != 0) {
    return malformed("a BBS proof is 272 + 32·U bytes (U undisclosed messages), got " +
                         std::to_string(bytes.size()),
                     "proof");
  }
  const std::size_t u = (bytes.size() - kProofMinSize) / kScalarSize;
  if (u > kMaxMessages) {
    return malformed("the proof has " + std::to_string(u) + " undisclosed messages, more than " +
                         std::to_string(kMaxMessages),
                     "proof");
  }
  Proof p;
  std::size_t at = 0;
  auto point = [&](std::string_view name) -> Result<G1Affine> {
    auto r = parse_g1(bytes.subspan(at, kPointSize), name, "proof", at);
    at += kPointSize;
    return r;
  };
  auto scalar = [&](std::string_view name) -> Result<Fr> {
    auto r = parse_nonzero_scalar(bytes.subspan(at, kScalarSize), name, "proof", at);
    at += kScalarSize;
    return r;
  };
  PLX_TRY(p.abar, point("Abar"));
  PLX_TRY(p.bbar, point("Bbar"));
  PLX_TRY(p.d, point("D"));
  PLX_TRY(p.e_hat, scalar("e^"));
  PLX_TRY(p.r1_hat, scalar("r1^"));
  PLX_TRY(p.r3_hat, scalar("r3^"));
  p.m_hat.reserve(u);
  for (std::size_t j = 0; j < u; ++j) {
    PLX_TRY(Fr m, scalar("m^_" + std::to_string(j + 1)));
    p.m_hat.push_back(m);
  }
  PLX_TRY(p.challenge, scalar("challenge"));
  return p;
}

Bytes proof_to_octets(const Proof& p) {
  Bytes out;
  out.reserve(proof_size(p.m_hat.size()));
  append_point(out, p.abar);
  append_point(out, p.bbar);
  append_point(out, p.d);
  append_scalar(out, p.e_hat);
  append_scalar(out, p.r1_hat);
  append_scalar(out, p.r3_hat);
  for (const Fr& m : p.m_hat) append_scalar(out, m);
  append_scalar(out, p.challenge);
  return out;
}

Result<G2Affine> octets_to_pubkey(ByteSpan bytes) {
  if (bytes.size() != kPublicKeySize) {
    return malformed("a BBS public key is 96 bytes (a compressed G2 point), got " +
                         std::to_string(bytes.size()),
                     "public_key");
  }
  auto w = G2Affine::from_compressed(bytes);
  if (!w.has_value()) {
    return malformed("not a valid G2 point: " + w.error().message, "public_key");
  }
  if (w->infinity) return malformed("the public key is the identity point", "public_key");
  return *w;
}

// ---- keys ---------------------------------------------------------------------------------------

Result<Fr> keygen(const Suite& s, ByteSpan key_material, ByteSpan key_info, ByteSpan key_dst) {
  // KeyGen (§3.4.1): derive_input = key_material || I2OSP(length(key_info), 2) || key_info;
  // SK = hash_to_scalar(derive_input, key_dst).
  if (key_material.size() < 32) {
    return Error(ErrorCode::kInvalidArgument,
                 "key_material must be at least 32 bytes, got " + std::to_string(key_material.size()),
                 "key_material");
  }
  if (key_info.size() > 65535) {
    return Error(ErrorCode::kInvalidArgument,
                 "key_info must be at most 65535 bytes, got " + std::to_string(key_info.size()),
                 "key_info");
  }
  if (key_dst.empty()) {
    return Error(ErrorCode::kInvalidArgument, "key_dst must not be empty", "key_dst");
  }
  SecretBytes input(key_material);
  const std::uint8_t len[2] = {static_cast<std::uint8_t>(key_info.size() >> 8),
                               static_cast<std::uint8_t>(key_info.size())};
  input.append(len);
  input.append(key_info);
  Fr sk = hash_to_scalar(s, input.expose_secret(), key_dst);
  ct::Choice zero = sk.is_zero();
  declassify_value(zero);
  if (zero.declassify()) {
    return Error(ErrorCode::kInvalidArgument, "the key material derives the invalid key 0",
                 "key_material");
  }
  return sk;
}

std::array<std::uint8_t, kPublicKeySize> sk_to_pk(const Fr& sk) {
  const G2 w_jac = G2::generator().mul(sk);
  G2Affine w;
  G2::batch_to_affine(std::span(&w_jac, 1), std::span(&w, 1));  // constant time
  declassify_value(w);  // W = SK·BP2 is the public key
  return w.to_compressed();
}

Result<Fr> secret_key_from_bytes(ByteSpan bytes) {
  if (bytes.size() != kSecretKeySize) {
    return Error(ErrorCode::kInvalidArgument,
                 "a BBS secret key is 32 bytes, got " + std::to_string(bytes.size()), "secret_key");
  }
  // bytes < r: the borrow out of bytes - r, from the last (least significant) byte up.
  std::uint64_t borrow = 0;
  std::uint64_t any = 0;
  for (std::size_t i = kSecretKeySize; i-- > 0;) {
    const std::uint64_t diff = std::uint64_t{bytes[i]} - kOrderBe[i] - borrow;
    borrow = (diff >> 63) & 1;
    any |= bytes[i];
  }
  ct::Choice ok = ct::Choice::from_bit(borrow) & !ct::is_zero(any);
  declassify_value(ok);
  if (!ok.declassify()) {
    return Error(ErrorCode::kInvalidArgument, "the secret key is not in [1, r-1]", "secret_key");
  }
  return Fr::from_bytes_wide(bytes);
}

// ---- core operations ----------------------------------------------------------------------------

Fr calculate_domain(const Suite& s, ByteSpan pk, const Generators& gens, std::size_t L,
                    ByteSpan header) {
  // §4.5: dom_input = PK || I2OSP(L, 8) || Q_1 || H_1 || ... || H_L || api_id ||
  //                   I2OSP(length(header), 8) || header.
  Bytes in;
  in.reserve(pk.size() + 8 + kPointSize * (L + 1) + s.api_id.size() + 8 + header.size());
  append(in, pk);
  append_u64(in, L);
  for (std::size_t k = 1; k <= L + 1; ++k) append(in, gens.compressed(k));
  append(in, s.api_id);
  append_u64(in, header.size());
  append(in, header);
  return hash_to_scalar(s, in, s.h2s_dst);
}

Result<std::array<std::uint8_t, kSignatureSize>> core_sign(const Suite& s, const Fr& sk,
                                                           ByteSpan pk, ByteSpan header,
                                                           std::span<const Fr> messages,
                                                           SignTrace* trace) {
  const std::size_t L = messages.size();
  if (L > kMaxMessages) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(kMaxMessages) + " messages, got " + std::to_string(L),
                 "messages");
  }
  auto gens = generators(s, L);
  const Fr domain = calculate_domain(s, pk, *gens, L, header);

  // e = hash_to_scalar(serialize((SK, msg_1, ..., msg_L, domain)), signature_dst) (§3.6.1).
  SecretBytes e_input;
  {
    auto sk_bytes = sk.to_bytes();
    e_input.append(sk_bytes);
    plx::internal::secure_wipe(sk_bytes.data(), sk_bytes.size());
  }
  for (const Fr& m : messages) e_input.append(m.to_bytes());
  e_input.append(domain.to_bytes());
  const Fr e = hash_to_scalar(s, e_input.expose_secret(), s.h2s_dst);
  e_input.clear();
  declassify_value(e);  // e is half of the signature

  // B = P1 + Q_1·domain + H_1·msg_1 + ... + H_L·msg_L, over the fixed-base tables. B does not
  // depend on SK, but the messages are a holder's claims, most of which no verifier will ever
  // see: the issuer's signing time must not depend on them, so B is constant-time too.
  std::vector<Fr> scalars;
  scalars.reserve(L + 2);
  scalars.push_back(Fr::one());
  scalars.push_back(domain);
  scalars.insert(scalars.end(), messages.begin(), messages.end());
  const G1 b = gens->msm(scalars);

  Fr denom = sk + e;
  ct::Choice zero = denom.is_zero();
  declassify_value(zero);
  if (zero.declassify()) {
    return Error(ErrorCode::kInternal, "SK + e is zero; cannot sign", "secret_key");
  }
  Fr inv = denom.inverse();
  const G1 a_jac = b.mul(inv);
  G1Affine a;
  G1::batch_to_affine(std::span(&a_jac, 1), std::span(&a, 1));  // constant time
  denom.wipe();
  inv.wipe();
  declassify_value(a);  // A is half of the signature
  if (trace != nullptr) {
    trace->b = b.to_affine();
    trace->domain = domain;
  }
  return signature_to_octets(Signature{a, e});
}

Status core_verify(const Suite& s, const PublicKey& pk, ByteSpan signature, ByteSpan header,
                   std::span<const Fr> messages) {
  PLX_TRY(Signature sig, octets_to_signature(signature));
  const std::size_t L = messages.size();
  if (L > kMaxMessages) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(kMaxMessages) + " messages, got " + std::to_string(L),
                 "messages");
  }
  auto gens = generators(s, L);
  const Fr domain = calculate_domain(s, pk.bytes(), *gens, L, header);

  // -09 check: e(A, W)·e(A·e − B, BP2) = 1, i.e. the e·BP2 term moved to G1 where it is cheap.
  // A·e − B = A·e − P1 − Q_1·domain − Σ H_i·msg_i: one fixed-base MSM with negated scalars.
  std::vector<Fr> neg;
  neg.reserve(L + 2);
  neg.push_back(-Fr::one());
  neg.push_back(-domain);
  for (const Fr& m : messages) neg.push_back(-m);
  const G1 x = G1(sig.a).mul_vartime(sig.e) + gens->msm_vartime(neg);
  const G1Affine pts[2] = {sig.a, x.to_affine()};
  const G2Prepared* qs[2] = {&pk.impl().prepared, &bp2_prepared()};
  if (!bls12_381::pairing_product_is_one(pts, qs)) {
    return Error(ErrorCode::kVerificationFailed,
                 "the BBS signature does not verify for this public key, header and " +
                     count_text(L, "message"),
                 "signature");
  }
  return ok_status();
}

Status check_disclosed_indexes(std::span<const std::size_t> indexes, std::size_t L) {
  for (std::size_t k = 0; k < indexes.size(); ++k) {
    if (indexes[k] >= L) {
      return Error(ErrorCode::kInvalidArgument,
                   "index " + std::to_string(indexes[k]) + " (position " + std::to_string(k) +
                       ") is out of range for " + count_text(L, "message"),
                   "disclosed_indexes");
    }
    if (k > 0 && indexes[k] <= indexes[k - 1]) {
      return Error(ErrorCode::kInvalidArgument,
                   "indexes must be strictly ascending; position " + std::to_string(k) + " has " +
                       std::to_string(indexes[k]) + " after " + std::to_string(indexes[k - 1]),
                   "disclosed_indexes");
    }
  }
  return ok_status();
}

Result<Bytes> core_proof_gen(const Suite& s, const PublicKey& pk, ByteSpan signature,
                             ByteSpan header, ByteSpan ph, std::span<const Fr> messages,
                             std::span<const std::size_t> disclosed_indexes,
                             std::span<const Fr> random_scalars, ProofTrace* trace) {
  PLX_TRY(Signature sig, octets_to_signature(signature));
  const std::size_t L = messages.size();
  if (L > kMaxMessages) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(kMaxMessages) + " messages, got " + std::to_string(L),
                 "messages");
  }
  PLX_RETURN_IF_ERROR(check_disclosed_indexes(disclosed_indexes, L));
  const std::size_t R = disclosed_indexes.size();
  const std::size_t U = L - R;
  if (random_scalars.size() != U + 5) {
    return Error(ErrorCode::kInvalidArgument,
                 "ProofGen needs U + 5 = " + std::to_string(U + 5) + " random scalars, got " +
                     std::to_string(random_scalars.size()),
                 "random_scalars");
  }
  // Which messages are undisclosed is public (the verifier sees the indexes).
  std::vector<std::size_t> undisclosed;
  std::vector<Fr> disclosed_msgs;
  undisclosed.reserve(U);
  disclosed_msgs.reserve(R);
  for (std::size_t i = 0, k = 0; i < L; ++i) {
    if (k < R && disclosed_indexes[k] == i) {
      disclosed_msgs.push_back(messages[i]);
      ++k;
    } else {
      undisclosed.push_back(i);
    }
  }

  auto gens = generators(s, L);
  const Fr domain = calculate_domain(s, pk.bytes(), *gens, L, header);
  const Fr& r1 = random_scalars[0];
  const Fr& r2 = random_scalars[1];
  const Fr& e_tilde = random_scalars[2];
  const Fr& r1_tilde = random_scalars[3];
  const Fr& r3_tilde = random_scalars[4];
  const std::span<const Fr> m_tilde = random_scalars.subspan(5);

  // ProofInit (§3.6.3). The undisclosed messages, A, e and the random scalars are secrets of the
  // prover: everything that touches them is constant time.
  // B = P1 + Q_1·domain + Σ_i H_i·msg_i splits into a public part (P1, Q_1 and the disclosed
  // messages, which the verifier sees: variable time) and a secret part over the undisclosed
  // generators only (constant time). bases()[0] = P1, [1] = Q_1, [1 + i] = H_i (1-based i).
  std::vector<std::size_t> pub_idx;
  std::vector<Fr> pub_s;
  pub_idx.reserve(R + 2);
  pub_s.reserve(R + 2);
  pub_idx.push_back(0);
  pub_s.push_back(Fr::one());
  pub_idx.push_back(1);
  pub_s.push_back(domain);
  for (std::size_t k = 0; k < R; ++k) {
    pub_idx.push_back(2 + disclosed_indexes[k]);
    pub_s.push_back(disclosed_msgs[k]);
  }
  std::vector<std::size_t> sec_idx(U);
  std::vector<Fr> sec_s(U);
  for (std::size_t k = 0; k < U; ++k) {
    sec_idx[k] = 2 + undisclosed[k];
    sec_s[k] = messages[undisclosed[k]];
  }
  const G1 b = gens->msm_at_vartime(pub_idx, pub_s) + gens->msm_at(sec_idx, sec_s);
  for (Fr& x : sec_s) x.wipe();

  Fr r1r2 = r1 * r2;
  const G1 d = b.mul(r2);                // D = B·r2
  const G1 abar = G1(sig.a).mul(r1r2);   // Abar = A·(r1·r2)
  r1r2.wipe();
  G1Affine da[2];
  {
    const G1 both[2] = {d, abar};
    G1::batch_to_affine(both, da);
  }
  const G1Affine d_aff = da[0];
  const G1Affine abar_aff = da[1];

  Fr neg_e = -sig.e;
  const Fr bbar_s[2] = {r1, neg_e};
  const G1 bbar = bls12_381::msm(da, bbar_s);  // Bbar = D·r1 − Abar·e
  neg_e.wipe();
  const G1Affine t1_pts[2] = {abar_aff, d_aff};
  const Fr t1_s[2] = {e_tilde, r1_tilde};
  const G1 t1 = bls12_381::msm(t1_pts, t1_s);  // T1 = Abar·e~ + D·r1~

  // T2 = D·r3~ + Σ_j H_j·m~_j over the undisclosed generators only (which ones is public).
  const G1 t2 = gens->msm_at(sec_idx, m_tilde) + d.mul(r3_tilde);

  // One inversion normalises the three new points; Abar, Bbar, D go into the proof and T1, T2 are
  // recomputed by every verifier from the proof, so all five are public.
  G1Affine out[3];
  {
    const G1 pts[3] = {bbar, t1, t2};
    G1::batch_to_affine(pts, out);
  }
  G1Affine abar_pub = abar_aff, bbar_pub = out[0], d_pub = d_aff, t1_pub = out[1], t2_pub = out[2];
  declassify_value(abar_pub);
  declassify_value(bbar_pub);
  declassify_value(d_pub);
  declassify_value(t1_pub);
  declassify_value(t2_pub);

  Fr c = challenge(s, abar_pub, bbar_pub, d_pub, t1_pub, t2_pub, disclosed_indexes, disclosed_msgs,
                   domain, ph);
  declassify_value(c);

  // ProofFinalize (§3.6.3).
  Proof p;
  p.abar = abar_pub;
  p.bbar = bbar_pub;
  p.d = d_pub;
  p.challenge = c;
  Fr r3 = r2.inverse();
  p.e_hat = e_tilde + sig.e * c;
  p.r1_hat = r1_tilde - r1 * c;
  p.r3_hat = r3_tilde - r3 * c;
  r3.wipe();
  p.m_hat.reserve(U);
  for (std::size_t k = 0; k < U; ++k) p.m_hat.push_back(m_tilde[k] + messages[undisclosed[k]] * c);
  // The responses are the proof: uniformly distributed, public.
  declassify_value(p.e_hat);
  declassify_value(p.r1_hat);
  declassify_value(p.r3_hat);
  if (!p.m_hat.empty()) declassify(p.m_hat.data(), p.m_hat.size() * sizeof(Fr));
  if (trace != nullptr) {
    *trace = ProofTrace{abar_pub, bbar_pub, d_pub, t1_pub, t2_pub, domain, c};
  }
  return proof_to_octets(p);
}

Status core_proof_verify(const Suite& s, const PublicKey& pk, ByteSpan proof_bytes, ByteSpan header,
                         ByteSpan ph, std::span<const Fr> disclosed_messages,
                         std::span<const std::size_t> disclosed_indexes, ProofTrace* trace) {
  if (disclosed_messages.size() != disclosed_indexes.size()) {
    return Error(ErrorCode::kInvalidArgument,
                 count_text(disclosed_messages.size(), "disclosed message") + " but " +
                     count_text(disclosed_indexes.size(), "disclosed index") + "; they must pair up",
                 "disclosed_messages");
  }
  for (std::size_t k = 1; k < disclosed_indexes.size(); ++k) {
    if (disclosed_indexes[k] <= disclosed_indexes[k - 1]) {
      return Error(ErrorCode::kInvalidArgument,
                   "indexes must be strictly ascending; position " + std::to_string(k) + " has " +
                       std::to_string(disclosed_indexes[k]) + " after " +
                       std::to_string(disclosed_indexes[k - 1]),
                   "disclosed_indexes");
    }
  }
  PLX_TRY(Proof p, octets_to_proof(proof_bytes));
  const std::size_t R = disclosed_indexes.size();
  const std::size_t U = p.m_hat.size();
  const std::size_t L = R + U;
  if (L > kMaxMessages) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(kMaxMessages) + " messages, got " + std::to_string(L),
                 "disclosed_messages");
  }
  if (R > 0 && disclosed_indexes.back() >= L) {
    return Error(ErrorCode::kVerificationFailed,
                 "disclosed index " + std::to_string(disclosed_indexes.back()) +
                     " is beyond the proof's " + count_text(L, "message") + " (" +
                     std::to_string(R) + " disclosed + " + std::to_string(U) + " undisclosed)",
                 "disclosed_indexes");
  }

  auto gens = generators(s, L);
  const Fr domain = calculate_domain(s, pk.bytes(), *gens, L, header);
  const Fr& c = p.challenge;

  // ProofVerifyInit (§3.6.5).
  // T1 = Bbar·c + Abar·e^ + D·r1^
  const G1Affine t1_pts[3] = {p.bbar, p.abar, p.d};
  const Fr t1_s[3] = {c, p.e_hat, p.r1_hat};
  const G1 t1 = bls12_381::msm_vartime(t1_pts, t1_s);
  // T2 = Bv·c + D·r3^ + Σ_j H_j·m^_j with Bv = P1 + Q_1·domain + Σ_i H_i·msg_i, folded into one
  // fixed-base MSM over P1, Q_1, H_1..H_L: every H_i gets c·msg_i (disclosed) or m^_i.
  std::vector<Fr> t2_s;
  t2_s.reserve(L + 2);
  t2_s.push_back(c);
  t2_s.push_back(c * domain);
  for (std::size_t i = 0, k = 0, j = 0; i < L; ++i) {
    if (k < R && disclosed_indexes[k] == i) {
      t2_s.push_back(c * disclosed_messages[k++]);
    } else {
      t2_s.push_back(p.m_hat[j++]);
    }
  }
  const G1 t2 = gens->msm_vartime(t2_s) + G1(p.d).mul_vartime(p.r3_hat);
  G1Affine t[2];
  {
    const G1 pts[2] = {t1, t2};
    G1::batch_to_affine(pts, t);
  }
  const Fr cv = challenge(s, p.abar, p.bbar, p.d, t[0], t[1], disclosed_indexes,
                          disclosed_messages, domain, ph);
  if (trace != nullptr) *trace = ProofTrace{p.abar, p.bbar, p.d, t[0], t[1], domain, cv};
  if (!cv.equals(c).declassify()) {
    return Error(ErrorCode::kVerificationFailed,
                 "the BBS proof does not verify: its challenge does not match the disclosed "
                 "messages, header, presentation header and commitments",
                 "proof");
  }
  // e(Abar, W)·e(Bbar, −BP2) = 1, written as e(Abar, W)·e(−Bbar, BP2) so that both G2 points
  // have precomputed lines.
  const G1Affine pts[2] = {p.abar, negate(p.bbar)};
  const G2Prepared* qs[2] = {&pk.impl().prepared, &bp2_prepared()};
  if (!bls12_381::pairing_product_is_one(pts, qs)) {
    return Error(ErrorCode::kVerificationFailed,
                 "the BBS proof does not verify for this public key (pairing check failed)",
                 "proof");
  }
  return ok_status();
}

// ---- randomness ---------------------------------------------------------------------------------

std::vector<Fr> calculate_random_scalars(std::size_t count) {
  std::vector<Fr> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(Fr::random());
  return out;
}

Result<std::vector<Fr>> seeded_random_scalars(const Suite& s, ByteSpan seed, ByteSpan dst,
                                              std::size_t count) {
  if (count == 0) return std::vector<Fr>{};
  if (count > 65535 / kExpandLen) {
    return Error(ErrorCode::kInvalidArgument,
                 "at most " + std::to_string(65535 / kExpandLen) + " mocked scalars", "count");
  }
  const Bytes v = expand(s, seed, dst, kExpandLen * count);
  std::vector<Fr> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(Fr::from_bytes_wide(ByteSpan(v).subspan(i * kExpandLen, kExpandLen)));
  }
  return out;
}

}  // namespace plx::zkp::bbs::internal
