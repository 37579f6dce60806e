// chancery::Client against a real chanceryd: every RPC, errors with their
// details, deadlines, and subscriptions that resume across a restart.

#include "chancery/client.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/test_events.h"
#include "services/chanceryd/testing/chanceryd_process.h"

namespace chancery {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TestEvent;
using testing::TestUuid;

CallOptions Timeout(absl::Duration timeout = absl::Seconds(30)) {
  CallOptions options;
  options.timeout = timeout;
  return options;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(0); }

  // StartServer (re)starts chanceryd on the fixture's database and `port`.
  void StartServer(int port) {
    server_ = testing::ChancerydProcess::Start(CHANCERYD_PATH, db_path_, {}, port);
    ASSERT_NE(server_, nullptr) << "chanceryd did not start";
  }

  Client NewClient() { return Client(server_->address()); }

  // Record records events USA->KHM with ids `first` to `first + count - 1`.
  void Record(const Client& client, int first, int count) {
    v1::RecordEventsRequest request;
    for (int i = first; i < first + count; ++i) *request.add_events() = TestEvent(TestUuid(i));
    Result<v1::RecordEventsResponse> recorded = client.RecordEvents(request, Timeout());
    ASSERT_TRUE(recorded.ok()) << recorded.error();
  }

  chancery::testing::TempDir dir_;
  std::string db_path_ = dir_.File("chancery.db");
  std::unique_ptr<testing::ChancerydProcess> server_;
};

TEST_F(ClientTest, EveryRelationsCall) {
  const Client client = NewClient();
  Record(client, 1, 2);

  v1::RetractEventRequest retract;
  retract.set_event_id(TestUuid(2));
  retract.set_reason("reported twice");
  Result<v1::RetractEventResponse> retracted = client.RetractEvent(retract, Timeout());
  ASSERT_TRUE(retracted.ok()) << retracted.error();
  EXPECT_EQ(retracted->result().position(), 3u);

  v1::RecordObservationsRequest observe;
  v1::RepresentationObservation& observation = *observe.add_observations();
  observation.set_observation_id(TestUuid(3));
  observation.set_a_code("KHM");
  observation.set_b_code("USA");
  *observation.mutable_observe_date() = testing::Date("2019-06-01");
  observation.set_a_in_b(v1::OBSERVED_REPRESENTATION_AMBASSADOR);
  observation.set_summary("Ambassadors in both capitals.");
  Result<v1::RecordObservationsResponse> observed = client.RecordObservations(observe, Timeout());
  ASSERT_TRUE(observed.ok()) << observed.error();
  EXPECT_EQ(observed->results(0).position(), 4u);

  v1::GetRelationshipRequest get;
  get.set_dyad("USA-KHM");
  Result<v1::GetRelationshipResponse> relationship = client.GetRelationship(get, Timeout());
  ASSERT_TRUE(relationship.ok()) << relationship.error();
  EXPECT_EQ(relationship->relationship().dyad(), "KHM-USA");
  EXPECT_EQ(relationship->relationship().event_count(), 1);

  Result<v1::ListRelationshipsResponse> list = client.ListRelationships({}, Timeout());
  ASSERT_TRUE(list.ok()) << list.error();
  EXPECT_EQ(list->relationships_size(), 1);

  v1::GetTimelineRequest timeline;
  timeline.set_dyad("KHM-USA");
  timeline.set_include_retracted(true);
  Result<v1::GetTimelineResponse> entries = client.GetTimeline(timeline, Timeout());
  ASSERT_TRUE(entries.ok()) << entries.error();
  std::vector<uint64_t> retractions;  // Of the entries that are events.
  for (const auto& entry : entries->entries()) {
    if (entry.record().has_event()) retractions.push_back(entry.retraction_position());
  }
  EXPECT_THAT(retractions, ElementsAre(0u, 3u));

  v1::GetActorProfileRequest profile;
  profile.set_actor_code("KHM");
  Result<v1::GetActorProfileResponse> actor = client.GetActorProfile(profile, Timeout());
  ASSERT_TRUE(actor.ok()) << actor.error();
  EXPECT_EQ(actor->profile().actor_code(), "KHM");
}

