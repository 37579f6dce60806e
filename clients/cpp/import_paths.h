// The files one `chancery import` reads, from its arguments.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_PATHS_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_PATHS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace chancery::cli {

struct ImportPaths {
  std::vector<std::string> files;  // In import order; "-" is stdin.
  uint64_t total_bytes = 0;        // Their sizes on disk; 0 when stdin is one of them.
};

// ExpandImportPaths lists the files of `arguments` in order: a file as it is,
// a directory's regular files (hidden ones left out, not recursively) in name
// order. Errors: the errno status of an argument that cannot be read;
// NOT_FOUND for a directory with no file to import.
absl::StatusOr<ImportPaths> ExpandImportPaths(const std::vector<std::string>& arguments);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_PATHS_H_
