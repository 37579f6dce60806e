// HeadSignal: the committed head position, and a way to wait for it to move.
//
// The writer publishes each new head after it commits; readers block in
// WaitPast until the head passes the position they have seen. Waiters are
// woken by Publish or Close, never by polling.

#ifndef CHANCERY_EVENTSTORE_HEAD_SIGNAL_H_
#define CHANCERY_EVENTSTORE_HEAD_SIGNAL_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace chancery::eventstore {

class HeadSignal {
 public:
  explicit HeadSignal(uint64_t head) : head_(head) {}

  // Publish records `head` as committed (unless a later head is) and wakes
  // every waiter.
  void Publish(uint64_t head) ABSL_LOCKS_EXCLUDED(mutex_);
  // Close wakes every waiter for good; later waits return at once.
  void Close() ABSL_LOCKS_EXCLUDED(mutex_);

  uint64_t head() const ABSL_LOCKS_EXCLUDED(mutex_);
  // WaitPast blocks until head() > `position`, `deadline`, or Close, and
  // returns head() then.
  uint64_t WaitPast(uint64_t position, absl::Time deadline) const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  mutable absl::Mutex mutex_;
  uint64_t head_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_HEAD_SIGNAL_H_
