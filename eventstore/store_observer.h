// StoreObserver: what a store tells of its work as it does it, for metrics.
// Calls come on the store's own threads: they must be quick, and must not
// call the store.

#ifndef CHANCERY_EVENTSTORE_STORE_OBSERVER_H_
#define CHANCERY_EVENTSTORE_STORE_OBSERVER_H_

#include <cstddef>

#include "absl/time/time.h"

namespace chancery::eventstore {

class StoreObserver {
 public:
  virtual ~StoreObserver() = default;
  // Committed: one transaction of `events` events (a group of appends),
  // committed or failed after `duration`.
  virtual void Committed(size_t events, absl::Duration duration) = 0;
  // Synced: the database or its log was synced to disk (fsync), taking
  // `duration` (SQLite only: PostgreSQL syncs on its server).
  virtual void Synced(absl::Duration duration) = 0;
  // WalCheckpointed: SQLite copied its write-ahead log into the database.
  virtual void WalCheckpointed() = 0;
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_STORE_OBSERVER_H_
