// FaultVfs: an SQLite VFS for tests that fails file operations on command.
//
// It wraps SQLite's default "unix" VFS (SQLite's own extension point,
// sqlite3_vfs_register) and passes every call through, except that a test
// can make opens, reads, writes, syncs or lock acquisitions fail with the
// result code of its choice (SQLITE_IOERR_WRITE, SQLITE_FULL,
// SQLITE_IOERR_FSYNC, SQLITE_BUSY, ...) for the next N calls or until cleared, optionally only
// for files whose name ends with a suffix ("-wal", ".db"). A store opened
// with SqliteStoreOptions::vfs = FaultVfs::kName uses it.
//
// Example:
//   FaultVfs& faults = FaultVfs::Instance();
//   faults.Inject({FileOperation::kSync, SQLITE_IOERR_FSYNC, FaultVfs::kUntilCleared, "-wal"});
//   ... appends fail ...
//   faults.Clear();

#ifndef CHANCERY_EVENTSTORE_TESTING_FAULT_VFS_H_
#define CHANCERY_EVENTSTORE_TESTING_FAULT_VFS_H_

#include <array>
#include <mutex>
#include <string>

namespace chancery::testing {

enum class FileOperation {
  kOpen,   // xOpen.
  kRead,   // xRead.
  kWrite,  // xWrite.
  kSync,   // xSync (fsync).
  // Taking a lock: xLock, and xShmLock taking an exclusive lock (in WAL mode
  // the write lock of BEGIN IMMEDIATE). The shared locks of a WAL read are
  // left alone: SQLite retries a busy one for seconds, then reports
  // SQLITE_PROTOCOL, which is not the fault a test means. Unlocks never fail.
  kLock,
};

struct Fault {
  FileOperation operation;
  int result;  // The SQLite result code the failing calls return.
  int times;   // How many calls fail; FaultVfs::kUntilCleared for all.
  // Only calls on files whose path ends with this; empty for every file.
  std::string file_suffix;
};

class FaultVfs {
 public:
  static constexpr char kName[] = "chancery-fault";
  static constexpr int kUntilCleared = -1;

  // Instance registers the VFS (once, not as the default) and returns it.
  static FaultVfs& Instance();

  // Inject replaces the fault of `fault.operation`.
  void Inject(const Fault& fault);
  // Clear removes every fault; later calls pass through.
  void Clear();
  // Failures is how many calls of `operation` have failed since its last Inject.
  int Failures(FileOperation operation) const;

  // FailureFor is the result a call of `operation` on `file` (null for a
  // temporary file) must return instead of running: SQLITE_OK to run it.
  // Counts the call against the fault. For the VFS's own methods.
  int FailureFor(FileOperation operation, const char* file);

 private:
  struct Armed {
    bool active = false;
    Fault fault{};
    int failures = 0;
  };
  FaultVfs() = default;

  mutable std::mutex mutex_;
  std::array<Armed, 5> armed_;  // Indexed by FileOperation. Guarded by mutex_.
};

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_FAULT_VFS_H_
