// ReaderPool: read-only connections shared by the threads that read the log.
//
// In WAL mode readers never block the writer nor each other; each read runs
// on its own connection and sees one consistent snapshot.

#ifndef CHANCERY_EVENTSTORE_SQLITE_READER_POOL_H_
#define CHANCERY_EVENTSTORE_SQLITE_READER_POOL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

class ReaderPool {
 public:
  // A borrowed connection, returned to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_ != nullptr) pool_->Return(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Connections open `path` through the VFS named `vfs` (empty: the default).
  ReaderPool(std::string path, std::string vfs) : path_(std::move(path)), vfs_(std::move(vfs)) {}

  // Borrow hands out an idle connection, opening a new one if none is idle.
  absl::StatusOr<Lease> Borrow() ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  void Return(std::unique_ptr<Connection> connection) ABSL_LOCKS_EXCLUDED(mutex_);

  const std::string path_;
  const std::string vfs_;
  absl::Mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_READER_POOL_H_
