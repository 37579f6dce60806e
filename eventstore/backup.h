// Backups of a store whose database is one file (SQLite's), taken while it
// serves, and the checks a backup passes before it is served again.
//
// A PostgreSQL store has no such file: PostgreSQL's own pg_dump backs it up
// (README, "Backup and restore"), so it offers no BackupSource.
//
// Example:
//   BackupSource* source = store.Backups();
//   if (source == nullptr) return ...;  // Not a one-file store.
//   ASSIGN_OR_RETURN(BackupSnapshot backup, source->TakeBackup());
//   for (std::string chunk; ; ) { ASSIGN_OR_RETURN(chunk, backup.Read(1 << 20)); ... }

#ifndef CHANCERY_EVENTSTORE_BACKUP_H_
#define CHANCERY_EVENTSTORE_BACKUP_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

// BackupSnapshot: a consistent copy of the database, as it was at one
// moment, held open but already unlinked, so that nothing is left on disk
// once it is destroyed, however the process ends.
class BackupSnapshot {
 public:
  // Takes `fd`, open for reading at offset 0.
  BackupSnapshot(int fd, uint64_t size_bytes, uint64_t head_position, std::string head_hash)
      : fd_(fd), size_bytes_(size_bytes), head_position_(head_position),
        head_hash_(std::move(head_hash)) {}
  BackupSnapshot(BackupSnapshot&& other) noexcept;
  BackupSnapshot& operator=(BackupSnapshot&& other) noexcept;
  ~BackupSnapshot();

  // Read returns the next bytes of the copy, at most `max_bytes`; empty at
  // its end.
  absl::StatusOr<std::string> Read(size_t max_bytes);

  uint64_t size_bytes() const { return size_bytes_; }
  // The last record the copy holds (0 and 32 zero bytes for an empty log).
  uint64_t head_position() const { return head_position_; }
  const std::string& head_hash() const { return head_hash_; }

 private:
  int fd_;
  uint64_t size_bytes_;
  uint64_t head_position_;
  std::string head_hash_;
};

// BackupSource: what a one-file store offers besides EventStore.
class BackupSource {
 public:
  virtual ~BackupSource() = default;

  // TakeBackup copies the database as it is now into a temporary file beside
  // it (on the same disk), while appends and reads go on. A disk without
  // room for the copy is RESOURCE_EXHAUSTED; the temporary file never stays.
  virtual absl::StatusOr<BackupSnapshot> TakeBackup() = 0;
};

// CheckBackup checks the SQLite database at `path` (a backup, or a copy of
// one) before it is served: it walks the hash chain from position 1 to its
// last record, then runs SQLite's integrity check. A chain that breaks is a
// result (VerifyResult::first_bad_position); a record that cannot be read is
// DATA_LOSS naming the position after the last one verified, and a file that
// fails the integrity check is DATA_LOSS with SQLite's findings and the
// positions that verified. The file should be a private copy: one of an
// older schema version is migrated to this build's first; nothing else is
// written.
absl::StatusOr<VerifyResult> CheckBackup(const std::string& path);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_BACKUP_H_
