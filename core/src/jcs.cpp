// RFC 8785 JSON Canonicalization Scheme.
//
// JCS is JSON.stringify with sorted members (RFC 8785 §3.2): strings as ES6 serializes them
// (§3.2.2.2), numbers as ES6 Number.prototype.toString (§3.2.2.3, ECMA-262 Number::toString),
// members ordered by the UTF-16 code units of their names (§3.2.3), no whitespace (§3.2.1).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "plx/core/json.hpp"

namespace plx {
namespace {

// Decodes well-formed UTF-8 (RFC 3629 §4: no overlongs, no surrogates, nothing above U+10FFFF)
// into UTF-16 code units. Returns false on ill-formed input.
bool utf8_to_utf16(std::string_view s, std::u16string* out) {
  std::size_t i = 0;
  if (out == nullptr) {
    // Only checking: a run of ASCII needs no decoding (keys, identifiers and most values of the
    // documents canonicalized are all ASCII).
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  }
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if ((b0 & 0xe0) == 0xc0) {
      cp = b0 & 0x1fu;
      len = 2;
      min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
      cp = b0 & 0x0fu;
      len = 3;
      min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
      cp = b0 & 0x07u;
      len = 4;
      min = 0x10000;
    } else {
      return false;
    }
    if (len > s.size() - i) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (out != nullptr) {
      if (cp < 0x10000) {
        out->push_back(static_cast<char16_t>(cp));
      } else {
        const std::uint32_t v = cp - 0x10000;
        out->push_back(static_cast<char16_t>(0xd800 + (v >> 10)));
        out->push_back(static_cast<char16_t>(0xdc00 + (v & 0x3ff)));
      }
    }
    i += len;
  }
  return true;
}

// Where a value sits, as a chain of frames on the stack: the JSON Pointer (RFC 6901) is only
// spelled out when an error names it, so canonicalizing a valid document builds no paths.
struct Path {
  const Path* parent = nullptr;
  const std::string* key = nullptr;  // a member name, or nullptr for an array element
  std::size_t index = 0;

