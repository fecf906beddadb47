// File and stream helpers for plx: reading stdin, writing secret files, reporting errors.
#pragma once

#include <filesystem>
#include <string>

#include "plx/core/bytes.hpp"
#include "plx/core/json.hpp"
#include "plx/core/result.hpp"
#include "plx/core/secret.hpp"

namespace plx::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;       // bad input, I/O failure, could not check
inline constexpr int kExitNotVerified = 2; // checked, and it does not verify

// All of stdin as bytes.
[[nodiscard]] Result<Bytes> read_stdin();
[[nodiscard]] Result<std::string> read_text_file(const std::filesystem::path& p);
[[nodiscard]] Result<SecretBytes> read_secret_file(const std::filesystem::path& p);

// Writes `data` to `path` with mode 0600 via a temporary file in the same directory and an
// atomic rename, so a crash leaves either no file or the whole file. Refuses to replace an
// existing file unless `overwrite`.
[[nodiscard]] Status write_secret_file(const std::filesystem::path& path, ByteSpan data,
                                       bool overwrite);

// Prints JSON (pretty, two spaces) and a newline on stdout.
void print_json(const Json& j);
// "plx: <error>" on stderr; returns kExitError.
int report(const Error& e);

}  // namespace plx::cli
