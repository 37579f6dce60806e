// chancery::GroupConsumer and the SubscriptionGroupService calls against a
// real chanceryd: consumers share a group stream by stream, each stream's
// events one at a time (the next once the one before is acknowledged), what a
// consumer leaves or loses unacknowledged goes to another with nothing
// skipped, and refusals, heartbeats, restarts and errors reach the caller.

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "chancery/client.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "services/chanceryd/testing/read_file.h"
#include "services/chanceryd/testing/subprocess.h"
#include "tests/integration/test_events.h"

namespace chancery {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;
using testing::TestEvent;
using testing::TestUuid;

// Sixteen streams: USA and each of these.
const std::vector<std::string> kPartners = {"KHM", "CHN", "FRA", "DEU", "GBR", "JPN",
                                            "RUS", "IND", "BRA", "THA", "VNM", "LAO",
                                            "AUS", "CAN", "MEX", "ITA"};

// A stream's two actor codes.
using Dyad = std::pair<std::string, std::string>;

// Dyads returns `count` different dyads (so streams) of USA and kPartners:
// USA with each partner first, then the partners with each other.
std::vector<Dyad> Dyads(size_t count) {
  std::vector<std::string> actors = {"USA"};
  actors.insert(actors.end(), kPartners.begin(), kPartners.end());
  std::vector<Dyad> dyads;
  for (size_t i = 0; i < actors.size(); ++i) {
    for (size_t j = i + 1; j < actors.size() && dyads.size() < count; ++j) {
      dyads.emplace_back(actors[i], actors[j]);
    }
  }
  return dyads;
}

// Positions returns first, first + 1, ..., last.
std::vector<uint64_t> Positions(uint64_t first, uint64_t last) {
  std::vector<uint64_t> positions(last - first + 1);
  std::iota(positions.begin(), positions.end(), first);
  return positions;
}

// ExpectEachStreamInOrder checks that each stream's deliveries came in
// position order, each delivered once.
void ExpectEachStreamInOrder(const std::vector<v1::GroupDelivery>& deliveries) {
  std::map<std::string, uint64_t> last;
  for (const v1::GroupDelivery& delivery : deliveries) {
    const std::string& stream = delivery.record().stream();
    EXPECT_GT(delivery.position(), last[stream]) << stream;
    last[stream] = delivery.position();
  }
}

// Patient: a call that waits for a (re)starting server, up to 30 s.
CallOptions Patient() {
  CallOptions options;
  options.timeout = absl::Seconds(30);
  options.wait_for_ready = true;
  return options;
}

// What a consumer was delivered; it acknowledges each delivery unless told
// to hold them.
class Deliveries {
 public:
  explicit Deliveries(bool acknowledge = true) : acknowledge_(acknowledge) {}

  OnDelivery Handler() {
    return [this](const v1::GroupDelivery& delivery, GroupConsumer& consumer) {
      {
        absl::MutexLock lock(&mu_);
        received_.push_back(delivery);
      }
      if (acknowledge_) {
        EXPECT_TRUE(consumer.Ack({delivery.position()}).ok());
      }
      return Next::kContinue;
    };
  }
  std::vector<v1::GroupDelivery> received() {
    absl::MutexLock lock(&mu_);
    return received_;
  }
  std::vector<uint64_t> positions() {
    std::vector<uint64_t> positions;
    for (const v1::GroupDelivery& delivery : received()) positions.push_back(delivery.position());
    return positions;
  }
  // WaitFor waits up to 30 s until `count` deliveries came.
  bool WaitFor(size_t count) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return received_.size() >= count; };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(30));
  }

 private:
  const bool acknowledge_;
  absl::Mutex mu_;
  std::vector<v1::GroupDelivery> received_ ABSL_GUARDED_BY(mu_);
};

class GroupConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(0); }

  void StartServer(int port) {
    server_ = testing::ChancerydProcess::Start(CHANCERYD_PATH, db_path_, {}, port);
    ASSERT_NE(server_, nullptr) << "chanceryd did not start";
    client_ = std::make_unique<Client>(server_->address());
  }

  // CreateGroup creates a log group of every record from now on.
  void CreateGroup(const std::string& name) {
    v1::CreateGroupRequest request;
    request.mutable_group()->set_name(name);
    request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
    Result<v1::CreateGroupResponse> created = client_->CreateGroup(request, Patient());
    ASSERT_TRUE(created.ok()) << created.error();
  }

  // Record records `per_stream` events between USA and each of `partners`,
  // stream after stream, and returns the stream of each position.
  std::map<uint64_t, std::string> Record(const std::vector<std::string>& partners,
                                         int per_stream) {
    std::vector<Dyad> dyads;
    for (const std::string& partner : partners) dyads.emplace_back("USA", partner);
    return RecordBetween(dyads, per_stream);
  }

  // RecordBetween records `per_stream` events in each of `dyads`, in rounds
  // of one event per dyad, and returns the stream of each position.
  std::map<uint64_t, std::string> RecordBetween(const std::vector<Dyad>& dyads, int per_stream) {
    v1::RecordEventsRequest request;
    for (int i = 0; i < per_stream; ++i) {
      for (const auto& [source, target] : dyads) {
        *request.add_events() = TestEvent(TestUuid(++recorded_), source, target);
      }
    }
    std::map<uint64_t, std::string> streams;
    Result<v1::RecordEventsResponse> response = client_->RecordEvents(request, Patient());
    EXPECT_TRUE(response.ok()) << response.error();
    if (!response.ok()) return streams;
    for (const v1::RecordResult& result : response->results()) {
      streams[result.position()] = result.stream();
    }
    return streams;
  }

  Result<std::unique_ptr<GroupConsumer>> Join(const std::string& group, Deliveries& deliveries,
                                              ConsumeOptions options = {}) {
    v1::JoinGroup join;
    join.set_group(group);
    return client_->ConsumeGroup(join, deliveries.Handler(), std::move(options));
  }

  bool WaitForConsumers(const std::string& group, uint32_t count) {
    return WaitForState(group, [count](const v1::GroupState& s) {
      return s.consumer_count() == count;
    });
  }
  bool WaitForCheckpoint(const std::string& group, uint64_t position) {
    return WaitForState(group, [position](const v1::GroupState& s) {
      return s.checkpoint() == position;
    });
  }

  // WaitForState waits up to 30 s until the group's state passes `check`.
  bool WaitForState(const std::string& group,
                    const std::function<bool(const v1::GroupState&)>& check) {
    v1::GetGroupRequest request;
    request.set_name(group);
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline) {
      Result<v1::GetGroupResponse> got = client_->GetGroup(request, Patient());
      if (got.ok() && check(got->state())) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  chancery::testing::TempDir dir_;
  std::string db_path_ = dir_.File("chancery.db");
  std::unique_ptr<testing::ChancerydProcess> server_;
  std::unique_ptr<Client> client_;
  int recorded_ = 0;
};

