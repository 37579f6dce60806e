// Subscription groups against a real chanceryd: what the conformance
// vectors cannot provoke (a server killed mid-stream, a filter that skips
// thousands of records).

#include <signal.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/group_consumer.h"
#include "tests/integration/test_events.h"

namespace chancery::testing {
namespace {

constexpr const char* kDyads[][2] = {{"USA", "KHM"}, {"CHN", "KHM"}, {"FRA", "DEU"},
                                     {"JPN", "KOR"}, {"IND", "PAK"}};

class SubscriptionGroupsTest : public ::testing::Test {
 protected:
  void Start() {
    server_ = ChancerydProcess::Start(CHANCERYD_PATH, dir_.File("chancery.db"));
    ASSERT_NE(server_, nullptr);
    channel_ = server_->NewChannel();
  }

  // Record `count` events from `first`, round the dyads (or only FRA-DEU).
  void Record(int first, int count, bool only_fra_deu = false) {
    auto relations = v1::RelationsService::NewStub(channel_);
    for (int done = 0; done < count;) {
      v1::RecordEventsRequest request;
      for (int i = 0; i < 500 && done < count; ++i, ++done) {
        const auto& dyad = kDyads[only_fra_deu ? 2 : (first + done) % 5];
        *request.add_events() = TestEvent(TestUuid(first + done), dyad[0], dyad[1]);
      }
      grpc::ClientContext context;
      v1::RecordEventsResponse response;
      ASSERT_TRUE(relations->RecordEvents(&context, request, &response).ok());
    }
  }

  v1::GetGroupResponse Describe(const std::string& name) {
    grpc::ClientContext context;
    v1::GetGroupRequest request;
    request.set_name(name);
    v1::GetGroupResponse response;
    EXPECT_TRUE(v1::SubscriptionGroupService::NewStub(channel_)
                    ->GetGroup(&context, request, &response)
                    .ok());
    return response;
  }

  void Create(const std::string& name, const v1::LogFilter& filter = {},
              uint32_t max_attempts = 0) {
    grpc::ClientContext context;
    v1::CreateGroupRequest request;
    request.mutable_group()->set_name(name);
    request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
    *request.mutable_group()->mutable_log_filter() = filter;
    request.mutable_group()->set_max_attempts(max_attempts);
    request.set_start_after_position(0);
    v1::CreateGroupResponse response;
    grpc::Status created = v1::SubscriptionGroupService::NewStub(channel_)->CreateGroup(
        &context, request, &response);
    ASSERT_TRUE(created.ok()) << created.error_message();
  }

  TempDir dir_;
  std::unique_ptr<ChancerydProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(SubscriptionGroupsTest, AServerKilledMidStreamRedeliversWhatWasNotSavedAndSkipsNothing) {
  constexpr uint64_t kEvents = 600;
  Start();
  Record(1, kEvents);
  Create("killed");
  std::set<uint64_t> acked;
  {
    // Acknowledge about half, as they come (a stream's next event comes
    // once its last is acknowledged), then kill the server before, or
    // while, it saves the checkpoint.
    TestGroupConsumer consumer(channel_, "killed", 1000);
    std::vector<uint64_t> positions;
    while (positions.size() < kEvents / 2 && consumer.AckNextDeliveries(positions)) {
    }
    ASSERT_GE(positions.size(), kEvents / 2);
    acked.insert(positions.begin(), positions.end());
    absl::SleepFor(absl::Milliseconds(100));  // Let the last acks reach the server.
    ASSERT_EQ(server_->Stop(SIGKILL), 128 + SIGKILL);
  }
  Start();
  TestGroupConsumer consumer(channel_, "killed", 1000);
  v1::ConsumeGroupResponse message;
  ASSERT_TRUE(consumer.Next(message));
  ASSERT_TRUE(message.has_joined());
  const uint64_t resumed_after = message.joined().checkpoint();
  // Nothing unacknowledged was counted done.
  for (uint64_t position = 1; position <= resumed_after; ++position) {
    EXPECT_EQ(acked.count(position), 1u) << position;
  }
  std::vector<uint64_t> redelivered;
  while (redelivered.size() < kEvents - resumed_after &&
         consumer.AckNextDeliveries(redelivered)) {
  }
  // Every event after the checkpoint came again, once, and none before it.
  std::set<uint64_t> after_restart(redelivered.begin(), redelivered.end());
  EXPECT_EQ(after_restart.size(), redelivered.size());
  EXPECT_EQ(after_restart.size(), kEvents - resumed_after);
  for (uint64_t position : after_restart) EXPECT_GT(position, resumed_after);
}

TEST_F(SubscriptionGroupsTest, HeartbeatsCarryTheCheckpointWhileTheFilterSkipsEverything) {
  constexpr uint64_t kEvents = 3000;
  Start();
  v1::LogFilter khm;
  khm.add_actor_codes("KHM");
  Create("idle", khm);
  TestGroupConsumer consumer(channel_, "idle");
  Record(1, kEvents, /*only_fra_deu=*/true);
  v1::ConsumeGroupResponse message;
  uint64_t checkpoint = 0;
  int heartbeats = 0;
  while (checkpoint < kEvents && consumer.Next(message)) {
    EXPECT_FALSE(message.has_deliveries());
    if (message.has_heartbeat()) {
      ++heartbeats;
      checkpoint = message.heartbeat().checkpoint();
      EXPECT_LE(checkpoint, message.heartbeat().head_position());
    }
  }
  EXPECT_EQ(checkpoint, kEvents);
  EXPECT_GE(heartbeats, 1);
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (Describe("idle").state().lag() != 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(Describe("idle").state().lag(), 0u);
  EXPECT_TRUE(consumer.Finish().ok());
}

TEST_F(SubscriptionGroupsTest, AnEventParkedAsItsLastConsumerLeavesIsPassedByTheCheckpoint) {
  Start();
  Record(1, 1);
  Create("poison", {}, /*max_attempts=*/1);
  {
    TestGroupConsumer consumer(channel_, "poison");
    v1::ConsumeGroupResponse message;
    while (!message.has_deliveries() && consumer.Next(message)) {
    }
    ASSERT_TRUE(message.has_deliveries());
    EXPECT_TRUE(consumer.Finish().ok());  // Leaves without acknowledging it.
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Describe("poison").state().parked_count() == 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const v1::GroupState state = Describe("poison").state();
  EXPECT_EQ(state.parked_count(), 1u);
  EXPECT_EQ(state.checkpoint(), 1u);
  // The next consumer is not handed it again.
  TestGroupConsumer next(channel_, "poison");
  v1::ConsumeGroupResponse message;
  ASSERT_TRUE(next.Next(message));
  EXPECT_EQ(message.joined().checkpoint(), 1u);
  ASSERT_TRUE(next.Next(message));
  EXPECT_TRUE(message.has_heartbeat()) << message.DebugString();
  EXPECT_TRUE(next.Finish().ok());
}

}  // namespace
}  // namespace chancery::testing
