// LogFanout: follows the head of the event log and wakes subscribers.
//
// One thread waits on the store for new commits (EventStore::WaitForEvents,
// woken by the writer), copies the new records once, keeps the most recent
// `window` of them in memory, and tells every attached subscriber that more
// is available. Subscribers pull what they need with ForEachAfter(); whatever is
// older than the window they read from the store themselves. So a thousand
// subscribers cost a thousand small objects, not a thousand threads.

#ifndef CHANCERY_SERVICES_SERVER_LOG_FANOUT_H_
#define CHANCERY_SERVICES_SERVER_LOG_FANOUT_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include <grpcpp/support/slice.h>

#include "chancery/v1/log_record.pb.h"
#include "eventstore/event_store.h"

namespace chancery::server {

// A published record: the stored event, decoded at most once and
// serialized at most once, each on first use, for every subscriber to share
// (a stream sends wire() without serializing it again). The follower itself
// decodes nothing: the projections fold straight from the stored bytes, so a
// server without log subscribers never builds a LogRecord.
class PublishedRecord {
 public:
  explicit PublishedRecord(eventstore::RecordedEvent stored) : stored_(std::move(stored)) {}

  uint64_t position() const { return stored_.position; }
  const eventstore::RecordedEvent& stored() const { return stored_; }

  // The record as the API shows it. One whose payload does not decode still
  // takes its place, with only its position and stream, so positions stay
  // gapless; it matches no filter.
  const v1::LogRecord& record() const;

  // record(), serialized.
  const grpc::Slice& wire() const;

 private:
  const eventstore::RecordedEvent stored_;
  mutable std::once_flag decoded_;
  mutable v1::LogRecord record_;
  mutable std::once_flag serialized_;
  mutable grpc::Slice wire_;
};
using SharedRecord = std::shared_ptr<const PublishedRecord>;

// Share wraps a stored event for publishing.
SharedRecord Share(eventstore::RecordedEvent stored);

class LogFanout {
 public:
  // What a subscriber implements. Both calls come from the fanout's thread
  // (or the caller of Close), must not block, and may call ForEachAfter().
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    // OnAdvanced: the head moved past what was published before, or a
    // second passed without it moving (a tick for periodic work).
    virtual void OnAdvanced() = 0;
    // OnClosed: the server is shutting down; end the stream.
    virtual void OnClosed() = 0;
  };

  // What ForEachAfter found.
  struct Scan {
    uint64_t head = 0;  // The head when the window was scanned.
    // The position asked for is older than the window (nothing was
    // visited): read the store.
    bool before_window = false;
  };

  // Called on the follower thread with each batch of new records before
  // subscribers can see them (the projections fold them in here).
  using BeforePublish = std::function<void(const std::vector<SharedRecord>&)>;

  // `store` must outlive the fanout. `window` records are kept in memory.
  LogFanout(eventstore::EventStore* store, size_t window, BeforePublish before_publish = nullptr);
  ~LogFanout();  // Close()s.

  // Start begins following the store after position `head` (which the
  // caller has already accounted for, e.g. by loading projections up to it).
  void Start(uint64_t head);
  // Close stops following, calls OnClosed on every subscriber, and makes
  // later Attach calls fail.
  void Close();

  // Attach registers `subscriber` for OnAdvanced/OnClosed; false once closed.
  bool Attach(Subscriber* subscriber);
  // Detach unregisters it; after Detach returns no call reaches it.
  void Detach(Subscriber* subscriber);

  // ForEachAfter calls `visit(const SharedRecord&)` on up to `max_count`
  // records after `position` that the window holds, in ascending
  // (consecutive) positions. It holds the window's reader lock throughout, so
  // records are lent, not copied, to a thousand subscribers: `visit` must be
  // quick and must not call the fanout.
  template <typename Visit>
  Scan ForEachAfter(uint64_t position, size_t max_count, Visit visit) const
      ABSL_LOCKS_EXCLUDED(window_mutex_) {
    absl::ReaderMutexLock lock(&window_mutex_);
    Scan scan;
    scan.head = head_;
    const uint64_t start = head_ + 1 - window_.size();
    if (position + 1 < start) {
      scan.before_window = true;
      return scan;
    }
    const uint64_t last = std::min<uint64_t>(head_, position + max_count);
    for (uint64_t next = position + 1; next <= last; ++next) visit(window_[next - start]);
    return scan;
  }
  // The position of the last published record.
  uint64_t head() const ABSL_LOCKS_EXCLUDED(window_mutex_);
  // The oldest position the window still holds (head + 1 when empty).
  uint64_t window_start() const ABSL_LOCKS_EXCLUDED(window_mutex_);

 private:
  void Follow();
  void Publish(std::vector<SharedRecord> records) ABSL_LOCKS_EXCLUDED(window_mutex_);
  void NotifyAll(bool closed);

  eventstore::EventStore* const store_;
  const size_t window_size_;
  const BeforePublish before_publish_;

  // absl::Mutex: a waiting writer (Publish) holds back new readers, so a
  // thousand subscribers scanning the window cannot starve the follower.
  mutable absl::Mutex window_mutex_;
  std::deque<SharedRecord> window_ ABSL_GUARDED_BY(window_mutex_);
  uint64_t head_ ABSL_GUARDED_BY(window_mutex_) = 0;

  // Recursive: a subscriber may Detach from inside a notification. (So a
  // std::recursive_mutex, which absl::Mutex is not, and which the thread
  // safety analysis cannot check.)
  std::recursive_mutex subscribers_mutex_;
  absl::flat_hash_set<Subscriber*> subscribers_;  // Guarded by subscribers_mutex_.
  bool closed_ = false;                           // Guarded by subscribers_mutex_.

  std::atomic<bool> stopping_{false};
  std::thread follower_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_LOG_FANOUT_H_
