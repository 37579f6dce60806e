// Making a new file name durable: after a rename or link, the directory that
// holds the name must be synced too, or a crash can lose the name.

#ifndef CHANCERY_COMMON_FILE_SYNC_H_
#define CHANCERY_COMMON_FILE_SYNC_H_

#include <string>

#include "absl/status/status.h"

namespace chancery {

// SyncDirectoryOf syncs the directory that holds `path` (the working
// directory for a bare name). INTERNAL naming the directory when it cannot.
absl::Status SyncDirectoryOf(const std::string& path);

}  // namespace chancery

#endif  // CHANCERY_COMMON_FILE_SYNC_H_
