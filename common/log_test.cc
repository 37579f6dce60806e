#include "common/log.h"

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace chancery::log {
namespace {

using ::testing::MatchesRegex;

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  return parsed;
}

TEST(LogTest, TextIsTheMessageThenItsFieldsAsKeyValue) {
  EXPECT_EQ(Line(Format::kText, Level::kInfo, "chanceryd: stopped", {}), "chanceryd: stopped");
  EXPECT_EQ(Line(Format::kText, Level::kWarning, "chanceryd: call",
                 {{"method", "/x.Y/Z"}, {"peer", "a b"}, {"duration_ms", 1.5}}),
            "chanceryd: call method=/x.Y/Z peer=\"a b\" duration_ms=1.5");
}

TEST(LogTest, JsonIsOneObjectWithTimeLevelMessageAndFields) {
  const std::string line = Line(Format::kJson, Level::kWarning, "chanceryd: slow call",
                                {{"status", "OK"}, {"duration_ms", 2.25}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const google::protobuf::Struct parsed = Parse(line);
  EXPECT_THAT(parsed.fields().at("time").string_value(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"));
  EXPECT_EQ(parsed.fields().at("level").string_value(), "warning");
  EXPECT_EQ(parsed.fields().at("message").string_value(), "slow call");
  EXPECT_EQ(parsed.fields().at("status").string_value(), "OK");
  EXPECT_EQ(parsed.fields().at("duration_ms").number_value(), 2.25);
  EXPECT_EQ(Parse(Line(Format::kJson, Level::kInfo, "chanceryd listening on 127.0.0.1:1", {}))
                .fields()
                .at("message")
                .string_value(),
            "listening on 127.0.0.1:1");
}

TEST(LogTest, JsonEscapesWhatAStringMayHoldAndReplacesBytesThatAreNotUtf8) {
  const std::string odd = std::string("quote \" backslash \\ newline \n tab \t bell \a ") +
                          "\xC3\xA9 \xE2\x82\xAC bad \xC3 \xFF end";
  const google::protobuf::Struct parsed = Parse(Line(Format::kJson, Level::kError, odd, {}));
  EXPECT_EQ(parsed.fields().at("message").string_value(),
            "quote \" backslash \\ newline \n tab \t bell \a \xC3\xA9 \xE2\x82\xAC bad \xEF\xBF\xBD"
            " \xEF\xBF\xBD end");
  EXPECT_EQ(parsed.fields().at("level").string_value(), "error");
}

}  // namespace
}  // namespace chancery::log
