#include "eventstore/sqlite/sqlite_backups.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/sqlite/event_rows.h"

namespace chancery::eventstore::sqlite {
namespace {

constexpr char kTemporarySuffix[] = ".tmp";

// Unlinks a file when the scope ends, however it ends.
class UnlinkAtExit {
 public:
  explicit UnlinkAtExit(std::string path) : path_(std::move(path)) {}
  ~UnlinkAtExit() { unlink(path_.c_str()); }
  UnlinkAtExit(const UnlinkAtExit&) = delete;
  UnlinkAtExit& operator=(const UnlinkAtExit&) = delete;

 private:
  const std::string path_;
};

absl::Status NoRoom(const std::string& database, absl::string_view detail) {
  return absl::ResourceExhaustedError(absl::StrCat(
      "sqlite:", database, ": no room beside the database for the backup's copy of it (it needs "
      "about as much free space as the database takes): ", detail));
}

absl::Status ErrnoError(const std::string& database, absl::string_view what) {
  const int error = errno;
  if (error == ENOSPC || error == EDQUOT) return NoRoom(database, std::strerror(error));
  return absl::UnavailableError(
      absl::StrCat("sqlite:", database, ": ", what, ": ", std::strerror(error)));
}

}  // namespace

absl::StatusOr<BackupSnapshot> SqliteBackups::TakeBackup() {
  // VACUUM INTO wants a new or empty file: mkstemps makes one of its own.
  std::string temporary = absl::StrCat(path_, ".backup-XXXXXX", kTemporarySuffix);
  const int created = mkstemps(temporary.data(), sizeof(kTemporarySuffix) - 1);
  if (created < 0) return ErrnoError(path_, "creating the backup's temporary file");
  close(created);
  const UnlinkAtExit unlink_at_exit(temporary);
  {
    ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_->Borrow());
    ASSIGN_OR_RETURN(Statement vacuum, reader->Prepare("VACUUM INTO ?1"));
    vacuum.BindText(1, temporary);
    if (absl::Status copied = vacuum.Run(); !copied.ok()) {
      if ((sqlite3_errcode(reader->handle()) & 0xff) == SQLITE_FULL) {
        return NoRoom(path_, sqlite3_errmsg(reader->handle()));
      }
      return copied;
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> copy,
                   Connection::Open(temporary, SQLITE_OPEN_READONLY));
  ASSIGN_OR_RETURN(ChainHead head, ReadHead(*copy));
  copy.reset();
  const int fd = open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(path_, "opening the backup's temporary file");
  struct stat info;
  if (fstat(fd, &info) != 0) {
    absl::Status error = ErrnoError(path_, "the backup's temporary file");
    close(fd);
    return error;
  }
  return BackupSnapshot(fd, static_cast<uint64_t>(info.st_size), head.position,
                        std::move(head.hash));
}

}  // namespace chancery::eventstore::sqlite
