// SHA-2 (FIPS 180-4) and SHAKE-128/256 (FIPS 202 §6.2) over OpenSSL 3 EVP.
//
// Each algorithm is fetched once (EVP_MD_fetch) and the EVP_MD* is kept for the life of the
// process: an implicit fetch by name on every call costs a provider lookup, which dominates for
// the short inputs that BBS and JCS hash. A fetched EVP_MD is immutable and safe to share between
// threads. A failure inside OpenSSL here means a broken installation (no default provider), not
// bad input, so it is a PLX_CHECK rather than an Error.
#include "plx/crypto/hash.hpp"

#include <openssl/evp.h>

#include "plx/core/result.hpp"

namespace plx::crypto {
namespace {

const EVP_MD* fetch_md(HashAlgorithm alg) {
  // Function-local statics: initialised once, thread-safe (C++11 §6.7), never freed (the
  // process owns them; freeing at exit would race with other static destructors that hash).
  switch (alg) {
    case HashAlgorithm::kSha256: {
      static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
      PLX_CHECK(md != nullptr);
      return md;
    }
    case HashAlgorithm::kSha384: {
      static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-384", nullptr);
      PLX_CHECK(md != nullptr);
      return md;
    }
    case HashAlgorithm::kSha512: {
      static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-512", nullptr);
      PLX_CHECK(md != nullptr);
      return md;
    }
    case HashAlgorithm::kShake256: {
      static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHAKE-256", nullptr);
      PLX_CHECK(md != nullptr);
      return md;
    }
    case HashAlgorithm::kShake128: {
      static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHAKE-128", nullptr);
      PLX_CHECK(md != nullptr);
      return md;
    }
  }
  PLX_CHECK(false && "unknown HashAlgorithm");
  return nullptr;
}

// One-shot fixed-length digest. EVP_Digest allocates a context per call; the alternative (a
// thread_local Hasher) would keep OpenSSL state alive past thread exit for little gain.
template <std::size_t N>
std::array<std::uint8_t, N> digest_fixed(HashAlgorithm alg, ByteSpan data) {
  std::array<std::uint8_t, N> out{};
  unsigned int len = 0;
  PLX_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &len, fetch_md(alg), nullptr) == 1);
  PLX_CHECK(len == N);
  return out;
}

}  // namespace

Sha256Digest sha256(ByteSpan data) { return digest_fixed<32>(HashAlgorithm::kSha256, data); }
Sha384Digest sha384(ByteSpan data) { return digest_fixed<48>(HashAlgorithm::kSha384, data); }
Sha512Digest sha512(ByteSpan data) { return digest_fixed<64>(HashAlgorithm::kSha512, data); }

Bytes shake256(ByteSpan data, std::size_t out_len) {
  Hasher h(HashAlgorithm::kShake256);
  h.update(data);
  return h.finish(out_len);
}

std::size_t digest_size(HashAlgorithm alg) noexcept {
  switch (alg) {
    case HashAlgorithm::kSha256:
      return 32;
    case HashAlgorithm::kSha384:
      return 48;
    case HashAlgorithm::kSha512:
      return 64;
    case HashAlgorithm::kShake256:
    case HashAlgorithm::kShake128:
      return 0;
  }
  return 0;
}

bool is_xof(HashAlgorithm alg) noexcept {
  return alg == HashAlgorithm::kShake256 || alg == HashAlgorithm::kShake128;
}

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
  const EVP_MD* md = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }  // EVP_MD_CTX_free cleanses the hash state.
};

Hasher::Hasher(HashAlgorithm alg) : alg_(alg), impl_(std::make_unique<Impl>()) {
  impl_->md = fetch_md(alg);
  impl_->ctx = EVP_MD_CTX_new();
  PLX_CHECK(impl_->ctx != nullptr);
  reset();
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::reset() {
  PLX_CHECK(impl_ != nullptr);  // a moved-from Hasher is not usable
  // Re-initialising keeps the context's allocation and the provider's algorithm context.
  PLX_CHECK(EVP_DigestInit_ex2(impl_->ctx, impl_->md, nullptr) == 1);
}

Hasher& Hasher::update(ByteSpan data) {
  PLX_CHECK(impl_ != nullptr);
  if (!data.empty()) PLX_CHECK(EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) == 1);
  return *this;
}

Status Hasher::finish(std::span<std::uint8_t> out) {
  PLX_CHECK(impl_ != nullptr);
  if (is_xof(alg_)) {
    // OpenSSL 3.0 rejects a zero-length squeeze; zero bytes of output is a valid (empty) answer.
    if (!out.empty()) PLX_CHECK(EVP_DigestFinalXOF(impl_->ctx, out.data(), out.size()) == 1);
  } else {
    if (out.size() != digest_size(alg_)) {
      return Error(ErrorCode::kInvalidArgument,
                   "digest output must be " + std::to_string(digest_size(alg_)) + " bytes",
                   "out");
    }
    unsigned int len = 0;
    PLX_CHECK(EVP_DigestFinal_ex(impl_->ctx, out.data(), &len) == 1);
    PLX_CHECK(len == out.size());
  }
  reset();
  return ok_status();
}

Bytes Hasher::finish(std::size_t xof_len) {
  // SHA-2 has one output length; xof_len is only read for SHAKE.
  Bytes out(is_xof(alg_) ? xof_len : digest_size(alg_));
  PLX_CHECK(finish(std::span<std::uint8_t>(out)).has_value());
  return out;
}

}  // namespace plx::crypto
