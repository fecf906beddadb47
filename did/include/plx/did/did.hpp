// plx::did::Did: a decentralized identifier, parsed and checked against the DID Core ABNF
// (W3C DID Core 1.0 §3.1 "DID Syntax"):
//
//   did                = "did:" method-name ":" method-specific-id
//   method-name        = 1*method-char
//   method-char        = %x61-7A / DIGIT
//   method-specific-id = *( *idchar ":" ) 1*idchar
//   idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
//   pct-encoded        = "%" HEXDIG HEXDIG
//
// A Did only exists in its valid form: the one way to make one is the validating factory
// (`parse`, `from_parts`). The text is kept exactly as given; no case folding or percent-encoding
// normalization is applied, because DID Core compares DIDs as strings and a method, not this
// parser, decides whether two spellings name the same subject.
//
// Value type: copyable, ordered and hashable by its text. Thread-safety: immutable after
// construction, so safe to share between threads.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "plx/core/result.hpp"

namespace plx::did {

class Did {
 public:
  // Parses a DID. The whole input must be the DID: a DID URL (with a path, query or fragment)
  // is rejected here; use DidUrl::parse for those.
  // Errors: kMalformed with `where` = "character N" (0-based index of the offending character, or
  // the input length when something is missing at the end) and a message naming what the ABNF
  // expected there.
  [[nodiscard]] static Result<Did> parse(std::string_view text);

  // "did:" + method + ":" + method_specific_id, validated as by parse (character positions in
  // errors refer to that joined string).
  [[nodiscard]] static Result<Did> from_parts(std::string_view method,
                                              std::string_view method_specific_id);

  // "key" for "did:key:z6Mk...".
  [[nodiscard]] std::string_view method() const noexcept;
  // Everything after the second ':' ("z6Mk..."), still percent-encoded as written.
  [[nodiscard]] std::string_view method_specific_id() const noexcept;
  // The DID as text; printing a parsed DID gives back exactly the parsed input.
  [[nodiscard]] const std::string& to_string() const noexcept { return text_; }

  friend auto operator<=>(const Did&, const Did&) = default;
  friend bool operator==(const Did&, const Did&) = default;

 private:
  friend class DidUrl;
  Did(std::string text, std::size_t method_end) : text_(std::move(text)), method_end_(method_end) {}

  std::string text_;
  std::size_t method_end_;  // index of the ':' that ends the method name
};

std::ostream& operator<<(std::ostream& os, const Did& did);

}  // namespace plx::did

template <>
struct std::hash<plx::did::Did> {
  std::size_t operator()(const plx::did::Did& d) const noexcept {
    return std::hash<std::string>{}(d.to_string());
  }
};
