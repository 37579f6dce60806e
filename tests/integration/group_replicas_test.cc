// A subscription group on two replicas of one PostgreSQL database: each
// replica's consumers take a share of the group's streams, and a replica
// that leaves or dies has its share taken by the other.

#include <signal.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/group_consumer.h"
#include "tests/integration/test_events.h"

namespace chancery::testing {
namespace {

// A replica sees another join or leave at its next renewal, within 3 s;
// a dead one's lease lapses after 10 s. Waiting two renewals leaves room for
// a machine busy with other tests.
constexpr absl::Duration kRenewal = absl::Seconds(7);
constexpr absl::Duration kPatience = absl::Seconds(40);

constexpr const char* kCountries[] = {"USA", "KHM", "CHN", "FRA", "DEU", "JPN", "KOR"};

// A consumer on a thread of its own that acknowledges everything, until it
// leaves or its server dies.
class AckingConsumer {
 public:
  AckingConsumer(const std::shared_ptr<grpc::Channel>& channel, const std::string& group)
      : consumer_(channel, group), thread_([this] { Run(); }) {}
  ~AckingConsumer() { Leave(); }

  // Leave ends the stream (at the next message: a heartbeat comes each second).
  void Leave() {
    leaving_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // Received: each position delivered, with its stream.
  std::map<uint64_t, std::string> Received() const ABSL_LOCKS_EXCLUDED(mutex_) {
    absl::MutexLock lock(&mutex_);
    return received_;
  }
  // Whether some position came more than once.
  bool Repeated() const ABSL_LOCKS_EXCLUDED(mutex_) {
    absl::MutexLock lock(&mutex_);
    return repeated_;
  }

 private:
  void Run() {
    v1::ConsumeGroupResponse message;
    while (!leaving_ && consumer_.Next(message)) {
      if (!message.has_deliveries()) continue;
      std::vector<uint64_t> positions;
      {
        absl::MutexLock lock(&mutex_);
        for (const v1::GroupDelivery& delivery : message.deliveries().deliveries()) {
          repeated_ |= !received_.emplace(delivery.position(), delivery.record().stream()).second;
          positions.push_back(delivery.position());
        }
      }
      consumer_.Ack(positions);
    }
    (void)consumer_.Finish();
  }

  TestGroupConsumer consumer_;
  std::atomic<bool> leaving_{false};
  mutable absl::Mutex mutex_;
  std::map<uint64_t, std::string> received_ ABSL_GUARDED_BY(mutex_);
  bool repeated_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

class GroupReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = ChancerydProcess::StartOnStore(CHANCERYD_PATH, database_.uri(), dir_.File("a"));
    b_ = ChancerydProcess::StartOnStore(CHANCERYD_PATH, database_.uri(), dir_.File("b"));
    ASSERT_NE(a_, nullptr);
    ASSERT_NE(b_, nullptr);
    grpc::ClientContext context;
    v1::CreateGroupRequest request;
    request.mutable_group()->set_name("shared");
    request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
    request.set_start_after_position(0);
    v1::CreateGroupResponse response;
    ASSERT_TRUE(v1::SubscriptionGroupService::NewStub(b_->NewChannel())
                    ->CreateGroup(&context, request, &response)
                    .ok());
  }

  // Record events `first`..`last` on replica A, round 21 dyads.
  void Record(int first, int last) {
    auto relations = v1::RelationsService::NewStub(a_->NewChannel());
    v1::RecordEventsRequest request;
    for (int n = first; n <= last; ++n) {
      const int source = n % 7;
      const int target = (source + 1 + (n / 7) % 6) % 7;
      *request.add_events() = TestEvent(TestUuid(n), kCountries[source], kCountries[target]);
    }
    grpc::ClientContext context;
    v1::RecordEventsResponse response;
    ASSERT_TRUE(relations->RecordEvents(&context, request, &response).ok());
  }

  // WaitUntilReceived waits until `consumers` have received every position
  // from `first` to `last` between them.
  static bool WaitUntilReceived(const std::vector<const AckingConsumer*>& consumers,
                                uint64_t first, uint64_t last) {
    const absl::Time deadline = absl::Now() + kPatience;
    while (absl::Now() < deadline) {
      std::map<uint64_t, std::string> all;
      for (const AckingConsumer* consumer : consumers) all.merge(consumer->Received());
      uint64_t missing = 0;
      for (uint64_t position = first; position <= last; ++position) missing += all.count(position) == 0;
      if (missing == 0) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  TestDatabase database_;
  TempDir dir_;
  std::unique_ptr<ChancerydProcess> a_;
  std::unique_ptr<ChancerydProcess> b_;
};

TEST_F(GroupReplicasTest, ConsumersOnTwoReplicasShareTheStreamsAndOneTakesTheShareTheOtherLeaves) {
  AckingConsumer on_a(a_->NewChannel(), "shared");
  AckingConsumer on_b(b_->NewChannel(), "shared");
  absl::SleepFor(kRenewal);  // Both replicas now know both members.

  Record(1, 210);
  ASSERT_TRUE(WaitUntilReceived({&on_a, &on_b}, 1, 210));
  const std::map<uint64_t, std::string> by_a = on_a.Received();
  const std::map<uint64_t, std::string> by_b = on_b.Received();
  EXPECT_FALSE(by_a.empty());
  EXPECT_FALSE(by_b.empty());
  EXPECT_FALSE(on_a.Repeated());
  EXPECT_FALSE(on_b.Repeated());
  // Each stream was one replica's: no position and no stream went to both.
  std::set<std::string> streams_of_a;
  for (const auto& [position, stream] : by_a) streams_of_a.insert(stream);
  for (const auto& [position, stream] : by_b) {
    EXPECT_EQ(by_a.count(position), 0u) << position;
    EXPECT_EQ(streams_of_a.count(stream), 0u) << stream;
  }

  // B's consumer leaves: B leaves the group at once, and A takes every stream.
  on_b.Leave();
  Record(211, 300);
  EXPECT_TRUE(WaitUntilReceived({&on_a}, 211, 300));
}

TEST_F(GroupReplicasTest, AKilledReplicasShareGoesToTheOtherOnceItsLeaseLapses) {
  AckingConsumer on_a(a_->NewChannel(), "shared");
  auto on_b = std::make_unique<AckingConsumer>(b_->NewChannel(), "shared");
  absl::SleepFor(kRenewal);
  Record(1, 100);
  ASSERT_TRUE(WaitUntilReceived({&on_a, on_b.get()}, 1, 100));

  EXPECT_EQ(b_->Stop(SIGKILL), 128 + SIGKILL);
  on_b.reset();
  Record(101, 200);
  // Nothing skipped: A delivers B's share too (and perhaps some of B's last
  // acknowledged events again).
  EXPECT_TRUE(WaitUntilReceived({&on_a}, 101, 200));
}

}  // namespace
}  // namespace chancery::testing
