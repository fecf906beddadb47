// XML Schema dateTime text <-> Unix seconds for DID document metadata (W3C DID Core 1.0 §7.1.3:
// "created" and "updated" are XML datetimes normalized to UTC, without sub-second precision) and
// the versionTime DID parameter (DID Core §3.2.1): core/datetime.hpp with the ledger's syntax
// (a time zone is required, no "24:00:00").
//
// Years 0001..9999 only; no time zone database, locale or libc time function is involved, so
// the results are the same on every platform (block times are part of consensus).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plx/core/datetime.hpp"
#include "plx/core/result.hpp"

namespace plx::ledger {

// "YYYY-MM-DDTHH:MM:SSZ" for `unix_seconds`.
// Errors: kOutOfRange for a time before 0001-01-01T00:00:00Z or after 9999-12-31T23:59:59Z.
[[nodiscard]] inline Result<std::string> format_xml_datetime(std::int64_t unix_seconds) {
  return format_xsd_datetime(unix_seconds);
}

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" and returns the Unix time, rounded
// down to the second (block times are whole seconds, so "at or before T" is unchanged by the
// rounding). A datetime without a time zone is refused: its instant would be ambiguous.
// Errors: kMalformed with `where` = "character N" naming the first character that does not fit
// (a field out of range — month 13, February 30, hour 24, second 60 — names the field).
[[nodiscard]] inline Result<std::int64_t> parse_xml_datetime(std::string_view text) {
  return parse_xsd_datetime(text, DateTimeSyntax{true, false});
}

}  // namespace plx::ledger
