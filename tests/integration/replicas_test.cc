// Two real chanceryd replicas on one PostgreSQL database: a subscriber on
// one receives every write made on the other, once and in order; a replica
// killed with SIGKILL amid concurrent writes on both loses nothing that was
// acknowledged, and a retry of what was not records it once.

#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "chancery/client.h"
#include "chancery/servers.h"
#include "chancery/v1/audit_service.grpc.pb.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
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

grpc::Status RecordOne(v1::RelationsService::Stub& stub, const std::string& id) {
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(id);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::RecordEventsResponse response;
  return stub.RecordEvents(&context, request, &response);
}

void ExpectGapFreeAndVerified(const std::shared_ptr<grpc::Channel>& channel, size_t count) {
  auto event_log = v1::EventLogService::NewStub(channel);
  std::vector<v1::LogRecord> log = ReadWholeLog(*event_log);
  ASSERT_EQ(log.size(), count);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].position(), i + 1);
  auto audit = v1::AuditService::NewStub(channel);
  grpc::ClientContext context;
  v1::VerifyLogResponse verified;
  ASSERT_TRUE(audit->VerifyLog(&context, {}, &verified).ok());
  EXPECT_EQ(verified.verified_count(), count);
  EXPECT_EQ(verified.first_bad_position(), 0u);
}

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
