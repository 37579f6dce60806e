// chancery import on real and made-up files: every row accounted for, the
// server's counts matching the file's, and importing twice adding nothing.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/domain/actor_codes.h"
#include "tests/cli/cli_fixture.h"
#include "tests/cli/import_summary.h"
#include "clients/cpp/testing/gdelt_rows.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::testing {
namespace {

using ::testing::UnorderedElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// Events per stream in the ICEWS file, counted here without the importer:
// rows whose source and target countries are both named, by their codes.
std::map<std::string, int> IcewsStreamCounts(const std::string& path, int* rows) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // The header.
  const std::vector<std::string> header = absl::StrSplit(line, '\t');
  const auto column = [&](const std::string& name) {
    return std::find(header.begin(), header.end(), name) - header.begin();
  };
  const auto source = column("Source Country"), target = column("Target Country");
  const auto& registry = domain::ActorRegistry::Default();
  std::map<std::string, int> counts;
  *rows = 0;
  while (std::getline(in, line)) {
    ++*rows;
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields[source] == "NA" || fields[target] == "NA") continue;
    std::string a(registry.CountryCodeForName(fields[source]));
    std::string b(registry.CountryCodeForName(fields[target]));
    EXPECT_FALSE(a.empty() || b.empty()) << line;
    if (b < a) std::swap(a, b);
    ++counts[a == b ? a : a + "-" + b];
  }
  return counts;
}

// The rows a PLOVER file makes, counted here from its JSON without the
// importer: one per documentation record, record with a side missing or
// malformed, and otherwise one per source-target pair of different codes (or
// one for a record whose actors all have one code).
struct PloverCounts {
  int records = 0, rows = 0, skipped = 0;
};
PloverCounts CountPloverRows(const std::string& path) {
  const auto list = ParseJson<google::protobuf::ListValue>(ReadFile(path));
  PloverCounts counts;
  for (const google::protobuf::Value& value : list.values()) {
    ++counts.records;
    const auto& fields = value.struct_value().fields();
    // A side's codes; `malformed` when it is neither a list, nothing, null nor "".
    auto codes = [&](const char* key, bool* malformed) {
      std::vector<std::string> codes;
      if (!fields.contains(key)) return codes;
      const google::protobuf::Value& side = fields.at(key);
      for (const auto& actor : side.list_value().values()) {
        codes.push_back(actor.struct_value().fields().at("code").string_value());
      }
      *malformed |= !side.has_list_value() && !side.has_null_value() && side.string_value() != "";
      return codes;
    };
    bool malformed = false;
    const std::vector<std::string> sources = codes("source", &malformed);
    const std::vector<std::string> targets = codes("target", &malformed);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const std::string& source : sources) {
      for (const std::string& target : targets) {
        if (source != target) pairs.insert({source, target});
      }
    }
    const bool skipped = fields.at("event").string_value() == "DOCUMENT" ||
                         (!malformed && (sources.empty() || targets.empty()));
    counts.skipped += skipped;
    counts.rows += skipped || malformed ? 1 : std::max<int>(1, pairs.size());
  }
  return counts;
}

class ImportTest : public CliTest {
 protected:
  std::map<std::string, int> ServerStreamCounts() {
    std::map<std::string, int> counts;
    for (const v1::LogRecord& record : WholeLog()) ++counts[record.stream()];
    return counts;
  }
};

