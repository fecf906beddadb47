// json_parse: a strict RFC 8259 parser that builds nlohmann::json values directly.
//
// Why not nlohmann's own parser: its DOM parser silently keeps the last of duplicate member names
// (a verifier that does so can be shown one value while a signer saw another: RFC 7515 §5.2,
// RFC 8259 §4), takes a NUL byte for the end of input, and its lexer copies every byte it reads
// into two buffers one character at a time. Parsing is on the hot path of every credential and
// every ledger transaction (a VC-JWT has a header and a payload to parse), so this parser scans
// strings in runs, checks UTF-8 as it goes, and inserts each member straight into its object.
//
// Numbers follow nlohmann's typing so that values compare and serialize as before: an integer
// literal (no fraction or exponent) is a number_unsigned when it is non-negative and fits 64
// bits, a number_integer when it is negative and fits int64, and a double otherwise; a literal
// with a fraction or an exponent is a double (std::from_chars, correctly rounded, independent of
// the C locale). A double literal beyond the double range is an error (JCS could not write it);
// one that underflows becomes ±0.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "plx/core/json.hpp"

namespace plx {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

  Result<Json> run() {
    Json root;
    skip_ws();
    if (!value(root, 0)) return take_error();
    skip_ws();
    if (p_ != end_) {
      fail_at("unexpected text after the JSON value");
      return take_error();
    }
    return root;
  }

 private:
  // One step of the JSON pointer to the value being parsed, for errors that name a pointer.
  struct PathStep {
    const std::string* key;  // nullptr in an array
    std::size_t index;
  };

