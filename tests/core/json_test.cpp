// Strict JSON: duplicate names at any depth, UTF-8 and surrogate checks, error positions that
// never echo input, and the typed member accessors.
#include "plx/core/json.hpp"

#include <filesystem>
#include <random>
#include <string>

#include "test_support.hpp"

namespace plx {
namespace {

using ::plx::testing::HasError;
using ::plx::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

Error parse_error(std::string_view text) {
  auto r = json_parse(text);
  EXPECT_FALSE(r.has_value()) << "parsed: " << text;
  return r.has_value() ? Error() : r.error();
}

TEST(JsonParse, AcceptsOrdinaryDocuments) {
  auto r = json_parse(R"( {"b":[1,-2,3.5,{"c":null}],"a":"\u00e9\ud83d\ude02","t":true} )");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ((*r)["b"][1].get<int>(), -2);
  EXPECT_EQ((*r)["a"].get<std::string>(), "\xC3\xA9\xF0\x9F\x98\x82");
  EXPECT_EQ(json_dump(*r), R"({"a":"é😂","b":[1,-2,3.5,{"c":null}],"t":true})");
  for (const char* scalar : {"0", "-0", "1e5", "\"\"", "null", "false", "[]", "{}"}) {
    EXPECT_THAT(json_parse(scalar), IsOk()) << scalar;
  }
}

TEST(JsonParse, RejectsDuplicateNamesAtAnyDepth) {
  const struct {
    const char* text;
    const char* pointer;
  } cases[] = {
      {R"({"a":1,"a":2})", "/a"},
      {R"({"a":1,"b":2,"a":1})", "/a"},
      {R"({"x":{"k":1,"k":1}})", "/x/k"},
      {R"({"a":[{"x":1,"x":2}]})", "/a/0/x"},
      {R"([0,[1,{"y":{"z":[],"z":[]}}]])", "/1/1/y/z"},
      {R"({"a/b":{"c~":{"k":1,"k":1}}})", "/a~1b/c~0/k"},
      {R"({"":1,"":2})", "/"},
      // Same name spelled with an escape: still the same member.
      {R"({"id":1,"\u0069d":2})", "/id"},
  };
  for (const auto& c : cases) {
    const Error e = parse_error(c.text);
    EXPECT_EQ(e.code, ErrorCode::kMalformed) << c.text;
    EXPECT_EQ(e.where, c.pointer) << c.text;
    EXPECT_THAT(e.message, HasSubstr("duplicate")) << c.text;
  }
}

TEST(JsonParse, SameNameInDifferentObjectsIsFine) {
  EXPECT_THAT(json_parse(R"({"a":{"x":1},"b":{"x":1},"x":0})"), IsOk());
  EXPECT_THAT(json_parse(R"([{"x":1},{"x":2},{"x":{"x":3}}])"), IsOk());
  // A closed object's names do not leak into its parent's key set.
  EXPECT_THAT(json_parse(R"({"o":{"k":1},"k":2})"), IsOk());
}

TEST(JsonParse, RejectsInvalidUtf8) {
  for (const char* bad : {"\"\xff\"", "\"\xc0\xaf\"",  // overlong '/'
                          "\"\xed\xa0\x80\"",          // UTF-8-encoded surrogate
                          "\"\xe2\x82\"",              // truncated sequence
                          "\"\xf4\x90\x80\x80\"",      // above U+10FFFF
                          "\"\x80\"", "{\"\xfe\":1}", "[\"ok\",\"\xc3\"]"}) {
    const Error e = parse_error(bad);
    EXPECT_EQ(e.code, ErrorCode::kMalformed);
    EXPECT_THAT(e.where, StartsWith("byte "));
  }
  EXPECT_EQ(parse_error("\"ab\xff\"").where, "byte 3");
}

TEST(JsonParse, RejectsLoneSurrogateEscapes) {
  for (const char* bad : {R"("\ud800")", R"("\udc00")", R"("\udbff")", R"("\ud800\u0041")",
                          R"("\ud800\ud800")", R"("x\udfff")", R"({"\ud800":1})"}) {
    EXPECT_EQ(parse_error(bad).code, ErrorCode::kMalformed) << bad;
  }
  EXPECT_THAT(json_parse(R"("\ud800\udc00")"), IsOk());  // U+10000, a proper pair
}

TEST(JsonParse, RejectsNonJsonSyntax) {
  for (const char* bad :
       {"",         " ",         "{",     "[1,2",      "[1,]",      "{\"a\":1,}", "{'a':1}",
        "{a:1}",    "01",        "+1",    ".5",        "1.",        "0x10",       "NaN",
        "Infinity", "-Infinity", "tru",   "\"a\x01\"", "\"\\x41\"", "/*c*/{}",    "{}//c",
        "{} x",     "{}{}",      "[] []", "\"\t\""}) {
    EXPECT_EQ(parse_error(bad).code, ErrorCode::kMalformed) << bad;
  }
}

TEST(JsonParse, ErrorsGiveTheByteOffset) {
  Error e = parse_error("{} x");
  EXPECT_EQ(e.where, "byte 3");
  EXPECT_THAT(e.message, StartsWith("byte 3: "));
  EXPECT_EQ(parse_error("[1,2").where, "byte 4");  // premature end: text.size()
  EXPECT_EQ(parse_error("").where, "byte 0");
}

TEST(JsonParse, RejectsNulBytesAndByteOrderMark) {
  // nlohmann alone would stop at the NUL and accept "{}".
  Error e = parse_error(std::string_view("{}\0junk", 7));
  EXPECT_EQ(e.where, "byte 2");
  EXPECT_EQ(parse_error(std::string_view("\"a\0\"", 4)).where, "byte 2");
  EXPECT_EQ(parse_error("\xEF\xBB\xBF{}").where, "byte 0");
}

TEST(JsonParse, RejectsNumbersOutsideTheDoubleRange) {
  EXPECT_EQ(parse_error("1e400").code, ErrorCode::kMalformed);
  EXPECT_EQ(parse_error("[1,-1e400]").code, ErrorCode::kMalformed);
  // Big integers that fit a double are fine (they become doubles).
  auto r = json_parse("18446744073709551616");
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->is_number_float());
  EXPECT_THAT(json_parse("1e-400"), IsOk());  // underflows to 0, which is finite
}

TEST(JsonParse, MessagesNeverQuoteInputText) {
  for (const char* text :
       {"{\"d\":\"SECRETKEYBYTES\xff\"}", "{\"d\":SECRETKEYBYTES}", "{\"d\":\"SECRETKEYBYTES\"",
        "[1e999999SECRETKEYBYTES]", "{\"d\":1e400, \"x\":\"SECRETKEYBYTES\"}"}) {
    const Error e = parse_error(text);
    EXPECT_THAT(e.to_string(), Not(HasSubstr("SECRET"))) << e.to_string();
    EXPECT_THAT(e.to_string(), Not(HasSubstr("1e4"))) << e.to_string();
  }
}

TEST(JsonParse, NestingLimit) {
  const std::size_t n = kJsonMaxDepth;
  EXPECT_THAT(json_parse(std::string(n, '[') + std::string(n, ']')), IsOk());
  EXPECT_THAT(json_parse(std::string(n + 1, '[') + std::string(n + 1, ']')),
              HasError(ErrorCode::kMalformed));
  std::string objs;
  for (std::size_t i = 0; i <= n; ++i) objs += "{\"a\":";
  objs += "1" + std::string(n + 1, '}');
  EXPECT_THAT(json_parse(objs), HasError(ErrorCode::kMalformed));
  // Far deeper input fails cleanly rather than exhausting the stack.
  EXPECT_THAT(json_parse(std::string(200000, '[')), HasError(ErrorCode::kMalformed));
}

// Tamper loop: truncating a document at every length never crashes and never parses to the same
// value (a prefix of a JSON object is never a JSON object).
TEST(JsonParse, TruncationAtEveryLength) {
  const std::string doc =
      R"({"id":"did:example:123","n":[1,2.5,-3e2],"o":{"k":"\u00e9"},"t":true})";
  auto full = json_parse(doc);
  ASSERT_THAT(full, IsOk());
  for (std::size_t len = 0; len < doc.size(); ++len) {
    auto r = json_parse(std::string_view(doc).substr(0, len));
    EXPECT_FALSE(r.has_value()) << len;
  }
  // Flipping each bit of each byte never crashes; whatever parses is a different document or
  // only differs in insignificant ways the reparse shows.
  for (std::size_t i = 0; i < doc.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string m = doc;
      m[i] = static_cast<char>(m[i] ^ (1 << bit));
      auto r = json_parse(m);
      if (r.has_value()) {
        EXPECT_THAT(json_parse(json_dump(*r)), IsOk());
      }
    }
  }
}

