// Writability: whether the store can commit now, and whom to tell when that
// changes.
//
// The writer turns it off when a commit fails for a storage fault (an I/O
// error, a full disk, a lock held too long, the database file deleted or
// replaced) and on again once a commit succeeds; chanceryd's health service
// follows it (services/server/serving_health.h).

#ifndef CHANCERY_EVENTSTORE_WRITABILITY_H_
#define CHANCERY_EVENTSTORE_WRITABILITY_H_

#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace chancery::eventstore {

// Told OK when commits succeed (again), or the failure that stops them.
using WritabilityListener = std::function<void(const absl::Status& writable)>;

class Writability {
 public:
  // Set records the outcome of a commit: OK, or the storage fault that
  // failed it. The listener hears of it when it turns writability on or off.
  void Set(const absl::Status& outcome) ABSL_LOCKS_EXCLUDED(mutex_);
  bool writable() const ABSL_LOCKS_EXCLUDED(mutex_);

  // SetListener replaces the listener (an empty one: none) and tells the new
  // one the current state at once. Listeners run with this object's lock
  // held, so they hear every change in order, none runs after SetListener
  // returns, and a listener must not block nor call back into the store.
  void SetListener(WritabilityListener listener) ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  mutable absl::Mutex mutex_;
  absl::Status state_ ABSL_GUARDED_BY(mutex_);
  WritabilityListener listener_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_WRITABILITY_H_