  bool value(Json& out, std::size_t depth) {
    if (p_ == end_) return fail_at("unexpected end of input, expected a value");
    switch (*p_) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't':
        return literal("true", Json(true), out);
      case 'f':
        return literal("false", Json(false), out);
      case 'n':
        return literal("null", Json(nullptr), out);
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return number(out);
        return fail_at("syntax error: expected a value");
    }
  }

  bool object(Json& out, std::size_t depth) {
    if (depth > kJsonMaxDepth) return fail_path("nesting deeper than " + std::to_string(kJsonMaxDepth));
    out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();
    ++p_;  // '{'
    skip_ws();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      if (p_ == end_) return fail_at("unexpected end of input, expected a member name");
      if (*p_ != '"') return fail_at("syntax error: expected a member name in double quotes");
      std::string key;
      if (!string(key)) return false;
      skip_ws();
      if (p_ == end_ || *p_ != ':') return fail_at("syntax error: expected ':' after a member name");
      ++p_;
      skip_ws();
      auto hint = members.lower_bound(key);
      if (hint != members.end() && hint->first == key) {
        path_.push_back({&key, 0});
        return fail_path("duplicate object member name");
      }
      // The member is inserted first and parsed in place: no moves of the parsed value, and
      // hint stays valid because only nested containers change while it is parsed.
      auto it = members.emplace_hint(hint, std::move(key), Json());
      path_.push_back({&it->first, 0});
      if (!value(it->second, depth)) return false;
      path_.pop_back();
      skip_ws();
      if (p_ == end_) return fail_at("unexpected end of input, expected ',' or '}'");
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      if (*p_ != ',') return fail_at("syntax error: expected ',' or '}' after a member");
      ++p_;
      skip_ws();
    }
  }

  bool array(Json& out, std::size_t depth) {
    if (depth > kJsonMaxDepth) return fail_path("nesting deeper than " + std::to_string(kJsonMaxDepth));
    out = Json::array();
    auto& elements = out.get_ref<Json::array_t&>();
    ++p_;  // '['
    skip_ws();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      path_.push_back({nullptr, elements.size()});
      elements.emplace_back();
      if (!value(elements.back(), depth)) return false;
      path_.pop_back();
      skip_ws();
      if (p_ == end_) return fail_at("unexpected end of input, expected ',' or ']'");
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      if (*p_ != ',') return fail_at("syntax error: expected ',' or ']' after an element");
      ++p_;
      skip_ws();
    }
  }

  bool literal(std::string_view word, Json v, Json& out) {
    for (const char c : word) {
      if (p_ == end_) return fail_at("unexpected end of input in a literal");
      if (*p_ != c) return fail_at("syntax error: invalid literal");
      ++p_;
    }
    out = std::move(v);
    return true;
  }

  // RFC 8259 §6: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
  bool number(Json& out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return fail_at("unexpected end of input in a number");
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && is_digit(*p_)) ++p_;
    } else {
      return fail_at("syntax error: invalid number");
    }
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_) return fail_at("unexpected end of input in a number");
      if (!is_digit(*p_)) return fail_at("syntax error: a number needs digits after '.'");
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_) return fail_at("unexpected end of input in a number");
      if (!is_digit(*p_)) return fail_at("syntax error: a number needs digits in its exponent");
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (integral) {
      if (negative) {
        std::int64_t v = 0;
        if (std::from_chars(start, p_, v).ec == std::errc()) {
          out = v;
          return true;
        }
      } else {
        std::uint64_t v = 0;
        if (std::from_chars(start, p_, v).ec == std::errc()) {
          out = v;
          return true;
        }
      }
      // Too large for 64 bits: a double, as nlohmann does.
    }
    double d = 0;
    const auto r = std::from_chars(start, p_, d);
    if (r.ec == std::errc::result_out_of_range) {
      if (overflows(start, p_)) {
        const char* save = p_;
        p_ = start;
        fail_at("number out of the range of an IEEE 754 double");
        p_ = save;
        return false;
      }
      d = negative ? -0.0 : 0.0;  // underflow: the nearest double is zero
    } else if (r.ec != std::errc() || r.ptr != p_) {
      p_ = start;
      return fail_at("syntax error: invalid number");
    }
    out = d;
    return true;
  }

  // For a literal std::from_chars found out of range: whether it is too large rather than too
  // small. Its magnitude is 10^(order + exponent) within a factor of ten, where order is the
  // position of the first non-zero digit relative to the decimal point; out of range means that
  // sum is far from zero one way or the other.
  static bool overflows(const char* s, const char* e) {
    if (*s == '-') ++s;
    long long order = 0;
    bool seen_nonzero = false, fraction = false;
    const char* q = s;
    for (; q != e && *q != 'e' && *q != 'E'; ++q) {
      if (*q == '.') {
        fraction = true;
        continue;
      }
      if (seen_nonzero) {
        if (!fraction) ++order;
        continue;
      }
      if (fraction) --order;
      if (*q != '0') seen_nonzero = true;
    }
    long long exponent = 0;
    if (q != e) {
      ++q;
      bool neg = false;
      if (*q == '+' || *q == '-') neg = *q++ == '-';
      for (; q != e; ++q) {
        if (exponent < 100000000) exponent = exponent * 10 + (*q - '0');
      }
      if (neg) exponent = -exponent;
    }
    return order + exponent > 0;
  }

  // A string token (the opening '"' at p_) into out: escapes decoded, UTF-8 checked.
  bool string(std::string& out) {
    ++p_;  // '"'
    for (;;) {
      const char* run = p_;
      while (p_ != end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return fail_at("unexpected end of input in a string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c < 0x20) {
        return fail_at("control character in a string (RFC 8259 §7: it must be escaped)");
      } else if (!utf8_sequence(out)) {
        return false;
      }
    }
  }

  // One UTF-8 sequence of two to four bytes, strictly (RFC 3629 §4): no overlong forms, no
  // surrogates, nothing above U+10FFFF.
  bool utf8_sequence(std::string& out) {
    const auto b0 = static_cast<unsigned char>(*p_);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      return fail_at("invalid UTF-8 in a string");
    }
    const char* start = p_;
    ++p_;
    for (std::size_t i = 1; i < len; ++i) {
      if (p_ == end_) return fail_at("unexpected end of input in a string");
      const auto b = static_cast<unsigned char>(*p_);
      if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return fail_at("invalid UTF-8 in a string");
      ++p_;
    }
    out.append(start, len);
    return true;
  }

  bool escape(std::string& out) {
    ++p_;  // '\\'
    if (p_ == end_) return fail_at("unexpected end of input in a string");
    const char c = *p_;
    char plain = 0;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': break;
      default:
        return fail_at("invalid escape in a string");
    }
    if (plain != 0) {
      out.push_back(plain);
      ++p_;
      return true;
    }
    ++p_;
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail_at("lone low surrogate escape in a string");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // RFC 8259 §7: a character outside the BMP is a surrogate pair of \u escapes.
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail_at("lone high surrogate escape in a string");
      p_ += 2;
      std::uint32_t low = 0;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail_at("lone high surrogate escape in a string");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    for (int i = 0; i < 4; ++i) {
      if (p_ == end_) return fail_at("unexpected end of input in a \\u escape");
      const char h = *p_;
      std::uint32_t v = 0;
      if (h >= '0' && h <= '9') {
        v = static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v = static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v = static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        return fail_at("invalid \\u escape in a string");
      }
      cp = cp * 16 + v;
      ++p_;
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  void skip_ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // A syntax error at the current byte; the message never quotes input text (it may be part of
  // a secret, such as a private JWK's "d").
  bool fail_at(std::string_view what) {
    const std::string at = "byte " + std::to_string(p_ - begin_);
    error_ = Error(ErrorCode::kMalformed, at + ": " + std::string(what), at);
    return false;
  }
  // An error located by the JSON pointer of the value being parsed.
  bool fail_path(std::string what) {
    std::string pointer;
    for (const auto& step : path_) {
      pointer += '/';
      pointer += step.key != nullptr ? json_pointer_escape(*step.key) : std::to_string(step.index);
    }
    error_ = Error(ErrorCode::kMalformed, std::move(what), std::move(pointer));
    return false;
  }

  Error take_error() { return std::move(error_); }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::vector<PathStep> path_;
  Error error_{ErrorCode::kMalformed, "JSON parse failed"};
};

}  // namespace

Result<Json> json_parse(std::string_view text) {
  // RFC 8259 §8.1 forbids sending a byte order mark; accepting one would give a signed payload
  // two spellings.
  if (text.starts_with("\xEF\xBB\xBF")) {
    return Error(ErrorCode::kMalformed, "byte 0: byte order mark is not allowed", "byte 0");
  }
  try {
    return Parser(text).run();
  } catch (const std::bad_alloc&) {
    return Error(ErrorCode::kInternal, "out of memory while parsing JSON");
  }
}

}  // namespace plx
