#include "eventstore/sqlite/file_identity.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace chancery::eventstore::sqlite {

absl::StatusOr<FileIdentity> FileIdentity::Of(std::string store_path,
                                              std::vector<std::string> paths) {
  std::vector<File> files;
  files.reserve(paths.size());
  for (std::string& path : paths) {
    struct stat info;
    if (stat(path.c_str(), &info) != 0) {
      return absl::FailedPreconditionError(absl::StrCat("sqlite:", store_path, ": cannot stat ",
                                                        path, ": ", std::strerror(errno)));
    }
    files.push_back({std::move(path), info.st_dev, info.st_ino});
  }
  return FileIdentity(std::move(store_path), std::move(files));
}

absl::Status FileIdentity::Check() const {
  for (const File& file : files_) {
    struct stat info;
    if (stat(file.path.c_str(), &info) == 0 && info.st_dev == file.device &&
        info.st_ino == file.inode) {
      continue;
    }
    return absl::UnavailableError(absl::StrCat(
        "sqlite:", store_path_, ": the database file ", file.path,
        " was deleted or replaced since the store opened it; nothing is committed until it is "
        "back or the store is opened again (restart chanceryd)"));
  }
  return absl::OkStatus();
}

}  // namespace chancery::eventstore::sqlite
