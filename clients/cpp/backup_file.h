// BackupFile: a backup written to a temporary file beside its destination
// and put in place only once it is whole and synced, so that the
// destination is never a partial backup.

#ifndef CHANCERY_CLIENTS_CPP_BACKUP_FILE_H_
#define CHANCERY_CLIENTS_CPP_BACKUP_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::cli {

class BackupFile {
 public:
  // Create makes the temporary file beside `path` (readable by its owner
  // only: a backup holds the database's secret). INTERNAL naming it when it
  // cannot.
  static absl::StatusOr<std::unique_ptr<BackupFile>> Create(const std::string& path);
  // Removes the temporary file unless Commit succeeded.
  ~BackupFile();
  BackupFile(const BackupFile&) = delete;
  BackupFile& operator=(const BackupFile&) = delete;

  absl::Status Append(absl::string_view bytes);
  uint64_t size() const { return size_; }

  // Commit syncs the file and gives it its name: replacing what is at the
  // path when `replace`, else ALREADY_EXISTS if something is there now.
  absl::Status Commit(bool replace);

 private:
  BackupFile(std::string path, std::string temporary, int fd)
      : path_(std::move(path)), temporary_(std::move(temporary)), fd_(fd) {}

  const std::string path_;
  const std::string temporary_;
  int fd_;
  uint64_t size_ = 0;
  bool committed_ = false;
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_BACKUP_FILE_H_
