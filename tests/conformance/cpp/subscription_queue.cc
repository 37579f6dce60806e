#include "tests/conformance/cpp/subscription_queue.h"

#include <utility>

#include "tests/conformance/cpp/proto_json.h"

namespace chancery::conformance {

Result<std::unique_ptr<SubscriptionQueue>> SubscriptionQueue::SubscribeLog(
    const Client& client, const v1::SubscribeLogRequest& request, bool from_now) {
  std::unique_ptr<SubscriptionQueue> queue(new SubscriptionQueue());
  SubscriptionQueue* self = queue.get();
  auto subscription = client.SubscribeLog(
      request,
      [self](const v1::SubscribeLogResponse& message) {
        for (const v1::LogRecord& record : message.records().records()) self->Push(record);
        if (message.has_caught_up()) self->NoteCaughtUp(message.caught_up().position());
        return Next::kContinue;
      },
      self->Options(from_now));
  if (!subscription.ok()) return subscription.error();
  queue->log_ = std::move(*subscription);
  return queue;
}

Result<std::unique_ptr<SubscriptionQueue>> SubscriptionQueue::WatchRelationships(
    const Client& client, const v1::WatchRelationshipsRequest& request, bool from_now) {
  std::unique_ptr<SubscriptionQueue> queue(new SubscriptionQueue());
  SubscriptionQueue* self = queue.get();
  auto subscription = client.WatchRelationships(
      request,
      [self](const v1::WatchRelationshipsResponse& message) {
        if (message.has_change()) self->Push(message.change());
        if (message.has_caught_up()) self->NoteCaughtUp(message.caught_up().position());
        return Next::kContinue;
      },
      self->Options(from_now));
  if (!subscription.ok()) return subscription.error();
  queue->watch_ = std::move(*subscription);
  return queue;
}

Result<std::unique_ptr<SubscriptionQueue>> SubscriptionQueue::ConsumeGroup(
    const Client& client, const v1::JoinGroup& join) {
  std::unique_ptr<SubscriptionQueue> queue(new SubscriptionQueue());
  SubscriptionQueue* self = queue.get();
  ConsumeOptions options;
  options.on_end = self->NoteEnd();
  auto consumer = client.ConsumeGroup(
      join,
      [self](const v1::GroupDelivery& delivery, GroupConsumer&) {
        self->Push(delivery);
        return Next::kContinue;
      },
      std::move(options));
  if (!consumer.ok()) return consumer.error();
  queue->consumer_ = std::move(*consumer);
  return queue;
}

SubscribeOptions SubscriptionQueue::Options(bool from_now) {
  SubscribeOptions options;
  options.from_head = from_now;
  options.on_end = NoteEnd();
  return options;
}

std::function<void(const Result<void>&)> SubscriptionQueue::NoteEnd() {
  return [this](const Result<void>& end) {
    absl::MutexLock lock(&mu_);
    end_ = end;
  };
}

void SubscriptionQueue::Push(const google::protobuf::Message& item) {
  google::protobuf::Value value = MessageToValue(item);
  absl::MutexLock lock(&mu_);
  items_.push_back(std::move(value));
}

void SubscriptionQueue::NoteCaughtUp(uint64_t position) {
  absl::MutexLock lock(&mu_);
  if (!caught_up_) caught_up_ = position;
}

Result<uint64_t> SubscriptionQueue::CaughtUp() {
  absl::MutexLock lock(&mu_);
  auto marked = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return caught_up_.has_value(); };
  if (!mu_.AwaitWithTimeout(absl::Condition(&marked), absl::Seconds(30))) {
    return Error(grpc::StatusCode::DEADLINE_EXCEEDED, "not caught up within 30 s");
  }
  return *caught_up_;
}

Result<google::protobuf::Value> SubscriptionQueue::Next() {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !items_.empty() || end_.has_value();
  };
  if (!mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(30))) {
    return Error(grpc::StatusCode::DEADLINE_EXCEEDED, "no item within 30 s");
  }
  if (!items_.empty()) {
    google::protobuf::Value item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  if (!end_->ok()) return end_->error();
  return Error(grpc::StatusCode::CANCELLED, "the subscription has ended");
}

}  // namespace chancery::conformance
