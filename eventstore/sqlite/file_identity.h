// FileIdentity: which file a path named when the store opened it, to tell
// before each commit whether the path still names it.
//
// SQLite keeps writing to the files it has open: after the database, its
// write-ahead log or their directory is deleted, or a file is renamed or
// replaced by another, commits still succeed, into files that a restart no
// longer finds. SQLite's own check (SQLITE_FCNTL_HAS_MOVED) covers only the
// main database file and compares only the inode; this compares the device
// and inode of each file named at open with what its path names now.

#ifndef CHANCERY_EVENTSTORE_SQLITE_FILE_IDENTITY_H_
#define CHANCERY_EVENTSTORE_SQLITE_FILE_IDENTITY_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace chancery::eventstore::sqlite {

class FileIdentity {
 public:
  // Of records the files `paths` name now; an error if one is missing.
  // `store_path` names the store in errors.
  static absl::StatusOr<FileIdentity> Of(std::string store_path, std::vector<std::string> paths);

  // Check is OK while every path still names the file it named at Of, and
  // otherwise UNAVAILABLE naming the path that changed: the file was
  // deleted or replaced. A stat(2) per file.
  absl::Status Check() const;

 private:
  struct File {
    std::string path;
    dev_t device;
    ino_t inode;
  };
  FileIdentity(std::string store_path, std::vector<File> files)
      : store_path_(std::move(store_path)), files_(std::move(files)) {}

  std::string store_path_;
  std::vector<File> files_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_FILE_IDENTITY_H_
