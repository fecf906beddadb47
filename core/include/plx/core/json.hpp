// JSON over nlohmann/json, made strict for identity data.
//
// json_parse rejects what a verifier must not accept silently: duplicate object member names
// (RFC 8259 §4 leaves them undefined; RFC 7515 §5.2 says reject), invalid UTF-8, lone surrogate
// escapes, trailing garbage. No exception escapes: parse errors become kMalformed with
// `where` = "byte N". The getters name the JSON pointer of the member in their errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plx/core/result.hpp"

namespace plx {

using Json = nlohmann::json;

// The deepest nesting of arrays and objects json_parse accepts (RFC 8259 §9 allows a limit).
// It bounds the recursion of everything that walks a parsed document (JCS, dump, validators).
inline constexpr std::size_t kJsonMaxDepth = 512;

// Errors: kMalformed. Syntax errors (including invalid UTF-8, lone surrogate escapes, numbers
// outside the double range, NUL bytes, trailing text) have `where` = "byte N", N the 0-based
// offset at which the error was found (text.size() for a premature end); the message starts the
// same way and never quotes input text. A duplicate member name and nesting deeper than
// kJsonMaxDepth name the JSON pointer instead ("/a/0/x"). A leading UTF-8 byte order mark is
// rejected (RFC 8259 §8.1).
[[nodiscard]] Result<Json> json_parse(std::string_view text);
// Compact serialization (no spaces), UTF-8 kept as is. Never throws (invalid UTF-8 in a string
// value is replaced, which cannot happen for values that came from json_parse).
[[nodiscard]] std::string json_dump(const Json& value);

// RFC 6901 pointer escaping of one reference token ("a/b" -> "a~1b").
[[nodiscard]] std::string json_pointer_escape(std::string_view token);

// Member accessors on an object. `where` is the JSON pointer of the object (e.g. "/proof");
// errors are kMalformed naming where + "/" + key. REQUIRES nothing of `obj` (a non-object is
// an error, never a crash).
[[nodiscard]] Result<std::string> json_get_string(const Json& obj, std::string_view key,
                                                  std::string_view where = "");
[[nodiscard]] Result<std::optional<std::string>> json_get_optional_string(
    const Json& obj, std::string_view key, std::string_view where = "");
[[nodiscard]] Result<const Json*> json_get_object(const Json& obj, std::string_view key,
                                                  std::string_view where = "");
[[nodiscard]] Result<const Json*> json_get_array(const Json& obj, std::string_view key,
                                                 std::string_view where = "");

// RFC 8785 JSON Canonicalization Scheme: members sorted by UTF-16 code units, numbers in the
// ECMAScript Number.prototype.toString form, minimal string escapes, no whitespace.
// Errors: kInvalidArgument for NaN/Infinity (cannot come from parsed JSON).
[[nodiscard]] Result<std::string> jcs_canonicalize(const Json& value);
// Parses strictly (json_parse) and canonicalizes; numbers are read as IEEE 754 doubles.
[[nodiscard]] Result<std::string> jcs_canonicalize_text(std::string_view json_text);
// ES6 Number.prototype.toString of a finite double ("1e+21", "0.000001", "1e-7", "-0" -> "0").
[[nodiscard]] std::string es6_number_to_string(double value);

}  // namespace plx
