// The chancery group commands against a real chanceryd: creating, listing,
// describing, resetting and deleting groups, their parked events, and
// consuming a group until interrupted.

#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "chancery/client.h"
#include "chancery/v1/subscription_group_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::SizeIs;
using ::testing::StartsWith;

class GroupCommandsTest : public CliTest {
 protected:
  // GroupState runs `group describe --json` and returns the group's state.
  v1::GroupState GroupState(const std::string& name) {
    CliResult result = Chancery({"--json", "group", "describe", name});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return ParseJson<v1::GetGroupResponse>(result.out).state();
  }

  // WaitForCheckpoint waits up to 30 s until the group's checkpoint is `position`.
  bool WaitForCheckpoint(const std::string& name, uint64_t position) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline) {
      if (GroupState(name).checkpoint() == position) return true;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }
};

TEST_F(GroupCommandsTest, CreateListDescribeAndDelete) {
  Record("USA", "KHM", "036", "2019-11-26");
  const std::vector<std::string> create = {"group",       "create", "khm-alerts", "--actor",
                                           "khm",         "--actor", "tha",       "--cameo",
                                           "03",          "--max-attempts", "3",   "--ack-timeout",
                                           "10",          "--from-position", "1"};
  CliResult result = Chancery(create);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "created group khm-alerts (log: actors KHM, THA; CAMEO 03), checkpoint 0\n");
  result = Chancery(create);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("group khm-alerts (log: actors KHM, THA; CAMEO 03) exists "
                                    "already, checkpoint 0"));
  result = Chancery({"--json", "group", "create", "everything"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const v1::CreateGroupResponse created = ParseJson<v1::CreateGroupResponse>(result.out);
  EXPECT_TRUE(created.created());
  EXPECT_EQ(created.group().checkpoint(), 1u);  // From now: after the head.

  result = Chancery({"group", "list"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_THAT(lines[0], AllOf(StartsWith("NAME"), HasSubstr("CHECKPOINT"), HasSubstr("PARKED")));
  EXPECT_THAT(lines[1], MatchesRegex("everything +log +1 +1 +0 +0 +0 +0"));
  EXPECT_THAT(lines[2], MatchesRegex("khm-alerts +log +0 +1 +1 +0 +0 +0"));
  result = Chancery({"--json", "group", "list"});
  lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(ParseJson<v1::GetGroupResponse>(lines[1]).group().max_attempts(), 3u);

  result = Chancery({"group", "describe", "khm-alerts"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("khm-alerts  created "));
  EXPECT_THAT(result.out, HasSubstr("\nfilter        actors KHM, THA; CAMEO 03\n"));
  EXPECT_THAT(result.out, HasSubstr("\nmax attempts  3\nack timeout   10s\ncheckpoint    0\n"
                                    "head          1\nlag           1\n"));

  result = Chancery({"group", "delete", "khm-alerts"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "deleted group khm-alerts\n");
  result = Chancery({"group", "describe", "khm-alerts"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, MatchesRegex("chancery: NOT_FOUND: [^\n]+\n"));
  result = Chancery({"group", "delete", "everything"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Chancery({"group", "list"}).out, "no groups\n");
}

TEST_F(GroupCommandsTest, ChangesGroupsTakeTheirOwnFilter) {
  CliResult result = Chancery({"group", "create", "khm-usa", "--source", "changes", "--dyad",
                               "usa-khm", "--structural-only"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "created group khm-usa (changes: dyads KHM-USA; structural changes only), "
            "checkpoint 0\n");
  result = Chancery({"group", "create", "bad", "--max-attempts", "101"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("chancery: INVALID_ARGUMENT: group.max_attempts: "));
}

TEST_F(GroupCommandsTest, ResetByPositionOrDate) {
  Record("USA", "KHM", "036", "2019-11-26");
  Record("USA", "KHM", "042", "2019-11-27");
  ASSERT_EQ(Chancery({"group", "create", "g"}).exit_code, 0);
  CliResult result = Chancery({"group", "reset", "g", "--to-position", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "reset group g: checkpoint 1\n");
  // Both records were recorded after 2000-01-01.
  result = Chancery({"--json", "group", "reset", "g", "--to-date", "2000-01-01"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ParseJson<v1::ResetGroupResponse>(result.out).group().checkpoint(), 0u);
  result = Chancery({"group", "reset", "g", "--to-position", "9"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("chancery: INVALID_ARGUMENT: after_position: "));
}

TEST_F(GroupCommandsTest, ConsumePrintsAndAcknowledgesUntilInterrupted) {
  Record("USA", "KHM", "036", "2019-11-26", "Letter");
  ASSERT_EQ(Chancery({"group", "create", "readers", "--from-position", "1"}).exit_code, 0);
  BackgroundChancery consume(
      dir_.path(), {"--server=" + server_->address(), "group", "consume", "readers",
                    "--consumer-name", "reader-1"});
  ASSERT_TRUE(consume.WaitForLines(2)) << consume.Err();
  Record("CHN", "KHM", "057", "2019-01-10", "Treaty");
  ASSERT_TRUE(consume.WaitForLines(3)) << consume.Err();
  ASSERT_TRUE(WaitForCheckpoint("readers", 2));
  EXPECT_EQ(consume.Stop(), 0);  // SIGTERM: it leaves the group.
  const std::vector<std::string> lines = Lines(consume.Out());
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_THAT(lines[0], AllOf(HasSubstr("POSITION"), HasSubstr("STREAM")));
  EXPECT_THAT(lines[1], StartsWith("       1  2019-11-26  KHM-USA  036 USA>KHM Letter"));
  EXPECT_THAT(lines[2], StartsWith("       2  2019-01-10  CHN-KHM  057 CHN>KHM Treaty"));
  EXPECT_THAT(consume.Err(), HasSubstr("joined as reader-1 at checkpoint 0"));
  EXPECT_EQ(GroupState("readers").consumer_count(), 0u);
}

TEST_F(GroupCommandsTest, ConsumeJsonPrintsDeliveriesOfChanges) {
  Record("USA", "KHM", "036", "2019-11-26");
  ASSERT_EQ(Chancery({"group", "create", "changes", "--source", "changes", "--from-position", "1"})
                .exit_code,
            0);
  BackgroundChancery consume(dir_.path(), {"--server=" + server_->address(), "--json", "group",
                                           "consume", "changes", "--max-in-flight", "5"});
  ASSERT_TRUE(consume.WaitForLines(1)) << consume.Err();
  const v1::GroupDelivery delivery = ParseJson<v1::GroupDelivery>(Lines(consume.Out())[0]);
  EXPECT_EQ(delivery.position(), 1u);
  EXPECT_EQ(delivery.attempt(), 1u);
  EXPECT_EQ(delivery.change().after().dyad(), "KHM-USA");
  ASSERT_TRUE(WaitForCheckpoint("changes", 1));
  EXPECT_EQ(consume.Stop(), 0);
}

TEST_F(GroupCommandsTest, ConsumeEndsWhenTheGroupIsDeleted) {
  ASSERT_EQ(Chancery({"group", "create", "short-lived"}).exit_code, 0);
  BackgroundChancery consume(dir_.path(),
                             {"--server=" + server_->address(), "group", "consume", "short-lived"});
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!absl::StrContains(consume.Err(), "joined as") && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(Chancery({"group", "delete", "short-lived"}).exit_code, 0);
  EXPECT_EQ(consume.Wait(), 1);
  EXPECT_THAT(consume.Err(), HasSubstr("chancery: NOT_FOUND: "));
}

TEST_F(GroupCommandsTest, ParkedEventsAreListedAndReplayed) {
  Record("USA", "KHM", "036", "2019-11-26");
  Record("CHN", "KHM", "057", "2019-01-10");
  ASSERT_EQ(Chancery({"group", "create", "fragile", "--max-attempts", "1", "--from-position", "1"})
                .exit_code,
            0);
  {
    // A consumer whose handler fails every event: each is parked at once.
    const Client client(server_->address());
    v1::JoinGroup join;
    join.set_group("fragile");
    auto failing = client.ConsumeGroup(join, [](const v1::GroupDelivery& delivery,
                                                GroupConsumer& consumer) {
      EXPECT_TRUE(consumer.Nack({delivery.position()}, "handler failed").ok());
      return Next::kContinue;
    });
    ASSERT_TRUE(failing.ok()) << failing.error();
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (GroupState("fragile").parked_count() < 2 && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  CliResult result = Chancery({"group", "parked", "fragile"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_THAT(lines[0], AllOf(StartsWith("POSITION"), HasSubstr("LAST ERROR")));
  EXPECT_THAT(lines[1], MatchesRegex("1 +KHM-USA +1 +[-0-9: ]+ +no +handler failed"));
  EXPECT_THAT(lines[2], MatchesRegex("2 +CHN-KHM +1 .*"));
  result = Chancery({"--json", "group", "parked", "fragile"});
  lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(ParseJson<v1::ParkedEvent>(lines[1]).last_error(), "handler failed");

  result = Chancery({"group", "replay", "fragile", "--position", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "replayed 1 parked event of group fragile\n");
  result = Chancery({"--json", "group", "replay", "fragile"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ParseJson<v1::ReplayParkedEventsResponse>(result.out).replayed_count(), 2u);
  result = Chancery({"group", "replay", "fragile", "--position", "7"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("chancery: INVALID_ARGUMENT: positions[0]: "));

  // Consumed and acknowledged, replayed events leave the list.
  BackgroundChancery consume(dir_.path(),
                             {"--server=" + server_->address(), "group", "consume", "fragile"});
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (GroupState("fragile").parked_count() > 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(Chancery({"group", "parked", "fragile"}).out, "no parked events\n");
  EXPECT_EQ(consume.Stop(), 0);
}

TEST_F(GroupCommandsTest, BadUsageExitsWithTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"group"}, {"group", "--json"}, {"group", "frobnicate"}, {"group", "create"},
           {"group", "create", "g", "--source", "xml"},
           {"group", "create", "g", "--cameo", "19", "--source", "changes"},
           {"group", "create", "g", "--structural-only"},
           {"group", "create", "g", "--from-position", "-1"},
           {"group", "reset", "g"}, {"group", "reset", "g", "--to-position", "1", "--to-date",
                                     "2019-01-01"},
           {"group", "reset", "g", "--to-date", "2019-02-30"},
           {"group", "replay", "g", "--position", "x"},
           {"group", "consume", "g", "--max-in-flight", "many"}, {"group", "list", "extra"}}) {
    CliResult result = Chancery(args);
    const std::string name = absl::StrJoin(args, " ");
    EXPECT_EQ(result.exit_code, 2) << name;
    EXPECT_THAT(result.err, MatchesRegex("chancery: INVALID_ARGUMENT: [^\n]+\n")) << name;
  }
  EXPECT_THAT(Chancery({"group"}).err,
              HasSubstr("chancery group needs a command: create, list, describe, reset, delete, "
                        "parked, replay or consume"));
}

}  // namespace
}  // namespace chancery::testing