TEST_F(GroupConsumerTest, EveryGroupCall) {
  Record({"KHM"}, 2);
  v1::CreateGroupRequest create;
  create.mutable_group()->set_name("all");
  create.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
  create.set_start_after_position(0);
  Result<v1::CreateGroupResponse> created = client_->CreateGroup(create, Patient());
  ASSERT_TRUE(created.ok()) << created.error();
  EXPECT_TRUE(created->created());

  v1::GetGroupRequest get;
  get.set_name("all");
  Result<v1::GetGroupResponse> got = client_->GetGroup(get, Patient());
  ASSERT_TRUE(got.ok()) << got.error();
  EXPECT_EQ(got->state().lag(), 2u);

  Result<v1::ListGroupsResponse> list = client_->ListGroups({}, Patient());
  ASSERT_TRUE(list.ok()) << list.error();
  ASSERT_EQ(list->groups_size(), 1);
  EXPECT_EQ(list->groups(0).group().name(), "all");

  v1::ResetGroupRequest reset;
  reset.set_name("all");
  reset.set_after_position(2);
  Result<v1::ResetGroupResponse> moved = client_->ResetGroup(reset, Patient());
  ASSERT_TRUE(moved.ok()) << moved.error();
  EXPECT_EQ(moved->group().checkpoint(), 2u);

  v1::ListParkedEventsRequest parked;
  parked.set_name("all");
  Result<v1::ListParkedEventsResponse> none = client_->ListParkedEvents(parked, Patient());
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_THAT(none->events(), IsEmpty());

  v1::ReplayParkedEventsRequest replay;
  replay.set_name("all");
  Result<v1::ReplayParkedEventsResponse> replayed = client_->ReplayParkedEvents(replay, Patient());
  ASSERT_TRUE(replayed.ok()) << replayed.error();
  EXPECT_EQ(replayed->replayed_count(), 0u);

  absl::Notification deleted;
  v1::DeleteGroupRequest remove;
  remove.set_name("all");
  client_->DeleteGroupAsync(remove, [&](Result<v1::DeleteGroupResponse> response) {
    EXPECT_TRUE(response.ok()) << response.error();
    deleted.Notify();
  });
  ASSERT_TRUE(deleted.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(client_->GetGroup(get, Patient()).error().code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(GroupConsumerTest, TwoConsumersShareTheStreamsAndGetEveryEventOnce) {
  CreateGroup("shared");
  Deliveries first, second;
  auto a = Join("shared", first);
  auto b = Join("shared", second);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(WaitForConsumers("shared", 2));

  const std::map<uint64_t, std::string> streams = Record(kPartners, 3);
  ASSERT_EQ(streams.size(), 48u);
  ASSERT_TRUE(WaitForCheckpoint("shared", 48));

  std::vector<uint64_t> all = first.positions();
  const std::vector<uint64_t> of_second = second.positions();
  all.insert(all.end(), of_second.begin(), of_second.end());
  std::vector<uint64_t> expected;
  for (const auto& [position, stream] : streams) expected.push_back(position);
  EXPECT_THAT(all, UnorderedElementsAreArray(expected));  // Every event, once.
  EXPECT_FALSE(first.received().empty());
  EXPECT_FALSE(second.received().empty());
  // Each stream's events went to one consumer, in position order.
  std::map<std::string, std::set<int>> consumers_of;
  for (int consumer : {0, 1}) {
    const std::vector<v1::GroupDelivery> received = (consumer == 0 ? first : second).received();
    ExpectEachStreamInOrder(received);
    for (const v1::GroupDelivery& delivery : received) {
      consumers_of[delivery.record().stream()].insert(consumer);
      EXPECT_EQ(delivery.attempt(), 1u) << delivery.position();
    }
  }
  for (const auto& [stream, consumers] : consumers_of) {
    EXPECT_EQ(consumers.size(), 1u) << stream << " went to both consumers";
  }
}

TEST_F(GroupConsumerTest, WhatALeavingConsumerHoldsGoesToAnotherAndItsAcksCount) {
  CreateGroup("handover");
  Deliveries held(/*acknowledge=*/false);
  auto leaving = Join("handover", held);
  ASSERT_TRUE(leaving.ok()) << leaving.error();
  ASSERT_TRUE(WaitForConsumers("handover", 1));
  // Twelve streams, one event each (1 to 12), then a second event in the
  // last seven (13 to 19). A stream's events go one at a time: the first
  // consumer is delivered 1 to 12 and holds them; 13 to 19 wait.
  const std::vector<std::string> streams(kPartners.begin(), kPartners.begin() + 12);
  const std::vector<std::string> with_more(kPartners.begin() + 5, kPartners.begin() + 12);
  ASSERT_EQ(Record(streams, 1).size(), 12u);
  ASSERT_EQ(Record(with_more, 1).size(), 7u);
  ASSERT_TRUE(held.WaitFor(12));
  // A second consumer joins; the held streams' next events still wait.
  Deliveries taken;
  auto next = Join("handover", taken);
  ASSERT_TRUE(next.ok()) << next.error();
  ASSERT_TRUE(WaitForConsumers("handover", 2));
  // Acknowledged just before leaving: the acks go out before the stream closes.
  ASSERT_TRUE((*leaving)->Ack({1, 2, 3, 4, 5}).ok());
  (*leaving)->Cancel();
  EXPECT_TRUE((*leaving)->Wait().ok());
  EXPECT_EQ((*leaving)->Ack({6}).error().code(), grpc::StatusCode::CANCELLED);
  // It was delivered each stream's first event and nothing behind them.
  EXPECT_THAT(held.positions(), UnorderedElementsAreArray(Positions(1, 12)));

  ASSERT_TRUE(WaitForCheckpoint("handover", 19));
  // The other consumer got what the first held, delivered a second time,
  // and then each of those streams' next event, delivered a first time:
  // neither consumer had been delivered it while its stream's event was held.
  const std::vector<v1::GroupDelivery> received = taken.received();
  EXPECT_THAT(taken.positions(), UnorderedElementsAreArray(Positions(6, 19)));
  for (const v1::GroupDelivery& delivery : received) {
    EXPECT_EQ(delivery.attempt(), delivery.position() <= 12 ? 2u : 1u) << delivery.position();
  }
  ExpectEachStreamInOrder(received);
}

TEST_F(GroupConsumerTest, WhatAKilledConsumerHeldGoesToAnother) {
  CreateGroup("killed");
  // `chancery group consume` prints and acknowledges each delivery; stopped,
  // it holds what is delivered after.
  testing::SpawnOptions output;
  output.stdout_path = dir_.File("consume.out");
  output.stderr_path = dir_.File("consume.err");
  const pid_t child = testing::Spawn(CHANCERY_PATH,
                                     {"--server=" + server_->address(), "--json", "group",
                                      "consume", "killed", "--max-in-flight", "1000"},
                                     output);
  ASSERT_GT(child, 0);
  // A test that stops early kills it: stopped, it would stay.
  struct Reaper {
    pid_t pid;
    bool reaped = false;
    ~Reaper() {
      if (reaped) return;
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  } reaper{child};
  ASSERT_TRUE(WaitForConsumers("killed", 1));
  Record(kPartners, 1);
  ASSERT_TRUE(WaitForState("killed", [](const v1::GroupState& s) {
    return s.checkpoint() == 16 && s.in_flight_count() == 0;
  }));
  ASSERT_EQ(kill(child, SIGSTOP), 0);
  // The stop takes effect a moment later (milliseconds on a busy machine):
  // wait for it, or it may yet take and acknowledge what is recorded next.
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, WUNTRACED), child);
  ASSERT_TRUE(WIFSTOPPED(status)) << status;
  // Two events in each of forty streams: 17 to 56, then 57 to 96. A
  // stream's events go one at a time, so the stopped consumer is delivered
  // the first of each stream and holds forty; the second of each waits.
  ASSERT_EQ(RecordBetween(Dyads(40), 2).size(), 80u);
  ASSERT_TRUE(WaitForState("killed", [](const v1::GroupState& s) {
    return s.in_flight_count() == 40;
  }));
  // Another consumer joins; the held streams' next events still wait.
  Deliveries taken;
  auto next = Join("killed", taken);
  ASSERT_TRUE(next.ok()) << next.error();
  ASSERT_TRUE(WaitForConsumers("killed", 2));
  ASSERT_EQ(kill(child, SIGKILL), 0);
  reaper.reaped = true;
  ASSERT_EQ(testing::WaitWithDeadline(child, absl::Seconds(30)), 128 + SIGKILL);

  std::vector<uint64_t> printed;
  for (absl::string_view line :
       absl::StrSplit(testing::ReadFile(dir_.File("consume.out")), '\n', absl::SkipEmpty())) {
    v1::GroupDelivery delivery;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &delivery).ok());
    printed.push_back(delivery.position());
  }
  EXPECT_THAT(printed, UnorderedElementsAreArray(Positions(1, 16)));

  // Nothing skipped: the other consumer got the forty the killed one held,
  // delivered a second time, then each stream's second event, delivered a
  // first time (so never to the killed one), each stream in order.
  ASSERT_TRUE(WaitForCheckpoint("killed", 96));
  const std::vector<v1::GroupDelivery> received = taken.received();
  EXPECT_THAT(taken.positions(), UnorderedElementsAreArray(Positions(17, 96)));
  for (const v1::GroupDelivery& delivery : received) {
    EXPECT_EQ(delivery.attempt(), delivery.position() <= 56 ? 2u : 1u) << delivery.position();
  }
  ExpectEachStreamInOrder(received);
}

