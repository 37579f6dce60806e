// WritabilityRecorder: listens to a store's writability (EventStore::
// SetWritabilityListener) so that a test can wait for it to change.

#ifndef CHANCERY_EVENTSTORE_TESTING_WRITABILITY_RECORDER_H_
#define CHANCERY_EVENTSTORE_TESTING_WRITABILITY_RECORDER_H_

#include <condition_variable>
#include <mutex>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "eventstore/writability.h"

namespace chancery::testing {

class WritabilityRecorder {
 public:
  // Listener records what it hears here; this recorder must outlive its use.
  eventstore::WritabilityListener Listener() {
    return [this](const absl::Status& writable) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        state_ = writable;
        ++changes_;
      }
      changed_.notify_all();
    };
  }

  // WaitFor waits up to `timeout` until the store is writable (or not, as
  // `writable` says) and returns whether it is.
  bool WaitFor(bool writable, absl::Duration timeout = absl::Seconds(30)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, absl::ToChronoMilliseconds(timeout),
                             [&] { return changes_ > 0 && state_.ok() == writable; });
  }

  // The last state heard: OK, or why commits fail.
  absl::Status state() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return state_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  absl::Status state_;  // Guarded by mutex_.
  int changes_ = 0;     // Guarded by mutex_.
};

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_WRITABILITY_RECORDER_H_
