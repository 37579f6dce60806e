#include "eventstore/head_signal.h"

#include <algorithm>

namespace chancery::eventstore {

// Waiters wait on a Condition, which the mutex checks whenever it is released: Publish and
// Close wake exactly the waiters whose condition now holds.

void HeadSignal::Publish(uint64_t head) {
  absl::MutexLock lock(&mutex_);
  head_ = std::max(head_, head);  // Two threads may publish (a writer, a follower of others).
}

void HeadSignal::Close() {
  absl::MutexLock lock(&mutex_);
  closed_ = true;
}

uint64_t HeadSignal::head() const {
  absl::MutexLock lock(&mutex_);
  return head_;
}

uint64_t HeadSignal::WaitPast(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&mutex_);
  const auto passed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return closed_ || head_ > position; };
  mutex_.AwaitWithDeadline(absl::Condition(&passed), deadline);  // Forever if InfiniteFuture.
  return head_;
}

}  // namespace chancery::eventstore
