// core/datetime.hpp: the syntax switches (the full grammar and calendar are exercised through
// tests/ledger_client/resolver/datetime_test.cpp and tests/vc/data_model).
#include "plx/core/datetime.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace plx {
namespace {

using ::plx::testing::HasError;

TEST(DateTime, TimeZoneRequiredOrUtc) {
  EXPECT_THAT(parse_xsd_datetime("2009-02-13T23:31:30"), HasError(ErrorCode::kMalformed));
  EXPECT_EQ(parse_xsd_datetime("2009-02-13T23:31:30").error().where, "character 19");
  EXPECT_EQ(*parse_xsd_datetime("2009-02-13T23:31:30", DateTimeSyntax{false, false}), 1234567890);
}

TEST(DateTime, EndOfDayOnlyWhenAllowed) {
  const DateTimeSyntax eod{true, true};
  EXPECT_EQ(parse_xsd_datetime("2009-02-13T24:00:00Z").error().where, "character 11");
  EXPECT_EQ(*parse_xsd_datetime("2009-02-13T24:00:00Z", eod),
            *parse_xsd_datetime("2009-02-14T00:00:00Z"));
  EXPECT_EQ(*parse_xsd_datetime("2009-12-31T24:00:00.000+01:00", eod),
            *parse_xsd_datetime("2009-12-31T23:00:00Z"));
  for (const char* bad : {"2009-02-13T24:00:01Z", "2009-02-13T24:01:00Z",
                          "2009-02-13T24:00:00.5Z", "2009-02-13T25:00:00Z"}) {
    EXPECT_THAT(parse_xsd_datetime(bad, eod), HasError(ErrorCode::kMalformed)) << bad;
  }
}

TEST(DateTime, FormatRoundTripsAndBounds) {
  for (UnixSeconds t : {UnixSeconds{0}, UnixSeconds{-1}, UnixSeconds{951782400},
                        UnixSeconds{-62135596800}, UnixSeconds{253402300799}}) {
    auto text = format_xsd_datetime(t);
    ASSERT_TRUE(text.has_value()) << t;
    EXPECT_EQ(*parse_xsd_datetime(*text), t) << *text;
  }
  EXPECT_THAT(format_xsd_datetime(253402300800), HasError(ErrorCode::kOutOfRange));
  EXPECT_THAT(format_xsd_datetime(-62135596801), HasError(ErrorCode::kOutOfRange));
  EXPECT_GT(unix_now(), 1'700'000'000);
}

}  // namespace
}  // namespace plx