// Differential check against nlohmann's own parser (a different lexer, RFC 8259 too): on every
// JSON file among the shared test vectors and on byte mutations of them (about 4,000 texts), json_parse accepts
// exactly what nlohmann accepts, minus what plx rejects on purpose (duplicate names, NUL bytes,
// deep nesting, doubles out of range), and yields the same value with the same number types.
void expect_same_as_nlohmann(std::string_view text, const std::string& label) {
  Json reference = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  const bool nl_ok = !reference.is_discarded();
  auto ours = json_parse(text);
  if (ours.has_value()) {
    ASSERT_TRUE(nl_ok) << label << ": json_parse accepted what nlohmann rejects";
    EXPECT_EQ(*ours, reference) << label;
    EXPECT_EQ(json_dump(*ours), json_dump(reference)) << label;  // same number types and text
    return;
  }
  if (!nl_ok) return;
  // Rejected by plx alone: only for the reasons documented in json.hpp.
  const std::string& m = ours.error().message;
  const bool documented = m.find("duplicate") != std::string::npos ||
                          m.find("nesting deeper") != std::string::npos ||
                          m.find("out of the range") != std::string::npos ||
                          m.find("byte order mark") != std::string::npos ||
                          text.find('\0') != std::string_view::npos;
  EXPECT_TRUE(documented) << label << ": json_parse rejected what nlohmann accepts: " << m;
}

