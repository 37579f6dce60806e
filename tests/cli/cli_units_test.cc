// The CLI's parts that need no server: flags, ids, format guessing, row parsers, charts.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/command_line.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/import_row.h"
#include "clients/cpp/record_leaf.h"
#include "clients/cpp/score_chart.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/domain/uuid.h"
#include "clients/cpp/testing/gdelt_rows.h"

namespace chancery::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Why is the message of a failed StatusOr, as a std::string for the matchers.
template <typename T>
std::string Why(const absl::StatusOr<T>& result) {
  return std::string(result.status().message());
}

const CommandSpec kSpec{"retract", "EVENT_ID --reason TEXT", "records a retraction",
                        {{"reason", true, "TEXT why"}, {"force", false, "no value"}}, 1, 1};

TEST(CommandLineTest, ReadsBothFlagFormsAndPositionals) {
  absl::StatusOr<ParsedArgs> args =
      ParseCommandLine(kSpec, {"id-1", "--reason", "a typo", "--force", "--server=h:1"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->positionals(), std::vector<std::string>{"id-1"});
  EXPECT_EQ(args->Value("reason"), "a typo");
  EXPECT_TRUE(args->Has("force"));
  EXPECT_EQ(args->Value("server"), "h:1");
  EXPECT_EQ(ParseCommandLine(kSpec, {"--reason=x=y", "id"})->Value("reason"), "x=y");
}

TEST(CommandLineTest, RefusesWhatTheCommandDoesNotTake) {
  EXPECT_THAT(Why(ParseCommandLine(kSpec, {"id", "--colour=red"})),
              StartsWith("unknown flag --colour for chancery retract"));
  EXPECT_THAT(Why(ParseCommandLine(kSpec, {"id", "--reason"})),
              StartsWith("--reason needs a value"));
  EXPECT_THAT(Why(ParseCommandLine(kSpec, {"id", "--force=yes"})),
              StartsWith("--force takes no value"));
  EXPECT_THAT(Why(ParseCommandLine(kSpec, {"id", "--reason=a", "--reason=b"})),
              StartsWith("--reason is given twice"));
  EXPECT_THAT(Why(ParseCommandLine(kSpec, {})),
              StartsWith("chancery retract needs EVENT_ID"));
  EXPECT_THAT(Why(ParseCommandLine(kSpec, {"a", "b"})),
              StartsWith("unexpected argument \"b\""));
  EXPECT_TRUE(ParseCommandLine(kSpec, {"--help"})->Has("help"));
}

TEST(CommandLineTest, RepeatableFlagsKeepEveryValue) {
  const CommandSpec spec{"group create", "NAME", "creates a group",
                         {{"actor", true, "CODE an actor", true}, {"source", true, "SOURCE what"}},
                         1, 1};
  absl::StatusOr<ParsedArgs> args = ParseCommandLine(spec, {"g", "--actor", "KHM", "--actor=USA"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->Values("actor"), (std::vector<std::string>{"KHM", "USA"}));
  EXPECT_EQ(args->Value("actor"), "USA");
  EXPECT_TRUE(args->Values("source").empty());
  EXPECT_THAT(Why(ParseCommandLine(spec, {"g", "--source=a", "--source=b"})),
              StartsWith("--source is given twice"));
}

TEST(FlagValuesTest, DatesAreCalendarDatesYyyyMmDd) {
  for (const char* text : {"2019-11-26", "2000-02-29", "0001-01-01", "9999-12-31"}) {
    EXPECT_TRUE(ParseDateFlag("--from", text).ok()) << text;
  }
  // Found by date_fuzzer (fuzz/regressions/date_fuzzer): years 0 and below passed, as absl
  // writes them back as they were read.
  for (const char* text : {"-001-01-01", "0000-01-01", "2019-02-30", "2019-1-1", "20191126"}) {
    EXPECT_EQ(Why(ParseDateFlag("--from", text)),
              absl::StrCat("--from=", text, " is not a date YYYY-MM-DD (such as 2019-11-26)"));
  }
}

TEST(EventIdsTest, NameBasedIdsAreRfc4122Version5) {
  // Python: uuid.uuid5(uuid.UUID(kImportNamespace), name).
  EXPECT_EQ(NameBasedEventId("gdelt:410000001"), "ef789f39-054e-5c6c-99e9-7696af987bdd");
  EXPECT_EQ(NameBasedEventId("icews:32889836"), "324bcf60-3d12-53c1-a831-524d8b6e5c06");
  const std::string random = RandomEventId();
  EXPECT_TRUE(domain::IsUuid(random));
  EXPECT_EQ(random[14], '4');
  EXPECT_NE(random, RandomEventId());
}

TEST(ImportFormatTest, GuessedFromTheFirstLine) {
  EXPECT_EQ(*GuessImportFormat("  {\"eventId\":\"x\"}"), ImportFormat::kNdjson);
  EXPECT_EQ(*GuessImportFormat("Event ID\tEvent Date\tSource Name"), ImportFormat::kIcews);
  EXPECT_EQ(*GuessImportFormat(testing::GdeltLine({}, 57)), ImportFormat::kGdelt);
  EXPECT_EQ(*GuessImportFormat(testing::GdeltLine({}, 61)), ImportFormat::kGdelt);
  EXPECT_THAT(Why(GuessImportFormat("a,b,c")), HasSubstr("give --format"));
}

TEST(GdeltParserTest, MapsTheColumns) {
  testing::GdeltRow source;
  source.global_event_id = "410000001";
  source.actor2_type = "XYZ";  // Not a CAMEO role: left out.
  const ImportRow row = NewGdeltParser()->Parse(testing::GdeltLine(source, 61));
  ASSERT_EQ(row.kind, ImportRow::Kind::kEvent) << row.reason;
  const v1::DiplomaticEvent& event = row.event;
  EXPECT_EQ(event.event_id(), "ef789f39-054e-5c6c-99e9-7696af987bdd");
  EXPECT_EQ(event.occur_date().year(), 2019);
  EXPECT_EQ(event.occur_date().day(), 26);
  EXPECT_EQ(event.source().code(), "USA");
  EXPECT_EQ(event.source().role(), "GOV");
  EXPECT_EQ(event.target().role(), "");
  EXPECT_EQ(event.cameo_code(), "036");
  EXPECT_EQ(event.quad_class(), v1::QUAD_CLASS_VERBAL_COOPERATION);
  EXPECT_EQ(event.goldstein(), 4.0);
  EXPECT_EQ(event.summary(),
            "Express intent to meet or negotiate (UNITED STATES → CAMBODIA)");
  EXPECT_EQ(event.citations(0).url(), "https://www.example.com/news/1");
}

TEST(GdeltParserTest, NamesWhatIsWrong) {
  testing::GdeltRow source;
  source.sql_date = "20191340";
  EXPECT_EQ(NewGdeltParser()->Parse(testing::GdeltLine(source)).reason,
            "SQLDATE \"20191340\" is not a date YYYYMMDD");
  source = {};
  source.quad_class = "7";
  EXPECT_EQ(NewGdeltParser()->Parse(testing::GdeltLine(source)).reason,
            "QuadClass \"7\" is not 1, 2, 3 or 4");
  source = {};
  source.actor1_country = "";
  const ImportRow skipped = NewGdeltParser()->Parse(testing::GdeltLine(source));
  EXPECT_EQ(skipped.kind, ImportRow::Kind::kSkipped);
  EXPECT_EQ(skipped.reason, "no country code for Actor1");
}

// Found by date_fuzzer (fuzz/regressions/date_fuzzer): each part was read as a number on its
// own, so spaces and signs inside the eight characters passed.
TEST(GdeltParserTest, SqlDateIsEightDigits) {
  for (const char* date : {"1011 101", "2019+1+1", "+2019112", "2019 1 1", "201911-1"}) {
    testing::GdeltRow source;
    source.sql_date = date;
    const ImportRow row = NewGdeltParser()->Parse(testing::GdeltLine(source));
    EXPECT_EQ(row.kind, ImportRow::Kind::kRejected) << date;
    EXPECT_EQ(row.reason, absl::StrCat("SQLDATE \"", date, "\" is not a date YYYYMMDD"));
  }
}

constexpr const char* kIcewsHeader =
    "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO "
    "Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID";

TEST(IcewsParserTest, MapsCountryNamesToCodes) {
  auto parser = NewIcewsParser(kIcewsHeader);
  ASSERT_TRUE(parser.ok()) << parser.status();
  const ImportRow row = (*parser)->Parse(
      "32889836\t2018-06-01\tForeign Affairs (Bangladesh)\tExecutive\tBangladesh\tConsult\t040\t1"
      "\tHigh Ranking Military Personnel (Vietnam)\tMilitary\tVietnam\t47400351");
  ASSERT_EQ(row.kind, ImportRow::Kind::kEvent) << row.reason;
  EXPECT_EQ(row.event.event_id(), "324bcf60-3d12-53c1-a831-524d8b6e5c06");
  EXPECT_EQ(row.event.source().code(), "BGD");
  EXPECT_EQ(row.event.target().code(), "VNM");
  EXPECT_EQ(row.event.goldstein(), 1.0);
  EXPECT_EQ(row.event.summary(),
            "Consult (Foreign Affairs (Bangladesh) → High Ranking Military Personnel (Vietnam))");

  EXPECT_EQ((*parser)->Parse("1\t2018-06-01\tX\t\tNA\tConsult\t040\t1\tY\t\tVietnam\t2").kind,
            ImportRow::Kind::kSkipped);
  EXPECT_THAT((*parser)->Parse("1\t2018-06-01\tX\t\tAtlantis\tConsult\t040\t1\tY\t\tVietnam\t2")
                  .reason,
              StartsWith("country \"Atlantis\" is not in the CAMEO country names"));
  EXPECT_THAT(Why(NewIcewsParser("Event ID\tEvent Date")),
              HasSubstr("no column \"Source Name\""));
}

TEST(NdjsonParserTest, ReadsEventsAndLogRecords) {
  auto parser = NewNdjsonParser();
  ImportRow row = parser->Parse(R"({"eventId":"e1","cameoCode":"036"})");
  ASSERT_EQ(row.kind, ImportRow::Kind::kEvent) << row.reason;
  EXPECT_EQ(row.event.event_id(), "e1");
  row = parser->Parse(R"({"position":"3","event":{"eventId":"e2"}})");
  ASSERT_EQ(row.kind, ImportRow::Kind::kEvent) << row.reason;
  EXPECT_EQ(row.event.event_id(), "e2");
  row = parser->Parse(R"({"position":"4","retraction":{"retractedEventId":"e2","reason":"r"}})");
  ASSERT_EQ(row.kind, ImportRow::Kind::kRetraction) << row.reason;
  EXPECT_EQ(row.retraction.reason(), "r");
  EXPECT_EQ(parser->Parse("[1,2]").kind, ImportRow::Kind::kRejected);
}

// A leaf as docs/storage.md encodes it: integers big-endian, strings length-prefixed.
std::string Leaf(const std::vector<std::string>& trailing) {
  auto u64 = [](uint64_t value) {
    std::string bytes(8, '\0');
    for (int i = 7; i >= 0; --i, value >>= 8) bytes[i] = static_cast<char>(value & 0xff);
    return bytes;
  };
  auto str = [&](const std::string& text) { return u64(text.size()) + text; };
  std::string leaf = u64(7) + str("KHM-USA") + u64(2) + str("e-7") + str("test.Event") +
                     u64(1574726400000000) + u64(1574812800000000) + str("letter");
  for (const std::string& field : trailing) leaf += str(field);
  return leaf;
}

TEST(RecordLeafTest, ReadsWhoRecordedItWhenTheLeafHasIt) {
  absl::StatusOr<LeafRecord> without = DecodeLeaf(Leaf({}));
  ASSERT_TRUE(without.ok()) << without.status();
  EXPECT_EQ(without->position, 7u);
  EXPECT_EQ(without->recorded_by, "");
  absl::StatusOr<LeafRecord> with = DecodeLeaf(Leaf({"ingest"}));
  ASSERT_TRUE(with.ok()) << with.status();
  EXPECT_EQ(with->recorded_by, "ingest");
  EXPECT_EQ(with->payload, "letter");
  // Not canonical: an empty principal is never written, nor anything after it.
  EXPECT_FALSE(DecodeLeaf(Leaf({""})).ok());
  EXPECT_FALSE(DecodeLeaf(Leaf({"ingest", "more"})).ok());
  EXPECT_FALSE(DecodeLeaf(Leaf({}) + "xy").ok());
}

TEST(RecordLeafTest, ReadsCorrelationAndCausationIdsAfterTheRecorderEvenWhenItIsEmpty) {
  absl::StatusOr<LeafRecord> open = DecodeLeaf(Leaf({"", "4bf92f35", "e-6"}));
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_EQ(open->recorded_by, "");
  EXPECT_EQ(open->correlation_id, "4bf92f35");
  EXPECT_EQ(open->causation_id, "e-6");
  absl::StatusOr<LeafRecord> one = DecodeLeaf(Leaf({"ingest", "", "e-6"}));
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->recorded_by, "ingest");
  EXPECT_EQ(one->causation_id, "e-6");
  // Not canonical: both ids empty is written as the recorder alone; nothing follows them.
  EXPECT_FALSE(DecodeLeaf(Leaf({"ingest", "", ""})).ok());
  EXPECT_FALSE(DecodeLeaf(Leaf({"ingest", "c", "e-6", "more"})).ok());
}

TEST(ScoreChartTest, DrawsPointsAndMarkers) {
  ScoreSeries series{"KHM-USA",
                     {{absl::CivilDay(2019, 1, 31), 4}, {absl::CivilDay(2019, 2, 28), -2},
                      {absl::CivilDay(2019, 3, 31), 1}},
                     {{absl::CivilDay(2019, 2, 28), "DOWNGRADED"}}};
  const std::string chart = TerminalChart(series, 72, 5);
  EXPECT_THAT(chart, HasSubstr("^ 2019-02 status DOWNGRADED"));
  EXPECT_THAT(chart, HasSubstr("4.0 |*"));
  const std::string svg = SvgChart(series);
  EXPECT_THAT(svg, StartsWith("<?xml"));
  EXPECT_THAT(svg, HasSubstr("2019-02 DOWNGRADED"));
  EXPECT_EQ(TerminalChart({}, 72, 5), "");
}

}  // namespace
}  // namespace chancery::cli
