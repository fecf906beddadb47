// XSD 1.1 dateTime parsing (XML Schema Part 2 §3.3.7) for VCDM validity periods.
#include "plx/vc/datetime.hpp"

#include <chrono>
#include <cstdio>

namespace plx::vc {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Error bad(std::string what) { return Error(ErrorCode::kMalformed, "dateTime: " + std::move(what)); }

}  // namespace

Result<UnixSeconds> parse_xsd_datetime(std::string_view s, bool require_timezone) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-') return bad("expected YYYY-");
  if (!digits(s, 5, 2, mo) || s[7] != '-') return bad("expected MM-");
  if (!digits(s, 8, 2, d) || s[10] != 'T') return bad("expected DDT");
  if (!digits(s, 11, 2, h) || s[13] != ':') return bad("expected hh:");
  if (!digits(s, 14, 2, mi) || s[16] != ':') return bad("expected mm:");
  if (!digits(s, 17, 2, sec)) return bad("expected ss");
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return bad("empty fraction of a second");
  }
  std::int64_t offset = 0;
  if (pos == s.size()) {
    if (require_timezone) return bad("a time zone (Z or +hh:mm) is required");
  } else if (s[pos] == 'Z' && pos + 1 == s.size()) {
  } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) return bad("bad time zone");
    if (oh > 14 || om > 59 || (oh == 14 && om != 0)) return bad("time zone out of range");
    offset = (oh * 60 + om) * 60;
    if (s[pos] == '-') offset = -offset;
  } else {
    return bad("unexpected text after the time");
  }
  if (mo < 1 || mo > 12) return bad("month out of range");
  if (d < 1 || d > days_in_month(y, mo)) return bad("day out of range for the month");
  if (mi > 59 || sec > 59) return bad("minute or second out of range");
  if (h > 24 || (h == 24 && (mi != 0 || sec != 0))) return bad("hour out of range");
  std::int64_t t = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                   h * 3600 + mi * 60 + sec;
  return t - offset;
}

std::string format_xsd_datetime(UnixSeconds t) {
  std::int64_t days = t / 86400, rem = t % 86400;
  if (rem < 0) { rem += 86400; --days; }
  // civil_from_days (Hinnant).
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

UnixSeconds unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace plx::vc
