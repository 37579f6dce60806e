#include "eventstore/backup.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace chancery::eventstore {

BackupSnapshot::BackupSnapshot(BackupSnapshot&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_bytes_(other.size_bytes_),
      head_position_(other.head_position_), head_hash_(std::move(other.head_hash_)) {}

BackupSnapshot& BackupSnapshot::operator=(BackupSnapshot&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_bytes_ = other.size_bytes_;
    head_position_ = other.head_position_;
    head_hash_ = std::move(other.head_hash_);
  }
  return *this;
}

BackupSnapshot::~BackupSnapshot() {
  if (fd_ >= 0) close(fd_);
}

absl::StatusOr<std::string> BackupSnapshot::Read(size_t max_bytes) {
  std::string bytes(max_bytes, '\0');
  size_t filled = 0;
  while (filled < max_bytes) {
    const ssize_t got = read(fd_, bytes.data() + filled, max_bytes - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::UnavailableError(
          absl::StrCat("reading the backup's temporary copy: ", std::strerror(errno)));
    }
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  bytes.resize(filled);
  return bytes;
}

}  // namespace chancery::eventstore
