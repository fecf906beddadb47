// Result<T>, Status, PLX_TRY / PLX_RETURN_IF_ERROR and Error.
#include "plx/core/result.hpp"

#include <memory>
#include <string>

#include "test_support.hpp"

namespace plx {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;

// Stable numbers: the C ABI mirrors them one to one.
static_assert(static_cast<int>(ErrorCode::kOk) == 0);
static_assert(static_cast<int>(ErrorCode::kInvalidArgument) == 1);
static_assert(static_cast<int>(ErrorCode::kMalformed) == 2);
static_assert(static_cast<int>(ErrorCode::kUnsupported) == 3);
static_assert(static_cast<int>(ErrorCode::kNotFound) == 4);
static_assert(static_cast<int>(ErrorCode::kVerificationFailed) == 5);
static_assert(static_cast<int>(ErrorCode::kRevoked) == 6);
static_assert(static_cast<int>(ErrorCode::kIo) == 7);
static_assert(static_cast<int>(ErrorCode::kInternal) == 8);
static_assert(static_cast<int>(ErrorCode::kAlreadyExists) == 9);
static_assert(static_cast<int>(ErrorCode::kPermissionDenied) == 10);
static_assert(static_cast<int>(ErrorCode::kOutOfRange) == 11);

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Error(ErrorCode::kMalformed, "not a digit", "offset 0");
  return c - '0';
}

Result<int> sum_two(char a, char b) {
  PLX_TRY(int x, parse_digit(a));
  PLX_TRY(const int y, parse_digit(b));
  return x + y;
}

int g_steps = 0;
Status step(bool ok) {
  ++g_steps;
  if (!ok) return Error(ErrorCode::kIo, "step failed");
  return ok_status();
}
Status run_steps(bool first, bool second) {
  PLX_RETURN_IF_ERROR(step(first));
  PLX_RETURN_IF_ERROR(step(second));
  return {};
}

TEST(Result, ValueAndError) {
  Result<int> ok = 5;
  EXPECT_TRUE(ok.has_value());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(*ok, 5);
  EXPECT_EQ(ok.value(), 5);
  EXPECT_EQ(ok.value_or(9), 5);

  Result<int> bad = Error(ErrorCode::kNotFound, "nope", "/id");
  EXPECT_FALSE(bad.has_value());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bad.error().message, "nope");
  EXPECT_EQ(bad.error().where, "/id");
  EXPECT_EQ(bad.value_or(9), 9);
  EXPECT_THAT(bad, HasError(ErrorCode::kNotFound));
  EXPECT_THAT(ok, IsOk());
}

TEST(Result, ArrowAndConvertingConstructor) {
  Result<std::string> s = "abc";  // const char* converts to std::string
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->size(), 3u);
  s->push_back('d');
  EXPECT_EQ(*s, "abcd");
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.has_value());
  std::unique_ptr<int> p = *std::move(r);
  EXPECT_EQ(*p, 7);
}

TEST(Result, TryPropagatesTheFirstError) {
  auto ok = sum_two('3', '4');
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(*ok, 7);
  auto bad = sum_two('3', 'x');
  ASSERT_THAT(bad, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(bad.error().message, "not a digit");
  EXPECT_THAT(sum_two('x', 'y'), HasError(ErrorCode::kMalformed));
}

TEST(Result, ReturnIfErrorStopsAtTheFirstFailure) {
  g_steps = 0;
  EXPECT_THAT(run_steps(true, true), IsOk());
  EXPECT_EQ(g_steps, 2);
  g_steps = 0;
  EXPECT_THAT(run_steps(false, true), HasError(ErrorCode::kIo));
  EXPECT_EQ(g_steps, 1);
  g_steps = 0;
  EXPECT_THAT(run_steps(true, false), HasError(ErrorCode::kIo));
  EXPECT_EQ(g_steps, 2);
}

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.has_value());
  s.value();  // does not abort
  Status e = Error(ErrorCode::kRevoked, "revoked");
  EXPECT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, ErrorCode::kRevoked);
}

TEST(ResultDeathTest, ValueOnErrorAborts) {
  Result<int> bad = Error(ErrorCode::kMalformed, "broken");
  EXPECT_DEATH((void)bad.value(), "value\\(\\) called on an error: malformed: broken");
  Status s = Error(ErrorCode::kIo, "disk");
  EXPECT_DEATH(s.value(), "io: disk");
  EXPECT_DEATH(PLX_CHECK(1 + 1 == 3), "PLX_CHECK failed");
}

TEST(Error, ToStringAndWithin) {
  Error e(ErrorCode::kMalformed, "bad character", "offset 3");
  EXPECT_EQ(e.to_string(), "malformed: bad character (at offset 3)");
  EXPECT_EQ(Error(ErrorCode::kIo, "x").to_string(), "io: x");
  EXPECT_EQ(Error(ErrorCode::kMalformed, "m", "/signature").within("/proof").where,
            "/proof/signature");
  EXPECT_EQ(Error(ErrorCode::kMalformed, "m", "signature").within("proof").where,
            "proof/signature");
  EXPECT_EQ(Error(ErrorCode::kMalformed, "m").within("proof").where, "proof");
  EXPECT_EQ(Error(ErrorCode::kMalformed, "m", "x").within("").where, "x");
}

TEST(Error, RecordsWhereItWasCreated) {
  const int line = __LINE__ + 1;
  Error e(ErrorCode::kInternal, "here");
  EXPECT_EQ(static_cast<int>(e.location.line()), line);
  EXPECT_THAT(std::string(e.location.file_name()), ::testing::HasSubstr("result_test.cpp"));
}

TEST(Error, CodeNames) {
  EXPECT_EQ(to_string(ErrorCode::kOk), "ok");
  EXPECT_EQ(to_string(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(to_string(ErrorCode::kMalformed), "malformed");
  EXPECT_EQ(to_string(ErrorCode::kUnsupported), "unsupported");
  EXPECT_EQ(to_string(ErrorCode::kNotFound), "not_found");
  EXPECT_EQ(to_string(ErrorCode::kVerificationFailed), "verification_failed");
  EXPECT_EQ(to_string(ErrorCode::kRevoked), "revoked");
  EXPECT_EQ(to_string(ErrorCode::kIo), "io");
  EXPECT_EQ(to_string(ErrorCode::kInternal), "internal");
  EXPECT_EQ(to_string(ErrorCode::kAlreadyExists), "already_exists");
  EXPECT_EQ(to_string(ErrorCode::kPermissionDenied), "permission_denied");
  EXPECT_EQ(to_string(ErrorCode::kOutOfRange), "out_of_range");
  EXPECT_EQ(to_string(static_cast<ErrorCode>(99)), "unknown");
}

TEST(Bytes, Helpers) {
  EXPECT_EQ(to_bytes("abc"), (Bytes{'a', 'b', 'c'}));
  EXPECT_EQ(to_string(to_bytes("xyz")), "xyz");
  EXPECT_EQ(as_string_view(as_bytes("q")), "q");
  Bytes out = {1};
  append(out, Bytes{2, 3});
  EXPECT_EQ(out, (Bytes{1, 2, 3}));
}

}  // namespace
}  // namespace plx
