// The PLOVER importer's parts: the JSON record reader, the CAMEO code
// table read backwards, and the record parser.

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/import_row.h"
#include "clients/cpp/json_records.h"
#include "clients/cpp/plover_codes.h"
#include "clients/cpp/plover_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/domain/cameo_codebook.h"

namespace chancery::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::vector<JsonRecord> ReadRecords(const std::string& text) {
  JsonRecordReader reader;
  std::vector<JsonRecord> records;
  int64_t number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) reader.AddLine(line, ++number, records);
  reader.Finish(records);
  return records;
}

TEST(JsonRecordReaderTest, ReadsAnArrayOfMultiLineObjects) {
  const std::vector<JsonRecord> records = ReadRecords(
      "[\n{\n  \"id\": \"a\",\n  \"source\": [{\"code\": \"USA\"},\n {\"code\": \"JOR\"}]\n},\n"
      "{\"id\": \"b\"}\n]\n");
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[0].text,
            "{\n  \"id\": \"a\",\n  \"source\": [{\"code\": \"USA\"},\n {\"code\": \"JOR\"}]\n}");
  EXPECT_EQ(records[1].line, 7);
  EXPECT_EQ(records[1].text, "{\"id\": \"b\"}");
}

TEST(JsonRecordReaderTest, ReadsOneObjectPerLineWithBracesAndQuotesInStrings) {
  const std::vector<JsonRecord> records = ReadRecords(
      "{\"text\": \"a } brace and \\\"quoted {\\\" text\\\\\"}\n"
      "{\"text\": \"]\"}{\"id\": 3}\n");
  ASSERT_THAT(records, SizeIs(3));
  EXPECT_EQ(records[0].text, "{\"text\": \"a } brace and \\\"quoted {\\\" text\\\\\"}");
  EXPECT_EQ(records[1].text, "{\"text\": \"]\"}");
  EXPECT_EQ(records[2].text, "{\"id\": 3}");
  EXPECT_EQ(records[2].line, 2);
}

TEST(JsonRecordReaderTest, StrayTextAndAnUnclosedObjectAreErrors) {
  const std::vector<JsonRecord> records = ReadRecords("{\"id\": 1}\nnot json\n{\"id\": \n");
  ASSERT_THAT(records, SizeIs(3));
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[1].error, HasSubstr("not a JSON object: unexpected \"not json\""));
  EXPECT_EQ(records[2].line, 3);
  EXPECT_THAT(records[2].error, HasSubstr("not closed"));
}

TEST(PloverCodesTest, EveryCodeIsInChancerysCodebook) {
  const PloverCodes& codes = PloverCodes::Default();
  ASSERT_THAT(codes.Codes(), SizeIs(::testing::Gt(200)));
  for (const std::string& code : codes.Codes()) {
    EXPECT_NE(domain::CameoCodebook::Default().Find(code), nullptr) << code;
  }
}

TEST(PloverCodesTest, PicksTheBestMatchingEntry) {
  const PloverCodes& codes = PloverCodes::Default();
  EXPECT_EQ(*codes.CameoCode("CONSULT", "visit", ""), "042");            // Event and mode.
  EXPECT_EQ(*codes.CameoCode("AGREE", "", "economic"), "0311");         // Event and context.
  EXPECT_EQ(*codes.CameoCode("REQUEST", "yield", "economic"), "1054");  // All three.
  EXPECT_EQ(*codes.CameoCode("SANCTION", "", ""), "16");                // The root.
  // 1214 is not in Chancery's codebook: the next best, 121.
  EXPECT_EQ(*codes.CameoCode("REJECT", "assist", "intelligence"), "121");
  EXPECT_EQ(*codes.CameoCode("ACCUSE", "", "refugee"), "11");  // Listed under 09 and 11, mostly 11.
  // The gold-standard records' older names.
  EXPECT_EQ(*codes.CameoCode("DEMAND", "", "economic"), "1011");
  EXPECT_EQ(*codes.CameoCode("DISAPPROVE", "", ""), "110");
  EXPECT_EQ(*codes.CameoCode("INVESTIGATE", "", "human_rights"), "092");
  EXPECT_EQ(*codes.CameoCode("FIGHT", "heavy-weapons", ""), "194");
  EXPECT_EQ(*codes.CameoCode("FIGHT", "", ""), "190");  // The general entry, not 175 before it.
  EXPECT_EQ(*codes.CameoCode("PROTEST", "strike-hun", ""), "142");
  EXPECT_FALSE(codes.CameoCode("SING", "", "").ok());
}

constexpr const char* kTwoByTwo = R"({
  "id": "PLOVER-GSR01-AGREE-0099", "date": "2000-01-01",
  "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
             {"actorText": "Romanian", "code": "ROU", "sector": "XYZ"}],
  "target": [{"actorText": "Serbia", "code": "SRB"}, {"actorText": "Croatia", "code": "HRV"}],
  "event": "AGREE", "context": "refugees",
  "text": "Officials agreed {to} cooperate \"soon\"."
})";

