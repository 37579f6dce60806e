// HeadSignal: the committed head position, and a way to wait for it to move.
//
// The writer publishes each new head after it commits; readers block in
// WaitPast until the head passes the position they have seen. Waiters are
// woken by Publish or Close, never by polling.

#ifndef CHANCERY_EVENTSTORE_HEAD_SIGNAL_H_
#define CHANCERY_EVENTSTORE_HEAD_SIGNAL_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "absl/time/time.h"

namespace chancery::eventstore {

class HeadSignal {
 public:
  explicit HeadSignal(uint64_t head) : head_(head) {}

  // Publish records `head` as committed and wakes every waiter.
  void Publish(uint64_t head);
  // Close wakes every waiter for good; later waits return at once.
  void Close();

  uint64_t head() const;
  // WaitPast blocks until head() > `position`, `deadline`, or Close, and
  // returns head() then.
  uint64_t WaitPast(uint64_t position, absl::Time deadline) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  uint64_t head_;       // Guarded by mutex_.
  bool closed_ = false;  // Guarded by mutex_.
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_HEAD_SIGNAL_H_
