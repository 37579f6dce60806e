// chanceryd's deadline for unary calls that set none (--call-deadline):
// served in process with a one-thread executor kept busy, a call that waits
// past it is answered DEADLINE_EXCEEDED and nothing of it is done.

#include <grpcpp/grpcpp.h>

#include <memory>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/domain/testing/date.h"
#include "services/server/executor.h"
#include "services/server/log_fanout.h"
#include "services/server/projections.h"
#include "services/server/relations_service.h"

namespace chancery::server {
namespace {

using ::testing::HasSubstr;

constexpr char kEventId[] = "00000000-0000-4000-8000-000000000001";

class CallDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = eventstore::OpenEventStore("sqlite:" + dir_.File("chancery.db"),
                                             eventstore::Durability::kNormal);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    ASSERT_TRUE(projections_.Load(*store_).ok());
    fanout_ = std::make_unique<LogFanout>(
        store_.get(), 100,
        [this](const std::vector<SharedRecord>& records) { projections_.Apply(records); });
    fanout_->Start(projections_.head());
    relations_ = std::make_unique<RelationsService>(store_.get(), &projections_, fanout_.get(),
                                                    &executor_, &limits_, &metrics_);
    grpc::ServerBuilder builder;
    builder.RegisterService(relations_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::RelationsService::NewStub(server_->InProcessChannel({}));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  // Record records one letter from the United States to Cambodia.
  void Record() {
    v1::RecordEventsRequest request;
    v1::DiplomaticEvent* event = request.add_events();
    event->set_event_id(kEventId);
    *event->mutable_occur_date() = testing::Date(2019, 11, 26);
    event->mutable_source()->set_code("USA");
    event->mutable_target()->set_code("KHM");
    event->set_cameo_code("036");
    event->set_summary("A letter");
    grpc::ClientContext context;
    v1::RecordEventsResponse response;
    grpc::Status status = stub_->RecordEvents(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // WhileExecutorBusy starts `call` (with no client deadline) while the
  // executor's one thread is held for well past the server's deadline, and
  // returns its status.
  template <typename Call>
  grpc::Status WhileExecutorBusy(Call call) {
    absl::Notification release;
    executor_.Post([&release] { release.WaitForNotification(); });
    absl::Notification answered;
    grpc::Status status;
    grpc::ClientContext context;
    call(&context, [&](grpc::Status s) {
      status = std::move(s);
      answered.Notify();
    });
    absl::SleepFor(kServerDeadline * 5);
    release.Notify();
    answered.WaitForNotification();
    return status;
  }

  static constexpr absl::Duration kServerDeadline = absl::Milliseconds(100);
  static LimitSettings WithServerDeadline() {
    LimitSettings settings;
    settings.call_deadline = kServerDeadline;
    return settings;
  }

  testing::TempDir dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  Projections projections_{projection::ModelSettings{}, ""};
  std::unique_ptr<LogFanout> fanout_;
  Executor executor_{1, "test-read"};
  CallLimits limits_{WithServerDeadline()};
  Metrics metrics_;
  std::unique_ptr<RelationsService> relations_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::RelationsService::Stub> stub_;
};

TEST_F(CallDeadlineTest, AReadThatWaitedPastTheServersDeadlineIsAnsweredDeadlineExceeded) {
  Record();
  v1::GetRelationshipRequest request;
  request.set_dyad("KHM-USA");
  v1::GetRelationshipResponse response;
  grpc::Status late = WhileExecutorBusy([&](grpc::ClientContext* context, auto done) {
    stub_->async()->GetRelationship(context, &request, &response, done);
  });
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(late.error_message(), HasSubstr("--call-deadline"));

  // With the executor free, the same call is served.
  grpc::ClientContext context;
  grpc::Status served = stub_->GetRelationship(&context, request, &response);
  EXPECT_TRUE(served.ok()) << served.error_message();
}

TEST_F(CallDeadlineTest, ARetractionThatWaitedPastTheServersDeadlineIsNotRecorded) {
  Record();
  v1::RetractEventRequest request;
  request.set_event_id(kEventId);
  request.set_reason("entered twice");
  v1::RetractEventResponse response;
  grpc::Status late = WhileExecutorBusy([&](grpc::ClientContext* context, auto done) {
    stub_->async()->RetractEvent(context, &request, &response, done);
  });
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(late.error_message(), HasSubstr("nothing was done"));
  absl::StatusOr<uint64_t> head = store_->HeadPosition();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, 1u);  // The event, and no retraction.
}

TEST_F(CallDeadlineTest, ACallersOwnDeadlineIsKept) {
  // A caller that sets a deadline longer than the server's keeps it.
  Record();
  v1::GetRelationshipRequest request;
  request.set_dyad("KHM-USA");
  v1::GetRelationshipResponse response;
  grpc::Status status = WhileExecutorBusy([&](grpc::ClientContext* context, auto done) {
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(1)));
    stub_->async()->GetRelationship(context, &request, &response, done);
  });
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace chancery::server
