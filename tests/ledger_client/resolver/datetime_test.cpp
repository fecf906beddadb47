// XML datetime formatting and parsing (ledger_client/datetime.hpp), used for DID document
// metadata (DID Core §7.1.3) and the versionTime parameter (DID Core §3.2.1).
#include "plx/ledger_client/datetime.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace plx::ledger {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

TEST(XmlDatetime, FormatsKnownInstants) {
  EXPECT_EQ(*format_xml_datetime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(*format_xml_datetime(951782400), "2000-02-29T00:00:00Z");  // leap day of a 400-year
  EXPECT_EQ(*format_xml_datetime(1234567890), "2009-02-13T23:31:30Z");
  EXPECT_EQ(*format_xml_datetime(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(*format_xml_datetime(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(*format_xml_datetime(-62135596800), "0001-01-01T00:00:00Z");
}

TEST(XmlDatetime, RefusesYearsOutsideFourDigits) {
  EXPECT_THAT(format_xml_datetime(253402300800), HasError(ErrorCode::kOutOfRange));
  EXPECT_THAT(format_xml_datetime(-62135596801), HasError(ErrorCode::kOutOfRange));
}

TEST(XmlDatetime, ParsesWhatItFormats) {
  // Every day boundary over several 400-year cycles, and odd seconds in between.
  for (std::int64_t t = -62135596800; t <= 253402300799; t += 86400 * 37 + 4321) {
    auto text = format_xml_datetime(t);
    ASSERT_THAT(text, IsOk());
    auto back = parse_xml_datetime(*text);
    ASSERT_THAT(back, IsOk()) << *text;
    EXPECT_EQ(*back, t) << *text;
  }
}

TEST(XmlDatetime, ParsesOffsetsAndFractions) {
  EXPECT_EQ(*parse_xml_datetime("2009-02-14T00:31:30+01:00"), 1234567890);
  EXPECT_EQ(*parse_xml_datetime("2009-02-13T18:31:30-05:00"), 1234567890);
  EXPECT_EQ(*parse_xml_datetime("2009-02-13T23:31:30.999Z"), 1234567890);  // rounded down
  EXPECT_EQ(*parse_xml_datetime("2009-02-13T23:31:30.0+00:00"), 1234567890);
}

TEST(XmlDatetime, RejectsMalformedTextWithThePosition) {
  struct Case {
    const char* text;
    const char* where;
  };
  for (const Case& c : {Case{"", "character 0"}, Case{"2009-02-13", "character 10"},
                        Case{"2009-02-13 23:31:30Z", "character 10"},
                        Case{"2009-02-13T23:31:30", "character 19"},  // no time zone
                        Case{"2009-02-13T23:31:30.Z", "character 20"},
                        Case{"2009-02-13T23:31:30Zx", "character 20"},
                        Case{"2009-2-13T23:31:30Z", "character 6"},
                        Case{"2009-13-01T00:00:00Z", "character 5"},
                        Case{"2009-02-29T00:00:00Z", "character 8"},  // not a leap year
                        Case{"1900-02-29T00:00:00Z", "character 8"},  // century, not leap
                        Case{"0000-01-01T00:00:00Z", "character 0"},
                        Case{"2009-02-13T24:00:00Z", "character 11"},
                        Case{"2009-02-13T23:60:00Z", "character 14"},
                        Case{"2009-02-13T23:31:60Z", "character 17"},
                        Case{"2009-02-13T23:31:30+15:00", "character 20"},
                        Case{"2009-02-13T23:31:30+01", "character 22"},
                        Case{"+2009-02-13T23:31:30Z", "character 0"}}) {
    auto r = parse_xml_datetime(c.text);
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed)) << c.text;
    EXPECT_EQ(r.error().where, c.where) << c.text << ": " << r.error().message;
  }
  EXPECT_EQ(*parse_xml_datetime("2000-02-29T00:00:00Z"), 951782400);  // 400-year leap day
}

}  // namespace
}  // namespace plx::ledger
