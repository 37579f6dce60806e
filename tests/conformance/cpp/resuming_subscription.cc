#include "tests/conformance/cpp/resuming_subscription.h"

#include <utility>

#include "tests/conformance/cpp/proto_json.h"

namespace chancery::conformance {

using cli::StreamCalls;
using cli::StreamStep;

std::unique_ptr<ResumingSubscription> ResumingSubscription::SubscribeLog(
    v1::EventLogService::Stub* stub, const v1::SubscribeLogRequest& request) {
  std::unique_ptr<ResumingSubscription> subscription(new ResumingSubscription());
  ResumingSubscription* self = subscription.get();
  StreamCalls<v1::SubscribeLogResponse> calls;
  calls.open = [stub, request](grpc::ClientContext* call, uint64_t after) {
    v1::SubscribeLogRequest resumed = request;
    resumed.set_after_position(after);
    return stub->SubscribeLog(call, resumed);
  };
  // The same positions as `chancery log --follow`: markers move it too.
  calls.handle = [self](const v1::SubscribeLogResponse& message, uint64_t* position) {
    if (message.has_caught_up()) *position = message.caught_up().position();
    if (message.has_checkpoint()) *position = message.checkpoint().position();
    for (const v1::LogRecord& record : message.records().records()) {
      self->Push(record);
      *position = record.position();
    }
    return StreamStep::kContinue;
  };
  self->Start(std::move(calls), request.after_position());
  return subscription;
}

std::unique_ptr<ResumingSubscription> ResumingSubscription::WatchRelationships(
    v1::RelationsService::Stub* stub, const v1::WatchRelationshipsRequest& request) {
  std::unique_ptr<ResumingSubscription> subscription(new ResumingSubscription());
  ResumingSubscription* self = subscription.get();
  StreamCalls<v1::WatchRelationshipsResponse> calls;
  calls.open = [stub, request](grpc::ClientContext* call, uint64_t after) {
    v1::WatchRelationshipsRequest resumed = request;
    resumed.set_after_position(after);
    return stub->WatchRelationships(call, resumed);
  };
  // The same positions as `chancery watch`.
  calls.handle = [self](const v1::WatchRelationshipsResponse& message, uint64_t* position) {
    if (message.has_caught_up()) *position = message.caught_up().position();
    if (message.has_checkpoint()) *position = message.checkpoint().position();
    if (message.has_change()) {
      self->Push(message.change());
      *position = message.change().position();
    }
    return StreamStep::kContinue;
  };
  self->Start(std::move(calls), request.after_position());
  return subscription;
}

template <typename Response>
void ResumingSubscription::Start(StreamCalls<Response> calls, uint64_t after_position) {
  auto open = std::move(calls.open);
  calls.open = [this, open = std::move(open)](grpc::ClientContext* call, uint64_t after) {
    {
      absl::MutexLock lock(&mu_);
      call_ = call;
      if (cancelled_) call->TryCancel();  // Cancel came between two calls.
    }
    return open(call, after);
  };
  calls.cancelled = [this] {
    absl::MutexLock lock(&mu_);
    call_ = nullptr;  // Its ClientContext goes away after this.
    return cancelled_;
  };
  reader_ = std::thread([this, calls = std::move(calls), after_position] {
    const grpc::Status status = cli::ReadResuming(calls, after_position);
    absl::MutexLock lock(&mu_);
    ended_ = true;
    end_ = status;
  });
}

void ResumingSubscription::Push(const google::protobuf::Message& item) {
  google::protobuf::Value value = MessageToValue(item);
  absl::MutexLock lock(&mu_);
  items_.push_back(std::move(value));
}

grpc::Status ResumingSubscription::Next(google::protobuf::Value* item) {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !items_.empty() || ended_; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(30))) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "no item within 30 s");
  }
  if (!items_.empty()) {
    *item = std::move(items_.front());
    items_.pop_front();
    return grpc::Status::OK;
  }
  if (!end_.ok()) return end_;
  return grpc::Status(grpc::StatusCode::CANCELLED, "the subscription has ended");
}

void ResumingSubscription::Cancel() {
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (call_ != nullptr) call_->TryCancel();
  }
  if (reader_.joinable()) reader_.join();
}

ResumingSubscription::~ResumingSubscription() { Cancel(); }

}  // namespace chancery::conformance
