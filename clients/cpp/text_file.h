// Whole small text files (checkpoints, proofs, keys' paths) read and written
// at once.

#ifndef CHANCERY_CLIENTS_CPP_TEXT_FILE_H_
#define CHANCERY_CLIENTS_CPP_TEXT_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::cli {

// ReadTextFile is the content of `path`; INVALID_ARGUMENT naming it when it
// cannot be read.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// WriteTextFile replaces `path` with `text`; INTERNAL naming it on failure.
absl::Status WriteTextFile(const std::string& path, absl::string_view text);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_TEXT_FILE_H_
