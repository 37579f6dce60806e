#include "eventstore/sqlite/wal_checkpointer.h"

#include <sqlite3.h>

#include "common/status_macros.h"
#include "common/thread_name.h"

namespace chancery::eventstore::sqlite {

absl::StatusOr<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(const std::string& path,
                                                                        const std::string& vfs,
                                                                        Connection& writer,
                                                                        CheckpointPolicy policy) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                   Connection::Open(path, SQLITE_OPEN_READWRITE, vfs));
  // A connection learns that the file is in WAL mode when it first reads
  // it; until then a checkpoint does nothing.
  RETURN_IF_ERROR(connection->Execute("PRAGMA busy_timeout = 5000; PRAGMA schema_version"));
  std::unique_ptr<WalCheckpointer> checkpointer(
      new WalCheckpointer(std::move(connection), policy));
  // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
  sqlite3_wal_hook(writer.handle(), &WalCheckpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<Connection> connection, CheckpointPolicy policy)
    : connection_(std::move(connection)), policy_(policy), thread_([this] { Run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    absl::MutexLock lock(&mutex_);  // Wakes the thread: its conditions are checked on unlock.
    stopping_ = true;
  }
  thread_.join();
  // A clean stop leaves no log behind: the store's read-only connections, if
  // they close last, cannot checkpoint it themselves.
  Checkpoint(connection_->handle(), SQLITE_CHECKPOINT_TRUNCATE);
}

void WalCheckpointer::Checkpoint(sqlite3* db, int mode) {
  int log_frames = 0;
  int copied_frames = 0;
  const int result = sqlite3_wal_checkpoint_v2(db, "main", mode, &log_frames, &copied_frames);
  // Counted when it copied the whole log (readers may cut a passive one short).
  if (result != SQLITE_OK || copied_frames < log_frames || log_frames <= 0) return;
  if (StoreObserver* observer = observer_.load()) observer->WalCheckpointed();
}

int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char*, int log_frames) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (log_frames >= checkpointer->policy_.restart_frames) {
    // Passive checkpoints have not kept up (readers never all paused). Here,
    // between two of the writer's commits, no write can starve the
    // checkpoint of the write lock; it waits for the readers (at most the
    // busy timeout) and the log starts again from nothing.
    checkpointer->Checkpoint(db, SQLITE_CHECKPOINT_TRUNCATE);
    return SQLITE_OK;
  }
  if (log_frames < checkpointer->policy_.threshold_frames) return SQLITE_OK;
  absl::MutexLock lock(&checkpointer->mutex_);
  checkpointer->due_ = true;
  return SQLITE_OK;
}

void WalCheckpointer::Run() {
  NameThisThread("chancery-ckpt");
  absl::MutexLock lock(&mutex_);
  const auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return due_ || stopping_; };
  const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return stopping_; };
  while (true) {
    mutex_.Await(absl::Condition(&woken));
    if (stopping_) return;
    due_ = false;
    mutex_.Unlock();
    // A checkpoint that readers cut short, or that fails, is simply tried
    // again when a later commit finds the log still long.
    Checkpoint(connection_->handle(), SQLITE_CHECKPOINT_PASSIVE);
    mutex_.Lock();
    mutex_.AwaitWithTimeout(absl::Condition(&stopping), policy_.min_interval);
  }
}

}  // namespace chancery::eventstore::sqlite