TEST(PloverParserTest, ExpandsATwoByTwoRecordIntoFourRows) {
  const PloverRows parsed = ParsePloverRecord(kTwoByTwo);
  EXPECT_EQ(parsed.id, "PLOVER-GSR01-AGREE-0099");
  ASSERT_THAT(parsed.rows, SizeIs(4));
  std::vector<std::string> pairs;
  for (const ImportRow& row : parsed.rows) {
    ASSERT_EQ(row.kind, ImportRow::Kind::kEvent) << row.reason;
    pairs.push_back(row.event.source().code() + ">" + row.event.target().code());
    EXPECT_EQ(row.event.cameo_code(), "03");
    EXPECT_EQ(row.event.summary(), "Officials agreed {to} cooperate \"soon\".");
    EXPECT_EQ(row.event.occur_date().year(), 2000);
  }
  EXPECT_THAT(pairs, ElementsAre("HUN>SRB", "HUN>HRV", "ROU>SRB", "ROU>HRV"));
  const v1::DiplomaticEvent& first = parsed.rows[0].event;
  EXPECT_EQ(first.event_id(), NameBasedEventId("plover:PLOVER-GSR01-AGREE-0099:HUN:SRB"));
  EXPECT_EQ(first.source().role(), "GOV");
  EXPECT_EQ(first.source().display_name(), "Hungarian");
  EXPECT_EQ(parsed.rows[2].event.source().role(), "");  // XYZ is no CAMEO role.
}

TEST(PloverParserTest, OnlyPairsOfDifferentCountriesUnlessAllAreOne) {
  PloverRows parsed = ParsePloverRecord(
      R"({"id": "x", "date": "2000-01-01", "event": "CONSULT", "source": [{"code": "USA"},
          {"code": "JOR"}], "target": [{"code": "USA"}, {"code": "JOR"}]})");
  ASSERT_THAT(parsed.rows, SizeIs(2));
  EXPECT_EQ(parsed.rows[0].event.source().code(), "USA");
  EXPECT_EQ(parsed.rows[0].event.target().code(), "JOR");
  parsed = ParsePloverRecord(
      R"({"id": "y", "date": "2000-01-01", "event": "PROTEST", "source": [{"code": "DZA"}],
          "target": [{"code": "DZA"}, {"code": "DZA"}]})");
  ASSERT_THAT(parsed.rows, SizeIs(1));  // A domestic event.
  EXPECT_EQ(parsed.rows[0].event.target().code(), "DZA");
}

TEST(PloverParserTest, SkipsAndRejectsWithReasons) {
  auto one = [](const std::string& json) {
    PloverRows parsed = ParsePloverRecord(json);
    EXPECT_THAT(parsed.rows, SizeIs(1)) << json;
    return parsed.rows.empty() ? ImportRow() : parsed.rows[0];
  };
  ImportRow row = one(R"({"id": "d", "event": "DOCUMENT", "comment": "docs"})");
  EXPECT_EQ(row.kind, ImportRow::Kind::kSkipped);
  EXPECT_THAT(row.reason, HasSubstr("DOCUMENT"));
  row = one(R"({"id": "n", "date": "2000-01-01", "event": "AGREE", "source": [{"code": "USA"}],
                "target": ""})");
  EXPECT_EQ(row.kind, ImportRow::Kind::kSkipped);
  EXPECT_EQ(row.reason, "no target actor");
  row = one(R"({"id": "n", "date": "2000-01-01", "event": "AGREE", "target": [{"code": "USA"}]})");
  EXPECT_EQ(row.reason, "no source actor");
  row = one(R"({"id": "u", "date": "2000-01-01", "event": "SING", "source": [{"code": "USA"}],
                "target": [{"code": "KHM"}]})");
  EXPECT_EQ(row.kind, ImportRow::Kind::kRejected);
  EXPECT_EQ(row.reason, "event \"SING\" is not a PLOVER event");
  row = one(R"({"id": "u", "event": "AGREE", "source": [{"code": "USA"}],
                "target": [{"code": "KHM"}]})");
  EXPECT_EQ(row.kind, ImportRow::Kind::kRejected);
  EXPECT_EQ(row.reason, "the record has no date");
  row = one(R"({"id": "t", "date": "2000-01-01", "event": "AGREE", "source": [{"code": "TUR"}],
                "target": "diplomatic"})");
  EXPECT_EQ(row.kind, ImportRow::Kind::kRejected);
  EXPECT_EQ(row.reason, "target is not a list of actors");
  EXPECT_EQ(one("{\"id\": ").kind, ImportRow::Kind::kRejected);
}

TEST(PloverReaderTest, RowsNameTheirRecordAndItsFirstLine) {
  std::unique_ptr<RowReader> reader = NewPloverReader();
  std::vector<SourcedRow> rows;
  int64_t number = 0;
  for (absl::string_view line : absl::StrSplit(std::string("[\n") + kTwoByTwo + ",\n{\"id\"", '\n')) {
    reader->AddLine(line, ++number, rows);
  }
  reader->Finish(rows);
  ASSERT_THAT(rows, SizeIs(5));
  EXPECT_EQ(rows[3].line, 2);
  EXPECT_EQ(rows[3].record, "PLOVER-GSR01-AGREE-0099");
  EXPECT_EQ(rows[4].row.kind, ImportRow::Kind::kRejected);
  EXPECT_EQ(rows[4].line, 10);
}

TEST(ImportFormatTest, GuessesPlover) {
  EXPECT_EQ(*GuessImportFormat("["), ImportFormat::kPlover);
  EXPECT_EQ(*GuessImportFormat(R"({"id": "p1", "event": "AGREE", "date": "2000-01-01"})"),
            ImportFormat::kPlover);
  EXPECT_EQ(*GuessImportFormat(R"({"position": "3", "event": {"eventId": "e"}})"),
            ImportFormat::kNdjson);
}

}  // namespace
}  // namespace chancery::cli
