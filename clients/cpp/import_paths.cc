#include "clients/cpp/import_paths.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace chancery::cli {
namespace fs = std::filesystem;

absl::StatusOr<ImportPaths> ExpandImportPaths(const std::vector<std::string>& arguments) {
  ImportPaths paths;
  bool size_known = true;
  for (const std::string& argument : arguments) {
    if (argument == "-") {
      paths.files.push_back(argument);
      size_known = false;
      continue;
    }
    std::error_code error;
    const bool is_directory = fs::is_directory(argument, error);
    std::vector<std::string> files;
    if (is_directory) {
      for (fs::directory_iterator it(argument, error), end; !error && it != end;
           it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name[0] != '.' && it->is_regular_file()) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
      if (!error && files.empty()) {
        return absl::NotFoundError(absl::StrCat(
            argument, " is a directory with no files to import (hidden files and subdirectories "
                      "are left out)"));
      }
    } else if (!error) {
      files.push_back(argument);
    }
    if (error) return absl::ErrnoToStatus(error.value(), absl::StrCat("cannot read ", argument));
    for (std::string& file : files) {
      const uintmax_t size = fs::file_size(file, error);
      if (error) return absl::ErrnoToStatus(error.value(), absl::StrCat("cannot read ", file));
      paths.total_bytes += size;
      paths.files.push_back(std::move(file));
    }
  }
  if (!size_known) paths.total_bytes = 0;
  return paths;
}

}  // namespace chancery::cli
