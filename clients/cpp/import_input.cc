#include "clients/cpp/import_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace chancery::cli {

absl::StatusOr<std::unique_ptr<ImportInput>> OpenImportInput(const std::string& path) {
  if (path == "-") return OpenZlibInput(dup(STDIN_FILENO));
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("cannot read ", path));
  char magic[4] = {};
  const ssize_t got = pread(fd, magic, sizeof(magic), 0);
  if (got == 4 && std::memcmp(magic, "PK\3\4", 4) == 0) {
    close(fd);
    return OpenZipInput(path);
  }
  return OpenZlibInput(fd);
}

}  // namespace chancery::cli