TEST_F(GroupConsumerTest, RefusalsHeartbeatsAndJoinsAreReported) {
  CreateGroup("noted");
  std::vector<uint64_t> refused;
  std::vector<std::string> names;
  absl::Mutex mu;
  ConsumeOptions options;
  options.on_refused = [&](const v1::RefusedAcknowledgements& message) {
    absl::MutexLock lock(&mu);
    refused.insert(refused.end(), message.positions().begin(), message.positions().end());
  };
  options.on_joined = [&](const v1::GroupJoined& joined) {
    absl::MutexLock lock(&mu);
    names.push_back(joined.consumer_name());
  };
  v1::JoinGroup join;
  join.set_group("noted");
  join.set_consumer_name("noter");
  Deliveries deliveries;
  auto consumer = client_->ConsumeGroup(join, deliveries.Handler(), options);
  ASSERT_TRUE(consumer.ok()) << consumer.error();
  ASSERT_TRUE(WaitForConsumers("noted", 1));
  ASSERT_TRUE((*consumer)->Ack({999}).ok());
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline && !(*consumer)->last_heartbeat().has_value()) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE((*consumer)->last_heartbeat().has_value());
  {
    absl::MutexLock lock(&mu);
    auto came = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return !refused.empty(); };
    ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&came), absl::Seconds(30)));
    EXPECT_THAT(refused, ElementsAre(999u));
    EXPECT_THAT(names, ElementsAre("noter"));
  }
}

