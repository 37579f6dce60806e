#include "services/domain/streams.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace chancery::domain {
namespace {

using ::testing::HasSubstr;

std::string ParseError(absl::string_view text) {
  return std::string(StreamName::Parse(text).status().message());
}

TEST(StreamNameTest, DyadIsTheTwoCodesInAlphabeticalOrder) {
  EXPECT_EQ(StreamName::Of("USA", "KHM").view(), "KHM-USA");
  EXPECT_EQ(StreamName::Of("KHM", "USA").view(), "KHM-USA");
  EXPECT_EQ(StreamName::Of("CHN", "KHM").view(), "CHN-KHM");
  EXPECT_EQ(StreamName::Of("EEC", "KHM").view(), "EEC-KHM");
}

TEST(StreamNameTest, DomesticEventIsTheCodeAlone) {
  EXPECT_EQ(StreamName::Of("KHM", "KHM").view(), "KHM");
}

TEST(StreamNameTest, TakesItsCodesApart) {
  const StreamName dyad = StreamName::Of("USA", "KHM");
  EXPECT_TRUE(dyad.is_dyad());
  EXPECT_EQ(dyad.first(), "KHM");
  EXPECT_EQ(dyad.second(), "USA");
  EXPECT_TRUE(dyad.Involves("USA"));
  EXPECT_FALSE(dyad.Involves("CHN"));
  EXPECT_EQ(dyad.PartnerOf("USA"), "KHM");
  EXPECT_EQ(dyad.PartnerOf("KHM"), "USA");
  EXPECT_EQ(dyad.str(), "KHM-USA");
  const StreamName domestic = StreamName::Of("KHM", "KHM");
  EXPECT_FALSE(domestic.is_dyad());
  EXPECT_EQ(domestic.first(), "KHM");
  EXPECT_EQ(domestic.second(), "KHM");
  EXPECT_EQ(StreamName::FromCanonical("KHM-USA"), dyad);
}

TEST(StreamOfTest, IgnoresRoles) {
  v1::DiplomaticEvent event;
  event.mutable_source()->set_code("KHM");
  event.mutable_source()->set_role("GOV");
  event.mutable_target()->set_code("KHM");
  event.mutable_target()->set_role("OPP");
  EXPECT_EQ(StreamOf(event).view(), "KHM");
  event.mutable_source()->set_code("USA");
  EXPECT_EQ(StreamOf(event).view(), "KHM-USA");
}

TEST(FromCanonicalTest, OnlyTheFormOfWrites) {
  EXPECT_TRUE(StreamName::FromCanonical("KHM-USA").has_value());
  EXPECT_TRUE(StreamName::FromCanonical("KHM").has_value());
  EXPECT_FALSE(StreamName::FromCanonical("USA-KHM").has_value());
  EXPECT_FALSE(StreamName::FromCanonical("khm-usa").has_value());
  EXPECT_FALSE(StreamName::FromCanonical("KHM-KHM").has_value());
  EXPECT_FALSE(StreamName::FromCanonical("KHM_USA").has_value());
  EXPECT_FALSE(StreamName::FromCanonical("KHM-USA-CHN").has_value());
  EXPECT_FALSE(StreamName::FromCanonical("").has_value());
}

TEST(ParseStreamNameTest, AcceptsEitherOrderAndAnyCase) {
  EXPECT_EQ(StreamName::Parse("KHM-USA")->view(), "KHM-USA");
  EXPECT_EQ(StreamName::Parse("USA-KHM")->view(), "KHM-USA");
  EXPECT_EQ(StreamName::Parse("usa-khm")->view(), "KHM-USA");
  EXPECT_EQ(StreamName::Parse("Usa-Khm")->view(), "KHM-USA");
  EXPECT_EQ(StreamName::Parse("khm")->view(), "KHM");
  EXPECT_EQ(StreamName::Parse("EEC-KHM")->view(), "EEC-KHM");
}

TEST(ParseStreamNameTest, RejectsMalformedNamesSayingWhatIsAllowed) {
  EXPECT_EQ(StreamName::Parse("").status().code(), absl::StatusCode::kInvalidArgument);
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
  EXPECT_EQ(StreamName::ParseDyad("usa-khm")->view(), "KHM-USA");
  EXPECT_THAT(std::string(StreamName::ParseDyad("KHM").status().message()),
              HasSubstr("\"KHM\" is not a dyad; give two different actor codes"));
  EXPECT_THAT(std::string(StreamName::ParseDyad("KHM-KHM").status().message()),
              HasSubstr("a dyad is two different codes"));
  EXPECT_EQ(StreamName::ParseDyad("KHM-XYZ").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseStreamNameTest, LongInputIsShortenedInTheMessage) {
  const std::string message = ParseError(std::string(1000, 'A'));
  EXPECT_LT(message.size(), 300u);  // Not 1,000 characters of A.
  EXPECT_THAT(message, HasSubstr("...\""));
}

}  // namespace
}  // namespace chancery::domain
