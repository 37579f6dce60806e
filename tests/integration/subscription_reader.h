// SubscriptionReader: a SubscribeLog call read on its own thread, so a test
// can wait for what it expects and inspect how the stream ended.

#ifndef CHANCERY_TESTS_INTEGRATION_SUBSCRIPTION_READER_H_
#define CHANCERY_TESTS_INTEGRATION_SUBSCRIPTION_READER_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "chancery/v1/event_log_service.grpc.pb.h"

namespace chancery::testing {

class SubscriptionReader {
 public:
  SubscriptionReader(v1::EventLogService::Stub* stub, const v1::SubscribeLogRequest& request);
  ~SubscriptionReader();  // Cancels the call if it is still open.

  // WaitFor blocks until `done(messages)` holds or the stream ends, up to
  // `timeout`; returns whether `done` held.
  bool WaitFor(const std::function<bool(const std::vector<v1::SubscribeLogResponse>&)>& done,
               absl::Duration timeout = absl::Seconds(30));
  // WaitForRecords waits until `count` records arrived.
  bool WaitForRecords(size_t count, absl::Duration timeout = absl::Seconds(30));
  // WaitForEnd waits for the stream's status.
  std::optional<grpc::Status> WaitForEnd(absl::Duration timeout = absl::Seconds(30));

  std::vector<v1::SubscribeLogResponse> messages();
  std::vector<uint64_t> record_positions();
  void Cancel() { context_.TryCancel(); }

 private:
  grpc::ClientContext context_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<v1::SubscribeLogResponse> messages_;  // Guarded by mutex_.
  std::optional<grpc::Status> status_;             // Guarded by mutex_.
  std::thread reader_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_SUBSCRIPTION_READER_H_
