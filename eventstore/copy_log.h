// CopyLog: moves a whole log into another store as it is (positions,
// recorded times, hashes), so that a log that grew on SQLite need not be
// recorded again to run on PostgreSQL. See postgresql/log_copy.h.

#ifndef CHANCERY_EVENTSTORE_COPY_LOG_H_
#define CHANCERY_EVENTSTORE_COPY_LOG_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

struct CopyResult {
  uint64_t already_there = 0;  // Records the destination held before (a copy resumed).
  uint64_t copied = 0;         // Records this copy added.
  std::string head_hash;       // The destination's head hash afterwards.
};

// CopyLog copies `source` into the store at `destination_uri`, which must be
// a postgresql:// URI (INVALID_ARGUMENT otherwise), calling `progress` with
// the destination's head as it grows.
absl::StatusOr<CopyResult> CopyLog(EventStore& source, absl::string_view destination_uri,
                                   const std::function<void(uint64_t head)>& progress);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_COPY_LOG_H_
