// XML Schema 1.1 dateTime / dateTimeStamp values as VCDM uses them (validFrom, validUntil,
// issuanceDate, created, expires), and Unix times: core/datetime.hpp with the credential
// syntax.
//
// VCDM 2.0 §4.9 requires `validFrom`/`validUntil` to be xsd:dateTimeStamp: a dateTime *with* a
// time zone ("Z" or "+hh:mm"/"-hh:mm"). Fractional seconds are accepted and truncated to whole
// seconds for comparisons; "24:00:00" is the end of the day (XSD 1.1 §3.3.7). Pure functions;
// thread-safe.
#pragma once

#include <string_view>

#include "plx/core/datetime.hpp"
#include "plx/core/result.hpp"

namespace plx::vc {

using plx::UnixSeconds;
using plx::format_xsd_datetime;  // Errors: kOutOfRange outside years 0001..9999
using plx::unix_now;

// "YYYY-MM-DDThh:mm:ss[.fff...](Z|(+|-)hh:mm)". With `require_timezone` (dateTimeStamp) a
// missing zone is an error; without it, no zone means UTC. Errors: kMalformed naming the
// character (a bad field; month, day, hour, minute, second or offset out of range).
[[nodiscard]] inline Result<UnixSeconds> parse_xsd_datetime(std::string_view text,
                                                            bool require_timezone = true) {
  return plx::parse_xsd_datetime(text, DateTimeSyntax{require_timezone, true});
}

}  // namespace plx::vc
