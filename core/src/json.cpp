// Strict JSON parsing over nlohmann/json, and the typed member accessors.
//
// nlohmann's DOM parser silently keeps the last of duplicate member names; a verifier that does
// the same can be shown one value while a signer saw another (RFC 7515 §5.2, RFC 8259 §4). So
// the DOM is built here from nlohmann's SAX events, and each `key` event is checked against the
// members already in the object under construction (that object *is* the key set of its level,
// and the stack of open containers is the stack of key sets).
#include "plx/core/json.hpp"

#include <cmath>
#include <cstddef>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plx {
namespace {

// Builds a Json from SAX events, refusing duplicate names, non-finite numbers and nesting deeper
// than kJsonMaxDepth (RFC 8259 §9 lets a parser limit depth; JCS, dump and validators recurse
// over parsed documents, so depth is bounded once, here).
class StrictDomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return put(Json(v)); }
  bool number_float(number_float_t v, const string_t& /*text*/) {
    // nlohmann reports 1e400 itself (out_of_range.406, mapped in parse_error below); this is the
    // backstop should a future version hand over an infinity instead. JCS could not emit one.
    if (!std::isfinite(v)) {
      return fail("number out of the range of an IEEE 754 double", value_pointer());
    }
    return put(Json(v));
  }
  bool string(string_t& v) { return put(Json(std::move(v))); }
  bool binary(binary_t& /*v*/) { return fail("binary values are not JSON", value_pointer()); }

  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    Json* top = stack_.back();
    if (top->contains(k)) {
      return fail("duplicate object member name", current_pointer() + "/" + json_pointer_escape(k));
    }
    key_ = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    // nlohmann's messages quote input text ("...; last read: 'tru'", "number overflow parsing
    // '1e400'"), which may be part of a secret (a private JWK's "d"), so only the description is
    // kept, and the line/column is dropped (the byte offset says the same thing).
    std::string what;
    if (ex.id == 406) {
      what = "number out of the range of an IEEE 754 double";
    } else if (ex.id == 101) {
      // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
      // parsing value - invalid literal; last read: 'tru'"
      what = ex.what();
      if (auto pos = what.find("; last read"); pos != std::string::npos) what.resize(pos);
      if (auto pos = what.find(": "); pos != std::string::npos) what.erase(0, pos + 2);
    } else {
      what = "invalid JSON (nlohmann error " + std::to_string(ex.id) + ")";
    }
    // nlohmann counts bytes read, so the offending byte is at index position - 1 (and at end of
    // input that index is text.size()). Reported 0-based, like every other offset in plx.
    const std::string at = "byte " + std::to_string(position == 0 ? 0 : position - 1);
    error_ = Error(ErrorCode::kMalformed, at + ": " + what, at);
    return false;
  }

  [[nodiscard]] bool failed() const { return error_.has_value(); }
  Error take_error() { return std::move(*error_); }
  Json take_root() { return std::move(root_); }

 private:
  // Stores v at the current position: the root, the next array element, or the member named
  // by the last key. Returns where it went, so containers can be pushed on the stack.
  Json* place(Json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      auto& arr = top->get_ref<Json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    auto& obj = top->get_ref<Json::object_t&>();
    auto [it, inserted] = obj.emplace(std::move(key_), std::move(v));
    (void)inserted;  // key() already refused duplicates
    return &it->second;
  }

  bool put(Json&& v) {
    place(std::move(v));
    return true;
  }

  bool open(Json&& container) {
    if (stack_.size() >= kJsonMaxDepth) {
      return fail("nesting deeper than " + std::to_string(kJsonMaxDepth), current_pointer());
    }
    // The path token of the new container, for error messages below it.
    if (!stack_.empty()) path_.push_back(next_token());
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    if (stack_.size() > 1) path_.pop_back();  // the root container has no token
    stack_.pop_back();
    return true;
  }

  bool fail(std::string message, std::string where) {
    error_ = Error(ErrorCode::kMalformed, std::move(message), std::move(where));
    return false;
  }

  std::string current_pointer() const {
    std::string p;
    for (const auto& t : path_) p += "/" + t;
    return p;
  }
  // The pointer token the next value will get in the innermost open container.
  std::string next_token() const {
    const Json* top = stack_.back();
    return top->is_array() ? std::to_string(top->size()) : json_pointer_escape(key_);
  }
  // The pointer of the next value (where a bad scalar is reported).
  std::string value_pointer() const {
    return stack_.empty() ? std::string() : current_pointer() + "/" + next_token();
  }

  Json root_;
  std::vector<Json*> stack_;       // the open containers, outermost first
  std::vector<std::string> path_;  // pointer tokens of stack_[1..] within their parents
  std::string key_;
  std::optional<Error> error_;
};

