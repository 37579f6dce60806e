// RegisterWrappingVfs: an SQLite VFS over the default "unix" one (SQLite's
// own extension point, sqlite3_vfs_register) that passes every call
// through, after asking its VfsHooks: a hook may fail a call instead (the
// tests' FaultVfs) or time it (SyncTimingVfs, for the store's metrics).

#ifndef CHANCERY_EVENTSTORE_SQLITE_WRAPPING_VFS_H_
#define CHANCERY_EVENTSTORE_SQLITE_WRAPPING_VFS_H_

#include <sqlite3.h>

#include "absl/time/time.h"

namespace chancery::eventstore::sqlite {

enum class FileOperation {
  kOpen,   // xOpen.
  kRead,   // xRead.
  kWrite,  // xWrite.
  kSync,   // xSync (fsync).
  // Taking a lock: xLock, and xShmLock taking an exclusive lock (in WAL mode
  // the write lock of BEGIN IMMEDIATE). The shared locks of a WAL read are
  // not asked about: SQLite retries a busy one for seconds, then reports
  // SQLITE_PROTOCOL. Unlocks never are.
  kLock,
};

class VfsHooks {
 public:
  virtual ~VfsHooks() = default;
  // Before: the result a call of `operation` on `file` (null for a
  // temporary file) returns instead of running; SQLITE_OK to run it.
  virtual int Before(FileOperation operation, const char* file) { return SQLITE_OK; }
  // Synced: a sync of `file` ran, for `duration`.
  virtual void Synced(const char* file, absl::Duration duration) {}
};

// RegisterWrappingVfs registers the VFS `name` (not as the default), whose
// calls go through `hooks`; both live as long as the process. Aborts if
// SQLite has no "unix" VFS or refuses the registration.
void RegisterWrappingVfs(const char* name, VfsHooks* hooks);

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_WRAPPING_VFS_H_
