// Two real chanceryd replicas on one PostgreSQL database: a subscriber on
// one receives every write made on the other, once and in order; a read on
// one sees what the other has just acknowledged; a replica
// killed with SIGKILL amid concurrent writes on both loses nothing that was
// acknowledged, and a retry of what was not records it once. A backup is
// refused, since PostgreSQL's own pg_dump makes it.

#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "chancery/client.h"
#include "chancery/servers.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/replica_checks.h"
#include "tests/integration/subscription_reader.h"
#include "tests/integration/test_events.h"
#include "tests/support/whole_log.h"

namespace chancery::testing {
namespace {

class ReplicaProcessesTest : public ::testing::Test {
 protected:
  std::unique_ptr<ChancerydProcess> StartReplica(const std::string& name) {
    auto replica = ChancerydProcess::StartOnStore(CHANCERYD_PATH, database_.uri(), dir_.File(name));
    EXPECT_NE(replica, nullptr) << name << " did not start";
    return replica;
  }

  TempDir dir_;
  TestDatabase database_;
};

TEST_F(ReplicaProcessesTest, ASubscriberOnOneReplicaReceivesEveryWriteMadeOnTheOtherOnceInOrder) {
  auto a = StartReplica("a");
  auto b = StartReplica("b");
  ASSERT_TRUE(a && b);
  auto a_log = v1::EventLogService::NewStub(a->NewChannel());
  SubscriptionReader subscription(a_log.get(), v1::SubscribeLogRequest());
  auto b_relations = v1::RelationsService::NewStub(b->NewChannel());
  constexpr int kEvents = 100;
  for (int i = 0; i < kEvents; ++i) {
    grpc::Status status = RecordOne(*b_relations, TestUuid(i));
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_TRUE(subscription.WaitForRecords(kEvents));
  std::vector<uint64_t> positions = subscription.record_positions();
  ASSERT_EQ(positions.size(), static_cast<size_t>(kEvents));
  for (int i = 0; i < kEvents; ++i) EXPECT_EQ(positions[i], static_cast<uint64_t>(i + 1));
}

// Read-your-writes across replicas: every read on B that starts after A
// acknowledged a write reflects it, with no sleep and no retry, because a
// read first brings B's projections up to the database's head.
TEST_F(ReplicaProcessesTest, AReadOnOneReplicaSeesWhatTheOtherHasJustAcknowledged) {
  auto a = StartReplica("a");
  auto b = StartReplica("b");
  ASSERT_TRUE(a && b);
  auto a_relations = v1::RelationsService::NewStub(a->NewChannel());
  auto b_relations = v1::RelationsService::NewStub(b->NewChannel());
  auto b_log = v1::EventLogService::NewStub(b->NewChannel());
  for (int i = 0; i < 20; ++i) {
    const std::string id = TestUuid(i, 7);
    v1::RecordEventsResponse recorded;
    ASSERT_TRUE(RecordOne(*a_relations, id, &recorded).ok());
    const uint64_t position = recorded.results(0).position();
    const int64_t count = i + 1;
    {
      grpc::ClientContext context;
      v1::GetRelationshipRequest request;
      request.set_dyad("USA-KHM");
      v1::GetRelationshipResponse response;
      ASSERT_TRUE(b_relations->GetRelationship(&context, request, &response).ok());
      EXPECT_EQ(response.relationship().known_at_position(), position);
      EXPECT_EQ(response.relationship().event_count(), count);
    }
    {  // The position the write's response told names a point B knows.
      grpc::ClientContext context;
      v1::GetRelationshipRequest request;
      request.set_dyad("USA-KHM");
      request.mutable_known_at()->set_position(position);
      v1::GetRelationshipResponse response;
      grpc::Status status = b_relations->GetRelationship(&context, request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(response.relationship().event_count(), count);
    }
    {
      grpc::ClientContext context;
      v1::ListRelationshipsRequest request;
      request.set_actor_code("KHM");
      v1::ListRelationshipsResponse response;
      ASSERT_TRUE(b_relations->ListRelationships(&context, request, &response).ok());
      ASSERT_EQ(response.relationships_size(), 1);
      EXPECT_EQ(response.relationships(0).event_count(), count);
    }
    {
      grpc::ClientContext context;
      v1::GetTimelineRequest request;
      request.set_dyad("KHM-USA");
      v1::GetTimelineResponse response;
      ASSERT_TRUE(b_relations->GetTimeline(&context, request, &response).ok());
      EXPECT_EQ(response.known_at_position(), position);
      EXPECT_EQ(response.entries_size(), count);
    }
    {
      grpc::ClientContext context;
      v1::ReadStreamRequest request;
      request.set_stream("KHM-USA");
      request.set_direction(v1::READ_DIRECTION_BACKWARD);
      request.set_page_size(1);
      v1::ReadStreamResponse response;
      ASSERT_TRUE(b_log->ReadStream(&context, request, &response).ok());
      ASSERT_EQ(response.records_size(), 1);
      EXPECT_EQ(response.records(0).event().event_id(), id);
    }
    {  // A subscription on B from that position starts there, not OUT_OF_RANGE.
      grpc::ClientContext context;
      v1::SubscribeLogRequest request;
      request.set_after_position(position);
      auto stream = b_log->SubscribeLog(&context, request);
      v1::SubscribeLogResponse first;
      ASSERT_TRUE(stream->Read(&first)) << stream->Finish().error_message();
      EXPECT_EQ(first.caught_up().position(), position);
      context.TryCancel();
      stream->Finish();
    }
  }
}

TEST_F(ReplicaProcessesTest, AReplicaKilledAmidConcurrentWritesLosesNothingAcknowledged) {
  auto a = StartReplica("a");
  auto b = StartReplica("b");
  ASSERT_TRUE(a && b);
  constexpr int kWritersPerReplica = 4;
  constexpr int kEventsPerWriter = 150;
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::vector<std::string> unanswered;  // Failed calls: maybe recorded, maybe not.
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerReplica; ++w) {
    auto stub = v1::RelationsService::NewStub((w % 2 == 0 ? a : b)->NewChannel());
    writers.emplace_back([&, w, stub = std::shared_ptr<v1::RelationsService::Stub>(std::move(stub))] {
      for (int i = 0; i < kEventsPerWriter; ++i) {
        const std::string id = TestUuid(i, w + 1);
        const bool ok = RecordOne(*stub, id).ok();
        std::lock_guard<std::mutex> lock(mutex);
        if (ok) {
          acknowledged.insert(id);
        } else {
          unanswered.push_back(id);
        }
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(a->Stop(SIGKILL), 128 + SIGKILL);
  for (std::thread& writer : writers) writer.join();
  EXPECT_FALSE(unanswered.empty()) << "the kill came after every write on the killed replica";

  // Retry on the replica still up what got no answer: each is recorded once.
  auto b_relations = v1::RelationsService::NewStub(b->NewChannel());
  for (const std::string& id : unanswered) {
    grpc::Status status = RecordOne(*b_relations, id);
    ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
  }
  constexpr size_t kTotal = 2 * kWritersPerReplica * kEventsPerWriter;
  EXPECT_EQ(acknowledged.size() + unanswered.size(), kTotal);
  ExpectGapFreeAndVerified(b->NewChannel(), kTotal);
  std::set<std::string> stored;
  for (const v1::LogRecord& record : ReadWholeLog(*v1::EventLogService::NewStub(b->NewChannel()))) {
    EXPECT_TRUE(stored.insert(record.event().event_id()).second) << "twice: " << record.event().event_id();
  }
  for (const std::string& id : acknowledged) EXPECT_TRUE(stored.count(id)) << "lost: " << id;

  // The killed replica comes back to the same log.
  auto again = StartReplica("a-again");
  ASSERT_NE(again, nullptr);
  ExpectGapFreeAndVerified(again->NewChannel(), kTotal);
}

TEST_F(ReplicaProcessesTest, AClientOfBothReplicasKeepsWorkingWhenOneStops) {
  auto a = StartReplica("a");
  auto b = StartReplica("b");
  ASSERT_TRUE(a && b);
  Result<std::string> target = ServersTarget(a->address() + "," + b->address());
  ASSERT_TRUE(target.ok()) << target.error();
  Client client(*target);
  auto record = [&client](int n) {
    v1::RecordEventsRequest request;
    *request.add_events() = TestEvent(TestUuid(n, 99));
    CallOptions options;
    options.timeout = absl::Seconds(10);
    return client.RecordEvents(request, options);
  };
  for (int n = 0; n < 10; ++n) ASSERT_TRUE(record(n).ok()) << record(n).error();
  EXPECT_EQ(a->Stop(SIGTERM), 0);
  // Every call from now on that goes to the stopped replica is tried on the other.
  for (int n = 10; n < 30; ++n) {
    Result<v1::RecordEventsResponse> recorded = record(n);
    ASSERT_TRUE(recorded.ok()) << n << ": " << recorded.error();
  }
  ExpectGapFreeAndVerified(b->NewChannel(), 30);
}

TEST_F(ReplicaProcessesTest, ABackupIsRefusedNamingPgDump) {
  const auto replica = StartReplica("a");
  ASSERT_NE(replica, nullptr);
  CallOptions options;
  options.timeout = absl::Seconds(10);
  const Result<void> backup = Client(replica->address()).BackupDatabase(
      {}, [](const v1::BackupDatabaseResponse&) { return Next::kContinue; }, options);
  ASSERT_FALSE(backup.ok());
  EXPECT_EQ(backup.error().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(backup.error().message(),
              ::testing::AllOf(::testing::HasSubstr("pg_dump"),
                               ::testing::HasSubstr("README, \"Backup and restore\"")));
}

TEST(ServersTargetTest, AListOfAddressesIsOneTargetAndAHostNameInAListIsRefused) {
  EXPECT_EQ(*ServersTarget("chancery.internal:50051"), "chancery.internal:50051");
  EXPECT_EQ(*ServersTarget("10.0.0.5:50051,10.0.0.6:50052"), "ipv4:10.0.0.5:50051,10.0.0.6:50052");
  EXPECT_EQ(*ServersTarget("[::1]:1,[::1]:2"), "ipv6:[::1]:1,[::1]:2");
  for (const char* bad : {"db1:50051,db2:50051", "10.0.0.5:1,[::1]:2", "10.0.0.5,10.0.0.6"}) {
    Result<std::string> target = ServersTarget(bad);
    ASSERT_FALSE(target.ok()) << bad;
    EXPECT_EQ(target.error().code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
  }
}

}  // namespace
}  // namespace chancery::testing
