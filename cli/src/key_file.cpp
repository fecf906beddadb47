#include "key_file.hpp"

#include <algorithm>

#include "io.hpp"
#include "plx/core/json.hpp"
#include "plx/core/encoding.hpp"
#include "plx/crypto/jwk.hpp"

namespace plx::cli {

SecretBytes key_file_text(const crypto::PrivateKey& key, const std::string& kid) {
  SecretBytes jwk = crypto::private_key_to_jwk(key);
  // The JWK text ends in '}': splice "kid" in before it, never copying the secret to a string.
  SecretBytes out;
  auto body = jwk.expose_secret();
  out.append(body.first(body.size() - 1));
  if (!kid.empty()) {
    std::string member = ",\"kid\":" + Json(kid).dump();
    out.append(as_bytes(member));
  }
  out.append(as_bytes("}\n"));
  return out;
}

Status save_key_file(const std::filesystem::path& path, const crypto::PrivateKey& key,
                     const std::string& kid, bool overwrite) {
  SecretBytes text = key_file_text(key, kid);
  return write_secret_file(path, text.expose_secret(), overwrite);
}

SecretBytes bbs_key_file_text(const zkp::bbs::KeyPair& key, const std::string& kid) {
  SecretBytes out;
  const std::string head = "{\"kty\":\"OKP\",\"crv\":\"BLS12381G2\",\"x\":\"" +
                           base64url_encode(key.public_key().bytes()) + "\",\"d\":\"";
  out.append(as_bytes(head));
  // base64url of the 32-byte secret, written straight into the SecretBytes.
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const ByteSpan sk = key.secret_key().expose_secret();
  std::uint8_t quad[4];
  for (std::size_t i = 0; i < sk.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, sk.size() - i);
    std::uint32_t v = std::uint32_t{sk[i]} << 16;
    if (n > 1) v |= std::uint32_t{sk[i + 1]} << 8;
    if (n > 2) v |= sk[i + 2];
    for (std::size_t k = 0; k < n + 1; ++k) {
      quad[k] = static_cast<std::uint8_t>(kAlphabet[(v >> (18 - 6 * k)) & 0x3f]);
    }
    out.append(ByteSpan(quad, n + 1));
  }
  internal::secure_wipe(quad, sizeof quad);
  std::string tail = "\"";
  if (!kid.empty()) tail += ",\"kid\":" + Json(kid).dump();
  tail += "}\n";
  out.append(as_bytes(tail));
  return out;
}

Status save_bbs_key_file(const std::filesystem::path& path, const zkp::bbs::KeyPair& key,
                         const std::string& kid, bool overwrite) {
  SecretBytes text = bbs_key_file_text(key, kid);
  return write_secret_file(path, text.expose_secret(), overwrite);
}

Result<KeyFile> load_key_file(const std::filesystem::path& path) {
  PLX_TRY(SecretBytes text, read_secret_file(path));
  auto key = crypto::private_key_from_jwk(text.expose_secret());
  if (!key.has_value()) {
    Error e = key.error();
    e.where = path.string() + (e.where.empty() ? "" : ", " + e.where);
    return e;
  }
  // Read "kid" from a second parse; the copy of "d" that parse makes is wiped at once.
  std::string kid;
  auto j = json_parse(as_string_view(text.expose_secret()));
  if (j.has_value() && j->is_object()) {
    if (auto d = j->find("d"); d != j->end() && d->is_string()) {
      auto& s = d->get_ref<std::string&>();
      internal::secure_wipe(s.data(), s.size());
    }
    if (auto k = j->find("kid"); k != j->end()) {
      if (!k->is_string()) return Error(ErrorCode::kMalformed, "\"kid\" must be a string", "/kid");
      kid = k->get<std::string>();
    }
  }
  return KeyFile{*std::move(key), std::move(kid)};
}

}  // namespace plx::cli
