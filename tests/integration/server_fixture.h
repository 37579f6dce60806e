// ServerTest: a fixture with a fresh chanceryd and stubs for its services.

#ifndef CHANCERY_TESTS_INTEGRATION_SERVER_FIXTURE_H_
#define CHANCERY_TESTS_INTEGRATION_SERVER_FIXTURE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "chancery/v1/audit_service.grpc.pb.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/test_events.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/support/rich_status.h"
#include "tests/support/whole_log.h"

namespace chancery::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }

  // StartServer (re)starts chanceryd on the fixture's database.
  void StartServer(std::vector<std::string> flags = {}) {
    server_ = ChancerydProcess::Start(CHANCERYD_PATH, db_path_, std::move(flags));
    ASSERT_NE(server_, nullptr) << "chanceryd did not start";
    channel_ = server_->NewChannel();
    relations_ = v1::RelationsService::NewStub(channel_);
    event_log_ = v1::EventLogService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
  }

  // Record sends `events` in one RecordEvents call.
  grpc::Status Record(const std::vector<v1::DiplomaticEvent>& events,
                      v1::RecordEventsResponse* response = nullptr) {
    v1::RecordEventsRequest request;
    for (const auto& event : events) *request.add_events() = event;
    return Record(request, response);
  }
  grpc::Status Record(const v1::RecordEventsRequest& request,
                      v1::RecordEventsResponse* response = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::RecordEventsResponse ignored;
    return relations_->RecordEvents(&context, request, response ? response : &ignored);
  }

  // Retract retracts the event `id` for `reason` in one RetractEvent call.
  grpc::Status Retract(const std::string& id, const std::string& reason,
                       v1::RetractEventResponse* response = nullptr) {
    v1::RetractEventRequest request;
    request.set_event_id(id);
    request.set_reason(reason);
    grpc::ClientContext context;
    v1::RetractEventResponse ignored;
    return relations_->RetractEvent(&context, request, response ? response : &ignored);
  }

  // RecordMany records `count` events USA->KHM (CAMEO 036) with ids from `first`.
  void RecordMany(int first, int count) {
    std::vector<v1::DiplomaticEvent> events;
    for (int i = first; i < first + count; ++i) events.push_back(TestEvent(TestUuid(i)));
    grpc::Status status = Record(events);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // GetRelationship asks for `dyad` as of `as_of` ("2018-01-01"; empty for
  // today), known at `known_at` (0 for everything); fails the test on error.
  v1::Relationship Relationship(const std::string& dyad, const std::string& as_of = "",
                                uint64_t known_at = 0) {
    v1::GetRelationshipRequest request;
    request.set_dyad(dyad);
    if (!as_of.empty()) *request.mutable_as_of_date() = Date(as_of);
    if (known_at > 0) request.mutable_known_at()->set_position(known_at);
    grpc::ClientContext context;
    v1::GetRelationshipResponse response;
    grpc::Status status = relations_->GetRelationship(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.relationship();
  }

  // ReadWholeLog reads every record of the server's log.
  std::vector<v1::LogRecord> ReadWholeLog() { return chancery::testing::ReadWholeLog(*event_log_); }

  // The first detail of type T in `status`.
  template <typename T>
  static T Detail(const grpc::Status& status) {
    T detail;
    const google::rpc::Status rich = RichStatus(status);
    for (const auto& any : rich.details()) {
      if (any.UnpackTo(&detail)) return detail;
    }
    ADD_FAILURE() << "no " << T::descriptor()->full_name() << " in " << status.error_message();
    return detail;
  }

  // The fields a BadRequest detail names, in order.
  static std::vector<std::string> BadFields(const grpc::Status& status) {
    std::vector<std::string> fields;
    const google::rpc::BadRequest bad_request = Detail<google::rpc::BadRequest>(status);
    for (const auto& violation : bad_request.field_violations()) {
      fields.push_back(violation.field());
    }
    return fields;
  }

  TempDir dir_;
  std::string db_path_ = dir_.File("chancery.db");
  std::unique_ptr<ChancerydProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RelationsService::Stub> relations_;
  std::unique_ptr<v1::EventLogService::Stub> event_log_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_SERVER_FIXTURE_H_
