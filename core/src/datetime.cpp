// XML Schema 1.1 §3.3.7 dateTime (datetime.hpp). The calendar arithmetic is the
// days-from-civil / civil-from-days pair on the proleptic Gregorian calendar (400-year eras of
// 146097 days), in integers so that it is exact and platform independent.
#include "plx/core/datetime.hpp"

#include <chrono>
#include <cstdio>

namespace plx {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 for a proleptic Gregorian date (month 1..12, day 1..31).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

constexpr std::int64_t kMinSeconds = days_from_civil(1, 1, 1) * kSecondsPerDay;
constexpr std::int64_t kMaxSeconds = days_from_civil(9999, 12, 31) * kSecondsPerDay + 86399;

Error malformed_at(std::size_t pos, std::string message) {
  return Error(ErrorCode::kMalformed, "dateTime: " + std::move(message),
               "character " + std::to_string(pos));
}

// Reads exactly `n` ASCII digits at `pos`.
Result<unsigned> digits(std::string_view s, std::size_t& pos, std::size_t n, const char* what) {
  unsigned v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (pos >= s.size() || s[pos] < '0' || s[pos] > '9') {
      return malformed_at(pos, "expected " + std::to_string(n) + " digits of the " + what);
    }
    v = v * 10 + static_cast<unsigned>(s[pos] - '0');
    ++pos;
  }
  return v;
}

Status expect_char(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return malformed_at(pos, std::string("expected '") + c + "'");
  ++pos;
  return ok_status();
}

Error out_of_range(std::size_t pos, const char* what) {
  return malformed_at(pos, std::string(what) + " out of range");
}

}  // namespace

Result<std::string> format_xsd_datetime(UnixSeconds t) {
  if (t < kMinSeconds || t > kMaxSeconds) {
    return Error(ErrorCode::kOutOfRange,
                 "time " + std::to_string(t) + " is outside years 0001..9999", "unix_seconds");
  }
  // Floor division, so times before 1970 land on the right day.
  std::int64_t days = t / kSecondsPerDay;
  std::int64_t secs = t % kSecondsPerDay;
  if (secs < 0) {
    secs += kSecondsPerDay;
    --days;
  }
  const Civil c = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(c.year), c.month, c.day,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return std::string(buf);
}

Result<UnixSeconds> parse_xsd_datetime(std::string_view s, DateTimeSyntax syntax) {
  std::size_t pos = 0;
  const std::size_t year_pos = pos;
  PLX_TRY(unsigned year, digits(s, pos, 4, "year"));
  PLX_RETURN_IF_ERROR(expect_char(s, pos, '-'));
  const std::size_t month_pos = pos;
  PLX_TRY(unsigned month, digits(s, pos, 2, "month"));
  PLX_RETURN_IF_ERROR(expect_char(s, pos, '-'));
  const std::size_t day_pos = pos;
  PLX_TRY(unsigned day, digits(s, pos, 2, "day"));
  PLX_RETURN_IF_ERROR(expect_char(s, pos, 'T'));
  const std::size_t hour_pos = pos;
  PLX_TRY(unsigned hour, digits(s, pos, 2, "hour"));
  PLX_RETURN_IF_ERROR(expect_char(s, pos, ':'));
  const std::size_t minute_pos = pos;
  PLX_TRY(unsigned minute, digits(s, pos, 2, "minute"));
  PLX_RETURN_IF_ERROR(expect_char(s, pos, ':'));
  const std::size_t second_pos = pos;
  PLX_TRY(unsigned second, digits(s, pos, 2, "second"));
  bool fraction_nonzero = false;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (s[pos] != '0') fraction_nonzero = true;
      ++pos;
    }
    if (pos == first) return malformed_at(pos, "expected digits after '.'");
  }
  std::int64_t offset_seconds = 0;
  if (pos >= s.size()) {
    if (syntax.require_timezone) {
      return malformed_at(pos, "expected a time zone ('Z' or +hh:mm / -hh:mm)");
    }
  } else if (s[pos] == 'Z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const std::int64_t sign = s[pos] == '+' ? 1 : -1;
    ++pos;
    const std::size_t oh_pos = pos;
    PLX_TRY(unsigned oh, digits(s, pos, 2, "time zone hours"));
    PLX_RETURN_IF_ERROR(expect_char(s, pos, ':'));
    PLX_TRY(unsigned om, digits(s, pos, 2, "time zone minutes"));
    // XSD 1.1 §3.3.7: offsets are at most 14:00.
    if (om > 59 || oh > 14 || (oh == 14 && om != 0)) return out_of_range(oh_pos, "time zone offset");
    offset_seconds = sign * static_cast<std::int64_t>(oh * 3600 + om * 60);
  } else {
    return malformed_at(pos, "expected a time zone ('Z' or +hh:mm / -hh:mm)");
  }
  if (pos != s.size()) return malformed_at(pos, "unexpected text after the dateTime");

  if (year == 0) return out_of_range(year_pos, "year");
  if (month < 1 || month > 12) return out_of_range(month_pos, "month");
  if (day < 1 || day > days_in_month(year, month)) return out_of_range(day_pos, "day");
  const bool end_of_day = syntax.allow_end_of_day && hour == 24 && minute == 0 && second == 0 &&
                          !fraction_nonzero;
  if (hour > 23 && !end_of_day) return out_of_range(hour_pos, "hour");
  if (minute > 59) return out_of_range(minute_pos, "minute");
  if (second > 59) return out_of_range(second_pos, "second");
  return days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
         second - offset_seconds;
}

UnixSeconds unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace plx
