// SubscriptionQueue: the items (records or changes; not markers) of a
// chancery::Subscription, as `chancery log --follow` and `chancery watch`
// follow them, or the deliveries of a chancery::GroupConsumer, queued in
// proto JSON so that a vector's `next` steps can take them one by one.

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_SUBSCRIPTION_QUEUE_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_SUBSCRIPTION_QUEUE_H_

#include <google/protobuf/struct.pb.h>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "chancery/client.h"

namespace chancery::conformance {

class SubscriptionQueue {
 public:
  // Items are LogRecords. `from_now`: after the head as it is now
  // (SubscribeOptions::from_head).
  static Result<std::unique_ptr<SubscriptionQueue>> SubscribeLog(
      const Client& client, const v1::SubscribeLogRequest& request, bool from_now);
  // Items are RelationshipChanges.
  static Result<std::unique_ptr<SubscriptionQueue>> WatchRelationships(
      const Client& client, const v1::WatchRelationshipsRequest& request, bool from_now);
  // Items are GroupDeliveries, to a consumer that joins as `join` says.
  static Result<std::unique_ptr<SubscriptionQueue>> ConsumeGroup(const Client& client,
                                                                 const v1::JoinGroup& join);

  // The group consumer that fills the queue; null for a subscription.
  GroupConsumer* consumer() { return consumer_.get(); }

  // Next waits up to 30 s for the next item. It fails with the
  // subscription's error once it gave up, CANCELLED once it ended otherwise,
  // and DEADLINE_EXCEEDED when nothing came.
  Result<google::protobuf::Value> Next();
  // CaughtUp waits up to 30 s for the first CaughtUp marker and returns its
  // position; DEADLINE_EXCEEDED when none came.
  Result<uint64_t> CaughtUp();

 private:
  SubscriptionQueue() = default;

  SubscribeOptions Options(bool from_now);
  // NoteEnd keeps how the subscription or consumer ended.
  std::function<void(const Result<void>&)> NoteEnd();
  void Push(const google::protobuf::Message& item);
  void NoteCaughtUp(uint64_t position);

  absl::Mutex mu_;
  std::deque<google::protobuf::Value> items_ ABSL_GUARDED_BY(mu_);
  std::optional<Result<void>> end_ ABSL_GUARDED_BY(mu_);
  std::optional<uint64_t> caught_up_ ABSL_GUARDED_BY(mu_);  // The first marker's position.
  // Declared last, so cancelled (and waited for) before the queue goes.
  std::unique_ptr<LogSubscription> log_;
  std::unique_ptr<RelationshipWatch> watch_;
  std::unique_ptr<GroupConsumer> consumer_;
};

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_SUBSCRIPTION_QUEUE_H_
