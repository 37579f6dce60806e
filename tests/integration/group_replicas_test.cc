// A subscription group on two replicas of one PostgreSQL database: one
// replica serves its consumers at a time.

#include <signal.h>

#include "absl/time/clock.h"
#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/group_consumer.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

TEST(GroupReplicasTest, AGroupIsServedByOneReplicaAtATime) {
  TestDatabase database;
  TempDir dir;
  auto a = ChancerydProcess::StartOnStore(CHANCERYD_PATH, database.uri(), dir.File("a"));
  auto b = ChancerydProcess::StartOnStore(CHANCERYD_PATH, database.uri(), dir.File("b"));
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  {
    grpc::ClientContext context;
    v1::CreateGroupRequest request;
    request.mutable_group()->set_name("shared");
    request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
    v1::CreateGroupResponse response;
    ASSERT_TRUE(v1::SubscriptionGroupService::NewStub(b->NewChannel())
                    ->CreateGroup(&context, request, &response)
                    .ok());
  }
  auto on_a = std::make_unique<TestGroupConsumer>(a->NewChannel(), "shared");
  v1::ConsumeGroupResponse message;
  ASSERT_TRUE(on_a->Next(message));
  ASSERT_TRUE(message.has_joined());

  TestGroupConsumer refused(b->NewChannel(), "shared");
  EXPECT_FALSE(refused.Next(message));
  grpc::Status status = refused.Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("served by another replica"));
  EXPECT_THAT(status.error_message(), HasSubstr(std::to_string(a->pid())));

  // A keeps the group a while after its consumer leaves (kGroupLinger), and
  // lets it go when it shuts down: B may serve it then.
  EXPECT_TRUE(on_a->Finish().ok());
  on_a.reset();
  EXPECT_EQ(a->Stop(SIGTERM), 0);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  bool joined = false;
  while (!joined && absl::Now() < deadline) {
    TestGroupConsumer on_b(b->NewChannel(), "shared");
    joined = on_b.Next(message) && message.has_joined();
    if (!joined) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(joined);
}

}  // namespace
}  // namespace chancery::testing
