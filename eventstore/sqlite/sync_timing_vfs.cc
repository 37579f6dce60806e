#include "eventstore/sqlite/sync_timing_vfs.h"

namespace chancery::eventstore::sqlite {

SyncTimingVfs& SyncTimingVfs::Instance() {
  static SyncTimingVfs* instance = [] {
    auto* timing = new SyncTimingVfs();
    RegisterWrappingVfs(kName, timing);
    return timing;
  }();
  return *instance;
}

void SyncTimingVfs::Synced(const char*, absl::Duration duration) {
  if (StoreObserver* observer = observer_.load()) observer->Synced(duration);
}

}  // namespace chancery::eventstore::sqlite
