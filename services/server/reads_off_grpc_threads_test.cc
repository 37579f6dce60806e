// Every call of the three services, served in process over a store that
// notes which thread reads it: no store read runs on a gRPC thread. The
// reads of the calls run on the server's Executor; the fanout's follower and
// the projections' loader read on threads of their own.

#include <grpcpp/grpcpp.h>
#include <pthread.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "chancery/v1/audit_service.grpc.pb.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "services/domain/day.h"
#include "services/server/audit_service.h"
#include "services/server/event_log_service.h"
#include "services/server/executor.h"
#include "services/server/log_fanout.h"
#include "services/server/projections.h"
#include "services/server/relations_service.h"

namespace chancery::server {
namespace {

using eventstore::EventStore;
using eventstore::RecordedEvent;

std::string ThreadName() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

// A store that passes every call on, noting the threads that read.
class ThreadNotingStore final : public EventStore {
 public:
  explicit ThreadNotingStore(std::unique_ptr<EventStore> store) : store_(std::move(store)) {}

  // The names of the threads, other than an Executor's and the ones named,
  // that read the store.
  std::vector<std::string> ReadsElsewhere(const std::vector<std::string>& allowed) {
    absl::MutexLock lock(&mutex_);
    std::vector<std::string> elsewhere;
    for (const std::string& name : off_executor_) {
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        elsewhere.push_back(name);
      }
    }
    return elsewhere;
  }
  int ReadsOnExecutor() {
    absl::MutexLock lock(&mutex_);
    return on_executor_;
  }

  void AppendAsync(eventstore::AppendRequest request, AppendCallback done) override {
    store_->AppendAsync(std::move(request), std::move(done));
  }
  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      const eventstore::StreamReadOptions& options) override {
    Note();
    return store_->ReadStream(options);
  }
  absl::StatusOr<std::vector<RecordedEvent>> ReadLog(
      const eventstore::LogReadOptions& options) override {
    Note();
    return store_->ReadLog(options);
  }
  absl::StatusOr<size_t> ScanLog(
      uint64_t from_position, size_t max_count,
      const std::function<bool(const eventstore::RecordedEventView&)>& visit) override {
    Note();
    return store_->ScanLog(from_position, max_count, visit);
  }
  absl::StatusOr<std::vector<RecordedEvent>> ReadPositions(
      const std::vector<uint64_t>& positions) override {
    Note();
    return store_->ReadPositions(positions);
  }
  absl::StatusOr<RecordedEvent> ReadEvent(const std::string& event_id) override {
    Note();
    return store_->ReadEvent(event_id);
  }
  absl::StatusOr<uint64_t> HeadPosition() override { return store_->HeadPosition(); }
  absl::StatusOr<uint64_t> WaitForEvents(uint64_t after_position, absl::Time deadline) override {
    return store_->WaitForEvents(after_position, deadline);
  }
  absl::StatusOr<eventstore::VerifyResult> VerifyChain() override {
    Note();
    return store_->VerifyChain();
  }
  const std::string& Secret() const override { return store_->Secret(); }
  void SetWritabilityListener(eventstore::WritabilityListener listener) override {
    store_->SetWritabilityListener(std::move(listener));
  }
  eventstore::GroupStore& Groups() override { return store_->Groups(); }
  void SetObserver(eventstore::StoreObserver* observer) override { store_->SetObserver(observer); }

 private:
  void Note() {
    absl::MutexLock lock(&mutex_);
    if (Executor::OnExecutorThread()) {
      ++on_executor_;
    } else {
      off_executor_.push_back(ThreadName());
    }
  }

  std::unique_ptr<EventStore> store_;
  absl::Mutex mutex_;
  int on_executor_ ABSL_GUARDED_BY(mutex_) = 0;
  std::vector<std::string> off_executor_ ABSL_GUARDED_BY(mutex_);
};

v1::DiplomaticEvent Event(int n) {
  v1::DiplomaticEvent event;
  event.set_event_id(absl::StrFormat("00000000-0000-4000-8000-%012d", n));
  *event.mutable_occur_date() = domain::Day::FromNumber(18000 + n).date();
  event.mutable_source()->set_code(n % 2 == 0 ? "USA" : "KHM");
  event.mutable_target()->set_code(n % 2 == 0 ? "KHM" : "USA");
  event.set_cameo_code("036");
  event.set_summary("A letter");
  return event;
}

// Reads a stream until `done` says so or it ends, then cancels it.
template <typename Response, typename Done>
void ReadUntil(grpc::ClientContext& context, grpc::ClientReader<Response>& reader, Done done) {
  Response response;
  while (reader.Read(&response)) {
    if (done(response)) break;
  }
  context.TryCancel();
  reader.Finish();
}

