// SubscriptionReader: a SubscribeLog call read on its own thread (see
// stream_reader.h), with helpers for the records it carries.

#ifndef CHANCERY_TESTS_INTEGRATION_SUBSCRIPTION_READER_H_
#define CHANCERY_TESTS_INTEGRATION_SUBSCRIPTION_READER_H_

#include <vector>

#include "chancery/v1/event_log_service.grpc.pb.h"
#include "tests/integration/stream_reader.h"

namespace chancery::testing {

class SubscriptionReader : public StreamReader<v1::SubscribeLogResponse> {
 public:
  SubscriptionReader(v1::EventLogService::Stub* stub, const v1::SubscribeLogRequest& request)
      : StreamReader([stub, request](grpc::ClientContext* context) {
          return stub->SubscribeLog(context, request);
        }) {}

  // WaitForRecords waits until `count` records arrived.
  bool WaitForRecords(size_t count, absl::Duration timeout = absl::Seconds(30));
  std::vector<uint64_t> record_positions();
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_SUBSCRIPTION_READER_H_