  [[nodiscard]] std::string pointer() const {
    std::string out = parent != nullptr ? parent->pointer() : std::string();
    if (parent == nullptr) return out;  // the root frame names nothing
    out += '/';
    out += key != nullptr ? json_pointer_escape(*key) : std::to_string(index);
    return out;
  }
};

Error invalid(std::string message, const Path& path) {
  return Error(ErrorCode::kInvalidArgument, std::move(message), path.pointer());
}

// The escape of a byte of a string, or nullptr if it stands for itself.
constexpr const char* escape_of(unsigned char c) {
  switch (c) {
    case '\b':
      return "\\b";
    case '\t':
      return "\\t";
    case '\n':
      return "\\n";
    case '\f':
      return "\\f";
    case '\r':
      return "\\r";
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    default:
      return nullptr;
  }
}

// RFC 8785 §3.2.2.2: the JSON.stringify escapes, and nothing else is escaped. Runs of bytes that
// stand for themselves are appended whole.
Status append_string(std::string_view s, const Path& path, std::string& out) {
  if (!utf8_to_utf16(s, nullptr)) return invalid("string is not well-formed UTF-8", path);
  constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the pending run of plain bytes
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    if (const char* e = escape_of(u)) {
      out += e;
    } else {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
  return {};
}

Status append_number(double v, const Path& path, std::string& out) {
  if (!std::isfinite(v)) return invalid("NaN and Infinity have no JSON form", path);
  out += es6_number_to_string(v);
  return {};
}

// Whether UTF-8 byte order and UTF-16 code unit order agree for `name`: they do unless it holds
// a character above U+FFFF (a 4-byte sequence, lead byte 0xF0..0xF4).
bool orders_agree(std::string_view name) {
  for (const char c : name) {
    if (static_cast<unsigned char>(c) >= 0xf0) return false;
  }
  return true;
}

Status append_value(const Json& v, const Path& path, std::size_t depth, std::string& out) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      return {};
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return {};
    // RFC 8785 §3.2.2.3: every number is an IEEE 754 double, so integers are rounded to the
    // nearest double first (9007199254740993 -> 9007199254740992), as JSON.parse would.
    case Json::value_t::number_integer:
      return append_number(static_cast<double>(v.get<Json::number_integer_t>()), path, out);
    case Json::value_t::number_unsigned:
      return append_number(static_cast<double>(v.get<Json::number_unsigned_t>()), path, out);
    case Json::value_t::number_float:
      return append_number(v.get<Json::number_float_t>(), path, out);
    case Json::value_t::string:
      return append_string(v.get_ref<const std::string&>(), path, out);
    case Json::value_t::array: {
      if (depth >= kJsonMaxDepth) return invalid("nesting too deep", path);
      out += '[';
      Path element{&path, nullptr, 0};
      for (const auto& e : v.get_ref<const Json::array_t&>()) {
        if (element.index != 0) out += ',';
        PLX_RETURN_IF_ERROR(append_value(e, element, depth + 1, out));
        ++element.index;
      }
      out += ']';
      return {};
    }
    case Json::value_t::object: {
      if (depth >= kJsonMaxDepth) return invalid("nesting too deep", path);
      // §3.2.3: sort by UTF-16 code units. nlohmann keeps names in UTF-8 byte order, which is
      // code point order; the two differ only where a name holds a character above U+FFFF
      // (surrogates 0xD800.. sort before U+E000..U+FFFF in UTF-16, after them in UTF-8). Without
      // such a name the map's own order is the canonical one, and nothing is sorted.
      const auto& obj = v.get_ref<const Json::object_t&>();
      std::vector<std::pair<std::u16string, Json::object_t::const_iterator>> resorted;
      bool agree = true;
      for (const auto& [k, val] : obj) agree = agree && orders_agree(k);
      if (!agree) {
        resorted.reserve(obj.size());
        for (auto it = obj.begin(); it != obj.end(); ++it) {
          std::u16string key16;
          if (!utf8_to_utf16(it->first, &key16)) {
            return invalid("member name is not well-formed UTF-8", Path{&path, &it->first, 0});
          }
          resorted.emplace_back(std::move(key16), it);
        }
        std::sort(resorted.begin(), resorted.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
      }
      out += '{';
      bool first = true;
      const auto member = [&](const std::string& name, const Json& value) -> Status {
        if (!first) out += ',';
        first = false;
        const Path here{&path, &name, 0};
        if (!utf8_to_utf16(name, nullptr))
          return invalid("member name is not well-formed UTF-8", here);
        PLX_RETURN_IF_ERROR(append_string(name, here, out));
        out += ':';
        return append_value(value, here, depth + 1, out);
      };
      if (agree) {
        for (const auto& [k, val] : obj) PLX_RETURN_IF_ERROR(member(k, val));
      } else {
        for (const auto& [k16, it] : resorted) PLX_RETURN_IF_ERROR(member(it->first, it->second));
      }
      out += '}';
      return {};
    }
    case Json::value_t::binary:
      return invalid("binary values have no JSON form", path);
    case Json::value_t::discarded:
      return invalid("discarded value", path);
  }
  return invalid("unknown JSON value type", path);
}

}  // namespace

std::string es6_number_to_string(double value) {
  // The names follow ECMA-262 Number::toString (ES2015 §7.1.12.1; ES2023 §6.1.6.1.20):
  // value = s × 10^(n−k) with s a k-digit integer and k as small as possible.
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";  // both +0 and -0 (step 2)
  if (value < 0) return "-" + es6_number_to_string(-value);

  // std::to_chars without a precision gives the shortest digits that round-trip, and among
  // those the closest to the value: exactly the s and k the spec asks for (Note 2's
  // recommendation, which V8 and SpiderMonkey follow).
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));  // "d.ddde±XX"
  const std::size_t epos = sci.find('e');
  std::string digits;
  for (const char c : sci.substr(0, epos)) {
    if (c != '.') digits += c;
  }
  std::string_view exp_text = sci.substr(epos + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  int exp10 = 0;
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10);

  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  std::string out;
  if (k <= n && n <= 21) {
    // Step 6: an integer, written out with trailing zeros.
    out = digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    // Step 7: a decimal point inside the digits.
    out = digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    // Step 8: "0." and up to five leading zeros.
    out = "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    // Steps 9-10: exponential form, always signed exponent.
    const int e = n - 1;
    out = digits.substr(0, 1);
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += e < 0 ? '-' : '+';
    out += std::to_string(std::abs(e));
  }
  return out;
}

Result<std::string> jcs_canonicalize(const Json& value) {
  std::string out;
  PLX_RETURN_IF_ERROR(append_value(value, Path{}, 0, out));
  return out;
}

Result<std::string> jcs_canonicalize_text(std::string_view json_text) {
  PLX_TRY(Json value, json_parse(json_text));
  return jcs_canonicalize(value);
}

}  // namespace plx
