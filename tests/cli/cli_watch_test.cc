// chancery watch across a server restart: it resumes after the last
// position it printed, with no gap and no duplicate.

#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "chancery/v1/relations_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

class WatchTest : public CliTest {
 protected:
  // The positions of the changes in `watch --json` output, in order.
  static std::vector<uint64_t> ChangePositions(const std::string& out) {
    std::vector<uint64_t> positions;
    for (const std::string& line : Lines(out)) {
      v1::WatchRelationshipsResponse message = ParseJson<v1::WatchRelationshipsResponse>(line);
      if (message.has_change()) positions.push_back(message.change().position());
    }
    return positions;
  }
  static size_t CountChanges(const std::string& out) { return ChangePositions(out).size(); }

  static bool WaitForChanges(const BackgroundChancery& watch, size_t count) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline) {
      if (CountChanges(watch.Out()) >= count) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }
};

TEST_F(WatchTest, ResumesAcrossARestartWithoutGapOrDuplicate) {
  Record("USA", "KHM", "036", "2019-01-15");
  Record("CHN", "KHM", "057", "2019-02-01");
  BackgroundChancery watch(dir_.path(), {"--server=" + server_->address(), "--json", "watch",
                                         "--from-position", "1"});
  ASSERT_TRUE(WaitForChanges(watch, 2)) << watch.Err();
  Record("USA", "KHM", "042", "2019-03-01");
  ASSERT_TRUE(WaitForChanges(watch, 3)) << watch.Err();

  const int port = server_->port();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  StartServer(port);
  Record("FRA", "KHM", "036", "2019-04-01");
  Record("USA", "KHM", "173", "2019-05-01");
  ASSERT_TRUE(WaitForChanges(watch, 5)) << watch.Err();
  EXPECT_THAT(watch.Err(), HasSubstr("resuming after position 3"));
  EXPECT_EQ(ChangePositions(watch.Out()), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

TEST_F(WatchTest, HumanOutputFiltersByDyad) {
  BackgroundChancery watch(dir_.path(),
                           {"--server=" + server_->address(), "watch", "--dyad", "usa-khm"});
  // The watch starts at the head; wait until it is caught up before recording.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!absl::StrContains(watch.Err(), "caught up") && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  Record("CHN", "KHM", "057", "2019-02-01");
  Record("USA", "KHM", "036", "2019-01-15", "Letter");
  ASSERT_TRUE(watch.WaitForLines(1)) << watch.Err();
  const std::vector<std::string> lines = Lines(watch.Out());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("KHM-USA"));
  EXPECT_THAT(lines[0], HasSubstr("036 USA>KHM Letter"));
}

}  // namespace
}  // namespace chancery::testing