Error member_error(std::string message, std::string_view where, std::string_view key) {
  return Error(ErrorCode::kMalformed, std::move(message),
               std::string(where) + "/" + json_pointer_escape(key));
}

Result<const Json*> find_member(const Json& obj, std::string_view key, std::string_view where) {
  if (!obj.is_object())
    return Error(ErrorCode::kMalformed, "expected a JSON object", std::string(where));
  const auto& members = obj.get_ref<const Json::object_t&>();
  const auto it = members.find(std::string(key));
  if (it == members.end()) return static_cast<const Json*>(nullptr);
  return &it->second;
}

}  // namespace

Result<Json> json_parse(std::string_view text) {
  // nlohmann skips a UTF-8 byte order mark; RFC 8259 §8.1 forbids sending one, and accepting it
  // would give a signed payload two spellings.
  if (text.starts_with("\xEF\xBB\xBF")) {
    return Error(ErrorCode::kMalformed, "byte 0: byte order mark is not allowed", "byte 0");
  }
  // nlohmann's lexer takes a NUL byte for the end of input, so "{}\0junk" would parse. A raw
  // NUL can never occur in JSON text (RFC 8259 §7: control characters in strings are escaped).
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const std::string at = "byte " + std::to_string(nul);
    return Error(ErrorCode::kMalformed, at + ": NUL byte in JSON text", at);
  }
  StrictDomBuilder builder;
  try {
    const bool ok = Json::sax_parse(text.begin(), text.end(), &builder,
                                    nlohmann::detail::input_format_t::json, /*strict=*/true,
                                    /*ignore_comments=*/false);
    if (builder.failed()) return builder.take_error();
    if (!ok) return Error(ErrorCode::kMalformed, "JSON parse failed", "byte 0");
  } catch (const nlohmann::json::exception& e) {
    // The SAX interface reports errors through parse_error(); this catches anything else the
    // library may throw, without echoing input text.
    return Error(ErrorCode::kMalformed, std::string("JSON error ") + std::to_string(e.id));
  } catch (const std::bad_alloc&) {
    return Error(ErrorCode::kInternal, "out of memory while parsing JSON");
  }
  return builder.take_root();
}

std::string json_dump(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_pointer_escape(std::string_view token) {
  // RFC 6901 §3: '~' -> "~0" first, then '/' -> "~1" (the order matters for "~1" in a name).
  std::string out;
  out.reserve(token.size());
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::string> json_get_string(const Json& obj, std::string_view key, std::string_view where) {
  PLX_TRY(const Json* m, find_member(obj, key, where));
  if (m == nullptr) return member_error("missing member", where, key);
  if (!m->is_string()) return member_error("expected a string", where, key);
  return m->get_ref<const std::string&>();
}

Result<std::optional<std::string>> json_get_optional_string(const Json& obj, std::string_view key,
                                                            std::string_view where) {
  PLX_TRY(const Json* m, find_member(obj, key, where));
  if (m == nullptr) return std::optional<std::string>();
  if (!m->is_string()) return member_error("expected a string", where, key);
  return std::optional<std::string>(m->get_ref<const std::string&>());
}

Result<const Json*> json_get_object(const Json& obj, std::string_view key, std::string_view where) {
  PLX_TRY(const Json* m, find_member(obj, key, where));
  if (m == nullptr) return member_error("missing member", where, key);
  if (!m->is_object()) return member_error("expected an object", where, key);
  return m;
}

Result<const Json*> json_get_array(const Json& obj, std::string_view key, std::string_view where) {
  PLX_TRY(const Json* m, find_member(obj, key, where));
  if (m == nullptr) return member_error("missing member", where, key);
  if (!m->is_array()) return member_error("expected an array", where, key);
  return m;
}

}  // namespace plx