TEST_F(GroupConsumerTest, JoinsAgainAfterARestartAndGetsWhatItHeld) {
  CreateGroup("restart");
  Deliveries held(/*acknowledge=*/false);
  std::atomic<int> rejoins{0};
  ConsumeOptions options;
  options.on_rejoin = [&](const Error&) { ++rejoins; };
  auto consumer = Join("restart", held, options);
  ASSERT_TRUE(consumer.ok()) << consumer.error();
  ASSERT_TRUE(WaitForConsumers("restart", 1));
  // Two streams, two events each: 1 and 3 of KHM-USA, 2 and 4 of CHN-USA.
  // It is delivered 1 and 2 and holds them; 3 and 4 wait behind them.
  Record({"KHM", "CHN"}, 2);
  ASSERT_TRUE(held.WaitFor(2));

  const int port = server_->port();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  StartServer(port);
  // Joined again, it gets what it held, and still nothing behind it.
  ASSERT_TRUE(held.WaitFor(4));
  EXPECT_THAT(held.positions(), ElementsAre(1u, 2u, 1u, 2u));
  EXPECT_GE(rejoins, 1);
  ASSERT_TRUE((*consumer)->Ack({1, 2}).ok());
  ASSERT_TRUE(held.WaitFor(6));
  EXPECT_THAT(held.positions(), ElementsAre(1u, 2u, 1u, 2u, 3u, 4u));
  ASSERT_TRUE((*consumer)->Ack({3, 4}).ok());
  ASSERT_TRUE(WaitForCheckpoint("restart", 4));
}

TEST_F(GroupConsumerTest, ErrorsThatJoiningAgainCannotCureEndIt) {
  Deliveries nothing;
  Result<void> ended;
  ConsumeOptions options;
  options.on_end = [&](const Result<void>& end) { ended = end; };
  auto missing = Join("missing", nothing, options);
  ASSERT_TRUE(missing.ok()) << missing.error();
  Result<void> waited = (*missing)->Wait();
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ended.error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ((*missing)->Ack({1}).error().code(), grpc::StatusCode::CANCELLED);

  CreateGroup("doomed");
  auto doomed = Join("doomed", nothing);
  ASSERT_TRUE(doomed.ok()) << doomed.error();
  ASSERT_TRUE(WaitForConsumers("doomed", 1));
  v1::DeleteGroupRequest remove;
  remove.set_name("doomed");
  ASSERT_TRUE(client_->DeleteGroup(remove, Patient()).ok());
  EXPECT_EQ((*doomed)->Wait().error().code(), grpc::StatusCode::NOT_FOUND);

  ConsumeOptions bad;
  bad.min_backoff = absl::ZeroDuration();
  EXPECT_EQ(Join("doomed", nothing, bad).error().code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace chancery
