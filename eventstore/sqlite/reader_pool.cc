#include "eventstore/sqlite/reader_pool.h"

#include "common/status_macros.h"

namespace chancery::eventstore::sqlite {

// Idle connections kept for reuse; more may be open while reads are busy.
constexpr size_t kMaxIdle = 8;

absl::StatusOr<ReaderPool::Lease> ReaderPool::Borrow() {
  {
    absl::MutexLock lock(&mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                   Connection::Open(path_, SQLITE_OPEN_READONLY, vfs_));
  RETURN_IF_ERROR(connection->Execute("PRAGMA busy_timeout = 5000"));
  return Lease(this, std::move(connection));
}

void ReaderPool::Return(std::unique_ptr<Connection> connection) {
  absl::MutexLock lock(&mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
}

}  // namespace chancery::eventstore::sqlite