TEST(JsonParse, AgreesWithNlohmannOnVectorsAndMutations) {
  std::mt19937_64 rng(20261125);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(plx::testing::vectors_dir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    if (entry.file_size() > 64 * 1024) continue;  // the large Wycheproof files add time, not cases
    const std::string text = plx::testing::read_file(entry.path());
    const std::string label = entry.path().filename().string();
    expect_same_as_nlohmann(text, label);
    ++files;
    // Mutations of the smaller files only: the sanitizer build runs this suite too.
    const int mutations = text.size() <= 8 * 1024 ? 8 : 0;
    for (int i = 0; i < mutations && !text.empty(); ++i) {
      std::string m = text;
      const std::size_t at = rng() % m.size();
      switch (rng() % 4) {
        case 0: m[at] = static_cast<char>(rng()); break;              // any byte
        case 1: m[at] = "{}[],:\"\\0123456789.eE+-tfnu \t"[rng() % 29]; break;  // JSON syntax
        case 2: m.erase(at, 1 + rng() % 3); break;
        default: m.resize(at); break;
      }
      expect_same_as_nlohmann(m, label + " mutation " + std::to_string(i));
    }
  }
  EXPECT_GT(files, 50u);
  // Number typing at the 64-bit edges and beyond.
  for (const char* n : {"0", "-0", "9223372036854775807", "-9223372036854775808", "-9223372036854775809",
                        "18446744073709551615", "18446744073709551616", "1.5", "-2.5e-3", "1E2", "1e308",
                        "2.2250738585072014e-308", "4.9e-324", "1e-330", "-1e-400", "0.0001e300",
                        "123456789012345678901234567890"}) {
    expect_same_as_nlohmann(n, n);
  }
}

TEST(JsonDump, CompactAndNeverThrows) {
  Json j = {{"b", {1, 2}}, {"a", "x y"}, {"u", "\xC3\xA9"}};
  EXPECT_EQ(json_dump(j), R"({"a":"x y","b":[1,2],"u":"é"})");
  // Invalid UTF-8 (only possible in a value built in code) is replaced, not thrown.
  Json bad = std::string("a\xff");
  EXPECT_EQ(json_dump(bad), "\"a\xEF\xBF\xBD\"");
}

