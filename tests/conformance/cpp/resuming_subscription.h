// ResumingSubscription: the CLI's resuming stream (clients/cpp/resuming_stream.h,
// as `chancery log --follow` and `chancery watch` use it) read on a thread
// of its own, so that a vector's `next` steps can take its items one by one.

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_RESUMING_SUBSCRIPTION_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_RESUMING_SUBSCRIPTION_H_

#include <google/protobuf/struct.pb.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "clients/cpp/resuming_stream.h"

namespace chancery::conformance {

class ResumingSubscription {
 public:
  // Items are LogRecords. `stub` must outlive the subscription.
  static std::unique_ptr<ResumingSubscription> SubscribeLog(
      v1::EventLogService::Stub* stub, const v1::SubscribeLogRequest& request);
  // Items are RelationshipChanges. `stub` must outlive the subscription.
  static std::unique_ptr<ResumingSubscription> WatchRelationships(
      v1::RelationsService::Stub* stub, const v1::WatchRelationshipsRequest& request);

  ResumingSubscription(const ResumingSubscription&) = delete;
  ResumingSubscription& operator=(const ResumingSubscription&) = delete;
  ~ResumingSubscription();  // Cancels.

  // Next waits up to 30 s for the next item (markers are not items) and
  // stores it, in proto JSON, in `item`. It fails with the subscription's
  // error once the stream gave up, CANCELLED once it ended otherwise, and
  // DEADLINE_EXCEEDED when nothing came.
  grpc::Status Next(google::protobuf::Value* item);

  // Cancel ends the subscription and waits for its thread.
  void Cancel();

 private:
  ResumingSubscription() = default;

  // Start reads the stream of `calls` after `after_position` on the thread.
  template <typename Response>
  void Start(cli::StreamCalls<Response> calls, uint64_t after_position);
  void Push(const google::protobuf::Message& item);

  absl::Mutex mu_;
  std::deque<google::protobuf::Value> items_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status end_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  // The call being read, so that Cancel can end it; null between calls.
  grpc::ClientContext* call_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::thread reader_;
};

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_RESUMING_SUBSCRIPTION_H_
