// Credential status: W3C Bitstring Status List v1.0 and the IETF Token Status List
// (draft-ietf-oauth-status-list), and the interfaces through which status lists are fetched.
//
// Bitstring Status List (W3C REC §2-§3): a BitstringStatusListCredential whose subject's
// "encodedList" is multibase base64url ('u') of the GZIP-compressed bitstring; index 0 is the
// left-most (most significant) bit of the first byte; the list is at least 16 KiB (131072
// entries, §2.1 "minimum length" for herd privacy); "statusSize" bits per entry (default 1).
// A credential's BitstringStatusListEntry names the list credential, the index and the purpose
// (revocation, suspension, message, refresh).
//
// Token Status List (IETF, §4): {"bits": 1|2|4|8, "lst": base64url(zlib DEFLATE of the bytes)};
// entry i sits in byte i*bits/8 starting at bit (i*bits)%8 counted from the least significant
// bit. The status list token is a JWT with typ "statuslist+jwt"; the referenced token names it
// with {"status": {"status_list": {"idx", "uri"}}}. Values: 0 VALID, 1 INVALID, 2 SUSPENDED.
//
// Fetching is an interface: StatusListSource::fetch(url) returns the bytes at a URL (the HTTPS
// fetcher arrives with the resolver module; tests use an in-memory map). Status *methods* other
// than these two (the ledger-anchored did:plx status chunks, checked with a Merkle proof) plug in
// as StatusChecker implementations keyed by the credentialStatus "type" (see verify.hpp).
// A list that cannot be fetched or checked is an error ("could not check"); the policy fails
// closed on it when status is required.
// Thread-safe when the source is.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plx/core/bytes.hpp"
#include "plx/core/json.hpp"
#include "plx/core/result.hpp"

namespace plx::vc::status {

// ---- compression (zlib) ----
// Errors: kMalformed for data that does not inflate, kOutOfRange beyond `max_out` bytes (a
// decompression bomb bound).
[[nodiscard]] Result<Bytes> gzip_decompress(ByteSpan data, std::size_t max_out = 64u << 20);
[[nodiscard]] Result<Bytes> gzip_compress(ByteSpan data);
[[nodiscard]] Result<Bytes> zlib_decompress(ByteSpan data, std::size_t max_out = 64u << 20);
[[nodiscard]] Result<Bytes> zlib_compress(ByteSpan data);

// ---- W3C Bitstring Status List ----
inline constexpr std::size_t kBitstringMinBits = 131072;

// "u" + base64url(gzip(bits)). Errors: kInvalidArgument for fewer than kBitstringMinBits bits.
[[nodiscard]] Result<std::string> encode_bitstring(ByteSpan bits);
// Errors: kMalformed (not 'u'-multibase, bad base64url, bad GZIP), kOutOfRange (shorter than
// the minimum length).
[[nodiscard]] Result<Bytes> decode_bitstring(std::string_view encoded_list);
// The `size`-bit value at `index` (MSB first). Errors: kOutOfRange past the end.
[[nodiscard]] Result<std::uint32_t> bitstring_get(ByteSpan bits, std::uint64_t index,
                                                  unsigned size = 1);
// Sets the value. Errors: kOutOfRange (index past the end, value wider than size).
[[nodiscard]] Status bitstring_set(Bytes& bits, std::uint64_t index, std::uint32_t value,
                                   unsigned size = 1);

// ---- IETF Token Status List ----
struct TokenStatusList {
  unsigned bits = 1;
  Bytes bytes;  // decompressed
  [[nodiscard]] std::uint64_t size() const noexcept { return bytes.size() * 8 / bits; }
  // Errors: kOutOfRange past the end.
  [[nodiscard]] Result<std::uint8_t> get(std::uint64_t index) const;
  [[nodiscard]] Status set(std::uint64_t index, std::uint8_t value);
};
// Reads {"bits", "lst"}. Errors: kMalformed (bits not 1/2/4/8, lst not base64url or not zlib).
[[nodiscard]] Result<TokenStatusList> token_status_list_from_json(const Json& status_list);
[[nodiscard]] Result<Json> token_status_list_to_json(const TokenStatusList& list);

// ---- fetching ----
class StatusListSource {
 public:
  virtual ~StatusListSource() = default;
  // The bytes at `url` (a status list credential or status list token, in any format the
  // verifier reads). Errors: kNotFound, kIo.
  [[nodiscard]] virtual Result<std::string> fetch(std::string_view url) const = 0;
};

class MemoryStatusListSource final : public StatusListSource {
 public:
  void put(std::string url, std::string body) { docs_[std::move(url)] = std::move(body); }
  [[nodiscard]] Result<std::string> fetch(std::string_view url) const override;

 private:
  std::map<std::string, std::string, std::less<>> docs_;
};

}  // namespace plx::vc::status