TEST(JsonPointer, EscapesPerRfc6901) {
  EXPECT_EQ(json_pointer_escape("a/b"), "a~1b");
  EXPECT_EQ(json_pointer_escape("m~n"), "m~0n");
  EXPECT_EQ(json_pointer_escape("~1"), "~01");  // '~' first, so this is not read back as '/'
  EXPECT_EQ(json_pointer_escape("/~/"), "~1~0~1");
  EXPECT_EQ(json_pointer_escape(""), "");
  EXPECT_EQ(json_pointer_escape("plain"), "plain");
  // nlohmann's pointer resolution agrees.
  Json j = {{"a/b", {{"m~n", 7}}}};
  EXPECT_EQ(
      j.at(Json::json_pointer("/" + json_pointer_escape("a/b") + "/" + json_pointer_escape("m~n"))),
      7);
}

TEST(JsonGet, StringAccessors) {
  auto doc = json_parse(R"({"proof":{"type":"Ed25519Signature2020","n":5,"a/b":"s","z":null}})");
  ASSERT_THAT(doc, IsOk());
  auto proof = json_get_object(*doc, "proof");
  ASSERT_THAT(proof, IsOk());
  auto type = json_get_string(**proof, "type", "/proof");
  ASSERT_THAT(type, IsOk());
  EXPECT_EQ(*type, "Ed25519Signature2020");

  auto missing = json_get_string(**proof, "created", "/proof");
  ASSERT_THAT(missing, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(missing.error().where, "/proof/created");
  auto wrong = json_get_string(**proof, "n", "/proof");
  ASSERT_THAT(wrong, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(wrong.error().where, "/proof/n");
  EXPECT_EQ(json_get_string(**proof, "a/b", "/proof").value(), "s");
  EXPECT_EQ(json_get_string(**proof, "z", "/proof").error().where,
            "/proof/z");  // null is no string

  auto opt = json_get_optional_string(**proof, "created", "/proof");
  ASSERT_THAT(opt, IsOk());
  EXPECT_FALSE(opt->has_value());
  opt = json_get_optional_string(**proof, "type", "/proof");
  ASSERT_THAT(opt, IsOk());
  EXPECT_EQ(**opt, "Ed25519Signature2020");
  auto opt_bad = json_get_optional_string(**proof, "n", "/proof");
  ASSERT_THAT(opt_bad, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(opt_bad.error().where, "/proof/n");
  auto opt_null = json_get_optional_string(**proof, "z", "/proof");  // present null: an error
  ASSERT_THAT(opt_null, HasError(ErrorCode::kMalformed));
  EXPECT_EQ(opt_null.error().where, "/proof/z");
}

TEST(JsonGet, ObjectAndArrayAccessors) {
  auto doc = json_parse(R"({"o":{},"a":[1],"s":"x"})");
  ASSERT_THAT(doc, IsOk());
  auto o = json_get_object(*doc, "o");
  ASSERT_THAT(o, IsOk());
  EXPECT_TRUE((*o)->is_object());
  EXPECT_EQ(*o, &(*doc)["o"]);  // a pointer into the document, not a copy
  auto a = json_get_array(*doc, "a");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ((*a)->size(), 1u);
  EXPECT_EQ(json_get_object(*doc, "a").error().where, "/a");
  EXPECT_EQ(json_get_array(*doc, "o").error().where, "/o");
  EXPECT_EQ(json_get_array(*doc, "s").error().where, "/s");
  EXPECT_EQ(json_get_object(*doc, "missing", "/x/0").error().where, "/x/0/missing");
}

TEST(JsonGet, NonObjectsAreErrorsNotCrashes) {
  for (const Json& j : {Json(nullptr), Json(1), Json("s"), Json::array({1, 2})}) {
    EXPECT_THAT(json_get_string(j, "k", "/w"), HasError(ErrorCode::kMalformed));
    EXPECT_THAT(json_get_optional_string(j, "k", "/w"), HasError(ErrorCode::kMalformed));
    EXPECT_THAT(json_get_object(j, "k", "/w"), HasError(ErrorCode::kMalformed));
    auto r = json_get_array(j, "k", "/w");
    ASSERT_THAT(r, HasError(ErrorCode::kMalformed));
    EXPECT_EQ(r.error().where, "/w");
  }
}

}  // namespace
}  // namespace plx
