// WebhookConsumer: the server's own consumer of a group that delivers by
// webhook. On a thread of its own it joins the group (again after the
// server that serves it lets go or dies, or after a reset), POSTs each
// delivery in turn (PostToWebhook), and acknowledges those answered 2xx,
// negatively acknowledging the rest, so the group's retries, back-off and
// parking apply to webhooks as to any consumer.

#ifndef CHANCERY_SERVICES_SERVER_WEBHOOK_CONSUMER_H_
#define CHANCERY_SERVICES_SERVER_WEBHOOK_CONSUMER_H_

#include <atomic>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/server/group_registry.h"

namespace chancery::server {

class WebhookConsumer final : public GroupConsumer {
 public:
  // Starts its thread at once.
  WebhookConsumer(GroupRegistry* registry, std::string group, v1::Webhook webhook);
  ~WebhookConsumer() override;  // Stops.

  // Stop gives up a post under way, leaves the group and ends the thread.
  void Stop() ABSL_LOCKS_EXCLUDED(mutex_);
  // Whether the thread has ended by itself (the group was deleted).
  bool finished() const { return finished_; }

  void Joined(uint64_t /*checkpoint*/) override {}
  void Send(std::vector<v1::GroupDelivery> deliveries) override ABSL_LOCKS_EXCLUDED(mutex_);
  void Heartbeat(uint64_t /*checkpoint*/, uint64_t /*head*/) override {}
  void End(grpc::Status status) override ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  void Run();
  // Deliver posts what the group sends until it ends the consumer; returns
  // how it ended (nothing when stopping).
  std::optional<grpc::Status> Deliver(GroupDispatcher& dispatcher) ABSL_LOCKS_EXCLUDED(mutex_);
  // Pause waits `duration`, or less when stopping; false when stopping.
  bool Pause(absl::Duration duration) ABSL_LOCKS_EXCLUDED(mutex_);
  // Whether Deliver has something to do.
  bool Ready() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  GroupRegistry* const registry_;
  const std::string group_;
  const v1::Webhook webhook_;
  std::atomic<bool> stopping_{false};  // Also read by a post under way.
  std::atomic<bool> finished_{false};
  absl::Mutex mutex_;
  std::deque<v1::GroupDelivery> queue_ ABSL_GUARDED_BY(mutex_);
  std::optional<grpc::Status> ended_ ABSL_GUARDED_BY(mutex_);
  bool stop_requested_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_WEBHOOK_CONSUMER_H_
