// WatchRelationships against a real chanceryd: catch-up then live changes
// with before and after states, filters, and a resume across a restart
// with no gap and no duplicate.

#include "tests/integration/server_fixture.h"
#include "tests/integration/stream_reader.h"

namespace chancery::testing {
namespace {

using WatchRelationshipsTest = ServerTest;
using WatchReader = StreamReader<v1::WatchRelationshipsResponse>;

std::unique_ptr<WatchReader> Watch(v1::RelationsService::Stub& stub,
                                   const v1::WatchRelationshipsRequest& request) {
  return std::make_unique<WatchReader>([&stub, request](grpc::ClientContext* context) {
    return stub.WatchRelationships(context, request);
  });
}

std::vector<uint64_t> ChangePositions(const std::vector<v1::WatchRelationshipsResponse>& messages) {
  std::vector<uint64_t> positions;
  for (const auto& message : messages) {
    if (message.has_change()) positions.push_back(message.change().position());
  }
  return positions;
}

bool HasChanges(const std::vector<v1::WatchRelationshipsResponse>& messages, size_t count) {
  return ChangePositions(messages).size() >= count;
}

TEST_F(WatchRelationshipsTest, CatchesUpThenDeliversLiveChangesWithBeforeAndAfter) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-01-10"),
                      TestEvent(TestUuid(2), "KHM", "KHM", "173", "2019-01-10")})
                  .ok());
  auto watch = Watch(*relations_, v1::WatchRelationshipsRequest());
  ASSERT_TRUE(watch->WaitFor([](const auto& messages) {
    for (const auto& message : messages) {
      if (message.has_caught_up()) return true;
    }
    return false;
  }));
  ASSERT_TRUE(Record({TestEvent(TestUuid(3), "USA", "KHM", "163", "2019-01-12")}).ok());
  ASSERT_TRUE(watch->WaitFor([](const auto& messages) { return HasChanges(messages, 2); }));

  const std::vector<v1::WatchRelationshipsResponse> messages = watch->messages();
  // The domestic event (position 2) changes no relationship.
  EXPECT_EQ(ChangePositions(messages), (std::vector<uint64_t>{1, 3}));
  const v1::RelationshipChange& first = messages[0].change();
  EXPECT_EQ(first.before().status(), v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_EQ(first.after().status(), v1::RELATIONSHIP_STATUS_UNKNOWN);
  EXPECT_EQ(first.cause().event().event_id(), TestUuid(1));
  EXPECT_TRUE(messages[1].has_caught_up());
  EXPECT_EQ(messages[1].caught_up().position(), 2u);
  const v1::RelationshipChange& sanction = messages[2].change();
  EXPECT_EQ(sanction.before().measures_size(), 0);
  EXPECT_EQ(sanction.after().measures_size(), 1);
  EXPECT_EQ(sanction.after().known_at_position(), 3u);
  EXPECT_EQ(sanction.before().known_at_position(), 2u);
}

TEST_F(WatchRelationshipsTest, FiltersByActorDyadAndStructuralChange) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-01-10"),
                      TestEvent(TestUuid(2), "CHN", "KHM", "071", "2019-01-10"),
                      TestEvent(TestUuid(3), "USA", "KHM", "042", "2019-01-11"),
                      TestEvent(TestUuid(4), "USA", "KHM", "163", "2019-01-12")})
                  .ok());
  v1::WatchRelationshipsRequest by_actor;
  by_actor.add_actor_codes("CHN");
  auto chinese = Watch(*relations_, by_actor);
  v1::WatchRelationshipsRequest structural;
  structural.add_dyads("USA-KHM");
  structural.set_structural_only(true);
  auto formal = Watch(*relations_, structural);
  auto caught_up = [](const auto& messages) {
    return !messages.empty() && messages.back().has_caught_up();
  };
  ASSERT_TRUE(chinese->WaitFor(caught_up));
  ASSERT_TRUE(formal->WaitFor(caught_up));
  EXPECT_EQ(ChangePositions(chinese->messages()), std::vector<uint64_t>{2});
  // The first event (NONE -> NORMAL) and the sanction; the second visit
  // only moves the score.
  EXPECT_EQ(ChangePositions(formal->messages()), (std::vector<uint64_t>{1, 4}));
}

TEST_F(WatchRelationshipsTest, ResumesAfterARestartWithNoGapAndNoDuplicate) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-01-10")}).ok());
  uint64_t last = 0;
  {
    auto watch = Watch(*relations_, v1::WatchRelationshipsRequest());
    ASSERT_TRUE(watch->WaitFor([](const auto& messages) { return HasChanges(messages, 1); }));
    ASSERT_TRUE(Record({TestEvent(TestUuid(2), "USA", "KHM", "163", "2019-01-11")}).ok());
    ASSERT_TRUE(watch->WaitFor([](const auto& messages) { return HasChanges(messages, 2); }));
    ASSERT_EQ(server_->Stop(SIGTERM), 0);
    std::optional<grpc::Status> end = watch->WaitForEnd();
    ASSERT_TRUE(end.has_value());
    EXPECT_EQ(end->error_code(), grpc::StatusCode::UNAVAILABLE);
    const v1::SubscriptionEnded ended = Detail<v1::SubscriptionEnded>(*end);
    last = ended.last_position();
    EXPECT_EQ(last, 2u);
  }
  StartServer();
  ASSERT_TRUE(Record({TestEvent(TestUuid(3), "CHN", "KHM", "071", "2019-01-12")}).ok());
  v1::WatchRelationshipsRequest resume;
  resume.set_after_position(last);
  auto watch = Watch(*relations_, resume);
  ASSERT_TRUE(watch->WaitFor([](const auto& messages) { return HasChanges(messages, 1); }));
  EXPECT_EQ(ChangePositions(watch->messages()), std::vector<uint64_t>{3});
}

TEST_F(WatchRelationshipsTest, RefusesBadFiltersAndPositionsPastTheHead) {
  v1::WatchRelationshipsRequest bad;
  bad.add_actor_codes("XXX");
  bad.add_dyads("KHM");
  auto refused = Watch(*relations_, bad);
  std::optional<grpc::Status> end = refused->WaitForEnd();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(*end), (std::vector<std::string>{"dyads[0]", "actor_codes[0]"}));

  v1::WatchRelationshipsRequest ahead;
  ahead.set_after_position(5);
  auto out_of_range = Watch(*relations_, ahead);
  end = out_of_range->WaitForEnd();
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

}  // namespace
}  // namespace chancery::testing
