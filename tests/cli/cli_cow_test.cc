// The Correlates of War baseline through the real chancery binary: COW rows
// imported as observations of representation, `chancery observe`, and what
// they make of relationships that events alone would leave unknown.

#include <fstream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/domain/actor_codes.h"
#include "tests/cli/cli_fixture.h"
#include "tests/cli/import_summary.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kCowSample[] = CHANCERY_TEST_DATA_DIR "/cow/diplomatic_exchange_2006v1.sample.csv";

// What the COW file holds, counted here without the importer: its rows, the
// rows whose two state codes map to country codes, and the distinct
// (dyad, year) observations those make (a row and its mirror make one).
struct CowCounts {
  int rows = 0, mapped = 0;
  std::set<std::tuple<std::string, std::string, int>> observations;
};
CowCounts CountCow(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // The header.
  const auto& registry = domain::ActorRegistry::Default();
  CowCounts counts;
  while (std::getline(in, line)) {
    ++counts.rows;
    const std::vector<std::string> fields = absl::StrSplit(line, ',');
    int c1 = 0, c2 = 0, year = 0;
    EXPECT_TRUE(absl::SimpleAtoi(fields.at(0), &c1) && absl::SimpleAtoi(fields.at(1), &c2) &&
                absl::SimpleAtoi(fields.at(2), &year))
        << line;
    std::string a(registry.CountryCodeForCow(c1)), b(registry.CountryCodeForCow(c2));
    if (a.empty() || b.empty()) continue;
    ++counts.mapped;
    counts.observations.insert({std::min(a, b), std::max(a, b), year});
  }
  return counts;
}

using CowTest = CliTest;

TEST_F(CowTest, TheSampleIsAccountedForAndSetsTheBaselineEventsCannotInvent) {
  const CowCounts counts = CountCow(kCowSample);
  ASSERT_EQ(counts.rows, 8557);  // PROVENANCE.md.
  CliResult result = Chancery({"--json", "import", kCowSample, "--rejects", dir_.File("notes.txt")});
  EXPECT_EQ(result.exit_code, 1) << result.err;  // Historical states are rejected.
  const Summary summary = ParseSummary(result.out);
  EXPECT_EQ(summary.rows_read, counts.rows);
  EXPECT_TRUE(summary.AddsUp());
  EXPECT_EQ(summary.imported, static_cast<int64_t>(counts.observations.size()));
  EXPECT_EQ(summary.duplicates, counts.mapped - summary.imported);  // Mirror rows.
  EXPECT_EQ(summary.rejected, counts.rows - counts.mapped);
  const std::vector<std::string> notes = Lines(ReadFile(dir_.File("notes.txt")));
  ASSERT_THAT(notes, SizeIs(summary.rejected));
  EXPECT_THAT(notes[0], ContainsRegex("^line [0-9]+: rejected: ccode2 [0-9]+ is a COW state code "
                                      "with no country code"));
  EXPECT_EQ(static_cast<int64_t>(WholeLog().size()), summary.imported);

  // Summit coverage of 2018, however large, does not make USA and PRK exchange ambassadors.
  result = Chancery({"import", CHANCERY_TEST_DATA_DIR "/icews/events.2018.sample.tab", "--rejects",
                     dir_.File("icews.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* as_of : {"2018-06-30", "2019-06-30"}) {
    const v1::Relationship prk = ParseJson<v1::Relationship>(
        Chancery({"--json", "relation", "USA", "PRK", "--as-of", as_of}).out);
    EXPECT_EQ(prk.representation_a_in_b(), v1::REPRESENTATION_LEVEL_NONE) << as_of;
    EXPECT_EQ(prk.representation_b_in_a(), v1::REPRESENTATION_LEVEL_NONE) << as_of;
    EXPECT_EQ(prk.status(), v1::RELATIONSHIP_STATUS_NONE) << as_of;
    EXPECT_GT(prk.event_count(), 300) << as_of;
  }
  const v1::Relationship khm = ParseJson<v1::Relationship>(
      Chancery({"--json", "relation", "USA", "KHM", "--as-of", "2006-01-01"}).out);
  EXPECT_EQ(khm.representation_a_in_b(), v1::REPRESENTATION_LEVEL_AMBASSADOR);
  EXPECT_EQ(khm.representation_b_in_a(), v1::REPRESENTATION_LEVEL_AMBASSADOR);
  EXPECT_EQ(khm.status(), v1::RELATIONSHIP_STATUS_NORMAL);

  // Importing again adds nothing.
  result = Chancery({"--json", "import", kCowSample, "--format", "cow", "--rejects",
                     dir_.File("again.txt")});
  const Summary again = ParseSummary(result.out);
  EXPECT_EQ(again.imported, 0);
  EXPECT_EQ(again.duplicates, counts.mapped);
}

TEST_F(CowTest, BadRowsAreCountedRejectionsWithTheirLines) {
  const std::string path = WriteFile(
      "cow.csv",
      "\"ccode1\",\"ccode2\",\"year\",\"DR_at_1\",\"DR_at_2\",\"DE\",\"version\"\n"
      "2,811,2005,3,3,1,2006.0999755859375\n"
      "2,99999,2005,3,3,1,2006.0999755859375\n"
      "2,731,2005,7,0,0,2006.0999755859375\n"
      "2,731,2005,0,0\n"
      "2,710,later,3,3,1,2006.0999755859375\n");
  CliResult result = Chancery({"import", path});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "imported 1, duplicates 0, rejected 4, skipped 0 (5 rows read)\n");
  EXPECT_THAT(Lines(result.err),
              ::testing::ElementsAre(
                  StartsWith("line 3: rejected: ccode2 99999 is a COW state code with no country"),
                  StartsWith("line 4: rejected: DR_at_1 \"7\" is not a COW level: 0 (none)"),
                  StartsWith("line 5: rejected: has 5 columns; COW Diplomatic Exchange rows have 7"),
                  "line 6: rejected: year \"later\" is not a year"));
}

TEST_F(CowTest, ObserveRecordsOneObservationByHand) {
  Record("USA", "KHM", "036", "2019-11-26");
  CliResult result = Chancery({"--json", "observe", "usa", "KHM", "--a-in-b", "ambassador",
                               "--date", "2020-01-10", "--summary", "US ambassador presents credentials",
                               "--url", "https://kh.usembassy.gov/"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const v1::RecordResult recorded = ParseJson<v1::RecordResult>(result.out);
  EXPECT_EQ(recorded.stream(), "KHM-USA");
  EXPECT_EQ(recorded.position(), 2u);

  result = Chancery({"relation", "USA", "KHM", "--as-of", "2020-02-01"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(ContainsRegex("status +NORMAL since 2020-01-10"),
                                HasSubstr("representation  KHM in USA: UNKNOWN; USA in KHM: "
                                          "AMBASSADOR")));
  result = Chancery({"log"});
  EXPECT_THAT(result.out, HasSubstr("observed KHM in USA: not observed; USA in KHM: AMBASSADOR"));

  result = Chancery({"observe", "USA", "KHM", "--a-in-b", "consul", "--date", "2020-01-10",
                     "--summary", "x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "chancery: INVALID_ARGUMENT: --a-in-b=consul is not one of: none, charge_d_affaires, "
            "minister, ambassador, other\n");
  result = Chancery({"observe", "USA", "KHM", "--date", "2020-01-10", "--summary", "x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("needs --a-in-b, --b-in-a or both"));
  result = Chancery({"observe", "USA", "USA", "--a-in-b", "none", "--date", "2020-01-10",
                     "--summary", "x"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("b_code: USA is a_code too"));
}

}  // namespace
}  // namespace chancery::testing
