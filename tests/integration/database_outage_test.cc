// PostgreSQL stops for several seconds while two replicas take writes and
// reads, with a subscriber on each, then starts again. Meanwhile both
// replicas report NOT_SERVING and every failed call is UNAVAILABLE or
// DEADLINE_EXCEEDED, never another error or a wrong answer. Afterwards
// writing resumes by itself; nothing acknowledged is lost, a retry of what
// got no answer records it once, and each subscriber has had every
// position once, in order.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "chancery/client.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/private_postgres.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "health/v1/health.grpc.pb.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/replica_checks.h"
#include "tests/integration/test_events.h"
#include "tests/support/whole_log.h"

namespace chancery::testing {
namespace {

using ::grpc::health::v1::HealthCheckResponse;

HealthCheckResponse::ServingStatus Health(const ChancerydProcess& replica) {
  auto health = grpc::health::v1::Health::NewStub(replica.NewChannel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  HealthCheckResponse response;
  if (!health->Check(&context, {}, &response).ok()) return HealthCheckResponse::UNKNOWN;
  return response.status();
}

// WaitForHealth asks every 100 ms, for at most 30 s, until `replica` reports `status`.
bool WaitForHealth(const ChancerydProcess& replica, HealthCheckResponse::ServingStatus status) {
  for (int i = 0; i < 300; ++i) {
    if (Health(replica) == status) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

// What an outage may answer instead of OK: the database is away.
bool IsOutage(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

// The positions of the records a resuming subscription delivers.
class PositionCollector {
 public:
  explicit PositionCollector(const ChancerydProcess& replica) : client_(replica.address()) {
    SubscribeOptions options;
    options.max_backoff = absl::Milliseconds(500);
    auto subscription = client_.SubscribeLog(
        {},
        [this](const v1::SubscribeLogResponse& message) {
          absl::MutexLock lock(&mutex_);
          for (const v1::LogRecord& record : message.records().records()) {
            positions_.push_back(record.position());
          }
          return Next::kContinue;
        },
        options);
    EXPECT_TRUE(subscription.ok()) << subscription.error();
    if (subscription.ok()) subscription_ = std::move(*subscription);
  }
  ~PositionCollector() {
    if (subscription_ == nullptr) return;
    subscription_->Cancel();
    subscription_->Wait();
  }

  // WaitFor waits (at most 30 s) until `count` records have come, and returns their positions.
  std::vector<uint64_t> WaitFor(size_t count) {
    absl::MutexLock lock(&mutex_);
    auto arrived = [&]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) { return positions_.size() >= count; };
    mutex_.AwaitWithTimeout(absl::Condition(&arrived), absl::Seconds(30));
    return positions_;
  }

 private:
  Client client_;
  absl::Mutex mutex_;
  std::vector<uint64_t> positions_ ABSL_GUARDED_BY(mutex_);
  std::unique_ptr<LogSubscription> subscription_;
};

// The calls made during the test, by outcome.
struct Outcomes {
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::set<std::string> unanswered;  // Maybe recorded, maybe not.
  int acknowledged_after_recovery = 0;
  std::map<grpc::StatusCode, int> wrong_errors;
  int stale_reads = 0;  // A read that missed a write acknowledged before it began.
};

TEST(DatabaseOutageTest, ReplicasUnderLoadRideOutAStoppedDatabase) {
  auto database = PrivatePostgres::Launch();  // Its own, since the test stops it.
  ASSERT_TRUE(database.ok()) << database.status();
  TempDir dir;
  auto a = ChancerydProcess::StartOnStore(CHANCERYD_PATH, (*database)->uri(), dir.File("a"));
  auto b = ChancerydProcess::StartOnStore(CHANCERYD_PATH, (*database)->uri(), dir.File("b"));
  ASSERT_TRUE(a && b);
  auto a_subscriber = std::make_unique<PositionCollector>(*a);
  auto b_subscriber = std::make_unique<PositionCollector>(*b);

  Outcomes outcomes;
  std::atomic<bool> recovered{false};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {  // Two writers on each replica.
    auto stub = v1::RelationsService::NewStub((w % 2 == 0 ? a : b)->NewChannel());
    threads.emplace_back([&, w, stub = std::shared_ptr<v1::RelationsService::Stub>(std::move(stub))] {
      for (int i = 0; !stop; ++i) {
        const std::string id = TestUuid(i, w + 1);
        const grpc::Status status = RecordOne(*stub, id);
        {
          std::lock_guard<std::mutex> lock(outcomes.mutex);
          if (status.ok()) {
            outcomes.acknowledged.insert(id);
            outcomes.acknowledged_after_recovery += recovered ? 1 : 0;
            continue;
          }
          outcomes.unanswered.insert(id);
          if (!IsOutage(status)) ++outcomes.wrong_errors[status.error_code()];
        }
        absl::SleepFor(absl::Milliseconds(50));  // As a client backs off.
      }
    });
  }
  for (const auto* replica : {a.get(), b.get()}) {  // A reader on each replica.
    auto stub = v1::RelationsService::NewStub(replica->NewChannel());
    threads.emplace_back([&, stub = std::shared_ptr<v1::RelationsService::Stub>(std::move(stub))] {
      while (!stop) {
        size_t known;
        {
          std::lock_guard<std::mutex> lock(outcomes.mutex);
          known = outcomes.acknowledged.size();
        }
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::GetRelationshipRequest request;
        request.set_dyad("USA-KHM");
        v1::GetRelationshipResponse response;
        const grpc::Status status = stub->GetRelationship(&context, request, &response);
        std::lock_guard<std::mutex> lock(outcomes.mutex);
        if (!status.ok() && !IsOutage(status)) ++outcomes.wrong_errors[status.error_code()];
        if (status.ok() && static_cast<size_t>(response.relationship().event_count()) < known) {
          ++outcomes.stale_reads;
        }
        if (!status.ok()) absl::SleepFor(absl::Milliseconds(50));
      }
    });
  }

  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_TRUE((*database)->Stop().ok());
  EXPECT_TRUE(WaitForHealth(*a, HealthCheckResponse::NOT_SERVING));
  EXPECT_TRUE(WaitForHealth(*b, HealthCheckResponse::NOT_SERVING));
  absl::SleepFor(absl::Seconds(3));
  EXPECT_TRUE((*database)->Start().ok());
  EXPECT_TRUE(WaitForHealth(*a, HealthCheckResponse::SERVING));
  EXPECT_TRUE(WaitForHealth(*b, HealthCheckResponse::SERVING));
  recovered = true;
  absl::SleepFor(absl::Milliseconds(500));
  stop = true;
  for (std::thread& thread : threads) thread.join();

  EXPECT_THAT(outcomes.wrong_errors, ::testing::IsEmpty());
  EXPECT_EQ(outcomes.stale_reads, 0);
  EXPECT_FALSE(outcomes.unanswered.empty()) << "no call met the outage";
  EXPECT_GT(outcomes.acknowledged_after_recovery, 0) << "writing did not resume by itself";

  // Retry what got no answer: each is recorded once.
  auto b_relations = v1::RelationsService::NewStub(b->NewChannel());
  for (const std::string& id : outcomes.unanswered) {
    grpc::Status status = RecordOne(*b_relations, id);
    ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
  }
  const size_t total = outcomes.acknowledged.size() + outcomes.unanswered.size();
  ExpectGapFreeAndVerified(a->NewChannel(), total);
  std::set<std::string> stored;
  for (const v1::LogRecord& record : ReadWholeLog(*v1::EventLogService::NewStub(a->NewChannel()))) {
    EXPECT_TRUE(stored.insert(record.event().event_id()).second)
        << "twice: " << record.event().event_id();
  }
  for (const std::string& id : outcomes.acknowledged) EXPECT_TRUE(stored.count(id)) << "lost: " << id;

  std::vector<uint64_t> expected(total);
  for (size_t i = 0; i < total; ++i) expected[i] = i + 1;
  EXPECT_EQ(a_subscriber->WaitFor(total), expected);
  EXPECT_EQ(b_subscriber->WaitFor(total), expected);
}

}  // namespace
}  // namespace chancery::testing
