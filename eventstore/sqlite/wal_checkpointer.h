// WalCheckpointer: copies the write-ahead log back into the database file on
// a thread of its own.
//
// Left to itself, SQLite checkpoints inside the commit that takes the log
// past its threshold, on the writer's thread; and while readers (subscribers
// following the head) keep a checkpoint from finishing, it tries again in
// every following commit, each time syncing the database file. Here the
// writer's commits only note the log's size (a WAL hook); this thread runs a
// PASSIVE checkpoint, which never blocks the writer or readers, once the log
// has reached the threshold, and at most once per interval. Past a larger
// bound the writer's commit itself runs a TRUNCATE checkpoint, which waits
// for readers so that the log starts again from nothing; and this thread
// runs one more when it stops.

#ifndef CHANCERY_EVENTSTORE_SQLITE_WAL_CHECKPOINTER_H_
#define CHANCERY_EVENTSTORE_SQLITE_WAL_CHECKPOINTER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/sqlite/connection.h"
#include "eventstore/store_observer.h"

namespace chancery::eventstore::sqlite {

struct CheckpointPolicy {
  // Checkpoint once the log holds this many pages: about 16 MiB, four times
  // SQLite's default, since each checkpoint also syncs the database file.
  int threshold_frames = 4000;
  // Past this many pages (about 64 MiB) the checkpoint waits for readers and
  // briefly holds writers back (SQLite's TRUNCATE mode), so that it finishes
  // and the log starts again from nothing: readers that never pause would
  // otherwise keep every passive checkpoint from finishing, and the log
  // would grow without bound.
  int restart_frames = 16000;
  // Between two checkpoints, however long the log: one that readers cut
  // short is retried no sooner than this.
  absl::Duration min_interval = absl::Milliseconds(200);
};

class WalCheckpointer {
 public:
  // Start opens a connection of its own to `path` (through the VFS named
  // `vfs`; empty: the default) and takes over checkpointing from `writer`,
  // whose commits it then hears of. `writer` must commit nothing after the
  // checkpointer is destroyed.
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(const std::string& path,
                                                                const std::string& vfs,
                                                                Connection& writer,
                                                                CheckpointPolicy policy = {});
  ~WalCheckpointer();  // Finishes a running checkpoint, then stops.

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // SetObserver: `observer` (which outlives the checkpointer) hears of each
  // checkpoint that completes.
  void SetObserver(StoreObserver* observer) { observer_.store(observer); }

 private:
  WalCheckpointer(std::unique_ptr<Connection> connection, CheckpointPolicy policy);
  // The writer connection's WAL hook: runs inside each commit.
  static int OnCommit(void* self, sqlite3* db, const char* schema, int log_frames);
  // Checkpoint runs one on `db` and tells the observer if it completed.
  void Checkpoint(sqlite3* db, int mode);
  void Run() ABSL_LOCKS_EXCLUDED(mutex_);

  std::unique_ptr<Connection> connection_;  // Used only by the thread.
  const CheckpointPolicy policy_;
  absl::Mutex mutex_;
  bool due_ ABSL_GUARDED_BY(mutex_) = false;  // The log reached the threshold.
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::atomic<StoreObserver*> observer_{nullptr};
  std::thread thread_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_WAL_CHECKPOINTER_H_
