#include "clients/cpp/backup_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/file_sync.h"

namespace chancery::cli {
namespace {

constexpr char kSuffix[] = ".tmp";

absl::Status Failed(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<BackupFile>> BackupFile::Create(const std::string& path) {
  std::string temporary = absl::StrCat(path, ".XXXXXX", kSuffix);
  const int fd = mkstemps(temporary.data(), sizeof(kSuffix) - 1);
  if (fd < 0) return Failed("create a temporary file beside", path);
  return std::unique_ptr<BackupFile>(new BackupFile(path, std::move(temporary), fd));
}

BackupFile::~BackupFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(temporary_.c_str());
}

absl::Status BackupFile::Append(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = write(fd_, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return Failed("write", temporary_);
    bytes.remove_prefix(static_cast<size_t>(written));
    size_ += static_cast<uint64_t>(written);
  }
  return absl::OkStatus();
}

absl::Status BackupFile::Commit(bool replace) {
  if (fsync(fd_) != 0) return Failed("sync", temporary_);
  // Without `replace`, link refuses a path that exists, even one made since
  // the command started.
  if (replace ? rename(temporary_.c_str(), path_.c_str()) != 0
              : link(temporary_.c_str(), path_.c_str()) != 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(
          absl::StrCat(path_, " exists; give --force to replace it"));
    }
    return Failed("name the backup", path_);
  }
  committed_ = true;
  if (!replace) unlink(temporary_.c_str());
  return SyncDirectoryOf(path_);
}

}  // namespace chancery::cli
