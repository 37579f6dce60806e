// ReadWholeLog: every record of a chanceryd's log, read page by page.

#ifndef CHANCERY_TESTS_SUPPORT_WHOLE_LOG_H_
#define CHANCERY_TESTS_SUPPORT_WHOLE_LOG_H_

#include <grpcpp/grpcpp.h>

#include <vector>

#include "chancery/v1/event_log_service.grpc.pb.h"
#include "gtest/gtest.h"

namespace chancery::testing {

// ReadWholeLog reads the log through `stub`; an error fails the test and
// returns the records read before it.
inline std::vector<v1::LogRecord> ReadWholeLog(v1::EventLogService::Stub& stub) {
  std::vector<v1::LogRecord> records;
  v1::ReadLogRequest request;
  request.set_page_size(1000);
  while (true) {
    grpc::ClientContext context;
    v1::ReadLogResponse response;
    grpc::Status status = stub.ReadLog(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    records.insert(records.end(), response.records().begin(), response.records().end());
    if (!status.ok() || response.next_page_token().empty()) return records;
    request.set_page_token(response.next_page_token());
  }
}

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_SUPPORT_WHOLE_LOG_H_
