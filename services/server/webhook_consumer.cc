#include "services/server/webhook_consumer.h"

#include <utility>

#include "common/thread_name.h"
#include "services/server/webhook_post.h"

namespace chancery::server {
namespace {

// Deliveries a webhook group holds in flight: posted one at a time, so a
// few ready keep the thread busy.
constexpr uint32_t kWebhookInFlight = 16;
// The pause before joining again after the group was refused or ended.
constexpr absl::Duration kRejoinPause = absl::Seconds(1);

}  // namespace

WebhookConsumer::WebhookConsumer(GroupRegistry* registry, std::string group, v1::Webhook webhook)
    : registry_(registry), group_(std::move(group)), webhook_(std::move(webhook)) {
  thread_ = std::thread([this] {
    NameThisThread("chancery-hook");
    Run();
  });
}

WebhookConsumer::~WebhookConsumer() { Stop(); }

void WebhookConsumer::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stop_requested_ = true;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void WebhookConsumer::Send(std::vector<v1::GroupDelivery> deliveries) {
  absl::MutexLock lock(&mutex_);
  for (v1::GroupDelivery& delivery : deliveries) queue_.push_back(std::move(delivery));
}

void WebhookConsumer::End(grpc::Status status) {
  absl::MutexLock lock(&mutex_);
  if (!ended_.has_value()) ended_ = std::move(status);
}

bool WebhookConsumer::Pause(absl::Duration duration) {
  absl::MutexLock lock(&mutex_);
  mutex_.AwaitWithTimeout(absl::Condition(&stop_requested_), duration);
  return !stop_requested_;
}

bool WebhookConsumer::Ready() const {
  return stop_requested_ || ended_.has_value() || !queue_.empty();
}

void WebhookConsumer::Run() {
  while (!stopping_) {
    absl::StatusOr<std::shared_ptr<GroupDispatcher>> joined =
        registry_->Join(group_, this, kWebhookInFlight, /*by_webhook=*/true);
    if (!joined.ok()) {
      if (absl::IsNotFound(joined.status())) break;  // Deleted.
      // Served elsewhere, or the store is away: try again.
      if (!Pause(kRejoinPause)) break;
      continue;
    }
    const std::optional<grpc::Status> ended = Deliver(**joined);
    (*joined)->Leave(this);
    {
      absl::MutexLock lock(&mutex_);
      queue_.clear();  // Taken back by the group as the consumer left.
      ended_.reset();
    }
    if (ended.has_value() && ended->error_code() == grpc::StatusCode::NOT_FOUND) break;
    if (!Pause(kRejoinPause)) break;
  }
  finished_ = true;
}

std::optional<grpc::Status> WebhookConsumer::Deliver(GroupDispatcher& dispatcher) {
  while (true) {
    v1::GroupDelivery delivery;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(this, &WebhookConsumer::Ready));
      if (stop_requested_) return std::nullopt;
      if (ended_.has_value()) return ended_;
      delivery = std::move(queue_.front());
      queue_.pop_front();
    }
    const absl::Status posted = PostToWebhook(webhook_, group_, delivery,
                                              registry_->context().webhook_ca, &stopping_);
    if (stopping_) return std::nullopt;  // Not settled: delivered again later.
    if (posted.ok()) {
      dispatcher.Ack(this, {delivery.position()});
    } else {
      dispatcher.Nack(this, {delivery.position()}, std::string(posted.message()));
    }
  }
}

}  // namespace chancery::server