TEST_F(ImportTest, IcewsSampleImportsEveryRowOnceWithTheFilesCounts) {
  const std::string path = CHANCERY_TEST_DATA_DIR "/icews/events.2018.sample.tab";
  int rows = 0;
  const std::map<std::string, int> expected = IcewsStreamCounts(path, &rows);
  ASSERT_EQ(rows, 3705);
  int expected_events = 0;
  for (const auto& [stream, count] : expected) expected_events += count;

  CliResult result = Chancery({"--json", "import", path, "--rejects", dir_.File("rejects.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Summary summary = ParseSummary(result.out);
  EXPECT_EQ(summary.rows_read, rows);
  EXPECT_EQ(summary.imported + summary.duplicates + summary.rejected + summary.skipped, rows);
  EXPECT_EQ(summary.imported, expected_events);
  EXPECT_EQ(summary.rejected, 0);
  EXPECT_EQ(summary.skipped, rows - expected_events);
  // Every skipped row has its line and reason.
  const std::vector<std::string> notes = Lines(ReadFile(dir_.File("rejects.txt")));
  EXPECT_THAT(notes, SizeIs(summary.skipped));
  for (const std::string& note : notes) {
    EXPECT_TRUE(absl::StartsWith(note, "line ") && absl::StrContains(note, ": skipped: no country"))
        << note;
  }
  EXPECT_EQ(ServerStreamCounts(), expected);
  EXPECT_EQ(expected.at("PRK-USA"), 312);  // The sample's largest dyad (PROVENANCE.md).

  // A second import adds nothing: every event is a duplicate.
  result = Chancery({"--json", "import", path, "--format", "icews", "--rejects",
                     dir_.File("rejects2.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  summary = ParseSummary(result.out);
  EXPECT_EQ(summary.imported, 0);
  EXPECT_EQ(summary.duplicates, expected_events);
  EXPECT_EQ(WholeLog().size(), static_cast<size_t>(expected_events));
}

TEST_F(ImportTest, GdeltRowsOfBothVersionsWithSkipsAndRejects) {
  GdeltRow v1_row;  // GDELT 1.0 with SOURCEURL.
  v1_row.global_event_id = "410000001";
  v1_row.goldstein = "3.5";  // The source's own value, not the codebook's 4.0.
  GdeltRow v1_short = v1_row;  // GDELT 1.0 before SOURCEURL.
  v1_short.global_event_id = "410000002";
  v1_short.actor2_country = "CHN";
  GdeltRow v2_row = v1_row;  // GDELT 2.0, a protest coded QuadClass 3 as GDELT does.
  v2_row.global_event_id = "810000003";
  v2_row.event_code = "141";
  v2_row.quad_class = "3";
  v2_row.goldstein = "-6.5";
  v2_row.source_url = "BBC Monitoring";  // Not a URL: no citation.
  GdeltRow no_country = v1_row;
  no_country.global_event_id = "410000004";
  no_country.actor2_country = "";
  GdeltRow bad_code = v1_row;
  bad_code.global_event_id = "410000005";
  bad_code.event_code = "0999";
  const std::string file = absl::StrCat(
      GdeltLine(v1_row, 58), "\n", GdeltLine(v1_short, 57), "\n", GdeltLine(v2_row, 61), "\n",
      GdeltLine(no_country, 58), "\n", GdeltLine(bad_code, 58), "\n", "410000006\tnot a row\n");
  const std::string path = WriteFile("events.export.CSV", file);

  CliResult result = Chancery({"import", path});
  EXPECT_EQ(result.exit_code, 1);  // Some rows were rejected.
  EXPECT_EQ(result.out, "imported 3, duplicates 0, rejected 2, skipped 1 (6 rows read)\n");
  // Rows refused by the server are reported when their batch comes back: in any order.
  EXPECT_THAT(Lines(result.err),
              UnorderedElementsAre("line 4: skipped: no country code for Actor2",
                          StartsWith("line 5: rejected: cameo_code: \"0999\""),
                          "line 6: rejected: has 2 columns; GDELT 1.0 rows have 57 or 58, "
                          "GDELT 2.0 rows 61"));
  const std::vector<v1::LogRecord> log = WholeLog();
  ASSERT_THAT(log, SizeIs(3));
  int protests = 0;
  for (const v1::LogRecord& record : log) {
    const v1::DiplomaticEvent& event = record.event();
    if (event.cameo_code() == "141") {
      ++protests;
      EXPECT_EQ(event.quad_class(), v1::QUAD_CLASS_VERBAL_CONFLICT);
      EXPECT_EQ(event.goldstein(), -6.5);
      EXPECT_THAT(event.citations(), SizeIs(0));
    } else if (record.stream() == "KHM-USA") {
      EXPECT_EQ(event.goldstein(), 3.5);
      EXPECT_EQ(event.source().role(), "GOV");
      EXPECT_EQ(event.source().display_name(), "UNITED STATES");
      ASSERT_THAT(event.citations(), SizeIs(1));
      EXPECT_EQ(event.citations(0).url(), "https://www.example.com/news/1");
      EXPECT_THAT(event.summary(), HasSubstr("UNITED STATES → CAMBODIA"));
    } else {
      EXPECT_EQ(record.stream(), "CHN-USA");
      EXPECT_THAT(event.citations(), SizeIs(0));  // 57 columns: no SOURCEURL.
    }
  }
  EXPECT_EQ(protests, 1);

  // Importing again: the stable ids make every event a duplicate.
  result = Chancery({"import", path, "--format", "gdelt", "--rejects", dir_.File("r.txt")});
  EXPECT_EQ(result.out, "imported 0, duplicates 3, rejected 2, skipped 1 (6 rows read)\n");
  EXPECT_EQ(result.err, "");
  EXPECT_THAT(Lines(ReadFile(dir_.File("r.txt"))), SizeIs(3));
}

TEST_F(ImportTest, PloverGoldStandardRecordsAreEveryOneAccountedFor) {
  const std::string path = CHANCERY_TEST_DATA_DIR "/plover/PLOVER_GSR_CAMEO.txt";
  const PloverCounts counts = CountPloverRows(path);
  ASSERT_EQ(counts.records, 323);  // PROVENANCE.md.

  // Guessed from its first line, "[". Many records name actors Chancery does not know (IGO,
  // JAP): each is rejected on its own, and costs no other row.
  CliResult result = Chancery({"--json", "import", path, "--rejects", dir_.File("notes.txt")});
  EXPECT_LT(result.exit_code, 2) << result.err;
  Summary summary = ParseSummary(result.out);
  EXPECT_EQ(summary.rows_read, counts.rows);
  EXPECT_EQ(summary.skipped, counts.skipped);
  EXPECT_TRUE(summary.AddsUp());
  EXPECT_GT(summary.imported, 200);
  const std::vector<std::string> notes = Lines(ReadFile(dir_.File("notes.txt")));
  EXPECT_THAT(notes, SizeIs(summary.rejected + summary.skipped));
  for (const std::string& note : notes) {
    EXPECT_THAT(note, ::testing::MatchesRegex("record PLOVER-GSR01-[A-Z]+-[0-9]+ \\(line [0-9]+\\): "
                                              "(rejected|skipped): .*"));
  }
  EXPECT_THAT(notes, ::testing::Contains(::testing::StartsWith(
                         "record PLOVER-GSR01-DOCUMENT-0001 (line 2): skipped: a DOCUMENT record")));
  EXPECT_EQ(static_cast<int64_t>(WholeLog().size()), summary.imported);

  // Importing again adds nothing.
  result = Chancery(
      {"--json", "import", path, "--format", "plover", "--rejects", dir_.File("notes2.txt")});
  const Summary again = ParseSummary(result.out);
  EXPECT_EQ(again.imported, 0);
  EXPECT_EQ(again.duplicates, summary.imported);
  EXPECT_EQ(again.rows_read, summary.rows_read);
}

TEST_F(ImportTest, NdjsonMalformedLinesAreRejectedWithTheirNumbers) {
  const std::string file =
      "{\"eventId\":\"6f1c2a4e-0000-4000-8000-000000000001\",\"occurDate\":{\"year\":2019,"
      "\"month\":11,\"day\":26},\"source\":{\"code\":\"USA\"},\"target\":{\"code\":\"KHM\"},"
      "\"cameoCode\":\"036\",\"summary\":\"Letter\"}\n"
      "\n"
      "{\"eventId\": \"oops\n"
      "{\"eventId\":\"6f1c2a4e-0000-4000-8000-000000000002\",\"colour\":\"red\"}\n"
      "{\"eventId\":\"6f1c2a4e-0000-4000-8000-000000000003\",\"occurDate\":{\"year\":2019,"
      "\"month\":11,\"day\":27},\"source\":{\"code\":\"USA\"},\"target\":{\"code\":\"KHM\"},"
      "\"cameoCode\":\"999\"}\n";
  CliResult result = Chancery({"import", WriteFile("events.ndjson", file)});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "imported 1, duplicates 0, rejected 3, skipped 0 (4 rows read)\n");
  const std::vector<std::string> notes = Lines(result.err);
  ASSERT_THAT(notes, SizeIs(3));
  EXPECT_THAT(notes[0], StartsWith("line 3: rejected: not a JSON object: "));
  EXPECT_THAT(notes[1], StartsWith("line 4: rejected: not a chancery.v1.DiplomaticEvent in JSON"));
  EXPECT_THAT(notes[2], StartsWith("line 5: rejected: cameo_code: \"999\""));
}

TEST_F(ImportTest, ExportThenImportReproducesEveryRelationship) {
  Record("USA", "KHM", "036", "2019-01-15", "Letter");
  const std::string recalled = Record("USA", "KHM", "161", "2019-03-02", "Ambassador recalled");
  Record("CHN", "KHM", "057", "2019-03-02", "Treaty");
  Record("KHM", "KHM", "173", "2019-04-02", "Arrests");
  ASSERT_EQ(Chancery({"observe", "USA", "KHM", "--a-in-b", "charge_d_affaires", "--b-in-a",
                      "ambassador", "--date", "2019-05-01", "--summary", "Missions observed"})
                .exit_code,
            0);
  ASSERT_EQ(Chancery({"retract", recalled, "--reason", "misreported"}).exit_code, 0);
  Record("USA", "KHM", "042", "2019-06-20", "Visit");

  CliResult exported = Chancery({"audit", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  ASSERT_THAT(Lines(exported.out), SizeIs(7));
  for (const std::string& line : Lines(exported.out)) ParseJson<v1::LogRecord>(line);
  const std::string path = WriteFile("export.ndjson", exported.out);
  const CliResult before = Chancery({"--json", "relations"});

  // An empty server of its own.
  server_->Stop(SIGTERM);
  std::remove(db_path_.c_str());
  db_path_ = dir_.File("second.db");
  StartServer();
  CliResult imported = Chancery({"import", path});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "imported 7, duplicates 0, rejected 0, skipped 0 (7 rows read)\n");
  const CliResult after = Chancery({"--json", "relations"});
  const std::vector<std::string> before_lines = Lines(before.out), after_lines = Lines(after.out);
  ASSERT_EQ(before_lines.size(), after_lines.size());
  for (size_t i = 0; i < before_lines.size(); ++i) {
    // Record times (and so hashes) are the new server's own; everything else must match.
    v1::Relationship a = ParseJson<v1::Relationship>(before_lines[i]);
    v1::Relationship b = ParseJson<v1::Relationship>(after_lines[i]);
    for (v1::Relationship* relation : {&a, &b}) {
      relation->mutable_last_event()->clear_record_time();
      relation->mutable_last_event()->clear_hash();
    }
    EXPECT_EQ(a.DebugString(), b.DebugString());
  }
}

}  // namespace
}  // namespace chancery::testing
