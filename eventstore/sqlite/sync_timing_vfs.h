// SyncTimingVfs: the VFS the SQLite store opens its files through unless
// told otherwise: SQLite's "unix" one, with each sync (fsync) timed for the
// store's StoreObserver (chancery_store_fsync_duration_seconds).

#ifndef CHANCERY_EVENTSTORE_SQLITE_SYNC_TIMING_VFS_H_
#define CHANCERY_EVENTSTORE_SQLITE_SYNC_TIMING_VFS_H_

#include <atomic>

#include "eventstore/sqlite/wrapping_vfs.h"
#include "eventstore/store_observer.h"

namespace chancery::eventstore::sqlite {

class SyncTimingVfs final : public VfsHooks {
 public:
  static constexpr char kName[] = "chancery-sync-timing";

  // Instance registers the VFS (once, not as the default) and returns it.
  static SyncTimingVfs& Instance();

  // SetObserver: `observer` (which outlives every store) hears of each sync
  // from now on, whichever store's. chanceryd has one store.
  void SetObserver(StoreObserver* observer) { observer_.store(observer); }

  void Synced(const char* file, absl::Duration duration) override;

 private:
  SyncTimingVfs() = default;

  std::atomic<StoreObserver*> observer_{nullptr};
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_SYNC_TIMING_VFS_H_