TEST_F(ClientTest, EveryLogAndAuditCall) {
  const Client client = NewClient();
  Record(client, 1, 3);

  Result<v1::ReadLogResponse> log = client.ReadLog({}, Timeout());
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ(log->records_size(), 3);
  Result<uint64_t> head = client.HeadPosition(Timeout());
  ASSERT_TRUE(head.ok()) << head.error();
  EXPECT_EQ(*head, 3u);

  v1::ReadStreamRequest stream;
  stream.set_stream("KHM-USA");
  Result<v1::ReadStreamResponse> revisions = client.ReadStream(stream, Timeout());
  ASSERT_TRUE(revisions.ok()) << revisions.error();
  EXPECT_EQ(revisions->last_revision(), 2);

  Result<v1::VerifyLogResponse> verified = client.VerifyLog({}, Timeout());
  ASSERT_TRUE(verified.ok()) << verified.error();
  EXPECT_EQ(verified->verified_count(), 3u);
  EXPECT_EQ(verified->first_bad_position(), 0u);

  v1::ReplayRelationshipRequest replay;
  replay.set_dyad("KHM-USA");
  int replayed = 0;
  Result<void> replay_end = client.ReplayRelationship(
      replay, [&](const v1::ReplayRelationshipResponse&) { return ++replayed, Next::kContinue; },
      Timeout());
  ASSERT_TRUE(replay_end.ok()) << replay_end.error();
  EXPECT_EQ(replayed, 3);

  // A handler that stops after the first record ends the call successfully.
  std::vector<uint64_t> exported;
  Result<void> export_end = client.ExportLog(
      {}, [&](const v1::ExportLogResponse& message) {
        exported.push_back(message.record().position());
        return Next::kStop;
      });
  ASSERT_TRUE(export_end.ok()) << export_end.error();
  EXPECT_THAT(exported, ElementsAre(1u));
}

