// Strict DER decoding of an ECDSA-Sig-Value (X9.62 / RFC 3279 §2.2.3):
//
//   ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
//
// under the DER rules of X.690 §10 and §8: definite lengths only (§10.1), in the minimal number
// of octets (§10.1, §8.1.3.5 note: short form below 128, no leading zero length octets), INTEGER
// contents in the fewest octets (§8.3.2: the first nine bits are not all zeros or all ones), and
// nothing after the SEQUENCE. ECDSA further needs r and s positive and below n; this parser
// rejects zero, negative values and values wider than |n| bytes, and verification does the
// exact comparison with n. Everything else, from BER's indefinite lengths to trailing garbage,
// is refused, so that one signature has one encoding (Wycheproof's ecdsa_*_test.json "BER" and
// "modified signature" cases).
#include <algorithm>
#include <string>

#include "internal.hpp"
#include "plx/crypto/signature.hpp"

namespace plx::crypto {
namespace {

// Out of line on purpose: g++ 12 inlines `std::string(a) + "..."` and then warns about its own
// small-string copy (-Warray-bounds false positive, GCC bug 105329).
[[gnu::noinline]] std::string describe(std::string_view name, std::string_view what) {
  std::string s(name);
  s += what;
  return s;
}


constexpr std::uint8_t kTagInteger = 0x02;
constexpr std::uint8_t kTagSequence = 0x30;  // constructed, universal 16

class DerReader {
 public:
  explicit DerReader(ByteSpan in) : in_(in) {}

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ == in_.size(); }

  Error error(std::string what) const {
    return Error(ErrorCode::kMalformed, "DER ECDSA signature: " + std::move(what),
                 "offset " + std::to_string(pos_));
  }

  Status expect_tag(std::uint8_t tag, std::string_view name) {
    if (pos_ >= in_.size()) return error("truncated before " + std::string(name));
    if (in_[pos_] != tag) return error("expected " + std::string(name) + " tag");
    ++pos_;
    return ok_status();
  }

  // X.690 §8.1.3 under the DER restriction: short form for 0..127; long form only for >= 128,
  // with no leading zero octet; never the indefinite form 0x80. The length must fit in what is
  // left of the input.
  Result<std::size_t> read_length() {
    if (pos_ >= in_.size()) return error("truncated length");
    const std::uint8_t first = in_[pos_++];
    std::size_t len = 0;
    if (first < 0x80) {
      len = first;
    } else if (first == 0x80) {
      return error("indefinite length (BER)");
    } else {
      const std::size_t n = first & 0x7f;
      // Four length octets already describe 4 GiB; anything longer is not a signature.
      if (n > 4) return error("length of length too large");
      if (in_.size() - pos_ < n) return error("truncated length");
      if (in_[pos_] == 0) return error("non-minimal length (leading zero octet)");
      for (std::size_t i = 0; i < n; ++i) len = (len << 8) | in_[pos_++];
      if (len < 0x80) return error("non-minimal length (long form for a short length)");
    }
    if (len > in_.size() - pos_) return error("length exceeds input");
    return len;
  }

  // A positive INTEGER of at most `width` magnitude octets, written right-aligned into `out`.
  Status read_positive_integer(std::span<std::uint8_t> out, std::string_view name) {
    PLX_RETURN_IF_ERROR(expect_tag(kTagInteger, name));
    PLX_TRY(std::size_t len, read_length());
    if (len == 0) return error(describe(name, " has no content octets"));
    ByteSpan v = in_.subspan(pos_, len);
    if (v[0] & 0x80) return error(describe(name, " is negative"));
    if (v.size() > 1 && v[0] == 0x00 && (v[1] & 0x80) == 0) {
      return error(describe(name, " has a non-minimal leading zero"));
    }
    if (v[0] == 0x00) v = v.subspan(1);  // the sign octet of a value with its top bit set
    if (v.empty()) return error(describe(name, " is zero"));
    if (v.size() > out.size()) return error(describe(name, " is wider than the curve order"));
    std::fill(out.begin(), out.end(), std::uint8_t{0});
    std::copy(v.begin(), v.end(), out.end() - static_cast<std::ptrdiff_t>(v.size()));
    pos_ += len;
    return ok_status();
  }

 private:
  ByteSpan in_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<Bytes> ecdsa_der_to_raw(KeyType type, ByteSpan der) {
  const internal::EcCurve* curve = internal::ec_curve(type);
  if (curve == nullptr) {
    return Error(ErrorCode::kInvalidArgument,
                 "ecdsa_der_to_raw needs an ECDSA key type, not " +
                     std::string(key_type_name(type)));
  }
  DerReader rd(der);
  PLX_RETURN_IF_ERROR(rd.expect_tag(kTagSequence, "SEQUENCE"));
  PLX_TRY(std::size_t seq_len, rd.read_length());
  if (rd.pos() + seq_len != der.size()) return rd.error("trailing bytes after the SEQUENCE");
  Bytes raw(2 * curve->width);
  PLX_RETURN_IF_ERROR(rd.read_positive_integer(std::span(raw).first(curve->width), "r"));
  PLX_RETURN_IF_ERROR(rd.read_positive_integer(std::span(raw).last(curve->width), "s"));
  if (!rd.at_end()) return rd.error("extra content inside the SEQUENCE");
  return raw;
}

}  // namespace plx::crypto
