// Projections: the live ProjectionIndex of a running server, guarded for
// concurrent queries, kept up to date by the LogFanout's follower thread,
// and snapshotted so a restart replays only the tail of the log.
//
// At start, Load() restores the snapshot (if it matches the log), then folds
// in every record after it straight from the store. From then on the
// follower calls Apply() with each batch of new records before it publishes
// them, so a subscriber never sees a record the projections do not know.

#ifndef CHANCERY_SERVICES_SERVER_PROJECTIONS_H_
#define CHANCERY_SERVICES_SERVER_PROJECTIONS_H_

#include <atomic>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event_store.h"
#include "services/projection/model_settings.h"
#include "services/projection/projection_index.h"
#include "services/server/log_fanout.h"

namespace chancery::server {

class Projections {
 public:
  // `snapshot_path` empty: never snapshot (tests, benchmarks).
  Projections(projection::ModelSettings settings, std::string snapshot_path);

  // Load restores the snapshot (if authentic under `store`'s secret) and
  // catches up with `store`; call once, before serving. Reports on stderr
  // when it discards a snapshot. Later snapshots use the same secret.
  absl::Status Load(eventstore::EventStore& store);

  // Apply folds in records that follow head(), in order. Writes a snapshot
  // every kSnapshotEvery records.
  void Apply(const std::vector<SharedRecord>& records);

  // SaveSnapshot writes the snapshot now (at shutdown).
  absl::Status SaveSnapshot();

  // Read runs `query(index)` under a shared lock and returns what it does.
  template <typename Query>
  auto Read(Query query) const {
    absl::ReaderMutexLock lock(&mutex_);
    return query(index_);
  }

  uint64_t head() const;
  // folded: the last position folded in, read without waiting (head() waits
  // while Load runs): a load's progress.
  uint64_t folded() const { return folded_.load(std::memory_order_relaxed); }
  // CameoCodeOf returns the CAMEO code of the event `event_id` of `stream`,
  // or "" if the projections know no such event.
  std::string CameoCodeOf(const std::string& stream, const std::string& event_id) const;
  // CatchUpWith waits (up to a few seconds) until the projections reflect
  // every record `store` has committed, so a client reads its own writes.
  // UNAVAILABLE if they do not get there in time.
  absl::Status CatchUpWith(eventstore::EventStore& store) const;

  const projection::ModelSettings& settings() const { return settings_; }

 private:
  absl::Status CatchUp(eventstore::EventStore& store) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::Status SaveLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(save_mutex_)
      ABSL_SHARED_LOCKS_REQUIRED(mutex_);

  const projection::ModelSettings settings_;
  const std::string snapshot_path_;
  std::string secret_;  // The store's, set by Load.

  // Held while a snapshot is written, which needs mutex_ only shared so that
  // queries go on meanwhile: saves take their turns, and note where the last
  // one was. Taken before mutex_.
  absl::Mutex save_mutex_ ABSL_ACQUIRED_BEFORE(mutex_);
  uint64_t snapshot_head_ ABSL_GUARDED_BY(save_mutex_) = 0;  // Position of the last snapshot.
  // absl::Mutex, not std::shared_mutex: a waiting writer (Apply) holds back
  // new readers, so queries that overlap without end cannot starve the
  // follower, as glibc's reader-preferring rwlock let them.
  mutable absl::Mutex mutex_;
  projection::ProjectionIndex index_ ABSL_GUARDED_BY(mutex_);
  std::string last_hash_ ABSL_GUARDED_BY(mutex_);  // Hash of the record at index_.head().
  std::atomic<uint64_t> folded_{0};                // index_.head(), for folded().
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_PROJECTIONS_H_
