// JSON serialization and the typed member accessors (json_parse is in json_parse.cpp).
#include "plx/core/json.hpp"

#include <optional>
#include <string>
#include <utility>

namespace plx {
namespace {

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