TEST_F(ClientTest, EveryCheckpointAndProofCall) {
  const Client client = NewClient();
  Record(client, 1, 3);
  // This server has no --signing-key (tests/integration/checkpoint_test.cc
  // and the CLI's tests sign).
  Result<v1::GetCheckpointResponse> checkpoint = client.GetCheckpoint({}, Timeout());
  ASSERT_FALSE(checkpoint.ok());
  EXPECT_EQ(checkpoint.error().code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::GetInclusionProofRequest inclusion;
  inclusion.set_position(2);
  inclusion.set_tree_size(3);
  Result<v1::GetInclusionProofResponse> proof = client.GetInclusionProof(inclusion, Timeout());
  ASSERT_TRUE(proof.ok()) << proof.error();
  EXPECT_EQ(proof->record().position(), 2u);
  EXPECT_EQ(proof->audit_path_size(), 2);

  v1::GetConsistencyProofRequest consistency;
  consistency.set_first_size(1);
  consistency.set_second_size(3);
  Result<v1::GetConsistencyProofResponse> linked =
      client.GetConsistencyProof(consistency, Timeout());
  ASSERT_TRUE(linked.ok()) << linked.error();
  EXPECT_EQ(linked->proof_size(), 2);
}

TEST_F(ClientTest, AsyncCallsAnswerOnceEach) {
  const Client client = NewClient();
  Record(client, 1, 1);
  absl::Notification recorded, read;
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(TestUuid(2));
  client.RecordEventsAsync(request, [&](Result<v1::RecordEventsResponse> response) {
    EXPECT_EQ(response.ok() ? response->results(0).position() : 0u, 2u);
    recorded.Notify();
  });
  v1::GetRelationshipRequest get;
  get.set_dyad("bad");
  client.GetRelationshipAsync(get, [&](Result<v1::GetRelationshipResponse> response) {
    EXPECT_EQ(response.ok() ? grpc::StatusCode::OK : response.error().code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    read.Notify();
  });
  EXPECT_TRUE(recorded.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_TRUE(read.WaitForNotificationWithTimeout(absl::Seconds(30)));
}

TEST_F(ClientTest, BadRequestCarriesEveryFieldViolation) {
  const Client client = NewClient();
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(TestUuid(1));
  request.mutable_events(0)->set_cameo_code("999");
  *request.add_events() = TestEvent("not-a-uuid");
  Result<v1::RecordEventsResponse> recorded = client.RecordEvents(request, Timeout());
  ASSERT_FALSE(recorded.ok());
  const Error& error = recorded.error();
  EXPECT_EQ(error.code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& violation : error.field_violations()) fields.push_back(violation.field());
  EXPECT_THAT(fields, ElementsAre("events[0].cameo_code", "events[1].event_id"));
  EXPECT_THAT(error.ToString(), HasSubstr("INVALID_ARGUMENT: events[0].cameo_code: "));
  EXPECT_FALSE(error.retry_delay().has_value());
  // The status round-trips, details and all.
  EXPECT_EQ(Error::FromStatus(error.ToGrpcStatus()).field_violations().size(), 2u);
}

TEST_F(ClientTest, StoppedServerIsUnavailableWithoutRetryInfo) {
  const Client client = NewClient();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  Result<v1::ReadLogResponse> log = client.ReadLog({}, Timeout());
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_FALSE(log.error().retry_delay().has_value());  // gRPC's own: nobody answered.
}

TEST_F(ClientTest, DeadlineIsHonoured) {
  const Client client = NewClient();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  // Waiting for a server that does not come back ends at the deadline.
  CallOptions options = Timeout(absl::Milliseconds(300));
  options.wait_for_ready = true;
  const absl::Time start = absl::Now();
  Result<v1::ReadLogResponse> log = client.ReadLog({}, options);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(250));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  // An absolute deadline already past fails at once.
  CallOptions past;
  past.deadline = absl::Now() - absl::Seconds(1);
  EXPECT_EQ(client.ReadLog({}, past).error().code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(ClientTest, BadOptionsAreRefusedBeforeSending) {
  const Client client = NewClient();
  CallOptions options;
  options.metadata = {{"Bad Key", "x"}};
  Result<v1::ReadLogResponse> bad_key = client.ReadLog({}, options);
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad_key.error().message(), HasSubstr("metadata key \"Bad Key\""));
  options.metadata = {{"trace", std::string("\x01\x02", 2)}};
  EXPECT_THAT(client.ReadLog({}, options).error().message(), HasSubstr("-bin"));
  options.metadata = {{"trace-bin", std::string("\x01\x02", 2)}};
  EXPECT_TRUE(client.ReadLog({}, options).ok());

  SubscribeOptions subscribe;
  subscribe.max_backoff = absl::ZeroDuration();
  auto subscription = client.SubscribeLog(
      {}, [](const v1::SubscribeLogResponse&) { return Next::kContinue; }, subscribe);
  ASSERT_FALSE(subscription.ok());
  EXPECT_THAT(subscription.error().message(), HasSubstr("backoff"));

  const Client without_channel(std::shared_ptr<grpc::Channel>(nullptr));
  EXPECT_EQ(without_channel.ReadLog({}).error().code(), grpc::StatusCode::FAILED_PRECONDITION);
}

// Collects what a log subscription delivers.
struct LogCollector {
  std::mutex mutex;
  std::vector<uint64_t> positions;  // Of records.
  std::vector<uint64_t> caught_up;  // Positions of CaughtUp markers.

  OnMessage<v1::SubscribeLogResponse> Handler() {
    return [this](const v1::SubscribeLogResponse& message) {
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& record : message.records().records()) positions.push_back(record.position());
      if (message.has_caught_up()) caught_up.push_back(message.caught_up().position());
      return Next::kContinue;
    };
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mutex);
    return positions.size();
  }
  bool WaitFor(size_t records) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (count() < records && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(10));
    return count() >= records;
  }
};

TEST_F(ClientTest, SubscriptionFromTheHeadCatchesUpAtOnce) {
  const Client client = NewClient();
  Record(client, 1, 3);
  LogCollector collected;
  SubscribeOptions options;
  options.from_head = true;
  auto subscription = client.SubscribeLog({}, collected.Handler(), options);
  ASSERT_TRUE(subscription.ok()) << subscription.error();
  ASSERT_TRUE((*subscription)->WaitUntilCaughtUp(absl::Seconds(30)));
  Record(client, 4, 2);
  ASSERT_TRUE(collected.WaitFor(2));
  (*subscription)->Cancel();
  EXPECT_TRUE((*subscription)->Wait().ok());
  EXPECT_THAT(collected.positions, ElementsAre(4u, 5u));
  EXPECT_THAT(collected.caught_up, ElementsAre(3u));
}

