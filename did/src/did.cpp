// DID and DID URL parsing and printing (DID Core §3.1, §3.2, §3.2.2; RFC 3986).
#include "plx/did/did.hpp"

#include <array>
#include <ostream>

#include "plx/did/did_url.hpp"
#include "syntax.hpp"

namespace plx::did {
namespace internal {

Error syntax_error(std::size_t pos, std::string message) {
  return Error(ErrorCode::kMalformed, std::move(message), "character " + std::to_string(pos));
}

namespace {

// Checks "%" HEXDIG HEXDIG at s[i]; returns the error for the first bad position.
Status check_pct(std::string_view s, std::size_t i, std::size_t offset) {
  for (std::size_t k = 1; k <= 2; ++k) {
    if (i + k >= s.size() || !is_hexdig(s[i + k])) {
      return syntax_error(offset + i + k, "expected two hex digits after '%' (pct-encoded)");
    }
  }
  return ok_status();
}

bool is_url_delim(char c) { return c == '/' || c == '?' || c == '#'; }

// The characters a method-specific id takes one by one (idchar and ':'), as a table: every
// stored DID document's ids and references are scanned each time execution parses it, and the
// class tests, one comparison chain per character, were a tenth of a DID update.
constexpr std::array<bool, 256> kMsiChar = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<std::size_t>(c)] = c == ':' || is_idchar(static_cast<char>(c));
  }
  return t;
}();

}  // namespace

Result<DidSpan> scan_did(std::string_view s, bool url_tail, std::size_t offset) {
  // DID Core §3.1: "The DID scheme name MUST be an ASCII lowercase string", so "DID:" is not a DID.
  static constexpr std::string_view kScheme = "did:";
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (i >= s.size() || s[i] != kScheme[i]) {
      return syntax_error(offset + i,
                          "expected \"did:\" (a DID starts with the lowercase scheme "
                          "\"did:\")");
    }
  }
  std::size_t i = kScheme.size();
  const std::size_t method_start = i;
  while (i < s.size() && s[i] != ':') {
    if (!is_method_char(s[i])) {
      return syntax_error(offset + i,
                          "expected a lowercase letter or digit in the method name "
                          "(method-char = %x61-7A / DIGIT)");
    }
    ++i;
  }
  if (i == method_start) {
    return syntax_error(offset + i,
                        "expected a method name (at least one lowercase letter or "
                        "digit) after \"did:\"");
  }
  if (i == s.size()) {
    return syntax_error(offset + i, "expected ':' after the method name");
  }
  const std::size_t method_end = i;
  ++i;
  const std::size_t msi_start = i;
  while (i < s.size()) {
    const char c = s[i];
    if (kMsiChar[static_cast<unsigned char>(c)]) {
      ++i;
      continue;
    }
    if (url_tail && is_url_delim(c)) break;
    if (c == '%') {
      PLX_RETURN_IF_ERROR(check_pct(s, i, offset));
      i += 3;
      continue;
    }
    if (!url_tail && is_url_delim(c)) {
      return syntax_error(offset + i, std::string("expected a method-specific-id character; '") +
                                          c +
                                          "' starts a DID URL path, query or fragment, "
                                          "which a DID alone cannot have");
    }
    return syntax_error(offset + i,
                        "expected a method-specific-id character (ALPHA / DIGIT / \".\" / \"-\" / "
                        "\"_\" / pct-encoded / \":\")");
  }
  if (i == msi_start) {
    return syntax_error(offset + i, "expected a method-specific identifier after the method name");
  }
  if (s[i - 1] == ':') {
    return syntax_error(offset + i,
                        "expected an idchar: the method-specific identifier cannot "
                        "end with ':'");
  }
  return DidSpan{method_end, i};
}

Status check_url_part(std::string_view s, UrlPart part, std::size_t offset) {
  if (part == UrlPart::kPath && !s.empty() && s.front() != '/') {
    return syntax_error(offset, "expected '/' to start the path");
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      PLX_RETURN_IF_ERROR(check_pct(s, i, offset));
      i += 2;
      continue;
    }
    if (is_pchar(c) || c == '/') continue;
    if (c == '?' && part != UrlPart::kPath) continue;
    switch (part) {
      case UrlPart::kPath:
        return syntax_error(offset + i,
                            "expected a path character (RFC 3986 pchar or \"/\"), '?' or '#'");
      case UrlPart::kQuery:
        return syntax_error(offset + i,
                            "expected a query character (RFC 3986 pchar, \"/\" or "
                            "\"?\") or '#'");
      case UrlPart::kFragment:
        return syntax_error(offset + i,
                            "expected a fragment character (RFC 3986 pchar, \"/\" "
                            "or \"?\"); a DID URL has at most one '#'");
    }
  }
  return ok_status();
}

}  // namespace internal

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits a validated DID URL tail (starting at `pos` in `text`) into path, query and fragment,
// checking each against RFC 3986.
Status split_tail(std::string_view text, std::size_t pos, std::string& path,
                  std::optional<std::string>& query, std::optional<std::string>& fragment) {
  const std::size_t hash = text.find('#', pos);
  const std::size_t before_fragment = hash == std::string_view::npos ? text.size() : hash;
  const std::size_t qmark = text.substr(0, before_fragment).find('?', pos);
  const std::size_t path_end = qmark == std::string_view::npos ? before_fragment : qmark;

  const std::string_view p = text.substr(pos, path_end - pos);
  PLX_RETURN_IF_ERROR(internal::check_url_part(p, internal::UrlPart::kPath, pos));
  path = std::string(p);
  if (qmark != std::string_view::npos) {
    const std::string_view q = text.substr(qmark + 1, before_fragment - qmark - 1);
    PLX_RETURN_IF_ERROR(internal::check_url_part(q, internal::UrlPart::kQuery, qmark + 1));
    query = std::string(q);
  }
  if (hash != std::string_view::npos) {
    const std::string_view f = text.substr(hash + 1);
    PLX_RETURN_IF_ERROR(internal::check_url_part(f, internal::UrlPart::kFragment, hash + 1));
    fragment = std::string(f);
  }
  return ok_status();
}

}  // namespace

