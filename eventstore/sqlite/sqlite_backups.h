// SqliteBackups: the SQLite store's backups, taken while it serves.
//
// SQLite's VACUUM INTO, run on one of the store's read connections, writes a
// consistent copy of the database as one read transaction sees it (in WAL
// mode the writer goes on meanwhile) into a temporary file beside it; the
// copy is opened, its head read, and the file unlinked at once.

#ifndef CHANCERY_EVENTSTORE_SQLITE_SQLITE_BACKUPS_H_
#define CHANCERY_EVENTSTORE_SQLITE_SQLITE_BACKUPS_H_

#include <string>

#include "eventstore/backup.h"
#include "eventstore/sqlite/reader_pool.h"

namespace chancery::eventstore::sqlite {

class SqliteBackups final : public BackupSource {
 public:
  // Copies the database at `path` through `readers` (which outlive this).
  SqliteBackups(std::string path, ReaderPool* readers)
      : path_(std::move(path)), readers_(readers) {}

  absl::StatusOr<BackupSnapshot> TakeBackup() override;

 private:
  const std::string path_;
  ReaderPool* const readers_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_SQLITE_BACKUPS_H_
