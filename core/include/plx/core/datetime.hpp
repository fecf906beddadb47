// XML Schema 1.1 dateTime text <-> Unix seconds (XSD 1.1 Part 2 §3.3.7 dateTime, §3.4.28
// dateTimeStamp), the one implementation behind the credentials' validity periods (VCDM 2.0
// §4.9: validFrom/validUntil are dateTimeStamps) and the DID metadata and versionTime of the
// ledger (DID Core §7.1.3, §3.2.1).
//
// Only the proleptic Gregorian years 0001..9999 in their four-digit form are handled. The
// calendar arithmetic is integer days-from-civil / civil-from-days over 400-year eras, with no
// time zone database, locale or libc time function, so results are the same on every platform
// (block times are part of the ledger's consensus).
// Thread-safety: pure functions (unix_now reads the system clock).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plx/core/result.hpp"

namespace plx {

// Seconds since 1970-01-01T00:00:00Z (negative before).
using UnixSeconds = std::int64_t;

struct DateTimeSyntax {
  // dateTimeStamp: a time zone ("Z" or +hh:mm / -hh:mm) is required. When false, a dateTime
  // without one is read as UTC.
  bool require_timezone = true;
  // XSD 1.1 §3.3.7 allows "24:00:00" for the end of a day (= 00:00:00 of the next day).
  bool allow_end_of_day = false;
};

// Parses "YYYY-MM-DDThh:mm:ss[.fraction][Z|(+|-)hh:mm]" and returns the Unix time, rounded down
// to the second. Errors: kMalformed with `where` = "character N" naming the first character that
// does not fit, or the start of a field that is out of range (month 13, February 30, year 0000,
// hour 24 unless allowed, minute or second 60, an offset beyond 14:00).
[[nodiscard]] Result<UnixSeconds> parse_xsd_datetime(std::string_view text,
                                                     DateTimeSyntax syntax = {});

// "YYYY-MM-DDThh:mm:ssZ". Errors: kOutOfRange before 0001-01-01T00:00:00Z or after
// 9999-12-31T23:59:59Z.
[[nodiscard]] Result<std::string> format_xsd_datetime(UnixSeconds t);

// The current time from the system clock.
[[nodiscard]] UnixSeconds unix_now();

}  // namespace plx
