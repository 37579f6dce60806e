// How hard a backend works to keep an acknowledged append.

#ifndef CHANCERY_EVENTSTORE_DURABILITY_H_
#define CHANCERY_EVENTSTORE_DURABILITY_H_

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace chancery::eventstore {

enum class Durability {
  // An acknowledged append survives power loss: every commit is synced.
  kFull,
  // An acknowledged append survives a crash of the process, not of the
  // machine: commits reach the OS, and are synced at checkpoints.
  kNormal,
};

// ParseDurability reads "full" or "normal".
absl::StatusOr<Durability> ParseDurability(absl::string_view text);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_DURABILITY_H_
