#include "services/domain/streams.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace chancery::domain {
namespace {

using ::testing::HasSubstr;

std::string ParseError(absl::string_view text) {
  return std::string(ParseStreamName(text).status().message());
}

TEST(StreamNameTest, DyadIsTheTwoCodesInAlphabeticalOrder) {
  EXPECT_EQ(StreamName("USA", "KHM"), "KHM-USA");
  EXPECT_EQ(StreamName("KHM", "USA"), "KHM-USA");
  EXPECT_EQ(StreamName("CHN", "KHM"), "CHN-KHM");
  EXPECT_EQ(StreamName("EEC", "KHM"), "EEC-KHM");
}

TEST(StreamNameTest, DomesticEventIsTheCodeAlone) {
  EXPECT_EQ(StreamName("KHM", "KHM"), "KHM");
}

TEST(StreamOfTest, IgnoresRoles) {
  v1::DiplomaticEvent event;
  event.mutable_source()->set_code("KHM");
  event.mutable_source()->set_role("GOV");
  event.mutable_target()->set_code("KHM");
  event.mutable_target()->set_role("OPP");
  EXPECT_EQ(StreamOf(event), "KHM");
  event.mutable_source()->set_code("USA");
  EXPECT_EQ(StreamOf(event), "KHM-USA");
}

TEST(IsCanonicalStreamNameTest, OnlyTheFormStreamNameWrites) {
  EXPECT_TRUE(IsCanonicalStreamName("KHM-USA"));
  EXPECT_TRUE(IsCanonicalStreamName("KHM"));
  EXPECT_FALSE(IsCanonicalStreamName("USA-KHM"));
  EXPECT_FALSE(IsCanonicalStreamName("khm-usa"));
  EXPECT_FALSE(IsCanonicalStreamName("KHM-KHM"));
  EXPECT_FALSE(IsCanonicalStreamName("KHM_USA"));
  EXPECT_FALSE(IsCanonicalStreamName("KHM-USA-CHN"));
  EXPECT_FALSE(IsCanonicalStreamName(""));
}

TEST(ParseStreamNameTest, AcceptsEitherOrderAndAnyCase) {
  EXPECT_EQ(*ParseStreamName("KHM-USA"), "KHM-USA");
  EXPECT_EQ(*ParseStreamName("USA-KHM"), "KHM-USA");
  EXPECT_EQ(*ParseStreamName("usa-khm"), "KHM-USA");
  EXPECT_EQ(*ParseStreamName("Usa-Khm"), "KHM-USA");
  EXPECT_EQ(*ParseStreamName("khm"), "KHM");
  EXPECT_EQ(*ParseStreamName("EEC-KHM"), "EEC-KHM");
}

TEST(ParseStreamNameTest, RejectsMalformedNamesSayingWhatIsAllowed) {
  EXPECT_EQ(ParseStreamName("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ParseError(""), HasSubstr("\"\" is not a stream name"));
  EXPECT_THAT(ParseError("KHM USA"), HasSubstr("\"KHM USA\" is not three letters"));
  EXPECT_THAT(ParseError("KHM_USA"), HasSubstr("is not three letters"));
  EXPECT_THAT(ParseError("KHM-USA-CHN"),
              HasSubstr("give one actor code (KHM) or two different codes joined by '-'"));
  EXPECT_THAT(ParseError(" KHM-USA"), HasSubstr("is not three letters"));
  EXPECT_THAT(ParseError("KHM-"), HasSubstr("\"\" is not three letters"));
}

TEST(ParseStreamNameTest, RejectsUnknownCodesAndOneCodeTwice) {
  EXPECT_THAT(ParseError("KHM-XYZ"),
              HasSubstr("XYZ is not a known actor code; use a country's ISO 3166"));
  EXPECT_THAT(ParseError("khm-khm"), HasSubstr("names KHM twice; its domestic stream is KHM"));
}

TEST(ParseDyadTest, RequiresTwoDifferentCodes) {
  EXPECT_EQ(*ParseDyad("usa-khm"), "KHM-USA");
  EXPECT_THAT(std::string(ParseDyad("KHM").status().message()),
              HasSubstr("\"KHM\" is not a dyad; give two different actor codes"));
  EXPECT_THAT(std::string(ParseDyad("KHM-KHM").status().message()),
              HasSubstr("a dyad is two different codes"));
  EXPECT_EQ(ParseDyad("KHM-XYZ").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseStreamNameTest, LongInputIsShortenedInTheMessage) {
  const std::string message = ParseError(std::string(1000, 'A'));
  EXPECT_LT(message.size(), 300u);  // Not 1,000 characters of A.
  EXPECT_THAT(message, HasSubstr("...\""));
}

}  // namespace
}  // namespace chancery::domain
