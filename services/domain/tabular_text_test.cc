#include "services/domain/tabular_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace chancery::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseCsvTest, SplitsUnquotedAndQuotedFields) {
  absl::StatusOr<std::vector<TextRecord>> records =
      ParseCsv("code,name\n\"036\",\"Meet, or \"\"negotiate\"\"\"\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_THAT((*records)[0].fields, ElementsAre("code", "name"));
  EXPECT_THAT((*records)[1].fields, ElementsAre("036", "Meet, or \"negotiate\""));
  EXPECT_EQ((*records)[1].line, 2);
}

TEST(ParseCsvTest, QuotedFieldMaySpanLines) {
  absl::StatusOr<std::vector<TextRecord>> records = ParseCsv("\"a\nb\",c\nd,e");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_THAT((*records)[0].fields, ElementsAre("a\nb", "c"));
  EXPECT_THAT((*records)[1].fields, ElementsAre("d", "e"));
  EXPECT_EQ((*records)[1].line, 3);
}

TEST(ParseCsvTest, AcceptsCrLfAndEmptyFields) {
  absl::StatusOr<std::vector<TextRecord>> records = ParseCsv("a,,\"\"\r\n\r\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_THAT((*records)[0].fields, ElementsAre("a", "", ""));
  EXPECT_THAT((*records)[1].fields, ElementsAre(""));
}

TEST(ParseCsvTest, EmptyInputHasNoRecords) {
  absl::StatusOr<std::vector<TextRecord>> records = ParseCsv("");
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST(ParseCsvTest, RejectsMalformedQuotesNamingTheLine) {
  EXPECT_THAT(ParseCsv("a\n\"open,b\n").status().message(),
              HasSubstr("line 2: a quoted field is never closed"));
  EXPECT_THAT(ParseCsv("\"a\"b,c\n").status().message(),
              HasSubstr("line 1: text after a closing quote"));
  EXPECT_THAT(ParseCsv("a\nb\"c\n").status().message(),
              HasSubstr("line 2: a quote inside an unquoted field"));
  EXPECT_EQ(ParseCsv("a\rb").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseTsvTest, SkipsCommentsAndEmptyLinesAndKeepsLineNumbers) {
  std::vector<TextRecord> records = ParseTsv("# comment\nGOV\tGovernment\r\n\nMIL\t\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("GOV", "Government"));
  EXPECT_EQ(records[0].line, 2);
  EXPECT_THAT(records[1].fields, ElementsAre("MIL", ""));
  EXPECT_EQ(records[1].line, 4);
}

TEST(ParseTsvTest, LastLineNeedsNoNewline) {
  std::vector<TextRecord> records = ParseTsv("Cambodia\tKHM\t811");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("Cambodia", "KHM", "811"));
}

}  // namespace
}  // namespace chancery::domain
