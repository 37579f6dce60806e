// chancery::Subscription: SubscribeLog or WatchRelationships followed
// across interruptions.
//
// Both streams deliver, in ascending position and exactly once, what comes
// after `after_position`, then a CaughtUp marker, then live messages
// (docs/api.md, "Subscriptions"). A Subscription notes the position of each
// message it delivers (records, changes and markers alike); when the stream
// breaks with UNAVAILABLE (the server restarted), RESOURCE_EXHAUSTED (we
// read too slowly) or CANCELLED by the server, it subscribes again after
// that position, backing off, so the handler sees every message once and in
// order across reconnects. Other errors end it.
//
// The handler runs on gRPC's threads, one message at a time; a slow
// handler slows the stream (the server ends a subscriber that falls too far
// behind, and this one then resumes).

#ifndef CHANCERY_CLIENT_SUBSCRIPTION_H_
#define CHANCERY_CLIENT_SUBSCRIPTION_H_

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "chancery/call_options.h"
#include "chancery/error.h"
#include "chancery/v1/event_log_service.pb.h"
#include "chancery/v1/relations_service.pb.h"

namespace chancery {

// What a stream's message handler says: go on reading, or stop the call
// (which then ends OK).
enum class Next { kContinue, kStop };

template <typename Message>
using OnMessage = std::function<Next(const Message&)>;

struct SubscribeOptions {
  // Start after the head of the log as it is when subscribing (only what is
  // committed from now on), whatever the request's `after_position`.
  bool from_head = false;
  // Sent with every call, the first and each resumption.
  Metadata metadata;
  // false: end with the error instead of resuming.
  bool resume = true;
  // The pause before a resumption doubles from `min_backoff` to
  // `max_backoff` while resumptions deliver nothing.
  absl::Duration min_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
  // Called before each resumption with the error that broke the stream and
  // the position it resumes after.
  std::function<void(const Error& why, uint64_t after_position)> on_resume;
  // Called once when the subscription ends, with what Wait() returns, after
  // the last message was handled.
  std::function<void(const Result<void>& end)> on_end;
};

template <typename Response>
class Subscription {
 public:
  class Core;  // Shared with the calls in flight (subscription.cc).

  // `channel_owner` keeps the channel until the subscription is destroyed.
  Subscription(std::shared_ptr<Core> core, std::shared_ptr<const void> channel_owner)
      : core_(std::move(core)), channel_owner_(std::move(channel_owner)) {}
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  // Cancels and waits for the end: do not destroy it from its own handler.
  ~Subscription();

  // Cancel ends the subscription soon; the handler may be running
  // meanwhile. Safe from any thread (the handler may also return kStop).
  void Cancel();
  // Wait blocks until the subscription has ended and the handler will not
  // run again. OK when it was cancelled or the server ended the stream;
  // otherwise the error that ended it.
  Result<void> Wait();
  // WaitUntilCaughtUp blocks until the first CaughtUp marker has been
  // handled (true), or `timeout` passes or the subscription ends (false).
  bool WaitUntilCaughtUp(absl::Duration timeout = absl::InfiniteDuration());
  // The position of the last message handled; resuming starts after it.
  uint64_t position() const;

 private:
  std::shared_ptr<Core> core_;
  // Held here, on the caller's side, rather than by the core, which gRPC's
  // threads may release last: gRPC 1.51 breaks when a channel is destroyed
  // on one of its own callback threads.
  std::shared_ptr<const void> channel_owner_;
};

using LogSubscription = Subscription<v1::SubscribeLogResponse>;
using RelationshipWatch = Subscription<v1::WatchRelationshipsResponse>;

}  // namespace chancery

#endif  // CHANCERY_CLIENT_SUBSCRIPTION_H_
