#include "services/domain/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace chancery::domain {
namespace {

using ::testing::HasSubstr;

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("Phnom Penh"), 10u);
  EXPECT_EQ(CodePointCount("ភ្នំពេញ"), 7u);          // Khmer: 3 bytes each.
  EXPECT_EQ(CodePointCount("Curaçao"), 7u);          // 2-byte ç.
  EXPECT_EQ(CodePointCount("\xF0\x9F\x87\xB0"), 1u);  // U+1F1F0, 4 bytes.
}

TEST(CodePointCountTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(CodePointCount("\xC3").has_value());              // Truncated.
  EXPECT_FALSE(CodePointCount("\x80").has_value());              // Lone continuation.
  EXPECT_FALSE(CodePointCount("\xC0\xAF").has_value());          // Overlong '/'.
  EXPECT_FALSE(CodePointCount("\xE0\x80\xAF").has_value());      // Overlong.
  EXPECT_FALSE(CodePointCount("\xED\xA0\x80").has_value());      // Surrogate U+D800.
  EXPECT_FALSE(CodePointCount("\xF4\x90\x80\x80").has_value());  // Above U+10FFFF.
  EXPECT_FALSE(CodePointCount("\xFF").has_value());
  EXPECT_FALSE(CodePointCount("ok\xE2\x82").has_value());
}

TEST(CheckTextTest, AcceptsTextUpToTheLimitInCharacters) {
  EXPECT_TRUE(CheckText("", 5).ok());
  EXPECT_TRUE(CheckText("line one\nline\ttwo", 100).ok());
  // 2,000 Khmer characters are 6,000 bytes but within a 2,000-character limit.
  std::string khmer;
  for (int i = 0; i < 2000; ++i) khmer += "ក";
  EXPECT_TRUE(CheckText(khmer, 2000).ok());
  EXPECT_THAT(std::string(CheckText(khmer + "ក", 2000).message()),
              HasSubstr("is 2,001 characters long; at most 2,000 are allowed"));
}

TEST(CheckTextTest, RejectsControlCharactersButLineFeedAndTab) {
  EXPECT_THAT(std::string(CheckText("bell\a", 100).message()),
              HasSubstr("contains the control character U+0007 at character 5"));
  EXPECT_THAT(std::string(CheckText("crlf\r\n", 100).message()), HasSubstr("U+000D"));
  EXPECT_THAT(std::string(CheckText(std::string("nul\0", 4), 100).message()), HasSubstr("U+0000"));
  EXPECT_THAT(std::string(CheckText("del\x7F", 100).message()), HasSubstr("U+007F"));
  EXPECT_THAT(std::string(CheckText("c1\xC2\x85", 100).message()), HasSubstr("U+0085"));
  EXPECT_EQ(CheckText("esc\x1B", 100).code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckTextTest, RejectsInvalidUtf8NamingTheByte) {
  EXPECT_THAT(std::string(CheckText("abc\xFF", 100).message()),
              HasSubstr("is not valid UTF-8 (at byte 3)"));
}

TEST(WithThousandsTest, GroupsDigits) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(2048), "2,048");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace chancery::domain
