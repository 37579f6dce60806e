// AppendQueue: the appends submitted to a store's writer thread, which takes
// all that wait as one group and commits them in one transaction (group
// commit), so that one sync to disk serves many callers.

#ifndef CHANCERY_EVENTSTORE_APPEND_QUEUE_H_
#define CHANCERY_EVENTSTORE_APPEND_QUEUE_H_

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/append.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

class AppendQueue {
 public:
  struct Pending {
    AppendRequest request;
    EventStore::AppendCallback done;
  };

  // Submit queues `request`; after Close, `done` gets UNAVAILABLE at once.
  void Submit(AppendRequest request, EventStore::AppendCallback done)
      ABSL_LOCKS_EXCLUDED(mutex_);

  // Close refuses later submissions; what is queued can still be taken.
  void Close() ABSL_LOCKS_EXCLUDED(mutex_);

  // TakeGroup waits up to `wait` for requests and takes those waiting, up
  // to about `max_events` events (at least one request), answering those
  // whose deadline has passed instead (AppendDeadlineExceededError). It
  // returns nullopt once closed and empty, and an empty group only when
  // `wait` (absl::InfiniteDuration(): no limit) passed with nothing to do.
  std::optional<std::vector<Pending>> TakeGroup(absl::Duration wait, size_t max_events)
      ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  absl::Mutex mutex_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

// EventCount: the events of every stream of `request`.
size_t EventCount(const AppendRequest& request);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_APPEND_QUEUE_H_