TEST(ReadsOffGrpcThreadsTest, EveryCallReadsTheStoreOnTheExecutor) {
  testing::TempDir dir;
  auto opened = eventstore::OpenEventStore("sqlite:" + dir.File("chancery.db"),
                                           eventstore::Durability::kNormal);
  ASSERT_TRUE(opened.ok()) << opened.status();
  ThreadNotingStore store(std::move(*opened));
  Projections projections(projection::ModelSettings{}, "");
  ASSERT_TRUE(projections.Load(store).ok());
  // A one-record window: subscriptions from position 0 catch up from the store.
  LogFanout fanout(&store, 1, [&projections](const std::vector<SharedRecord>& records) {
    projections.Apply(records);
  });
  fanout.Start(projections.head());
  auto executor = std::make_unique<Executor>(2, "test-read");
  CallLimits limits(LimitSettings{});
  Metrics metrics;
  RelationsService relations(&store, &projections, &fanout, executor.get(), &limits, &metrics);
  EventLogService event_log(&store, &fanout, &projections, executor.get(), &limits, &metrics);
  AuditService audit(&store, &projections, executor.get(), &limits, &metrics);
  grpc::ServerBuilder builder;
  builder.RegisterService(&relations);
  builder.RegisterService(&event_log);
  builder.RegisterService(&audit);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  auto channel = server->InProcessChannel({});
  auto relations_stub = v1::RelationsService::NewStub(channel);
  auto log_stub = v1::EventLogService::NewStub(channel);
  auto audit_stub = v1::AuditService::NewStub(channel);

  {
    grpc::ClientContext context;
    v1::RecordEventsRequest request;
    for (int n = 1; n <= 20; ++n) *request.add_events() = Event(n);
    v1::RecordEventsResponse response;
    grpc::Status status = relations_stub->RecordEvents(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  const auto unary = [](auto call) {
    grpc::ClientContext context;
    grpc::Status status = call(&context);
    EXPECT_TRUE(status.ok()) << status.error_message();
  };
  unary([&](grpc::ClientContext* context) {
    v1::GetRelationshipRequest request;
    request.set_dyad("KHM-USA");
    v1::GetRelationshipResponse response;
    return relations_stub->GetRelationship(context, request, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::ListRelationshipsResponse response;
    return relations_stub->ListRelationships(context, {}, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::GetTimelineRequest request;
    request.set_dyad("KHM-USA");
    v1::GetTimelineResponse response;
    return relations_stub->GetTimeline(context, request, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::GetActorProfileRequest request;
    request.set_actor_code("KHM");
    v1::GetActorProfileResponse response;
    return relations_stub->GetActorProfile(context, request, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::RetractEventRequest request;
    request.set_event_id(Event(1).event_id());
    request.set_reason("Recorded twice");
    v1::RetractEventResponse response;
    return relations_stub->RetractEvent(context, request, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::ReadLogResponse response;
    return log_stub->ReadLog(context, {}, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::ReadStreamRequest request;
    request.set_stream("KHM-USA");
    v1::ReadStreamResponse response;
    return log_stub->ReadStream(context, request, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::VerifyLogResponse response;
    return audit_stub->VerifyLog(context, {}, &response);
  });
  {
    grpc::ClientContext context;
    v1::ReplayRelationshipRequest request;
    request.set_dyad("KHM-USA");
    auto reader = audit_stub->ReplayRelationship(&context, request);
    ReadUntil(context, *reader, [](const v1::ReplayRelationshipResponse&) { return false; });
  }
  unary([&](grpc::ClientContext* context) {
    v1::GetInclusionProofRequest request;
    request.set_position(3);
    request.set_tree_size(20);
    v1::GetInclusionProofResponse response;
    return audit_stub->GetInclusionProof(context, request, &response);
  });
  unary([&](grpc::ClientContext* context) {
    v1::GetConsistencyProofRequest request;
    request.set_first_size(7);
    request.set_second_size(20);
    v1::GetConsistencyProofResponse response;
    return audit_stub->GetConsistencyProof(context, request, &response);
  });
  {
    grpc::ClientContext context;
    auto reader = audit_stub->ExportLog(&context, {});
    ReadUntil(context, *reader, [](const v1::ExportLogResponse&) { return false; });
  }
  {
    grpc::ClientContext context;
    auto reader = log_stub->SubscribeLog(&context, {});
    ReadUntil(context, *reader,
              [](const v1::SubscribeLogResponse& response) { return response.has_caught_up(); });
  }
  {
    grpc::ClientContext context;
    auto reader = relations_stub->WatchRelationships(&context, {});
    ReadUntil(context, *reader, [](const v1::WatchRelationshipsResponse& response) {
      return response.has_caught_up();
    });
  }

  fanout.Close();
  server->Shutdown();
  server->Wait();
  executor.reset();
  // The test's own thread loaded the projections.
  EXPECT_EQ(store.ReadsElsewhere({ThreadName(), "chancery-follow", "chancery-scan"}),
            std::vector<std::string>());
  EXPECT_GE(store.ReadsOnExecutor(), 12);
}

}  // namespace
}  // namespace chancery::server
