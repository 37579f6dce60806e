// FileLock: an exclusive advisory lock that keeps a second chanceryd off a
// database file. Two writers would each extend the hash chain from their own
// idea of its head, so the second one must be refused, not merely delayed.

#ifndef CHANCERY_EVENTSTORE_SQLITE_FILE_LOCK_H_
#define CHANCERY_EVENTSTORE_SQLITE_FILE_LOCK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace chancery::eventstore::sqlite {

class FileLock {
 public:
  // Acquire locks `path` (flock, which SQLite's own fcntl locks ignore), or
  // fails with FAILED_PRECONDITION if another process holds it.
  static absl::StatusOr<std::unique_ptr<FileLock>> Acquire(const std::string& path);
  ~FileLock();  // Releases the lock.

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_FILE_LOCK_H_
