// What the offline tools (chancery-migrate, chancery-restore) share: their
// --from and --to flags, and how an error ends them.

#ifndef CHANCERY_SERVICES_MIGRATE_OFFLINE_TOOL_H_
#define CHANCERY_SERVICES_MIGRATE_OFFLINE_TOOL_H_

#include <optional>
#include <string>

#include "absl/status/status.h"

namespace chancery::offline {

struct Tool {
  const char* name;   // "chancery-migrate", the start of its error lines.
  const char* usage;  // --help's text, which ends with the exit codes.
};

struct FromTo {
  std::string from;
  std::string to;
};

// ParseFromTo reads `argv`'s --from=... and --to=... (both needed) into
// `flags`. Returns the exit code when the tool ends here: 0 after --help, 2
// after a bad or missing flag (said on stderr, with the usage).
std::optional<int> ParseFromTo(const Tool& tool, int argc, char** argv, FromTo& flags);

// Fail says `status`'s message on stderr and returns its exit code: 3 for
// UNAVAILABLE (a database that cannot be reached), 2 for INVALID_ARGUMENT
// and FAILED_PRECONDITION (a bad flag, a store that cannot be used), else 1.
int Fail(const Tool& tool, const absl::Status& status);

}  // namespace chancery::offline

#endif  // CHANCERY_SERVICES_MIGRATE_OFFLINE_TOOL_H_