TEST_F(ClientTest, SubscriptionResumesAcrossARestartWithoutLossOrRepeat) {
  const Client client = NewClient();
  Record(client, 1, 5);
  LogCollector collected;
  std::atomic<int> resumed{0};
  SubscribeOptions options;
  options.on_resume = [&](const Error&, uint64_t) { ++resumed; };
  auto subscription = client.SubscribeLog({}, collected.Handler(), options);
  ASSERT_TRUE(subscription.ok()) << subscription.error();
  ASSERT_TRUE((*subscription)->WaitUntilCaughtUp(absl::Seconds(30)));

  const int port = server_->port();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  StartServer(port);
  CallOptions wait = Timeout();
  wait.wait_for_ready = true;
  v1::RecordEventsRequest more;
  for (int i = 6; i <= 10; ++i) *more.add_events() = TestEvent(TestUuid(i));
  ASSERT_TRUE(client.RecordEvents(more, wait).ok());

  ASSERT_TRUE(collected.WaitFor(10));
  absl::SleepFor(absl::Milliseconds(200));  // Room for a duplicate to show.
  (*subscription)->Cancel();
  EXPECT_TRUE((*subscription)->Wait().ok());
  EXPECT_THAT(collected.positions, ElementsAre(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u));
  EXPECT_GE(resumed, 1);
  EXPECT_EQ((*subscription)->position(), 10u);
}

TEST_F(ClientTest, SubscriptionEndsWithAnErrorItCannotResume) {
  const Client client = NewClient();
  v1::SubscribeLogRequest request;
  request.set_after_position(100);  // Beyond the head.
  Result<void> end;
  SubscribeOptions options;
  options.on_end = [&](const Result<void>& result) { end = result; };
  auto subscription = client.SubscribeLog(
      request, [](const v1::SubscribeLogResponse&) { return Next::kContinue; }, options);
  ASSERT_TRUE(subscription.ok()) << subscription.error();
  Result<void> waited = (*subscription)->Wait();
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code(), grpc::StatusCode::OUT_OF_RANGE);
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_FALSE((*subscription)->WaitUntilCaughtUp(absl::ZeroDuration()));
}

TEST_F(ClientTest, WatchDeliversChangesUntilTheHandlerStops) {
  const Client client = NewClient();
  Record(client, 1, 1);
  std::vector<uint64_t> changes;
  v1::WatchRelationshipsRequest request;
  request.add_dyads("KHM-USA");
  auto watch = client.WatchRelationships(request, [&](const v1::WatchRelationshipsResponse& message) {
    if (!message.has_change()) return Next::kContinue;
    changes.push_back(message.change().position());
    return changes.size() == 2 ? Next::kStop : Next::kContinue;
  });
  ASSERT_TRUE(watch.ok()) << watch.error();
  Record(client, 2, 3);
  EXPECT_TRUE((*watch)->Wait().ok());
  EXPECT_THAT(changes, ElementsAre(1u, 2u));
}

// A RelationsService that keeps the metadata of the last call it answered:
// chanceryd echoes none, so this shows what the client sent.
class MetadataKeeper : public v1::RelationsService::Service {
 public:
  grpc::Status GetRelationship(grpc::ServerContext* context, const v1::GetRelationshipRequest*,
                               v1::GetRelationshipResponse*) override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, value] : context->client_metadata()) {
      seen_.emplace_back(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
    }
    return grpc::Status::OK;
  }
  std::string Value(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [k, v] : seen_) {
      if (k == key) return v;
    }
    return "";
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> seen_;
};

TEST(ClientMetadataTest, MetadataIsSentWithTheCall) {
  MetadataKeeper service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  const Client client("127.0.0.1:" + std::to_string(port));
  CallOptions options = Timeout();
  options.metadata = {{"x-request-id", "r-42"}, {"trace-bin", std::string("\0\1", 2)}};
  ASSERT_TRUE(client.GetRelationship({}, options).ok());
  EXPECT_EQ(service.Value("x-request-id"), "r-42");
  EXPECT_EQ(service.Value("trace-bin"), std::string("\0\1", 2));
  server->Shutdown();
}

}  // namespace
}  // namespace chancery
