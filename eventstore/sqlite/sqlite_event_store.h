// SqliteEventStore: the event log in one embedded SQLite database file.
//
// One writer thread owns the read-write connection and group-commits appends
// (see append_writer.h); reads run on a pool of read-only connections and
// never wait for the writer (WAL mode); a third thread copies the log back
// into the database file (wal_checkpointer.h). The file is locked against a
// second process opening it for writing.

#ifndef CHANCERY_EVENTSTORE_SQLITE_SQLITE_EVENT_STORE_H_
#define CHANCERY_EVENTSTORE_SQLITE_SQLITE_EVENT_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/durability.h"
#include "eventstore/event_store.h"
#include "eventstore/head_signal.h"
#include "eventstore/sqlite/append_writer.h"
#include "eventstore/sqlite/file_lock.h"
#include "eventstore/sqlite/reader_pool.h"
#include "eventstore/sqlite/sqlite_backups.h"
#include "eventstore/sqlite/sqlite_group_store.h"
#include "eventstore/sqlite/wal_checkpointer.h"
#include "eventstore/writability.h"

namespace chancery::eventstore::sqlite {

struct SqliteStoreOptions {
  std::string path;  // Created with the schema if missing; its directory must exist.
  Durability durability = Durability::kFull;
  CheckpointPolicy checkpoint;
  // The SQLite VFS every connection opens the files through; empty for
  // SyncTimingVfs (SQLite's default, its syncs timed). Not a chanceryd flag:
  // tests name one that fails on command (eventstore/testing/fault_vfs.h).
  std::string vfs;
};

class SqliteEventStore final : public EventStore {
 public:
  // Open opens or creates the database at `options.path`. An unusable path
  // (missing or read-only directory, a file that is not a Chancery database,
  // a newer schema, a corrupt file, a file in use) gets an error naming it.
  static absl::StatusOr<std::unique_ptr<SqliteEventStore>> Open(const SqliteStoreOptions& options);
  // Commits every append already submitted, then closes.
  ~SqliteEventStore() override;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(const StreamReadOptions& options) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadLog(const LogReadOptions& options) override;
  absl::StatusOr<size_t> ScanLog(
      uint64_t from_position, size_t max_count,
      const std::function<bool(const RecordedEventView&)>& visit) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadPositions(
      const std::vector<uint64_t>& positions) override;
  absl::StatusOr<RecordedEvent> ReadEvent(const std::string& event_id) override;
  absl::StatusOr<uint64_t> HeadPosition() override;
  absl::StatusOr<uint64_t> WaitForEvents(uint64_t after_position, absl::Time deadline) override;
  absl::StatusOr<VerifyResult> VerifyChain() override;
  const std::string& Secret() const override { return secret_; }
  void SetWritabilityListener(WritabilityListener listener) override;
  void SetObserver(StoreObserver* observer) override;
  GroupStore& Groups() override { return *groups_; }
  BackupSource* Backups() override { return &backups_; }

 private:
  SqliteEventStore(std::string path, std::string vfs, std::unique_ptr<FileLock> lock)
      : lock_(std::move(lock)), readers_(path, std::move(vfs)),
        backups_(std::move(path), &readers_) {}

  std::unique_ptr<FileLock> lock_;
  std::string secret_;
  HeadSignal head_signal_{0};
  Writability writability_;
  ReaderPool readers_;
  SqliteBackups backups_;
  std::unique_ptr<SqliteGroupStore> groups_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // Outlives the writer's commits.
  std::unique_ptr<AppendWriter> writer_;  // Destroyed first: it drains the queue.
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_SQLITE_EVENT_STORE_H_
