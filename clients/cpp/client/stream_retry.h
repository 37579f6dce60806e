// What the streams that go on across interruptions share: which endings they
// recover from, the back-off between attempts, and the alarm that waits it
// out (subscriptions and group consumers).

#ifndef CHANCERY_CLIENTS_CPP_CLIENT_STREAM_RETRY_H_
#define CHANCERY_CLIENTS_CPP_CLIENT_STREAM_RETRY_H_

#include <grpcpp/alarm.h>
#include <grpcpp/support/status.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chancery/error.h"

namespace chancery::internal {

// Whether a stream that ended with `code` may be opened again. We cancel
// only calls we no longer follow, so CANCELLED comes from a server going
// down while the call arrived.
inline bool Recoverable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::CANCELLED;
}

// CheckBackoff refuses back-offs that are not 0 < min_backoff <= max_backoff;
// `options` names the options struct in the error.
Result<void> CheckBackoff(const char* options, absl::Duration min_backoff,
                          absl::Duration max_backoff);

// Backoff: the pause before each attempt doubles from `min` to `max` while
// attempts make no progress.
class Backoff {
 public:
  Backoff(absl::Duration min, absl::Duration max) : min_(min), max_(max), next_(min) {}
  // Reset: the last attempt made progress.
  void Reset() { next_ = min_; }
  // Next is the pause before the coming attempt.
  absl::Duration Next() {
    const absl::Duration delay = next_;
    next_ = std::min(2 * next_, max_);
    return delay;
  }

 private:
  const absl::Duration min_;
  const absl::Duration max_;
  absl::Duration next_;
};

// SetAlarm calls `then(fired)` on `owner` once `delay` has passed (fired),
// or when the alarm is cancelled first (not fired). The owner keeps the
// alarm, and the alarm keeps its callback until it is destroyed: the
// callback lets go of the owner when it runs, so the two do not keep each
// other alive.
template <typename Owner>
void SetAlarm(grpc::Alarm& alarm, absl::Duration delay, std::shared_ptr<Owner> owner,
              void (Owner::*then)(bool fired)) {
  auto held = std::make_shared<std::shared_ptr<Owner>>(std::move(owner));
  alarm.Set(absl::ToChronoTime(absl::Now() + delay), [held, then](bool fired) {
    const std::shared_ptr<Owner> self = std::move(*held);
    ((*self).*then)(fired);
  });
}

}  // namespace chancery::internal

#endif  // CHANCERY_CLIENTS_CPP_CLIENT_STREAM_RETRY_H_
