// chancery import when rows are bad, actors are regions, and the server goes
// away mid-import: every row read is accounted for, no good row is lost to a
// bad one, and a rerun completes the file without recording anything twice.

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_fixture.h"
#include "tests/cli/import_summary.h"
#include "clients/cpp/testing/gdelt_rows.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// Events per stream in a GDELT file, counted here without the importer: rows
// whose Actor1CountryCode and Actor2CountryCode (columns 7 and 17) are both
// set, by their codes.
std::map<std::string, int> GdeltStreamCounts(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, int> counts;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    std::string a = fields.at(7), b = fields.at(17);
    if (a.empty() || b.empty()) continue;
    if (b < a) std::swap(a, b);
    ++counts[a == b ? a : a + "-" + b];
  }
  return counts;
}

class ImportFaultsTest : public CliTest {
 protected:
  std::map<std::string, int> ServerStreamCounts() {
    std::map<std::string, int> counts;
    for (const v1::LogRecord& record : WholeLog()) ++counts[record.stream()];
    return counts;
  }

  // A file of `count` good GDELT rows between countries, each its own event.
  std::string GoodRows(int count) {
    std::string file;
    for (int i = 0; i < count; ++i) {
      GdeltRow row;
      row.global_event_id = std::to_string(700000000 + i);
      row.actor2_country = i % 2 ? "KHM" : "CHN";
      absl::StrAppend(&file, GdeltLine(row), "\n");
    }
    return WriteFile("many.export.CSV", file);
  }
};

TEST_F(ImportFaultsTest, RealGdeltRowsOfBothVersionsAreAllAccountedForAndCounted) {
  for (const char* name : {"gdelt1.mixed100.export.CSV", "gdelt2.mixed100.export.CSV"}) {
    const std::string path = absl::StrCat(CHANCERY_TEST_DATA_DIR "/gdelt/", name);
    const std::map<std::string, int> expected = GdeltStreamCounts(path);
    int expected_events = 0;
    for (const auto& [stream, count] : expected) expected_events += count;

    CliResult result = Chancery({"--json", "import", path, "--rejects", dir_.File("notes.txt")});
    ASSERT_EQ(result.exit_code, 0) << name << ": " << result.err;
    const Summary summary = ParseSummary(result.out);
    EXPECT_EQ(summary.rows_read, 100) << name;
    EXPECT_TRUE(summary.AddsUp()) << name;
    EXPECT_EQ(summary.rejected, 0) << name;
    EXPECT_EQ(summary.imported, expected_events) << name;
    EXPECT_EQ(summary.skipped, 100 - expected_events) << name;
  }
  // The two files share no event: the server holds both files' dyads, region ones included.
  std::map<std::string, int> expected = GdeltStreamCounts(CHANCERY_TEST_DATA_DIR
                                                          "/gdelt/gdelt1.mixed100.export.CSV");
  for (const auto& [stream, count] :
       GdeltStreamCounts(CHANCERY_TEST_DATA_DIR "/gdelt/gdelt2.mixed100.export.CSV")) {
    expected[stream] += count;
  }
  EXPECT_EQ(ServerStreamCounts(), expected);
  std::set<std::string> region_streams;
  for (const auto& [stream, count] : expected) {
    if (absl::StrContains(stream, "AFR") || absl::StrContains(stream, "EUR")) {
      region_streams.insert(stream);
    }
  }
  EXPECT_FALSE(region_streams.empty()) << "the samples name regions (PROVENANCE.md)";
}

TEST_F(ImportFaultsTest, ARegionRowAndABadRowCostNoGoodRowOfTheirBatch) {
  std::string file;
  std::vector<std::string> good_ids;
  for (int i = 0; i < 20; ++i) {
    GdeltRow row;
    row.global_event_id = std::to_string(600000000 + i);
    if (i == 7) row.actor1_country = "AFR";  // A CAMEO region: an actor like any other.
    if (i == 13) row.event_code = "0999";    // Not a CAMEO code: refused by the server.
    if (i != 13) good_ids.push_back(row.global_event_id);
    absl::StrAppend(&file, GdeltLine(row), "\n");
  }
  CliResult result = Chancery({"--json", "import", WriteFile("mixed.export.CSV", file)});
  EXPECT_EQ(result.exit_code, 1);  // A row was rejected.
  const Summary summary = ParseSummary(result.out);
  EXPECT_EQ(summary.rows_read, 20);
  EXPECT_EQ(summary.imported, 19);
  EXPECT_EQ(summary.rejected, 1);
  EXPECT_THAT(Lines(result.err), ElementsAre(StartsWith("line 14: rejected: cameo_code: \"0999\"")));
  const std::map<std::string, int> streams = ServerStreamCounts();
  EXPECT_EQ(streams.at("AFR-KHM"), 1);
  EXPECT_EQ(streams.at("KHM-USA"), 18);
}

