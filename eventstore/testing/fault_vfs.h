// FaultVfs: an SQLite VFS for tests that fails file operations on command.
//
// It wraps SQLite's default "unix" VFS (eventstore/sqlite/wrapping_vfs.h)
// and passes every call through, except that a test can make opens, reads, writes, syncs or lock acquisitions fail with the
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

#include "eventstore/sqlite/wrapping_vfs.h"

namespace chancery::testing {

using FileOperation = eventstore::sqlite::FileOperation;

struct Fault {
  FileOperation operation;
  int result;  // The SQLite result code the failing calls return.
  int times;   // How many calls fail; FaultVfs::kUntilCleared for all.
  // Only calls on files whose path ends with this; empty for every file.
  std::string file_suffix;
};

class FaultVfs final : public eventstore::sqlite::VfsHooks {
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

  // Before counts the call against the fault of `operation`, if it has one
  // for `file`, and returns its result.
  int Before(FileOperation operation, const char* file) override;

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