// ---- Did ----

Result<Did> Did::parse(std::string_view text) {
  PLX_TRY(auto span, internal::scan_did(text, /*url_tail=*/false));
  return Did(std::string(text), span.method_end);
}

Result<Did> Did::from_parts(std::string_view method, std::string_view method_specific_id) {
  std::string text = "did:";
  text += method;
  text += ':';
  text += method_specific_id;
  return parse(text);
}

std::string_view Did::method() const noexcept {
  return std::string_view(text_).substr(4, method_end_ - 4);
}

std::string_view Did::method_specific_id() const noexcept {
  return std::string_view(text_).substr(method_end_ + 1);
}

std::ostream& operator<<(std::ostream& os, const Did& did) { return os << did.to_string(); }

// ---- DidUrl ----

Result<DidUrl> DidUrl::parse(std::string_view text) {
  PLX_TRY(auto span, internal::scan_did(text, /*url_tail=*/true));
  DidUrl url(Did(std::string(text.substr(0, span.did_end)), span.method_end));
  PLX_RETURN_IF_ERROR(split_tail(text, span.did_end, url.path_, url.query_, url.fragment_));
  return url;
}

Result<DidUrl> DidUrl::resolve(std::string_view reference, const Did& base) {
  // A document's own absolute ids ("did:plx:...#key-1") begin with its DID. '/', '?' and '#' end
  // a DID (none is a method-specific-id character), so parse() would scan that prefix to the
  // same valid DID: it is taken from `base`, and only the tail is checked, at the same offsets.
  const std::string& base_text = base.to_string();
  if (reference.starts_with(base_text) &&
      (reference.size() == base_text.size() || reference[base_text.size()] == '#' ||
       reference[base_text.size()] == '?' || reference[base_text.size()] == '/')) {
    DidUrl url(base);
    PLX_RETURN_IF_ERROR(
        split_tail(reference, base_text.size(), url.path_, url.query_, url.fragment_));
    return url;
  }
  if (reference.starts_with("did:")) return parse(reference);
  if (reference.empty() ||
      (reference.front() != '#' && reference.front() != '?' && reference.front() != '/')) {
    return internal::syntax_error(
        0,
        "expected an absolute DID URL (\"did:...\") or a relative DID URL starting with '#', "
        "'?' or '/'");
  }
  // RFC 3986 §5.2.2 with a base that has no query or fragment: a reference with a path replaces
  // the (empty) base path, "?" keeps it, "#" keeps path and query. Relative references that
  // start with "/" are path-absolute, so no dot-segment merging is needed beyond what is written.
  DidUrl url(base);
  PLX_RETURN_IF_ERROR(split_tail(reference, 0, url.path_, url.query_, url.fragment_));
  return url;
}

Result<DidUrl> DidUrl::with_fragment(const Did& did, std::string_view fragment) {
  PLX_RETURN_IF_ERROR(internal::check_url_part(fragment, internal::UrlPart::kFragment, 0));
  DidUrl url(did);
  url.fragment_ = std::string(fragment);
  return url;
}

std::vector<QueryParam> DidUrl::query_params() const {
  std::vector<QueryParam> out;
  if (!query_.has_value() || query_->empty()) return out;
  std::string_view q = *query_;
  while (true) {
    const std::size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        out.push_back({percent_decode(pair), std::string()});
      } else {
        out.push_back({percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1))});
      }
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

std::optional<std::string> DidUrl::query_param(std::string_view name) const {
  for (auto& p : query_params()) {
    if (p.name == name) return std::move(p.value);
  }
  return std::nullopt;
}

std::string DidUrl::to_string() const {
  std::string s = did_.to_string();
  s += path_;
  if (query_.has_value()) {
    s += '?';
    s += *query_;
  }
  if (fragment_.has_value()) {
    s += '#';
    s += *fragment_;
  }
  return s;
}

std::ostream& operator<<(std::ostream& os, const DidUrl& url) { return os << url.to_string(); }

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace plx::did
