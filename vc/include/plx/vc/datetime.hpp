// XML Schema 1.1 dateTime / dateTimeStamp values as VCDM uses them (validFrom, validUntil,
// issuanceDate, created, expires), and Unix times.
//
// VCDM 2.0 §4.6 requires `validFrom`/`validUntil` to be xsd:dateTimeStamp: a dateTime *with* a
// time zone ("Z" or "+hh:mm"/"-hh:mm"). Fractional seconds are accepted and truncated to whole
// seconds for comparisons. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plx/core/result.hpp"

namespace plx::vc {

// Seconds since 1970-01-01T00:00:00Z (negative before).
using UnixSeconds = std::int64_t;

// Parses "YYYY-MM-DDThh:mm:ss[.fff...](Z|(+|-)hh:mm)" (XSD 1.1 §3.3.7 dateTime lexical space; the
// year has 4 digits, optional leading '-' is refused: credentials predate nothing). With
// `require_timezone` (dateTimeStamp) a missing zone is an error; without it, no zone means UTC.
// Errors: kMalformed naming what was wrong (bad field, out-of-range month/day/hour/minute/second,
// day past the month's end, 24:00:00 is accepted only as end of day per XSD).
[[nodiscard]] Result<UnixSeconds> parse_xsd_datetime(std::string_view text,
                                                     bool require_timezone = true);

// "YYYY-MM-DDThh:mm:ssZ".
[[nodiscard]] std::string format_xsd_datetime(UnixSeconds t);

// The current time from the system clock.
[[nodiscard]] UnixSeconds unix_now();

}  // namespace plx::vc
