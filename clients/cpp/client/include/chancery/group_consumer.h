// chancery::GroupConsumer: a consumer of a subscription group
// (SubscriptionGroupService.ConsumeGroup) that joins again after
// interruptions.
//
// The server keeps the group's checkpoint and shares its events among its
// consumers, each stream's events going to one consumer at a time in
// position order (proto/chancery/v1/subscription_group_service.proto).
// A GroupConsumer joins the group, hands each delivery to a handler, and
// sends Ack and Nack on the same stream. When the stream breaks with
// UNAVAILABLE (the server restarted), RESOURCE_EXHAUSTED or CANCELLED by the
// server, it joins again with a fresh join, backing off as subscriptions do
// (chancery/subscription.h); the server then delivers again what it held
// unacknowledged. Other errors end it: NOT_FOUND (no such group, or it was
// deleted), INVALID_ARGUMENT (a malformed join), FAILED_PRECONDITION (another
// replica serves the group), PERMISSION_DENIED, UNAUTHENTICATED.
//
// Delivery is at least once: an event may come again after a failure, so
// handle it idempotently, keyed by its position.
//
// The handler runs on gRPC's threads, one delivery at a time, and may call
// Ack and Nack on the consumer it is given.

#ifndef CHANCERY_CLIENT_GROUP_CONSUMER_H_
#define CHANCERY_CLIENT_GROUP_CONSUMER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "chancery/call_options.h"
#include "chancery/error.h"
#include "chancery/subscription.h"
#include "chancery/v1/subscription_group_service.pb.h"

namespace chancery {

class GroupConsumer;

// A consumer's handler: it gets each delivery, and the consumer to
// acknowledge it on. Returning kStop leaves the group.
using OnDelivery = std::function<Next(const v1::GroupDelivery& delivery, GroupConsumer& consumer)>;

struct ConsumeOptions {
  // Sent with every join.
  Metadata metadata;
  // false: end with the error instead of joining again.
  bool rejoin = true;
  // The pause before joining again doubles from `min_backoff` to
  // `max_backoff` while joins fail.
  absl::Duration min_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
  // How long leaving waits for the server to take the acknowledgements sent
  // before it and end the stream, before cutting the stream.
  absl::Duration leave_timeout = absl::Seconds(5);
  // Called with the server's answer to each join: the consumer's name and
  // the group's checkpoint.
  std::function<void(const v1::GroupJoined& joined)> on_joined;
  // Called with each refused message: acknowledgements of events this
  // consumer does not hold (never delivered to it, already settled, taken
  // back after the group's ack_timeout, or dropped by ResetGroup). The
  // consumer goes on.
  std::function<void(const v1::RefusedAcknowledgements& refused)> on_refused;
  // Called before each new join with the error that broke the stream.
  std::function<void(const Error& why)> on_rejoin;
  // Called once when the consumer ends, with what Wait() returns, after the
  // last delivery was handled.
  std::function<void(const Result<void>& end)> on_end;
};

class GroupConsumer {
 public:
  class Core;  // Shared with the calls in flight (group_consumer.cc).

  // `channel_owner` keeps the channel until the consumer is destroyed.
  GroupConsumer(std::shared_ptr<Core> core, std::shared_ptr<const void> channel_owner)
      : core_(std::move(core)), channel_owner_(std::move(channel_owner)) {}
  GroupConsumer(const GroupConsumer&) = delete;
  GroupConsumer& operator=(const GroupConsumer&) = delete;
  // Leaves and waits for the end: do not destroy it from its own handler.
  ~GroupConsumer();

  // Ack acknowledges events handled, by GroupDelivery.position: they are
  // done. Nack reports events that failed, with why: each is delivered again
  // after a back-off, or parked after the group's max_attempts. Both queue
  // the message on the stream and return; the server answers a position the
  // consumer does not hold with a refused message (on_refused). Errors:
  // UNAVAILABLE while the consumer is not joined (joining again: the server
  // has taken back what it held), CANCELLED once it has left or ended.
  // Safe from any thread, the handler included.
  Result<void> Ack(const std::vector<uint64_t>& positions);
  Result<void> Nack(const std::vector<uint64_t>& positions, const std::string& reason);

  // Cancel leaves the group soon: the acknowledgements given before are
  // sent, the stream is closed, and the server, having taken them, ends it
  // (within ConsumeOptions::leave_timeout) and hands what the consumer still
  // holds to the other consumers. Deliveries that arrive after Cancel are
  // not handled, but the handler may be running meanwhile. Safe from any
  // thread; the handler may also return kStop.
  void Cancel();
  // Wait blocks until the consumer has ended and the handler will not run
  // again. OK when it left (Cancel, kStop); otherwise the error that ended it.
  Result<void> Wait();
  // The last heartbeat read: the group's checkpoint and the head of the log
  // (the server sends one at least every second); none before the first.
  std::optional<v1::GroupHeartbeat> last_heartbeat() const;

 private:
  std::shared_ptr<Core> core_;
  // Held here, not by the core, for the reason Subscription gives.
  std::shared_ptr<const void> channel_owner_;
};

}  // namespace chancery

#endif  // CHANCERY_CLIENT_GROUP_CONSUMER_H_
