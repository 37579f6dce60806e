// Every chancery command against a real chanceryd: human output, --json
// output parsed as the message it claims to be, and exit codes.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chancery/v1/audit_service.pb.h"
#include "chancery/v1/relations_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "health/v1/health.pb.h"
#include "tests/cli/cli_fixture.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::testing {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::SizeIs;
using ::testing::StartsWith;

class CommandsTest : public CliTest {};

TEST_F(CommandsTest, HealthPrintsServing) {
  CliResult result = Chancery({"health"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");
  result = Chancery({"--json", "health"});
  EXPECT_EQ(ParseJson<grpc::health::v1::HealthCheckResponse>(result.out).status(),
            grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(CommandsTest, RecordPrintsIdAndPositionAndIsIdempotent) {
  const std::vector<std::string> args = {
      "record", "--source", "usa", "--target", "KHM", "--code", "036", "--date", "2019-11-26",
      "--summary", "Letter proposing a working group", "--source-role", "GOV",
      "--url", "https://kh.usembassy.gov/letter", "--id", "6f1c2a4e-0000-4000-8000-000000000001"};
  CliResult result = Chancery(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "recorded 6f1c2a4e-0000-4000-8000-000000000001 at position 1 (KHM-USA revision 0)\n");

  std::vector<std::string> again = args;
  again.insert(again.begin(), "--json");
  result = Chancery(again);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::RecordResult recorded = ParseJson<v1::RecordResult>(result.out);
  EXPECT_TRUE(recorded.duplicate());
  EXPECT_EQ(recorded.position(), 1u);

  const std::vector<v1::LogRecord> log = WholeLog();
  ASSERT_THAT(log, SizeIs(1));
  EXPECT_EQ(log[0].event().source().code(), "USA");
  EXPECT_EQ(log[0].event().source().role(), "GOV");
  EXPECT_EQ(log[0].event().citations(0).url(), "https://kh.usembassy.gov/letter");
}

TEST_F(CommandsTest, UnknownCameoCodeIsOneLineNamingTheField) {
  CliResult result = Chancery({"record", "--source", "USA", "--target", "KHM", "--code", "999",
                               "--date", "2019-11-26", "--summary", "x"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, MatchesRegex("chancery: INVALID_ARGUMENT: events\\[0\\]\\.cameo_code: "
                                       "[^\n]*999[^\n]*\n"));
  EXPECT_EQ(result.out, "");
}

TEST_F(CommandsTest, LogPrintsRecordsInOrder) {
  Record("USA", "KHM", "036", "2019-11-26", "Letter");
  Record("CHN", "KHM", "057", "2019-01-10", "Treaty");
  Record("KHM", "THA", "042", "2019-02-01", "Visit");

  CliResult result = Chancery({"log"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_THAT(lines[0], AllOf(HasSubstr("POSITION"), HasSubstr("STREAM")));
  EXPECT_THAT(lines[1], AllOf(StartsWith("       1  2019-11-26  KHM-USA  036 USA>KHM Letter")));
  EXPECT_THAT(lines[2], HasSubstr("CHN-KHM"));

  result = Chancery({"--json", "log", "--from-position", "2", "--limit", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(ParseJson<v1::LogRecord>(lines[0]).position(), 2u);
}

TEST_F(CommandsTest, LogFollowPrintsNewRecords) {
  Record("USA", "KHM", "036", "2019-11-26");
  BackgroundChancery follow(dir_.path(), {"--server=" + server_->address(), "--json", "log",
                                          "--follow", "--limit", "3"});
  ASSERT_TRUE(follow.WaitForLines(1)) << follow.Err();
  Record("CHN", "KHM", "057", "2019-01-10");
  Record("KHM", "THA", "042", "2019-02-01");
  ASSERT_TRUE(follow.WaitForLines(3)) << follow.Err();
  const std::vector<std::string> lines = Lines(follow.Out());
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(ParseJson<v1::LogRecord>(lines[i]).position(), i + 1);
  }
  EXPECT_EQ(follow.Wait(), 0);  // --limit 3 reached: it ends by itself with 0.
}

TEST_F(CommandsTest, RelationShowsTheState) {
  Record("USA", "KHM", "036", "2019-11-26", "Letter proposing a working group");
  CliResult result = Chancery({"relation", "USA", "KHM", "--as-of", "2019-12-01"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(StartsWith("KHM-USA  as of 2019-12-01, known at position 1"),
                                ContainsRegex("status +UNKNOWN since 2019-11-26"),
                                ContainsRegex("representation +KHM in USA: UNKNOWN"),
                                ContainsRegex("trend +INSUFFICIENT_DATA"),
                                ContainsRegex("events +1 \\(1 occurrence\\)\n"),
                                HasSubstr("2019-11-26  036 USA>KHM Letter")));

  result = Chancery({"--json", "relation", "khm", "usa", "--as-of", "2019-12-01", "--known-at", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::Relationship relation = ParseJson<v1::Relationship>(result.out);
  EXPECT_EQ(relation.dyad(), "KHM-USA");
  EXPECT_EQ(relation.event_count(), 1);

  result = Chancery({"relation", "USA", "KHM", "--as-of", "2019-13-01"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "chancery: INVALID_ARGUMENT: --as-of=2019-13-01 is not a date YYYY-MM-DD (such as "
            "2019-11-26)\n");
}

TEST_F(CommandsTest, RelationsListsDyads) {
  Record("USA", "KHM", "036", "2019-11-26");
  Record("CHN", "KHM", "057", "2019-01-10");
  Record("FRA", "DEU", "042", "2019-02-01");
  CliResult result = Chancery({"relations", "--actor", "KHM"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_THAT(lines[0], MatchesRegex("DYAD +STATUS +SCORE +TREND +EVENTS +LAST EVENT"));
  EXPECT_THAT(result.out, AllOf(HasSubstr("KHM-USA"), HasSubstr("CHN-KHM")));

  result = Chancery({"--json", "relations", "--status", "unknown"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(3));
  for (const std::string& line : lines) {
    EXPECT_EQ(ParseJson<v1::Relationship>(line).status(), v1::RELATIONSHIP_STATUS_UNKNOWN);
  }

  // As of a date before the KHM-USA letter, known before the FRA-DEU visit.
  result = Chancery({"--json", "relations", "--as-of", "2019-06-30", "--known-at", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(1));
  const v1::Relationship past = ParseJson<v1::Relationship>(lines[0]);
  EXPECT_EQ(past.dyad(), "CHN-KHM");
  EXPECT_EQ(past.known_at_position(), 2u);
  EXPECT_EQ(past.as_of_date().month(), 6);
  EXPECT_EQ(Chancery({"relations", "--as-of", "2019-02-30"}).exit_code, 2);

  result = Chancery({"relations", "--status", "friendly"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("chancery: INVALID_ARGUMENT: --status=friendly is not one of"));
}

// Python's XML parser checks that the SVG is well-formed and has what a chart needs.
int CheckSvg(const std::string& path) {
  const std::string script = absl::StrCat(
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "ns = '{http://www.w3.org/2000/svg}'\n"
      "assert root.tag == ns + 'svg', root.tag\n"
      "ids = {e.get('id') for e in root.iter()}\n"
      "assert {'x-label', 'y-label', 'score', 'axes'} <= ids, ids\n"
      "assert len([e for e in root.iter(ns + 'g') if e.get('class') == 'status-change']) >= 1\n");
  return std::system(absl::StrCat("python3 -c \"", script, "\" ", path).c_str());
}

TEST_F(CommandsTest, TimelineDrawsTheScoreAndWritesSvg) {
  Record("USA", "KHM", "036", "2019-01-15", "Letter");
  Record("USA", "KHM", "161", "2019-03-02", "Ambassador recalled");
  Record("USA", "KHM", "042", "2019-06-20", "Visit");
  const std::string svg = dir_.File("chart.svg");
  CliResult result = Chancery({"timeline", "USA", "KHM", "--from", "2019-01-01", "--to",
                               "2019-12-31", "--svg", svg});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("2019-03-02"), HasSubstr("161 USA>KHM Ambassador"),
                                HasSubstr("score of KHM-USA"), HasSubstr("*"),
                                HasSubstr("2019-01"), HasSubstr("2019-12")));
  EXPECT_EQ(CheckSvg(svg), 0) << ReadFile(svg);

  result = Chancery({"--json", "timeline", "USA", "KHM"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  v1::GetTimelineResponse timeline = ParseJson<v1::GetTimelineResponse>(Lines(result.out)[0]);
  EXPECT_THAT(timeline.entries(), SizeIs(3));
}

TEST_F(CommandsTest, RetractRecordsARetraction) {
  const std::string id = Record("USA", "KHM", "036", "2019-11-26");
  CliResult result = Chancery({"retract", id, "--reason", "misreported"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, absl::StrCat("retracted ", id, " at position 2 (KHM-USA revision 1)\n"));
  result = Chancery({"--json", "retract", id, "--reason", "misreported"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(ParseJson<v1::RecordResult>(result.out).duplicate());
  EXPECT_THAT(Chancery({"log"}).out, HasSubstr(absl::StrCat("retraction of ", id, ": misreported")));

  result = Chancery({"retract", "00000000-0000-4000-8000-000000000000", "--reason", "x"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("chancery: NOT_FOUND: "));
  EXPECT_EQ(Chancery({"retract", id}).exit_code, 2);  // --reason is required.
}

TEST_F(CommandsTest, RecordAndRetractTakeCorrelationAndCausationIds) {
  const std::string id = Record("USA", "KHM", "036", "2019-11-26");
  CliResult result = Chancery({"record", "--source", "USA", "--target", "KHM", "--code", "042",
                               "--date", "2019-11-27", "--summary", "Reply", "--correlation-id",
                               "thaw-2019", "--causation-id", id});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  result = Chancery({"retract", id, "--reason", "misreported", "--correlation-id", "review 1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("chancery: INVALID_ARGUMENT: correlation_id: "));
  result = Chancery({"retract", id, "--reason", "misreported", "--causation-id", "review-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  const std::vector<v1::LogRecord> log = WholeLog();
  ASSERT_THAT(log, SizeIs(3));
  EXPECT_EQ(log[0].causation_id(), "");
  EXPECT_EQ(log[1].correlation_id(), "thaw-2019");
  EXPECT_EQ(log[1].causation_id(), id);
  EXPECT_EQ(log[2].correlation_id(), "");
  EXPECT_EQ(log[2].causation_id(), "review-1");
}

TEST_F(CommandsTest, AuditVerifyReportsTheHead) {
  Record("USA", "KHM", "036", "2019-11-26");
  Record("CHN", "KHM", "057", "2019-01-10");
  CliResult result = Chancery({"audit", "verify"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, MatchesRegex("ok: 2 events, head [0-9a-f]{64}\n"));
  result = Chancery({"--json", "audit", "verify"});
  EXPECT_EQ(ParseJson<v1::VerifyLogResponse>(result.out).verified_count(), 2u);
}

TEST_F(CommandsTest, AuditReplayShowsEachState) {
  Record("USA", "KHM", "036", "2019-01-15", "Letter");
  Record("USA", "KHM", "042", "2019-06-20", "Visit");
  Record("USA", "KHM", "036", "2019-02-15", "Another letter");
  CliResult result = Chancery({"audit", "replay", "USA", "KHM", "--from", "2019-02-01"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_THAT(lines[1], AllOf(StartsWith("2019-02-15"), HasSubstr("Another letter")));
  EXPECT_THAT(lines[2], StartsWith("2019-06-20"));

  result = Chancery({"--json", "audit", "replay", "KHM", "USA"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_EQ(ParseJson<v1::ReplayRelationshipResponse>(lines[2]).state_after().event_count(), 3);
}

TEST_F(CommandsTest, EveryCommandHasHelp) {
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{{"health"}, {"record"}, {"import"}, {"relation"},
                                             {"relations"}, {"timeline"}, {"watch"}, {"log"},
                                             {"retract"}, {"audit", "verify"},
                                             {"audit", "replay"}, {"audit", "export"},
                                             {"group", "create"}, {"group", "list"},
                                             {"group", "describe"}, {"group", "reset"},
                                             {"group", "delete"}, {"group", "parked"},
                                             {"group", "replay"}, {"group", "consume"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    CliResult result = RunChancery(dir_.path(), args);
    const std::string name = absl::StrJoin(command, " ");
    EXPECT_EQ(result.exit_code, 0) << name;
    EXPECT_THAT(result.out, StartsWith("usage: chancery " + name)) << name;
  }
  CliResult result = RunChancery(dir_.path(), {"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("audit verify"));
}

TEST_F(CommandsTest, BadUsageExitsWithTwoAndOneLine) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"log", "--limit=-1"}, {"relations", "--bogus"}, {"relation", "USA"},
           {"frobnicate"}, {"health", "extra"}, {"log", "--follow=yes"}, {"--nope", "health"},
           {"record", "--source", "USA"}, {"watch", "--actor", "KHM", "--dyad", "KHM-USA"},
           {"import", "x.tab", "--format", "csv"}, {"audit", "export", "--format", "xml"}}) {
    CliResult result = Chancery(args);
    const std::string name = absl::StrJoin(args, " ");
    EXPECT_EQ(result.exit_code, 2) << name;
    EXPECT_THAT(result.err, MatchesRegex("chancery: INVALID_ARGUMENT: [^\n]+\n")) << name;
  }
}

TEST_F(CommandsTest, ServerDownExitsWithThreeAndAHint) {
  const std::string address = server_->address();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"health"}, {"log"}, {"relations"}, {"relation", "USA", "KHM"}, {"audit", "verify"},
           {"watch"}, {"group", "list"}, {"group", "consume", "g"},
           {"record", "--source", "USA", "--target", "KHM", "--code", "036", "--date",
            "2019-11-26", "--summary", "x"}}) {
    std::vector<std::string> with_server = args;
    with_server.insert(with_server.begin(), "--server=" + address);
    CliResult result = RunChancery(dir_.path(), with_server);
    const std::string name = absl::StrJoin(args, " ");
    EXPECT_EQ(result.exit_code, 3) << name;
    EXPECT_THAT(result.err,
                MatchesRegex(absl::StrCat("chancery: UNAVAILABLE: [^\n]*is chanceryd running at ",
                                          address, "[^\n]*\n")))
        << name;
  }
}

TEST_F(CommandsTest, AServerThatCannotWriteIsNotCalledUnreachable) {
  // The database file taken from under chanceryd: it answers, but cannot commit.
  ASSERT_EQ(std::rename(db_path_.c_str(), (db_path_ + ".away").c_str()), 0);
  CliResult result = Chancery({"record", "--source", "USA", "--target", "KHM", "--code", "036",
                               "--date", "2019-11-26", "--summary", "x"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, MatchesRegex("chancery: UNAVAILABLE: [^\n]*was deleted or replaced[^\n]*"
                                       "chanceryd is running but cannot do this now[^\n]*\n"));
}

}  // namespace
}  // namespace chancery::testing
