#include "tests/integration/replica_checks.h"

#include <chrono>
#include <vector>

#include "chancery/v1/audit_service.grpc.pb.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/test_events.h"
#include "tests/support/whole_log.h"

namespace chancery::testing {

grpc::Status RecordOne(v1::RelationsService::Stub& stub, const std::string& id,
                       v1::RecordEventsResponse* response) {
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(id);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::RecordEventsResponse ignored;
  return stub.RecordEvents(&context, request, response != nullptr ? response : &ignored);
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

}  // namespace chancery::testing
