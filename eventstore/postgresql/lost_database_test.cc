// A store whose PostgreSQL server stops, for several seconds, and starts
// again: appends and reads are UNAVAILABLE meanwhile, the store says it
// cannot commit (which chanceryd's health reports as NOT_SERVING), and it
// recovers by itself, with nothing lost or duplicated.

#include <string>

#include "eventstore/open_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/private_postgres.h"
#include "eventstore/testing/writability_recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::PrivatePostgres;
using ::chancery::testing::WritabilityRecorder;

TEST(LostDatabaseTest, UnavailableWhileTheServerIsDownThenBackByItself) {
  auto server = PrivatePostgres::Launch();  // Its own, since the test stops it.
  ASSERT_TRUE(server.ok()) << server.status();
  auto store = OpenEventStore((*server)->uri(), Durability::kFull);
  ASSERT_TRUE(store.ok()) << store.status();
  WritabilityRecorder writability;
  (*store)->SetWritabilityListener(writability.Listener());
  ASSERT_TRUE((*store)->Append(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a")})).ok());

  ASSERT_TRUE((*server)->Stop().ok());
  // An idle store learns it first from its follower's connection.
  EXPECT_TRUE(writability.WaitFor(false));
  absl::StatusOr<AppendResult> refused =
      (*store)->Append(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("b")}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_EQ((*store)->ReadLog({}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ((*store)->HeadPosition().status().code(), absl::StatusCode::kUnavailable);
  absl::SleepFor(absl::Seconds(3));

  ASSERT_TRUE((*server)->Start().ok());
  EXPECT_TRUE(writability.WaitFor(true));
  absl::StatusOr<AppendResult> retried =
      (*store)->Append(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("b")}));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->events[0].position, 2u);
  absl::StatusOr<std::vector<RecordedEvent>> log = (*store)->ReadLog({});
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].data.event_id, "b");
  EXPECT_TRUE((*store)->VerifyChain()->ok());
}

}  // namespace
}  // namespace chancery::eventstore