TEST_F(ImportFaultsTest, AServerRestartMidImportLosesNoRowAndRecordsNoneTwice) {
  constexpr int kRows = 20000;
  const std::string path = GoodRows(kRows);
  const int port = server_->port();
  BackgroundChancery import(dir_.path(), {"--server=" + server_->address(), "--json", "import",
                                          path, "--batch-size", "100", "--in-flight", "2"});
  // Once some of the file is recorded, kill the server and bring it back on its port.
  for (int i = 0; i < 600; ++i) {
    if (!WholeLog().empty()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(server_->Stop(SIGKILL), 128 + SIGKILL);
  StartServer(port);
  ASSERT_EQ(import.Wait(), 0) << import.Err();
  const Summary summary = ParseSummary(Lines(import.Out()).back());
  EXPECT_EQ(summary.rows_read, kRows);
  EXPECT_TRUE(summary.AddsUp());
  EXPECT_EQ(summary.rejected, 0);
  // A batch whose answer the kill swallowed is sent again and comes back as duplicates.
  EXPECT_EQ(summary.imported + summary.duplicates, kRows);
  EXPECT_EQ(WholeLog().size(), static_cast<size_t>(kRows));
}

TEST_F(ImportFaultsTest, AServerThatStaysDownEndsTheImportWithEveryRowAccountedFor) {
  constexpr int kRows = 20000;
  const std::string path = GoodRows(kRows);
  BackgroundChancery import(dir_.path(), {"--server=" + server_->address(), "--json", "import",
                                          path, "--batch-size", "100", "--in-flight", "2",
                                          "--rejects", dir_.File("notes.txt")});
  for (int i = 0; i < 600; ++i) {
    if (!WholeLog().empty()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(server_->Stop(SIGKILL), 128 + SIGKILL);
  EXPECT_EQ(import.Wait(), 3) << import.Err();  // Unreachable.
  const std::vector<std::string> out = Lines(import.Out());
  ASSERT_THAT(out, SizeIs(1));
  const Summary first = ParseSummary(out[0]);
  EXPECT_TRUE(first.AddsUp());
  EXPECT_GT(first.rejected, 0);
  const std::vector<std::string> notes = Lines(ReadFile(dir_.File("notes.txt")));
  EXPECT_THAT(notes, SizeIs(first.rejected));
  EXPECT_THAT(notes, Contains(HasSubstr("rejected: not recorded, the import stopped: UNAVAILABLE")));

  // Once the server is back, importing the file again completes it.
  StartServer();
  CliResult again = Chancery({"--json", "import", path});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const Summary second = ParseSummary(again.out);
  EXPECT_EQ(second.rows_read, kRows);
  EXPECT_EQ(second.imported + second.duplicates, kRows);
  EXPECT_EQ(WholeLog().size(), static_cast<size_t>(kRows));
}


TEST_F(ImportFaultsTest, AnUnusualFileIsStillAccountedForRowByRow) {
  const auto good = [](int id, const std::string& more) {
    return absl::StrFormat(
        "{\"eventId\":\"6f1c2a4e-0000-4000-8000-0000000000%02d\",\"occurDate\":{\"year\":2019,"
        "\"month\":11,\"day\":26},\"source\":{\"code\":\"USA\"},\"target\":{\"code\":"
        "\"KHM\"},\"cameoCode\":\"036\"%s}\n",
        id, more);
  };
  // A row over the request size limit, one nested 100,000 deep, and a byte-order mark.
  const std::string huge = ",\"summary\":\"" + std::string(4500000, 'x') + "\"";
  const std::string file = "\xEF\xBB\xBF" + good(1, "") + good(2, huge) +
                           std::string(100000, '[') + "\n" + good(3, "");
  CliResult result = Chancery({"--json", "import", WriteFile("odd.ndjson", file), "--rejects",
                               dir_.File("notes.txt")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const Summary summary = ParseSummary(result.out);
  EXPECT_EQ(summary.rows_read, 4);
  EXPECT_EQ(summary.imported, 2);
  EXPECT_EQ(summary.rejected, 2);
  const std::vector<std::string> notes = Lines(ReadFile(dir_.File("notes.txt")));
  ASSERT_THAT(notes, SizeIs(2));
  EXPECT_THAT(notes, Contains(StartsWith("line 2: rejected: the record is ")));
  EXPECT_THAT(notes, Contains(StartsWith("line 3: rejected: not a JSON object: nested 100000 "
                                         "levels deep; at most 32 are allowed")));
}

TEST_F(ImportFaultsTest, ADirectoryWithNothingToImportIsAnError) {
  const std::string empty = dir_.File("empty");
  ASSERT_EQ(mkdir(empty.c_str(), 0755), 0);
  WriteFile("empty/.hidden", "1\t2\n");
  CliResult result = Chancery({"import", empty});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("is a directory with no files to import"));
}

}  // namespace
}  // namespace chancery::testing
